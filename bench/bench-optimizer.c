/* bench-optimizer.c — steepest_optimizer_update against a plain C loop doing
 * the same arithmetic on the same buffers.
 *
 * The rules are memory-bound at this size (vectors far beyond the caches), so
 * what decides the time is the bytes each moves per coordinate.  The plain
 * loops are the fewest possible: one sweep each, and they also sum |g_i|
 * (‖g‖₁ = ‖g‖* for ℓ∞, which the optimizer reports):
 *
 *   sgd (ℓ∞, normalized: signSGD)   r g x, w x            24 B
 *   momentum (Signum)               r g m x, w m x        40 B
 *   lion                            r g m x, w m x        40 B
 *   adam                            r g m v x, w m v x    56 B
 *
 * The optimizer must in addition leave x and its state untouched when g
 * holds a NaN or Inf, which a single in-place sweep cannot promise (it would
 * have written x before meeting the bad entry), so it reads g once before it
 * writes anything, in the sweep that gives ‖g‖*; then one sweep does the
 * rest (for ℓ∞ the momentum rules fuse into it, lib/optim/optim-fused.c;
 * SGD takes the norm's fused step kernel).  Its bytes:
 *
 *   sgd       ‖g‖* 8 + step 24                          32 B
 *   momentum  ‖g‖* 8 + one fused sweep 40               48 B
 *   lion      ‖g‖* 8 + one fused sweep 40               48 B
 *   adam      ‖g‖* 8 + one fused sweep 56               64 B
 *
 * (Norms without an elementwise direction stage m' and call the norm's step
 * kernel: momentum 56 B, lion 64 B.)
 *
 * It prints, per rule, the median of the per-repetition time ratios, the
 * byte ratio, and the time ratio per byte ratio (1 = as fast per byte as the
 * plain loop).
 *
 * Usage: bench-optimizer [repetitions [dimension]]   (default 11, 10^7)
 */
#include <steepest/steepest.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-common.h"

#define LR 1e-3
#define BETA 0.9
#define B2 0.99
#define A1 0.9
#define A2 0.999
#define EPS 1e-8

static inline double
sgn(double v)
{
    return (double) ((v > 0.0) - (v < 0.0));
}

/* The plain loops.  noinline, called through volatile pointers, and their
 * sums feed the printed checksum, so none is elided. */
__attribute__((noinline)) static double
plain_sgd(size_t n, double *x, const double *g, double *m, double *v, uint64_t t)
{
    (void) m, (void) v, (void) t;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += fabs(g[i]);
        x[i] -= LR * sgn(g[i]);
    }
    return s;
}

__attribute__((noinline)) static double
plain_signum(size_t n, double *x, const double *g, double *m, double *v, uint64_t t)
{
    (void) v, (void) t;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += fabs(g[i]);
        const double mi = BETA * m[i] + g[i];
        m[i] = mi;
        x[i] -= LR * sgn(mi);
    }
    return s;
}

__attribute__((noinline)) static double
plain_lion(size_t n, double *x, const double *g, double *m, double *v, uint64_t t)
{
    (void) v, (void) t;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += fabs(g[i]);
        const double c = BETA * m[i] + (1.0 - BETA) * g[i];
        m[i] = B2 * m[i] + (1.0 - B2) * g[i];
        x[i] -= LR * sgn(c);
    }
    return s;
}

__attribute__((noinline)) static double
plain_adam(size_t n, double *x, const double *g, double *m, double *v, uint64_t t)
{
    const double bc1 = 1.0 - pow(A1, (double) t + 1.0), bc2 = 1.0 - pow(A2, (double) t + 1.0);
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double gi = g[i];
        s += fabs(gi);
        const double mi = A1 * m[i] + (1.0 - A1) * gi, vi = A2 * v[i] + (1.0 - A2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        const double den = sqrt(vi / bc2) + EPS;
        x[i] -= LR * (den > 0.0 ? (mi / bc1) / den : 0.0);
    }
    return s;
}

typedef double (*PlainFn)(size_t, double *, const double *, double *, double *, uint64_t);

typedef struct {
    const char *label;
    int rule;
    PlainFn plain;
    double plain_bytes, opt_bytes; /* per coordinate */
} Case;

