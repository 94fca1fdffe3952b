/* lsep.c — the MAX-CUT semidefinite program and separable smoothness L_sep.
 *
 * L_sep(H) = min Σ l_i s.t. H ⪯ diag(l) (Eq. 31–33).  Its dual is
 *     max <M, X>  s.t.  X ⪰ 0, diag(X) = 1,
 * solved here by the low-rank "mixing method" (Wang, Chang, Kolter 2017):
 * X = VᵀV with unit columns v_i ∈ R^k, k = ⌈√(2N)⌉ + 1 (enough for an optimal
 * X to exist at that rank, Barvinok–Pataki), and block-coordinate ascent
 * v_i ← normalize(Σ_{j≠i} M_ij v_j).
 *
 * Both sides of the gap are reported:
 *  - dual: <M, VᵀV>.  Any feasible X gives a value <= the SDP optimum = L_sep
 *    (weak duality), so this is a lower bound whether or not the ascent has
 *    converged.
 *  - primal: l_i = (MX)_ii, then l += (max(0, −λ_min(diag(l) − M)) + margin)·1,
 *    which makes diag(l) − M PSD (LAPACKE dsyevd for λ_min; the margin covers
 *    its rounding error), so Σ l_i is a certified upper bound.  At an optimal
 *    X complementary slackness makes diag(MX) − M PSD already, so the gap
 *    closes as the ascent converges.
 */
#include "induced/matrix-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

size_t
steepest_sdp_rank(size_t N)
{
    size_t k = (size_t) ceil(sqrt(2.0 * (double) N)) + 1;
    return MIN(k, MAX(N, (size_t) 1));
}

static double
dot(size_t k, const double *a, const double *b)
{
    double s = 0.0;
    for (size_t t = 0; t < k; t++)
        s += a[t] * b[t];
    return s;
}

/* g = Σ_{j≠i} M_ij v_j. */
static void
gather(size_t N, size_t k, const double *M, const double *V, size_t i, double *g)
{
    memset(g, 0, k * sizeof *g);
    const double *row = M + i * N;
    for (size_t j = 0; j < N; j++) {
        double m = row[j];
        if (j == i || m == 0.0)
            continue;
        const double *vj = V + j * k;
        for (size_t t = 0; t < k; t++)
            g[t] += m * vj[t];
    }
}

int
steepest_sdp_maxcut(size_t N, const double *M, unsigned max_sweeps, double tolerance, uint64_t seed, double *dual,
                    double *primal, double *l, double *V_out, unsigned *sweeps_out)
{
    size_t k = steepest_sdp_rank(N);
    if (max_sweeps == 0)
        max_sweeps = 1000;
    if (!(tolerance > 0.0))
        tolerance = 1e-14; /* the primal gap shrinks only like the square root of the dual's */
    double *V = g_try_new(double, N * k);
    double *g = g_try_new(double, k);
    double *lv = g_try_new(double, N);
    double *S = g_try_new(double, N * N);
    if (V == NULL || g == NULL || lv == NULL || S == NULL) {
        g_free(V);
        g_free(g);
        g_free(lv);
        g_free(S);
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "MAX-CUT SDP: out of memory (N = %zu)", N);
    }
    /* Random unit start: a deterministic function of the seed. */
    uint64_t rng = seed ^ 0x5deece66dULL;
    for (size_t i = 0; i < N; i++) {
        double *vi = V + i * k, nn;
        do {
            for (size_t t = 0; t < k; t++)
                vi[t] = induced_rng_normal(&rng);
            nn = sqrt(dot(k, vi, vi));
        } while (nn == 0.0);
        for (size_t t = 0; t < k; t++)
            vi[t] /= nn;
    }

    double scale = 0.0;
    for (size_t i = 0; i < N * N; i++)
        scale += fabs(M[i]);
    unsigned sweep = 0;
    /* Ascent: each update raises f = <M, VᵀV> by 2·(‖g‖ − <g, v_i>) >= 0. */
    while (sweep < max_sweeps) {
        double gain = 0.0;
        for (size_t i = 0; i < N; i++) {
            gather(N, k, M, V, i, g);
            double gn = sqrt(dot(k, g, g));
            if (gn == 0.0)
                continue;
            double *vi = V + i * k;
            gain += 2.0 * (gn - dot(k, g, vi));
            for (size_t t = 0; t < k; t++)
                vi[t] = g[t] / gn;
        }
        sweep++;
        if (gain <= tolerance * scale)
            break;
    }

    /* Dual value and l_i = (MX)_ii = M_ii + <v_i, g_i>, from the final iterate. */
    double f = 0.0;
    for (size_t i = 0; i < N; i++) {
        gather(N, k, M, V, i, g);
        double c = dot(k, g, V + i * k);
        lv[i] = M[i * N + i] + c;
        f += lv[i];
    }
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            S[i * N + j] = (i == j ? lv[i] : 0.0) - M[i * N + j];
    double shift = 0.0;
    int rc = steepest_matrix_psd_shift(N, S, &shift);
    if (rc == STEEPEST_OK) {
        double sum = 0.0, asum = 0.0;
        for (size_t i = 0; i < N; i++) {
            lv[i] += shift;
            sum += lv[i];
            asum += fabs(lv[i]);
        }
        /* The computed sum may fall short of the true Σl_i by N·ε·Σ|l_i|. */
        if (primal != NULL)
            *primal = sum + (double) N * DBL_EPSILON * asum;
        if (dual != NULL)
            *dual = f;
        if (l != NULL)
            memcpy(l, lv, N * sizeof *l);
        if (V_out != NULL)
            memcpy(V_out, V, N * k * sizeof *V);
        if (sweeps_out != NULL)
            *sweeps_out = sweep;
    }
    g_free(V);
    g_free(g);
    g_free(lv);
    g_free(S);
    return rc;
}

int
steepest_matrix_lsep(size_t n, const double *H, unsigned max_sweeps, double tolerance, uint64_t seed,
                     double *primal, double *dual, double *l, unsigned *sweeps)
{
    const char *fn = "steepest_matrix_lsep";
    int rc = steepest_matrix_check(fn, n, H);
    if (rc != STEEPEST_OK)
        return rc;
    if (isnan(tolerance))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: tolerance is NaN", fn);
    int sym = 0;
    steepest_matrix_is_symmetric(n, H, STEEPEST_MATRIX_SYMMETRY_TOL, &sym);
    if (!sym)
        return steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC, "%s: L_sep needs a symmetric H (relative tolerance %g)",
                             fn, STEEPEST_MATRIX_SYMMETRY_TOL);
    int psd = 0;
    double lmin = 0.0;
    rc = steepest_matrix_is_psd(n, H, &psd, &lmin);
    if (rc != STEEPEST_OK)
        return rc;
    if (!psd)
        return steepest_fail(STEEPEST_ERROR_NOT_PSD, "%s: L_sep needs a positive semidefinite H (λ_min = %g)", fn,
                             lmin);
    double *M = g_try_new(double, n * n);
    if (M == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory (n = %zu)", fn, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            M[i * n + j] = steepest_matrix_mid(H[i * n + j], H[j * n + i]);
    rc = steepest_sdp_maxcut(n, M, max_sweeps, tolerance, seed, dual, primal, l, NULL, sweeps);
    g_free(M);
    /* A finite H whose L_sep lies beyond DBL_MAX: no bound to report. */
    if (rc == STEEPEST_OK && ((primal != NULL && !isfinite(*primal)) || (dual != NULL && !isfinite(*dual))))
        rc = steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: L_sep of this finite matrix overflows the double range",
                           fn);
    return rc;
}
