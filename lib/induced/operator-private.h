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
    const double *H;        /* DENSE */
    const SteepestCsr *csr; /* CSR */
    SteepestHvpFn hv;       /* CALLBACK */
    SteepestGradientFn grad; /* GRADIENT */
    void *user_data;
    double *x;              /* GRADIENT: the point (a copy) */
    double step;            /* GRADIENT: h */
    GMutex cache_lock;
    EigenCache cache[2];    /* Lanczos for H and for shift·I − H */
};

/* A dense operator on the stack, for the dense functions that wrap the
 * operator forms (H already checked). */
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

/* The top Ritz pair of H by Lanczos, cached on the operator (UNSUPPORTED
 * without ARPACK). */
int steepest_operator_lanczos_max(const SteepestOperator *op, const SteepestInducedOptions *opts, double *theta,
                                  double *residual);

/* Σ a_i b_i and Σ |v_i|: the vector kernels the operator files share. */
static inline double
steepest_vec_dot(size_t n, const double *a, const double *b)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static inline double
steepest_vec_asum(size_t n, const double *v)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += v[i] < 0 ? -v[i] : v[i];
    return s;
}

/* Checks op for NULL; `fn` names the caller. */
int steepest_operator_check(const char *fn, const SteepestOperator *op);

/* out = shift·v − H v when negate, else H v; fails like steepest_operator_apply. */
int steepest_operator_apply_shifted(const SteepestOperator *op, int negate, double shift, const double *v,
                                    double *out);

/* The seed of the options (0 without). */
uint64_t steepest_operator_seed(const SteepestInducedOptions *opts);

G_END_DECLS

#endif /* STEEPEST_OPERATOR_PRIVATE_H */
