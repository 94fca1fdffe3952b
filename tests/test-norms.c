/* test-norms.c — numerics of the built-in norms (l2, linf, l1, block) through
 * the public API: values against independent long-double references written
 * from the docs/theory.md table, Lemma 3 on thousands of random vectors, the fixed
 * choices (sign(0) = 0, lowest index wins ties, z = 0 -> 0), overflow-safe ℓ2,
 * NaN/Inf propagation, the two steps computed by hand, argument errors and the
 * per-norm last error.
 *
 * Tolerances.  A computed sum of n nonnegative terms has relative error at
 * most (n-1)u (u = DBL_EPSILON/2, Higham, Accuracy and Stability, §4.2); the
 * quantities below combine at most two such sums with a few correctly rounded
 * sqrt, multiply and divide operations, so their relative error stays below
 * (2n + 8)u.  TOL(n) = 8 (n + 8) DBL_EPSILON = 16 (n + 8) u leaves a factor of
 * eight for the different summation orders of the library and the reference
 * while still failing on any formula error (a wrong sign, a missing block, a
 * wrong index or scale is off by far more than 1e-11 relative).  Results in
 * the subnormal range carry an absolute rounding error of up to half of
 * DBL_TRUE_MIN per operation instead, hence FLOOR(n).
 *
 * The references never rely on long double's wider exponent range (under
 * valgrind long double is plain double): random vectors of extreme scale are
 * compared after an exact division by a power of two (pow2_of_max), and the
 * ℓ2 references divide by the largest entry before squaring. */
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

#define TOL(n) (8.0 * ((double) (n) + 8.0) * DBL_EPSILON)
#define FLOOR(n) (((double) (n) + 8.0) * DBL_TRUE_MIN)

/* ---- random numbers ---- */

static uint64_t
next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double
uniform(uint64_t *s)
{
    return (double) (next(s) >> 11) * 0x1p-53;
}

/* Entries of mixed magnitudes around 2^scale, a tenth of them exactly 0. */
static void
random_vector(uint64_t *s, size_t n, int scale, double *x)
{
    for (size_t i = 0; i < n; i++) {
        if (next(s) % 10 == 0) {
            x[i] = 0.0;
            continue;
        }
        int e = (int) (next(s) % 17) - 8 + scale;
        double v = ldexp(1.0 + uniform(s), e);
        x[i] = (next(s) & 1) ? v : -v;
    }
}

/* A random dimension: mostly small, sometimes past the kernels' unrolling,
 * chunking and stack-scratch limits. */
static size_t
random_dim(uint64_t *s)
{
    switch (next(s) % 8) {
    case 0:
        return 1 + next(s) % 4;
    case 1:
        return 250 + next(s) % 20;
    case 2:
        return 1000 + next(s) % 3200;
    default:
        return 1 + next(s) % 64;
    }
}

static int
random_scale(uint64_t *s)
{
    static const int scales[] = { 0, 0, 0, 0, 0, 0, -600, 600, -1000, 990, -1064 };
    return scales[next(s) % G_N_ELEMENTS(scales)];
}

/* ---- norms under test and their references ---- */

typedef enum { L2, LINF, L1, BLOCK } Kind;

typedef struct {
    Kind kind;
    size_t n;
    size_t n_blocks;
    size_t *start; /* BLOCK: block b is [start[b], start[b+1]) */
    char *spec;
    SteepestNorm *norm;
} Geo;

static void
geo_free(Geo *g)
{
    steepest_norm_free(g->norm);
    g_free(g->start);
    g_free(g->spec);
}

static void
geo_make(Geo *g, Kind kind, size_t n, const size_t *sizes, size_t n_blocks, gboolean equal)
{
    memset(g, 0, sizeof *g);
    g->kind = kind;
    g->n = n;
    if (kind == BLOCK) {
        g->n_blocks = n_blocks;
        g->start = g_new(size_t, n_blocks + 1);
        g->start[0] = 0;
        GString *spec = g_string_new(equal ? "block:size=" : "block:sizes=");
        if (equal)
            g_string_append_printf(spec, "%zu", sizes[0]);
        for (size_t b = 0; b < n_blocks; b++) {
            g->start[b + 1] = g->start[b] + sizes[b];
            if (!equal)
                g_string_append_printf(spec, "%s%zu", b ? "+" : "", sizes[b]);
        }
        EXPECT_INT_EQ(g->start[n_blocks], n);
        g->spec = g_string_free(spec, FALSE);
    } else {
        g->spec = g_strdup(kind == L2 ? "l2" : kind == LINF ? "linf" : "l1");
    }
    int rc = steepest_norm_new(g->spec, n, &g->norm);
    EXPECT(rc == STEEPEST_OK, "%s (n = %zu): %s", g->spec, n, steepest_last_error());
}

/* A norm of the kind for dimension about n; block structures are random:
 * equal blocks (size=K) or a random composition (sizes=...). */
static void
geo_random(Geo *g, uint64_t *s, Kind kind, size_t n)
{
    if (kind != BLOCK) {
        geo_make(g, kind, n, NULL, 0, FALSE);
        return;
    }
    if (next(s) & 1) {
        size_t k = 1 + next(s) % 9;
        size_t m = (n + k - 1) / k;
        size_t *sizes = g_new(size_t, m);
        for (size_t b = 0; b < m; b++)
            sizes[b] = k;
        geo_make(g, kind, k * m, sizes, m, TRUE);
        g_free(sizes);
    } else {
        size_t *sizes = g_new(size_t, n);
        size_t m = 0, left = n;
        while (left > 0) {
            size_t len = 1 + next(s) % MIN(left, (size_t) 12);
            sizes[m++] = len;
            left -= len;
        }
        geo_make(g, kind, n, sizes, m, FALSE);
        g_free(sizes);
    }
}

static double
amax(size_t n, const double *x)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = fabs(x[i]) > m ? fabs(x[i]) : m;
    return m;
}

/* ‖x‖₂ = m √Σ(x_i/m)², m = max|x_i|: no square overflows or underflows. */
static long double
ref_l2(size_t n, const double *x)
{
    double m = amax(n, x);
    if (m == 0)
        return 0;
    long double s = 0;
    for (size_t i = 0; i < n; i++) {
        long double t = x[i] / (long double) m;
        s += t * t;
    }
    return m * sqrtl(s);
}

