/* test-lp.c — the ℓp plugin: values against direct power sums, Lemma 3, and
 * the host's derived unit direction and steps (lp has no fused kernels). */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

static SteepestNorm *
make(const char *spec, size_t n)
{
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new(spec, n, &norm);
    ck_assert_msg(rc == STEEPEST_OK, "%s: %s", spec, steepest_last_error());
    return norm;
}

/* (Σ|x_i|^r)^{1/r} in long double, unscaled: the independent reference. */
static double
direct_norm(size_t n, const double *x, double r)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++)
        s += powl(fabsl((long double) x[i]), r);
    return (double) powl(s, 1.0L / r);
}

static double
dot(size_t n, const double *a, const double *b)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (long double) a[i] * b[i];
    return (double) s;
}

static void
random_vector(unsigned *seed, size_t n, double *x)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (rand_r(seed) / (double) RAND_MAX - 0.5) * 20.0;
}

static const double exponents[] = { 1.25, 1.5, 2.0, 3.0, 7.5 };

START_TEST(values_match_power_sums)
{
    double p = exponents[_i];
    double q = p / (p - 1.0);
    char spec[32];
    snprintf(spec, sizeof spec, "lp:p=%g", p);
    unsigned seed = 7u + (unsigned) _i;
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 1 + (size_t) (rand_r(&seed) % 40);
        double x[40], v;
        random_vector(&seed, n, x);
        SteepestNorm *norm = make(spec, n);
        ck_assert_int_eq(steepest_norm_norm(norm, n, x, &v), STEEPEST_OK);
        ck_assert_double_eq_tol(v, direct_norm(n, x, p), 1e-12 * (1 + v));
        ck_assert_int_eq(steepest_norm_dual_norm(norm, n, x, &v), STEEPEST_OK);
        ck_assert_double_eq_tol(v, direct_norm(n, x, q), 1e-12 * (1 + v));
        steepest_norm_free(norm);
    }
}
END_TEST

/* Lemma 3: <z, z♯> = ‖z♯‖², ‖z♯‖ = ‖z‖*; and for the derived s(z):
 * ‖s‖ = 1, <z, s> = ‖z‖*. */
START_TEST(lemma3_and_derived_direction)
{
    double p = exponents[_i];
    char spec[32];
    snprintf(spec, sizeof spec, "lp:p=%g", p);
    unsigned seed = 99u + (unsigned) _i;
    for (int trial = 0; trial < 300; trial++) {
        size_t n = 1 + (size_t) (rand_r(&seed) % 30);
        double z[30], zs[30], s[30], dual, nzs, ns, dual2;
        random_vector(&seed, n, z);
        SteepestNorm *norm = make(spec, n);
        ck_assert_int_eq(steepest_norm_duality_map(norm, n, z, zs, &dual), STEEPEST_OK);
        ck_assert_int_eq(steepest_norm_norm(norm, n, zs, &nzs), STEEPEST_OK);
        double tol = 1e-11 * (1 + dual * dual);
        ck_assert_double_eq_tol(dot(n, z, zs), nzs * nzs, tol);
        ck_assert_double_eq_tol(nzs, dual, 1e-11 * (1 + dual));
        ck_assert_int_eq(steepest_norm_unit_direction(norm, n, z, s, &dual2), STEEPEST_OK);
        ck_assert_double_eq(dual2, dual);
        ck_assert_int_eq(steepest_norm_norm(norm, n, s, &ns), STEEPEST_OK);
        ck_assert_double_eq_tol(ns, 1.0, 1e-12);
        ck_assert_double_eq_tol(dot(n, z, s), dual, 1e-11 * (1 + dual));
        steepest_norm_free(norm);
    }
}
END_TEST

