/* solver.c — the solver handle: creation, setters with their checks, getters
 * of the last run's results.  The run loop is in solver-run.c. */
#include "solver/solver-internal.h"

#include <math.h>

int
steepest_solver_record(SteepestSolver *s, int status)
{
    if (s != NULL) {
        g_free(s->last_error);
        s->last_error = g_strdup(steepest_last_error());
    }
    return status;
}

const char *
steepest_solver_last_error(const SteepestSolver *s)
{
    if (s == NULL)
        return "";
    return s->last_error ? s->last_error : "";
}

int
steepest_solver_new(const SteepestNorm *norm, size_t n, SteepestSolver **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_solver_new: out is NULL");
    *out = NULL;
    if (norm == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_solver_new: norm is NULL");
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "steepest_solver_new: dimension must be at least 1");
    if (n != steepest_norm_get_dim(norm))
        return steepest_fail(STEEPEST_ERROR_DIMENSION,
                             "steepest_solver_new: dimension %zu but norm '%s' was made for %zu", n,
                             steepest_norm_get_spec(norm), steepest_norm_get_dim(norm));
    SteepestSolver *s = g_new0(SteepestSolver, 1);
    s->norm = norm;
    s->n = n;
    s->rule = STEEPEST_STEP_CONSTANT;
    s->direction = STEEPEST_DIRECTION_SCALED;
    s->alpha0 = 1e-3;
    s->decay = 0.99;
    s->armijo_c = 1e-4;
    s->armijo_shrink = 0.5;
    s->armijo_max_backtracks = 50;
    s->momentum_beta = 0.9;
    s->eta_plus = 1.2;
    s->eta_minus = 0.5;
    s->delta0 = 0.1;
    s->delta_min = 1e-6;
    s->delta_max = 50.0;
    s->max_iter = 1000;
    s->f_target = NAN;
    s->cycle_detection = TRUE;
    s->f = s->f_initial = s->grad_norm = NAN;
    *out = s;
    return STEEPEST_OK;
}

/* Drops the installed objective, destroying its data unless the caller is
 * installing that same data again (destroying it then would leave the solver
 * holding freed memory).  `incoming` is the new data, or `replacing` is FALSE
 * when nothing takes its place. */
static void
release_objective(SteepestSolver *s, gboolean replacing, const void *incoming)
{
    if (s->objective_destroy != NULL && !(replacing && incoming == s->objective_data))
        s->objective_destroy(s->objective_data);
    s->fn = NULL;
    s->value_fn = NULL;
    s->grad_fn = NULL;
    s->objective_data = NULL;
    s->objective_destroy = NULL;
}

/* As release_objective(), for the iteration callback's data. */
static void
release_iteration_callback(SteepestSolver *s, gboolean replacing, const void *incoming)
{
    if (s->iteration_destroy != NULL && !(replacing && incoming == s->iteration_data))
        s->iteration_destroy(s->iteration_data);
    s->iteration_fn = NULL;
    s->iteration_data = NULL;
    s->iteration_destroy = NULL;
}

void
steepest_solver_free(SteepestSolver *s)
{
    if (s == NULL)
        return;
    release_objective(s, FALSE, NULL);
    release_iteration_callback(s, FALSE, NULL);
    steepest_solver_trace_clear(&s->trace);
    steepest_solver_rule_free(s);
    for (int i = 0; i < 2; i++) {
        g_free(s->x_buffers[i]);
        g_free(s->g_buffers[i]);
        g_free(s->snapshots[i]);
    }
    g_free(s->last_error);
    g_free(s);
}

const SteepestNorm *
steepest_solver_get_norm(const SteepestSolver *s)
{
    return s ? s->norm : NULL;
}

size_t
steepest_solver_get_dimension(const SteepestSolver *s)
{
    return s ? s->n : 0;
}

/* ---- objective and callback ---- */

#define CHECK_SOLVER(s, fn)                                                                  \
    do {                                                                                     \
        if ((s) == NULL)                                                                     \
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: solver is NULL", fn); \
    } while (0)

/* Fails on the solver with a message naming the setter and the value. */
#define REJECT(s, fn, ...) \
    steepest_solver_record((s), steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, fn ": " __VA_ARGS__))

int
steepest_solver_set_objective(SteepestSolver *s, SteepestObjectiveFn fn, void *user_data,
                              SteepestDestroyNotify destroy)
{
    CHECK_SOLVER(s, "steepest_solver_set_objective");
    if (fn == NULL)
        return REJECT(s, "steepest_solver_set_objective", "fn is NULL");
    release_objective(s, TRUE, user_data);
    s->fn = fn;
    s->objective_data = user_data;
    s->objective_destroy = destroy;
    return STEEPEST_OK;
}

int
steepest_solver_set_objective_split(SteepestSolver *s, SteepestValueFn value_fn, SteepestGradientFn grad_fn,
                                    void *user_data, SteepestDestroyNotify destroy)
{
    CHECK_SOLVER(s, "steepest_solver_set_objective_split");
    if (value_fn == NULL || grad_fn == NULL)
        return REJECT(s, "steepest_solver_set_objective_split", "%s is NULL",
                      value_fn == NULL ? "value_fn" : "grad_fn");
    release_objective(s, TRUE, user_data);
    s->value_fn = value_fn;
    s->grad_fn = grad_fn;
    s->objective_data = user_data;
    s->objective_destroy = destroy;
    return STEEPEST_OK;
}

