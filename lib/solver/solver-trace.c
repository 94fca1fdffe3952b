/* solver-trace.c — recording f, ‖g‖*, α and evaluations per iterate, into
 * library-owned growing arrays or the caller's fixed-size ones.  Either kind
 * that is full drops the records past it and says so (truncated): the
 * library's when they cannot grow for want of memory. */
#include "solver/solver-internal.h"

#include <math.h>

void
steepest_solver_trace_clear(SolverTrace *t)
{
    if (!t->caller_owned) {
        g_free(t->f);
        g_free(t->grad_norm);
        g_free(t->step);
        g_free(t->evaluations);
    }
    t->f = t->grad_norm = t->step = NULL;
    t->evaluations = NULL;
    t->enabled = t->caller_owned = FALSE;
    t->capacity = t->length = 0;
    t->truncated = FALSE;
}

void
steepest_solver_trace_begin(SolverTrace *t)
{
    t->length = 0;
    t->truncated = FALSE;
}

/* Room for one more record in the library's arrays: doubles their capacity,
 * FALSE when that fails (a g_array would abort). */
static gboolean
trace_reserve(SolverTrace *t)
{
    if (t->length < t->capacity)
        return TRUE;
    size_t cap = t->capacity ? 2 * t->capacity : 64;
    double *f = g_try_renew(double, t->f, cap);
    if (f == NULL)
        return FALSE;
    t->f = f; /* each array is kept as soon as it has grown: none is lost */
    double *grad_norm = g_try_renew(double, t->grad_norm, cap);
    if (grad_norm == NULL)
        return FALSE;
    t->grad_norm = grad_norm;
    double *step = g_try_renew(double, t->step, cap);
    if (step == NULL)
        return FALSE;
    t->step = step;
    uint64_t *evaluations = g_try_renew(uint64_t, t->evaluations, cap);
    if (evaluations == NULL)
        return FALSE;
    t->evaluations = evaluations;
    t->capacity = cap;
    return TRUE;
}

void
steepest_solver_trace_record(SolverTrace *t, double f, double grad_norm, double step, uint64_t evaluations)
{
    if (!t->enabled)
        return;
    if (t->truncated || (t->caller_owned ? t->length >= t->capacity : !trace_reserve(t))) {
        t->truncated = TRUE;
        return;
    }
    if (t->f)
        t->f[t->length] = f;
    if (t->grad_norm)
        t->grad_norm[t->length] = grad_norm;
    if (t->step)
        t->step[t->length] = step;
    if (t->evaluations)
        t->evaluations[t->length] = evaluations;
    t->length++;
}

/* ---- public setters and getters ---- */

int
steepest_solver_set_trace(SteepestSolver *s, int enabled)
{
    if (s == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_solver_set_trace: solver is NULL");
    steepest_solver_trace_clear(&s->trace);
    s->trace.enabled = enabled != 0;
    return STEEPEST_OK;
}

int
steepest_solver_set_trace_buffers(SteepestSolver *s, size_t capacity, double *f, double *grad_norm,
                                  double *step, uint64_t *evaluations)
{
    if (s == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_solver_set_trace_buffers: solver is NULL");
    steepest_solver_trace_clear(&s->trace);
    s->trace.enabled = TRUE;
    s->trace.caller_owned = TRUE;
    s->trace.capacity = capacity;
    s->trace.f = f;
    s->trace.grad_norm = grad_norm;
    s->trace.step = step;
    s->trace.evaluations = evaluations;
    return STEEPEST_OK;
}

size_t
steepest_solver_get_trace_length(const SteepestSolver *s)
{
    return s ? s->trace.length : 0;
}

int
steepest_solver_get_trace_truncated(const SteepestSolver *s)
{
    return s ? s->trace.truncated : 0;
}

const double *
steepest_solver_get_trace_f(const SteepestSolver *s)
{
    return s && s->trace.enabled ? s->trace.f : NULL;
}

const double *
steepest_solver_get_trace_grad_norm(const SteepestSolver *s)
{
    return s && s->trace.enabled ? s->trace.grad_norm : NULL;
}

const double *
steepest_solver_get_trace_step(const SteepestSolver *s)
{
    return s && s->trace.enabled ? s->trace.step : NULL;
}

const uint64_t *
steepest_solver_get_trace_evaluations(const SteepestSolver *s)
{
    return s && s->trace.enabled ? s->trace.evaluations : NULL;
}
