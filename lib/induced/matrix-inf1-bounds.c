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

/* The dense SDP bound is skipped beyond this size (N x N Cholesky factorizations). */
#define SDP_MAX_N 1200
/* Grothendieck's constant is at most π / (2 ln(1 + √2)) = 1.78221... */
#define GROTHENDIECK_BOUND 1.7823

/* A^T of a checked dense matrix, NULL when out of memory. */
static double *
transpose(size_t n, const double *H)
{
    double *Ht = g_try_new(double, n *n);
    if (Ht != NULL)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                Ht[j * n + i] = H[i * n + j];
    return Ht;
}

int
steepest_rows_local_search(const SteepestRows *A, const SteepestRows *At, uint64_t seed, unsigned restarts,
                           double *value, double *x)
{
    size_t n = A->n;
    double *xt = g_try_new(double, n), *bx = g_try_new(double, n);
    SteepestSignSearch S = { 0 };
    int rc = xt != NULL && bx != NULL
                 ? steepest_sign_search_init(&S, A, At)
                 : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 local search: out of memory (n = %zu)", n);
    if (rc == STEEPEST_OK) {
        double best = -1.0;
        steepest_sign_search_restarts(&S, seed, restarts ? restarts : 16, xt, bx, &best);
        *value = best;
        if (x != NULL)
            memcpy(x, bx, n * sizeof *x);
    }
    steepest_sign_search_clear(&S);
    g_free(xt);
    g_free(bx);
    return rc;
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
    int sym = 0;
    steepest_matrix_is_symmetric(n, H, 0.0, &sym);
    double *Ht = sym ? NULL : transpose(n, H);
    if (!sym && Ht == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory (n = %zu)", fn, n);
    SteepestRows A = steepest_rows_dense(n, H), At = steepest_rows_dense(n, sym ? H : Ht);
    rc = steepest_rows_local_search(&A, &At, seed, restarts, value, x);
    g_free(Ht);
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

/* ½[[0, A], [Aᵀ, 0]] as a 2n x 2n matrix of the same kind as A: its quadratic
 * form at z = (y, x) is yᵀAx.  The arrays go to *store (free with g_free). */
static int
bipartite(const SteepestRows *A, const SteepestRows *At, SteepestRows *B, void *store[4])
{
    size_t n = A->n, N = 2 * n;
    if (A->dense != NULL) {
        double *M = g_try_new0(double, N *N);
        if (M == NULL)
            return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 bounds: out of memory for the SDP (N = %zu)",
                                 N);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                M[i * N + (n + j)] = M[(n + j) * N + i] = 0.5 * A->dense[i * n + j];
        store[0] = M;
        *B = steepest_rows_dense(N, M);
        return STEEPEST_OK;
    }
    size_t nnz = (size_t) A->indptr[n];
    size_t cap = nnz > 0 ? 2 * nnz : 1;
    int64_t *ip = g_try_new(int64_t, N + 1), *ix = g_try_new(int64_t, cap);
    double *dv = g_try_new(double, cap);
    store[1] = ip;
    store[2] = ix;
    store[3] = dv;
    if (ip == NULL || ix == NULL || dv == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 bounds: out of memory for the SDP (N = %zu)", N);
    /* Rows i < n hold A's row i shifted right by n; rows n + j hold Aᵀ's row j. */
    size_t p = 0;
    ip[0] = 0;
    for (size_t r = 0; r < N; r++) {
        const SteepestRows *src = r < n ? A : At;
        size_t i = r < n ? r : r - n;
        for (int64_t q = src->indptr[i]; q < src->indptr[i + 1]; q++) {
            ix[p] = src->indices[q] + (r < n ? (int64_t) n : 0);
            dv[p++] = 0.5 * src->data[q];
        }
        ip[r + 1] = (int64_t) p;
    }
    *B = steepest_rows_csr(N, ip, ix, dv);
    return STEEPEST_OK;
}

/* The SDP half of the bounds: mixing method then certificate.  Runs on its
 * own thread while the caller's thread does the random restarts; the error
 * message travels back with the status. */
typedef struct {
    const SteepestRows *M;
    size_t k;
    unsigned max_sweeps;
    uint64_t seed;
    double *V, *l;
    double dual, primal;
    int rc;
    char *msg;
} SdpJob;

static void
sdp_run(SdpJob *j)
{
    double res = 0.0;
    j->rc = steepest_sdp_mixing(j->M, j->k, j->max_sweeps, 0.0, j->seed, 0, j->V, &j->dual, j->l, &res, NULL);
    if (j->rc == STEEPEST_OK)
        j->rc = steepest_sdp_certify(j->M, res, j->l, &j->primal);
    if (j->rc != STEEPEST_OK)
        j->msg = g_strdup(steepest_last_error());
}

static gpointer
sdp_thread(gpointer data)
{
    sdp_run(data);
    return NULL;
}

/* Goemans–Williamson roundings [from, to): x_j = sign(<v_j, r_t>) for the
 * Gaussian r_t (drawn in advance, so the best value does not depend on how
 * the roundings are shared among threads), then local search. */
typedef struct {
    SteepestSignSearch S;
    const double *Vx, *R;
    size_t k;
    unsigned from, to;
    double *x;
    double best;
} RoundJob;

static void
round_run(RoundJob *j)
{
    size_t n = j->S.A.n, k = j->k;
    for (unsigned t = j->from; t < j->to; t++) {
        const double *r = j->R + (size_t) t * k;
        for (size_t i = 0; i < n; i++) {
            double d = 0.0;
            for (size_t u = 0; u < k; u++)
                d += j->Vx[i * k + u] * r[u];
            j->x[i] = d >= 0.0 ? 1.0 : -1.0;
        }
        j->best = fmax(j->best, steepest_sign_search_improve(&j->S, j->x));
    }
}

static gpointer
round_thread(gpointer data)
{
    round_run(data);
    return NULL;
}

/* Runs `rounds` roundings of Vx over up to `threads` threads; the best
 * ‖Ax‖₁ raises *lower. */
static int
round_sdp(const SteepestSignSearch *S0, const double *Vx, size_t k, uint64_t seed, unsigned rounds,
          unsigned threads, double *lower)
{
    size_t n = S0->A.n;
    double *R = g_try_new(double, (size_t) rounds *k);
    unsigned t = MAX(1u, MIN(threads, rounds));
    RoundJob *jobs = g_new0(RoundJob, t);
    GThread **pool = g_new0(GThread *, t);
    int rc = R == NULL ? steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 bounds: out of memory (n = %zu)", n)
                       : STEEPEST_OK;
    uint64_t rng = seed ^ 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; rc == STEEPEST_OK && i < (size_t) rounds * k; i++)
        R[i] = induced_rng_normal(&rng);
    for (unsigned i = 0; rc == STEEPEST_OK && i < t; i++) {
        jobs[i] = (RoundJob){ .Vx = Vx,
                              .R = R,
                              .k = k,
                              .from = rounds * i / t,
                              .to = rounds * (i + 1) / t,
                              .x = g_try_new(double, n),
                              .best = -1.0 };
        rc = steepest_sign_search_init(&jobs[i].S, &S0->A, &S0->At);
        jobs[i].S.diag = S0->diag;
        if (rc == STEEPEST_OK && jobs[i].x == NULL)
            rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 bounds: out of memory (n = %zu)", n);
    }
    if (rc == STEEPEST_OK) {
        for (unsigned i = 1; i < t; i++)
            pool[i] = g_thread_try_new("steepest-round", round_thread, &jobs[i], NULL);
        round_run(&jobs[0]);
        for (unsigned i = 1; i < t; i++) {
            if (pool[i] != NULL)
                g_thread_join(pool[i]);
            else
                round_run(&jobs[i]); /* no thread: do its share here */
        }
        for (unsigned i = 0; i < t; i++)
            *lower = fmax(*lower, jobs[i].best);
    }
    for (unsigned i = 0; i < t; i++) {
        steepest_sign_search_clear(&jobs[i].S);
        g_free(jobs[i].x);
    }
    g_free(jobs);
    g_free(pool);
    g_free(R);
    return rc;
}

/* Roundings of the SDP solution: 2 per restart when the caller chose the
 * restarts; otherwise as many as ~2·10⁸ flops buy (each is an n x k
 * projection and a local search over the nonzeros), 32 to 512.  Roundings
 * are what lift the lower bound on max-cut-like matrices (G-set G1: 32 give
 * 0.991 of the best-known cut, 128 give 0.995) and they cost little next to
 * the SDP itself. */
static unsigned
rounding_count(unsigned restarts, size_t n, size_t k, size_t nnz)
{
    if (restarts != 0)
        return 2 * restarts;
    double per_round = (double) n * (double) k + 4.0 * (double) nnz;
    return (unsigned) fmax(32.0, fmin(512.0, 2e8 / per_round));
}

int
steepest_rows_inf1_bounds(const SteepestRows *A, const SteepestRows *At, const SteepestRows *M_psd,
                          double asym, int sdp, double l2_upper, const SteepestPluginInducedQuery *q,
                          SteepestPluginInducedResult *r)
{
    const double eps = DBL_EPSILON;
    size_t n = A->n;
    unsigned restarts = q->restarts ? q->restarts : 16, threads = steepest_threads_resolve(q->threads);
    SteepestSignSearch S = { 0 };
    void *store[4] = { NULL, NULL, NULL, NULL };
    SdpJob job = { 0 };
    GThread *sdp_worker = NULL;
    SteepestRows M = { 0 };
    double *x = g_try_new(double, n), *bx = g_try_new(double, n), *diag = NULL;
    int rc = x == NULL || bx == NULL
                 ? steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 bounds: out of memory (n = %zu)", n)
                 : steepest_sign_search_init(&S, A, At);
    if (rc != STEEPEST_OK)
        goto out;
    if (M_psd != NULL && asym == 0.0 && (diag = g_try_new(double, n)) != NULL) {
        for (size_t j = 0; j < n; j++)
            diag[j] = steepest_rows_diag(A, j);
        S.diag = diag;
    }
    sdp = sdp && n > 1;
    if (sdp) {
        /* The SDP: on H itself when symmetric PSD, else on the bipartite form. */
        if (M_psd != NULL)
            M = *M_psd;
        else if ((rc = bipartite(A, At, &M, store)) != STEEPEST_OK)
            goto out;
        size_t N = M.n, mnnz = M.dense != NULL ? N * N : (size_t) M.indptr[N];
        job.M = &M;
        job.k = steepest_sdp_rank(N);
        job.seed = q->seed;
        /* About 2·10⁹ flops of sweeps at most: the bound stays cheap for large N. */
        double per_sweep = 2.0 * (double) mnnz * (double) job.k;
        job.max_sweeps = (unsigned) fmax(50.0, fmin(1000.0, 2e9 / per_sweep));
        job.V = g_try_new(double, N *job.k);
        job.l = g_try_new(double, N);
        if (job.V == NULL || job.l == NULL) {
            rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 bounds: out of memory for the SDP (N = %zu)",
                               N);
            goto out;
        }
        if (threads > 1)
            sdp_worker = g_thread_try_new("steepest-sdp", sdp_thread, &job, NULL);
    }

    double lower = -1.0;
    steepest_sign_search_restarts(&S, q->seed, restarts, x, bx, &lower);
    size_t nnz = A->dense != NULL ? n * n : (size_t) A->indptr[n];
    double upper = steepest_rows_sum_abs(A) * (1.0 + (double) nnz * eps);
    const char *method = "bounds: local search; upper sum |H_ij|";
    if (l2_upper > 0.0) {
        upper = fmin(upper, (double) n * l2_upper * (1.0 + 16.0 * (double) n * eps));
        method = "bounds: local search; upper min(sum |H_ij|, n ||H||_2)";
    }
    rc = report(q, 0.3);

    if (sdp) {
        if (sdp_worker != NULL)
            g_thread_join(sdp_worker);
        else
            sdp_run(&job);
        sdp_worker = NULL;
        if (rc != STEEPEST_OK)
            goto out;
        if (job.rc != STEEPEST_OK) {
            rc = steepest_fail(job.rc, "%s", job.msg);
            goto out;
        }
        /* ‖H‖ and ‖M‖ differ by at most ‖H − M‖_{∞,1} <= Σ|H − M|. */
        upper = fmin(upper, job.primal + asym * (1.0 + (double) nnz * eps));
        double certified = M_psd != NULL ? (2.0 / G_PI) * job.dual - asym : job.dual / GROTHENDIECK_BOUND;
        lower = fmax(lower, certified);
        method = M_psd != NULL ? "bounds: local search, SDP rounding; upper min(sum |H_ij|, n ||H||_2, L_sep "
                                 "by mixing method)"
                               : "bounds: local search, SDP rounding; upper min(sum |H_ij|, n ||H||_2, "
                                 "bipartite MAX-CUT SDP)";
        if ((rc = report(q, 0.8)) != STEEPEST_OK)
            goto out;
        rc = round_sdp(&S, M_psd != NULL ? job.V : job.V + n * job.k, job.k, q->seed,
                       rounding_count(q->restarts, n, job.k, nnz), threads, &lower);
        if (rc != STEEPEST_OK)
            goto out;
    } else if (rc != STEEPEST_OK) {
        goto out;
    } else if (n == 1) {
        lower = upper = fabs(A->dense != NULL ? A->dense[0] : steepest_rows_diag(A, 0));
    }
    r->lower = fmin(fmax(lower, 0.0), upper);
    r->upper = upper;
    r->exact = 0;
    r->method = method;
out:
    if (sdp_worker != NULL)
        g_thread_join(sdp_worker);
    steepest_sign_search_clear(&S);
    for (int i = 0; i < 4; i++)
        g_free(store[i]);
    g_free(x);
    g_free(bx);
    g_free(job.V);
    g_free(job.l);
    g_free(job.msg);
    g_free(diag);
    return rc;
}

