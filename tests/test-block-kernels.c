/* test-block-kernels.c — the block max norm's step kernels, case by case.
 *
 * block.c moves equal blocks through fused AVX kernels (lengths 2, 4 and
 * multiples of 8, four blocks at a time, specialized for 2, 4, 8, 16, 32
 * and 64), through chunked kernels otherwise (and on CPUs without AVX), and
 * unequal blocks through a table of chunks.  Each kernel has its own
 * handling of zero, tiny, huge and non-finite blocks.  Every result here is
 * compared with a straightforward long-double reference written from the
 * definition (paper Eq. 21-22, docs/theory.md):
 *   ‖x‖ = max_b ‖x_b‖₂,  ‖z‖* = D = Σ_b ‖z_b‖₂,  s(z)_b = z_b/‖z_b‖₂ (0 for a
 *   zero block),  z♯ = D s(z),  step_normalized = x − α s(z),
 *   step_scaled = x − α D s(z),
 * for block lengths 1, 2, 3, 4, 5, 7, 8, 16, 24, 32, 40, 48, 63, 64, 128,
 * block counts around the groups of four and the chunk limits, unequal
 * layouts, in place and out of place, on 32-byte aligned and misaligned
 * buffers.  The suite runs twice (tests/meson.build): as the CPU is, and
 * with STEEPEST_KERNELS_NO_AVX=1, the SSE2 kernels of CPUs without AVX.
 *
 * Tolerance: each reference quantity is a sum of at most k squares, a root
 * and a division or two; the library sums in another order, so an entry may
 * differ by a few (k + 8)u relative to the size of the terms it combines
 * (Higham, Accuracy and Stability, §4.2).  TOL(k) = 8 (k + 8) ε keeps a
 * factor of eight over that and still fails on any wrong block, scale or
 * sign.  Blocks with subnormal entries are scaled exactly (by powers of two)
 * in both computations, so the same relative bound holds; FLOOR absorbs the
 * absolute rounding of results that are themselves subnormal. */
#include <check.h>
#include <float.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>

#include "quiet-check.h"
#include "check-run.h"

#define TOL(k) (8.0 * ((double) (k) + 8.0) * DBL_EPSILON)
/* Results in the subnormal range carry an absolute rounding error of half
 * of 2^-1074 per operation. */
#define FLOOR (16.0 * DBL_TRUE_MIN)

/* ---- random numbers (splitmix64) ---- */

static uint64_t
next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* ±(1 + u)·2^e, e in [scale − 4, scale + 4]; a tenth of the entries are 0. */
static double
rnd(uint64_t *s, int scale)
{
    if (next(s) % 10 == 0)
        return 0.0;
    double v = ldexp(1.0 + (double) (next(s) >> 11) * 0x1p-53, (int) (next(s) % 9) - 4 + scale);
    return (next(s) & 1) ? v : -v;
}

/* ---- layouts ---- */

typedef struct {
    char spec[1024];
    size_t n, n_blocks;
    size_t *start; /* block b is [start[b], start[b+1]) */
} Layout;

static void
layout_equal(Layout *l, size_t k, size_t n_blocks)
{
    l->n = k * n_blocks;
    l->n_blocks = n_blocks;
    l->start = g_new(size_t, n_blocks + 1);
    for (size_t b = 0; b <= n_blocks; b++)
        l->start[b] = b * k;
    g_snprintf(l->spec, sizeof l->spec, "block:size=%zu", k);
}

static void
layout_sizes(Layout *l, const size_t *len, size_t n_blocks)
{
    l->n_blocks = n_blocks;
    l->start = g_new(size_t, n_blocks + 1);
    l->start[0] = 0;
    GString *spec = g_string_new("block:sizes=");
    for (size_t b = 0; b < n_blocks; b++) {
        l->start[b + 1] = l->start[b] + len[b];
        g_string_append_printf(spec, b ? "+%zu" : "%zu", len[b]);
    }
    l->n = l->start[n_blocks];
    g_strlcpy(l->spec, spec->str, sizeof l->spec);
    g_string_free(spec, TRUE);
}

