/* test-plugin-errors.c — a failing norm method's message reaches the caller
 * whichever way the method reported it (host->set_error or the public
 * steepest_set_error a binding uses), and a stale message is never passed off
 * as the reason for a new failure. */
#include <check.h>
#include <string.h>
#include <steepest/steepest.h>

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
    .norm = failing_norm,
    .dual_norm = failing_norm,
    .duality_map = failing_map,
};

static SteepestNorm *
setup_norm(void)
{
    /* The host table reaches a plugin through its entry point; an in-memory
     * class takes it from the library like this. */
    saved_host = NULL;
    ck_assert_int_eq(steepest_registry_add_class(&failing_class), STEEPEST_OK);
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("failing", 1, &norm), STEEPEST_OK);
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

START_TEST(message_through_duality_map)
{
    SteepestNorm *norm = setup_norm();
    double z = 2.0, zs, dual;
    ck_assert_int_eq(steepest_norm_duality_map(norm, 1, &z, &zs, &dual), STEEPEST_ERROR_PLUGIN_FAILED);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "reported through steepest_set_error"));
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
    tcase_add_test(tc, message_through_duality_map);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
