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
 *  - primal: l_i = (MX)_ii, then l += c·1 with c >= max(0, −λ_min(diag(l) − M))
 *    proved by a Cholesky factorization of diag(l) − M + c'·I and its backward
 *    error bound (steepest_matrix_psd_shift_diag), which makes diag(l) − M
 *    PSD, so Σ l_i is a certified upper bound.  No eigendecomposition: a
 *    factorization costs a third of one.  At an optimal
 *    X complementary slackness makes diag(MX) − M PSD already, so the gap
 *    closes as the ascent converges.
 */
#include "core/target-clones.h"
#include "induced/operator-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

size_t
steepest_sdp_rank(size_t N)
{
    size_t k = (size_t) ceil(sqrt(2.0 * (double) N)) + 1;
    return MIN(k, MAX(N, (size_t) 1));
}

/* g += Σ_j row[j] v_j over a dense row: four rows of V at a time, so g is
 * loaded and stored once per four (the sweep's whole cost is here). */
STEEPEST_CLONES_AVX2 static void
gather_dense(size_t N, size_t k, const double *restrict row, const double *restrict V, double *restrict g)
{
    size_t j = 0;
    for (; j + 4 <= N; j += 4) {
        double m0 = row[j], m1 = row[j + 1], m2 = row[j + 2], m3 = row[j + 3];
        const double *v0 = V + j * k, *v1 = v0 + k, *v2 = v1 + k, *v3 = v2 + k;
        for (size_t t = 0; t < k; t++)
            g[t] += (m0 * v0[t] + m1 * v1[t]) + (m2 * v2[t] + m3 * v3[t]);
    }
    for (; j < N; j++) {
        const double *vj = V + j * k;
        for (size_t t = 0; t < k; t++)
            g[t] += row[j] * vj[t];
    }
}

/* g = Σ_{j≠i} M_ij v_j: O(N·k) for a dense row, O(degree·k) for CSR. */
static void
gather(const SteepestRows *M, size_t k, const double *V, size_t i, double *g)
{
    memset(g, 0, k * sizeof *g);
    double mii = 0.0;
    if (M->dense != NULL) {
        gather_dense(M->n, k, M->dense + i * M->n, V, g);
        mii = M->dense[i * M->n + i];
    } else {
        for (int64_t p = M->indptr[i]; p < M->indptr[i + 1]; p++) {
            size_t j = (size_t) M->indices[p];
            double m = M->data[p];
            if (j == i) {
                mii += m;
                continue;
            }
            const double *vj = V + j * k;
            for (size_t t = 0; t < k; t++)
                g[t] += m * vj[t];
        }
        return;
    }
    const double *vi = V + i * k;
    for (size_t t = 0; t < k; t++)
        g[t] -= mii * vi[t];
}

/* Random unit vectors: a deterministic function of the seed. */
static void
random_start(size_t N, size_t k, uint64_t seed, double *V)
{
    uint64_t rng = seed ^ 0x5deece66dULL;
    for (size_t i = 0; i < N; i++) {
        double *vi = V + i * k, nn;
        do {
            for (size_t t = 0; t < k; t++)
                vi[t] = induced_rng_normal(&rng);
            nn = sqrt(steepest_vec_dot(k, vi, vi));
        } while (nn == 0.0);
        for (size_t t = 0; t < k; t++)
            vi[t] /= nn;
    }
}

int
steepest_sdp_mixing(const SteepestRows *M, size_t k, unsigned max_sweeps, double tolerance, uint64_t seed,
                    int warm, double *V, double *dual, double *l, double *residual, unsigned *sweeps_out)
{
    size_t N = M->n;
    if (max_sweeps == 0)
        max_sweeps = 1000;
    if (!(tolerance > 0.0))
        tolerance = 1e-14; /* the primal gap shrinks only like the square root of the dual's */
    double *g = g_try_new(double, k);
    if (g == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "MAX-CUT SDP: out of memory (N = %zu)", N);
    if (!warm)
        random_start(N, k, seed, V);

    double scale = steepest_rows_sum_abs(M);
    unsigned sweep = 0;
    /* Ascent: each update raises f = <M, VᵀV> by 2·(‖g‖ − <g, v_i>) >= 0. */
    while (sweep < max_sweeps) {
        double gain = 0.0;
        for (size_t i = 0; i < N; i++) {
            gather(M, k, V, i, g);
            double gn = sqrt(steepest_vec_dot(k, g, g));
            if (gn == 0.0)
                continue;
            double *vi = V + i * k;
            gain += 2.0 * (gn - steepest_vec_dot(k, g, vi));
            for (size_t t = 0; t < k; t++)
                vi[t] = g[t] / gn;
        }
        sweep++;
        if (gain <= tolerance * scale)
            break;
    }

    /* Dual value and l_i = (MX)_ii = M_ii + <v_i, g_i>, from the final iterate. */
    double f = 0.0, res = 0.0;
    for (size_t i = 0; i < N; i++) {
        gather(M, k, V, i, g);
        double c = steepest_vec_dot(k, g, V + i * k);
        l[i] = steepest_rows_diag(M, i) + c;
        f += l[i];
        /* ‖g_i − <g_i, v_i> v_i‖: row i of (diag(l) − M)Vᵀ, zero at a stationary point. */
        res = fmax(res, sqrt(fmax(0.0, steepest_vec_dot(k, g, g) - c * c)));
    }
    *dual = f;
    if (residual != NULL)
        *residual = res;
    if (sweeps_out != NULL)
        *sweeps_out = sweep;
    g_free(g);
    return STEEPEST_OK;
}

