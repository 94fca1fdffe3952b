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
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_is_symmetric: symmetric is NULL");
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
    lapack_int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'N', 'U', (lapack_int) n, A, (lapack_int) n, w);
    if (info == LAPACK_WORK_MEMORY_ERROR)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "dsyevd: out of memory (n = %zu)", n);
    if (info != 0)
        return steepest_fail(STEEPEST_ERROR_LINALG, "dsyevd failed with info = %d (n = %zu)", (int) info, n);
    return STEEPEST_OK;
}

int
steepest_matrix_psd_shift(size_t n, const double *S, double *shift)
{
    double *A = g_try_new(double, n * n);
    double *w = g_try_new(double, n);
    if (A == NULL || w == NULL) {
        g_free(A);
        g_free(w);
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "out of memory for a %zu x %zu eigenproblem", n, n);
    }
    double fro = 0.0;
    for (size_t i = 0; i < n * n; i++) {
        A[i] = S[i];
        fro += S[i] * S[i];
    }
    int rc = steepest_matrix_eig_inplace(n, A, w);
    if (rc == STEEPEST_OK) {
        /* dsyevd is backward stable: the computed λ_min is within p(n)·ε·‖S‖₂
         * of the true one.  The margin 16·n·ε·‖S‖_F (‖S‖_F >= ‖S‖₂) covers
         * that with room to spare, so S + shift·I is PSD in exact arithmetic. */
        double margin = 16.0 * (double) n * DBL_EPSILON * sqrt(fro);
        *shift = (w[0] < 0.0 ? -w[0] : 0.0) + margin;
    }
    g_free(A);
    g_free(w);
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
    double *A = g_try_new(double, n * n);
    if (A == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            A[i * n + j] = steepest_matrix_mid(H[i * n + j], H[j * n + i]);
    return A;
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
        return steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC, "%s: H is not symmetric (relative tolerance %g)", fn,
                             STEEPEST_MATRIX_SYMMETRY_TOL);
    double *A = symmetric_part(n, H);
    if (A == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory (n = %zu)", fn, n);
    rc = steepest_matrix_eig_inplace(n, A, eigenvalues);
    g_free(A);
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
    double *A = g_try_new(double, n * n);
    double *w = g_try_new(double, n);
    if (A == NULL || w == NULL) {
        g_free(A);
        g_free(w);
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "spectral norm: out of memory (n = %zu)", n);
    }
    memcpy(A, H, n * n * sizeof *A);
    int rc = STEEPEST_OK;
    if (symmetric_within(n, H, 0.0)) {
        rc = steepest_matrix_eig_inplace(n, A, w);
        if (rc == STEEPEST_OK)
            *value = fmax(fabs(w[0]), fabs(w[n - 1]));
    } else {
        lapack_int info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 'N', (lapack_int) n, (lapack_int) n, A,
                                         (lapack_int) n, w, NULL, (lapack_int) n, NULL, (lapack_int) n);
        if (info == LAPACK_WORK_MEMORY_ERROR)
            rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "dgesdd: out of memory (n = %zu)", n);
        else if (info != 0)
            rc = steepest_fail(STEEPEST_ERROR_LINALG, "dgesdd failed with info = %d (n = %zu)", (int) info, n);
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
