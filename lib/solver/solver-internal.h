/* solver-internal.h — the solver handle's layout, shared by lib/solver*.c only. */
#ifndef STEEPEST_SOLVER_INTERNAL_H
#define STEEPEST_SOLVER_INTERNAL_H

#include "core/steepest-private.h"
#include "optim/optim-private.h"

G_BEGIN_DECLS

struct SteepestIterationInfo {
    uint64_t iteration;
    double f, f_previous;
    double grad_norm, grad_norm_previous;
    double step_size, step_norm;
    uint64_t evaluations;
    double guarantee, decrease;
    int guarantee_applies;
    const double *x, *gradient;
    size_t n;
};

/* The run's trace: library-owned growing arrays or the caller's arrays. */
typedef struct {
    gboolean enabled;
    gboolean caller_owned;
    size_t capacity; /* the caller's buffers, or the room in the library's */
    double *f, *grad_norm, *step;
    uint64_t *evaluations;
    size_t length;
    gboolean truncated;
} SolverTrace;

/* Per-rule state that lives across the steps of one run. */
typedef struct {
    SteepestOptimizer *momentum; /* MOMENTUM: the optimizer's momentum rule, m inside */
    double *delta;               /* RPROP: Δ */
    signed char *sign_previous;  /* RPROP: sign(g) of the last step */
    double *scratch;             /* RPROP with an x tolerance: the step vector */
} SolverRuleState;

struct SteepestSolver {
    const SteepestNorm *norm;
    size_t n;

    /* objective: either fn, or value_fn + grad_fn */
    SteepestObjectiveFn fn;
    SteepestValueFn value_fn;
    SteepestGradientFn grad_fn;
    void *objective_data;
    SteepestDestroyNotify objective_destroy;

    SteepestIterationFn iteration_fn;
    void *iteration_data;
    SteepestDestroyNotify iteration_destroy;

    /* step rule and its constants */
    int rule, direction;
    double alpha0, lipschitz, decay;
    double armijo_c, armijo_shrink;
    unsigned armijo_max_backtracks;
    double l0, l1, ngd_beta, momentum_beta;
    double eta_plus, eta_minus, delta0, delta_min, delta_max;

    /* stop criteria */
    double grad_tol, ftol_rel, ftol_abs, xtol, max_time, f_target;
    uint64_t max_iter, max_eval;
    gboolean cycle_detection;

    SolverTrace trace;
    uint64_t snapshot_iteration[2];
    gboolean snapshot_valid[2];

    /* buffers, allocated at the first run and kept: two iterates and one
     * gradient (two for ARMIJO, whose trials must not overwrite ∇f(x_t)), so
     * a run's working set stays as small as a hand-written loop's; the cycle
     * snapshots only once f repeats */
    double *x_buffers[2];
    double *g_buffers[2];
    double *snapshots[2];
    SolverRuleState rule_state;

    /* results of the last run */
    int status, callback_status;
    uint64_t iterations, evaluations, gradient_evaluations;
    double f, f_initial, grad_norm, elapsed;

    char *last_error;
};

/* Records the thread's last error on the solver; returns status. */
int steepest_solver_record(SteepestSolver *solver, int status);

/* ---- step rules (solver-step.c) ---- */

/* What one step needs and produces. */
typedef struct {
    uint64_t t;          /* index of the iterate the step starts from */
    const double *x, *g; /* x_t, ∇f(x_t) */
    double *x_next;      /* x_{t+1} is written here */
    gboolean norm_only;  /* the run ends before this step: only ‖g‖* is needed */
    double grad_norm;    /* out: ‖∇f(x_t)‖* */
    double step_size;    /* out: α_t */
    double step_norm;    /* out: ‖x_{t+1} − x_t‖, NaN if not computed */
} SolverStep;

/* Validates the rule's constants before a run. */
int steepest_solver_rule_check(const SteepestSolver *solver);
/* Allocates / resets the rule state for a new run. */
int steepest_solver_rule_reset(SteepestSolver *solver);
void steepest_solver_rule_free(SteepestSolver *solver);
/* Computes ‖g‖* and writes the rule's step from x_t into x_next (for ARMIJO
 * the first trial α0).  On ‖g‖* == 0 x_next is unspecified.  Fails with the
 * norm's status (STEEPEST_ERROR_NOT_FINITE for a non-finite gradient). */
int steepest_solver_rule_prepare(SteepestSolver *solver, SolverStep *step);
/* 1 if the rule's update depends on x_t only, so x_{t+2} == x_t repeats forever. */
gboolean steepest_solver_rule_is_stateless(const SteepestSolver *solver);
/* Re-steps with another α (the line search). */
int steepest_solver_rule_restep(SteepestSolver *solver, SolverStep *step, double alpha);

/* ---- stop criteria (solver-stop.c) ---- */

typedef struct {
    uint64_t iteration;
    double f, f_previous, grad_norm, step_norm;
    gint64 start_time;
} SolverProgress;

/* The criteria checked at an iterate before stepping from it; 0 to go on. */
int steepest_solver_stop_before_step(const SteepestSolver *solver, const SolverProgress *p);
/* The criteria checked after a step (ftol, xtol); 0 to go on. */
int steepest_solver_stop_after_step(const SteepestSolver *solver, const SolverProgress *p);
/* The cycle test at iterate k, given f_k == f_{k−2}: x_k against the
 * snapshot of iterate k − 2 of the same parity (then TRUE), or else taking
 * the snapshot.  Fails only on allocation (*cycle untouched). */
int steepest_solver_stop_check_cycle(SteepestSolver *solver, uint64_t k, const double *x, gboolean *cycle);

/* ---- trace (solver-trace.c) ---- */

void steepest_solver_trace_begin(SolverTrace *trace);
void steepest_solver_trace_record(SolverTrace *trace, double f, double grad_norm, double step,
                                  uint64_t evaluations);
void steepest_solver_trace_clear(SolverTrace *trace);

G_END_DECLS

#endif /* STEEPEST_SOLVER_INTERNAL_H */
