/* spectral.c — the spectral norm of a matrix-shaped parameter: steepest
 * descent under it is Muon's orthogonalized update (Bernstein & Newhouse,
 * "Old optimizer, new norm", 2024).
 *
 * Spec: spectral:rows=R,cols=C[,polar=svd|ns5|polar-express][,scale=none|muon|rms|K]
 *
 * Convention: the vector (dimension R*C) is an R x C matrix W stored
 * ROW-MAJOR, W[i][j] at index i*C + j, acting as y = W v: fan-in is C =
 * cols, fan-out is R = rows.  This is torch's (out, in) weight layout;
 * Flax stores kernels (in, out), so pass rows=out,cols=in and the transposed
 * array for a Flax kernel (optax and torch disagree on the shape scalings
 * precisely because of this).
 *
 * With κ > 0 the scale (docs/theory.md, "The spectral norm"):
 *   ‖W‖  = σ_max(W) / κ
 *   ‖Z‖* = κ ‖Z‖_nuc = κ Σ_i σ_i(Z)
 *   s(Z) = κ U Vᵀ  (thin SVD Z = U Σ Vᵀ, columns with σ_i > max(R,C)·ε·σ_1)
 *   Z♯   = ‖Z‖* s(Z)
 * κ: scale=none 1, muon √max(1, R/C) (torch.optim.Muon's "original"
 * adjustment), rms √(R/C) (the RMS→RMS operator norm of modula and Scion),
 * or a positive number K.
 *
 * polar=svd (default) is exact.  polar=ns5 and polar=polar-express replace
 * U Vᵀ by five steps of a polynomial iteration (polar.c); their singular
 * values are only near 1, the dual value returned with the direction (and
 * used in the duality map) is the pairing <Z, s(Z)> that direction achieves
 * (within ‖Z‖*·err of ‖Z‖*, err the direction error), Lemma 3 holds only
 * approximately, and direction_error() reports err.  The norm and the dual
 * norm are exact in every mode.
 */
#include "spectral.h"

#include <cblas.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const SteepestPluginHost *spectral_host;

int
spectral_fail(int code, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (spectral_host != NULL)
        spectral_host->set_error(msg);
    return code;
}

/* LAPACK and BLAS take int dimensions (32-bit in Debian's OpenBLAS); the
 * whole matrix must also fit, as vector lengths (create() checks R*C). */
#define SPECTRAL_MAX_SIDE 1000000000LL

/* ---- parameters ---- */

static const SteepestPluginParam param_rows = {
    .struct_size = sizeof(SteepestPluginParam),
    .type = STEEPEST_PARAM_INT,
    .name = "rows",
    .doc = "R, the number of rows (fan-out) of the row-major R x C matrix; R*C must be the dimension",
    .default_value = NULL,
    .min = 1,
    .max = SPECTRAL_MAX_SIDE,
};

static const SteepestPluginParam param_cols = {
    .struct_size = sizeof(SteepestPluginParam),
    .type = STEEPEST_PARAM_INT,
    .name = "cols",
    .doc = "C, the number of columns (fan-in)",
    .default_value = NULL,
    .min = 1,
    .max = SPECTRAL_MAX_SIDE,
};

static const SteepestPluginParam param_polar = {
    .struct_size = sizeof(SteepestPluginParam),
    .type = STEEPEST_PARAM_STRING,
    .name = "polar",
    .doc = "how U V^T is computed: svd (exact), ns5 (Muon's Newton-Schulz quintic, 5 steps) or "
           "polar-express (Amsel et al. 2025, 5 steps); the last two are approximate",
    .default_value = "svd",
    .min = -INFINITY,
    .max = INFINITY,
};

static const SteepestPluginParam param_scale = {
    .struct_size = sizeof(SteepestPluginParam),
    .type = STEEPEST_PARAM_STRING,
    .name = "scale",
    .doc = "kappa: none (1), muon (sqrt(max(1, R/C))), rms (sqrt(R/C)) or a positive number; "
           "norm sigma_max/kappa, direction kappa U V^T",
    .default_value = "none",
    .min = -INFINITY,
    .max = INFINITY,
};

static const SteepestPluginParam *const spectral_params[] = { &param_rows, &param_cols, &param_polar,
                                                              &param_scale, NULL };

static int
parse_polar(const char *text, SpectralPolar *polar)
{
    if (strcmp(text, "svd") == 0)
        *polar = SPECTRAL_POLAR_SVD;
    else if (strcmp(text, "ns5") == 0)
        *polar = SPECTRAL_POLAR_NS5;
    else if (strcmp(text, "polar-express") == 0)
        *polar = SPECTRAL_POLAR_EXPRESS;
    else
        return spectral_fail(STEEPEST_PLUGIN_E_PARAMETER,
                             "parameter 'polar' must be svd, ns5 or polar-express, got '%s'", text);
    return STEEPEST_PLUGIN_OK;
}

