/* linf.c — the max norm: steepest descent under it is sign gradient descent.
 *
 * ‖x‖ = max|x_i|, dual ‖z‖₁, z♯ = ‖z‖₁ sign(z), s(z) = sign(z) (docs/theory.md).
 * The scaled step needs ‖z‖₁ before it can move, so it reads z twice; the
 * normalized (sign) step moves and sums in one sweep.
 */
#include <steepest/steepest-plugin.h>

#include "../common/kernels.h"

static int
linf_norm(void *state, size_t n, const double *x, double *value)
{
    (void) state;
    *value = kernel_amax(n, x);
    return STEEPEST_PLUGIN_OK;
}

static int
linf_dual_norm(void *state, size_t n, const double *z, double *value)
{
    (void) state;
    *value = kernel_asum(n, z);
    return STEEPEST_PLUGIN_OK;
}

static int
linf_duality_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    (void) state;
    double l1 = kernel_asum(n, z);
    *dual = l1;
    for (size_t i = 0; i < n; i++)
        zsharp[i] = l1 * kernel_sign(z[i]);
    return STEEPEST_PLUGIN_OK;
}

static int
linf_unit_direction(void *state, size_t n, const double *z, double *s, double *dual)
{
    (void) state;
    *dual = kernel_asum(n, z);
    for (size_t i = 0; i < n; i++)
        s[i] = kernel_sign(z[i]);
    return STEEPEST_PLUGIN_OK;
}

static int
linf_scaled_direction(void *state, size_t n, const double *z, double dual, double c, double *out)
{
    (void) state;
    (void) dual; /* sign(z) needs no norm */
    for (size_t i = 0; i < n; i++)
        out[i] = c * kernel_sign(z[i]);
    return STEEPEST_PLUGIN_OK;
}

static int
linf_step_scaled(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
                 double *dual)
{
    (void) state;
    double l1 = kernel_asum(n, z);
    *dual = l1;
    /* A NaN or Inf in z, or a step length that overflows, is reported (by
     * the host, from *dual) before anything moves. */
    if (isfinite(l1) && isfinite(alpha * l1))
        kernel_sign_step(n, x, z, alpha * l1, x_out);
    return STEEPEST_PLUGIN_OK;
}

static int
linf_step_normalized(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
                     double *dual)
{
    (void) state;
    /* The sign step and ‖z‖₁ in one sweep. */
    *dual = kernel_sign_step_asum(n, x, z, alpha, x_out);
    return STEEPEST_PLUGIN_OK;
}

/* ---- induced matrix norm ---- */

static const SteepestPluginHost *linf_host;

/* ‖H‖_{∞,1} = max_{x ∈ {±1}^n} ‖Hx‖₁ (NP-hard): the host enumerates sign
 * vectors in Gray-code order when the query allows, else certifies bounds. */
static int
linf_induced_norm(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
                  SteepestPluginInducedResult *result)
{
    (void) state;
    if (!STEEPEST_PLUGIN_HAS_FIELD(linf_host, SteepestPluginHost, matrix_inf1) ||
        linf_host->matrix_inf1 == NULL) {
        if (linf_host != NULL)
            linf_host->set_error("the host offers no matrix_inf1 service (it predates plugin ABI 1.1)");
        return STEEPEST_PLUGIN_E_UNSUPPORTED;
    }
    return linf_host->matrix_inf1(n, H, query, result);
}

static const SteepestPluginNormClass linf_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "linf",
    .dual_name = "l1",
    .summary = "max norm max_i |x_i|: sign gradient descent",
    .norm = linf_norm,
    .dual_norm = linf_dual_norm,
    .duality_map = linf_duality_map,
    .unit_direction = linf_unit_direction,
    .step_scaled = linf_step_scaled,
    .step_normalized = linf_step_normalized,
    .induced_norm = linf_induced_norm,
    .scaled_direction = linf_scaled_direction,
};

STEEPEST_PLUGIN_EXPORT const SteepestPluginNormClass *
STEEPEST_PLUGIN_ENTRY(const SteepestPluginHost *host, uint32_t index)
{
    linf_host = host;
    return index == 0 ? &linf_class : NULL;
}
