/* operator-lanczos.c — extreme eigenvalues of a symmetric operator by
 * implicitly restarted Lanczos (ARPACK's dsaupd/dseupd; never a hand-written
 * eigensolver).  ARPACK keeps state in Fortran SAVE variables, so calls are
 * serialized by a process-wide lock.
 *
 * Each answer is a Ritz pair (θ, y) with θ recomputed as the Rayleigh
 * quotient yᵀAy/yᵀy of the returned vector — a value the operator attains,
 * hence a certified inner bound on the extreme eigenvalue — and its residual
 * ‖Ay − θy‖₂/‖y‖₂, within which some eigenvalue lies.  The smallest
 * eigenvalue comes from the largest of s·I − H, s >= λ_max(H), so that
 * ARPACK's stopping test (relative to |θ|) stays meaningful when λ_min ≈ 0. */
#include "induced/operator-private.h"

#include <lapacke.h>
#include <math.h>
#include <string.h>

#ifdef STEEPEST_HAVE_ARPACK
#include <arpack/arpack.h>
#endif

/* Dimensions up to this are answered from the dense matrix built from n
 * products: ARPACK needs n > ncv > nev, and LAPACK is exact and cheaper here. */
#define LANCZOS_DENSE_MAX STEEPEST_OPERATOR_DENSE_EIG_MAX
#define LANCZOS_NCV 24
#define LANCZOS_WORK 1e9
#define LANCZOS_TOL 1e-12
#define NO_ARPACK                                                                                \
    "Lanczos eigenvalues of a sparse or matrix-free operator need ARPACK, and this libsteepest " \
    "was built without it (meson -Darpack=enabled)"

static int
dense_extremes(const SteepestOperator *op, double *lmin, double *lmax)
{
    size_t n = op->n;
    double *A = g_try_new(double, n *n), *w = g_try_new(double, n), *e = g_try_new0(double, n);
    int rc =
        A && w && e ? STEEPEST_OK : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "eigenvalues: out of memory");
    for (size_t j = 0; j < n && rc == STEEPEST_OK; j++) {
        e[j] = 1.0;
        rc = op->kind == STEEPEST_OPERATOR_DENSE ? STEEPEST_OK
                                                 : steepest_operator_apply_shifted(op, 0, 0, e, w);
        e[j] = 0.0;
        for (size_t i = 0; i < n && rc == STEEPEST_OK; i++)
            A[j * n + i] = op->kind == STEEPEST_OPERATOR_DENSE ? op->H[j * n + i] : w[i];
    }
    /* The symmetric part: what an operator standing for a symmetric H means. */
    for (size_t i = 0; i < n && rc == STEEPEST_OK; i++)
        for (size_t j = i + 1; j < n; j++)
            A[i * n + j] = A[j * n + i] = 0.5 * (A[i * n + j] + A[j * n + i]);
    if (rc == STEEPEST_OK)
        rc = steepest_matrix_eig_inplace(n, A, w);
    if (rc == STEEPEST_OK) {
        *lmin = w[0];
        *lmax = w[n - 1];
    }
    g_free(A);
    g_free(w);
    g_free(e);
    return rc;
}

#ifdef STEEPEST_HAVE_ARPACK
static GMutex arpack_lock;

/* Rayleigh quotient and residual of y for A = H or shift·I − H. */
static int
ritz(const SteepestOperator *op, int negate, double shift, const double *y, double *work, double *theta,
     double *residual)
{
    size_t n = op->n;
    int rc = steepest_operator_apply_shifted(op, negate, shift, y, work);
    if (rc != STEEPEST_OK)
        return rc;
    double yy = steepest_vec_dot(n, y, y);
    *theta = steepest_vec_dot(n, y, work) / yy;
    double r = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = work[i] - *theta * y[i];
        r += d * d;
    }
    *residual = sqrt(r / yy);
    return STEEPEST_OK;
}

/* The top Ritz vector of span(V) (k columns of length n, orthonormalized
 * here by two passes of Gram–Schmidt; dependent columns dropped) into y. */
