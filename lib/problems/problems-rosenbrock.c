/* problems-rosenbrock.c — the chained Rosenbrock function. */
#include "problems/problems-internal.h"

struct SteepestRosenbrock {
    size_t n;
};

static int
rosenbrock_eval(void *user_data, size_t n, const double *x, double *value, double *grad)
{
    const SteepestRosenbrock *r = user_data;
    if (n != r->n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "rosenbrock: x has dimension %zu, the problem %zu", n,
                             r->n);
    double f = 0.0;
    if (grad)
        for (size_t i = 0; i < n; i++)
            grad[i] = 0.0;
    for (size_t i = 0; i + 1 < n; i++) {
        const double u = x[i + 1] - x[i] * x[i], v = 1.0 - x[i];
        f += 100.0 * u * u + v * v;
        if (grad) {
            grad[i] += -400.0 * x[i] * u - 2.0 * v;
            grad[i + 1] += 200.0 * u;
        }
    }
    *value = f;
    return 0;
}

int
steepest_rosenbrock_new(size_t n, SteepestRosenbrock **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_rosenbrock_new: out is NULL");
    *out = NULL;
    if (n < 2)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "steepest_rosenbrock_new: n = %zu, need at least 2",
                             n);
    SteepestRosenbrock *r = g_new0(SteepestRosenbrock, 1);
    r->n = n;
    *out = r;
    return STEEPEST_OK;
}

void
steepest_rosenbrock_free(SteepestRosenbrock *r)
{
    g_free(r);
}

int
steepest_rosenbrock_get_objective(const SteepestRosenbrock *r, SteepestObjectiveFn *fn, void **user_data)
{
    if (r == NULL || fn == NULL || user_data == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_rosenbrock_get_objective: NULL argument");
    *fn = rosenbrock_eval;
    *user_data = (void *) r;
    return STEEPEST_OK;
}

int
steepest_rosenbrock_get_minimizer(const SteepestRosenbrock *r, size_t n, double *x_star, double *f_star)
{
    if (r == NULL || x_star == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_rosenbrock_get_minimizer: NULL argument");
    if (n != r->n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION,
                             "steepest_rosenbrock_get_minimizer: n = %zu, the problem %zu", n, r->n);
    for (size_t i = 0; i < n; i++)
        x_star[i] = 1.0;
    if (f_star)
        *f_star = 0.0;
    return STEEPEST_OK;
}
