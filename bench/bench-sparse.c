/* bench-sparse.c — sparse and matrix-free analysis at scale.
 *
 * 1. A G1-like max-cut instance.  G-set's G1 (Helmberg and Rendl) was made by
 *    rudy's random-graph generator (800 vertices, density 6%, unit weights),
 *    whose random number generator is rudy's own: without its source the
 *    exact graph cannot be regenerated here.  This benchmark therefore draws a
 *    graph with G1's statistics — 800 vertices, exactly 19,176 edges uniform
 *    over all pairs, unit weights — from a fixed seed.  It is NOT G1: its best
 *    cut is not 11624 and G1's published SDP bound (12083.2) does not apply.
 *    Reported: time, the certified interval on ‖L‖∞,1 = 4·maxcut, the lower
 *    bound over the certified upper bound, and over the SDP value we computed.
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

/* CSR Laplacian of a graph given as an n x n 0/1 adjacency bitmap. */
static SteepestCsr *
laplacian_csr(size_t n, const unsigned char *adj, int64_t **indptr, int64_t **indices, double **data)
{
    size_t nnz = n;
    for (size_t k = 0; k < n * n; k++)
        nnz += adj[k];
    *indptr = malloc((n + 1) * sizeof **indptr);
    *indices = malloc(nnz * sizeof **indices);
    *data = malloc(nnz * sizeof **data);
    size_t p = 0;
    (*indptr)[0] = 0;
    for (size_t i = 0; i < n; i++) {
        double deg = 0;
        for (size_t j = 0; j < n; j++)
            deg += adj[i * n + j];
        for (size_t j = 0; j < n; j++) {
            if (adj[i * n + j] || i == j) {
                (*indices)[p] = (int64_t) j;
                (*data)[p++] = i == j ? deg : -1.0;
            }
        }
        (*indptr)[i + 1] = (int64_t) p;
    }
    SteepestCsr *csr = NULL;
    if (steepest_csr_new(n, *indptr, *indices, *data, &csr) != STEEPEST_OK)
        fprintf(stderr, "csr: %s\n", steepest_last_error());
    return csr;
}

static void
gset_like(void)
{
    const size_t n = 800, m = 19176;
    unsigned char *adj = calloc(n * n, 1);
    for (size_t e = 0; e < m;) {
        size_t a = next() % n, b = next() % n;
        if (a == b || adj[a * n + b])
            continue;
        adj[a * n + b] = adj[b * n + a] = 1;
        e++;
    }
    int64_t *indptr, *indices;
    double *data;
    SteepestCsr *csr = laplacian_csr(n, adj, &indptr, &indices, &data);
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
    printf("G1-like random graph (NOT G1): n = %zu, m = %zu, CSR nnz = %zu\n", n, m, steepest_csr_nnz(csr));
    printf("  ||L||_inf,1 = 4 maxcut in [%.1f, %.1f]  (cut in [%.1f, %.2f]), %s\n", lo, up, lo / 4, up / 4, method);
    printf("  lower / certified upper = %.4f; median time %.3f s (3 runs)\n", lo / up, bench_median(times, 3));
    printf("  sum |L_ij| / 4 = %zu (the trivial upper bound on the cut)\n", m);
    steepest_operator_free(op);
    steepest_csr_free(csr);
    free(indptr);
    free(indices);
    free(data);
    free(adj);
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
                              j + 1 < side ? (int64_t) (k + 1) : -1, i + 1 < side ? (int64_t) (k + side) : -1 };
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
    printf("  L2 in [%.7f, %.7f], Linf in [%.0f, %.0f], Hutchinson trace %.0f +- %.0f (exact %zu)\n", l2lo, l2up, lo,
           up, tr, se, 4 * n - 4 * side);
    printf("  eigenvalues + l2 + l-inf + probes: median %.3f s = %.0f CSR products (one product %.3g ms)\n", t,
           t / matvec, 1e3 * matvec);
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
    gset_like();
    grid();
    return 0;
}