static int
rayleigh_ritz(const SteepestOperator *op, int negate, double shift, size_t k, double *V, double *y,
              double *work)
{
    size_t n = op->n, m = 0;
    for (size_t j = 0; j < k; j++) {
        double *c = V + j * n, before = sqrt(steepest_vec_dot(n, c, c));
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < m; i++) {
                double p = steepest_vec_dot(n, V + i * n, c);
                for (size_t t = 0; t < n; t++)
                    c[t] -= p * V[i * n + t];
            }
        double len = sqrt(steepest_vec_dot(n, c, c));
        if (!(len > 1e-10 * before))
            continue;
        for (size_t t = 0; t < n; t++)
            V[m * n + t] = c[t] / len;
        m++;
    }
    if (m == 0)
        return steepest_fail(STEEPEST_ERROR_LINALG, "Lanczos: the Krylov basis is empty (n = %zu)", n);
    double *T = g_try_new(double, m *m), *w = g_try_new(double, m);
    double *AV = g_try_new(double, m *n);
    int rc = T && w && AV ? STEEPEST_OK : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "Lanczos: out of memory");
    for (size_t j = 0; j < m && rc == STEEPEST_OK; j++)
        rc = steepest_operator_apply_shifted(op, negate, shift, V + j * n, AV + j * n);
    for (size_t i = 0; i < m && rc == STEEPEST_OK; i++)
        for (size_t j = 0; j <= i; j++)
            T[i * m + j] = T[j * m + i] = 0.5 * (steepest_vec_dot(n, V + i * n, AV + j * n) +
                                                 steepest_vec_dot(n, V + j * n, AV + i * n));
    if (rc == STEEPEST_OK) {
        lapack_int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) m, T, (lapack_int) m, w);
        if (info != 0)
            rc = steepest_fail(steepest_lapack_status(info),
                               "dsyevd failed with info = %d (Rayleigh-Ritz, m = %zu)", (int) info, m);
    }
    if (rc == STEEPEST_OK) {
        /* Column m−1 of T (row-major) is the top eigenvector. */
        memset(y, 0, n * sizeof *y);
        for (size_t j = 0; j < m; j++)
            for (size_t t = 0; t < n; t++)
                y[t] += T[j * m + m - 1] * V[j * n + t];
    }
    (void) work;
    g_free(T);
    g_free(w);
    g_free(AV);
    return rc;
}

/* One ARPACK run for the largest eigenvalue of A = H (negate 0) or
 * shift·I − H (negate 1) at relative tolerance tol, at most `restarts`
 * implicit restarts.  *converged = 0 when no Ritz value met the tolerance.
 *
 * dsaupd answers info = -9 when A maps the start vector to zero (the zero
 * operator; s·I − H for H = s·I): the start vector is then an eigenvector
 * for 0, and ritz() on it gives the exact pair (θ = 0, residual 0) — any
 * vector's Rayleigh quotient is an inner bound with an eigenvalue within its
 * residual, so this is no guess. */
