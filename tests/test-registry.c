/* test-registry.c — being written. */
#include <check.h>
#include <steepest/steepest.h>

START_TEST(placeholder)
{
    ck_assert_ptr_nonnull(steepest_version());
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("placeholder");
    tcase_add_test(tc, placeholder);
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
