/* product.c — the product (composite) norm over consecutive parts:
 *
 *     ‖x‖ = max_i w_i ‖x_i‖_(i),        ‖z‖* = Σ_i ‖z_i‖*_(i) / w_i,
 *     s(z)_i = s_i(z_i) / w_i,           z♯_i = (‖z‖* / w_i) s_i(z_i),
 *
 * x_i the i-th run of coordinates, ‖·‖_(i) any norm instance, w_i > 0
 * (docs/theory.md proves Lemma 3 for it).  It composes instances, so it is a
 * class the library defines in memory and registers before any plugin, not a
 * plugin: a plugin's create() only ever sees flat KEY=VALUE parameters.
 *
 * The methods call the parts through their copied method tables with no
 * argument checks (the host checked the whole vector), so a part costs what
 * it costs alone.  NaN in a part propagates (the max below does not use
 * fmax, which would drop it); the host then reports NOT_FINITE with the index.
 */
#include "core/steepest-private.h"
#include "induced/product-induced.h"

#include <float.h>
#include <math.h>
#include <string.h>

static const SteepestPluginParam weights_param = {
    .struct_size = sizeof(SteepestPluginParam),
    .type = STEEPEST_PARAM_DOUBLE_LIST,
    .name = "weights",
    .doc = "w_1+w_2+...: one weight > 0 per part (default all 1)",
    .default_value = NULL,
    .min = 0.0, /* > 0 is checked per part, with a message that names it */
    .max = INFINITY,
};

static const SteepestPluginParam *const product_params[] = { &weights_param, NULL };

static inline const SteepestPluginNormClass *
methods_of(const SteepestNorm *part)
{
    return &part->klass->methods;
}

/* Puts "part i (name): " before the message a part's failing method left, so
 * the caller learns which part failed; returns rc. */
static int
blame_part(const SteepestProduct *P, size_t i, uint64_t since, int rc)
{
    const char *why = steepest_error_set_since(since) ? steepest_last_error() : "";
    g_autofree char *msg = g_strdup(why[0] ? why : "the method failed");
    g_autofree char *full = g_strdup_printf("part %zu (%s): %s", i + 1, P->parts[i]->spec, msg);
    steepest_set_error(STEEPEST_ERROR_PLUGIN_FAILED, full);
    return rc;
}

/* ‖x‖ = max_i w_i ‖x_i‖_(i) (dual FALSE) or ‖x‖* = Σ_i ‖x_i‖*_(i)/w_i (TRUE). */
static int
combine_parts(const SteepestProduct *P, gboolean dual, const double *x, double *value)
{
    double acc = 0.0;
    for (size_t i = 0; i < P->n_parts; i++) {
        const SteepestNorm *part = P->parts[i];
        const SteepestPluginNormClass *m = methods_of(part);
        double v = 0.0;
        uint64_t since = steepest_error_clock_now();
        int rc = (dual ? m->dual_norm : m->norm)(part->state, part->dim, x + P->start[i], &v);
        if (rc != STEEPEST_PLUGIN_OK)
            return blame_part(P, i, since, rc);
        if (dual)
            acc += v / P->weights[i];
        else if (isnan(v) || v * P->weights[i] > acc || isnan(acc)) /* NaN wins, and stays */
            acc = isnan(acc) ? acc : v * P->weights[i];
    }
    *value = acc;
    return STEEPEST_PLUGIN_OK;
}

static int
product_norm(void *state, size_t n, const double *x, double *value)
{
    (void) n;
    return combine_parts(state, FALSE, x, value);
}

static int
product_dual_norm(void *state, size_t n, const double *z, double *value)
{
    (void) n;
    return combine_parts(state, TRUE, z, value);
}

static void
scale(double *v, size_t n, double factor)
{
    if (factor == 1.0)
        return;
    for (size_t k = 0; k < n; k++)
        v[k] *= factor;
}

/* The plain path: each part's unit direction s_i into out (is_unit[i]), or
 * its duality map d_i s_i for parts without one, which saves the derived
 * unit direction's division pass; then one pass scaling each slice.
 * d[i] = ‖z_i‖*_(i). */
static int
parts_directions(const SteepestProduct *P, const double *z, double *out, double *d, gboolean *is_unit)
{
    for (size_t i = 0; i < P->n_parts; i++) {
        const SteepestNorm *part = P->parts[i];
        const SteepestPluginNormClass *m = methods_of(part);
        size_t o = P->start[i];
        uint64_t since = steepest_error_clock_now();
        is_unit[i] = m->unit_direction != NULL;
        int rc = is_unit[i] ? m->unit_direction(part->state, part->dim, z + o, out + o, &d[i])
                            : m->duality_map(part->state, part->dim, z + o, out + o, &d[i]);
        if (rc != STEEPEST_PLUGIN_OK)
            return blame_part(P, i, since, rc);
    }
    return STEEPEST_PLUGIN_OK;
}

