/* test-sparse.c — CSR matrices, Matrix Market files, linear operators and the
 * operator forms of the induced-norm bounds.
 *
 * Expected values come from independent computations: the dense path
 * (LAPACK, enumeration of sign vectors) on the same matrix, brute-force
 * maximum cuts of small graphs (‖L‖∞,1 = 4·maxcut for a Laplacian L), and the
 * exact text of the files written.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <steepest/steepest.h>
#include "check-run.h"

static uint64_t rng_state;

static double
urand(void) /* uniform in [-1, 1) */
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double) (rng_state >> 11) * 0x1.0p-52 - 1.0;
}

/* A random symmetric n x n matrix with about `density` of its entries nonzero. */
static double *
random_sparse_symmetric(size_t n, double density, uint64_t seed)
{
    rng_state = seed * 2654435761u + 7;
    double *H = calloc(n * n, sizeof *H);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++)
            if (fabs(urand()) < density || i == j) {
                double v = urand();
                H[i * n + j] = H[j * n + i] = v;
            }
    return H;
}

static char *
temp_path(const char *tag)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "/tmp/test-sparse-%d-%s.mtx", (int) getpid(), tag);
    return buf;
}

static int
parse(const char *text, unsigned flags, size_t *n, double **dense, SteepestCsr **csr)
{
    return steepest_matrix_market_parse("t.mtx", text, strlen(text), flags, 0, n, dense, csr);
}

/* The parse fails with `status` and a message containing `where`. */
static void
expect_parse_error(const char *text, int status, const char *where)
{
    size_t n = 0;
    double *dense = NULL;
    SteepestCsr *csr = NULL;
    int st = parse(text, STEEPEST_MM_REQUIRE_SYMMETRIC, &n, &dense, &csr);
    ck_assert_msg(st == status, "status %d for %s (message %s)", st, text, steepest_last_error());
    ck_assert_msg(strstr(steepest_last_error(), where) != NULL, "message '%s' lacks '%s'", steepest_last_error(),
                  where);
    ck_assert(dense == NULL && csr == NULL);
}