static void
layout_clear(Layout *l)
{
    g_free(l->start);
    l->start = NULL;
}

static size_t
layout_len(const Layout *l, size_t b)
{
    return l->start[b + 1] - l->start[b];
}

/* ---- the reference ---- */

/* c·z_i/(m·r) with the exponents kept apart (frexp is exact), so that no
 * intermediate over- or underflows, even in plain double (long double is
 * double under valgrind): for a huge entry next to a tiny one, z_i/m alone
 * is below the double range while c·z_i/m is not. */
static long double
ref_quot(long double c, double zi, double m, long double r)
{
    int ec, ez, em;
    long double fc = frexpl(c, &ec);
    double fz = frexp(zi, &ez), fm = frexp(m, &em);
    return ldexpl(fc * ((long double) fz / (long double) fm) / r, ec + ez - em);
}

/* ‖z_b‖₂ = m·r in long double, m the largest |entry| and r = ‖z_b/m‖₂ in
 * [1, √k]: dividing by m first needs no wider exponent (long double has
 * none under valgrind), and z_i/‖z_b‖ = (z_i/m)/r never goes through a
 * subnormal norm.  Returns m (NaN if the block holds one, +Inf for an
 * infinite entry, 0 for a zero block) and sets *r. */
static long double
ref_scaled(const Layout *l, size_t b, const double *z, long double *r)
{
    double m = 0.0;
    *r = 1.0L;
    for (size_t i = l->start[b]; i < l->start[b + 1]; i++) {
        double a = fabs(z[i]);
        if (isnan(a))
            return NAN;
        if (a > m)
            m = a;
    }
    if (m == 0.0 || isinf(m))
        return m;
    long double s = 0.0L;
    for (size_t i = l->start[b]; i < l->start[b + 1]; i++) {
        long double t = (long double) z[i] / m; /* a ratio below the range adds nothing */
        s += t * t;
    }
    *r = sqrtl(s);
    return m;
}

static long double
ref_nrm(const Layout *l, size_t b, const double *z)
{
    long double r, m = ref_scaled(l, b, z, &r);
    return m * r;
}

static long double
ref_dual(const Layout *l, const double *z)
{
    long double s = 0.0L;
    for (size_t b = 0; b < l->n_blocks; b++)
        s += ref_nrm(l, b, z);
    return s;
}

static long double
ref_primal(const Layout *l, const double *x)
{
    long double m = 0.0L;
    for (size_t b = 0; b < l->n_blocks; b++) {
        long double a = ref_nrm(l, b, x);
        if (isnan(a))
            return NAN;
        if (a > m)
            m = a;
    }
    return m;
}

/* want = x − c s(z) (x NULL: 0), and the bound on |got − want| per entry. */
static void
ref_move(const Layout *l, const double *x, const double *z, long double c, long double *want, double *tol)
{
    for (size_t b = 0; b < l->n_blocks; b++) {
        long double r, m = ref_scaled(l, b, z, &r);
        double t = TOL(layout_len(l, b));
        for (size_t i = l->start[b]; i < l->start[b + 1]; i++) {
            long double xi = x != NULL ? (long double) x[i] : 0.0L;
            long double d = m == 0.0L ? 0.0L : ref_quot(c, z[i], m, r);
            want[i] = xi - d;
            tol[i] = t * (double) (fabsl(xi) + fabsl(d)) + FLOOR;
        }
    }
}

static void
expect_close(const char *what, const Layout *l, const double *got, const long double *want, const double *tol)
{
    for (size_t i = 0; i < l->n; i++) {
        double err = fabs((double) ((long double) got[i] - want[i]));
        EXPECT(err <= tol[i], "%s %s n=%zu: [%zu] = %.17g, want %.17Lg (error %.3g > %.3g)", l->spec, what,
               l->n, i, got[i], want[i], err, tol[i]);
    }
}

