/* status.c — status names and the per-thread last error. */
#include "core/steepest-private.h"

#include <math.h>
#include <stdarg.h>

/* The plugin ABI promises its codes equal the library's. */
G_STATIC_ASSERT(STEEPEST_PLUGIN_E_INVALID == STEEPEST_ERROR_INVALID_ARGUMENT);
G_STATIC_ASSERT(STEEPEST_PLUGIN_E_NOMEM == STEEPEST_ERROR_NO_MEMORY);
G_STATIC_ASSERT(STEEPEST_PLUGIN_E_DIMENSION == STEEPEST_ERROR_DIMENSION);
G_STATIC_ASSERT(STEEPEST_PLUGIN_E_PARAMETER == STEEPEST_ERROR_PARAMETER);
G_STATIC_ASSERT(STEEPEST_PLUGIN_E_FAILED == STEEPEST_ERROR_PLUGIN_FAILED);
G_STATIC_ASSERT(STEEPEST_PLUGIN_E_UNSUPPORTED == STEEPEST_ERROR_UNSUPPORTED);
G_STATIC_ASSERT(STEEPEST_PLUGIN_E_CANCELLED == STEEPEST_ERROR_CANCELLED);

typedef struct {
    int status;
    GString *message;
    uint64_t stamp; /* steepest_error_clock when the error was set */
} ThreadError;

static void
thread_error_free(gpointer p)
{
    ThreadError *e = p;
    g_string_free(e->message, TRUE);
    g_free(e);
}

atomic_uint_fast64_t steepest_error_clock;

static GPrivate thread_error_key = G_PRIVATE_INIT(thread_error_free);

static ThreadError *
thread_error(void)
{
    ThreadError *e = g_private_get(&thread_error_key);
    if (e == NULL) {
        e = g_new0(ThreadError, 1);
        e->message = g_string_new(NULL);
        g_private_set(&thread_error_key, e);
    }
    return e;
}

