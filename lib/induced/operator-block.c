/* operator-block.c — the norm induced by the block max norm for sparse and
 * matrix-free operators (dense ones go to matrix-block.c, whose ascent this
 * shares).
 *
 * Upper bound from the entries, without a singular value per block:
 *   ‖Hx‖_{B,1} <= Σ_{b,c} ‖H_bc‖₂ <= Σ_{b,c} ‖H_bc‖_F      (matrix-block.c's
 *   proof, and ‖A‖₂ <= ‖A‖_F), and ‖H‖_B <= m·‖H‖₂ <= m·√(‖H‖₁‖H‖_∞),
 * both in one pass over the rows: O(nnz) for CSR, n products for callbacks.
 * Rows arrive in order, so one block row is accumulated at a time (m sums of
 * squares, reset through the list of the column blocks it touched). */
#include "induced/operator-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

typedef struct {
    const size_t *start;
    size_t b;                   /* the block row being accumulated */
    size_t *block_of;           /* n: the block of each index */
    double *acc;                /* m: Σ H_ij² of the block row, per column block */
    size_t *touched, n_touched; /* the column blocks with acc != 0 pending */
    unsigned char *mark;        /* m */
    double *colsum;             /* n: Σ_i |H_ij| */
    double frob, max_row;
} BlockSums;

static void
flush_block_row(BlockSums *s)
{
    for (size_t t = 0; t < s->n_touched; t++) {
        size_t c = s->touched[t];
        s->frob += sqrt(s->acc[c]);
        s->acc[c] = 0.0;
        s->mark[c] = 0;
    }
    s->n_touched = 0;
}

static void
block_row(void *ctx, size_t i, size_t len, const double *values, const int64_t *cols)
{
    BlockSums *s = ctx;
    while (i >= s->start[s->b + 1]) {
        flush_block_row(s);
        s->b++;
    }
    double row = 0.0;
    for (size_t k = 0; k < len; k++) {
        size_t j = cols != NULL ? (size_t) cols[k] : k, c = s->block_of[j];
        double v = values[k];
        if (!s->mark[c]) {
            s->mark[c] = 1;
            s->touched[s->n_touched++] = c;
        }
        s->acc[c] += v * v;
        row += fabs(v);
        s->colsum[j] += fabs(v);
    }
    s->max_row = fmax(s->max_row, row);
}

/* min(Σ_{b,c} ‖H_bc‖_F, m·√(‖H‖₁‖H‖_∞)), each inflated by a bound on its
 * rounding. */
static int
entry_upper(const SteepestOperator *op, size_t m, const size_t *start, double *upper)
{
    size_t n = op->n;
    BlockSums s = { .start = start };
    s.block_of = g_try_new(size_t, n);
    s.acc = g_try_new0(double, m);
    s.touched = g_try_new(size_t, m);
    s.mark = g_try_new0(unsigned char, m);
    s.colsum = g_try_new0(double, n);
    int rc = s.block_of && s.acc && s.touched && s.mark && s.colsum
                 ? STEEPEST_OK
                 : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "block induced norm: out of memory (n = %zu)", n);
    if (rc == STEEPEST_OK) {
        for (size_t b = 0; b < m; b++)
            for (size_t i = start[b]; i < start[b + 1]; i++)
                s.block_of[i] = b;
        rc = steepest_operator_foreach_row(op, block_row, &s);
    }
    if (rc == STEEPEST_OK) {
        flush_block_row(&s);
        double max_col = 0.0;
        for (size_t j = 0; j < n; j++)
            max_col = fmax(max_col, s.colsum[j]);
        double stored = op->kind == STEEPEST_OPERATOR_CSR ? (double) op->csr->nnz : (double) n * (double) n;
        double frob = s.frob * (1.0 + (2.0 * stored + (double) m * (double) m + 4.0) * DBL_EPSILON);
        double l2 = sqrt(s.max_row * max_col) * (1.0 + (2.0 * (double) n + 4.0) * DBL_EPSILON);
        *upper = fmin(frob, (double) m * l2 * (1.0 + 2.0 * DBL_EPSILON));
        if (!isfinite(*upper))
            rc = steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                               "block induced norm: the bound of this finite matrix "
                               "overflows the double range");
    }
    g_free(s.block_of);
    g_free(s.acc);
    g_free(s.touched);
    g_free(s.mark);
    g_free(s.colsum);
    return rc;
}

int
steepest_operator_block_induced(const SteepestOperator *op, size_t n_blocks, const size_t *start,
                                const SteepestInducedOptions *opts, double *lower, double *upper, int *exact,
                                int *certified, const char **method)
{
    const char *fn = "steepest_operator_block_induced";
    int rc = steepest_operator_check(fn, op);
    if (rc == STEEPEST_OK)
        rc = steepest_matrix_check_blocks(fn, op->n, n_blocks, start);
    if (rc != STEEPEST_OK)
        return rc;
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        rc = steepest_matrix_block_induced(op->n, op->H, n_blocks, start, opts, lower, upper, exact, method);
        if (rc == STEEPEST_OK && certified != NULL)
            *certified = 1;
        return rc;
    }
    if (n_blocks == op->n) /* blocks of size 1: ℓ∞ */
        return steepest_operator_inf1(op, opts, lower, upper, exact, certified, method);
    if (n_blocks == 1) { /* one block: ℓ2 */
        rc = steepest_operator_spectral_norm(op, opts, lower, upper, certified, method);
        if (rc == STEEPEST_OK && exact != NULL)
            *exact = 0;
        return rc;
    }
    SteepestPluginInducedQuery q;
    steepest_induced_query_from_options(opts, &q);
    if (q.mode == STEEPEST_INDUCED_EXACT)
        return steepest_fail(
            STEEPEST_ERROR_UNSUPPORTED,
            "%s: exact block induced norm is only available for "
            "blocks of size 1 or a single block (%zu blocks of dimension %zu); ask for AUTO or "
            "BOUNDS",
            fn, n_blocks, op->n);
    double up = 0.0, lo = 0.0;
    int cert = op->kind != STEEPEST_OPERATOR_GRADIENT;
    const char *how = "alternating ascent over products of spheres; upper min(sum_bc ||H_bc||_F, "
                      "m sqrt(||H||_1 ||H||_inf)) from the entries, certified";
    if (op->kind == STEEPEST_OPERATOR_CSR || op->n <= STEEPEST_OPERATOR_COLUMN_LIMIT) {
        rc = entry_upper(op, n_blocks, start, &up);
        if (op->kind == STEEPEST_OPERATOR_GRADIENT)
            how = "alternating ascent over products of spheres; upper min(sum_bc ||H_bc||_F, "
                  "m sqrt(||H||_1 ||H||_inf)) of finite-difference columns (an estimate)";
    } else {
        rc = steepest_operator_spectral_norm(op, opts, NULL, &up, NULL, NULL);
        up *= (double) n_blocks;
        cert = 0;
        how = "alternating ascent over products of spheres; upper m times the residual bound on ||H||_2 "
              "(not certified)";
    }
    if (rc == STEEPEST_OK && q.progress != NULL && q.progress(q.user_data, 0.2) != 0)
        rc = steepest_fail(STEEPEST_ERROR_CANCELLED, "block induced norm cancelled by the progress callback");
    if (rc == STEEPEST_OK)
        rc = steepest_block_ascent(op, n_blocks, start, q.restarts, q.seed, &lo);
    if (rc != STEEPEST_OK)
        return rc;
    lo = fmin(lo, up);
    steepest_interval_out(lo, up, lo == up, cert, how, lower, upper, exact, certified, method);
    return STEEPEST_OK;
}
