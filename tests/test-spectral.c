/* test-spectral.c — the spectral plugin through the public API: Lemma 3 for
 * polar=svd on square, tall, wide and rank-deficient matrices (to rounding),
 * the documented approximate form of it for ns5 and polar-express (within
 * the reported direction error), the scales, zero and non-finite input, the
 * spec's errors, and the induced-norm bounds on cases with a known value.
 * NumPy comparisons live in test-spectral.py.
 *
 * Tolerance for svd: the SVD is backward stable, so U Vᵀ and the σ_i carry
 * relative errors of a modest multiple of (R+C)·ε·‖Z‖₂ / gap; on random
 * Gaussian matrices with R, C <= 40 that is below 1e-12, while a formula error
 * (a missing κ, a wrong transpose, a dropped singular value) is off by more
 * than 1e-3. */
#include <check.h>
#include <float.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <steepest/steepest.h>

#include "quiet-check.h"
#include "check-run.h"

#define SVD_TOL 1e-12

static double
gauss(uint64_t *s)
{
    double u[2];
    for (int i = 0; i < 2; i++) {
        *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
        u[i] = ((double) (*s >> 11) + 0.5) * 0x1p-53;
    }
    return sqrt(-2.0 * log(u[0])) * cos(2.0 * G_PI * u[1]);
}

/* A random R x C matrix of rank at most k (product of R x k and k x C). */
static double *
random_matrix(uint64_t *seed, size_t R, size_t C, size_t k)
{
    double *a = g_new(double, R *k), *b = g_new(double, k *C), *z = g_new0(double, R *C);
    for (size_t i = 0; i < R * k; i++)
        a[i] = gauss(seed);
    for (size_t i = 0; i < k * C; i++)
        b[i] = gauss(seed);
    for (size_t i = 0; i < R; i++)
        for (size_t l = 0; l < k; l++)
            for (size_t j = 0; j < C; j++)
                z[i * C + j] += a[i * k + l] * b[l * C + j];
    g_free(a);
    g_free(b);
    return z;
}

static double
dot(size_t n, const double *a, const double *b)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* spectral:rows=R,cols=C followed by ",extra" (extra may be ""). */
static SteepestNorm *
make(size_t R, size_t C, const char *extra)
{
    char spec[160];
    g_snprintf(spec, sizeof spec, "spectral:rows=%zu,cols=%zu%s%s", R, C, extra[0] ? "," : "", extra);
    SteepestNorm *norm = NULL;
    EXPECT(steepest_norm_new(spec, R * C, &norm) == STEEPEST_OK, "%s: %s", spec, steepest_last_error());
    return norm;
}

static const size_t shapes[][3] = {
    /* R, C, rank */
    { 5, 5, 5 }, { 9, 4, 4 },  { 4, 9, 4 },  { 1, 7, 1 },
    { 7, 1, 1 }, { 12, 8, 3 }, { 6, 11, 2 }, { 40, 33, 33 },
};

/* Lemma 3 for polar=svd, every scale: <z, s> = ‖z‖*, ‖s‖ = 1, ‖z♯‖ = ‖z‖*,
 * <z, z♯> = ‖z♯‖², and Hölder <x, z> <= ‖x‖ ‖z‖* for another x. */
START_TEST(lemma3_exact_for_svd)
{
    static const char *const scales[] = { "none", "muon", "rms", "0.37" };
    const size_t *sh = shapes[_i];
    size_t R = sh[0], C = sh[1], n = R * C;
    uint64_t seed = 100 + (uint64_t) _i;
    for (size_t sc = 0; sc < G_N_ELEMENTS(scales); sc++) {
        char extra[32];
        g_snprintf(extra, sizeof extra, "scale=%s", scales[sc]);
        SteepestNorm *norm = make(R, C, extra);
        for (int trial = 0; trial < 4; trial++) {
            double *z = random_matrix(&seed, R, C, sh[2]), *x = random_matrix(&seed, R, C, R < C ? R : C);
            double *s = g_new(double, n), *zs = g_new(double, n);
            double dual = -1, ds = -1, dm = -1, ns = -1, nzs = -1, nx = -1, err = -1;
            EXPECT_INT_EQ(steepest_norm_dual_norm(norm, n, z, &dual), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_norm_unit_direction(norm, n, z, s, &ds), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_norm_duality_map(norm, n, z, zs, &dm), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_norm_norm(norm, n, s, &ns), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_norm_norm(norm, n, zs, &nzs), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_norm_norm(norm, n, x, &nx), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_norm_direction_error(norm, n, z, &err), STEEPEST_OK);
            const char *spec = steepest_norm_get_spec(norm);
            EXPECT(fabs(ds - dual) <= SVD_TOL * dual && fabs(dm - dual) <= SVD_TOL * dual, "%s: %g %g %g",
                   spec, dual, ds, dm);
            EXPECT(fabs(dot(n, z, s) - dual) <= SVD_TOL * dual, "%s: <z,s> = %.17g, ||z||* = %.17g", spec,
                   dot(n, z, s), dual);
            EXPECT(fabs(ns - 1.0) <= SVD_TOL, "%s: ||s|| = %.17g", spec, ns);
            EXPECT(fabs(nzs - dual) <= SVD_TOL * dual, "%s: ||z#|| = %.17g vs %.17g", spec, nzs, dual);
            EXPECT(fabs(dot(n, z, zs) - nzs * nzs) <= SVD_TOL * dual * dual, "%s: <z,z#> = %.17g", spec,
                   dot(n, z, zs));
            EXPECT(dot(n, x, z) <= nx * dual * (1 + SVD_TOL), "%s: Hoelder", spec);
            EXPECT(err >= 0.0 && err <= 1e-12, "%s: svd direction error %g", spec, err);
            g_free(z);
            g_free(x);
            g_free(s);
            g_free(zs);
        }
        steepest_norm_free(norm);
    }
}
END_TEST