/* The dense matrix through the row algorithms: no copy when H is exactly
 * symmetric (H serves as A, Aᵀ and the SDP matrix). */
static int
inf1_bounds(size_t n, const double *H, const SteepestPluginInducedQuery *q, SteepestPluginInducedResult *r)
{
    int exact_sym = 0, sym = 0, psd = 0;
    steepest_matrix_is_symmetric(n, H, 0.0, &exact_sym);
    steepest_matrix_is_symmetric(n, H, STEEPEST_MATRIX_SYMMETRY_TOL, &sym);
    gboolean sdp = n <= SDP_MAX_N && n > 1;
    double l2 = 0.0, asym = 0.0;
    int rc = STEEPEST_OK;
    if (sdp && (rc = steepest_matrix_spectral_norm(n, H, &l2)) != STEEPEST_OK)
        return rc;
    if (sdp && sym && (rc = steepest_matrix_is_psd(n, H, &psd, NULL)) != STEEPEST_OK)
        return rc;
    double *w = !sdp && exact_sym && n > 1 ? g_try_new(double, n) : NULL;
    if (w != NULL && steepest_matrix_spectrum_cached(n, H, w)) {
        /* Too large for the SDP, but the spectrum is known (analyze computed
         * it): n‖H‖₂ and, for PSD H, the O(1)-per-flip ascent come free.  The
         * PSD test is steepest_matrix_is_psd()'s. */
        double big = fmax(fabs(w[0]), fabs(w[n - 1]));
        l2 = big;
        psd = w[0] >= -64.0 * (double) n * DBL_EPSILON * big;
    }
    g_free(w);
    double *Ht = exact_sym ? NULL : transpose(n, H);
    double *Ms = NULL;
    if (psd && !exact_sym && Ht != NULL && (Ms = g_try_new(double, n *n)) != NULL)
        for (size_t i = 0; i < n * n; i++) {
            Ms[i] = steepest_matrix_mid(H[i], Ht[i]);
            asym += fabs(H[i] - Ms[i]);
        }
    if ((!exact_sym && Ht == NULL) || (psd && !exact_sym && Ms == NULL))
        rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 bounds: out of memory (n = %zu)", n);
    if (rc == STEEPEST_OK) {
        SteepestRows A = steepest_rows_dense(n, H), At = steepest_rows_dense(n, exact_sym ? H : Ht);
        SteepestRows Mv = steepest_rows_dense(n, Ms != NULL ? Ms : H);
        rc = steepest_rows_inf1_bounds(&A, &At, psd ? &Mv : NULL, asym, sdp, l2, q, r);
    }
    g_free(Ht);
    g_free(Ms);
    return rc;
}

