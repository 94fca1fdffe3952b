/* matrix-rows.h — a symmetric matrix as the row-wise bound algorithms (local
 * search, the low-rank SDP / mixing method, branch and bound) see it: dense
 * row-major or CSR, so that one implementation serves both and sparse rows cost
 * O(degree).  A view only: the caller owns the arrays.  CSR indices are int64
 * (NumPy's default index type), column indices sorted within each row. */
#ifndef STEEPEST_MATRIX_ROWS_H
#define STEEPEST_MATRIX_ROWS_H

#include <stddef.h>
#include <stdint.h>
#include <math.h>

typedef struct {
    size_t n;
    const double *dense;    /* n*n row-major; NULL for CSR */
    const int64_t *indptr;  /* CSR: n + 1 offsets into indices/data */
    const int64_t *indices; /* CSR: column of each stored entry */
    const double *data;     /* CSR: value of each stored entry */
} SteepestRows;

static inline SteepestRows
steepest_rows_dense(size_t n, const double *H)
{
    SteepestRows r = { n, H, NULL, NULL, NULL };
    return r;
}

static inline SteepestRows
steepest_rows_csr(size_t n, const int64_t *indptr, const int64_t *indices, const double *data)
{
    SteepestRows r = { n, NULL, indptr, indices, data };
    return r;
}

/* ---- row primitives: the only places that look inside the view ----------
 * Every algorithm built on SteepestRows touches the matrix through these, so
 * a dense row costs O(n) and a CSR row O(its stored entries). */

/* Σ_j A_ij x_j (dense: four partial sums, which the compiler can keep in
 * one vector register). */
static inline double
steepest_rows_dot(const SteepestRows *A, size_t i, const double *x)
{
    double s = 0.0;
    if (A->dense != NULL) {
        const double *row = A->dense + i * A->n;
        double a[4] = { 0.0, 0.0, 0.0, 0.0 };
        size_t j = 0;
        for (; j + 4 <= A->n; j += 4)
            for (int u = 0; u < 4; u++)
                a[u] += row[j + u] * x[j + u];
        for (; j < A->n; j++)
            s += row[j] * x[j];
        s += (a[0] + a[1]) + (a[2] + a[3]);
    } else {
        for (int64_t p = A->indptr[i]; p < A->indptr[i + 1]; p++)
            s += A->data[p] * x[A->indices[p]];
    }
    return s;
}

/* y_j += c · A_ij for every j of row i. */
static inline void
steepest_rows_axpy(const SteepestRows *A, size_t i, double c, double *y)
{
    if (A->dense != NULL) {
        const double *row = A->dense + i * A->n;
        for (size_t j = 0; j < A->n; j++)
            y[j] += c * row[j];
    } else {
        for (int64_t p = A->indptr[i]; p < A->indptr[i + 1]; p++)
            y[A->indices[p]] += c * A->data[p];
    }
}

/* A_ii (CSR: binary search in the sorted row; 0 when not stored). */
static inline double
steepest_rows_diag(const SteepestRows *A, size_t i)
{
    if (A->dense != NULL)
        return A->dense[i * A->n + i];
    int64_t lo = A->indptr[i], hi = A->indptr[i + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (A->indices[mid] < (int64_t) i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < A->indptr[i + 1] && A->indices[lo] == (int64_t) i ? A->data[lo] : 0.0;
}

/* Σ_j |y_j + c·A_ij| − |y_j| over row i: how ‖y‖₁ changes when c times row i
 * is added to y. */
static inline double
steepest_rows_l1_change(const SteepestRows *A, size_t i, double c, const double *y)
{
    double d = 0.0;
    if (A->dense != NULL) {
        const double *row = A->dense + i * A->n;
        double a[4] = { 0.0, 0.0, 0.0, 0.0 };
        size_t j = 0;
        for (; j + 4 <= A->n; j += 4)
            for (int u = 0; u < 4; u++)
                a[u] += fabs(y[j + u] + c * row[j + u]) - fabs(y[j + u]);
        for (; j < A->n; j++)
            d += fabs(y[j] + c * row[j]) - fabs(y[j]);
        d += (a[0] + a[1]) + (a[2] + a[3]);
    } else {
        for (int64_t p = A->indptr[i]; p < A->indptr[i + 1]; p++) {
            double yj = y[A->indices[p]];
            d += fabs(yj + c * A->data[p]) - fabs(yj);
        }
    }
    return d;
}

/* Σ_ij |A_ij| (stored entries). */
static inline double
steepest_rows_sum_abs(const SteepestRows *A)
{
    double s = 0.0;
    size_t nnz = A->dense != NULL ? A->n * A->n : (size_t) A->indptr[A->n];
    const double *v = A->dense != NULL ? A->dense : A->data;
    for (size_t p = 0; p < nnz; p++)
        s += fabs(v[p]);
    return s;
}

#endif /* STEEPEST_MATRIX_ROWS_H */
