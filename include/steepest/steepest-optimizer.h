/** @file steepest-optimizer.h
 * steepest-optimizer.h — stateful steepest-descent updates for training loops.
 *
 * A SteepestOptimizer turns gradients that the caller computes (a framework,
 * NumPy, the caller's own C) into updates of the caller's parameters, step
 * after step, with state — the shape of optax's `update` or PyTorch's
 * `optimizer.step()`, in any loaded norm:
 *
 *     SteepestNorm *norm;
 *     SteepestOptimizer *opt;
 *     steepest_norm_new("linf", n, &norm);
 *     steepest_optimizer_new(norm, n, &opt);
 *     steepest_optimizer_set_rule(opt, STEEPEST_RULE_MOMENTUM);   // Signum
 *     steepest_optimizer_set_lr(opt, 1e-3);
 *     for (;;) {
 *         compute_gradient(x, g);                               // the caller's
 *         if (steepest_optimizer_update(opt, n, x, g) != STEEPEST_OK)
 *             fprintf(stderr, "%s\n", steepest_optimizer_last_error(opt));
 *     }
 *
 * Notation (docs/optimizers.md has every formula with its source).  d(v) is
 * the norm's direction for v: the scaled v♯ (the duality map, the paper's
 * step, Balles et al. Eq. 2) or the normalized s(v), the unit-norm steepest
 * direction (sign(v) for ℓ∞), as steepest_optimizer_set_direction() chooses
 * (default normalized).  t counts updates from 0, lr_t = lr · schedule(t).
 * Every rule applies decoupled weight decay λ (default 0):
 *
 *     x ← x − lr_t · (u + λ·x)        (x on the right: before the update)
 *
 * where u is the rule's update:
 *
 *   SGD       u = d(g)
 *   MOMENTUM  m ← β·m + (1−τ)·g;  u = d(m)           (ℓ∞ normalized: Signum)
 *   NESTEROV  m ← β·m + (1−τ)·g;  u = d((1−τ)·g + β·m)
 *             (τ = 0: PyTorch SGD(nesterov=True); τ = β: torch.optim.Muon)
 *   LION      c = β1·m + (1−β1)·g;  u = d(c);  m ← β2·m + (1−β2)·g
 *   ADAM      m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;
 *             u = m̂ / (√v̂ + ε),  m̂ = m/(1−β1^(t+1)),  v̂ = v/(1−β2^(t+1))
 *             (the norm does not enter; λ must be 0)
 *   ADAMW     ADAM with λ >= 0 allowed
 *   EF        p = lr_t·g + e;  Δ = C(p);  x ← x − Δ − lr_t·λ·x;  e ← p − Δ
 *             with the compressor C of steepest_norm_compress()
 *
 * State: the buffers a rule needs (m; m and v; e), each of n doubles, all
 * zero after creation, steepest_optimizer_set_rule() and
 * steepest_optimizer_reset(), plus the step count t.
 *
 * Failures leave everything as it was: an update that fails (bad arguments,
 * a non-finite gradient, a plugin failure) leaves x, the state and the step
 * count byte-identical (see steepest_optimizer_update() for the one
 * overflow exception), and a setter that fails changes nothing.
 *
 * Lifetimes and threads: the optimizer borrows the norm, which must outlive
 * it.  An optimizer is used by one thread at a time; several optimizers may
 * share a norm.
 *
 * Since: 0.2
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_OPTIMIZER_H
#define STEEPEST_OPTIMIZER_H

#include <stddef.h>
#include <stdint.h>
#include <steepest/steepest-export.h>
#include <steepest/steepest-norm.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A stateful update rule in one norm.  Opaque.  Since: 0.2 */
typedef struct SteepestOptimizer SteepestOptimizer;

/** The direction a norm step moves along (shared with the solvers). */
typedef enum {
    /** d(v) = v♯, the duality map (the paper's step; shrinks with ‖v‖*). */
    STEEPEST_DIRECTION_SCALED = 0,
    /** d(v) = s(v), the unit-norm steepest direction (sign(v) for ℓ∞); 0 at v = 0. */
    STEEPEST_DIRECTION_NORMALIZED = 1
} SteepestDirection;

