/* test-plugin-errors.c — a failing norm method's message reaches the caller
 * whichever way the method reported it (host->set_error or the public
 * steepest_set_error a binding uses), and a stale message is never passed off
 * as the reason for a new failure. */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

static const SteepestPluginHost *saved_host;

/* x[0] selects how the method fails: 1 host->set_error, 2 steepest_set_error,
 * 3 no message at all; otherwise it succeeds with ‖x‖ = |x[0]|. */
static int
failing_norm(void *state, size_t n, const double *x, double *value)
{
    (void) state;
    (void) n;
    if (x[0] == 1.0) {
        saved_host->set_error("reported through the host table");
        return STEEPEST_PLUGIN_E_FAILED;
    }
    if (x[0] == 2.0) {
        steepest_set_error(STEEPEST_ERROR_PLUGIN_FAILED, "reported through steepest_set_error");
        return STEEPEST_PLUGIN_E_FAILED;
    }
    if (x[0] == 3.0)
        return STEEPEST_PLUGIN_E_UNSUPPORTED;
    *value = x[0] < 0 ? -x[0] : x[0];
    return STEEPEST_PLUGIN_OK;
}

/* An in-memory class gets the host table through create(). */
static int
failing_create(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state)
{
    (void) args;
    (void) n;
    saved_host = host;
    *state = NULL;
    return STEEPEST_PLUGIN_OK;
}

static int
failing_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    zsharp[0] = z[0];
    return failing_norm(state, n, z, dual);
}

static const SteepestPluginNormClass failing_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "failing",
    .dual_name = "failing",
    .summary = "absolute value that fails on request",
    .create = failing_create,
    .norm = failing_norm,
    .dual_norm = failing_norm,
    .duality_map = failing_map,
};

static SteepestNorm *
setup_norm(void)
{
    saved_host = NULL; /* set by failing_create() */
    ck_assert_int_eq(steepest_registry_add_class(&failing_class), STEEPEST_OK);
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("failing", 1, &norm), STEEPEST_OK);
    ck_assert_ptr_nonnull(saved_host);
    return norm;
}

START_TEST(message_from_steepest_set_error)
{
    SteepestNorm *norm = setup_norm();
    double x = 2.0, v;
    ck_assert_int_eq(steepest_norm_norm(norm, 1, &x, &v), STEEPEST_ERROR_PLUGIN_FAILED);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "reported through steepest_set_error"));
    ck_assert_ptr_nonnull(strstr(steepest_norm_last_error(norm), "reported through steepest_set_error"));
    steepest_norm_free(norm);
}
END_TEST

START_TEST(stale_message_not_reused)
{
    SteepestNorm *norm = setup_norm();
    double x = 2.0, v;
    ck_assert_int_eq(steepest_norm_norm(norm, 1, &x, &v), STEEPEST_ERROR_PLUGIN_FAILED);
    x = 3.0; /* fails without a message: the earlier one must not be reused */
    ck_assert_int_eq(steepest_norm_norm(norm, 1, &x, &v), STEEPEST_ERROR_UNSUPPORTED);
    ck_assert_ptr_null(strstr(steepest_last_error(), "reported through"));
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "steepest_norm_norm (failing)"));
    x = 5.0;
    ck_assert_int_eq(steepest_norm_norm(norm, 1, &x, &v), STEEPEST_OK);
    ck_assert_double_eq(v, 5.0);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(message_from_the_host_table)
{
    SteepestNorm *norm = setup_norm();
    double x = 1.0, v;
    ck_assert_int_eq(steepest_norm_norm(norm, 1, &x, &v), STEEPEST_ERROR_PLUGIN_FAILED);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "reported through the host table"));
    steepest_norm_free(norm);
}
END_TEST

START_TEST(message_through_duality_map)
{
    SteepestNorm *norm = setup_norm();
    double z = 2.0, zs, dual;
    ck_assert_int_eq(steepest_norm_duality_map(norm, 1, &z, &zs, &dual), STEEPEST_ERROR_PLUGIN_FAILED);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "reported through steepest_set_error"));
    steepest_norm_free(norm);
}
END_TEST

/* The message of a part's failure, prefixed with that part's number and
 * spec, whichever product method the part failed in. */
static void
expect_part_failure(int rc, int status, const char *why)
{
    ck_assert_msg(rc == status, "status %d, wanted %d (%s)", rc, status, steepest_last_error());
    ck_assert_msg(strstr(steepest_last_error(), "part 2 (failing") != NULL, "%s", steepest_last_error());
    ck_assert_msg(strstr(steepest_last_error(), why) != NULL, "'%s' lacks '%s'", steepest_last_error(), why);
}

