/* test-experiments.c — the experiment problems of docs/theory.md: the portable
 * generator, Haar-random rotations, fractional powers R^θ and the rotated
 * quadratics H = R^θ Λ (R^θ)ᵀ of Figure 2.  Checks use independent
 * computations: RᵀR, an LU determinant written here, closed-form 2-D and 3-D
 * rotations, H P = P Λ. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

#define MAXD 32

/* Determinant by Gaussian elimination with partial pivoting (independent of LAPACK). */
static double
determinant(size_t d, const double *A)
{
    double M[MAXD * MAXD];
    memcpy(M, A, d * d * sizeof(double));
    double det = 1;
    for (size_t k = 0; k < d; k++) {
        size_t p = k;
        for (size_t i = k + 1; i < d; i++)
            if (fabs(M[i * d + k]) > fabs(M[p * d + k]))
                p = i;
        if (M[p * d + k] == 0)
            return 0;
        if (p != k) {
            for (size_t j = 0; j < d; j++) {
                double t = M[k * d + j];
                M[k * d + j] = M[p * d + j];
                M[p * d + j] = t;
            }
            det = -det;
        }
        det *= M[k * d + k];
        for (size_t i = k + 1; i < d; i++) {
            double m = M[i * d + k] / M[k * d + k];
            for (size_t j = k; j < d; j++)
                M[i * d + j] -= m * M[k * d + j];
        }
    }
    return det;
}

static void
matmul(size_t d, const double *A, const double *B, double *C)
{
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++) {
            double s = 0;
            for (size_t k = 0; k < d; k++)
                s += A[i * d + k] * B[k * d + j];
            C[i * d + j] = s;
        }
}

static double
max_diff(size_t n, const double *a, const double *b)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = fabs(a[i] - b[i]) > m ? fabs(a[i] - b[i]) : m;
    return m;
}

static void
identity(size_t d, double *I)
{
    memset(I, 0, d * d * sizeof(double));
    for (size_t i = 0; i < d; i++)
        I[i * d + i] = 1;
}

static void
assert_rotation(size_t d, const double *R, double tol)
{
    double RtR[MAXD * MAXD], I[MAXD * MAXD], Rt[MAXD * MAXD] = { 0 };
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++)
            Rt[j * d + i] = R[i * d + j];
    matmul(d, Rt, R, RtR);
    identity(d, I);
    ck_assert_msg(max_diff(d * d, RtR, I) < tol, "RᵀR − I = %g", max_diff(d * d, RtR, I));
    ck_assert_msg(fabs(determinant(d, R) - 1) < tol, "det = %.17g", determinant(d, R));
}

static SteepestRng *
rng_new(uint64_t seed)
{
    SteepestRng *rng = NULL;
    ck_assert_int_eq(steepest_rng_new(seed, &rng), STEEPEST_OK);
    return rng;
}

/* ---- generator ---- */

START_TEST(rng_reproducible)
{
    SteepestRng *a = rng_new(7), *b = rng_new(7), *c = rng_new(8);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = steepest_rng_next_u64(a), y = steepest_rng_next_u64(b);
        ck_assert(x == y);
        differ += x != steepest_rng_next_u64(c);
    }
    ck_assert_int_ge(differ, 999);
    for (int i = 0; i < 1000; i++) {
        double x = steepest_rng_normal(a), y = steepest_rng_normal(b);
        ck_assert(memcmp(&x, &y, sizeof x) == 0);
    }
    steepest_rng_free(a);
    steepest_rng_free(b);
    steepest_rng_free(c);
    /* Seed 0 is as good as any other (splitmix64 seeding never gives the all-zero state). */
    SteepestRng *z = rng_new(0);
    ck_assert(steepest_rng_next_u64(z) != 0 || steepest_rng_next_u64(z) != 0);
    steepest_rng_free(z);
}
END_TEST

