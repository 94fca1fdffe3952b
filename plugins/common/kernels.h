/* kernels.h — small numeric kernels the built-in norm plugins share.
 *
 * Header-only and private to plugins/: the plugins are written against
 * steepest-plugin.h alone, like third-party ones; this only keeps the
 * numerics in one place.  IEEE semantics throughout (no -ffast-math): NaN in
 * gives NaN out, ±Inf gives +Inf, sign(0) = 0.
 */
#ifndef STEEPEST_PLUGIN_KERNELS_H
#define STEEPEST_PLUGIN_KERNELS_H

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* On x86 with GCC or clang, a few compute-bound kernels also come in an AVX
 * version chosen at run time (the plugins are built for baseline x86-64,
 * SSE2 only).  Never with FMA: contracting a*b+c changes results. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define KERNEL_X86_DISPATCH 1
#define KERNEL_TARGET_AVX __attribute__((target("avx")))
#define KERNEL_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define KERNEL_X86_DISPATCH 0
#define KERNEL_ALWAYS_INLINE inline
#endif

/* Blue's constants as in LAPACK 3.10 dnrm2 (Anderson 2017, Algorithm 978):
 * squares of values in [tsml, tbig] neither overflow nor lose precision to
 * underflow; values outside are scaled by ssml / sbig before squaring. */
#define KERNEL_TSML 0x1p-511
#define KERNEL_TBIG 0x1p+486
#define KERNEL_SSML 0x1p+537
#define KERNEL_SBIG 0x1p-538

/* ‖x‖₂ with scaling: no overflow or harmful underflow anywhere in the
 * double range.  One pass, three accumulators. */
static inline double
kernel_nrm2_safe(size_t n, const double *x)
{
    double asml = 0.0, amed = 0.0, abig = 0.0;
    int notbig = 1;
    for (size_t i = 0; i < n; i++) {
        double ax = fabs(x[i]);
        if (ax > KERNEL_TBIG) {
            double t = ax * KERNEL_SBIG;
            abig += t * t;
            notbig = 0;
        } else if (ax < KERNEL_TSML) {
            if (notbig) {
                double t = ax * KERNEL_SSML;
                asml += t * t;
            }
        } else {
            amed += ax * ax; /* NaN lands here and poisons amed */
        }
    }
    double scl, sumsq;
    if (abig > 0.0) {
        if (amed > 0.0 || isnan(amed))
            abig += (amed * KERNEL_SBIG) * KERNEL_SBIG;
        scl = 1.0 / KERNEL_SBIG;
        sumsq = abig;
    } else if (asml > 0.0) {
        if (amed > 0.0 || isnan(amed)) {
            double ymed = sqrt(amed);
            double ysml = sqrt(asml) / KERNEL_SSML;
            double ymin = ysml > ymed ? ymed : ysml;
            double ymax = ysml > ymed ? ysml : ymed;
            scl = 1.0;
            double r = ymin / ymax;
            sumsq = ymax * ymax * (1.0 + r * r);
        } else {
            scl = 1.0 / KERNEL_SSML;
            sumsq = asml;
        }
    } else {
        scl = 1.0;
        sumsq = amed;
    }
    return scl * sqrt(sumsq);
}

/* z/‖z‖₂ for a tiny z: a norm near or below the subnormal range has too few
 * significant bits for the quotient to be a unit vector (for z = (1, 1)·2^-1074
 * ‖z‖ rounds to 2^-1074 and z/‖z‖ = (1, 1)).  Such vectors are scaled by
 * KERNEL_TINY_SCALE, exactly (a power of two), before dividing. */
#define KERNEL_TINY_NORM 0x1p-1000
#define KERNEL_TINY_SCALE 0x1p+600

/* ‖KERNEL_TINY_SCALE · z‖₂ for ‖z‖₂ < KERNEL_TINY_NORM: every scaled entry is
 * below 2^-400 and either 0 or at least 2^-474, so the plain sum of squares
 * neither overflows nor loses anything to underflow. */
static inline double
kernel_nrm2_tiny_scaled(size_t n, const double *z)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double t = z[i] * KERNEL_TINY_SCALE;
        s += t * t;
    }
    return sqrt(s);
}

/* out = x − c z/‖z‖₂ for 0 < ‖z‖₂ < KERNEL_TINY_NORM, through the scaled z;
 * out may be x. */