/* out = x/‖x‖₂ without ever forming a (possibly subnormal) norm. */
static void
ref_unit(size_t n, const double *x, double *out)
{
    double m = amax(n, x);
    long double s = 0;
    for (size_t i = 0; i < n; i++) {
        long double t = x[i] / (long double) m;
        s += t * t;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = m > 0 ? (double) (x[i] / (long double) m / sqrtl(s)) : 0.0;
}

/* 2^k with 2^k <= max|x_i| < 2^(k+1) (1 for x = 0): dividing by it is exact
 * for the random vectors here (they span 17 binades) and brings them to
 * entries within [2^-17, 2^1]. */
static double
pow2_of_max(size_t n, const double *x)
{
    double m = amax(n, x);
    return m > 0 ? ldexp(1.0, ilogb(m)) : 1.0;
}

static double *
scaled_copy(size_t n, const double *x, double p)
{
    double *y = g_new(double, n);
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] / p;
    return y;
}

static long double
ref_block_l2(const Geo *g, size_t b, const double *x)
{
    return ref_l2(g->start[b + 1] - g->start[b], x + g->start[b]);
}

/* ‖x‖ by the definitions of docs/theory.md. */
static long double
ref_norm(const Geo *g, const double *x)
{
    long double v = 0;
    switch (g->kind) {
    case L2:
        v = ref_l2(g->n, x);
        break;
    case LINF:
        for (size_t i = 0; i < g->n; i++)
            v = fabsl(x[i]) > v ? fabsl(x[i]) : v;
        break;
    case L1:
        for (size_t i = 0; i < g->n; i++)
            v += fabsl(x[i]);
        break;
    case BLOCK:
        for (size_t b = 0; b < g->n_blocks; b++) {
            long double a = ref_block_l2(g, b, x);
            v = a > v ? a : v;
        }
        break;
    }
    return v;
}

/* ‖z‖* of the same. */
static long double
ref_dual(const Geo *g, const double *z)
{
    long double v = 0;
    switch (g->kind) {
    case L2:
        v = ref_l2(g->n, z);
        break;
    case LINF:
        for (size_t i = 0; i < g->n; i++)
            v += fabsl(z[i]);
        break;
    case L1:
        for (size_t i = 0; i < g->n; i++)
            v = fabsl(z[i]) > v ? fabsl(z[i]) : v;
        break;
    case BLOCK:
        for (size_t b = 0; b < g->n_blocks; b++)
            v += ref_block_l2(g, b, z);
        break;
    }
    return v;
}

static double
sign(double v)
{
    return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0;
}

/* s(z) from the table: z/‖z‖₂, sign(z), sign(z_k) e_k (k the lowest index
 * of the largest |z_k|), normB(z). */
static void
ref_direction(const Geo *g, const double *z, double *s)
{
    switch (g->kind) {
    case L2:
        ref_unit(g->n, z, s);
        break;
    case LINF:
        for (size_t i = 0; i < g->n; i++)
            s[i] = sign(z[i]);
        break;
    case L1: {
        size_t k = 0;
        for (size_t i = 0; i < g->n; i++) {
            s[i] = 0;
            if (fabs(z[i]) > fabs(z[k]))
                k = i;
        }
        s[k] = sign(z[k]);
        break;
    }
    case BLOCK:
        for (size_t b = 0; b < g->n_blocks; b++)
            ref_unit(g->start[b + 1] - g->start[b], z + g->start[b], s + g->start[b]);
        break;
    }
}

/* z♯ = ‖z‖* s(z) (Lemma 3 / the table; for ℓ1 z_k e_k). */
static void
ref_map(const Geo *g, const double *z, double *zs)
{
    long double d = ref_dual(g, z);
    ref_direction(g, z, zs);
    for (size_t i = 0; i < g->n; i++)
        zs[i] = (double) (d * zs[i]);
}

static long double
dot(size_t n, const double *a, const double *b)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (long double) a[i] * b[i];
    return s;
}

static double
max_abs(size_t n, const double *v)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = fabs(v[i]) > m ? fabs(v[i]) : m;
    return m;
}

/* |got - want| <= tol * max(scale, |want|) + floor entrywise. */
static void
assert_vec_close_floor(const Geo *g, const char *what, const double *got, const double *want, double scale,
                       double tol, double floor)
{
    for (size_t i = 0; i < g->n; i++)
        EXPECT(fabs(got[i] - want[i]) <= tol * fmax(scale, fabs(want[i])) + floor,
               "%s n=%zu %s[%zu] = %.17g, expected %.17g (scale %.3g)", g->spec, g->n, what, i, got[i],
               want[i], scale);
}

static void
assert_vec_close(const Geo *g, const char *what, const double *got, const double *want, double scale,
                 double tol)
{
    assert_vec_close_floor(g, what, got, want, scale, tol, FLOOR(g->n));
}

static void
assert_rel_floor(const Geo *g, const char *what, double got, long double want, double tol, double floor)
{
    EXPECT(fabsl(got - want) <= tol * fabsl(want) + floor, "%s n=%zu: %s = %.17g, expected %.17Lg", g->spec,
           g->n, what, got, want);
}

static void
assert_rel(const Geo *g, const char *what, double got, long double want, double tol)
{
    assert_rel_floor(g, what, got, want, tol, FLOOR(g->n));
}

static const Kind kinds[] = { L2, LINF, L1, BLOCK };

/* ---- values ---- */

START_TEST(values_match_the_definitions)
{
    Kind kind = kinds[_i];
    uint64_t seed = 1000 + (uint64_t) _i;
    for (int trial = 0; trial < 600; trial++) {
        Geo g;
        geo_random(&g, &seed, kind, random_dim(&seed));
        double *x = g_new(double, g.n);
        int scale = random_scale(&seed);
        random_vector(&seed, g.n, scale, x);
        double v = -1, d = -1;
        EXPECT_INT_EQ(steepest_norm_norm(g.norm, g.n, x, &v), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_norm_dual_norm(g.norm, g.n, x, &d), STEEPEST_OK);
        /* norms are homogeneous: compare at the scale of 1 (p a power of 2) */
        double p = pow2_of_max(g.n, x);
        double *xn = scaled_copy(g.n, x, p);
        double floor_n = FLOOR(g.n) / p;
        EXPECT(fabsl(v / p - ref_norm(&g, xn)) <= TOL(g.n) * ref_norm(&g, xn) + floor_n,
               "%s n=%zu: norm %.17g, expected %.17Lg", g.spec, g.n, v, p * ref_norm(&g, xn));
        EXPECT(fabsl(d / p - ref_dual(&g, xn)) <= TOL(g.n) * ref_dual(&g, xn) + floor_n,
               "%s n=%zu: dual norm %.17g, expected %.17Lg", g.spec, g.n, d, p * ref_dual(&g, xn));
        /* a max of exact absolute values is exact */
        if (kind == LINF)
            CHECK(v == amax(g.n, x));
        if (kind == L1)
            CHECK(d == amax(g.n, x));
        g_free(xn);
        /* Lemma 3(a): <x, z> <= ‖x‖ ‖z‖* for another random z */
        double *z = g_new(double, g.n);
        random_vector(&seed, g.n, 0, z);
        if (scale == 0) {
            double dz;
            EXPECT_INT_EQ(steepest_norm_dual_norm(g.norm, g.n, z, &dz), STEEPEST_OK);
            CHECK(fabsl(dot(g.n, x, z)) <= (long double) v * dz * (1 + TOL(g.n)));
        }
        g_free(z);
        g_free(x);
        geo_free(&g);
    }
}
END_TEST

