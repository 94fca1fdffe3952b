/* solver-stop.c — the stop criteria, each with its own status code.
 *
 * All checks are O(1) per step except the cycle test, which looks at iterates
 * only when f_k == f_{k−2} — a fixed-step sign method's 2-cycle (docs/theory.md,
 * section 7) has x_k == x_{k−2} exactly, hence also equal f, while on a descending
 * run the filter never fires.  The solver keeps just two iterates (its
 * working set stays small), so at the first repeat of f it snapshots x_k
 * (one slot per parity) and recognizes the cycle when x_{k+2} equals that
 * snapshot: two steps after it began.
 */
#include "solver/solver-internal.h"

#include <math.h>
#include <string.h>

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

int
steepest_solver_stop_check_cycle(SteepestSolver *s, uint64_t k, const double *x, gboolean *cycle)
{
    const int slot = (int) (k & 1);
    if (s->snapshot_valid[slot] && s->snapshot_iteration[slot] + 2 == k) {
        const double *snap = s->snapshots[slot];
        size_t i = 0;
        while (i < s->n && x[i] == snap[i])
            i++;
        if (i == s->n) {
            *cycle = TRUE;
            return STEEPEST_OK;
        }
    }
    if (s->snapshots[slot] == NULL && (s->snapshots[slot] = g_try_new(double, s->n)) == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "cannot allocate the cycle test's snapshot (n = %zu)",
                             s->n);
    memcpy(s->snapshots[slot], x, s->n * sizeof *x);
    s->snapshot_iteration[slot] = k;
    s->snapshot_valid[slot] = TRUE;
    return STEEPEST_OK;
}
