/* test-shard.c — the data-parallel shards of the regression problems: rank r
 * of N takes rows r, r + N, …, and the shards weighted by their row shares
 * sum back to the whole objective and gradient (checked against the whole
 * problem), with every documented failure. */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

enum { M = 10, N = 3 };

static void
data(double *A, double *y, double *b)
{
    for (size_t i = 0; i < M; i++) {
        for (size_t j = 0; j < N; j++)
            A[i * N + j] = sin(1.0 + (double) (i * N + j));
        y[i] = i % 3 == 0 ? 1.0 : -1.0;
        b[i] = cos((double) i);
    }
}

START_TEST(shard_rows_are_the_strided_counts)
{
    /* 10 rows over 4 ranks: 0,4,8 | 1,5,9 | 2,6 | 3,7. */
    ck_assert_uint_eq(steepest_shard_rows(10, 0, 4), 3);
    ck_assert_uint_eq(steepest_shard_rows(10, 1, 4), 3);
    ck_assert_uint_eq(steepest_shard_rows(10, 2, 4), 2);
    ck_assert_uint_eq(steepest_shard_rows(10, 3, 4), 2);
    ck_assert_uint_eq(steepest_shard_rows(10, 0, 1), 10);
    ck_assert_uint_eq(steepest_shard_rows(3, 3, 4), 0);
    ck_assert_uint_eq(steepest_shard_rows(10, 4, 4), 0);
    ck_assert_uint_eq(steepest_shard_rows(10, 0, 0), 0);
}
END_TEST

/* Σ_r (m_r/m) f_r and ∇ against the whole problem, for 1..5 ranks. */
static void
check_sum(int logistic)
{
    double A[M * N], y[M], b[M], x[N] = { 0.3, -0.7, 1.1 };
    data(A, y, b);
    SteepestObjectiveFn fn;
    void *ud;
    SteepestLogistic *whole_l = NULL;
    SteepestLeastSquares *whole_s = NULL;
    if (logistic) {
        ck_assert_int_eq(steepest_logistic_new(M, N, A, y, 0.1, STEEPEST_DATA_COPY, &whole_l), STEEPEST_OK);
        steepest_logistic_get_objective(whole_l, &fn, &ud);
    } else {
        ck_assert_int_eq(steepest_least_squares_new(M, N, A, b, STEEPEST_DATA_COPY, &whole_s), STEEPEST_OK);
        steepest_least_squares_get_objective(whole_s, &fn, &ud);
    }
    double f, g[N];
    ck_assert_int_eq(fn(ud, N, x, &f, g), 0);
    for (size_t ranks = 1; ranks <= 5; ranks++) {
        double fs = 0, gs[N] = { 0 };
        for (size_t r = 0; r < ranks; r++) {
            SteepestLogistic *l = NULL;
            SteepestLeastSquares *s = NULL;
            SteepestObjectiveFn sfn;
            void *sud;
            if (logistic) {
                ck_assert_int_eq(steepest_logistic_new_shard(M, N, A, y, 0.1, r, ranks, &l), STEEPEST_OK);
                steepest_logistic_get_objective(l, &sfn, &sud);
            } else {
                ck_assert_int_eq(steepest_least_squares_new_shard(M, N, A, b, r, ranks, &s), STEEPEST_OK);
                steepest_least_squares_get_objective(s, &sfn, &sud);
            }
            double fr, gr[N], w = (double) steepest_shard_rows(M, r, ranks) / M;
            ck_assert_int_eq(sfn(sud, N, x, &fr, gr), 0);
            fs += w * fr;
            for (size_t j = 0; j < N; j++)
                gs[j] += w * gr[j];
            steepest_logistic_free(l);
            steepest_least_squares_free(s);
        }
        ck_assert_double_eq_tol(fs, f, 1e-13 * fabs(f));
        for (size_t j = 0; j < N; j++)
            ck_assert_double_eq_tol(gs[j], g[j], 1e-13 * (fabs(g[j]) + 1));
    }
    steepest_logistic_free(whole_l);
    steepest_least_squares_free(whole_s);
}