START_TEST(block_norms_reduce_to_l2_and_linf)
{
    /* One block of n is ℓ2; blocks of 1 are ℓ∞ (dual ℓ1). */
    uint64_t seed = 77;
    for (int trial = 0; trial < 200; trial++) {
        size_t n = random_dim(&seed);
        double *x = g_new(double, n);
        random_vector(&seed, n, random_scale(&seed), x);
        char spec[64];
        SteepestNorm *one = NULL, *ones = NULL, *l2 = NULL, *linf = NULL;
        g_snprintf(spec, sizeof spec, "block:size=%zu", n);
        EXPECT_INT_EQ(steepest_norm_new(spec, n, &one), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_norm_new("block:size=1", n, &ones), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_norm_new("l2", n, &l2), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_norm_new("linf", n, &linf), STEEPEST_OK);
        double a, b;
        steepest_norm_norm(one, n, x, &a);
        steepest_norm_norm(l2, n, x, &b);
        CHECK(fabs(a - b) <= TOL(n) * b + FLOOR(n));
        steepest_norm_dual_norm(one, n, x, &a);
        CHECK(fabs(a - b) <= TOL(n) * b + FLOOR(n));
        steepest_norm_norm(ones, n, x, &a);
        steepest_norm_norm(linf, n, x, &b);
        CHECK(a == b);
        steepest_norm_dual_norm(ones, n, x, &a);
        steepest_norm_dual_norm(linf, n, x, &b);
        CHECK(fabs(a - b) <= TOL(n) * b + FLOOR(n));
        steepest_norm_free(one);
        steepest_norm_free(ones);
        steepest_norm_free(l2);
        steepest_norm_free(linf);
        g_free(x);
    }
}
END_TEST

/* ---- Lemma 3 ---- */

START_TEST(lemma3_on_random_vectors)
{
    Kind kind = kinds[_i];
    uint64_t seed = 5000 + (uint64_t) _i;
    for (int trial = 0; trial < 1500; trial++) {
        Geo g;
        geo_random(&g, &seed, kind, random_dim(&seed));
        size_t n = g.n;
        double tol = TOL(n);
        double *z = g_new(double, n), *zs = g_new(double, n), *s = g_new(double, n), *want = g_new(double, n);
        int scale = random_scale(&seed);
        random_vector(&seed, n, scale, z);
        double d = -1, ds = -1, dn = -1;
        EXPECT_INT_EQ(steepest_norm_duality_map(g.norm, n, z, zs, &d), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_norm_unit_direction(g.norm, n, z, s, &ds), STEEPEST_OK);
        EXPECT_INT_EQ(steepest_norm_dual_norm(g.norm, n, z, &dn), STEEPEST_OK);
        /* Everything is homogeneous: compare at the scale of 1 (zn = z/p
         * exactly, p a power of two); the library's roundings in the
         * subnormal range shrink to FLOOR(n)/p there. */
        double p = pow2_of_max(n, z), floor_p = FLOOR(n) / p;
        double *zn = scaled_copy(n, z, p), *zsn = scaled_copy(n, zs, p);
        long double rd = ref_dual(&g, zn);
        assert_rel_floor(&g, "map's dual value", d / p, rd, tol, floor_p);
        assert_rel_floor(&g, "direction's dual value", ds / p, rd, tol, floor_p);
        assert_rel_floor(&g, "dual norm", dn / p, rd, tol, floor_p);

        /* z♯ and s(z) are the table's */
        ref_map(&g, zn, want);
        assert_vec_close_floor(&g, "z#", zsn, want, max_abs(n, want), tol, floor_p);
        ref_direction(&g, zn, want);
        assert_vec_close(&g, "s", s, want, max_abs(n, want), tol);
        if (kind == L2)
            CHECK(memcmp(z, zs, n * sizeof *z) == 0); /* z♯ = z exactly */

        if (rd > 0) {
            /* ‖s‖ = 1 and <z, s> = ‖z‖*, whatever the scale of z. */
            assert_rel(&g, "‖s‖", (double) ref_norm(&g, s), 1.0L, tol);
            assert_rel(&g, "<z, s> / ‖z‖*", (double) (dot(n, zn, s) / rd), 1.0L, tol);
            /* ‖z♯‖ = ‖z‖*, <z, z♯> = ‖z♯‖²; z♯ = ‖z‖* s is only as exact as
             * subnormals allow, so these are checked where ‖z‖* is normal. */
            if (p * rd >= 0x1p-960) {
                long double nz = ref_norm(&g, zsn);
                assert_rel(&g, "‖z#‖ / ‖z‖*", (double) (nz / rd), 1.0L, tol);
                long double inner = dot(n, zn, zsn) / rd / rd;
                assert_rel(&g, "<z, z#> / ‖z#‖²", (double) inner, nz / rd * nz / rd, tol);
            }
        } else {
            CHECK(max_abs(n, zs) == 0 && max_abs(n, s) == 0);
        }
        g_free(zn);
        g_free(zsn);
        g_free(z);
        g_free(zs);
        g_free(s);
        g_free(want);
        geo_free(&g);
    }
}
END_TEST

/* ---- the fixed choices ---- */

