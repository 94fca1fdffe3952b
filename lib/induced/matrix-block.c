/* matrix-block.c — the norm induced by the block max norm ‖x‖_{B,∞} = max_b ‖x_b‖₂:
 *     ‖H‖_B = max_{‖x‖_{B,∞} <= 1} ‖Hx‖_{B,1},   ‖z‖_{B,1} = Σ_b ‖z_b‖₂.
 *
 * Exact where it reduces: blocks all of size 1 make it the ℓ∞ case
 * (‖H‖_{∞,1}); a single block makes it the spectral norm.  Otherwise it is as
 * hard as the ℓ∞ case in general, and we give certified bounds:
 *
 *  - lower: ‖Hx‖_{B,1} for the best x found by alternating ascent over products
 *    of spheres.  ‖Hx‖_{B,1} = max_{‖y‖_{B,∞}<=1} yᵀHx, so y_b ← (Hx)_b/‖(Hx)_b‖
 *    and x_c ← (Hᵀy)_c/‖(Hᵀy)_c‖ never decrease yᵀHx (each solves its half
 *    exactly).  The value is that of an actual feasible x.
 *  - upper: min(Σ_{b,c} ‖H_bc‖₂, m·‖H‖₂) for m blocks.  Proof of the first:
 *        ‖Hx‖_{B,1} = Σ_b ‖Σ_c H_bc x_c‖₂ <= Σ_b Σ_c ‖H_bc‖₂ ‖x_c‖₂ <= Σ_{b,c} ‖H_bc‖₂
 *    since ‖x_c‖₂ <= 1.  Of the second: ‖z‖_{B,1} <= √m ‖z‖₂ (Cauchy–Schwarz
 *    over the m block norms) and ‖x‖₂ <= √m ‖x‖_{B,∞}, so ‖Hx‖_{B,1} <=
 *    √m ‖H‖₂ ‖x‖₂ <= m ‖H‖₂.
 *    Both are inflated by a bound on the rounding of the singular values.
 */
#include "induced/operator-private.h"

#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

/* Σ_b ‖z_b‖₂. */
static double
block_l1(size_t m, const size_t *start, const double *z)
{
    double s = 0.0;
    for (size_t b = 0; b < m; b++) {
        double a = 0.0;
        for (size_t i = start[b]; i < start[b + 1]; i++)
            a += z[i] * z[i];
        s += sqrt(a);
    }
    return s;
}

/* v_b ← v_b/‖v_b‖ for every block; a zero block takes `fallback`'s block. */
static void
normalize_blocks(size_t m, const size_t *start, double *v, const double *fallback)
{
    for (size_t b = 0; b < m; b++) {
        double a = 0.0;
        for (size_t i = start[b]; i < start[b + 1]; i++)
            a += v[i] * v[i];
        a = sqrt(a);
        for (size_t i = start[b]; i < start[b + 1]; i++)
            v[i] = a > 0.0 ? v[i] / a : fallback[i];
    }
}

void
steepest_dense_matvec(size_t n, const double *A, const double *x, double *out, gboolean transpose)
{
    if (!transpose) {
        for (size_t i = 0; i < n; i++) {
            double acc = 0.0;
            for (size_t j = 0; j < n; j++)
                acc += A[i * n + j] * x[j];
            out[i] = acc;
        }
    } else {
        memset(out, 0, n * sizeof *out);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                out[j] += A[i * n + j] * x[i];
    }
}

int
steepest_matrix_sub_sigma(size_t n, const double *H, size_t r0, size_t r, size_t c0, size_t k, double *work,
                          double *s, double *out)
{
    if (r == 1 && k == 1) {
        *out = fabs(H[r0 * n + c0]);
        return STEEPEST_OK;
    }
    for (size_t i = 0; i < r; i++)
        memcpy(work + i * k, H + (r0 + i) * n + c0, k * sizeof *work);
    lapack_int info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 'N', (lapack_int) r, (lapack_int) k, work,
                                     (lapack_int) k, s, NULL, (lapack_int) r, NULL, (lapack_int) k);
    if (info != 0)
        return steepest_fail(steepest_lapack_status(info),
                             "dgesdd failed on the block at rows %zu.., columns %zu.. with info = %d", r0, c0,
                             (int) info);
    *out = s[0];
    return STEEPEST_OK;
}

/* Largest singular value of the block H_bc (rows of b, columns of c). */
static int
block_sigma(size_t n, const double *H, const size_t *start, size_t b, size_t c, double *work, double *s,
            double *out)
{
    return steepest_matrix_sub_sigma(n, H, start[b], start[b + 1] - start[b], start[c],
                                     start[c + 1] - start[c], work, s, out);
}

/* The alternating ascent over products of spheres, on any operator (dense
 * here, the others in operator-block.c): `restarts` starts (0: 16), the first
 * all ones, the others Gaussian from seed; *lower = the best
 * ‖Hx‖_{B,1}/‖x‖_{B,∞} of a final x. */
