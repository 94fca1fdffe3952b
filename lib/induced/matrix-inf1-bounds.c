/* matrix-inf1-bounds.c — ‖H‖_{∞,1} = max_{x ∈ {±1}^n} ‖Hx‖₁: certified bounds,
 * and the choice between them and exact enumeration (matrix-inf1.c).
 *
 * Lower bounds are values ‖Hx‖₁ of actual sign vectors x (so they are
 * attained), found by
 *  - alternating local search: ‖Hx‖₁ = max_{y ∈ {±1}^n} yᵀHx, so y ← sign(Hx),
 *    x ← sign(Hᵀy) never decreases yᵀHx; then single sign flips;
 *  - rounding the SDP solution (Goemans–Williamson: x_i = sign(<v_i, r>) for
 *    random r), polished by the same local search;
 * plus the SDP's own guarantees: (2/π)·SDP for PSD H (Nesterov 1998) and
 * SDP / 1.7823 for any H (Grothendieck's inequality, Krivine's bound on K_G),
 * each applied to the certified dual (lower) value of the SDP.
 *
 * Upper bounds:
 *  - Σ_ij |H_ij| (Proposition 3: ‖Hx‖₁ <= Σ_ij |H_ij||x_j|);
 *  - n·‖H‖₂ (Eq. 9: ‖Hx‖₁ <= √n‖Hx‖₂ <= √n‖H‖₂‖x‖₂ = n‖H‖₂);
 *  - the certified primal value of the MAX-CUT SDP: for symmetric PSD H that
 *    is L_sep(H) >= max xᵀHx = ‖H‖_{∞,1} (Proposition 5); for any other H the
 *    SDP of the symmetric 2n x 2n matrix ½[[0, H], [Hᵀ, 0]], whose quadratic
 *    form at z = (y, x) is yᵀHx, so its maximum over sign vectors is ‖H‖_{∞,1}
 *    and any l with diag(l) ⪰ that matrix bounds it by Σ l_i.
 * Every upper bound is inflated by a bound on its own rounding error.
 */
#include "induced/matrix-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* The SDP bound is skipped beyond this size (an N x N eigenproblem). */
#define SDP_MAX_N 1200
/* Grothendieck's constant is at most π / (2 ln(1 + √2)) = 1.78221... */
#define GROTHENDIECK_BOUND 1.7823

typedef struct {
    size_t n;
    const double *H;  /* row-major */
    double *Ht;       /* transposed copy: column j of H is row j of Ht */
    double *y, *s, *z;
} Search;

static double
asum(size_t n, const double *v)
{
    double a = 0.0;
    for (size_t i = 0; i < n; i++)
        a += fabs(v[i]);
    return a;
}

/* out = A x for row-major n x n A. */
static void
matvec(size_t n, const double *A, const double *x, double *out)
{
    for (size_t i = 0; i < n; i++) {
        const double *row = A + i * n;
        double acc = 0.0;
        for (size_t j = 0; j < n; j++)
            acc += row[j] * x[j];
        out[i] = acc;
    }
}

/* Improves x in place; returns ‖Hx‖₁ of the final x (computed afresh). */
static double
improve(Search *S, double *x)
{
    size_t n = S->n;
    double best = -1.0;
    for (int round = 0; round < 64; round++) {
        gboolean changed = FALSE;
        /* Alternate y = sign(Hx), x = sign(Hᵀy) while it helps. */
        for (int it = 0; it < 100; it++) {
            matvec(n, S->H, x, S->y);
            double v = asum(n, S->y);
            if (!(v > best) && it > 0)
                break;
            best = v;
            for (size_t i = 0; i < n; i++)
                S->s[i] = S->y[i] >= 0.0 ? 1.0 : -1.0;
            matvec(n, S->Ht, S->s, S->z);
            gboolean moved = FALSE;
            for (size_t j = 0; j < n; j++) {
                double sj = S->z[j] > 0.0 ? 1.0 : S->z[j] < 0.0 ? -1.0 : x[j];
                moved |= sj != x[j];
                x[j] = sj;
            }
            if (!moved)
                break;
            changed = TRUE;
        }
        /* Single flips: y − 2x_j H[:,j]; take the best improving one. */
        matvec(n, S->H, x, S->y);
        double cur = asum(n, S->y);
        for (size_t pass = 0; pass < 4 * n + 4; pass++) {
            size_t arg = n;
            double gain_best = 0.0;
            for (size_t j = 0; j < n; j++) {
                const double *col = S->Ht + j * n;
                double c = -2.0 * x[j], v = 0.0;
                for (size_t i = 0; i < n; i++)
                    v += fabs(S->y[i] + c * col[i]);
                if (v - cur > gain_best * (1.0 + 1e-12) && v - cur > 1e-14 * cur) {
                    gain_best = v - cur;
                    arg = j;
                }
            }
            if (arg == n)
                break;
            const double *col = S->Ht + arg * n;
            double c = -2.0 * x[arg];
            x[arg] = -x[arg];
            for (size_t i = 0; i < n; i++)
                S->y[i] += c * col[i];
            cur = asum(n, S->y);
            changed = TRUE;
        }
        if (!changed)
            break;
        best = -1.0;
    }
    matvec(n, S->H, x, S->y);
    return asum(n, S->y);
}