/** The update rules (formulas in the header comment).  Since: 0.2 */
typedef enum {
    STEEPEST_RULE_SGD = 0,      /**< u = d(g) */
    STEEPEST_RULE_MOMENTUM = 1, /**< heavy ball with dampening; Signum for ℓ∞ normalized */
    STEEPEST_RULE_NESTEROV = 2, /**< Nesterov momentum; Muon's momentum with τ = β */
    STEEPEST_RULE_LION = 3,     /**< Chen et al. 2023; optax.lion for ℓ∞ normalized */
    STEEPEST_RULE_ADAM = 4,     /**< bias-corrected Adam (PyTorch's); λ must be 0 */
    STEEPEST_RULE_ADAMW = 5,    /**< Adam with decoupled weight decay (PyTorch's AdamW) */
    STEEPEST_RULE_EF = 6        /**< error feedback (Karimireddy et al. 2019, EF-SGD) */
} SteepestRule;

/** Learning-rate schedules: lr_t = lr · schedule(t), t = 0, 1, ...  Since: 0.2 */
typedef enum {
    STEEPEST_SCHEDULE_CONSTANT = 0,  /**< 1 */
    STEEPEST_SCHEDULE_INV_SQRT = 1,  /**< 1/√(t+1) */
    STEEPEST_SCHEDULE_GEOMETRIC = 2, /**< γ^t */
    STEEPEST_SCHEDULE_STEP = 3,      /**< γ^⌊t/k⌋ (step decay every k updates) */
    /** Linear warm-up then cosine decay: (t+1)/w for t < w; then, with
     * p = min(1, (t−w)/(T−w)), f + (1−f)·(1 + cos(π p))/2, where w is the
     * number of warm-up steps, T the total steps and f the final fraction. */
    STEEPEST_SCHEDULE_COSINE = 4
} SteepestSchedule;

/* ---- the handle ---------------------------------------------------------- */

/** Creates an optimizer for vectors of dimension n in the given norm
 * (borrowed: it must outlive the optimizer).  Defaults: rule SGD, lr 1e-3,
 * normalized direction, constant schedule, momentum β = 0.9 with dampening
 * τ = 0, betas (β1, β2) = (0.9, 0.999), ε = 1e-8, weight decay λ = 0.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (norm or out NULL),
 * STEEPEST_ERROR_DIMENSION (n is 0 or not the norm's dimension),
 * STEEPEST_ERROR_NO_MEMORY.  On failure *out is NULL (when out is not).
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_new(const SteepestNorm *norm, size_t n,
                                                     SteepestOptimizer **out);

/** Frees the optimizer and its state; NULL is ignored.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 void steepest_optimizer_free(SteepestOptimizer *opt);

/** The norm the optimizer was made for (NULL for NULL).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 const SteepestNorm *steepest_optimizer_get_norm(const SteepestOptimizer *opt);
/** The dimension the optimizer was made for (0 for NULL).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 size_t steepest_optimizer_get_dimension(const SteepestOptimizer *opt);

/** Message of the most recent failure of a call on this optimizer ("" if
 * none; "" for NULL).  Valid until the next call on the optimizer; the
 * calling thread's steepest_last_error() carries the same message.
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 const char *steepest_optimizer_last_error(const SteepestOptimizer *opt);

/* ---- rule and hyperparameters ---------------------------------------------
 * Every setter returns STEEPEST_OK, or STEEPEST_ERROR_INVALID_ARGUMENT for a
 * NULL optimizer, or STEEPEST_ERROR_PARAMETER for a value out of range, with
 * a message naming the parameter; a failed setter changes nothing.  Setters
 * other than set_rule keep the state, so hyperparameters may change between
 * updates (a schedule of one's own). */

