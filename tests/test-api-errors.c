/* test-api-errors.c — the documented failures of the norm and solver
 * handles, one by one: each bad argument gets its status, a message naming
 * the function and what was wrong, no output written, and the handle stays
 * usable (the next good call succeeds).  NULL handles given to getters are
 * safe and give the neutral value. */
#include <check.h>
#include <float.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <steepest/steepest.h>

#include "quiet-check.h"
#include "check-run.h"

#define N 4

/* ---- norm evaluation functions ---- */

/* Every evaluation function of steepest-norm.h, called one way. */
typedef enum { F_NORM, F_DUAL, F_MAP, F_UNIT, F_SCALED, F_NORMALIZED, N_FUNCS } Func;

static const char *const func_name[N_FUNCS] = {
    "steepest_norm_norm",           "steepest_norm_dual_norm",   "steepest_norm_duality_map",
    "steepest_norm_unit_direction", "steepest_norm_step_scaled", "steepest_norm_step_normalized",
};

static int
call(Func f, const SteepestNorm *norm, size_t n, const double *in, double *out, const double *z, double alpha)
{
    double d;
    switch (f) {
    case F_NORM:
        return steepest_norm_norm(norm, n, in, out);
    case F_DUAL:
        return steepest_norm_dual_norm(norm, n, in, out);
    case F_MAP:
        return steepest_norm_duality_map(norm, n, in, out, &d);
    case F_UNIT:
        return steepest_norm_unit_direction(norm, n, in, out, &d);
    case F_SCALED:
        return steepest_norm_step_scaled(norm, n, in, z, alpha, out, &d);
    default:
        return steepest_norm_step_normalized(norm, n, in, z, alpha, out, &d);
    }
}

static const char *const specs[] = { "l2", "linf", "l1", "block:size=2", "block:sizes=1+3", "lp:p=3" };

START_TEST(norm_bad_arguments)
{
    for (size_t k = 0; k < G_N_ELEMENTS(specs); k++) {
        SteepestNorm *norm = NULL;
        ck_assert_int_eq(steepest_norm_new(specs[k], N, &norm), STEEPEST_OK);
        double x[N] = { 1, -2, 3, 0.5 }, z[N] = { 0.25, 1, -1, 2 }, buf[2 * N];
        for (Func f = 0; f < N_FUNCS; f++) {
            const char *fn = func_name[f];
            double out[N] = { 7, 7, 7, 7 };
            /* NULL norm: nothing to record on, the thread's error says it */
            EXPECT_INT_EQ(call(f, NULL, N, x, out, z, 0.1), STEEPEST_ERROR_INVALID_ARGUMENT);
            EXPECT(strstr(steepest_last_error(), fn) && strstr(steepest_last_error(), "norm is NULL"), "%s",
                   steepest_last_error());
            /* NULL input, NULL output */
            EXPECT_INT_EQ(call(f, norm, N, NULL, out, z, 0.1), STEEPEST_ERROR_INVALID_ARGUMENT);
            EXPECT(strstr(steepest_norm_last_error(norm), "is NULL") != NULL, "%s",
                   steepest_norm_last_error(norm));
            EXPECT_INT_EQ(call(f, norm, N, x, NULL, z, 0.1), STEEPEST_ERROR_INVALID_ARGUMENT);
            /* wrong dimension, named with both numbers */
            EXPECT_INT_EQ(call(f, norm, N + 1, x, out, z, 0.1), STEEPEST_ERROR_DIMENSION);
            EXPECT(strstr(steepest_norm_last_error(norm), "dimension 5") != NULL, "%s",
                   steepest_norm_last_error(norm));
            EXPECT(out[0] == 7 && out[3] == 7, "%s %s: output written on refusal", specs[k], fn);
            if (f >= F_SCALED) {
                /* z NULL, alpha not finite, x_out overlapping z or (not being) x */
                EXPECT_INT_EQ(call(f, norm, N, x, out, NULL, 0.1), STEEPEST_ERROR_INVALID_ARGUMENT);
                EXPECT(strstr(steepest_norm_last_error(norm), "z is NULL") != NULL, "%s",
                       steepest_norm_last_error(norm));
                EXPECT_INT_EQ(call(f, norm, N, x, out, z, NAN), STEEPEST_ERROR_INVALID_ARGUMENT);
                EXPECT(strstr(steepest_norm_last_error(norm), "alpha is NaN") != NULL, "%s",
                       steepest_norm_last_error(norm));
                EXPECT_INT_EQ(call(f, norm, N, x, out, z, -INFINITY), STEEPEST_ERROR_INVALID_ARGUMENT);
                EXPECT(strstr(steepest_norm_last_error(norm), "infinite") != NULL, "%s",
                       steepest_norm_last_error(norm));
                memcpy(buf, z, sizeof z);
                EXPECT_INT_EQ(call(f, norm, N, x, buf + 1, buf, 0.1), STEEPEST_ERROR_INVALID_ARGUMENT);
                EXPECT(strstr(steepest_norm_last_error(norm), "x_out overlaps z") != NULL, "%s",
                       steepest_norm_last_error(norm));
                memcpy(buf, x, sizeof x);
                EXPECT_INT_EQ(call(f, norm, N, buf, buf + 2, z, 0.1), STEEPEST_ERROR_INVALID_ARGUMENT);
                EXPECT(strstr(steepest_norm_last_error(norm), "x_out overlaps x") != NULL, "%s",
                       steepest_norm_last_error(norm));
            } else if (f == F_MAP || f == F_UNIT) {
                memcpy(buf, z, sizeof z);
                EXPECT_INT_EQ(call(f, norm, N, buf, buf + 3, z, 0.1), STEEPEST_ERROR_INVALID_ARGUMENT);
                EXPECT(strstr(steepest_norm_last_error(norm), "overlaps z") != NULL, "%s",
                       steepest_norm_last_error(norm));
            }
            /* still usable */
            EXPECT(call(f, norm, N, x, out, z, 0.1) == STEEPEST_OK, "%s %s: %s", specs[k], fn,
                   steepest_norm_last_error(norm));
        }
        /* the dual value pointers may be NULL */
        double out[N];
        EXPECT_INT_EQ(steepest_norm_duality_map(norm, N, z, out, NULL), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_norm_unit_direction(norm, N, z, out, NULL), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_norm_step_scaled(norm, N, x, z, 0.1, out, NULL), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_norm_step_normalized(norm, N, x, z, 0.1, x, NULL), STEEPEST_OK);
        steepest_norm_free(norm);
    }
}
END_TEST

START_TEST(norm_null_getters)
{
    CHECK(steepest_norm_get_name(NULL) == NULL || strcmp(steepest_norm_get_name(NULL), "") == 0);
    CHECK(steepest_norm_get_dim(NULL) == 0);
    CHECK(steepest_norm_get_class(NULL) == NULL);
    CHECK(strcmp(steepest_norm_last_error(NULL), "") == 0);
    steepest_norm_free(NULL);
    SteepestNorm *norm = (SteepestNorm *) &norm;
    EXPECT_INT_EQ(steepest_norm_new(NULL, N, &norm), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_new("l2", N, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_new("l2", 0, &norm), STEEPEST_ERROR_DIMENSION);
    CHECK(norm == NULL);
}
END_TEST

/* ---- solver setters ---- */

static int
quadratic(void *data, size_t n, const double *x, double *f, double *g)
{
    (void) data;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += 0.5 * x[i] * x[i];
        if (g)
            g[i] = x[i];
    }
    *f = s;
    return 0;
}

/* One setter, wrapped to take up to three doubles. */
typedef struct {
    const char *name;
    int (*set)(SteepestSolver *s, const double *v);
    size_t n_bad;
    double bad[6][3];
    double good[3];
} Setter;

#define WRAP1(fn)                                         \
    static int w_##fn(SteepestSolver *s, const double *v) \
    {                                                     \
        return steepest_solver_##fn(s, v[0]);             \
    }
WRAP1(set_step_size)
WRAP1(set_lipschitz)
WRAP1(set_decay)
WRAP1(set_normalized_gd_beta)
WRAP1(set_momentum)
WRAP1(set_grad_tol)
WRAP1(set_ftol_rel)
WRAP1(set_ftol_abs)
WRAP1(set_xtol)
WRAP1(set_max_time)
static int
w_set_l0_l1(SteepestSolver *s, const double *v)
{
    return steepest_solver_set_l0_l1(s, v[0], v[1]);
}
static int
w_set_armijo(SteepestSolver *s, const double *v)
{
    return steepest_solver_set_armijo(s, v[0], v[1], (unsigned) v[2]);
}
static int
w_set_step_rule(SteepestSolver *s, const double *v)
{
    return steepest_solver_set_step_rule(s, (int) v[0]);
}
static int
w_set_direction(SteepestSolver *s, const double *v)
{
    return steepest_solver_set_direction(s, (int) v[0]);
}

static const Setter setters[] = {
    { "steepest_solver_set_step_size",
      w_set_step_size,
      4,
      { { 0 }, { -1 }, { NAN }, { INFINITY } },
      { 0.5 } },
    { "steepest_solver_set_lipschitz", w_set_lipschitz, 3, { { -1 }, { NAN }, { INFINITY } }, { 2 } },
    { "steepest_solver_set_decay", w_set_decay, 4, { { 0 }, { 1.5 }, { NAN }, { -0.5 } }, { 0.9 } },
    { "steepest_solver_set_normalized_gd_beta",
      w_set_normalized_gd_beta,
      3,
      { { -1 }, { NAN }, { INFINITY } },
      { 0 } },
    { "steepest_solver_set_momentum", w_set_momentum, 4, { { 1 }, { -0.1 }, { NAN }, { 2 } }, { 0.5 } },
    { "steepest_solver_set_grad_tol", w_set_grad_tol, 2, { { -1 }, { NAN } }, { 1e-8 } },
    { "steepest_solver_set_ftol_rel", w_set_ftol_rel, 2, { { -1 }, { NAN } }, { 0 } },
    { "steepest_solver_set_ftol_abs", w_set_ftol_abs, 2, { { -1 }, { NAN } }, { 0 } },
    { "steepest_solver_set_xtol", w_set_xtol, 2, { { -1 }, { NAN } }, { 0 } },
    { "steepest_solver_set_max_time", w_set_max_time, 2, { { -1 }, { NAN } }, { 0 } },
    { "steepest_solver_set_l0_l1",
      w_set_l0_l1,
      5,
      { { 0, 0 }, { -1, 1 }, { 1, -1 }, { NAN, 1 }, { 1, INFINITY } },
      { 1, 1 } },
    { "steepest_solver_set_armijo",
      w_set_armijo,
      5,
      { { 0, 0.5, 5 }, { 1, 0.5, 5 }, { 0.1, 0, 5 }, { 0.1, 1, 5 }, { NAN, 0.5, 5 } },
      { 1e-4, 0.5, 50 } },
    { "steepest_solver_set_step_rule",
      w_set_step_rule,
      2,
      { { -1 }, { STEEPEST_STEP_RPROP + 1 } },
      { STEEPEST_STEP_CONSTANT } },
    { "steepest_solver_set_direction",
      w_set_direction,
      2,
      { { -1 }, { 99 } },
      { STEEPEST_DIRECTION_NORMALIZED } },
};

