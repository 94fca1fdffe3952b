/* check-run.h — how every Check suite runs: TAP on stdout when meson sets
 * CK_TAP_LOG_FILE_NAME=-, quiet otherwise per CK_VERBOSITY, exit status 1 if
 * any test failed. */
#ifndef STEEPEST_CHECK_RUN_H
#define STEEPEST_CHECK_RUN_H

#include <check.h>

/* Runs the suite; with always_fork, each test gets a fresh process whatever
 * CK_FORK says (for tests that need a fresh process-wide registry). */
static inline int
steepest_check_run(Suite *suite, int always_fork)
{
    SRunner *sr = srunner_create(suite);
    if (always_fork)
        srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

#endif /* STEEPEST_CHECK_RUN_H */