static uint64_t
next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

static void
fill(double *v, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (double) (next(&seed) >> 11) * 0x1p-52 - 1.0;
}

int
main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 11;
    size_t n = argc > 2 ? (size_t) strtoull(argv[2], NULL, 10) : 10000000u;
    if (reps < 1 || n < 1) {
        fprintf(stderr, "usage: bench-optimizer [repetitions [dimension]]\n");
        return 2;
    }
    if (bench_load_plugins("bench-optimizer") != 0)
        return 1;
    SteepestNorm *norm;
    if (steepest_norm_new("linf", n, &norm) != STEEPEST_OK) {
        fprintf(stderr, "bench-optimizer: %s\n", steepest_last_error());
        return 1;
    }
    Case cases[] = {
        { "sgd (signSGD)", STEEPEST_RULE_SGD, plain_sgd, 24, 32 },
        { "momentum (Signum)", STEEPEST_RULE_MOMENTUM, plain_signum, 40, 48 },
        { "lion", STEEPEST_RULE_LION, plain_lion, 40, 48 },
        { "adam", STEEPEST_RULE_ADAM, plain_adam, 56, 64 },
    };
    double *x = malloc(n * sizeof *x), *g = malloc(n * sizeof *g), *m = calloc(n, sizeof *m),
           *v = calloc(n, sizeof *v);
    double *ratios = malloc((size_t) reps * sizeof *ratios), *tp = malloc((size_t) reps * sizeof *tp),
           *to = malloc((size_t) reps * sizeof *to);
    if (!x || !g || !m || !v || !ratios || !tp || !to) {
        fprintf(stderr, "bench-optimizer: out of memory\n");
        return 1;
    }
    fill(x, n, 1);
    fill(g, n, 2);
    double checksum = 0.0;
    printf("optimizer update vs plain C loop, linf norm, n = %zu, %d repetitions (medians)\n", n, reps);
    printf("%-20s %10s %10s %8s %8s %10s\n", "rule", "plain ms", "update ms", "time x", "bytes x",
           "per byte");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const Case *c = &cases[k];
        SteepestOptimizer *opt;
        if (steepest_optimizer_new(norm, n, &opt) != STEEPEST_OK ||
            steepest_optimizer_set_rule(opt, c->rule) != 0 || steepest_optimizer_set_lr(opt, LR) != 0 ||
            steepest_optimizer_set_betas(opt, c->rule == STEEPEST_RULE_LION ? BETA : A1,
                                         c->rule == STEEPEST_RULE_LION ? B2 : A2) != 0) {
            fprintf(stderr, "bench-optimizer: %s\n", steepest_last_error());
            return 1;
        }
        PlainFn volatile plain = c->plain;
        /* one warm-up of each: page faults and the optimizer's buffers */
        checksum += plain(n, x, g, m, v, 0);
        if (steepest_optimizer_update(opt, n, x, g) != STEEPEST_OK) {
            fprintf(stderr, "bench-optimizer: %s\n", steepest_last_error());
            return 1;
        }
        for (int r = 0; r < reps; r++) {
            double t0 = bench_now();
            checksum += plain(n, x, g, m, v, (uint64_t) r);
            double t1 = bench_now();
            steepest_optimizer_update(opt, n, x, g);
            double t2 = bench_now();
            tp[r] = t1 - t0;
            to[r] = t2 - t1;
            ratios[r] = to[r] / tp[r];
        }
        double ratio = bench_median(ratios, (size_t) reps);
        double bytes = c->opt_bytes / c->plain_bytes;
        printf("%-20s %10.2f %10.2f %8.3f %8.3f %10.3f\n", c->label, 1e3 * bench_median(tp, (size_t) reps),
               1e3 * bench_median(to, (size_t) reps), ratio, bytes, ratio / bytes);
        steepest_optimizer_free(opt);
    }
    printf("target: time ratio <= 1.10 per rule (checksum %g)\n", checksum + x[n / 2]);
    free(x), free(g), free(m), free(v), free(ratios), free(tp), free(to);
    steepest_norm_free(norm);
    return 0;
}
