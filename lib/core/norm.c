/* norm.c — norm instances: creation from spec strings and evaluation.
 *
 * Every entry point checks its arguments, calls the plugin through the copied
 * method table, and turns a non-finite result into STEEPEST_ERROR_NOT_FINITE
 * naming the offending index — after the outputs are written, so the NaN or
 * Inf that docs/theory.md asks for is there to see but never passes for success.
 */
#include "core/steepest-private.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

/* Scratch vectors up to this length live on the stack in the derived paths. */
#define STACK_SCRATCH 256

int
steepest_norm_record(const SteepestNorm *norm, int status)
{
    SteepestNorm *mut = (SteepestNorm *) norm;
    g_mutex_lock(&mut->error_lock);
    g_free(mut->last_error);
    mut->last_error = g_strdup(steepest_last_error());
    g_mutex_unlock(&mut->error_lock);
    return status;
}

/* The copy steepest_norm_last_error() hands out, one per thread, so another
 * thread failing on the same norm cannot free it under the reader. */
static GPrivate norm_error_copy = G_PRIVATE_INIT((GDestroyNotify) g_free);

const char *
steepest_norm_last_error(const SteepestNorm *norm)
{
    if (norm == NULL)
        return "";
    SteepestNorm *mut = (SteepestNorm *) norm;
    g_mutex_lock(&mut->error_lock);
    char *copy = g_strdup(norm->last_error ? norm->last_error : "");
    g_mutex_unlock(&mut->error_lock);
    g_private_replace(&norm_error_copy, copy);
    return copy;
}

