/* solver-run.c — the run loop.
 *
 * The loop works on two library-owned iterate buffers (x_t and x_{t+1}) and
 * one gradient buffer — the working set of a hand-written loop plus one
 * vector — and copies into the caller's x only at the end, so a NaN, a
 * failing callback or a failed line search late in a run still hands back
 * the last iterate at which f was finite.
 *
 * An iterate x_{t+1} is *accepted* only once f(x_{t+1}) is finite and the
 * next step has been prepared from ∇f(x_{t+1}): preparing computes ‖∇f‖* in
 * the same sweep as the step (the fused norm kernels), and a non-finite
 * gradient makes that fail — so the finiteness check of ∇f costs nothing.
 */
#include "solver/solver-internal.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

typedef struct {
    SteepestSolver *s;
    gint64 start_time;
} Run;

/* Evaluates f (and ∇f into g unless g is NULL) at x, counting evaluations
 * and turning a callback failure into STEEPEST_ERROR_CALLBACK. */
static int
evaluate(Run *run, const double *x, double *value, double *g, int need_value)
{
    SteepestSolver *s = run->s;
    int rc = 0;
    if (s->fn != NULL) {
        rc = s->fn(s->objective_data, s->n, x, value, g);
        s->evaluations++;
        if (g != NULL)
            s->gradient_evaluations++;
    } else {
        if (need_value) {
            rc = s->value_fn(s->objective_data, s->n, x, value);
            s->evaluations++;
        }
        if (rc == 0 && g != NULL) {
            rc = s->grad_fn(s->objective_data, s->n, x, g);
            s->gradient_evaluations++;
        }
    }
    if (G_UNLIKELY(rc != 0)) {
        s->callback_status = rc;
        /* The run cleared the thread's error at its start: a message now
         * is the callback's own (steepest_set_error). */
        g_autofree char *why = g_strdup(steepest_last_error());
        return steepest_fail(STEEPEST_ERROR_CALLBACK,
                             "the objective returned %d at iteration %" PRIu64 "%s%s", rc, s->iterations,
                             why[0] ? ": " : "", why);
    }
    return STEEPEST_OK;
}

static gboolean
eval_budget_left(const Run *run)
{
    return run->s->max_eval == 0 || run->s->evaluations < run->s->max_eval;
}

/* Wraps a non-finite gradient reported by the norm into a message saying
 * where it happened and what x holds. */
static int
gradient_not_finite(const SteepestSolver *s, int rc, uint64_t iteration, gboolean holds_it)
{
    if (rc != STEEPEST_ERROR_NOT_FINITE)
        return rc;
    g_autofree char *why = g_strdup(steepest_last_error());
    if (!holds_it)
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                             "the gradient at x0 is not finite (%s); x is untouched", why);
    return steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                         "the gradient at iterate %" PRIu64 " is not finite (%s); x holds that iterate, "
                         "the last one where f is finite",
                         iteration, why);
}

/* ARMIJO: backtracks from the prepared first trial in st->x_next until
 * f(x − α d) <= f(x) − c α <g, d>; on success *f_next and g_next hold the
 * accepted point's value and gradient. */
static int
line_search(Run *run, SolverStep *st, double f, double *f_next, double *g_next)
{
    SteepestSolver *s = run->s;
    /* <g, g♯> = ‖g‖*² (Lemma 3), <g, s(g)> = ‖g‖*. */
    const double slope =
        s->direction == STEEPEST_DIRECTION_SCALED ? st->grad_norm * st->grad_norm : st->grad_norm;
    double alpha = st->step_size;
    gboolean combined = s->fn != NULL;
    for (unsigned k = 0;; k++) {
        if (k > 0) {
            alpha *= s->armijo_shrink;
            int rc = steepest_solver_rule_restep(s, st, alpha);
            if (rc != STEEPEST_OK)
                return rc;
        }
        if (!eval_budget_left(run))
            return STEEPEST_STOP_MAX_EVAL;
        double trial = NAN;
        int rc = evaluate(run, st->x_next, &trial, combined ? g_next : NULL, TRUE);
        if (rc != STEEPEST_OK)
            return rc;
        if (isfinite(trial) && trial <= f - s->armijo_c * alpha * slope) {
            *f_next = trial;
            return combined ? STEEPEST_OK : evaluate(run, st->x_next, NULL, g_next, FALSE);
        }
        if (k >= s->armijo_max_backtracks)
            return steepest_fail(STEEPEST_ERROR_LINE_SEARCH,
                                 "Armijo line search at iteration %" PRIu64
                                 ": no sufficient decrease after %u "
                                 "backtracks (last alpha = %g, f = %g, trial f = %g)%s",
                                 s->iterations, k, alpha, f, trial,
                                 isfinite(trial) ? "" : "; the last trial value was not finite");
    }
}

