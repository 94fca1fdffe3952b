/* test-plugin-errors.c — a failing norm method's message reaches the caller
 * whichever way the method reported it (host->set_error or the public
 * steepest_set_error a binding uses), and a stale message is never passed off
 * as the reason for a new failure. */
#include <check.h>
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

/* A plugin whose entry function calls the registry while the host is loading
 * it: the registry lock is re-entrant, so this loads instead of hanging. */
START_TEST(a_plugin_may_call_the_registry_while_loading)
{
    ck_assert_int_eq(steepest_registry_load_plugin(FIXTURES_DIR "/reentrant/fixture-reentrant.so"), STEEPEST_OK);
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
            ck_assert_int_eq(steepest_norm_step_scaled(norm, 4, x, z, 1e10, x, &dual), STEEPEST_ERROR_NOT_FINITE);
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

static Suite *
suite(void)
{
    Suite *s = suite_create("plugin-errors");
    TCase *tc = tcase_create("messages");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, message_from_steepest_set_error);
    tcase_add_test(tc, stale_message_not_reused);
    tcase_add_test(tc, message_from_the_host_table);
    tcase_add_test(tc, message_through_duality_map);
    tcase_add_test(tc, a_returned_norm_message_stays_valid);
    tcase_add_test(tc, a_plugin_may_call_the_registry_while_loading);
    tcase_add_test(tc, an_overflowing_scaled_step_is_refused);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