static int
parse_scale(const char *text, size_t R, size_t C, double *kappa)
{
    double ratio = (double) R / (double) C;
    if (strcmp(text, "none") == 0) {
        *kappa = 1.0;
    } else if (strcmp(text, "muon") == 0) {
        *kappa = sqrt(ratio > 1.0 ? ratio : 1.0);
    } else if (strcmp(text, "rms") == 0) {
        *kappa = sqrt(ratio);
    } else {
        char *end = NULL;
        double k = strtod(text, &end);
        /* Only plain decimal numbers: no hex, inf or nan words. */
        int plain = strpbrk(text, "xXnNiI") == NULL && end != text && *end == '\0';
        if (!plain || !isfinite(k) || !(k > 0.0))
            return spectral_fail(
                STEEPEST_PLUGIN_E_PARAMETER,
                "parameter 'scale' must be none, muon, rms or a positive finite number, got '%s'", text);
        *kappa = k;
    }
    return STEEPEST_PLUGIN_OK;
}

static int
spectral_create(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state)
{
    spectral_host = host;
    if (!STEEPEST_PLUGIN_HAS_FIELD(host, SteepestPluginHost, arg_string) || host->arg_string == NULL)
        return spectral_fail(STEEPEST_PLUGIN_E_UNSUPPORTED,
                             "the host predates plugin ABI 1.2 (string parameters)");
    if (!host->arg_is_set(args, "rows") || !host->arg_is_set(args, "cols"))
        return spectral_fail(STEEPEST_PLUGIN_E_PARAMETER,
                             "needs rows=R and cols=C (the row-major R x C matrix; R*C = dimension %zu)", n);
    int64_t R = 0, C = 0;
    host->arg_int(args, "rows", &R);
    host->arg_int(args, "cols", &C);
    if ((uint64_t) R * (uint64_t) C != n)
        return spectral_fail(STEEPEST_PLUGIN_E_DIMENSION,
                             "rows=%lld x cols=%lld = %llu entries, but the dimension is %zu", (long long) R,
                             (long long) C, (unsigned long long) ((uint64_t) R * (uint64_t) C), n);
    if (n > (size_t) INT32_MAX)
        return spectral_fail(STEEPEST_PLUGIN_E_DIMENSION,
                             "%zu entries are more than BLAS's 32-bit int can index (at most %d)", n,
                             INT32_MAX);
    const char *polar_text = "svd", *scale_text = "none";
    host->arg_string(args, "polar", &polar_text);
    host->arg_string(args, "scale", &scale_text);
    Spectral sp = { .rows = (size_t) R, .cols = (size_t) C };
    int rc = parse_polar(polar_text, &sp.polar);
    if (rc == STEEPEST_PLUGIN_OK)
        rc = parse_scale(scale_text, sp.rows, sp.cols, &sp.kappa);
    if (rc != STEEPEST_PLUGIN_OK)
        return rc;
    Spectral *out = host->alloc(sizeof *out);
    if (out == NULL)
        return spectral_fail(STEEPEST_PLUGIN_E_NOMEM, "out of memory");
    *out = sp;
    *state = out;
    return STEEPEST_PLUGIN_OK;
}

static void
spectral_destroy(void *state)
{
    spectral_host->free(state);
}

/* NaN if z holds a NaN, else +Inf if it holds an infinity, else 0: the value
 * every method reports for a non-finite input (LAPACK is never handed one). */
static double
nonfinite_value(size_t n, const double *z)
{
    double v = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(z[i]))
            return z[i];
        if (isinf(z[i]))
            v = INFINITY;
    }
    return v;
}

static void
fill(size_t n, double *out, double v)
{
    for (size_t i = 0; i < n; i++)
        out[i] = v;
}

/* f(σ) over the singular values of z: the largest (norm) or their sum (dual). */
static int
singular_summary(const Spectral *sp, const double *z, int sum, double *value)
{
    size_t n = sp->rows * sp->cols, r = sp->rows < sp->cols ? sp->rows : sp->cols;
    double bad = nonfinite_value(n, z);
    if (bad != 0.0) {
        *value = bad;
        return STEEPEST_PLUGIN_OK;
    }
    double *s = spectral_host->alloc(r * sizeof *s);
    if (s == NULL)
        return spectral_fail(STEEPEST_PLUGIN_E_NOMEM, "spectral: out of memory");
    int rc = spectral_svd_values(sp->rows, sp->cols, z, s);
    if (rc == STEEPEST_PLUGIN_OK) {
        double v = s[0];
        if (sum)
            for (size_t i = 1; i < r; i++)
                v += s[i];
        *value = v;
    }
    spectral_host->free(s);
    return rc;
}

