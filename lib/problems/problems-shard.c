/* problems-shard.c — the data-parallel shards of the regression problems:
 * rank r of N takes rows r, r + N, r + 2N, … of the same data, and its
 * objective is its own estimate of the whole objective, so weighting shard r
 * by m_r/m (its share of the rows) sums the shards back to the whole:
 * Σ_r (m_r/m) f_r = f, and the same for the gradients. */
#include "problems/problems-internal.h"

#include <math.h>
#include <string.h>

size_t
steepest_shard_rows(size_t m, size_t rank, size_t nranks)
{
    if (nranks == 0 || rank >= nranks || rank >= m)
        return 0;
    return (m - rank + nranks - 1) / nranks;
}

/* Copies rows rank, rank + N, … of A (m×n) and of v (length m), each row and
 * its entry multiplied by c. */
static int
take_rows(const char *fn, size_t m, size_t n, const double *A, const double *v, const char *vname,
          size_t rank, size_t nranks, double c, double **A_out, double **v_out, size_t *rows)
{
    *A_out = *v_out = NULL;
    if (A == NULL || v == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: A or %s is NULL", fn, vname);
    if (nranks == 0 || rank >= nranks)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: rank %zu is not below the number of ranks %zu", fn, rank, nranks);
    if (m == 0 || n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: m = %zu and n = %zu must be at least 1", fn, m,
                             n);
    if (m > SIZE_MAX / n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: m·n overflows", fn);
    *rows = steepest_shard_rows(m, rank, nranks);
    if (*rows == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: rank %zu of %zu gets no rows: there are only %zu",
                             fn, rank, nranks, m);
    *A_out = g_try_new(double, *rows *n);
    *v_out = g_try_new(double, *rows);
    if (*A_out == NULL || *v_out == NULL) {
        g_free(*A_out);
        g_free(*v_out);
        *A_out = *v_out = NULL;
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory for a shard of %zu x %zu", fn,
                             *rows, n);
    }
    for (size_t k = 0, i = rank; k < *rows; k++, i += nranks) {
        for (size_t j = 0; j < n; j++)
            (*A_out)[k * n + j] = c * A[i * n + j];
        (*v_out)[k] = c * v[i];
    }
    return STEEPEST_OK;
}

int
steepest_logistic_new_shard(size_t m, size_t n, const double *A, const double *y, double lambda, size_t rank,
                            size_t nranks, SteepestLogistic **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_logistic_new_shard: out is NULL");
    *out = NULL;
    double *As, *ys;
    size_t rows = 0;
    /* The loss is a mean over the shard's rows: already an estimate of the whole. */
    int rc = take_rows("steepest_logistic_new_shard", m, n, A, y, "y", rank, nranks, 1.0, &As, &ys, &rows);
    if (rc == STEEPEST_OK)
        rc = steepest_logistic_new(rows, n, As, ys, lambda, STEEPEST_DATA_COPY, out);
    g_free(As);
    g_free(ys);
    return rc;
}

int
steepest_least_squares_new_shard(size_t m, size_t n, const double *A, const double *b, size_t rank,
                                 size_t nranks, SteepestLeastSquares **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_least_squares_new_shard: out is NULL");
    *out = NULL;
    double *As, *bs;
    size_t rows = 0;
    /* ½‖Ax − b‖² is a sum over rows: the shard's estimate of the whole is
     * (m/m_r)·½‖A_r x − b_r‖², i.e. its rows scaled by √(m/m_r). */
    size_t mr = steepest_shard_rows(m, rank, nranks);
    double c = mr > 0 ? sqrt((double) m / (double) mr) : 1.0;
    int rc = take_rows("steepest_least_squares_new_shard", m, n, A, b, "b", rank, nranks, c, &As, &bs, &rows);
    if (rc == STEEPEST_OK)
        rc = steepest_least_squares_new(rows, n, As, bs, STEEPEST_DATA_COPY, out);
    g_free(As);
    g_free(bs);
    return rc;
}
