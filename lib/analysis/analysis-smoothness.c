/* analysis-smoothness.c — smoothness estimated from gradients alone (docs/theory.md,
 * section 6; Zhang et al. 2019, App. D of the paper).
 *
 * Along the steepest-descent direction s the ratio
 *     ‖∇f(x + γs) − ∇f(x)‖* / (γ‖s‖)
 * is the curvature f shows along s, measured in the norm's geometry.  Taking
 * the minimum over a few γ filters the large ratios that nonlinearity
 * produces far from x.  For a quadratic every ratio equals ‖Hs‖* / ‖s‖ <= ‖H‖:
 * an estimate from below of the global constant, which is why the comparison
 * never calls an estimated improvement guaranteed.
 */
#include "analysis/analysis-private.h"

#include <math.h>
#include <string.h>

static int
check_grid(const char *fn, const double *gammas, size_t n_gammas)
{
    if (gammas == NULL || n_gammas == 0)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: the γ grid is empty (gammas %s, n_gammas = %zu)", fn,
                             gammas == NULL ? "is NULL" : "given", n_gammas);
    for (size_t k = 0; k < n_gammas; k++) {
        if (!isfinite(gammas[k]))
            return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: gammas[%zu] is %s", fn, k,
                                 isnan(gammas[k]) ? "NaN" : "infinite");
        if (!(gammas[k] > 0))
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "%s: gammas[%zu] = %g; every γ must be positive", fn, k, gammas[k]);
    }
    return STEEPEST_OK;
}

static int
check_alpha(const char *fn, const char *name, double alpha)
{
    if (!isfinite(alpha))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: %s is %s", fn, name,
                             isnan(alpha) ? "NaN" : "infinite");
    if (!(alpha > 0))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s must be positive, got %g", fn, name,
                             alpha);
    return STEEPEST_OK;
}

/* The estimate given g = ∇f(x) (checked); scratch holds 3n doubles. */
static int
estimate(const char *fn, const SteepestNorm *norm, SteepestGradientFn grad, void *user_data, size_t n,
         const double *x, const double *g, const double *gammas, size_t n_gammas, double alpha, int direction,
         double *scratch, double *L_hat, double *gamma_best)
{
    double *s = scratch, *y = scratch + n, *gy = scratch + 2 * n;
    double dual = 0;
    int rc = direction == STEEPEST_PROBE_UNIT ? steepest_norm_unit_direction(norm, n, g, s, &dual)
                                              : steepest_norm_duality_map(norm, n, g, s, &dual);
    if (rc != STEEPEST_OK)
        return rc;
    if (dual == 0)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: ∇f(x) = 0, so there is no steepest direction to probe along", fn);
    for (size_t i = 0; i < n; i++)
        s[i] *= -alpha;
    double s_norm;
    if ((rc = steepest_norm_norm(norm, n, s, &s_norm)) != STEEPEST_OK)
        return rc;
    if (!(s_norm > 0))
        return steepest_fail(
            STEEPEST_ERROR_INVALID_ARGUMENT,
            "%s: the probe direction s = −α·dir vanishes in the norm '%s' (α = %g too small?)", fn,
            steepest_norm_get_spec(norm), alpha);

    double best = INFINITY, best_gamma = gammas[0];
    for (size_t k = 0; k < n_gammas; k++) {
        double gamma = gammas[k];
        double step = gamma * s_norm;
        if (!(step > 0) || !isfinite(step))
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "%s: gammas[%zu] = %g makes the probe length γ‖s‖ = %g unusable", fn, k,
                                 gamma, step);
        for (size_t i = 0; i < n; i++)
            y[i] = x[i] + gamma * s[i];
        if ((rc = steepest_check_finite("x + γs", n, y)) != STEEPEST_OK)
            return rc;
        if ((rc = steepest_analysis_call_gradient(fn, grad, user_data, n, y, gy, "x + γs")) != STEEPEST_OK)
            return rc;
        for (size_t i = 0; i < n; i++)
            gy[i] -= g[i];
        double diff;
        if ((rc = steepest_norm_dual_norm(norm, n, gy, &diff)) != STEEPEST_OK)
            return rc;
        double ratio = diff / step;
        if (ratio < best) {
            best = ratio;
            best_gamma = gamma;
        }
    }
    if (!isfinite(best))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: every difference quotient overflowed", fn);
    *L_hat = best;
    if (gamma_best != NULL)
        *gamma_best = best_gamma;
    return STEEPEST_OK;
}

