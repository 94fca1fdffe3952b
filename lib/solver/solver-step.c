/* solver-step.c — the step rules: how x_{t+1} follows from x_t and ∇f(x_t).
 *
 * Every rule but RPROP moves along the norm's direction through the fused
 * step kernels (steepest_norm_step_scaled / _normalized), which return ‖g‖*
 * in the same sweep: the common case costs one pass over the vectors.
 * MOMENTUM is the optimizer's momentum rule (lib/optim/), and the INV_SQRT
 * and GEOMETRIC rules are its schedules: one implementation of each.
 */
#include "solver/solver-internal.h"

#include <math.h>
#include <string.h>

/* x_next = x − alpha d(z) in the solver's direction; *dual = ‖z‖*. */
static int
norm_step(const SteepestSolver *s, const double *x, const double *z, double alpha, double *x_next,
          double *dual)
{
    return s->direction == STEEPEST_DIRECTION_SCALED
               ? steepest_norm_step_scaled(s->norm, s->n, x, z, alpha, x_next, dual)
               : steepest_norm_step_normalized(s->norm, s->n, x, z, alpha, x_next, dual);
}

/* ‖x_next − x‖ of a norm step: ‖α z♯‖ = α‖z‖* (Lemma 3), ‖α s(z)‖ = α (0 at z = 0). */
static double
norm_step_length(const SteepestSolver *s, double alpha, double dual)
{
    if (s->direction == STEEPEST_DIRECTION_SCALED)
        return alpha * dual;
    return dual > 0.0 ? alpha : 0.0;
}

int
steepest_solver_rule_check(const SteepestSolver *s)
{
    switch (s->rule) {
    case STEEPEST_STEP_FIXED:
        if (!(s->lipschitz > 0.0))
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "step rule FIXED needs the smoothness constant L "
                                 "(steepest_solver_set_lipschitz)");
        break;
    case STEEPEST_STEP_NORMALIZED_SD:
        if (!(s->l0 > 0.0 || s->l1 > 0.0))
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "step rule NORMALIZED_SD needs L0 and L1 (steepest_solver_set_l0_l1)");
        break;
    default:
        break;
    }
    return STEEPEST_OK;
}

static int
ensure_doubles(double **p, size_t n)
{
    if (*p == NULL) {
        *p = g_try_new(double, n);
        if (*p == NULL)
            return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "cannot allocate %zu doubles of solver state", n);
    }
    return STEEPEST_OK;
}

int
steepest_solver_rule_reset(SteepestSolver *s)
{
    SolverRuleState *st = &s->rule_state;
    int rc;
    if (s->rule == STEEPEST_STEP_MOMENTUM) {
        /* m ← βm + g, x ← x − α0 d(m): the momentum rule with τ = 0 and a
         * constant rate; set_rule zeroes m. */
        if (st->momentum == NULL &&
            (rc = steepest_optimizer_new(s->norm, s->n, &st->momentum)) != STEEPEST_OK)
            return rc;
        SteepestOptimizer *opt = st->momentum;
        if ((rc = steepest_optimizer_set_momentum(opt, s->momentum_beta, 0.0)) != STEEPEST_OK ||
            (rc = steepest_optimizer_set_lr(opt, s->alpha0)) != STEEPEST_OK ||
            (rc = steepest_optimizer_set_direction(opt, s->direction)) != STEEPEST_OK ||
            (rc = steepest_optimizer_set_rule(opt, STEEPEST_RULE_MOMENTUM)) != STEEPEST_OK)
            return rc;
    } else if (s->rule == STEEPEST_STEP_RPROP) {
        if ((rc = ensure_doubles(&st->delta, s->n)) != STEEPEST_OK)
            return rc;
        if (st->sign_previous == NULL) {
            st->sign_previous = g_try_new(signed char, s->n);
            if (st->sign_previous == NULL)
                return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "cannot allocate %zu bytes of solver state",
                                     s->n);
        }
        if (s->xtol > 0.0 && (rc = ensure_doubles(&st->scratch, s->n)) != STEEPEST_OK)
            return rc;
        for (size_t i = 0; i < s->n; i++)
            st->delta[i] = s->delta0;
        memset(st->sign_previous, 0, s->n);
    }
    return STEEPEST_OK;
}

void
steepest_solver_rule_free(SteepestSolver *s)
{
    steepest_optimizer_free(s->rule_state.momentum);
    g_free(s->rule_state.delta);
    g_free(s->rule_state.sign_previous);
    g_free(s->rule_state.scratch);
    memset(&s->rule_state, 0, sizeof s->rule_state);
}

gboolean
steepest_solver_rule_is_stateless(const SteepestSolver *s)
{
    switch (s->rule) {
    case STEEPEST_STEP_FIXED:
    case STEEPEST_STEP_CONSTANT:
    case STEEPEST_STEP_ARMIJO:
    case STEEPEST_STEP_NORMALIZED_SD:
    case STEEPEST_STEP_NORMALIZED_GD:
        return TRUE;
    default:
        return FALSE;
    }
}