/* Branch and bound takes over from enumeration above this estimated time. */
#define BNB_ABOVE_SECONDS 0.5

/* Whether H is exactly symmetric and PSD (steepest_matrix_is_psd; the
 * spectrum is cached, so this costs no extra eigendecomposition later). */
static int
symmetric_psd(size_t n, const double *H, gboolean *yes)
{
    int sym = 0, psd = 0;
    steepest_matrix_is_symmetric(n, H, 0.0, &sym);
    *yes = FALSE;
    if (!sym || n < 2)
        return STEEPEST_OK;
    int rc = steepest_matrix_is_psd(n, H, &psd, NULL);
    *yes = rc == STEEPEST_OK && psd;
    return rc;
}

int
steepest_matrix_inf1_query(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                           SteepestPluginInducedResult *result)
{
    gboolean enumerate = FALSE, bnb = FALSE, psd = FALSE;
    double seconds = steepest_inf1_enumerate_seconds(n, query->threads);
    int rc;
    switch (query->mode) {
    case STEEPEST_INDUCED_EXACT:
        if ((n > STEEPEST_MATRIX_INF1_MAX_EXACT_DIM || seconds > BNB_ABOVE_SECONDS) &&
            (rc = symmetric_psd(n, H, &psd)) != STEEPEST_OK)
            return rc;
        bnb = psd;
        if (!bnb && n > STEEPEST_MATRIX_INF1_MAX_EXACT_DIM)
            return steepest_fail(
                STEEPEST_ERROR_UNSUPPORTED,
                "exact ||H||_{inf,1} needs 2^(n-1) sign vectors; n = %zu is above the limit %d "
                "and H is not symmetric PSD (branch and bound needs that; ask for AUTO or BOUNDS)",
                n, STEEPEST_MATRIX_INF1_MAX_EXACT_DIM);
        enumerate = !bnb;
        break;
    case STEEPEST_INDUCED_BOUNDS:
        break;
    default:
        if (n <= query->max_exact_dim) {
            enumerate = n <= STEEPEST_MATRIX_INF1_MAX_EXACT_DIM &&
                        (query->time_budget <= 0.0 || seconds <= query->time_budget);
            if (!enumerate && (rc = symmetric_psd(n, H, &psd)) != STEEPEST_OK)
                return rc;
            bnb = !enumerate && psd;
        }
        break;
    }
    if (bnb)
        return steepest_inf1_branch_and_bound(n, H, query, query->time_budget, result, NULL);
    if (!enumerate)
        return inf1_bounds(n, H, query, result);
    double v = 0.0;
    rc = steepest_inf1_enumerate(n, H, query->threads, query->progress, query->user_data, &v, NULL);
    if (rc != STEEPEST_OK)
        return rc;
    result->lower = result->upper = v;
    result->exact = 1;
    result->method = "gray-code enumeration of 2^(n-1) sign vectors";
    return STEEPEST_OK;
}
