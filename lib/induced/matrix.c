/* matrix.c — elementary matrix kernels and the ℓ2 (spectral) induced norm.
 *
 * Eigenvalues and singular values come from LAPACKE (dsyevd, dgesdd): never a
 * hand-written eigensolver.  Everything here is stateless; scratch space is
 * allocated per call.
 */
#include "induced/matrix-private.h"

#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

int
steepest_matrix_check(const char *fn, size_t n, const double *H)
{
    if (H == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: matrix H is NULL", fn);
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension must be at least 1", fn);
    if (n > (size_t) INT32_MAX || n > SIZE_MAX / n / sizeof(double))
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension %zu is too large", fn, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (!isfinite(H[i * n + j]))
                return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: H(%zu,%zu) is %s", fn, i, j,
                                     isnan(H[i * n + j]) ? "NaN" : "infinite");
    return STEEPEST_OK;
}

unsigned
steepest_threads_resolve(unsigned threads)
{
    if (threads == 0)
        threads = (unsigned) g_get_num_processors();
    return threads < 1 ? 1 : threads > 256 ? 256 : threads;
}

double
induced_rng_normal(uint64_t *s)
{
    double u = induced_rng_uniform(s), v = induced_rng_uniform(s);
    return sqrt(-2.0 * log1p(-u)) * cos(2.0 * G_PI * v);
}

static double
max_abs(size_t n, const double *H)
{
    double m = 0.0;
    for (size_t i = 0; i < n * n; i++)
        m = fabs(H[i]) > m ? fabs(H[i]) : m;
    return m;
}

static gboolean
symmetric_within(size_t n, const double *H, double tol)
{
    double limit = tol * max_abs(n, H);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (!(fabs(H[i * n + j] - H[j * n + i]) <= limit))
                return FALSE;
    return TRUE;
}

int
steepest_matrix_is_symmetric(size_t n, const double *H, double tol, int *symmetric)
{
    int rc = steepest_matrix_check("steepest_matrix_is_symmetric", n, H);
    if (rc != STEEPEST_OK)
        return rc;
    if (symmetric == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_matrix_is_symmetric: symmetric is NULL");
    if (!(tol >= 0.0) || !isfinite(tol))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_matrix_is_symmetric: tolerance %g must be finite and >= 0", tol);
    *symmetric = symmetric_within(n, H, tol);
    return STEEPEST_OK;
}

int
steepest_matrix_max_abs(size_t n, const double *H, double *value)
{
    int rc = steepest_matrix_check("steepest_matrix_max_abs", n, H);
    if (rc != STEEPEST_OK)
        return rc;
    if (value == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_max_abs: value is NULL");
    *value = max_abs(n, H);
    return STEEPEST_OK;
}

int
steepest_matrix_sum_abs(size_t n, const double *H, double *value)
{
    int rc = steepest_matrix_check("steepest_matrix_sum_abs", n, H);
    if (rc != STEEPEST_OK)
        return rc;
    if (value == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_sum_abs: value is NULL");
    double s = 0.0;
    for (size_t i = 0; i < n * n; i++)
        s += fabs(H[i]);
    if (!isfinite(s)) /* as steepest_norm_norm() refuses an overflowing norm */
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                             "steepest_matrix_sum_abs: the sum of |H_ij| overflows the double range");
    *value = s;
    return STEEPEST_OK;
}

/* ---- LAPACKE ---- */

int
steepest_matrix_eig_inplace(size_t n, double *A, double *w)
{
    /* Row-major 'U' is column-major 'L' of the same array: LAPACKE then works
     * in place instead of on a transposed copy (n² doubles saved). */
    lapack_int info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'N', 'L', (lapack_int) n, A, (lapack_int) n, w);
    if (steepest_lapack_status(info) == STEEPEST_ERROR_NO_MEMORY)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "dsyevd: out of memory (n = %zu)", n);
    if (info != 0)
        return steepest_fail(STEEPEST_ERROR_LINALG, "dsyevd failed with info = %d (n = %zu)", (int) info, n);
    return STEEPEST_OK;
}