int
steepest_analysis_estimate_smoothness(const SteepestNorm *norm, SteepestGradientFn grad, void *user_data,
                                      size_t n, const double *x, const double *g, const double *gammas,
                                      size_t n_gammas, double alpha, int direction, double *L_hat,
                                      double *gamma_best)
{
    const char *fn = "steepest_analysis_estimate_smoothness";
    if (norm == NULL || grad == NULL || x == NULL || L_hat == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             norm == NULL   ? "norm"
                             : grad == NULL ? "grad"
                             : x == NULL    ? "x"
                                            : "L_hat");
    if (n != steepest_norm_get_dim(norm))
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n = %zu but the norm '%s' has dimension %zu", fn,
                             n, steepest_norm_get_spec(norm), steepest_norm_get_dim(norm));
    if (direction != STEEPEST_PROBE_UNIT && direction != STEEPEST_PROBE_SCALED)
        return steepest_fail(
            STEEPEST_ERROR_INVALID_ARGUMENT,
            "%s: direction %d is neither STEEPEST_PROBE_UNIT (0) nor STEEPEST_PROBE_SCALED (1)", fn,
            direction);
    int rc;
    if ((rc = check_alpha(fn, "alpha", alpha)) != STEEPEST_OK ||
        (rc = check_grid(fn, gammas, n_gammas)) != STEEPEST_OK ||
        (rc = steepest_check_finite("x", n, x)) != STEEPEST_OK)
        return rc;
    if (g != NULL && (rc = steepest_check_finite("g", n, g)) != STEEPEST_OK)
        return rc;

    double *scratch = g_try_new(double, 4 * n);
    if (scratch == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: cannot allocate %zu doubles", fn, 4 * n);
    double *g0 = scratch + 3 * n;
    if (g != NULL)
        memcpy(g0, g, n * sizeof *g0);
    else
        rc = steepest_analysis_call_gradient(fn, grad, user_data, n, x, g0, "x");
    if (rc == STEEPEST_OK)
        rc = estimate(fn, norm, grad, user_data, n, x, g0, gammas, n_gammas, alpha, direction, scratch, L_hat,
                      gamma_best);
    g_free(scratch);
    return rc;
}

int
steepest_analysis_estimate_improvement_ratio(SteepestGradientFn grad, void *user_data, size_t n,
                                             const double *x, const double *gammas, size_t n_gammas,
                                             double alpha2, double alpha_inf, double *ratio, double *L2_hat,
                                             double *L_inf_hat)
{
    const char *fn = "steepest_analysis_estimate_improvement_ratio";
    if (grad == NULL || x == NULL || ratio == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             grad == NULL ? "grad"
                             : x == NULL  ? "x"
                                          : "ratio");
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n must be at least 1", fn);
    int rc;
    if ((rc = check_alpha(fn, "alpha2", alpha2)) != STEEPEST_OK ||
        (rc = check_alpha(fn, "alpha_inf", alpha_inf)) != STEEPEST_OK ||
        (rc = check_grid(fn, gammas, n_gammas)) != STEEPEST_OK ||
        (rc = steepest_check_finite("x", n, x)) != STEEPEST_OK)
        return rc;

    SteepestNorm *l2 = NULL, *linf = NULL;
    double *scratch = NULL;
    if ((rc = steepest_norm_new("l2", n, &l2)) != STEEPEST_OK ||
        (rc = steepest_norm_new("linf", n, &linf)) != STEEPEST_OK)
        goto out;
    scratch = g_try_new(double, 4 * n);
    if (scratch == NULL) {
        rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: cannot allocate %zu doubles", fn, 4 * n);
        goto out;
    }
    double *g0 = scratch + 3 * n;
    if ((rc = steepest_analysis_call_gradient(fn, grad, user_data, n, x, g0, "x")) != STEEPEST_OK)
        goto out;
    double phi, a, b;
    if ((rc = steepest_analysis_density(n, g0, &phi)) != STEEPEST_OK)
        goto out;
    if ((rc = estimate(fn, l2, grad, user_data, n, x, g0, gammas, n_gammas, alpha2, STEEPEST_PROBE_SCALED,
                       scratch, &a, NULL)) != STEEPEST_OK ||
        (rc = estimate(fn, linf, grad, user_data, n, x, g0, gammas, n_gammas, alpha_inf, STEEPEST_PROBE_UNIT,
                       scratch, &b, NULL)) != STEEPEST_OK)
        goto out;
    if (!(a > 0) || !(b > 0)) {
        rc = steepest_fail(
            STEEPEST_ERROR_INVALID_ARGUMENT,
            "%s: the gradient does not change along the probe (L̂2 = %g, L̂∞ = %g); R̂ is undefined", fn, a, b);
        goto out;
    }
    *ratio = phi * (double) n * (a / b);
    if (L2_hat != NULL)
        *L2_hat = a;
    if (L_inf_hat != NULL)
        *L_inf_hat = b;
out:
    g_free(scratch);
    steepest_norm_free(l2);
    steepest_norm_free(linf);
    return rc;
}
