/* induced.c — certified bounds on the induced matrix norm of the spectral
 * norm: H (n x n, n = R*C, row-major) acts on vec(W), the row-major
 * flattening of the R x C matrix W, and
 *
 *     ‖H‖ = sup_{σ_max(X)/κ <= 1} κ ‖HX‖_nuc = κ² sup_{‖X‖₂<=1, ‖Y‖₂<=1} <Y, HX>     (1)
 *
 * (‖Z‖* = κ‖Z‖_nuc, ‖Z‖_nuc = max_{‖Y‖₂<=1} <Y, Z>; X ranges over κ times the
 * unit spectral ball).  Below ‖·‖₂ of a matrix is its largest singular value,
 * and H = Σ_k h_k u_k v_kᵀ is the SVD of H, u_k and v_k read as R x C
 * matrices U_k and V_k.
 *
 * Lower bounds: any X with ‖X‖₂ <= 1 gives ‖HX‖_nuc <= sup, so κ²‖HX‖_nuc /
 * max(1, ‖X‖₂) is a lower bound (the division absorbs rounding in X).  Tried:
 *   - X = V_1: ‖V_1‖₂ <= ‖V_1‖_F = 1 and ‖HV_1‖_nuc >= ‖HV_1‖_F = h_1, so
 *     this alone certifies the starting bound κ²‖H‖₂;
 *   - polar points (semi-orthogonal X: the extreme points of the ball, where
 *     the convex function ‖HX‖_nuc attains its maximum) improved locally by
 *     alternating ascent on (1): Y ← polar(HX), X ← polar(Hᵀ Y); each half
 *     step maximizes <Y, HX> over one variable, so the value never
 *     decreases.  Starts: polar(V_k) for the leading k, and seeded Gaussian
 *     matrices (query->restarts, query->seed).
 *
 * Upper bounds (the smallest is reported), for ‖X‖₂ <= 1 and ‖Y‖₂ <= 1:
 *   (a) κ² r ‖H‖₂, r = min(R, C): <Y, HX> <= ‖Y‖_F ‖H‖₂ ‖X‖_F and ‖X‖_F <=
 *       √r ‖X‖₂ (X has at most r singular values, each <= 1).
 *   (b) κ² Σ_k h_k ‖U_k‖_nuc ‖V_k‖_nuc: <Y, HX> = Σ_k h_k <Y, U_k> <V_k, X>
 *       and |<Y, U_k>| <= ‖Y‖₂ ‖U_k‖_nuc (trace duality).  Tight for rank-one
 *       H = h u vᵀ: the sup is then h ‖U‖_nuc ‖V‖_nuc.
 *   (c) κ² Σ_{a,b} ‖H_ab‖₂ over the C x C blocks H_ab mapping row b of X to
 *       row a of HX: <Y, HX> = Σ_ab y_aᵀ H_ab x_b, and every row x_b = e_bᵀX
 *       has ‖x_b‖₂ <= ‖X‖₂ <= 1 (likewise y_a), so each term is <= ‖H_ab‖₂.
 *   (d) the same over the R x R blocks that map column q of X to column p
 *       of HX (columns too have ℓ2 norm <= 1).
 *   For r = 1 (a vector) the norm is κ²‖H‖₂ exactly: (a) meets the lower bound.
 */
#include "spectral.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define DEFAULT_RESTARTS 8
#define ASCENT_STEPS 200
#define LEADING_STARTS 4

typedef struct {
    size_t R, C, n, r;
    const double *H;
    double *hx, *y, *x, *sv; /* n, n, n, r */
} Induced;

/* ‖X‖_nuc of an R x C matrix. */
static int
nuclear_norm(const Induced *in, const double *X, double *value)
{
    int rc = spectral_svd_values(in->R, in->C, X, in->sv);
    if (rc != STEEPEST_PLUGIN_OK)
        return rc;
    double s = 0.0;
    for (size_t i = 0; i < in->r; i++)
        s += in->sv[i];
    *value = s;
    return STEEPEST_PLUGIN_OK;
}

/* Certified ‖H X‖_nuc / max(1, ‖X‖₂) for the given X. */
static int
value_at(const Induced *in, const double *X, double *value)
{
    int rc = spectral_svd_values(in->R, in->C, X, in->sv);
    if (rc != STEEPEST_PLUGIN_OK)
        return rc;
    double xnorm = in->sv[0] > 1.0 ? in->sv[0] : 1.0;
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (blasint) in->n, (blasint) in->n, 1.0, in->H, (blasint) in->n, X,
                1, 0.0, in->hx, 1);
    double nuc = 0.0;
    rc = nuclear_norm(in, in->hx, &nuc);
    *value = nuc / xnorm;
    return rc;
}