/* A product whose second part is the failing class: its failures are named
 * by part; when it works, the product's duality map is D·(s_1, s_2) with
 * D = ‖z_1‖₂ + |z_2| and s_2 = z_2/|z_2| from a part that has only a duality
 * map (the division by d_2; d_2 = 0 leaves its zero). */
START_TEST(a_failing_part_is_named_by_the_product)
{
    SteepestNorm *one = setup_norm(), *prod = NULL;
    ck_assert_int_eq(steepest_norm_new("product:parts=[l2:dim=2|failing:dim=1]", 3, &prod), STEEPEST_OK);
    double z[3] = { 3.0, 4.0, 2.0 }, out[3], v = 0.0, H[9] = { 0 };
    expect_part_failure(steepest_norm_norm(prod, 3, z, &v), STEEPEST_ERROR_PLUGIN_FAILED,
                        "reported through steepest_set_error");
    z[2] = 1.0;
    expect_part_failure(steepest_norm_dual_norm(prod, 3, z, &v), STEEPEST_ERROR_PLUGIN_FAILED,
                        "reported through the host table");
    z[2] = 3.0; /* no message: the product says so */
    expect_part_failure(steepest_norm_duality_map(prod, 3, z, out, &v), STEEPEST_ERROR_UNSUPPORTED,
                        "the method failed");
    expect_part_failure(steepest_norm_unit_direction(prod, 3, z, out, &v), STEEPEST_ERROR_UNSUPPORTED,
                        "the method failed");
    /* The induced norm needs ‖e_1‖* of each part; e_1 = 1 makes this one fail. */
    H[0] = H[4] = H[8] = 1.0;
    double lo, up;
    expect_part_failure(steepest_norm_induced(prod, 3, H, NULL, &lo, &up, NULL, NULL),
                        STEEPEST_ERROR_PLUGIN_FAILED, "dual norm of e_1 failed");
    z[2] = 5.0;
    ck_assert_int_eq(steepest_norm_duality_map(prod, 3, z, out, &v), STEEPEST_OK);
    ck_assert(v == 10.0); /* 0.6·10 may round: one ulp */
    ck_assert(fabs(out[0] - 6.0) <= 1e-15 * 6 && fabs(out[1] - 8.0) <= 1e-15 * 8 && out[2] == 10.0);
    z[2] = 0.0;
    ck_assert_int_eq(steepest_norm_duality_map(prod, 3, z, out, &v), STEEPEST_OK);
    ck_assert(v == 5.0 && fabs(out[0] - 3.0) <= 1e-15 * 3 && fabs(out[1] - 4.0) <= 1e-15 * 4 &&
              out[2] == 0.0);
    steepest_norm_free(prod);
    steepest_norm_free(one);
}
END_TEST

/* A class without a direction_error method (the failing one) computes its
 * direction exactly: error 0 for a finite z; a non-finite z is refused
 * (NaN), and the argument checks name what was wrong. */
START_TEST(direction_error_of_a_class_without_the_method)
{
    SteepestNorm *norm = setup_norm();
    double z = 5.0, e = -1.0;
    ck_assert_int_eq(steepest_norm_direction_error(norm, 1, &z, &e), STEEPEST_OK);
    ck_assert(e == 0.0);
    z = NAN;
    ck_assert_int_eq(steepest_norm_direction_error(norm, 1, &z, &e), STEEPEST_ERROR_NOT_FINITE);
    ck_assert(isnan(e));
    ck_assert_msg(strstr(steepest_norm_last_error(norm), "z") != NULL, "%s", steepest_norm_last_error(norm));
    z = 5.0;
    ck_assert_int_eq(steepest_norm_direction_error(norm, 2, &z, &e), STEEPEST_ERROR_DIMENSION);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "dimension 2"));
    ck_assert_int_eq(steepest_norm_direction_error(norm, 1, &z, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "steepest_norm_direction_error: output is NULL"));
    ck_assert_int_eq(steepest_norm_direction_error(NULL, 1, &z, &e), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "norm is NULL"));
    steepest_norm_free(norm);
}
END_TEST

/* A plugin whose entry function calls the registry while the host is loading
 * it: the registry lock is re-entrant, so this loads instead of hanging. */
