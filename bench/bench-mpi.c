/* bench-mpi.c — libsteepest-mpi at d = 10^7 (run with 4 ranks:
 * mpirun --allow-run-as-root --oversubscribe -np 4 build/bench/bench-mpi [d]).
 *
 *  1. Time per step of sign-majority (pack, alltoall, vote, allgather,
 *     apply) against mean (allreduce of doubles, the optimizer's step), both
 *     through steepest_mpi_update(), and the bytes each rank moves.  For
 *     reference also the bare collectives: MPI_Allreduce of d doubles against
 *     packing plus MPI_Allgather of the bits.
 *  2. Packing signs to bits against a read-only sweep of g (one rank, no MPI).
 *
 * Medians of repeated steps, every rank timing the same steps; rank 0
 * prints ratios measured in the same run. */
#include "bench-common.h"
#include "mpi/mpi-signs.h"

#include <math.h>
#include <mpi.h>
#include <steepest/steepest-mpi.h>
#include <string.h>

enum { REPS = 9 };

static int rank_, size_;

/* The slowest rank's time for each repetition, then the median. */
static double
median_max(double *t, int n)
{
    double *m = malloc(sizeof(double) * (size_t) n);
    MPI_Allreduce(t, m, n, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    double med = bench_median(m, (size_t) n);
    free(m);
    return med;
}

static double
time_rule(int rule, size_t d, double *x, const double *g, uint64_t *sent, uint64_t *received)
{
    SteepestNorm *norm = NULL;
    SteepestMpiRun *run = NULL;
    if (steepest_norm_new(rule == STEEPEST_MPI_MEAN ? "l2" : "linf", d, &norm) != STEEPEST_OK ||
        steepest_mpi_run_new(MPI_COMM_WORLD, norm, d, rule, 1.0, &run) != STEEPEST_OK) {
        fprintf(stderr, "bench-mpi: %s\n", steepest_last_error());
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    steepest_mpi_run_set_step_size(run, 1e-6);
    steepest_mpi_update(run, d, x, g); /* warm-up, and the one-time settings check */
    double t[REPS];
    for (int k = 0; k < REPS; k++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        steepest_mpi_update(run, d, x, g);
        t[k] = MPI_Wtime() - t0;
    }
    steepest_mpi_run_get_bytes(run, NULL, NULL, sent, received);
    steepest_mpi_run_free(run);
    steepest_norm_free(norm);
    return median_max(t, REPS);
}

/* The reference: a plain allreduce against packing plus allgather. */
static void
bare_collectives(size_t d, const double *g, double *out, double *t_allreduce, double *t_allgather)
{
    size_t words = steepest_signs_words(d);
    uint64_t *bits = malloc(words * 8), *all = malloc(words * 8 * (size_t) size_);
    double ta[REPS], tg[REPS];
    for (int k = 0; k < REPS; k++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        MPI_Allreduce(g, out, (int) d, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        ta[k] = MPI_Wtime() - t0;
        MPI_Barrier(MPI_COMM_WORLD);
        t0 = MPI_Wtime();
        steepest_signs_pack(g, d, 0, words, rank_ % 2 == 0, bits);
        MPI_Allgather(bits, (int) words, MPI_UINT64_T, all, (int) words, MPI_UINT64_T, MPI_COMM_WORLD);
        tg[k] = MPI_Wtime() - t0;
    }
    *t_allreduce = median_max(ta, REPS);
    *t_allgather = median_max(tg, REPS);
    free(bits);
    free(all);
}

/* Packing against the read-only sweep it cannot beat (rank 0 alone). */
static void
packing(size_t d, const double *g, double *t_pack, double *t_sweep, double *sink)
{
    size_t words = steepest_signs_words(d);
    uint64_t *bits = malloc(words * 8);
    double tp[REPS], ts[REPS];
    for (int k = 0; k < REPS; k++) {
        double t0 = bench_now(), s = 0;
        for (size_t i = 0; i < d; i++)
            s += g[i];
        ts[k] = bench_now() - t0;
        *sink += s;
        t0 = bench_now();
        steepest_signs_pack(g, d, 0, words, 1, bits);
        tp[k] = bench_now() - t0;
        *sink += (double) (bits[k % words] & 1u);
    }
    *t_pack = bench_median(tp, REPS);
    *t_sweep = bench_median(ts, REPS);
    free(bits);
}

int
main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    size_t d = argc > 1 ? (size_t) strtod(argv[1], NULL) : 10000000;
    if (bench_load_plugins("bench-mpi") != 0)
        MPI_Abort(MPI_COMM_WORLD, 1);
    double *x = calloc(d, sizeof(double)), *g = malloc(d * sizeof(double)), *out = malloc(d * sizeof(double));
    for (size_t i = 0; i < d; i++)
        g[i] = sin(0.001 * (double) i + rank_);

    uint64_t ms, mr, ss, sr;
    double t_mean = time_rule(STEEPEST_MPI_MEAN, d, x, g, &ms, &mr);
    double t_sign = time_rule(STEEPEST_MPI_SIGN_MAJORITY, d, x, g, &ss, &sr);
    double t_ar, t_ag;
    bare_collectives(d, g, out, &t_ar, &t_ag);
    double t_pack = 0, t_sweep = 0, sink = 0;
    if (rank_ == 0)
        packing(d, g, &t_pack, &t_sweep, &sink);
    if (rank_ == 0) {
        printf("bench-mpi: d = %zu, %d ranks, medians of %d steps (slowest rank)\n", d, size_, REPS);
        printf("  step  mean (allreduce + optimizer)   %9.3f ms   sent %llu B, received %llu B per rank\n",
               1e3 * t_mean, (unsigned long long) ms, (unsigned long long) mr);
        printf("  step  sign-majority                  %9.3f ms   sent %llu B, received %llu B per rank\n",
               1e3 * t_sign, (unsigned long long) ss, (unsigned long long) sr);
        printf("  ratio mean / sign-majority: time %.2fx (target >= 8), bytes sent %.1fx, received %.1fx "
               "(target >= 32)\n",
               t_mean / t_sign, (double) ms / (double) ss, (double) mr / (double) sr);
        printf("  bare: MPI_Allreduce of doubles %.3f ms, pack + MPI_Allgather of bits %.3f ms: %.2fx\n",
               1e3 * t_ar, 1e3 * t_ag, t_ar / t_ag);
        printf("  pack signs %.3f ms against a read-only sweep of g %.3f ms: %.2fx (target <= 1.2)  [%g]\n",
               1e3 * t_pack, 1e3 * t_sweep, t_pack / t_sweep, sink > 0 ? 0.0 : 1.0);
    }
    free(x);
    free(g);
    free(out);
    MPI_Finalize();
    return 0;
}
