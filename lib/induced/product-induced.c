/* product-induced.c — certified bounds on the norm induced by the product norm
 * ‖x‖ = max_i w_i ‖x_i‖_(i):   ‖H‖ = sup_{‖x‖<=1} ‖Hx‖*,  ‖z‖* = Σ_b ‖z_b‖*_(b)/w_b.
 *
 * Upper bound.  ‖x‖ <= 1 means ‖x_c‖_(c) <= 1/w_c for every part c, so with
 * H_bc the block of rows of part b and columns of part c,
 *     ‖Hx‖* = Σ_b ‖Σ_c H_bc x_c‖*_(b) / w_b
 *           <= Σ_b Σ_c ‖H_bc‖_{(c)→(b)*} ‖x_c‖_(c) / w_b
 *           <= Σ_{b,c} ‖H_bc‖_{(c)→(b)*} / (w_b w_c),
 * where ‖A‖_{(c)→(b)*} = sup_{‖u‖_(c)<=1} ‖Au‖*_(b).  The block norm's
 * Σ_bc ‖H_bc‖₂ is the case of ℓ2 parts and unit weights.
 *   - Diagonal terms ‖H_bb‖_{(b)→(b)*} are part b's own induced norm: its
 *     induced_norm method answers them (exact for ℓ2, ℓ1, small ℓ∞ parts).
 *   - Off-diagonal terms (and diagonal ones of parts without the method) use
 *     two per-part constants, both certified from the part's dual norm alone:
 *       δ = sup_{‖v‖<=1} ‖v‖∞ = sup_{‖y‖₁<=1} ‖y‖* = max_j ‖e_j‖*
 *         (a convex function peaks at an extreme point ±e_j of the ℓ1 ball);
 *       γ = sup_{‖v‖<=1} ‖v‖₂ = sup_{‖y‖₂<=1} ‖y‖*   (the two sups are equal:
 *         both are sup <v, y> over the two balls), bounded by
 *         γ <= sqrt(Σ_j ‖e_j‖*²)  (triangle inequality, then Cauchy–Schwarz) and
 *         γ² = sup_{‖v‖<=1} vᵀIv <= ‖I‖_(b), the part's induced norm of the
 *         identity where it has one (1 for ℓ2 and ℓ1, n for ℓ∞).
 *     Then, for A = H_bc and ‖u‖_(c) <= 1, ‖v‖_(b) <= 1:
 *       vᵀAu <= Σ_ij |A_ij| |v_i| |u_j| <= δ_b δ_c Σ_ij |A_ij|, and
 *       ‖Au‖*_(b) <= γ_b ‖Au‖₂ <= γ_b σ_max(A) ‖u‖₂ <= γ_b γ_c σ_max(A),
 *     so ‖A‖_{(c)→(b)*} <= min(δ_b δ_c Σ|A_ij|, γ_b γ_c σ_max(A)).
 *   - Globally, ‖x‖₂² = Σ_c ‖x_c‖₂² <= Σ_c γ_c²/w_c² = Γ² and likewise
 *     ‖z‖* <= Γ ‖z‖₂, so ‖H‖ <= Γ² ‖H‖₂; the smaller of the two is returned,
 *     inflated for the rounding of the computed pieces.
 *
 * Lower bound: ‖Hx‖* / ‖x‖ at the best x found by alternating ascent,
 * y ← s(Hx), x ← s(Hᵀy) (each step solves its half of sup yᵀHx exactly, so
 * yᵀHx never decreases), from a few starts; and max_b lower_b/w_b² (x
 * supported on part b alone).
 *
 * Exact: when every off-diagonal block is zero, ‖Hx‖* = Σ_b ‖H_bb x_b‖* / w_b
 * splits over independent x_b, so ‖H‖ = Σ_b ‖H_bb‖_(b)/w_b², exact as soon as
 * every part's answer is (one part alone is the case of one block).
 */
