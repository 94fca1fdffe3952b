/* bench-spectral.c — the spectral norm's unit direction on large matrices,
 * as ratios against BLAS measured in the same run:
 *
 *   - polar=ns5 and polar=polar-express against the 15 dgemm calls their
 *     five steps perform (per step A = X Xᵀ, A·A, B·X with the same shapes,
 *     layout and scalars), target <= 1.2: the overhead beyond BLAS (copies,
 *     the Frobenius norm, the final scaling, the library's checks) is small;
 *   - polar=svd in DGEMM-equivalents: its time over one dgemm of the shape
 *     (m x k)(k x m), m = min(R, C), k = max(R, C) — 2 m² k flops;
 *   - the singular-value error of each method's output
 *     (steepest_norm_direction_error: max_i |σ_i(s)/κ − 1|).
 *
 * Usage: bench-spectral [REPEATS [R C]...]   (default 3 repeats of
 * 1024 x 4096 and 4096 x 4096).  Medians of REPEATS runs; quote `uptime`
 * with the numbers, the machine is shared.
 */
#include "bench-common.h"

#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static double
gauss(uint64_t *s)
{
    double u[2];
    for (int i = 0; i < 2; i++) {
        *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
        u[i] = ((double) (*s >> 11) + 0.5) * 0x1p-53;
    }
    return sqrt(-2.0 * log(u[0])) * cos(6.283185307179586 * u[1]);
}

/* The 15 dgemm calls of five steps on the m x k matrix X (m <= k), row-major
 * as the plugin runs them when R <= C; X ← B·X into a second buffer. */
static void
fifteen_dgemms(size_t m, size_t k, double *X, double *Xn, double *A, double *B)
{
    blasint M = (blasint) m, K = (blasint) k;
    for (int t = 0; t < 5; t++) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, M, K, 1.0, X, K, X, K, 0.0, A, M);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, M, M, 2.0315, A, M, A, M, -4.7750, B, M);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, K, M, 1.0, B, M, X, K, 3.4445, Xn, K);
        double *tmp = X;
        X = Xn;
        Xn = tmp;
    }
}

static double
time_direction(SteepestNorm *norm, size_t n, const double *z, double *s)
{
    double t0 = bench_now(), dual = 0;
    if (steepest_norm_unit_direction(norm, n, z, s, &dual) != STEEPEST_OK) {
        fprintf(stderr, "bench-spectral: %s\n", steepest_last_error());
        exit(1);
    }
    return bench_now() - t0;
}

static void
bench_shape(size_t R, size_t C, int repeats)
{
    size_t n = R * C, m = R < C ? R : C, k = R < C ? C : R;
    double *z = malloc(n * sizeof *z), *s = malloc(n * sizeof *s), *X = malloc(n * sizeof *X),
           *Xn = malloc(n * sizeof *Xn), *A = malloc(m * m * sizeof *A), *B = malloc(m * m * sizeof *B);
    double *times = malloc((size_t) repeats * sizeof *times);
    if (!z || !s || !X || !Xn || !A || !B || !times) {
        fprintf(stderr, "bench-spectral: out of memory for %zu x %zu\n", R, C);
        exit(1);
    }
    uint64_t seed = 42;
    for (size_t i = 0; i < n; i++)
        z[i] = gauss(&seed) / sqrt((double) n);
    /* Baselines: one (m x k)(k x m) dgemm; the 15 of five steps. */
    memcpy(X, z, n * sizeof *X);
    memcpy(Xn, z, n * sizeof *X);
    memset(B, 0, m * m * sizeof *B);
    for (int r = 0; r < repeats; r++) {
        double t0 = bench_now();
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint) m, (blasint) m, (blasint) k, 1.0, X,
                    (blasint) k, X, (blasint) k, 0.0, A, (blasint) m);
        times[r] = bench_now() - t0;
    }
    double one = bench_median(times, (size_t) repeats);
    /* ns5 and polar-express interleaved with the 15-dgemm baseline, round
     * by round, and the median of the per-round ratios: the load of a shared
     * machine drifts over minutes, and a baseline measured once would not
     * see it. */
    static const char *const modes[] = { "ns5", "polar-express", "svd" };
    SteepestNorm *norms[3];
    for (int md = 0; md < 3; md++) {
        char spec[128];
        snprintf(spec, sizeof spec, "spectral:rows=%zu,cols=%zu,polar=%s,scale=muon", R, C, modes[md]);
        if (steepest_norm_new(spec, n, &norms[md]) != STEEPEST_OK) {
            fprintf(stderr, "bench-spectral: %s\n", steepest_last_error());
            exit(1);
        }
    }
    double *ratio[2], *abs_t[2];
    for (int md = 0; md < 2; md++) {
        ratio[md] = malloc((size_t) repeats * sizeof **ratio);
        abs_t[md] = malloc((size_t) repeats * sizeof **abs_t);
    }
    for (int r = 0; r < repeats; r++) {
        double t0 = bench_now();
        fifteen_dgemms(m, k, X, Xn, A, B);
        double base = bench_now() - t0;
        times[r] = base;
        for (int md = 0; md < 2; md++) {
            abs_t[md][r] = time_direction(norms[md], n, z, s);
            ratio[md][r] = abs_t[md][r] / base;
        }
    }
    double fifteen = bench_median(times, (size_t) repeats);
    printf("%zu x %zu: one dgemm (%zu x %zu)(%zu x %zu) %.3f s; 15 dgemm of the loop %.3f s (median of %d)\n",
           R, C, m, k, k, m, one, fifteen, repeats);
    for (int md = 0; md < 3; md++) {
        double err = NAN;
        if (steepest_norm_direction_error(norms[md], n, z, &err) != STEEPEST_OK)
            fprintf(stderr, "bench-spectral: %s\n", steepest_last_error());
        if (md < 2) {
            /* Also fastest over fastest: the least disturbed runs of each. */
            double best = abs_t[md][0], base_best = times[0];
            for (int r = 1; r < repeats; r++) {
                best = abs_t[md][r] < best ? abs_t[md][r] : best;
                base_best = times[r] < base_best ? times[r] : base_best;
            }
            printf("  %-13s %.3f s = %.3f x the 15 dgemm (median of per-round ratios; fastest/fastest %.3f; "
                   "target <= 1.2); singular-value error %.3g\n",
                   modes[md], bench_median(abs_t[md], (size_t) repeats),
                   bench_median(ratio[md], (size_t) repeats), best / base_best, err);
            free(ratio[md]);
            free(abs_t[md]);
        } else {
            double t = time_direction(norms[md], n, z, s); /* the SVD is slow: one run */
            printf("  %-13s %.3f s = %.1f DGEMM-equivalents (= %.2f x the 15 dgemm); singular-value error "
                   "%.3g\n",
                   modes[md], t, t / one, t / fifteen, err);
        }
        fflush(stdout);
        steepest_norm_free(norms[md]);
    }
    free(z);
    free(s);
    free(X);
    free(Xn);
    free(A);
    free(B);
    free(times);
}

int
main(int argc, char **argv)
{
    if (bench_load_plugins("bench-spectral") != 0)
        return 1;
    int repeats = argc > 1 ? atoi(argv[1]) : 3;
    if (repeats < 1)
        repeats = 1;
    if (argc > 3) {
        for (int i = 2; i + 1 < argc; i += 2)
            bench_shape((size_t) atol(argv[i]), (size_t) atol(argv[i + 1]), repeats);
    } else {
        bench_shape(1024, 4096, repeats);
        bench_shape(4096, 4096, repeats);
    }
    return 0;
}
