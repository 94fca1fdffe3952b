/* optim-rules.c — the update rules: the one place each formula lives.
 *
 * Every update first takes ‖g‖* through the norm (the getter reports it);
 * a NaN or Inf in g shows in that sweep's result, so the refusal costs no
 * pass of its own and comes before anything is written.  The rules with
 * state then stage the new buffer values in spare vectors and take the
 * norm's fused step kernel (x − lr·d(v) in one call) along the staged
 * vector; only when that succeeded do spares and buffers swap places, so a
 * failure anywhere leaves the state as it was without a copy.  Passes over
 * n doubles (r = read, w = written), with the fused kernel of the norm:
 *   SGD       ‖g‖* (r g), step (r x g, w x)
 *   MOMENTUM  ‖g‖*, stage m (r m g, w m'), step (r x m', w x)
 *   NESTEROV / LION  as MOMENTUM, staging two vectors
 *   ADAM      ‖g‖*, one fused sweep (r g m v x, w m v x)
 *   EF        ‖g‖*, stage p, compress (s(p), <p,s>, ‖s‖₂², scale), one
 *             sweep for x and e
 * Weight decay λ > 0 takes the direction into a spare (no fused kernel
 * applies x − lr(d + λx)) and then one sweep over x.
 */
/* The sweeps below are the hot path; the library builds at -O2, where GCC
 * does not vectorize loops of unknown length (clang does), so these files
 * ask for -O3, and for sqrt without errno (it is never read; a negative
 * argument cannot occur): neither changes a result. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3", "no-math-errno")
#endif
#include "optim/optim-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define FN "steepest_optimizer_update"

/* A staged vector is checked in the sweep that writes it, with the bit
 * flags of optim-private.h. */
#define NOT_FINITE(v) optim_non_finite_bits(v)

/* The first non-finite entry of g, named in the failure message. */
static int
fail_not_finite_g(const double *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(g[i]))
            return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "g[%zu] is %s", i,
                                 isnan(g[i]) ? "NaN" : (g[i] > 0 ? "+Inf" : "-Inf"));
    return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "||g||* overflows the double range although g is finite");
}

/* *dual = ‖g‖*, refusing a non-finite g. */
static int
grad_dual(const SteepestOptimizer *opt, const double *g, double *dual)
{
    int rc = steepest_norm_dual_norm(opt->norm, opt->n, g, dual);
    if (rc == STEEPEST_ERROR_NOT_FINITE)
        return fail_not_finite_g(g, opt->n);
    return rc;
}

static int
fail_overflow(const char *what)
{
    return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s overflows the double range", what);
}

/* ‖lr·d(v)‖ from ‖v‖*: lr‖v‖* for v♯ (Lemma 3), lr for s(v) ≠ 0. */
static double
step_length(const SteepestOptimizer *opt, double lr, double vdual)
{
    if (opt->direction == STEEPEST_DIRECTION_SCALED)
        return lr * vdual;
    return vdual > 0.0 ? lr : 0.0;
}

/* x_out = x − lr·(d(v) + λx); *vdual = ‖v‖*.  v is finite. */
static int
direction_step(SteepestOptimizer *opt, const double *x, const double *v, double lr, double *x_out,
               double *vdual)
{
    const SteepestNorm *norm = opt->norm;
    const size_t n = opt->n;
    const gboolean scaled = opt->direction == STEEPEST_DIRECTION_SCALED;
    if (opt->weight_decay == 0.0)
        return scaled ? steepest_norm_step_scaled(norm, n, x, v, lr, x_out, vdual)
                      : steepest_norm_step_normalized(norm, n, x, v, lr, x_out, vdual);
    double *d = opt->spares[OPTIM_DIRECTION_SPARE];
    int rc = scaled ? steepest_norm_duality_map(norm, n, v, d, vdual)
                    : steepest_norm_unit_direction(norm, n, v, d, vdual);
    if (rc != STEEPEST_OK)
        return rc;
    const double lam = opt->weight_decay;
    for (size_t i = 0; i < n; i++)
        x_out[i] = x[i] - lr * (d[i] + lam * x[i]);
    return STEEPEST_OK;
}

static void
swap(double **a, double **b)
{
    double *t = *a;
    *a = *b;
    *b = t;
}

/* The step along the staged v; on success the staged m' (spare 0) becomes m. */
static int
step_and_commit(SteepestOptimizer *opt, const double *x, const double *v, double lr, double *x_out,
                double *sn)
{
    double vdual;
    int rc = direction_step(opt, x, v, lr, x_out, &vdual);
    if (rc != STEEPEST_OK)
        return rc;
    *sn = step_length(opt, lr, vdual);
    swap(&opt->buffers[0], &opt->spares[0]);
    opt->m_bound = INFINITY; /* unknown again: the one-sweep path waits for a reset */
    return STEEPEST_OK;
}

