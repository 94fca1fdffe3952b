/** @file steepest-solver.h
 * steepest-solver.h — steepest descent solvers in any loaded norm.
 *
 * A solver is an opaque handle made for one norm instance and one dimension
 * (the NLopt shape): create it, set the objective, the step rule and the stop
 * criteria, run it on a starting point, read the results, run it again.
 *
 * Sample context: size_t n = 4; double x[4], L = 1; void *my_data = NULL; int my_f(void *, size_t, const double *, double *, double *);
 * @code{.c}
 * SteepestNorm *norm;
 * SteepestSolver *solver;
 * steepest_norm_new("linf", n, &norm);
 * steepest_solver_new(norm, n, &solver);
 * steepest_solver_set_objective(solver, my_f, my_data, NULL);
 * steepest_solver_set_step_rule(solver, STEEPEST_STEP_FIXED);
 * steepest_solver_set_lipschitz(solver, L);        // α = 1/L, Lemma 2
 * steepest_solver_set_grad_tol(solver, 1e-8);
 * int status = steepest_solver_run(solver, n, x);  // x: start in, result out
 * if (status < 0)
 *     fprintf(stderr, "%s\n", steepest_solver_last_error(solver));
 * @endcode
 *
 * Every update is steepest descent (docs/theory.md, Eq. 2) with respect to the
 * solver's norm: the *scaled* step x − α ∇f♯ of the paper, or the
 * *normalized* step x − α s(∇f) (for ℓ∞ the sign step x − α sign(∇f)); see
 * steepest_solver_set_direction().  ‖g‖* below is the dual norm of the
 * gradient.
 *
 * Return values of steepest_solver_run(): a positive SteepestStatus says which
 * stop criterion ended the run (STEEPEST_STOP_...), a negative one that the
 * run failed.  In every case x receives the last iterate at which f was
 * finite — normally one where ∇f was finite too; when only ∇f turns NaN or
 * Inf, the iterate where it did (steepest_solver_get_grad_norm() is then
 * NaN) — so a failure late in a run loses nothing.  x is left untouched
 * only when the run fails at the starting point, or when the iterate to hand
 * back has itself overflowed to ±Inf although f and ∇f stayed finite there
 * (an objective that ignores its input; STEEPEST_ERROR_NOT_FINITE).  The
 * solver works on its own buffers (two iterates, one gradient) and copies
 * into x at the end.
 *
 * Lifetimes: the solver borrows the norm, which must outlive it.  User data
 * given with a SteepestDestroyNotify to a setter that succeeds is owned by the
 * solver from then on and released exactly once: when it is replaced or the
 * solver is freed (runs, failed or not, never release it).  A setter that
 * fails leaves both the current data and the offered one with their owners.
 *
 * Threads: a solver is used by one thread at a time; different solvers may
 * run in parallel (norm instances may be shared).
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_SOLVER_H
#define STEEPEST_SOLVER_H

#include <stddef.h>
#include <stdint.h>
#include <steepest/steepest-export.h>
#include <steepest/steepest-norm.h>
#include <steepest/steepest-objective.h>
#include <steepest/steepest-optimizer.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A steepest descent solver.  Opaque. */
typedef struct SteepestSolver SteepestSolver;

/** What the iteration callback sees.  Opaque; valid only during the call. */
typedef struct SteepestIterationInfo SteepestIterationInfo;

/** Step rules.  α_t is the coefficient of the direction d_t, which is ∇f♯
 * (scaled) or s(∇f) (normalized) as set by steepest_solver_set_direction(). */