/* Alternating ascent from X (overwritten with the final point); *best
 * raised to every certified value met. */
static int
ascend(Induced *in, double *X, double *best)
{
    double nuc, prev = -1.0;
    int rc = spectral_polar_svd(in->R, in->C, X, 1.0, in->x, &nuc);
    for (int t = 0; t < ASCENT_STEPS && rc == STEEPEST_PLUGIN_OK; t++) {
        double v = 0.0;
        rc = value_at(in, in->x, &v);
        if (rc != STEEPEST_PLUGIN_OK)
            break;
        if (v > *best)
            *best = v;
        if (v <= prev * (1.0 + 1e-13))
            break;
        prev = v;
        /* Y = polar(HX) (in->hx holds HX), then X = polar(Hᵀ Y). */
        rc = spectral_polar_svd(in->R, in->C, in->hx, 1.0, in->y, &nuc);
        if (rc != STEEPEST_PLUGIN_OK)
            break;
        cblas_dgemv(CblasRowMajor, CblasTrans, (blasint) in->n, (blasint) in->n, 1.0, in->H, (blasint) in->n,
                    in->y, 1, 0.0, X, 1);
        rc = spectral_polar_svd(in->R, in->C, X, 1.0, in->x, &nuc);
    }
    return rc;
}

/* A reproducible standard normal sample (xorshift64* and Box–Muller). */
static double
gaussian(uint64_t *state)
{
    double u[2];
    for (int i = 0; i < 2; i++) {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        u[i] = ((double) ((*state * 2685821657736338717ULL) >> 11) + 0.5) * 0x1p-53;
    }
    return sqrt(-2.0 * log(u[0])) * cos(6.283185307179586 * u[1]);
}

/* Σ over the blocks of H of their largest singular values: the C x C row
 * blocks (by_rows) or the R x R column blocks, bounds (c) and (d).  blk has
 * room for a block of the larger side and its singular values. */
static int
block_sum(const Induced *in, int by_rows, double *sum, double *blk)
{
    size_t R = in->R, C = in->C, n = in->n, nb = by_rows ? R : C, bs = by_rows ? C : R;
    double total = 0.0, *sv = blk + bs * bs;
    for (size_t a = 0; a < nb; a++)
        for (size_t b = 0; b < nb; b++) {
            for (size_t i = 0; i < bs; i++)
                for (size_t j = 0; j < bs; j++) {
                    /* entry (row a, col i) of W for rows; (row i, col a) for columns */
                    size_t out = by_rows ? a * C + i : i * C + a, inp = by_rows ? b * C + j : j * C + b;
                    blk[i * bs + j] = in->H[out * n + inp];
                }
            int rc = spectral_svd_values(bs, bs, blk, sv);
            if (rc != STEEPEST_PLUGIN_OK)
                return rc;
            total += sv[0];
        }
    *sum = total;
    return STEEPEST_PLUGIN_OK;
}

/* Bounds (a) and (b) and the starts polar(V_k), from the SVD of H. */
static int
svd_bounds(Induced *in, double *h, double *U, double *VT, double *upper_a, double *upper_b, double *best,
           double *start)
{
    size_t n = in->n;
    double *a = spectral_host->alloc(n * n * sizeof *a);
    if (a == NULL)
        return spectral_fail(STEEPEST_PLUGIN_E_NOMEM, "spectral: out of memory for the SVD of H");
    memcpy(a, in->H, n * n * sizeof *a);
    /* Row-major H read column-major is Hᵀ = V S Uᵀ: its U is H's V and its
     * Vᵀ is H's Uᵀ. */
    lapack_int info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'S', (lapack_int) n, (lapack_int) n, a, (lapack_int) n,
                                     h, VT, (lapack_int) n, U, (lapack_int) n);
    spectral_host->free(a);
    if (info != 0)
        return spectral_fail(STEEPEST_PLUGIN_E_LINALG, "spectral: the SVD of H failed (dgesdd info %d)",
                             (int) info);
    /* Now column k of VT (contiguous) is v_k; row k of U (stride n) is u_k. */
    *upper_a = (double) in->r * h[0];
    double sum = 0.0;
    for (size_t k = 0; k < n && h[k] > 0.0; k++) {
        double nu = 0.0, nv = 0.0;
        for (size_t i = 0; i < n; i++)
            start[i] = U[k + i * n];
        int rc = nuclear_norm(in, start, &nu);
        if (rc == STEEPEST_PLUGIN_OK)
            rc = nuclear_norm(in, VT + k * n, &nv);
        if (rc != STEEPEST_PLUGIN_OK)
            return rc;
        sum += h[k] * nu * nv;
    }
    *upper_b = sum;
    return value_at(in, VT, best); /* X = V_1: certifies κ²‖H‖₂ */
}

