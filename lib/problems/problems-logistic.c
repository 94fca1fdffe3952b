/* problems-logistic.c — ℓ2-regularized logistic regression, labels ±1. */
#include "problems/problems-internal.h"

#include <math.h>
#include <string.h>

struct SteepestLogistic {
    SteepestRowData rows; /* A (m×n) and the labels y (m), in rows.b */
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
    if (n != lr->rows.n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "logistic: w has dimension %zu, the problem %zu", n,
                             lr->rows.n);
    double f = 0.0, ww = 0.0;
    if (grad)
        memset(grad, 0, n * sizeof *grad);
    const double inv_m = 1.0 / (double) lr->rows.m;
    for (size_t i = 0; i < lr->rows.m; i++) {
        const double *a = lr->rows.A + i * n;
        double margin = 0.0;
        for (size_t j = 0; j < n; j++)
            margin += a[j] * w[j];
        margin *= lr->rows.b[i];
        double loss, s;
        logistic_loss(margin, &loss, &s);
        f += loss;
        if (grad) {
            const double c = -lr->rows.b[i] * s * inv_m;
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

/* λ ≥ 0 and every label ±1; after the shape checks so that y[0..m) is known to
 * be there. */
static int
logistic_check(const char *fn, const SteepestLogistic *lr)
{
    if (!(isfinite(lr->lambda) && lr->lambda >= 0.0))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: lambda = %g must be finite and >= 0", fn,
                             lr->lambda);
    for (size_t i = 0; i < lr->rows.m; i++)
        if (lr->rows.b[i] != 1.0 && lr->rows.b[i] != -1.0)
            return steepest_fail(
                STEEPEST_ERROR_INVALID_ARGUMENT,
                "%s: label y[%zu] = %g; labels must be -1 or +1 (map {0,1} labels by 2y - 1)", fn, i,
                lr->rows.b[i]);
    return STEEPEST_OK;
}

int
steepest_logistic_new(size_t m, size_t n, const double *A, const double *y, double lambda, int ownership,
                      SteepestLogistic **out)
{
    const char *fn = "steepest_logistic_new";
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: out is NULL", fn);
    *out = NULL;
    SteepestLogistic *lr = g_new0(SteepestLogistic, 1);
    lr->lambda = lambda;
    int rc = steepest_problem_rows_init(fn, m, n, A, "y", y, ownership, &lr->rows);
    if (rc == STEEPEST_OK)
        rc = logistic_check(fn, lr);
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
    steepest_problem_rows_clear(&lr->rows);
    g_free(lr);
}

int
steepest_logistic_get_objective(const SteepestLogistic *lr, SteepestObjectiveFn *fn, void **user_data)
{
    if (lr == NULL || fn == NULL || user_data == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_logistic_get_objective: NULL argument");
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
    int rc = steepest_problem_row_dual_sq_sum(fn, norm, lr->rows.m, lr->rows.n, lr->rows.A, &sum);
    if (rc != STEEPEST_OK)
        return rc;
    double identity = 0.0; /* ‖I‖ = sup ‖x‖* / ‖x‖ */
    if (lr->lambda > 0.0) {
        const char *name = steepest_norm_get_name(norm);
        if (strcmp(name, "l2") == 0 || strcmp(name, "l1") == 0)
            identity = 1.0;
        else if (strcmp(name, "linf") == 0)
            identity = (double) lr->rows.n;
        else
            return steepest_fail(
                STEEPEST_ERROR_UNSUPPORTED,
                "%s: with lambda > 0 the bound needs sup ||x||*/||x||, known only for l2, l1 and linf "
                "(not '%s')",
                fn, steepest_norm_get_spec(norm));
    }
    *L = 0.25 * sum / (double) lr->rows.m + lr->lambda * identity;
    return STEEPEST_OK;
}