static int
lanczos_run(const SteepestOperator *op, int negate, double shift, uint64_t seed, double tol, a_int restarts,
            double *theta, double *residual, int *converged)
{
    a_int n = (a_int) op->n, nev = 1, ncv = n - 1 < LANCZOS_NCV ? n - 1 : LANCZOS_NCV, ldv = n;
    a_int lworkl = ncv * (ncv + 8), ido = 0, info = 1;
    a_int iparam[11] = { 1, 0, restarts, 1, 0, 0, 1, 0, 0, 0, 0 }, ipntr[14] = { 0 };
    double *resid = g_try_new(double, (size_t) n), *v = g_try_new(double, (size_t) n *(size_t) ncv);
    double *workd = g_try_new(double, 3 * (size_t) n), *workl = g_try_new(double, (size_t) lworkl);
    double *z = g_try_new(double, (size_t) n), *work = g_try_new(double, (size_t) n), d[2];
    double *start = g_try_new(double, (size_t) n);
    a_int *select = g_try_new0(a_int, (size_t) ncv);
    int rc = STEEPEST_OK;
    if (!resid || !v || !workd || !workl || !z || !work || !start || !select) {
        rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "Lanczos: out of memory (n = %zu)", op->n);
        goto out;
    }
    /* A reproducible random start (info = 1 tells ARPACK to use it). */
    uint64_t s = seed ^ 0x6a09e667f3bcc909ULL;
    for (a_int i = 0; i < n; i++)
        resid[i] = induced_rng_uniform(&s) - 0.5;
    memcpy(start, resid, (size_t) n * sizeof *start); /* ARPACK overwrites resid */
    g_mutex_lock(&arpack_lock);
    for (;;) {
        dsaupd_c(&ido, "I", n, "LA", nev, tol, resid, ncv, v, ldv, iparam, ipntr, workd, workl, lworkl,
                 &info);
        if (ido != -1 && ido != 1)
            break;
        rc = steepest_operator_apply_shifted(op, negate, shift, workd + ipntr[0] - 1, workd + ipntr[1] - 1);
        if (rc != STEEPEST_OK)
            break;
    }
    gboolean null_start = rc == STEEPEST_OK && info == -9;
    if (rc == STEEPEST_OK && info < 0 && !null_start)
        rc = steepest_fail(STEEPEST_ERROR_LINALG, "ARPACK dsaupd failed with info = %d (n = %zu)", (int) info,
                           op->n);
    *converged = rc == STEEPEST_OK && !null_start && iparam[4] >= 1;
    if (g_getenv("STEEPEST_LANCZOS_DEBUG"))
        g_printerr("lanczos tol %g restarts %d ops %d conv %d info %d\n", tol, (int) iparam[2],
                   (int) iparam[8], (int) iparam[4], (int) info);
    if (rc == STEEPEST_OK && *converged) {
        dseupd_c(1, "A", select, d, z, n, 0.0, "I", n, "LA", nev, tol, resid, ncv, v, ldv, iparam, ipntr,
                 workd, workl, lworkl, &info);
        if (info != 0)
            rc = steepest_fail(STEEPEST_ERROR_LINALG, "ARPACK dseupd failed with info = %d (n = %zu)",
                               (int) info, op->n);
    }
    g_mutex_unlock(&arpack_lock);
    if (rc == STEEPEST_OK && !*converged && info == 1) {
        /* Out of restarts: Rayleigh–Ritz on the basis ARPACK holds still
         * gives a Rayleigh quotient, the best in that subspace. */
        rc = rayleigh_ritz(op, negate, shift, (size_t) ncv, v, z, work);
        *converged = rc == STEEPEST_OK;
    }
    if (null_start) {
        memcpy(z, start, (size_t) n * sizeof *z);
        *converged = 1;
    }
    if (rc == STEEPEST_OK && *converged)
        rc = ritz(op, negate, shift, z, work, theta, residual);
out:
    g_free(resid);
    g_free(v);
    g_free(workd);
    g_free(workl);
    g_free(z);
    g_free(work);
    g_free(start);
    g_free(select);
    return rc;
}

/* One run at the tight tolerance.  A clustered spectrum (a large grid
 * Laplacian) that does not meet it within the restart budget is answered by
 * Rayleigh–Ritz on the basis ARPACK holds (lanczos_run): still a certified
 * inner bound, with its residual, only a wider interval. */
static int
lanczos_largest(const SteepestOperator *op, int negate, double shift, uint64_t seed, double *theta,
                double *residual)
{
    /* A restart costs O(n·ncv²) in ARPACK besides ncv products: budget the
     * restarts so that the run is about LANCZOS_WORK flops. */
    double per_restart = (double) op->n * LANCZOS_NCV * LANCZOS_NCV;
    a_int budget = (a_int) fmin(300.0, fmax(3.0, LANCZOS_WORK / per_restart));
    int converged = 0;
    int rc = lanczos_run(op, negate, shift, seed, LANCZOS_TOL, budget, theta, residual, &converged);
    if (rc == STEEPEST_OK && !converged)
        rc = steepest_fail(STEEPEST_ERROR_LINALG, "ARPACK: no Ritz value (n = %zu)", op->n);
    return rc;
}
#endif

