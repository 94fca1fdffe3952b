/* cmd-norms.c — `steepest norms`: the loaded norm classes with their
 * parameters, duals and source files, and the plugins that failed to load. */
#include "cli.h"
#include "cli-json.h"

#include <math.h>

static gboolean opt_json = FALSE;
static gchar *opt_spec = NULL;
static gint64 opt_dim = 0;

static const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print JSON instead of text", NULL },
    { "spec", 0, 0, G_OPTION_ARG_STRING, &opt_spec,
      "Describe one norm instance instead: its normalized spec, dimension, and how far its unit "
      "direction of a seeded Gaussian vector is from exact (direction error)",
      "SPEC" },
    { "dim", 0, 0, G_OPTION_ARG_INT64, &opt_dim,
      "Dimension for --spec (default: rows*cols when the spec gives both)", "N" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
};

static void
format_range(char buf[96], double min, double max)
{
    char a[40], b[40];
    if (isinf(min) && isinf(max)) {
        g_strlcpy(buf, "any", 96);
        return;
    }
    if (isinf(min))
        g_strlcpy(a, "-inf", sizeof a);
    else
        g_ascii_formatd(a, sizeof a, "%g", min);
    if (isinf(max))
        g_strlcpy(b, "inf", sizeof b);
    else
        g_ascii_formatd(b, sizeof b, "%g", max);
    g_snprintf(buf, 96, "[%s, %s]", a, b);
}

/* Plugin text and file names, shown with control characters escaped: the
 * registry already rejects such plugin text, but a file name can hold
 * anything, and nothing may reach the terminal raw. */
static const char *
shown(const char *text)
{
    static GPtrArray *kept; /* escaped copies, kept until the program exits */
    if (text == NULL)
        return "";
    gboolean plain = TRUE;
    for (const char *p = text; *p != '\0' && plain; p++)
        plain = (guchar) *p >= 0x20 && *p != 0x7f;
    if (plain && g_utf8_validate(text, -1, NULL))
        return text;
    if (kept == NULL)
        kept = g_ptr_array_new_with_free_func(g_free);
    char *escaped = g_strescape(text, NULL); /* \n, \033, and bytes >= 0x80 as octal */
    g_ptr_array_add(kept, escaped);
    return escaped;
}

static void
print_text(void)
{
    size_t count = steepest_registry_count();
    printf("%zu norm%s available:\n", count, count == 1 ? "" : "s");
    for (size_t i = 0; i < count; i++) {
        const SteepestNormClass *k = steepest_registry_get(i);
        printf("\n%s  (dual: %s)\n", shown(steepest_norm_class_get_name(k)),
               shown(steepest_norm_class_get_dual_name(k)));
        printf("  %s\n  induced matrix norm: %s\n", shown(steepest_norm_class_get_summary(k)),
               steepest_norm_class_has_induced_norm(k) ? "yes" : "no");
        printf("  from: %s\n", shown(steepest_norm_class_get_source(k)));
        size_t np = steepest_norm_class_get_param_count(k);
        for (size_t j = 0; j < np; j++) {
            const char *name, *doc, *def;
            int type;
            double min, max;
            steepest_norm_class_get_param(k, j, &name, &type, &doc, &def, &min, &max);
            char range[96];
            format_range(range, min, max);
            printf("  parameter %s (%s, default %s, range %s): %s\n", shown(name),
                   steepest_param_type_name(type), def != NULL ? shown(def) : "none", range, shown(doc));
        }
    }
    size_t nf = steepest_registry_failure_count();
    if (nf > 0) {
        printf("\n%zu plugin%s failed to load:\n", nf, nf == 1 ? "" : "s");
        for (size_t i = 0; i < nf; i++) {
            const char *path, *reason;
            int status;
            steepest_registry_failure(i, &path, &status, &reason);
            printf("  %s: %s (%s)\n", shown(path), shown(reason), steepest_status_name(status));
        }
    }
    size_t ns = steepest_registry_shadowed_count();
    if (ns > 0) {
        printf("\n%zu norm%s shadowed by one of the same name found earlier on the search path (not used):\n",
               ns, ns == 1 ? "" : "s");
        for (size_t i = 0; i < ns; i++) {
            const char *name, *path, *winner;
            steepest_registry_shadowed(i, &name, &path, &winner);
            printf("  %s: %s\n    shadowed by %s\n", shown(name), shown(path), shown(winner));
        }
    }
}

