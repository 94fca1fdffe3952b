/* analysis-callbacks.c — calling the caller's objective and gradient
 * functions: a nonzero return becomes STEEPEST_ERROR_CALLBACK carrying the
 * callback's own message, a NaN or Inf gradient STEEPEST_ERROR_NOT_FINITE. */
#include "analysis/analysis-private.h"

#include <math.h>

int
steepest_analysis_callback_failed(const char *fn, int r, const char *where)
{
    const char *why = steepest_last_error();
    if (why[0] == '\0')
        return steepest_fail(STEEPEST_ERROR_CALLBACK, "%s: the callback returned %d at %s", fn, r, where);
    /* steepest_fail overwrites the message `why` points into. */
    char *copy = g_strdup(why);
    int rc =
        steepest_fail(STEEPEST_ERROR_CALLBACK, "%s: the callback returned %d at %s: %s", fn, r, where, copy);
    g_free(copy);
    return rc;
}

int
steepest_analysis_call_gradient(const char *fn, SteepestGradientFn grad, void *user_data, size_t n,
                                const double *x, double *g, const char *where)
{
    steepest_clear_error();
    int r = grad(user_data, n, x, g);
    if (r != 0)
        return steepest_analysis_callback_failed(fn, r, where);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(g[i]))
            return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: the gradient at %s has %s at index %zu", fn,
                                 where, isnan(g[i]) ? "NaN" : "Inf", i);
    return STEEPEST_OK;
}