static int
ensure_buffers(SteepestSolver *s)
{
    const int n_grad = s->rule == STEEPEST_STEP_ARMIJO ? 2 : 1;
    for (int i = 0; i < 2; i++)
        if (s->x_buffers[i] == NULL && (s->x_buffers[i] = g_try_new(double, s->n)) == NULL)
            return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "cannot allocate the solver's iterates (n = %zu)",
                                 s->n);
    for (int i = 0; i < n_grad; i++)
        if (s->g_buffers[i] == NULL && (s->g_buffers[i] = g_try_new(double, s->n)) == NULL)
            return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "cannot allocate the solver's gradients (n = %zu)",
                                 s->n);
    return STEEPEST_OK;
}

static int
check_run(SteepestSolver *s, size_t n, const double *x)
{
    if (x == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_solver_run: x is NULL");
    if (n != s->n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION,
                             "steepest_solver_run: x has dimension %zu, the solver %zu", n, s->n);
    if (s->fn == NULL && s->value_fn == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_solver_run: no objective (steepest_solver_set_objective)");
    int rc = steepest_solver_rule_check(s);
    if (rc != STEEPEST_OK)
        return rc;
    rc = steepest_check_finite("x0", n, x);
    if (rc != STEEPEST_OK)
        return rc;
    if ((rc = ensure_buffers(s)) != STEEPEST_OK)
        return rc;
    return steepest_solver_rule_reset(s);
}

static void
reset_results(SteepestSolver *s)
{
    s->status = STEEPEST_OK;
    s->callback_status = 0;
    s->iterations = s->evaluations = s->gradient_evaluations = 0;
    s->f = s->f_initial = s->grad_norm = NAN;
    s->elapsed = 0.0;
    s->snapshot_valid[0] = s->snapshot_valid[1] = FALSE;
}

/* The loop proper; returns the status and leaves *result pointing at the
 * accepted iterate to copy out (NULL: none, x stays untouched). */
static int
run_loop(Run *run, const double *x0, const double **result)
{
    SteepestSolver *s = run->s;
    const size_t n = s->n;
    /* xc = x_t (accepted), xn = x_{t+1} (prepared).  gc = ∇f(x_t) is spent
     * once the step is prepared, so the evaluation at x_{t+1} may overwrite
     * it — except in the line search, whose trials need it (gn). */
    double *xc = s->x_buffers[0], *xn = s->x_buffers[1];
    double *gc = s->g_buffers[0];
    const gboolean armijo = s->rule == STEEPEST_STEP_ARMIJO;
    double *gn = armijo ? s->g_buffers[1] : gc;
    const gboolean lemma2 = s->rule == STEEPEST_STEP_FIXED && s->direction == STEEPEST_DIRECTION_SCALED;
    const gboolean cycles = s->cycle_detection && steepest_solver_rule_is_stateless(s);
    *result = NULL;

    memcpy(xc, x0, n * sizeof *xc);
    double fc = NAN, fp = NAN;
    int rc = evaluate(run, xc, &fc, gc, TRUE);
    if (rc != STEEPEST_OK)
        return rc;
    if (!isfinite(fc))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "f(x0) is %s; x is untouched",
                             isnan(fc) ? "NaN" : "infinite");
    s->f_initial = fc;
    SolverStep st = { .t = 0, .x = xc, .g = gc, .x_next = xn, .norm_only = FALSE };
    rc = steepest_solver_rule_prepare(s, &st);
    if (rc != STEEPEST_OK)
        return gradient_not_finite(s, rc, 0, FALSE);
    *result = xc;
    s->f = fc;
    s->grad_norm = st.grad_norm;
    steepest_solver_trace_record(&s->trace, fc, st.grad_norm, NAN, s->evaluations);

    SolverProgress progress = { .start_time = run->start_time };
    for (;;) {
        progress.iteration = s->iterations;
        progress.f = fc;
        progress.grad_norm = st.grad_norm;
        rc = steepest_solver_stop_before_step(s, &progress);
        if (rc != STEEPEST_OK)
            return rc;

        /* x_{t+1} is in xn; evaluate it (the line search may move it). */
        double fnext = NAN;
        if (armijo) {
            rc = line_search(run, &st, fc, &fnext, gn);
        } else if (!eval_budget_left(run)) {
            rc = STEEPEST_STOP_MAX_EVAL;
        } else {
            rc = evaluate(run, xn, &fnext, gn, TRUE);
        }
        if (rc != STEEPEST_OK)
            return rc;
        if (!isfinite(fnext))
            return steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                                 "f at iterate %" PRIu64 " is %s; x holds iterate %" PRIu64
                                 ", the last finite one",
                                 s->iterations + 1, isnan(fnext) ? "NaN" : "infinite", s->iterations);
        gboolean cycle = FALSE;
        if (cycles && s->iterations >= 1 && fnext == fp) {
            rc = steepest_solver_stop_check_cycle(s, s->iterations + 1, xn, &cycle);
            if (rc != STEEPEST_OK)
                return rc;
        }

        /* Prepare the step from x_{t+1} into x_t's buffer; this also proves
         * ∇f(x_{t+1}) finite.  If it is not, x_t may be overwritten (fused
         * kernels write as they sum), so x_{t+1}, where f is finite, goes out. */
        SolverStep next = { .t = s->iterations + 1,
                            .x = xn,
                            .g = gn,
                            .x_next = xc,
                            .norm_only = s->max_iter > 0 && s->iterations + 1 >= s->max_iter };
        rc = steepest_solver_rule_prepare(s, &next);
        if (rc != STEEPEST_OK) {
            *result = xn;
            s->iterations++;
            s->f = fnext;
            s->grad_norm = NAN;
            /* The trace describes every iterate handed back: this one too. */
            steepest_solver_trace_record(&s->trace, fnext, NAN, st.step_size, s->evaluations);
            return gradient_not_finite(s, rc, s->iterations, TRUE);
        }

        /* Accept x_{t+1}. */
        double *tx = xc;
        xc = xn;
        xn = tx;
        double *tg = gc;
        gc = gn;
        gn = armijo ? tg : gc;
        const double step_size = st.step_size, step_norm = st.step_norm, gprev = st.grad_norm;
        fp = fc;
        fc = fnext;
        st = next;
        s->iterations++;
        *result = xc;
        s->f = fc;
        s->grad_norm = st.grad_norm;
        steepest_solver_trace_record(&s->trace, fc, st.grad_norm, step_size, s->evaluations);

        if (s->iteration_fn != NULL) {
            SteepestIterationInfo info = {
                .iteration = s->iterations,
                .f = fc,
                .f_previous = fp,
                .grad_norm = st.grad_norm,
                .grad_norm_previous = gprev,
                .step_size = step_size,
                .step_norm = step_norm,
                .evaluations = s->evaluations,
                .guarantee = s->lipschitz > 0.0 ? gprev * gprev / (2.0 * s->lipschitz) : NAN,
                .guarantee_applies = lemma2,
                .decrease = fp - fc,
                .x = xc,
                .gradient = gc,
                .n = n,
            };
            if (s->iteration_fn(s->iteration_data, &info) != 0)
                return STEEPEST_STOP_USER;
        }
        progress.f = fc;
        progress.f_previous = fp;
        progress.step_norm = step_norm;
        rc = steepest_solver_stop_after_step(s, &progress);
        if (rc != STEEPEST_OK)
            return rc;
        if (cycle)
            return STEEPEST_STOP_CYCLE;
    }
}

int
steepest_solver_run(SteepestSolver *s, size_t n, double *x)
{
    if (s == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_solver_run: solver is NULL");
    reset_results(s);
    steepest_clear_error();
    Run run = { .s = s, .start_time = g_get_monotonic_time() };
    steepest_solver_trace_begin(&s->trace);
    int status = check_run(s, n, x);
    if (status == STEEPEST_OK) {
        const double *result = NULL;
        status = run_loop(&run, x, &result);
        if (result != NULL) {
            /* f and ∇f were finite there; an x that overflowed anyway (an
             * objective that ignores its input) is not handed back. */
            if (steepest_check_finite("x", n, result) == STEEPEST_OK) {
                memcpy(x, result, n * sizeof *x);
            } else {
                status = steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                                       "the iterate overflowed although f and its gradient stayed finite; "
                                       "x is left at the starting point");
                s->f = s->f_initial;
                s->grad_norm = NAN;
            }
        }
    }
    s->elapsed = (double) (g_get_monotonic_time() - run.start_time) * 1e-6;
    s->status = status;
    if (status < 0)
        steepest_solver_record(s, status);
    return status;
}