START_TEST(a_plugin_may_call_the_registry_while_loading)
{
    ck_assert_int_eq(steepest_registry_load_plugin(FIXTURES_DIR "/reentrant/fixture-reentrant.so"),
                     STEEPEST_OK);
    ck_assert_ptr_nonnull(steepest_registry_lookup("fixture_reentrant"));
}
END_TEST

/* The scaled step moves α‖z‖*: when that overflows for a finite z the call
 * fails instead of leaving Inf and NaN (∞·0) behind, and x stays as it was. */
START_TEST(an_overflowing_scaled_step_is_refused)
{
    const char *specs[] = { "l2", "linf", "l1", "block:size=2" };
    for (size_t k = 0; k < 4; k++) {
        SteepestNorm *norm = NULL;
        ck_assert_int_eq(steepest_norm_new(specs[k], 4, &norm), STEEPEST_OK);
        double x[4] = { 1, 2, 3, 4 }, z[4] = { 1e300, 0, -1e300, 0 }, out[4], dual;
        int rc = steepest_norm_step_scaled(norm, 4, x, z, 1e10, out, &dual);
        ck_assert_msg(rc == STEEPEST_ERROR_NOT_FINITE, "%s: %d", specs[k], rc);
        ck_assert_ptr_nonnull(strstr(steepest_last_error(), "overflows"));
        for (int i = 0; i < 4; i++)
            ck_assert_double_eq(x[i], i + 1.0);
        /* In place, ℓ∞ does not move at all: the length is known before it moves. */
        if (k == 1) {
            ck_assert_int_eq(steepest_norm_step_scaled(norm, 4, x, z, 1e10, x, &dual),
                             STEEPEST_ERROR_NOT_FINITE);
            for (int i = 0; i < 4; i++)
                ck_assert_double_eq(x[i], i + 1.0);
        }
        steepest_norm_free(norm);
    }
}
END_TEST

/* steepest_norm_last_error() hands each thread its own copy, so a second
 * failure on the same norm does not change a message already returned. */
START_TEST(a_returned_norm_message_stays_valid)
{
    SteepestNorm *norm = setup_norm();
    double x = 2.0, v;
    ck_assert_int_eq(steepest_norm_norm(norm, 1, &x, &v), STEEPEST_ERROR_PLUGIN_FAILED);
    const char *first = steepest_norm_last_error(norm);
    ck_assert_ptr_nonnull(strstr(first, "reported through steepest_set_error"));
    x = 1.0;
    ck_assert_int_eq(steepest_norm_norm(norm, 1, &x, &v), STEEPEST_ERROR_PLUGIN_FAILED);
    ck_assert_ptr_nonnull(strstr(first, "reported through steepest_set_error"));
    ck_assert_ptr_nonnull(strstr(steepest_norm_last_error(norm), "reported through the host table"));
    steepest_norm_free(norm);
}
END_TEST

/* ---- hostile fixtures: results that break a plugin's contract ---- */

static SteepestNorm *
hostile_norm(const char *file, const char *spec, size_t n)
{
    char *path = g_strdup_printf("%s/fixture-%s.so", FIXTURES_DIR, file);
    ck_assert_msg(steepest_registry_load_plugin(path) == STEEPEST_OK, "%s", steepest_last_error());
    g_free(path);
    SteepestNorm *norm = NULL;
    ck_assert_msg(steepest_norm_new(spec, n, &norm) == STEEPEST_OK, "%s", steepest_last_error());
    return norm;
}

/* The message names the plugin, its file, the method and the value. */
static void
assert_contract(int rc, const char *plugin, const char *method, const char *value)
{
    const char *msg = steepest_last_error();
    ck_assert_msg(rc == STEEPEST_ERROR_PLUGIN_CONTRACT, "%s: got %s: %s", method, steepest_status_name(rc),
                  msg);
    ck_assert_int_eq(steepest_last_status(), STEEPEST_ERROR_PLUGIN_CONTRACT);
    ck_assert_msg(strstr(msg, plugin) != NULL && strstr(msg, method) != NULL && strstr(msg, value) != NULL &&
                      strstr(msg, FIXTURES_DIR) != NULL && strstr(msg, "contract") != NULL,
                  "message lacks %s / %s / %s: %s", plugin, method, value, msg);
    ck_assert_msg(strstr(msg, "overflow") == NULL, "a lie is not an overflow: %s", msg);
}

