/* bench-sparse.c — sparse and matrix-free analysis at scale.
 *
 * 1. G1 of the G-set max-cut instances (Helmberg and Rendl; 800 vertices,
 *    19,176 unit edges), its Laplacian L committed as bench/data/
 *    G1-laplacian.mtx.  ‖L‖∞,1 = 4·maxcut for a Laplacian, so the certified
 *    interval on ‖L‖∞,1 is compared with 4 × the best-known cut 11624 (the
 *    lower bound's target is ≥ 0.995 of it) and the upper bound with 4 × the
 *    published SDP bound 12083.2 (an SDP value can only be reached from
 *    above: upper / SDP ≥ 1, and near 1 when the dual is near optimal).
 * 2. A 2-D grid Laplacian (317 x 317, d = 100,489): the l2 interval (Lanczos),
 *    the l-inf interval, probes and the trace — the library side of
 *    `steepest analyze` — against one CSR product, measured in the same run.
 * Medians of repeated runs; quote `uptime` with the numbers (shared machine).
 */
#include "bench-common.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static uint64_t rng = 0x243f6a8885a308d3ULL;

static uint64_t
next(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

#define G1_PATH BENCH_DATA_DIR "/G1-laplacian.mtx"

static void
g1(void)
{
    const double best_cut = 11624, sdp_bound = 12083.2; /* published for G1 */
    size_t n = 0;
    double *dense = NULL;
    SteepestCsr *csr = NULL;
    if (steepest_matrix_market_read(G1_PATH, STEEPEST_MM_REQUIRE_SYMMETRIC, 0, &n, &dense, &csr) !=
            STEEPEST_OK ||
        csr == NULL) {
        fprintf(stderr, "G1: %s\n", steepest_last_error());
        steepest_matrix_free(dense);
        return;
    }
    SteepestOperator *op = NULL;
    steepest_operator_new_csr(csr, &op);
    double times[3], lo = 0, up = 0;
    const char *method = "";
    for (int r = 0; r < 3; r++) {
        double t0 = bench_now();
        int cert;
        if (steepest_operator_inf1(op, NULL, &lo, &up, NULL, &cert, &method) != STEEPEST_OK)
            fprintf(stderr, "inf1: %s\n", steepest_last_error());
        times[r] = bench_now() - t0;
    }
    printf("G-set G1 Laplacian: n = %zu, CSR nnz = %zu\n", n, steepest_csr_nnz(csr));
    printf("  ||L||_inf,1 = 4 maxcut in [%.1f, %.1f]  (cut in [%.1f, %.2f]), %s\n", lo, up, lo / 4, up / 4,
           method);
    printf("  lower / (4 x best-known cut %.0f) = %.4f (target >= 0.995)\n", best_cut, lo / (4 * best_cut));
    printf("  upper / (4 x published SDP bound %.1f) = %.4f; lower / upper = %.4f\n", sdp_bound,
           up / (4 * sdp_bound), lo / up);
    printf("  median time %.3f s (3 runs)\n", bench_median(times, 3));
    steepest_operator_free(op);
    steepest_csr_free(csr);
}

static void
grid(void)
{
    const size_t side = 317, n = side * side;
    int64_t *indptr = malloc((n + 1) * sizeof *indptr), *indices = malloc(5 * n * sizeof *indices);
    double *data = malloc(5 * n * sizeof *data);
    size_t p = 0;
    indptr[0] = 0;
    for (size_t i = 0; i < side; i++)
        for (size_t j = 0; j < side; j++) {
            size_t k = i * side + j;
            int64_t nb[5] = { i > 0 ? (int64_t) (k - side) : -1, j > 0 ? (int64_t) (k - 1) : -1, (int64_t) k,
                              j + 1 < side ? (int64_t) (k + 1) : -1,
                              i + 1 < side ? (int64_t) (k + side) : -1 };
            double deg = (i > 0) + (j > 0) + (j + 1 < side) + (i + 1 < side);
            for (int t = 0; t < 5; t++)
                if (nb[t] >= 0) {
                    indices[p] = nb[t];
                    data[p++] = t == 2 ? deg : -1.0;
                }
            indptr[k + 1] = (int64_t) p;
        }
    SteepestCsr *csr = NULL;
    steepest_csr_new(n, indptr, indices, data, &csr);
    SteepestOperator *op = NULL;
    steepest_operator_new_csr(csr, &op);
    double *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w), base[21];
    for (size_t i = 0; i < n; i++)
        v[i] = (double) (next() >> 11) * 0x1.0p-53;
    for (int r = 0; r < 21; r++) {
        double t0 = bench_now();
        steepest_operator_apply(op, v, w);
        base[r] = bench_now() - t0;
    }
    double matvec = bench_median(base, 21), times[3], l2lo = 0, l2up = 0, lo = 0, up = 0, tr = 0, se = 0;
    for (int r = 0; r < 3; r++) {
        SteepestOperator *fresh = NULL; /* no cached Lanczos answer between runs */
        steepest_operator_new_csr(csr, &fresh);
        double t0 = bench_now(), lmin, lmax;
        steepest_operator_extreme_eigenvalues(fresh, NULL, &lmin, &lmax, NULL, NULL);
        steepest_operator_spectral_norm(fresh, NULL, &l2lo, &l2up, NULL, NULL);
        steepest_operator_inf1(fresh, NULL, &lo, &up, NULL, NULL, NULL);
        steepest_operator_probes(fresh, 64, 1, NULL, NULL, &tr, &se);
        times[r] = bench_now() - t0;
        steepest_operator_free(fresh);
    }
    double t = bench_median(times, 3);
    printf("2-D grid Laplacian %zu x %zu: d = %zu, nnz = %zu\n", side, side, n, steepest_csr_nnz(csr));
    printf("  L2 in [%.7f, %.7f], Linf in [%.0f, %.0f], Hutchinson trace %.0f +- %.0f (exact %zu)\n", l2lo,
           l2up, lo, up, tr, se, 4 * n - 4 * side);
    printf("  eigenvalues + l2 + l-inf + probes: median %.3f s = %.0f CSR products (one product %.3g ms)\n",
           t, t / matvec, 1e3 * matvec);
    steepest_operator_free(op);
    steepest_csr_free(csr);
    free(indptr);
    free(indices);
    free(data);
    free(v);
    free(w);
}

int
main(void)
{
    if (bench_load_plugins("bench-sparse") != 0)
        return 1;
    g1();
    grid();
    return 0;
}