static int
spectral_norm(void *state, size_t n, const double *x, double *value)
{
    (void) n;
    const Spectral *sp = state;
    int rc = singular_summary(sp, x, 0, value);
    if (rc == STEEPEST_PLUGIN_OK && isfinite(*value))
        *value /= sp->kappa;
    return rc;
}

static int
spectral_dual_norm(void *state, size_t n, const double *z, double *value)
{
    (void) n;
    const Spectral *sp = state;
    int rc = singular_summary(sp, z, 1, value);
    if (rc == STEEPEST_PLUGIN_OK && isfinite(*value))
        *value *= sp->kappa;
    return rc;
}

int
spectral_direction(const Spectral *sp, const double *z, double *s, double *dual)
{
    size_t n = sp->rows * sp->cols;
    double bad = nonfinite_value(n, z);
    if (bad != 0.0) {
        fill(n, s, bad); /* NaN or Inf in, NaN or Inf out */
        *dual = bad;
        return STEEPEST_PLUGIN_OK;
    }
    if (sp->polar == SPECTRAL_POLAR_SVD) {
        double nuclear = 0.0;
        int rc = spectral_polar_svd(sp->rows, sp->cols, z, sp->kappa, s, &nuclear);
        *dual = sp->kappa * nuclear;
        return rc;
    }
    int rc = spectral_polar_iterate(sp->rows, sp->cols, z, sp->polar, sp->kappa, s);
    /* The pairing the approximate direction achieves: κ Σ σ_i p(σ_i/‖Z‖_F),
     * within ‖Z‖*·max_i |p(σ_i/‖Z‖_F) − 1| of ‖Z‖* = κ Σ σ_i. */
    *dual = cblas_ddot((blasint) n, z, 1, s, 1);
    return rc;
}

static int
spectral_unit_direction(void *state, size_t n, const double *z, double *s, double *dual)
{
    (void) n;
    return spectral_direction(state, z, s, dual);
}

static int
spectral_duality_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    int rc = spectral_direction(state, z, zsharp, dual);
    if (rc == STEEPEST_PLUGIN_OK && isfinite(*dual))
        cblas_dscal((blasint) n, *dual, zsharp, 1);
    return rc;
}

/* max over the k largest singular values of s/κ of |σ − 1|, and over the
 * others of σ, k the numerical rank of z (spectral_rank). */
static int
spectral_direction_error(void *state, size_t n, const double *z, double *error)
{
    const Spectral *sp = state;
    size_t r = sp->rows < sp->cols ? sp->rows : sp->cols;
    double bad = nonfinite_value(n, z);
    if (bad != 0.0) {
        *error = bad;
        return STEEPEST_PLUGIN_OK;
    }
    double *d = spectral_host->alloc((n + 2 * r) * sizeof *d);
    if (d == NULL)
        return spectral_fail(STEEPEST_PLUGIN_E_NOMEM, "spectral: out of memory");
    double *sz = d + n, *sd = sz + r, dual = 0.0;
    int rc = spectral_svd_values(sp->rows, sp->cols, z, sz);
    if (rc == STEEPEST_PLUGIN_OK)
        rc = spectral_direction(sp, z, d, &dual);
    if (rc == STEEPEST_PLUGIN_OK)
        rc = spectral_svd_values(sp->rows, sp->cols, d, sd);
    if (rc == STEEPEST_PLUGIN_OK) {
        size_t k = sz[0] > 0.0 ? spectral_rank(sp->rows, sp->cols, sz) : 0;
        double e = 0.0;
        for (size_t i = 0; i < r; i++) {
            double v = sd[i] / sp->kappa, dev = i < k ? fabs(v - 1.0) : v;
            e = dev > e ? dev : e;
        }
        *error = e;
    }
    spectral_host->free(d);
    return rc;
}

static const SteepestPluginNormClass spectral_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "spectral",
    .dual_name = "nuclear",
    .summary = "sigma_max(W)/kappa of the row-major rows x cols matrix W (y = W v): Muon's "
               "orthogonalized update; polar=ns5|polar-express approximate U V^T (see direction error)",
    .params = spectral_params,
    .create = spectral_create,
    .destroy = spectral_destroy,
    .norm = spectral_norm,
    .dual_norm = spectral_dual_norm,
    .duality_map = spectral_duality_map,
    .unit_direction = spectral_unit_direction,
    .induced_norm = spectral_induced_norm,
    .direction_error = spectral_direction_error,
};

STEEPEST_PLUGIN_EXPORT const SteepestPluginNormClass *
STEEPEST_PLUGIN_ENTRY(const SteepestPluginHost *host, uint32_t index)
{
    spectral_host = host;
    spectral_schedule(SPECTRAL_POLAR_EXPRESS); /* fills the coefficient table */
    return index == 0 ? &spectral_class : NULL;
}