typedef enum {
    /** α = 1/L (steepest_solver_set_lipschitz): the paper's rule; with the
     * scaled direction each step decreases f by at least ‖g‖*²/(2L) (Lemma 2). */
    STEEPEST_STEP_FIXED = 0,
    /** α = α0 (steepest_solver_set_step_size), the same every step. */
    STEEPEST_STEP_CONSTANT = 1,
    /** α_t = α0 / √(t+1), t = 0, 1, ... */
    STEEPEST_STEP_INV_SQRT = 2,
    /** α_t = α0 · γ^t (steepest_solver_set_decay). */
    STEEPEST_STEP_GEOMETRIC = 3,
    /** Backtracking from α0: α ← shrink·α until the sufficient-decrease test
     * f(x − α d) ≤ f(x) − c·α·<g, d> holds, where <g, ∇f♯> = ‖g‖*² (scaled)
     * and <g, s(g)> = ‖g‖* (normalized); see steepest_solver_set_armijo().
     * A trial whose f is NaN or ±Inf counts as failing the test.  No
     * acceptable α within the allowed backtracks: STEEPEST_ERROR_LINE_SEARCH. */
    STEEPEST_STEP_ARMIJO = 4,
    /** Normalized steepest descent (App. C, Eq. 44):
     * α_t = 1 / (5 L0 + 4 L1 ‖g‖*) (steepest_solver_set_l0_l1).  With the
     * scaled direction this is exactly Eq. 44. */
    STEEPEST_STEP_NORMALIZED_SD = 5,
    /** Normalized gradient descent (Eq. 38) in any norm:
     * α_t = α0 / (‖g‖* + β) (steepest_solver_set_normalized_gd_beta).  With
     * the scaled direction and the ℓ2 norm this is exactly Eq. 38,
     * x − α ∇f / (‖∇f‖₂ + β). */
    STEEPEST_STEP_NORMALIZED_GD = 6,
    /** Heavy-ball momentum on the direction: m ← β m + g, x ← x − α0 d(m),
     * d(m) = m♯ or s(m) (steepest_solver_set_momentum); m starts at 0.  The
     * ℓ∞ norm with the normalized direction is signSGD with momentum. */
    STEEPEST_STEP_MOMENTUM = 7,
    /** RPROP (Riedmiller & Braun 1993) without weight backtracking ("Rprop−"):
     * per coordinate, Δ_i ← min(η+ Δ_i, Δmax) while sign(g_i) keeps its sign,
     * Δ_i ← max(η− Δ_i, Δmin) when it flips, unchanged when either sign is 0;
     * x_i ← x_i − Δ_i sign(g_i) (steepest_solver_set_rprop).  The update is
     * the normalized steepest step of the weighted ℓ∞ norm max_i |x_i|/Δ_i,
     * so it ignores steepest_solver_set_direction(); the solver's norm still
     * measures ‖g‖* (gradient tolerance, reports) and the x tolerance.  The
     * reported step size is max_i Δ_i. */
    STEEPEST_STEP_RPROP = 8
} SteepestStepRule;

/* SteepestDirection (scaled or normalized) is declared in steepest-optimizer.h,
 * whose rules the solvers share. */

/** Called after every step (iteration t = 1, 2, ...).  Return 0 to go on,
 * nonzero to stop the run with STEEPEST_STOP_USER (x is then the iterate the
 * info describes).  Must not longjmp out of the library. */
typedef int (*SteepestIterationFn)(void *user_data, const SteepestIterationInfo *info);

/* ---- the handle ----------------------------------------------------------- */

/** Creates a solver for vectors of dimension n in the given norm (borrowed; it
 * must outlive the solver).  Defaults: no objective, STEEPEST_STEP_CONSTANT
 * with α0 = 1e-3, scaled direction, at most 1000 iterations, every tolerance
 * off (0), cycle detection on, no callback, no trace.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL norm or out),
 * STEEPEST_ERROR_DIMENSION (n == 0 or n differs from the norm's dimension).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_new(const SteepestNorm *norm, size_t n, SteepestSolver **out);

/** Frees the solver and releases user data it owns; NULL is ignored.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_solver_free(SteepestSolver *solver);

/** The norm and dimension the solver was made for.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const SteepestNorm *steepest_solver_get_norm(const SteepestSolver *solver);
/** The dimension the solver was made for.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 size_t steepest_solver_get_dimension(const SteepestSolver *solver);

/** Message of the most recent failure of a call on this solver ("" if none).
 * Valid until the next call on the solver.  The calling thread's
 * steepest_last_error() carries the same message.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_solver_last_error(const SteepestSolver *solver);

/* ---- objective and callback ------------------------------------------------ */

/** Sets the objective: fn computes f and, when its grad argument is not NULL,
 * ∇f.  destroy (may be NULL) is called on user_data when the objective is
 * replaced or the solver freed — but not when the replacement installs the
 * same user_data again (it stays in use; the new destroy takes over).
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (fn NULL).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_objective(SteepestSolver *solver, SteepestObjectiveFn fn,
                                                            void *user_data, SteepestDestroyNotify destroy);

/** Sets the objective as separate value and gradient callbacks sharing
 * user_data.  The solver calls grad_fn only where it needs ∇f, and value_fn
 * alone for line-search trials.  Errors: STEEPEST_ERROR_INVALID_ARGUMENT.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_objective_split(SteepestSolver *solver,
                                                                  SteepestValueFn value_fn,
                                                                  SteepestGradientFn grad_fn, void *user_data,
                                                                  SteepestDestroyNotify destroy);

/** Sets (fn != NULL) or removes (fn == NULL) the iteration callback; user_data
 * and destroy as for steepest_solver_set_objective().  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_iteration_callback(SteepestSolver *solver,
                                                                     SteepestIterationFn fn, void *user_data,
                                                                     SteepestDestroyNotify destroy);

/* ---- step rule -------------------------------------------------------------- */

