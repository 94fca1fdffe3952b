/* operator-bounds.c — the induced norms of a symmetric operator as intervals.
 *
 * Dense operators go to the dense kernels (one implementation).  For CSR and
 * matrix-free operators:
 *   ℓ2: Ritz values from Lanczos (lower), Gershgorin ‖H‖_∞ (CSR, certified) or
 *       the residual bound (matrix-free, assumption stated in the header);
 *   ℓ∞: sign vectors found by Rademacher probes polished by alternating
 *       x ← sign(H sign(Hx)) (lower), Σ|H_ij| (upper, certified);
 *   ℓ1: max|H_ij| (exact).
 * Upper bounds computed in floating point are inflated by a bound on their
 * own summation error, (m + 1)·ε relative for m terms, so they stay upper
 * bounds of the exact quantity. */
#include "induced/operator-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define DEFAULT_PROBES 32
#define POLISH_STEPS 64

static double
inflate(double value, double terms)
{
    return value * (1.0 + (terms + 1.0) * DBL_EPSILON);
}

static double
stored_terms(const SteepestOperator *op)
{
    return op->kind == STEEPEST_OPERATOR_CSR ? (double) op->csr->nnz : (double) op->n * (double) op->n;
}

int
steepest_operator_spectral_norm(const SteepestOperator *op, const SteepestInducedOptions *opts, double *lower,
                                double *upper, int *certified, const char **method)
{
    int rc = steepest_operator_check("steepest_operator_spectral_norm", op);
    if (rc != STEEPEST_OK)
        return rc;
    double lo, up;
    const char *how;
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        SteepestPluginInducedQuery q;
        SteepestPluginInducedResult r = { sizeof r, 0, 0, 0, NULL };
        steepest_induced_query_from_options(opts, &q);
        rc = steepest_matrix_spectral_query(op->n, op->H, &q, &r);
        if (rc != STEEPEST_OK)
            return rc;
        lo = r.lower;
        up = r.upper;
        how = r.method;
    } else {
        double lmin = 0, lmax, rmin = 0, rmax, row = 0, gersh = -1;
        if (op->kind == STEEPEST_OPERATOR_CSR)
            steepest_operator_entry_sums(op, NULL, NULL, &row, NULL, &gersh);
        /* PSD certified by Gershgorin: ‖H‖₂ = λ_max, no smallest eigenvalue needed. */
        if (gersh >= 0 && op->n > STEEPEST_OPERATOR_DENSE_EIG_MAX)
            rc = steepest_operator_lanczos_max(op, opts, &lmax, &rmax);
        else
            rc = steepest_operator_extreme_eigenvalues(op, opts, &lmin, &lmax, &rmin, &rmax);
        if (rc != STEEPEST_OK)
            return rc;
        lo = fmax(fabs(lmin), fabs(lmax));
        if (op->kind == STEEPEST_OPERATOR_CSR) {
            up = inflate(row, (double) op->n);
            how = "Lanczos Ritz values (ARPACK); upper: Gershgorin max_i sum_j |H_ij|, certified";
        } else {
            up = fmax(lmax + rmax, rmin - lmin);
            how = "Lanczos Ritz values (ARPACK); upper: Ritz value + residual, assumes Lanczos found the "
                  "extreme "
                  "eigenvalues (not certified)";
        }
        if (op->n <= STEEPEST_OPERATOR_DENSE_EIG_MAX)
            how = op->kind == STEEPEST_OPERATOR_CSR ? "eigenvalues of the expanded matrix (dsyevd); upper: "
                                                      "Gershgorin, certified"
                                                    : "eigenvalues of the matrix from n products (dsyevd)";
        up = fmax(up, lo);
    }
    if (lower != NULL)
        *lower = lo;
    if (upper != NULL)
        *upper = up;
    if (certified != NULL)
        *certified = op->kind == STEEPEST_OPERATOR_DENSE || op->kind == STEEPEST_OPERATOR_CSR ||
                     (op->kind == STEEPEST_OPERATOR_CALLBACK && op->n <= STEEPEST_OPERATOR_DENSE_EIG_MAX);
    if (method != NULL)
        *method = how;
    return STEEPEST_OK;
}

/* ---- probes ------------------------------------------------------------------ */

typedef struct {
    double best_abs, best_quad, sum, sumsq;
} Probes;

/* Draws `count` sign vectors; with polish, each is improved by alternating
 * x ← sign(Hx) (for symmetric H, ‖H x'‖₁ >= x ᵀ H x' = ‖Hx‖₁: never worse).
 * xbest (may be NULL) receives the best sign vector. */