/** Chooses the rule (a SteepestRule) and clears the state as
 * steepest_optimizer_reset() does.  ADAM while λ > 0 is refused
 * (STEEPEST_ERROR_PARAMETER: use ADAMW), an unknown rule too
 * (STEEPEST_ERROR_INVALID_ARGUMENT); STEEPEST_ERROR_NO_MEMORY when the
 * state cannot be allocated.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_rule(SteepestOptimizer *opt, int rule);
/** The current rule; -1 for NULL.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_get_rule(const SteepestOptimizer *opt);
/** The rule's name ("sgd", "momentum", "nesterov", "lion", "adam", "adamw",
 * "ef"), or NULL for a value that is not a rule.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 const char *steepest_rule_name(int rule);
/** The rule of that name (as steepest_rule_name() spells it), or -1.
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_rule_from_name(const char *name);

/** direction: a SteepestDirection (STEEPEST_ERROR_INVALID_ARGUMENT otherwise).
 * ADAM, ADAMW and EF ignore it (EF always compresses along s(p)).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_direction(SteepestOptimizer *opt, int direction);
/** The SteepestDirection in use (-1 for NULL).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_get_direction(const SteepestOptimizer *opt);

/** The base learning rate lr: finite and > 0.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_lr(SteepestOptimizer *opt, double lr);
/** MOMENTUM and NESTEROV: β in [0, 1), dampening τ in [0, 1].  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_momentum(SteepestOptimizer *opt, double beta,
                                                              double dampening);
/** ADAM, ADAMW and LION: β1 and β2 in [0, 1) (for LION the paper's defaults
 * are (0.9, 0.99)).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_betas(SteepestOptimizer *opt, double beta1,
                                                           double beta2);
/** ADAM and ADAMW: ε finite and >= 0.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_eps(SteepestOptimizer *opt, double eps);
/** Decoupled weight decay λ, finite and >= 0; λ > 0 is refused under ADAM
 * (STEEPEST_ERROR_PARAMETER: use ADAMW).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_weight_decay(SteepestOptimizer *opt, double lambda);

/** Reads the hyperparameters back; any output may be NULL.
 * STEEPEST_ERROR_INVALID_ARGUMENT for a NULL optimizer.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_get_hyperparameters(const SteepestOptimizer *opt, double *lr,
                                                                     double *beta, double *dampening,
                                                                     double *beta1, double *beta2,
                                                                     double *eps, double *weight_decay);

/* ---- schedules ------------------------------------------------------------- */

/** schedule(t) = 1 (the default).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_schedule_constant(SteepestOptimizer *opt);
/** schedule(t) = 1/√(t+1).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_schedule_inv_sqrt(SteepestOptimizer *opt);
/** schedule(t) = γ^t, γ in (0, 1].  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_schedule_geometric(SteepestOptimizer *opt, double gamma);
/** schedule(t) = γ^⌊t/every⌋, every >= 1, γ in (0, 1].  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_schedule_step(SteepestOptimizer *opt, uint64_t every,
                                                                   double gamma);
/** Linear warm-up over `warmup` steps, then cosine decay to `final_fraction`
 * of lr at step `total` (and after): see STEEPEST_SCHEDULE_COSINE.
 * warmup < total (warmup may be 0), final_fraction in [0, 1].  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_schedule_cosine(SteepestOptimizer *opt, uint64_t warmup,
                                                                     uint64_t total, double final_fraction);
/** The current schedule (a SteepestSchedule); -1 for NULL.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_get_schedule(const SteepestOptimizer *opt);
/** *lr = lr · schedule(t), the rate update number t would use.
 * STEEPEST_ERROR_INVALID_ARGUMENT (opt or lr NULL).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_get_lr_at(const SteepestOptimizer *opt, uint64_t t,
                                                           double *lr);

/* ---- updating -------------------------------------------------------------- */