static void
print_json(void)
{
    CliJson *j = cli_json_new(stdout);
    cli_json_begin_object(j, NULL);
    cli_json_string(j, "plugin_dir", steepest_plugin_dir());
    cli_json_begin_array(j, "norms");
    for (size_t i = 0; i < steepest_registry_count(); i++) {
        const SteepestNormClass *k = steepest_registry_get(i);
        cli_json_begin_object(j, NULL);
        cli_json_string(j, "name", steepest_norm_class_get_name(k));
        cli_json_string(j, "dual", steepest_norm_class_get_dual_name(k));
        cli_json_string(j, "summary", steepest_norm_class_get_summary(k));
        cli_json_string(j, "source", steepest_norm_class_get_source(k));
        cli_json_bool(j, "induced_norm", steepest_norm_class_has_induced_norm(k));
        cli_json_begin_array(j, "parameters");
        for (size_t p = 0; p < steepest_norm_class_get_param_count(k); p++) {
            const char *name, *doc, *def;
            int type;
            double min, max;
            steepest_norm_class_get_param(k, p, &name, &type, &doc, &def, &min, &max);
            cli_json_begin_object(j, NULL);
            cli_json_string(j, "name", name);
            cli_json_string(j, "type", steepest_param_type_name(type));
            cli_json_string(j, "default", def);
            cli_json_number(j, "min", min); /* ±inf: null, i.e. unbounded */
            cli_json_number(j, "max", max);
            cli_json_string(j, "doc", doc);
            cli_json_end_object(j);
        }
        cli_json_end_array(j);
        cli_json_end_object(j);
    }
    cli_json_end_array(j);
    cli_json_begin_array(j, "failures");
    for (size_t i = 0; i < steepest_registry_failure_count(); i++) {
        const char *path, *reason;
        int status;
        steepest_registry_failure(i, &path, &status, &reason);
        cli_json_begin_object(j, NULL);
        cli_json_string(j, "path", path);
        cli_json_string(j, "status", steepest_status_name(status));
        cli_json_string(j, "reason", reason);
        cli_json_end_object(j);
    }
    cli_json_end_array(j);
    cli_json_begin_array(j, "shadowed");
    for (size_t i = 0; i < steepest_registry_shadowed_count(); i++) {
        const char *name, *path, *winner;
        steepest_registry_shadowed(i, &name, &path, &winner);
        cli_json_begin_object(j, NULL);
        cli_json_string(j, "name", name);
        cli_json_string(j, "path", path);
        cli_json_string(j, "shadowed_by", winner);
        cli_json_end_object(j);
    }
    cli_json_end_array(j);
    cli_json_end_object(j);
    cli_json_free(j);
}

/* rows*cols from a spec's top-level "rows=" and "cols=" (0 if absent). */
static gint64
spec_matrix_dim(const char *spec)
{
    const char *colon = strchr(spec, ':');
    gint64 rows = 0, cols = 0;
    if (colon == NULL)
        return 0;
    gchar **kv = g_strsplit(colon + 1, ",", -1);
    for (gchar **p = kv; *p != NULL; p++) {
        if (g_str_has_prefix(*p, "rows="))
            rows = g_ascii_strtoll(*p + 5, NULL, 10);
        else if (g_str_has_prefix(*p, "cols="))
            cols = g_ascii_strtoll(*p + 5, NULL, 10);
    }
    g_strfreev(kv);
    return rows > 0 && cols > 0 && rows <= G_MAXINT64 / cols ? rows * cols : 0;
}

/* `steepest norms --spec SPEC`: one instance and its direction error on a
 * standard normal vector drawn with seed 1. */
static int
describe_instance(const char *spec)
{
    gint64 dim = opt_dim > 0 ? opt_dim : spec_matrix_dim(spec);
    if (dim <= 0)
        return cli_usage_error("--spec %s: give the dimension with --dim N", spec);
    SteepestNorm *norm = NULL;
    if (steepest_norm_new(spec, (size_t) dim, &norm) != STEEPEST_OK)
        return cli_usage_error("--spec: %s", steepest_last_error());
    double *z = g_try_new(double, (gsize) dim);
    if (z == NULL) {
        steepest_norm_free(norm);
        return cli_usage_error("--dim %" G_GINT64_FORMAT ": out of memory", dim);
    }
    GRand *rng = g_rand_new_with_seed(1);
    for (gint64 i = 0; i < dim; i++) { /* Box–Muller */
        double u = 1.0 - g_rand_double(rng), v = g_rand_double(rng);
        z[i] = sqrt(-2.0 * log(u)) * cos(2.0 * G_PI * v);
    }
    g_rand_free(rng);
    double err = 0.0;
    int rc = steepest_norm_direction_error(norm, (size_t) dim, z, &err);
    int code = CLI_EXIT_OK;
    if (rc != STEEPEST_OK) {
        code = cli_usage_error("--spec %s: %s", spec, steepest_last_error());
    } else if (opt_json) {
        CliJson *j = cli_json_new(stdout);
        cli_json_begin_object(j, NULL);
        cli_json_string(j, "spec", steepest_norm_get_spec(norm));
        cli_json_number(j, "dim", (double) dim);
        cli_json_number(j, "direction_error", err);
        cli_json_end_object(j);
        cli_json_free(j);
    } else {
        printf("%s (dimension %" G_GINT64_FORMAT
               ")\n  direction error on a Gaussian vector (seed 1): %.6g%s\n",
               steepest_norm_get_spec(norm), dim, err, err == 0.0 ? " (exact)" : "");
    }
    g_free(z);
    steepest_norm_free(norm);
    return code;
}

int
cli_cmd_norms(int argc, char **argv)
{
    GOptionContext *ctx =
        cli_context("",
                    "List the norms the plugins provide: name, dual norm, summary, parameters\n"
                    "(type, default, range, meaning), whether an induced matrix norm is available,\n"
                    "and the file each came from.  Plugins that failed to load are listed with\n"
                    "the reason, and modules shadowed by an earlier one of the same name (the\n"
                    "first found on the search path wins) with both paths.",
                    "A norm is named by a spec string, NAME[:KEY=VALUE{,KEY=VALUE}], e.g. linf,\n"
                    "block:size=4, block:sizes=3+3+6, spectral:rows=64,cols=32,polar=ns5.\n"
                    "--spec SPEC describes one instance, e.g. how far an approximate unit\n"
                    "direction (spectral with polar=ns5) is from exact.",
                    entries);
    g_set_prgname("steepest norms");
    int code = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    if (code >= 0)
        return code;
    if (argc > 1)
        return cli_usage_error("unexpected argument '%s'", argv[1]);
    cli_load_norms();
    if (opt_spec != NULL)
        return describe_instance(opt_spec);
    if (opt_json)
        print_json();
    else
        print_text();
    return CLI_EXIT_OK;
}
