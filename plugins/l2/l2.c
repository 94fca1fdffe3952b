/* l2.c — the Euclidean norm: steepest descent under it is gradient descent.
 *
 * ‖x‖ = √Σx_i², self-dual, z♯ = z, s(z) = z/‖z‖₂ (docs/theory.md).  The norm is
 * overflow-safe (scaled summation) and the scaled step computes ‖z‖₂ in the
 * same pass as the update, so it costs one sweep of memory.
 */
#include <steepest/steepest-plugin.h>
#include <string.h>

#include "../common/kernels.h"

static int
l2_norm(void *state, size_t n, const double *x, double *value)
{
    (void) state;
    *value = kernel_nrm2(n, x);
    return STEEPEST_PLUGIN_OK;
}

static int
l2_duality_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    (void) state;
    memcpy(zsharp, z, n * sizeof *z);
    *dual = kernel_nrm2(n, z);
    return STEEPEST_PLUGIN_OK;
}

/* out = x − (alpha / ‖z‖) z, written so that a tiny ‖z‖ cannot overflow the
 * factor; z = 0 leaves x. */
static void
l2_move_normalized(size_t n, const double *x, const double *z, double alpha, double nrm, double *out)
{
    if (nrm == 0.0) {
        if (out != x)
            memcpy(out, x, n * sizeof *x);
        return;
    }
    if (nrm < KERNEL_TINY_NORM) {
        kernel_move_tiny(n, x, z, alpha, out);
        return;
    }
    double c = alpha / nrm;
    if (isfinite(c)) {
        kernel_axpy(n, x, z, c, out);
    } else {
        for (size_t i = 0; i < n; i++)
            out[i] = x[i] - alpha * (z[i] / nrm);
    }
}

static int
l2_unit_direction(void *state, size_t n, const double *z, double *s, double *dual)
{
    (void) state;
    double nrm = kernel_nrm2(n, z);
    *dual = nrm;
    if (!isfinite(nrm))
        return STEEPEST_PLUGIN_OK; /* the host reports the bad entry */
    memset(s, 0, n * sizeof *s);
    l2_move_normalized(n, s, z, -1.0, nrm, s); /* s = 0 + z/‖z‖ */
    return STEEPEST_PLUGIN_OK;
}

static int
l2_scaled_direction(void *state, size_t n, const double *z, double dual, double c, double *out)
{
    (void) state;
    if (dual == 0.0) {
        memset(out, 0, n * sizeof *out);
        return STEEPEST_PLUGIN_OK;
    }
    if (dual < KERNEL_TINY_NORM) { /* rare: the careful path, through zeros */
        memset(out, 0, n * sizeof *out);
        kernel_move_tiny(n, out, z, -c, out);
        return STEEPEST_PLUGIN_OK;
    }
    double f = c / dual;
    if (isfinite(f)) {
        for (size_t i = 0; i < n; i++)
            out[i] = f * z[i];
    } else {
        for (size_t i = 0; i < n; i++)
            out[i] = c * (z[i] / dual);
    }
    return STEEPEST_PLUGIN_OK;
}

static int
l2_step_scaled(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
               double *dual)
{
    (void) state;
    /* One sweep: update and sum of squares together. */
    double ssq = kernel_axpy_ssq(n, x, z, alpha, x_out);
    *dual = kernel_ssq_is_safe(ssq) ? sqrt(ssq) : kernel_nrm2_safe(n, z);
    return STEEPEST_PLUGIN_OK;
}

static int
l2_step_normalized(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
                   double *dual)
{
    (void) state;
    double nrm = kernel_nrm2(n, z);
    *dual = nrm;
    if (isfinite(nrm))
        l2_move_normalized(n, x, z, alpha, nrm, x_out);
    return STEEPEST_PLUGIN_OK;
}

/* ---- induced matrix norm ---- */

static const SteepestPluginHost *l2_host;

/* ‖H‖₂ = sup_{‖x‖₂<=1} ‖Hx‖₂, exact: the host runs LAPACK (eigenvalues for
 * symmetric H, else the largest singular value), so this plugin links nothing. */
static int
l2_induced_norm(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
                SteepestPluginInducedResult *result)
{
    (void) state;
    if (!STEEPEST_PLUGIN_HAS_FIELD(l2_host, SteepestPluginHost, matrix_spectral_norm) ||
        l2_host->matrix_spectral_norm == NULL) {
        if (l2_host != NULL)
            l2_host->set_error(
                "the host offers no matrix_spectral_norm service (it predates plugin ABI 1.1)");
        return STEEPEST_PLUGIN_E_UNSUPPORTED;
    }
    return l2_host->matrix_spectral_norm(n, H, query, result);
}

static const SteepestPluginNormClass l2_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "l2",
    .dual_name = "l2",
    .summary = "Euclidean norm sqrt(sum x_i^2): gradient descent",
    .params = NULL,
    .norm = l2_norm,
    .dual_norm = l2_norm,
    .duality_map = l2_duality_map,
    .unit_direction = l2_unit_direction,
    .step_scaled = l2_step_scaled,
    .step_normalized = l2_step_normalized,
    .induced_norm = l2_induced_norm,
    .scaled_direction = l2_scaled_direction,
};

STEEPEST_PLUGIN_EXPORT const SteepestPluginNormClass *
STEEPEST_PLUGIN_ENTRY(const SteepestPluginHost *host, uint32_t index)
{
    l2_host = host;
    return index == 0 ? &l2_class : NULL;
}
