/* solver-trace.c — recording f, ‖g‖*, α and evaluations per iterate, into
 * library-owned growing arrays or the caller's fixed-size ones. */
#include "solver/solver-internal.h"

#include <math.h>

void
steepest_solver_trace_clear(SolverTrace *t)
{
    if (t->own_f != NULL) {
        g_array_free(t->own_f, TRUE);
        g_array_free(t->own_grad_norm, TRUE);
        g_array_free(t->own_step, TRUE);
        g_array_free(t->own_evaluations, TRUE);
    }
    t->own_f = t->own_grad_norm = t->own_step = t->own_evaluations = NULL;
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
    if (!t->enabled || t->caller_owned)
        return;
    if (t->own_f == NULL) {
        t->own_f = g_array_new(FALSE, FALSE, sizeof(double));
        t->own_grad_norm = g_array_new(FALSE, FALSE, sizeof(double));
        t->own_step = g_array_new(FALSE, FALSE, sizeof(double));
        t->own_evaluations = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    }
    g_array_set_size(t->own_f, 0);
    g_array_set_size(t->own_grad_norm, 0);
    g_array_set_size(t->own_step, 0);
    g_array_set_size(t->own_evaluations, 0);
}

void
steepest_solver_trace_record(SolverTrace *t, double f, double grad_norm, double step, uint64_t evaluations)
{
    if (!t->enabled)
        return;
    if (t->caller_owned) {
        if (t->length >= t->capacity) {
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
    } else {
        g_array_append_val(t->own_f, f);
        g_array_append_val(t->own_grad_norm, grad_norm);
        g_array_append_val(t->own_step, step);
        g_array_append_val(t->own_evaluations, evaluations);
        /* The arrays may move as they grow; publish the current addresses. */
        t->f = (double *) (void *) t->own_f->data;
        t->grad_norm = (double *) (void *) t->own_grad_norm->data;
        t->step = (double *) (void *) t->own_step->data;
        t->evaluations = (uint64_t *) (void *) t->own_evaluations->data;
    }
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
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_solver_set_trace_buffers: solver is NULL");
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