static int
rule_sgd(SteepestOptimizer *opt, const double *x, const double *g, double lr, double *x_out, double *sn)
{
    double vdual;
    int rc = direction_step(opt, x, g, lr, x_out, &vdual);
    *sn = step_length(opt, lr, vdual);
    return rc;
}

/* MOMENTUM: m ← βm + (1−τ)g, u = d(m).  The new m is staged in spare 0. */
static int
rule_momentum(SteepestOptimizer *opt, const double *x, const double *g, double lr, double *x_out, double *sn)
{
    const size_t n = opt->n;
    const double b = opt->beta, c = 1.0 - opt->dampening;
    const double *m = opt->buffers[0];
    double *mn = opt->spares[0];
    uint64_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const double mi = b * m[i] + c * g[i];
        mn[i] = mi;
        bad |= NOT_FINITE(mi);
    }
    return OPTIM_ANY_NON_FINITE(bad) ? fail_overflow("the momentum m")
                                     : step_and_commit(opt, x, mn, lr, x_out, sn);
}

/* NESTEROV: m ← βm + (1−τ)g, u = d((1−τ)g + βm); LION: c = β1 m + (1−β1) g,
 * u = d(c), m ← β2 m + (1−β2) g.  Both: m' into spare 0, the vector whose
 * direction is taken into spare 1 — one sweep. */
static int
rule_lookahead(SteepestOptimizer *opt, const double *x, const double *g, double lr, double *x_out, double *sn)
{
    const size_t n = opt->n;
    double mb, mg, vb, vg; /* m' = mb·m + mg·g;  v = vb·(m or m') + vg·g */
    gboolean v_of_new = opt->rule == STEEPEST_RULE_NESTEROV;
    if (v_of_new) {
        mb = vb = opt->beta;
        mg = vg = 1.0 - opt->dampening;
    } else {
        mb = opt->beta2;
        mg = 1.0 - opt->beta2;
        vb = opt->beta1;
        vg = 1.0 - opt->beta1;
    }
    const double *m = opt->buffers[0];
    double *mn = opt->spares[0], *v = opt->spares[1];
    uint64_t bad = 0;
    if (v_of_new) {
        for (size_t i = 0; i < n; i++) {
            const double mi = mb * m[i] + mg * g[i], vi = vg * g[i] + vb * mi;
            mn[i] = mi;
            v[i] = vi;
            bad |= NOT_FINITE(mi) | NOT_FINITE(vi);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            const double mi = mb * m[i] + mg * g[i], vi = vb * m[i] + vg * g[i];
            mn[i] = mi;
            v[i] = vi;
            bad |= NOT_FINITE(mi) | NOT_FINITE(vi);
        }
    }
    return OPTIM_ANY_NON_FINITE(bad) ? fail_overflow("the momentum m")
                                     : step_and_commit(opt, x, v, lr, x_out, sn);
}

/* ADAM / ADAMW (PyTorch's, bias-corrected), in place: g is finite, so
 * nothing below can fail.  0/0 (ε = 0 where every g_i so far was 0) is
 * taken as 0, as sign(0) = 0. */
static int
rule_adam(SteepestOptimizer *opt, const double *x, const double *g, double lr, double *x_out, double *sn)
{
    const size_t n = opt->n;
    const double b1 = opt->beta1, b2 = opt->beta2, eps = opt->eps, lam = opt->weight_decay;
    const double t1 = (double) opt->step + 1.0;
    const double bc1 = 1.0 - pow(b1, t1), bc2 = 1.0 - pow(b2, t1);
    double *m = opt->buffers[0], *v = opt->buffers[1];
    for (size_t i = 0; i < n; i++) {
        const double gi = g[i];
        const double mi = b1 * m[i] + (1.0 - b1) * gi;
        const double vi = b2 * v[i] + (1.0 - b2) * (gi * gi);
        m[i] = mi;
        v[i] = vi;
        const double den = sqrt(vi / bc2) + eps;
        const double u = den > 0.0 ? (mi / bc1) / den : 0.0;
        x_out[i] = x[i] - lr * (u + lam * x[i]);
    }
    *sn = NAN;
    return STEEPEST_OK;
}

/* EF: p = lr·g + e (spare 0), Δ = C(p) (spare 1), x ← x − Δ − lr·λ·x and
 * e ← p − Δ in one sweep.  x_out NULL: the distributed form, Δ into delta. */
