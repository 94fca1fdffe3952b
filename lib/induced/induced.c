/* induced.c — induced matrix norms: the options handle and
 * steepest_norm_induced().
 *
 * The heavy algorithms live in matrix*.c and lsep.c.  A plugin's induced_norm
 * method calls a host service (core/registry-host.c; the plugin links nothing
 * but its own code), the service runs the kernel and fills the plugin's
 * result; this file validates the caller's input first and turns a plugin
 * failure into a status code with a message.
 */
#include "induced/matrix-private.h"

#include <math.h>
#include <string.h>

struct SteepestInducedOptions {
    int mode;
    unsigned max_exact_dim;
    double time_budget;
    unsigned threads;
    uint64_t seed;
    unsigned restarts;
    SteepestProgressFn progress;
    void *user_data;
};

static const SteepestInducedOptions default_options = {
    .mode = STEEPEST_INDUCED_AUTO,
    .max_exact_dim = 24,
    .time_budget = 10.0,
    .threads = 0,
    .seed = 0,
    .restarts = 0,
    .progress = NULL,
    .user_data = NULL,
};

SteepestInducedOptions *
steepest_induced_options_new(void)
{
    SteepestInducedOptions *o = g_new(SteepestInducedOptions, 1);
    *o = default_options;
    return o;
}

void
steepest_induced_options_free(SteepestInducedOptions *opts)
{
    g_free(opts);
}

#define CHECK_OPTS(fn) \
    if (opts == NULL)  \
    return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: options are NULL", fn)

int
steepest_induced_options_set_mode(SteepestInducedOptions *opts, int mode)
{
    CHECK_OPTS("steepest_induced_options_set_mode");
    if (mode != STEEPEST_INDUCED_AUTO && mode != STEEPEST_INDUCED_EXACT && mode != STEEPEST_INDUCED_BOUNDS)
        return steepest_fail(
            STEEPEST_ERROR_INVALID_ARGUMENT,
            "steepest_induced_options_set_mode: %d is not a SteepestInducedMode (0 AUTO, 1 EXACT, 2 BOUNDS)",
            mode);
    opts->mode = mode;
    return STEEPEST_OK;
}

int
steepest_induced_options_set_max_exact_dim(SteepestInducedOptions *opts, unsigned dim)
{
    CHECK_OPTS("steepest_induced_options_set_max_exact_dim");
    opts->max_exact_dim = dim;
    return STEEPEST_OK;
}

int
steepest_induced_options_set_time_budget(SteepestInducedOptions *opts, double seconds)
{
    CHECK_OPTS("steepest_induced_options_set_time_budget");
    if (isnan(seconds))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_induced_options_set_time_budget: NaN seconds");
    opts->time_budget = seconds;
    return STEEPEST_OK;
}

int
steepest_induced_options_set_threads(SteepestInducedOptions *opts, unsigned threads)
{
    CHECK_OPTS("steepest_induced_options_set_threads");
    if (threads > 256)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_induced_options_set_threads: %u threads is more than the limit 256",
                             threads);
    opts->threads = threads;
    return STEEPEST_OK;
}

int
steepest_induced_options_set_seed(SteepestInducedOptions *opts, uint64_t seed)
{
    CHECK_OPTS("steepest_induced_options_set_seed");
    opts->seed = seed;
    return STEEPEST_OK;
}

int
steepest_induced_options_set_restarts(SteepestInducedOptions *opts, unsigned restarts)
{
    CHECK_OPTS("steepest_induced_options_set_restarts");
    opts->restarts = restarts;
    return STEEPEST_OK;
}

int
steepest_induced_options_set_progress(SteepestInducedOptions *opts, SteepestProgressFn fn, void *user_data)
{
    CHECK_OPTS("steepest_induced_options_set_progress");
    opts->progress = fn;
    opts->user_data = user_data;
    return STEEPEST_OK;
}