static const struct {
    int status;
    const char *name;
    const char *description;
} status_table[] = {
    { STEEPEST_OK, "OK", "success" },
    { STEEPEST_STOP_STATIONARY, "STOP_STATIONARY", "the gradient is exactly zero" },
    { STEEPEST_STOP_GRAD_TOL, "STOP_GRAD_TOL", "the dual gradient norm fell below the tolerance" },
    { STEEPEST_STOP_FTOL_REL, "STOP_FTOL_REL", "the relative change of f fell below the tolerance" },
    { STEEPEST_STOP_FTOL_ABS, "STOP_FTOL_ABS", "the absolute change of f fell below the tolerance" },
    { STEEPEST_STOP_XTOL, "STOP_XTOL", "the step length fell below the tolerance" },
    { STEEPEST_STOP_MAX_ITER, "STOP_MAX_ITER", "the iteration limit was reached" },
    { STEEPEST_STOP_MAX_EVAL, "STOP_MAX_EVAL", "the evaluation limit was reached" },
    { STEEPEST_STOP_MAX_TIME, "STOP_MAX_TIME", "the time limit was reached" },
    { STEEPEST_STOP_USER, "STOP_USER", "the iteration callback asked to stop" },
    { STEEPEST_STOP_CYCLE, "STOP_CYCLE", "the iterates repeat" },
    { STEEPEST_STOP_F_TARGET, "STOP_F_TARGET", "f reached the target value" },
    { STEEPEST_ERROR_INVALID_ARGUMENT, "ERROR_INVALID_ARGUMENT", "an argument is invalid" },
    { STEEPEST_ERROR_NO_MEMORY, "ERROR_NO_MEMORY", "out of memory" },
    { STEEPEST_ERROR_DIMENSION, "ERROR_DIMENSION", "mismatched or unsupported dimension" },
    { STEEPEST_ERROR_NOT_FINITE, "ERROR_NOT_FINITE", "NaN or Inf where a finite number is needed" },
    { STEEPEST_ERROR_SPEC, "ERROR_SPEC", "a norm spec string does not parse" },
    { STEEPEST_ERROR_UNKNOWN_NORM, "ERROR_UNKNOWN_NORM", "no loaded norm has that name" },
    { STEEPEST_ERROR_PARAMETER, "ERROR_PARAMETER", "a norm parameter is unknown, mistyped or out of range" },
    { STEEPEST_ERROR_PLUGIN_LOAD, "ERROR_PLUGIN_LOAD", "a plugin file cannot be loaded" },
    { STEEPEST_ERROR_PLUGIN_ABI, "ERROR_PLUGIN_ABI", "a plugin was built for another ABI major version" },
    { STEEPEST_ERROR_PLUGIN_INVALID, "ERROR_PLUGIN_INVALID", "a plugin's norm class is malformed" },
    { STEEPEST_ERROR_DUPLICATE, "ERROR_DUPLICATE", "a norm of that name is already registered" },
    { STEEPEST_ERROR_PLUGIN_FAILED, "ERROR_PLUGIN_FAILED", "a plugin method reported a failure" },
    { STEEPEST_ERROR_UNSUPPORTED, "ERROR_UNSUPPORTED", "the operation is not supported" },
    { STEEPEST_ERROR_IO, "ERROR_IO", "a file cannot be read or written" },
    { STEEPEST_ERROR_CANCELLED, "ERROR_CANCELLED", "cancelled by a progress callback" },
    { STEEPEST_ERROR_CALLBACK, "ERROR_CALLBACK", "the objective callback reported a failure" },
    { STEEPEST_ERROR_LINALG, "ERROR_LINALG", "a linear-algebra routine failed" },
    { STEEPEST_ERROR_NOT_SYMMETRIC, "ERROR_NOT_SYMMETRIC", "the matrix is not symmetric" },
    { STEEPEST_ERROR_NOT_PSD, "ERROR_NOT_PSD", "the matrix is not positive semidefinite" },
    { STEEPEST_ERROR_LINE_SEARCH, "ERROR_LINE_SEARCH", "the line search found no sufficient decrease" },
    { STEEPEST_ERROR_STATE, "ERROR_STATE", "the call is not valid in the current state" },
    { STEEPEST_ERROR_SIGNATURE, "ERROR_SIGNATURE", "a foreign-function signature does not parse" },
    { STEEPEST_ERROR_SYMBOL, "ERROR_SYMBOL", "the shared library does not export that symbol" },
    { STEEPEST_ERROR_PLUGIN_CONTRACT, "ERROR_PLUGIN_CONTRACT",
      "a plugin returned a result its contract forbids" },
    { STEEPEST_ERROR_FORMAT, "ERROR_FORMAT", "the data is malformed or of another format or version" },
    { STEEPEST_ERROR_DISTRIBUTED, "ERROR_DISTRIBUTED",
      "the ranks of a distributed run disagree or a collective failed" },
};

const char *
steepest_status_name(int status)
{
    for (size_t i = 0; i < G_N_ELEMENTS(status_table); i++)
        if (status_table[i].status == status)
            return status_table[i].name;
    return "UNKNOWN";
}

const char *
steepest_status_describe(int status)
{
    for (size_t i = 0; i < G_N_ELEMENTS(status_table); i++)
        if (status_table[i].status == status)
            return status_table[i].description;
    return "unknown status code";
}

const char *
steepest_last_error(void)
{
    return thread_error()->message->str;
}

int
steepest_last_status(void)
{
    return thread_error()->status;
}

void
steepest_clear_error(void)
{
    ThreadError *e = thread_error();
    e->status = STEEPEST_OK;
    g_string_truncate(e->message, 0);
}

void
steepest_set_error(int status, const char *message)
{
    ThreadError *e = thread_error();
    e->status = status;
    g_string_assign(e->message, message != NULL ? message : "");
    e->stamp = atomic_fetch_add(&steepest_error_clock, 1) + 1;
}

int
steepest_fail(int status, const char *format, ...)
{
    ThreadError *e = thread_error();
    va_list ap;
    va_start(ap, format);
    g_string_vprintf(e->message, format, ap);
    va_end(ap);
    e->status = status;
    e->stamp = atomic_fetch_add(&steepest_error_clock, 1) + 1;
    return status;
}

gboolean
steepest_error_set_since(uint64_t since)
{
    return thread_error()->stamp > since;
}

int
steepest_check_finite(const char *what, size_t n, const double *v)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s[%zu] is %s", what, i,
                                 isnan(v[i]) ? "NaN" : (v[i] > 0 ? "+Inf" : "-Inf"));
    return STEEPEST_OK;
}