START_TEST(l1_map_is_signed_and_lowest_index_wins)
{
    SteepestNorm *norm = NULL;
    EXPECT_INT_EQ(steepest_norm_new("l1", 5, &norm), STEEPEST_OK);
    const double z[5] = { 1, -5, 3, 5, -5 }; /* |z| ties at 1, 3, 4: index 1 wins */
    double zs[5], s[5], d;
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 5, z, zs, &d), STEEPEST_OK);
    EXPECT_DOUBLE_EQ(d, 5.0);
    const double want_zs[5] = { 0, -5, 0, 0, 0 }; /* negative largest entry: negative spike */
    for (int i = 0; i < 5; i++)
        EXPECT_DOUBLE_EQ(zs[i], want_zs[i]);
    EXPECT_INT_EQ(steepest_norm_unit_direction(norm, 5, z, s, &d), STEEPEST_OK);
    for (int i = 0; i < 5; i++)
        EXPECT_DOUBLE_EQ(s[i], i == 1 ? -1.0 : 0.0);
    /* steps move that one coordinate only */
    const double x[5] = { 10, 20, 30, 40, 50 };
    double out[5];
    EXPECT_INT_EQ(steepest_norm_step_scaled(norm, 5, x, z, 0.5, out, &d), STEEPEST_OK);
    for (int i = 0; i < 5; i++)
        EXPECT_DOUBLE_EQ(out[i], i == 1 ? 22.5 : x[i]);
    EXPECT_INT_EQ(steepest_norm_step_normalized(norm, 5, x, z, 0.5, out, &d), STEEPEST_OK);
    for (int i = 0; i < 5; i++)
        EXPECT_DOUBLE_EQ(out[i], i == 1 ? 20.5 : x[i]);
    /* all equal: index 0 */
    const double eq[5] = { -2, 2, -2, 2, 2 };
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 5, eq, zs, &d), STEEPEST_OK);
    EXPECT_DOUBLE_EQ(zs[0], -2.0);
    EXPECT_DOUBLE_EQ(max_abs(4, zs + 1), 0.0);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(linf_sign_of_zero_is_zero)
{
    SteepestNorm *norm = NULL;
    EXPECT_INT_EQ(steepest_norm_new("linf", 6, &norm), STEEPEST_OK);
    const double z[6] = { 0.0, 2.0, -0.0, -1.0, 0.0, 1e-310 };
    double zs[6], s[6], d;
    const double l1 = 3.0 + 1e-310;
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 6, z, zs, &d), STEEPEST_OK);
    EXPECT_DOUBLE_EQ(d, l1);
    const double want_s[6] = { 0, 1, 0, -1, 0, 1 };
    for (int i = 0; i < 6; i++) {
        EXPECT(zs[i] == l1 * want_s[i], "z#[%d] = %g", i, zs[i]);
        CHECK(!isnan(zs[i]));
    }
    EXPECT_INT_EQ(steepest_norm_unit_direction(norm, 6, z, s, &d), STEEPEST_OK);
    for (int i = 0; i < 6; i++)
        EXPECT(s[i] == want_s[i], "s[%d] = %g", i, s[i]);
    /* the sign step leaves coordinates with z_i = 0 exactly where they were */
    const double x[6] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 };
    double out[6];
    EXPECT_INT_EQ(steepest_norm_step_normalized(norm, 6, x, z, 0.25, out, &d), STEEPEST_OK);
    for (int i = 0; i < 6; i++)
        CHECK(out[i] == x[i] - 0.25 * want_s[i]);
    EXPECT_INT_EQ(steepest_norm_step_scaled(norm, 6, x, z, 0.25, out, &d), STEEPEST_OK);
    for (int i = 0; i < 6; i++)
        CHECK(out[i] == x[i] - 0.25 * l1 * want_s[i]);
    steepest_norm_free(norm);
}
END_TEST

static const char *const all_specs[] = { "l2",           "linf",
                                         "l1",           "block:size=1",
                                         "block:size=3", "block:sizes=1+2+3+6",
                                         "spectral",     "spectral:polar=ns5" };

/* all_specs[k], adapted to dimension n where its blocks do not fit. */
static SteepestNorm *
make_for_dim(size_t k, size_t n)
{
    char spec[64];
    g_strlcpy(spec, all_specs[k], sizeof spec);
    if (strcmp(spec, "block:size=3") == 0 && n % 3 != 0)
        g_snprintf(spec, sizeof spec, "block:sizes=%zu+%zu", n - n / 2, n / 2);
    if (g_str_has_prefix(spec, "block:sizes=1+2+3+6") && n != 12)
        g_snprintf(spec, sizeof spec, n > 3 ? "block:sizes=1+2+%zu" : "block:size=1", n - 3);
    if (g_str_has_prefix(spec, "block:sizes=") && n < 2)
        g_strlcpy(spec, "block:size=1", sizeof spec);
    if (g_str_has_prefix(spec, "spectral")) { /* the squarest R x C = n, R <= C */
        size_t r = 1;
        for (size_t d = 1; d * d <= n; d++)
            if (n % d == 0)
                r = d;
        gboolean ns5 = strstr(spec, "ns5") != NULL;
        g_snprintf(spec, sizeof spec, "spectral:rows=%zu,cols=%zu%s", r, n / r, ns5 ? ",polar=ns5" : "");
    }
    SteepestNorm *norm = NULL;
    EXPECT(steepest_norm_new(spec, n, &norm) == STEEPEST_OK, "%s n=%zu: %s", spec, n, steepest_last_error());
    return norm;
}