void
steepest_induced_query_from_options(const SteepestInducedOptions *opts, SteepestPluginInducedQuery *query)
{
    if (opts == NULL)
        opts = &default_options;
    memset(query, 0, sizeof *query);
    query->struct_size = sizeof *query;
    query->mode = (uint32_t) opts->mode;
    query->max_exact_dim = opts->max_exact_dim;
    query->threads = opts->threads;
    query->time_budget = opts->time_budget;
    query->seed = opts->seed;
    query->restarts = opts->restarts;
    query->progress = opts->progress;
    query->user_data = opts->user_data;
}

/* ---- the entry point ---- */

/* A plugin's return code as a library status. */
static int
status_of_plugin_code(int rc)
{
    switch (rc) {
    case STEEPEST_ERROR_INVALID_ARGUMENT:
    case STEEPEST_ERROR_NO_MEMORY:
    case STEEPEST_ERROR_DIMENSION:
    case STEEPEST_ERROR_NOT_FINITE:
    case STEEPEST_ERROR_PARAMETER:
    case STEEPEST_ERROR_UNSUPPORTED:
    case STEEPEST_ERROR_CANCELLED:
    case STEEPEST_ERROR_LINALG:
    case STEEPEST_ERROR_NOT_SYMMETRIC:
    case STEEPEST_ERROR_NOT_PSD:
        return rc;
    default:
        return STEEPEST_ERROR_PLUGIN_FAILED;
    }
}

/* An induced norm of a finite H that overflows the double range cannot be
 * reported, exactly as steepest_norm_norm() refuses an overflowing norm:
 * STEEPEST_ERROR_NOT_FINITE, never an infinite "exact" value. */
static int
overflowed(const char *what, const char *who, const SteepestPluginInducedResult *r)
{
    if (isfinite(r->upper) && isfinite(r->lower))
        return STEEPEST_OK;
    return steepest_fail(
        STEEPEST_ERROR_NOT_FINITE,
        "%s for '%s': the norm of this finite matrix overflows the double range (upper bound %g)", what, who,
        r->upper);
}

int
steepest_norm_induced(const SteepestNorm *norm, size_t n, const double *H, const SteepestInducedOptions *opts,
                      double *lower, double *upper, int *exact, const char **method)
{
    if (norm == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_norm_induced: norm is NULL");
    if (H == NULL)
        return steepest_norm_record(norm, steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                                        "steepest_norm_induced: matrix H is NULL"));
    if (n != norm->dim)
        return steepest_norm_record(
            norm,
            steepest_fail(STEEPEST_ERROR_DIMENSION,
                          "steepest_norm_induced: H is %zu x %zu but norm '%s' was made for dimension %zu", n,
                          n, norm->spec, norm->dim));
    int rc = steepest_matrix_check("steepest_norm_induced", n, H);
    if (rc != STEEPEST_OK)
        return steepest_norm_record(norm, rc);
    const SteepestPluginNormClass *m = &norm->klass->methods;
    if (m->induced_norm == NULL)
        return steepest_norm_record(norm, steepest_fail(STEEPEST_ERROR_UNSUPPORTED,
                                                        "norm '%s' has no induced-norm method", norm->spec));
    SteepestPluginInducedQuery query;
    steepest_induced_query_from_options(opts, &query);
    SteepestPluginInducedResult result = { .struct_size = sizeof result, .lower = NAN, .upper = NAN };

    steepest_clear_error();
    rc = m->induced_norm(norm->state, n, H, &query, &result);
    if (rc != STEEPEST_PLUGIN_OK) {
        g_autofree char *why = g_strdup(steepest_last_error());
        int status = status_of_plugin_code(rc);
        if (why[0] == '\0') {
            g_free(why);
            why =
                g_strdup_printf("the plugin failed with code %d (%s)", rc, steepest_status_describe(status));
        }
        return steepest_norm_record(norm,
                                    steepest_fail(status, "induced norm for '%s': %s", norm->spec, why));
    }
    /* H is finite: NaN, negative or crossed bounds break the plugin's contract. */
    if (isnan(result.lower) || isnan(result.upper) || result.lower < 0.0 || result.lower > result.upper ||
        result.method == NULL)
        return steepest_norm_record(
            norm, steepest_fail(STEEPEST_ERROR_PLUGIN_CONTRACT,
                                "induced norm for '%s': plugin '%s' (%s) broke its contract: induced_norm "
                                "returned %s [lower, upper] = [%.17g, %.17g]%s",
                                norm->spec, m->name, norm->klass->source,
                                result.lower > result.upper ? "lower > upper:" : "the bounds", result.lower,
                                result.upper, result.method == NULL ? " and no method" : ""));
    int over = overflowed("induced norm", norm->spec, &result);
    if (over != STEEPEST_OK)
        return steepest_norm_record(norm, over);
    if (lower != NULL)
        *lower = result.lower;
    if (upper != NULL)
        *upper = result.upper;
    if (exact != NULL)
        *exact = result.exact != 0;
    if (method != NULL)
        *method = result.method;
    return STEEPEST_OK;
}

