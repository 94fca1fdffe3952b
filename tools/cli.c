/* cli.c — shared helpers of the `steepest` program: messages and exit codes,
 * strict parsing of option values, norm spec lists, vectors from options. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

const char *cli_command = "";

/* The format comes from our own callers, checked at theirs. */
static void vreport(const char *format, va_list ap) G_GNUC_PRINTF(1, 0);

static void
vreport(const char *format, va_list ap)
{
    fprintf(stderr, "steepest%s%s: ", cli_command[0] ? " " : "", cli_command);
    vfprintf(stderr, format, ap);
    fputc('\n', stderr);
}

int
cli_usage_error(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vreport(format, ap);
    va_end(ap);
    fprintf(stderr, "Try 'steepest %s%s--help' for more information.\n", cli_command,
            cli_command[0] ? " " : "");
    return CLI_EXIT_USAGE;
}

int
cli_failure(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vreport(format, ap);
    va_end(ap);
    return CLI_EXIT_FAILURE;
}

int
cli_gerror_failure(GError *error)
{
    int code = cli_failure("%s", error != NULL ? error->message : "unknown error");
    g_clear_error(&error);
    return code;
}

int
cli_library_failure(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    char *what = g_strdup_vprintf(format, ap);
    va_end(ap);
    int code = cli_failure("%s: %s", what, steepest_last_error());
    g_free(what);
    return code;
}

GOptionContext *
cli_context(const char *synopsis, const char *summary, const char *description, const GOptionEntry *entries)
{
    GOptionContext *ctx = g_option_context_new(synopsis);
    g_option_context_set_summary(ctx, summary);
    if (description != NULL)
        g_option_context_set_description(ctx, description);
    g_option_context_add_main_entries(ctx, entries, NULL);
    return ctx;
}

int
cli_parse(GOptionContext *ctx, int *argc, char ***argv)
{
    GError *error = NULL;
    gboolean ok = g_option_context_parse(ctx, argc, argv, &error);
    if (!ok) {
        int code = cli_usage_error("%s", error->message);
        g_error_free(error);
        return code;
    }
    return -1;
}

gboolean
cli_parse_u64(const char *option, const char *text, uint64_t *out)
{
    char *end = NULL;
    if (text == NULL || text[0] == '\0' || text[0] == '-' || text[0] == '+' || g_ascii_isspace(text[0])) {
        cli_usage_error("%s: '%s' is not a non-negative integer", option, text ? text : "");
        return FALSE;
    }
    errno = 0;
    guint64 v = g_ascii_strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0') {
        cli_usage_error("%s: '%s' is not a non-negative integer", option, text);
        return FALSE;
    }
    *out = v;
    return TRUE;
}

gboolean
cli_parse_size(const char *option, const char *text, size_t min, size_t max, size_t *out)
{
    uint64_t v;
    if (!cli_parse_u64(option, text, &v))
        return FALSE;
    if (v < min || v > max) {
        cli_usage_error("%s: %s is out of range [%zu, %zu]", option, text, min, max);
        return FALSE;
    }
    *out = (size_t) v;
    return TRUE;
}

gboolean
cli_parse_double(const char *option, const char *text, double min, double max, double *out)
{
    char *end = NULL;
    if (text == NULL || text[0] == '\0' || g_ascii_isspace(text[0])) {
        cli_usage_error("%s: '%s' is not a number", option, text ? text : "");
        return FALSE;
    }
    errno = 0;
    double v = g_ascii_strtod(text, &end);
    if (end == text || *end != '\0') {
        cli_usage_error("%s: '%s' is not a number", option, text);
        return FALSE;
    }
    if (!isfinite(v)) {
        cli_usage_error("%s: '%s' is not finite", option, text);
        return FALSE;
    }
    if (v < min || v > max) {
        cli_usage_error("%s: %s is out of range [%g, %g]", option, text, min, max);
        return FALSE;
    }
    *out = v;
    return TRUE;
}

gboolean
cli_parse_range(const char *option, const char *text, double min, double max, double *lo, double *hi)
{
    const char *colon = text != NULL ? strchr(text, ':') : NULL;
    if (colon == NULL) {
        cli_usage_error("%s: '%s' is not a range A:B", option, text ? text : "");
        return FALSE;
    }
    char *a = g_strndup(text, (gsize) (colon - text));
    gboolean ok =
        cli_parse_double(option, a, min, max, lo) && cli_parse_double(option, colon + 1, min, max, hi);
    g_free(a);
    if (ok && *lo > *hi) {
        cli_usage_error("%s: range '%s' runs backwards", option, text);
        return FALSE;
    }
    return ok;
}

/* A piece "key=value" (key [a-z][a-z0-9_]*) continues the spec before it;
 * anything else starts a new spec.  So "block:size=4,linf" is two specs and
 * "mynorm:a=1,b=2,l2" is "mynorm:a=1,b=2" and "l2". */
static gboolean
is_parameter_piece(const char *piece)
{
    const char *eq = strchr(piece, '=');
    const char *colon = strchr(piece, ':');
    if (eq == NULL || (colon != NULL && colon < eq) || !g_ascii_islower(piece[0]))
        return FALSE;
    for (const char *p = piece; p < eq; p++)
        if (!(g_ascii_islower(*p) || g_ascii_isdigit(*p) || *p == '_'))
            return FALSE;
    return TRUE;
}

