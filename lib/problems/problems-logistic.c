/* problems-logistic.c — ℓ2-regularized logistic regression, labels ±1. */
#include "problems/problems-internal.h"

#include <math.h>
#include <string.h>

struct SteepestLogistic {
    size_t m, n;
    const double *A, *y;
    double *owned_A, *owned_y;
    double lambda;
};

/* log(1 + exp(−t)) without overflow, and σ(−t) = 1/(1 + exp(t)). */
static void
logistic_loss(double t, double *loss, double *sigma_neg)
{
    if (t >= 0.0) {
        const double e = exp(-t);
        *loss = log1p(e);
        *sigma_neg = e / (1.0 + e);
    } else {
        const double e = exp(t);
        *loss = -t + log1p(e);
        *sigma_neg = 1.0 / (1.0 + e);
    }
}

static int
logistic_eval(void *user_data, size_t n, const double *w, double *value, double *grad)
{
    const SteepestLogistic *lr = user_data;
    if (n != lr->n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "logistic: w has dimension %zu, the problem %zu", n, lr->n);
    double f = 0.0, ww = 0.0;
    if (grad)
        memset(grad, 0, n * sizeof *grad);
    const double inv_m = 1.0 / (double) lr->m;
    for (size_t i = 0; i < lr->m; i++) {
        const double *a = lr->A + i * n;
        double margin = 0.0;
        for (size_t j = 0; j < n; j++)
            margin += a[j] * w[j];
        margin *= lr->y[i];
        double loss, s;
        logistic_loss(margin, &loss, &s);
        f += loss;
        if (grad) {
            const double c = -lr->y[i] * s * inv_m;
            for (size_t j = 0; j < n; j++)
                grad[j] += c * a[j];
        }
    }
    for (size_t j = 0; j < n; j++) {
        ww += w[j] * w[j];
        if (grad)
            grad[j] += lr->lambda * w[j];
    }
    *value = f * inv_m + 0.5 * lr->lambda * ww;
    return 0;
}

int
steepest_logistic_new(size_t m, size_t n, const double *A, const double *y, double lambda, int ownership,
                      SteepestLogistic **out)
{
    const char *fn = "steepest_logistic_new";
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: out is NULL", fn);
    *out = NULL;
    if (m == 0 || n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: m = %zu and n = %zu must be at least 1", fn, m, n);
    if (m > SIZE_MAX / n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: m·n overflows", fn);
    if (!(isfinite(lambda) && lambda >= 0.0))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: lambda = %g must be finite and >= 0", fn, lambda);
    for (size_t i = 0; y != NULL && i < m; i++)
        if (y[i] != 1.0 && y[i] != -1.0)
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "%s: label y[%zu] = %g; labels must be -1 or +1 (map {0,1} labels by 2y - 1)", fn,
                                 i, y[i]);
    SteepestLogistic *lr = g_new0(SteepestLogistic, 1);
    lr->m = m;
    lr->n = n;
    lr->lambda = lambda;
    int rc = steepest_problem_take_array(fn, "A", A, m * n, ownership, &lr->A, &lr->owned_A);
    if (rc == STEEPEST_OK)
        rc = steepest_problem_take_array(fn, "y", y, m, ownership, &lr->y, &lr->owned_y);
    if (rc != STEEPEST_OK) {
        steepest_logistic_free(lr);
        return rc;
    }
    *out = lr;
    return STEEPEST_OK;
}

void
steepest_logistic_free(SteepestLogistic *lr)
{
    if (lr == NULL)
        return;
    g_free(lr->owned_A);
    g_free(lr->owned_y);
    g_free(lr);
}

int
steepest_logistic_get_objective(const SteepestLogistic *lr, SteepestObjectiveFn *fn, void **user_data)
{
    if (lr == NULL || fn == NULL || user_data == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_logistic_get_objective: NULL argument");
    *fn = logistic_eval;
    *user_data = (void *) lr;
    return STEEPEST_OK;
}

int
steepest_logistic_get_smoothness_bound(const SteepestLogistic *lr, const SteepestNorm *norm, double *L)
{
    const char *fn = "steepest_logistic_get_smoothness_bound";
    if (lr == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: problem is NULL", fn);
    double sum;
    int rc = steepest_problem_row_dual_sq_sum(fn, norm, lr->m, lr->n, lr->A, &sum);
    if (rc != STEEPEST_OK)
        return rc;
    double identity = 0.0; /* ‖I‖ = sup ‖x‖* / ‖x‖ */
    if (lr->lambda > 0.0) {
        const char *name = steepest_norm_get_name(norm);
        if (strcmp(name, "l2") == 0 || strcmp(name, "l1") == 0)
            identity = 1.0;
        else if (strcmp(name, "linf") == 0)
            identity = (double) lr->n;
        else
            return steepest_fail(STEEPEST_ERROR_UNSUPPORTED,
                                 "%s: with lambda > 0 the bound needs sup ||x||*/||x||, known only for l2, l1 and linf "
                                 "(not '%s')",
                                 fn, steepest_norm_get_spec(norm));
    }
    *L = 0.25 * sum / (double) lr->m + lr->lambda * identity;
    return STEEPEST_OK;
}
