/* bench-kernels.c — the fused step kernels against the memory-bandwidth floor.
 *
 * For every built-in norm and both step kinds (scaled x − α z♯, normalized
 * x − α s(z)) this times steepest_norm_step_scaled / _normalized, in place, on
 * vectors far larger than the caches, against the plain loop x[i] −= a g[i]
 * (the "triad": read x and g, write x — the least any step can do) timed
 * right before it in the same run.  It prints the median of the per-repetition
 * time ratios and whether each meets its target:
 *
 *   one-sweep kernels (ℓ2 scaled, ℓ∞ sign step)             <= 1.15
 *   kernels that need ‖z‖* before moving, so read z twice
 *   (ℓ2 normalized, ℓ∞ scaled, block)                        <= 1.60
 *   ℓ1 (one scan of z, one coordinate moves)                 <= 1.60
 *
 * Unequal blocks (sizes=3+5+..., 63+65+...) are timed for information only.
 *
 * Usage: bench-kernels [repetitions [log2(dimension)]]   (default 11, 24)
 * Plugins come from STEEPEST_PLUGIN_PATH or else the build tree.
 */
#include <steepest/steepest.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-common.h"

typedef struct {
    const char *label;
    const char *spec;
    int normalized;
    double target;
    double *ratios;
    double *times;
} Case;

/* The baseline.  noinline and called through a volatile pointer, and its
 * output feeds the checksum printed at the end, so it cannot be elided. */
__attribute__((noinline)) static void
triad(size_t n, double *x, const double *g, double a)
{
    for (size_t i = 0; i < n; i++)
        x[i] -= a * g[i];
}

static void (*volatile triad_ptr)(size_t, double *, const double *, double) = triad;

/* xorshift64*: the same vector on every run. */
static double
uniform_pm1(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double) ((*s * 0x2545F4914F6CDD1Dull) >> 11) * 0x1p-52 - 1.0;
}

