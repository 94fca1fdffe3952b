/* l1.c — the ℓ1 norm: steepest descent under it is coordinate descent.
 *
 * ‖x‖ = Σ|x_i|, dual max|z_i|, z♯ = z_i* e_i* with i* = argmax|z_i| (signed:
 * Lemma 3 needs <z, z♯> = ‖z♯‖²), s(z) = sign(z_i*) e_i* (docs/theory.md).  Ties go to
 * the lowest index.  A step touches one coordinate.
 */
#include <steepest/steepest-plugin.h>
#include <string.h>

#include "../common/kernels.h"

static int
l1_norm(void *state, size_t n, const double *x, double *value)
{
    (void) state;
    *value = kernel_asum(n, x);
    return STEEPEST_PLUGIN_OK;
}

static int
l1_dual_norm(void *state, size_t n, const double *z, double *value)
{
    (void) state;
    *value = kernel_amax(n, z);
    return STEEPEST_PLUGIN_OK;
}

/* out = 0 except out[k] = v. */
static void
l1_spike(size_t n, size_t k, double v, double *out)
{
    memset(out, 0, n * sizeof *out);
    out[k] = v;
}

static int
l1_duality_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    (void) state;
    size_t k = kernel_iamax(n, z);
    *dual = fabs(z[k]);
    l1_spike(n, k, z[k], zsharp);
    return STEEPEST_PLUGIN_OK;
}

static int
l1_unit_direction(void *state, size_t n, const double *z, double *s, double *dual)
{
    (void) state;
    size_t k = kernel_iamax(n, z);
    *dual = fabs(z[k]);
    l1_spike(n, k, kernel_sign(z[k]), s);
    return STEEPEST_PLUGIN_OK;
}

/* c sign(z_k) e_k, k the lowest index with |z_k| = dual (the one
 * kernel_iamax picks, found here without a full pass when it comes early). */
static int
l1_scaled_direction(void *state, size_t n, const double *z, double dual, double c, double *out)
{
    (void) state;
    size_t k = 0;
    while (k + 1 < n && fabs(z[k]) != dual)
        k++;
    if (fabs(z[k]) != dual) /* dual was not this class's: be exact anyway */
        k = kernel_iamax(n, z);
    l1_spike(n, k, dual == 0.0 ? 0.0 : c * kernel_sign(z[k]), out);
    return STEEPEST_PLUGIN_OK;
}

/* x_out = x − alpha v e_k: one coordinate moves. */
static void
l1_move(size_t n, const double *x, size_t k, double alpha, double v, double *x_out)
{
    if (x_out != x)
        memcpy(x_out, x, n * sizeof *x);
    x_out[k] = x[k] - alpha * v;
}

static int
l1_step_scaled(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
               double *dual)
{
    (void) state;
    size_t k = kernel_iamax(n, z);
    *dual = fabs(z[k]);
    if (isfinite(*dual))
        l1_move(n, x, k, alpha, z[k], x_out);
    return STEEPEST_PLUGIN_OK;
}

static int
l1_step_normalized(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
                   double *dual)
{
    (void) state;
    size_t k = kernel_iamax(n, z);
    *dual = fabs(z[k]);
    if (isfinite(*dual))
        l1_move(n, x, k, alpha, kernel_sign(z[k]), x_out);
    return STEEPEST_PLUGIN_OK;
}

/* ---- induced matrix norm ---- */

/* ‖H‖_{1,∞} = sup_{‖x‖₁<=1} ‖Hx‖∞ = max_ij |H_ij| (the sup is attained at a
 * coordinate vector), exact and cheap: no host service needed. */
static int
l1_induced_norm(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
                SteepestPluginInducedResult *result)
{
    (void) state;
    (void) query;
    double m = 0.0;
    for (size_t i = 0; i < n * n; i++)
        m = fabs(H[i]) > m ? fabs(H[i]) : m;
    result->lower = m;
    result->upper = m;
    result->exact = 1;
    result->method = "max |H_ij|";
    return STEEPEST_PLUGIN_OK;
}

static const SteepestPluginNormClass l1_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "l1",
    .dual_name = "linf",
    .summary = "l1 norm sum_i |x_i|: coordinate descent (greedy, Gauss-Southwell)",
    .norm = l1_norm,
    .dual_norm = l1_dual_norm,
    .duality_map = l1_duality_map,
    .unit_direction = l1_unit_direction,
    .step_scaled = l1_step_scaled,
    .step_normalized = l1_step_normalized,
    .induced_norm = l1_induced_norm,
    .scaled_direction = l1_scaled_direction,
};

STEEPEST_PLUGIN_EXPORT const SteepestPluginNormClass *
STEEPEST_PLUGIN_ENTRY(const SteepestPluginHost *host, uint32_t index)
{
    (void) host;
    return index == 0 ? &l1_class : NULL;
}