/* Scratch for per-part values: on the stack for the usual few parts. */
#define STACK_PARTS 16

typedef struct {
    double d_stack[STACK_PARTS];
    gboolean u_stack[STACK_PARTS];
    double *d;
    gboolean *is_unit;
} PartScratch;

static gboolean
scratch_init(PartScratch *S, size_t n_parts)
{
    if (n_parts <= STACK_PARTS) {
        S->d = S->d_stack;
        S->is_unit = S->u_stack;
        return TRUE;
    }
    S->d = g_try_new(double, n_parts);
    S->is_unit = g_try_new(gboolean, n_parts);
    return S->d != NULL && S->is_unit != NULL;
}

static void
scratch_clear(PartScratch *S)
{
    if (S->d != S->d_stack)
        g_free(S->d);
    if (S->is_unit != S->u_stack)
        g_free(S->is_unit);
}

static double
sum_weighted(const SteepestProduct *P, const double *d)
{
    double D = 0.0;
    for (size_t i = 0; i < P->n_parts; i++)
        D += d[i] / P->weights[i];
    return D;
}

/* The multiplier of s(z): ‖z‖* for the map, else the caller's c (1 for the
 * unit direction). */
#define MULTIPLIER(scaled, D, c) ((scaled) ? (D) : (c))

static int
plain_direction(const SteepestProduct *P, gboolean scaled, double c, const double *z, double *out,
                PartScratch *S, double *dual)
{
    int rc = parts_directions(P, z, out, S->d, S->is_unit);
    if (rc != STEEPEST_PLUGIN_OK)
        return rc;
    double D = sum_weighted(P, S->d);
    *dual = D;
    for (size_t i = 0; i < P->n_parts; i++) {
        double f = MULTIPLIER(scaled, D, c) / P->weights[i];
        /* A part that gave d_i s_i needs 1/d_i more; d_i = 0 means its
         * output is already the zero it must be (never 0/0). */
        if (!S->is_unit[i])
            f = S->d[i] > 0.0 ? f / S->d[i] : 1.0;
        scale(out + P->start[i], P->parts[i]->dim, f);
    }
    return STEEPEST_PLUGIN_OK;
}

/* The fast path, when every part has scaled_direction (ABI 1.2): all dual
 * norms first (one read of z), then each part writes c_i s_i(z_i) in one
 * pass: the memory traffic of the parts' own maps.  Declines (*done FALSE)
 * when a dual norm is not finite, so the plain path writes what NaN/Inf
 * give. */
static int
fused_direction(const SteepestProduct *P, gboolean scaled, double c, const double *z, double *out,
                PartScratch *S, double *dual, gboolean *done)
{
    *done = FALSE;
    for (size_t i = 0; i < P->n_parts; i++) {
        const SteepestNorm *part = P->parts[i];
        uint64_t since = steepest_error_clock_now();
        int rc = methods_of(part)->dual_norm(part->state, part->dim, z + P->start[i], &S->d[i]);
        if (rc != STEEPEST_PLUGIN_OK)
            return blame_part(P, i, since, rc);
    }
    double D = sum_weighted(P, S->d);
    if (!isfinite(D))
        return STEEPEST_PLUGIN_OK;
    for (size_t i = 0; i < P->n_parts; i++) {
        const SteepestNorm *part = P->parts[i];
        double ci = MULTIPLIER(scaled, D, c) / P->weights[i];
        if (!isfinite(ci))
            return STEEPEST_PLUGIN_OK; /* the plain path gets the same overflow right */
        uint64_t since = steepest_error_clock_now();
        int rc = methods_of(part)->scaled_direction(part->state, part->dim, z + P->start[i], S->d[i], ci,
                                                    out + P->start[i]);
        if (rc != STEEPEST_PLUGIN_OK)
            return blame_part(P, i, since, rc);
    }
    *dual = D;
    *done = TRUE;
    return STEEPEST_PLUGIN_OK;
}

static gboolean
all_fused(const SteepestProduct *P)
{
    for (size_t i = 0; i < P->n_parts; i++)
        if (methods_of(P->parts[i])->scaled_direction == NULL)
            return FALSE;
    return TRUE;
}

/* out = D·s(z) (scaled: D = ‖z‖*) or c·s(z), with s(z)_i = s_i(z_i)/w_i;
 * *dual = ‖z‖*. */
