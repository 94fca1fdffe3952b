/* analysis-geometry.c — the geometry measures of Section 4 (docs/theory.md, section 5): density φ, diagonal share ρ_diag,
 * eigenvalue concentration λ_max/λ̄, the improvement ratio R(x) (Eq. 12) and
 * its lower bound (Eq. 13).
 *
 * The ratios are scale invariant, so they are computed on inputs divided by
 * their largest magnitude: nothing overflows or underflows on the way.
 */
#include "core/steepest-private.h"
#include "induced/operator-private.h"

#include <steepest/steepest.h>

#include <float.h>
#include <math.h>

int
steepest_analysis_density(size_t n, const double *z, double *phi)
{
    const char *fn = "steepest_analysis_density";
    if (z == NULL || phi == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn, z == NULL ? "z" : "phi");
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n must be at least 1", fn);
    int rc = steepest_check_finite("z", n, z);
    if (rc != STEEPEST_OK)
        return rc;
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(z[i]) > m)
            m = fabs(z[i]);
    if (m == 0)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: φ(z) = ‖z‖₁²/(d‖z‖₂²) is undefined for z = 0", fn);
    double s1 = 0, s2 = 0; /* of u = z/m: s1 <= n, s2 >= 1 */
    for (size_t i = 0; i < n; i++) {
        double u = fabs(z[i]) / m;
        s1 += u;
        s2 += u * u;
    }
    double v = (s1 / (double) n) * (s1 / s2);
    /* Rounding may leave v a hair outside [1/d, 1], where it provably lies. */
    if (v > 1.0)
        v = 1.0;
    if (v < 1.0 / (double) n)
        v = 1.0 / (double) n;
    *phi = v;
    return STEEPEST_OK;
}

static int
check_matrix(const char *fn, size_t n, const double *H, double *max_abs)
{
    if (H == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: H is NULL", fn);
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n must be at least 1", fn);
    double m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double h = H[i * n + j];
            if (!isfinite(h))
                return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: H[%zu][%zu] is %s", fn, i, j,
                                     isnan(h) ? "NaN" : (h > 0 ? "+Inf" : "-Inf"));
            if (fabs(h) > m)
                m = fabs(h);
        }
    if (m == 0)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: H is zero; the measure is undefined", fn);
    *max_abs = m;
    return STEEPEST_OK;
}

int
steepest_analysis_rho_diag(size_t n, const double *H, double *rho)
{
    const char *fn = "steepest_analysis_rho_diag";
    double m = 0;
    if (rho == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: rho is NULL", fn);
    int rc = check_matrix(fn, n, H, &m);
    if (rc != STEEPEST_OK)
        return rc;
    double diag = 0, all = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double u = fabs(H[i * n + j]) / m;
            all += u;
            if (i == j)
                diag += u;
        }
    *rho = diag / all;
    return STEEPEST_OK;
}

