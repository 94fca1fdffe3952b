/* quiet-check.h — assertions for hot test loops.
 *
 * In fork mode every passing ck_assert*() records its location through a
 * pipe to the parent: one write(2) per assertion.  Tests that assert millions
 * of times (random vectors, fuzzing) spend most of their time there, and far
 * more under valgrind.  These macros report through ck_abort_msg() (file,
 * line and message, like ck_assert) but only when they fail. */
#ifndef QUIET_CHECK_H
#define QUIET_CHECK_H

#include <check.h>
#include <math.h>

#define EXPECT(cond, ...)              \
    do {                               \
        if (!(cond))                   \
            ck_abort_msg(__VA_ARGS__); \
    } while (0)

#define CHECK(cond) EXPECT(cond, "Assertion '%s' failed", #cond)

#define EXPECT_INT_EQ(a, b)                                                                            \
    do {                                                                                               \
        long long a_ = (long long) (a), b_ = (long long) (b);                                          \
        if (a_ != b_)                                                                                  \
            ck_abort_msg("Assertion '%s == %s' failed: %lld != %lld (last error: %s)", #a, #b, a_, b_, \
                         steepest_last_error());                                                       \
    } while (0)

#define EXPECT_DOUBLE_EQ(a, b)                                                           \
    do {                                                                                 \
        double a_ = (a), b_ = (b);                                                       \
        if (!(a_ == b_))                                                                 \
            ck_abort_msg("Assertion '%s == %s' failed: %.17g != %.17g", #a, #b, a_, b_); \
    } while (0)

#define EXPECT_DOUBLE_EQ_TOL(a, b, tol)                                                                      \
    do {                                                                                                     \
        double a_ = (a), b_ = (b), t_ = (tol);                                                               \
        if (!(fabs(a_ - b_) <= t_))                                                                          \
            ck_abort_msg("Assertion '|%s - %s| <= %s' failed: %.17g vs %.17g, tolerance %.3g", #a, #b, #tol, \
                         a_, b_, t_);                                                                        \
    } while (0)

#endif /* QUIET_CHECK_H */