/* k selects the lying method: 0 norm, 1 dual_norm, 2 duality_map's dual value. */
START_TEST(a_negative_norm_is_refused)
{
    static const char *specs[] = { "fixture_negative:k=0", "fixture_negative:k=1", "fixture_negative:k=2" };
    SteepestNorm *norm = hostile_norm("negative-norm", specs[_i], 3);
    const double x[3] = { 1, -7, 2 };
    double v = 0, out[3], s[3];
    switch (_i) {
    case 0:
        assert_contract(steepest_norm_norm(norm, 3, x, &v), "fixture_negative", "norm", "-8");
        break;
    case 1:
        assert_contract(steepest_norm_dual_norm(norm, 3, x, &v), "fixture_negative", "dual_norm", "-1");
        break;
    default:
        assert_contract(steepest_norm_duality_map(norm, 3, x, out, &v), "fixture_negative", "duality_map",
                        "-11");
        assert_contract(steepest_norm_unit_direction(norm, 3, x, s, &v), "fixture_negative", "duality_map",
                        "-11");
        assert_contract(steepest_norm_step_scaled(norm, 3, x, x, 0.5, out, &v), "fixture_negative",
                        "duality_map", "-11");
        assert_contract(steepest_norm_step_normalized(norm, 3, x, x, 0.5, out, &v), "fixture_negative",
                        "duality_map", "-11");
        break;
    }
    ck_assert(strstr(steepest_norm_last_error(norm), "never negative") != NULL);
    steepest_norm_free(norm);
}
END_TEST

/* z♯[0] = NaN for a finite z: refused wherever the host uses the map's
 * vector (the derived direction and steps); with a NaN dual value too, also
 * by the map itself. */