static int
run_probes(const SteepestOperator *op, unsigned count, uint64_t seed, gboolean polish, Probes *P,
           double *xbest)
{
    size_t n = op->n;
    double *z = g_try_new(double, n), *hz = g_try_new(double, n);
    int rc =
        z && hz ? STEEPEST_OK : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "probes: out of memory (n = %zu)", n);
    uint64_t s = seed ^ 0xbb67ae8584caa73bULL;
    memset(P, 0, sizeof *P);
    P->best_quad = -INFINITY;
    for (unsigned p = 0; p < count && rc == STEEPEST_OK; p++) {
        for (size_t i = 0; i < n; i++)
            z[i] = induced_rng_next(&s) >> 63 ? 1.0 : -1.0;
        rc = steepest_operator_apply_shifted(op, 0, 0.0, z, hz);
        if (rc != STEEPEST_OK)
            break;
        double quad = steepest_vec_dot(n, z, hz), abs = steepest_vec_asum(n, hz);
        P->sum += quad;
        P->sumsq += quad * quad;
        for (int step = 0; polish && step < POLISH_STEPS; step++) {
            gboolean moved = FALSE;
            for (size_t i = 0; i < n; i++) {
                double si = hz[i] > 0.0 ? 1.0 : hz[i] < 0.0 ? -1.0 : z[i];
                moved |= si != z[i];
                z[i] = si;
            }
            if (!moved)
                break;
            rc = steepest_operator_apply_shifted(op, 0, 0.0, z, hz);
            if (rc != STEEPEST_OK)
                break;
            double a = steepest_vec_asum(n, hz);
            quad = fmax(quad, steepest_vec_dot(n, z, hz));
            if (!(a > abs * (1.0 + 1e-15))) {
                abs = fmax(abs, a);
                break;
            }
            abs = a;
        }
        if ((p == 0 || abs > P->best_abs) && xbest != NULL)
            memcpy(xbest, z, n * sizeof *z);
        P->best_abs = fmax(P->best_abs, abs);
        P->best_quad = fmax(P->best_quad, quad);
    }
    g_free(z);
    g_free(hz);
    return rc;
}

int
steepest_operator_probes(const SteepestOperator *op, unsigned count, uint64_t seed, double *abs_lower,
                         double *quad_lower, double *trace, double *trace_stderr)
{
    int rc = steepest_operator_check("steepest_operator_probes", op);
    if (rc != STEEPEST_OK)
        return rc;
    if (count == 0)
        count = DEFAULT_PROBES;
    Probes P;
    rc = run_probes(op, count, seed, FALSE, &P, NULL);
    if (rc != STEEPEST_OK)
        return rc;
    double mean = P.sum / count;
    double var = count > 1 ? fmax(0.0, (P.sumsq - count * mean * mean) / (count - 1)) : 0.0;
    if (abs_lower != NULL)
        *abs_lower = P.best_abs;
    if (quad_lower != NULL)
        *quad_lower = P.best_quad;
    if (trace != NULL)
        *trace = mean;
    if (trace_stderr != NULL)
        *trace_stderr = sqrt(var / count);
    return STEEPEST_OK;
}

int
steepest_operator_inf1_local_search(const SteepestOperator *op, uint64_t seed, unsigned restarts,
                                    double *value, double *x)
{
    const char *fn = "steepest_operator_inf1_local_search";
    int rc = steepest_operator_check(fn, op);
    if (rc != STEEPEST_OK)
        return rc;
    if (value == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: value is NULL", fn);
    if (op->kind == STEEPEST_OPERATOR_DENSE)
        return steepest_matrix_inf1_local_search(op->n, op->H, seed, restarts, value, x);
    if (restarts == 0)
        restarts = 16;
    if (op->kind == STEEPEST_OPERATOR_CSR) {
        size_t row = 0;
        gboolean symmetric = steepest_csr_find_asymmetry(op->csr, 0.0, &row) < 0;
        SteepestCsr *T = symmetric ? NULL : steepest_csr_transpose(op->csr);
        if (!symmetric && T == NULL)
            return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory for Hᵀ (nnz = %zu)", fn,
                                 op->csr->nnz);
        SteepestRows A = steepest_csr_rows(op->csr), At = symmetric ? A : steepest_csr_rows(T);
        rc = steepest_rows_local_search(&A, &At, seed, restarts, value, x);
        steepest_csr_free(T);
        return rc;
    }
    /* Products only: polished probes; the value of the best x is recomputed
     * so that it is the value of the vector returned. */
    size_t n = op->n;
    double *xb = g_try_new(double, n), *hx = g_try_new(double, n);
    Probes P;
    rc = xb != NULL && hx != NULL
             ? run_probes(op, restarts, seed, TRUE, &P, xb)
             : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory (n = %zu)", fn, n);
    if (rc == STEEPEST_OK)
        rc = steepest_operator_apply_shifted(op, 0, 0.0, xb, hx);
    if (rc == STEEPEST_OK) {
        *value = steepest_vec_asum(n, hx);
        if (x != NULL)
            memcpy(x, xb, n * sizeof *x);
    }
    g_free(xb);
    g_free(hx);
    return rc;
}

