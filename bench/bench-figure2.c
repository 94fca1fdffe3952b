/* bench-figure2.c — the default Figure 2 grid (d = 12, 19 x 11 cells, 10
 * starting points, T = 100, GD with α = 1/L2 against sign GD with α = 1/L∞)
 * computed twice in the same run, each single-threaded:
 *
 *   library   steepest_experiment_compare(): L from steepest_norm_induced()
 *             (eigenvalues; Gray-code enumeration of 2^(d−1) sign vectors),
 *             steps through the plugins' fused step kernels;
 *   baseline  the straightforward C a reader would write: L2 by power
 *             iteration, L∞ by enumerating all 2^d sign vectors with a fresh
 *             O(d²) product each (no Gray code, no x/−x symmetry, no reuse),
 *             the steps as plain loops.
 *
 * Both use the same Hessians (steepest_rotated_hessian) and starting points.
 * Prints the median over repetitions of baseline time / library time, and
 * checks that both computed the same figure. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>

#include "bench-common.h"

enum { D = 12, NR = 19, NT = 11, REPEATS = 10, STEPS = 100 };

typedef struct {
    double H[NR * NT][D * D];
    double x0[REPEATS * D];
} Grid;

/* ---- the baseline -------------------------------------------------------- */

static void
matvec(const double *H, const double *x, double *y)
{
    for (int i = 0; i < D; i++) {
        double s = 0;
        for (int j = 0; j < D; j++)
            s += H[i * D + j] * x[j];
        y[i] = s;
    }
}

static double
baseline_l2(const double *H)
{
    /* Power iteration (H is positive definite), to a relative change of 1e-15. */
    double x[D], y[D], lambda = 0;
    for (int i = 0; i < D; i++)
        x[i] = 1.0 + 0.01 * i;
    for (int it = 0; it < 100000; it++) {
        matvec(H, x, y);
        double norm = 0;
        for (int i = 0; i < D; i++)
            norm += y[i] * y[i];
        norm = sqrt(norm);
        double next = 0;
        for (int i = 0; i < D; i++) {
            x[i] = y[i] / norm;
        }
        matvec(H, x, y);
        for (int i = 0; i < D; i++)
            next += x[i] * y[i];
        if (fabs(next - lambda) <= 1e-15 * next) {
            lambda = next;
            break;
        }
        lambda = next;
    }
    return lambda;
}

static double
baseline_linf(const double *H)
{
    double best = 0, x[D], y[D];
    for (unsigned long m = 0; m < (1ul << D); m++) {
        for (int i = 0; i < D; i++)
            x[i] = (m >> i) & 1 ? 1.0 : -1.0;
        matvec(H, x, y);
        double s = 0;
        for (int i = 0; i < D; i++)
            s += fabs(y[i]);
        if (s > best)
            best = s;
    }
    return best;
}

static void
baseline_cell(const double *H, const double *x0, double *dist_gd, double *dist_sign)
{
    double L2 = baseline_l2(H), Linf = baseline_linf(H);
    double sum_gd = 0, sum_sign = 0;
    for (int r = 0; r < REPEATS; r++) {
        double x[D], z[D], g[D];
        memcpy(x, x0 + r * D, sizeof x);
        memcpy(z, x0 + r * D, sizeof z);
        for (int t = 0; t < STEPS; t++) {
            matvec(H, x, g);
            for (int i = 0; i < D; i++)
                x[i] -= g[i] / L2;
            matvec(H, z, g);
            double l1 = 0;
            for (int i = 0; i < D; i++)
                l1 += fabs(g[i]);
            for (int i = 0; i < D; i++)
                z[i] -= l1 / Linf * (double) ((g[i] > 0) - (g[i] < 0));
        }
        double a = 0, b = 0;
        for (int i = 0; i < D; i++) {
            a += x[i] * x[i];
            b += z[i] * z[i];
        }
        sum_gd += sqrt(a);
        sum_sign += sqrt(b);
    }
    *dist_gd = sum_gd / REPEATS;
    *dist_sign = sum_sign / REPEATS;
}