/* One Cholesky attempt on T = diag(l) − M + s·I (the lower triangle of the
 * row-major M is the upper triangle of the same array read column-major, so
 * LAPACK factors it in place, without the transposed copy LAPACKE's row-major
 * interface would make).  On success *cert is a shift c >= s with
 * diag(l) − M + c·I PSD in exact arithmetic:
 *  - forming T's diagonal (two roundings, unit roundoff u = ε/2) errs by at
 *    most e = u(2|l_i − M_ii| + s)(1 + u) per entry (the off-diagonal −M_ij
 *    is exact);
 *  - a Cholesky factorization that runs to completion gives R̂ᵀR̂ = T̂ + ΔT with
 *    |ΔT| <= γ_{N+1}|R̂ᵀ||R̂| (Higham, Accuracy and Stability of Numerical
 *    Algorithms, Thm 10.3), so ‖ΔT‖₂ <= γ_{N+1}‖R̂‖_F²;
 * hence diag(l) − M + (s + max e + ‖ΔT‖₂)·I ⪰ R̂ᵀR̂ ⪰ 0.  The bound on ΔT is
 * doubled to leave room for blocked implementations. */
static int
cholesky_try(size_t N, const double *M, const double *l, double s, double *A, gboolean *ok, double *cert)
{
    double emax = 0.0;
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < i; j++)
            A[i * N + j] = -M[i * N + j];
        A[i * N + i] = (l[i] - M[i * N + i]) + s;
        double d = fabs(l[i] - M[i * N + i]);
        emax = fmax(emax, 0.5 * DBL_EPSILON * (2.0 * d + s) * (1.0 + DBL_EPSILON));
    }
    lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'U', (lapack_int) N, A, (lapack_int) N);
    if (info < 0)
        return steepest_fail(steepest_lapack_status(info), "dpotrf failed with info = %d (N = %zu)",
                             (int) info, N);
    *ok = info == 0;
    if (!*ok)
        return STEEPEST_OK;
    double fro2 = 0.0;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j <= i; j++)
            fro2 += A[i * N + j] * A[i * N + j];
    double nu = (double) (N + 1) * 0.5 * DBL_EPSILON;
    double gamma = nu / (1.0 - nu);
    /* (1 + N²ε) covers the rounding of the sum of squares. */
    *cert = s + emax + 2.0 * gamma * fro2 * (1.0 + (double) N * (double) N * DBL_EPSILON);
    return STEEPEST_OK;
}

int
steepest_matrix_psd_shift_diag(size_t N, const double *M, const double *l, double hint, double *shift)
{
    double *A = g_try_new(double, N *N);
    if (A == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "out of memory for a %zu x %zu Cholesky factorization",
                             N, N);
    double scale = 0.0, mdiag = 0.0;
    for (size_t i = 0; i < N; i++) {
        scale = fmax(scale, fabs(l[i] - M[i * N + i]));
        mdiag = fmax(mdiag, fabs(M[i * N + i]));
    }
    if (!(scale > 0.0))
        scale = mdiag > 0.0 ? mdiag : 1.0;
    /* The shift needed is −λ_min(diag(l) − M), unknown; search geometrically
     * from the hint: down while a smaller one still factors (to the rounding
     * level `floor`), up until one does, then bisection steps between the
     * last failure and success. */
    double floor_s = 2.0 * DBL_EPSILON * scale;
    /* How close to bisect: each step is an N³/3 factorization, so large
     * problems settle for less (the bound loses at most N·(ratio − 1)·shift). */
    double ratio = N <= 2000 ? 1.1 : 2.5;
    double s = fmin(fmax(hint, floor_s), scale), lo = 0.0, hi = INFINITY, best = INFINITY;
    int rc = STEEPEST_OK;
    for (int attempt = 0; attempt < 64 && rc == STEEPEST_OK; attempt++) {
        gboolean ok = FALSE;
        double cert = 0.0;
        rc = cholesky_try(N, M, l, s, A, &ok, &cert);
        if (rc != STEEPEST_OK)
            break;
        if (ok) {
            hi = s;
            best = fmin(best, cert);
        } else {
            lo = s;
        }
        if (isfinite(hi) && lo > 0.0) {
            if (hi / lo <= ratio)
                break;
            s = sqrt(lo * hi);
        } else if (isfinite(hi)) {
            if (hi <= floor_s)
                break; /* already at the rounding level */
            s = fmax(hi / 16.0, floor_s);
        } else {
            s *= 16.0;
        }
    }
    g_free(A);
    if (rc == STEEPEST_OK && !isfinite(best))
        rc = steepest_fail(STEEPEST_ERROR_LINALG,
                           "no shift made diag(l) − M numerically positive definite (N = %zu)", N);
    if (rc == STEEPEST_OK)
        *shift = best;
    return rc;
}