/* Rules whose α needs ‖g‖* first: one pass for the dual norm, one for the step. */
static int
step_after_dual(SteepestSolver *s, SolverStep *st, double (*alpha_of)(const SteepestSolver *, double))
{
    double dual;
    int rc = steepest_norm_dual_norm(s->norm, s->n, st->g, &dual);
    st->grad_norm = dual;
    if (rc != STEEPEST_OK)
        return rc;
    if (dual == 0.0) { /* stationary: no step, and no 1/0 */
        st->step_size = 0.0;
        st->step_norm = 0.0;
        return STEEPEST_OK;
    }
    st->step_size = alpha_of(s, dual);
    rc = norm_step(s, st->x, st->g, st->step_size, st->x_next, &dual);
    st->step_norm = norm_step_length(s, st->step_size, dual);
    return rc;
}

/* Eq. 44: α = 1 / (5 L0 + 4 L1 ‖g‖*). */
static double
alpha_normalized_sd(const SteepestSolver *s, double dual)
{
    return 1.0 / (5.0 * s->l0 + 4.0 * s->l1 * dual);
}

/* Eq. 38 in any norm: α = α0 / (‖g‖* + β). */
static double
alpha_normalized_gd(const SteepestSolver *s, double dual)
{
    return s->alpha0 / (dual + s->ngd_beta);
}

static int
step_momentum(SteepestSolver *s, SolverStep *st)
{
    SteepestOptimizer *opt = s->rule_state.momentum;
    int rc = steepest_optim_apply(opt, st->x, st->g, st->x_next);
    st->step_size = s->alpha0;
    if (rc != STEEPEST_OK) {
        st->grad_norm = NAN; /* a non-finite ∇f (or the norm failed) */
        st->step_size = st->step_norm = 0.0;
        return rc;
    }
    st->grad_norm = steepest_optimizer_get_grad_norm(opt);
    st->step_norm = steepest_optimizer_get_step_norm(opt);
    return STEEPEST_OK;
}

static int
step_rprop(SteepestSolver *s, SolverStep *st)
{
    double dual;
    int rc = steepest_norm_dual_norm(s->norm, s->n, st->g, &dual);
    st->grad_norm = dual;
    if (rc != STEEPEST_OK || dual == 0.0) {
        st->step_size = st->step_norm = 0.0;
        return rc;
    }
    double *delta = s->rule_state.delta;
    signed char *prev = s->rule_state.sign_previous;
    double *d = s->xtol > 0.0 ? s->rule_state.scratch : NULL;
    const double up = s->eta_plus, down = s->eta_minus, lo = s->delta_min, hi = s->delta_max;
    double largest = 0.0;
    for (size_t i = 0; i < s->n; i++) {
        const double gi = st->g[i];
        const signed char sg = (signed char) ((gi > 0.0) - (gi < 0.0));
        const int agree = sg * prev[i];
        double di = delta[i];
        if (agree > 0) {
            di *= up;
            if (di > hi)
                di = hi;
        } else if (agree < 0) {
            di *= down;
            if (di < lo)
                di = lo;
        }
        delta[i] = di;
        prev[i] = sg;
        const double move = di * sg;
        st->x_next[i] = st->x[i] - move;
        if (d != NULL)
            d[i] = move;
        if (di > largest)
            largest = di;
    }
    st->step_size = largest;
    st->step_norm = NAN;
    if (d != NULL)
        rc = steepest_norm_norm(s->norm, s->n, d, &st->step_norm);
    return rc;
}

int
steepest_solver_rule_prepare(SteepestSolver *s, SolverStep *st)
{
    if (st->norm_only) { /* one read sweep instead of a step nobody takes */
        st->step_size = st->step_norm = NAN;
        return steepest_norm_dual_norm(s->norm, s->n, st->g, &st->grad_norm);
    }
    double alpha = s->alpha0;
    switch (s->rule) {
    case STEEPEST_STEP_FIXED:
        alpha = 1.0 / s->lipschitz;
        break;
    case STEEPEST_STEP_CONSTANT:
    case STEEPEST_STEP_ARMIJO: /* the first trial */
        break;
    case STEEPEST_STEP_INV_SQRT:
        alpha = s->alpha0 *
                steepest_optim_schedule_factor(&(OptimSchedule){ .kind = STEEPEST_SCHEDULE_INV_SQRT }, st->t);
        break;
    case STEEPEST_STEP_GEOMETRIC:
        alpha =
            s->alpha0 * steepest_optim_schedule_factor(&(OptimSchedule){ .kind = STEEPEST_SCHEDULE_GEOMETRIC,
                                                                         .gamma = s->decay },
                                                       st->t);
        break;
    case STEEPEST_STEP_NORMALIZED_SD:
        return step_after_dual(s, st, alpha_normalized_sd);
    case STEEPEST_STEP_NORMALIZED_GD:
        return step_after_dual(s, st, alpha_normalized_gd);
    case STEEPEST_STEP_MOMENTUM:
        return step_momentum(s, st);
    case STEEPEST_STEP_RPROP:
        return step_rprop(s, st);
    default:
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "unknown step rule %d", s->rule);
    }
    /* One fused sweep: the step and ‖g‖* together. */
    double dual = NAN;
    st->step_size = alpha;
    int rc = norm_step(s, st->x, st->g, alpha, st->x_next, &dual);
    st->grad_norm = dual;
    st->step_norm = norm_step_length(s, alpha, dual);
    return rc;
}

int
steepest_solver_rule_restep(SteepestSolver *s, SolverStep *st, double alpha)
{
    double dual;
    st->step_size = alpha;
    int rc = norm_step(s, st->x, st->g, alpha, st->x_next, &dual);
    st->step_norm = norm_step_length(s, alpha, dual);
    return rc;
}
