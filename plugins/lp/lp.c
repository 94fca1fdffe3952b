/* lp.c — the ℓp norm for 1 < p < ∞: ‖x‖_p = (Σ|x_i|^p)^{1/p}.
 *
 * Dual ℓq with 1/p + 1/q = 1, z♯_i = ‖z‖_q^{2−q} sign(z_i)|z_i|^{q−1} (docs/theory.md).
 * Everything is computed relative to m = max|x_i| so that no power overflows
 * or underflows harmfully; with S = Σ(|z_i|/m)^q,
 *     ‖z‖_q = m S^{1/q},   z♯_i = m S^{(2−q)/q} sign(z_i) (|z_i|/m)^{q−1},
 * which satisfies Lemma 3 exactly in exact arithmetic.  Every power is taken
 * of a ratio in [0, 1] and m enters by one final product, so a subnormal z
 * (where m has only a few significant bits) loses nothing but that product's
 * rounding.  The unit direction needs no m at all,
 *     s_i = sign(z_i) (|z_i|/m)^{q−1} / S^{(q−1)/q},
 * so it is exact to rounding whatever the scale; dividing z♯ by ‖z‖* instead
 * would carry both subnormal roundings into s.  The class has no fused step
 * kernels: the host derives them, which is what this plugin also demonstrates.
 */
#include <steepest/steepest-plugin.h>
#include <stdio.h>
#include <stdlib.h>

#include "../common/kernels.h"

typedef struct {
    double p, q;
} Lp;

static const SteepestPluginHost *lp_host;

static int
lp_create(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state)
{
    (void) n;
    double p = 2.0;
    host->arg_double(args, "p", &p);
    if (!(p > 1.0)) {
        host->set_error("p must be greater than 1 (p = 1 is the norm 'l1')");
        return STEEPEST_PLUGIN_E_PARAMETER;
    }
    Lp *lp = host->alloc(sizeof *lp);
    if (lp == NULL)
        return STEEPEST_PLUGIN_E_NOMEM;
    lp->p = p;
    lp->q = p / (p - 1.0);
    *state = lp;
    return STEEPEST_PLUGIN_OK;
}

static void
lp_destroy(void *state)
{
    lp_host->free(state);
}

/* S = Σ (|x_i|/m)^r with m = max|x_i| (> 0, finite). */
static double
lp_scaled_power_sum(size_t n, const double *x, double m, double r)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += pow(fabs(x[i]) / m, r);
    return s;
}

/* ‖x‖_r, with NaN → NaN, ±Inf → +Inf, 0 → 0. */
static double
lp_power_norm(size_t n, const double *x, double r)
{
    double m = kernel_amax(n, x);
    if (m == 0.0 || !isfinite(m))
        return m;
    return m * pow(lp_scaled_power_sum(n, x, m, r), 1.0 / r);
}

static int
lp_norm(void *state, size_t n, const double *x, double *value)
{
    *value = lp_power_norm(n, x, ((const Lp *) state)->p);
    return STEEPEST_PLUGIN_OK;
}

static int
lp_dual_norm(void *state, size_t n, const double *z, double *value)
{
    *value = lp_power_norm(n, z, ((const Lp *) state)->q);
    return STEEPEST_PLUGIN_OK;
}

static int
lp_duality_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    double q = ((const Lp *) state)->q;
    double m = kernel_amax(n, z);
    if (m == 0.0 || !isfinite(m)) {
        *dual = m;
        for (size_t i = 0; i < n; i++)
            zsharp[i] = m == 0.0 ? 0.0 : m; /* zero stays zero; NaN/Inf shows */
        return STEEPEST_PLUGIN_OK;
    }
    double s = lp_scaled_power_sum(n, z, m, q);
    *dual = m * pow(s, 1.0 / q);
    double c = pow(s, (2.0 - q) / q); /* m last: one rounding in the subnormal range */
    for (size_t i = 0; i < n; i++)
        zsharp[i] = m * (c * kernel_sign(z[i]) * pow(fabs(z[i]) / m, q - 1.0));
    return STEEPEST_PLUGIN_OK;
}

static int
lp_unit_direction(void *state, size_t n, const double *z, double *sdir, double *dual)
{
    double q = ((const Lp *) state)->q;
    double m = kernel_amax(n, z);
    if (m == 0.0 || !isfinite(m))
        return lp_duality_map(state, n, z, sdir, dual); /* 0 → 0; NaN/Inf shows */
    double s = lp_scaled_power_sum(n, z, m, q);
    *dual = m * pow(s, 1.0 / q);
    double c = pow(s, (1.0 - q) / q);
    for (size_t i = 0; i < n; i++)
        sdir[i] = c * kernel_sign(z[i]) * pow(fabs(z[i]) / m, q - 1.0);
    return STEEPEST_PLUGIN_OK;
}

static const SteepestPluginParam param_p = {
    .struct_size = sizeof(SteepestPluginParam),
    .type = STEEPEST_PARAM_DOUBLE,
    .name = "p",
    .doc = "the exponent, 1 < p < inf (p = 2 is l2)",
    .default_value = "2",
    .min = 1.0,
    .max = 1e6,
};

static const SteepestPluginParam *const lp_params[] = { &param_p, NULL };

static const SteepestPluginNormClass lp_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "lp",
    .dual_name = "lq (1/p + 1/q = 1)",
    .summary = "lp norm (sum |x_i|^p)^(1/p), 1 < p < inf",
    .params = lp_params,
    .create = lp_create,
    .destroy = lp_destroy,
    .norm = lp_norm,
    .dual_norm = lp_dual_norm,
    .duality_map = lp_duality_map,
    .unit_direction = lp_unit_direction,
};

STEEPEST_PLUGIN_EXPORT const SteepestPluginNormClass *
STEEPEST_PLUGIN_ENTRY(const SteepestPluginHost *host, uint32_t index)
{
    lp_host = host;
    return index == 0 ? &lp_class : NULL;
}
