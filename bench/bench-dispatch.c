/* bench-dispatch.c — what a call through the library costs over a direct call.
 *
 * steepest_norm_norm() and the step functions check their arguments, call the
 * plugin through the class's method table (a call into another shared object)
 * and check the result for NaN/Inf.  This times them at d = 1000 (small enough
 * that the checks would show) against direct calls of the same kernels
 * (plugins/common/kernels.h, the code the built-in plugins run) compiled into
 * this program, and prints the median over repetitions of the time ratio.
 * Target: overhead <= 5%.
 *
 * Usage: bench-dispatch [repetitions [dimension]]   (default 31, 1000)
 * Plugins come from STEEPEST_PLUGIN_PATH or else the build tree.
 */
#include <steepest/steepest.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../plugins/common/kernels.h"

#include "bench-common.h"

/* The direct functions must stay ordinary calls: no inlining, and no
 * interprocedural specialization to the call site (GCC's noipa). */
#if defined(__GNUC__) && !defined(__clang__)
#define DIRECT __attribute__((noipa))
#else
#define DIRECT __attribute__((noinline))
#endif

/* Keeps the compiler from reusing one call's result for the next: after
 * this it must assume any memory may have changed. */
#define BARRIER() __asm__ __volatile__("" ::: "memory")

#define CALLS_PER_BATCH 2000
#define TARGET 1.05

typedef enum { OP_NORM, OP_DUAL, OP_STEP_SCALED, OP_STEP_NORMALIZED } Op;

/* The direct equivalents: the plugins' code, as static functions here. */
DIRECT static int
direct_l2_norm(size_t n, const double *x, double *value)
{
    *value = kernel_nrm2(n, x);
    return 0;
}

DIRECT static int
direct_linf_norm(size_t n, const double *x, double *value)
{
    *value = kernel_amax(n, x);
    return 0;
}

DIRECT static int
direct_l1_norm(size_t n, const double *x, double *value)
{
    *value = kernel_asum(n, x);
    return 0;
}

DIRECT static int
direct_l2_step_scaled(size_t n, const double *x, const double *z, double alpha, double *x_out, double *dual)
{
    double ssq = kernel_axpy_ssq(n, x, z, alpha, x_out);
    *dual = kernel_ssq_is_safe(ssq) ? sqrt(ssq) : kernel_nrm2_safe(n, z);
    return 0;
}

DIRECT static int
direct_linf_step_normalized(size_t n, const double *x, const double *z, double alpha, double *x_out,
                            double *dual)
{
    *dual = kernel_sign_step_asum(n, x, z, alpha, x_out);
    return 0;
}

typedef struct {
    const char *label;
    const char *spec;
    Op op;
    SteepestNorm *norm;
    double *ratios;
} Case;

/* One batch of calls through the library; returns seconds (or -1). */
static double
batch_library(const Case *c, size_t n, double *x, const double *g, double *sink)
{
    double v = 0.0, acc = 0.0;
    double t0 = bench_now();
    for (int k = 0; k < CALLS_PER_BATCH; k++) {
        double alpha = k % 2 ? -1e-3 : 1e-3; /* x stays bounded */
        int rc;
        switch (c->op) {
        case OP_NORM:
            rc = steepest_norm_norm(c->norm, n, x, &v);
            break;
        case OP_DUAL:
            rc = steepest_norm_dual_norm(c->norm, n, x, &v);
            break;
        case OP_STEP_SCALED:
            rc = steepest_norm_step_scaled(c->norm, n, x, g, alpha, x, &v);
            break;
        default:
            rc = steepest_norm_step_normalized(c->norm, n, x, g, alpha, x, &v);
            break;
        }
        if (rc != STEEPEST_OK)
            return -1.0;
        acc += v;
        BARRIER();
    }
    double t1 = bench_now();
    *sink += acc;
    return t1 - t0;
}

/* The same batch through the direct functions. */
static double
batch_direct(const Case *c, size_t n, double *x, const double *g, double *sink)
{
    double v = 0.0, acc = 0.0;
    const char *name = steepest_norm_get_name(c->norm);
    int is_l2 = name[1] == '2', is_l1 = name[1] == '1';
    double t0 = bench_now();
    for (int k = 0; k < CALLS_PER_BATCH; k++) {
        double alpha = k % 2 ? -1e-3 : 1e-3;
        switch (c->op) {
        case OP_NORM:
            if (is_l2)
                direct_l2_norm(n, x, &v);
            else if (is_l1)
                direct_l1_norm(n, x, &v);
            else
                direct_linf_norm(n, x, &v);
            break;
        case OP_DUAL: /* l1's dual is max|z_i|, linf's is the l1 sum */
            if (is_l1)
                direct_linf_norm(n, x, &v);
            else
                direct_l1_norm(n, x, &v);
            break;
        case OP_STEP_SCALED:
            direct_l2_step_scaled(n, x, g, alpha, x, &v);
            break;
        default:
            direct_linf_step_normalized(n, x, g, alpha, x, &v);
            break;
        }
        acc += v;
        BARRIER();
    }
    double t1 = bench_now();
    *sink += acc;
    return t1 - t0;
}

