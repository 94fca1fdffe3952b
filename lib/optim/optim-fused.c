/* optim-fused.c — the momentum rules of the library's own ℓ∞ norm with the
 * normalized direction (Signum, Lion, Nesterov-sign) in one sweep.
 *
 * The norm-generic rules stage the new momentum and then call the norm's
 * fused step kernel along it: two sweeps after the ‖g‖* sweep.  For ℓ∞,
 * s(v) = sign(v) is elementwise, so the momentum, the direction and the
 * step fit into one sweep reading g, m, x and writing m, x — the fewest bytes
 * any implementation moves, plus the ‖g‖* sweep that refuses a bad g before
 * anything is written.
 *
 * Writing m in place is safe only if no entry can overflow, which the sweep
 * could not undo; so the optimizer keeps a bound M >= max|m_i| (updated as
 * M' = β·M + c·‖g‖₁, ‖g‖₁ >= max|g_i| being the ‖g‖* the first sweep gave)
 * and takes this path only while M' is far below the double range.  That is
 * every realistic run; beyond it, the staged generic path checks each entry.
 *
 * The arithmetic is the generic path's, term for term, so both give the same
 * bits (the identity tests compare this path with SGD through the plugin).
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

/* The library's ℓ∞ plugin: the class "linf" from libsteepest-linf.so. */
gboolean
steepest_optim_norm_is_builtin_linf(const SteepestNorm *norm)
{
    const SteepestNormClass *k = steepest_norm_get_class(norm);
    const char *src = steepest_norm_class_get_source(k);
    const char *base = src != NULL ? strrchr(src, '/') : NULL;
    return strcmp(steepest_norm_class_get_name(k), "linf") == 0 && base != NULL &&
           strcmp(base + 1, "libsteepest-linf.so") == 0;
}

/* sign(v), sign(0) = 0, as blends of doubles: no integer lanes, so the
 * loops vectorize. */
static inline double
sgn(double v)
{
    return (v > 0.0 ? 1.0 : 0.0) - (v < 0.0 ? 1.0 : 0.0);
}

/* x − lr·(s + λx), and x − lr·s without decay as the norm's kernel computes
 * it (the same bits, also for a caller's x that is not finite). */
static inline double
step(double x, double s, double lr, double lam)
{
    return lam == 0.0 ? x - lr * s : x - lr * (s + lam * x);
}

double
steepest_optim_max_abs(const double *v, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; v != NULL && i < n; i++)
        m = fabs(v[i]) > m || isnan(v[i]) ? fabs(v[i]) : m;
    return m;
}

gboolean
steepest_optim_fused_sign(SteepestOptimizer *opt, const double *x, const double *g, double gl1, double lr,
                          double *x_out, double *sn)
{
    if (!opt->fused_linf || opt->direction != STEEPEST_DIRECTION_NORMALIZED)
        return FALSE;
    const int rule = opt->rule;
    double mb, mg, vb, vg; /* m' = mb·m + mg·g;  v = vb·(m or m') + vg·g */
    if (rule == STEEPEST_RULE_LION) {
        mb = opt->beta2, mg = 1.0 - opt->beta2, vb = opt->beta1, vg = 1.0 - opt->beta1;
    } else if (rule == STEEPEST_RULE_MOMENTUM || rule == STEEPEST_RULE_NESTEROV) {
        mb = vb = opt->beta, mg = vg = 1.0 - opt->dampening;
    } else {
        return FALSE;
    }
    /* |m'| <= mb·M + mg·‖g‖₁ and |v| <= vb·max(M, M') + vg·‖g‖₁; the factor
     * 4 covers rounding with room to spare. */
    const double bound = mb * opt->m_bound + mg * gl1;
    const double vbound = vb * fmax(opt->m_bound, bound) + vg * gl1;
    if (!(bound < DBL_MAX / 4 && vbound < DBL_MAX / 4))
        return FALSE;
    double *m = opt->buffers[0];
    const double lam = opt->weight_decay;
    const size_t n = opt->n;
    uint64_t moved = 0; /* |v|'s bits ORed: nonzero iff some v_i != 0 */
    if (rule == STEEPEST_RULE_MOMENTUM) {
        for (size_t i = 0; i < n; i++) {
            const double mi = mb * m[i] + mg * g[i];
            m[i] = mi;
            moved |= optim_abs_bits(mi);
            x_out[i] = step(x[i], sgn(mi), lr, lam);
        }
    } else if (rule == STEEPEST_RULE_NESTEROV) {
        for (size_t i = 0; i < n; i++) {
            const double mi = mb * m[i] + mg * g[i], vi = vg * g[i] + vb * mi;
            m[i] = mi;
            moved |= optim_abs_bits(vi);
            x_out[i] = step(x[i], sgn(vi), lr, lam);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            const double vi = vb * m[i] + vg * g[i];
            m[i] = mb * m[i] + mg * g[i];
            moved |= optim_abs_bits(vi);
            x_out[i] = step(x[i], sgn(vi), lr, lam);
        }
    }
    opt->m_bound = bound;
    *sn = moved ? lr : 0.0;
    return TRUE;
}
