/* bench-dense.c — the dense analysis at scale, as ratios measured in one run.
 *
 * 1. d = 1000 (or the first argument) random PSD H = GGᵀ/d:
 *    - baseline: one eigendecomposition (steepest_matrix_sym_eigenvalues on
 *      a fresh thread, whose spectrum cache is empty: one dsyevd);
 *    - the l-inf bounds alone (steepest_matrix_inf1, BOUNDS);
 *    - the analysis `steepest analyze` runs: the comparison of l2, linf, l1
 *      (steepest_compare_quadratic), L_sep with the CLI's sweep budget and
 *      the Eq. 13 bound, all on one fresh thread (so one dsyevd in all).
 *    Prints each time and its ratio to the eigendecomposition.
 * 2. Exact ‖H‖_{∞,1} by branch and bound at d = 30, 40, 50 (random PSD,
 *    three seeds, median), against Gray-code enumeration measured at d = 30
 *    in the same run and scaled by 2^(d−30) beyond.
 *
 * Usage: bench-dense [d] [repetitions]   (defaults 1000, 3)
 */
#include <steepest/steepest.h>

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench-common.h"

static uint64_t state;

static double
gauss(void)
{
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    double u = (double) (state >> 11) * 0x1.0p-53;
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    double v = (double) (state >> 11) * 0x1.0p-53;
    return sqrt(-2.0 * log1p(-u)) * cos(6.283185307179586 * v);
}

static double *
wishart(size_t n, uint64_t seed)
{
    state = seed;
    double *G = malloc(n * n * sizeof *G), *H = malloc(n * n * sizeof *H);
    for (size_t i = 0; i < n * n; i++)
        G[i] = gauss();
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            double s = 0.0;
            for (size_t k = 0; k < n; k++)
                s += G[i * n + k] * G[j * n + k];
            H[i * n + j] = H[j * n + i] = s / (double) n;
        }
    free(G);
    return H;
}

typedef struct {
    int what; /* 0 eigenvalues, 1 l-inf bounds, 2 analysis */
    size_t n;
    const double *H;
    double seconds, cpu, lower, upper;
    int rc;
} Job;

/* Process CPU seconds (all threads): on a shared machine the wall clock
 * mostly measures the other users. */
static double
cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static gpointer
run(gpointer data)
{
    Job *j = data;
    size_t n = j->n;
    double *w = malloc(n * sizeof *w), *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = gauss();
    double t0 = bench_now(), c0 = cpu_now();
    if (j->what == 0) {
        j->rc = steepest_matrix_sym_eigenvalues(n, j->H, w);
    } else if (j->what == 1) {
        SteepestInducedOptions *o = steepest_induced_options_new();
        steepest_induced_options_set_mode(o, STEEPEST_INDUCED_BOUNDS);
        j->rc = steepest_matrix_inf1(n, j->H, o, &j->lower, &j->upper, NULL, NULL);
        steepest_induced_options_free(o);
    } else {
        static const char *const specs[] = { "l2", "linf", "l1" };
        SteepestComparison *cmp = NULL;
        double primal, dual, R;
        double per_sweep = 2.0 * (double) n * (double) n * (sqrt(2.0 * (double) n) + 2.0);
        unsigned sweeps = (unsigned) fmax(10.0, fmin(1000.0, 4e9 / per_sweep));
        j->rc = steepest_compare_quadratic(n, j->H, x, NULL, specs, 3, NULL, &cmp);
        if (j->rc == STEEPEST_OK)
            j->rc = steepest_matrix_lsep(n, j->H, sweeps, 0.0, 1, &primal, &dual, NULL, NULL);
        if (j->rc == STEEPEST_OK)
            j->rc = steepest_analysis_improvement_ratio_bound(n, j->H, x, &R);
        steepest_comparison_free(cmp);
    }
    j->seconds = bench_now() - t0;
    j->cpu = cpu_now() - c0;
    free(w);
    free(x);
    return NULL;
}