START_TEST(zero_vector_gives_zero_never_nan)
{
    static const size_t dims[] = { 12, 300, 3000 };
    for (size_t di = 0; di < G_N_ELEMENTS(dims); di++) {
        size_t n = dims[di];
        SteepestNorm *norm = make_for_dim((size_t) _i, n);
        const char *spec = steepest_norm_get_spec(norm);
        double *z = g_new0(double, n), *out = g_new(double, n), *x = g_new(double, n), *y = g_new(double, n);
        for (size_t i = 0; i < n; i++)
            x[i] = y[i] = (double) i - 7.5;
        double v = -1;
        EXPECT_INT_EQ(steepest_norm_norm(norm, n, z, &v), STEEPEST_OK);
        CHECK(v == 0.0);
        EXPECT_INT_EQ(steepest_norm_dual_norm(norm, n, z, &v), STEEPEST_OK);
        CHECK(v == 0.0);
        for (size_t i = 0; i < n; i++)
            out[i] = NAN;
        EXPECT_INT_EQ(steepest_norm_duality_map(norm, n, z, out, &v), STEEPEST_OK);
        CHECK(v == 0.0 && max_abs(n, out) == 0.0);
        for (size_t i = 0; i < n; i++)
            CHECK(out[i] == 0.0);
        for (size_t i = 0; i < n; i++)
            out[i] = NAN;
        EXPECT_INT_EQ(steepest_norm_unit_direction(norm, n, z, out, &v), STEEPEST_OK);
        for (size_t i = 0; i < n; i++)
            EXPECT(out[i] == 0.0, "%s s[%zu] = %g", spec, i, out[i]);
        EXPECT_INT_EQ(steepest_norm_step_scaled(norm, n, x, z, 3.0, out, &v), STEEPEST_OK);
        CHECK(memcmp(out, x, n * sizeof *x) == 0 && v == 0.0);
        EXPECT_INT_EQ(steepest_norm_step_normalized(norm, n, x, z, 3.0, out, &v), STEEPEST_OK);
        CHECK(memcmp(out, x, n * sizeof *x) == 0 && v == 0.0);
        EXPECT_INT_EQ(steepest_norm_step_normalized(norm, n, y, z, 3.0, y, &v), STEEPEST_OK);
        CHECK(memcmp(y, x, n * sizeof *x) == 0);
        EXPECT_INT_EQ(steepest_norm_step_scaled(norm, n, y, z, 3.0, y, &v), STEEPEST_OK);
        CHECK(memcmp(y, x, n * sizeof *x) == 0);
        g_free(z);
        g_free(out);
        g_free(x);
        g_free(y);
        steepest_norm_free(norm);
    }
}
END_TEST

START_TEST(zero_blocks_stay_zero)
{
    SteepestNorm *norm = NULL;
    EXPECT_INT_EQ(steepest_norm_new("block:sizes=2+3+1", 6, &norm), STEEPEST_OK);
    const double z[6] = { 3, 4, 0, 0, 0, -2 };
    double s[6], zs[6], d;
    EXPECT_INT_EQ(steepest_norm_unit_direction(norm, 6, z, s, &d), STEEPEST_OK);
    EXPECT_DOUBLE_EQ(d, 7.0);
    const double want[6] = { 0.6, 0.8, 0, 0, 0, -1 };
    for (int i = 0; i < 6; i++)
        EXPECT_DOUBLE_EQ_TOL(s[i], want[i], 1e-15);
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 6, z, zs, &d), STEEPEST_OK);
    for (int i = 0; i < 6; i++)
        EXPECT_DOUBLE_EQ_TOL(zs[i], 7.0 * want[i], 1e-14);
    steepest_norm_free(norm);
}
END_TEST

/* ---- overflow-safe ℓ2 ---- */

static double
eval_norm(const char *spec, size_t n, const double *x, int dual)
{
    SteepestNorm *norm = NULL;
    EXPECT_INT_EQ(steepest_norm_new(spec, n, &norm), STEEPEST_OK);
    double v = -1;
    int rc = dual ? steepest_norm_dual_norm(norm, n, x, &v) : steepest_norm_norm(norm, n, x, &v);
    EXPECT(rc == STEEPEST_OK, "%s: %s", spec, steepest_last_error());
    steepest_norm_free(norm);
    return v;
}

START_TEST(l2_neither_overflows_nor_underflows)
{
    const double big[2] = { 3e300, 4e300 }, small[2] = { 3e-300, 4e-300 };
    EXPECT_DOUBLE_EQ_TOL(eval_norm("l2", 2, big, 0), 5e300, 2 * DBL_EPSILON * 5e300);
    EXPECT_DOUBLE_EQ_TOL(eval_norm("l2", 2, small, 0), 5e-300, 2 * DBL_EPSILON * 5e-300);
    EXPECT_DOUBLE_EQ_TOL(eval_norm("l2", 2, big, 1), 5e300, 2 * DBL_EPSILON * 5e300);
    /* subnormals: the reference is exact in long double */
    const double sub[3] = { 3e-320, -4e-320, 4.9406564584124654e-324 };
    double r = (double) ref_l2(3, sub);
    CHECK(fabs(eval_norm("l2", 3, sub, 0) - r) <= DBL_TRUE_MIN);
    /* near the top of the range: √2 · 1e308 is representable */
    const double top[2] = { 1e308, -1e308 };
    EXPECT_DOUBLE_EQ_TOL(eval_norm("l2", 2, top, 0), 1.4142135623730951e308, 4 * DBL_EPSILON * 1.5e308);
    /* mixed: the tiny entry does not matter, and is not lost to NaN */
    const double mixed[3] = { 1e-300, 1e300, 1e-320 };
    EXPECT_DOUBLE_EQ_TOL(eval_norm("l2", 3, mixed, 0), 1e300, 2 * DBL_EPSILON * 1e300);
    const double mid_small[2] = { 1.0, 1e-200 };
    EXPECT_DOUBLE_EQ(eval_norm("l2", 2, mid_small, 0), 1.0);
    /* many huge entries: √1000 · 1e300 */
    double many[1000];
    for (int i = 0; i < 1000; i++)
        many[i] = (i & 1) ? 1e300 : -1e300;
    EXPECT_DOUBLE_EQ_TOL(eval_norm("l2", 1000, many, 0), sqrt(1000.0) * 1e300, 1e3 * DBL_EPSILON * 3.2e301);
    for (int i = 0; i < 1000; i++)
        many[i] = (i & 1) ? 1e-300 : -1e-300;
    EXPECT_DOUBLE_EQ_TOL(eval_norm("l2", 1000, many, 0), sqrt(1000.0) * 1e-300, 1e3 * DBL_EPSILON * 3.2e-299);

    /* the same inside block norms */
    const double blocks[6] = { 3e300, 4e300, 3e-300, 4e-300, 3e-320, 4e-320 };
    EXPECT_DOUBLE_EQ_TOL(eval_norm("block:size=2", 6, blocks, 0), 5e300, 2 * DBL_EPSILON * 5e300);
    EXPECT_DOUBLE_EQ_TOL(eval_norm("block:size=2", 6, blocks, 1), 5e300, 2 * DBL_EPSILON * 5e300);
    EXPECT_DOUBLE_EQ_TOL(eval_norm("block:sizes=2+4", 6, blocks, 0), 5e300, 2 * DBL_EPSILON * 5e300);
    EXPECT_DOUBLE_EQ_TOL(eval_norm("block:size=2", 4, blocks + 2, 0), 5e-300, 2 * DBL_EPSILON * 5e-300);
    EXPECT_DOUBLE_EQ_TOL(eval_norm("block:size=2", 4, blocks + 2, 1), 5e-300, 2 * DBL_EPSILON * 5e-300);
    r = (double) ref_l2(2, blocks + 4);
    CHECK(fabs(eval_norm("block:size=2", 2, blocks + 4, 0) - r) <= DBL_TRUE_MIN);
}
END_TEST

