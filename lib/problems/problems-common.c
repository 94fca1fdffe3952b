/* problems-common.c — argument checks, the row data of the data-fitting
 * problems, a small Cholesky solver and the row norm sums the built-in
 * problems share. */
#include "problems/problems-internal.h"

#include <math.h>
#include <string.h>

int
steepest_problem_take_array(const char *fn, const char *what, const double *data, size_t count, int ownership,
                            const double **stored, double **owned)
{
    *stored = NULL;
    *owned = NULL;
    if (ownership != STEEPEST_DATA_BORROW && ownership != STEEPEST_DATA_COPY)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: ownership %d is neither BORROW nor COPY",
                             fn, ownership);
    if (data == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn, what);
    for (size_t i = 0; i < count; i++)
        if (!isfinite(data[i]))
            return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: %s[%zu] is %s", fn, what, i,
                                 isnan(data[i]) ? "NaN" : "infinite");
    if (ownership == STEEPEST_DATA_COPY) {
        *owned = g_try_new(double, count);
        if (*owned == NULL)
            return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: cannot copy %zu doubles of %s", fn, count,
                                 what);
        memcpy(*owned, data, count * sizeof(double));
        *stored = *owned;
    } else {
        *stored = data;
    }
    return STEEPEST_OK;
}

int
steepest_problem_rows_init(const char *fn, size_t m, size_t n, const double *A, const char *b_name,
                           const double *b, int ownership, SteepestRowData *rows)
{
    memset(rows, 0, sizeof *rows);
    if (m == 0 || n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: m = %zu and n = %zu must be at least 1", fn, m,
                             n);
    if (m > SIZE_MAX / n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: m·n overflows", fn);
    rows->m = m;
    rows->n = n;
    int rc = steepest_problem_take_array(fn, "A", A, m * n, ownership, &rows->A, &rows->owned_A);
    if (rc == STEEPEST_OK)
        rc = steepest_problem_take_array(fn, b_name, b, m, ownership, &rows->b, &rows->owned_b);
    if (rc != STEEPEST_OK)
        steepest_problem_rows_clear(rows);
    return rc;
}

void
steepest_problem_rows_clear(SteepestRowData *rows)
{
    g_free(rows->owned_A);
    g_free(rows->owned_b);
    memset(rows, 0, sizeof *rows);
}

int
steepest_problem_cholesky_solve(size_t n, double *M, const double *rhs, double *x)
{
    /* M = L Lᵀ, L stored in the lower triangle. */
    for (size_t j = 0; j < n; j++) {
        double d = M[j * n + j];
        for (size_t k = 0; k < j; k++)
            d -= M[j * n + k] * M[j * n + k];
        if (!(d > 0.0))
            return steepest_fail(STEEPEST_ERROR_NOT_PSD,
                                 "the matrix is not positive definite (pivot %zu is %g): no unique minimizer",
                                 j, d);
        const double ljj = sqrt(d);
        M[j * n + j] = ljj;
        for (size_t i = j + 1; i < n; i++) {
            double v = M[i * n + j];
            for (size_t k = 0; k < j; k++)
                v -= M[i * n + k] * M[j * n + k];
            M[i * n + j] = v / ljj;
        }
    }
    for (size_t i = 0; i < n; i++) { /* L y = rhs */
        double v = rhs[i];
        for (size_t k = 0; k < i; k++)
            v -= M[i * n + k] * x[k];
        x[i] = v / M[i * n + i];
    }
    for (size_t i = n; i-- > 0;) { /* Lᵀ x = y */
        double v = x[i];
        for (size_t k = i + 1; k < n; k++)
            v -= M[k * n + i] * x[k];
        x[i] = v / M[i * n + i];
    }
    return STEEPEST_OK;
}

int
steepest_problem_row_dual_sq_sum(const char *fn, const SteepestNorm *norm, size_t m, size_t n,
                                 const double *A, double *sum)
{
    if (norm == NULL || sum == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             norm == NULL ? "norm" : "L");
    if (steepest_norm_get_dim(norm) != n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: the problem has dimension %zu, norm '%s' %zu", fn,
                             n, steepest_norm_get_spec(norm), steepest_norm_get_dim(norm));
    double total = 0.0;
    for (size_t i = 0; i < m; i++) {
        double d;
        int rc = steepest_norm_dual_norm(norm, n, A + i * n, &d);
        if (rc != STEEPEST_OK)
            return rc;
        total += d * d;
    }
    *sum = total;
    return STEEPEST_OK;
}
