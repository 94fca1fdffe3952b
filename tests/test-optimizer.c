/* test-optimizer.c — the optimizer's C API: every documented failure, the
 * identities between rules (bit for bit where the arithmetic is the same),
 * the compressor's closed forms, the distributed EF message, schedules in
 * closed form, and the checkpoint format's refusals.  The rules' formulas
 * over long runs in every norm are checked against NumPy in
 * bindings/python/tests/test_optimizer.py. */
#include <check.h>
#include <glib.h>
#include <float.h>
#include <math.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

#define N 8

static SteepestNorm *
norm_of(const char *spec, size_t n)
{
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new(spec, n, &norm), STEEPEST_OK);
    return norm;
}

static SteepestOptimizer *
opt_of(const SteepestNorm *norm, int rule, double lr)
{
    SteepestOptimizer *opt = NULL;
    ck_assert_int_eq(steepest_optimizer_new(norm, steepest_norm_get_dim(norm), &opt), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_set_rule(opt, rule), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_set_lr(opt, lr), STEEPEST_OK);
    return opt;
}

/* A deterministic gradient for step t: no zeros, no ties. */
static void
gradient(int t, size_t n, double *g)
{
    for (size_t i = 0; i < n; i++)
        g[i] = sin(1.7 * (double) (t + 1) + 0.9 * (double) i * (double) i) + 0.01 * (double) i;
}

static void
assert_message_has(const char *msg, const char *what)
{
    ck_assert_msg(strstr(msg, what) != NULL, "message '%s' lacks '%s'", msg, what);
}

