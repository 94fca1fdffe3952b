/* bench-analysis.c — what Eq. 13 saves: the lower bound on the improvement
 * ratio R(x) (eigenvalues only) against the exact R(x) = φ(g)·d·L2/L∞, whose
 * L∞ = ‖H‖_{∞,1} takes 2^(d−1) sign vectors (NP-hard).  docs/analysis.md
 * quotes these ratios: about 1 below d = 16 (LAPACK's fixed cost against a
 * small enumeration), ~40 at d = 20, ~400 at d = 24.
 *
 * For each d, one random PD H and gradient; times steepest_analysis_
 * improvement_ratio_bound() (baseline) and the exact route
 * (steepest_norm_induced for l2 and linf in EXACT mode, then
 * steepest_analysis_improvement_ratio) in the same run, and prints the
 * median over repetitions of exact/bound, plus R and its bound (R >= bound).
 *
 * Usage: bench-analysis [repetitions]   (default 7)
 * Plugins come from STEEPEST_PLUGIN_PATH or else the build tree.
 */
#include <steepest/steepest.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench-common.h"

static void
random_pd(unsigned *seed, size_t n, double *H)
{
    double *A = malloc(n * n * sizeof *A);
    for (size_t k = 0; k < n * n; k++)
        A[k] = 2.0 * rand_r(seed) / RAND_MAX - 1.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = i == j ? 0.1 : 0.0;
            for (size_t k = 0; k < n; k++)
                s += A[i * n + k] * A[j * n + k];
            H[i * n + j] = s;
        }
    free(A);
}

static int
fail(const char *what)
{
    fprintf(stderr, "bench-analysis: %s: %s\n", what, steepest_last_error());
    return 1;
}

int
main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 7;
    if (reps < 1)
        reps = 1;
    if (bench_load_plugins("bench-analysis") != 0)
        return 1;
    static const size_t dims[] = { 8, 12, 16, 20, 24 };
    SteepestInducedOptions *opts = steepest_induced_options_new();
    steepest_induced_options_set_mode(opts, STEEPEST_INDUCED_EXACT);
    steepest_induced_options_set_threads(opts, 1);
    printf("bench-analysis: Eq. 13 bound vs exact R(x), 1 thread, %d repetitions, median of ratios\n", reps);
    printf("%4s %12s %12s %12s %8s %8s\n", "d", "bound [us]", "exact [us]", "exact/bound", "R", "bound");
    unsigned seed = 12345;
    for (size_t k = 0; k < sizeof dims / sizeof dims[0]; k++) {
        size_t d = dims[k];
        double *H = malloc(d * d * sizeof *H), *g = malloc(d * sizeof *g);
        double *tb = malloc((size_t) reps * sizeof *tb), *te = malloc((size_t) reps * sizeof *te);
        double *ratio = malloc((size_t) reps * sizeof *ratio);
        random_pd(&seed, d, H);
        for (size_t i = 0; i < d; i++)
            g[i] = 2.0 * rand_r(&seed) / RAND_MAX - 1.0;
        SteepestNorm *l2 = NULL, *linf = NULL;
        if (steepest_norm_new("l2", d, &l2) != STEEPEST_OK ||
            steepest_norm_new("linf", d, &linf) != STEEPEST_OK)
            return fail("creating norms");
        double R = 0, bound = 0;
        for (int r = 0; r < reps; r++) {
            /* The bound is fast: repeat it so the clock resolves it. */
            int inner = 200;
            double t0 = bench_now();
            for (int i = 0; i < inner; i++)
                if (steepest_analysis_improvement_ratio_bound(d, H, g, &bound) != STEEPEST_OK)
                    return fail("bound");
            tb[r] = (bench_now() - t0) / inner;
            t0 = bench_now();
            double L2, Linf;
            if (steepest_norm_induced(l2, d, H, opts, NULL, &L2, NULL, NULL) != STEEPEST_OK ||
                steepest_norm_induced(linf, d, H, opts, NULL, &Linf, NULL, NULL) != STEEPEST_OK ||
                steepest_analysis_improvement_ratio(d, g, L2, Linf, &R) != STEEPEST_OK)
                return fail("exact ratio");
            te[r] = bench_now() - t0;
            ratio[r] = te[r] / tb[r];
        }
        printf("%4zu %12.2f %12.2f %12.1f %8.4f %8.4f%s\n", d, 1e6 * bench_median(tb, (size_t) reps),
               1e6 * bench_median(te, (size_t) reps), bench_median(ratio, (size_t) reps), R, bound,
               R >= bound * (1 - 1e-12) ? "" : "  (R < bound: BUG)");
        steepest_norm_free(l2);
        steepest_norm_free(linf);
        free(H);
        free(g);
        free(tb);
        free(te);
        free(ratio);
    }
    steepest_induced_options_free(opts);
    return 0;
}