/* Certifies diag(l) − M ⪰ 0 for a large CSR M by diagonal dominance: raising each
 * l_i to at least M_ii + Σ_{j≠i} |M_ij| makes diag(l) − M diagonally dominant
 * with a nonnegative diagonal, hence PSD (Gershgorin).  Valid for any M, but
 * loose: a sharper sparse certificate (a sparse Cholesky of diag(l) − M) would
 * plug in here. */
static void
certify_dominance(const SteepestRows *M, double *l)
{
    for (size_t i = 0; i < M->n; i++) {
        double r = 0.0, d = 0.0;
        for (int64_t p = M->indptr[i]; p < M->indptr[i + 1]; p++) {
            if ((size_t) M->indices[p] == i)
                d += M->data[p];
            else
                r += fabs(M->data[p]);
        }
        /* The computed d + r may fall short of the true one by 2nε(|d| + r). */
        double need =
            (d + r) + 2.0 * (double) (M->indptr[i + 1] - M->indptr[i] + 1) * DBL_EPSILON * (fabs(d) + r);
        if (l[i] < need)
            l[i] = need;
    }
}

/* Sparse matrices up to this size are certified densely (N² doubles, N³/3
 * per factorization): far tighter than diagonal dominance. */
#define CERTIFY_DENSE_MAX_N 4096

int
steepest_sdp_certify(const SteepestRows *M, double hint, double *l, double *primal)
{
    size_t N = M->n;
    int rc = STEEPEST_OK;
    double *dense = NULL;
    if (M->dense == NULL && N <= CERTIFY_DENSE_MAX_N && (dense = g_try_new0(double, N *N)) != NULL)
        for (size_t i = 0; i < N; i++)
            for (int64_t p = M->indptr[i]; p < M->indptr[i + 1]; p++)
                dense[i * N + (size_t) M->indices[p]] += M->data[p];
    if (M->dense != NULL || dense != NULL) {
        double shift = 0.0;
        rc = steepest_matrix_psd_shift_diag(N, M->dense != NULL ? M->dense : dense, l, hint, &shift);
        g_free(dense);
        if (rc != STEEPEST_OK)
            return rc;
        for (size_t i = 0; i < N; i++)
            l[i] += shift;
    } else {
        certify_dominance(M, l);
    }
    double sum = 0.0, asum = 0.0;
    for (size_t i = 0; i < N; i++) {
        sum += l[i];
        asum += fabs(l[i]);
    }
    /* The computed sum may fall short of the true Σl_i by N·ε·Σ|l_i|. */
    *primal = sum + (double) N * DBL_EPSILON * asum;
    return STEEPEST_OK;
}

/* Mixing method then certificate on M by rows (dense or CSR): the one
 * implementation behind the dense wrapper and the CSR operator form. */
static int
sdp_maxcut_rows(const SteepestRows *rows, unsigned max_sweeps, double tolerance, uint64_t seed, double *dual,
                double *primal, double *l, double *V_out, unsigned *sweeps_out)
{
    size_t N = rows->n, k = steepest_sdp_rank(N);
    double *V = V_out != NULL ? V_out : g_try_new(double, N *k);
    double *lv = g_try_new(double, N);
    int rc = STEEPEST_OK;
    if (V == NULL || lv == NULL)
        rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "MAX-CUT SDP: out of memory (N = %zu)", N);
    double f = 0.0, p = 0.0, res = 0.0;
    if (rc == STEEPEST_OK)
        rc = steepest_sdp_mixing(rows, k, max_sweeps, tolerance, seed, 0, V, &f, lv, &res, sweeps_out);
    if (rc == STEEPEST_OK)
        rc = steepest_sdp_certify(rows, res, lv, &p);
    if (rc == STEEPEST_OK) {
        if (dual != NULL)
            *dual = f;
        if (primal != NULL)
            *primal = p;
        if (l != NULL)
            memcpy(l, lv, N * sizeof *l);
    }
    if (V != V_out)
        g_free(V);
    g_free(lv);
    return rc;
}