static int
rule_ef(SteepestOptimizer *opt, const double *x, const double *g, double lr, double *x_out, double *delta,
        double *sn)
{
    const size_t n = opt->n;
    const double *e = opt->buffers[0];
    double *p = opt->spares[0];
    double *d = delta != NULL ? delta : opt->spares[1];
    uint64_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const double pi = lr * g[i] + e[i];
        p[i] = pi;
        bad |= NOT_FINITE(pi);
    }
    if (OPTIM_ANY_NON_FINITE(bad))
        return fail_overflow("the error-corrected step p = lr*g + e");
    double pdual, coef;
    int rc = steepest_optim_compress(opt->norm, n, p, d, &pdual, &coef);
    if (rc != STEEPEST_OK)
        return rc;
    const double decay = lr * opt->weight_decay;
    if (x_out != NULL) {
        for (size_t i = 0; i < n; i++) {
            x_out[i] = x[i] - d[i] - decay * x[i];
            p[i] -= d[i];
        }
    } else {
        for (size_t i = 0; i < n; i++)
            p[i] -= d[i];
    }
    *sn = fabs(coef); /* ‖Δ‖ = |coef|·‖s‖, ‖s‖ = 1 (0 for p = 0: coef is 0 then) */
    swap(&opt->buffers[0], &opt->spares[0]);
    return STEEPEST_OK;
}

/* The update in every rule; x_out NULL (EF only) writes Δ into delta. */
static int
apply(SteepestOptimizer *opt, const double *x, const double *g, double *x_out, double *delta)
{
    int rc = steepest_optim_ensure_buffers(opt);
    if (rc != STEEPEST_OK)
        return rc;
    const double lr = opt->lr * steepest_optim_schedule_factor(&opt->schedule, opt->step);
    double gdual, sn = NAN;
    if ((rc = grad_dual(opt, g, &gdual)) != STEEPEST_OK)
        return rc;
    switch (opt->rule) {
    case STEEPEST_RULE_SGD:
        rc = rule_sgd(opt, x, g, lr, x_out, &sn);
        break;
    case STEEPEST_RULE_MOMENTUM:
        if (!steepest_optim_fused_sign(opt, x, g, gdual, lr, x_out, &sn))
            rc = rule_momentum(opt, x, g, lr, x_out, &sn);
        break;
    case STEEPEST_RULE_NESTEROV:
    case STEEPEST_RULE_LION:
        if (!steepest_optim_fused_sign(opt, x, g, gdual, lr, x_out, &sn))
            rc = rule_lookahead(opt, x, g, lr, x_out, &sn);
        break;
    case STEEPEST_RULE_ADAM:
    case STEEPEST_RULE_ADAMW:
        rc = rule_adam(opt, x, g, lr, x_out, &sn);
        break;
    default:
        rc = rule_ef(opt, x, g, lr, x_out, delta, &sn);
        break;
    }
    if (rc != STEEPEST_OK)
        return rc;
    opt->step++;
    opt->last_lr = lr;
    opt->last_grad_norm = gdual;
    opt->last_step_norm = sn;
    return STEEPEST_OK;
}

int
steepest_optim_apply(SteepestOptimizer *opt, const double *x, const double *g, double *x_out)
{
    return apply(opt, x, g, x_out, NULL);
}

static gboolean
overlaps(const double *a, const double *b, size_t n)
{
    return a < b + n && b < a + n;
}

/* The argument checks the public entry points share. */
static int
check_args(SteepestOptimizer *opt, const char *fn, size_t n, const double *out, const char *out_name,
           const double *g)
{
    if (opt == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: the optimizer is NULL", fn);
    if (out == NULL || g == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             out == NULL ? out_name : "g");
    if (n != opt->n)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n = %zu, but the optimizer's dimension is %zu",
                             fn, n, opt->n);
    if (overlaps(out, g, n))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s and g overlap", fn, out_name);
    return STEEPEST_OK;
}

/* A failed update's message: where, what, and that nothing changed. */
static int
fail_update(SteepestOptimizer *opt, const char *fn, int rc)
{
    g_autofree char *why = g_strdup(steepest_last_error());
    return steepest_optimizer_record(opt, steepest_fail(rc, "%s: %s; x and the optimizer state are unchanged",
                                                        fn, why));
}

int
steepest_optimizer_update(SteepestOptimizer *opt, size_t n, double *x, const double *g)
{
    int rc = check_args(opt, FN, n, x, "x", g);
    if (rc != STEEPEST_OK)
        return steepest_optimizer_record(opt, rc);
    rc = apply(opt, x, g, x, NULL);
    return rc == STEEPEST_OK ? rc : fail_update(opt, FN, rc);
}

int
steepest_optimizer_ef_message(SteepestOptimizer *opt, size_t n, const double *g, double *delta)
{
    int rc = check_args(opt, "steepest_optimizer_ef_message", n, delta, "delta", g);
    if (rc == STEEPEST_OK && opt->rule != STEEPEST_RULE_EF)
        rc = steepest_fail(STEEPEST_ERROR_STATE, "steepest_optimizer_ef_message: the rule is %s, not ef",
                           steepest_rule_name(opt->rule));
    if (rc != STEEPEST_OK)
        return steepest_optimizer_record(opt, rc);
    rc = apply(opt, NULL, g, NULL, delta);
    return rc == STEEPEST_OK ? rc : fail_update(opt, "steepest_optimizer_ef_message", rc);
}