gchar **
cli_split_norm_specs(const char *text)
{
    gchar **pieces = g_strsplit(text, ",", -1);
    GPtrArray *specs = g_ptr_array_new();
    for (gchar **p = pieces; *p != NULL; p++) {
        if (specs->len > 0 && is_parameter_piece(*p)) {
            char *prev = g_ptr_array_index(specs, specs->len - 1);
            specs->pdata[specs->len - 1] = g_strconcat(prev, ",", *p, NULL);
            g_free(prev);
        } else {
            g_ptr_array_add(specs, g_strdup(*p));
        }
    }
    g_strfreev(pieces);
    g_ptr_array_add(specs, NULL);
    return (gchar **) g_ptr_array_free(specs, FALSE);
}

const char *
cli_norm_label(const char *spec)
{
    if (strcmp(spec, "l2") == 0)
        return "L2";
    if (strcmp(spec, "linf") == 0)
        return "L\u221e";
    if (strcmp(spec, "l1") == 0)
        return "L1";
    return spec;
}

void
cli_load_norms(void)
{
    (void) steepest_registry_count();
}

/* Parses numbers separated by white space and/or commas.  Returns NULL and
 * sets *bad to the offending token on failure. */
static GArray *
parse_numbers(const char *text, char **bad, size_t *bad_line)
{
    GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
    size_t line = 1;
    const char *p = text;
    while (*p != '\0') {
        if (*p == '\n') {
            line++;
            p++;
            continue;
        }
        if (g_ascii_isspace(*p) || *p == ',') {
            p++;
            continue;
        }
        if (*p == '#') { /* comment to the end of the line */
            while (*p != '\0' && *p != '\n')
                p++;
            continue;
        }
        const char *start = p;
        while (*p != '\0' && !g_ascii_isspace(*p) && *p != ',')
            p++;
        char *token = g_strndup(start, (gsize) (p - start));
        char *end = NULL;
        double v = g_ascii_strtod(token, &end);
        if (end == token || *end != '\0' || !isfinite(v)) {
            *bad = token;
            *bad_line = line;
            g_array_free(values, TRUE);
            return NULL;
        }
        g_free(token);
        g_array_append_val(values, v);
    }
    return values;
}

static gboolean
looks_inline(const char *text)
{
    for (const char *p = text; *p != '\0'; p++)
        if (!(g_ascii_isdigit(*p) || strchr("+-.,eE ", *p) != NULL))
            return FALSE;
    return text[0] != '\0';
}

/* TRUE if every comma- or space-separated token reads as a double, "nan"
 * and "inf" included. */
static gboolean
all_tokens_numeric(const char *text)
{
    gchar **tokens = g_strsplit_set(text, ", ", -1);
    gboolean numeric = tokens[0] != NULL;
    for (gchar **t = tokens; *t != NULL && numeric; t++) {
        char *end = NULL;
        if (**t != '\0') {
            g_ascii_strtod(*t, &end);
            numeric = end != *t && *end == '\0';
        }
    }
    g_strfreev(tokens);
    return numeric;
}

int
cli_read_vector(const char *option, const char *text, size_t n, double **out, size_t *len)
{
    char *bad = NULL;
    size_t bad_line = 0;
    GArray *values;
    /* A list with a comma, or of words that read as numbers ("nan"), that
     * names no file is an inline list with a typo or a non-finite value: a
     * usage error naming the value, not a file that cannot be opened. */
    if (looks_inline(text) ||
        ((strchr(text, ',') != NULL || all_tokens_numeric(text)) && !g_file_test(text, G_FILE_TEST_EXISTS))) {
        values = parse_numbers(text, &bad, &bad_line);
        if (values == NULL) {
            int code = cli_usage_error("%s: '%s' is not a finite number", option, bad);
            g_free(bad);
            return code;
        }
        if (values->len == 1 && n > 1) {
            double v = g_array_index(values, double, 0);
            for (size_t i = 1; i < n; i++)
                g_array_append_val(values, v);
        }
    } else {
        char *contents = NULL;
        GError *error = NULL;
        if (!g_file_get_contents(text, &contents, NULL, &error)) {
            int code = cli_failure("%s: cannot read '%s': %s", option, text, error->message);
            g_error_free(error);
            return code;
        }
        values = parse_numbers(contents, &bad, &bad_line);
        g_free(contents);
        if (values == NULL) {
            int code = cli_failure("%s:%zu: '%s' is not a finite number", text, bad_line, bad);
            g_free(bad);
            return code;
        }
    }
    if (values->len == 0) {
        g_array_free(values, TRUE);
        return cli_failure("%s: '%s' holds no numbers", option, text);
    }
    if (n > 0 && values->len != n) {
        size_t got = values->len;
        g_array_free(values, TRUE);
        return cli_failure("%s: '%s' has %zu entries, the problem has dimension %zu", option, text, got, n);
    }
    *len = values->len;
    *out = (double *) (void *) g_array_free(values, FALSE);
    return CLI_EXIT_OK;
}