/* ---- ℓ∞ -------------------------------------------------------------------- */

/* The SDP is skipped when one mixing sweep (2·nnz·k flops) exceeds this. */
#define CSR_SDP_SWEEP_MAX 4e7

/* CSR: the row-generic local search and SDP rounding (shared with the dense
 * path), Σ|H_ij|, and for PSD H (certified by Gershgorin) L_sep, whose
 * certificate is a Cholesky on a dense copy up to n = 4096 (lsep.c). */
static int
csr_inf1(const SteepestOperator *op, const SteepestPluginInducedQuery *q, double *lower, double *upper,
         const char **method)
{
    const SteepestCsr *csr = op->csr;
    size_t row = 0;
    /* Not exactly symmetric (within the reader's tolerance, say): the search
     * needs Hᵀ by rows, and only the bipartite SDP applies. */
    gboolean symmetric = steepest_csr_find_asymmetry(csr, 0.0, &row) < 0;
    SteepestCsr *T = NULL;
    if (!symmetric && (T = steepest_csr_transpose(csr)) == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY,
                             "steepest_operator_inf1: out of memory for Hᵀ (nnz = %zu)", csr->nnz);
    double gersh = -1;
    steepest_operator_entry_sums(op, NULL, NULL, NULL, NULL, &gersh);
    SteepestRows rows = steepest_csr_rows(csr), trows = symmetric ? rows : steepest_csr_rows(T);
    gboolean psd = symmetric && gersh >= 0;
    int sdp =
        2.0 * (double) csr->nnz * (double) steepest_sdp_rank(psd ? csr->n : 2 * csr->n) <= CSR_SDP_SWEEP_MAX;
    SteepestPluginInducedResult r = { sizeof r, 0, 0, 0, NULL };
    int rc = steepest_rows_inf1_bounds(&rows, &trows, psd ? &rows : NULL, 0.0, sdp, 0.0, q, &r);
    steepest_csr_free(T);
    if (rc != STEEPEST_OK)
        return rc;
    *lower = r.lower;
    *upper = r.upper;
    *method =
        sdp ? (psd ? "CSR: local search (O(degree) per flip), SDP rounding (mixing method, O(nnz k) per "
                     "sweep); upper: min(sum |H_ij|, L_sep), certified"
                   : "CSR: local search (O(degree) per flip), SDP rounding; upper: min(sum |H_ij|, "
                     "bipartite SDP), certified")
            : "CSR: local search (O(degree) per flip); upper: sum |H_ij|, certified (SDP skipped: too large)";
    if (!symmetric)
        *method =
            sdp ? "CSR, not exactly symmetric: local search on H and its transpose, bipartite SDP rounding; "
                  "upper: min(sum |H_ij|, bipartite SDP), certified"
                : "CSR, not exactly symmetric: local search on H and its transpose; upper: sum |H_ij|, "
                  "certified";
    return STEEPEST_OK;
}

