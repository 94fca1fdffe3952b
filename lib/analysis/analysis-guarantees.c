/* analysis-guarantees.c — Lemma 2 and its certificate (docs/theory.md, section 3).
 *
 * The certificate is the one place where the library checks a smoothness
 * constant against reality: it takes the step Lemma 2 talks about and
 * compares the decrease it got with the one it was promised.  A shortfall is
 * a finding about L, reported as a verdict, never an error.
 */
#include "analysis/analysis-private.h"
#include "induced/operator-private.h"

#include <math.h>
#include <string.h>

static int
check_norm_vector(const char *fn, const SteepestNorm *norm, size_t n, const void *v, const char *vname)
{
    if (norm == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: norm is NULL", fn);
    if (v == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn, vname);
    if (n != steepest_norm_get_dim(norm))
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n = %zu but the norm '%s' has dimension %zu", fn,
                             n, steepest_norm_get_spec(norm), steepest_norm_get_dim(norm));
    return STEEPEST_OK;
}

static int
check_L(const char *fn, double L)
{
    if (isnan(L) || isinf(L))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: L is %s", fn, isnan(L) ? "NaN" : "infinite");
    if (!(L > 0))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: the smoothness constant L must be positive, got %g", fn, L);
    return STEEPEST_OK;
}

/* ‖g‖*²/(2L) without forming ‖g‖*² (which overflows for ‖g‖* > 1e154). */
static double
lemma2(double dual, double L)
{
    return dual * (dual / (2.0 * L));
}