static inline void
kernel_move_tiny(size_t n, const double *x, const double *z, double c, double *out)
{
    double ns = kernel_nrm2_tiny_scaled(n, z);
    double f = c / ns;
    if (isfinite(f)) {
        for (size_t i = 0; i < n; i++)
            out[i] = x[i] - f * (z[i] * KERNEL_TINY_SCALE);
    } else { /* huge c: divide first */
        for (size_t i = 0; i < n; i++)
            out[i] = x[i] - c * ((z[i] * KERNEL_TINY_SCALE) / ns);
    }
}

/* A plain sum of squares is exact enough when it lands in this range: no
 * square overflowed, and squares that underflowed weigh < 2^-120 of it. */
static inline int
kernel_ssq_is_safe(double ssq)
{
    return ssq >= 0x1p-900 && ssq <= 0x1p+1000;
}

/* Σ x_i² with eight accumulators: independent chains keep the adder busy
 * (the compiler pairs them into vectors; fewer chains leave it waiting on
 * the latency of each addition, and a read-only sweep is then slower than
 * memory). */
static inline double
kernel_ssq(size_t n, const double *x)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        s0 += x[i] * x[i];
        s1 += x[i + 1] * x[i + 1];
        s2 += x[i + 2] * x[i + 2];
        s3 += x[i + 3] * x[i + 3];
        s4 += x[i + 4] * x[i + 4];
        s5 += x[i + 5] * x[i + 5];
        s6 += x[i + 6] * x[i + 6];
        s7 += x[i + 7] * x[i + 7];
    }
    for (; i < n; i++)
        s0 += x[i] * x[i];
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
}

/* ‖x‖₂: the fast sum of squares when it is safe, the scaled one otherwise
 * (tiny or huge entries, Inf, NaN). */
static inline double
kernel_nrm2(size_t n, const double *x)
{
    double ssq = kernel_ssq(n, x);
    if (kernel_ssq_is_safe(ssq))
        return sqrt(ssq);
    return kernel_nrm2_safe(n, x);
}

/* Σ |x_i| with eight accumulators (see kernel_ssq); NaN and Inf propagate
 * through the sum. */
static inline double
kernel_asum(size_t n, const double *x)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        s0 += fabs(x[i]);
        s1 += fabs(x[i + 1]);
        s2 += fabs(x[i + 2]);
        s3 += fabs(x[i + 3]);
        s4 += fabs(x[i + 4]);
        s5 += fabs(x[i + 5]);
        s6 += fabs(x[i + 6]);
        s7 += fabs(x[i + 7]);
    }
    for (; i < n; i++)
        s0 += fabs(x[i]);
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
}

/* m after seeing a: the larger, and NaN once either is NaN (fmax would
 * drop it). */
#define KERNEL_MAX_NAN(m, a) ((((a) > (m)) | ((a) != (a))) ? (a) : (m))

/* max |x_i|, NaN if any entry is NaN.  The compiler turns the scalar loop
 * into branches, so SSE2 does it four at a time: the IEEE max, plus an
 * "unordered" mask that remembers a NaN. */
static inline double
kernel_amax(size_t n, const double *x)
{
    double m = 0.0;
    size_t i = 0;
#if defined(__SSE2__)
    if (n >= 4) {
        const __m128d abs_mask = _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffffLL));
        __m128d m0 = _mm_setzero_pd(), m1 = _mm_setzero_pd(), nan = _mm_setzero_pd();
        for (; i + 4 <= n; i += 4) {
            __m128d a0 = _mm_and_pd(_mm_loadu_pd(x + i), abs_mask);
            __m128d a1 = _mm_and_pd(_mm_loadu_pd(x + i + 2), abs_mask);
            m0 = _mm_max_pd(m0, a0);
            m1 = _mm_max_pd(m1, a1);
            nan = _mm_or_pd(nan, _mm_cmpunord_pd(a0, a1));
        }
        if (_mm_movemask_pd(nan) != 0)
            return NAN;
        m0 = _mm_max_pd(m0, m1);
        double lanes[2];
        _mm_storeu_pd(lanes, m0);
        m = lanes[0] > lanes[1] ? lanes[0] : lanes[1];
    }
#endif
    for (; i < n; i++) {
        double a = fabs(x[i]);
        m = KERNEL_MAX_NAN(m, a);
    }
    return m;
}

/* The lowest index of the largest |z_i|; the index of the first NaN if any.
 * n >= 1. */