START_TEST(weighted_shards_sum_to_the_whole_logistic_objective)
{
    check_sum(1);
}
END_TEST

START_TEST(weighted_shards_sum_to_the_whole_least_squares_objective)
{
    check_sum(0);
}
END_TEST

START_TEST(a_shard_holds_exactly_its_strided_rows)
{
    /* Rank 1 of 4 holds rows 1, 5, 9: its logistic loss at x is theirs alone. */
    double A[M * N], y[M], b[M], x[N] = { 0.2, 0.1, -0.4 };
    data(A, y, b);
    double Ar[3 * N], yr[3];
    for (size_t k = 0; k < 3; k++) {
        memcpy(Ar + k * N, A + (1 + 4 * k) * N, N * sizeof(double));
        yr[k] = y[1 + 4 * k];
    }
    SteepestLogistic *direct, *shard;
    ck_assert_int_eq(steepest_logistic_new(3, N, Ar, yr, 0.0, STEEPEST_DATA_COPY, &direct), STEEPEST_OK);
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, A, y, 0.0, 1, 4, &shard), STEEPEST_OK);
    SteepestObjectiveFn f1, f2;
    void *d1, *d2;
    steepest_logistic_get_objective(direct, &f1, &d1);
    steepest_logistic_get_objective(shard, &f2, &d2);
    double v1, v2, g1[N], g2[N];
    f1(d1, N, x, &v1, g1);
    f2(d2, N, x, &v2, g2);
    ck_assert(v1 == v2);
    ck_assert(memcmp(g1, g2, sizeof g1) == 0);
    steepest_logistic_free(direct);
    steepest_logistic_free(shard);
}
END_TEST

START_TEST(shard_constructors_refuse_bad_input)
{
    double A[M * N], y[M], b[M];
    data(A, y, b);
    SteepestLogistic *l = (SteepestLogistic *) &l;
    SteepestLeastSquares *s = (SteepestLeastSquares *) &s;
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, A, y, 0.1, 0, 2, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, NULL, y, 0.1, 0, 2, &l),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, A, NULL, 0.1, 0, 2, &l),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, A, y, 0.1, 2, 2, &l), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(strstr(steepest_last_error(), "rank 2") != NULL);
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, A, y, 0.1, 0, 0, &l), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_logistic_new_shard(0, N, A, y, 0.1, 0, 2, &l), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_logistic_new_shard(M, 0, A, y, 0.1, 0, 2, &l), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, A, y, 0.1, 10, 11, &l), STEEPEST_ERROR_DIMENSION);
    ck_assert(strstr(steepest_last_error(), "no rows") != NULL);
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, A, y, -1.0, 0, 2, &l),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    double ybad[M];
    memcpy(ybad, y, sizeof y);
    ybad[2] = 0.5; /* row 2 goes to rank 0 of 2 */
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, A, ybad, 0.1, 0, 2, &l),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, A, ybad, 0.1, 1, 2, &l), STEEPEST_OK);
    steepest_logistic_free(l);
    double Abad[M * N];
    memcpy(Abad, A, sizeof A);
    Abad[1 * N] = NAN; /* row 1: rank 1 of 2 */
    ck_assert_int_eq(steepest_logistic_new_shard(M, N, Abad, y, 0.1, 1, 2, &l), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_least_squares_new_shard(M, N, Abad, b, 1, 2, &s), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(steepest_least_squares_new_shard(M, N, A, b, 0, 2, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_least_squares_new_shard(M, N, A, NULL, 0, 2, &s),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_least_squares_new_shard(M, N, A, b, 3, 3, &s), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_least_squares_new_shard(2, N, A, b, 2, 3, &s), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_least_squares_new_shard(M, 0, A, b, 0, 3, &s), STEEPEST_ERROR_DIMENSION);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("shard");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, shard_rows_are_the_strided_counts);
    tcase_add_test(tc, weighted_shards_sum_to_the_whole_logistic_objective);
    tcase_add_test(tc, weighted_shards_sum_to_the_whole_least_squares_objective);
    tcase_add_test(tc, a_shard_holds_exactly_its_strided_rows);
    tcase_add_test(tc, shard_constructors_refuse_bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