int
steepest_norm_new(const char *spec, size_t dim, SteepestNorm **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_norm_new: out is NULL");
    *out = NULL;
    char name[64];
    const char *rest = NULL;
    int rc = steepest_spec_split_name(spec, name, &rest);
    if (rc != STEEPEST_OK)
        return rc;
    if (dim == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension must be at least 1", name);
    const SteepestNormClass *klass = steepest_registry_lookup(name);
    /* Its parts are nested specs, which the flat KEY=VALUE parser cannot read. */
    if (klass != NULL && klass->original == &steepest_product_class)
        return steepest_product_new_from_spec(rest, dim, out);
    if (klass == NULL) {
        GString *known = g_string_new(NULL);
        for (size_t i = 0, n = steepest_registry_count(); i < n; i++)
            g_string_append_printf(known, "%s%s", i ? ", " : "", steepest_registry_get(i)->methods.name);
        rc = steepest_fail(STEEPEST_ERROR_UNKNOWN_NORM, "unknown norm '%s' (available: %s)", name,
                           known->len ? known->str : "none; is STEEPEST_PLUGIN_PATH set?");
        g_string_free(known, TRUE);
        return rc;
    }
    SteepestPluginArgs *args = NULL;
    rc = steepest_spec_parse_args(name, klass->methods.params, rest, &args);
    if (rc != STEEPEST_OK)
        return rc;

    void *state = klass->methods.user_data;
    if (klass->methods.create != NULL) {
        uint64_t since = steepest_error_clock_now();
        state = NULL;
        rc = klass->methods.create(steepest_host(), args, dim, &state);
        if (rc != STEEPEST_PLUGIN_OK) {
            /* A plugin that rejects its arguments says why through set_error. */
            const char *why = steepest_error_set_since(since) ? steepest_last_error() : "";
            int status = rc == STEEPEST_PLUGIN_E_NOMEM       ? STEEPEST_ERROR_NO_MEMORY
                         : rc == STEEPEST_PLUGIN_E_DIMENSION ? STEEPEST_ERROR_DIMENSION
                         : rc == STEEPEST_PLUGIN_E_FAILED    ? STEEPEST_ERROR_PLUGIN_FAILED
                                                             : STEEPEST_ERROR_PARAMETER;
            g_autofree char *msg = g_strdup(why[0] ? why : "the norm rejected its parameters");
            steepest_spec_args_free(args);
            return steepest_fail(status, "%s: %s", name, msg);
        }
    }
    SteepestNorm *norm = g_new0(SteepestNorm, 1);
    norm->klass = klass;
    norm->state = state;
    norm->dim = dim;
    norm->spec = steepest_spec_format(name, args);
    g_mutex_init(&norm->error_lock);
    steepest_spec_args_free(args);
    *out = norm;
    return STEEPEST_OK;
}

void
steepest_norm_free(SteepestNorm *norm)
{
    if (norm == NULL)
        return;
    if (norm->klass->methods.create != NULL && norm->klass->methods.destroy != NULL)
        norm->klass->methods.destroy(norm->state);
    g_mutex_clear(&norm->error_lock);
    g_free(norm->last_error);
    g_free(norm->spec);
    g_free(norm);
}

const char *
steepest_norm_get_name(const SteepestNorm *norm)
{
    return norm ? norm->klass->methods.name : NULL;
}

const char *
steepest_norm_get_spec(const SteepestNorm *norm)
{
    return norm ? norm->spec : NULL;
}

size_t
steepest_norm_get_dim(const SteepestNorm *norm)
{
    return norm ? norm->dim : 0;
}

const SteepestNormClass *
steepest_norm_get_class(const SteepestNorm *norm)
{
    return norm ? norm->klass : NULL;
}

/* ---- argument checks shared by the evaluation calls ---- */

static inline G_ALWAYS_INLINE int
check_call(const SteepestNorm *norm, const char *fn, size_t n, const void *in, const void *out)
{
    if (norm == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: norm is NULL", fn);
    if (in == NULL || out == NULL)
        return steepest_norm_record(norm, steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                                                        in == NULL ? "input vector" : "output"));
    if (n != norm->dim)
        return steepest_norm_record(
            norm, steepest_fail(STEEPEST_ERROR_DIMENSION,
                                "%s: vector has dimension %zu but norm '%s' was made for %zu", fn, n,
                                norm->spec, norm->dim));
    return STEEPEST_OK;
}

static gboolean
overlaps(const double *a, const double *b, size_t n)
{
    return a < b + n && b < a + n;
}

/* A plugin result its contract forbids, from a plugin that said OK: fails
 * with STEEPEST_ERROR_PLUGIN_CONTRACT naming the class, its file and the
 * method; the caller prefixes the entry point.  Cold path only. */
static int contract_violation(const SteepestNorm *norm, const char *method, const char *format, ...)
    G_GNUC_PRINTF(3, 4);

static int
contract_violation(const SteepestNorm *norm, const char *method, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    g_autofree char *what = g_strdup_vprintf(format, ap);
    va_end(ap);
    return steepest_fail(STEEPEST_ERROR_PLUGIN_CONTRACT, "plugin '%s' (%s) broke its contract: %s %s",
                         norm->klass->methods.name, norm->klass->source, method, what);
}

/* Formats a double for messages: "NaN", "-inf", or %.17g. */
static void
format_value(char buf[32], double v)
{
    if (isnan(v))
        g_strlcpy(buf, "NaN", 32);
    else
        g_snprintf(buf, 32, "%.17g", v);
}

/* Turns a plugin failure, a result that breaks the plugin's contract, or a
 * non-finite result into the right status.  `method` is the plugin method
 * that produced `value` (a norm: never negative, NaN only for NaN input).
 * Only the scalar is looked at on the way out; the input is swept only once
 * something is already wrong. */
static inline G_ALWAYS_INLINE int
finish(const SteepestNorm *norm, const char *fn, const char *method, uint64_t since, int rc, double value,
       const char *input_name, const double *input)
{
    if (G_UNLIKELY(rc != STEEPEST_PLUGIN_OK)) {
        const char *why = steepest_error_set_since(since) ? steepest_last_error() : "";
        /* A code the library does not define would reach the caller as an
         * undocumented status: it becomes PLUGIN_FAILED. */
        int known = rc < 0 && strcmp(steepest_status_name(rc), "UNKNOWN") != 0;
        g_autofree char *msg = why[0]  ? g_strdup(why)
                               : known ? g_strdup(steepest_status_describe(rc))
                                       : g_strdup_printf("the plugin returned the undefined code %d", rc);
        int status = known ? rc : STEEPEST_ERROR_PLUGIN_FAILED;
        return steepest_norm_record(norm, steepest_fail(status, "%s (%s): %s", fn, norm->spec, msg));
    }
    if (G_UNLIKELY(!(value >= 0.0) || value == INFINITY)) { /* NaN, negative or +Inf */
        gboolean finite_input = steepest_check_finite(input_name, norm->dim, input) == STEEPEST_OK;
        if (value < 0.0 || (isnan(value) && finite_input)) {
            char shown[32];
            format_value(shown, value);
            contract_violation(norm, method,
                               "returned %s for %s %s (a norm is never negative, and NaN only for NaN input)",
                               shown, finite_input ? "a finite" : "a non-finite", input_name);
            g_autofree char *msg = g_strdup(steepest_last_error());
            return steepest_norm_record(norm, steepest_fail(STEEPEST_ERROR_PLUGIN_CONTRACT, "%s (%s): %s", fn,
                                                            norm->spec, msg));
        }
        if (finite_input) /* finite input, infinite result */
            steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                          "%s (%s): the result overflows the double range although %s is finite", fn,
                          norm->spec, input_name);
        return steepest_norm_record(norm, STEEPEST_ERROR_NOT_FINITE);
    }
    return STEEPEST_OK;
}

