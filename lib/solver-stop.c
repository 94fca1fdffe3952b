/* solver-stop.c — the stop criteria, each with its own status code.
 *
 * All checks are O(1) per step except the cycle test, which compares two
 * iterates only when their f values are equal — a fixed-step sign
 * method's 2-cycle (the seed Q&A) has x_{t+1} == x_{t−1} exactly, hence also
 * f_{t+1} == f_{t−1}, while on a descending run the filter never fires.
 */
#include "solver-internal.h"

#include <math.h>

int
steepest_solver_stop_before_step(const SteepestSolver *s, const SolverProgress *p)
{
    if (p->grad_norm == 0.0)
        return STEEPEST_STOP_STATIONARY;
    if (p->grad_norm <= s->grad_tol)
        return STEEPEST_STOP_GRAD_TOL;
    if (p->f <= s->f_target) /* false for the NaN that turns it off */
        return STEEPEST_STOP_F_TARGET;
    if (s->max_iter > 0 && p->iteration >= s->max_iter)
        return STEEPEST_STOP_MAX_ITER;
    if (s->max_time > 0.0 && (double) (g_get_monotonic_time() - p->start_time) * 1e-6 >= s->max_time)
        return STEEPEST_STOP_MAX_TIME;
    return STEEPEST_OK;
}

int
steepest_solver_stop_after_step(const SteepestSolver *s, const SolverProgress *p)
{
    const double change = fabs(p->f - p->f_previous);
    if (s->ftol_abs > 0.0 && change <= s->ftol_abs)
        return STEEPEST_STOP_FTOL_ABS;
    if (s->ftol_rel > 0.0 && change <= s->ftol_rel * fabs(p->f_previous))
        return STEEPEST_STOP_FTOL_REL;
    if (s->xtol > 0.0 && p->step_norm <= s->xtol) /* NaN step norm never stops */
        return STEEPEST_STOP_XTOL;
    return STEEPEST_OK;
}

gboolean
steepest_solver_stop_is_cycle(const SteepestSolver *s, double f_next, double f_back2,
                              const double *x_next, const double *x_back2)
{
    if (!s->cycle_detection || !steepest_solver_rule_is_stateless(s))
        return FALSE;
    if (f_next != f_back2)
        return FALSE;
    for (size_t i = 0; i < s->n; i++)
        if (x_next[i] != x_back2[i])
            return FALSE;
    return TRUE;
}
