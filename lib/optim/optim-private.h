/* optim-private.h — the optimizer handle's layout and the entry points the
 * solvers share (lib/optim/ and lib/solver/ only). */
#ifndef STEEPEST_OPTIM_PRIVATE_H
#define STEEPEST_OPTIM_PRIVATE_H

#include "core/steepest-private.h"

#include <string.h>

G_BEGIN_DECLS

/* A learning-rate schedule: lr_t = lr · steepest_optim_schedule_factor(s, t). */
typedef struct {
    int kind;              /* a SteepestSchedule */
    double gamma;          /* GEOMETRIC, STEP */
    uint64_t every;        /* STEP */
    uint64_t warmup;       /* COSINE */
    uint64_t total;        /* COSINE */
    double final_fraction; /* COSINE */
} OptimSchedule;

/* schedule(t) for the formulas in steepest-optimizer.h. */
double steepest_optim_schedule_factor(const OptimSchedule *schedule, uint64_t t);

/* The most buffers a rule keeps (ADAM: m and v), and the most scratch
 * vectors an update stages its results in before committing them; spare
 * OPTIM_DIRECTION_SPARE holds the direction d(v) when weight decay is on. */
#define OPTIM_MAX_BUFFERS 2
#define OPTIM_MAX_SPARES 3
#define OPTIM_DIRECTION_SPARE 2

struct SteepestOptimizer {
    const SteepestNorm *norm;
    size_t n;

    int rule, direction;
    double lr, beta, dampening, beta1, beta2, eps, weight_decay;
    OptimSchedule schedule;

    /* state: the rule's buffers (m; m, v; e), each n doubles, and the count */
    double *buffers[OPTIM_MAX_BUFFERS];
    uint64_t step;
    double last_lr, last_grad_norm, last_step_norm;

    /* Where an update writes new buffer values before it knows it will
     * succeed; success swaps them with the buffers, so a failed update
     * leaves the state as it was at no copying cost. */
    double *spares[OPTIM_MAX_SPARES];

    /* The one-sweep ℓ∞ path (optim-fused.c): whether the norm is the
     * library's ℓ∞, and a bound on max|m_i| that proves the sweep cannot
     * overflow (+Inf when unknown). */
    gboolean fused_linf;
    double m_bound;

    char *last_error;
};

/* |v|'s bits: the sweeps OR these into 64-bit flags, integer lanes as wide
 * as the doubles', so the loops vectorize (a floating-point reduction would
 * not, and a comparison's int would not either). */
static inline uint64_t
optim_abs_bits(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b & 0x7fffffffffffffffu;
}

/* OR these over a sweep: the top bit of the result is set iff some v was
 * ±Inf or NaN (|v|'s bits >= 0x7ff0000000000000). */
static inline uint64_t
optim_non_finite_bits(double v)
{
    return optim_abs_bits(v) + 0x0010000000000000u;
}
#define OPTIM_ANY_NON_FINITE(flags) (((flags) >> 63) != 0)

/* The number of state buffers a rule keeps. */
unsigned steepest_optim_rule_buffers(int rule);

/* Records the thread's last error on the optimizer; returns status. */
int steepest_optimizer_record(SteepestOptimizer *opt, int status);

/* Allocates the buffers and spares the current rule needs (zeroing buffers
 * that are new); STEEPEST_ERROR_NO_MEMORY leaves the optimizer usable. */
int steepest_optim_ensure_buffers(SteepestOptimizer *opt);

/* One update from x into x_out (which may be x itself; otherwise it must not
 * overlap x or g), the rest as steepest_optimizer_update(), whose checks of
 * the arguments the caller has made.  The solvers call this with their own
 * two iterate buffers. */
int steepest_optim_apply(SteepestOptimizer *opt, const double *x, const double *g, double *x_out);

/* C(p) = coef·s(p) into out (not overlapping p), *dual = ‖p‖*,
 * *coef = <p,s>/‖s‖₂² (0 for p = 0); the argument checks of
 * steepest_norm_compress() are the caller's. */
int steepest_optim_compress(const SteepestNorm *norm, size_t n, const double *p, double *out, double *dual,
                            double *coef);

/* TRUE if norm is the library's own ℓ∞ plugin. */
gboolean steepest_optim_norm_is_builtin_linf(const SteepestNorm *norm);
/* max |v_i| (NaN if any is NaN); 0 for v NULL. */
double steepest_optim_max_abs(const double *v, size_t n);
/* MOMENTUM, NESTEROV, LION of the ℓ∞ norm, normalized, in one sweep, when
 * the bound allows; FALSE (nothing done) otherwise.  gl1 = ‖g‖₁ (finite). */
gboolean steepest_optim_fused_sign(SteepestOptimizer *opt, const double *x, const double *g, double gl1,
                                   double lr, double *x_out, double *sn);

G_END_DECLS

#endif /* STEEPEST_OPTIM_PRIVATE_H */