static void
expect_scalar(const char *what, const Layout *l, double got, long double want, size_t k)
{
    double err = fabs((double) ((long double) got - want));
    EXPECT(err <= TOL(k) * (double) fabsl(want) + FLOOR, "%s %s n=%zu: %.17g, want %.17Lg", l->spec, what,
           l->n, got, want);
}

/* ---- buffers: 32-byte aligned, or one double past that ---- */

typedef struct {
    void *base;
    double *v;
} Buf;

static void
buf_new(Buf *b, size_t n, int misaligned)
{
    b->base = aligned_alloc(32, ((n + 1) * sizeof(double) + 31) / 32 * 32);
    ck_assert_ptr_nonnull(b->base);
    b->v = (double *) b->base + (misaligned ? 1 : 0);
}

/* ---- one layout, one z, every operation ---- */

/* The longest block, for the scalar tolerances. */
static size_t
layout_kmax(const Layout *l)
{
    size_t k = 1;
    for (size_t b = 0; b < l->n_blocks; b++)
        k = layout_len(l, b) > k ? layout_len(l, b) : k;
    return k;
}

/* Every operation on finite x and z: the norm of x, ‖z‖*, z♯, s(z) and both
 * steps with each alpha, in place and out of place, aligned and not. */
static void
check_all(const Layout *l, const double *x0, const double *z0, const double *alphas, size_t n_alpha)
{
    size_t n = l->n, kmax = layout_kmax(l);
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new(l->spec, n, &norm);
    EXPECT(rc == STEEPEST_OK, "%s n=%zu: %s", l->spec, n, steepest_last_error());
    if (rc != STEEPEST_OK)
        return;
    long double *want = g_new(long double, n);
    double *tol = g_new(double, n);
    long double dual = ref_dual(l, z0);
    for (int mis = 0; mis < 2; mis++) {
        Buf X, Z, O;
        buf_new(&X, n, mis);
        buf_new(&Z, n, mis);
        buf_new(&O, n, !mis); /* out misaligned against x and z */
        memcpy(X.v, x0, n * sizeof *x0);
        memcpy(Z.v, z0, n * sizeof *z0);
        double v = -1.0, d = -1.0;
        EXPECT_INT_EQ(steepest_norm_norm(norm, n, X.v, &v), STEEPEST_OK);
        expect_scalar("norm", l, v, ref_primal(l, X.v), kmax);
        EXPECT_INT_EQ(steepest_norm_dual_norm(norm, n, Z.v, &v), STEEPEST_OK);
        expect_scalar("dual_norm", l, v, dual, kmax);

        EXPECT_INT_EQ(steepest_norm_duality_map(norm, n, Z.v, O.v, &d), STEEPEST_OK);
        expect_scalar("duality_map dual", l, d, dual, kmax);
        /* z♯ = D̂ s(z) with D̂ the dual norm as computed (checked above, but
         * it has few significant bits when it is subnormal) */
        ref_move(l, NULL, Z.v, -(long double) d, want, tol);
        for (size_t i = 0; i < n; i++) /* D itself carries TOL(kmax) */
            tol[i] += TOL(kmax) * fabs((double) want[i]);
        expect_close("duality_map", l, O.v, want, tol);

        EXPECT_INT_EQ(steepest_norm_unit_direction(norm, n, Z.v, O.v, &d), STEEPEST_OK);
        expect_scalar("unit_direction dual", l, d, dual, kmax);
        ref_move(l, NULL, Z.v, -1.0L, want, tol);
        expect_close("unit_direction", l, O.v, want, tol);

        for (size_t a = 0; a < n_alpha; a++) {
            double alpha = alphas[a];
            for (int scaled = 0; scaled < 2; scaled++) {
                /* the scaled step moves by α D̂, D̂ as computed (see z♯) */
                long double c = scaled ? (long double) alpha * (long double) v : (long double) alpha;
                ref_move(l, x0, Z.v, c, want, tol);
                if (scaled)
                    for (size_t i = 0; i < n; i++)
                        tol[i] += TOL(kmax) * fabs((double) ((long double) x0[i] - want[i]));
                char what[64];
                for (int inplace = 0; inplace < 2; inplace++) {
                    memcpy(X.v, x0, n * sizeof *x0);
                    double *out = inplace ? X.v : O.v;
                    d = -1.0;
                    rc = scaled ? steepest_norm_step_scaled(norm, n, X.v, Z.v, alpha, out, &d)
                                : steepest_norm_step_normalized(norm, n, X.v, Z.v, alpha, out, &d);
                    g_snprintf(what, sizeof what, "%s alpha=%g %s %s",
                               scaled ? "step_scaled" : "step_normalized", alpha,
                               inplace ? "in place" : "apart", mis ? "misaligned" : "aligned");
                    if (scaled && !isfinite(alpha * v)) {
                        /* the step length α‖z‖* overflows: refused */
                        EXPECT(rc == STEEPEST_ERROR_NOT_FINITE, "%s %s: status %d", l->spec, what, rc);
                        continue;
                    }
                    EXPECT(rc == STEEPEST_OK, "%s %s: %s", l->spec, what, steepest_norm_last_error(norm));
                    expect_scalar(what, l, d, dual, kmax);
                    expect_close(what, l, out, want, tol);
                    if (!inplace)
                        EXPECT(memcmp(X.v, x0, n * sizeof *x0) == 0, "%s %s: x changed", l->spec, what);
                }
            }
        }
        EXPECT(memcmp(Z.v, z0, n * sizeof *z0) == 0, "%s: z changed", l->spec);
        free(X.base);
        free(Z.base);
        free(O.base);
    }
    g_free(want);
    g_free(tol);
    steepest_norm_free(norm);
}