static int
product_direction(const SteepestProduct *P, gboolean scaled, double c, const double *z, double *out,
                  double *dual)
{
    PartScratch S;
    if (!scratch_init(&S, P->n_parts)) {
        scratch_clear(&S);
        steepest_set_error(STEEPEST_ERROR_NO_MEMORY, "product: cannot allocate per-part scratch");
        return STEEPEST_PLUGIN_E_NOMEM;
    }
    gboolean done = FALSE;
    int rc = P->fused ? fused_direction(P, scaled, c, z, out, &S, dual, &done) : STEEPEST_PLUGIN_OK;
    if (rc == STEEPEST_PLUGIN_OK && !done)
        rc = plain_direction(P, scaled, c, z, out, &S, dual);
    scratch_clear(&S);
    return rc;
}

static int
product_duality_map(void *state, size_t n, const double *z, double *zsharp, double *dual_value)
{
    (void) n;
    return product_direction(state, TRUE, 1.0, z, zsharp, dual_value);
}

static int
product_unit_direction(void *state, size_t n, const double *z, double *s, double *dual_value)
{
    (void) n;
    return product_direction(state, FALSE, 1.0, z, s, dual_value);
}

/* A product nested in a product writes its share in one pass too (plus
 * its parts' dual norms again: the caller has only their weighted sum). */
static int
product_scaled_direction(void *state, size_t n, const double *z, double dual, double c, double *out)
{
    (void) n;
    (void) dual;
    double again = 0.0;
    return product_direction(state, FALSE, c, z, out, &again);
}

static int
product_create(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state)
{
    /* Never reached: steepest_norm_new hands product specs to
     * steepest_product_new_from_spec before any create(). */
    (void) args;
    (void) n;
    (void) state;
    host->set_error("product norms are made from a spec with parts=[...] or steepest_norm_product_new()");
    return STEEPEST_PLUGIN_E_PARAMETER;
}

static void
product_free(SteepestProduct *P)
{
    if (P == NULL)
        return;
    for (size_t i = 0; P->parts != NULL && i < P->n_parts; i++)
        steepest_norm_free(P->parts[i]);
    g_free(P->parts);
    g_free(P->weights);
    g_free(P->start);
    g_free(P);
}

static void
product_destroy(void *state)
{
    product_free(state);
}

const SteepestPluginNormClass steepest_product_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "product",
    .dual_name = "product_dual",
    .summary = "max_i w_i ||x_i||_(i) over consecutive parts: product:parts=[SPEC:dim=N|...],weights=W+...; "
               "dual sum_i ||z_i||*_(i)/w_i",
    .params = product_params,
    .create = product_create,
    .destroy = product_destroy,
    .norm = product_norm,
    .dual_norm = product_dual_norm,
    .duality_map = product_duality_map,
    .unit_direction = product_unit_direction,
    .induced_norm = steepest_product_induced_norm,
    .scaled_direction = product_scaled_direction,
};

const SteepestProduct *
steepest_product_of(const SteepestNorm *norm)
{
    return norm != NULL && norm->klass->original == &steepest_product_class ? norm->state : NULL;
}

/* The part's spec with its dimension, as the product spec writes it:
 * "linf" -> "linf:dim=4", "block:size=2" -> "block:size=2,dim=4". */
static void
append_part_spec(GString *s, const SteepestNorm *part)
{
    g_string_append_printf(s, "%s%sdim=%zu", part->spec, strchr(part->spec, ':') ? "," : ":", part->dim);
}

static char *
format_spec(const SteepestProduct *P)
{
    GString *s = g_string_new("product:parts=[");
    gboolean unit = TRUE;
    for (size_t i = 0; i < P->n_parts; i++) {
        if (i)
            g_string_append_c(s, '|');
        append_part_spec(s, P->parts[i]);
        unit = unit && P->weights[i] == 1.0;
    }
    g_string_append_c(s, ']');
    if (!unit) {
        g_string_append(s, ",weights=");
        for (size_t i = 0; i < P->n_parts; i++) {
            if (i)
                g_string_append_c(s, '+');
            steepest_spec_append_double(s, P->weights[i]);
        }
    }
    return g_string_free(s, FALSE);
}

static void
free_parts(size_t n_parts, SteepestNorm **parts)
{
    for (size_t i = 0; i < n_parts; i++)
        steepest_norm_free(parts[i]);
}