START_TEST(derived_steps)
{
    size_t n = 5;
    double x[5] = { 1, 2, 3, 4, 5 }, z[5] = { 0.5, -2, 0, 1, 3 }, zs[5], s[5], out[5], dual;
    SteepestNorm *norm = make("lp:p=3", n);
    ck_assert_int_eq(steepest_norm_duality_map(norm, n, z, zs, &dual), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_unit_direction(norm, n, z, s, &dual), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_step_scaled(norm, n, x, z, 0.25, out, &dual), STEEPEST_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_double_eq_tol(out[i], x[i] - 0.25 * zs[i], 1e-15);
    ck_assert_int_eq(steepest_norm_step_normalized(norm, n, x, z, 0.25, x, &dual), STEEPEST_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_double_eq_tol(x[i], (double) (i + 1) - 0.25 * s[i], 1e-15);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(zero_huge_and_nonfinite)
{
    double zero[3] = { 0, 0, 0 }, out[3], dual = -1;
    SteepestNorm *norm = make("lp:p=3", 3);
    ck_assert_int_eq(steepest_norm_unit_direction(norm, 3, zero, out, &dual), STEEPEST_OK);
    ck_assert_double_eq(dual, 0.0);
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq(out[i], 0.0);
    steepest_norm_free(norm);

    double big[2] = { 3e300, 4e300 }, tiny[2] = { 3e-300, 4e-300 }, v;
    norm = make("lp", 2); /* p defaults to 2 */
    ck_assert_str_eq(steepest_norm_get_spec(norm), "lp");
    ck_assert_int_eq(steepest_norm_norm(norm, 2, big, &v), STEEPEST_OK);
    ck_assert_double_eq_tol(v, 5e300, 5e285);
    ck_assert_int_eq(steepest_norm_norm(norm, 2, tiny, &v), STEEPEST_OK);
    ck_assert_double_eq_tol(v, 5e-300, 5e-315);
    double bad[2] = { 1, NAN };
    ck_assert_int_eq(steepest_norm_norm(norm, 2, bad, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert(isnan(v));
    bad[1] = -INFINITY;
    ck_assert_int_eq(steepest_norm_dual_norm(norm, 2, bad, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert(isinf(v) && v > 0);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(rejects_p_at_most_one)
{
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("lp:p=1", 3, &norm), STEEPEST_ERROR_PARAMETER);
    ck_assert_ptr_null(norm);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "greater than 1"));
    ck_assert_int_eq(steepest_norm_new("lp:p=0.5", 3, &norm), STEEPEST_ERROR_PARAMETER);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "'p'"));
}
END_TEST

/* Subnormal input (the audit's case): s(z) is scale invariant, s(z) = s(c z)
 * for c > 0, so the direction of z·2^1000 (all entries normal) is the
 * reference; ‖s‖_p = 1 and the map keeps its signs and zero pattern. */
START_TEST(subnormal_input_keeps_the_direction)
{
    static const double zs[][3] = {
        { 4.9406564584124654e-324, -4.9406564584124654e-324, 9.8813129168249309e-324 },
        { 1e-320, -2e-320, 3e-320 },
        { 3e-310, 0.0, -1e-309 },
    };
    for (size_t e = 0; e < G_N_ELEMENTS(exponents); e++) {
        char spec[32];
        snprintf(spec, sizeof spec, "lp:p=%g", exponents[e]);
        SteepestNorm *norm = make(spec, 3);
        for (size_t k = 0; k < G_N_ELEMENTS(zs); k++) {
            double big[3], s[3], ref[3], dual, dual_big, ns;
            for (int i = 0; i < 3; i++)
                big[i] = ldexp(zs[k][i], 1000);
            ck_assert_int_eq(steepest_norm_unit_direction(norm, 3, zs[k], s, &dual), STEEPEST_OK);
            ck_assert_int_eq(steepest_norm_unit_direction(norm, 3, big, ref, &dual_big), STEEPEST_OK);
            for (int i = 0; i < 3; i++)
                ck_assert_msg(fabs(s[i] - ref[i]) <= 4e-16, "%s, z %zu: s[%d] = %.17g, expected %.17g", spec,
                              k, i, s[i], ref[i]);
            ck_assert_int_eq(steepest_norm_norm(norm, 3, s, &ns), STEEPEST_OK);
            ck_assert_msg(fabs(ns - 1.0) <= 1e-15, "%s, z %zu: |s| = %.17g", spec, k, ns);
            /* ‖z‖* to the precision the subnormal range holds */
            ck_assert_double_eq_tol(dual, ldexp(dual_big, -1000), 4.9406564584124654e-324);
            /* a normalized step moves by exactly s */
            double x[3] = { 1, 2, 3 }, out[3];
            ck_assert_int_eq(steepest_norm_step_normalized(norm, 3, x, zs[k], 0.5, out, &dual), STEEPEST_OK);
            for (int i = 0; i < 3; i++)
                ck_assert_double_eq_tol(out[i], x[i] - 0.5 * ref[i], 1e-15);
        }
        steepest_norm_free(norm);
    }
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("lp");
    TCase *tc = tcase_create("lp");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, values_match_power_sums, 0, 5);
    tcase_add_loop_test(tc, lemma3_and_derived_direction, 0, 5);
    tcase_add_test(tc, derived_steps);
    tcase_add_test(tc, zero_huge_and_nonfinite);
    tcase_add_test(tc, rejects_p_at_most_one);
    tcase_add_test(tc, subnormal_input_keeps_the_direction);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