int
steepest_operator_inf1(const SteepestOperator *op, const SteepestInducedOptions *opts, double *lower,
                       double *upper, int *exact, int *certified, const char **method)
{
    int rc = steepest_operator_check("steepest_operator_inf1", op);
    if (rc != STEEPEST_OK)
        return rc;
    SteepestPluginInducedQuery q;
    steepest_induced_query_from_options(opts, &q);
    double lo = 0, up = 0;
    int ex = 0, cert = 1;
    const char *how = NULL;
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        rc = steepest_matrix_inf1(op->n, op->H, opts, &lo, &up, &ex, &how);
        if (rc != STEEPEST_OK)
            return rc;
    } else {
        if (q.mode == STEEPEST_INDUCED_EXACT)
            return steepest_fail(STEEPEST_ERROR_UNSUPPORTED,
                                 "steepest_operator_inf1: exact ||H||_inf,1 needs a "
                                 "dense matrix (enumeration); sparse and matrix-free operators get bounds");
        Probes P;
        unsigned count = q.restarts ? q.restarts : DEFAULT_PROBES;
        rc = op->kind == STEEPEST_OPERATOR_CSR ? csr_inf1(op, &q, &lo, &up, &how)
                                               : run_probes(op, count, q.seed, TRUE, &P, NULL);
        if (rc != STEEPEST_OK)
            return rc;
        if (op->kind != STEEPEST_OPERATOR_CSR) {
            lo = P.best_abs;
            how = "lower: Rademacher probes + alternating sign(Hx); upper: sum |H_ij|, certified";
        }
        if (op->kind == STEEPEST_OPERATOR_CSR) {
            /* bounds from csr_inf1 */
        } else if (op->n <= STEEPEST_OPERATOR_COLUMN_LIMIT) {
            double sum;
            rc = steepest_operator_entry_sums(op, NULL, &sum, NULL, NULL, NULL);
            if (rc != STEEPEST_OK)
                return rc;
            up = inflate(sum, stored_terms(op));
            cert = op->kind != STEEPEST_OPERATOR_GRADIENT;
            if (!cert)
                how =
                    "lower: Rademacher probes + alternating sign(Hx); upper: sum |H_ij| of finite-difference "
                    "columns (an estimate)";
        } else {
            double l2;
            rc = steepest_operator_spectral_norm(op, opts, NULL, &l2, NULL, NULL);
            if (rc != STEEPEST_OK)
                return rc;
            up = (double) op->n * l2;
            cert = 0;
            how = "lower: Rademacher probes + alternating sign(Hx); upper: n times the residual bound on "
                  "||H||_2 (Eq. 9; not certified)";
        }
        up = fmax(up, lo);
        ex = cert && lo == up; /* an estimate that meets the lower bound proves nothing */
    }
    steepest_interval_out(lo, up, ex, cert, how, lower, upper, exact, certified, method);
    return STEEPEST_OK;
}

/* ---- norms ------------------------------------------------------------------- */

int
steepest_norm_induced_operator(const SteepestNorm *norm, const SteepestOperator *op,
                               const SteepestInducedOptions *opts, double *lower, double *upper, int *exact,
                               int *certified, const char **method)
{
    const char *fn = "steepest_norm_induced_operator";
    int rc = steepest_operator_check(fn, op);
    if (rc != STEEPEST_OK)
        return rc;
    if (norm == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: norm is NULL", fn);
    if (steepest_norm_get_dim(norm) != op->n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: the norm has dimension %zu, the operator %zu", fn,
                             steepest_norm_get_dim(norm), op->n);
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        rc = steepest_norm_induced(norm, op->n, op->H, opts, lower, upper, exact, method);
        if (rc == STEEPEST_OK && certified != NULL)
            *certified = 1;
        return rc;
    }
    const char *spec = steepest_norm_get_spec(norm);
    if (strcmp(spec, "l2") == 0) {
        double lo, up;
        int cert;
        rc = steepest_operator_spectral_norm(op, opts, &lo, &up, &cert, method);
        if (rc == STEEPEST_OK) {
            if (lower != NULL)
                *lower = lo;
            if (upper != NULL)
                *upper = up;
            if (exact != NULL)
                *exact = 0;
            if (certified != NULL)
                *certified = cert;
        }
        return rc;
    }
    if (strcmp(spec, "linf") == 0)
        return steepest_operator_inf1(op, opts, lower, upper, exact, certified, method);
    if (strcmp(spec, "l1") == 0) {
        double m;
        rc = steepest_operator_entry_sums(op, &m, NULL, NULL, NULL, NULL);
        if (rc != STEEPEST_OK)
            return rc;
        int sure = op->kind != STEEPEST_OPERATOR_GRADIENT;
        steepest_interval_out(m, m, sure, sure,
                              op->kind == STEEPEST_OPERATOR_CSR ? "max |H_ij| of the stored entries"
                                                                : "max |H_ij| of the n columns H e_j",
                              lower, upper, exact, certified, method);
        return STEEPEST_OK;
    }
    return steepest_fail(STEEPEST_ERROR_UNSUPPORTED,
                         "%s: norm '%s' has no induced-norm method for sparse or "
                         "matrix-free operators (l2, linf and l1 have)",
                         fn, spec);
}
