/* operator-private.h — the SteepestOperator structure, shared by the
 * operator constructors (operator.c), the Lanczos eigenvalues
 * (operator-lanczos.c) and the bounds (operator-bounds.c). */
#ifndef STEEPEST_OPERATOR_PRIVATE_H
#define STEEPEST_OPERATOR_PRIVATE_H

#include "induced/csr-private.h"

#include <steepest/steepest.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct {
    gboolean valid;
    uint64_t seed;
    double shift, theta, residual;
} EigenCache;

struct SteepestOperator {
    int kind;
    size_t n;
    const double *H;         /* DENSE */
    const SteepestCsr *csr;  /* CSR */
    SteepestHvpFn hv;        /* CALLBACK */
    SteepestGradientFn grad; /* GRADIENT */
    void *user_data;
    double *x;   /* GRADIENT: the point (a copy) */
    double step; /* GRADIENT: h */
    GMutex cache_lock;
    EigenCache cache[2]; /* Lanczos for H and for shift·I − H */
};

/* A dense operator on the stack, for the dense functions that wrap the
 * operator forms (H checked by the caller, or by the dense function the
 * operator form hands a dense operator to).  Its cache is never used: dense
 * operators need no Lanczos. */
static inline SteepestOperator
steepest_operator_dense_view(size_t n, const double *H)
{
    SteepestOperator op;
    memset(&op, 0, sizeof op);
    op.kind = STEEPEST_OPERATOR_DENSE;
    op.n = n;
    op.H = H;
    return op;
}

/* Dimensions up to this get their extreme eigenvalues from the dense matrix
 * (built from n products for the matrix-free kinds): exact, and cheaper than
 * Lanczos there. */
#define STEEPEST_OPERATOR_DENSE_EIG_MAX 48

/* The top Ritz pair of H by Lanczos, cached on the operator (UNSUPPORTED
 * without ARPACK). */
int steepest_operator_lanczos_max(const SteepestOperator *op, const SteepestInducedOptions *opts,
                                  double *theta, double *residual);

/* Writes an interval answer to the outputs the caller asked for (any may be NULL). */
static inline void
steepest_interval_out(double lo, double up, int ex, int cert, const char *how, double *lower, double *upper,
                      int *exact, int *certified, const char **method)
{
    if (lower != NULL)
        *lower = lo;
    if (upper != NULL)
        *upper = up;
    if (exact != NULL)
        *exact = ex;
    if (certified != NULL)
        *certified = cert;
    if (method != NULL)
        *method = how;
}

/* Checks op for NULL; `fn` names the caller. */
int steepest_operator_check(const char *fn, const SteepestOperator *op);

/* out = shift·v − H v when negate, else H v; fails like steepest_operator_apply. */
int steepest_operator_apply_shifted(const SteepestOperator *op, int negate, double shift, const double *v,
                                    double *out);

/* out = Hᵀ v: the transpose for dense and CSR, H v for the other kinds
 * (symmetric by contract). */
int steepest_operator_apply_transpose(const SteepestOperator *op, const double *v, double *out);

/* Row i of H, as the row visitor sees it: len values, at columns cols[k]
 * (NULL: the values are the whole dense row).  Callbacks and gradients give
 * row i as the column H e_i (n products). */
typedef void (*SteepestOperatorRowFn)(void *ctx, size_t i, size_t len, const double *values,
                                      const int64_t *cols);
int steepest_operator_foreach_row(const SteepestOperator *op, SteepestOperatorRowFn fn, void *ctx);

/* The entry sums of steepest_operator_entry_sums() and the trace Σ H_ii, in
 * one pass over the rows; NOT_FINITE when a sum overflows. */
typedef struct {
    double max_abs, sum_abs, max_row, diag, gersh, trace, min_diag;
} SteepestOperatorSums;
int steepest_operator_sums(const SteepestOperator *op, SteepestOperatorSums *s);

/* For the functions that need a symmetric H: op itself, except for a CSR
 * matrix, which must be symmetric within STEEPEST_MATRIX_SYMMETRY_TOL
 * (NOT_SYMMETRIC otherwise, naming the row; fn names the caller) and, when it
 * is not exactly symmetric, is replaced by its symmetric part — *owned
 * (free with steepest_operator_symmetric_free) — as the dense kernels use
 * (H + Hᵀ)/2. */
typedef struct {
    const SteepestOperator *op;
    SteepestOperator *own;
    SteepestCsr *own_csr;
} SteepestSymmetricOperator;
int steepest_operator_symmetric(const char *fn, const SteepestOperator *op, SteepestSymmetricOperator *out);
void steepest_operator_symmetric_free(SteepestSymmetricOperator *s);

/* The block norm's alternating ascent over products of spheres
 * (matrix-block.c), for every kind: *lower = the best ‖Hx‖_{B,1}/‖x‖_{B,∞}
 * over `restarts` starts (0: 16; all ones, then Gaussian from seed). */
int steepest_block_ascent(const SteepestOperator *op, size_t m, const size_t *start, unsigned restarts,
                          uint64_t seed, double *lower);

/* The seed of the options (0 without). */
uint64_t steepest_operator_seed(const SteepestInducedOptions *opts);

G_END_DECLS

#endif /* STEEPEST_OPERATOR_PRIVATE_H */
