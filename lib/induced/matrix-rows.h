/* matrix-rows.h — a symmetric matrix as the row-wise bound algorithms (local
 * search, the low-rank SDP / mixing method, branch and bound) see it: dense
 * row-major or CSR, so that one implementation serves both and sparse rows cost
 * O(degree).  A view only: the caller owns the arrays.  CSR indices are int64
 * (NumPy's default index type), column indices sorted within each row. */
#ifndef STEEPEST_MATRIX_ROWS_H
#define STEEPEST_MATRIX_ROWS_H

#include <stddef.h>
#include <stdint.h>

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

#endif /* STEEPEST_MATRIX_ROWS_H */