START_TEST(unit_directions_of_extreme_vectors)
{
    /* s(z) = (0.6, -0.8) whether z is huge, tiny or subnormal */
    static const double scales[] = { 1e300, 1e-300, 1e-320, 1.0, 0x1p-1074 };
    const char *specs[] = { "l2", "block:size=2" };
    for (size_t k = 0; k < G_N_ELEMENTS(specs); k++) {
        SteepestNorm *norm = NULL;
        EXPECT_INT_EQ(steepest_norm_new(specs[k], 2, &norm), STEEPEST_OK);
        for (size_t j = 0; j < G_N_ELEMENTS(scales); j++) {
            /* (3, -4) and, at the bottom of the range, (1, -1) */
            const double z[2] = { (j == 4 ? 1 : 3) * scales[j], (j == 4 ? -1 : -4) * scales[j] };
            double u[2], s[2], d, out[2];
            ref_unit(2, z, u);
            const double x[2] = { 0, 0 };
            EXPECT_INT_EQ(steepest_norm_unit_direction(norm, 2, z, s, &d), STEEPEST_OK);
            EXPECT_DOUBLE_EQ_TOL(s[0], u[0], 4 * DBL_EPSILON);
            EXPECT_DOUBLE_EQ_TOL(s[1], u[1], 4 * DBL_EPSILON);
            EXPECT_INT_EQ(steepest_norm_step_normalized(norm, 2, x, z, 2.0, out, &d), STEEPEST_OK);
            EXPECT_DOUBLE_EQ_TOL(out[0], -2 * u[0], 8 * DBL_EPSILON);
            EXPECT_DOUBLE_EQ_TOL(out[1], -2 * u[1], 8 * DBL_EPSILON);
        }
        steepest_norm_free(norm);
    }
}
END_TEST

/* ---- NaN and Inf ---- */

typedef int (*EvalFn)(const SteepestNorm *, size_t, const double *, double *);

/* NaN in: NaN out and STEEPEST_ERROR_NOT_FINITE naming the index, for every
 * evaluation; out-of-place steps leave x alone. */
START_TEST(nan_in_nan_out)
{
    uint64_t seed = 31 + (uint64_t) _i;
    for (int trial = 0; trial < 40; trial++) {
        size_t n = 1 + next(&seed) % 300;
        SteepestNorm *norm = make_for_dim((size_t) _i, n);
        const char *spec = steepest_norm_get_spec(norm);
        double *z = g_new(double, n), *x = g_new(double, n), *keep = g_new(double, n),
               *out = g_new(double, n);
        random_vector(&seed, n, 0, z);
        random_vector(&seed, n, 0, x);
        memcpy(keep, x, n * sizeof *x);
        size_t k = next(&seed) % n;
        z[k] = NAN;
        if (n > 1 && (trial & 1)) /* an Inf elsewhere does not hide the NaN */
            z[(k + 1) % n] = (trial & 2) ? INFINITY : -INFINITY;
        size_t first = (n > 1 && (trial & 1) && (k + 1) % n < k) ? (k + 1) % n : k;
        char idx[48];
        g_snprintf(idx, sizeof idx, "z[%zu]", first);
        char xidx[48];
        g_snprintf(xidx, sizeof xidx, "x[%zu]", first);

        const EvalFn fns[2] = { steepest_norm_norm, steepest_norm_dual_norm };
        for (int f = 0; f < 2; f++) {
            double v = 0;
            EXPECT_INT_EQ(fns[f](norm, n, z, &v), STEEPEST_ERROR_NOT_FINITE);
            EXPECT(isnan(v), "%s n=%zu %s = %g", spec, n, f ? "dual" : "norm", v);
            EXPECT(strstr(steepest_last_error(), f ? idx : xidx) != NULL, "%s", steepest_last_error());
        }
        double d = 0;
        EXPECT_INT_EQ(steepest_norm_duality_map(norm, n, z, out, &d), STEEPEST_ERROR_NOT_FINITE);
        CHECK(isnan(d));
        CHECK(strstr(steepest_last_error(), idx) != NULL);
        d = 0;
        EXPECT_INT_EQ(steepest_norm_unit_direction(norm, n, z, out, &d), STEEPEST_ERROR_NOT_FINITE);
        CHECK(isnan(d));
        d = 0;
        EXPECT_INT_EQ(steepest_norm_step_scaled(norm, n, x, z, 0.5, out, &d), STEEPEST_ERROR_NOT_FINITE);
        CHECK(isnan(d));
        CHECK(strstr(steepest_last_error(), idx) != NULL);
        d = 0;
        EXPECT_INT_EQ(steepest_norm_step_normalized(norm, n, x, z, 0.5, out, &d), STEEPEST_ERROR_NOT_FINITE);
        CHECK(isnan(d));
        CHECK(memcmp(x, keep, n * sizeof *x) == 0);
        CHECK(strstr(steepest_norm_last_error(norm), idx) != NULL);
        g_free(z);
        g_free(x);
        g_free(keep);
        g_free(out);
        steepest_norm_free(norm);
    }
}
END_TEST

START_TEST(inf_in_inf_out)
{
    size_t n = 7;
    SteepestNorm *norm = make_for_dim((size_t) _i, n);
    double z[7] = { 1, -2, 0, 3, -4, 5, 0.5 };
    for (int sgn = -1; sgn <= 1; sgn += 2) {
        z[4] = sgn * INFINITY;
        const EvalFn fns[2] = { steepest_norm_norm, steepest_norm_dual_norm };
        for (int f = 0; f < 2; f++) {
            double v = 0;
            EXPECT_INT_EQ(fns[f](norm, n, z, &v), STEEPEST_ERROR_NOT_FINITE);
            EXPECT(v == INFINITY, "%s: %g", all_specs[_i], v);
            CHECK(strstr(steepest_last_error(), sgn < 0 ? "[4] is -Inf" : "[4] is +Inf") != NULL);
        }
        double out[7], d = 0;
        EXPECT_INT_EQ(steepest_norm_duality_map(norm, n, z, out, &d), STEEPEST_ERROR_NOT_FINITE);
        CHECK(d == INFINITY);
        const double x[7] = { 1, 2, 3, 4, 5, 6, 7 };
        EXPECT_INT_EQ(steepest_norm_step_scaled(norm, n, x, z, 1.0, out, &d), STEEPEST_ERROR_NOT_FINITE);
        CHECK(d == INFINITY);
    }
    steepest_norm_free(norm);
}
END_TEST