/** Applies one update to x (length n, in place) from the caller's gradient g
 * and advances t.  g is only read; x and g must not overlap.
 * Errors:
 *   STEEPEST_ERROR_INVALID_ARGUMENT  opt, x or g NULL; x and g overlap
 *   STEEPEST_ERROR_DIMENSION         n is not the optimizer's dimension
 *   STEEPEST_ERROR_NOT_FINITE        g holds NaN or Inf (the message names
 *                                    the first such index), or the update
 *                                    would overflow the double range
 *   STEEPEST_ERROR_PLUGIN_FAILED     the norm's plugin failed (or its own code)
 * On every failure x, the state and the step count are byte-identical to
 * before the call — with one exception: when the vector v a rule steps
 * along is finite but its ‖v‖*, or the scaled step's length lr_t·‖v‖*,
 * overflows the double range (entries near 1e308), the norm's fused kernel
 * reports it after having written x (the state is still unchanged).  The
 * non-finite check rides on the sweep that computes ‖g‖*; no extra pass
 * over g is made for it.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_update(SteepestOptimizer *opt, size_t n, double *x,
                                                        const double *g);

/** EF's message for a distributed run: p = lr_t·g + e, Δ = C(p) into delta,
 * e ← p − Δ, and t advances — everything of the EF rule except the change
 * of x, which the caller applies after combining the ranks' Δ
 * (x ← x − mean Δ − lr_t·λ·x, lr_t from steepest_optimizer_get_lr()).
 * Needs rule EF (STEEPEST_ERROR_STATE otherwise); delta must not overlap g;
 * other errors and the no-change-on-failure promise as for
 * steepest_optimizer_update().  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_ef_message(SteepestOptimizer *opt, size_t n, const double *g,
                                                            double *delta);

/** The norm's compressor used by EF, the ℓ2 projection of p onto the line of
 * its unit steepest direction s = s(p):
 *     C(p) = (<p, s> / ‖s‖₂²) · s = (‖p‖* / ‖s‖₂²) · s      (0 for p = 0)
 * For ℓ∞ the scaled sign (‖p‖₁/n)·sign(p) (n counting the nonzero p_i),
 * for ℓ1 top-1 sparsification
 * p_i* e_i*, for ℓ2 the identity.  out (n doubles) must not overlap p;
 * *dual_value = ‖p‖* (may be NULL).  Errors as steepest_norm_unit_direction()
 * (INVALID_ARGUMENT, DIMENSION, NOT_FINITE naming p's first bad index — then
 * out is not written — PLUGIN_FAILED).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_norm_compress(const SteepestNorm *norm, size_t n, const double *p,
                                                     double *out, double *dual_value);

/* ---- what the last update did ----------------------------------------------- */

/** Updates applied since creation, set_rule, reset or the state loaded
 * (the t of the next update); 0 for NULL.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 uint64_t steepest_optimizer_get_step(const SteepestOptimizer *opt);
/** lr_t of the last update; NaN before the first (or for NULL).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 double steepest_optimizer_get_lr(const SteepestOptimizer *opt);
/** ‖g‖* of the last update's gradient; NaN before the first.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 double steepest_optimizer_get_grad_norm(const SteepestOptimizer *opt);
/** Length in the norm of the last step's rule part, ‖lr_t·u‖ (‖Δ‖ for EF),
 * weight decay excluded: lr_t for a normalized direction of a nonzero vector
 * (0 for a zero one), lr_t·‖v‖* for the scaled direction d(v).  NaN before
 * the first update, and for ADAM/ADAMW, whose u the norm does not shape
 * (measuring it would cost a pass).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 double steepest_optimizer_get_step_norm(const SteepestOptimizer *opt);

/* ---- state ------------------------------------------------------------------ */

/** Clears the state: buffers to zero, t = 0, the last-update getters to NaN.
 * Hyperparameters stay.  STEEPEST_ERROR_INVALID_ARGUMENT for NULL.
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_reset(SteepestOptimizer *opt);

/** *size = the bytes steepest_optimizer_get_state() writes: a 64-byte
 * header (magic "STEEPOPT", a byte-order tag, the format version, the rule,
 * the buffer count, n, t and the last-update getters), the rule's buffers,
 * and a 64-bit checksum.  STEEPEST_ERROR_INVALID_ARGUMENT for NULL
 * arguments.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_get_state_size(const SteepestOptimizer *opt, size_t *size);

/** Writes the state into buffer (size bytes, at least the state size; the
 * bytes past it are not touched).  Errors: STEEPEST_ERROR_INVALID_ARGUMENT
 * (NULL arguments, or size too small: nothing is written).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_get_state(const SteepestOptimizer *opt, void *buffer,
                                                           size_t size);

/** Loads a state written by steepest_optimizer_get_state(); updates then
 * continue bit-identically to the optimizer that wrote it, given the same
 * hyperparameters.  Refused with STEEPEST_ERROR_FORMAT, the message saying
 * why, when the buffer is not such a state, has the other byte order or
 * another format version, is truncated or corrupted (checksum), or was
 * written for another rule or dimension; STEEPEST_ERROR_INVALID_ARGUMENT for
 * NULL arguments.  A refused buffer changes nothing.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_optimizer_set_state(SteepestOptimizer *opt, const void *buffer,
                                                           size_t size);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_OPTIMIZER_H */
