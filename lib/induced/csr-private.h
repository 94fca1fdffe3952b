/* csr-private.h — the SteepestCsr structure and the helpers the sparse
 * kernels, the Matrix Market reader and the operators share. */
#ifndef STEEPEST_CSR_PRIVATE_H
#define STEEPEST_CSR_PRIVATE_H

#include "induced/matrix-private.h"
#include "induced/matrix-rows.h"

G_BEGIN_DECLS

struct SteepestCsr {
    size_t n, nnz;
    const int64_t *indptr, *indices;
    const double *data;
    /* Arrays the handle owns (NULL for a view of the caller's). */
    int64_t *own_indptr, *own_indices;
    double *own_data;
};

/* A handle owning the three g_malloc'ed arrays (already valid). */
SteepestCsr *steepest_csr_adopt(size_t n, int64_t *indptr, int64_t *indices, double *data);

/* H(i, j), 0 when not stored; *position (may be NULL) receives its index or −1. */
double steepest_csr_at(const SteepestCsr *csr, size_t i, size_t j, int64_t *position);

double steepest_csr_max_abs_value(const SteepestCsr *csr);

/* The first stored entry k (in row *row) whose mirror differs by more than
 * tol · max|H|, or −1 when the matrix is symmetric within that tolerance. */
int64_t steepest_csr_find_asymmetry(const SteepestCsr *csr, double tol, size_t *row);

/* Hᵀ, and the symmetric part (H + Hᵀ)/2, as CSR matrices owning their
 * arrays; NULL when out of memory. */
SteepestCsr *steepest_csr_transpose(const SteepestCsr *csr);
SteepestCsr *steepest_csr_symmetric_part(const SteepestCsr *csr);

/* y = H x (no checks). */
void steepest_csr_matvec(const SteepestCsr *csr, const double *x, double *y);

static inline SteepestRows
steepest_csr_rows(const SteepestCsr *csr)
{
    return steepest_rows_csr(csr->n, csr->indptr, csr->indices, csr->data);
}

G_END_DECLS

#endif /* STEEPEST_CSR_PRIVATE_H */
