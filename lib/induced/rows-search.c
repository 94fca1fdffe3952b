/* rows-search.c — local search over sign vectors, on a SteepestRows view, so
 * one implementation serves dense matrices (O(n) per flip) and CSR matrices
 * (O(degree) per flip).
 *
 * Two objectives:
 *  - ‖Ax‖₁ for any square A (the ℓ∞ → ℓ1 induced norm is its maximum).
 *    ‖Ax‖₁ = max_y yᵀAx over sign vectors y, so the alternation
 *    y ← sign(Ax), x ← sign(Aᵀy) never decreases yᵀAx; then one-flip moves:
 *    flipping x_j adds −2x_j·A[:,j] to y = Ax, so its effect on ‖y‖₁ costs one
 *    column (a row of Aᵀ) and taking it costs the same.  Moves are taken as
 *    soon as they are found (first improvement): a sweep over all j costs
 *    O(nnz) however many flips it makes, where the best-improvement rule paid
 *    O(nnz) per flip.
 *  - q(x) = xᵀAx + 2cᵀx for symmetric A (for PSD A, max q with c = 0 is
 *    ‖A‖_{∞,1}; branch and bound needs the linear term).  With g = Ax + c,
 *    flipping x_j changes q by 4(A_jj − x_j g_j), read in O(1); g is then
 *    updated along row j.
 * Values are recomputed from scratch at the end, so rounding drift in the
 * incremental updates never reaches a reported bound.
 */
#include "induced/matrix-private.h"

#include <math.h>
#include <string.h>

/* A move must gain this fraction of the current value: rounding in the
 * incremental updates cannot then make the search cycle. */
#define REL_GAIN 1e-13

/* out = A x, row by row. */
static void
rows_matvec(const SteepestRows *A, const double *x, double *out)
{
    for (size_t i = 0; i < A->n; i++)
        out[i] = steepest_rows_dot(A, i, x);
}

int
steepest_sign_search_init(SteepestSignSearch *S, const SteepestRows *A, const SteepestRows *At)
{
    size_t n = A->n;
    S->A = *A;
    S->At = *At;
    S->diag = NULL;
    S->y = g_try_new(double, n);
    S->s = g_try_new(double, n);
    S->z = g_try_new(double, n);
    if (S->y == NULL || S->s == NULL || S->z == NULL) {
        steepest_sign_search_clear(S);
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 local search: out of memory (n = %zu)", n);
    }
    return STEEPEST_OK;
}

void
steepest_sign_search_clear(SteepestSignSearch *S)
{
    g_free(S->y);
    g_free(S->s);
    g_free(S->z);
    S->y = S->s = S->z = NULL;
}

/* The alternation y = sign(Ax), x = sign(Aᵀy) while it helps; TRUE if x moved. */
static gboolean
alternate(SteepestSignSearch *S, double *x)
{
    size_t n = S->A.n;
    double best = -1.0;
    gboolean changed = FALSE;
    for (int it = 0; it < 100; it++) {
        rows_matvec(&S->A, x, S->y);
        double v = steepest_vec_asum(n, S->y);
        if (!(v > best) && it > 0)
            break;
        best = v;
        for (size_t i = 0; i < n; i++)
            S->s[i] = S->y[i] >= 0.0 ? 1.0 : -1.0;
        rows_matvec(&S->At, S->s, S->z);
        gboolean moved = FALSE;
        for (size_t j = 0; j < n; j++) {
            double sj = S->z[j] > 0.0 ? 1.0 : S->z[j] < 0.0 ? -1.0 : x[j];
            moved |= sj != x[j];
            x[j] = sj;
        }
        if (!moved)
            break;
        changed = TRUE;
    }
    return changed;
}

/* First-improvement one-flip sweeps on ‖Ax‖₁; TRUE if any flip was made. */
static gboolean
flip_sweeps(SteepestSignSearch *S, double *x)
{
    size_t n = S->A.n;
    rows_matvec(&S->A, x, S->y);
    double cur = steepest_vec_asum(n, S->y);
    gboolean changed = FALSE;
    for (int pass = 0; pass < 1000; pass++) {
        gboolean flipped = FALSE;
        for (size_t j = 0; j < n; j++) {
            double c = -2.0 * x[j];
            double d = steepest_rows_l1_change(&S->At, j, c, S->y);
            if (d > REL_GAIN * cur && d > 0.0) {
                x[j] = -x[j];
                steepest_rows_axpy(&S->At, j, c, S->y);
                cur += d;
                flipped = TRUE;
            }
        }
        if (!flipped)
            break;
        changed = TRUE;
        cur = steepest_vec_asum(n, S->y); /* drop the drift of the incremental sum */
    }
    return changed;
}

double
steepest_sign_search_improve(SteepestSignSearch *S, double *x)
{
    /* For PSD A, xᵀAx <= ‖Ax‖₁ shares its maximum, and its flips cost O(1)
     * to read: climbing it first leaves the ℓ1 search little to do. */
    if (S->diag != NULL)
        steepest_rows_quadratic_ascent(&S->A, S->diag, NULL, x, S->z);
    for (int round = 0; round < 64; round++) {
        gboolean changed = alternate(S, x);
        changed |= flip_sweeps(S, x);
        if (!changed)
            break;
    }
    rows_matvec(&S->A, x, S->y);
    return steepest_vec_asum(S->A.n, S->y);
}

void
steepest_sign_search_restarts(SteepestSignSearch *S, uint64_t seed, unsigned restarts, double *x,
                              double *best_x, double *best)
{
    size_t n = S->A.n;
    uint64_t rng = seed;
    for (unsigned r = 0; r < restarts; r++) {
        for (size_t j = 0; j < n; j++)
            x[j] = (induced_rng_next(&rng) >> 63) ? -1.0 : 1.0;
        if (r == 0)
            for (size_t j = 0; j < n; j++)
                x[j] = 1.0; /* the all-ones start: best for entrywise positive A */
        double v = steepest_sign_search_improve(S, x);
        if (v > *best) {
            *best = v;
            memcpy(best_x, x, n * sizeof *x);
        }
    }
}

double
steepest_rows_quadratic_ascent(const SteepestRows *A, const double *diag, const double *c, double *x,
                               double *g)
{
    size_t n = A->n;
    rows_matvec(A, x, g);
    double q = 0.0;
    for (size_t j = 0; j < n; j++) {
        if (c != NULL)
            g[j] += c[j];
        q += x[j] * g[j] + (c != NULL ? c[j] * x[j] : 0.0);
    }
    for (int pass = 0; pass < 10000; pass++) {
        gboolean flipped = FALSE;
        for (size_t j = 0; j < n; j++) {
            double gain = 4.0 * (diag[j] - x[j] * g[j]);
            if (gain > REL_GAIN * fabs(q) && gain > 0.0) {
                steepest_rows_axpy(A, j, -2.0 * x[j], g);
                x[j] = -x[j];
                q += gain;
                flipped = TRUE;
            }
        }
        if (!flipped)
            break;
    }
    /* The value afresh: q = xᵀ(Ax + c) + cᵀx. */
    rows_matvec(A, x, g);
    q = 0.0;
    for (size_t j = 0; j < n; j++) {
        if (c != NULL)
            g[j] += c[j];
        q += x[j] * g[j] + (c != NULL ? c[j] * x[j] : 0.0);
    }
    return q;
}