START_TEST(a_nan_map_of_finite_input_is_refused)
{
    const double z[3] = { 1, -7, 2 }, x[3] = { 0, 0, 0 };
    double v, out[3], s[3];
    SteepestNorm *norm = hostile_norm("nan-map", "fixture_nan_map", 3);
    assert_contract(steepest_norm_unit_direction(norm, 3, z, s, &v), "fixture_nan_map", "duality_map",
                    "[0] = NaN");
    assert_contract(steepest_norm_step_scaled(norm, 3, x, z, 0.5, out, &v), "fixture_nan_map", "duality_map",
                    "[0] = NaN");
    assert_contract(steepest_norm_step_normalized(norm, 3, x, z, 0.5, out, &v), "fixture_nan_map",
                    "duality_map", "[0] = NaN");
    steepest_norm_free(norm);

    norm = hostile_norm("nan-map", "fixture_nan_map:k=1", 3);
    assert_contract(steepest_norm_duality_map(norm, 3, z, out, &v), "fixture_nan_map", "duality_map", "NaN");
    ck_assert(strstr(steepest_last_error(), "finite z") != NULL);
    assert_contract(steepest_norm_step_scaled(norm, 3, x, z, 0.5, out, &v), "fixture_nan_map", "duality_map",
                    "NaN");
    /* NaN in, NaN out is no lie: that stays NOT_FINITE naming the index */
    const double bad[3] = { 1, NAN, 2 };
    ck_assert_int_eq(steepest_norm_duality_map(norm, 3, bad, out, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert(strstr(steepest_last_error(), "z[1]") != NULL);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(inverted_induced_bounds_are_refused)
{
    SteepestNorm *norm = hostile_norm("inverted-bounds", "fixture_inverted", 2);
    const double H[4] = { 2, 1, 1, 2 };
    double lo = -1, up = -1;
    int rc = steepest_norm_induced(norm, 2, H, NULL, &lo, &up, NULL, NULL);
    assert_contract(rc, "fixture_inverted", "induced_norm", "lower > upper");
    ck_assert(strstr(steepest_last_error(), "[2, 1]") != NULL);
    ck_assert_double_eq(lo, -1); /* nothing reported as a value */
    ck_assert_double_eq(up, -1);
    steepest_norm_free(norm);
}
END_TEST

static int
quadratic(void *data, size_t n, const double *x, double *f, double *g)
{
    (void) data;
    *f = 0;
    for (size_t i = 0; i < n; i++) {
        *f += 0.5 * x[i] * x[i];
        g[i] = x[i];
    }
    return 0;
}

/* The audit's case: a dual norm of -1 made the solver stop with GRAD_TOL at
 * iteration 0 and report success; a NaN map was called an overflow. */
START_TEST(the_solver_refuses_a_lying_plugin)
{
    static const char *specs[] = { "fixture_negative:k=1", "fixture_nan_map", "fixture_nan_map:k=1" };
    static const char *files[] = { "negative-norm", "nan-map", "nan-map" };
    SteepestNorm *norm = hostile_norm(files[_i], specs[_i], 3);
    SteepestSolver *solver = NULL;
    ck_assert_int_eq(steepest_solver_new(norm, 3, &solver), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_objective(solver, quadratic, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_grad_tol(solver, 1e-6), STEEPEST_OK);
    double x[3] = { 1, -2, 3 };
    int rc = steepest_solver_run(solver, 3, x);
    ck_assert_msg(rc == STEEPEST_ERROR_PLUGIN_CONTRACT, "%s: %s: %s", specs[_i], steepest_status_name(rc),
                  steepest_solver_last_error(solver));
    ck_assert(strstr(steepest_solver_last_error(solver), "contract") != NULL);
    ck_assert(strstr(steepest_solver_last_error(solver), "overflow") == NULL);
    steepest_solver_free(solver);
    steepest_norm_free(norm);
}
END_TEST

/* ---- every entry point turns every kind of bad result into its status ---- */

/* What the "contrary" class's methods do: return `code` when it is nonzero
 * (without a message), else succeed with `value` as the norm, dual norm or
 * direction error (z♯ = z). */
static int contrary_code;
static double contrary_value;

static int
contrary_create(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state)
{
    (void) host;
    (void) args;
    (void) n;
    *state = NULL;
    return STEEPEST_PLUGIN_OK;
}

static int
contrary_norm(void *state, size_t n, const double *x, double *value)
{
    (void) state;
    (void) n;
    (void) x;
    if (contrary_code != 0)
        return contrary_code;
    *value = contrary_value;
    return STEEPEST_PLUGIN_OK;
}

static int
contrary_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    memcpy(zsharp, z, n * sizeof *z);
    return contrary_norm(state, n, z, dual);
}

/* induced_norm: `induced_code`, or these bounds and method. */
static int contrary_induced_code;
static double contrary_lower, contrary_upper;
static const char *contrary_method;

static int
contrary_induced(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
                 SteepestPluginInducedResult *result)
{
    (void) state;
    (void) n;
    (void) H;
    (void) query;
    if (contrary_induced_code != 0)
        return contrary_induced_code;
    result->lower = contrary_lower;
    result->upper = contrary_upper;
    result->method = contrary_method;
    result->exact = contrary_lower == contrary_upper;
    return STEEPEST_PLUGIN_OK;
}

static const SteepestPluginNormClass contrary_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "contrary",
    .dual_name = "contrary",
    .summary = "returns whatever the test asks for",
    .create = contrary_create,
    .norm = contrary_norm,
    .dual_norm = contrary_norm,
    .duality_map = contrary_map,
    .induced_norm = contrary_induced,
    .direction_error = contrary_norm,
};

/* Entry point `which` (0 norm, 1 dual_norm, 2 duality_map, 3 unit_direction,
 * 4 step_scaled, 5 step_normalized, 6 direction_error) on v. */
static int
call_entry(SteepestNorm *norm, int which, const double *v, const char **fn)
{
    static const char *names[] = { "steepest_norm_norm",           "steepest_norm_dual_norm",
                                   "steepest_norm_duality_map",    "steepest_norm_unit_direction",
                                   "steepest_norm_step_scaled",    "steepest_norm_step_normalized",
                                   "steepest_norm_direction_error" };
    double out[2], x[2] = { 0, 0 }, value = 0;
    *fn = names[which];
    switch (which) {
    case 0:
        return steepest_norm_norm(norm, 2, v, &value);
    case 1:
        return steepest_norm_dual_norm(norm, 2, v, &value);
    case 2:
        return steepest_norm_duality_map(norm, 2, v, out, &value);
    case 3:
        return steepest_norm_unit_direction(norm, 2, v, out, &value);
    case 4:
        return steepest_norm_step_scaled(norm, 2, x, v, 0.5, out, &value);
    case 5:
        return steepest_norm_step_normalized(norm, 2, x, v, 0.5, out, &value);
    default:
        return steepest_norm_direction_error(norm, 2, v, &value);
    }
}

static void
expect_entry(SteepestNorm *norm, int which, const double *v, int code, double value, int status,
             const char *what)
{
    contrary_code = code;
    contrary_value = value;
    const char *fn = NULL;
    int rc = call_entry(norm, which, v, &fn);
    const char *msg = steepest_last_error();
    ck_assert_msg(rc == status, "%s, code %d, value %g: %s (%s)", fn, code, value, steepest_status_name(rc),
                  msg);
    ck_assert_msg(strstr(msg, what) != NULL, "%s: '%s' lacks '%s'", fn, msg, what);
    ck_assert_msg(status == STEEPEST_ERROR_NOT_FINITE || strstr(msg, fn) != NULL, "'%s' lacks '%s'", msg, fn);
    ck_assert_str_eq(steepest_norm_last_error(norm), msg);
}

/* _i selects the entry point.  An undefined code becomes PLUGIN_FAILED, a
 * defined one without a message keeps its status and its description; a
 * negative or NaN result of finite input is a contract violation; +Inf of
 * finite input is an overflow; NaN or -Inf of non-finite input are NOT_FINITE
 * and a contract violation. */
START_TEST(every_entry_point_classifies_every_bad_result)
{
    ck_assert_int_eq(steepest_registry_add_class(&contrary_class), STEEPEST_OK);
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("contrary", 2, &norm), STEEPEST_OK);
    const double finite[2] = { 3, -4 }, with_nan[2] = { 3, NAN };
    const char *input = _i == 0 ? "x" : "z";
    char *overflow = g_strdup_printf("overflows the double range although %s is finite", input);
    char *neg_finite = g_strdup_printf("returned -2.5 for a finite %s", input);
    char *nan_finite = g_strdup_printf("returned NaN for a finite %s", input);
    char *neg_nonfinite = g_strdup_printf("returned -inf for a non-finite %s", input);
    expect_entry(norm, _i, finite, 12345, 0, STEEPEST_ERROR_PLUGIN_FAILED,
                 "the plugin returned the undefined code 12345");
    expect_entry(norm, _i, finite, -9999, 0, STEEPEST_ERROR_PLUGIN_FAILED,
                 "the plugin returned the undefined code -9999");
    expect_entry(norm, _i, finite, STEEPEST_PLUGIN_E_PARAMETER, 0, STEEPEST_ERROR_PARAMETER,
                 steepest_status_describe(STEEPEST_ERROR_PARAMETER));
    expect_entry(norm, _i, finite, 0, -2.5, STEEPEST_ERROR_PLUGIN_CONTRACT, neg_finite);
    expect_entry(norm, _i, finite, 0, NAN, STEEPEST_ERROR_PLUGIN_CONTRACT, nan_finite);
    expect_entry(norm, _i, finite, 0, INFINITY, STEEPEST_ERROR_NOT_FINITE, overflow);
    expect_entry(norm, _i, with_nan, 0, -INFINITY, STEEPEST_ERROR_PLUGIN_CONTRACT, neg_nonfinite);
    expect_entry(norm, _i, with_nan, 0, NAN, STEEPEST_ERROR_NOT_FINITE, "[1]");
    /* and a good result passes: 5 = ‖(3, −4)‖₂, whatever the class computes */
    contrary_code = 0;
    contrary_value = 5;
    const char *fn;
    ck_assert_int_eq(call_entry(norm, _i, finite, &fn), STEEPEST_OK);
    g_free(overflow);
    g_free(neg_finite);
    g_free(nan_finite);
    g_free(neg_nonfinite);
    steepest_norm_free(norm);
}
END_TEST

static void
expect_induced(SteepestNorm *norm, int code, double lower, double upper, const char *method, int status,
               const char *what)
{
    const double H[4] = { 2, 1, 1, 2 };
    double lo = -7, up = -7;
    contrary_code = 0;
    contrary_induced_code = code;
    contrary_lower = lower;
    contrary_upper = upper;
    contrary_method = method;
    int rc = steepest_norm_induced(norm, 2, H, NULL, &lo, &up, NULL, NULL);
    ck_assert_msg(rc == status, "[%g, %g]: %s (%s)", lower, upper, steepest_status_name(rc),
                  steepest_last_error());
    ck_assert_msg(strstr(steepest_last_error(), what) != NULL, "'%s' lacks '%s'", steepest_last_error(),
                  what);
    ck_assert(strstr(steepest_last_error(), "induced norm for 'contrary'") != NULL);
    ck_assert(lo == -7 && up == -7); /* nothing reported as a value */
}

/* Bounds of a finite H that are NaN, negative, crossed or without a method
 * break the contract; infinite ones are an overflow; a bare failure code is
 * described. */
START_TEST(every_bad_induced_result_is_refused)
{
    ck_assert_int_eq(steepest_registry_add_class(&contrary_class), STEEPEST_OK);
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("contrary", 2, &norm), STEEPEST_OK);
    expect_induced(norm, 0, NAN, 3, "m", STEEPEST_ERROR_PLUGIN_CONTRACT,
                   "induced_norm returned the bounds [lower, upper] = [nan, 3]");
    expect_induced(norm, 0, 1, NAN, "m", STEEPEST_ERROR_PLUGIN_CONTRACT, "= [1, nan]");
    expect_induced(norm, 0, -1, 3, "m", STEEPEST_ERROR_PLUGIN_CONTRACT,
                   "returned the bounds [lower, upper] = [-1, 3]");
    expect_induced(norm, 0, 4, 3, "m", STEEPEST_ERROR_PLUGIN_CONTRACT,
                   "returned lower > upper: [lower, upper] = [4, 3]");
    expect_induced(norm, 0, 1, 3, NULL, STEEPEST_ERROR_PLUGIN_CONTRACT, "[1, 3] and no method");
    expect_induced(norm, 0, 1, INFINITY, "m", STEEPEST_ERROR_NOT_FINITE,
                   "overflows the double range (upper bound inf)");
    expect_induced(norm, STEEPEST_PLUGIN_E_LINALG, 0, 0, "m", STEEPEST_ERROR_LINALG,
                   "the plugin failed with code -17");
    /* a sound answer passes through */
    contrary_induced_code = 0;
    contrary_lower = 1;
    contrary_upper = 3;
    contrary_method = "made up";
    const double H[4] = { 2, 1, 1, 2 };
    double lo = 0, up = 0;
    const char *m = NULL;
    ck_assert_int_eq(steepest_norm_induced(norm, 2, H, NULL, &lo, &up, NULL, &m), STEEPEST_OK);
    ck_assert(lo == 1 && up == 3 && strcmp(m, "made up") == 0);
    steepest_norm_free(norm);
}
END_TEST