/* ---- block contents ---- */

typedef enum {
    PLAIN,     /* entries around 1 */
    ZERO,      /* all 0: s(z)_b = 0, the block stays put */
    SUBNORMAL, /* entries around 2^-1060: norm below 2^-1000, rescaled */
    SMALL,     /* around 2^-480: the plain sum of squares underflows */
    HUGE,      /* around 2^+520: the plain sum of squares overflows */
    MIXED,     /* one huge entry among plain and tiny ones */
    N_KINDS
} Kind;

static void
fill_block(uint64_t *s, const Layout *l, size_t b, Kind kind, double *z)
{
    static const int scale[N_KINDS] = { 0, 0, -1060, -480, 520, 0 };
    for (size_t i = l->start[b]; i < l->start[b + 1]; i++)
        z[i] = kind == ZERO ? 0.0 : rnd(s, scale[kind]);
    if (kind == SUBNORMAL || kind == SMALL || kind == HUGE)
        z[l->start[b]] = ldexp(1.5, scale[kind]); /* never an all-zero block */
    if (kind == MIXED) {
        z[l->start[b]] = 0x1p+600;
        if (layout_len(l, b) > 1)
            z[l->start[b + 1] - 1] = 0x1p-1070;
    }
}

static void
fill_plain(uint64_t *s, size_t n, double *x)
{
    for (size_t i = 0; i < n; i++)
        x[i] = rnd(s, 0);
}

/* Block b of kind (b + shift) mod N_KINDS when mixing, else all plain. */
static void
fill_kinds(uint64_t *s, const Layout *l, size_t shift, double *z)
{
    for (size_t b = 0; b < l->n_blocks; b++)
        fill_block(s, l, b, (Kind) ((b + shift) % N_KINDS), z);
}

static const size_t lengths[] = { 1, 2, 3, 4, 5, 7, 8, 16, 24, 32, 40, 48, 63, 64, 128 };