/** rule: a SteepestStepRule.  Errors: STEEPEST_ERROR_INVALID_ARGUMENT.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_step_rule(SteepestSolver *solver, int rule);
/** The SteepestStepRule in use.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_get_step_rule(const SteepestSolver *solver);

/** direction: a SteepestDirection; applies to every rule except RPROP.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_direction(SteepestSolver *solver, int direction);
/** The SteepestDirection in use.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_get_direction(const SteepestSolver *solver);

/** α0 of the CONSTANT, INV_SQRT, GEOMETRIC, ARMIJO (first trial),
 * NORMALIZED_GD and MOMENTUM rules; finite and > 0.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_step_size(SteepestSolver *solver, double alpha0);

/** The smoothness constant L of f with respect to the solver's norm: the FIXED
 * rule steps with α = 1/L, and every rule reports the Lemma 2 guarantee
 * ‖g‖*²/(2L) to the iteration callback.  L finite and > 0, or 0 to forget it.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_lipschitz(SteepestSolver *solver, double L);

/** γ of the GEOMETRIC rule, in (0, 1].  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_decay(SteepestSolver *solver, double gamma);

/** ARMIJO: c in (0, 1) (default 1e-4), shrink in (0, 1) (default 0.5), at most
 * max_backtracks shrinks per step (default 50; 0 allows only α0).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_armijo(SteepestSolver *solver, double c, double shrink,
                                                         unsigned max_backtracks);

/** NORMALIZED_SD: (L0, L1)-smoothness constants (Def. 2), both finite and
 * >= 0, not both 0.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_l0_l1(SteepestSolver *solver, double L0, double L1);

/** NORMALIZED_GD: β >= 0 (default 0) in α0 / (‖g‖* + β).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_normalized_gd_beta(SteepestSolver *solver, double beta);

/** MOMENTUM: β in [0, 1) (default 0.9).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_momentum(SteepestSolver *solver, double beta);

/** RPROP: η+ > 1 (default 1.2), η− in (0, 1) (default 0.5), the initial step
 * Δ0 > 0 (default 0.1) and the clip range 0 <= Δmin <= Δ0 <= Δmax (defaults
 * 1e-6 and 50).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_rprop(SteepestSolver *solver, double eta_plus,
                                                        double eta_minus, double delta0, double delta_min,
                                                        double delta_max);

/* ---- stop criteria ------------------------------------------------------------
 * Checked in this order.  Before each step, at the current iterate:
 * ‖g‖* == 0 -> STEEPEST_STOP_STATIONARY (no step is taken, nothing is divided
 * by it); ‖g‖* <= grad_tol -> STEEPEST_STOP_GRAD_TOL; f <= f_target ->
 * STEEPEST_STOP_F_TARGET; iterations == max_iter -> STEEPEST_STOP_MAX_ITER;
 * elapsed >= max_time -> STEEPEST_STOP_MAX_TIME.  Before each evaluation:
 * evaluations == max_eval -> STEEPEST_STOP_MAX_EVAL.  After each step: the
 * callback -> STEEPEST_STOP_USER; |Δf| <= ftol_abs -> STEEPEST_STOP_FTOL_ABS;
 * |Δf| <= ftol_rel·|f_prev| -> STEEPEST_STOP_FTOL_REL; ‖x_{t+1} − x_t‖ <= xtol
 * (in the solver's norm) -> STEEPEST_STOP_XTOL; a 2-cycle x_k == x_{k−2}
 * -> STEEPEST_STOP_CYCLE.  A tolerance of 0 (a limit of 0) is off.
 * NaN or Inf in f or ∇f -> STEEPEST_ERROR_NOT_FINITE (see
 * steepest_solver_run() for what x holds). */