/* 1 if v is NaN or ±Inf (all exponent bits set): integer operations, so a
 * loop that ORs it over a vector it writes anyway still vectorizes (a
 * floating-point accumulator would chain every iteration on one add). */
static inline G_ALWAYS_INLINE uint64_t
nonfinite_bit(double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return (~bits & UINT64_C(0x7ff0000000000000)) == 0;
}

/* A direction or map vector `v` the host computed from a plugin's map while
 * looping over it anyway: `bad` is nonzero iff some entry was not finite.
 * Fails with PLUGIN_CONTRACT naming the first such entry when the input z is
 * finite. */
static int
check_swept(const SteepestNorm *norm, const char *method, uint64_t bad, size_t n, const double *v,
            const double *z)
{
    if (G_LIKELY(bad == 0) || steepest_check_finite("z", n, z) != STEEPEST_OK)
        return STEEPEST_PLUGIN_OK;
    size_t i = 0;
    while (i < n && isfinite(v[i]))
        i++;
    char shown[32];
    format_value(shown, i < n ? v[i] : NAN);
    return contract_violation(norm, method, "returned a map with entry [%zu] = %s for a finite z", i, shown);
}

/* ---- evaluation ---- */

int
steepest_norm_norm(const SteepestNorm *norm, size_t n, const double *x, double *value)
{
    int rc = check_call(norm, "steepest_norm_norm", n, x, value);
    if (rc != STEEPEST_OK)
        return rc;
    uint64_t since = steepest_error_clock_now();
    rc = norm->klass->methods.norm(norm->state, n, x, value);
    return finish(norm, "steepest_norm_norm", "norm", since, rc, *value, "x", x);
}

int
steepest_norm_dual_norm(const SteepestNorm *norm, size_t n, const double *z, double *value)
{
    int rc = check_call(norm, "steepest_norm_dual_norm", n, z, value);
    if (rc != STEEPEST_OK)
        return rc;
    uint64_t since = steepest_error_clock_now();
    rc = norm->klass->methods.dual_norm(norm->state, n, z, value);
    return finish(norm, "steepest_norm_dual_norm", "dual_norm", since, rc, *value, "z", z);
}

int
steepest_norm_duality_map(const SteepestNorm *norm, size_t n, const double *z, double *zsharp,
                          double *dual_value)
{
    int rc = check_call(norm, "steepest_norm_duality_map", n, z, zsharp);
    if (rc != STEEPEST_OK)
        return rc;
    if (overlaps(z, zsharp, n))
        return steepest_norm_record(norm, steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                                        "steepest_norm_duality_map: zsharp overlaps z"));
    double dual = 0.0;
    uint64_t since = steepest_error_clock_now();
    rc = norm->klass->methods.duality_map(norm->state, n, z, zsharp, &dual);
    if (dual_value)
        *dual_value = dual;
    return finish(norm, "steepest_norm_duality_map", "duality_map", since, rc, dual, "z", z);
}