/* The host's matrix services, as a plugin calls them: queries and results are
 * read and written only up to their declared struct_size, and a size too
 * small to hold the mode or the method is refused by name. */
START_TEST(host_matrix_services_respect_struct_sizes)
{
    SteepestNorm *norm = setup_norm();
    const SteepestPluginHost *host = saved_host;
    const double H[4] = { 2, 1, 1, 2 };
    SteepestPluginInducedResult r = { .struct_size = sizeof r };
    /* ‖H‖₂ = λ_max = 3; ‖H‖_{∞,1} = ‖H(1, 1)‖₁ = 6 */
    ck_assert_int_eq(host->matrix_spectral_norm(2, H, NULL, &r), STEEPEST_PLUGIN_OK);
    ck_assert(fabs(r.lower - 3) <= 1e-15 * 3 && r.upper == r.lower && r.exact == 1 && r.method != NULL);
    SteepestPluginInducedQuery q = { .struct_size =
                                         offsetof(SteepestPluginInducedQuery, mode) + sizeof q.mode,
                                     .mode = STEEPEST_INDUCED_EXACT,
                                     .max_exact_dim = 0 };
    r = (SteepestPluginInducedResult){ .struct_size = sizeof r };
    ck_assert_int_eq(host->matrix_inf1(2, H, &q, &r), STEEPEST_PLUGIN_OK); /* fields past mode: defaults */
    ck_assert(r.lower == 6 && r.upper == 6 && r.exact == 1);
    q.struct_size = 4;
    ck_assert_int_eq(host->matrix_spectral_norm(2, H, &q, &r), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(strstr(steepest_last_error(), "host matrix_spectral_norm: query struct_size 4 is too small") !=
              NULL);
    q.struct_size = sizeof q;
    q.mode = 7;
    ck_assert_int_eq(host->matrix_inf1(2, H, &q, &r), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(strstr(steepest_last_error(), "host matrix_inf1: query mode 7 is not a SteepestInducedMode") !=
              NULL);
    ck_assert_int_eq(host->matrix_spectral_norm(2, H, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(strstr(steepest_last_error(), "result is NULL or its struct_size is too small") != NULL);
    SteepestPluginInducedResult small = { .struct_size = 8, .lower = -1 };
    ck_assert_int_eq(host->matrix_spectral_norm(2, H, NULL, &small), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(strstr(steepest_last_error(), "result is NULL or its struct_size is too small") != NULL);
    ck_assert(small.lower == -1); /* nothing written */
    const size_t bad_start[3] = { 0, 2, 1 };
    ck_assert_int_eq(host->matrix_block_induced(2, H, 2, bad_start, NULL, &r),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(strstr(steepest_last_error(), "host matrix_block_induced") != NULL);
    const double Hnan[4] = { 2, NAN, 1, 2 };
    ck_assert_int_eq(host->matrix_spectral_norm(2, Hnan, NULL, &r), STEEPEST_ERROR_NOT_FINITE);
    ck_assert(strstr(steepest_last_error(), "host matrix_spectral_norm: H(0,1) is NaN") != NULL);
    steepest_norm_free(norm);
}
END_TEST

/* A part's dual norm of e_j, or its induced norm, that fails or breaks the
 * contract is named by the product with the part's number and spec. */
static void
expect_part_induced(SteepestNorm *prod, int code, double value, int induced_code, double lower,
                    const char *method, int status, const char *what)
{
    const double H[4] = { 2, 1, 1, 2 };
    double lo = -7, up = -7;
    contrary_code = code;
    contrary_value = value;
    contrary_induced_code = induced_code;
    contrary_lower = lower;
    contrary_upper = 1;
    contrary_method = method;
    int rc = steepest_norm_induced(prod, 2, H, NULL, &lo, &up, NULL, NULL);
    ck_assert_msg(rc == status, "%s (%s)", steepest_status_name(rc), steepest_last_error());
    ck_assert_msg(strstr(steepest_last_error(), "part 2 (contrary") != NULL &&
                      strstr(steepest_last_error(), what),
                  "'%s' lacks '%s'", steepest_last_error(), what);
    ck_assert(lo == -7 && up == -7);
}

START_TEST(a_product_names_the_part_that_fails_its_induced_norm)
{
    ck_assert_int_eq(steepest_registry_add_class(&contrary_class), STEEPEST_OK);
    SteepestNorm *prod = NULL;
    ck_assert_int_eq(steepest_norm_new("product:parts=[l2:dim=1|contrary:dim=1]", 2, &prod), STEEPEST_OK);
    expect_part_induced(prod, STEEPEST_PLUGIN_E_FAILED, 0, 0, 0, "m", STEEPEST_ERROR_PLUGIN_FAILED,
                        "dual norm of e_1 failed");
    expect_part_induced(prod, 0, INFINITY, 0, 0, "m", STEEPEST_ERROR_PLUGIN_FAILED,
                        "dual norm of e_1 failed");
    expect_part_induced(prod, 0, 1, STEEPEST_PLUGIN_E_LINALG, 0, "m", STEEPEST_ERROR_LINALG, "):");
    expect_part_induced(prod, 0, 1, 12345, 0, "m", STEEPEST_ERROR_PLUGIN_FAILED, "):");
    expect_part_induced(prod, 0, 1, 0, NAN, "m", STEEPEST_ERROR_PLUGIN_FAILED,
                        "inconsistent induced-norm bounds [nan, 1]");
    expect_part_induced(prod, 0, 1, 0, 2, "m", STEEPEST_ERROR_PLUGIN_FAILED,
                        "inconsistent induced-norm bounds [2, 1]");
    expect_part_induced(prod, 0, 1, 0, 1, NULL, STEEPEST_ERROR_PLUGIN_FAILED,
                        "inconsistent induced-norm bounds [1, 1]");
    steepest_norm_free(prod);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("plugin-errors");
    TCase *tc = tcase_create("messages");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, every_entry_point_classifies_every_bad_result, 0, 7);
    tcase_add_test(tc, every_bad_induced_result_is_refused);
    tcase_add_test(tc, host_matrix_services_respect_struct_sizes);
    tcase_add_test(tc, a_product_names_the_part_that_fails_its_induced_norm);
    tcase_add_test(tc, message_from_steepest_set_error);
    tcase_add_test(tc, stale_message_not_reused);
    tcase_add_test(tc, message_from_the_host_table);
    tcase_add_test(tc, message_through_duality_map);
    tcase_add_test(tc, a_failing_part_is_named_by_the_product);
    tcase_add_test(tc, direction_error_of_a_class_without_the_method);
    tcase_add_test(tc, a_returned_norm_message_stays_valid);
    tcase_add_test(tc, a_plugin_may_call_the_registry_while_loading);
    tcase_add_test(tc, an_overflowing_scaled_step_is_refused);
    suite_add_tcase(s, tc);

    tc = tcase_create("contract");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, a_negative_norm_is_refused, 0, 3);
    tcase_add_test(tc, a_nan_map_of_finite_input_is_refused);
    tcase_add_test(tc, inverted_induced_bounds_are_refused);
    tcase_add_loop_test(tc, the_solver_refuses_a_lying_plugin, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