int
steepest_solver_set_iteration_callback(SteepestSolver *s, SteepestIterationFn fn, void *user_data,
                                       SteepestDestroyNotify destroy)
{
    CHECK_SOLVER(s, "steepest_solver_set_iteration_callback");
    release_iteration_callback(s, fn != NULL, user_data);
    if (fn != NULL) {
        s->iteration_fn = fn;
        s->iteration_data = user_data;
        s->iteration_destroy = destroy;
    }
    return STEEPEST_OK;
}

/* ---- step rule ---- */

int
steepest_solver_set_step_rule(SteepestSolver *s, int rule)
{
    CHECK_SOLVER(s, "steepest_solver_set_step_rule");
    if (rule < STEEPEST_STEP_FIXED || rule > STEEPEST_STEP_RPROP)
        return REJECT(s, "steepest_solver_set_step_rule", "%d is not a SteepestStepRule", rule);
    s->rule = rule;
    return STEEPEST_OK;
}

int
steepest_solver_get_step_rule(const SteepestSolver *s)
{
    return s ? s->rule : -1;
}

int
steepest_solver_set_direction(SteepestSolver *s, int direction)
{
    CHECK_SOLVER(s, "steepest_solver_set_direction");
    if (direction != STEEPEST_DIRECTION_SCALED && direction != STEEPEST_DIRECTION_NORMALIZED)
        return REJECT(s, "steepest_solver_set_direction", "%d is not a SteepestDirection", direction);
    s->direction = direction;
    return STEEPEST_OK;
}

int
steepest_solver_get_direction(const SteepestSolver *s)
{
    return s ? s->direction : -1;
}

int
steepest_solver_set_step_size(SteepestSolver *s, double alpha0)
{
    CHECK_SOLVER(s, "steepest_solver_set_step_size");
    if (!(isfinite(alpha0) && alpha0 > 0.0))
        return REJECT(s, "steepest_solver_set_step_size", "alpha0 = %g must be finite and > 0", alpha0);
    s->alpha0 = alpha0;
    return STEEPEST_OK;
}

int
steepest_solver_set_lipschitz(SteepestSolver *s, double L)
{
    CHECK_SOLVER(s, "steepest_solver_set_lipschitz");
    if (!(isfinite(L) && L >= 0.0))
        return REJECT(s, "steepest_solver_set_lipschitz", "L = %g must be finite and > 0 (or 0 to forget it)",
                      L);
    s->lipschitz = L;
    return STEEPEST_OK;
}

int
steepest_solver_set_decay(SteepestSolver *s, double gamma)
{
    CHECK_SOLVER(s, "steepest_solver_set_decay");
    if (!(gamma > 0.0 && gamma <= 1.0))
        return REJECT(s, "steepest_solver_set_decay", "gamma = %g must be in (0, 1]", gamma);
    s->decay = gamma;
    return STEEPEST_OK;
}

int
steepest_solver_set_armijo(SteepestSolver *s, double c, double shrink, unsigned max_backtracks)
{
    CHECK_SOLVER(s, "steepest_solver_set_armijo");
    if (!(c > 0.0 && c < 1.0))
        return REJECT(s, "steepest_solver_set_armijo", "c = %g must be in (0, 1)", c);
    if (!(shrink > 0.0 && shrink < 1.0))
        return REJECT(s, "steepest_solver_set_armijo", "shrink = %g must be in (0, 1)", shrink);
    s->armijo_c = c;
    s->armijo_shrink = shrink;
    s->armijo_max_backtracks = max_backtracks;
    return STEEPEST_OK;
}

int
steepest_solver_set_l0_l1(SteepestSolver *s, double L0, double L1)
{
    CHECK_SOLVER(s, "steepest_solver_set_l0_l1");
    if (!(isfinite(L0) && L0 >= 0.0 && isfinite(L1) && L1 >= 0.0) || (L0 == 0.0 && L1 == 0.0))
        return REJECT(s, "steepest_solver_set_l0_l1",
                      "L0 = %g and L1 = %g must be finite and >= 0, not both 0", L0, L1);
    s->l0 = L0;
    s->l1 = L1;
    return STEEPEST_OK;
}

int
steepest_solver_set_normalized_gd_beta(SteepestSolver *s, double beta)
{
    CHECK_SOLVER(s, "steepest_solver_set_normalized_gd_beta");
    if (!(isfinite(beta) && beta >= 0.0))
        return REJECT(s, "steepest_solver_set_normalized_gd_beta", "beta = %g must be finite and >= 0", beta);
    s->ngd_beta = beta;
    return STEEPEST_OK;
}

