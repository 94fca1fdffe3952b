/* bench-product.c — the product norm's overhead over its parts.
 *
 * A product of 3 parts over 10^7 coordinates (l2 on 4·10^6, linf on 3·10^6,
 * l1 on 3·10^6, weights 1, 0.5, 2): its duality map against the sum of the
 * three parts' duality maps called separately on their slices, measured
 * interleaved in the same run, medians of repeated runs.  Also the product's
 * dual norm against the parts' dual norms.  Target for the map: <= 1.05x.
 *
 *   bench-product [coordinates (default 10000000)] [repetitions (default 15)]
 */
#include "bench-common.h"

#include <math.h>
#include <string.h>

#define N_PARTS 3

typedef struct {
    SteepestNorm *product, *parts[N_PARTS];
    size_t n, dims[N_PARTS], offs[N_PARTS];
    double *z, *out;
} Setup;

static double
time_product_map(Setup *S)
{
    double d, t = bench_now();
    if (steepest_norm_duality_map(S->product, S->n, S->z, S->out, &d) != STEEPEST_OK)
        exit(1);
    return bench_now() - t;
}

static double
time_parts_map(Setup *S)
{
    double d, t = bench_now();
    for (int i = 0; i < N_PARTS; i++)
        if (steepest_norm_duality_map(S->parts[i], S->dims[i], S->z + S->offs[i], S->out + S->offs[i], &d) !=
            STEEPEST_OK)
            exit(1);
    return bench_now() - t;
}

static double
time_product_dual(Setup *S)
{
    double d, t = bench_now();
    if (steepest_norm_dual_norm(S->product, S->n, S->z, &d) != STEEPEST_OK)
        exit(1);
    return bench_now() - t;
}

static double
time_parts_dual(Setup *S)
{
    double d, t = bench_now();
    for (int i = 0; i < N_PARTS; i++)
        if (steepest_norm_dual_norm(S->parts[i], S->dims[i], S->z + S->offs[i], &d) != STEEPEST_OK)
            exit(1);
    return bench_now() - t;
}

/* Medians of a and b measured alternately, reps times each; prints and
 * returns their ratio. */
static double
compare(const char *what, Setup *S, double (*a)(Setup *), double (*b)(Setup *), int reps)
{
    double *ta = malloc(reps * sizeof *ta), *tb = malloc(reps * sizeof *tb);
    a(S);
    b(S); /* warm: page faults of out, caches */
    for (int r = 0; r < reps; r++) {
        ta[r] = a(S);
        tb[r] = b(S);
    }
    /* Each pair ran back to back, so its ratio sees the same load. */
    double *pr = malloc(reps * sizeof *pr);
    for (int r = 0; r < reps; r++)
        pr[r] = ta[r] / tb[r];
    double paired = bench_median(pr, reps);
    free(pr);
    double ma = bench_median(ta, reps), mb = bench_median(tb, reps);
    printf("%-13s product %8.3f ms   parts separately %8.3f ms   ratio of medians %.3f   median paired ratio "
           "%.3f\n",
           what, 1e3 * ma, 1e3 * mb, ma / mb, paired);
    free(ta);
    free(tb);
    return paired;
}

int
main(int argc, char **argv)
{
    if (bench_load_plugins("bench-product") != 0)
        return 1;
    Setup S = { .n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000000 };
    int reps = argc > 2 ? atoi(argv[2]) : 15;
    if (S.n < 10 || reps < 1) {
        fprintf(stderr, "usage: bench-product [coordinates >= 10] [repetitions >= 1]\n");
        return 2;
    }
    const char *names[N_PARTS] = { "l2", "linf", "l1" };
    const double w[N_PARTS] = { 1.0, 0.5, 2.0 };
    S.dims[0] = 4 * S.n / 10;
    S.dims[1] = 3 * S.n / 10;
    S.dims[2] = S.n - S.dims[0] - S.dims[1];
    for (int i = 0; i < N_PARTS; i++) {
        S.offs[i] = i ? S.offs[i - 1] + S.dims[i - 1] : 0;
        if (steepest_norm_new(names[i], S.dims[i], &S.parts[i]) != STEEPEST_OK) {
            fprintf(stderr, "bench-product: %s\n", steepest_last_error());
            return 1;
        }
    }
    if (steepest_norm_product_new(N_PARTS, (const SteepestNorm *const *) S.parts, w, &S.product) !=
        STEEPEST_OK) {
        fprintf(stderr, "bench-product: %s\n", steepest_last_error());
        return 1;
    }
    S.z = malloc(S.n * sizeof *S.z);
    S.out = malloc(S.n * sizeof *S.out);
    if (S.z == NULL || S.out == NULL)
        return 1;
    for (size_t i = 0; i < S.n; i++)
        S.z[i] = sin(0.001 * (double) i) + 1e-3 * (double) (i % 7);
    printf("product %s, %zu coordinates, %d repetitions (medians)\n", steepest_norm_get_spec(S.product), S.n,
           reps);
    compare("duality map", &S, time_product_map, time_parts_map, reps);
    compare("dual norm", &S, time_product_dual, time_parts_dual, reps);
    for (int i = 0; i < N_PARTS; i++)
        steepest_norm_free(S.parts[i]);
    steepest_norm_free(S.product);
    free(S.z);
    free(S.out);
    return 0;
}
