/* bench-induced.c — exact ‖H‖_{∞,1}: Gray-code enumeration against the
 * straightforward enumeration in the same run.
 *
 * Baseline: for each of the 2^(n−1) sign vectors (x_0 = +1), compute Hx from
 * scratch and its ℓ1 norm — O(2^n · n²), one thread.  Candidate:
 * steepest_matrix_inf1_exact(), O(2^n · n), on one thread and on all cores.
 * Both must agree on the value.  Times are medians of several repetitions;
 * above BASELINE_MAX_N the baseline is not run but extrapolated from its
 * largest measured n by its operation count (2^(n−1)·n²), and printed as such.
 * Finally n = 30 exact on all cores (target: under 3 s on 2 cores).
 *
 * usage: bench-induced [max_n]   (default 24)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <steepest/steepest.h>

#include "bench-common.h"

#define BASELINE_MAX_N 22

static double *
random_matrix(size_t n, uint64_t seed)
{
    double *H = malloc(n * n * sizeof *H);
    uint64_t s = seed;
    for (size_t i = 0; i < n * n; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        H[i] = (double) (s >> 11) * 0x1.0p-52 - 1.0;
    }
    return H;
}

/* The straightforward enumeration: Hx from scratch for every sign vector. */
static double
baseline(size_t n, const double *H)
{
    double best = 0.0, *x = malloc(n * sizeof *x);
    for (uint64_t m = 0; m < ((uint64_t) 1 << (n - 1)); m++) {
        x[0] = 1.0;
        for (size_t j = 1; j < n; j++)
            x[j] = ((m >> (j - 1)) & 1) ? -1.0 : 1.0;
        double s = 0.0;
        for (size_t i = 0; i < n; i++) {
            double y = 0.0;
            for (size_t j = 0; j < n; j++)
                y += H[i * n + j] * x[j];
            s += fabs(y);
        }
        if (s > best)
            best = s;
    }
    free(x);
    return best;
}

static double
time_gray(size_t n, const double *H, unsigned threads, double *value)
{
    double t0 = bench_now();
    if (steepest_matrix_inf1_exact(n, H, threads, NULL, NULL, value, NULL) != STEEPEST_OK) {
        fprintf(stderr, "inf1_exact failed: %s\n", steepest_last_error());
        exit(1);
    }
    return bench_now() - t0;
}

int
main(int argc, char **argv)
{
    size_t max_n = argc > 1 ? (size_t) atoi(argv[1]) : 24;
    printf("exact ||H||_{inf,1}: Gray-code enumeration vs straightforward (recompute Hx), same run\n");
    printf("%4s %14s %14s %14s %10s %10s\n", "n", "baseline s", "gray 1thr s", "gray all s", "ratio 1thr",
           "ratio all");
    double base_last = 0.0;
    size_t base_last_n = 0;
    for (size_t n = 16; n <= max_n; n += 2) {
        double *H = random_matrix(n, 1000 + n);
        int reps = n <= 20 ? 5 : 3;
        double tb[5], t1[5], ta[5], vb = 0.0, v1 = 0.0, va = 0.0;
        int measured = n <= BASELINE_MAX_N;
        for (int r = 0; r < reps; r++) {
            if (measured) {
                double t0 = bench_now();
                vb = baseline(n, H);
                tb[r] = bench_now() - t0;
            }
            t1[r] = time_gray(n, H, 1, &v1);
            ta[r] = time_gray(n, H, 0, &va);
        }
        if (v1 != va || (measured && fabs(vb - v1) > 1e-12 * vb)) {
            fprintf(stderr, "n=%zu: values disagree: baseline %.17g gray %.17g / %.17g\n", n, vb, v1, va);
            return 1;
        }
        double b;
        if (measured) {
            b = bench_median(tb, reps);
            base_last = b;
            base_last_n = n;
        } else {
            /* Extrapolated by operation count 2^(n-1)·n² from the last measured n. */
            b = base_last * ldexp(1.0, (int) (n - base_last_n)) * (double) (n * n) /
                (double) (base_last_n * base_last_n);
        }
        double g1 = bench_median(t1, reps), ga = bench_median(ta, reps);
        printf("%4zu %13.4f%s %14.4f %14.4f %10.1f %10.1f\n", n, b, measured ? " " : "*", g1, ga, b / g1,
               b / ga);
        free(H);
    }
    printf("(* = baseline extrapolated from n = %zu by its operation count, not measured)\n", base_last_n);

    size_t n = 30;
    double *H = random_matrix(n, 30);
    double v = 0.0, t[3];
    for (int r = 0; r < 3; r++)
        t[r] = time_gray(n, H, 0, &v);
    printf("n = 30 exact on all cores: %.3f s (median of 3), ||H||_{inf,1} = %.12g; target < 3 s\n",
           bench_median(t, 3), v);
    free(H);
    return 0;
}