/* s = z♯ / ‖z‖* through the duality map, for classes without unit_direction. */
static int
derived_unit_direction(const SteepestNorm *norm, size_t n, const double *z, double *s, double *dual)
{
    int rc = norm->klass->methods.duality_map(norm->state, n, z, s, dual);
    if (rc != STEEPEST_PLUGIN_OK || !isfinite(*dual))
        return rc;
    uint64_t bad = 0;
    if (*dual > 0.0) {
        double inv = 1.0 / *dual;
        if (isfinite(inv)) {
            for (size_t i = 0; i < n; i++) {
                s[i] *= inv;
                bad |= nonfinite_bit(s[i]);
            }
        } else { /* ‖z‖* so small its reciprocal overflows: divide instead */
            for (size_t i = 0; i < n; i++) {
                s[i] /= *dual;
                bad |= nonfinite_bit(s[i]);
            }
        }
    } else if (*dual == 0.0) {
        memset(s, 0, n * sizeof *s); /* z = 0: the zero direction, never NaN */
    }
    return check_swept(norm, "duality_map", bad, n, s, z);
}

int
steepest_norm_raw_unit_direction(const SteepestNorm *norm, size_t n, const double *z, double *s, double *dual)
{
    if (norm->klass->methods.unit_direction != NULL)
        return norm->klass->methods.unit_direction(norm->state, n, z, s, dual);
    return derived_unit_direction(norm, n, z, s, dual);
}

int
steepest_norm_unit_direction(const SteepestNorm *norm, size_t n, const double *z, double *s,
                             double *dual_value)
{
    int rc = check_call(norm, "steepest_norm_unit_direction", n, z, s);
    if (rc != STEEPEST_OK)
        return rc;
    if (overlaps(z, s, n))
        return steepest_norm_record(norm, steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                                        "steepest_norm_unit_direction: s overlaps z"));
    double dual = 0.0;
    uint64_t since = steepest_error_clock_now();
    rc = steepest_norm_raw_unit_direction(norm, n, z, s, &dual);
    if (dual_value)
        *dual_value = dual;
    return finish(norm, "steepest_norm_unit_direction",
                  norm->klass->methods.unit_direction != NULL ? "unit_direction" : "duality_map", since, rc,
                  dual, "z", z);
}

typedef enum { STEP_SCALED, STEP_NORMALIZED } StepKind;

/* The plugin method a derived step's direction comes from, for messages. */
static const char *
method_of_direction(const SteepestNorm *norm, StepKind kind)
{
    return kind == STEP_NORMALIZED && norm->klass->methods.unit_direction != NULL ? "unit_direction"
                                                                                  : "duality_map";
}

/* x_out = x − alpha d, d the map or the unit direction, through a scratch
 * vector: the path for classes without fused kernels. */
static int
derived_step(const SteepestNorm *norm, StepKind kind, size_t n, const double *x, const double *z,
             double alpha, double *x_out, double *dual)
{
    double stack[STACK_SCRATCH];
    double *d = n <= STACK_SCRATCH ? stack : g_try_malloc(n * sizeof *d);
    if (d == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "cannot allocate %zu doubles of scratch space", n);
    int rc = kind == STEP_SCALED ? norm->klass->methods.duality_map(norm->state, n, z, d, dual)
                                 : steepest_norm_raw_unit_direction(norm, n, z, d, dual);
    if (rc == STEEPEST_PLUGIN_OK && isfinite(*dual) && *dual >= 0.0) {
        /* The direction's entries are checked in the loop that uses them,
         * unless derived_unit_direction() checked them already. */
        if (kind == STEP_NORMALIZED && norm->klass->methods.unit_direction == NULL) {
            for (size_t i = 0; i < n; i++)
                x_out[i] = x[i] - alpha * d[i];
        } else {
            uint64_t bad = 0;
            for (size_t i = 0; i < n; i++) {
                x_out[i] = x[i] - alpha * d[i];
                bad |= nonfinite_bit(d[i]);
            }
            rc = check_swept(norm, method_of_direction(norm, kind), bad, n, d, z);
        }
    }
    if (d != stack)
        g_free(d);
    return rc;
}