int
main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 11;
    int log2n = argc > 2 ? atoi(argv[2]) : 24;
    /* Byte offset of both arrays from a 64-byte boundary: 0 is what aligned
     * allocators (and NumPy's large arrays) give, 16 what glibc's malloc
     * gives for large blocks.  Ratios differ by a few percent between them. */
    int offset = argc > 3 ? atoi(argv[3]) : 0;
    if (reps < 1 || log2n < 4 || log2n > 28 || offset < 0 || offset > 56 || offset % 8 != 0) {
        fprintf(stderr,
                "usage: %s [repetitions >= 1 [log2(dimension) in 4..28 [offset 0..56, multiple of 8]]]\n",
                argv[0]);
        return 2;
    }
    if (bench_load_plugins("bench-kernels") != 0)
        return 1;
    size_t n = (size_t) 1 << log2n;

    Case cases[] = {
        { "l2 scaled      x - a z", "l2", 0, 1.15, NULL, NULL },
        { "l2 normalized  x - a z/|z|", "l2", 1, 1.60, NULL, NULL },
        { "linf scaled    x - a |z|_1 sign z", "linf", 0, 1.60, NULL, NULL },
        { "linf normalized x - a sign z", "linf", 1, 1.15, NULL, NULL },
        { "l1 scaled      x - a z_k e_k", "l1", 0, 1.60, NULL, NULL },
        { "l1 normalized  x - a sign(z_k) e_k", "l1", 1, 1.60, NULL, NULL },
        { "block:size=4 scaled", "block:size=4", 0, 1.60, NULL, NULL },
        { "block:size=4 normalized", "block:size=4", 1, 1.60, NULL, NULL },
        { "block:size=64 scaled", "block:size=64", 0, 1.60, NULL, NULL },
        { "block:size=64 normalized", "block:size=64", 1, 1.60, NULL, NULL },
        { "block:size=16 scaled", "block:size=16", 0, 1.60, NULL, NULL },
        { "block:size=16 normalized", "block:size=16", 1, 1.60, NULL, NULL },
        /* Unequal blocks (no target: for information).  The spec is built below. */
        { "block:sizes=3+5+3+5... scaled", "sizes:3:5", 0, 0.0, NULL, NULL },
        { "block:sizes=3+5+3+5... normalized", "sizes:3:5", 1, 0.0, NULL, NULL },
        { "block:sizes=63+65+... scaled", "sizes:63:65", 0, 0.0, NULL, NULL },
        { "block:sizes=63+65+... normalized", "sizes:63:65", 1, 0.0, NULL, NULL },
    };
    size_t n_cases = sizeof cases / sizeof cases[0];

    char *x_block = aligned_alloc(64, n * sizeof(double) + 64);
    char *g_block = aligned_alloc(64, n * sizeof(double) + 64);
    double *x = x_block ? (double *) (void *) (x_block + offset) : NULL;
    double *g = g_block ? (double *) (void *) (g_block + offset) : NULL;
    double *triad_times = malloc((size_t) reps * n_cases * sizeof *triad_times);
    SteepestNorm **norms = calloc(n_cases, sizeof *norms);
    if (x == NULL || g == NULL || triad_times == NULL || norms == NULL) {
        fprintf(stderr, "bench-kernels: out of memory for dimension %zu\n", n);
        return 1;
    }
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < n; i++) {
        x[i] = uniform_pm1(&seed);
        g[i] = uniform_pm1(&seed);
    }
    for (size_t c = 0; c < n_cases; c++) {
        char *unequal = NULL;
        unsigned a, b;
        if (sscanf(cases[c].spec, "sizes:%u:%u", &a, &b) == 2) {
            /* block:sizes=a+b+a+b+... summing to n (the last block cut short). */
            size_t cap = 16 + 12 * (n / (a < b ? a : b) + 1), len = 0, total = 0;
            unequal = malloc(cap);
            if (unequal == NULL)
                return 1;
            len = (size_t) snprintf(unequal, cap, "block:sizes=");
            for (int odd = 0; total < n; odd = !odd) {
                size_t k = odd ? b : a;
                if (k > n - total)
                    k = n - total;
                len += (size_t) snprintf(unequal + len, cap - len, "%s%zu", total ? "+" : "", k);
                total += k;
            }
        }
        int rc = steepest_norm_new(unequal != NULL ? unequal : cases[c].spec, n, &norms[c]);
        free(unequal);
        if (rc != STEEPEST_OK) {
            fprintf(stderr, "bench-kernels: %s: %s\n", cases[c].spec, steepest_last_error());
            return 1;
        }
        cases[c].ratios = malloc((size_t) reps * sizeof(double));
        cases[c].times = malloc((size_t) reps * sizeof(double));
        if (cases[c].ratios == NULL || cases[c].times == NULL)
            return 1;
    }

    /* Warm-up: fault every page in and let the clock settle. */
    triad_ptr(n, x, g, 1e-9);
    triad_ptr(n, x, g, -1e-9);

    printf("bench-kernels: dimension 2^%d = %zu, in place, %d repetitions, median of ratios, "
           "arrays %d bytes past a 64-byte boundary\n",
           log2n, n, reps, offset);
    printf("baseline: x[i] -= a*g[i] (reads x and g, writes x) timed just before each kernel\n\n");
    fflush(stdout);

    for (int r = 0; r < reps; r++) {
        /* The sign of alpha alternates so x stays bounded over the run. */
        double alpha = (r % 2 ? -1.0 : 1.0) * 1e-9;
        for (size_t c = 0; c < n_cases; c++) {
            double dual = 0.0;
            double t0 = bench_now();
            triad_ptr(n, x, g, alpha);
            double t1 = bench_now();
            int rc = cases[c].normalized ? steepest_norm_step_normalized(norms[c], n, x, g, alpha, x, &dual)
                                         : steepest_norm_step_scaled(norms[c], n, x, g, alpha, x, &dual);
            double t2 = bench_now();
            if (rc != STEEPEST_OK) {
                fprintf(stderr, "bench-kernels: %s: %s\n", cases[c].label, steepest_last_error());
                return 1;
            }
            triad_times[(size_t) r * n_cases + c] = t1 - t0;
            cases[c].times[r] = t2 - t1;
            cases[c].ratios[r] = (t2 - t1) / (t1 - t0);
        }
    }

    printf("%-36s %10s %10s %8s %7s  %s\n", "kernel", "kernel ms", "triad ms", "ratio", "target", "met");
    int missed = 0;
    double *tri = malloc((size_t) reps * sizeof *tri);
    if (tri == NULL)
        return 1;
    for (size_t c = 0; c < n_cases; c++) {
        for (int r = 0; r < reps; r++)
            tri[r] = triad_times[(size_t) r * n_cases + c];
        double ratio = bench_median(cases[c].ratios, (size_t) reps);
        double kernel_ms = 1e3 * bench_median(cases[c].times, (size_t) reps),
               triad_ms = 1e3 * bench_median(tri, (size_t) reps);
        if (cases[c].target <= 0.0) { /* for information */
            printf("%-36s %10.2f %10.2f %8.3f %7s  %s\n", cases[c].label, kernel_ms, triad_ms, ratio, "-",
                   "-");
            continue;
        }
        int met = ratio <= cases[c].target;
        missed += !met;
        printf("%-36s %10.2f %10.2f %8.3f %7.2f  %s\n", cases[c].label, kernel_ms, triad_ms, ratio,
               cases[c].target, met ? "yes" : "NO");
    }
    double checksum = 0.0;
    for (size_t i = 0; i < n; i += 4096)
        checksum += x[i];
    printf("\n%s (checksum %.6g)\n", missed ? "SOME TARGETS MISSED" : "all targets met", checksum);

    for (size_t c = 0; c < n_cases; c++) {
        steepest_norm_free(norms[c]);
        free(cases[c].ratios);
        free(cases[c].times);
    }
    free(norms);
    free(tri);
    free(triad_times);
    free(x_block);
    free(g_block);
    return 0;
}
