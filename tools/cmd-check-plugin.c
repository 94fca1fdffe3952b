/* cmd-check-plugin.c — `steepest check-plugin PATH.so`: loads one plugin
 * module, and nothing else, and checks the laws of cli-conformance.c on
 * every class it holds; prints a pass/fail table (or JSON) and the instance
 * each class was tested as.  Exit 0 when all laws hold, 1 when one fails or
 * the module does not load, 2 on bad usage, 3 when no law fails but a class
 * could not be instantiated (untested: it needs a --spec). */
#include "cli.h"
#include "cli-conformance.h"
#include "cli-json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Not a failure, not a pass: a class the checker could build no instance of. */
enum { EXIT_UNTESTED = 3 };

static gboolean opt_json = FALSE;
static gchar **opt_dims = NULL;
static gchar **opt_specs = NULL;
static gchar *opt_seed = NULL;

static const GOptionEntry entries[] = {
    { "dim", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_dims,
      "Test at dimension N (repeatable; default 1, 2, 3, 7)", "N" },
    { "spec", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_specs,
      "Test this parameterization of a class (repeatable); without one, a class whose parameters have no "
      "default is tested on specs built from its declarations",
      "SPEC" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &opt_seed, "Seed of the random vectors and matrices (default 1)",
      "S" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print JSON instead of a table", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
};

typedef struct {
    char *path; /* absolute */
    size_t dims[64];
    size_t n_dims;
    guint32 seed;
} Request;

/* ---- parse and validate ------------------------------------------------------ */

static int
validate(int argc, char **argv, Request *req)
{
    if (argc != 2)
        return cli_usage_error("expected one plugin module PATH.so, got %d arguments", argc - 1);
    req->path = g_canonicalize_filename(argv[1], NULL);
    static const size_t default_dims[] = { 1, 2, 3, 7 };
    if (opt_dims == NULL) {
        memcpy(req->dims, default_dims, sizeof default_dims);
        req->n_dims = G_N_ELEMENTS(default_dims);
    }
    for (gchar **d = opt_dims; d != NULL && *d != NULL; d++) {
        if (req->n_dims == G_N_ELEMENTS(req->dims))
            return cli_usage_error("at most %zu --dim options", G_N_ELEMENTS(req->dims));
        if (!cli_parse_size("--dim", *d, 1, 4096, &req->dims[req->n_dims++]))
            return CLI_EXIT_USAGE;
    }
    uint64_t seed = 1;
    if (opt_seed != NULL && !cli_parse_u64("--seed", opt_seed, &seed))
        return CLI_EXIT_USAGE;
    req->seed = (guint32) seed;
    return 0;
}

/* ---- run ------------------------------------------------------------------------ */

/* Only the given module: no installed plugins, no STEEPEST_PLUGIN_PATH.  Must
 * run before anything touches the registry, which loads those lazily. */
static void
isolate_registry(void)
{
    g_setenv("STEEPEST_PLUGIN_SYSTEM_PATH", "", TRUE);
    g_unsetenv("STEEPEST_PLUGIN_PATH");
}

/* The registry's failures for this module, "reason; reason". */
static char *
load_failures(const char *path, int status)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < steepest_registry_failure_count(); i++) {
        const char *where = NULL, *reason = NULL;
        int st = 0;
        steepest_registry_failure(i, &where, &st, &reason);
        if (where != NULL && strcmp(where, path) == 0)
            g_string_append_printf(s, "%s%s: %s", s->len ? "; " : "", steepest_status_name(st), reason);
    }
    if (s->len == 0)
        g_string_append_printf(s, "%s: %s", steepest_status_name(status), steepest_last_error());
    return g_string_free(s, FALSE);
}