int
steepest_sdp_maxcut(size_t N, const double *M, unsigned max_sweeps, double tolerance, uint64_t seed,
                    double *dual, double *primal, double *l, double *V_out, unsigned *sweeps_out)
{
    SteepestRows rows = steepest_rows_dense(N, M);
    return sdp_maxcut_rows(&rows, max_sweeps, tolerance, seed, dual, primal, l, V_out, sweeps_out);
}

/* A finite H whose L_sep lies beyond DBL_MAX: no bound to report. */
static int
check_lsep_range(const char *fn, int rc, const double *primal, const double *dual)
{
    if (rc == STEEPEST_OK && ((primal != NULL && !isfinite(*primal)) || (dual != NULL && !isfinite(*dual))))
        rc = steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                           "%s: L_sep of this finite matrix overflows the double range", fn);
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
        return steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC,
                             "%s: L_sep needs a symmetric H (relative tolerance %g)", fn,
                             STEEPEST_MATRIX_SYMMETRY_TOL);
    int psd = 0;
    double lmin = 0.0;
    rc = steepest_matrix_is_psd(n, H, &psd, &lmin);
    if (rc != STEEPEST_OK)
        return rc;
    if (!psd)
        return steepest_fail(STEEPEST_ERROR_NOT_PSD, "%s: L_sep needs a positive semidefinite H (λ_min = %g)",
                             fn, lmin);
    /* The symmetric part; H itself when it is exactly symmetric (no copy). */
    int exact_sym = 0;
    steepest_matrix_is_symmetric(n, H, 0.0, &exact_sym);
    double *M = exact_sym ? NULL : g_try_new(double, n *n);
    if (!exact_sym && M == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory (n = %zu)", fn, n);
    if (!exact_sym)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                M[i * n + j] = steepest_matrix_mid(H[i * n + j], H[j * n + i]);
    rc =
        steepest_sdp_maxcut(n, exact_sym ? H : M, max_sweeps, tolerance, seed, dual, primal, l, NULL, sweeps);
    g_free(M);
    return check_lsep_range(fn, rc, primal, dual);
}

/* ---- operator form --------------------------------------------------------- */

int
steepest_operator_lsep(const SteepestOperator *op, unsigned max_sweeps, double tolerance, uint64_t seed,
                       double *primal, double *dual, double *l, unsigned *sweeps)
{
    const char *fn = "steepest_operator_lsep";
    int rc = steepest_operator_check(fn, op);
    if (rc != STEEPEST_OK)
        return rc;
    if (op->kind == STEEPEST_OPERATOR_DENSE)
        return steepest_matrix_lsep(op->n, op->H, max_sweeps, tolerance, seed, primal, dual, l, sweeps);
    if (op->kind != STEEPEST_OPERATOR_CSR)
        return steepest_fail(
            STEEPEST_ERROR_UNSUPPORTED,
            "%s: L_sep needs the entries of H (a dense or CSR "
            "operator): the mixing method updates one row at a time and its certificate factors "
            "diag(l) - H, which products alone cannot give",
            fn);
    if (isnan(tolerance))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: tolerance is NaN", fn);
    SteepestSymmetricOperator sym;
    rc = steepest_operator_symmetric(fn, op, &sym);
    /* PSD as the dense function demands, where it can be decided: refuted
     * (NOT_PSD) or not; without ARPACK and no Gershgorin proof, L_sep — a
     * certified interval for any symmetric H — is computed all the same. */
    int psd = 1;
    double lmin = 0.0;
    if (rc == STEEPEST_OK) {
        rc = steepest_operator_is_psd(sym.op, NULL, &psd, NULL, &lmin, NULL, NULL);
        if (rc == STEEPEST_ERROR_UNSUPPORTED) {
            rc = STEEPEST_OK;
            psd = 1;
        }
    }
    if (rc == STEEPEST_OK && !psd)
        rc = steepest_fail(STEEPEST_ERROR_NOT_PSD,
                           "%s: L_sep needs a positive semidefinite H (a vector has "
                           "Rayleigh quotient %g)",
                           fn, lmin);
    if (rc == STEEPEST_OK) {
        SteepestRows rows = steepest_csr_rows(sym.op->csr);
        rc = sdp_maxcut_rows(&rows, max_sweeps, tolerance, seed, dual, primal, l, NULL, sweeps);
    }
    steepest_operator_symmetric_free(&sym);
    return check_lsep_range(fn, rc, primal, dual);
}