static int
step(const SteepestNorm *norm, StepKind kind, const char *fn, size_t n, const double *x, const double *z,
     double alpha, double *x_out, double *dual_value)
{
    int rc = check_call(norm, fn, n, x, x_out);
    if (rc != STEEPEST_OK)
        return rc;
    if (z == NULL)
        return steepest_norm_record(norm,
                                    steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: z is NULL", fn));
    if (!isfinite(alpha))
        return steepest_norm_record(norm, steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                                        "%s: step size alpha is %s", fn,
                                                        isnan(alpha) ? "NaN" : "infinite"));
    if ((x_out != x && overlaps(x_out, x, n)) || overlaps(x_out, z, n))
        return steepest_norm_record(norm,
                                    steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: x_out overlaps %s",
                                                  fn, overlaps(x_out, z, n) ? "z" : "x"));
    int (*kernel)(void *, size_t, const double *, const double *, double, double *, double *) =
        kind == STEP_SCALED ? norm->klass->methods.step_scaled : norm->klass->methods.step_normalized;
    double dual = 0.0;
    uint64_t since = steepest_error_clock_now();
    rc = kernel != NULL ? kernel(norm->state, n, x, z, alpha, x_out, &dual)
                        : derived_step(norm, kind, n, x, z, alpha, x_out, &dual);
    if (dual_value)
        *dual_value = dual;
    const char *method = kernel != NULL ? (kind == STEP_SCALED ? "step_scaled" : "step_normalized")
                                        : method_of_direction(norm, kind);
    rc = finish(norm, fn, method, since, rc, dual, "z", z);
    /* The scaled step moves α‖z‖* in the norm: if that overflows, x_out holds
     * Inf (or NaN where ∞·0), and a finite z must not pass that off as done. */
    if (rc == STEEPEST_OK && kind == STEP_SCALED && !isfinite(alpha * dual))
        rc = steepest_norm_record(norm,
                                  steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                                                "%s (%s): the step length alpha * ||z||* = %g * %g overflows",
                                                fn, norm->spec, alpha, dual));
    return rc;
}

int
steepest_norm_step_scaled(const SteepestNorm *norm, size_t n, const double *x, const double *z, double alpha,
                          double *x_out, double *dual_value)
{
    return step(norm, STEP_SCALED, "steepest_norm_step_scaled", n, x, z, alpha, x_out, dual_value);
}

int
steepest_norm_step_normalized(const SteepestNorm *norm, size_t n, const double *x, const double *z,
                              double alpha, double *x_out, double *dual_value)
{
    return step(norm, STEP_NORMALIZED, "steepest_norm_step_normalized", n, x, z, alpha, x_out, dual_value);
}

int
steepest_norm_direction_error(const SteepestNorm *norm, size_t n, const double *z, double *error)
{
    int rc = check_call(norm, "steepest_norm_direction_error", n, z, error);
    if (rc != STEEPEST_OK)
        return rc;
    /* Classes of ABI 1.2 and later may say how approximate they are; the
     * copied method table has the field NULL for older ones. */
    if (norm->klass->methods.direction_error == NULL) {
        rc = steepest_check_finite("z", n, z);
        *error = rc == STEEPEST_OK ? 0.0 : NAN;
        return rc == STEEPEST_OK ? STEEPEST_OK : steepest_norm_record(norm, rc);
    }
    uint64_t since = steepest_error_clock_now();
    rc = norm->klass->methods.direction_error(norm->state, n, z, error);
    return finish(norm, "steepest_norm_direction_error", "direction_error", since, rc, *error, "z", z);
}