/* A finite matrix whose eigenvalues or singular values overflow the double
 * range has no answer to report: NOT_FINITE, never Inf or NaN with OK. */
static int
check_representable(const char *fn, const char *what, size_t n, const double *w)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(w[i]))
            return steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                                 "%s: %s of this finite matrix overflows the double range", fn, what);
    return STEEPEST_OK;
}

/* Copies the symmetric part of H into a new array. */
static double *
symmetric_part(size_t n, const double *H)
{
    double *A = g_try_new(double, n *n);
    if (A == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            A[i * n + j] = steepest_matrix_mid(H[i * n + j], H[j * n + i]);
    return A;
}

/* ---- the spectrum, computed once per matrix and thread ----
 * `analyze` and the norm comparison ask for the eigenvalues of the same H
 * many times over (ℓ2 norm, PSD test, λ_max/λ̄, the Eq. 13 bound, the n‖H‖₂
 * and L_sep steps of the ℓ∞ bounds), often through plugins that only pass H
 * back to the host.  Each thread keeps the spectrum of the last matrix it
 * decomposed, keyed by n and two independent 64-bit fingerprints of all n²
 * entries (O(n²) to check against O(n³) to recompute), so every later
 * question about the same matrix reuses one dsyevd.  A changed entry changes
 * the fingerprints and the spectrum is recomputed. */
typedef struct {
    size_t n;
    uint64_t h1, h2;
    double *w;
} SpectrumCache;

static void
spectrum_cache_free(gpointer p)
{
    SpectrumCache *c = p;
    if (c != NULL)
        g_free(c->w);
    g_free(c);
}

static GPrivate spectrum_cache = G_PRIVATE_INIT(spectrum_cache_free);

static void
fingerprint(size_t n, const double *H, uint64_t *h1, uint64_t *h2)
{
    uint64_t a = 0x243f6a8885a308d3ULL ^ n, b = 0x13198a2e03707344ULL + n;
    for (size_t i = 0; i < n * n; i++) {
        uint64_t bits;
        memcpy(&bits, &H[i], sizeof bits);
        a = (a ^ bits) * 0x100000001b3ULL; /* FNV-style */
        a ^= a >> 29;
        b += bits * 0x9e3779b97f4a7c15ULL; /* position-dependent multiply-rotate */
        b = (b << 31 | b >> 33) * 0xbf58476d1ce4e5b9ULL;
    }
    *h1 = a;
    *h2 = b;
}

int
steepest_matrix_spectrum_cached(size_t n, const double *H, double *w)
{
    SpectrumCache *c = g_private_get(&spectrum_cache);
    if (c == NULL || c->n != n)
        return 0;
    uint64_t h1, h2;
    fingerprint(n, H, &h1, &h2);
    if (c->h1 != h1 || c->h2 != h2)
        return 0;
    memcpy(w, c->w, n * sizeof *w);
    return 1;
}

int
steepest_matrix_spectrum(size_t n, const double *H, double *w)
{
    uint64_t h1, h2;
    fingerprint(n, H, &h1, &h2);
    SpectrumCache *c = g_private_get(&spectrum_cache);
    if (c != NULL && c->n == n && c->h1 == h1 && c->h2 == h2) {
        memcpy(w, c->w, n * sizeof *w);
        return STEEPEST_OK;
    }
    double *A = symmetric_part(n, H);
    if (A == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "eigenvalues: out of memory (n = %zu)", n);
    int rc = steepest_matrix_eig_inplace(n, A, w);
    g_free(A);
    if (rc != STEEPEST_OK)
        return rc;
    if (c == NULL) {
        c = g_new0(SpectrumCache, 1);
        g_private_set(&spectrum_cache, c);
    }
    g_free(c->w);
    c->w = g_try_new(double, n);
    if (c->w != NULL) {
        memcpy(c->w, w, n * sizeof *w);
        c->n = n;
        c->h1 = h1;
        c->h2 = h2;
    } else {
        c->n = 0; /* no room to remember: only the next call pays */
    }
    return STEEPEST_OK;
}

static int
sym_eigenvalues(const char *fn, size_t n, const double *H, double *eigenvalues)
{
    int rc = steepest_matrix_check(fn, n, H);
    if (rc != STEEPEST_OK)
        return rc;
    if (eigenvalues == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: eigenvalues is NULL", fn);
    if (!symmetric_within(n, H, STEEPEST_MATRIX_SYMMETRY_TOL))
        return steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC, "%s: H is not symmetric (relative tolerance %g)",
                             fn, STEEPEST_MATRIX_SYMMETRY_TOL);
    rc = steepest_matrix_spectrum(n, H, eigenvalues);
    if (rc == STEEPEST_OK)
        rc = check_representable(fn, "an eigenvalue", n, eigenvalues);
    return rc;
}

int
steepest_matrix_sym_eigenvalues(size_t n, const double *H, double *eigenvalues)
{
    return sym_eigenvalues("steepest_matrix_sym_eigenvalues", n, H, eigenvalues);
}

int
steepest_matrix_is_psd(size_t n, const double *H, int *psd, double *lambda_min)
{
    if (psd == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_is_psd: psd is NULL");
    double *w = g_try_new(double, n ? n : 1);
    if (w == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "steepest_matrix_is_psd: out of memory");
    int rc = sym_eigenvalues("steepest_matrix_is_psd", n, H, w);
    if (rc == STEEPEST_OK) {
        double big = fmax(fabs(w[0]), fabs(w[n - 1]));
        *psd = w[0] >= -64.0 * (double) n * DBL_EPSILON * big;
        if (lambda_min != NULL)
            *lambda_min = w[0];
    }
    g_free(w);
    return rc;
}

/* ‖H‖₂ of a checked matrix. */
static int
spectral_norm(size_t n, const double *H, double *value)
{
    gboolean sym = symmetric_within(n, H, 0.0);
    double *A = sym ? NULL : g_try_new(double, n *n);
    double *w = g_try_new(double, n);
    if ((!sym && A == NULL) || w == NULL) {
        g_free(A);
        g_free(w);
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "spectral norm: out of memory (n = %zu)", n);
    }
    int rc = STEEPEST_OK;
    if (sym) {
        rc = steepest_matrix_spectrum(n, H, w);
        if (rc == STEEPEST_OK)
            *value = fmax(fabs(w[0]), fabs(w[n - 1]));
    } else {
        memcpy(A, H, n * n * sizeof *A);
        lapack_int info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 'N', (lapack_int) n, (lapack_int) n, A,
                                         (lapack_int) n, w, NULL, (lapack_int) n, NULL, (lapack_int) n);
        if (info != 0 && steepest_lapack_status(info) == STEEPEST_ERROR_NO_MEMORY)
            rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "dgesdd: out of memory (n = %zu)", n);
        else if (info != 0)
            rc =
                steepest_fail(STEEPEST_ERROR_LINALG, "dgesdd failed with info = %d (n = %zu)", (int) info, n);
        else
            *value = w[0]; /* singular values come in descending order */
    }
    g_free(A);
    g_free(w);
    if (rc == STEEPEST_OK)
        rc = check_representable("spectral norm", "the largest eigenvalue or singular value", 1, value);
    return rc;
}

int
steepest_matrix_spectral_norm(size_t n, const double *H, double *value)
{
    int rc = steepest_matrix_check("steepest_matrix_spectral_norm", n, H);
    if (rc != STEEPEST_OK)
        return rc;
    if (value == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_spectral_norm: value is NULL");
    return spectral_norm(n, H, value);
}

int
steepest_matrix_spectral_query(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                               SteepestPluginInducedResult *result)
{
    (void) query;
    double v = 0.0;
    int rc = spectral_norm(n, H, &v);
    if (rc != STEEPEST_OK)
        return rc;
    result->lower = result->upper = v;
    result->exact = 1;
    result->method = symmetric_within(n, H, 0.0) ? "eigenvalues (dsyevd)" : "singular values (dgesdd)";
    return STEEPEST_OK;
}