int
main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 31;
    long dim = argc > 2 ? atol(argv[2]) : 1000;
    if (reps < 1 || dim < 1 || dim > 100000000) {
        fprintf(stderr, "usage: %s [repetitions >= 1 [dimension]]\n", argv[0]);
        return 2;
    }
    if (bench_load_plugins("bench-dispatch") != 0)
        return 1;
    size_t n = (size_t) dim;

    Case cases[] = {
        { "steepest_norm_norm          l2", "l2", OP_NORM, NULL, NULL },
        { "steepest_norm_norm          linf", "linf", OP_NORM, NULL, NULL },
        { "steepest_norm_norm          l1", "l1", OP_NORM, NULL, NULL },
        { "steepest_norm_dual_norm     linf", "linf", OP_DUAL, NULL, NULL },
        { "steepest_norm_step_scaled   l2", "l2", OP_STEP_SCALED, NULL, NULL },
        { "steepest_norm_step_normalized linf", "linf", OP_STEP_NORMALIZED, NULL, NULL },
    };
    size_t n_cases = sizeof cases / sizeof cases[0];

    double *x = malloc(n * sizeof *x), *g = malloc(n * sizeof *g);
    double *lib_times = malloc((size_t) reps * sizeof *lib_times);
    double *direct_times = malloc((size_t) reps * sizeof *direct_times);
    if (x == NULL || g == NULL || lib_times == NULL || direct_times == NULL)
        return 1;
    uint64_t s = 88172645463325252ull;
    for (size_t i = 0; i < n; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        x[i] = (double) (s >> 11) * 0x1p-53 - 0.5;
        g[i] = (double) ((s * 2685821657736338717ull) >> 11) * 0x1p-53 - 0.5;
    }

    printf("bench-dispatch: dimension %zu, %d calls per batch, %d repetitions, median of ratios\n", n,
           CALLS_PER_BATCH, reps);
    printf("baseline: the same kernel (plugins/common/kernels.h) called directly, compiled into this "
           "program\n\n");
    printf("%-38s %11s %11s %8s %9s  %s\n", "call", "library ns", "direct ns", "ratio", "overhead", "met");

    double sink = 0.0;
    int missed = 0;
    for (size_t c = 0; c < n_cases; c++) {
        if (steepest_norm_new(cases[c].spec, n, &cases[c].norm) != STEEPEST_OK) {
            fprintf(stderr, "bench-dispatch: %s: %s\n", cases[c].spec, steepest_last_error());
            return 1;
        }
        double *ratios = malloc((size_t) reps * sizeof *ratios);
        if (ratios == NULL)
            return 1;
        /* warm-up: resolve the PLT, fill the caches */
        batch_library(&cases[c], n, x, g, &sink);
        batch_direct(&cases[c], n, x, g, &sink);
        for (int r = 0; r < reps; r++) {
            /* alternate the order so neither side always runs second */
            double tl, td;
            if (r % 2) {
                td = batch_direct(&cases[c], n, x, g, &sink);
                tl = batch_library(&cases[c], n, x, g, &sink);
            } else {
                tl = batch_library(&cases[c], n, x, g, &sink);
                td = batch_direct(&cases[c], n, x, g, &sink);
            }
            if (tl < 0) {
                fprintf(stderr, "bench-dispatch: %s: %s\n", cases[c].label, steepest_last_error());
                return 1;
            }
            lib_times[r] = tl;
            direct_times[r] = td;
            ratios[r] = tl / td;
        }
        double ratio = bench_median(ratios, (size_t) reps);
        int met = ratio <= TARGET;
        missed += !met;
        printf("%-38s %11.1f %11.1f %8.3f %8.1f%%  %s\n", cases[c].label,
               1e9 * bench_median(lib_times, (size_t) reps) / CALLS_PER_BATCH,
               1e9 * bench_median(direct_times, (size_t) reps) / CALLS_PER_BATCH, ratio,
               100.0 * (ratio - 1.0), met ? "yes" : "NO");
        free(ratios);
        steepest_norm_free(cases[c].norm);
    }
    printf("\ntarget: overhead <= %.0f%%: %s (checksum %.6g)\n", 100.0 * (TARGET - 1.0),
           missed ? "SOME TARGETS MISSED" : "all met", sink);
    free(lib_times);
    free(direct_times);
    free(x);
    free(g);
    return 0;
}
