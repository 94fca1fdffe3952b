/* polar.c — singular values and polar factors of R x C matrices for the
 * spectral plugin: exact through LAPACKE's thin SVD, or approximate through
 * the polynomial iterations Muon uses.  Every matrix product is a BLAS dgemm.
 *
 * Every routine reads the row-major R x C array as the column-major C x R
 * matrix Wᵀ (see spectral.h): LAPACK gets its native layout and the
 * iteration runs on the short side (Muon transposes when R > C) for free.
 */
#include "spectral.h"

#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

static size_t
min_sz(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* LAPACK's and BLAS's int dimensions: the plugin refuses larger matrices in
 * create(), so these casts never truncate. */
#define LI(x) ((lapack_int) (x))
#define BI(x) ((blasint) (x))

/* work = a · 2^−e with e the binary exponent of max|a_ij|, so the entries the
 * SVD sees have magnitude in [0.5, 1): subnormal and huge matrices keep every
 * digit (LAPACK's SVD loses them near the ends of the range, as check-plugin
 * showed on a lone 5e-324).  A power of two scales exactly; returns e, so
 * σ_i(a) = 2^e σ_i(work).  U and Vᵀ do not change. */
static int
scaled_copy(size_t n, const double *a, double *work)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        if (fabs(a[i]) > m)
            m = fabs(a[i]);
    int e = 0;
    if (m > 0.0)
        (void) frexp(m, &e);
    for (size_t i = 0; i < n; i++)
        work[i] = ldexp(a[i], -e);
    return e;
}

/* dgesdd, and dgesvd when dgesdd does not converge (info > 0), on the
 * column-major m x n matrix a (destroyed; `copy` keeps the input for the
 * fallback).  jobz 'N' (values only) or 'S' (thin: u m x r, vt r x n). */
static int
svd_colmajor(char jobz, size_t m, size_t n, double *a, const double *copy, double *s, double *u, double *vt)
{
    size_t r = min_sz(m, n);
    lapack_int info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, jobz, LI(m), LI(n), a, LI(m), s, u, LI(m), vt, LI(r));
    if (info > 0) {
        /* dgesdd's divide and conquer failed to converge: QR iteration
         * (dgesvd) on the original matrix is the documented alternative. */
        double *superb = spectral_host->alloc((r > 1 ? r - 1 : 1) * sizeof *superb);
        if (superb == NULL)
            return spectral_fail(STEEPEST_PLUGIN_E_NOMEM, "spectral: out of memory for the SVD");
        (void) scaled_copy(m * n, copy, a); /* the same power of two as before */
        char job = jobz == 'N' ? 'N' : 'S';
        info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, job, job, LI(m), LI(n), a, LI(m), s, u, LI(m), vt, LI(r),
                              superb);
        spectral_host->free(superb);
    }
    if (info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR)
        return spectral_fail(STEEPEST_PLUGIN_E_NOMEM, "spectral: out of memory in LAPACK's SVD");
    if (info != 0)
        return spectral_fail(STEEPEST_PLUGIN_E_LINALG,
                             "spectral: the SVD of a %zu x %zu matrix failed "
                             "(dgesdd and dgesvd, info %d)",
                             n, m, (int) info);
    return STEEPEST_PLUGIN_OK;
}

int
spectral_svd_values(size_t R, size_t C, const double *a, double *s)
{
    size_t n = R * C;
    double *work = spectral_host->alloc(n * sizeof *work);
    if (work == NULL)
        return spectral_fail(STEEPEST_PLUGIN_E_NOMEM, "spectral: out of memory for a %zu x %zu SVD", R, C);
    int e = scaled_copy(n, a, work);
    int rc = svd_colmajor('N', C, R, work, a, s, NULL, NULL);
    for (size_t i = 0; rc == STEEPEST_PLUGIN_OK && i < min_sz(R, C); i++)
        s[i] = ldexp(s[i], e);
    spectral_host->free(work);
    return rc;
}

size_t
spectral_rank(size_t R, size_t C, const double *s)
{
    size_t r = min_sz(R, C), k = 0;
    double tol = (double) (R > C ? R : C) * DBL_EPSILON * s[0];
    while (k < r && s[k] > tol)
        k++;
    return k;
}

int
spectral_polar_svd(size_t R, size_t C, const double *a, double kappa, double *out, double *nuclear)
{
    size_t n = R * C, r = min_sz(R, C);
    /* One block: the destroyed copy, the singular values, U (C x r), Vᵀ (r x R). */
    double *work = spectral_host->alloc((n + r + C * r + r * R) * sizeof *work);
    if (work == NULL)
        return spectral_fail(STEEPEST_PLUGIN_E_NOMEM, "spectral: out of memory for a %zu x %zu SVD", R, C);
    double *s = work + n, *u = s + r, *vt = u + C * r;
    int e = scaled_copy(n, a, work);
    /* Wᵀ = U Σ Vᵀ (column-major C x R), so polar(W)ᵀ = U Vᵀ, which is polar(W)
     * row-major. */
    int rc = svd_colmajor('S', C, R, work, a, s, u, vt);
    if (rc == STEEPEST_PLUGIN_OK) {
        size_t k = spectral_rank(R, C, s);
        double sum = 0.0;
        for (size_t i = 0; i < r; i++)
            sum += s[i];
        *nuclear = ldexp(sum, e);
        if (k == 0)
            memset(out, 0, n * sizeof *out);
        else /* only the k columns with σ above the threshold: a zero σ gets a zero direction */
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, BI(C), BI(R), BI(k), kappa, u, BI(C), vt,
                        BI(r), 0.0, out, BI(C));
    }
    spectral_host->free(work);
    return rc;
}

/* ---- the polynomial iterations ---- */