/* ns5 and polar-express: Lemma 3 holds within the reported error e:
 * |‖s‖ − 1| <= e, |<z, s> − ‖z‖*| <= e ‖z‖*, the map is <z, s> s, and the
 * errors are those Muon's description leads one to expect (ns5 keeps the
 * singular values within about [0.5, 1.5] of 1 on full-rank Gaussians). */
START_TEST(lemma3_approximate_for_iterations)
{
    static const char *const modes[] = { "ns5", "polar-express" };
    const size_t *sh = shapes[_i];
    size_t R = sh[0], C = sh[1], n = R * C;
    uint64_t seed = 300 + (uint64_t) _i;
    for (size_t m = 0; m < 2; m++) {
        char extra[64];
        g_snprintf(extra, sizeof extra, "polar=%s,scale=muon", modes[m]);
        SteepestNorm *norm = make(R, C, extra);
        const char *spec = steepest_norm_get_spec(norm);
        for (int trial = 0; trial < 3; trial++) {
            double *z = random_matrix(&seed, R, C, sh[2]);
            double *s = g_new(double, n), *zs = g_new(double, n);
            double dual = -1, ds = -1, dm = -1, ns = -1, err = -1;
            EXPECT_INT_EQ(steepest_norm_dual_norm(norm, n, z, &dual), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_norm_unit_direction(norm, n, z, s, &ds), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_norm_duality_map(norm, n, z, zs, &dm), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_norm_norm(norm, n, s, &ns), STEEPEST_OK);
            EXPECT_INT_EQ(steepest_norm_direction_error(norm, n, z, &err), STEEPEST_OK);
            /* the iterates of x in (0, 1] stay in (0, 1.25): the error is at most 1 */
            EXPECT(err > 1e-6 && err <= 1.0, "%s: direction error %g", spec, err);
            EXPECT(fabs(ns - 1.0) <= err + 1e-12, "%s: ||s|| = %g, error %g", spec, ns, err);
            EXPECT(fabs(ds - dot(n, z, s)) <= 1e-12 * dual, "%s: dual value %g is not <z,s>", spec, ds);
            EXPECT(fabs(ds - dual) <= err * dual + 1e-12 * dual, "%s: <z,s> = %g, ||z||* = %g, e = %g", spec,
                   ds, dual, err);
            EXPECT(dm == ds, "%s: map's dual %g vs direction's %g", spec, dm, ds);
            for (size_t i = 0; i < n; i++)
                EXPECT(fabs(zs[i] - ds * s[i]) <= 1e-13 * fabs(ds) * (fabs(s[i]) + 1.0), "%s: z#[%zu]", spec,
                       i);
            g_free(z);
            g_free(s);
            g_free(zs);
        }
        steepest_norm_free(norm);
    }
}
END_TEST

/* κ by hand: muon √max(1, R/C), rms √(R/C); the norm of the identity-like
 * matrix E (ones on the diagonal) is 1/κ and its dual min(R,C) κ. */
