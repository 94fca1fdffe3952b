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

#include <math.h>
#include <string.h>

#ifdef STEEPEST_HAVE_ARPACK
#include <arpack/arpack.h>
#endif

/* Dimensions up to this are answered from the dense matrix built from n
 * products: ARPACK needs n > ncv > nev, and LAPACK is exact and cheaper here. */
#define LANCZOS_DENSE_MAX 48
#define LANCZOS_TOL 1e-12

static int
dense_extremes(const SteepestOperator *op, double *lmin, double *lmax)
{
    size_t n = op->n;
    double *A = g_try_new(double, n * n), *w = g_try_new(double, n), *e = g_try_new0(double, n);
    int rc = A && w && e ? STEEPEST_OK : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "eigenvalues: out of memory");
    for (size_t j = 0; j < n && rc == STEEPEST_OK; j++) {
        e[j] = 1.0;
        rc = op->kind == STEEPEST_OPERATOR_DENSE ? STEEPEST_OK : steepest_operator_apply_shifted(op, 0, 0, e, w);
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

static double
dot(size_t n, const double *a, const double *b)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* Rayleigh quotient and residual of y for A = H or shift·I − H. */
static int
ritz(const SteepestOperator *op, int negate, double shift, const double *y, double *work, double *theta,
     double *residual)
{
    size_t n = op->n;
    int rc = steepest_operator_apply_shifted(op, negate, shift, y, work);
    if (rc != STEEPEST_OK)
        return rc;
    double yy = dot(n, y, y);
    *theta = dot(n, y, work) / yy;
    double r = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = work[i] - *theta * y[i];
        r += d * d;
    }
    *residual = sqrt(r / yy);
    return STEEPEST_OK;
}

/* The largest eigenvalue of A = H (negate 0) or shift·I − H (negate 1). */
static int
lanczos_largest(const SteepestOperator *op, int negate, double shift, uint64_t seed, double *theta,
                double *residual)
{
    a_int n = (a_int) op->n, nev = 1, ncv = n - 1 < 32 ? n - 1 : 32, ldv = n;
    a_int lworkl = ncv * (ncv + 8), ido = 0, info = 1;
    a_int iparam[11] = { 1, 0, 20000, 1, 0, 0, 1, 0, 0, 0, 0 }, ipntr[14] = { 0 };
    double *resid = g_try_new(double, (size_t) n), *v = g_try_new(double, (size_t) n * (size_t) ncv);
    double *workd = g_try_new(double, 3 * (size_t) n), *workl = g_try_new(double, (size_t) lworkl);
    double *z = g_try_new(double, (size_t) n), *work = g_try_new(double, (size_t) n), d[2];
    a_int *select = g_try_new0(a_int, (size_t) ncv);
    int rc = STEEPEST_OK;
    if (!resid || !v || !workd || !workl || !z || !work || !select) {
        rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "Lanczos: out of memory (n = %zu)", op->n);
        goto out;
    }
    /* A reproducible random start (info = 1 tells ARPACK to use it). */
    uint64_t s = seed ^ 0x6a09e667f3bcc909ULL;
    for (a_int i = 0; i < n; i++)
        resid[i] = induced_rng_uniform(&s) - 0.5;
    g_mutex_lock(&arpack_lock);
    for (;;) {
        dsaupd_c(&ido, "I", n, "LA", nev, LANCZOS_TOL, resid, ncv, v, ldv, iparam, ipntr, workd, workl, lworkl,
                 &info);
        if (ido != -1 && ido != 1)
            break;
        rc = steepest_operator_apply_shifted(op, negate, shift, workd + ipntr[0] - 1, workd + ipntr[1] - 1);
        if (rc != STEEPEST_OK)
            break;
    }
    if (rc == STEEPEST_OK && info < 0)
        rc = steepest_fail(STEEPEST_ERROR_LINALG, "ARPACK dsaupd failed with info = %d (n = %zu)", (int) info, op->n);
    else if (rc == STEEPEST_OK && iparam[4] < 1)
        rc = steepest_fail(STEEPEST_ERROR_LINALG, "ARPACK dsaupd: no Ritz value converged in %d restarts (info = %d, "
                           "n = %zu)", (int) iparam[2], (int) info, op->n);
    if (rc == STEEPEST_OK) {
        dseupd_c(1, "A", select, d, z, n, 0.0, "I", n, "LA", nev, LANCZOS_TOL, resid, ncv, v, ldv, iparam, ipntr,
                 workd, workl, lworkl, &info);
        if (info != 0)
            rc = steepest_fail(STEEPEST_ERROR_LINALG, "ARPACK dseupd failed with info = %d (n = %zu)", (int) info,
                               op->n);
    }
    g_mutex_unlock(&arpack_lock);
    if (rc == STEEPEST_OK)
        rc = ritz(op, negate, shift, z, work, theta, residual);
out:
    g_free(resid);
    g_free(v);
    g_free(workd);
    g_free(workl);
    g_free(z);
    g_free(work);
    g_free(select);
    return rc;
}
#endif

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
        rc = lanczos_largest(op, 0, 0.0, seed, &hi, &rhi);
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
            rc = lanczos_largest(op, 1, shift, seed + 1, &mu, &rlo);
            lo = shift - mu;
        }
#else
        (void) opts;
        return steepest_fail(STEEPEST_ERROR_UNSUPPORTED, "Lanczos eigenvalues of a sparse or matrix-free operator "
                             "need ARPACK, and this libsteepest was built without it (meson -Darpack=enabled)");
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
