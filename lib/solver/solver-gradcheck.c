/* solver-gradcheck.c — comparing a user's gradient with central differences
 * (a wrong gradient is the most common failure of gradient-based solvers). */
#include "solver/solver-internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

typedef struct {
    size_t index;
    double analytic, numeric, error;
} Entry;

static int
call(SteepestObjectiveFn fn, void *user_data, size_t n, const double *x, double *value, double *grad,
     const char *where, size_t i)
{
    int rc = fn(user_data, n, x, value, grad);
    if (rc != 0) {
        g_autofree char *why = g_strdup(steepest_last_error());
        return steepest_fail(STEEPEST_ERROR_CALLBACK,
                             "steepest_check_gradient: the objective returned %d at %s%zu%s%s", rc, where, i,
                             why[0] ? ": " : "", why);
    }
    if (!isfinite(*value))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "steepest_check_gradient: f is %s at %s%zu",
                             isnan(*value) ? "NaN" : "infinite", where, i);
    return STEEPEST_OK;
}

/* Keeps the k largest errors in worst[0..*count), largest first (insertion:
 * k is small). */
static void
keep_worst(Entry *worst, size_t k, size_t *count, Entry e)
{
    if (k == 0)
        return;
    if (*count == k && !(e.error > worst[k - 1].error))
        return;
    size_t j = *count < k ? (*count)++ : k - 1;
    while (j > 0 && e.error > worst[j - 1].error) {
        worst[j] = worst[j - 1];
        j--;
    }
    worst[j] = e;
}

int
steepest_check_gradient(SteepestObjectiveFn fn, void *user_data, size_t n, const double *x, double h,
                        size_t k, size_t *indices, double *analytic, double *numeric, double *rel_error,
                        double *max_rel_error)
{
    if (fn == NULL || x == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_check_gradient: %s is NULL",
                             fn == NULL ? "fn" : "x");
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "steepest_check_gradient: n must be at least 1");
    if (isnan(h) || isinf(h))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_check_gradient: h = %g is not finite",
                             h);
    int rc = steepest_check_finite("x", n, x);
    if (rc != STEEPEST_OK)
        return rc;
    if (h <= 0.0)
        h = cbrt(DBL_EPSILON);
    if (k > n)
        k = n;

    double *g = g_try_new(double, n);
    double *xt = g_try_new(double, n);
    Entry *worst = g_try_new(Entry, k > 0 ? k : 1);
    if (g == NULL || xt == NULL || worst == NULL) {
        g_free(g);
        g_free(xt);
        g_free(worst);
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "steepest_check_gradient: cannot allocate for n = %zu",
                             n);
    }
    steepest_clear_error();
    double f0;
    rc = call(fn, user_data, n, x, &f0, g, "x", 0);
    if (rc == STEEPEST_OK)
        rc = steepest_check_finite("analytic gradient", n, g);
    double gmax = 0.0;
    for (size_t i = 0; rc == STEEPEST_OK && i < n; i++)
        if (fabs(g[i]) > gmax)
            gmax = fabs(g[i]);
    const double floor = 1e-6 * (gmax > 1.0 ? gmax : 1.0);

    size_t count = 0;
    double max_error = 0.0;
    memcpy(xt, x, n * sizeof *xt);
    for (size_t i = 0; rc == STEEPEST_OK && i < n; i++) {
        const double hi = h * (fabs(x[i]) > 1.0 ? fabs(x[i]) : 1.0);
        double fplus, fminus;
        /* The step actually taken, after rounding x_i ± h_i. */
        xt[i] = x[i] + hi;
        const double up = xt[i];
        rc = call(fn, user_data, n, xt, &fplus, NULL, "x + h e_", i);
        if (rc != STEEPEST_OK)
            break;
        xt[i] = x[i] - hi;
        const double down = xt[i];
        rc = call(fn, user_data, n, xt, &fminus, NULL, "x - h e_", i);
        xt[i] = x[i];
        if (rc != STEEPEST_OK)
            break;
        const double d = (fplus - fminus) / (up - down);
        double scale = fabs(g[i]) > fabs(d) ? fabs(g[i]) : fabs(d);
        if (scale < floor)
            scale = floor;
        const double err = fabs(g[i] - d) / scale;
        if (err > max_error)
            max_error = err;
        keep_worst(worst, k, &count, (Entry){ i, g[i], d, err });
    }
    if (rc == STEEPEST_OK) {
        for (size_t j = 0; j < k; j++) {
            /* Fewer entries than asked for only if n < k, which was clipped. */
            if (indices)
                indices[j] = worst[j].index;
            if (analytic)
                analytic[j] = worst[j].analytic;
            if (numeric)
                numeric[j] = worst[j].numeric;
            if (rel_error)
                rel_error[j] = worst[j].error;
        }
        if (max_rel_error)
            *max_rel_error = max_error;
    }
    g_free(g);
    g_free(xt);
    g_free(worst);
    return rc;
}
