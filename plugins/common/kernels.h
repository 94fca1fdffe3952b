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

/* A plain sum of squares is exact enough when it lands in this range: no
 * square overflowed, and squares that underflowed weigh < 2^-120 of it. */
static inline int
kernel_ssq_is_safe(double ssq)
{
    return ssq >= 0x1p-900 && ssq <= 0x1p+1000;
}

/* Σ x_i² with four accumulators (independent chains keep the adder busy). */
static inline double
kernel_ssq(size_t n, const double *x)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += x[i] * x[i];
        s1 += x[i + 1] * x[i + 1];
        s2 += x[i + 2] * x[i + 2];
        s3 += x[i + 3] * x[i + 3];
    }
    for (; i < n; i++)
        s0 += x[i] * x[i];
    return (s0 + s1) + (s2 + s3);
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

/* Σ |x_i| with four accumulators; NaN and Inf propagate through the sum. */
static inline double
kernel_asum(size_t n, const double *x)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += fabs(x[i]);
        s1 += fabs(x[i + 1]);
        s2 += fabs(x[i + 2]);
        s3 += fabs(x[i + 3]);
    }
    for (; i < n; i++)
        s0 += fabs(x[i]);
    return (s0 + s1) + (s2 + s3);
}

/* max |x_i|, NaN if any entry is NaN (fmax would drop it). */
static inline double
kernel_amax(size_t n, const double *x)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(x[i]);
        if (a > m)
            m = a;
        else if (a != a)
            return a;
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

#endif /* STEEPEST_PLUGIN_KERNELS_H */
