/* csr.c — SteepestCsr: a sparse square matrix in compressed sparse rows, either
 * a zero-copy view of the caller's arrays or owning arrays the library built
 * (the Matrix Market reader, the dense conversion).  Validated once at
 * construction so the kernels can trust it: offsets monotone, column indices
 * in range and strictly increasing within a row, every value finite. */
#include "induced/csr-private.h"

#include <math.h>
#include <string.h>

static int
csr_validate(const char *fn, size_t n, const int64_t *indptr, const int64_t *indices, const double *data)
{
    if (indptr == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: indptr is NULL", fn);
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension must be at least 1", fn);
    if (n > (size_t) INT32_MAX)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension %zu is too large", fn, n);
    if (indptr[0] != 0)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: indptr[0] = %lld, must be 0", fn,
                             (long long) indptr[0]);
    if (indptr[n] > 0 && (indices == NULL || data == NULL))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: indices or data is NULL", fn);
    for (size_t i = 0; i < n; i++) {
        if (indptr[i + 1] < indptr[i])
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "%s: indptr decreases at row %zu (%lld after %lld)", fn, i,
                                 (long long) indptr[i + 1], (long long) indptr[i]);
        for (int64_t k = indptr[i]; k < indptr[i + 1]; k++) {
            if (indices[k] < 0 || (uint64_t) indices[k] >= n)
                return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                     "%s: row %zu has column index %lld outside [0, %zu)", fn, i,
                                     (long long) indices[k], n);
            if (k > indptr[i] && indices[k] <= indices[k - 1])
                return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                     "%s: row %zu: column indices must be strictly increasing "
                                     "(%lld after %lld)",
                                     fn, i, (long long) indices[k], (long long) indices[k - 1]);
            if (!isfinite(data[k]))
                return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: H(%zu,%lld) is %s", fn, i,
                                     (long long) indices[k], isnan(data[k]) ? "NaN" : "infinite");
        }
    }
    return STEEPEST_OK;
}

int
steepest_csr_new(size_t n, const int64_t *indptr, const int64_t *indices, const double *data,
                 SteepestCsr **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_csr_new: out is NULL");
    int rc = csr_validate("steepest_csr_new", n, indptr, indices, data);
    if (rc != STEEPEST_OK)
        return rc;
    SteepestCsr *m = g_new0(SteepestCsr, 1);
    m->n = n;
    m->nnz = (size_t) indptr[n];
    m->indptr = indptr;
    m->indices = indices;
    m->data = data;
    *out = m;
    return STEEPEST_OK;
}

SteepestCsr *
steepest_csr_adopt(size_t n, int64_t *indptr, int64_t *indices, double *data)
{
    SteepestCsr *m = g_new0(SteepestCsr, 1);
    m->n = n;
    m->nnz = (size_t) indptr[n];
    m->indptr = m->own_indptr = indptr;
    m->indices = m->own_indices = indices;
    m->data = m->own_data = data;
    return m;
}

void
steepest_csr_free(SteepestCsr *csr)
{
    if (csr == NULL)
        return;
    g_free(csr->own_indptr);
    g_free(csr->own_indices);
    g_free(csr->own_data);
    g_free(csr);
}

size_t
steepest_csr_dim(const SteepestCsr *csr)
{
    return csr != NULL ? csr->n : 0;
}

size_t
steepest_csr_nnz(const SteepestCsr *csr)
{
    return csr != NULL ? csr->nnz : 0;
}

int
steepest_csr_arrays(const SteepestCsr *csr, const int64_t **indptr, const int64_t **indices,
                    const double **data)
{
    if (csr == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_csr_arrays: csr is NULL");
    if (indptr != NULL)
        *indptr = csr->indptr;
    if (indices != NULL)
        *indices = csr->indices;
    if (data != NULL)
        *data = csr->data;
    return STEEPEST_OK;
}

int
steepest_csr_to_dense(const SteepestCsr *csr, double *H)
{
    if (csr == NULL || H == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_csr_to_dense: %s is NULL",
                             csr == NULL ? "csr" : "H");
    size_t n = csr->n;
    memset(H, 0, n * n * sizeof *H);
    for (size_t i = 0; i < n; i++)
        for (int64_t k = csr->indptr[i]; k < csr->indptr[i + 1]; k++)
            H[i * n + (size_t) csr->indices[k]] = csr->data[k];
    return STEEPEST_OK;
}

int
steepest_csr_from_dense(size_t n, const double *H, SteepestCsr **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_csr_from_dense: out is NULL");
    int rc = steepest_matrix_check("steepest_csr_from_dense", n, H);
    if (rc != STEEPEST_OK)
        return rc;
    size_t nnz = 0;
    for (size_t k = 0; k < n * n; k++)
        nnz += H[k] != 0.0;
    int64_t *indptr = g_try_new(int64_t, n + 1);
    int64_t *indices = g_try_new(int64_t, nnz ? nnz : 1);
    double *data = g_try_new(double, nnz ? nnz : 1);
    if (indptr == NULL || indices == NULL || data == NULL) {
        g_free(indptr);
        g_free(indices);
        g_free(data);
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "steepest_csr_from_dense: out of memory (%zu entries)",
                             nnz);
    }
    size_t k = 0;
    indptr[0] = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            if (H[i * n + j] != 0.0) {
                indices[k] = (int64_t) j;
                data[k++] = H[i * n + j];
            }
        }
        indptr[i + 1] = (int64_t) k;
    }
    *out = steepest_csr_adopt(n, indptr, indices, data);
    return STEEPEST_OK;
}