/* ---- tests ---- */

START_TEST(equal_blocks_plain)
{
    /* Block counts: fewer than a group of four, groups with each remainder,
     * and past a chunk (128 elements or 256 blocks). */
    static const size_t counts[] = { 1, 3, 4, 5, 6, 7, 9, 37, 130, 260 };
    static const double alphas[] = { 0.5, -3.0 };
    uint64_t s = 11;
    for (size_t a = 0; a < G_N_ELEMENTS(lengths); a++)
        for (size_t c = 0; c < G_N_ELEMENTS(counts); c++) {
            size_t k = lengths[a], nb = counts[c];
            if (k * nb > 20000)
                continue;
            Layout l;
            layout_equal(&l, k, nb);
            double *x = g_new(double, l.n), *z = g_new(double, l.n);
            fill_plain(&s, l.n, x);
            fill_plain(&s, l.n, z);
            check_all(&l, x, z, alphas, G_N_ELEMENTS(alphas));
            g_free(x);
            g_free(z);
            layout_clear(&l);
        }
}
END_TEST

START_TEST(equal_blocks_awkward)
{
    /* Zero, subnormal, small, huge and mixed blocks in every position of a
     * group of four (shifted layouts), with alphas whose factor α/‖z_b‖
     * overflows for tiny blocks (1e300: divide first) and that skip the
     * fused loop (|c| > 2^500). */
    static const size_t counts[] = { 1, 4, 9, 13 };
    static const double alphas[] = { 0.5, -3.0, 1e300 };
    uint64_t s = 12;
    for (size_t a = 0; a < G_N_ELEMENTS(lengths); a++)
        for (size_t c = 0; c < G_N_ELEMENTS(counts); c++)
            for (size_t shift = 0; shift < N_KINDS; shift++) {
                Layout l;
                layout_equal(&l, lengths[a], counts[c]);
                double *x = g_new(double, l.n), *z = g_new(double, l.n);
                fill_plain(&s, l.n, x);
                fill_kinds(&s, &l, shift, z);
                check_all(&l, x, z, alphas, G_N_ELEMENTS(alphas));
                g_free(x);
                g_free(z);
                layout_clear(&l);
            }
}
END_TEST

START_TEST(equal_blocks_one_kind)
{
    /* Every block of one kind: all zero (z = 0 moves nothing, s = 0), all
     * tiny, all huge — whole groups of four outside the plain range. */
    static const double alphas[] = { 0.5, 1e300 };
    uint64_t s = 13;
    for (size_t a = 0; a < G_N_ELEMENTS(lengths); a++)
        for (Kind kind = ZERO; kind < N_KINDS; kind++) {
            Layout l;
            layout_equal(&l, lengths[a], 9);
            double *x = g_new(double, l.n), *z = g_new(double, l.n);
            fill_plain(&s, l.n, x);
            for (size_t b = 0; b < l.n_blocks; b++)
                fill_block(&s, &l, b, kind, z);
            check_all(&l, x, z, alphas, kind == ZERO ? 1 : G_N_ELEMENTS(alphas));
            g_free(x);
            g_free(z);
            layout_clear(&l);
        }
}
END_TEST

/* Unequal layouts: short blocks of varying length (one flat loop per
 * chunk), more than a chunk's 32 blocks, long blocks (one at a time), a
 * block longer than a chunk's 128 elements, and ones among long blocks. */
static const size_t layout_a[] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2 };
static const size_t layout_b[] = { 63, 65, 1, 130, 2 };
static const size_t layout_c[] = { 200, 3, 3, 1 };
static size_t layout_d[45]; /* 44 blocks of 1 or 2, then one of 9 */

static void
layouts_init(void)
{
    for (size_t b = 0; b < 44; b++)
        layout_d[b] = 1 + b % 2;
    layout_d[44] = 9;
}