START_TEST(csr_view_is_zero_copy_and_checked)
{
    int64_t indptr[] = { 0, 2, 3, 5 };
    int64_t indices[] = { 0, 2, 1, 0, 2 };
    double data[] = { 4, -1, 3, -1, 2 };
    SteepestCsr *csr = NULL;
    ck_assert_int_eq(steepest_csr_new(3, indptr, indices, data, &csr), STEEPEST_OK);
    const int64_t *p, *ix;
    const double *d;
    steepest_csr_arrays(csr, &p, &ix, &d);
    ck_assert(p == indptr && ix == indices && d == data);
    ck_assert_uint_eq(steepest_csr_nnz(csr), 5);
    double H[9];
    steepest_csr_to_dense(csr, H);
    double want[9] = { 4, 0, -1, 0, 3, 0, -1, 0, 2 };
    for (int k = 0; k < 9; k++)
        ck_assert_double_eq(H[k], want[k]);
    int sym = 0;
    steepest_csr_is_symmetric(csr, 0, &sym);
    ck_assert_int_eq(sym, 1);
    steepest_csr_free(csr);

    int64_t unsorted[] = { 2, 0, 1, 0, 2 };
    ck_assert_int_eq(steepest_csr_new(3, indptr, unsorted, data, &csr), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(strstr(steepest_last_error(), "row 0") != NULL);
    int64_t out_of_range[] = { 0, 3, 1, 0, 2 };
    ck_assert_int_eq(steepest_csr_new(3, indptr, out_of_range, data, &csr), STEEPEST_ERROR_INVALID_ARGUMENT);
    double bad[] = { 4, -1, NAN, -1, 2 };
    ck_assert_int_eq(steepest_csr_new(3, indptr, indices, bad, &csr), STEEPEST_ERROR_NOT_FINITE);
    ck_assert(strstr(steepest_last_error(), "H(1,1)") != NULL);
    int64_t decreasing[] = { 0, 2, 1, 5 };
    ck_assert_int_eq(steepest_csr_new(3, decreasing, indices, data, &csr), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_csr_new(0, indptr, indices, data, &csr), STEEPEST_ERROR_DIMENSION);
}
END_TEST

START_TEST(matrix_market_round_trips)
{
    for (uint64_t seed = 1; seed <= 6; seed++) {
        size_t n = 3 + seed * 5;
        double *H = random_sparse_symmetric(n, 0.3, seed);
        int symmetric = seed % 2;
        /* dense -> array file -> dense */
        const char *path = temp_path("array");
        ck_assert_int_eq(steepest_matrix_market_write_dense(path, n, H, symmetric), STEEPEST_OK);
        size_t m = 0;
        double *back = NULL;
        SteepestCsr *csr = NULL;
        ck_assert_int_eq(steepest_matrix_market_read(path, 0, 0, &m, &back, &csr), STEEPEST_OK);
        ck_assert(csr == NULL && back != NULL && m == n);
        for (size_t k = 0; k < n * n; k++)
            ck_assert_double_eq(back[k], H[k]); /* 17 digits: exact */
        steepest_matrix_free(back);
        /* CSR -> coordinate file -> CSR */
        SteepestCsr *A = NULL;
        ck_assert_int_eq(steepest_csr_from_dense(n, H, &A), STEEPEST_OK);
        path = temp_path("coord");
        ck_assert_int_eq(steepest_matrix_market_write_csr(path, A, symmetric), STEEPEST_OK);
        ck_assert_int_eq(steepest_matrix_market_read(path, STEEPEST_MM_REQUIRE_SYMMETRIC, 0, &m, &back, &csr),
                         STEEPEST_OK);
        ck_assert(back == NULL && csr != NULL && m == n);
        ck_assert_uint_eq(steepest_csr_nnz(csr), steepest_csr_nnz(A));
        double *D = malloc(n * n * sizeof *D);
        steepest_csr_to_dense(csr, D);
        for (size_t k = 0; k < n * n; k++)
            ck_assert_double_eq(D[k], H[k]);
        free(D);
        steepest_csr_free(csr);
        steepest_csr_free(A);
        free(H);
        unlink(temp_path("array"));
        unlink(temp_path("coord"));
    }
}
END_TEST

START_TEST(matrix_market_reads_the_formats)
{
    size_t n = 0;
    double *dense = NULL;
    SteepestCsr *csr = NULL;
    /* symmetric coordinate: the lower triangle, mirrored */
    ck_assert_int_eq(parse("%%MatrixMarket matrix coordinate real symmetric\n% c\n3 3 5\n1 1 4\n2 1 1\n"
                           "2 2 3\n3 2 -1\n3 3 2\n", 0, &n, &dense, &csr), STEEPEST_OK);
    ck_assert(dense == NULL && n == 3);
    ck_assert_uint_eq(steepest_csr_nnz(csr), 7);
    double H[9];
    steepest_csr_to_dense(csr, H);
    double want[9] = { 4, 1, 0, 1, 3, -1, 0, -1, 2 };
    for (int k = 0; k < 9; k++)
        ck_assert_double_eq(H[k], want[k]);
    steepest_csr_free(csr);
    /* general array, column-major */
    ck_assert_int_eq(parse("%%MatrixMarket matrix array integer general\n2 2\n1\n2\n3\n4\n", 0, &n, &dense, &csr),
                     STEEPEST_OK);
    ck_assert(csr == NULL);
    ck_assert_double_eq(dense[0], 1);
    ck_assert_double_eq(dense[1], 3);
    ck_assert_double_eq(dense[2], 2);
    ck_assert_double_eq(dense[3], 4);
    steepest_matrix_free(dense);
    /* symmetric array: lower triangle by columns */
    ck_assert_int_eq(parse("%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n3\n", 0, &n, &dense, &csr),
                     STEEPEST_OK);
    ck_assert_double_eq(dense[1], 2);
    ck_assert_double_eq(dense[2], 2);
    ck_assert_double_eq(dense[3], 3);
    steepest_matrix_free(dense);
}
END_TEST

START_TEST(matrix_market_errors_name_the_line)
{
    expect_parse_error("", STEEPEST_ERROR_FORMAT, "t.mtx: the file is empty");
    expect_parse_error("%%MatrixMarket matrix foo real general\n2 2\n", STEEPEST_ERROR_FORMAT, "t.mtx:1:");
    expect_parse_error("%%MatrixMarket matrix array complex general\n2 2\n", STEEPEST_ERROR_FORMAT, "t.mtx:1:");
    expect_parse_error("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 1\n",
                       STEEPEST_ERROR_FORMAT, "t.mtx:5:");
    expect_parse_error("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 1\n",
                       STEEPEST_ERROR_FORMAT, "t.mtx:4:");
    expect_parse_error("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", STEEPEST_ERROR_FORMAT,
                       "t.mtx:3:");
    expect_parse_error("%%MatrixMarket matrix array real general\n2 3\n", STEEPEST_ERROR_FORMAT, "t.mtx:2:");
    expect_parse_error("%%MatrixMarket matrix array real general\n2 2\n1\n0\ninf\n1\n", STEEPEST_ERROR_FORMAT,
                       "t.mtx:5:");
    expect_parse_error("%%MatrixMarket matrix array real general\n2 2\n1\nx\n", STEEPEST_ERROR_FORMAT,
                       "t.mtx:4: 'x' is not a number");
    expect_parse_error("%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n2 1 1\n1 2 1\n",
                       STEEPEST_ERROR_FORMAT, "t.mtx:4: entry (1, 2) given twice (also on line 3)");
    expect_parse_error("%%MatrixMarket matrix coordinate real general\n2 2 1\n2 1 5\n",
                       STEEPEST_ERROR_NOT_SYMMETRIC, "t.mtx:3: not symmetric");
    expect_parse_error("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", STEEPEST_ERROR_NOT_SYMMETRIC,
                       "t.mtx:5: not symmetric");
    expect_parse_error("%%MatrixMarket matrix coordinate real general\n2 2 x\n", STEEPEST_ERROR_FORMAT,
                       "t.mtx:2: entry count");
    expect_parse_error("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", STEEPEST_ERROR_FORMAT,
                       "t.mtx:3: a coordinate entry needs ROW COLUMN VALUE");
    size_t n;
    double *dense = NULL;
    SteepestCsr *csr = NULL;
    const char nul[] = "%%MatrixMarket matrix array real general\n1 1\n\0\n";
    ck_assert_int_eq(steepest_matrix_market_parse("t.mtx", nul, sizeof nul - 1, 0, 0, &n, &dense, &csr),
                     STEEPEST_ERROR_FORMAT);
    ck_assert(strstr(steepest_last_error(), "t.mtx:3: binary data") != NULL);
    /* max_dim */
    ck_assert_int_eq(steepest_matrix_market_parse("t.mtx", "%%MatrixMarket matrix coordinate real general\n9 9 0\n",
                                                  47, 0, 8, &n, &dense, &csr), STEEPEST_ERROR_FORMAT);
    ck_assert_int_eq(steepest_matrix_market_read("/nonexistent/x.mtx", 0, 0, &n, &dense, &csr), STEEPEST_ERROR_IO);
    /* the writer refuses an asymmetric matrix as symmetric and writes nothing */
    double A[4] = { 1, 2, 3, 4 };
    const char *path = temp_path("refused");
    unlink(path);
    ck_assert_int_eq(steepest_matrix_market_write_dense(path, 2, A, 1), STEEPEST_ERROR_NOT_SYMMETRIC);
    ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("sparse");
    TCase *tc = tcase_create("files");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, csr_view_is_zero_copy_and_checked);
    tcase_add_test(tc, matrix_market_round_trips);
    tcase_add_test(tc, matrix_market_reads_the_formats);
    tcase_add_test(tc, matrix_market_errors_name_the_line);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
