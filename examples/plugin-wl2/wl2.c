/* wl2.c — a weighted Euclidean norm, as a third-party libsteepest plugin.
 *
 *     ‖x‖ = √(Σ w_i x_i²)      dual ‖z‖* = √(Σ z_i² / w_i)      z♯_i = z_i / w_i
 *
 * with positive weights w (spec parameter `w`: one weight per coordinate,
 * `wl2:w=1+4+0.25`, or one weight for all, `wl2:w=2`; default 1).  Steepest
 * descent under it is diagonally preconditioned gradient descent.
 *
 * Written against <steepest/steepest-plugin.h> only, exactly as a plugin
 * outside the libsteepest tree is written; docs/plugins.md walks through it.
 * Build and install with the Makefile beside it (pkg-config steepest).
 */
#include <steepest/steepest-plugin.h>

#include <float.h>
#include <math.h>
#include <stdio.h>

/* Instance state: made by create() for one dimension n, read-only after, so
 * one instance may serve several threads at once. */
typedef struct {
    const SteepestPluginHost *host; /* for host->free in destroy() */
    double *sqrt_w;                 /* √w_i: ‖x‖ = ‖√w ⊙ x‖₂ */
    double *inv_sqrt_w;             /* 1/√w_i: ‖z‖* = ‖z ⊘ √w‖₂ */
    double *inv_w;                  /* 1/w_i: z♯ = z ⊘ w */
} Wl2;

/* ---- numerics ----------------------------------------------------------- */

/* ‖f ⊙ v‖₂ without overflow or underflow: divide by the largest |f_i v_i|
 * before squaring.  NaN in v gives NaN, ±Inf gives +Inf (the ABI's rule),
 * and a zero vector gives 0, not 0/0. */
static double
scaled_nrm2(size_t n, const double *f, const double *v)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(f[i] * v[i]);
        if (a > m)
            m = a;
        else if (a != a)
            return a; /* NaN: stop, it is the answer */
    }
    if (m == 0.0 || isinf(m))
        return m;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double t = f[i] * v[i] / m;
        sum += t * t;
    }
    return m * sqrt(sum);
}

/* ---- the three required methods ------------------------------------------ */

static int
wl2_norm(void *state, size_t n, const double *x, double *value)
{
    const Wl2 *w = state;
    *value = scaled_nrm2(n, w->sqrt_w, x);
    return STEEPEST_PLUGIN_OK;
}

static int
wl2_dual_norm(void *state, size_t n, const double *z, double *value)
{
    const Wl2 *w = state;
    *value = scaled_nrm2(n, w->inv_sqrt_w, z);
    return STEEPEST_PLUGIN_OK;
}

/* z♯ = argmax_y <z,y> − ½‖y‖²: setting the gradient z − W y to zero gives
 * y = W⁻¹ z.  Lemma 3 holds: <z,z♯> = Σ z_i²/w_i = ‖z♯‖² = (‖z‖*)². */
static int
wl2_duality_map(void *state, size_t n, const double *z, double *zsharp, double *dual_value)
{
    const Wl2 *w = state;
    for (size_t i = 0; i < n; i++)
        zsharp[i] = z[i] * w->inv_w[i];
    *dual_value = scaled_nrm2(n, w->inv_sqrt_w, z);
    return STEEPEST_PLUGIN_OK;
}

/* ---- an optional fused kernel ------------------------------------------------ */

/* x_out = x − alpha z♯ without a scratch vector.  ‖z‖* first: if z holds a
 * NaN or Inf, return before moving anything; the host sees the non-finite
 * dual value and reports the offending index itself. */
static int
wl2_step_scaled(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
                double *dual_value)
{
    const Wl2 *w = state;
    *dual_value = scaled_nrm2(n, w->inv_sqrt_w, z);
    if (!isfinite(*dual_value))
        return STEEPEST_PLUGIN_OK;
    for (size_t i = 0; i < n; i++)
        x_out[i] = x[i] - alpha * (z[i] * w->inv_w[i]);
    return STEEPEST_PLUGIN_OK;
}

/* ---- the induced matrix norm ---------------------------------------------------- */

/* ‖H‖ = sup_{‖x‖≤1} ‖Hx‖* with ‖x‖ = ‖√w ⊙ x‖₂ and ‖z‖* = ‖z ⊘ √w‖₂.  Put
 * y = √w ⊙ x: then ‖y‖₂ ≤ 1 and ‖Hx‖* = ‖D H D y‖₂ with D = diag(1/√w), so
 * ‖H‖ = ‖D H D‖₂, the spectral norm of the rescaled matrix — exact, and
 * computed by the host's eigenvalue service. */