/* Median seconds of `reps` runs, each on a fresh thread (empty spectrum cache). */
static double
timed(int what, size_t n, const double *H, int reps, Job *last, double *cpu)
{
    double *t = malloc((size_t) reps * sizeof *t), *c = malloc((size_t) reps * sizeof *c);
    for (int r = 0; r < reps; r++) {
        Job j = { .what = what, .n = n, .H = H };
        g_thread_join(g_thread_new("bench", run, &j));
        if (j.rc != STEEPEST_OK) {
            fprintf(stderr, "bench-dense: job %d failed: %s\n", what, steepest_last_error());
            exit(1);
        }
        t[r] = j.seconds;
        c[r] = j.cpu;
        *last = j;
    }
    double m = bench_median(t, (size_t) reps);
    *cpu = bench_median(c, (size_t) reps);
    free(t);
    free(c);
    return m;
}

int
main(int argc, char **argv)
{
    size_t d = argc > 1 ? (size_t) atoi(argv[1]) : 1000;
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    if (reps < 1)
        reps = 1;
    if (bench_load_plugins("bench-dense") != 0)
        return 1;
    double *H = wishart(d, 1);
    Job j;
    double ce, cb, ca;
    double eig = timed(0, d, H, reps, &j, &ce);
    double bounds = timed(1, d, H, reps, &j, &cb);
    printf("bench-dense: d = %zu random PSD, median of %d, all cores; wall and process CPU seconds, ratio to "
           "one "
           "eigendecomposition\n",
           d, reps);
    printf("  %-34s %8s %8s %8s %8s\n", "", "wall", "ratio", "cpu", "ratio");
    printf("  %-34s %8.3f %8.2f %8.3f %8.2f\n", "one eigendecomposition (dsyevd)", eig, 1.0, ce, 1.0);
    printf("  %-34s %8.3f %8.2f %8.3f %8.2f   [%.8g, %.8g], gap %.2f%%\n", "l-inf bounds", bounds,
           bounds / eig, cb, cb / ce, j.lower, j.upper, 100.0 * (j.upper - j.lower) / j.upper);
    double analysis = timed(2, d, H, reps, &j, &ca);
    printf("  %-34s %8.3f %8.2f %8.3f %8.2f\n", "analysis (compare, L_sep, Eq. 13)", analysis, analysis / eig,
           ca, ca / ce);
    free(H);

    /* Branch and bound against enumeration. */
    double *H30 = wishart(30, 30), v = 0.0;
    double t0 = bench_now();
    if (steepest_matrix_inf1_exact(30, H30, 0, NULL, NULL, &v, NULL) != STEEPEST_OK)
        return 1;
    double gray30 = bench_now() - t0;
    free(H30);
    printf("\n  exact l-inf, PSD: branch and bound vs Gray-code enumeration (%.2f s at d = 30, x 2^(d-30) "
           "beyond)\n",
           gray30);
    printf("  %4s %12s %14s %10s\n", "d", "bnb [s]", "gray [s]", "gray/bnb");
    static const size_t dims[] = { 30, 40, 50 };
    SteepestInducedOptions *nolimit = steepest_induced_options_new();
    steepest_induced_options_set_time_budget(nolimit, 0.0);
    for (size_t k = 0; k < 3; k++) {
        size_t n = dims[k];
        double t[3];
        for (int s = 0; s < 3; s++) {
            double *Hb = wishart(n, 100 * n + (size_t) s), lo, up;
            int exact = 0;
            t0 = bench_now();
            if (steepest_matrix_inf1_branch_and_bound(n, Hb, nolimit, &lo, &up, &exact, NULL) !=
                    STEEPEST_OK ||
                !exact)
                return fprintf(stderr, "bench-dense: bnb d = %zu: %s\n", n, steepest_last_error()), 1;
            t[s] = bench_now() - t0;
            free(Hb);
        }
        double b = bench_median(t, 3), g = gray30 * ldexp(1.0, (int) n - 30);
        printf("  %4zu %12.3f %14.4g %10.3g\n", n, b, g, g / b);
    }
    steepest_induced_options_free(nolimit);
    return 0;
}