#include "induced/product-induced.h"
#include "induced/matrix-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

typedef struct {
    double lower, upper; /* of ‖H_bb‖_(b) */
    gboolean exact;
    double delta, gamma; /* the part's constants */
} PartBound;

static double
abs_sum(size_t n, const double *H, size_t r0, size_t r, size_t c0, size_t k)
{
    double s = 0.0;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < k; j++)
            s += fabs(H[(r0 + i) * n + c0 + j]);
    return s;
}

/* The part's induced norm of the k x k matrix A, answered by its class. */
static int
part_induced(const SteepestNorm *part, size_t i, const double *A, const SteepestPluginInducedQuery *q,
             SteepestPluginInducedResult *r)
{
    memset(r, 0, sizeof *r);
    r->struct_size = sizeof *r;
    r->lower = r->upper = NAN;
    int rc = part->klass->methods.induced_norm(part->state, part->dim, A, q, r);
    if (rc != STEEPEST_PLUGIN_OK) {
        g_autofree char *why = g_strdup(steepest_last_error());
        return steepest_fail(rc < 0 ? rc : STEEPEST_ERROR_PLUGIN_FAILED, "part %zu (%s): %s", i + 1,
                             part->spec, why);
    }
    if (!(r->lower >= 0.0 && r->lower <= r->upper) || r->method == NULL)
        return steepest_fail(STEEPEST_ERROR_PLUGIN_FAILED,
                             "part %zu (%s): inconsistent induced-norm bounds [%g, %g]", i + 1, part->spec,
                             r->lower, r->upper);
    return STEEPEST_OK;
}

/* δ and γ of part i (see the top of the file); e is scratch of its size. */
static int
part_constants(const SteepestNorm *part, size_t i, const SteepestPluginInducedQuery *q, double *e,
               double *ident, PartBound *pb)
{
    size_t k = part->dim;
    double delta = 0.0, squares = 0.0;
    memset(e, 0, k * sizeof *e);
    for (size_t j = 0; j < k; j++) {
        double d = 0.0;
        e[j] = 1.0;
        int rc = part->klass->methods.dual_norm(part->state, k, e, &d);
        e[j] = 0.0;
        if (rc != STEEPEST_PLUGIN_OK || !isfinite(d))
            return steepest_fail(STEEPEST_ERROR_PLUGIN_FAILED, "part %zu (%s): dual norm of e_%zu failed",
                                 i + 1, part->spec, j + 1);
        delta = fmax(delta, d);
        squares += d * d;
    }
    pb->delta = delta;
    pb->gamma = sqrt(squares);
    if (part->klass->methods.induced_norm != NULL) {
        SteepestPluginInducedQuery qi = *q;
        qi.mode = STEEPEST_INDUCED_BOUNDS;
        memset(ident, 0, k * k * sizeof *ident);
        for (size_t j = 0; j < k; j++)
            ident[j * k + j] = 1.0;
        SteepestPluginInducedResult r;
        int rc = part_induced(part, i, ident, &qi, &r);
        if (rc != STEEPEST_OK)
            return rc;
        pb->gamma = fmin(pb->gamma, sqrt(r.upper));
    }
    return STEEPEST_OK;
}