/* Muon's quintic (Jordan et al. 2024, "Muon: An optimizer for hidden layers
 * in neural networks"): the same (a, b, c) five times, X0 = Z / max(‖Z‖_F, 1e-7). */
static const double ns5_abc[5][3] = {
    { 3.4445, -4.7750, 2.0315 }, { 3.4445, -4.7750, 2.0315 }, { 3.4445, -4.7750, 2.0315 },
    { 3.4445, -4.7750, 2.0315 }, { 3.4445, -4.7750, 2.0315 },
};

/* The Polar Express of degree 5: Amsel, Persson, Musco, Gower, "The Polar
 * Express: Optimal Matrix Sign Methods and Their Application to the Muon
 * Algorithm" (2025, arXiv:2505.16932), Algorithm 1: the first five of its
 * per-iteration minimax coefficients (computed for ℓ = 10⁻³), each divided by
 * its safety factor (a/1.01, b/1.01³, c/1.01⁵) as the algorithm does, and its
 * normalization X0 = Z / (1.01 ‖Z‖_F + 10⁻⁷).  The published values are
 * written out unmodified; the division happens in polar_express_abc(). */
static const double express_published[5][3] = {
    { 8.28721201814563, -23.595886519098837, 17.300387312530933 },
    { 4.107059111542203, -2.9478499167379106, 0.5448431082926601 },
    { 3.9486908534822946, -2.908902115962949, 0.5518191394370137 },
    { 3.3184196573706015, -2.488488024314874, 0.51004894012372 },
    { 2.300652019954817, -1.6689039845747493, 0.4188073119525673 },
};

/* The table with the safety factor applied, computed once: the same
 * expressions in double as Algorithm 1's list comprehension, so the
 * coefficients are bit for bit what its Python computes. */
static double express_abc[5][3];

static void
polar_express_abc(void)
{
    for (int t = 0; t < 5; t++) {
        express_abc[t][0] = express_published[t][0] / 1.01;
        express_abc[t][1] = express_published[t][1] / (1.01 * 1.01 * 1.01);
        express_abc[t][2] = express_published[t][2] / (1.01 * 1.01 * 1.01 * 1.01 * 1.01);
    }
}

static const SpectralSchedule ns5_schedule = { &ns5_abc[0][0], 5, 1.0, 0.0, 1e-7 };
static const SpectralSchedule express_schedule = { &express_abc[0][0], 5, 1.01, 1e-7, 0.0 };

const SpectralSchedule *
spectral_schedule(SpectralPolar polar)
{
    if (polar == SPECTRAL_POLAR_EXPRESS) {
        /* Idempotent, and every thread writes the same bits: no lock needed
         * in practice, but call it from the entry function too so the table
         * is ready before any method runs. */
        if (express_abc[0][0] == 0.0)
            polar_express_abc();
        return &express_schedule;
    }
    return &ns5_schedule;
}

/* One step X ← a X + (b A + c A²) X with A = X Xᵀ, for the m x k matrix X
 * (m <= k) in the given layout: three dgemm calls, two copies. */
static void
iterate_step(CBLAS_LAYOUT lay, size_t m, size_t k, const double abc[3], const double *X, double *Xn,
             double *A, double *B)
{
    blasint ldx = lay == CblasRowMajor ? BI(k) : BI(m);
    cblas_dgemm(lay, CblasNoTrans, CblasTrans, BI(m), BI(m), BI(k), 1.0, X, ldx, X, ldx, 0.0, A, BI(m));
    memcpy(B, A, m * m * sizeof *B);
    cblas_dgemm(lay, CblasNoTrans, CblasNoTrans, BI(m), BI(m), BI(m), abc[2], A, BI(m), A, BI(m), abc[1], B,
                BI(m));
    memcpy(Xn, X, m * k * sizeof *Xn);
    cblas_dgemm(lay, CblasNoTrans, CblasNoTrans, BI(m), BI(k), BI(m), 1.0, B, BI(m), X, ldx, abc[0], Xn, ldx);
}

int
spectral_polar_iterate(size_t R, size_t C, const double *a, SpectralPolar polar, double kappa, double *out)
{
    const SpectralSchedule *sch = spectral_schedule(polar);
    size_t n = R * C, m = min_sz(R, C), k = R > C ? R : C;
    /* R <= C: X = W, row-major m x k.  R > C: X = Wᵀ, which is the same
     * array read column-major (C x R) — Muon's transpose, without a copy. */
    CBLAS_LAYOUT lay = R <= C ? CblasRowMajor : CblasColMajor;
    double *work = spectral_host->alloc((n + 2 * m * m) * sizeof *work);
    if (work == NULL)
        return spectral_fail(STEEPEST_PLUGIN_E_NOMEM, "spectral: out of memory for the %zu x %zu iteration",
                             R, C);
    double *A = work + n, *B = A + m * m;
    double f = cblas_dnrm2(BI(n), a, 1);
    double denom = sch->frob_floor > 0.0 ? (f > sch->frob_floor ? f : sch->frob_floor)
                                         : f * sch->frob_scale + sch->frob_shift;
    /* Ping-pong between out and work, so the last step lands in out. */
    double *X = (sch->steps % 2 == 0) ? out : work, *Xn = X == out ? work : out;
    for (size_t i = 0; i < n; i++)
        X[i] = a[i] / denom;
    for (int t = 0; t < sch->steps; t++) {
        iterate_step(lay, m, k, sch->abc + 3 * t, X, Xn, A, B);
        double *tmp = X;
        X = Xn;
        Xn = tmp;
    }
    if (kappa != 1.0)
        cblas_dscal(BI(n), kappa, out, 1);
    spectral_host->free(work);
    return STEEPEST_PLUGIN_OK;
}