int
steepest_solver_set_momentum(SteepestSolver *s, double beta)
{
    CHECK_SOLVER(s, "steepest_solver_set_momentum");
    if (!(beta >= 0.0 && beta < 1.0))
        return REJECT(s, "steepest_solver_set_momentum", "beta = %g must be in [0, 1)", beta);
    s->momentum_beta = beta;
    return STEEPEST_OK;
}

int
steepest_solver_set_rprop(SteepestSolver *s, double eta_plus, double eta_minus, double delta0,
                          double delta_min, double delta_max)
{
    CHECK_SOLVER(s, "steepest_solver_set_rprop");
    if (!(isfinite(eta_plus) && eta_plus > 1.0))
        return REJECT(s, "steepest_solver_set_rprop", "eta_plus = %g must be finite and > 1", eta_plus);
    if (!(eta_minus > 0.0 && eta_minus < 1.0))
        return REJECT(s, "steepest_solver_set_rprop", "eta_minus = %g must be in (0, 1)", eta_minus);
    if (!(isfinite(delta_max) && delta0 > 0.0 && delta_min >= 0.0 && delta_min <= delta0 &&
          delta0 <= delta_max))
        return REJECT(s, "steepest_solver_set_rprop",
                      "need 0 <= delta_min <= delta0 <= delta_max < Inf and delta0 > 0 "
                      "(got delta_min = %g, delta0 = %g, delta_max = %g)",
                      delta_min, delta0, delta_max);
    s->eta_plus = eta_plus;
    s->eta_minus = eta_minus;
    s->delta0 = delta0;
    s->delta_min = delta_min;
    s->delta_max = delta_max;
    return STEEPEST_OK;
}

/* ---- stop criteria ---- */

static int
set_tolerance(SteepestSolver *s, const char *fn, double tol, double *field)
{
    if (s == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: solver is NULL", fn);
    if (!(tol >= 0.0) || isinf(tol))
        return steepest_solver_record(s, steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                                       "%s: %g must be finite and >= 0", fn, tol));
    *field = tol;
    return STEEPEST_OK;
}

int
steepest_solver_set_grad_tol(SteepestSolver *s, double tol)
{
    return set_tolerance(s, "steepest_solver_set_grad_tol", tol, s ? &s->grad_tol : NULL);
}

int
steepest_solver_set_ftol_rel(SteepestSolver *s, double tol)
{
    return set_tolerance(s, "steepest_solver_set_ftol_rel", tol, s ? &s->ftol_rel : NULL);
}

int
steepest_solver_set_ftol_abs(SteepestSolver *s, double tol)
{
    return set_tolerance(s, "steepest_solver_set_ftol_abs", tol, s ? &s->ftol_abs : NULL);
}

int
steepest_solver_set_xtol(SteepestSolver *s, double tol)
{
    return set_tolerance(s, "steepest_solver_set_xtol", tol, s ? &s->xtol : NULL);
}

int
steepest_solver_set_max_time(SteepestSolver *s, double seconds)
{
    return set_tolerance(s, "steepest_solver_set_max_time", seconds, s ? &s->max_time : NULL);
}

int
steepest_solver_set_max_iter(SteepestSolver *s, uint64_t max_iter)
{
    CHECK_SOLVER(s, "steepest_solver_set_max_iter");
    s->max_iter = max_iter;
    return STEEPEST_OK;
}

int
steepest_solver_set_max_eval(SteepestSolver *s, uint64_t max_eval)
{
    CHECK_SOLVER(s, "steepest_solver_set_max_eval");
    s->max_eval = max_eval;
    return STEEPEST_OK;
}

int
steepest_solver_set_f_target(SteepestSolver *s, double target)
{
    CHECK_SOLVER(s, "steepest_solver_set_f_target");
    s->f_target = target;
    return STEEPEST_OK;
}

int
steepest_solver_set_cycle_detection(SteepestSolver *s, int enabled)
{
    CHECK_SOLVER(s, "steepest_solver_set_cycle_detection");
    s->cycle_detection = enabled != 0;
    return STEEPEST_OK;
}

/* ---- results ---- */

int
steepest_solver_get_status(const SteepestSolver *s)
{
    return s ? s->status : STEEPEST_ERROR_INVALID_ARGUMENT;
}

uint64_t
steepest_solver_get_iterations(const SteepestSolver *s)
{
    return s ? s->iterations : 0;
}

uint64_t
steepest_solver_get_evaluations(const SteepestSolver *s)
{
    return s ? s->evaluations : 0;
}

uint64_t
steepest_solver_get_gradient_evaluations(const SteepestSolver *s)
{
    return s ? s->gradient_evaluations : 0;
}

double
steepest_solver_get_f(const SteepestSolver *s)
{
    return s ? s->f : NAN;
}

double
steepest_solver_get_initial_f(const SteepestSolver *s)
{
    return s ? s->f_initial : NAN;
}

double
steepest_solver_get_grad_norm(const SteepestSolver *s)
{
    return s ? s->grad_norm : NAN;
}

double
steepest_solver_get_elapsed(const SteepestSolver *s)
{
    return s ? s->elapsed : NAN;
}

int
steepest_solver_get_callback_status(const SteepestSolver *s)
{
    return s ? s->callback_status : 0;
}