/* Checks what both constructors need; on failure frees the parts. */
static int
check_parts(size_t n_parts, SteepestNorm **parts, const double *weights, size_t *dim, unsigned *depth)
{
    int rc = STEEPEST_OK;
    size_t sum = 0;
    unsigned deepest = 0;
    for (size_t i = 0; i < n_parts && rc == STEEPEST_OK; i++) {
        if (weights != NULL && !(weights[i] > 0.0 && isfinite(weights[i])))
            rc = steepest_fail(STEEPEST_ERROR_PARAMETER,
                               "product: part %zu (%s): weight %g must be finite and > 0", i + 1,
                               parts[i]->spec, weights[i]);
        else if (sum > SIZE_MAX - parts[i]->dim)
            rc = steepest_fail(STEEPEST_ERROR_DIMENSION, "product: the parts' dimensions overflow size_t");
        sum += parts[i]->dim;
        const SteepestProduct *inner = steepest_product_of(parts[i]);
        if (inner != NULL && inner->depth > deepest)
            deepest = inner->depth;
    }
    if (rc == STEEPEST_OK && deepest + 1 > STEEPEST_PRODUCT_MAX_DEPTH)
        rc = steepest_fail(STEEPEST_ERROR_PARAMETER, "product: products nest at most %d deep",
                           STEEPEST_PRODUCT_MAX_DEPTH);
    if (rc != STEEPEST_OK) {
        free_parts(n_parts, parts);
        return rc;
    }
    *dim = sum;
    *depth = deepest + 1;
    return STEEPEST_OK;
}

int
steepest_product_new_owned(size_t n_parts, SteepestNorm **parts, const double *weights, SteepestNorm **out)
{
    size_t dim = 0;
    unsigned depth = 0;
    int rc = check_parts(n_parts, parts, weights, &dim, &depth);
    if (rc != STEEPEST_OK)
        return rc;
    const SteepestNormClass *klass = steepest_registry_lookup("product");
    if (klass == NULL || klass->original != &steepest_product_class) { /* registered first: never */
        free_parts(n_parts, parts);
        return steepest_fail(STEEPEST_ERROR_PLUGIN_FAILED, "product: the built-in class is not registered");
    }
    SteepestProduct *P = g_new0(SteepestProduct, 1);
    P->n_parts = n_parts;
    P->parts = g_new(SteepestNorm *, n_parts);
    memcpy(P->parts, parts, n_parts * sizeof *parts);
    P->weights = g_new(double, n_parts);
    P->start = g_new(size_t, n_parts + 1);
    P->depth = depth;
    P->fused = all_fused(P);
    P->start[0] = 0;
    for (size_t i = 0; i < n_parts; i++) {
        P->weights[i] = weights ? weights[i] : 1.0;
        P->start[i + 1] = P->start[i] + parts[i]->dim;
    }
    SteepestNorm *norm = g_new0(SteepestNorm, 1);
    norm->klass = klass;
    norm->state = P;
    norm->dim = dim;
    norm->spec = format_spec(P);
    g_mutex_init(&norm->error_lock);
    *out = norm;
    return STEEPEST_OK;
}

int
steepest_norm_product_new(size_t n_parts, const SteepestNorm *const *parts, const double *weights,
                          SteepestNorm **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_norm_product_new: out is NULL");
    *out = NULL;
    if (n_parts == 0 || parts == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_norm_product_new: %s",
                             n_parts == 0 ? "a product needs at least one part" : "parts is NULL");
    for (size_t i = 0; i < n_parts; i++)
        if (parts[i] == NULL)
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "steepest_norm_product_new: part %zu is NULL", i + 1);
    /* Copies, so the caller's parts stay the caller's: each is made again
     * from its spec and dimension (classes live as long as the process). */
    SteepestNorm **copies = g_new0(SteepestNorm *, n_parts);
    int rc = STEEPEST_OK;
    for (size_t i = 0; i < n_parts && rc == STEEPEST_OK; i++) {
        if ((rc = steepest_product_check_part_class(i + 1, parts[i]->klass->methods.name)) != STEEPEST_OK) {
            free_parts(i, copies);
            break;
        }
        rc = steepest_norm_new(parts[i]->spec, parts[i]->dim, &copies[i]);
        if (rc != STEEPEST_OK) {
            g_autofree char *why = g_strdup(steepest_last_error());
            free_parts(i, copies);
            rc = steepest_fail(rc, "product: part %zu (%s): %s", i + 1, parts[i]->spec, why);
        }
    }
    if (rc == STEEPEST_OK)
        rc = steepest_product_new_owned(n_parts, copies, weights, out);
    g_free(copies);
    return rc;
}

size_t
steepest_norm_product_get_n_parts(const SteepestNorm *norm)
{
    const SteepestProduct *P = steepest_product_of(norm);
    return P ? P->n_parts : 0;
}

const SteepestNorm *
steepest_norm_product_get_part(const SteepestNorm *norm, size_t i, double *weight, size_t *offset)
{
    const SteepestProduct *P = steepest_product_of(norm);
    if (P == NULL || i >= P->n_parts)
        return NULL;
    if (weight)
        *weight = P->weights[i];
    if (offset)
        *offset = P->start[i];
    return P->parts[i];
}
