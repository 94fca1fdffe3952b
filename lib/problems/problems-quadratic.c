/* problems-quadratic.c — f(x) = ½ xᵀHx − bᵀx, dense or diagonal H. */
#include "problems/problems-internal.h"

#include <math.h>
#include <string.h>

struct SteepestQuadratic {
    size_t n;
    gboolean diagonal;
    const double *H; /* n×n, or the n diagonal entries */
    const double *b; /* NULL for b = 0 */
    double *owned_H, *owned_b;
};

static int
quadratic_eval(void *user_data, size_t n, const double *x, double *value, double *grad)
{
    const SteepestQuadratic *q = user_data;
    if (n != q->n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "quadratic: x has dimension %zu, the problem %zu", n,
                             q->n);
    double f = 0.0;
    for (size_t i = 0; i < n; i++) {
        double hx;
        if (q->diagonal) {
            hx = q->H[i] * x[i];
        } else {
            const double *row = q->H + i * n;
            hx = 0.0;
            for (size_t j = 0; j < n; j++)
                hx += row[j] * x[j];
        }
        const double bi = q->b ? q->b[i] : 0.0;
        f += x[i] * (0.5 * hx - bi);
        if (grad)
            grad[i] = hx - bi;
    }
    *value = f;
    return 0;
}

static int
quadratic_make(const char *fn, size_t n, gboolean diagonal, const double *H, const double *b, int ownership,
               SteepestQuadratic **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: out is NULL", fn);
    *out = NULL;
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n must be at least 1", fn);
    if (!diagonal && n > SIZE_MAX / n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n = %zu is too large for a dense matrix", fn, n);
    SteepestQuadratic *q = g_new0(SteepestQuadratic, 1);
    q->n = n;
    q->diagonal = diagonal;
    int rc = steepest_problem_take_array(fn, diagonal ? "h" : "H", H, diagonal ? n : n * n, ownership, &q->H,
                                         &q->owned_H);
    if (rc == STEEPEST_OK && b != NULL)
        rc = steepest_problem_take_array(fn, "b", b, n, ownership, &q->b, &q->owned_b);
    for (size_t i = 0; rc == STEEPEST_OK && !diagonal && i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const double a = H[i * n + j], c = H[j * n + i];
            if (fabs(a - c) > 1e-12 * (fabs(a) + fabs(c))) {
                rc = steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC, "%s: H[%zu][%zu] = %g but H[%zu][%zu] = %g",
                                   fn, i, j, a, j, i, c);
                break;
            }
        }
    if (rc != STEEPEST_OK) {
        steepest_quadratic_free(q);
        return rc;
    }
    *out = q;
    return STEEPEST_OK;
}

int
steepest_quadratic_new(size_t n, const double *H, const double *b, int ownership, SteepestQuadratic **out)
{
    return quadratic_make("steepest_quadratic_new", n, FALSE, H, b, ownership, out);
}

int
steepest_quadratic_new_diagonal(size_t n, const double *h, const double *b, int ownership,
                                SteepestQuadratic **out)
{
    return quadratic_make("steepest_quadratic_new_diagonal", n, TRUE, h, b, ownership, out);
}

void
steepest_quadratic_free(SteepestQuadratic *q)
{
    if (q == NULL)
        return;
    g_free(q->owned_H);
    g_free(q->owned_b);
    g_free(q);
}

int
steepest_quadratic_get_objective(const SteepestQuadratic *q, SteepestObjectiveFn *fn, void **user_data)
{
    if (q == NULL || fn == NULL || user_data == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_quadratic_get_objective: NULL argument");
    *fn = quadratic_eval;
    *user_data = (void *) q;
    return STEEPEST_OK;
}

size_t
steepest_quadratic_get_dimension(const SteepestQuadratic *q)
{
    return q ? q->n : 0;
}

int
steepest_quadratic_get_minimizer(const SteepestQuadratic *q, size_t n, double *x_star, double *f_star)
{
    if (q == NULL || x_star == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_quadratic_get_minimizer: NULL argument");
    if (n != q->n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION,
                             "steepest_quadratic_get_minimizer: n = %zu, the problem %zu", n, q->n);
    int rc = STEEPEST_OK;
    if (q->diagonal) {
        for (size_t i = 0; i < n && rc == STEEPEST_OK; i++) {
            if (!(q->H[i] > 0.0))
                rc = steepest_fail(
                    STEEPEST_ERROR_NOT_PSD,
                    "steepest_quadratic_get_minimizer: h[%zu] = %g is not positive: no unique minimizer", i,
                    q->H[i]);
            else
                x_star[i] = (q->b ? q->b[i] : 0.0) / q->H[i];
        }
    } else {
        double *M = g_try_new(double, n *n);
        double *rhs = g_try_new0(double, n);
        if (M == NULL || rhs == NULL) {
            rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "steepest_quadratic_get_minimizer: out of memory");
        } else {
            memcpy(M, q->H, n * n * sizeof *M);
            if (q->b)
                memcpy(rhs, q->b, n * sizeof *rhs);
            rc = steepest_problem_cholesky_solve(n, M, rhs, x_star);
        }
        g_free(M);
        g_free(rhs);
    }
    if (rc == STEEPEST_OK && f_star != NULL) {
        double bx = 0.0;
        for (size_t i = 0; q->b && i < n; i++)
            bx += q->b[i] * x_star[i];
        *f_star = -0.5 * bx;
    }
    return rc;
}