int
steepest_block_ascent(const SteepestOperator *op, size_t m, const size_t *start, unsigned restarts,
                      uint64_t seed, double *lower)
{
    size_t n = op->n;
    double *x = g_try_new(double, n), *y = g_try_new(double, n), *u = g_try_new(double, n);
    int rc = x != NULL && y != NULL && u != NULL
                 ? STEEPEST_OK
                 : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "block induced norm: out of memory (n = %zu)", n);
    if (restarts == 0)
        restarts = 16;
    uint64_t rng = seed;
    double best = 0.0;
    for (unsigned r = 0; r < restarts && rc == STEEPEST_OK; r++) {
        for (size_t i = 0; i < n; i++)
            x[i] = r == 0 ? 1.0 : induced_rng_normal(&rng);
        for (size_t i = 0; i < n; i++)
            u[i] = 1.0; /* fallback for zero blocks: any unit block would do */
        normalize_blocks(m, start, u, u);
        normalize_blocks(m, start, x, u);
        double prev = -1.0, v = 0.0;
        for (int it = 0; it < 1000 && rc == STEEPEST_OK; it++) {
            if ((rc = steepest_operator_apply_shifted(op, 0, 0.0, x, y)) != STEEPEST_OK)
                break;
            v = block_l1(m, start, y);
            if (v <= prev * (1.0 + 1e-13))
                break;
            prev = v;
            normalize_blocks(m, start, y, u);
            rc = steepest_operator_apply_transpose(op, y, x);
            normalize_blocks(m, start, x, u);
        }
        /* Value of the final x, scaled by its block norm so rounding cannot
         * make x infeasible: ‖Hx‖_{B,1}/‖x‖_{B,∞} <= ‖H‖_B. */
        if (rc != STEEPEST_OK || (rc = steepest_operator_apply_shifted(op, 0, 0.0, x, y)) != STEEPEST_OK)
            break;
        double xn = 0.0;
        for (size_t b = 0; b < m; b++) {
            double a = 0.0;
            for (size_t i = start[b]; i < start[b + 1]; i++)
                a += x[i] * x[i];
            xn = fmax(xn, sqrt(a));
        }
        v = xn > 0.0 ? block_l1(m, start, y) / xn : 0.0;
        best = fmax(best, v);
    }
    g_free(x);
    g_free(y);
    g_free(u);
    if (rc == STEEPEST_OK)
        *lower = best;
    return rc;
}

static int
block_bounds(size_t n, const double *H, size_t m, const size_t *start, const SteepestPluginInducedQuery *q,
             SteepestPluginInducedResult *res)
{
    const double eps = DBL_EPSILON;
    double *work = g_try_new(double, n *n), *sv = g_try_new(double, n);
    int rc = STEEPEST_OK;
    if (work == NULL || sv == NULL) {
        rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "block induced norm: out of memory (n = %zu)", n);
        goto out;
    }
    /* Upper bounds. */
    double sum = 0.0;
    for (size_t b = 0; b < m && rc == STEEPEST_OK; b++)
        for (size_t c = 0; c < m && rc == STEEPEST_OK; c++) {
            double sig = 0.0;
            rc = block_sigma(n, H, start, b, c, work, sv, &sig);
            sum += sig;
        }
    if (rc != STEEPEST_OK)
        goto out;
    double upper = sum * (1.0 + 16.0 * (double) n * eps + (double) (m * m) * eps);
    double l2 = 0.0;
    if ((rc = steepest_matrix_spectral_norm(n, H, &l2)) != STEEPEST_OK)
        goto out;
    upper = fmin(upper, (double) m * l2 * (1.0 + 16.0 * (double) n * eps));
    if (q->progress != NULL && q->progress(q->user_data, 0.2) != 0) {
        rc = steepest_fail(STEEPEST_ERROR_CANCELLED, "block induced norm cancelled by the progress callback");
        goto out;
    }

    /* Lower bound: alternating ascent from random starts (the first: all ones). */
    SteepestOperator op = steepest_operator_dense_view(n, H);
    double lower = 0.0;
    if ((rc = steepest_block_ascent(&op, m, start, q->restarts, q->seed, &lower)) != STEEPEST_OK)
        goto out;
    res->lower = fmin(lower, upper);
    res->upper = upper;
    res->exact = 0;
    res->method =
        "bounds: alternating ascent over products of spheres; upper min(sum_bc ||H_bc||_2, m ||H||_2)";
out:
    g_free(work);
    g_free(sv);
    return rc;
}

int
steepest_matrix_block_query(size_t n, const double *H, size_t n_blocks, const size_t *start,
                            const SteepestPluginInducedQuery *query, SteepestPluginInducedResult *result)
{
    if (n_blocks == n) /* every block has size 1: ‖·‖_{B,∞} is ℓ∞ */
        return steepest_matrix_inf1_query(n, H, query, result);
    if (n_blocks == 1) /* one block: ‖·‖_{B,∞} is ℓ2 */
        return steepest_matrix_spectral_query(n, H, query, result);
    if (query->mode == STEEPEST_INDUCED_EXACT)
        return steepest_fail(
            STEEPEST_ERROR_UNSUPPORTED,
            "exact block induced norm is only available for blocks of size 1 or a single block "
            "(%zu blocks of dimension %zu); ask for AUTO or BOUNDS",
            n_blocks, n);
    return block_bounds(n, H, n_blocks, start, query, result);
}