#ifdef STEEPEST_HAVE_ARPACK
/* The cached Lanczos answer for (negate, seed), computed once per operator:
 * analyze asks for λ_max for the eigenvalues, ℓ2 and Eq. 13. */
static int
cached_largest(const SteepestOperator *op, int negate, double shift, uint64_t seed, double *theta,
               double *residual)
{
    SteepestOperator *m = (SteepestOperator *) op; /* the cache is logically const */
    g_mutex_lock(&m->cache_lock);
    EigenCache *c = &m->cache[negate];
    gboolean hit = c->valid && c->seed == seed && (negate == 0 || c->shift == shift);
    double t = c->theta, r = c->residual;
    g_mutex_unlock(&m->cache_lock);
    if (hit) {
        *theta = t;
        *residual = r;
        return STEEPEST_OK;
    }
    int rc = lanczos_largest(op, negate, shift, seed, &t, &r);
    if (rc != STEEPEST_OK)
        return rc;
    g_mutex_lock(&m->cache_lock);
    *c = (EigenCache){ TRUE, seed, shift, t, r };
    g_mutex_unlock(&m->cache_lock);
    *theta = t;
    *residual = r;
    return STEEPEST_OK;
}
#endif

int
steepest_operator_lanczos_available(void)
{
#ifdef STEEPEST_HAVE_ARPACK
    return 1;
#else
    return 0;
#endif
}

int
steepest_operator_lanczos_max(const SteepestOperator *op, const SteepestInducedOptions *opts, double *theta,
                              double *residual)
{
#ifdef STEEPEST_HAVE_ARPACK
    return cached_largest(op, 0, 0.0, steepest_operator_seed(opts), theta, residual);
#else
    (void) op;
    (void) opts;
    (void) theta;
    (void) residual;
    return steepest_fail(STEEPEST_ERROR_UNSUPPORTED, NO_ARPACK);
#endif
}

int
steepest_operator_extreme_eigenvalues(const SteepestOperator *op, const SteepestInducedOptions *opts,
                                      double *lambda_min, double *lambda_max, double *residual_min,
                                      double *residual_max)
{
    int rc = steepest_operator_check("steepest_operator_extreme_eigenvalues", op);
    if (rc != STEEPEST_OK)
        return rc;
    double lo = 0, hi = 0, rlo = 0, rhi = 0;
    if (op->kind == STEEPEST_OPERATOR_DENSE || op->n <= LANCZOS_DENSE_MAX) {
        rc = dense_extremes(op, &lo, &hi);
    } else {
#ifdef STEEPEST_HAVE_ARPACK
        uint64_t seed = steepest_operator_seed(opts);
        double shift = 0.0;
        rc = cached_largest(op, 0, 0.0, seed, &hi, &rhi);
        /* s >= λ_max makes s·I − H PSD with top eigenvalue s − λ_min, of the
         * size of the spread, so the relative stopping test is meaningful.
         * CSR: s = ‖H‖_∞ (certified, O(nnz)); otherwise just above the Ritz
         * bound (any s gives s − λ_min; only the test's scale depends on it). */
        if (rc == STEEPEST_OK && op->kind == STEEPEST_OPERATOR_CSR)
            rc = steepest_operator_entry_sums(op, NULL, NULL, &shift, NULL, NULL);
        else
            shift = hi + rhi + 1e-3 * fabs(hi) + 1e-300;
        if (rc == STEEPEST_OK) {
            double mu;
            rc = cached_largest(op, 1, shift, seed + 1, &mu, &rlo);
            lo = shift - mu;
        }
#else
        (void) opts;
        return steepest_fail(STEEPEST_ERROR_UNSUPPORTED, NO_ARPACK);
#endif
    }
    if (rc != STEEPEST_OK)
        return rc;
    if (lambda_min != NULL)
        *lambda_min = lo;
    if (lambda_max != NULL)
        *lambda_max = hi;
    if (residual_min != NULL)
        *residual_min = rlo;
    if (residual_max != NULL)
        *residual_max = rhi;
    return STEEPEST_OK;
}