int
steepest_analysis_dual_grad_norm(const SteepestNorm *norm, size_t n, const double *g, double *value)
{
    const char *fn = "steepest_analysis_dual_grad_norm";
    int rc = check_norm_vector(fn, norm, n, g, "g");
    if (rc != STEEPEST_OK)
        return rc;
    if (value == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: value is NULL", fn);
    if ((rc = steepest_check_finite("g", n, g)) != STEEPEST_OK)
        return rc;
    return steepest_norm_dual_norm(norm, n, g, value);
}

int
steepest_analysis_guaranteed_decrease(const SteepestNorm *norm, size_t n, const double *g, double L,
                                      double *decrease, double *dual_value)
{
    const char *fn = "steepest_analysis_guaranteed_decrease";
    int rc = check_norm_vector(fn, norm, n, g, "g");
    if (rc != STEEPEST_OK)
        return rc;
    if (decrease == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: decrease is NULL", fn);
    if ((rc = check_L(fn, L)) != STEEPEST_OK)
        return rc;
    if ((rc = steepest_check_finite("g", n, g)) != STEEPEST_OK)
        return rc;
    double dual;
    if ((rc = steepest_norm_dual_norm(norm, n, g, &dual)) != STEEPEST_OK)
        return rc;
    *decrease = lemma2(dual, L);
    if (dual_value != NULL)
        *dual_value = dual;
    return STEEPEST_OK;
}

/* Lemma 2 with L = the upper bound of steepest_norm_induced_operator(): one
 * implementation for the dense function (a dense view) and the operator form;
 * fn names the caller. */
static int
decrease_from_operator(const char *fn, const SteepestNorm *norm, const SteepestOperator *op, const double *g,
                       const SteepestInducedOptions *opts, double *decrease, double *L_used, int *exact,
                       int *certified)
{
    size_t n = steepest_operator_dim(op);
    int rc;
    if ((rc = steepest_check_finite("g", n, g)) != STEEPEST_OK)
        return rc;
    double lower, upper;
    int is_exact = 0, cert = 0;
    rc = steepest_norm_induced_operator(norm, op, opts, &lower, &upper, &is_exact, &cert, NULL);
    if (rc != STEEPEST_OK)
        return rc;
    /* Only the upper bound is a valid smoothness constant. */
    if (!(upper > 0))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: ‖H‖ = 0 for the norm '%s': a zero Hessian gives no finite step 1/L", fn,
                             steepest_norm_get_spec(norm));
    double dual;
    if ((rc = steepest_norm_dual_norm(norm, n, g, &dual)) != STEEPEST_OK)
        return rc;
    *decrease = lemma2(dual, upper);
    if (L_used != NULL)
        *L_used = upper;
    if (exact != NULL)
        *exact = is_exact;
    if (certified != NULL)
        *certified = cert;
    return STEEPEST_OK;
}

int
steepest_analysis_guaranteed_decrease_matrix(const SteepestNorm *norm, size_t n, const double *g,
                                             const double *H, const SteepestInducedOptions *opts,
                                             double *decrease, double *L_used, int *exact)
{
    const char *fn = "steepest_analysis_guaranteed_decrease_matrix";
    int rc = check_norm_vector(fn, norm, n, g, "g");
    if (rc != STEEPEST_OK)
        return rc;
    if (H == NULL || decrease == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             H == NULL ? "H" : "decrease");
    /* H is checked by steepest_norm_induced(), where the dense view leads. */
    SteepestOperator op = steepest_operator_dense_view(n, H);
    return decrease_from_operator(fn, norm, &op, g, opts, decrease, L_used, exact, NULL);
}

int
steepest_analysis_guaranteed_decrease_operator(const SteepestNorm *norm, const SteepestOperator *op,
                                               const double *g, const SteepestInducedOptions *opts,
                                               double *decrease, double *L_used, int *exact, int *certified)
{
    const char *fn = "steepest_analysis_guaranteed_decrease_operator";
    if (op == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: op is NULL", fn);
    int rc = check_norm_vector(fn, norm, steepest_operator_dim(op), g, "g");
    if (rc != STEEPEST_OK)
        return rc;
    if (decrease == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: decrease is NULL", fn);
    return decrease_from_operator(fn, norm, op, g, opts, decrease, L_used, exact, certified);
}

static int
call_objective(SteepestObjectiveFn objective, void *user_data, size_t n, const double *x, double *value,
               double *grad, const char *where)
{
    steepest_clear_error();
    int r = objective(user_data, n, x, value, grad);
    return r != 0 ? steepest_analysis_callback_failed("steepest_analysis_certify", r, where) : STEEPEST_OK;
}

int
steepest_analysis_certify(const SteepestNorm *norm, SteepestObjectiveFn objective, void *user_data, size_t n,
                          const double *x, double L, double rel_tol, double *actual, double *guaranteed,
                          int *verdict, double *x_next)
{
    const char *fn = "steepest_analysis_certify";
    int rc = check_norm_vector(fn, norm, n, x, "x");
    if (rc != STEEPEST_OK)
        return rc;
    if (objective == NULL || verdict == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             objective == NULL ? "objective" : "verdict");
    if ((rc = check_L(fn, L)) != STEEPEST_OK)
        return rc;
    if (isnan(rel_tol) || rel_tol == INFINITY)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: rel_tol is %s (a negative value selects the default)", fn,
                             isnan(rel_tol) ? "NaN" : "+Inf");
    if (rel_tol < 0)
        rel_tol = STEEPEST_ANALYSIS_CERTIFY_TOL;
    if (x_next != NULL && x_next != x && x_next < x + n && x < x_next + n)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: x_next overlaps x", fn);
    if ((rc = steepest_check_finite("x", n, x)) != STEEPEST_OK)
        return rc;

    double *g = g_try_new(double, n);
    double *xp = g_try_new(double, n);
    if (g == NULL || xp == NULL) {
        g_free(g);
        g_free(xp);
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: cannot allocate %zu doubles", fn, 2 * n);
    }
    double f0 = NAN, f1 = NAN, dual = 0;
    if ((rc = call_objective(objective, user_data, n, x, &f0, g, "x")) != STEEPEST_OK)
        goto out;
    if (!isfinite(f0)) {
        rc = steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: f(x) is %s", fn, isnan(f0) ? "NaN" : "infinite");
        goto out;
    }
    if ((rc = steepest_check_finite("∇f(x)", n, g)) != STEEPEST_OK)
        goto out;
    if ((rc = steepest_norm_step_scaled(norm, n, x, g, 1.0 / L, xp, &dual)) != STEEPEST_OK)
        goto out;

    double promised = lemma2(dual, L);
    int result;
    double got;
    if (dual == 0) {
        /* Stationary: x+ = x; no evaluation needed and nothing to check. */
        got = 0;
        result = STEEPEST_CERTIFICATE_STATIONARY;
    } else {
        if ((rc = call_objective(objective, user_data, n, xp, &f1, NULL, "x+ = x − g♯/L")) != STEEPEST_OK)
            goto out;
        if (isnan(f1) || f1 == -INFINITY) {
            rc = steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: f(x+) is %s", fn, isnan(f1) ? "NaN" : "-Inf");
            goto out;
        }
        got = f0 - f1; /* -Inf when the step overshot to +Inf: a violation */
        double scale = fmax(fmax(fabs(f0), isinf(f1) ? 0 : fabs(f1)), promised);
        result =
            got >= promised - rel_tol * scale ? STEEPEST_CERTIFICATE_HOLDS : STEEPEST_CERTIFICATE_VIOLATED;
    }
    if (actual != NULL)
        *actual = got;
    if (guaranteed != NULL)
        *guaranteed = promised;
    if (x_next != NULL)
        memcpy(x_next, xp, n * sizeof *xp);
    *verdict = result;
    rc = STEEPEST_OK;
out:
    g_free(g);
    g_free(xp);
    return rc;
}