START_TEST(rng_distributions)
{
    /* 200000 draws: the sample mean of U[0,1) has sd 0.00065, of N(0,1) 0.0022;
     * the sample variance of N(0,1) has sd 0.0032.  Tolerances are ~5 sd. */
    SteepestRng *rng = rng_new(12345);
    const int N = 200000;
    double su = 0, sn = 0, sn2 = 0, umin = 1, umax = 0;
    for (int i = 0; i < N; i++) {
        double u = steepest_rng_uniform(rng);
        ck_assert(u >= 0 && u < 1);
        umin = u < umin ? u : umin;
        umax = u > umax ? u : umax;
        su += u;
        double z = steepest_rng_normal(rng);
        ck_assert(isfinite(z));
        sn += z;
        sn2 += z * z;
    }
    ck_assert(fabs(su / N - 0.5) < 0.0035);
    ck_assert(umin < 1e-3 && umax > 1 - 1e-3);
    ck_assert(fabs(sn / N) < 0.011);
    ck_assert(fabs(sn2 / N - 1) < 0.016);
    double v[5];
    ck_assert_int_eq(steepest_rng_fill_normal(rng, 5, v), STEEPEST_OK);
    ck_assert_int_eq(steepest_rng_fill_normal(NULL, 5, v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_rng_fill_normal(rng, 5, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_rng_fill_normal(rng, 0, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_rng_new(1, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(steepest_rng_next_u64(NULL) == 0 && steepest_rng_normal(NULL) == 0);
    steepest_rng_free(rng);
    steepest_rng_free(NULL);
}
END_TEST

/* ---- rotations ---- */

static const size_t rot_dims[] = { 1, 2, 3, 4, 7, 12, 32 };

START_TEST(random_rotation_is_rotation)
{
    size_t d = rot_dims[_i];
    SteepestRng *rng = rng_new(100 + d);
    double R[MAXD * MAXD];
    for (int rep = 0; rep < 20; rep++) {
        ck_assert_int_eq(steepest_random_rotation(rng, d, R), STEEPEST_OK);
        assert_rotation(d, R, 1e-12 * (double) d);
    }
    steepest_rng_free(rng);
}
END_TEST

START_TEST(random_rotation_haar_moments)
{
    /* Haar on SO(d), d = 3: every entry has mean 0 and E[R_ij²] = 1/d.  Over
     * 4000 draws the sd of the mean of R_ij² is about 0.004 (E[R⁴] = 3/(d(d+2))),
     * of the mean of R_ij about 0.009.  A QR without the sign correction fails
     * the mean test on the diagonal. */
    const size_t d = 3;
    const int N = 4000;
    SteepestRng *rng = rng_new(99);
    double m1[9] = { 0 }, m2[9] = { 0 }, R[9];
    for (int rep = 0; rep < N; rep++) {
        ck_assert_int_eq(steepest_random_rotation(rng, d, R), STEEPEST_OK);
        for (int k = 0; k < 9; k++) {
            m1[k] += R[k] / N;
            m2[k] += R[k] * R[k] / N;
        }
    }
    for (int k = 0; k < 9; k++) {
        ck_assert_msg(fabs(m1[k]) < 0.05, "E[R_%d] = %g", k, m1[k]);
        ck_assert_msg(fabs(m2[k] - 1.0 / 3) < 0.025, "E[R_%d²] = %g", k, m2[k]);
    }
    steepest_rng_free(rng);
}
END_TEST

START_TEST(random_rotation_reproducible)
{
    double A[144], B[144], C[144];
    SteepestRng *a = rng_new(5), *b = rng_new(5), *c = rng_new(6);
    ck_assert_int_eq(steepest_random_rotation(a, 12, A), STEEPEST_OK);
    ck_assert_int_eq(steepest_random_rotation(b, 12, B), STEEPEST_OK);
    ck_assert_int_eq(steepest_random_rotation(c, 12, C), STEEPEST_OK);
    ck_assert(memcmp(A, B, sizeof A) == 0);
    ck_assert(max_diff(144, A, C) > 0.1);
    ck_assert_int_eq(steepest_random_rotation(a, 0, A), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_random_rotation(NULL, 3, A), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_random_rotation(a, 3, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_rng_free(a);
    steepest_rng_free(b);
    steepest_rng_free(c);
}
END_TEST

START_TEST(power_identities)
{
    size_t d = rot_dims[_i];
    SteepestRng *rng = rng_new(300 + d);
    double R[MAXD * MAXD], P[MAXD * MAXD], Q[MAXD * MAXD], S[MAXD * MAXD], I[MAXD * MAXD];
    identity(d, I);
    for (int rep = 0; rep < 5; rep++) {
        ck_assert_int_eq(steepest_random_rotation(rng, d, R), STEEPEST_OK);
        double tol = 1e-11 * (double) d;
        ck_assert_int_eq(steepest_rotation_power(d, R, 0.0, P), STEEPEST_OK);
        ck_assert_msg(max_diff(d * d, P, I) < tol, "R^0 - I = %g", max_diff(d * d, P, I));
        ck_assert_int_eq(steepest_rotation_power(d, R, 1.0, P), STEEPEST_OK);
        ck_assert_msg(max_diff(d * d, P, R) < tol, "R^1 - R = %g", max_diff(d * d, P, R));
        ck_assert_int_eq(steepest_rotation_power(d, R, 0.5, P), STEEPEST_OK);
        assert_rotation(d, P, tol);
        matmul(d, P, P, S);
        ck_assert_msg(max_diff(d * d, S, R) < tol, "(R^½)² - R = %g", max_diff(d * d, S, R));
        /* R^a R^b = R^{a+b} on the principal branch when |a|,|b| are small. */
        ck_assert_int_eq(steepest_rotation_power(d, R, 0.3, P), STEEPEST_OK);
        ck_assert_int_eq(steepest_rotation_power(d, R, 0.15, Q), STEEPEST_OK);
        matmul(d, P, Q, S);
        ck_assert_int_eq(steepest_rotation_power(d, R, 0.45, P), STEEPEST_OK);
        ck_assert(max_diff(d * d, S, P) < tol);
        ck_assert_int_eq(steepest_rotation_power(d, R, -0.7, P), STEEPEST_OK);
        assert_rotation(d, P, tol);
    }
    steepest_rng_free(rng);
}
END_TEST

START_TEST(power_closed_forms)
{
    /* 2-D rotation by φ: R^θ is the rotation by θφ. */
    double phi = 2.5, R[4] = { cos(phi), -sin(phi), sin(phi), cos(phi) }, P[4];
    ck_assert_int_eq(steepest_rotation_power(2, R, 0.3, P), STEEPEST_OK);
    double want[4] = { cos(0.75), -sin(0.75), sin(0.75), cos(0.75) };
    ck_assert(max_diff(4, P, want) < 1e-14);
    /* Rotation about the z axis in 3-D: the axis stays fixed. */
    double R3[9] = { cos(1.0), -sin(1.0), 0, sin(1.0), cos(1.0), 0, 0, 0, 1 }, P3[9];
    ck_assert_int_eq(steepest_rotation_power(3, R3, 0.5, P3), STEEPEST_OK);
    double want3[9] = { cos(0.5), -sin(0.5), 0, sin(0.5), cos(0.5), 0, 0, 0, 1 };
    ck_assert(max_diff(9, P3, want3) < 1e-14);
    /* −I in 2-D (eigenvalue −1 twice): a rotation by π, so R^½ squares back to −I. */
    double M[4] = { -1, 0, 0, -1 }, S[4];
    ck_assert_int_eq(steepest_rotation_power(2, M, 0.5, P), STEEPEST_OK);
    assert_rotation(2, P, 1e-14);
    matmul(2, P, P, S);
    ck_assert(max_diff(4, S, M) < 1e-14);
    ck_assert(fabs(P[0]) < 1e-15 && fabs(fabs(P[1]) - 1) < 1e-15);
    /* diag(−1, −1, 1, 1) rotated by a random rotation: still handled. */
    double D[16] = { -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1 }, P4[16], S4[16];
    ck_assert_int_eq(steepest_rotation_power(4, D, 0.5, P4), STEEPEST_OK);
    assert_rotation(4, P4, 1e-13);
    matmul(4, P4, P4, S4);
    ck_assert(max_diff(16, S4, D) < 1e-13);
}
END_TEST

START_TEST(power_rejects_non_rotations)
{
    double refl[4] = { 1, 0, 0, -1 }, P[4];
    ck_assert_int_eq(steepest_rotation_power(2, refl, 0.5, P), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "det R = -1"));
    double skew[4] = { 1, 0.1, 0, 1 };
    ck_assert_int_eq(steepest_rotation_power(2, skew, 0.5, P), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "not orthogonal"));
    double nan_r[4] = { 1, 0, 0, NAN };
    ck_assert_int_eq(steepest_rotation_power(2, nan_r, 0.5, P), STEEPEST_ERROR_NOT_FINITE);
    double I2[4] = { 1, 0, 0, 1 };
    ck_assert_int_eq(steepest_rotation_power(2, I2, INFINITY, P), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_rotation_power(0, I2, 0.5, P), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_rotation_power(2, NULL, 0.5, P), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_rotation_power(2, I2, 0.5, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* ---- the quadratics ---- */

START_TEST(lambda_max_formula)
{
    /* λ_max / mean(Λ) must equal the ratio, computed here from Λ itself. */
    for (size_t d = 2; d <= 20; d += 3) {
        for (double r = 1; r < (double) d; r += 0.7) {
            double lam[20];
            ck_assert_int_eq(steepest_experiment_spectrum(d, r, lam), STEEPEST_OK);
            double mean = 0;
            for (size_t i = 0; i < d; i++)
                mean += lam[i] / (double) d;
            for (size_t i = 0; i + 1 < d; i++)
                ck_assert(lam[i] == 1.0);
            ck_assert_msg(fabs(lam[d - 1] / mean - r) < 1e-12 * r, "d=%zu r=%g", d, r);
        }
    }
    double l;
    ck_assert_int_eq(steepest_experiment_lambda_max(12, 1.0, &l), STEEPEST_OK);
    ck_assert(l == 1.0);
    ck_assert_int_eq(steepest_experiment_lambda_max(1, 1.0, &l), STEEPEST_OK);
    ck_assert_int_eq(steepest_experiment_lambda_max(1, 2.0, &l), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_experiment_lambda_max(12, 12.0, &l), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_experiment_lambda_max(12, 0.5, &l), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_experiment_lambda_max(12, NAN, &l), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_experiment_lambda_max(0, 1.0, &l), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_experiment_lambda_max(12, 2.0, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_experiment_spectrum(12, 2.0, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(hessian_has_spectrum)
{
    const size_t d = 12;
    SteepestRng *rng = rng_new(2);
    double R[144], P[144], H[144], HP[144], lam[12];
    ck_assert_int_eq(steepest_random_rotation(rng, d, R), STEEPEST_OK);
    ck_assert_int_eq(steepest_experiment_spectrum(d, 6.0, lam), STEEPEST_OK);
    static const double thetas[] = { 0, 0.1, 0.25, 0.5, 1 };
    for (int t = 0; t < 5; t++) {
        ck_assert_int_eq(steepest_rotated_hessian(d, R, thetas[t], lam, H), STEEPEST_OK);
        ck_assert_int_eq(steepest_rotation_power(d, R, thetas[t], P), STEEPEST_OK);
        /* H P = P Λ with P orthogonal: the columns of P are eigenvectors, Λ the spectrum. */
        matmul(d, H, P, HP);
        for (size_t i = 0; i < d; i++)
            for (size_t k = 0; k < d; k++)
                ck_assert(fabs(HP[i * d + k] - P[i * d + k] * lam[k]) < 1e-12 * lam[d - 1]);
        double trace = 0;
        for (size_t i = 0; i < d; i++) {
            trace += H[i * d + i];
            for (size_t j = 0; j < d; j++)
                ck_assert(H[i * d + j] == H[j * d + i]);
        }
        double want = 0;
        for (size_t i = 0; i < d; i++)
            want += lam[i];
        ck_assert(fabs(trace - want) < 1e-12 * want);
    }
    /* θ = 0: H = Λ, axis aligned. */
    ck_assert_int_eq(steepest_rotated_hessian(d, R, 0, lam, H), STEEPEST_OK);
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++)
            ck_assert(fabs(H[i * d + j] - (i == j ? lam[i] : 0)) < 1e-12 * lam[d - 1]);
    /* A user spectrum, negative entries included. */
    double user[12] = { -3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100 };
    ck_assert_int_eq(steepest_rotated_hessian(d, R, 0.4, user, H), STEEPEST_OK);
    ck_assert_int_eq(steepest_rotation_power(d, R, 0.4, P), STEEPEST_OK);
    matmul(d, H, P, HP);
    for (size_t i = 0; i < d; i++)
        for (size_t k = 0; k < d; k++)
            ck_assert(fabs(HP[i * d + k] - P[i * d + k] * user[k]) < 1e-11 * 100);
    user[3] = NAN;
    ck_assert_int_eq(steepest_rotated_hessian(d, R, 0.4, user, H), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_rotated_hessian(d, NULL, 0.4, lam, H), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_rotated_hessian(0, R, 0.4, lam, H), STEEPEST_ERROR_DIMENSION);
    steepest_rng_free(rng);
}
END_TEST

START_TEST(hessian_same_seed_same_bits)
{
    double H1[144], H2[144], H3[144], R[144], lam[12];
    ck_assert_int_eq(steepest_experiment_spectrum(12, 4.0, lam), STEEPEST_OK);
    uint64_t seeds[3] = { 42, 42, 43 };
    double *out[3] = { H1, H2, H3 };
    for (int k = 0; k < 3; k++) {
        SteepestRng *rng = rng_new(seeds[k]);
        ck_assert_int_eq(steepest_random_rotation(rng, 12, R), STEEPEST_OK);
        ck_assert_int_eq(steepest_rotated_hessian(12, R, 0.3, lam, out[k]), STEEPEST_OK);
        steepest_rng_free(rng);
    }
    ck_assert(memcmp(H1, H2, sizeof H1) == 0);
    ck_assert(max_diff(144, H1, H3) > 1e-3);
}
END_TEST

/* ---- one cell of Figure 2 ---- */

START_TEST(compare_matches_direct_iteration)
{
    /* H = [[a, b], [b, c]]: L2 = λ_max, L∞ = a + c + 2|b| (docs/theory.md, Eq. 34/35).
     * The distances come from the two iterations written out here. */
    const double a = 3, b = -1, c = 2;
    double H[4] = { a, b, b, c };
    double x0[6] = { 1, -2, 0.5, 0.25, -3, 1 };
    SteepestNorm *l2, *linf;
    ck_assert_int_eq(steepest_norm_new("l2", 2, &l2), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("linf", 2, &linf), STEEPEST_OK);
    double La, Lb, da, db;
    int exact = 0;
    ck_assert_int_eq(steepest_experiment_compare(l2, linf, 2, H, NULL, 3, x0, 25, &La, &Lb, &exact, &da, &db),
                     STEEPEST_OK);
    double lmax = (a + c) / 2 + sqrt((a - c) * (a - c) / 4 + b * b);
    ck_assert(fabs(La - lmax) < 1e-12 * lmax);
    ck_assert(fabs(Lb - (a + c + 2 * fabs(b))) < 1e-12 * Lb);
    ck_assert_int_eq(exact, 1);
    double want_a = 0, want_b = 0;
    for (int r = 0; r < 3; r++) {
        double x[2] = { x0[2 * r], x0[2 * r + 1] }, y[2] = { x[0], x[1] };
        for (int t = 0; t < 25; t++) {
            double g0 = a * x[0] + b * x[1], g1 = b * x[0] + c * x[1];
            x[0] -= g0 / lmax;
            x[1] -= g1 / lmax;
            double h0 = a * y[0] + b * y[1], h1 = b * y[0] + c * y[1];
            double l1 = fabs(h0) + fabs(h1), Linf = a + c + 2 * fabs(b);
            y[0] -= l1 * ((h0 > 0) - (h0 < 0)) / Linf;
            y[1] -= l1 * ((h1 > 0) - (h1 < 0)) / Linf;
        }
        want_a += hypot(x[0], x[1]) / 3;
        want_b += hypot(y[0], y[1]) / 3;
    }
    ck_assert_msg(fabs(da - want_a) <= 1e-9 * want_a, "%g vs %g", da, want_a);
    ck_assert_msg(fabs(db - want_b) <= 1e-9 * want_b, "%g vs %g", db, want_b);

    ck_assert_int_eq(steepest_experiment_compare(l2, linf, 2, H, NULL, 0, x0, 5, NULL, NULL, NULL, NULL,
                                                 NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_experiment_compare(l2, NULL, 2, H, NULL, 1, x0, 5, NULL, NULL, NULL, NULL,
                                                 NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_experiment_compare(l2, linf, 3, H, NULL, 1, x0, 5, NULL, NULL, NULL, NULL,
                                                 NULL),
                     STEEPEST_ERROR_DIMENSION);
    double Hnan[4] = { 1, NAN, NAN, 1 };
    ck_assert_int_eq(steepest_experiment_compare(l2, linf, 2, Hnan, NULL, 1, x0, 5, NULL, NULL, NULL, NULL,
                                                 NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    steepest_norm_free(l2);
    steepest_norm_free(linf);
}
END_TEST

START_TEST(compare_figure2_corners)
{
    /* Axis-aligned and badly conditioned (θ = 0, λ_max/λ̄ = 8 in d = 12): H is
     * diagonal, so L∞ = trace and sign GD wins; L∞/L2 lies in [1, d] (Eq. 9). */
    const size_t d = 12;
    SteepestRng *rng = rng_new(1);
    double R[144], H[144], lam[12], x0[5 * 12];
    ck_assert_int_eq(steepest_random_rotation(rng, d, R), STEEPEST_OK);
    ck_assert_int_eq(steepest_rng_fill_normal(rng, 5 * d, x0), STEEPEST_OK);
    SteepestNorm *l2, *linf;
    ck_assert_int_eq(steepest_norm_new("l2", d, &l2), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("linf", d, &linf), STEEPEST_OK);
    double L2, Linf, dgd, dsign;
    ck_assert_int_eq(steepest_experiment_spectrum(d, 8.0, lam), STEEPEST_OK);
    ck_assert_int_eq(steepest_rotated_hessian(d, R, 0.0, lam, H), STEEPEST_OK);
    ck_assert_int_eq(steepest_experiment_compare(l2, linf, d, H, NULL, 5, x0, 100, &L2, &Linf, NULL, &dgd,
                                                 &dsign),
                     STEEPEST_OK);
    double trace = 0;
    for (size_t i = 0; i < d; i++)
        trace += lam[i];
    ck_assert(fabs(L2 - lam[d - 1]) < 1e-9 * L2);
    ck_assert(fabs(Linf - trace) < 1e-9 * trace);
    ck_assert_msg(dsign < dgd, "sign %g, GD %g", dsign, dgd);
    /* Rotated halfway, mildly conditioned: GD wins. */
    ck_assert_int_eq(steepest_experiment_spectrum(d, 2.0, lam), STEEPEST_OK);
    ck_assert_int_eq(steepest_rotated_hessian(d, R, 0.5, lam, H), STEEPEST_OK);
    ck_assert_int_eq(steepest_experiment_compare(l2, linf, d, H, NULL, 5, x0, 100, &L2, &Linf, NULL, &dgd,
                                                 &dsign),
                     STEEPEST_OK);
    ck_assert(Linf >= L2 * (1 - 1e-12) && Linf <= d * L2 * (1 + 1e-12));
    ck_assert_msg(dgd < dsign, "sign %g, GD %g", dsign, dgd);
    steepest_norm_free(l2);
    steepest_norm_free(linf);
    steepest_rng_free(rng);
}
END_TEST

/* The refusals the other tests leave out name what was wrong; a norm without
 * an induced norm stops the comparison with UNSUPPORTED before any step. */
START_TEST(experiment_refusals_name_the_argument)
{
    SteepestRng *rng = NULL;
    ck_assert_int_eq(steepest_rng_new(5, &rng), STEEPEST_OK);
    double R[4];
    ck_assert_int_eq(steepest_random_rotation(rng, 46341, R), STEEPEST_ERROR_DIMENSION);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "dimension 46341 exceeds 46340"));
    ck_assert_int_eq(steepest_random_rotation(rng, 2, R), STEEPEST_OK);
    ck_assert_double_eq(steepest_rng_uniform(NULL), 0.0);
    steepest_rng_free(rng);

    double lambda[2] = { 1, 3 }, H[4], bad[2] = { 1, INFINITY };
    ck_assert_int_eq(steepest_rotated_hessian(2, NULL, 0.5, lambda, H), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "steepest_rotated_hessian: R is NULL"));
    ck_assert_int_eq(steepest_rotated_hessian(2, R, 0.5, NULL, H), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "steepest_rotated_hessian: lambda is NULL"));
    ck_assert_int_eq(steepest_rotated_hessian(2, R, 0.5, lambda, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "steepest_rotated_hessian: H is NULL"));
    ck_assert_int_eq(steepest_rotated_hessian(0, R, 0.5, lambda, H), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_rotated_hessian(2, R, 0.5, bad, H), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "lambda[1]"));
    double refl[4] = { 1, 0, 0, -1 };
    ck_assert_int_eq(steepest_rotated_hessian(2, refl, 0.5, lambda, H), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "det R = -1"));
    /* θ = 0: P = I, so H = diag(lambda) exactly */
    ck_assert_int_eq(steepest_rotated_hessian(2, R, 0.0, lambda, H), STEEPEST_OK);
    ck_assert(H[0] == 1 && H[1] == 0 && H[2] == 0 && H[3] == 3);
    double spectrum[3] = { -1, -1, -1 };
    ck_assert_int_eq(steepest_experiment_spectrum(3, 3.0, spectrum), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "must lie in [1, 3)"));
    ck_assert(spectrum[0] == -1 && spectrum[2] == -1);

    SteepestNorm *l2 = NULL, *lp = NULL;
    ck_assert_int_eq(steepest_norm_new("l2", 2, &l2), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("lp:p=3", 2, &lp), STEEPEST_OK);
    double Hq[4] = { 2, 0, 0, 1 }, x0[2] = { 1, 1 }, La = -1;
    int rc = steepest_experiment_compare(l2, lp, 2, Hq, NULL, 1, x0, 5, &La, NULL, NULL, NULL, NULL);
    ck_assert_msg(rc == STEEPEST_ERROR_UNSUPPORTED, "%s: %s", steepest_status_name(rc),
                  steepest_last_error());
    ck_assert_double_eq(La, -1);
    steepest_norm_free(l2);
    steepest_norm_free(lp);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("experiments");
    TCase *tc = tcase_create("experiments");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, rng_reproducible);
    tcase_add_test(tc, rng_distributions);
    tcase_add_loop_test(tc, random_rotation_is_rotation, 0, (int) (sizeof rot_dims / sizeof rot_dims[0]));
    tcase_add_test(tc, random_rotation_haar_moments);
    tcase_add_test(tc, random_rotation_reproducible);
    tcase_add_loop_test(tc, power_identities, 0, (int) (sizeof rot_dims / sizeof rot_dims[0]));
    tcase_add_test(tc, power_closed_forms);
    tcase_add_test(tc, power_rejects_non_rotations);
    tcase_add_test(tc, experiment_refusals_name_the_argument);
    tcase_add_test(tc, lambda_max_formula);
    tcase_add_test(tc, hessian_has_spectrum);
    tcase_add_test(tc, hessian_same_seed_same_bits);
    tcase_add_test(tc, compare_matches_direct_iteration);
    tcase_add_test(tc, compare_figure2_corners);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