START_TEST(finite_input_that_overflows_is_reported)
{
    const double x[2] = { 1.5e308, 1.5e308 };
    SteepestNorm *l1 = NULL;
    EXPECT_INT_EQ(steepest_norm_new("l1", 2, &l1), STEEPEST_OK);
    double v = 0;
    EXPECT_INT_EQ(steepest_norm_norm(l1, 2, x, &v), STEEPEST_ERROR_NOT_FINITE);
    CHECK(v == INFINITY);
    CHECK(strstr(steepest_last_error(), "overflow") != NULL);
    steepest_norm_free(l1);
}
END_TEST

/* ---- steps ---- */

START_TEST(steps_equal_the_formulas)
{
    Kind kind = kinds[_i];
    uint64_t seed = 900 + (uint64_t) _i;
    for (int trial = 0; trial < 400; trial++) {
        Geo g;
        geo_random(&g, &seed, kind, random_dim(&seed));
        size_t n = g.n;
        double *x = g_new(double, n), *z = g_new(double, n), *zkeep = g_new(double, n),
               *xkeep = g_new(double, n);
        double *out = g_new(double, n), *d = g_new(double, n), *want = g_new(double, n);
        random_vector(&seed, n, 0, x);
        random_vector(&seed, n, (int) (next(&seed) % 41) - 20, z);
        memcpy(xkeep, x, n * sizeof *x);
        memcpy(zkeep, z, n * sizeof *z);
        double alpha =
            (trial % 7 == 0) ? 0.0 : (uniform(&seed) - 0.3) * ldexp(1.0, (int) (next(&seed) % 21) - 10);
        for (int scaled = 0; scaled <= 1; scaled++) {
            if (scaled)
                ref_map(&g, z, d);
            else
                ref_direction(&g, z, d);
            double dmax = max_abs(n, d);
            for (size_t i = 0; i < n; i++)
                want[i] = (double) ((long double) x[i] - (long double) alpha * d[i]);
            double scale = fabs(alpha) * dmax + max_abs(n, x);
            double dual = -1;
            int rc = scaled ? steepest_norm_step_scaled(g.norm, n, x, z, alpha, out, &dual)
                            : steepest_norm_step_normalized(g.norm, n, x, z, alpha, out, &dual);
            EXPECT(rc == STEEPEST_OK, "%s: %s", g.spec, steepest_last_error());
            assert_vec_close(&g, scaled ? "scaled step" : "normalized step", out, want, scale, TOL(n));
            assert_rel(&g, "step's dual value", dual, ref_dual(&g, z), TOL(n));
            CHECK(memcmp(x, xkeep, n * sizeof *x) == 0 && memcmp(z, zkeep, n * sizeof *z) == 0);
            if (alpha == 0.0)
                CHECK(memcmp(out, x, n * sizeof *x) == 0);
            /* in place, and without a dual value */
            memcpy(out, x, n * sizeof *x);
            rc = scaled ? steepest_norm_step_scaled(g.norm, n, out, z, alpha, out, NULL)
                        : steepest_norm_step_normalized(g.norm, n, out, z, alpha, out, NULL);
            EXPECT_INT_EQ(rc, STEEPEST_OK);
            assert_vec_close(&g, scaled ? "scaled step in place" : "normalized step in place", out, want,
                             scale, TOL(n));
            CHECK(memcmp(z, zkeep, n * sizeof *z) == 0);
        }
        /* z may be x itself when the output goes elsewhere */
        EXPECT_INT_EQ(steepest_norm_step_scaled(g.norm, n, x, x, 0.5, out, NULL), STEEPEST_OK);
        g_free(x);
        g_free(z);
        g_free(zkeep);
        g_free(xkeep);
        g_free(out);
        g_free(d);
        g_free(want);
        geo_free(&g);
    }
}
END_TEST

/* ---- argument errors ---- */