/* The law rows into results, one CliClassReport per class into classes. */
static void
run_checks(const Request *req, GPtrArray *results, GPtrArray *classes)
{
    isolate_registry();
    int st = steepest_registry_load_plugin(req->path);
    if (st != STEEPEST_OK) {
        char *why = load_failures(req->path, st);
        char *msg = g_strdup_printf("%s does not load: %s", req->path, why);
        g_ptr_array_add(results, cli_law_result_new_failure("-", "load", msg));
        g_free(msg);
        g_free(why);
    }
    CliConformanceOptions opts = {
        .dims = req->dims, .n_dims = req->n_dims, .specs = (const char *const *) opt_specs, .seed = req->seed
    };
    char *real = realpath(req->path, NULL);
    for (size_t i = 0; i < steepest_registry_count(); i++) {
        const SteepestNormClass *klass = steepest_registry_get(i);
        const char *source = steepest_norm_class_get_source(klass);
        if (strcmp(source, req->path) != 0 && (real == NULL || strcmp(source, real) != 0))
            continue;
        g_ptr_array_add(classes, cli_conformance_check_class(klass, &opts, results));
    }
    if (classes->len == 0 && st == STEEPEST_OK) {
        char *msg = g_strdup_printf("%s loads but registers no norm class", req->path);
        g_ptr_array_add(results, cli_law_result_new_failure("-", "load", msg));
        g_free(msg);
    }
    free(real);
}

/* ---- report ------------------------------------------------------------------------ */

static const char *
verdict_name(CliLawVerdict v)
{
    return v == CLI_LAW_PASS       ? "pass"
           : v == CLI_LAW_FAIL     ? "FAIL"
           : v == CLI_LAW_UNTESTED ? "untested"
                                   : "n/a";
}

typedef struct {
    size_t failures; /* law rows that failed */
    size_t untested; /* classes without an instance */
} Tally;

static const char *
module_verdict(Tally t)
{
    return t.failures ? "fail" : t.untested ? "untested" : "pass";
}

static void
print_instances(GPtrArray *classes)
{
    gboolean any_derived = FALSE;
    printf("%-16s %-6s %s\n", "class", "dim", "tested as");
    for (guint i = 0; i < classes->len; i++) {
        const CliClassReport *c = classes->pdata[i];
        for (guint k = 0; k < c->instances->len; k++) {
            const CliInstance *in = &g_array_index(c->instances, CliInstance, k);
            printf("%-16s %-6zu %s%s%s\n", c->klass, in->dim, in->spec, in->derived ? " (derived)" : "",
                   in->induced_only ? " (induced laws only)" : "");
            any_derived = any_derived || in->derived;
        }
        if (c->instances->len == 0)
            printf("%-16s %-6s %s\n", c->klass, "-", "untested");
    }
    if (any_derived)
        printf("(derived): built from the parameter declarations, which have no default; --spec chooses "
               "others\n");
}

static void
print_table(const Request *req, GPtrArray *results, GPtrArray *classes, Tally t)
{
    printf("check-plugin %s\n", req->path);
    printf("%-16s %-16s %-12s %s\n", "class", "law", "worst", "verdict");
    for (guint i = 0; i < results->len; i++) {
        const CliLawResult *r = results->pdata[i];
        char worst[40];
        if (isnan(r->worst))
            g_strlcpy(worst, "-", sizeof worst);
        else
            g_ascii_formatd(worst, sizeof worst, "%.3g", r->worst);
        printf("%-16s %-16s %-12s %s\n", r->klass, r->law, worst, verdict_name(r->verdict));
    }
    if (classes->len > 0)
        print_instances(classes);
    for (guint i = 0; i < results->len; i++) {
        const CliLawResult *r = results->pdata[i];
        if (r->verdict == CLI_LAW_FAIL)
            printf("FAIL %s %s: %s\n", r->klass, r->law, r->detail ? r->detail : "");
    }
    for (guint i = 0; i < classes->len; i++) {
        const CliClassReport *c = classes->pdata[i];
        if (c->verdict == CLI_CLASS_UNTESTED)
            printf("UNTESTED %s: %s\n", c->klass, c->detail);
    }
    if (t.failures)
        printf("%zu law%s failed", t.failures, t.failures == 1 ? "" : "s");
    else if (t.untested)
        printf("no law failed");
    else
        printf("all laws hold");
    if (t.untested)
        printf("; %zu class%s untested", t.untested, t.untested == 1 ? "" : "es");
    printf("\n");
}

