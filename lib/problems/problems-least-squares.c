/* problems-least-squares.c — f(x) = ½ ‖Ax − b‖². */
#include "problems/problems-internal.h"

#include <math.h>
#include <string.h>

struct SteepestLeastSquares {
    SteepestRowData rows; /* A (m×n) and b (m) */
};

static int
least_squares_eval(void *user_data, size_t n, const double *x, double *value, double *grad)
{
    const SteepestLeastSquares *ls = user_data;
    if (n != ls->rows.n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "least squares: x has dimension %zu, the problem %zu",
                             n, ls->rows.n);
    if (grad)
        memset(grad, 0, n * sizeof *grad);
    double f = 0.0;
    for (size_t i = 0; i < ls->rows.m; i++) {
        const double *a = ls->rows.A + i * n;
        double r = -ls->rows.b[i];
        for (size_t j = 0; j < n; j++)
            r += a[j] * x[j];
        f += r * r;
        if (grad)
            for (size_t j = 0; j < n; j++)
                grad[j] += r * a[j];
    }
    *value = 0.5 * f;
    return 0;
}

int
steepest_least_squares_new(size_t m, size_t n, const double *A, const double *b, int ownership,
                           SteepestLeastSquares **out)
{
    const char *fn = "steepest_least_squares_new";
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: out is NULL", fn);
    *out = NULL;
    SteepestLeastSquares *ls = g_new0(SteepestLeastSquares, 1);
    int rc = steepest_problem_rows_init(fn, m, n, A, "b", b, ownership, &ls->rows);
    if (rc != STEEPEST_OK) {
        g_free(ls);
        return rc;
    }
    *out = ls;
    return STEEPEST_OK;
}

void
steepest_least_squares_free(SteepestLeastSquares *ls)
{
    if (ls == NULL)
        return;
    steepest_problem_rows_clear(&ls->rows);
    g_free(ls);
}

int
steepest_least_squares_get_objective(const SteepestLeastSquares *ls, SteepestObjectiveFn *fn,
                                     void **user_data)
{
    if (ls == NULL || fn == NULL || user_data == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_least_squares_get_objective: NULL argument");
    *fn = least_squares_eval;
    *user_data = (void *) ls;
    return STEEPEST_OK;
}

int
steepest_least_squares_get_smoothness_bound(const SteepestLeastSquares *ls, const SteepestNorm *norm,
                                            double *L)
{
    const char *fn = "steepest_least_squares_get_smoothness_bound";
    if (ls == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: problem is NULL", fn);
    return steepest_problem_row_dual_sq_sum(fn, norm, ls->rows.m, ls->rows.n, ls->rows.A, L);
}

int
steepest_least_squares_get_minimizer(const SteepestLeastSquares *ls, size_t n, double *x_star, double *f_star)
{
    const char *fn = "steepest_least_squares_get_minimizer";
    if (ls == NULL || x_star == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: NULL argument", fn);
    if (n != ls->rows.n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n = %zu, the problem %zu", fn, n, ls->rows.n);
    double *M = g_try_new0(double, n *n);
    double *rhs = g_try_new0(double, n);
    int rc = STEEPEST_OK;
    if (M == NULL || rhs == NULL) {
        rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory", fn);
    } else {
        for (size_t i = 0; i < ls->rows.m; i++) { /* AᵀA and Aᵀb */
            const double *a = ls->rows.A + i * n;
            for (size_t j = 0; j < n; j++) {
                rhs[j] += a[j] * ls->rows.b[i];
                for (size_t k = 0; k < n; k++)
                    M[j * n + k] += a[j] * a[k];
            }
        }
        rc = steepest_problem_cholesky_solve(n, M, rhs, x_star);
        if (rc == STEEPEST_OK && f_star != NULL)
            least_squares_eval((void *) ls, n, x_star, f_star, NULL);
    }
    g_free(M);
    g_free(rhs);
    return rc;
}