/* The stored value at (i, j), 0 when absent: binary search in row i. */
double
steepest_csr_at(const SteepestCsr *csr, size_t i, size_t j, int64_t *position)
{
    int64_t lo = csr->indptr[i], hi = csr->indptr[i + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if ((size_t) csr->indices[mid] < j)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < csr->indptr[i + 1] && (size_t) csr->indices[lo] == j) {
        if (position != NULL)
            *position = lo;
        return csr->data[lo];
    }
    if (position != NULL)
        *position = -1;
    return 0.0;
}

double
steepest_csr_max_abs_value(const SteepestCsr *csr)
{
    double m = 0.0;
    for (size_t k = 0; k < csr->nnz; k++)
        m = fmax(m, fabs(csr->data[k]));
    return m;
}

int64_t
steepest_csr_find_asymmetry(const SteepestCsr *csr, double tol, size_t *row)
{
    double limit = tol * steepest_csr_max_abs_value(csr);
    for (size_t i = 0; i < csr->n; i++) {
        for (int64_t k = csr->indptr[i]; k < csr->indptr[i + 1]; k++) {
            size_t j = (size_t) csr->indices[k];
            if (j == i)
                continue;
            if (!(fabs(csr->data[k] - steepest_csr_at(csr, j, i, NULL)) <= limit)) {
                *row = i;
                return k;
            }
        }
        /* Entries (j, i) with no stored (i, j) are caught from row j. */
    }
    return -1;
}

int
steepest_csr_is_symmetric(const SteepestCsr *csr, double tol, int *symmetric)
{
    if (csr == NULL || symmetric == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_csr_is_symmetric: %s is NULL",
                             csr == NULL ? "csr" : "symmetric");
    if (!(tol >= 0.0) || !isfinite(tol))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_csr_is_symmetric: tolerance %g must be finite and >= 0", tol);
    size_t row = 0;
    *symmetric = steepest_csr_find_asymmetry(csr, tol, &row) < 0;
    return STEEPEST_OK;
}

void
steepest_csr_matvec(const SteepestCsr *csr, const double *x, double *y)
{
    for (size_t i = 0; i < csr->n; i++) {
        double acc = 0.0;
        for (int64_t k = csr->indptr[i]; k < csr->indptr[i + 1]; k++)
            acc += csr->data[k] * x[csr->indices[k]];
        y[i] = acc;
    }
}

/* Hᵀ in CSR (owning its arrays), or NULL when out of memory. */
SteepestCsr *
steepest_csr_transpose(const SteepestCsr *csr)
{
    size_t n = csr->n, nnz = csr->nnz;
    int64_t *indptr = g_try_new0(int64_t, n + 1), *indices = g_try_new(int64_t, nnz ? nnz : 1);
    double *data = g_try_new(double, nnz ? nnz : 1);
    int64_t *fill = g_try_new(int64_t, n);
    if (indptr == NULL || indices == NULL || data == NULL || fill == NULL) {
        g_free(indptr);
        g_free(indices);
        g_free(data);
        g_free(fill);
        return NULL;
    }
    for (size_t k = 0; k < nnz; k++)
        indptr[csr->indices[k] + 1]++;
    for (size_t j = 0; j < n; j++)
        indptr[j + 1] += indptr[j];
    memcpy(fill, indptr, n * sizeof *fill);
    /* Rows are visited in order, so every column of Hᵀ comes out sorted. */
    for (size_t i = 0; i < n; i++)
        for (int64_t k = csr->indptr[i]; k < csr->indptr[i + 1]; k++) {
            int64_t p = fill[csr->indices[k]]++;
            indices[p] = (int64_t) i;
            data[p] = csr->data[k];
        }
    g_free(fill);
    return steepest_csr_adopt(n, indptr, indices, data);
}

/* (H + Hᵀ)/2 in CSR (owning its arrays), or NULL when out of memory: the rows
 * of H and of Hᵀ merged, both sorted, each pair averaged as the dense kernels
 * average H_ij and H_ji (steepest_matrix_mid). */
SteepestCsr *
steepest_csr_symmetric_part(const SteepestCsr *csr)
{
    SteepestCsr *T = steepest_csr_transpose(csr);
    size_t n = csr->n, cap = 2 * csr->nnz + 1;
    int64_t *indptr = g_try_new(int64_t, n + 1), *indices = g_try_new(int64_t, cap);
    double *data = g_try_new(double, cap);
    if (T == NULL || indptr == NULL || indices == NULL || data == NULL) {
        steepest_csr_free(T);
        g_free(indptr);
        g_free(indices);
        g_free(data);
        return NULL;
    }
    size_t k = 0;
    indptr[0] = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t a = csr->indptr[i], ae = csr->indptr[i + 1], b = T->indptr[i], be = T->indptr[i + 1];
        while (a < ae || b < be) {
            int64_t ja = a < ae ? csr->indices[a] : INT64_MAX, jb = b < be ? T->indices[b] : INT64_MAX;
            double va = ja <= jb ? csr->data[a++] : 0.0, vb = jb <= ja ? T->data[b++] : 0.0;
            indices[k] = ja < jb ? ja : jb;
            data[k++] = steepest_matrix_mid(va, vb);
        }
        indptr[i + 1] = (int64_t) k;
    }
    steepest_csr_free(T);
    return steepest_csr_adopt(n, indptr, indices, data);
}