static void
print_json(const Request *req, GPtrArray *results, GPtrArray *classes, Tally t)
{
    static const char *const class_verdicts[] = { "pass", "fail", "untested" };
    CliJson *json = cli_json_new(stdout);
    cli_json_begin_object(json, NULL);
    cli_json_string(json, "module", req->path);
    cli_json_string(json, "verdict", module_verdict(t));
    cli_json_bool(json, "passed", t.failures == 0 && t.untested == 0);
    cli_json_int(json, "failures", (long long) t.failures);
    cli_json_int(json, "untested", (long long) t.untested);
    cli_json_begin_array(json, "classes");
    for (guint i = 0; i < classes->len; i++) {
        const CliClassReport *c = classes->pdata[i];
        cli_json_begin_object(json, NULL);
        cli_json_string(json, "class", c->klass);
        cli_json_string(json, "verdict", class_verdicts[c->verdict]);
        cli_json_string(json, "detail", c->detail);
        cli_json_begin_array(json, "instances");
        for (guint k = 0; k < c->instances->len; k++) {
            const CliInstance *in = &g_array_index(c->instances, CliInstance, k);
            cli_json_begin_object(json, NULL);
            cli_json_int(json, "dim", (long long) in->dim);
            cli_json_string(json, "spec", in->spec);
            cli_json_bool(json, "derived", in->derived);
            cli_json_bool(json, "induced_only", in->induced_only);
            cli_json_end_object(json);
        }
        cli_json_end_array(json);
        cli_json_end_object(json);
    }
    cli_json_end_array(json);
    cli_json_begin_array(json, "results");
    for (guint i = 0; i < results->len; i++) {
        const CliLawResult *r = results->pdata[i];
        cli_json_begin_object(json, NULL);
        cli_json_string(json, "class", r->klass);
        cli_json_string(json, "law", r->law);
        cli_json_number(json, "worst", r->worst);
        cli_json_string(json, "verdict", verdict_name(r->verdict));
        cli_json_string(json, "detail", r->detail);
        cli_json_end_object(json);
    }
    cli_json_end_array(json);
    cli_json_end_object(json);
    cli_json_free(json);
}

static Tally
tally(GPtrArray *results, GPtrArray *classes)
{
    Tally t = { 0 };
    for (guint i = 0; i < results->len; i++)
        t.failures += ((const CliLawResult *) results->pdata[i])->verdict == CLI_LAW_FAIL;
    for (guint i = 0; i < classes->len; i++)
        t.untested += ((const CliClassReport *) classes->pdata[i])->verdict == CLI_CLASS_UNTESTED;
    return t;
}

int
cli_cmd_check_plugin(int argc, char **argv)
{
    GOptionContext *ctx =
        cli_context("PATH.so",
                    "Check that a norm plugin keeps its contract: Lemma 3 of the paper, the unit\n"
                    "direction, dual-norm consistency, Hölder, zero and homogeneity, NaN/Inf\n"
                    "handling, parameter declarations, induced-norm bounds against brute force at\n"
                    "d <= 3, and the fused steps against x − α z♯ and x − α s(z).  A class is\n"
                    "tested with its defaults and each --spec for it; when its parameters have no\n"
                    "default and no --spec names it, on the first spec built from the declarations\n"
                    "(divisors of the dimension, ...) that it accepts; the report lists each.",
                    "Only PATH.so is loaded (no installed plugins, STEEPEST_PLUGIN_PATH ignored).\n"
                    "Exit status: 0 every law holds, 1 a law fails or the module does not load,\n"
                    "2 usage error, 3 no law fails but a class accepted no instance (untested:\n"
                    "give it a --spec).  See docs/plugins.md, \"Checking your plugin\".",
                    entries);
    int code = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    Request req = { 0 };
    if (code < 0)
        code = validate(argc, argv, &req);
    if (code == 0) {
        GPtrArray *results = g_ptr_array_new_with_free_func(cli_law_result_free);
        GPtrArray *classes = g_ptr_array_new_with_free_func(cli_class_report_free);
        run_checks(&req, results, classes);
        Tally t = tally(results, classes);
        if (opt_json)
            print_json(&req, results, classes, t);
        else
            print_table(&req, results, classes, t);
        g_ptr_array_unref(results);
        g_ptr_array_unref(classes);
        code = t.failures ? CLI_EXIT_FAILURE : t.untested ? EXIT_UNTESTED : CLI_EXIT_OK;
    }
    g_free(req.path);
    g_strfreev(opt_dims);
    g_strfreev(opt_specs);
    g_free(opt_seed);
    return code;
}