int
steepest_analysis_eigen_ratio(size_t n, const double *H, double *ratio, double *lambda_max,
                              double *lambda_mean)
{
    const char *fn = "steepest_analysis_eigen_ratio";
    double m = 0;
    if (ratio == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: ratio is NULL", fn);
    int rc = check_matrix(fn, n, H, &m);
    if (rc != STEEPEST_OK)
        return rc;
    double *w = g_try_new(double, n);
    if (w == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: cannot allocate %zu doubles", fn, n);
    rc = steepest_matrix_sym_eigenvalues(n, H, w);
    if (rc != STEEPEST_OK) {
        g_free(w);
        return rc;
    }
    double lmin = w[0], lmax = w[n - 1];
    g_free(w);
    /* Same rounding allowance as steepest_matrix_is_psd(). */
    double big = fmax(fabs(lmin), fabs(lmax));
    if (lmin < -64.0 * (double) n * DBL_EPSILON * big)
        return steepest_fail(STEEPEST_ERROR_NOT_PSD,
                             "%s: H is not positive semidefinite (λ_min = %g); λ_max/λ̄ needs PSD H", fn,
                             lmin);
    /* λ̄ = trace/d, computed on H/m so the sum cannot overflow. */
    double trace = 0;
    for (size_t i = 0; i < n; i++)
        trace += H[i * n + i] / m;
    double mean_scaled = trace / (double) n;
    if (!(mean_scaled > 0))
        return steepest_fail(STEEPEST_ERROR_NOT_PSD, "%s: the mean eigenvalue of H is not positive", fn);
    double r = (lmax / m) / mean_scaled;
    /* λ_max/λ̄ ∈ [1, d] for PSD H; clamp the rounding. */
    if (r < 1.0)
        r = 1.0;
    if (r > (double) n)
        r = (double) n;
    *ratio = r;
    if (lambda_max != NULL)
        *lambda_max = lmax;
    if (lambda_mean != NULL)
        *lambda_mean = mean_scaled * m;
    return STEEPEST_OK;
}

static int
check_L_arg(const char *fn, const char *name, double L)
{
    if (!isfinite(L))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: %s is %s", fn, name,
                             isnan(L) ? "NaN" : "infinite");
    if (!(L > 0))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s must be positive, got %g", fn, name, L);
    return STEEPEST_OK;
}

int
steepest_analysis_improvement_ratio(size_t n, const double *g, double L2, double L_inf, double *ratio)
{
    const char *fn = "steepest_analysis_improvement_ratio";
    if (ratio == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: ratio is NULL", fn);
    int rc;
    if ((rc = check_L_arg(fn, "L2", L2)) != STEEPEST_OK ||
        (rc = check_L_arg(fn, "L_inf", L_inf)) != STEEPEST_OK)
        return rc;
    double phi;
    if ((rc = steepest_analysis_density(n, g, &phi)) != STEEPEST_OK)
        return rc;
    *ratio = phi * (double) n * (L2 / L_inf);
    return STEEPEST_OK;
}

int
steepest_analysis_improvement_ratio_bound(size_t n, const double *H, const double *g, double *bound)
{
    const char *fn = "steepest_analysis_improvement_ratio_bound";
    if (bound == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: bound is NULL", fn);
    double phi, rho, conc;
    int rc;
    if ((rc = steepest_analysis_density(n, g, &phi)) != STEEPEST_OK ||
        (rc = steepest_analysis_rho_diag(n, H, &rho)) != STEEPEST_OK ||
        (rc = steepest_analysis_eigen_ratio(n, H, &conc, NULL, NULL)) != STEEPEST_OK)
        return rc;
    *bound = rho * conc * phi;
    return STEEPEST_OK;
}

int
steepest_analysis_rho_diag_operator(const SteepestOperator *op, double *rho)
{
    const char *fn = "steepest_analysis_rho_diag_operator";
    if (op == NULL || rho == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             op == NULL ? "op" : "rho");
    if (steepest_operator_kind(op) == STEEPEST_OPERATOR_DENSE) {
        size_t n = steepest_operator_dim(op);
        return steepest_analysis_rho_diag(n, steepest_operator_dense_matrix(op), rho);
    }
    double diag = 0, all = 0;
    int rc = steepest_operator_entry_sums(op, NULL, &all, NULL, &diag, NULL);
    if (rc != STEEPEST_OK)
        return rc;
    if (all == 0)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: H is zero; the measure is undefined", fn);
    *rho = diag / all;
    return STEEPEST_OK;
}

/* ---- λ_max/λ̄ and Eq. 13 for sparse and matrix-free operators --------------
 * λ̄ = trace/n and ρ_diag come exactly from the diagonal and the entry sums
 * (n products for a callback); λ_max is bracketed by the largest Ritz value
 * (attained) and Gershgorin's max row sum (certified), tightened to the trace
 * when H is proved PSD. */

typedef struct {
    double lo, hi, lmax, mean, rho;
    int exact, certified, diag_nonneg;
} EigenRatio;

static int
eigen_ratio_of(const char *fn, const SteepestOperator *op, const SteepestInducedOptions *opts, EigenRatio *e)
{
    size_t n = op->n;
    if (!steepest_operator_has_entries(op) && n > STEEPEST_OPERATOR_COLUMN_LIMIT)
        return steepest_fail(STEEPEST_ERROR_UNSUPPORTED,
                             "%s: the exact trace of a matrix-free operator takes n "
                             "products e_i'He_i, and n = %zu is above STEEPEST_OPERATOR_COLUMN_LIMIT = %d "
                             "(steepest_operator_probes estimates it)",
                             fn, n, STEEPEST_OPERATOR_COLUMN_LIMIT);
    SteepestSymmetricOperator sym;
    SteepestOperatorSums s;
    int psd = 1, proved = 0;
    double lmin_up = 0, lmax = 0;
    int rc = steepest_operator_symmetric(fn, op, &sym);
    if (rc == STEEPEST_OK)
        rc = steepest_operator_sums(sym.op, &s);
    if (rc == STEEPEST_OK && s.max_abs == 0)
        rc = steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: H is zero; the measure is undefined", fn);
    if (rc == STEEPEST_OK)
        rc = steepest_operator_is_psd(sym.op, opts, &psd, NULL, &lmin_up, &proved, NULL);
    if (rc == STEEPEST_OK && !psd)
        rc = steepest_fail(STEEPEST_ERROR_NOT_PSD,
                           "%s: H is not positive semidefinite (a vector has Rayleigh "
                           "quotient %g); λ_max/λ̄ needs PSD H",
                           fn, lmin_up);
    if (rc == STEEPEST_OK && !(s.trace > 0))
        rc = steepest_fail(STEEPEST_ERROR_NOT_PSD, "%s: the mean eigenvalue of H is not positive", fn);
    if (rc == STEEPEST_OK)
        rc = steepest_operator_extreme_eigenvalues(sym.op, opts, NULL, &lmax, NULL, NULL);
    steepest_operator_symmetric_free(&sym);
    if (rc != STEEPEST_OK)
        return rc;
    double mean = s.trace / (double) n, slack = 1.0 + 2.0 * ((double) n + 2.0) * DBL_EPSILON;
    e->exact = n <= STEEPEST_OPERATOR_DENSE_EIG_MAX; /* λ_max from the matrix of n products */
    double up = s.max_row;
    if (proved)
        up = fmin(up, s.trace); /* λ_max <= Σ λ_i for PSD H */
    e->lo = fmax(1.0, lmax / mean);
    e->hi = e->exact ? e->lo : fmax(e->lo, up / mean * slack);
    if (proved || e->exact) {
        e->lo = fmin(e->lo, (double) n);
        e->hi = fmin(e->hi, (double) n);
    }
    e->lmax = lmax;
    e->mean = mean;
    e->rho = s.diag / s.sum_abs;
    e->certified = op->kind != STEEPEST_OPERATOR_GRADIENT;
    e->diag_nonneg = s.min_diag >= 0;
    return STEEPEST_OK;
}

int
steepest_analysis_eigen_ratio_operator(const SteepestOperator *op, const SteepestInducedOptions *opts,
                                       double *lower, double *upper, int *certified, double *lambda_max,
                                       double *lambda_mean)
{
    const char *fn = "steepest_analysis_eigen_ratio_operator";
    if (op == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: op is NULL", fn);
    EigenRatio e = { 0 };
    int rc;
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        rc = steepest_analysis_eigen_ratio(op->n, op->H, &e.lo, &e.lmax, &e.mean);
        e.hi = e.lo;
        e.certified = 1;
    } else {
        rc = eigen_ratio_of(fn, op, opts, &e);
    }
    if (rc != STEEPEST_OK)
        return rc;
    if (lower != NULL)
        *lower = e.lo;
    if (upper != NULL)
        *upper = e.hi;
    if (certified != NULL)
        *certified = e.certified;
    if (lambda_max != NULL)
        *lambda_max = e.lmax;
    if (lambda_mean != NULL)
        *lambda_mean = e.mean;
    return STEEPEST_OK;
}

int
steepest_analysis_improvement_ratio_bound_operator(const SteepestOperator *op, const double *g,
                                                   const SteepestInducedOptions *opts, double *bound,
                                                   int *exact, int *certified)
{
    const char *fn = "steepest_analysis_improvement_ratio_bound_operator";
    if (op == NULL || bound == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             op == NULL ? "op" : "bound");
    int rc, ex = 1, cert = 1;
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        rc = steepest_analysis_improvement_ratio_bound(op->n, op->H, g, bound);
    } else {
        double phi;
        EigenRatio e = { 0 };
        if ((rc = steepest_analysis_density(op->n, g, &phi)) == STEEPEST_OK &&
            (rc = eigen_ratio_of(fn, op, opts, &e)) == STEEPEST_OK) {
            /* The lower end of λ_max/λ̄: at most Eq. 13's value, so still below R(x). */
            *bound = e.rho * e.lo * phi;
            ex = e.exact;
            cert = e.certified && e.diag_nonneg;
        }
    }
    if (rc != STEEPEST_OK)
        return rc;
    if (exact != NULL)
        *exact = ex;
    if (certified != NULL)
        *certified = cert;
    return STEEPEST_OK;
}