static inline size_t
kernel_iamax(size_t n, const double *z)
{
    size_t k = 0;
    double m = fabs(z[0]);
    if (m != m)
        return 0;
    for (size_t i = 1; i < n; i++) {
        double a = fabs(z[i]);
        if (a > m) {
            m = a;
            k = i;
        } else if (a != a) {
            return i;
        }
    }
    return k;
}

/* sign(v) with sign(0) = 0 and sign(NaN) = NaN. */
static inline double
kernel_sign(double v)
{
    return v > 0.0 ? 1.0 : v < 0.0 ? -1.0 : v;
}

/* ---- step kernels ----------------------------------------------------------
 *
 * A step writes out = x − c·d(z).  The host guarantees that out is either x
 * itself (in place) or overlaps neither x nor z, and that z never overlaps out.
 * Each kernel therefore has one restrict-qualified loop for each case: with a
 * single loop the compiler must assume out and x may overlap and, since its
 * run-time overlap test also rejects out == x, in-place steps (the common
 * case) would run scalar.  Sums use four accumulators so they vectorize
 * without -ffast-math; NaN and Inf still propagate through them. */

static inline void
kernel_axpy_inplace(size_t n, double *restrict x, const double *restrict z, double c)
{
    for (size_t i = 0; i < n; i++)
        x[i] -= c * z[i];
}

static inline void
kernel_axpy_apart(size_t n, const double *restrict x, const double *restrict z, double c,
                  double *restrict out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = x[i] - c * z[i];
}

/* out = x − c z. */
static inline void
kernel_axpy(size_t n, const double *x, const double *z, double c, double *out)
{
    if (out == x)
        kernel_axpy_inplace(n, out, z, c);
    else
        kernel_axpy_apart(n, x, z, c, out);
}

/* The body of kernel_axpy_ssq: out = x − c z and Σ z_i², one sweep. */
#define KERNEL_AXPY_SSQ_BODY(OUT, X)                               \
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;                 \
    size_t i = 0;                                                  \
    for (; i + 4 <= n; i += 4) {                                   \
        double a = z[i], b = z[i + 1], d = z[i + 2], e = z[i + 3]; \
        s0 += a * a;                                               \
        s1 += b * b;                                               \
        s2 += d * d;                                               \
        s3 += e * e;                                               \
        OUT[i] = X[i] - c * a;                                     \
        OUT[i + 1] = X[i + 1] - c * b;                             \
        OUT[i + 2] = X[i + 2] - c * d;                             \
        OUT[i + 3] = X[i + 3] - c * e;                             \
    }                                                              \
    for (; i < n; i++) {                                           \
        s0 += z[i] * z[i];                                         \
        OUT[i] = X[i] - c * z[i];                                  \
    }                                                              \
    return (s0 + s1) + (s2 + s3)

static inline double
kernel_axpy_ssq_inplace(size_t n, double *restrict x, const double *restrict z, double c)
{
    KERNEL_AXPY_SSQ_BODY(x, x);
}

static inline double
kernel_axpy_ssq_apart(size_t n, const double *restrict x, const double *restrict z, double c,
                      double *restrict out)
{
    KERNEL_AXPY_SSQ_BODY(out, x);
}

/* out = x − c z, returning Σ z_i² (the plain sum: check it with
 * kernel_ssq_is_safe).  The whole update happens even for non-finite z. */
static inline double
kernel_axpy_ssq(size_t n, const double *x, const double *z, double c, double *out)
{
    return out == x ? kernel_axpy_ssq_inplace(n, out, z, c) : kernel_axpy_ssq_apart(n, x, z, c, out);
}

/* sign(v) in a form that vectorizes to a few bit operations; sign(0) = 0
 * and, unlike kernel_sign, sign(NaN) = 0: callers check ‖z‖* first. */
#define KERNEL_SIGN_ARITH(v) (fabs(v) > 0.0 ? copysign(1.0, (v)) : 0.0)

static inline void
kernel_sign_step_inplace(size_t n, double *restrict x, const double *restrict z, double c)
{
    for (size_t i = 0; i < n; i++)
        x[i] -= c * KERNEL_SIGN_ARITH(z[i]);
}

static inline void
kernel_sign_step_apart(size_t n, const double *restrict x, const double *restrict z, double c,
                       double *restrict out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = x[i] - c * KERNEL_SIGN_ARITH(z[i]);
}