static int
search_init(Search *S, size_t n, const double *H)
{
    S->n = n;
    S->H = H;
    S->Ht = g_try_new(double, n * n);
    S->y = g_try_new(double, n);
    S->s = g_try_new(double, n);
    S->z = g_try_new(double, n);
    if (S->Ht == NULL || S->y == NULL || S->s == NULL || S->z == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 local search: out of memory (n = %zu)", n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            S->Ht[j * n + i] = H[i * n + j];
    return STEEPEST_OK;
}

static void
search_clear(Search *S)
{
    g_free(S->Ht);
    g_free(S->y);
    g_free(S->s);
    g_free(S->z);
}

/* Runs `restarts` random starts; keeps the best in best_x / *best. */
static void
random_restarts(Search *S, uint64_t seed, unsigned restarts, double *x, double *best_x, double *best)
{
    size_t n = S->n;
    uint64_t rng = seed;
    for (unsigned r = 0; r < restarts; r++) {
        for (size_t j = 0; j < n; j++)
            x[j] = (induced_rng_next(&rng) >> 63) ? -1.0 : 1.0;
        if (r == 0)
            for (size_t j = 0; j < n; j++)
                x[j] = 1.0; /* the all-ones start: best for entrywise positive H */
        double v = improve(S, x);
        if (v > *best) {
            *best = v;
            memcpy(best_x, x, n * sizeof *x);
        }
    }
}

int
steepest_matrix_inf1_local_search(size_t n, const double *H, uint64_t seed, unsigned restarts, double *value,
                                  double *x)
{
    const char *fn = "steepest_matrix_inf1_local_search";
    int rc = steepest_matrix_check(fn, n, H);
    if (rc != STEEPEST_OK)
        return rc;
    if (value == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: value is NULL", fn);
    Search S = { 0 };
    double *xt = g_try_new(double, n), *bx = g_try_new(double, n);
    rc = search_init(&S, n, H);
    if (rc == STEEPEST_OK && (xt == NULL || bx == NULL))
        rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory", fn);
    if (rc == STEEPEST_OK) {
        double best = -1.0;
        random_restarts(&S, seed, restarts ? restarts : 16, xt, bx, &best);
        *value = best;
        if (x != NULL)
            memcpy(x, bx, n * sizeof *x);
    }
    search_clear(&S);
    g_free(xt);
    g_free(bx);
    return rc;
}

/* Cancellation point between phases of the bounds. */
static int
report(const SteepestPluginInducedQuery *q, double fraction)
{
    if (q->progress != NULL && q->progress(q->user_data, fraction) != 0)
        return steepest_fail(STEEPEST_ERROR_CANCELLED, "inf1 bounds cancelled by the progress callback");
    return STEEPEST_OK;
}

static int
inf1_bounds(size_t n, const double *H, const SteepestPluginInducedQuery *q, SteepestPluginInducedResult *r)
{
    const double eps = DBL_EPSILON;
    unsigned restarts = q->restarts ? q->restarts : 16;
    Search S = { 0 };
    double *x = g_try_new(double, n), *bx = g_try_new(double, n);
    double *M = NULL, *V = NULL, *g = NULL;
    int rc = search_init(&S, n, H);
    if (rc == STEEPEST_OK && (x == NULL || bx == NULL))
        rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 bounds: out of memory (n = %zu)", n);
    if (rc != STEEPEST_OK)
        goto out;

    double lower = -1.0;
    random_restarts(&S, q->seed, restarts, x, bx, &lower);
    double sum = 0.0;
    for (size_t i = 0; i < n * n; i++)
        sum += fabs(H[i]);
    double upper = sum * (1.0 + (double) (n * n) * eps);
    const char *method = "bounds: local search; upper sum |H_ij|";
    if ((rc = report(q, 0.3)) != STEEPEST_OK)
        goto out;

    double l2 = 0.0;
    if (n <= SDP_MAX_N && n > 1) {
        rc = steepest_matrix_spectral_norm(n, H, &l2);
        if (rc != STEEPEST_OK)
            goto out;
        upper = fmin(upper, (double) n * l2 * (1.0 + 16.0 * (double) n * eps));

        /* The SDP: on H itself when symmetric PSD, else on the bipartite form. */
        int sym = 0, psd = 0;
        steepest_matrix_is_symmetric(n, H, STEEPEST_MATRIX_SYMMETRY_TOL, &sym);
        if (sym && (rc = steepest_matrix_is_psd(n, H, &psd, NULL)) != STEEPEST_OK)
            goto out;
        size_t N = psd ? n : 2 * n, k = steepest_sdp_rank(N);
        M = g_try_new0(double, N * N);
        V = g_try_new(double, N * k);
        g = g_try_new(double, k);
        if (M == NULL || V == NULL || g == NULL) {
            rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 bounds: out of memory for the SDP (N = %zu)", N);
            goto out;
        }
        double asym = 0.0; /* Σ|H − M| when M is H's symmetric part */
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                if (psd) {
                    M[i * N + j] = steepest_matrix_mid(H[i * n + j], H[j * n + i]);
                    asym += fabs(H[i * n + j] - M[i * N + j]);
                } else {
                    M[i * N + (n + j)] = 0.5 * H[i * n + j];
                    M[(n + j) * N + i] = 0.5 * H[i * n + j];
                }
            }
        double dual = 0.0, primal = 0.0;
        /* About 2·10⁹ flops of sweeps at most: the bound stays cheap for large N. */
        double per_sweep = 2.0 * (double) N * (double) N * (double) k;
        unsigned max_sweeps = (unsigned) fmax(50.0, fmin(1000.0, 2e9 / per_sweep));
        rc = steepest_sdp_maxcut(N, M, max_sweeps, 0.0, q->seed, &dual, &primal, NULL, V, NULL);
        if (rc != STEEPEST_OK)
            goto out;
        /* ‖H‖ and ‖M‖ differ by at most ‖H − M‖_{∞,1} <= Σ|H − M|. */
        upper = fmin(upper, primal + asym * (1.0 + (double) (n * n) * eps));
        double certified = psd ? (2.0 / G_PI) * dual - asym : dual / GROTHENDIECK_BOUND;
        lower = fmax(lower, certified);
        method = psd ? "bounds: local search, SDP rounding; upper min(sum |H_ij|, n ||H||_2, L_sep by mixing method)"
                     : "bounds: local search, SDP rounding; upper min(sum |H_ij|, n ||H||_2, bipartite MAX-CUT SDP)";
        if ((rc = report(q, 0.8)) != STEEPEST_OK)
            goto out;
        /* Goemans–Williamson rounding of the x part, then local search. */
        const double *Vx = psd ? V : V + n * k;
        uint64_t rng = q->seed ^ 0x9e3779b97f4a7c15ULL;
        for (unsigned t = 0; t < restarts; t++) {
            for (size_t u = 0; u < k; u++)
                g[u] = induced_rng_normal(&rng);
            for (size_t j = 0; j < n; j++) {
                double d = 0.0;
                for (size_t u = 0; u < k; u++)
                    d += Vx[j * k + u] * g[u];
                x[j] = d >= 0.0 ? 1.0 : -1.0;
            }
            double v = improve(&S, x);
            if (v > lower)
                lower = v;
        }
    } else if (n == 1) {
        lower = upper = fabs(H[0]);
    }
    r->lower = fmin(fmax(lower, 0.0), upper);
    r->upper = upper;
    r->exact = 0;
    r->method = method;
out:
    search_clear(&S);
    g_free(x);
    g_free(bx);
    g_free(M);
    g_free(V);
    g_free(g);
    return rc;
}

int
steepest_matrix_inf1_query(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                           SteepestPluginInducedResult *result)
{
    gboolean enumerate;
    switch (query->mode) {
    case STEEPEST_INDUCED_EXACT:
        if (n > STEEPEST_MATRIX_INF1_MAX_EXACT_DIM)
            return steepest_fail(STEEPEST_ERROR_UNSUPPORTED,
                                 "exact ||H||_{inf,1} needs 2^(n-1) sign vectors; n = %zu is above the limit %d "
                                 "(ask for AUTO or BOUNDS)",
                                 n, STEEPEST_MATRIX_INF1_MAX_EXACT_DIM);
        enumerate = TRUE;
        break;
    case STEEPEST_INDUCED_BOUNDS:
        enumerate = FALSE;
        break;
    default:
        enumerate = n <= query->max_exact_dim && n <= STEEPEST_MATRIX_INF1_MAX_EXACT_DIM &&
                    (query->time_budget <= 0.0 ||
                     steepest_inf1_enumerate_seconds(n, query->threads) <= query->time_budget);
        break;
    }
    if (!enumerate)
        return inf1_bounds(n, H, query, result);
    double v = 0.0;
    int rc = steepest_inf1_enumerate(n, H, query->threads, query->progress, query->user_data, &v, NULL);
    if (rc != STEEPEST_OK)
        return rc;
    result->lower = result->upper = v;
    result->exact = 1;
    result->method = "gray-code enumeration of 2^(n-1) sign vectors";
    return STEEPEST_OK;
}