static const struct {
    const size_t *len;
    size_t n_blocks;
} unequal[] = {
    { layout_a, G_N_ELEMENTS(layout_a) },
    { layout_b, G_N_ELEMENTS(layout_b) },
    { layout_c, G_N_ELEMENTS(layout_c) },
    { layout_d, G_N_ELEMENTS(layout_d) },
};

START_TEST(unequal_blocks)
{
    static const double alphas[] = { 0.5, -3.0, 1e300 };
    uint64_t s = 14;
    layouts_init();
    for (size_t u = 0; u < G_N_ELEMENTS(unequal); u++)
        for (size_t shift = 0; shift <= N_KINDS; shift++) {
            Layout l;
            layout_sizes(&l, unequal[u].len, unequal[u].n_blocks);
            double *x = g_new(double, l.n), *z = g_new(double, l.n);
            fill_plain(&s, l.n, x);
            if (shift == N_KINDS) /* all plain: the flat loops */
                fill_plain(&s, l.n, z);
            else
                fill_kinds(&s, &l, shift, z);
            check_all(&l, x, z, alphas, G_N_ELEMENTS(alphas));
            g_free(x);
            g_free(z);
            layout_clear(&l);
        }
}
END_TEST

/* NaN or ±Inf at entry p of z: ‖z‖* is NaN (NaN wins over Inf) or +Inf, the
 * steps refuse with STEEPEST_ERROR_NOT_FINITE and leave x alone, z♯ shows
 * the value; the norm of x with the same entry is NaN or +Inf. */
static void
check_nonfinite(const Layout *l, size_t p, double bad)
{
    size_t n = l->n;
    SteepestNorm *norm = NULL;
    EXPECT(steepest_norm_new(l->spec, n, &norm) == STEEPEST_OK, "%s: %s", l->spec, steepest_last_error());
    if (norm == NULL)
        return;
    uint64_t s = 15 + p;
    double *x = g_new(double, n), *x0 = g_new(double, n), *z = g_new(double, n), *o = g_new(double, n);
    fill_plain(&s, n, x0);
    fill_plain(&s, n, z);
    z[p] = bad;
    double expect = isnan(bad) ? NAN : INFINITY, v = 0.0, d = 0.0;
    char where[96];
    g_snprintf(where, sizeof where, "%s n=%zu z[%zu]=%g", l->spec, n, p, bad);
    EXPECT_INT_EQ(steepest_norm_dual_norm(norm, n, z, &v), STEEPEST_ERROR_NOT_FINITE);
    EXPECT(isnan(expect) ? isnan(v) : v == expect, "%s: dual %g", where, v);
    EXPECT_INT_EQ(steepest_norm_norm(norm, n, z, &v), STEEPEST_ERROR_NOT_FINITE);
    EXPECT(isnan(expect) ? isnan(v) : v == expect, "%s: norm %g", where, v);
    EXPECT_INT_EQ(steepest_norm_duality_map(norm, n, z, o, &d), STEEPEST_ERROR_NOT_FINITE);
    EXPECT(isnan(expect) ? isnan(d) : d == expect, "%s: duality_map dual %g", where, d);
    for (int scaled = 0; scaled < 2; scaled++) {
        memcpy(x, x0, n * sizeof *x);
        int rc = scaled ? steepest_norm_step_scaled(norm, n, x, z, 0.5, o, &d)
                        : steepest_norm_step_normalized(norm, n, x, z, 0.5, o, &d);
        EXPECT(rc == STEEPEST_ERROR_NOT_FINITE, "%s step %d: %d", where, scaled, rc);
        EXPECT(isnan(expect) ? isnan(d) : d == expect, "%s: step dual %g", where, d);
        EXPECT(memcmp(x, x0, n * sizeof *x) == 0, "%s: x changed by a refused step", where);
    }
    g_free(x);
    g_free(x0);
    g_free(z);
    g_free(o);
    steepest_norm_free(norm);
}