START_TEST(new_refuses_bad_arguments)
{
    SteepestNorm *norm = norm_of("linf", N);
    SteepestOptimizer *opt = (SteepestOptimizer *) 1;
    ck_assert_int_eq(steepest_optimizer_new(NULL, N, &opt), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(opt);
    ck_assert_int_eq(steepest_optimizer_new(norm, N, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_optimizer_new(norm, N + 1, &opt), STEEPEST_ERROR_DIMENSION);
    assert_message_has(steepest_last_error(), "dimension 8");
    ck_assert_int_eq(steepest_optimizer_new(norm, 0, &opt), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_optimizer_new(norm, N, &opt), STEEPEST_OK);
    ck_assert_ptr_eq(steepest_optimizer_get_norm(opt), norm);
    ck_assert_uint_eq(steepest_optimizer_get_dimension(opt), N);
    ck_assert_int_eq(steepest_optimizer_get_rule(opt), STEEPEST_RULE_SGD);
    ck_assert_int_eq(steepest_optimizer_get_direction(opt), STEEPEST_DIRECTION_NORMALIZED);
    ck_assert_int_eq(steepest_optimizer_get_schedule(opt), STEEPEST_SCHEDULE_CONSTANT);
    ck_assert(isnan(steepest_optimizer_get_lr(opt)) && isnan(steepest_optimizer_get_grad_norm(opt)));
    double lr, beta, tau, b1, b2, eps, wd;
    ck_assert_int_eq(steepest_optimizer_get_hyperparameters(opt, &lr, &beta, &tau, &b1, &b2, &eps, &wd),
                     STEEPEST_OK);
    ck_assert(lr == 1e-3 && beta == 0.9 && tau == 0.0 && b1 == 0.9 && b2 == 0.999 && eps == 1e-8 &&
              wd == 0.0);
    steepest_optimizer_free(opt);
    steepest_optimizer_free(NULL);
    /* NULL-safe getters */
    ck_assert_int_eq(steepest_optimizer_get_rule(NULL), -1);
    ck_assert_uint_eq(steepest_optimizer_get_step(NULL), 0);
    ck_assert_str_eq(steepest_optimizer_last_error(NULL), "");
    ck_assert_ptr_null(steepest_optimizer_get_norm(NULL));
    steepest_norm_free(norm);
}
END_TEST

START_TEST(rule_names_round_trip)
{
    const char *names[] = { "sgd", "momentum", "nesterov", "lion", "adam", "adamw", "ef" };
    for (int r = 0; r < 7; r++) {
        ck_assert_str_eq(steepest_rule_name(r), names[r]);
        ck_assert_int_eq(steepest_rule_from_name(names[r]), r);
    }
    ck_assert_ptr_null(steepest_rule_name(7));
    ck_assert_ptr_null(steepest_rule_name(-1));
    ck_assert_int_eq(steepest_rule_from_name("rmsprop"), -1);
    ck_assert_int_eq(steepest_rule_from_name(NULL), -1);
}
END_TEST

START_TEST(update_refuses_bad_arguments)
{
    SteepestNorm *norm = norm_of("l2", N);
    SteepestOptimizer *opt = opt_of(norm, STEEPEST_RULE_MOMENTUM, 0.1);
    double x[2 * N] = { 0 }, g[N];
    gradient(0, N, g);
    ck_assert_int_eq(steepest_optimizer_update(NULL, N, x, g), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_optimizer_update(opt, N, NULL, g), STEEPEST_ERROR_INVALID_ARGUMENT);
    assert_message_has(steepest_optimizer_last_error(opt), "x is NULL");
    ck_assert_int_eq(steepest_optimizer_update(opt, N, x, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    assert_message_has(steepest_optimizer_last_error(opt), "g is NULL");
    ck_assert_int_eq(steepest_optimizer_update(opt, N - 1, x, g), STEEPEST_ERROR_DIMENSION);
    assert_message_has(steepest_optimizer_last_error(opt), "n = 7");
    ck_assert_int_eq(steepest_optimizer_update(opt, N, x, x + 3), STEEPEST_ERROR_INVALID_ARGUMENT);
    assert_message_has(steepest_optimizer_last_error(opt), "overlap");
    ck_assert_uint_eq(steepest_optimizer_get_step(opt), 0);
    steepest_optimizer_free(opt);
    steepest_norm_free(norm);
}
END_TEST

/* A NaN or Inf anywhere in g: refused naming the first index, with x, the
 * state bytes and the step count as they were, in every rule. */
START_TEST(non_finite_gradient_changes_nothing)
{
    const char *specs[] = { "l2", "linf", "l1", "block:size=4", "lp:p=3" };
    for (size_t k = 0; k < G_N_ELEMENTS(specs); k++) {
        SteepestNorm *norm = norm_of(specs[k], N);
        for (int rule = 0; rule < 7; rule++) {
            SteepestOptimizer *opt = opt_of(norm, rule, 0.1);
            ck_assert_int_eq(steepest_optimizer_set_weight_decay(opt,
                                                                 rule == STEEPEST_RULE_ADAM ? 0.0 : 0.01),
                             STEEPEST_OK);
            double x[N], g[N], x0[N];
            for (size_t i = 0; i < N; i++)
                x[i] = (double) i - 3.5;
            gradient(0, N, g);
            ck_assert_int_eq(steepest_optimizer_update(opt, N, x, g), STEEPEST_OK);
            size_t size;
            ck_assert_int_eq(steepest_optimizer_get_state_size(opt, &size), STEEPEST_OK);
            unsigned char *before = g_malloc(size), *after = g_malloc(size);
            ck_assert_int_eq(steepest_optimizer_get_state(opt, before, size), STEEPEST_OK);
            memcpy(x0, x, sizeof x);
            const double bad[] = { NAN, INFINITY, -INFINITY };
            for (int b = 0; b < 3; b++) {
                gradient(1, N, g);
                g[6] = bad[b];
                g[7] = NAN;
                ck_assert_int_eq(steepest_optimizer_update(opt, N, x, g), STEEPEST_ERROR_NOT_FINITE);
                assert_message_has(steepest_optimizer_last_error(opt), "g[6]");
                assert_message_has(steepest_last_error(), "unchanged");
                ck_assert_int_eq(memcmp(x, x0, sizeof x), 0);
                ck_assert_int_eq(steepest_optimizer_get_state(opt, after, size), STEEPEST_OK);
                ck_assert_msg(memcmp(before, after, size) == 0, "%s %s: the state changed", specs[k],
                              steepest_rule_name(rule));
            }
            ck_assert_uint_eq(steepest_optimizer_get_step(opt), 1);
            g_free(before);
            g_free(after);
            steepest_optimizer_free(opt);
        }
        steepest_norm_free(norm);
    }
}
END_TEST

START_TEST(setters_refuse_out_of_range_naming_the_parameter)
{
    SteepestNorm *norm = norm_of("linf", N);
    SteepestOptimizer *opt = opt_of(norm, STEEPEST_RULE_SGD, 0.5);
    struct {
        int rc;
        const char *name;
    } cases[] = {
        { steepest_optimizer_set_lr(opt, 0.0), "lr" },
        { steepest_optimizer_set_lr(opt, -1.0), "lr" },
        { steepest_optimizer_set_lr(opt, NAN), "lr" },
        { steepest_optimizer_set_lr(opt, INFINITY), "lr" },
        { steepest_optimizer_set_momentum(opt, 1.0, 0.0), "beta" },
        { steepest_optimizer_set_momentum(opt, -0.5, 0.0), "beta" },
        { steepest_optimizer_set_momentum(opt, NAN, 0.0), "beta" },
        { steepest_optimizer_set_momentum(opt, 0.5, 1.01), "dampening" },
        { steepest_optimizer_set_momentum(opt, 0.5, -0.01), "dampening" },
        { steepest_optimizer_set_betas(opt, 1.0, 0.5), "beta1" },
        { steepest_optimizer_set_betas(opt, 0.5, 1.0), "beta2" },
        { steepest_optimizer_set_betas(opt, 0.5, -1e-9), "beta2" },
        { steepest_optimizer_set_eps(opt, -1e-12), "eps" },
        { steepest_optimizer_set_eps(opt, NAN), "eps" },
        { steepest_optimizer_set_weight_decay(opt, -1.0), "weight_decay" },
        { steepest_optimizer_set_weight_decay(opt, INFINITY), "weight_decay" },
        { steepest_optimizer_set_schedule_geometric(opt, 0.0), "gamma" },
        { steepest_optimizer_set_schedule_geometric(opt, 1.5), "gamma" },
        { steepest_optimizer_set_schedule_step(opt, 0, 0.5), "every" },
        { steepest_optimizer_set_schedule_step(opt, 5, NAN), "gamma" },
        { steepest_optimizer_set_schedule_cosine(opt, 10, 10, 0.0), "warmup" },
        { steepest_optimizer_set_schedule_cosine(opt, 0, 10, -0.1), "final_fraction" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        ck_assert_msg(cases[i].rc == STEEPEST_ERROR_PARAMETER, "case %zu (%s): %d", i, cases[i].name,
                      cases[i].rc);
    /* The messages name the parameter (the last one set the optimizer's). */
    ck_assert_int_eq(steepest_optimizer_set_betas(opt, 0.9, 1.5), STEEPEST_ERROR_PARAMETER);
    assert_message_has(steepest_optimizer_last_error(opt), "beta2 = 1.5");
    ck_assert_int_eq(steepest_optimizer_set_eps(opt, -1.0), STEEPEST_ERROR_PARAMETER);
    assert_message_has(steepest_optimizer_last_error(opt), "eps = -1");
    /* Nothing changed. */
    double lr, beta, tau, b1, b2, eps, wd;
    steepest_optimizer_get_hyperparameters(opt, &lr, &beta, &tau, &b1, &b2, &eps, &wd);
    ck_assert(lr == 0.5 && beta == 0.9 && tau == 0.0 && b1 == 0.9 && b2 == 0.999 && eps == 1e-8 && wd == 0.0);
    ck_assert_int_eq(steepest_optimizer_get_schedule(opt), STEEPEST_SCHEDULE_CONSTANT);
    /* Bad enums, and the adam / adamw line. */
    ck_assert_int_eq(steepest_optimizer_set_rule(opt, 7), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_optimizer_set_direction(opt, 2), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_optimizer_set_weight_decay(opt, 0.1), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_set_rule(opt, STEEPEST_RULE_ADAM), STEEPEST_ERROR_PARAMETER);
    assert_message_has(steepest_optimizer_last_error(opt), "adamw");
    ck_assert_int_eq(steepest_optimizer_get_rule(opt), STEEPEST_RULE_SGD);
    ck_assert_int_eq(steepest_optimizer_set_rule(opt, STEEPEST_RULE_ADAMW), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_set_weight_decay(opt, 0.0), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_set_rule(opt, STEEPEST_RULE_ADAM), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_set_weight_decay(opt, 0.1), STEEPEST_ERROR_PARAMETER);
    ck_assert_int_eq(steepest_optimizer_set_lr(NULL, 1.0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_optimizer_get_hyperparameters(NULL, &lr, NULL, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_optimizer_free(opt);
    steepest_norm_free(norm);
}
END_TEST

/* A NULL optimizer: every setter refuses it naming itself, every getter
 * gives its neutral value; a valid one fills only the outputs asked for. */
START_TEST(null_optimizer_refused_everywhere)
{
    struct {
        int rc;
        const char *fn;
    } cases[] = {
        { steepest_optimizer_set_rule(NULL, STEEPEST_RULE_SGD), "steepest_optimizer_set_rule" },
        { steepest_optimizer_set_direction(NULL, 0), "steepest_optimizer_set_direction" },
        { steepest_optimizer_set_momentum(NULL, 0.5, 0.0), "steepest_optimizer_set_momentum" },
        { steepest_optimizer_set_betas(NULL, 0.5, 0.5), "steepest_optimizer_set_betas" },
        { steepest_optimizer_set_eps(NULL, 1e-8), "steepest_optimizer_set_eps" },
        { steepest_optimizer_set_weight_decay(NULL, 0.0), "steepest_optimizer_set_weight_decay" },
        { steepest_optimizer_set_schedule_constant(NULL), "steepest_optimizer_set_schedule_constant" },
        { steepest_optimizer_set_schedule_inv_sqrt(NULL), "steepest_optimizer_set_schedule_inv_sqrt" },
        { steepest_optimizer_set_schedule_geometric(NULL, 0.5), "steepest_optimizer_set_schedule_geometric" },
        { steepest_optimizer_set_schedule_step(NULL, 2, 0.5), "steepest_optimizer_set_schedule_step" },
        { steepest_optimizer_set_schedule_cosine(NULL, 0, 10, 0.0),
          "steepest_optimizer_set_schedule_cosine" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        ck_assert_msg(cases[i].rc == STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %d", cases[i].fn, cases[i].rc);
    /* the messages name the function (the initializers ran in turn; two again) */
    ck_assert_int_eq(steepest_optimizer_set_schedule_cosine(NULL, 0, 10, 0.0),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    assert_message_has(steepest_last_error(),
                       "steepest_optimizer_set_schedule_cosine: the optimizer is NULL");
    ck_assert_int_eq(steepest_optimizer_set_rule(NULL, STEEPEST_RULE_SGD), STEEPEST_ERROR_INVALID_ARGUMENT);
    assert_message_has(steepest_last_error(), "steepest_optimizer_set_rule: the optimizer is NULL");
    double lr = 0.0;
    ck_assert_int_eq(steepest_optimizer_get_lr_at(NULL, 0, &lr), STEEPEST_ERROR_INVALID_ARGUMENT);
    assert_message_has(steepest_last_error(), "the optimizer is NULL");
    ck_assert_uint_eq(steepest_optimizer_get_dimension(NULL), 0);
    ck_assert_int_eq(steepest_optimizer_get_direction(NULL), -1);
    ck_assert_int_eq(steepest_optimizer_get_schedule(NULL), -1);
    ck_assert(isnan(steepest_optimizer_get_lr(NULL)) && isnan(steepest_optimizer_get_grad_norm(NULL)) &&
              isnan(steepest_optimizer_get_step_norm(NULL)));
    /* No outputs asked for: fine, and a fresh optimizer has no last error. */
    SteepestNorm *norm = norm_of("linf", N);
    SteepestOptimizer *opt = opt_of(norm, STEEPEST_RULE_SGD, 0.25);
    ck_assert_str_eq(steepest_optimizer_last_error(opt), "");
    /* back to the constant schedule after another: lr_t = lr at every t */
    ck_assert_int_eq(steepest_optimizer_set_schedule_inv_sqrt(opt), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_set_schedule_constant(opt), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_get_schedule(opt), STEEPEST_SCHEDULE_CONSTANT);
    ck_assert_int_eq(steepest_optimizer_get_lr_at(opt, 41, &lr), STEEPEST_OK);
    ck_assert(lr == 0.25);
    ck_assert_int_eq(steepest_optimizer_get_hyperparameters(opt, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_get_hyperparameters(opt, &lr, NULL, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_OK);
    ck_assert(lr == 0.25);
    steepest_optimizer_free(opt);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(schedules_in_closed_form)
{
    SteepestNorm *norm = norm_of("linf", N);
    SteepestOptimizer *opt = opt_of(norm, STEEPEST_RULE_SGD, 2.0);
    double v;
    ck_assert_int_eq(steepest_optimizer_get_lr_at(opt, 0, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_optimizer_get_lr_at(opt, 1000, &v), STEEPEST_OK);
    ck_assert(v == 2.0);
    steepest_optimizer_set_schedule_inv_sqrt(opt);
    steepest_optimizer_get_lr_at(opt, 3, &v);
    ck_assert_double_eq_tol(v, 1.0, 1e-15); /* 2/√4 */
    steepest_optimizer_set_schedule_geometric(opt, 0.5);
    steepest_optimizer_get_lr_at(opt, 3, &v);
    ck_assert(v == 0.25);
    steepest_optimizer_set_schedule_step(opt, 10, 0.5);
    steepest_optimizer_get_lr_at(opt, 9, &v);
    ck_assert(v == 2.0);
    steepest_optimizer_get_lr_at(opt, 10, &v);
    ck_assert(v == 1.0);
    steepest_optimizer_get_lr_at(opt, 35, &v);
    ck_assert(v == 0.25);
    ck_assert_int_eq(steepest_optimizer_set_schedule_cosine(opt, 4, 104, 0.1), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_get_schedule(opt), STEEPEST_SCHEDULE_COSINE);
    steepest_optimizer_get_lr_at(opt, 0, &v);
    ck_assert(v == 0.5); /* (0+1)/4 of 2 */
    steepest_optimizer_get_lr_at(opt, 3, &v);
    ck_assert(v == 2.0);
    steepest_optimizer_get_lr_at(opt, 4, &v);
    ck_assert(v == 2.0); /* cos 0 */
    steepest_optimizer_get_lr_at(opt, 54, &v);
    ck_assert_double_eq_tol(v, 2.0 * (0.1 + 0.9 * 0.5), 1e-15); /* halfway: cos(π/2) = 0 */
    steepest_optimizer_get_lr_at(opt, 104, &v);
    ck_assert_double_eq_tol(v, 0.2, 1e-15);
    steepest_optimizer_get_lr_at(opt, 5000, &v);
    ck_assert_double_eq_tol(v, 0.2, 1e-15);
    /* the update applies it and reports it */
    double x[N] = { 0 }, g[N];
    gradient(0, N, g);
    ck_assert_int_eq(steepest_optimizer_update(opt, N, x, g), STEEPEST_OK);
    ck_assert(steepest_optimizer_get_lr(opt) == 0.5);
    for (size_t i = 0; i < N; i++)
        ck_assert(x[i] == -0.5 * (g[i] > 0 ? 1.0 : -1.0));
    steepest_optimizer_free(opt);
    steepest_norm_free(norm);
}
END_TEST

/* Runs `steps` updates of two optimizers on copies of one start. */
static void
run_pair(SteepestOptimizer *a, SteepestOptimizer *b, int steps, double *xa, double *xb)
{
    double g[N];
    for (size_t i = 0; i < N; i++)
        xa[i] = xb[i] = 0.25 * (double) i - 1.0;
    for (int t = 0; t < steps; t++) {
        gradient(t, N, g);
        ck_assert_int_eq(steepest_optimizer_update(a, N, xa, g), STEEPEST_OK);
        ck_assert_int_eq(steepest_optimizer_update(b, N, xb, g), STEEPEST_OK);
    }
}

START_TEST(adam_with_zero_betas_is_the_sign_step)
{
    SteepestNorm *norm = norm_of("linf", N);
    SteepestOptimizer *adam = opt_of(norm, STEEPEST_RULE_ADAM, 0.01),
                      *sgd = opt_of(norm, STEEPEST_RULE_SGD, 0.01);
    ck_assert_int_eq(steepest_optimizer_set_betas(adam, 0.0, 0.0), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_set_eps(adam, 0.0), STEEPEST_OK);
    double xa[N], xb[N];
    run_pair(adam, sgd, 200, xa, xb);
    ck_assert_int_eq(memcmp(xa, xb, sizeof xa), 0); /* sqrt(g²) = |g| exactly */
    ck_assert(isnan(steepest_optimizer_get_step_norm(adam)));
    steepest_optimizer_free(adam);
    steepest_optimizer_free(sgd);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(nesterov_with_zero_beta_is_sgd)
{
    const char *specs[] = { "l2", "linf", "l1", "block:size=2", "lp:p=1.5" };
    for (size_t k = 0; k < G_N_ELEMENTS(specs); k++)
        for (int dir = 0; dir < 2; dir++) {
            SteepestNorm *norm = norm_of(specs[k], N);
            SteepestOptimizer *nes = opt_of(norm, STEEPEST_RULE_NESTEROV, 0.05),
                              *sgd = opt_of(norm, STEEPEST_RULE_SGD, 0.05);
            steepest_optimizer_set_momentum(nes, 0.0, 0.0);
            steepest_optimizer_set_direction(nes, dir);
            steepest_optimizer_set_direction(sgd, dir);
            double xa[N], xb[N];
            run_pair(nes, sgd, 200, xa, xb);
            ck_assert_msg(memcmp(xa, xb, sizeof xa) == 0, "%s direction %d", specs[k], dir);
            steepest_optimizer_free(nes);
            steepest_optimizer_free(sgd);
            steepest_norm_free(norm);
        }
}
END_TEST

/* In l2 the compressor is the identity, so e stays 0 and EF's
 * x − Δ − lr·λ·x is the scaled SGD step x − lr·(g + λx), with or without
 * weight decay. */
START_TEST(ef_in_l2_is_sgd_in_l2)
{
    SteepestNorm *norm = norm_of("l2", N);
    for (int decay = 0; decay < 2; decay++) {
        SteepestOptimizer *ef = opt_of(norm, STEEPEST_RULE_EF, 0.05),
                          *sgd = opt_of(norm, STEEPEST_RULE_SGD, 0.05);
        steepest_optimizer_set_direction(sgd, STEEPEST_DIRECTION_SCALED);
        ck_assert_int_eq(steepest_optimizer_set_weight_decay(ef, 0.1 * decay), STEEPEST_OK);
        ck_assert_int_eq(steepest_optimizer_set_weight_decay(sgd, 0.1 * decay), STEEPEST_OK);
        double xa[N], xb[N];
        run_pair(ef, sgd, 200, xa, xb);
        for (size_t i = 0; i < N; i++)
            ck_assert_double_eq_tol(xa[i], xb[i], 1e-12 * fmax(1.0, fabs(xb[i])));
        steepest_optimizer_free(ef);
        steepest_optimizer_free(sgd);
    }
    steepest_norm_free(norm);
}
END_TEST

START_TEST(compressor_closed_forms)
{
    double p[N] = { 0.5, -2.0, 1.0, 0.0, -0.25, 3.0, -1.0, 0.75 }, c[N];
    double l1 = 0.0;
    for (size_t i = 0; i < N; i++)
        l1 += fabs(p[i]);
    /* ℓ∞: (‖p‖₁/nnz) sign(p); one zero entry, so nnz = 7. */
    SteepestNorm *linf = norm_of("linf", N);
    double dual;
    ck_assert_int_eq(steepest_norm_compress(linf, N, p, c, &dual), STEEPEST_OK);
    ck_assert(dual == l1);
    for (size_t i = 0; i < N; i++)
        ck_assert_double_eq_tol(c[i], (l1 / 7.0) * (p[i] > 0 ? 1 : p[i] < 0 ? -1 : 0), 1e-15);
    /* ℓ1: top-1 */
    SteepestNorm *l1n = norm_of("l1", N);
    ck_assert_int_eq(steepest_norm_compress(l1n, N, p, c, NULL), STEEPEST_OK);
    for (size_t i = 0; i < N; i++)
        ck_assert(c[i] == (i == 5 ? 3.0 : 0.0));
    /* ℓ2: the identity */
    SteepestNorm *l2 = norm_of("l2", N);
    ck_assert_int_eq(steepest_norm_compress(l2, N, p, c, NULL), STEEPEST_OK);
    for (size_t i = 0; i < N; i++)
        ck_assert_double_eq_tol(c[i], p[i], 1e-15);
    /* zero in, zero out */
    double z[N] = { 0 };
    ck_assert_int_eq(steepest_norm_compress(linf, N, z, c, &dual), STEEPEST_OK);
    for (size_t i = 0; i < N; i++)
        ck_assert(c[i] == 0.0);
    /* failures: out untouched */
    double q[N];
    memcpy(q, p, sizeof q);
    q[4] = NAN;
    for (size_t i = 0; i < N; i++)
        c[i] = 42.0;
    ck_assert_int_eq(steepest_norm_compress(linf, N, q, c, NULL), STEEPEST_ERROR_NOT_FINITE);
    assert_message_has(steepest_last_error(), "[4]");
    for (size_t i = 0; i < N; i++)
        ck_assert(c[i] == 42.0);
    ck_assert_int_eq(steepest_norm_compress(NULL, N, p, c, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_norm_compress(linf, N, NULL, c, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_norm_compress(linf, N, p, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_norm_compress(linf, N - 1, p, c, NULL), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_norm_compress(linf, 4, c, c + 2, NULL), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_norm_compress(linf, N, c, c, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    assert_message_has(steepest_last_error(), "overlaps");
    steepest_norm_free(linf);
    steepest_norm_free(l1n);
    steepest_norm_free(l2);
}
END_TEST

/* The distributed form: the message Δ plus the caller's x update equals
 * the EF rule's own update, and the error e evolves the same. */
START_TEST(ef_message_matches_the_rule)
{
    SteepestNorm *norm = norm_of("linf", N);
    SteepestOptimizer *ef = opt_of(norm, STEEPEST_RULE_EF, 0.1), *msg = opt_of(norm, STEEPEST_RULE_EF, 0.1);
    steepest_optimizer_set_weight_decay(ef, 0.01);
    steepest_optimizer_set_weight_decay(msg, 0.01);
    double xa[N], xb[N], g[N], delta[N];
    for (size_t i = 0; i < N; i++)
        xa[i] = xb[i] = (double) i;
    for (int t = 0; t < 50; t++) {
        gradient(t, N, g);
        ck_assert_int_eq(steepest_optimizer_update(ef, N, xa, g), STEEPEST_OK);
        ck_assert_int_eq(steepest_optimizer_ef_message(msg, N, g, delta), STEEPEST_OK);
        const double decay = steepest_optimizer_get_lr(msg) * 0.01;
        for (size_t i = 0; i < N; i++)
            xb[i] = xb[i] - delta[i] - decay * xb[i];
    }
    ck_assert_int_eq(memcmp(xa, xb, sizeof xa), 0);
    ck_assert_uint_eq(steepest_optimizer_get_step(msg), 50);
    ck_assert(steepest_optimizer_get_step_norm(ef) == steepest_optimizer_get_step_norm(msg));
    SteepestOptimizer *sgd = opt_of(norm, STEEPEST_RULE_SGD, 0.1);
    ck_assert_int_eq(steepest_optimizer_ef_message(sgd, N, g, delta), STEEPEST_ERROR_STATE);
    assert_message_has(steepest_optimizer_last_error(sgd), "not ef");
    ck_assert_int_eq(steepest_optimizer_ef_message(msg, N, g, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    g[2] = INFINITY;
    ck_assert_int_eq(steepest_optimizer_ef_message(msg, N, g, delta), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_uint_eq(steepest_optimizer_get_step(msg), 50);
    steepest_optimizer_free(ef);
    steepest_optimizer_free(msg);
    steepest_optimizer_free(sgd);
    steepest_norm_free(norm);
}
END_TEST

/* Resume at step k from the bytes and finish bit-identically. */
START_TEST(checkpoint_resumes_bit_identically)
{
    SteepestNorm *norm = norm_of("block:size=4", N);
    for (int rule = 0; rule < 7; rule++) {
        SteepestOptimizer *whole = opt_of(norm, rule, 0.05), *first = opt_of(norm, rule, 0.05),
                          *second = opt_of(norm, rule, 0.05);
        SteepestOptimizer *all[] = { whole, first, second };
        for (int k = 0; k < 3; k++)
            steepest_optimizer_set_schedule_cosine(all[k], 3, 30, 0.0);
        double xa[N], xb[N], g[N];
        for (size_t i = 0; i < N; i++)
            xa[i] = xb[i] = 1.0 - 0.1 * (double) i;
        for (int t = 0; t < 30; t++) {
            gradient(t, N, g);
            steepest_optimizer_update(whole, N, xa, g);
            if (t < 13)
                steepest_optimizer_update(first, N, xb, g);
            if (t == 13) {
                size_t size;
                steepest_optimizer_get_state_size(first, &size);
                unsigned char *buf = g_malloc(size + 16);
                memset(buf, 0xee, size + 16);
                ck_assert_int_eq(steepest_optimizer_get_state(first, buf, size - 1),
                                 STEEPEST_ERROR_INVALID_ARGUMENT);
                ck_assert_int_eq(steepest_optimizer_get_state(first, buf, size + 16), STEEPEST_OK);
                ck_assert(buf[size] == 0xee); /* nothing past the state */
                ck_assert_int_eq(steepest_optimizer_set_state(second, buf, size), STEEPEST_OK);
                ck_assert_uint_eq(steepest_optimizer_get_step(second), 13);
                ck_assert(steepest_optimizer_get_lr(second) == steepest_optimizer_get_lr(first));
                g_free(buf);
            }
            if (t >= 13)
                steepest_optimizer_update(second, N, xb, g);
        }
        ck_assert_msg(memcmp(xa, xb, sizeof xa) == 0, "rule %s", steepest_rule_name(rule));
        for (int k = 0; k < 3; k++)
            steepest_optimizer_free(all[k]);
    }
    steepest_norm_free(norm);
}
END_TEST

/* Rewrites the checksum after editing a header field, so the refusal seen
 * is the one for that field. */
static void
fix_checksum(unsigned char *b, size_t size)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i + 8 < size; i++) {
        h ^= b[i];
        h *= 0x100000001b3u;
    }
    memcpy(b + size - 8, &h, 8);
}

START_TEST(foreign_states_refused)
{
    SteepestNorm *norm = norm_of("linf", N), *small = norm_of("linf", N / 2);
    SteepestOptimizer *opt = opt_of(norm, STEEPEST_RULE_ADAM, 0.05);
    double x[N] = { 0 }, g[N];
    gradient(0, N, g);
    steepest_optimizer_update(opt, N, x, g);
    size_t size;
    steepest_optimizer_get_state_size(opt, &size);
    ck_assert_uint_eq(size, 64 + 2 * N * 8 + 8);
    unsigned char *good = g_malloc(size), *b = g_malloc(size), *before = g_malloc(size);
    steepest_optimizer_get_state(opt, good, size);
    memcpy(before, good, size);
    struct {
        size_t at;
        unsigned char value;
        gboolean resum;
        const char *why;
    } edits[] = {
        { 0, 'X', FALSE, "not an optimizer state" },
        { 8, 0x01, TRUE, "other byte order" },
        { 12, 2, TRUE, "format version 2" },
        { 16, STEEPEST_RULE_MOMENTUM, TRUE, "rule momentum" },
        { 24, N + 1, TRUE, "dimension 9" },
        { 16, 99, TRUE, "the state is of the rule (unknown), the optimizer's rule is adam" },
        { 20, 5, TRUE, "the state is of the rule adam, the optimizer's rule is adam" }, /* its buffer count */
        { 70, 0x55, FALSE, "checksum" },
        { size - 1, 0x00, FALSE, "checksum" },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(edits); k++) {
        memcpy(b, good, size);
        b[edits[k].at] ^= edits[k].value == 0 ? 0xff : 0;
        if (edits[k].value != 0)
            b[edits[k].at] = edits[k].value;
        if (edits[k].resum)
            fix_checksum(b, size);
        ck_assert_int_eq(steepest_optimizer_set_state(opt, b, size), STEEPEST_ERROR_FORMAT);
        assert_message_has(steepest_optimizer_last_error(opt), edits[k].why);
        steepest_optimizer_get_state(opt, b, size);
        ck_assert_msg(memcmp(b, before, size) == 0, "edit %zu changed the state", k);
    }
    ck_assert_int_eq(steepest_optimizer_set_state(opt, good, size - 8), STEEPEST_ERROR_FORMAT);
    ck_assert_int_eq(steepest_optimizer_set_state(opt, good, 10), STEEPEST_ERROR_FORMAT);
    ck_assert_int_eq(steepest_optimizer_set_state(opt, NULL, size), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_optimizer_set_state(NULL, good, size), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_optimizer_get_state(opt, NULL, size), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_optimizer_get_state_size(opt, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    size_t none = 0;
    ck_assert_int_eq(steepest_optimizer_get_state_size(NULL, &none), STEEPEST_ERROR_INVALID_ARGUMENT);
    assert_message_has(steepest_last_error(), "steepest_optimizer_get_state_size: the optimizer is NULL");
    ck_assert_int_eq(steepest_optimizer_get_state(NULL, b, size), STEEPEST_ERROR_INVALID_ARGUMENT);
    assert_message_has(steepest_last_error(), "steepest_optimizer_get_state: the optimizer is NULL");
    /* another dimension, for real */
    SteepestOptimizer *other = opt_of(small, STEEPEST_RULE_ADAM, 0.05);
    size_t osize;
    steepest_optimizer_get_state_size(other, &osize);
    unsigned char *ob = g_malloc(osize);
    steepest_optimizer_get_state(other, ob, osize);
    ck_assert_int_eq(steepest_optimizer_set_state(opt, ob, osize), STEEPEST_ERROR_FORMAT);
    assert_message_has(steepest_optimizer_last_error(opt), "dimension 4");
    /* reset, then the good state again */
    ck_assert_int_eq(steepest_optimizer_reset(opt), STEEPEST_OK);
    ck_assert_uint_eq(steepest_optimizer_get_step(opt), 0);
    ck_assert_int_eq(steepest_optimizer_set_state(opt, good, size), STEEPEST_OK);
    ck_assert_uint_eq(steepest_optimizer_get_step(opt), 1);
    ck_assert_int_eq(steepest_optimizer_reset(NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    g_free(good);
    g_free(b);
    g_free(before);
    g_free(ob);
    steepest_optimizer_free(other);
    steepest_optimizer_free(opt);
    steepest_norm_free(norm);
    steepest_norm_free(small);
}
END_TEST

/* The solver's MOMENTUM rule is the optimizer's: same iterates bit for bit
 * as driving the optimizer by hand on the same objective. */
typedef struct {
    double h[N];
} Quad;

static int
quad_fn(void *data, size_t n, const double *x, double *f, double *grad)
{
    const Quad *q = data;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += 0.5 * q->h[i] * x[i] * x[i];
        if (grad)
            grad[i] = q->h[i] * x[i];
    }
    *f = s;
    return 0;
}

START_TEST(solver_momentum_is_the_optimizer_rule)
{
    Quad q;
    for (size_t i = 0; i < N; i++)
        q.h[i] = 1.0 + (double) i;
    for (int dir = 0; dir < 2; dir++) {
        SteepestNorm *norm = norm_of("linf", N);
        SteepestSolver *s;
        ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
        steepest_solver_set_objective(s, quad_fn, &q, NULL);
        steepest_solver_set_step_rule(s, STEEPEST_STEP_MOMENTUM);
        steepest_solver_set_direction(s, dir);
        steepest_solver_set_step_size(s, 0.01);
        steepest_solver_set_momentum(s, 0.8);
        steepest_solver_set_max_iter(s, 40);
        steepest_solver_set_cycle_detection(s, 0);
        double xs[N], xo[N], g[N], f;
        for (size_t i = 0; i < N; i++)
            xs[i] = xo[i] = 1.0 - 0.2 * (double) i;
        ck_assert_int_eq(steepest_solver_run(s, N, xs), STEEPEST_STOP_MAX_ITER);
        SteepestOptimizer *opt = opt_of(norm, STEEPEST_RULE_MOMENTUM, 0.01);
        steepest_optimizer_set_momentum(opt, 0.8, 0.0);
        steepest_optimizer_set_direction(opt, dir);
        for (int t = 0; t < 40; t++) {
            quad_fn(&q, N, xo, &f, g);
            ck_assert_int_eq(steepest_optimizer_update(opt, N, xo, g), STEEPEST_OK);
        }
        ck_assert_int_eq(memcmp(xs, xo, sizeof xs), 0);
        steepest_optimizer_free(opt);
        steepest_solver_free(s);
        steepest_norm_free(norm);
    }
}
END_TEST

/* The one-sweep ℓ∞ path against the generic one: block:size=1 has the same
 * unit direction (z_i/|z_i| = sign z_i, up to the rounding of the block
 * kernel's division) and dual norm, but goes through the staged path and the
 * norm's kernel.  With and without weight decay, for every momentum rule. */
START_TEST(fused_linf_matches_the_generic_path)
{
    SteepestNorm *linf = norm_of("linf", N), *blocks = norm_of("block:size=1", N);
    const int rules[] = { STEEPEST_RULE_MOMENTUM, STEEPEST_RULE_NESTEROV, STEEPEST_RULE_LION };
    for (size_t r = 0; r < 3; r++)
        for (int decay = 0; decay < 2; decay++) {
            SteepestOptimizer *a = opt_of(linf, rules[r], 0.03), *b = opt_of(blocks, rules[r], 0.03);
            steepest_optimizer_set_momentum(a, 0.8, 0.1);
            steepest_optimizer_set_momentum(b, 0.8, 0.1);
            steepest_optimizer_set_weight_decay(a, decay * 0.05);
            steepest_optimizer_set_weight_decay(b, decay * 0.05);
            double xa[N], xb[N];
            run_pair(a, b, 200, xa, xb);
            for (size_t i = 0; i < N; i++)
                ck_assert_msg(fabs(xa[i] - xb[i]) <= 1e-13 * fmax(1.0, fabs(xb[i])),
                              "%s decay %d: x[%zu] %.17g %.17g", steepest_rule_name(rules[r]), decay, i,
                              xa[i], xb[i]);
            ck_assert(steepest_optimizer_get_step_norm(a) == steepest_optimizer_get_step_norm(b));
            steepest_optimizer_free(a);
            steepest_optimizer_free(b);
        }
    steepest_norm_free(linf);
    steepest_norm_free(blocks);
}
END_TEST

/* Gradients so large the momentum could overflow: the one-sweep path steps
 * aside, and an overflow is refused with x and the state unchanged. */
START_TEST(huge_gradients_overflow_refused)
{
    SteepestNorm *linf = norm_of("linf", N), *blocks = norm_of("block:size=1", N);
    SteepestOptimizer *a = opt_of(linf, STEEPEST_RULE_MOMENTUM, 0.5),
                      *b = opt_of(blocks, STEEPEST_RULE_MOMENTUM, 0.5);
    double xa[N] = { 0 }, xb[N] = { 0 }, g[N];
    for (size_t i = 0; i < N; i++)
        g[i] = (i % 2 ? -1.0 : 1.0) * 1e307; /* ‖g‖₁ = 8e307: beyond the bound */
    ck_assert_int_eq(steepest_optimizer_update(a, N, xa, g), STEEPEST_OK);
    ck_assert_int_eq(steepest_optimizer_update(b, N, xb, g), STEEPEST_OK);
    for (size_t i = 0; i < N; i++)
        ck_assert_double_eq_tol(xa[i], xb[i], 1e-15);
    /* A fresh Signum and one entry of 1.5e308: ‖g‖* and m are finite after
     * the first update, m = 0.9·m + g overflows at the second. */
    steepest_optimizer_reset(a);
    memset(xa, 0, sizeof xa);
    memset(g, 0, sizeof g);
    g[3] = 1.5e308;
    ck_assert_int_eq(steepest_optimizer_update(a, N, xa, g), STEEPEST_OK);
    size_t size;
    steepest_optimizer_get_state_size(a, &size);
    unsigned char *before = g_malloc(size), *after = g_malloc(size);
    steepest_optimizer_get_state(a, before, size);
    double x0[N];
    memcpy(x0, xa, sizeof xa);
    ck_assert_int_eq(steepest_optimizer_update(a, N, xa, g), STEEPEST_ERROR_NOT_FINITE);
    assert_message_has(steepest_optimizer_last_error(a), "the momentum m overflows");
    steepest_optimizer_get_state(a, after, size);
    ck_assert_int_eq(memcmp(before, after, size), 0);
    ck_assert_int_eq(memcmp(xa, x0, sizeof xa), 0);
    g_free(before);
    g_free(after);
    steepest_optimizer_free(a);
    steepest_optimizer_free(b);
    steepest_norm_free(linf);
    steepest_norm_free(blocks);
}
END_TEST

static Suite *
optimizer_suite(void)
{
    Suite *s = suite_create("optimizer");
    TCase *tc = tcase_create("api");
    tcase_add_test(tc, new_refuses_bad_arguments);
    tcase_add_test(tc, rule_names_round_trip);
    tcase_add_test(tc, update_refuses_bad_arguments);
    tcase_add_test(tc, non_finite_gradient_changes_nothing);
    tcase_add_test(tc, setters_refuse_out_of_range_naming_the_parameter);
    tcase_add_test(tc, null_optimizer_refused_everywhere);
    tcase_add_test(tc, schedules_in_closed_form);
    tcase_add_test(tc, adam_with_zero_betas_is_the_sign_step);
    tcase_add_test(tc, nesterov_with_zero_beta_is_sgd);
    tcase_add_test(tc, ef_in_l2_is_sgd_in_l2);
    tcase_add_test(tc, compressor_closed_forms);
    tcase_add_test(tc, ef_message_matches_the_rule);
    tcase_add_test(tc, checkpoint_resumes_bit_identically);
    tcase_add_test(tc, foreign_states_refused);
    tcase_add_test(tc, solver_momentum_is_the_optimizer_rule);
    tcase_add_test(tc, fused_linf_matches_the_generic_path);
    tcase_add_test(tc, huge_gradients_overflow_refused);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(optimizer_suite(), 0);
}