START_TEST(scales_by_hand)
{
    static const struct {
        size_t R, C;
        const char *scale;
        double kappa;
    } cases[] = {
        { 8, 2, "muon", 2.0 }, { 2, 8, "muon", 1.0 }, { 8, 2, "rms", 2.0 },
        { 2, 8, "rms", 0.5 },  { 3, 3, "none", 1.0 }, { 3, 5, "2.5", 2.5 },
    };
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        size_t R = cases[c].R, C = cases[c].C, n = R * C;
        char extra[32];
        g_snprintf(extra, sizeof extra, "scale=%s", cases[c].scale);
        SteepestNorm *norm = make(R, C, extra);
        double *e = g_new0(double, n), *s = g_new(double, n), v = 0;
        for (size_t i = 0; i < (R < C ? R : C); i++)
            e[i * C + i] = 3.0;
        EXPECT_INT_EQ(steepest_norm_norm(norm, n, e, &v), STEEPEST_OK);
        EXPECT(fabs(v - 3.0 / cases[c].kappa) <= 1e-15 * v, "%zu x %zu %s: %g", R, C, cases[c].scale, v);
        EXPECT_INT_EQ(steepest_norm_dual_norm(norm, n, e, &v), STEEPEST_OK);
        double want = 3.0 * (double) (R < C ? R : C) * cases[c].kappa;
        EXPECT(fabs(v - want) <= 1e-14 * want, "%zu x %zu %s: dual %g vs %g", R, C, cases[c].scale, v, want);
        EXPECT_INT_EQ(steepest_norm_unit_direction(norm, n, e, s, &v), STEEPEST_OK);
        for (size_t i = 0; i < R; i++)
            for (size_t j = 0; j < C; j++)
                EXPECT(fabs(s[i * C + j] - (i == j ? cases[c].kappa : 0.0)) <= 1e-14, "s[%zu][%zu] = %g", i,
                       j, s[i * C + j]);
        g_free(e);
        g_free(s);
        steepest_norm_free(norm);
    }
}
END_TEST

/* Z = 0 gives 0 in every mode; NaN gives NaN and Inf gives +Inf with
 * STEEPEST_ERROR_NOT_FINITE, in every method including direction_error. */
START_TEST(zero_nan_and_inf)
{
    static const char *const modes[] = { "svd", "ns5", "polar-express" };
    size_t R = 3, C = 4, n = 12;
    for (size_t m = 0; m < 3; m++) {
        char extra[32];
        g_snprintf(extra, sizeof extra, "polar=%s", modes[m]);
        SteepestNorm *norm = make(R, C, extra);
        double z[12] = { 0 }, out[12], v = -1;
        EXPECT_INT_EQ(steepest_norm_unit_direction(norm, n, z, out, &v), STEEPEST_OK);
        CHECK(v == 0.0);
        for (size_t i = 0; i < n; i++)
            CHECK(out[i] == 0.0);
        EXPECT_INT_EQ(steepest_norm_direction_error(norm, n, z, &v), STEEPEST_OK);
        CHECK(v == 0.0);
        for (int bad = 0; bad < 2; bad++) {
            for (size_t i = 0; i < n; i++)
                z[i] = (double) i - 4.0;
            z[5] = bad ? INFINITY : NAN;
            EXPECT_INT_EQ(steepest_norm_norm(norm, n, z, &v), STEEPEST_ERROR_NOT_FINITE);
            CHECK(bad ? v == INFINITY : isnan(v));
            CHECK(strstr(steepest_last_error(), "x[5]") != NULL);
            EXPECT_INT_EQ(steepest_norm_dual_norm(norm, n, z, &v), STEEPEST_ERROR_NOT_FINITE);
            EXPECT_INT_EQ(steepest_norm_unit_direction(norm, n, z, out, &v), STEEPEST_ERROR_NOT_FINITE);
            CHECK(bad ? v == INFINITY : isnan(v));
            EXPECT_INT_EQ(steepest_norm_duality_map(norm, n, z, out, &v), STEEPEST_ERROR_NOT_FINITE);
            EXPECT_INT_EQ(steepest_norm_direction_error(norm, n, z, &v), STEEPEST_ERROR_NOT_FINITE);
            CHECK(strstr(steepest_last_error(), "z[5]") != NULL);
        }
        steepest_norm_free(norm);
    }
}
END_TEST