START_TEST(solver_setters_refuse_bad_values)
{
    SteepestNorm *norm = NULL;
    SteepestSolver *s = NULL;
    ck_assert_int_eq(steepest_norm_new("l2", N, &norm), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
    for (size_t k = 0; k < G_N_ELEMENTS(setters); k++) {
        const Setter *t = &setters[k];
        EXPECT_INT_EQ(t->set(NULL, t->good), STEEPEST_ERROR_INVALID_ARGUMENT);
        EXPECT(strstr(steepest_last_error(), t->name) && strstr(steepest_last_error(), "solver is NULL"),
               "%s", steepest_last_error());
        for (size_t b = 0; b < t->n_bad; b++) {
            int rc = t->set(s, t->bad[b]);
            EXPECT(rc == STEEPEST_ERROR_INVALID_ARGUMENT, "%s(%g, %g): status %d", t->name, t->bad[b][0],
                   t->bad[b][1], rc);
            EXPECT(strstr(steepest_solver_last_error(s), t->name) != NULL, "%s: '%s'", t->name,
                   steepest_solver_last_error(s));
        }
        EXPECT(t->set(s, t->good) == STEEPEST_OK, "%s: %s", t->name, steepest_solver_last_error(s));
    }
    /* the solver still runs after all those refusals */
    EXPECT_INT_EQ(steepest_solver_set_objective(s, quadratic, NULL, NULL), STEEPEST_OK);
    double x[N] = { 1, 2, 3, 4 };
    EXPECT(steepest_solver_run(s, N, x) > 0, "%s", steepest_solver_last_error(s));
    steepest_solver_free(s);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(solver_handle_errors)
{
    SteepestNorm *norm = NULL;
    SteepestSolver *s = (SteepestSolver *) &s;
    ck_assert_int_eq(steepest_norm_new("l1", N, &norm), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_solver_new(NULL, N, &s), STEEPEST_ERROR_INVALID_ARGUMENT);
    CHECK(s == NULL);
    EXPECT_INT_EQ(steepest_solver_new(norm, N, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_new(norm, N + 1, &s), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
    CHECK(steepest_solver_get_norm(s) == norm);
    CHECK(steepest_solver_get_dimension(s) == N);
    CHECK(strcmp(steepest_solver_last_error(s), "") == 0);
    double x[N] = { 1, 2, 3, 4 };
    /* no objective yet */
    EXPECT_INT_EQ(steepest_solver_run(s, N, x), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_solver_last_error(s), "objective") != NULL, "%s", steepest_solver_last_error(s));
    EXPECT_INT_EQ(steepest_solver_set_objective(s, NULL, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_solver_last_error(s), "fn is NULL") != NULL, "%s", steepest_solver_last_error(s));
    EXPECT_INT_EQ(steepest_solver_set_objective_split(s, NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_solver_last_error(s), "value_fn is NULL") != NULL, "%s",
           steepest_solver_last_error(s));
    EXPECT_INT_EQ(steepest_solver_set_objective_split(NULL, NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_set_objective(NULL, quadratic, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_set_iteration_callback(NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_set_max_iter(NULL, 5), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_set_max_eval(NULL, 5), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_set_f_target(NULL, 0), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_set_cycle_detection(NULL, 1), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_set_trace(NULL, 1), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_set_trace_buffers(NULL, 1, NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_set_rprop(NULL, 1.2, 0.5, 0.1, 1e-6, 50), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_run(NULL, N, x), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_set_objective_split(s, NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_objective(s, quadratic, NULL, NULL), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_solver_run(s, N, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_solver_run(s, N + 1, x), STEEPEST_ERROR_DIMENSION);
    /* FIXED without L */
    ck_assert_int_eq(steepest_solver_set_step_rule(s, STEEPEST_STEP_FIXED), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_solver_run(s, N, x), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(x[0] == 1 && x[3] == 4, "x changed by a refused run");
    steepest_solver_free(s);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(solver_null_getters)
{
    CHECK(steepest_solver_get_norm(NULL) == NULL);
    CHECK(steepest_solver_get_dimension(NULL) == 0);
    CHECK(strcmp(steepest_solver_last_error(NULL), "") == 0);
    CHECK(steepest_solver_get_step_rule(NULL) == -1);
    CHECK(steepest_solver_get_direction(NULL) == -1);
    CHECK(steepest_solver_get_trace_length(NULL) == 0);
    CHECK(steepest_solver_get_trace_truncated(NULL) == 0);
    CHECK(steepest_solver_get_trace_f(NULL) == NULL);
    CHECK(steepest_solver_get_trace_grad_norm(NULL) == NULL);
    CHECK(steepest_solver_get_trace_step(NULL) == NULL);
    CHECK(steepest_solver_get_trace_evaluations(NULL) == NULL);
    CHECK(steepest_solver_get_iterations(NULL) == 0);
    CHECK(steepest_solver_get_evaluations(NULL) == 0);
    CHECK(steepest_solver_get_gradient_evaluations(NULL) == 0);
    CHECK(isnan(steepest_solver_get_f(NULL)));
    CHECK(isnan(steepest_solver_get_initial_f(NULL)));
    CHECK(isnan(steepest_solver_get_grad_norm(NULL)));
    steepest_solver_free(NULL);
    CHECK(steepest_iteration_info_get_iteration(NULL) == 0);
    CHECK(isnan(steepest_iteration_info_get_f(NULL)));
    CHECK(isnan(steepest_iteration_info_get_f_previous(NULL)));
    CHECK(isnan(steepest_iteration_info_get_grad_norm(NULL)));
    CHECK(isnan(steepest_iteration_info_get_grad_norm_previous(NULL)));
    CHECK(isnan(steepest_iteration_info_get_step_size(NULL)));
    CHECK(isnan(steepest_iteration_info_get_step_norm(NULL)));
    CHECK(steepest_iteration_info_get_evaluations(NULL) == 0);
    CHECK(isnan(steepest_iteration_info_get_guarantee(NULL)));
    CHECK(steepest_iteration_info_get_guarantee_applies(NULL) == 0);
    CHECK(isnan(steepest_iteration_info_get_decrease(NULL)));
    CHECK(steepest_iteration_info_get_x(NULL) == NULL);
    CHECK(steepest_iteration_info_get_gradient(NULL) == NULL);
    CHECK(steepest_iteration_info_get_dimension(NULL) == 0);
}
END_TEST

/* The iteration info the callback sees agrees with the trace of the same run:
 * f and ‖g‖* of x_k, the step that led there, and x and ∇f themselves (∇f = x
 * for f = ½‖x‖²). */
typedef struct {
    double f[64], g[64], step[64];
    uint64_t evals[64];
    size_t count;
    int bad;
} Seen;

static int
watch(void *data, const SteepestIterationInfo *info)
{
    Seen *seen = data;
    size_t k = (size_t) steepest_iteration_info_get_iteration(info);
    if (k >= 64 || steepest_iteration_info_get_dimension(info) != N)
        return seen->bad = 1;
    seen->f[k] = steepest_iteration_info_get_f(info);
    seen->g[k] = steepest_iteration_info_get_grad_norm(info);
    seen->step[k] = steepest_iteration_info_get_step_size(info);
    seen->evals[k] = steepest_iteration_info_get_evaluations(info);
    const double *x = steepest_iteration_info_get_x(info), *g = steepest_iteration_info_get_gradient(info);
    for (size_t i = 0; i < N; i++)
        if (x == NULL || g == NULL || x[i] != g[i])
            seen->bad = 1;
    /* the callback runs after each step, so k - 1 was seen from k = 2 on */
    if (k > 1 && steepest_iteration_info_get_f_previous(info) != seen->f[k - 1])
        seen->bad = 2;
    if (k > 1 && steepest_iteration_info_get_grad_norm_previous(info) != seen->g[k - 1])
        seen->bad = 3;
    if (steepest_iteration_info_get_decrease(info) !=
        steepest_iteration_info_get_f_previous(info) - seen->f[k])
        seen->bad = 4;
    seen->count = k + 1;
    return 0;
}

START_TEST(trace_buffers_partial_and_truncated)
{
    SteepestNorm *norm = NULL;
    SteepestSolver *s = NULL;
    ck_assert_int_eq(steepest_norm_new("l2", N, &norm), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_objective(s, quadratic, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_step_size(s, 0.5), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_max_iter(s, 10), STEEPEST_OK);
    Seen seen = { .count = 0 };
    ck_assert_int_eq(steepest_solver_set_iteration_callback(s, watch, &seen, NULL), STEEPEST_OK);
    /* library-owned trace first: the reference */
    ck_assert_int_eq(steepest_solver_set_trace(s, 1), STEEPEST_OK);
    double x[N] = { 1, -2, 3, -4 };
    EXPECT_INT_EQ(steepest_solver_run(s, N, x), STEEPEST_STOP_MAX_ITER);
    size_t len = steepest_solver_get_trace_length(s);
    EXPECT_INT_EQ(len, 11);
    CHECK(!steepest_solver_get_trace_truncated(s));
    EXPECT(!seen.bad, "callback check %d failed", seen.bad);
    const double *tf = steepest_solver_get_trace_f(s), *tg = steepest_solver_get_trace_grad_norm(s);
    /* the callback runs after each step: records 1..10 */
    for (size_t k = 1; k < len; k++) {
        EXPECT(tf[k] == seen.f[k] && tg[k] == seen.g[k], "record %zu: %g %g vs %g %g", k, tf[k], tg[k],
               seen.f[k], seen.g[k]);
        EXPECT(steepest_solver_get_trace_step(s)[k] == seen.step[k], "step %zu", k);
        EXPECT(steepest_solver_get_trace_evaluations(s)[k] == seen.evals[k], "evaluations %zu", k);
    }
    double ref_f[11], ref_g[11];
    memcpy(ref_f, tf, sizeof ref_f);
    memcpy(ref_g, tg, sizeof ref_g);
    /* caller buffers: only f and ‖g‖*, four records kept of eleven */
    double f4[4], g4[4];
    ck_assert_int_eq(steepest_solver_set_trace_buffers(s, 4, f4, NULL, NULL, NULL), STEEPEST_OK);
    double y[N] = { 1, -2, 3, -4 };
    EXPECT_INT_EQ(steepest_solver_run(s, N, y), STEEPEST_STOP_MAX_ITER);
    EXPECT_INT_EQ(steepest_solver_get_trace_length(s), 4);
    CHECK(steepest_solver_get_trace_truncated(s));
    CHECK(steepest_solver_get_trace_f(s) == f4);
    CHECK(steepest_solver_get_trace_grad_norm(s) == NULL);
    for (size_t k = 0; k < 4; k++)
        EXPECT(f4[k] == ref_f[k], "f[%zu] %g vs %g", k, f4[k], ref_f[k]);
    double s4[4];
    uint64_t e4[4];
    ck_assert_int_eq(steepest_solver_set_trace_buffers(s, 4, NULL, g4, s4, e4), STEEPEST_OK);
    memcpy(y, x, sizeof y);
    y[0] = 1, y[1] = -2, y[2] = 3, y[3] = -4;
    EXPECT_INT_EQ(steepest_solver_run(s, N, y), STEEPEST_STOP_MAX_ITER);
    for (size_t k = 0; k < 4; k++)
        EXPECT(g4[k] == ref_g[k], "g[%zu] %g vs %g", k, g4[k], ref_g[k]);
    CHECK(isnan(s4[0]) && s4[1] > 0.0);
    CHECK(e4[0] >= 1 && e4[3] > e4[0]);
    /* off: nothing recorded */
    ck_assert_int_eq(steepest_solver_set_trace(s, 0), STEEPEST_OK);
    CHECK(steepest_solver_get_trace_f(s) == NULL);
    CHECK(steepest_solver_get_trace_length(s) == 0);
    steepest_solver_free(s);
    steepest_norm_free(norm);
}
END_TEST

/* ---- induced-norm options and matrix kernels ---- */

START_TEST(induced_options_refuse)
{
    EXPECT_INT_EQ(steepest_induced_options_set_mode(NULL, STEEPEST_INDUCED_AUTO),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_induced_options_set_max_exact_dim(NULL, 3), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_induced_options_set_time_budget(NULL, 1), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_induced_options_set_threads(NULL, 1), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_induced_options_set_seed(NULL, 1), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_induced_options_set_restarts(NULL, 1), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_induced_options_set_progress(NULL, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "steepest_induced_options_set_progress") != NULL, "%s",
           steepest_last_error());
    SteepestInducedOptions *o = steepest_induced_options_new();
    ck_assert_ptr_nonnull(o);
    EXPECT_INT_EQ(steepest_induced_options_set_mode(o, 7), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "7 is not a SteepestInducedMode") != NULL, "%s",
           steepest_last_error());
    EXPECT_INT_EQ(steepest_induced_options_set_time_budget(o, NAN), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_induced_options_set_threads(o, 257), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "257 threads") != NULL, "%s", steepest_last_error());
    /* accepted settings take effect: EXACT for ℓ2 is the spectral norm, ‖diag(3, -5)‖ = 5 */
    EXPECT_INT_EQ(steepest_induced_options_set_mode(o, STEEPEST_INDUCED_EXACT), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_induced_options_set_max_exact_dim(o, 10), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_induced_options_set_time_budget(o, 5), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_induced_options_set_threads(o, 2), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_induced_options_set_seed(o, 9), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_induced_options_set_restarts(o, 2), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_induced_options_set_progress(o, NULL, NULL), STEEPEST_OK);
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("l2", 2, &norm), STEEPEST_OK);
    const double H[4] = { 3, 0, 0, -5 };
    double lo = 0, up = 0;
    int exact = 0;
    const char *method = NULL;
    EXPECT_INT_EQ(steepest_norm_induced(norm, 2, H, o, &lo, &up, &exact, &method), STEEPEST_OK);
    EXPECT(lo == 5.0 && up == 5.0 && exact == 1 && method != NULL, "%g %g %d", lo, up, exact);
    /* every output may be NULL */
    EXPECT_INT_EQ(steepest_norm_induced(norm, 2, H, o, NULL, NULL, NULL, NULL), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_norm_induced(norm, 3, H, o, &lo, &up, &exact, &method), STEEPEST_ERROR_DIMENSION);
    const double Hnan[4] = { 3, 0, NAN, -5 };
    EXPECT_INT_EQ(steepest_norm_induced(norm, 2, Hnan, o, &lo, &up, &exact, &method),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT(strstr(steepest_last_error(), "(1,0)") != NULL, "%s", steepest_last_error());
    steepest_norm_free(norm);
    /* EXACT where only bounds exist: blocks of unequal sizes */
    ck_assert_int_eq(steepest_norm_new("block:sizes=1+2", 3, &norm), STEEPEST_OK);
    const double H3[9] = { 1, 2, 0, 2, 1, 0, 0, 0, 4 };
    EXPECT_INT_EQ(steepest_norm_induced(norm, 3, H3, o, &lo, &up, &exact, &method),
                  STEEPEST_ERROR_UNSUPPORTED);
    steepest_norm_free(norm);
    steepest_induced_options_free(o);
    steepest_induced_options_free(NULL);
}
END_TEST

START_TEST(matrix_kernels_refuse)
{
    const double H[4] = { 2, 1, 1, 2 }, Hinf[4] = { 2, INFINITY, 1, 2 };
    double v = 0;
    int flag = 0;
    EXPECT_INT_EQ(steepest_matrix_is_symmetric(2, NULL, 0, &flag), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "matrix H is NULL") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(steepest_matrix_is_symmetric(0, H, 0, &flag), STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_matrix_is_symmetric(2, H, 0, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_is_symmetric(2, H, -1, &flag), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_is_symmetric(2, H, NAN, &flag), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_is_symmetric(2, H, INFINITY, &flag), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_is_symmetric(2, Hinf, 0, &flag), STEEPEST_ERROR_NOT_FINITE);
    EXPECT(strstr(steepest_last_error(), "H(0,1) is infinite") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(steepest_matrix_is_symmetric(2, H, 0, &flag), STEEPEST_OK);
    CHECK(flag == 1);
    EXPECT_INT_EQ(steepest_matrix_max_abs(2, H, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_sum_abs(2, H, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_spectral_norm(2, NULL, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_spectral_norm(2, H, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_sym_eigenvalues(2, H, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_is_psd(2, H, NULL, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    /* is_psd: lambda_min may be NULL; eigenvalues of [[2,1],[1,2]] are 1 and 3 */
    EXPECT_INT_EQ(steepest_matrix_is_psd(2, H, &flag, NULL), STEEPEST_OK);
    CHECK(flag == 1);
    /* block tables */
    double lo, up;
    int exact;
    const char *method;
    const size_t bad_start[][3] = { { 1, 1, 2 }, { 0, 1, 3 }, { 0, 0, 2 }, { 0, 2, 2 } };
    const char *const why[] = { "from 0 to the dimension", "from 0 to the dimension", "block 0 is empty",
                                "block 1 is empty or reversed" };
    for (size_t k = 0; k < G_N_ELEMENTS(bad_start); k++) {
        EXPECT_INT_EQ(steepest_matrix_block_induced(2, H, 2, bad_start[k], NULL, &lo, &up, &exact, &method),
                      STEEPEST_ERROR_INVALID_ARGUMENT);
        EXPECT(strstr(steepest_last_error(), why[k]) != NULL, "%zu: %s", k, steepest_last_error());
    }
    const size_t good[3] = { 0, 1, 2 };
    EXPECT_INT_EQ(steepest_matrix_block_induced(2, H, 2, NULL, NULL, &lo, &up, &exact, &method),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_block_induced(2, H, 0, good, NULL, &lo, &up, &exact, &method),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_block_induced(2, H, 3, good, NULL, &lo, &up, &exact, &method),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    /* blocks of one are ℓ∞ → ℓ1: max over sign vectors of Σ|Hx| = 2·3 = 6 */
    EXPECT_INT_EQ(steepest_matrix_block_induced(2, H, 2, good, NULL, &lo, &up, &exact, &method), STEEPEST_OK);
    EXPECT(lo == 6.0 && up == 6.0 && exact, "%g %g %d", lo, up, exact);
    EXPECT_INT_EQ(steepest_matrix_block_induced(2, H, 2, good, NULL, NULL, NULL, NULL, NULL), STEEPEST_OK);
}
END_TEST

/* ---- ℓ∞ bounds: they bracket the exact value, and each phase cancels ---- */

typedef struct {
    int calls, cancel_at;
} Cancel;

static int
cancel_at(void *data, double fraction)
{
    Cancel *c = data;
    (void) fraction;
    return ++c->calls == c->cancel_at;
}

/* H of dimension n: symmetric PSD (BᵀB), symmetric indefinite, or not symmetric. */
static void
make_matrix(int kind, size_t n, uint64_t seed, double *H)
{
    double B[64];
    for (size_t i = 0; i < n * n; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        B[i] = (double) (seed >> 11) * 0x1p-53 - 0.5;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = 0.0;
            if (kind == 0)
                for (size_t k = 0; k < n; k++)
                    v += B[k * n + i] * B[k * n + j];
            else if (kind == 1)
                v = B[i * n + j] + B[j * n + i];
            else
                v = B[i * n + j];
            H[i * n + j] = v;
        }
}

START_TEST(inf1_bounds_bracket_and_cancel)
{
    const size_t n = 7;
    double H[49];
    SteepestInducedOptions *o = steepest_induced_options_new();
    ck_assert_int_eq(steepest_induced_options_set_mode(o, STEEPEST_INDUCED_BOUNDS), STEEPEST_OK);
    for (int kind = 0; kind < 3; kind++) {
        make_matrix(kind, n, 100 + (uint64_t) kind, H);
        double exact_value = 0, lo = 0, up = 0;
        int exact = 1;
        const char *method = NULL;
        ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 1, NULL, NULL, &exact_value, NULL), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_induced_options_set_progress(o, NULL, NULL), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_matrix_inf1(n, H, o, &lo, &up, &exact, &method), STEEPEST_OK);
        EXPECT(exact == 0 && method != NULL, "kind %d: exact %d", kind, exact);
        EXPECT(lo <= exact_value * (1 + 1e-12) && exact_value <= up * (1 + 1e-12) && lo > 0,
               "kind %d: %g <= %g <= %g", kind, lo, exact_value, up);
        /* the local search alone is a lower bound, reached by some sign vector */
        double ls = 0, x[7];
        EXPECT_INT_EQ(steepest_matrix_inf1_local_search(n, H, 3, 4, &ls, x), STEEPEST_OK);
        double check = 0;
        for (size_t i = 0; i < n; i++) {
            double r = 0;
            for (size_t j = 0; j < n; j++)
                r += H[i * n + j] * x[j];
            check += fabs(r);
        }
        EXPECT(ls <= exact_value * (1 + 1e-12) && fabs(check - ls) <= 1e-12 * ls, "kind %d: %g %g %g", kind,
               ls, check, exact_value);
        /* each report of the bounds is a cancellation point */
        for (int at = 1; at <= 2; at++) {
            Cancel c = { 0, at };
            EXPECT_INT_EQ(steepest_induced_options_set_progress(o, cancel_at, &c), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_matrix_inf1(n, H, o, &lo, &up, &exact, &method), STEEPEST_ERROR_CANCELLED);
            EXPECT(c.calls == at, "kind %d: cancelled at call %d, wanted %d", kind, c.calls, at);
        }
        EXPECT_INT_EQ(steepest_induced_options_set_progress(o, NULL, NULL), STEEPEST_OK); /* c is gone */
    }
    double v;
    EXPECT_INT_EQ(steepest_matrix_inf1_local_search(n, H, 3, 4, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_inf1_local_search(0, H, 3, 4, &v, NULL), STEEPEST_ERROR_DIMENSION);
    double *big = g_new0(double, 63 * 63);
    EXPECT_INT_EQ(steepest_matrix_inf1_exact(63, big, 1, NULL, NULL, &v, NULL), STEEPEST_ERROR_DIMENSION);
    g_free(big);
    /* n = 1: |H_00|, in bounds mode too */
    const double one = -2.5;
    EXPECT_INT_EQ(steepest_matrix_inf1(1, &one, o, &v, NULL, NULL, NULL), STEEPEST_OK);
    CHECK(v == 2.5);
    steepest_induced_options_free(o);
}
END_TEST

/* ---- plugin failures: each method, each kind of failure ---- */

START_TEST(plugin_failures_reported)
{
    ck_assert_msg(steepest_registry_load_plugin(FIXTURES_DIR "/failing/fixture-failing.so") == STEEPEST_OK,
                  "%s", steepest_last_error());
    static const char *const fn[] = { "steepest_norm_norm",        "steepest_norm_dual_norm",
                                      "steepest_norm_duality_map", "steepest_norm_unit_direction",
                                      "steepest_norm_step_scaled", "steepest_norm_step_normalized",
                                      "steepest_norm_induced" };
    const double x[3] = { 1, -4, 2 }, z[3] = { 0.5, -1, 2 }, H[9] = { 1, 0, 0, 0, 2, 0, 0, 0, -3 };
    for (int m = 0; m <= 7; m++)
        for (int code = 0; code < 3; code++) {
            char spec[64];
            g_snprintf(spec, sizeof spec, "fixture_failing:method=%d,code=%d", m, code);
            SteepestNorm *norm = NULL;
            ck_assert_msg(steepest_norm_new(spec, 3, &norm) == STEEPEST_OK, "%s", steepest_last_error());
            double out[3], v = -1, lo, up;
            int rc[7];
            rc[0] = steepest_norm_norm(norm, 3, x, &v);
            CHECK(m == 0 || v == 4.0);
            rc[1] = steepest_norm_dual_norm(norm, 3, z, &v);
            CHECK(m == 1 || v == 3.5);
            rc[2] = steepest_norm_duality_map(norm, 3, z, out, &v);
            rc[3] = steepest_norm_unit_direction(norm, 3, z, out, &v);
            CHECK(m == 3 || (out[0] == 1 && out[1] == -1 && out[2] == 1));
            rc[4] = steepest_norm_step_scaled(norm, 3, x, z, 0.5, out, &v);
            CHECK(m == 4 || (out[0] == 1 - 1.75 && out[1] == -4 + 1.75 && out[2] == 2 - 1.75));
            rc[5] = steepest_norm_step_normalized(norm, 3, x, z, 0.5, out, &v);
            rc[6] = steepest_norm_induced(norm, 3, H, NULL, &lo, &up, NULL, NULL);
            for (int k = 0; k < 7; k++) {
                if (k != m) {
                    EXPECT(rc[k] == STEEPEST_OK, "%s: %s failed: %d", spec, fn[k], rc[k]);
                    continue;
                }
                int want = code == 1 ? STEEPEST_ERROR_UNSUPPORTED : STEEPEST_ERROR_PLUGIN_FAILED;
                EXPECT(rc[k] == want, "%s: %s gave %s", spec, fn[k], steepest_status_name(rc[k]));
            }
            if (m < 6) {
                /* the message names the function and the norm, then why */
                const char *msg = steepest_norm_last_error(norm);
                const char *why = code == 0   ? "deliberate failure"
                                  : code == 1 ? steepest_status_describe(STEEPEST_ERROR_UNSUPPORTED)
                                              : "undefined code -999";
                EXPECT(strstr(msg, fn[m]) && strstr(msg, spec) && strstr(msg, why), "%s: '%s' lacks '%s'",
                       spec, msg, why);
            }
            steepest_norm_free(norm);
        }
}
END_TEST

/* ---- smoothness estimates: each documented refusal, and the value ---- */

typedef struct {
    int fail_at, calls; /* grad fails (returns 3) or gives NaN at call fail_at */
    int nan;
} Grad;

/* ∇f for f = ½ Σ d_i x_i², d = (1, 2, 3, 4). */
static int
diag_grad(void *data, size_t n, const double *x, double *g)
{
    Grad *G = data;
    G->calls++;
    for (size_t i = 0; i < n; i++)
        g[i] = (double) (i + 1) * x[i];
    if (G->calls == G->fail_at) {
        if (!G->nan)
            return 3;
        g[1] = NAN;
    }
    return 0;
}

START_TEST(smoothness_refusals_and_value)
{
    SteepestNorm *l2 = NULL;
    ck_assert_int_eq(steepest_norm_new("l2", N, &l2), STEEPEST_OK);
    const double x[N] = { 1, -1, 2, 0.5 }, gammas[3] = { 0.5, 1, 2 };
    const double xnan[N] = { 1, NAN, 2, 0.5 }, zero[N] = { 0, 0, 0, 0 }, bad_g[3] = { 1, 0, 2 },
                 nan_g[2] = { 1, NAN };
    Grad G = { 0, 0, 0 };
    double L = 0, gb = 0;
#define EST(norm, grad, xx, g, gm, ng, alpha, dir, out) \
    steepest_analysis_estimate_smoothness(norm, grad, &G, N, xx, g, gm, ng, alpha, dir, out, &gb)
    EXPECT_INT_EQ(EST(NULL, diag_grad, x, NULL, gammas, 3, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(EST(l2, NULL, x, NULL, gammas, 3, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(EST(l2, diag_grad, NULL, NULL, gammas, 3, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, gammas, 3, 1.0, STEEPEST_PROBE_SCALED, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "L_hat is NULL") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(steepest_analysis_estimate_smoothness(l2, diag_grad, &G, N + 1, x, NULL, gammas, 3, 1.0, 1,
                                                        &L, NULL),
                  STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, gammas, 3, 1.0, 7, &L), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, gammas, 3, NAN, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, gammas, 3, 0.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "alpha must be positive") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, NULL, 3, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, gammas, 0, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, bad_g, 3, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "gammas[1] = 0") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, nan_g, 2, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT(strstr(steepest_last_error(), "gammas[1] is NaN") != NULL, "%s", steepest_last_error());
    const double inf_g[] = { 1.0, INFINITY };
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, inf_g, 2, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT(strstr(steepest_last_error(), "gammas[1] is infinite") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, gammas, 3, INFINITY, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT(strstr(steepest_last_error(), "alpha is infinite") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(EST(l2, diag_grad, xnan, NULL, gammas, 3, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT_INT_EQ(EST(l2, diag_grad, x, xnan, gammas, 3, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT_INT_EQ(EST(l2, diag_grad, zero, NULL, gammas, 3, 1.0, STEEPEST_PROBE_SCALED, &L),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "no steepest direction") != NULL, "%s", steepest_last_error());
    /* grad failing or giving NaN at its first call (∇f(x)) and at a probe */
    for (int at = 1; at <= 2; at++)
        for (int nan = 0; nan < 2; nan++) {
            G = (Grad){ at, 0, nan };
            int rc = EST(l2, diag_grad, x, NULL, gammas, 3, 1.0, STEEPEST_PROBE_SCALED, &L);
            EXPECT(rc == (nan ? STEEPEST_ERROR_NOT_FINITE : STEEPEST_ERROR_CALLBACK), "at %d nan %d: %d", at,
                   nan, rc);
        }
    /* the value: ∇f is linear, so every ratio is ‖D s‖₂/‖s‖₂ with s ∝ g = D x */
    G = (Grad){ 0, 0, 0 };
    EXPECT_INT_EQ(EST(l2, diag_grad, x, NULL, gammas, 3, 1.0, STEEPEST_PROBE_SCALED, &L), STEEPEST_OK);
    double num = 0, den = 0;
    for (size_t i = 0; i < N; i++) {
        double gi = (double) (i + 1) * x[i];
        num += (double) (i + 1) * (i + 1) * gi * gi;
        den += gi * gi;
    }
    EXPECT_DOUBLE_EQ_TOL(L, sqrt(num / den), 1e-12 * sqrt(num / den));
    EXPECT(G.calls == 4, "%d gradient calls, want 1 + 3", G.calls);
    /* the improvement ratio's own refusals */
    double R = 0;
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(NULL, &G, N, x, gammas, 3, 1, 1, &R, NULL,
                                                               NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, N, NULL, gammas, 3, 1, 1, &R,
                                                               NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, N, x, gammas, 3, 1, 1, NULL,
                                                               NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, 0, x, gammas, 3, 1, 1, &R, NULL,
                                                               NULL),
                  STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, N, x, gammas, 3, NAN, 1, &R,
                                                               NULL, NULL),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, N, x, gammas, 3, 1, -1, &R,
                                                               NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, N, x, NULL, 0, 1, 1, &R, NULL,
                                                               NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, N, xnan, gammas, 3, 1, 1, &R,
                                                               NULL, NULL),
                  STEEPEST_ERROR_NOT_FINITE);
    G = (Grad){ 1, 0, 0 };
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, N, x, gammas, 3, 1, 1, &R, NULL,
                                                               NULL),
                  STEEPEST_ERROR_CALLBACK);
    for (int at = 2; at <= 5; at += 3) { /* a probe of the ℓ2 estimate, then of the ℓ∞ one */
        G = (Grad){ at, 0, 1 };
        EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, N, x, gammas, 3, 1, 1, &R,
                                                                   NULL, NULL),
                      STEEPEST_ERROR_NOT_FINITE);
    }
    /* R̂ = φ(g)·d·L̂2/L̂∞, its parts given back */
    G = (Grad){ 0, 0, 0 };
    double L2 = 0, Linf = 0;
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, N, x, gammas, 3, 1, 1, &R, &L2,
                                                               &Linf),
                  STEEPEST_OK);
    EXPECT_DOUBLE_EQ_TOL(L2, sqrt(num / den), 1e-12 * L2);
    EXPECT(R > 0 && Linf > 0 && G.calls == 7, "R %g L∞ %g calls %d", R, Linf, G.calls);
    EXPECT_INT_EQ(steepest_analysis_estimate_improvement_ratio(diag_grad, &G, N, x, gammas, 3, 1, 1, &R, NULL,
                                                               NULL),
                  STEEPEST_OK);
#undef EST
    steepest_norm_free(l2);
}
END_TEST

/* ---- Lemma 2 guarantees: refusals, values by hand, the certificate ---- */

typedef struct {
    int mode; /* 0 ½‖x‖², 1 f(x) NaN, 2 f(x+) NaN, 3 f(x+) = +Inf, 4 f(x) = +Inf, 5 f(x+) = −Inf */
    int calls;
} Obj;

static int
obj_fn(void *data, size_t n, const double *x, double *f, double *g)
{
    Obj *o = data;
    quadratic(NULL, n, x, f, g);
    o->calls++;
    if ((o->mode == 1 && o->calls == 1) || (o->mode == 2 && o->calls == 2))
        *f = NAN;
    if ((o->mode == 3 && o->calls == 2) || (o->mode == 4 && o->calls == 1))
        *f = INFINITY;
    if (o->mode == 5 && o->calls == 2)
        *f = -INFINITY;
    return 0;
}

START_TEST(guarantees_refusals_and_values)
{
    SteepestNorm *l1 = NULL;
    ck_assert_int_eq(steepest_norm_new("l1", N, &l1), STEEPEST_OK);
    const double g[N] = { 1, -3, 2, 0.5 }, gnan[N] = { 1, NAN, 2, 0 };
    double v = 0, dual = 0;
    /* ℓ1's dual is ℓ∞: ‖g‖* = 3, Lemma 2's decrease 9/(2L) */
    EXPECT_INT_EQ(steepest_analysis_dual_grad_norm(l1, N, g, &v), STEEPEST_OK);
    CHECK(v == 3.0);
    EXPECT_INT_EQ(steepest_analysis_dual_grad_norm(l1, N, g, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_dual_grad_norm(l1, N, gnan, &v), STEEPEST_ERROR_NOT_FINITE);
    EXPECT_INT_EQ(steepest_analysis_dual_grad_norm(NULL, N, g, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_dual_grad_norm(l1, N + 1, g, &v), STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease(l1, N, g, 2.0, &v, &dual), STEEPEST_OK);
    CHECK(v == 9.0 / 4.0 && dual == 3.0);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease(l1, N, g, 2.0, &v, NULL), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease(l1, N, g, 2.0, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease(l1, N, g, 0.0, &v, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease(l1, N, g, INFINITY, &v, NULL),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease(l1, N, gnan, 2.0, &v, NULL),
                  STEEPEST_ERROR_NOT_FINITE);
    /* from a matrix: the ℓ1 → ℓ∞ induced norm is max |H_ij| = 4 (exact) */
    const double H[N * N] = { 1, 0, 0, 0, 0, -4, 0, 0, 0, 0, 2, 1, 0, 0, 1, 2 }, Z[N * N] = { 0 };
    double L = 0;
    int exact = 0;
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease_matrix(l1, N, g, H, NULL, &v, &L, &exact),
                  STEEPEST_OK);
    EXPECT(L == 4.0 && exact == 1 && v == 9.0 / 8.0, "L %g exact %d decrease %g", L, exact, v);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease_matrix(l1, N, g, H, NULL, &v, NULL, NULL),
                  STEEPEST_OK);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease_matrix(l1, N, g, NULL, NULL, &v, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease_matrix(l1, N, g, H, NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease_matrix(l1, N, gnan, H, NULL, &v, NULL, NULL),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT_INT_EQ(steepest_analysis_guaranteed_decrease_matrix(l1, N, g, Z, NULL, &v, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "zero Hessian") != NULL, "%s", steepest_last_error());
    /* the certificate: f = ½‖x‖₂² is 1-smooth in ℓ2; under ℓ1 (dual ℓ∞) too, as ‖·‖₂ <= ‖·‖₁ */
    const double x[N] = { 1, -2, 0.5, 3 };
    double actual = 0, guaranteed = 0, xn[N], buf[N + 2];
    int verdict = -1;
    Obj o = { 0, 0 };
    EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, x, 1.0, -1, &actual, &guaranteed, &verdict,
                                            xn),
                  STEEPEST_OK);
    /* g = x, ‖g‖∞ = 3, x+ = x − 3·e_4 sign: f drops by ½(9 − 0) = 4.5 >= 9/2 */
    EXPECT(verdict == STEEPEST_CERTIFICATE_HOLDS && guaranteed == 4.5 && fabs(actual - 4.5) < 1e-12,
           "verdict %d actual %g guaranteed %g", verdict, actual, guaranteed);
    CHECK(xn[3] == 0.0 && xn[0] == 1.0);
    o = (Obj){ 0, 0 };
    EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, x, 0.5, 0, NULL, NULL, &verdict, NULL),
                  STEEPEST_OK);
    CHECK(verdict == STEEPEST_CERTIFICATE_VIOLATED); /* L = 1/2 overstates the step: f(x+) = f(x) */
    o = (Obj){ 3, 0 };
    EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, x, 1.0, -1, NULL, NULL, &verdict, NULL),
                  STEEPEST_OK);
    CHECK(verdict == STEEPEST_CERTIFICATE_VIOLATED);
    for (int mode = 1; mode <= 2; mode++) {
        o = (Obj){ mode, 0 };
        EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, x, 1.0, -1, NULL, NULL, &verdict, NULL),
                      STEEPEST_ERROR_NOT_FINITE);
        EXPECT(strstr(steepest_last_error(), mode == 1 ? "f(x) is NaN" : "f(x+) is NaN") != NULL, "%s",
               steepest_last_error());
    }
    /* f(x) = +Inf and f(x+) = −Inf are refused too (f(x+) = +Inf is a violation) */
    for (int mode = 4; mode <= 5; mode++) {
        o = (Obj){ mode, 0 };
        EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, x, 1.0, -1, NULL, NULL, &verdict, NULL),
                      STEEPEST_ERROR_NOT_FINITE);
        EXPECT(strstr(steepest_last_error(), mode == 4 ? "f(x) is infinite" : "f(x+) is -Inf") != NULL, "%s",
               steepest_last_error());
    }
    EXPECT_INT_EQ(steepest_analysis_certify(l1, NULL, &o, N, x, 1.0, -1, NULL, NULL, &verdict, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, x, 1.0, -1, NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, x, -1.0, -1, NULL, NULL, &verdict, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, x, 1.0, NAN, NULL, NULL, &verdict, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, x, 1.0, INFINITY, NULL, NULL, &verdict, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    memcpy(buf, x, sizeof x);
    EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, buf, 1.0, -1, NULL, NULL, &verdict, buf + 1),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "x_next overlaps x") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(steepest_analysis_certify(l1, obj_fn, &o, N, gnan, 1.0, -1, NULL, NULL, &verdict, NULL),
                  STEEPEST_ERROR_NOT_FINITE);
    steepest_norm_free(l1);
}
END_TEST

/* ---- norm comparisons: refusals, and one ranking by hand ---- */

START_TEST(comparisons_refusals_and_ranking)
{
    /* H = diag(1, 2, 3, 4), x = (1, 1, 1, 1), b = (0, 0, 0, 8): g = (1, 2, 3, -4).
     * ℓ2: L = 4, ‖g‖₂² = 30, improvement 7.5; ℓ∞ (dual ℓ1): L = Σ|H_ij| max
     * over signs = 10, ‖g‖₁² = 100, improvement 10; ℓ1 (dual ℓ∞): L = max|H_ij|
     * = 4, ‖g‖∞² = 16, improvement 4.  Ranked: linf, l2, l1. */
    const double H[N * N] = { 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4 };
    const double x[N] = { 1, 1, 1, 1 }, b[N] = { 0, 0, 0, 8 }, xnan[N] = { 1, NAN, 1, 1 };
    const double Hnan[N * N] = { 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, INFINITY, 0, 0, 0, 4 };
    const char *const cspecs[] = { "l2", "linf", "l1" };
    SteepestComparison *cmp = (SteepestComparison *) &cmp;
    EXPECT_INT_EQ(steepest_compare_quadratic(N, H, x, b, cspecs, 3, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_compare_quadratic(N, NULL, x, b, cspecs, 3, NULL, &cmp),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    CHECK(cmp == NULL);
    EXPECT_INT_EQ(steepest_compare_quadratic(N, H, NULL, b, cspecs, 3, NULL, &cmp),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_compare_quadratic(0, H, x, b, cspecs, 3, NULL, &cmp), STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_compare_quadratic(N, H, xnan, b, cspecs, 3, NULL, &cmp),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT_INT_EQ(steepest_compare_quadratic(N, H, x, xnan, cspecs, 3, NULL, &cmp),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT_INT_EQ(steepest_compare_quadratic(N, Hnan, x, b, cspecs, 3, NULL, &cmp),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT(strstr(steepest_last_error(), "H[2][3] is infinite") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(steepest_compare_quadratic(N, H, x, b, cspecs, 3, NULL, &cmp), STEEPEST_OK);
    ck_assert_ptr_nonnull(cmp);
    EXPECT_INT_EQ(steepest_comparison_count(cmp), 3);
    static const char *const order[] = { "linf", "l2", "l1" };
    static const double want[] = { 10.0, 7.5, 4.0 };
    for (size_t r = 0; r < 3; r++) {
        const char *spec = NULL;
        double imp = 0;
        EXPECT_INT_EQ(steepest_comparison_get(cmp, r, &spec, NULL, NULL, NULL, NULL, NULL, &imp, NULL, NULL),
                      STEEPEST_OK);
        EXPECT(spec && strcmp(spec, order[r]) == 0 && fabs(imp - want[r]) <= 1e-12 * want[r],
               "rank %zu: %s %g", r, spec, imp);
    }
    EXPECT_INT_EQ(steepest_comparison_get(cmp, 3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    size_t gn = 0;
    const double *g = steepest_comparison_get_gradient(cmp, &gn);
    CHECK(gn == N && g[0] == 1 && g[1] == 2 && g[2] == 3 && g[3] == -4);
    EXPECT_INT_EQ(steepest_comparison_skipped_count(cmp), 0);
    EXPECT_INT_EQ(steepest_comparison_get_skipped(cmp, 0, NULL, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_comparison_free(cmp);
    /* every loaded class by bare name: block needs its size, so it is skipped, with why */
    EXPECT_INT_EQ(steepest_compare_quadratic(N, H, x, NULL, NULL, 0, NULL, &cmp), STEEPEST_OK);
    size_t skipped = steepest_comparison_skipped_count(cmp), found = 0;
    for (size_t i = 0; i < skipped; i++) {
        const char *name = NULL, *reason = NULL;
        int status = 0;
        EXPECT_INT_EQ(steepest_comparison_get_skipped(cmp, i, &name, &status, &reason), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_comparison_get_skipped(cmp, i, NULL, NULL, NULL), STEEPEST_OK);
        if (name && strcmp(name, "block") == 0)
            found = status < 0 && reason && reason[0];
    }
    CHECK(found);
    steepest_comparison_free(cmp);
    /* NULL handles */
    CHECK(steepest_comparison_count(NULL) == 0 && steepest_comparison_skipped_count(NULL) == 0);
    CHECK(steepest_comparison_get_gradient(NULL, &gn) == NULL && gn == 0);
    EXPECT_INT_EQ(steepest_comparison_get_skipped(NULL, 0, NULL, NULL, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_comparison_free(NULL);
    /* the gradient form: ∇f = D x for D = diag(1..4), with the caller's L */
    Grad G = { 0, 0, 0 };
    const double L[3] = { 4, 10, 4 }, Lbad[3] = { 4, NAN, 4 }, Lzero[3] = { 4, 0, 4 }, gammas[2] = { 0.5, 1 };
    EXPECT_INT_EQ(steepest_compare_gradient(diag_grad, &G, N, x, cspecs, L, 3, gammas, 2, 1, NULL),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_compare_gradient(NULL, &G, N, x, cspecs, L, 3, gammas, 2, 1, &cmp),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_compare_gradient(diag_grad, &G, N, NULL, cspecs, L, 3, gammas, 2, 1, &cmp),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_compare_gradient(diag_grad, &G, 0, x, cspecs, L, 3, gammas, 2, 1, &cmp),
                  STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_compare_gradient(diag_grad, &G, N, x, NULL, L, 3, gammas, 2, 1, &cmp),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(steepest_last_error(), "need the specs") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(steepest_compare_gradient(diag_grad, &G, N, x, cspecs, Lbad, 3, gammas, 2, 1, &cmp),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT(strstr(steepest_last_error(), "L[1] (for 'linf')") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(steepest_compare_gradient(diag_grad, &G, N, x, cspecs, Lzero, 3, gammas, 2, 1, &cmp),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_compare_gradient(diag_grad, &G, N, xnan, cspecs, L, 3, gammas, 2, 1, &cmp),
                  STEEPEST_ERROR_NOT_FINITE);
    G = (Grad){ 1, 0, 0 };
    EXPECT_INT_EQ(steepest_compare_gradient(diag_grad, &G, N, x, cspecs, L, 3, gammas, 2, 1, &cmp),
                  STEEPEST_ERROR_CALLBACK);
    G = (Grad){ 0, 0, 0 };
    EXPECT_INT_EQ(steepest_compare_gradient(diag_grad, &G, N, x, cspecs, L, 3, gammas, 2, 1, &cmp),
                  STEEPEST_OK);
    /* g = (1, 2, 3, 4): ℓ∞ 100/10 = 10, ℓ2 30/4 = 7.5, ℓ1 16/4 = 4, all guaranteed */
    for (size_t r = 0; r < 3; r++) {
        const char *spec = NULL;
        double imp = 0;
        int guaranteed = 0;
        EXPECT_INT_EQ(steepest_comparison_get(cmp, r, &spec, NULL, NULL, NULL, NULL, NULL, &imp, NULL,
                                              &guaranteed),
                      STEEPEST_OK);
        EXPECT(spec && strcmp(spec, order[r]) == 0 && fabs(imp - want[r]) <= 1e-12 * want[r] && guaranteed,
               "rank %zu: %s %g %d", r, spec, imp, guaranteed);
    }
    steepest_comparison_free(cmp);
    /* estimated L̂ instead: a failing probe fails the call */
    G = (Grad){ 2, 0, 1 };
    EXPECT_INT_EQ(steepest_compare_gradient(diag_grad, &G, N, x, cspecs, NULL, 3, gammas, 2, 1, &cmp),
                  STEEPEST_ERROR_NOT_FINITE);
}
END_TEST

/* ---- rates: every argument refused on its own, values from the formulas ---- */

START_TEST(rates_refusals_and_values)
{
    double b = 0;
    const int INV = STEEPEST_ERROR_INVALID_ARGUMENT, NF = STEEPEST_ERROR_NOT_FINITE;
    /* Proposition 1: 2L(f0 − f*)/T */
    EXPECT_INT_EQ(steepest_analysis_average_grad_bound(2, 5, 1, 4, &b), STEEPEST_OK);
    CHECK(b == 4.0);
    EXPECT_INT_EQ(steepest_analysis_average_grad_bound(2, 5, 1, 4, NULL), INV);
    EXPECT_INT_EQ(steepest_analysis_average_grad_bound(NAN, 5, 1, 4, &b), NF);
    EXPECT_INT_EQ(steepest_analysis_average_grad_bound(0, 5, 1, 4, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_average_grad_bound(2, NAN, 1, 4, &b), NF);
    EXPECT_INT_EQ(steepest_analysis_average_grad_bound(2, 5, -INFINITY, 4, &b), NF);
    EXPECT_INT_EQ(steepest_analysis_average_grad_bound(2, 1, 5, 4, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_average_grad_bound(2, 1e308, -1e308, 4, &b), NF);
    EXPECT(strstr(steepest_last_error(), "overflows") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(steepest_analysis_average_grad_bound(2, 5, 1, NAN, &b), NF);
    EXPECT_INT_EQ(steepest_analysis_average_grad_bound(2, 5, 1, 0, &b), INV);
    /* Theorem 1: 2LR²/(T + 4) */
    EXPECT_INT_EQ(steepest_analysis_convex_rate(1.5, 2, 8, &b), STEEPEST_OK);
    EXPECT_DOUBLE_EQ_TOL(b, 1.0, 4 * DBL_EPSILON);
    EXPECT_INT_EQ(steepest_analysis_convex_rate(1.5, 2, 8, NULL), INV);
    EXPECT_INT_EQ(steepest_analysis_convex_rate(-1, 2, 8, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_convex_rate(1.5, -2, 8, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_convex_rate(1.5, INFINITY, 8, &b), NF);
    EXPECT_INT_EQ(steepest_analysis_convex_rate(1.5, 2, -1, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_convex_rate(1.5, 2, NAN, &b), NF);
    /* Theorem 2: (1 − μ/L)^T (f0 − f*), 0^0 = 1 */
    EXPECT_INT_EQ(steepest_analysis_pl_rate(4, 2, 9, 1, 3, &b), STEEPEST_OK);
    EXPECT_DOUBLE_EQ_TOL(b, 1.0, 4 * DBL_EPSILON);
    EXPECT_INT_EQ(steepest_analysis_pl_rate(2, 2, 9, 1, 0, &b), STEEPEST_OK);
    CHECK(b == 8.0);
    EXPECT_INT_EQ(steepest_analysis_pl_rate(2, 2, 9, 1, 3, &b), STEEPEST_OK);
    CHECK(b == 0.0);
    EXPECT_INT_EQ(steepest_analysis_pl_rate(4, 2, 9, 1, 3, NULL), INV);
    EXPECT_INT_EQ(steepest_analysis_pl_rate(0, 2, 9, 1, 3, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_pl_rate(4, 0, 9, 1, 3, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_pl_rate(4, NAN, 9, 1, 3, &b), NF);
    EXPECT_INT_EQ(steepest_analysis_pl_rate(4, 5, 9, 1, 3, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_pl_rate(4, 2, 1, 9, 3, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_pl_rate(4, 2, 9, 1, -3, &b), INV);
    /* Theorem 3: 18 (f0 − f*) max(L0/ε², L1²/L0) */
    EXPECT_INT_EQ(steepest_analysis_normalized_iterations(2, 4, 3, 1, 0.5, &b), STEEPEST_OK);
    CHECK(b == 36.0 * 8.0); /* max(2/0.25, 16/2) = 8 */
    EXPECT_INT_EQ(steepest_analysis_normalized_iterations(2, 0, 3, 1, 0.1, &b), STEEPEST_OK);
    EXPECT_DOUBLE_EQ_TOL(b, 36.0 * 200.0, 1e-9);
    EXPECT_INT_EQ(steepest_analysis_normalized_iterations(2, 4, 3, 1, 0.5, NULL), INV);
    EXPECT_INT_EQ(steepest_analysis_normalized_iterations(0, 4, 3, 1, 0.5, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_normalized_iterations(2, -4, 3, 1, 0.5, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_normalized_iterations(2, 4, 3, 1, 0, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_normalized_iterations(2, 4, 3, 1, NAN, &b), NF);
    EXPECT_INT_EQ(steepest_analysis_normalized_iterations(2, 4, 1, 3, 0.5, &b), INV);
    EXPECT_INT_EQ(steepest_analysis_normalized_iterations(2, NAN, 3, 1, 0.5, &b), NF);
}
END_TEST

/* ---- runs that fail: f(x0) not finite, a line search that cannot
 * decrease, an objective that fails mid-search ---- */

typedef struct {
    int calls, fail_at, nan_at;
} Flaky;

static int
flaky(void *data, size_t n, const double *x, double *f, double *g)
{
    Flaky *F = data;
    F->calls++;
    quadratic(NULL, n, x, f, g);
    if (F->calls == F->nan_at)
        *f = NAN;
    return F->calls == F->fail_at ? 5 : 0;
}

static int
flaky_value(void *data, size_t n, const double *x, double *f)
{
    return flaky(data, n, x, f, NULL);
}

static int
flaky_grad(void *data, size_t n, const double *x, double *g)
{
    (void) data;
    double f;
    return quadratic(NULL, n, x, &f, g);
}

START_TEST(runs_that_fail)
{
    SteepestNorm *norm = NULL;
    SteepestSolver *s = NULL;
    ck_assert_int_eq(steepest_norm_new("l2", N, &norm), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
    Flaky F = { 0, 0, 1 };
    double x[N] = { 1, -2, 3, -4 };
    ck_assert_int_eq(steepest_solver_set_objective(s, flaky, &F, NULL), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_solver_run(s, N, x), STEEPEST_ERROR_NOT_FINITE);
    EXPECT(strstr(steepest_solver_last_error(s), "f(x0) is NaN; x is untouched") != NULL, "%s",
           steepest_solver_last_error(s));
    CHECK(x[0] == 1 && x[3] == -4);
    /* Armijo from α0 = 10 on ½‖x‖² with no backtracking allowed: f(x − 10x) = 81 f(x) */
    ck_assert_int_eq(steepest_solver_set_step_rule(s, STEEPEST_STEP_ARMIJO), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_step_size(s, 10), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_armijo(s, 1e-4, 0.5, 0), STEEPEST_OK);
    F = (Flaky){ 0, 0, 0 };
    EXPECT_INT_EQ(steepest_solver_run(s, N, x), STEEPEST_ERROR_LINE_SEARCH);
    EXPECT(strstr(steepest_solver_last_error(s), "after 0 backtracks") != NULL, "%s",
           steepest_solver_last_error(s));
    /* a NaN trial value is a failed trial, said so when it is the last */
    F = (Flaky){ 0, 0, 2 };
    EXPECT_INT_EQ(steepest_solver_run(s, N, x), STEEPEST_ERROR_LINE_SEARCH);
    EXPECT(strstr(steepest_solver_last_error(s), "not finite") != NULL, "%s", steepest_solver_last_error(s));
    /* with backtracking it converges: α = 10 · 2^-3 = 1.25 is the first that decreases enough */
    ck_assert_int_eq(steepest_solver_set_armijo(s, 1e-4, 0.5, 50), STEEPEST_OK);
    F = (Flaky){ 0, 0, 0 };
    ck_assert_int_eq(steepest_solver_set_max_iter(s, 1), STEEPEST_OK);
    double y[N] = { 1, -2, 3, -4 };
    EXPECT_INT_EQ(steepest_solver_run(s, N, y), STEEPEST_STOP_MAX_ITER);
    EXPECT(y[0] == 1 - 1.25 && y[3] == -4 + 5.0, "y = %g ... %g", y[0], y[3]);
    /* the objective failing in the search: CALLBACK, with its status */
    for (int at = 2; at <= 3; at++) {
        F = (Flaky){ 0, at, 0 };
        double z[N] = { 1, -2, 3, -4 };
        EXPECT_INT_EQ(steepest_solver_run(s, N, z), STEEPEST_ERROR_CALLBACK);
        EXPECT_INT_EQ(steepest_solver_get_callback_status(s), 5);
    }
    /* the split objective: value and gradient separately */
    ck_assert_int_eq(steepest_solver_set_objective_split(s, flaky_value, flaky_grad, &F, NULL), STEEPEST_OK);
    F = (Flaky){ 0, 0, 0 };
    double w[N] = { 1, -2, 3, -4 };
    EXPECT_INT_EQ(steepest_solver_run(s, N, w), STEEPEST_STOP_MAX_ITER);
    EXPECT(w[0] == 1 - 1.25 && w[3] == -4 + 5.0, "w = %g ... %g", w[0], w[3]);
    F = (Flaky){ 0, 2, 0 };
    EXPECT_INT_EQ(steepest_solver_run(s, N, w), STEEPEST_ERROR_CALLBACK);
    /* NORMALIZED_GD: α = α0/(‖g‖* + β); α0 = 1 and β = ‖g‖₂ = √30 give α = 1/(2√30) */
    ck_assert_int_eq(steepest_solver_set_objective(s, quadratic, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_step_rule(s, STEEPEST_STEP_NORMALIZED_GD), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_step_size(s, 1), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_normalized_gd_beta(s, sqrt(30.0)), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_direction(s, STEEPEST_DIRECTION_SCALED), STEEPEST_OK);
    double v[N] = { 1, -2, 3, -4 };
    EXPECT_INT_EQ(steepest_solver_run(s, N, v), STEEPEST_STOP_MAX_ITER);
    /* x − α g♯ with g♯ = g = x (ℓ2), α = 1/(2√30) */
    double a = 1.0 / (2.0 * sqrt(30.0));
    EXPECT(fabs(v[0] - (1 - a)) < 1e-15 && fabs(v[3] - (-4 + 4 * a)) < 1e-14, "v = %g ... %g", v[0], v[3]);
    steepest_solver_free(s);
    steepest_norm_free(norm);
}
END_TEST

/* ---- gradient checker and L_sep: refusals, and values they must give ---- */

typedef struct {
    int mode; /* 0 right, 1 gradient wrong in coordinate 2, 2 f NaN at call 3, 3 NaN gradient, 4 fails */
    int calls;
} Checked;

static int
checked_fn(void *data, size_t n, const double *x, double *f, double *g)
{
    Checked *c = data;
    c->calls++;
    quadratic(NULL, n, x, f, g);
    if (g != NULL && c->mode == 1)
        g[2] += 1.0;
    if (g != NULL && c->mode == 3)
        g[1] = NAN;
    if (c->mode == 2 && c->calls == 3)
        *f = NAN;
    return c->mode == 4 && c->calls == 2 ? 9 : 0;
}

START_TEST(gradient_check_and_lsep)
{
    const double x[N] = { 1, -2, 3, -4 }, xnan[N] = { 1, NAN, 3, 4 };
    Checked c = { 0, 0 };
    double worst = -1, an[2], nu[2], re[2];
    size_t idx[2];
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, N, x, 0, 2, idx, an, nu, re, &worst), STEEPEST_OK);
    EXPECT(worst < 1e-8 && c.calls == 1 + 2 * N, "right gradient: error %g, %d calls", worst, c.calls);
    /* g_2 off by one: a = 4, d = 3, relative error 1/4 at index 2, worst first */
    c = (Checked){ 1, 0 };
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, N, x, 1e-4, 2, idx, an, nu, re, &worst),
                  STEEPEST_OK);
    EXPECT(idx[0] == 2 && an[0] == 4.0 && fabs(nu[0] - 3.0) < 1e-8 && fabs(re[0] - 0.25) < 1e-8 &&
               worst == re[0],
           "%zu %g %g %g %g", idx[0], an[0], nu[0], re[0], worst);
    c = (Checked){ 1, 0 };
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, N, x, 1e-4, 9, NULL, NULL, NULL, NULL, NULL),
                  STEEPEST_OK);
    c = (Checked){ 2, 0 };
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, N, x, 0, 0, NULL, NULL, NULL, NULL, &worst),
                  STEEPEST_ERROR_NOT_FINITE);
    EXPECT(strstr(steepest_last_error(), "f is NaN") != NULL, "%s", steepest_last_error());
    c = (Checked){ 3, 0 };
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, N, x, 0, 0, NULL, NULL, NULL, NULL, &worst),
                  STEEPEST_ERROR_NOT_FINITE);
    c = (Checked){ 4, 0 };
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, N, x, 0, 0, NULL, NULL, NULL, NULL, &worst),
                  STEEPEST_ERROR_CALLBACK);
    EXPECT_INT_EQ(steepest_check_gradient(NULL, &c, N, x, 0, 0, NULL, NULL, NULL, NULL, &worst),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, N, NULL, 0, 0, NULL, NULL, NULL, NULL, &worst),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, 0, x, 0, 0, NULL, NULL, NULL, NULL, &worst),
                  STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, N, x, NAN, 0, NULL, NULL, NULL, NULL, &worst),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, N, x, INFINITY, 0, NULL, NULL, NULL, NULL, &worst),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_check_gradient(checked_fn, &c, N, xnan, 0, 0, NULL, NULL, NULL, NULL, &worst),
                  STEEPEST_ERROR_NOT_FINITE);
    /* L_sep of a diagonal PSD matrix is its trace (l = diag(H) is feasible and optimal) */
    const double D[9] = { 1, 0, 0, 0, 2, 0, 0, 0, 3 }, A[9] = { 1, 2, 0, 0, 2, 0, 0, 0, 3 };
    const double I[9] = { 1, 0, 0, 0, -2, 0, 0, 0, 3 };
    double primal = 0, dual = 0, l[3];
    unsigned sweeps = 0;
    EXPECT_INT_EQ(steepest_matrix_lsep(3, D, 0, 0, 1, &primal, &dual, l, &sweeps), STEEPEST_OK);
    EXPECT(dual <= 6.0 * (1 + 1e-12) && primal >= 6.0 * (1 - 1e-12) && fabs(primal - 6.0) < 1e-6 &&
               sweeps > 0,
           "primal %g dual %g sweeps %u", primal, dual, sweeps);
    EXPECT_INT_EQ(steepest_matrix_lsep(3, D, 5, 1e-3, 1, NULL, &dual, NULL, NULL), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_matrix_lsep(3, D, 0, NAN, 1, &primal, &dual, l, &sweeps),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_matrix_lsep(3, A, 0, 0, 1, &primal, &dual, l, &sweeps),
                  STEEPEST_ERROR_NOT_SYMMETRIC);
    EXPECT_INT_EQ(steepest_matrix_lsep(3, I, 0, 0, 1, &primal, &dual, l, &sweeps), STEEPEST_ERROR_NOT_PSD);
    EXPECT_INT_EQ(steepest_matrix_lsep(3, NULL, 0, 0, 1, &primal, &dual, l, &sweeps),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* ---- test problems: objectives called wrong, getters on NULL, values ---- */

START_TEST(problems_refusals_and_values)
{
    /* least squares with A = I (3×2 with a zero row), b = (1, 2, 5): x* = (1, 2), f* = 12.5 */
    const double A[6] = { 1, 0, 0, 1, 0, 0 }, b[3] = { 1, 2, 5 };
    SteepestLeastSquares *ls = NULL;
    ck_assert_int_eq(steepest_least_squares_new(3, 2, A, b, STEEPEST_DATA_COPY, &ls), STEEPEST_OK);
    SteepestObjectiveFn fn = NULL;
    void *data = NULL;
    EXPECT_INT_EQ(steepest_least_squares_get_objective(ls, &fn, &data), STEEPEST_OK);
    double f = 0, g[3], xs[2], fs = 0;
    const double x[3] = { 0, 0, 0 };
    EXPECT(fn(data, 3, x, &f, g) != 0, "a wrong dimension must fail the objective");
    EXPECT_INT_EQ(fn(data, 2, x, &f, g), 0);
    CHECK(f == 15.0 && g[0] == -1 && g[1] == -2);
    EXPECT_INT_EQ(steepest_least_squares_get_objective(NULL, &fn, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_least_squares_get_objective(ls, NULL, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_least_squares_get_objective(ls, &fn, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_least_squares_get_minimizer(ls, 2, xs, &fs), STEEPEST_OK);
    CHECK(fabs(xs[0] - 1) < 1e-14 && fabs(xs[1] - 2) < 1e-14 && fabs(fs - 12.5) < 1e-13);
    EXPECT_INT_EQ(steepest_least_squares_get_minimizer(ls, 2, xs, NULL), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_least_squares_get_minimizer(ls, 3, xs, &fs), STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_least_squares_get_minimizer(NULL, 2, xs, &fs), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_least_squares_get_minimizer(ls, 2, NULL, &fs), STEEPEST_ERROR_INVALID_ARGUMENT);
    double L = 0;
    EXPECT_INT_EQ(steepest_least_squares_get_smoothness_bound(NULL, NULL, &L),
                  STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_least_squares_free(ls);
    steepest_least_squares_free(NULL);
    /* logistic: a wrong dimension fails its objective, and the λ term of the bound */
    const double yl[3] = { 1, -1, 1 };
    SteepestLogistic *lr = NULL;
    ck_assert_int_eq(steepest_logistic_new(3, 2, A, yl, 0.5, STEEPEST_DATA_COPY, &lr), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_logistic_get_objective(lr, &fn, &data), STEEPEST_OK);
    EXPECT(fn(data, 3, x, &f, g) != 0, "a wrong dimension must fail the objective");
    EXPECT_INT_EQ(fn(data, 2, x, &f, g), 0);
    EXPECT_DOUBLE_EQ_TOL(f, log(2.0), 1e-15);
    EXPECT_INT_EQ(steepest_logistic_get_objective(NULL, &fn, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_logistic_get_objective(lr, NULL, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    SteepestNorm *l1 = NULL, *blk = NULL, *linf = NULL;
    ck_assert_int_eq(steepest_norm_new("l1", 2, &l1), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("linf", 2, &linf), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("block:size=1", 2, &blk), STEEPEST_OK);
    /* ℓ1 (dual ℓ∞): Σ‖a_i‖∞²/(4m) = 2/12, plus λ·1 */
    EXPECT_INT_EQ(steepest_logistic_get_smoothness_bound(lr, l1, &L), STEEPEST_OK);
    EXPECT_DOUBLE_EQ_TOL(L, 2.0 / 12.0 + 0.5, 1e-15);
    /* ℓ∞ (dual ℓ1): the same rows, plus λ·n */
    EXPECT_INT_EQ(steepest_logistic_get_smoothness_bound(lr, linf, &L), STEEPEST_OK);
    EXPECT_DOUBLE_EQ_TOL(L, 2.0 / 12.0 + 1.0, 1e-15);
    EXPECT_INT_EQ(steepest_logistic_get_smoothness_bound(lr, blk, &L), STEEPEST_ERROR_UNSUPPORTED);
    EXPECT_INT_EQ(steepest_logistic_get_smoothness_bound(NULL, l1, &L), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_logistic_free(lr);
    steepest_logistic_free(NULL);
    /* quadratic: getters on NULL, diagonal minimizer */
    const double h[2] = { 2, 4 }, bq[2] = { 2, 2 };
    SteepestQuadratic *q = NULL;
    ck_assert_int_eq(steepest_quadratic_new_diagonal(2, h, bq, STEEPEST_DATA_COPY, &q), STEEPEST_OK);
    CHECK(steepest_quadratic_get_dimension(q) == 2 && steepest_quadratic_get_dimension(NULL) == 0);
    EXPECT_INT_EQ(steepest_quadratic_get_minimizer(q, 2, xs, &fs), STEEPEST_OK);
    CHECK(xs[0] == 1.0 && xs[1] == 0.5 && fs == -1.5);
    EXPECT_INT_EQ(steepest_quadratic_get_objective(NULL, &fn, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_quadratic_get_objective(q, NULL, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_quadratic_get_objective(q, &fn, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_quadratic_free(q);
    steepest_quadratic_free(NULL);
    steepest_norm_free(l1);
    steepest_norm_free(linf);
    steepest_norm_free(blk);
}
END_TEST

/* ---- the GD-vs-sign experiment: refusals, and one step computed by hand ---- */

START_TEST(experiment_compare_refusals_and_value)
{
    SteepestNorm *l2 = NULL, *linf = NULL, *l2b = NULL;
    ck_assert_int_eq(steepest_norm_new("l2", 2, &l2), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("linf", 2, &linf), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("l2", 3, &l2b), STEEPEST_OK);
    /* H = diag(1, 2): L2 = 2, L∞ = Σ over signs of |Hx|₁ = 3.  One step from
     * x0 = (1, 1): g = (1, 2); ℓ2: x − g/2 = (0.5, 0), ‖·‖₂ = 0.5; ℓ∞: x −
     * (1/3)‖g‖₁ sign(g) = (0, 0), ‖·‖₂ = 0. */
    const double H[4] = { 1, 0, 0, 2 }, x0[2] = { 1, 1 }, Z[4] = { 0 }, xnan[2] = { NAN, 1 };
    double La = 0, Lb = 0, da = -1, db = -1;
    int exact = 0;
    EXPECT_INT_EQ(steepest_experiment_compare(l2, linf, 2, H, NULL, 1, x0, 1, &La, &Lb, &exact, &da, &db),
                  STEEPEST_OK);
    EXPECT(La == 2.0 && Lb == 3.0 && exact == 1 && fabs(da - 0.5) < 1e-15 && fabs(db) < 1e-15,
           "L %g %g exact %d dist %g %g", La, Lb, exact, da, db);
    EXPECT_INT_EQ(steepest_experiment_compare(l2, linf, 2, H, NULL, 1, x0, 1, NULL, NULL, NULL, NULL, NULL),
                  STEEPEST_OK);
    /* H = 0: every gradient is 0, nothing moves */
    EXPECT_INT_EQ(steepest_experiment_compare(l2, linf, 2, Z, NULL, 1, x0, 3, &La, &Lb, NULL, &da, &db),
                  STEEPEST_OK);
    EXPECT(fabs(da - sqrt(2.0)) < 1e-15 && fabs(db - sqrt(2.0)) < 1e-15, "%g %g", da, db);
    const int INV = STEEPEST_ERROR_INVALID_ARGUMENT;
    EXPECT_INT_EQ(steepest_experiment_compare(NULL, linf, 2, H, NULL, 1, x0, 1, NULL, NULL, NULL, NULL, NULL),
                  INV);
    EXPECT(strstr(steepest_last_error(), "norm_a is NULL") != NULL, "%s", steepest_last_error());
    EXPECT_INT_EQ(steepest_experiment_compare(l2, NULL, 2, H, NULL, 1, x0, 1, NULL, NULL, NULL, NULL, NULL),
                  INV);
    EXPECT_INT_EQ(steepest_experiment_compare(l2, linf, 2, NULL, NULL, 1, x0, 1, NULL, NULL, NULL, NULL,
                                              NULL),
                  INV);
    EXPECT_INT_EQ(steepest_experiment_compare(l2, linf, 2, H, NULL, 1, NULL, 1, NULL, NULL, NULL, NULL, NULL),
                  INV);
    EXPECT_INT_EQ(steepest_experiment_compare(l2, linf, 2, H, NULL, 0, x0, 1, NULL, NULL, NULL, NULL, NULL),
                  INV);
    EXPECT_INT_EQ(steepest_experiment_compare(l2, linf, 0, H, NULL, 1, x0, 1, NULL, NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_experiment_compare(l2b, linf, 2, H, NULL, 1, x0, 1, NULL, NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_experiment_compare(l2, linf, 2, H, NULL, 1, xnan, 1, NULL, NULL, NULL, NULL, NULL),
                  STEEPEST_ERROR_NOT_FINITE);
    steepest_norm_free(l2);
    steepest_norm_free(linf);
    steepest_norm_free(l2b);
    /* foreign getters on NULL */
    CHECK(steepest_foreign_get_signature(NULL) == NULL && steepest_foreign_get_library(NULL) == NULL &&
          steepest_foreign_get_symbol(NULL) == NULL);
}
END_TEST

static Suite *
api_errors_suite(void)
{
    Suite *s = suite_create("api-errors");
    TCase *tc = tcase_create("errors");
    tcase_add_test(tc, norm_bad_arguments);
    tcase_add_test(tc, norm_null_getters);
    tcase_add_test(tc, solver_setters_refuse_bad_values);
    tcase_add_test(tc, solver_handle_errors);
    tcase_add_test(tc, solver_null_getters);
    tcase_add_test(tc, trace_buffers_partial_and_truncated);
    tcase_add_test(tc, induced_options_refuse);
    tcase_add_test(tc, matrix_kernels_refuse);
    tcase_add_test(tc, inf1_bounds_bracket_and_cancel);
    tcase_add_test(tc, plugin_failures_reported);
    tcase_add_test(tc, smoothness_refusals_and_value);
    tcase_add_test(tc, guarantees_refusals_and_values);
    tcase_add_test(tc, comparisons_refusals_and_ranking);
    tcase_add_test(tc, rates_refusals_and_values);
    tcase_add_test(tc, runs_that_fail);
    tcase_add_test(tc, gradient_check_and_lsep);
    tcase_add_test(tc, problems_refusals_and_values);
    tcase_add_test(tc, experiment_compare_refusals_and_value);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(api_errors_suite(), 0);
}