/* Bounds on the diagonal block of part b: its own method, or the constants. */
static int
diagonal_bound(const SteepestProduct *P, size_t b, size_t n, const double *H,
               const SteepestPluginInducedQuery *q, double *work, double *sv, PartBound *pb)
{
    const SteepestNorm *part = P->parts[b];
    size_t k = part->dim, o = P->start[b];
    if (part->klass->methods.induced_norm != NULL) {
        for (size_t i = 0; i < k; i++)
            memcpy(work + i * k, H + (o + i) * n + o, k * sizeof *work);
        SteepestPluginInducedQuery qb = *q;
        if (qb.mode == STEEPEST_INDUCED_EXACT)
            qb.mode = STEEPEST_INDUCED_AUTO; /* whether exact is needed is decided below */
        SteepestPluginInducedResult r;
        int rc = part_induced(part, b, work, &qb, &r);
        if (rc != STEEPEST_OK)
            return rc;
        pb->lower = r.lower;
        pb->upper = r.upper;
        pb->exact = r.exact != 0;
        return STEEPEST_OK;
    }
    double sig = 0.0;
    int rc = steepest_matrix_sub_sigma(n, H, o, k, o, k, work, sv, &sig);
    if (rc != STEEPEST_OK)
        return rc;
    pb->lower = 0.0;
    pb->upper = fmin(pb->gamma * pb->gamma * sig, pb->delta * pb->delta * abs_sum(n, H, o, k, o, k));
    pb->exact = FALSE;
    return STEEPEST_OK;
}

/* Σ_{b≠c} min(δ_b δ_c Σ|H_bc|, γ_b γ_c σ(H_bc)) / (w_b w_c); *all_zero says
 * whether every off-diagonal block is zero. */
static int
off_diagonal_sum(const SteepestProduct *P, size_t n, const double *H, const PartBound *pb, double *work,
                 double *sv, double *sum, gboolean *all_zero)
{
    *sum = 0.0;
    *all_zero = TRUE;
    for (size_t b = 0; b < P->n_parts; b++)
        for (size_t c = 0; c < P->n_parts; c++) {
            if (b == c)
                continue;
            size_t r0 = P->start[b], r = P->parts[b]->dim, c0 = P->start[c], k = P->parts[c]->dim;
            double a = abs_sum(n, H, r0, r, c0, k);
            if (a == 0.0)
                continue;
            *all_zero = FALSE;
            double sig = 0.0;
            int rc = steepest_matrix_sub_sigma(n, H, r0, r, c0, k, work, sv, &sig);
            if (rc != STEEPEST_OK)
                return rc;
            double mixed = fmin(pb[b].delta * pb[c].delta * a, pb[b].gamma * pb[c].gamma * sig);
            *sum += mixed / (P->weights[b] * P->weights[c]);
        }
    return STEEPEST_OK;
}

/* ‖Hx‖* / ‖x‖ for the best x of alternating ascent from `restarts` starts. */
static int
ascent_lower(const SteepestProduct *P, size_t n, const double *H, unsigned restarts, uint64_t seed,
             double *best)
{
    const SteepestPluginNormClass *m = &steepest_product_class;
    void *state = (void *) P;
    double *x = g_try_new(double, n), *y = g_try_new(double, n), *t = g_try_new(double, n);
    int rc = x && y && t ? STEEPEST_OK
                         : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "product induced norm: out of memory");
    uint64_t rng = seed;
    *best = 0.0;
    for (unsigned r = 0; r < restarts && rc == STEEPEST_OK; r++) {
        for (size_t i = 0; i < n; i++)
            t[i] = r == 0 ? 1.0 : induced_rng_normal(&rng);
        double v = 0.0, prev = -1.0, d = 0.0;
        rc = m->unit_direction(state, n, t, x, &d);
        for (int it = 0; it < 200 && rc == STEEPEST_OK; it++) {
            steepest_dense_matvec(n, H, x, t, FALSE);
            if ((rc = m->unit_direction(state, n, t, y, &v)) != STEEPEST_OK || v <= prev * (1.0 + 1e-13))
                break;
            prev = v;
            steepest_dense_matvec(n, H, y, t, TRUE);
            rc = m->unit_direction(state, n, t, x, &d);
        }
        /* The value of the x kept, divided by its norm so rounding in s(·)
         * cannot make it infeasible. */
        double xn = 0.0;
        if (rc == STEEPEST_OK)
            rc = m->norm(state, n, x, &xn);
        steepest_dense_matvec(n, H, x, t, FALSE);
        if (rc == STEEPEST_OK)
            rc = m->dual_norm(state, n, t, &v);
        if (rc == STEEPEST_OK && xn > 0.0 && isfinite(v / xn))
            *best = fmax(*best, v / xn);
    }
    g_free(x);
    g_free(y);
    g_free(t);
    return rc;
}