int
main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 5;
    if (reps < 1)
        reps = 1;
    if (bench_load_plugins("bench-figure2") != 0)
        return 1;
    Grid *grid = g_new(Grid, 1);
    double R[D * D], lambda[D];
    SteepestRng *rng;
    steepest_rng_new(1, &rng);
    if (steepest_random_rotation(rng, D, R) != STEEPEST_OK ||
        steepest_rng_fill_normal(rng, REPEATS * D, grid->x0) != STEEPEST_OK) {
        fprintf(stderr, "bench-figure2: %s\n", steepest_last_error());
        return 1;
    }
    for (int j = 0; j < NT; j++)
        for (int i = 0; i < NR; i++) {
            double ratio = 1 + 9.0 * i / (NR - 1), theta = 0.5 * j / (NT - 1);
            steepest_experiment_spectrum(D, ratio, lambda);
            steepest_rotated_hessian(D, R, theta, lambda, grid->H[j * NR + i]);
        }
    SteepestNorm *l2, *linf;
    if (steepest_norm_new("l2", D, &l2) != STEEPEST_OK ||
        steepest_norm_new("linf", D, &linf) != STEEPEST_OK) {
        fprintf(stderr, "bench-figure2: %s\n", steepest_last_error());
        return 1;
    }
    SteepestInducedOptions *opts = steepest_induced_options_new();
    steepest_induced_options_set_threads(opts, 1);

    static double lib_ratio[NR * NT], base_ratio[NR * NT];
    double *t_lib = g_new(double, reps), *t_base = g_new(double, reps), *ratios = g_new(double, reps);
    for (int rep = 0; rep < reps; rep++) {
        gint64 t0 = g_get_monotonic_time();
        for (int c = 0; c < NR * NT; c++) {
            double da, db;
            if (steepest_experiment_compare(l2, linf, D, grid->H[c], opts, REPEATS, grid->x0, STEPS, NULL,
                                            NULL, NULL, &da, &db) != STEEPEST_OK) {
                fprintf(stderr, "bench-figure2: %s\n", steepest_last_error());
                return 1;
            }
            lib_ratio[c] = db / da;
        }
        gint64 t1 = g_get_monotonic_time();
        for (int c = 0; c < NR * NT; c++) {
            double da, db;
            baseline_cell(grid->H[c], grid->x0, &da, &db);
            base_ratio[c] = db / da;
        }
        gint64 t2 = g_get_monotonic_time();
        t_lib[rep] = (double) (t1 - t0) / 1e6;
        t_base[rep] = (double) (t2 - t1) / 1e6;
        ratios[rep] = t_base[rep] / t_lib[rep];
    }
    /* Same figure: the distance ratios agree (loosely where GD converged to
     * ~1e-40, where rounding in L2 dominates; the decision sign-vs-GD always). */
    int same_side = 0, close = 0;
    for (int c = 0; c < NR * NT; c++) {
        same_side += (lib_ratio[c] < 1) == (base_ratio[c] < 1);
        close +=
            isinf(lib_ratio[c]) ? isinf(base_ratio[c]) : fabs(log10(lib_ratio[c] / base_ratio[c])) < 1e-3;
    }
    printf("bench-figure2: default Figure 2 grid (d = %d, %d x %d cells, %d x0, T = %d), %d repetitions, one "
           "thread\n",
           D, NR, NT, REPEATS, STEPS, reps);
    printf("%-40s %10.3f s (median)\n", "library (induced norms + step kernels)",
           bench_median(t_lib, (size_t) reps));
    printf("%-40s %10.3f s (median)\n", "baseline (plain C, 2^d enumeration)",
           bench_median(t_base, (size_t) reps));
    printf("speed-up baseline/library: %.2f (median of per-repetition ratios)\n",
           bench_median(ratios, (size_t) reps));
    printf("same figure: %d of %d cells agree on the winner, %d within 0.1%% in the distance ratio\n",
           same_side, NR * NT, close);
    steepest_norm_free(l2);
    steepest_norm_free(linf);
    steepest_induced_options_free(opts);
    steepest_rng_free(rng);
    g_free(grid);
    g_free(t_lib);
    g_free(t_base);
    g_free(ratios);
    return same_side == NR * NT ? 0 : 1;
}