/** ‖g‖* <= tol stops (tol >= 0).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_grad_tol(SteepestSolver *solver, double tol);
/** |f_{t+1} − f_t| <= tol · |f_t| stops (tol >= 0).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_ftol_rel(SteepestSolver *solver, double tol);
/** |f_{t+1} − f_t| <= tol stops (tol >= 0).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_ftol_abs(SteepestSolver *solver, double tol);
/** ‖x_{t+1} − x_t‖ <= tol in the solver's norm stops (tol >= 0).  Free for the
 * norm-step rules (‖α ∇f♯‖ = α‖g‖*, ‖α s‖ = α); RPROP pays one norm
 * evaluation per step when it is set.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_xtol(SteepestSolver *solver, double tol);
/** At most this many steps (0: no limit; default 1000).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_max_iter(SteepestSolver *solver, uint64_t max_iter);
/** At most this many evaluations of f, counting the first (0: no limit).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_max_eval(SteepestSolver *solver, uint64_t max_eval);
/** Stop after this many seconds of wall time (>= 0; 0: no limit).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_max_time(SteepestSolver *solver, double seconds);
/** Stop once f <= target.  NaN (the default) turns it off.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_f_target(SteepestSolver *solver, double target);
/** Detect the 2-cycle x_k == x_{k−2} (exact equality) and stop with
 * STEEPEST_STOP_CYCLE.  The iterates are looked at only when f_k == f_{k−2},
 * so a descending run pays nothing; at the first such repeat the solver
 * snapshots x_k and stops when x_{k+2} equals it, i.e. two steps after the
 * cycle began (x is then a point of the cycle).  Only the rules whose update
 * depends on x alone (FIXED, CONSTANT, ARMIJO, NORMALIZED_SD, NORMALIZED_GD)
 * check, since only for them does a repeat mean the run repeats forever.
 * Default on.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_cycle_detection(SteepestSolver *solver, int enabled);

/* ---- trace -------------------------------------------------------------------
 * Record k (k = 0 .. iterations) describes iterate x_k: f(x_k), ‖∇f(x_k)‖*,
 * the step size α_{k−1} that led to it (NaN for k = 0) and the number of
 * evaluations of f done once it was reached.  A run that failed because only
 * ∇f turned NaN or Inf records the iterate it hands back too, with
 * ‖∇f‖* = NaN; one whose f turned non-finite records nothing past the
 * iterate it hands back. */

/** Records a trace in library-owned arrays that grow as needed (enabled != 0),
 * or stops recording (enabled == 0, also forgetting caller buffers).  Records
 * they have no memory for are dropped (steepest_solver_get_trace_truncated()).
 * Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_trace(SteepestSolver *solver, int enabled);

/** Records into caller-provided arrays of `capacity` entries; any of the
 * arrays may be NULL to skip that quantity.  Records past capacity are
 * dropped (steepest_solver_get_trace_truncated()).  The arrays must stay valid
 * while the solver runs.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_set_trace_buffers(SteepestSolver *solver, size_t capacity,
                                                                double *f, double *grad_norm, double *step,
                                                                uint64_t *evaluations);

/** Number of records of the last run (at most the capacity).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 size_t steepest_solver_get_trace_length(const SteepestSolver *solver);
/** 1 if the last run had more records than the caller's buffers held, or than
 * the library's arrays could grow to hold (out of memory).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_get_trace_truncated(const SteepestSolver *solver);
/** The trace arrays (library-owned or the caller's), NULL when not recorded.
 * Library-owned arrays are valid until the next run or until the solver is freed.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const double *steepest_solver_get_trace_f(const SteepestSolver *solver);
/** ‖∇f(x_k)‖* of each trace record; see steepest_solver_get_trace_f().  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const double *steepest_solver_get_trace_grad_norm(const SteepestSolver *solver);
/** The step α_{k−1} that led to record k (NaN for k = 0); see steepest_solver_get_trace_f().
 * Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const double *steepest_solver_get_trace_step(const SteepestSolver *solver);
/** Objective evaluations done once x_k was reached; see steepest_solver_get_trace_f().
 * Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const uint64_t *steepest_solver_get_trace_evaluations(const SteepestSolver *solver);

/* ---- running --------------------------------------------------------------- */

/** Minimizes from x (length n) and writes the result into x.  Returns the stop
 * reason (> 0) or a failure (< 0):
 * STEEPEST_ERROR_INVALID_ARGUMENT (no objective, x NULL, a rule's required
 * constant not set — L for FIXED, L0/L1 for NORMALIZED_SD),
 * STEEPEST_ERROR_DIMENSION (n differs), STEEPEST_ERROR_NOT_FINITE (x0, f or ∇f
 * not finite; x is the last finite iterate), STEEPEST_ERROR_CALLBACK (the
 * objective returned nonzero; steepest_solver_get_callback_status() has its
 * value), STEEPEST_ERROR_LINE_SEARCH, STEEPEST_ERROR_NO_MEMORY, or a norm's
 * error.  The solver can be run again after any outcome.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_run(SteepestSolver *solver, size_t n, double *x);

/** Status the last run returned (STEEPEST_OK before the first run).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_get_status(const SteepestSolver *solver);
/** Steps taken in the last run.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 uint64_t steepest_solver_get_iterations(const SteepestSolver *solver);
/** Evaluations of f (objective calls computing a value) in the last run.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 uint64_t steepest_solver_get_evaluations(const SteepestSolver *solver);
/** Evaluations of ∇f in the last run.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 uint64_t steepest_solver_get_gradient_evaluations(const SteepestSolver *solver);
/** f at the returned x (NaN if the run never evaluated f).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_solver_get_f(const SteepestSolver *solver);
/** f at the starting point.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_solver_get_initial_f(const SteepestSolver *solver);
/** ‖∇f‖* at the returned x (NaN if unknown).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_solver_get_grad_norm(const SteepestSolver *solver);
/** Wall time of the last run in seconds.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_solver_get_elapsed(const SteepestSolver *solver);
/** The value the objective returned when the last run ended with
 * STEEPEST_ERROR_CALLBACK; 0 otherwise.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_solver_get_callback_status(const SteepestSolver *solver);

/* ---- iteration info (inside the iteration callback) --------------------------- */