static int
cancelled(const SteepestPluginInducedQuery *q, double fraction)
{
    return q != NULL && STEEPEST_PLUGIN_HAS_FIELD(q, SteepestPluginInducedQuery, user_data) &&
           q->progress != NULL && q->progress(q->user_data, fraction) != 0;
}

static int
induced_search(Induced *in, const SteepestPluginInducedQuery *query, double *VT, double *best, double *start)
{
    uint32_t restarts = DEFAULT_RESTARTS;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    if (query != NULL && STEEPEST_PLUGIN_HAS_FIELD(query, SteepestPluginInducedQuery, restarts)) {
        if (query->restarts > 0)
            restarts = query->restarts;
        seed ^= query->seed;
    }
    size_t lead = in->n < LEADING_STARTS ? in->n : LEADING_STARTS;
    for (size_t k = 0; k < lead + restarts; k++) {
        if (cancelled(query, 0.5 + 0.5 * (double) k / (double) (lead + restarts)))
            return spectral_fail(STEEPEST_PLUGIN_E_CANCELLED, "spectral induced norm: cancelled");
        if (k < lead)
            memcpy(start, VT + k * in->n, in->n * sizeof *start);
        else
            for (size_t i = 0; i < in->n; i++)
                start[i] = gaussian(&seed);
        int rc = ascend(in, start, best);
        if (rc != STEEPEST_PLUGIN_OK)
            return rc;
    }
    return STEEPEST_PLUGIN_OK;
}

int
spectral_induced_norm(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
                      SteepestPluginInducedResult *result)
{
    const Spectral *sp = state;
    Induced in = { .R = sp->rows, .C = sp->cols, .n = n, .H = H };
    in.r = in.R < in.C ? in.R : in.C;
    if (query != NULL && query->mode == STEEPEST_INDUCED_EXACT && in.r > 1)
        return spectral_fail(
            STEEPEST_PLUGIN_E_UNSUPPORTED,
            "spectral induced norm: no exact method for %zu x %zu matrices (only for a single "
            "row or column); ask for bounds",
            in.R, in.C);
    size_t big = in.R > in.C ? in.R : in.C;
    double *work = spectral_host->alloc((4 * n + in.r + big * big + big + n + 2 * n * n) * sizeof *work);
    if (work == NULL)
        return spectral_fail(STEEPEST_PLUGIN_E_NOMEM, "spectral induced norm: out of memory (n = %zu)", n);
    in.hx = work;
    in.y = in.hx + n;
    in.x = in.y + n;
    double *start = in.x + n, *blk = start + n, *h = blk + big * big + big;
    in.sv = h + n;
    double *U = in.sv + in.r, *VT = U + n * n;
    double ua = 0, ub = 0, uc = 0, ud = 0, best = 0.0;
    int rc = svd_bounds(&in, h, U, VT, &ua, &ub, &best, start);
    if (rc == STEEPEST_PLUGIN_OK && !cancelled(query, 0.2))
        rc = block_sum(&in, 1, &uc, blk);
    if (rc == STEEPEST_PLUGIN_OK && !cancelled(query, 0.4))
        rc = block_sum(&in, 0, &ud, blk);
    if (rc == STEEPEST_PLUGIN_OK && in.r > 1)
        rc = induced_search(&in, query, VT, &best, start);
    spectral_host->free(work);
    if (rc != STEEPEST_PLUGIN_OK)
        return rc;
    double upper = ua;
    upper = ub < upper ? ub : upper;
    upper = uc < upper ? uc : upper;
    upper = ud < upper ? ud : upper;
    double k2 = sp->kappa * sp->kappa;
    double lower = k2 * best;
    upper *= k2;
    if (upper < lower) /* equal up to rounding (r = 1, or a tight case) */
        upper = lower;
    result->lower = lower;
    result->upper = upper;
    result->exact = in.r == 1 || upper - lower <= 1e-12 * upper;
    result->method = in.r == 1 ? "spectral norm of H (the matrix is a single row or column)"
                               : "polar points + alternating ascent; min(r kappa^2 ||H||_2, "
                                 "SVD-term, row-block and column-block sums)";
    return STEEPEST_PLUGIN_OK;
}
