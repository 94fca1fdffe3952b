/* test-lanczos-invariant.c — Lanczos on operators whose Krylov space is
 * invariant at once: the zero matrix, and s·I − H for H = c·I (the shifted
 * operator λ_min is computed from, with s = ‖H‖_∞ = c, is zero).
 *
 * ARPACK's dsaupd returns info = -9 there (it finds no nonzero vector in
 * the range of the zero operator); the start vector is then an exact
 * eigenvector for 0, and λ_min = λ_max = c with zero residuals must come
 * back, as the dense expansion (n <= 48) answers the same matrices.  Before
 * the fix this failed with STEEPEST_ERROR_LINALG for n = 60.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <steepest/steepest.h>
#include "check-run.h"

static void
check_multiple_of_identity(size_t n, double c)
{
    double *H = calloc(n * n, sizeof *H);
    for (size_t i = 0; i < n; i++)
        H[i * n + i] = c;
    SteepestCsr *csr = NULL;
    SteepestOperator *op = NULL;
    ck_assert_int_eq(steepest_csr_from_dense(n, H, &csr), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_new_csr(csr, &op), STEEPEST_OK);
    double lo = NAN, hi = NAN, rlo = NAN, rhi = NAN;
    int rc = steepest_operator_extreme_eigenvalues(op, NULL, &lo, &hi, &rlo, &rhi);
    ck_assert_msg(rc == STEEPEST_OK, "n %zu, %g·I: %s", n, c, steepest_last_error());
    /* every vector is an eigenvector: the Ritz values are exact, the residuals 0 */
    ck_assert(fabs(lo - c) <= 1e-12 * (1 + c) && fabs(hi - c) <= 1e-12 * (1 + c));
    ck_assert(rlo <= 1e-12 * (1 + c) && rhi <= 1e-12 * (1 + c));
    double up = NAN;
    ck_assert_int_eq(steepest_operator_spectral_norm(op, NULL, &lo, &up, NULL, NULL), STEEPEST_OK);
    ck_assert(fabs(lo - c) <= 1e-12 * (1 + c) && fabs(up - c) <= 1e-12 * (1 + c));
    steepest_operator_free(op);
    steepest_csr_free(csr);
    free(H);
}

START_TEST(zero_and_identity)
{
    if (!steepest_operator_lanczos_available())
        return;
    for (size_t n = 48; n <= 60; n += 12) { /* 48: the dense expansion; 60: ARPACK */
        check_multiple_of_identity(n, 3.0);
        check_multiple_of_identity(n, 0.0);
    }
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("lanczos-invariant");
    TCase *tc = tcase_create("invariant");
    tcase_add_test(tc, zero_and_identity);
    suite_add_tcase(s, tc);
    return steepest_check_run(s, 0);
}