static int
product_bounds(const SteepestProduct *P, size_t n, const double *H, const SteepestPluginInducedQuery *q,
               PartBound *pb, SteepestPluginInducedResult *res)
{
    size_t kmax = 0;
    for (size_t b = 0; b < P->n_parts; b++)
        kmax = MAX(kmax, P->parts[b]->dim);
    double *work = g_try_new(double, n *kmax), *sv = g_try_new(double, n), *e = g_try_new(double, kmax);
    int rc = work && sv && e ? STEEPEST_OK
                             : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "product induced norm: out of memory");
    double diag_upper = 0.0, diag_lower = 0.0, part_lower = 0.0, Gamma2 = 0.0;
    gboolean diag_exact = TRUE;
    for (size_t b = 0; b < P->n_parts && rc == STEEPEST_OK; b++) {
        double w2 = P->weights[b] * P->weights[b];
        rc = part_constants(P->parts[b], b, q, e, work, &pb[b]);
        if (rc == STEEPEST_OK)
            rc = diagonal_bound(P, b, n, H, q, work, sv, &pb[b]);
        diag_upper += pb[b].upper / w2;
        diag_lower += pb[b].lower / w2;
        part_lower = fmax(part_lower, pb[b].lower / w2);
        diag_exact = diag_exact && pb[b].exact;
        Gamma2 += pb[b].gamma * pb[b].gamma / w2;
    }
    double off = 0.0, l2 = 0.0, lower = 0.0;
    gboolean block_diagonal = FALSE;
    if (rc == STEEPEST_OK)
        rc = off_diagonal_sum(P, n, H, pb, work, sv, &off, &block_diagonal);
    if (rc == STEEPEST_OK && block_diagonal && diag_exact) {
        res->lower = res->upper = diag_upper;
        res->exact = 1;
        res->method = "exact: block-diagonal H, sum_b ||H_bb||_(b)/w_b^2 from the parts' exact induced norms";
        goto out;
    }
    if (rc == STEEPEST_OK && q->mode == STEEPEST_INDUCED_EXACT)
        rc = steepest_fail(STEEPEST_ERROR_UNSUPPORTED,
                           "the exact induced norm of a product is available only for block-diagonal H whose "
                           "parts are exact; ask for AUTO or BOUNDS");
    if (rc == STEEPEST_OK)
        rc = steepest_matrix_spectral_norm(n, H, &l2);
    if (rc == STEEPEST_OK)
        rc = ascent_lower(P, n, H, q->restarts ? q->restarts : 8, q->seed, &lower);
    if (rc == STEEPEST_OK) {
        const double inflate = 1.0 + 32.0 * (double) n * DBL_EPSILON;
        double upper = fmin((diag_upper + off) * inflate, Gamma2 * l2 * inflate);
        /* Block-diagonal: the sum of the parts' lower bounds is attained too. */
        lower = fmax(lower, block_diagonal ? diag_lower : part_lower);
        res->lower = fmin(lower, upper);
        res->upper = upper;
        res->exact = 0;
        res->method =
            "bounds: alternating ascent; upper min(sum_bc ||H_bc||_(c)->(b)* / (w_b w_c), Gamma^2 ||H||_2)";
    }
out:
    g_free(work);
    g_free(sv);
    g_free(e);
    return rc;
}

int
steepest_product_induced_norm(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
                              SteepestPluginInducedResult *result)
{
    const SteepestProduct *P = state;
    PartBound *pb = g_try_new0(PartBound, P->n_parts);
    if (pb == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "product induced norm: out of memory");
    int rc = product_bounds(P, n, H, query, pb, result);
    g_free(pb);
    return rc;
}