static int
wl2_induced_norm(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
                 SteepestPluginInducedResult *result)
{
    const Wl2 *w = state;
    const SteepestPluginHost *host = w->host;
    if (!STEEPEST_PLUGIN_HAS_FIELD(host, SteepestPluginHost, matrix_spectral_norm) ||
        host->matrix_spectral_norm == NULL) {
        host->set_error("this libsteepest offers plugins no spectral norm (ABI older than 1.1)");
        return STEEPEST_PLUGIN_E_UNSUPPORTED;
    }
    double *M = host->alloc(n * n * sizeof(double));
    if (M == NULL) {
        host->set_error("out of memory for the rescaled matrix");
        return STEEPEST_PLUGIN_E_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            M[i * n + j] = w->inv_sqrt_w[i] * H[i * n + j] * w->inv_sqrt_w[j];
            if (!isfinite(M[i * n + j])) {
                host->free(M);
                host->set_error("H rescaled by 1/sqrt(w) overflows");
                return STEEPEST_PLUGIN_E_NOT_FINITE;
            }
        }
    int rc = host->matrix_spectral_norm(n, M, query, result);
    host->free(M);
    return rc;
}

/* ---- parameters and instances ----------------------------------------------- */

static const SteepestPluginParam param_w = {
    .struct_size = sizeof(SteepestPluginParam),
    .type = STEEPEST_PARAM_DOUBLE_LIST,
    .name = "w",
    .doc = "positive weights joined by '+': one per coordinate, or one for all",
    .default_value = "1",
    /* The host rejects values outside [min, max] before create() runs; these
     * keep w, 1/w and their square roots finite and nonzero. */
    .min = 1e-300,
    .max = 1e300,
};

static const SteepestPluginParam *const wl2_params[] = { &param_w, NULL };

static void
wl2_destroy(void *state)
{
    Wl2 *w = state;
    if (w == NULL)
        return;
    w->host->free(w->sqrt_w);
    w->host->free(w->inv_sqrt_w);
    w->host->free(w->inv_w);
    w->host->free(w);
}

static int
wl2_create(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state)
{
    const double *weights = NULL;
    size_t count = 0;
    if (host->arg_double_list(args, "w", &weights, &count) != STEEPEST_PLUGIN_OK) {
        host->set_error("the weights w are missing");
        return STEEPEST_PLUGIN_E_PARAMETER;
    }
    if (count != 1 && count != n) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "w has %zu weights but the dimension is %zu (give one per coordinate, or one for all)",
                 count, n);
        host->set_error(msg);
        return STEEPEST_PLUGIN_E_PARAMETER;
    }
    Wl2 *w = host->alloc(sizeof *w);
    if (w == NULL) {
        host->set_error("out of memory for the wl2 state");
        return STEEPEST_PLUGIN_E_NOMEM;
    }
    w->host = host;
    w->sqrt_w = host->alloc(n * sizeof(double));
    w->inv_sqrt_w = host->alloc(n * sizeof(double));
    w->inv_w = host->alloc(n * sizeof(double));
    if (w->sqrt_w == NULL || w->inv_sqrt_w == NULL || w->inv_w == NULL) {
        wl2_destroy(w);
        host->set_error("out of memory for the wl2 weights");
        return STEEPEST_PLUGIN_E_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        double wi = weights[count == 1 ? 0 : i];
        w->sqrt_w[i] = sqrt(wi);
        w->inv_sqrt_w[i] = 1.0 / w->sqrt_w[i];
        w->inv_w[i] = 1.0 / wi;
    }
    *state = w;
    return STEEPEST_PLUGIN_OK;
}

/* ---- the class and the entry point ---------------------------------------------- */

static const SteepestPluginNormClass wl2_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "wl2",
    .dual_name = "wl2_dual",
    .summary = "weighted l2 norm sqrt(sum w_i x_i^2): diagonally preconditioned gradient descent",
    .params = wl2_params,
    .create = wl2_create,
    .destroy = wl2_destroy,
    .norm = wl2_norm,
    .dual_norm = wl2_dual_norm,
    .duality_map = wl2_duality_map,
    /* unit_direction, step_normalized: NULL, the host derives them from
     * duality_map. */
    .step_scaled = wl2_step_scaled,
    .induced_norm = wl2_induced_norm,
};

STEEPEST_PLUGIN_EXPORT const SteepestPluginNormClass *
STEEPEST_PLUGIN_ENTRY(const SteepestPluginHost *host, uint32_t index)
{
    /* A host of another major ABI version may lay out its table differently:
     * offer it nothing. */
    if (host == NULL || STEEPEST_PLUGIN_ABI_MAJOR_OF(host->abi_version) != STEEPEST_PLUGIN_ABI_MAJOR)
        return NULL;
    return index == 0 ? &wl2_class : NULL;
}