START_TEST(spec_errors_are_named)
{
    static const struct {
        const char *spec;
        size_t n;
        int status;
        const char *says;
    } cases[] = {
        { "spectral", 12, STEEPEST_ERROR_PARAMETER, "rows=R and cols=C" },
        { "spectral:rows=3,cols=5", 12, STEEPEST_ERROR_DIMENSION, "the dimension is 12" },
        { "spectral:rows=3,cols=4,polar=qr", 12, STEEPEST_ERROR_PARAMETER, "svd, ns5 or polar-express" },
        { "spectral:rows=3,cols=4,scale=-1", 12, STEEPEST_ERROR_PARAMETER, "positive finite" },
        { "spectral:rows=3,cols=4,scale=0", 12, STEEPEST_ERROR_PARAMETER, "positive finite" },
        { "spectral:rows=3,cols=4,scale=inf", 12, STEEPEST_ERROR_PARAMETER, "positive finite" },
        { "spectral:rows=3,cols=4,scale=1e999", 12, STEEPEST_ERROR_PARAMETER, "positive finite" },
        { "spectral:rows=3,cols=4,scale=mu*n", 12, STEEPEST_ERROR_PARAMETER, "a word" },
        { "spectral:rows=0,cols=4", 12, STEEPEST_ERROR_PARAMETER, "rows" },
        { "spectral:rows=65536,cols=65536", (size_t) 1 << 32, STEEPEST_ERROR_DIMENSION, "32-bit" },
    };
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        SteepestNorm *norm = (SteepestNorm *) 1;
        EXPECT_INT_EQ(steepest_norm_new(cases[c].spec, cases[c].n, &norm), cases[c].status);
        CHECK(norm == NULL);
        EXPECT(strstr(steepest_last_error(), cases[c].says) != NULL, "%s: %s", cases[c].spec,
               steepest_last_error());
    }
    /* The normalized spec reads back, string parameters included. */
    SteepestNorm *norm = NULL;
    EXPECT_INT_EQ(steepest_norm_new("spectral:scale=muon,rows=3,cols=4,polar=polar-express", 12, &norm),
                  STEEPEST_OK);
    EXPECT(strcmp(steepest_norm_get_spec(norm), "spectral:rows=3,cols=4,polar=polar-express,scale=muon") == 0,
           "%s", steepest_norm_get_spec(norm));
    steepest_norm_free(norm);
}
END_TEST

/* Induced norm, cases with a known value: H = I gives sup ‖X‖_nuc over the
 * unit spectral ball = κ² r; H = h u vᵀ gives κ² h ‖U‖_nuc ‖V‖_nuc (bound
 * (b) is tight and the rank-one polar point attains it); a single column
 * gives κ²‖H‖₂ exactly. */
START_TEST(induced_known_values)
{
    size_t R = 3, C = 4, n = 12;
    SteepestNorm *norm = make(R, C, "scale=2");
    SteepestInducedOptions *bounds = steepest_induced_options_new(),
                           *exact_only = steepest_induced_options_new();
    steepest_induced_options_set_mode(bounds, STEEPEST_INDUCED_BOUNDS);
    steepest_induced_options_set_mode(exact_only, STEEPEST_INDUCED_EXACT);
    double *H = g_new0(double, n *n);
    for (size_t i = 0; i < n; i++)
        H[i * n + i] = 1.0;
    double lo = 0, hi = 0;
    int exact = -1;
    const char *method = NULL;
    EXPECT_INT_EQ(steepest_norm_induced(norm, n, H, bounds, &lo, &hi, &exact, &method), STEEPEST_OK);
    EXPECT(fabs(lo - 12.0) <= 1e-12 && fabs(hi - 12.0) <= 1e-12, "identity: [%g, %g]", lo, hi);
    CHECK(method != NULL && strstr(method, "polar") != NULL);
    /* rank one: u = vec(diag(1,1,1) padded), v = vec(e1 e1ᵀ) */
    memset(H, 0, n * n * sizeof *H);
    double u[12] = { 0 }, v[12] = { 0 };
    u[0] = u[5] = u[10] = 1.0 / sqrt(3.0);
    v[1] = 1.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            H[i * n + j] = 5.0 * u[i] * v[j];
    EXPECT_INT_EQ(steepest_norm_induced(norm, n, H, bounds, &lo, &hi, &exact, &method), STEEPEST_OK);
    double want = 4.0 * 5.0 * sqrt(3.0); /* κ² h ‖U‖_nuc ‖V‖_nuc = 4 · 5 · √3 · 1 */
    EXPECT(fabs(lo - want) <= 1e-12 * want && fabs(hi - want) <= 1e-12 * want,
           "rank one: [%.17g, %.17g] vs %.17g", lo, hi, want);
    CHECK(exact == 1);
    EXPECT_INT_EQ(steepest_norm_induced(norm, n, H, exact_only, &lo, &hi, &exact, &method),
                  STEEPEST_ERROR_UNSUPPORTED);
    steepest_norm_free(norm);
    steepest_induced_options_free(bounds);
    steepest_induced_options_free(exact_only);
    g_free(H);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("spectral");
    TCase *tc = tcase_create("spectral");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, lemma3_exact_for_svd, 0, G_N_ELEMENTS(shapes));
    tcase_add_loop_test(tc, lemma3_approximate_for_iterations, 0, G_N_ELEMENTS(shapes));
    tcase_add_test(tc, scales_by_hand);
    tcase_add_test(tc, zero_nan_and_inf);
    tcase_add_test(tc, spec_errors_are_named);
    tcase_add_test(tc, induced_known_values);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