/* ---- public kernels that take the options handle ---- */

static void
copy_result(const SteepestPluginInducedResult *r, double *lower, double *upper, int *exact,
            const char **method)
{
    if (lower != NULL)
        *lower = r->lower;
    if (upper != NULL)
        *upper = r->upper;
    if (exact != NULL)
        *exact = r->exact != 0;
    if (method != NULL)
        *method = r->method;
}

int
steepest_matrix_inf1(size_t n, const double *H, const SteepestInducedOptions *opts, double *lower,
                     double *upper, int *exact, const char **method)
{
    int rc = steepest_matrix_check("steepest_matrix_inf1", n, H);
    if (rc != STEEPEST_OK)
        return rc;
    SteepestPluginInducedQuery q;
    steepest_induced_query_from_options(opts, &q);
    SteepestPluginInducedResult r = { .struct_size = sizeof r };
    rc = steepest_matrix_inf1_query(n, H, &q, &r);
    if (rc == STEEPEST_OK)
        rc = overflowed("steepest_matrix_inf1", "H", &r);
    if (rc == STEEPEST_OK)
        copy_result(&r, lower, upper, exact, method);
    return rc;
}

int
steepest_matrix_check_blocks(const char *fn, size_t n, size_t n_blocks, const size_t *start)
{
    if (start == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: block table is NULL", fn);
    if (n_blocks == 0 || n_blocks > n)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %zu blocks for dimension %zu", fn,
                             n_blocks, n);
    if (start[0] != 0 || start[n_blocks] != n)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: block table must run from 0 to the dimension %zu (has %zu to %zu)", fn, n,
                             start[0], start[n_blocks]);
    for (size_t b = 0; b < n_blocks; b++)
        if (start[b + 1] <= start[b])
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "%s: block %zu is empty or reversed ([%zu, %zu))", fn, b, start[b],
                                 start[b + 1]);
    return STEEPEST_OK;
}

int
steepest_matrix_block_induced(size_t n, const double *H, size_t n_blocks, const size_t *start,
                              const SteepestInducedOptions *opts, double *lower, double *upper, int *exact,
                              const char **method)
{
    const char *fn = "steepest_matrix_block_induced";
    int rc = steepest_matrix_check(fn, n, H);
    if (rc == STEEPEST_OK)
        rc = steepest_matrix_check_blocks(fn, n, n_blocks, start);
    if (rc != STEEPEST_OK)
        return rc;
    SteepestPluginInducedQuery q;
    steepest_induced_query_from_options(opts, &q);
    SteepestPluginInducedResult r = { .struct_size = sizeof r };
    rc = steepest_matrix_block_query(n, H, n_blocks, start, &q, &r);
    if (rc == STEEPEST_OK)
        rc = overflowed("steepest_matrix_block_induced", "H", &r);
    if (rc == STEEPEST_OK)
        copy_result(&r, lower, upper, exact, method);
    return rc;
}