/** The iteration number t >= 1: the info describes x_t, reached by step t.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 uint64_t steepest_iteration_info_get_iteration(const SteepestIterationInfo *info);
/** f(x_t).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_iteration_info_get_f(const SteepestIterationInfo *info);
/** f(x_{t−1}).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_iteration_info_get_f_previous(const SteepestIterationInfo *info);
/** ‖∇f(x_t)‖*.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_iteration_info_get_grad_norm(const SteepestIterationInfo *info);
/** ‖∇f(x_{t−1})‖*, the gradient the step was computed from.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_iteration_info_get_grad_norm_previous(
    const SteepestIterationInfo *info);
/** α_{t−1}, the coefficient of the direction in step t.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_iteration_info_get_step_size(const SteepestIterationInfo *info);
/** ‖x_t − x_{t−1}‖ in the solver's norm (NaN for RPROP without an x tolerance).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_iteration_info_get_step_norm(const SteepestIterationInfo *info);
/** Evaluations of f so far.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 uint64_t steepest_iteration_info_get_evaluations(const SteepestIterationInfo *info);
/** Lemma 2's guaranteed decrease ‖∇f(x_{t−1})‖*²/(2L), NaN when no L is set.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_iteration_info_get_guarantee(const SteepestIterationInfo *info);
/** 1 when the step is the one Lemma 2 is about (FIXED rule, scaled
 * direction, so f_previous − f >= guarantee if f is L-smooth), else 0.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_iteration_info_get_guarantee_applies(
    const SteepestIterationInfo *info);
/** The actual decrease f(x_{t−1}) − f(x_t).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_iteration_info_get_decrease(const SteepestIterationInfo *info);
/** x_t (length n, read only, valid during the call).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const double *steepest_iteration_info_get_x(const SteepestIterationInfo *info);
/** ∇f(x_t) (length n, read only, valid during the call).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const double *steepest_iteration_info_get_gradient(
    const SteepestIterationInfo *info);
/** n.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 size_t steepest_iteration_info_get_dimension(const SteepestIterationInfo *info);

/* ---- gradient checker ---------------------------------------------------------- */

/** Compares the gradient fn computes at x with central finite differences
 * (f(x + h_i e_i) − f(x − h_i e_i)) / (2 h_i), h_i = h · max(1, |x_i|)
 * (h <= 0 picks h = cbrt(DBL_EPSILON) ≈ 6e-6).  The relative error of
 * coordinate i is |a_i − d_i| / max(|a_i|, |d_i|, floor), a the analytic and
 * d the numeric derivative, floor = 1e-6 · max(1, max_j |a_j|) so that
 * coordinates with a true derivative of 0 do not divide by rounding noise.
 * Writes the k worst coordinates, worst first, into indices / analytic /
 * numeric / rel_error (each of length k; any may be NULL, k may be 0; a k
 * larger than n is treated as n) and the
 * largest relative error into *max_rel_error (may be NULL).  Returns
 * STEEPEST_OK whether or not the gradient is right — compare *max_rel_error
 * with a tolerance (1e-6 is a good one for smooth f in double precision).
 * Costs 1 + 2n evaluations.  Errors: STEEPEST_ERROR_INVALID_ARGUMENT,
 * STEEPEST_ERROR_NOT_FINITE (x, f or the analytic gradient not finite,
 * naming the index), STEEPEST_ERROR_CALLBACK, STEEPEST_ERROR_NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_check_gradient(SteepestObjectiveFn fn, void *user_data, size_t n,
                                                      const double *x, double h, size_t k, size_t *indices,
                                                      double *analytic, double *numeric, double *rel_error,
                                                      double *max_rel_error);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_SOLVER_H */
