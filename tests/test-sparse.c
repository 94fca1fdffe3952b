/* test-sparse.c — CSR matrices, Matrix Market files, linear operators and the
 * operator forms of the induced-norm bounds.
 *
 * Expected values come from independent computations: the dense path
 * (LAPACK, enumeration of sign vectors) on the same matrix, brute-force
 * maximum cuts of small graphs (‖L‖∞,1 = 4·maxcut for a Laplacian L), and the
 * exact text of the files written.
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <steepest/steepest.h>
#include "check-run.h"
#include "test-random.h"

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
    ck_assert_msg(strstr(steepest_last_error(), where) != NULL, "message '%s' lacks '%s'",
                  steepest_last_error(), where);
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

/* The call fails with `status` and steepest_last_error() contains `what`. */
static void
expect_error(int got, int status, const char *what)
{
    ck_assert_int_eq(got, status);
    ck_assert_msg(strstr(steepest_last_error(), what) != NULL, "'%s' not in '%s'", what,
                  steepest_last_error());
}

START_TEST(csr_errors_name_the_argument)
{
    int64_t indptr[] = { 0, 1, 2 }, indices[] = { 1, 0 }, zero_start[] = { 1, 1, 2 }, empty[] = { 0, 0, 0 };
    double data[] = { 1, 2 }, H[4] = { 0, 1, 2, 0 };
    SteepestCsr *csr = NULL;
    expect_error(steepest_csr_new(2, NULL, indices, data, &csr), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "indptr is NULL");
    expect_error(steepest_csr_new(2, indptr, indices, data, NULL), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "out is NULL");
    expect_error(steepest_csr_new((size_t) INT32_MAX + 1, indptr, indices, data, &csr),
                 STEEPEST_ERROR_DIMENSION, "too large");
    expect_error(steepest_csr_new(2, zero_start, indices, data, &csr), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "indptr[0] = 1");
    expect_error(steepest_csr_new(2, indptr, NULL, data, &csr), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "indices or data is NULL");
    expect_error(steepest_csr_new(2, indptr, indices, NULL, &csr), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "indices or data is NULL");
    int64_t negative[] = { -1, 0 };
    expect_error(steepest_csr_new(2, indptr, negative, data, &csr), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "column index -1");
    double inf[] = { 1, -INFINITY };
    expect_error(steepest_csr_new(2, indptr, indices, inf, &csr), STEEPEST_ERROR_NOT_FINITE,
                 "H(1,0) is infinite");
    /* no stored entries: NULL arrays are fine */
    ck_assert_int_eq(steepest_csr_new(2, empty, NULL, NULL, &csr), STEEPEST_OK);
    ck_assert_uint_eq(steepest_csr_nnz(csr), 0);
    ck_assert_uint_eq(steepest_csr_dim(csr), 2);
    steepest_csr_free(csr);
    ck_assert_uint_eq(steepest_csr_dim(NULL), 0);
    ck_assert_uint_eq(steepest_csr_nnz(NULL), 0);
    steepest_csr_free(NULL);
    /* the accessors */
    ck_assert_int_eq(steepest_csr_new(2, indptr, indices, data, &csr), STEEPEST_OK);
    expect_error(steepest_csr_arrays(NULL, NULL, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT, "csr is NULL");
    ck_assert_int_eq(steepest_csr_arrays(csr, NULL, NULL, NULL), STEEPEST_OK);
    double D[4];
    expect_error(steepest_csr_to_dense(NULL, D), STEEPEST_ERROR_INVALID_ARGUMENT, "csr is NULL");
    expect_error(steepest_csr_to_dense(csr, NULL), STEEPEST_ERROR_INVALID_ARGUMENT, "H is NULL");
    int sym = -1;
    expect_error(steepest_csr_is_symmetric(NULL, 0, &sym), STEEPEST_ERROR_INVALID_ARGUMENT, "csr is NULL");
    expect_error(steepest_csr_is_symmetric(csr, 0, NULL), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "symmetric is NULL");
    expect_error(steepest_csr_is_symmetric(csr, -1, &sym), STEEPEST_ERROR_INVALID_ARGUMENT, "tolerance");
    expect_error(steepest_csr_is_symmetric(csr, NAN, &sym), STEEPEST_ERROR_INVALID_ARGUMENT, "tolerance");
    expect_error(steepest_csr_is_symmetric(csr, INFINITY, &sym), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "tolerance");
    /* H(0,1) = 1, H(1,0) = 2: asymmetric by 1, i.e. half the largest entry */
    ck_assert_int_eq(steepest_csr_is_symmetric(csr, 0.49, &sym), STEEPEST_OK);
    ck_assert_int_eq(sym, 0);
    ck_assert_int_eq(steepest_csr_is_symmetric(csr, 0.51, &sym), STEEPEST_OK);
    ck_assert_int_eq(sym, 1);
    steepest_csr_free(csr);
    expect_error(steepest_csr_from_dense(2, H, NULL), STEEPEST_ERROR_INVALID_ARGUMENT, "out is NULL");
    expect_error(steepest_csr_from_dense(0, H, &csr), STEEPEST_ERROR_DIMENSION, "steepest_csr_from_dense");
    H[3] = NAN;
    expect_error(steepest_csr_from_dense(2, H, &csr), STEEPEST_ERROR_NOT_FINITE, "steepest_csr_from_dense");
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
                           "2 2 3\n3 2 -1\n3 3 2\n",
                           0, &n, &dense, &csr),
                     STEEPEST_OK);
    ck_assert(dense == NULL && n == 3);
    ck_assert_uint_eq(steepest_csr_nnz(csr), 7);
    double H[9];
    steepest_csr_to_dense(csr, H);
    double want[9] = { 4, 1, 0, 1, 3, -1, 0, -1, 2 };
    for (int k = 0; k < 9; k++)
        ck_assert_double_eq(H[k], want[k]);
    steepest_csr_free(csr);
    /* general array, column-major */
    ck_assert_int_eq(parse("%%MatrixMarket matrix array integer general\n2 2\n1\n2\n3\n4\n", 0, &n, &dense,
                           &csr),
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
    expect_parse_error("%%MatrixMarket matrix array complex general\n2 2\n", STEEPEST_ERROR_FORMAT,
                       "t.mtx:1:");
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
    expect_parse_error("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n",
                       STEEPEST_ERROR_NOT_SYMMETRIC, "t.mtx:5: not symmetric");
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
    ck_assert_int_eq(steepest_matrix_market_parse("t.mtx",
                                                  "%%MatrixMarket matrix coordinate real general\n9 9 0\n",
                                                  47, 0, 8, &n, &dense, &csr),
                     STEEPEST_ERROR_FORMAT);
    ck_assert_int_eq(steepest_matrix_market_read("/nonexistent/x.mtx", 0, 0, &n, &dense, &csr),
                     STEEPEST_ERROR_IO);
    /* the writer refuses an asymmetric matrix as symmetric and writes nothing */
    double A[4] = { 1, 2, 3, 4 };
    const char *path = temp_path("refused");
    unlink(path);
    ck_assert_int_eq(steepest_matrix_market_write_dense(path, 2, A, 1), STEEPEST_ERROR_NOT_SYMMETRIC);
    ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

/* Case-insensitive keywords, the "double" field, CRLF line ends, indented and
 * blank lines: what other writers produce reads as the same matrix. */
START_TEST(matrix_market_header_variants)
{
    size_t n = 0;
    double *dense = NULL;
    SteepestCsr *csr = NULL;
    ck_assert_int_eq(parse("%%MATRIXMARKET MATRIX COORDINATE DOUBLE SYMMETRIC\r\n  % a comment\r\n\r\n"
                           " 2  2  2 \r\n1 1 4\r\n% between\r\n  2\t1   -1.5\r\n",
                           STEEPEST_MM_REQUIRE_SYMMETRIC, &n, &dense, &csr),
                     STEEPEST_OK);
    ck_assert(dense == NULL && csr != NULL && n == 2);
    double H[4];
    steepest_csr_to_dense(csr, H);
    double want[4] = { 4, -1.5, -1.5, 0 };
    for (int k = 0; k < 4; k++)
        ck_assert_double_eq(H[k], want[k]);
    steepest_csr_free(csr);
    csr = NULL;
    ck_assert_int_eq(parse("%%matrixmarket Matrix Array Integer General\r\n1 1\r\n-7\r\n", 0, &n, &dense,
                           &csr),
                     STEEPEST_OK);
    ck_assert(csr == NULL && n == 1);
    ck_assert_double_eq(dense[0], -7);
    steepest_matrix_free(dense);
    /* name NULL: messages start with "(memory)" */
    ck_assert_int_eq(steepest_matrix_market_parse(NULL, "x", 1, 0, 0, &n, &dense, &csr),
                     STEEPEST_ERROR_FORMAT);
    ck_assert(strstr(steepest_last_error(), "(memory):1: not a Matrix Market file") != NULL);
    /* max_dim beyond 2^31 - 1 is the default limit, not a wider one */
    const char *big = "%%MatrixMarket matrix coordinate real general\n2147483648 2147483648 0\n";
    ck_assert_int_eq(steepest_matrix_market_parse("t.mtx", big, strlen(big), 0, SIZE_MAX, &n, &dense, &csr),
                     STEEPEST_ERROR_FORMAT);
    ck_assert(strstr(steepest_last_error(),
                     "t.mtx:2: row count 2147483648 is out of range [1, 2147483647]") != NULL);
}
END_TEST

/* Every malformed header, size line and entry fails with FORMAT and names the
 * file, the line and what is wrong. */
START_TEST(matrix_market_every_format_error)
{
#define MM_ARRAY "%%MatrixMarket matrix array real general\n"
#define MM_COORD "%%MatrixMarket matrix coordinate real general\n"
    static const struct {
        const char *text, *message;
    } cases[] = {
        { "hello\n", "t.mtx:1: not a Matrix Market file" },
        { "%%MatrixMarket matrix array real\n1 1\n1\n", "t.mtx:1: malformed Matrix Market header" },
        { "%%MatrixMarket vector array real general\n1 1\n1\n", "t.mtx:1: malformed Matrix Market header" },
        { "%%MatrixMarket matrix array real general extra\n1 1\n1\n",
          "t.mtx:1: malformed Matrix Market header" },
        { "%%MatrixMarket matrix array pattern general\n1 1\n",
          "t.mtx:1: unsupported Matrix Market field 'pattern'" },
        { "%%MatrixMarket matrix array real hermitian\n1 1\n",
          "t.mtx:1: unsupported Matrix Market symmetry 'hermitian'" },
        { MM_ARRAY "% only a comment\n\n", "t.mtx:4: missing the size line" },
        { MM_ARRAY "2\n", "t.mtx:2: the size line needs ROWS COLS, found 1 numbers" },
        { MM_COORD "2 2 2 2\n", "t.mtx:2: the size line needs ROWS COLS ENTRIES, found more than 3 numbers" },
        { MM_ARRAY "-2 -2\n", "t.mtx:2: row count '-2' is not a nonnegative integer" },
        { MM_ARRAY "+2 2\n", "t.mtx:2: row count '+2' is not a nonnegative integer" },
        { MM_ARRAY "2 2x\n", "t.mtx:2: column count '2x' is not a nonnegative integer" },
        { MM_ARRAY "0 0\n", "t.mtx:2: row count 0 is out of range [1, 2147483647]" },
        { MM_ARRAY "2 3\n", "t.mtx:2: the matrix is not square (2 x 3)" },
        { MM_COORD "2 2 5\n", "t.mtx:2: entry count 5 is out of range [0, 4]" },
        { MM_ARRAY "1 1\n1 2\n", "t.mtx:3: an array entry is one number per line" },
        { MM_ARRAY "1 1\n1\n% fine\n2\n",
          "t.mtx:5: more entries than the 1 the size line (line 2) declares" },
        { MM_ARRAY "2 2\n1\n2\n",
          "t.mtx:5: the file ends after 2 of the 4 entries the size line (line 2) declares" },
        { MM_ARRAY "1 1\n1.5e\n", "t.mtx:3: '1.5e' is not a number" },
        { MM_ARRAY "1 1\n-inf\n", "t.mtx:3: entry '-inf' is not finite" },
        { MM_COORD "2 2 1\n1 1 1 1\n",
          "t.mtx:3: a coordinate entry needs ROW COLUMN VALUE, found more than 3 fields" },
        { MM_COORD "2 2 1\n0 1 1\n", "t.mtx:3: row 0 is out of range [1, 2]" },
        { MM_COORD "2 2 1\n1 y 1\n", "t.mtx:3: column 'y' is not a nonnegative integer" },
        { MM_COORD "2 2 1\n1 3 1\n", "t.mtx:3: column 3 is out of range [1, 2]" },
        { MM_COORD "2 2 1\n1 1 nan\n", "t.mtx:3: entry 'nan' is not finite" },
        { MM_COORD "2 2 2\n1 1 1\n",
          "t.mtx:4: the file ends after 1 of the 2 entries the size line (line 2) declares" },
        { MM_COORD "2 2 3\n2 2 1\n1 1 1\n2 2 3\n", "t.mtx:5: entry (2, 2) given twice (also on line 3)" },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++)
        expect_parse_error(cases[k].text, STEEPEST_ERROR_FORMAT, cases[k].message);
    /* a mirror given with another value names both lines; a missing one says so */
    expect_parse_error(MM_COORD "2 2 2\n1 2 1\n2 1 3\n", STEEPEST_ERROR_NOT_SYMMETRIC,
                       "t.mtx:3: not symmetric: H[1][2] = 1 but H[2][1] = 3 (line 4)");
    expect_parse_error(MM_COORD "3 3 1\n3 1 2\n", STEEPEST_ERROR_NOT_SYMMETRIC,
                       "t.mtx:3: not symmetric: H[3][1] = 2 but H[1][3] = 0 (not given)");
    expect_parse_error(MM_COORD "3 3 1\n1 3 2\n", STEEPEST_ERROR_NOT_SYMMETRIC,
                       "t.mtx:3: not symmetric: H[1][3] = 2 but H[3][1] = 0 (not given)");
    expect_parse_error(MM_COORD "3 3 2\n1 3 2\n% between\n3 2 1\n", STEEPEST_ERROR_NOT_SYMMETRIC,
                       "t.mtx:3: not symmetric: H[1][3] = 2 but H[3][1] = 0 (not given)");
    /* array, column by column: H[1][2] is the 4th value (line 6), H[2][1] the 2nd (line 4) */
    expect_parse_error(MM_ARRAY "3 3\n1\n2\n0\n3\n1\n0\n0\n0\n1\n", STEEPEST_ERROR_NOT_SYMMETRIC,
                       "t.mtx:6: not symmetric: H[1][2] = 3 but H[2][1] = 2 (line 4)");
    /* without the flag the same file is a general matrix */
    size_t n = 0;
    double *dense = NULL;
    SteepestCsr *csr = NULL;
    ck_assert_int_eq(parse(MM_COORD "2 2 2\n1 2 1\n2 1 3\n", 0, &n, &dense, &csr), STEEPEST_OK);
    ck_assert_uint_eq(steepest_csr_nnz(csr), 2);
    steepest_csr_free(csr);
#undef MM_ARRAY
#undef MM_COORD
}
END_TEST

/* Bad arguments to the reader and the writer name the argument; a failed
 * write names the path and leaves no file. */
START_TEST(matrix_market_argument_and_io_errors)
{
    const char *text = "%%MatrixMarket matrix array real general\n1 1\n1\n";
    size_t len = strlen(text), n = 0;
    double *dense = NULL;
    SteepestCsr *csr = NULL;
    const char *fn = "steepest_matrix_market_parse: ";
    expect_error(steepest_matrix_market_parse("t", NULL, len, 0, 0, &n, &dense, &csr),
                 STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_market_parse: text is NULL");
    expect_error(steepest_matrix_market_parse("t", text, len, 0, 0, NULL, &dense, &csr),
                 STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_market_parse: n is NULL");
    expect_error(steepest_matrix_market_parse("t", text, len, 0, 0, &n, NULL, &csr),
                 STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_market_parse: dense is NULL");
    expect_error(steepest_matrix_market_parse("t", text, len, 0, 0, &n, &dense, NULL),
                 STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_market_parse: csr is NULL");
    expect_error(steepest_matrix_market_parse("t", text, len, 6, 0, &n, &dense, &csr),
                 STEEPEST_ERROR_INVALID_ARGUMENT, "unknown flags 0x6");
    ck_assert(strncmp(steepest_last_error(), fn, strlen(fn)) == 0);
    expect_error(steepest_matrix_market_read(NULL, 0, 0, &n, &dense, &csr), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "steepest_matrix_market_read: path is NULL");
    expect_error(steepest_matrix_market_read("/", 0, 0, &n, &dense, &csr), STEEPEST_ERROR_IO,
                 "cannot read '/'");
    /* a file with a NUL byte: the reader names the path and the line */
    const char *path = temp_path("nul");
    FILE *f = fopen(path, "wb");
    ck_assert(f != NULL);
    fwrite("%%MatrixMarket matrix array real general\n1 1\n1\0\n", 1, 48, f);
    fclose(f);
    ck_assert_int_eq(steepest_matrix_market_read(path, 0, 0, &n, &dense, &csr), STEEPEST_ERROR_FORMAT);
    char *want = g_strdup_printf("%s:3: binary data (a NUL byte)", path);
    ck_assert_msg(strstr(steepest_last_error(), want) != NULL, "%s", steepest_last_error());
    g_free(want);
    ck_assert_int_eq(steepest_matrix_market_read(path, 8, 0, &n, &dense, &csr),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    unlink(path);
    ck_assert(dense == NULL && csr == NULL);

    double H[4] = { 1, 2, 2, 1 }, bad[4] = { 1, 2, 2, INFINITY };
    expect_error(steepest_matrix_market_write_dense(NULL, 2, H, 0), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "steepest_matrix_market_write_dense: path is NULL");
    path = temp_path("w");
    unlink(path);
    expect_error(steepest_matrix_market_write_dense(path, 2, bad, 0), STEEPEST_ERROR_NOT_FINITE,
                 "steepest_matrix_market_write_dense: H(1,1) is infinite");
    expect_error(steepest_matrix_market_write_dense(path, 0, H, 0), STEEPEST_ERROR_DIMENSION,
                 "steepest_matrix_market_write_dense");
    ck_assert_int_eq(access(path, F_OK), -1);
    expect_error(steepest_matrix_market_write_dense("/nonexistent-dir/h.mtx", 2, H, 1), STEEPEST_ERROR_IO,
                 "steepest_matrix_market_write_dense: cannot write '/nonexistent-dir/h.mtx'");
    SteepestCsr *A = NULL, *U = NULL;
    ck_assert_int_eq(steepest_csr_from_dense(2, H, &A), STEEPEST_OK);
    double upper[4] = { 1, 2, 0, 1 };
    ck_assert_int_eq(steepest_csr_from_dense(2, upper, &U), STEEPEST_OK);
    expect_error(steepest_matrix_market_write_csr(NULL, A, 0), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "steepest_matrix_market_write_csr: path is NULL");
    expect_error(steepest_matrix_market_write_csr(path, NULL, 0), STEEPEST_ERROR_INVALID_ARGUMENT,
                 "steepest_matrix_market_write_csr: csr is NULL");
    expect_error(steepest_matrix_market_write_csr(path, U, 1), STEEPEST_ERROR_NOT_SYMMETRIC,
                 "steepest_matrix_market_write_csr: row 0 differs from its mirror");
    ck_assert_int_eq(access(path, F_OK), -1);
    expect_error(steepest_matrix_market_write_csr("/nonexistent-dir/a.mtx", A, 1), STEEPEST_ERROR_IO,
                 "steepest_matrix_market_write_csr: cannot write '/nonexistent-dir/a.mtx'");
    /* the non-symmetric matrix as general: every stored entry, read back exactly */
    ck_assert_int_eq(steepest_matrix_market_write_csr(path, U, 0), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_market_read(path, 0, 0, &n, &dense, &csr), STEEPEST_OK);
    double D[4];
    steepest_csr_to_dense(csr, D);
    for (int k = 0; k < 4; k++)
        ck_assert_double_eq(D[k], upper[k]);
    steepest_csr_free(csr);
    unlink(path);
    steepest_csr_free(A);
    steepest_csr_free(U);
}
END_TEST

/* ---- operators ---------------------------------------------------------- */

static int
csr_hv(void *user_data, size_t n, const double *v, double *out)
{
    SteepestOperator *inner = user_data;
    (void) n;
    return steepest_operator_apply(inner, v, out) == STEEPEST_OK ? 0 : 1;
}

typedef struct {
    size_t n;
    const double *H;
} Quad;

/* ∇(½xᵀHx + Σ x_i⁴/4·0) = Hx: the finite-difference operator must give H v. */
static int
quad_grad(void *user_data, size_t n, const double *x, double *g)
{
    const Quad *q = user_data;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += q->H[i * n + j] * x[j];
        g[i] = s;
    }
    return 0;
}

static int
failing_hv(void *user_data, size_t n, const double *v, double *out)
{
    (void) user_data;
    (void) n;
    (void) v;
    (void) out;
    return 7;
}

START_TEST(operator_forms_agree_with_dense)
{
    for (uint64_t seed = 1; seed <= 5; seed++) {
        size_t n = 20 + 30 * seed;
        double *H = random_sparse_symmetric(n, 0.1, seed);
        SteepestCsr *csr = NULL;
        ck_assert_int_eq(steepest_csr_from_dense(n, H, &csr), STEEPEST_OK);
        SteepestOperator *dense = NULL, *sparse = NULL, *cb = NULL, *fd = NULL;
        ck_assert_int_eq(steepest_operator_new_dense(n, H, &dense), STEEPEST_OK);
        ck_assert_int_eq(steepest_operator_new_csr(csr, &sparse), STEEPEST_OK);
        ck_assert_int_eq(steepest_operator_new_callback(n, csr_hv, sparse, &cb), STEEPEST_OK);
        double *x = calloc(n, sizeof *x);
        for (size_t i = 0; i < n; i++)
            x[i] = urand();
        Quad q = { n, H };
        ck_assert_int_eq(steepest_operator_new_gradient(n, quad_grad, &q, x, 0, &fd), STEEPEST_OK);
        /* products */
        double *v = malloc(n * sizeof *v), *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
        for (size_t i = 0; i < n; i++)
            v[i] = urand();
        SteepestOperator *ops[] = { sparse, cb, fd };
        steepest_operator_apply(dense, v, a);
        for (int k = 0; k < 3; k++) {
            ck_assert_int_eq(steepest_operator_apply(ops[k], v, b), STEEPEST_OK);
            for (size_t i = 0; i < n; i++)
                ck_assert_msg(fabs(a[i] - b[i]) <= (k == 2 ? 1e-8 : 1e-13) * (1 + fabs(a[i])),
                              "kind %d entry %zu: %g vs %g", k, i, b[i], a[i]);
        }
        /* entry sums against the dense kernels */
        double m0, s0, m1, s1, row, diag, gmin;
        steepest_matrix_max_abs(n, H, &m0);
        steepest_matrix_sum_abs(n, H, &s0);
        for (int k = 0; k < 2; k++) {
            ck_assert_int_eq(steepest_operator_entry_sums(ops[k], &m1, &s1, &row, &diag, &gmin), STEEPEST_OK);
            ck_assert_double_eq_tol(m1, m0, 1e-14);
            ck_assert_double_eq_tol(s1, s0, 1e-10 * s0);
        }
        double rho0, rho1;
        steepest_analysis_rho_diag(n, H, &rho0);
        ck_assert_int_eq(steepest_analysis_rho_diag_operator(sparse, &rho1), STEEPEST_OK);
        ck_assert_double_eq_tol(rho1, rho0, 1e-12);
        /* ℓ2: Lanczos against LAPACK to 1e-10 */
        double exact2, lo, up, *w = malloc(n * sizeof *w);
        steepest_matrix_spectral_norm(n, H, &exact2);
        steepest_matrix_sym_eigenvalues(n, H, w);
        int cert = 0;
        if (!steepest_operator_lanczos_available()) {
            /* built without ARPACK: sparse and matrix-free ℓ2 is unsupported, and says why */
            ck_assert_int_eq(steepest_operator_spectral_norm(sparse, NULL, &lo, &up, &cert, NULL),
                             STEEPEST_ERROR_UNSUPPORTED);
            ck_assert(strstr(steepest_last_error(), "ARPACK") != NULL);
        }
        for (int k = 0; k < 2 && steepest_operator_lanczos_available(); k++) {
            ck_assert_int_eq(steepest_operator_spectral_norm(ops[k], NULL, &lo, &up, &cert, NULL),
                             STEEPEST_OK);
            ck_assert_msg(fabs(lo - exact2) <= 1e-10 * exact2, "Lanczos %.17g vs LAPACK %.17g", lo, exact2);
            /* ||H||_2 lies in [lo, up]; LAPACK's value is itself within about
             * n·eps·||H||_2 of ||H||_2 (the backward error of dsyevd), and under
             * Valgrind OpenBLAS takes other kernels, so that is the margin. */
            double margin = 16.0 * (double) n * DBL_EPSILON * exact2;
            ck_assert_msg(lo <= exact2 + margin && exact2 <= up + margin,
                          "Ritz %.17g, LAPACK %.17g, upper %.17g", lo, exact2, up);
            ck_assert_int_eq(cert, k == 0);
            double lmin, lmax, rmin, rmax;
            ck_assert_int_eq(steepest_operator_extreme_eigenvalues(ops[k], NULL, &lmin, &lmax, &rmin, &rmax),
                             STEEPEST_OK);
            ck_assert_double_eq_tol(lmin, w[0], 1e-10 * exact2);
            ck_assert_double_eq_tol(lmax, w[n - 1], 1e-10 * exact2);
            ck_assert(rmin < 1e-8 * exact2 && rmax < 1e-8 * exact2);
        }
        /* ℓ∞ and ℓ1 through the norms */
        SteepestNorm *linf = NULL, *l1 = NULL;
        ck_assert_int_eq(steepest_norm_new("linf", n, &linf), STEEPEST_OK);
        ck_assert_int_eq(steepest_norm_new("l1", n, &l1), STEEPEST_OK);
        SteepestInducedOptions *opts = steepest_induced_options_new();
        steepest_induced_options_set_mode(opts, STEEPEST_INDUCED_BOUNDS);
        double dlo, dup, olo, oup;
        int ex;
        ck_assert_int_eq(steepest_norm_induced(linf, n, H, opts, &dlo, &dup, NULL, NULL), STEEPEST_OK);
        ck_assert_int_eq(steepest_norm_induced_operator(linf, sparse, opts, &olo, &oup, &ex, &cert, NULL),
                         STEEPEST_OK);
        ck_assert(cert == 1 && olo <= oup);
        /* both intervals contain the norm, so they overlap; the upper is at most Σ|H_ij| */
        ck_assert(olo <= dup * (1 + 1e-12) && dlo <= oup * (1 + 1e-12));
        ck_assert(oup <= s0 * (1 + 1e-10));
        ck_assert_int_eq(steepest_norm_induced_operator(l1, cb, opts, &olo, &oup, &ex, &cert, NULL),
                         STEEPEST_OK);
        ck_assert(ex && cert);
        ck_assert_double_eq_tol(olo, m0, 1e-14);
        /* a dense operator answers exactly as the dense function */
        ck_assert_int_eq(steepest_norm_induced_operator(linf, dense, opts, &olo, &oup, &ex, &cert, NULL),
                         STEEPEST_OK);
        ck_assert(olo == dlo && oup == dup);
        steepest_induced_options_set_mode(opts, STEEPEST_INDUCED_EXACT);
        ck_assert_int_eq(steepest_norm_induced_operator(linf, sparse, opts, &olo, &oup, &ex, &cert, NULL),
                         STEEPEST_ERROR_UNSUPPORTED);
        steepest_induced_options_free(opts);
        steepest_norm_free(linf);
        steepest_norm_free(l1);
        free(w);
        free(v);
        free(a);
        free(b);
        free(x);
        steepest_operator_free(dense);
        steepest_operator_free(sparse);
        steepest_operator_free(cb);
        steepest_operator_free(fd);
        steepest_csr_free(csr);
        free(H);
    }
}
END_TEST

/* A CSR matrix that is not symmetric: its interval contains the exact value. */
START_TEST(nonsymmetric_csr_inf1)
{
    for (uint64_t seed = 1; seed <= 4; seed++) {
        size_t n = 10 + seed;
        double *H = random_sparse_symmetric(n, 0.5, seed + 40);
        for (size_t k = 0; k < n * n; k += 3)
            H[k] *= 1.5; /* break the symmetry */
        double exact;
        ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 1, NULL, NULL, &exact, NULL), STEEPEST_OK);
        SteepestCsr *csr = NULL;
        steepest_csr_from_dense(n, H, &csr);
        SteepestOperator *op = NULL;
        steepest_operator_new_csr(csr, &op);
        double lo, up;
        int cert;
        ck_assert_int_eq(steepest_operator_inf1(op, NULL, &lo, &up, NULL, &cert, NULL), STEEPEST_OK);
        ck_assert_msg(lo <= exact * (1 + 1e-12) && exact <= up * (1 + 1e-12), "[%g, %g] vs %g", lo, up,
                      exact);
        ck_assert(cert == 1 && lo >= 0.5 * exact);
        steepest_operator_free(op);
        steepest_csr_free(csr);
        free(H);
    }
}
END_TEST

START_TEST(operator_errors)
{
    SteepestOperator *op = NULL;
    ck_assert_int_eq(steepest_operator_new_callback(0, failing_hv, NULL, &op), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_operator_new_callback(3, NULL, NULL, &op), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_operator_new_callback(60, failing_hv, NULL, &op), STEEPEST_OK);
    double v[60] = { 1 }, out[60];
    ck_assert_int_eq(steepest_operator_apply(op, v, out), STEEPEST_ERROR_CALLBACK);
    ck_assert(strstr(steepest_last_error(), "returned 7") != NULL);
    double lo, up;
    ck_assert_int_eq(steepest_operator_spectral_norm(op, NULL, &lo, &up, NULL, NULL),
                     steepest_operator_lanczos_available() ? STEEPEST_ERROR_CALLBACK
                                                           : STEEPEST_ERROR_UNSUPPORTED);
    ck_assert_int_eq(steepest_operator_inf1(op, NULL, &lo, &up, NULL, NULL, NULL), STEEPEST_ERROR_CALLBACK);
    steepest_operator_free(op);
    double x[2] = { 0, NAN };
    ck_assert_int_eq(steepest_operator_new_gradient(2, quad_grad, NULL, x, 0, &op),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_operator_apply(NULL, v, out), STEEPEST_ERROR_INVALID_ARGUMENT);
    double H[4] = { 1, INFINITY, 0, 1 };
    ck_assert_int_eq(steepest_operator_new_dense(2, H, &op), STEEPEST_ERROR_NOT_FINITE);
}
END_TEST

/* ---- graph Laplacians: ‖L‖∞,1 = 4·maxcut ------------------------------------ */

typedef struct {
    size_t n, m;
    int (*edge)[2];
} Graph;

static double *
laplacian(const Graph *g)
{
    size_t n = g->n;
    double *L = calloc(n * n, sizeof *L);
    for (size_t e = 0; e < g->m; e++) {
        int a = g->edge[e][0], b = g->edge[e][1];
        L[a * n + a] += 1;
        L[b * n + b] += 1;
        L[a * n + b] -= 1;
        L[b * n + a] -= 1;
    }
    return L;
}

/* The maximum cut by trying every 2-colouring. */
static double
brute_maxcut(const Graph *g)
{
    size_t best = 0;
    for (uint64_t mask = 0; mask < (1ULL << (g->n - 1)); mask++) {
        size_t cut = 0;
        for (size_t e = 0; e < g->m; e++)
            cut += ((mask >> g->edge[e][0]) & 1) != ((mask >> g->edge[e][1]) & 1);
        best = cut > best ? cut : best;
    }
    return (double) best;
}

static Graph
make_graph(size_t n)
{
    Graph g = { n, 0, malloc(n * n * sizeof(int[2])) };
    return g;
}

static void
add_edge(Graph *g, int a, int b)
{
    g->edge[g->m][0] = a;
    g->edge[g->m][1] = b;
    g->m++;
}

/* Every interval the library gives for L contains the brute-force values. */
static void
check_laplacian(const Graph *g, double maxcut, int bipartite)
{
    size_t n = g->n;
    double *L = laplacian(g);
    ck_assert_double_eq(brute_maxcut(g), maxcut);
    double exact;
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, L, 1, NULL, NULL, &exact, NULL), STEEPEST_OK);
    ck_assert_double_eq_tol(exact, 4 * maxcut, 1e-9);
    SteepestCsr *csr = NULL;
    steepest_csr_from_dense(n, L, &csr);
    SteepestOperator *sparse = NULL, *cb = NULL;
    steepest_operator_new_csr(csr, &sparse);
    steepest_operator_new_callback(n, csr_hv, sparse, &cb);
    double w[64], l2 = 0;
    steepest_matrix_sym_eigenvalues(n, L, w);
    l2 = w[n - 1];
    SteepestOperator *ops[] = { sparse, cb };
    for (int k = 0; k < 2; k++) {
        double lo, up;
        int cert;
        ck_assert_int_eq(steepest_operator_inf1(ops[k], NULL, &lo, &up, NULL, &cert, NULL), STEEPEST_OK);
        ck_assert_msg(lo <= exact * (1 + 1e-12) && exact <= up, "inf1 [%g, %g] misses %g", lo, up, exact);
        ck_assert_int_eq(cert, 1);
        /* CSR: the local search finds the bipartition, and Σ|L_ij| = 4m = 4·maxcut closes the interval. */
        if (k == 0 && bipartite)
            ck_assert_msg(lo >= exact * (1 - 1e-12) && up <= exact * (1 + 1e-9), "bipartite: [%g, %g] vs %g",
                          lo, up, exact);
        /* CSR PSD: the certified SDP bound is at least as tight as Σ|L_ij|. */
        if (k == 0)
            ck_assert(up <= 4.0 * (double) g->m * (1 + 1e-9));
        ck_assert_int_eq(steepest_operator_spectral_norm(ops[k], NULL, &lo, &up, &cert, NULL), STEEPEST_OK);
        ck_assert_msg(lo <= l2 * (1 + 1e-12) && l2 <= up * (1 + 1e-12), "l2 [%g, %g] misses %g", lo, up, l2);
        double quad, trace, se;
        ck_assert_int_eq(steepest_operator_probes(ops[k], 64, 3, &lo, &quad, &trace, &se), STEEPEST_OK);
        ck_assert(quad <= lo * (1 + 1e-12) && lo <= exact * (1 + 1e-12));
        /* Hutchinson: zᵀLz = Σ_edges (z_a − z_b)², each term 0 or 4 with mean 2: E = 2m = trace */
        ck_assert_msg(fabs(trace - 2.0 * (double) g->m) <= 6 * se + 1e-9, "trace %g ± %g vs %zu", trace, se,
                      2 * g->m);
    }
    steepest_operator_free(sparse);
    steepest_operator_free(cb);
    steepest_csr_free(csr);
    free(L);
}

START_TEST(laplacian_certificates)
{
    /* complete bipartite K_{a,b}: maxcut = a·b */
    for (int a = 1; a <= 5; a++)
        for (int b = a; b <= 6; b++) {
            Graph g = make_graph((size_t) (a + b));
            for (int i = 0; i < a; i++)
                for (int j = 0; j < b; j++)
                    add_edge(&g, i, a + j);
            check_laplacian(&g, a * b, 1);
            free(g.edge);
        }
    /* cycles: n when even, n − 1 when odd */
    for (int n = 3; n <= 16; n++) {
        Graph g = make_graph((size_t) n);
        for (int i = 0; i < n; i++)
            add_edge(&g, i, (i + 1) % n);
        check_laplacian(&g, n % 2 ? n - 1 : n, n % 2 == 0);
        free(g.edge);
    }
    /* small random graphs, by brute force */
    rng_state = 99;
    for (int t = 0; t < 12; t++) {
        size_t n = 6 + (size_t) t;
        Graph g = make_graph(n);
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (urand() > 0.2)
                    add_edge(&g, (int) i, (int) j);
        if (g.m > 0)
            check_laplacian(&g, brute_maxcut(&g), 0);
        free(g.edge);
    }
}
END_TEST

/* Beyond n = 4096 the CSR L_sep certificate is diagonal dominance.  For H
 * block diagonal in 2 x 2 blocks [[a, −b], [−b, a]] (a >= b >= 0) the sign
 * vector (1, −1) on each block has xᵀHx = Σ_i (H_ii + Σ_{j≠i} |H_ij|), and
 * diag(H_ii + Σ|H_ij|) − H is diagonally dominant, so L_sep = ‖H‖∞,1 =
 * Σ 2(a + b) exactly: the interval must hold it, closely once the mixing
 * method has converged.  One block has eigenvalues 20 and 100 and one 0.01
 * and 0.99, the others 1 and 2, so that Lanczos (the PSD test) converges
 * fast. */
START_TEST(lsep_beyond_the_dense_certificate)
{
    const size_t n = 4100;
    int64_t *indptr = malloc((n + 1) * sizeof *indptr), *indices = malloc(2 * n * sizeof *indices);
    double *data = malloc(2 * n * sizeof *data), *l = malloc(n * sizeof *l), want = 0.0;
    indptr[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t pair = i / 2, first = 2 * pair;
        double a = pair == 0 ? 60.0 : pair == 1 ? 0.5 : 1.5, b = pair == 0 ? 40.0 : pair == 1 ? 0.49 : 0.5;
        indices[2 * i] = (int64_t) first;
        indices[2 * i + 1] = (int64_t) first + 1;
        data[2 * i] = i == first ? a : -b;
        data[2 * i + 1] = i == first ? -b : a;
        indptr[i + 1] = (int64_t) (2 * i + 2);
        want += a + b;
    }
    SteepestCsr *csr = NULL;
    SteepestOperator *op = NULL;
    ck_assert_int_eq(steepest_csr_new(n, indptr, indices, data, &csr), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_new_csr(csr, &op), STEEPEST_OK);
    double primal = NAN, dual = NAN;
    unsigned sweeps = 0;
    ck_assert_int_eq(steepest_operator_lsep(op, 200, 1e-10, 3, &primal, &dual, l, &sweeps), STEEPEST_OK);
    ck_assert_msg(dual <= want * (1 + 1e-12) && primal >= want * (1 - 1e-12), "[%.17g, %.17g] vs %g", dual,
                  primal, want);
    ck_assert_msg(primal - dual <= 1e-6 * want, "[%.17g, %.17g]", dual, primal);
    for (size_t i = 0; i < n; i++) /* feasible: at least the dominance row sums */
        ck_assert(l[i] >= fabs(data[2 * i]) + fabs(data[2 * i + 1]));
    ck_assert(sweeps >= 1 && sweeps <= 200);
    steepest_operator_free(op);
    steepest_csr_free(csr);
    free(indptr);
    free(indices);
    free(data);
    free(l);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("sparse");
    TCase *tc = tcase_create("files");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, csr_view_is_zero_copy_and_checked);
    tcase_add_test(tc, csr_errors_name_the_argument);
    tcase_add_test(tc, matrix_market_round_trips);
    tcase_add_test(tc, matrix_market_reads_the_formats);
    tcase_add_test(tc, matrix_market_errors_name_the_line);
    tcase_add_test(tc, matrix_market_header_variants);
    tcase_add_test(tc, matrix_market_every_format_error);
    tcase_add_test(tc, matrix_market_argument_and_io_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("operators");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, operator_forms_agree_with_dense);
    tcase_add_test(tc, operator_errors);
    tcase_add_test(tc, nonsymmetric_csr_inf1);
    tcase_add_test(tc, laplacian_certificates);
    tcase_add_test(tc, lsep_beyond_the_dense_certificate);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