START_TEST(arguments_are_checked)
{
    SteepestNorm *norm = make_for_dim((size_t) _i, 6);
    double x[6] = { 1, 2, 3, 4, 5, 6 }, z[6] = { -1, 0, 2, 0, -3, 1 }, buf[12], v = 42.0;
    memcpy(buf, x, sizeof x);

    EXPECT_INT_EQ(steepest_norm_norm(NULL, 6, x, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_norm(norm, 6, NULL, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_norm(norm, 6, x, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_dual_norm(norm, 6, NULL, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_dual_norm(NULL, 6, z, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_DOUBLE_EQ(v, 42.0);
    EXPECT_INT_EQ(steepest_norm_norm(norm, 5, x, &v), STEEPEST_ERROR_DIMENSION);
    EXPECT(strstr(steepest_last_error(), "5") && strstr(steepest_last_error(), "6"), "%s",
           steepest_last_error());
    EXPECT_INT_EQ(steepest_norm_norm(norm, 0, x, &v), STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_norm_dual_norm(norm, 7, z, &v), STEEPEST_ERROR_DIMENSION);
    EXPECT_DOUBLE_EQ(v, 42.0);

    double out[6];
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 6, NULL, out, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 6, z, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 5, z, out, NULL), STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_norm_duality_map(NULL, 6, z, out, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    /* z♯ and s must not overlap z, in any way */
    memcpy(buf, z, sizeof z);
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 6, buf, buf, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(steepest_last_error(), "overlap") != NULL);
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 6, buf, buf + 5, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 6, buf + 3, buf, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, 6, buf, buf + 6, NULL), STEEPEST_OK); /* adjacent is fine */
    EXPECT_INT_EQ(steepest_norm_unit_direction(norm, 6, buf, buf + 1, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_unit_direction(norm, 6, buf, buf, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_unit_direction(norm, 6, NULL, out, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_unit_direction(norm, 6, z, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    EXPECT_INT_EQ(steepest_norm_unit_direction(norm, 2, z, out, NULL), STEEPEST_ERROR_DIMENSION);

    typedef int (*StepFn)(const SteepestNorm *, size_t, const double *, const double *, double, double *,
                          double *);
    const StepFn steps[2] = { steepest_norm_step_scaled, steepest_norm_step_normalized };
    for (int k = 0; k < 2; k++) {
        EXPECT_INT_EQ(steps[k](NULL, 6, x, z, 1, out, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
        EXPECT_INT_EQ(steps[k](norm, 6, NULL, z, 1, out, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
        EXPECT_INT_EQ(steps[k](norm, 6, x, NULL, 1, out, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
        EXPECT_INT_EQ(steps[k](norm, 6, x, z, 1, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
        EXPECT_INT_EQ(steps[k](norm, 4, x, z, 1, out, NULL), STEEPEST_ERROR_DIMENSION);
        const double bad_alpha[3] = { NAN, INFINITY, -INFINITY };
        for (int a = 0; a < 3; a++) {
            EXPECT_INT_EQ(steps[k](norm, 6, x, z, bad_alpha[a], out, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
            CHECK(strstr(steepest_last_error(), "alpha") != NULL);
        }
        /* x_out may be x, but must not overlap x otherwise, nor z at all */
        memcpy(buf, x, sizeof x);
        EXPECT_INT_EQ(steps[k](norm, 6, buf, z, 1, buf + 1, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
        CHECK(strstr(steepest_last_error(), "overlap") != NULL);
        EXPECT_INT_EQ(steps[k](norm, 6, buf + 2, z, 1, buf, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
        memcpy(buf, z, sizeof z);
        EXPECT_INT_EQ(steps[k](norm, 6, x, buf, 1, buf, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
        EXPECT_INT_EQ(steps[k](norm, 6, x, buf, 1, buf + 3, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
        EXPECT_INT_EQ(steps[k](norm, 6, buf, buf, 1, buf, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
        /* none of these touched the inputs */
        CHECK(x[0] == 1 && x[5] == 6 && z[4] == -3);
    }
    steepest_norm_free(norm);
}
END_TEST

START_TEST(last_error_is_kept_per_norm)
{
    SteepestNorm *a = NULL, *b = NULL;
    EXPECT_INT_EQ(steepest_norm_new("l2", 3, &a), STEEPEST_OK);
    EXPECT_INT_EQ(steepest_norm_new("linf", 3, &b), STEEPEST_OK);
    ck_assert_str_eq(steepest_norm_last_error(a), "");
    ck_assert_str_eq(steepest_norm_last_error(NULL), "");
    const double x[3] = { 1, 2, 3 };
    double v;
    EXPECT_INT_EQ(steepest_norm_norm(a, 2, x, &v), STEEPEST_ERROR_DIMENSION);
    EXPECT_INT_EQ(steepest_norm_norm(b, 3, NULL, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(steepest_norm_last_error(a), "dimension 2") != NULL);
    CHECK(strstr(steepest_norm_last_error(a), "l2") != NULL);
    CHECK(strstr(steepest_norm_last_error(b), "NULL") != NULL);
    /* a success leaves the norm's last failure in place; the thread's error
     * is the most recent failure */
    EXPECT_INT_EQ(steepest_norm_norm(a, 3, x, &v), STEEPEST_OK);
    CHECK(strstr(steepest_norm_last_error(a), "dimension 2") != NULL);
    CHECK(strstr(steepest_last_error(), "NULL") != NULL);
    steepest_norm_free(a);
    steepest_norm_free(b);
}
END_TEST

typedef struct {
    SteepestNorm *norm;
    const double *z;
    size_t n;
    double expect;
    int ok;
} Shared;

static gpointer
evaluate_concurrently(gpointer data)
{
    Shared *sh = data;
    double *s = g_new(double, sh->n);
    sh->ok = 1;
    for (int it = 0; it < 300; it++) {
        double d;
        if (steepest_norm_unit_direction(sh->norm, sh->n, sh->z, s, &d) != STEEPEST_OK || d != sh->expect)
            sh->ok = 0;
    }
    g_free(s);
    return NULL;
}

START_TEST(one_norm_evaluated_by_several_threads)
{
    size_t n = 3000;
    double *z = g_new(double, n);
    uint64_t seed = 4;
    random_vector(&seed, n, 0, z);
    SteepestNorm *norm = NULL;
    EXPECT_INT_EQ(steepest_norm_new("block:sizes=1000+1500+500", n, &norm), STEEPEST_OK);
    double expect;
    EXPECT_INT_EQ(steepest_norm_dual_norm(norm, n, z, &expect), STEEPEST_OK);
    Shared sh[4];
    GThread *t[4];
    for (int k = 0; k < 4; k++) {
        sh[k] = (Shared){ norm, z, n, expect, 0 };
        t[k] = g_thread_new("eval", evaluate_concurrently, &sh[k]);
    }
    for (int k = 0; k < 4; k++) {
        g_thread_join(t[k]);
        CHECK(sh[k].ok);
    }
    steepest_norm_free(norm);
    g_free(z);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("norms");
    TCase *tc = tcase_create("values");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, values_match_the_definitions, 0, 4);
    tcase_add_test(tc, block_norms_reduce_to_l2_and_linf);
    tcase_add_loop_test(tc, lemma3_on_random_vectors, 0, 4);
    suite_add_tcase(s, tc);

    tc = tcase_create("choices");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, l1_map_is_signed_and_lowest_index_wins);
    tcase_add_test(tc, linf_sign_of_zero_is_zero);
    tcase_add_loop_test(tc, zero_vector_gives_zero_never_nan, 0, G_N_ELEMENTS(all_specs));
    tcase_add_test(tc, zero_blocks_stay_zero);
    suite_add_tcase(s, tc);

    tc = tcase_create("extremes");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, l2_neither_overflows_nor_underflows);
    tcase_add_test(tc, unit_directions_of_extreme_vectors);
    tcase_add_loop_test(tc, nan_in_nan_out, 0, G_N_ELEMENTS(all_specs));
    tcase_add_loop_test(tc, inf_in_inf_out, 0, G_N_ELEMENTS(all_specs));
    tcase_add_test(tc, finite_input_that_overflows_is_reported);
    suite_add_tcase(s, tc);

    tc = tcase_create("steps");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, steps_equal_the_formulas, 0, 4);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, arguments_are_checked, 0, G_N_ELEMENTS(all_specs));
    tcase_add_test(tc, last_error_is_kept_per_norm);
    tcase_add_test(tc, one_norm_evaluated_by_several_threads);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