START_TEST(nonfinite_entries)
{
    static const double bad[] = { NAN, INFINITY, -INFINITY };
    layouts_init();
    for (size_t a = 0; a < G_N_ELEMENTS(lengths); a++) {
        Layout l;
        layout_equal(&l, lengths[a], 9);
        /* first, last, and each lane of the first group of four */
        size_t pos[] = { 0, l.n - 1, lengths[a], 2 * lengths[a] + lengths[a] / 2, 3 * lengths[a] + 1 };
        for (size_t i = 0; i < G_N_ELEMENTS(pos); i++)
            for (size_t j = 0; j < G_N_ELEMENTS(bad); j++)
                check_nonfinite(&l, pos[i] % l.n, bad[j]);
        layout_clear(&l);
    }
    for (size_t u = 0; u < G_N_ELEMENTS(unequal); u++) {
        Layout l;
        layout_sizes(&l, unequal[u].len, unequal[u].n_blocks);
        for (size_t p = 0; p < l.n; p += 1 + l.n / 7)
            for (size_t j = 0; j < G_N_ELEMENTS(bad); j++)
                check_nonfinite(&l, p, bad[j]);
        layout_clear(&l);
    }
}
END_TEST

START_TEST(nan_wins_over_inf)
{
    /* An Inf block before a NaN one: the norm is NaN, as the dual norm. */
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("block:size=2", 6, &norm), STEEPEST_OK);
    const double x[6] = { INFINITY, 1.0, 2.0, 3.0, NAN, 0.0 };
    double v = 0.0;
    EXPECT_INT_EQ(steepest_norm_norm(norm, 6, x, &v), STEEPEST_ERROR_NOT_FINITE);
    CHECK(isnan(v));
    EXPECT_INT_EQ(steepest_norm_dual_norm(norm, 6, x, &v), STEEPEST_ERROR_NOT_FINITE);
    CHECK(isnan(v));
    steepest_norm_free(norm);
}
END_TEST

/* Each failure of create() names what was wrong. */
START_TEST(bad_layouts)
{
    static const struct {
        const char *spec;
        size_t n;
        const char *message;
    } cases[] = {
        { "block", 4, "needs size=K" },
        { "block:size=2,sizes=2+2", 4, "not both" },
        { "block:size=3", 4, "size=3 does not divide the dimension 4" },
        { "block:size=8", 4, "size=8 does not divide the dimension 4" },
        { "block:sizes=1+2", 4, "block sizes sum to 3 but the dimension is 4" },
        { "block:sizes=3+3", 4, "sum to more than the dimension 4" },
        { "block:sizes=1+1+1+1+1", 4, "sum to more than the dimension 4" },
    };
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        SteepestNorm *norm = (SteepestNorm *) &norm;
        int rc = steepest_norm_new(cases[c].spec, cases[c].n, &norm);
        EXPECT(rc == STEEPEST_ERROR_PARAMETER, "%s: status %d", cases[c].spec, rc);
        EXPECT(norm == NULL, "%s: a norm was returned", cases[c].spec);
        EXPECT(strstr(steepest_last_error(), cases[c].message) != NULL, "%s: '%s' lacks '%s'", cases[c].spec,
               steepest_last_error(), cases[c].message);
    }
}
END_TEST

static Suite *
block_kernels_suite(void)
{
    Suite *s = suite_create("block-kernels");
    TCase *tc = tcase_create("kernels");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, equal_blocks_plain);
    tcase_add_test(tc, equal_blocks_awkward);
    tcase_add_test(tc, equal_blocks_one_kind);
    tcase_add_test(tc, unequal_blocks);
    tcase_add_test(tc, nonfinite_entries);
    tcase_add_test(tc, nan_wins_over_inf);
    tcase_add_test(tc, bad_layouts);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(block_kernels_suite(), 0);
}
