/* analysis-rates.c — the convergence rates of docs/theory.md as numbers:
 * Proposition 1, Theorems 1, 2 and 3.  Pure arithmetic; the work is in
 * refusing arguments for which the statements say nothing. */
#include "core/steepest-private.h"

#include <steepest/steepest.h>

#include <math.h>

static int
check_finite_arg(const char *fn, const char *name, double v)
{
    if (isfinite(v))
        return STEEPEST_OK;
    return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: %s is %s", fn, name,
                         isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf"));
}

static int
check_positive(const char *fn, const char *name, double v)
{
    int rc = check_finite_arg(fn, name, v);
    if (rc == STEEPEST_OK && !(v > 0))
        rc = steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s must be positive, got %g", fn, name, v);
    return rc;
}

static int
check_nonnegative(const char *fn, const char *name, double v)
{
    int rc = check_finite_arg(fn, name, v);
    if (rc == STEEPEST_OK && !(v >= 0))
        rc = steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s must be >= 0, got %g", fn, name, v);
    return rc;
}

/* f0 − f*, refusing f* > f0 (f* is the minimum, so no start lies below it). */
static int
check_gap(const char *fn, double f0, double f_star, double *gap)
{
    int rc;
    if ((rc = check_finite_arg(fn, "f0", f0)) != STEEPEST_OK ||
        (rc = check_finite_arg(fn, "f_star", f_star)) != STEEPEST_OK)
        return rc;
    if (f_star > f0)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: f_star = %g exceeds f0 = %g, but f* is the minimum value", fn, f_star, f0);
    *gap = f0 - f_star;
    if (!isfinite(*gap))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: f0 − f_star overflows", fn);
    return STEEPEST_OK;
}

static int
check_out(const char *fn, const double *out)
{
    return out == NULL ? steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: output pointer is NULL", fn)
                       : STEEPEST_OK;
}

int
steepest_analysis_average_grad_bound(double L, double f0, double f_star, double T, double *bound)
{
    const char *fn = "steepest_analysis_average_grad_bound";
    double gap = 0;
    int rc;
    if ((rc = check_out(fn, bound)) != STEEPEST_OK || (rc = check_positive(fn, "L", L)) != STEEPEST_OK ||
        (rc = check_gap(fn, f0, f_star, &gap)) != STEEPEST_OK)
        return rc;
    if ((rc = check_finite_arg(fn, "T", T)) != STEEPEST_OK)
        return rc;
    if (!(T > 0))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: T must be positive (an average over T steps), got %g", fn, T);
    *bound = 2.0 * L * (gap / T);
    return STEEPEST_OK;
}

int
steepest_analysis_convex_rate(double L, double R, double T, double *bound)
{
    const char *fn = "steepest_analysis_convex_rate";
    int rc;
    if ((rc = check_out(fn, bound)) != STEEPEST_OK || (rc = check_positive(fn, "L", L)) != STEEPEST_OK ||
        (rc = check_nonnegative(fn, "R", R)) != STEEPEST_OK ||
        (rc = check_nonnegative(fn, "T", T)) != STEEPEST_OK)
        return rc;
    *bound = 2.0 * L * R * (R / (T + 4.0));
    return STEEPEST_OK;
}

int
steepest_analysis_pl_rate(double L, double mu, double f0, double f_star, double T, double *bound)
{
    const char *fn = "steepest_analysis_pl_rate";
    double gap = 0;
    int rc;
    if ((rc = check_out(fn, bound)) != STEEPEST_OK || (rc = check_positive(fn, "L", L)) != STEEPEST_OK ||
        (rc = check_positive(fn, "mu", mu)) != STEEPEST_OK ||
        (rc = check_gap(fn, f0, f_star, &gap)) != STEEPEST_OK ||
        (rc = check_nonnegative(fn, "T", T)) != STEEPEST_OK)
        return rc;
    if (mu > L)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: mu = %g exceeds L = %g; no function is L-smooth and mu-PL with mu > L "
                             "in the same norm",
                             fn, mu, L);
    if (T == 0) {
        *bound = gap; /* 0^0 = 1 when mu = L */
        return STEEPEST_OK;
    }
    double q = mu / L;
    /* (1 − q)^T through log1p keeps small q accurate over many steps. */
    *bound = q >= 1.0 ? 0.0 : gap * exp(T * log1p(-q));
    return STEEPEST_OK;
}

int
steepest_analysis_normalized_iterations(double L0, double L1, double f0, double f_star, double epsilon,
                                        double *iterations)
{
    const char *fn = "steepest_analysis_normalized_iterations";
    double gap = 0;
    int rc;
    if ((rc = check_out(fn, iterations)) != STEEPEST_OK ||
        (rc = check_positive(fn, "L0", L0)) != STEEPEST_OK ||
        (rc = check_nonnegative(fn, "L1", L1)) != STEEPEST_OK ||
        (rc = check_gap(fn, f0, f_star, &gap)) != STEEPEST_OK ||
        (rc = check_positive(fn, "epsilon", epsilon)) != STEEPEST_OK)
        return rc;
    double a = L0 / epsilon / epsilon;
    double b = L1 * (L1 / L0);
    *iterations = 18.0 * gap * (a > b ? a : b);
    return STEEPEST_OK;
}