/* out = x − c sign(z). */
static inline void
kernel_sign_step(size_t n, const double *x, const double *z, double c, double *out)
{
    if (out == x)
        kernel_sign_step_inplace(n, out, z, c);
    else
        kernel_sign_step_apart(n, x, z, c, out);
}

/* The body of kernel_sign_step_asum: out = x − c sign(z) and Σ|z_i|. */
#define KERNEL_SIGN_STEP_ASUM_BODY(OUT, X)                         \
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;                 \
    size_t i = 0;                                                  \
    for (; i + 4 <= n; i += 4) {                                   \
        double a = z[i], b = z[i + 1], d = z[i + 2], e = z[i + 3]; \
        s0 += fabs(a);                                             \
        s1 += fabs(b);                                             \
        s2 += fabs(d);                                             \
        s3 += fabs(e);                                             \
        OUT[i] = X[i] - c * KERNEL_SIGN_ARITH(a);                  \
        OUT[i + 1] = X[i + 1] - c * KERNEL_SIGN_ARITH(b);          \
        OUT[i + 2] = X[i + 2] - c * KERNEL_SIGN_ARITH(d);          \
        OUT[i + 3] = X[i + 3] - c * KERNEL_SIGN_ARITH(e);          \
    }                                                              \
    for (; i < n; i++) {                                           \
        s0 += fabs(z[i]);                                          \
        OUT[i] = X[i] - c * KERNEL_SIGN_ARITH(z[i]);               \
    }                                                              \
    return (s0 + s1) + (s2 + s3)

static inline double
kernel_sign_step_asum_inplace(size_t n, double *restrict x, const double *restrict z, double c)
{
    KERNEL_SIGN_STEP_ASUM_BODY(x, x);
}

static inline double
kernel_sign_step_asum_apart(size_t n, const double *restrict x, const double *restrict z, double c,
                            double *restrict out)
{
    KERNEL_SIGN_STEP_ASUM_BODY(out, x);
}

/* out = x − c sign(z), returning Σ|z_i|, one sweep. */
static inline double
kernel_sign_step_asum(size_t n, const double *x, const double *z, double c, double *out)
{
    return out == x ? kernel_sign_step_asum_inplace(n, out, z, c)
                    : kernel_sign_step_asum_apart(n, x, z, c, out);
}

#if KERNEL_X86_DISPATCH
/* 1 if this CPU (and OS) runs AVX code.  STEEPEST_KERNELS_NO_AVX set to a
 * non-empty value other than "0" (read once per plugin, at its first step)
 * makes it 0, so the SSE2 kernels that CPUs without AVX run can be tested,
 * and compared bit for bit, on machines that have it. */
static inline int
kernel_cpu_has_avx(void)
{
    static int answer = -1; /* a benign race: every thread computes the same */
    if (answer < 0) {
        const char *off = getenv("STEEPEST_KERNELS_NO_AVX");
        __builtin_cpu_init();
        answer = off != NULL && off[0] != '\0' && strcmp(off, "0") != 0 ? 0
                 : __builtin_cpu_supports("avx")                        ? 1
                                                                        : 0;
    }
    return answer;
}

/* kernel_sqrt_array four at a time. */
KERNEL_TARGET_AVX static inline void
kernel_sqrt_array_avx(size_t m, const double *q, double *r)
{
    size_t j = 0;
    for (; j + 4 <= m; j += 4)
        _mm256_storeu_pd(r + j, _mm256_sqrt_pd(_mm256_loadu_pd(q + j)));
    for (; j < m; j++)
        r[j] = sqrt(q[j]);
}
#endif

/* r[j] = sqrt(q[j]) for j < m, q[j] >= 0 or NaN.  sqrt() may set errno, so
 * without -fno-math-errno the compiler keeps a loop of them scalar; the
 * SSE2 instruction gives the same correctly rounded results two at a time. */
static inline void
kernel_sqrt_array(size_t m, const double *q, double *r)
{
    size_t j = 0;
#if defined(__SSE2__)
    for (; j + 2 <= m; j += 2)
        _mm_storeu_pd(r + j, _mm_sqrt_pd(_mm_loadu_pd(q + j)));
#endif
    for (; j < m; j++)
        r[j] = sqrt(q[j]);
}

#endif /* STEEPEST_PLUGIN_KERNELS_H */
