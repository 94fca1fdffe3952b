/* cmd-analyze.c — `steepest analyze`: which geometry suits a problem.  For a
 * symmetric matrix H (the Hessian of f = ½ xᵀHx): eigenvalues, the smoothness
 * constant in each norm (the induced norm ‖H‖, exact or bounded), ρ_diag,
 * Propositions 3 and 5, L_sep, λ_max/λ̄, and the ranked norm comparison of
 * Section 4 at a point.  For a foreign objective: the same comparison with
 * smoothness estimated along the steepest directions (App. D). */
#include "cli.h"
#include "cli-json.h"
#include "cli-matrix.h"
#include "cli-progress.h"

#include <math.h>
#include <string.h>

static gchar **opt_norms = NULL, **opt_blocks = NULL;
static char *opt_point = NULL, *opt_x0 = NULL, *opt_seed = NULL, *opt_exact_limit = NULL;
static char *opt_threads = NULL, *opt_objective = NULL, *opt_signature = NULL, *opt_dim = NULL;
static char *opt_time_budget = NULL;
static char *opt_operator = NULL, *opt_storage = NULL;
/* Why the dense path was chosen for this file (printed by analyze_matrix). */
static const char *dense_reason = "dense file";
static gboolean opt_exact = FALSE, opt_bounds = FALSE, opt_json = FALSE, opt_no_progress = FALSE;

static const GOptionEntry entries[] = {
    { "norm", 'n', 0, G_OPTION_ARG_STRING_ARRAY, &opt_norms,
      "Also analyze this norm (repeatable; l2, linf and l1 always are)", "SPEC" },
    { "block", 'b', 0, G_OPTION_ARG_STRING_ARRAY, &opt_blocks,
      "Also analyze a block norm: size=K, sizes=A+B+... or a full block:... spec (repeatable)", "SPEC" },
    { "point", 'p', 0, G_OPTION_ARG_STRING, &opt_point,
      "Compare the norms at the point in FILE (numbers separated by white space or commas)", "FILE" },
    { "x0", 0, 0, G_OPTION_ARG_STRING, &opt_x0,
      "Compare at this point: a,b,c,... or one number for every entry", "VALUES" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &opt_seed,
      "Compare at a random point x ~ N(0, I) drawn from SEED (default 1)", "SEED" },
    { "exact", 0, 0, G_OPTION_ARG_NONE, &opt_exact,
      "Always compute exact induced norms (exponential for linf; progress bar)", NULL },
    { "bounds", 0, 0, G_OPTION_ARG_NONE, &opt_bounds, "Only cheap certified bounds", NULL },
    { "exact-limit", 0, 0, G_OPTION_ARG_STRING, &opt_exact_limit,
      "Largest dimension enumerated by default (default 30: about 2 s on 2 cores)", "D" },
    { "time-budget", 0, 0, G_OPTION_ARG_STRING, &opt_time_budget,
      "Seconds an exact enumeration may take by default (default 30)", "S" },
    { "threads", 'j', 0, G_OPTION_ARG_STRING, &opt_threads,
      "Threads for the enumeration (default: one per core)", "N" },
    { "objective", 0, 0, G_OPTION_ARG_STRING, &opt_objective,
      "Analyze a foreign objective LIB.so:SYMBOL instead of a matrix", "LIB:SYMBOL" },
    { "signature", 0, 0, G_OPTION_ARG_STRING, &opt_signature,
      "Signature of the foreign objective, e.g. 'double(x, g, n)' (see docs/cli.md)", "SIG" },
    { "dim", 'd', 0, G_OPTION_ARG_STRING, &opt_dim,
      "Dimension of the foreign objective (default: the length of the point)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print JSON instead of text", NULL },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &opt_operator,
      "Analyze the Hessian-vector product LIB.so:SYMBOL (int hv(void *, size_t n, const double *v, "
      "double *out); another layout with --signature), with --dim",
      "LIB:SYMBOL" },
    { "storage", 0, 0, G_OPTION_ARG_STRING, &opt_storage,
      "How to hold a coordinate file: auto (default: CSR unless dense is cheaper), dense or sparse", "KIND" },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &opt_no_progress, "No progress bar", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
};

typedef struct {
    char *spec; /* normalized */
    double lower, upper;
    int exact;
    const char *method;
    char *skipped; /* why the norm has no L, or NULL */
} NormResult;

/* The norms to analyze: l2, linf, l1, the blocks and the extras, without duplicates. */
static GPtrArray *
collect_specs(void)
{
    GPtrArray *specs = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(specs, g_strdup("l2"));
    g_ptr_array_add(specs, g_strdup("linf"));
    g_ptr_array_add(specs, g_strdup("l1"));
    for (gchar **b = opt_blocks; b != NULL && *b != NULL; b++)
        g_ptr_array_add(specs,
                        g_str_has_prefix(*b, "block") ? g_strdup(*b) : g_strconcat("block:", *b, NULL));
    for (gchar **s = opt_norms; s != NULL && *s != NULL; s++) {
        gboolean dup = FALSE;
        for (guint k = 0; k < specs->len; k++)
            dup |= strcmp(specs->pdata[k], *s) == 0;
        if (!dup)
            g_ptr_array_add(specs, g_strdup(*s));
    }
    return specs;
}

/* The point of the comparison: --point, --x0, or N(0, I) from --seed. */
static int
get_point(size_t n, uint64_t seed, double **x, const char **origin)
{
    size_t len = 0;
    if (opt_point != NULL) {
        *origin = opt_point;
        return cli_read_vector("--point", opt_point, n, x, &len);
    }
    if (opt_x0 != NULL) {
        *origin = "--x0";
        return cli_read_vector("--x0", opt_x0, n, x, &len);
    }
    *origin = "random";
    *x = g_new(double, n);
    SteepestRng *rng = NULL;
    steepest_rng_new(seed, &rng);
    steepest_rng_fill_normal(rng, n, *x);
    steepest_rng_free(rng);
    return CLI_EXIT_OK;
}

/* ---- the quadratic's gradient, for steepest_compare_gradient ---- */

typedef struct {
    size_t n;
    const double *H;
} Quadratic;

static int
quadratic_gradient(void *user_data, size_t n, const double *x, double *grad)
{
    const Quadratic *q = user_data;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += q->H[i * n + j] * x[j];
        grad[i] = s;
    }
    return 0;
}

/* NULL if the gradient g = Hx is finite, else why the comparison at x
 * cannot be made (newly allocated). */
static char *
gradient_overflow(size_t n, const double *g)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(g[i]))
            return g_strdup_printf("the gradient g = Hx overflows the double range at this x (g[%zu] = %s); "
                                   "a point of smaller norm (--point, --x0) may work",
                                   i,
                                   isnan(g[i]) ? "NaN"
                                   : g[i] > 0  ? "+inf"
                                               : "-inf");
    return NULL;
}

/* The ranked comparison; with_guaranteed adds a text column saying whether
 * each improvement is guaranteed (the sparse report, where L's upper bound
 * need not be certified). */
static void
print_ranking(const SteepestComparison *cmp, gboolean estimated, gboolean with_guaranteed, CliJson *j)
{
    size_t count = steepest_comparison_count(cmp);
    if (j != NULL)
        cli_json_begin_array(j, "ranking");
    else
        printf("  %-4s %-22s %14s %14s %16s%s\n", "rank", "norm", "|g|*", estimated ? "L (estimate)" : "L",
               estimated ? "|g|*^2/L (est.)" : "|g|*^2/L", with_guaranteed ? "  guaranteed" : "");
    for (size_t r = 0; r < count; r++) {
        const char *spec;
        double lo, up, dual, imp;
        int guaranteed;
        steepest_comparison_get(cmp, r, &spec, &lo, &up, NULL, NULL, &dual, &imp, NULL, &guaranteed);
        if (j != NULL) {
            cli_json_begin_object(j, NULL);
            cli_json_int(j, "rank", (long long) r + 1);
            cli_json_string(j, "norm", spec);
            cli_json_number(j, "dual_grad_norm", dual);
            cli_json_number(j, "L", up);
            cli_json_number(j, "improvement", imp);
            cli_json_bool(j, "guaranteed", guaranteed);
            cli_json_end_object(j);
        } else {
            printf("  %-4zu %-22s %14.6g %14.6g %16.6g%s\n", r + 1, spec, dual, up, imp,
                   !with_guaranteed ? ""
                   : guaranteed     ? "  yes"
                                    : "  no (L's upper bound is an estimate)");
        }
    }
    if (j != NULL)
        cli_json_end_array(j);
}

/* ---- shared by the dense and the sparse reports ---- */

static void
norm_results_free(NormResult *res, guint count)
{
    for (guint k = 0; res != NULL && k < count; k++) {
        g_free(res[k].spec);
        g_free(res[k].skipped);
    }
    g_free(res);
}

/* The norms that enter the comparison at a point, with L = their upper
 * bound: every norm with a positive L.  Returns how many. */
static size_t
comparison_inputs(const NormResult *res, guint count, double *L, const char **specs)
{
    size_t m = 0;
    for (guint k = 0; k < count; k++) {
        if (res[k].skipped != NULL || !(res[k].upper > 0))
            continue;
        L[m] = res[k].upper;
        specs[m++] = res[k].spec;
    }
    return m;
}

static gboolean
all_zero(size_t n, const double *v)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] != 0)
            return FALSE;
    return TRUE;
}

/* The smoothness constants, one line per norm; certified is NULL where
 * the report does not mark bounds certified or not (dense). */
static void
print_smoothness(const NormResult *res, guint count, const int *certified)
{
    printf("\nSmoothness constants L = ||H|| (induced norm, Prop. 2):\n");
    for (guint k = 0; k < count; k++) {
        const NormResult *s = &res[k];
        if (s->skipped != NULL)
            printf("  %-22s skipped: %s\n", s->spec, s->skipped);
        else if (s->exact)
            printf("  %-22s L = %-14.8g exact   (%s)\n", s->spec, s->upper, s->method);
        else
            printf("  %-22s L in [%.8g, %.8g]   %s (%s)\n", s->spec, s->lower, s->upper,
                   certified == NULL ? "bounds"
                   : certified[k]    ? "certified bounds"
                                     : "bounds, upper NOT certified",
                   s->method);
    }
}

/* The "smoothness" array of the JSON reports; certified as above. */
static void
json_smoothness(CliJson *j, const NormResult *res, guint count, const int *certified)
{
    cli_json_begin_array(j, "smoothness");
    for (guint k = 0; k < count; k++) {
        cli_json_begin_object(j, NULL);
        cli_json_string(j, "norm", res[k].spec);
        cli_json_number(j, "lower", res[k].lower);
        cli_json_number(j, "upper", res[k].upper);
        cli_json_bool(j, "exact", res[k].exact);
        if (certified != NULL)
            cli_json_bool(j, "certified", certified[k]);
        cli_json_string(j, "method", res[k].method);
        if (res[k].skipped != NULL)
            cli_json_string(j, "skipped", res[k].skipped);
        cli_json_end_object(j);
    }
    cli_json_end_array(j);
}

/* Linf/L2 and R(x) = I_linf/I_l2 = phi(g) d L2/Linf as intervals from the
 * bounds on L2 = res[0] and Linf = res[1]: a ratio of bounds is a bound,
 * never a value.  The ends agree when both L are exact. */
typedef struct {
    int exact;         /* both L exact: the intervals are points */
    double lo, hi;     /* Linf/L2 */
    double R_lo, R_hi; /* R(x); NaN without a comparison */
} RatioBounds;

static void
ratio_bounds_set(RatioBounds *b, const NormResult *res)
{
    b->exact = res[0].exact && res[1].exact;
    b->lo = res[1].lower / res[0].upper;
    b->hi = res[1].upper / res[0].lower;
    b->R_lo = b->R_hi = NAN;
}

static void
ratio_bounds_at(RatioBounds *b, const NormResult *res, size_t n, const double *g)
{
    if (steepest_analysis_improvement_ratio(n, g, res[0].lower, res[1].upper, &b->R_lo) != STEEPEST_OK)
        b->R_lo = NAN;
    if (steepest_analysis_improvement_ratio(n, g, res[0].upper, res[1].lower, &b->R_hi) != STEEPEST_OK)
        b->R_hi = NAN;
}

static void
print_linf_over_l2(const RatioBounds *b, size_t n)
{
    if (b->exact)
        printf("  Linf/L2 = %.6g (Eq. 9: between 1 and d = %zu)\n", b->hi, n);
    else
        printf("  Linf/L2 in [%.6g, %.6g] (a ratio of bounds; Eq. 9: between 1 and d = %zu)\n", b->lo, b->hi,
               n);
}

static void
print_density(double phi, const RatioBounds *b, double R_bound)
{
    if (b->exact)
        printf("  density phi(g) = %.6g, R(x) = I_linf/I_l2 = %.6g", phi, b->R_hi);
    else
        printf("  density phi(g) = %.6g, R(x) = I_linf/I_l2 in [%.6g, %.6g] (from the bounds on L)", phi,
               b->R_lo, b->R_hi);
    if (isfinite(R_bound))
        printf(b->exact ? " (Eq. 13 lower bound %.6g)" : ", Eq. 13 lower bound %.6g", R_bound);
    printf("\n");
}

static void
json_interval(CliJson *j, const char *key, double lower, double upper)
{
    cli_json_begin_object(j, key);
    cli_json_number(j, "lower", lower);
    cli_json_number(j, "upper", upper);
    cli_json_end_object(j);
}

/* ---- matrix mode ----
 * load → spectrum → smoothness per norm → diagonal share and Propositions
 * 3 and 5 → the comparison at a point → one of the two reports.  Each step
 * fills a DenseReport; the reports only read it.  The eigenvalues are
 * computed once: the later questions about H (PSD, λ_max/λ̄, the ℓ2 norm,
 * Eq. 13) reuse the library's per-thread spectrum of the last matrix. */

typedef struct {
    const char *path;
    uint64_t seed;
    size_t n;
    double *H, *eig; /* eigenvalues ascending */
    int psd;
    gboolean zero; /* H = 0: every ratio is 0/0 */
    double lambda_min, lambda_max, lambda_mean, condition;
    double concentration; /* λ_max/λ̄, PSD and nonzero only */
    NormResult *res;      /* l2, linf, l1, then the others */
    guint n_specs;
    int all_exact; /* every L in the comparison exact, not an upper bound */
    RatioBounds ratios;
    double rho, sum_abs;
    double lsep_primal, lsep_dual, linf_lower_sep; /* Prop. 5: (2/π) L_sep <= Linf */
    const char *origin;                            /* of the point x */
    double *x;
    SteepestComparison *cmp;
    char *cmp_error; /* why there is no comparison at x, or NULL */
    double phi, R_bound;
} DenseReport;

static void
dense_report_init(DenseReport *r, const char *path, guint n_specs, uint64_t seed)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->seed = seed;
    r->n_specs = n_specs;
    r->res = g_new0(NormResult, n_specs);
    r->concentration = r->rho = r->sum_abs = NAN;
    r->lsep_primal = r->lsep_dual = r->linf_lower_sep = NAN;
    r->phi = r->R_bound = NAN;
}

static void
dense_report_clear(DenseReport *r)
{
    norm_results_free(r->res, r->n_specs);
    steepest_comparison_free(r->cmp);
    g_free(r->cmp_error);
    g_free(r->x);
    g_free(r->eig);
    g_free(r->H);
}

static int
dense_spectrum(DenseReport *r)
{
    size_t n = r->n;
    r->eig = g_new(double, n);
    if (steepest_matrix_sym_eigenvalues(n, r->H, r->eig) != STEEPEST_OK)
        return cli_library_failure("%s: eigenvalues", r->path);
    double trace = 0;
    for (size_t i = 0; i < n; i++)
        trace += r->eig[i];
    r->lambda_min = r->eig[0];
    r->lambda_max = r->eig[n - 1];
    r->lambda_mean = trace / (double) n;
    r->condition = r->lambda_min > 0 ? r->lambda_max / r->lambda_min : INFINITY;
    r->zero = r->lambda_min == 0 && r->lambda_max == 0;
    steepest_matrix_is_psd(n, r->H, &r->psd, NULL);
    return CLI_EXIT_OK;
}

/* L in the k-th norm, with a progress bar while an enumeration runs. */
static int
dense_norm(DenseReport *r, guint k, const char *spec, SteepestInducedOptions *opts)
{
    NormResult *s = &r->res[k];
    SteepestNorm *norm = NULL;
    if (steepest_norm_new(spec, r->n, &norm) != STEEPEST_OK)
        return cli_usage_error("norm '%s': %s", spec, steepest_last_error());
    s->spec = g_strdup(steepest_norm_get_spec(norm));
    char *label = g_strdup_printf("L(%s)", s->spec);
    CliProgress *bar = cli_progress_new(label, !opt_no_progress && !opt_json);
    g_free(label);
    steepest_induced_options_set_progress(opts, cli_progress_callback, bar);
    int st = steepest_norm_induced(norm, r->n, r->H, opts, &s->lower, &s->upper, &s->exact, &s->method);
    steepest_induced_options_set_progress(opts, NULL, NULL);
    cli_progress_free(bar);
    steepest_norm_free(norm);
    if (st == STEEPEST_ERROR_UNSUPPORTED && k >= 3) {
        /* An extra norm without an induced-norm method: listed, not fatal. */
        s->skipped = g_strdup(steepest_last_error());
        s->lower = s->upper = NAN;
    } else if (st != STEEPEST_OK) {
        return cli_library_failure("%s: induced norm of %s", r->path, s->spec);
    }
    return CLI_EXIT_OK;
}

/* The smoothness constant in every norm. */
static int
dense_norms(DenseReport *r, GPtrArray *specs, SteepestInducedOptions *opts)
{
    for (guint k = 0; k < specs->len; k++) {
        int code = dense_norm(r, k, specs->pdata[k], opts);
        if (code != CLI_EXIT_OK)
            return code;
    }
    r->all_exact = 1;
    for (guint k = 0; k < r->n_specs; k++)
        r->all_exact &= r->res[k].skipped != NULL || r->res[k].exact;
    ratio_bounds_set(&r->ratios, r->res);
    return CLI_EXIT_OK;
}

/* Flops of one mixing-method sweep for L_sep on nnz stored entries (n² for
 * a dense H): 2·nnz·k with the rank k ~ √(2n). */
static double
lsep_sweep_flops(size_t n, size_t nnz)
{
    return 2.0 * (double) nnz * (sqrt(2.0 * (double) n) + 2.0);
}

/* Sweeps for L_sep: about `budget` flops, 10 to 1000: both sides stay
 * certified, more sweeps only narrow the gap. */
static unsigned
lsep_sweeps(size_t n, size_t nnz, double budget)
{
    return (unsigned) fmax(10.0, fmin(1000.0, budget / lsep_sweep_flops(n, nnz)));
}

/* Diagonal share, eigenvalue concentration, Propositions 3 and 5. */
static void
dense_diagonal(DenseReport *r)
{
    steepest_matrix_sum_abs(r->n, r->H, &r->sum_abs);
    if (!r->zero)
        steepest_analysis_rho_diag(r->n, r->H, &r->rho);
    if (!r->psd || r->zero)
        return;
    steepest_analysis_eigen_ratio(r->n, r->H, &r->concentration, NULL, NULL);
    if (steepest_matrix_lsep(r->n, r->H, lsep_sweeps(r->n, r->n * r->n, 4e9), 0, r->seed, &r->lsep_primal,
                             &r->lsep_dual, NULL, NULL) != STEEPEST_OK)
        r->lsep_primal = r->lsep_dual = NAN;
    r->linf_lower_sep = 2 / G_PI * r->lsep_dual;
}

/* The comparison at the point with the L just computed (upper bounds:
 * guaranteed), and φ(g), R(x) and Eq. 13's bound there.  The matrix
 * analysis stands whatever happens at x; only the comparison there can
 * fail, and then says why (a valid [1e308] overflows g = Hx). */
static int
dense_compare(DenseReport *r)
{
    size_t n = r->n;
    int code = get_point(n, r->seed, &r->x, &r->origin);
    if (code != CLI_EXIT_OK)
        return code;
    Quadratic q = { n, r->H };
    double *g = g_new(double, n);
    quadratic_gradient(&q, n, r->x, g);
    gboolean g_zero = all_zero(n, g);
    r->cmp_error = gradient_overflow(n, g);
    if (r->cmp_error == NULL && !g_zero && !r->zero) {
        double *L = g_new(double, r->n_specs);
        const char **spec_list = g_new(const char *, r->n_specs);
        size_t n_cmp = comparison_inputs(r->res, r->n_specs, L, spec_list);
        if (steepest_compare_gradient(quadratic_gradient, &q, n, r->x, spec_list, L, n_cmp, NULL, 0, 0,
                                      &r->cmp) != STEEPEST_OK)
            r->cmp_error = g_strdup(steepest_last_error());
        g_free(L);
        g_free(spec_list);
    }
    if (!g_zero && r->cmp_error == NULL) {
        steepest_analysis_density(n, g, &r->phi);
        if (!r->zero)
            ratio_bounds_at(&r->ratios, r->res, n, g);
        if (r->psd && !r->zero)
            steepest_analysis_improvement_ratio_bound(n, r->H, g, &r->R_bound);
    }
    g_free(g);
    return CLI_EXIT_OK;
}

static void
dense_json_comparison(CliJson *j, const DenseReport *r)
{
    cli_json_begin_object(j, "comparison");
    cli_json_string(j, "point", r->origin);
    cli_json_numbers(j, "x", r->n, r->x);
    cli_json_number(j, "phi", r->phi);
    cli_json_number(j, "improvement_ratio", r->ratios.exact ? r->ratios.R_hi : NAN);
    json_interval(j, "improvement_ratio_bounds", r->ratios.R_lo, r->ratios.R_hi);
    cli_json_number(j, "improvement_ratio_bound", r->R_bound);
    if (r->cmp != NULL)
        print_ranking(r->cmp, FALSE, FALSE, j);
    if (r->cmp_error != NULL)
        cli_json_string(j, "error", r->cmp_error);
    cli_json_end_object(j);
}

static void
dense_print_json(const DenseReport *r)
{
    CliJson *j = cli_json_new(stdout);
    cli_json_begin_object(j, NULL);
    cli_json_string(j, "file", r->path);
    cli_json_int(j, "dim", (long long) r->n);
    cli_json_string(j, "storage", "dense");
    cli_json_string(j, "storage_reason", dense_reason);
    cli_json_bool(j, "psd", r->psd);
    cli_json_begin_object(j, "eigenvalues");
    cli_json_number(j, "min", r->lambda_min);
    cli_json_number(j, "max", r->lambda_max);
    cli_json_number(j, "mean", r->lambda_mean);
    cli_json_number(j, "max_over_mean", r->concentration);
    cli_json_number(j, "condition", r->condition);
    if (r->n <= 64)
        cli_json_numbers(j, "all", r->n, r->eig);
    cli_json_end_object(j);
    json_smoothness(j, r->res, r->n_specs, NULL);
    cli_json_number(j, "Linf_over_L2", r->ratios.exact ? r->ratios.hi : NAN);
    json_interval(j, "Linf_over_L2_bounds", r->ratios.lo, r->ratios.hi);
    cli_json_number(j, "rho_diag", r->rho);
    cli_json_number(j, "prop3_bound", r->sum_abs);
    cli_json_begin_object(j, "L_sep");
    cli_json_number(j, "lower", r->lsep_dual);
    cli_json_number(j, "upper", r->lsep_primal);
    cli_json_number(j, "Linf_lower_2_over_pi", r->linf_lower_sep);
    cli_json_end_object(j);
    dense_json_comparison(j, r);
    cli_json_end_object(j);
    cli_json_free(j);
}

static const char *
dense_kind(const DenseReport *r)
{
    if (r->zero)
        return "zero";
    if (!r->psd)
        return "indefinite (not PSD)";
    return r->lambda_min > 0 ? "positive definite" : "positive semidefinite";
}

static void
dense_text_propositions(const DenseReport *r)
{
    if (r->zero) { /* never print "nan": say what is undefined and why */
        printf("  Linf/L2 undefined: 0/0, since H = 0 makes every L zero (Eq. 9 needs H != 0)\n");
        printf("\nDiagonal share rho_diag undefined: 0/0, since H has no nonzero entry\n");
    } else {
        print_linf_over_l2(&r->ratios, r->n);
        printf("\nDiagonal share rho_diag = %.6g (in [1/d, 1] = [%.4g, 1])\n", r->rho, 1.0 / (double) r->n);
    }
    printf("Proposition 3: Linf <= sum_ij |H_ij| = rho_diag^-1 sum_i lambda_i = %.8g\n", r->sum_abs);
    if (isfinite(r->lsep_primal))
        printf("Proposition 5: Linf <= L_sep <= sum_ij |H_ij|;  L_sep in [%.8g, %.8g] (certified bounds), so "
               "Linf >= (2/pi) L_sep >= %.8g\n",
               r->lsep_dual, r->lsep_primal, r->linf_lower_sep);
    else
        printf("Proposition 5 / L_sep: needs a nonzero positive semidefinite H\n");
}

static void
dense_text_comparison(const DenseReport *r)
{
    if (strcmp(r->origin, "random") == 0)
        printf("\nNorm comparison at a random point x ~ N(0, I) (seed %llu):\n",
               (unsigned long long) r->seed);
    else
        printf("\nNorm comparison at the point from %s:\n", r->origin);
    printf("guaranteed improvement |g|*^2/L of one step with alpha = 1/L%s, g = Hx\n",
           r->all_exact ? "" : " (L the upper bound where it is not exact)");
    if (r->cmp_error != NULL) {
        printf("  cannot be computed at this point: %s\n", r->cmp_error);
    } else if (r->cmp != NULL) {
        print_ranking(r->cmp, FALSE, FALSE, NULL);
        print_density(r->phi, &r->ratios, r->R_bound);
    } else {
        printf("  the gradient is zero there: every norm guarantees nothing\n");
    }
}

static void
dense_print_text(const DenseReport *r)
{
    printf("Matrix %s: %zu x %zu, symmetric, %s\n", r->path, r->n, r->n, dense_kind(r));
    printf("Storage: dense (%s)\n", dense_reason);
    printf("Eigenvalues: min %.6g, max %.6g, mean %.6g", r->lambda_min, r->lambda_max, r->lambda_mean);
    if (isfinite(r->concentration))
        printf(", lambda_max/mean = %.6g", r->concentration);
    if (r->lambda_min > 0)
        printf(", condition number %.6g", r->condition);
    printf("\n");
    print_smoothness(r->res, r->n_specs, NULL);
    dense_text_propositions(r);
    dense_text_comparison(r);
}

static int
analyze_matrix(const char *path, GPtrArray *specs, SteepestInducedOptions *opts, uint64_t seed)
{
    DenseReport r;
    dense_report_init(&r, path, specs->len, seed);
    int code = cli_read_matrix(path, TRUE, &r.n, &r.H);
    if (code == CLI_EXIT_OK)
        code = dense_spectrum(&r);
    if (code == CLI_EXIT_OK)
        code = dense_norms(&r, specs, opts);
    if (code == CLI_EXIT_OK) {
        dense_diagonal(&r);
        code = dense_compare(&r);
    }
    if (code == CLI_EXIT_OK && opt_json)
        dense_print_json(&r);
    else if (code == CLI_EXIT_OK)
        dense_print_text(&r);
    dense_report_clear(&r);
    return code;
}

/* ---- foreign-objective mode ---- */

static int
foreign_gradient(void *user_data, size_t n, const double *x, double *grad)
{
    double f;
    return steepest_foreign_evaluate(user_data, n, x, &f, grad);
}

static gboolean
split_objective(const char *option, const char *text, char **lib, char **symbol)
{
    const char *colon = strrchr(text, ':');
    if (colon == NULL || colon == text || colon[1] == '\0') {
        cli_usage_error("%s: '%s' is not LIB.so:SYMBOL", option, text);
        return FALSE;
    }
    *lib = g_strndup(text, (gsize) (colon - text));
    *symbol = g_strdup(colon + 1);
    return TRUE;
}

int
cli_open_foreign(const char *objective, const char *signature, SteepestForeign **out)
{
    return cli_open_foreign_as("--objective", objective, signature, out);
}

int
cli_open_foreign_as(const char *option, const char *objective, const char *signature, SteepestForeign **out)
{
    if (signature == NULL)
        return cli_usage_error("%s needs --signature (e.g. 'double(x, g, n)')", option);
    if (steepest_foreign_signature_check(signature) != STEEPEST_OK)
        return cli_usage_error("--signature: %s", steepest_last_error());
    char *lib = NULL, *symbol = NULL;
    if (!split_objective(option, objective, &lib, &symbol))
        return CLI_EXIT_USAGE;
    /* A bare file name means the current directory: never the search path. */
    if (strchr(lib, '/') == NULL) {
        char *p = g_strconcat("./", lib, NULL);
        g_free(lib);
        lib = p;
    }
    int code = CLI_EXIT_OK;
    if (steepest_foreign_new(lib, symbol, signature, out) != STEEPEST_OK)
        code = cli_failure("%s: %s", option, steepest_last_error());
    else if (!steepest_foreign_has_gradient(*out)) {
        code = cli_usage_error("--signature: '%s' has no 'g' argument; a gradient is needed", signature);
        steepest_foreign_free(*out);
        *out = NULL;
    }
    g_free(lib);
    g_free(symbol);
    return code;
}

/* What the estimate for a foreign objective found, for the two reports. */
typedef struct {
    SteepestForeign *fn;
    size_t n;
    double *x;
    const char *origin; /* of the point x */
    SteepestComparison *cmp;
    double R, L2, Linf; /* estimates */
} ObjectiveReport;

/* The point and so the dimension: --dim with the usual point, or the
 * length of --point / --x0. */
static int
objective_point(ObjectiveReport *o, uint64_t seed)
{
    if (opt_dim != NULL && !cli_parse_size("--dim", opt_dim, 1, 100000000, &o->n))
        return CLI_EXIT_USAGE;
    if (o->n > 0)
        return get_point(o->n, seed, &o->x, &o->origin);
    if (opt_point == NULL && opt_x0 == NULL)
        return cli_usage_error("--objective needs --dim, --point or --x0 to know the dimension");
    o->origin = opt_point ? opt_point : "--x0";
    return opt_point ? cli_read_vector("--point", opt_point, 0, &o->x, &o->n)
                     : cli_read_vector("--x0", opt_x0, 0, &o->x, &o->n);
}

/* The ranking and R̂(x) with smoothness estimated along the steepest
 * directions (App. D). */
static int
objective_estimate(ObjectiveReport *o, GPtrArray *specs)
{
    const char **spec_list = g_new(const char *, specs->len);
    for (guint k = 0; k < specs->len; k++)
        spec_list[k] = specs->pdata[k];
    static const double gammas[] = { 1e-4, 1e-3, 1e-2, 1e-1, 1 };
    int st = steepest_compare_gradient(foreign_gradient, o->fn, o->n, o->x, spec_list, NULL, specs->len,
                                       gammas, G_N_ELEMENTS(gammas), 1.0, &o->cmp);
    if (st == STEEPEST_OK)
        st = steepest_analysis_estimate_improvement_ratio(foreign_gradient, o->fn, o->n, o->x, gammas,
                                                          G_N_ELEMENTS(gammas), 1.0, 1.0, &o->R, &o->L2,
                                                          &o->Linf);
    g_free(spec_list);
    if (st != STEEPEST_OK)
        return cli_failure("%s: %s", opt_objective, steepest_last_error());
    return CLI_EXIT_OK;
}

static void
objective_print_json(const ObjectiveReport *o)
{
    CliJson *j = cli_json_new(stdout);
    cli_json_begin_object(j, NULL);
    cli_json_string(j, "objective", opt_objective);
    cli_json_string(j, "signature", steepest_foreign_get_signature(o->fn));
    cli_json_int(j, "dim", (long long) o->n);
    cli_json_string(j, "point", o->origin);
    cli_json_numbers(j, "x", o->n, o->x);
    cli_json_number(j, "L2_estimate", o->L2);
    cli_json_number(j, "Linf_estimate", o->Linf);
    cli_json_number(j, "improvement_ratio_estimate", o->R);
    print_ranking(o->cmp, TRUE, FALSE, j);
    cli_json_end_object(j);
    cli_json_free(j);
}

static void
objective_print_text(const ObjectiveReport *o)
{
    printf("Objective %s, signature %s, dimension %zu, at %s\n", opt_objective,
           steepest_foreign_get_signature(o->fn), o->n, o->origin);
    printf("Smoothness estimated along the steepest directions (App. D): local lower\n"
           "estimates of L, so the improvements are estimates, not guarantees.\n");
    print_ranking(o->cmp, TRUE, FALSE, NULL);
    printf("  estimated R(x) = phi(g) d L2/Linf = %.6g (L2 ~ %.6g, Linf ~ %.6g)\n", o->R, o->L2, o->Linf);
}

static int
analyze_objective(GPtrArray *specs, uint64_t seed)
{
    ObjectiveReport o = { .R = NAN, .L2 = NAN, .Linf = NAN };
    int code = cli_open_foreign(opt_objective, opt_signature, &o.fn);
    if (code == CLI_EXIT_OK)
        code = objective_point(&o, seed);
    if (code == CLI_EXIT_OK)
        code = objective_estimate(&o, specs);
    if (code == CLI_EXIT_OK && opt_json)
        objective_print_json(&o);
    else if (code == CLI_EXIT_OK)
        objective_print_text(&o);
    steepest_comparison_free(o.cmp);
    g_free(o.x);
    steepest_foreign_free(o.fn);
    return code;
}

/* ---- sparse and matrix-free mode ----
 * A coordinate Matrix Market file stays CSR unless dense is cheaper; an
 * --operator library gives only products.  Every question goes to the
 * library's operator form (steepest-operator.h), which says whether its
 * answer is exact, a certified interval or an estimate; the reports print
 * that with every number, and ratios of bounds as intervals.
 * the specs → eigenvalues → PSD-ness → λ_max/λ̄ → trace probes → ρ_diag and
 * Proposition 3 → smoothness per norm with the comparison at a point → φ,
 * R(x) and Eq. 13 there → L_sep → one of the two reports, which only read
 * the SparseReport the steps filled.  A quantity the operator kind cannot give (UNSUPPORTED), or
 * that needs a PSD or nonzero H, is skipped with the library's reason. */

/* One mixing-method sweep of L_sep above this many flops is skipped: the
 * budget under which steepest_operator_inf1 runs its CSR SDP.  Beyond
 * n = 4096 the certificate is diagonal dominance, which is no tighter than
 * Proposition 3 anyway (steepest-operator.h). */
#define LSEP_SWEEP_FLOPS_MAX 4e7
/* Up to this n steepest_operator_lsep certifies by a dense Cholesky. */
#define LSEP_CHOLESKY_MAX_N 4096
/* Sweep budgets (flops): the dense path's up to that n; beyond, where the
 * certificate cannot beat Proposition 3 and sweeps only raise the dual
 * bound, a quarter of it. */
#define LSEP_FLOPS 4e9
#define LSEP_FLOPS_DOMINANCE 1e9

/* What the sparse/operator analysis found, for the two printers.  A char *
 * *_skip is why that quantity is missing (NULL when it is there). */
typedef struct {
    const char *label, *storage, *storage_reason;
    size_t n, nnz;
    int have_eig; /* the extreme Ritz values */
    double lmin, lmax, rmin, rmax;
    char *eig_skip;
    int psd, psd_certified; /* psd: 1 yes, 0 no, -1 undecided */
    double psd_lo, psd_hi;  /* psd_lo <= λ_min <= psd_hi */
    const char *psd_method;
    char *psd_skip;
    double conc_lo, conc_hi, lambda_mean; /* conc_lo <= λ_max/λ̄ <= conc_hi; λ̄ exact */
    int conc_certified;
    char *conc_skip;
    double hutch, hutch_se;
    double rho, sum_abs; /* exact */
    char *entries_skip;
    NormResult *res;
    int *certified;
    guint n_specs;
    RatioBounds ratios;
    /* Which ends are certified: L2's upper bound enters Linf/L2's lower end
     * and R(x)'s upper end, Linf's the other two (lower bounds always are). */
    int l2_up_certified, linf_up_certified;
    double lsep_primal, lsep_dual, linf_lower_sep;
    unsigned lsep_sweeps;
    char *lsep_skip;
    const char *origin;
    uint64_t seed; /* of the random point */
    double *x;
    SteepestComparison *cmp;
    char *cmp_error;
    double phi, R_bound;
    int R_bound_exact, R_bound_certified;
} SparseReport;

static void
sparse_report_init(SparseReport *r, const char *label, const SteepestOperator *op, const char *storage,
                   const char *reason, guint n_specs)
{
    memset(r, 0, sizeof *r);
    r->label = label;
    r->storage = storage;
    r->storage_reason = reason;
    r->n = steepest_operator_dim(op);
    r->n_specs = n_specs;
    r->res = g_new0(NormResult, n_specs);
    r->certified = g_new0(int, n_specs);
    r->psd = -1;
    r->lmin = r->lmax = r->rmin = r->rmax = NAN;
    r->psd_lo = r->psd_hi = r->conc_lo = r->conc_hi = r->lambda_mean = NAN;
    r->rho = r->sum_abs = r->phi = r->R_bound = NAN;
    r->lsep_primal = r->lsep_dual = r->linf_lower_sep = NAN;
    r->ratios.lo = r->ratios.hi = r->ratios.R_lo = r->ratios.R_hi = NAN;
    const SteepestCsr *csr = steepest_operator_csr(op);
    r->nnz = csr != NULL ? steepest_csr_nnz(csr) : 0;
}

static void
sparse_report_clear(SparseReport *r)
{
    norm_results_free(r->res, r->n_specs);
    g_free(r->certified);
    g_free(r->x);
    steepest_comparison_free(r->cmp);
    g_free(r->eig_skip);
    g_free(r->psd_skip);
    g_free(r->conc_skip);
    g_free(r->entries_skip);
    g_free(r->lsep_skip);
    g_free(r->cmp_error);
}

/* The normalized spec of every norm into the table; a bad spec fails
 * before any expensive work. */
static int
sparse_specs(SparseReport *r, GPtrArray *specs)
{
    for (guint k = 0; k < specs->len; k++) {
        SteepestNorm *norm = NULL;
        if (steepest_norm_new(specs->pdata[k], r->n, &norm) != STEEPEST_OK)
            return cli_usage_error("norm '%s': %s", (char *) specs->pdata[k], steepest_last_error());
        r->res[k].spec = g_strdup(steepest_norm_get_spec(norm));
        steepest_norm_free(norm);
    }
    return CLI_EXIT_OK;
}

/* A status after which the quantity is skipped with the library's reason,
 * e.g. "UNSUPPORTED: ..." (the kind cannot give it, H is not PSD, H = 0),
 * rather than failing. */
static gboolean
skippable(int status, char **reason)
{
    if (status != STEEPEST_ERROR_UNSUPPORTED && status != STEEPEST_ERROR_NOT_PSD &&
        status != STEEPEST_ERROR_INVALID_ARGUMENT)
        return FALSE;
    const char *name = steepest_status_name(status);
    *reason =
        g_strdup_printf("%s: %s", g_str_has_prefix(name, "ERROR_") ? name + 6 : name, steepest_last_error());
    return TRUE;
}

/* The extreme eigenvalues by Lanczos: Ritz values, inner bounds. */
static int
sparse_eigen(SparseReport *r, const SteepestOperator *op, SteepestInducedOptions *opts)
{
    int st = steepest_operator_extreme_eigenvalues(op, opts, &r->lmin, &r->lmax, &r->rmin, &r->rmax);
    r->have_eig = st == STEEPEST_OK;
    if (st == STEEPEST_ERROR_UNSUPPORTED)
        r->eig_skip = g_strdup("this libsteepest was built without ARPACK");
    else if (st != STEEPEST_OK)
        return cli_library_failure("%s: eigenvalues", r->label);
    return CLI_EXIT_OK;
}

/* PSD-ness with the interval on λ_min behind the verdict. */
static int
sparse_psd(SparseReport *r, const SteepestOperator *op, SteepestInducedOptions *opts)
{
    int st = steepest_operator_is_psd(op, opts, &r->psd, &r->psd_lo, &r->psd_hi, &r->psd_certified,
                                      &r->psd_method);
    if (st == STEEPEST_OK)
        return CLI_EXIT_OK;
    r->psd = -1;
    if (st == STEEPEST_ERROR_UNSUPPORTED) {
        r->psd_skip = g_strdup(steepest_last_error());
        return CLI_EXIT_OK;
    }
    return cli_library_failure("%s: PSD test", r->label);
}

/* λ_max/λ̄ as an interval, with the exact mean eigenvalue λ̄ = trace/n. */
static int
sparse_concentration(SparseReport *r, const SteepestOperator *op, SteepestInducedOptions *opts)
{
    int st = steepest_analysis_eigen_ratio_operator(op, opts, &r->conc_lo, &r->conc_hi, &r->conc_certified,
                                                    NULL, &r->lambda_mean);
    if (st == STEEPEST_OK || skippable(st, &r->conc_skip))
        return CLI_EXIT_OK;
    return cli_library_failure("%s: lambda_max/mean", r->label);
}

/* Hutchinson's trace estimate from 64 Rademacher probes. */
static int
sparse_probes(SparseReport *r, const SteepestOperator *op, uint64_t seed)
{
    if (steepest_operator_probes(op, 64, seed, NULL, NULL, &r->hutch, &r->hutch_se) != STEEPEST_OK)
        return cli_library_failure("%s: probes", r->label);
    return CLI_EXIT_OK;
}

/* ρ_diag and Proposition 3's Σ|H_ij|, exact: from the entries, or from n
 * products H e_j while n is within the library's column limit. */
static int
sparse_entries(SparseReport *r, const SteepestOperator *op)
{
    if (!steepest_operator_has_entries(op) && r->n > STEEPEST_OPERATOR_COLUMN_LIMIT) {
        r->entries_skip =
            g_strdup_printf("the entries of a matrix-free H take n products H e_j, and n = %zu is "
                            "above STEEPEST_OPERATOR_COLUMN_LIMIT = %d",
                            r->n, STEEPEST_OPERATOR_COLUMN_LIMIT);
        return CLI_EXIT_OK;
    }
    if (steepest_operator_entry_sums(op, NULL, &r->sum_abs, NULL, NULL, NULL) != STEEPEST_OK)
        return cli_library_failure("%s: entry sums", r->label);
    int st = steepest_analysis_rho_diag_operator(op, &r->rho);
    if (st == STEEPEST_OK || skippable(st, &r->entries_skip))
        return CLI_EXIT_OK;
    return cli_library_failure("%s: rho_diag", r->label);
}

/* The smoothness constant of every norm, through the operator forms. */
static int
sparse_norms(SparseReport *r, const SteepestOperator *op, SteepestInducedOptions *opts)
{
    for (guint k = 0; k < r->n_specs; k++) {
        NormResult *s = &r->res[k];
        SteepestNorm *norm = NULL;
        steepest_norm_new(s->spec, r->n, &norm); /* checked by sparse_specs */
        int st = steepest_norm_induced_operator(norm, op, opts, &s->lower, &s->upper, &s->exact,
                                                &r->certified[k], &s->method);
        steepest_norm_free(norm);
        if (st == STEEPEST_ERROR_UNSUPPORTED) {
            s->skipped = g_strdup(steepest_last_error());
            s->lower = s->upper = NAN;
        } else if (st != STEEPEST_OK) {
            return cli_library_failure("%s: induced norm of %s", r->label, s->spec);
        }
    }
    return CLI_EXIT_OK;
}

/* The table from the comparison's entries, which hold each norm's L as
 * steepest_norm_induced_operator gave it (guaranteed = certified upper). */
static void
norms_from_comparison(SparseReport *r)
{
    for (size_t e = 0; e < steepest_comparison_count(r->cmp); e++) {
        const char *spec, *method;
        double lo, up;
        int exact, guaranteed;
        steepest_comparison_get(r->cmp, e, &spec, &lo, &up, &exact, &method, NULL, NULL, NULL, &guaranteed);
        for (guint k = 0; k < r->n_specs; k++)
            if (strcmp(r->res[k].spec, spec) == 0) {
                r->res[k].lower = lo;
                r->res[k].upper = up;
                r->res[k].exact = exact;
                r->res[k].method = method;
                r->certified[k] = guaranteed;
            }
    }
}

/* steepest_compare_quadratic_operator at x over the given specs; what
 * stops it at this x (g overflows, H = 0) goes to cmp_error. */
static int
compare_at(SparseReport *r, const SteepestOperator *op, SteepestInducedOptions *opts, const char **spec_list,
           size_t count)
{
    int st = steepest_compare_quadratic_operator(op, r->x, NULL, spec_list, count, opts, &r->cmp);
    if (st == STEEPEST_ERROR_NOT_FINITE || st == STEEPEST_ERROR_INVALID_ARGUMENT)
        r->cmp_error = g_strdup(steepest_last_error());
    return st;
}

/* The smoothness table and the comparison at the point (L = the upper
 * bounds, guaranteed where certified).  The comparison computes every L
 * itself, so it comes first and fills the table; only when it cannot (a
 * norm without an operator method, or nothing to compare at this x) is the
 * table computed on its own and the comparison rerun over the norms that
 * have an L > 0. */
static int
sparse_smoothness(SparseReport *r, const SteepestOperator *op, SteepestInducedOptions *opts, uint64_t seed)
{
    r->seed = seed;
    int code = get_point(r->n, seed, &r->x, &r->origin);
    if (code != CLI_EXIT_OK)
        return code;
    const char **spec_list = g_new(const char *, r->n_specs);
    double *L = g_new(double, r->n_specs);
    for (guint k = 0; k < r->n_specs; k++)
        spec_list[k] = r->res[k].spec;
    int st = compare_at(r, op, opts, spec_list, r->n_specs);
    if (st == STEEPEST_OK) {
        norms_from_comparison(r);
    } else if (st == STEEPEST_ERROR_UNSUPPORTED || r->cmp_error != NULL) {
        code = sparse_norms(r, op, opts);
        size_t n_cmp = comparison_inputs(r->res, r->n_specs, L, spec_list);
        if (code == CLI_EXIT_OK && r->cmp_error == NULL && n_cmp > 0)
            st = compare_at(r, op, opts, spec_list, n_cmp);
        else if (code == CLI_EXIT_OK && r->cmp_error == NULL)
            r->cmp_error = g_strdup("no norm has a smoothness constant L > 0");
    }
    g_free(L);
    g_free(spec_list);
    if (code == CLI_EXIT_OK && st != STEEPEST_OK && r->cmp_error == NULL)
        code = cli_library_failure("%s: norm comparison", r->label);
    ratio_bounds_set(&r->ratios, r->res);
    r->l2_up_certified = r->certified[0];
    r->linf_up_certified = r->certified[1];
    return code;
}

/* φ(g), R(x)'s interval and Eq. 13's bound at g = Hx (the comparison's). */
static void
sparse_at_point(SparseReport *r, const SteepestOperator *op, SteepestInducedOptions *opts)
{
    size_t n = r->n;
    const double *g = r->cmp != NULL ? steepest_comparison_get_gradient(r->cmp, NULL) : NULL;
    if (g == NULL || all_zero(n, g))
        return;
    steepest_analysis_density(n, g, &r->phi);
    ratio_bounds_at(&r->ratios, r->res, n, g);
    if (steepest_analysis_improvement_ratio_bound_operator(op, g, opts, &r->R_bound, &r->R_bound_exact,
                                                           &r->R_bound_certified) != STEEPEST_OK)
        r->R_bound = NAN; /* needs PSD H: lambda_max/mean says why */
}

/* L_sep's certified interval and Proposition 5's (2/π) L_sep <= Linf,
 * unless one mixing sweep is over budget (then skipped, saying so). */
static int
sparse_lsep(SparseReport *r, const SteepestOperator *op, uint64_t seed)
{
    double flops = lsep_sweep_flops(r->n, r->nnz);
    if (r->nnz > 0 && flops > LSEP_SWEEP_FLOPS_MAX) {
        r->lsep_skip = g_strdup_printf("one mixing-method sweep would take %.2g flops (2 nnz k, rank k ~ "
                                       "sqrt(2n)) and %.0f MB, over the %.0e-flop budget; at n > %d its "
                                       "certificate is diagonal dominance, no tighter than Proposition 3",
                                       flops, (double) r->n * sqrt(2.0 * (double) r->n) * 8e-6,
                                       LSEP_SWEEP_FLOPS_MAX, LSEP_CHOLESKY_MAX_N);
        return CLI_EXIT_OK;
    }
    double budget = r->n <= LSEP_CHOLESKY_MAX_N ? LSEP_FLOPS : LSEP_FLOPS_DOMINANCE;
    int st = steepest_operator_lsep(op, lsep_sweeps(r->n, r->nnz, budget), 0, seed, &r->lsep_primal,
                                    &r->lsep_dual, NULL, &r->lsep_sweeps);
    if (st == STEEPEST_OK) {
        r->linf_lower_sep = 2 / G_PI * r->lsep_dual;
        return CLI_EXIT_OK;
    }
    r->lsep_primal = r->lsep_dual = NAN;
    if (skippable(st, &r->lsep_skip))
        return CLI_EXIT_OK;
    return cli_library_failure("%s: L_sep", r->label);
}

/* "certified" or what is not, for an interval from the library. */
static const char *
certified_label(int certified)
{
    return certified ? "certified bounds" : "bounds, NOT certified: an estimate";
}

/* What a ratio of bounds is, end by end. */
static const char *
ends_label(int lower_certified, int upper_certified)
{
    if (lower_certified && upper_certified)
        return "certified";
    if (lower_certified)
        return "lower end certified, upper end NOT certified: an estimate";
    if (upper_certified)
        return "upper end certified, lower end NOT certified: an estimate";
    return "NOT certified: an estimate";
}

/* An interval with its certified flag (JSON). */
static void
json_interval_certified(CliJson *j, const char *key, double lower, double upper, int certified)
{
    cli_json_begin_object(j, key);
    cli_json_number(j, "lower", lower);
    cli_json_number(j, "upper", upper);
    cli_json_bool(j, "certified", certified);
    cli_json_end_object(j);
}

/* A ratio of bounds (JSON): each end certified or not. */
static void
json_interval_ends(CliJson *j, const char *key, double lower, double upper, int lower_certified,
                   int upper_certified)
{
    cli_json_begin_object(j, key);
    cli_json_number(j, "lower", lower);
    cli_json_number(j, "upper", upper);
    cli_json_bool(j, "lower_certified", lower_certified);
    cli_json_bool(j, "upper_certified", upper_certified);
    cli_json_end_object(j);
}

static void
sparse_json_comparison(CliJson *j, const SparseReport *r)
{
    cli_json_begin_object(j, "comparison");
    cli_json_string(j, "point", r->origin);
    cli_json_number(j, "phi", r->phi);
    json_interval_ends(j, "improvement_ratio_bounds", r->ratios.R_lo, r->ratios.R_hi, r->linf_up_certified,
                       r->l2_up_certified);
    cli_json_number(j, "improvement_ratio_bound", r->R_bound);
    if (isfinite(r->R_bound)) {
        cli_json_bool(j, "improvement_ratio_bound_exact", r->R_bound_exact);
        cli_json_bool(j, "improvement_ratio_bound_certified", r->R_bound_certified);
    }
    if (r->cmp != NULL)
        print_ranking(r->cmp, FALSE, FALSE, j);
    if (r->cmp_error != NULL)
        cli_json_string(j, "error", r->cmp_error);
    cli_json_end_object(j);
}

static void
sparse_json_eigenvalues(CliJson *j, const SparseReport *r)
{
    cli_json_begin_object(j, "eigenvalues");
    if (r->have_eig) {
        cli_json_number(j, "min", r->lmin);
        cli_json_number(j, "max", r->lmax);
        cli_json_number(j, "min_residual", r->rmin);
        cli_json_number(j, "max_residual", r->rmax);
        cli_json_string(j, "method", "Lanczos Ritz values (ARPACK): min >= lambda_min, max <= lambda_max");
    } else {
        cli_json_string(j, "skipped", r->eig_skip);
    }
    cli_json_number(j, "mean", r->lambda_mean);
    cli_json_number(j, "trace", r->lambda_mean * (double) r->n);
    if (r->conc_skip == NULL)
        json_interval_certified(j, "max_over_mean_bounds", r->conc_lo, r->conc_hi, r->conc_certified);
    else
        cli_json_string(j, "max_over_mean_skipped", r->conc_skip);
    cli_json_number(j, "trace_hutchinson", r->hutch);
    cli_json_number(j, "trace_hutchinson_stderr", r->hutch_se);
    cli_json_end_object(j);
}

static void
sparse_json_psd(CliJson *j, const SparseReport *r)
{
    if (r->psd >= 0) {
        cli_json_bool(j, "psd", r->psd);
        cli_json_bool(j, "psd_certified", r->psd_certified);
        cli_json_string(j, "psd_by", r->psd_method);
        json_interval(j, "lambda_min_bounds", r->psd_lo, r->psd_hi);
    } else {
        cli_json_null(j, "psd");
        cli_json_string(j, "psd_skipped", r->psd_skip);
    }
}

static void
sparse_json_lsep(CliJson *j, const SparseReport *r)
{
    cli_json_begin_object(j, "L_sep");
    cli_json_number(j, "lower", r->lsep_dual);
    cli_json_number(j, "upper", r->lsep_primal);
    cli_json_number(j, "Linf_lower_2_over_pi", r->linf_lower_sep);
    if (r->lsep_skip == NULL) {
        cli_json_bool(j, "certified", TRUE);
        cli_json_int(j, "sweeps", r->lsep_sweeps);
    } else {
        cli_json_string(j, "skipped", r->lsep_skip);
    }
    cli_json_end_object(j);
}

static void
sparse_print_json(const SparseReport *r)
{
    CliJson *j = cli_json_new(stdout);
    cli_json_begin_object(j, NULL);
    cli_json_string(j, opt_operator != NULL ? "operator" : "file", r->label);
    cli_json_int(j, "dim", (long long) r->n);
    cli_json_string(j, "storage", r->storage);
    cli_json_string(j, "storage_reason", r->storage_reason);
    if (r->nnz > 0)
        cli_json_int(j, "nnz", (long long) r->nnz);
    sparse_json_psd(j, r);
    sparse_json_eigenvalues(j, r);
    json_smoothness(j, r->res, r->n_specs, r->certified);
    json_interval_ends(j, "Linf_over_L2_bounds", r->ratios.lo, r->ratios.hi, r->l2_up_certified,
                       r->linf_up_certified);
    cli_json_number(j, "rho_diag", r->rho);
    cli_json_number(j, "prop3_bound", r->sum_abs);
    if (r->entries_skip != NULL)
        cli_json_string(j, "entries_skipped", r->entries_skip);
    sparse_json_lsep(j, r);
    sparse_json_comparison(j, r);
    cli_json_end_object(j);
    cli_json_free(j);
}

static void
sparse_text_psd(const SparseReport *r)
{
    if (r->psd < 0)
        printf("PSD: undecided: %s\n", r->psd_skip);
    else
        printf("PSD: %s, %s (lambda_min in [%.8g, %.8g]; %s)\n", r->psd ? "yes" : "no",
               r->psd_certified ? "certified" : "NOT certified: an estimate", r->psd_lo, r->psd_hi,
               r->psd_method);
}

static void
sparse_text_spectrum(const SparseReport *r)
{
    if (r->have_eig)
        printf("Eigenvalues (Lanczos Ritz values, ARPACK; bounds: lambda_min <= min, max <= lambda_max): "
               "min %.8g (residual %.2g), max %.8g (residual %.2g)\n",
               r->lmin, r->rmin, r->lmax, r->rmax);
    else
        printf("Eigenvalues: skipped: %s\n", r->eig_skip);
    if (r->conc_skip == NULL)
        printf(
            "Mean eigenvalue trace/n = %.8g (exact, from the diagonal); lambda_max/mean in [%.6g, %.6g] (%s: "
            "largest Ritz value and Gershgorin max_i sum_j |H_ij| over the mean)\n",
            r->lambda_mean, r->conc_lo, r->conc_hi, certified_label(r->conc_certified));
    else
        printf("Mean eigenvalue and lambda_max/mean: skipped: %s\n", r->conc_skip);
    printf("Trace: Hutchinson estimate %.8g +- %.2g (an estimate: 64 Rademacher probes)\n", r->hutch,
           r->hutch_se);
}

static void
sparse_text_ratio(const SparseReport *r)
{
    if (r->res[0].skipped != NULL || r->res[1].skipped != NULL)
        printf("  Linf/L2: skipped: %s has no bounds\n", r->res[0].skipped != NULL ? "L2" : "Linf");
    else
        printf("  Linf/L2 in [%.6g, %.6g] (a ratio of bounds, %s; Eq. 9: between 1 and d = %zu)\n",
               r->ratios.lo, r->ratios.hi, ends_label(r->l2_up_certified, r->linf_up_certified), r->n);
}

static void
sparse_text_propositions(const SparseReport *r)
{
    if (r->entries_skip != NULL) {
        printf("\nDiagonal share rho_diag and Proposition 3: skipped: %s\n", r->entries_skip);
    } else {
        printf("\nDiagonal share rho_diag = %.6g (exact)\n", r->rho);
        printf("Proposition 3: Linf <= sum_ij |H_ij| = %.8g (exact)\n", r->sum_abs);
    }
    if (r->lsep_skip != NULL)
        printf("Proposition 5 / L_sep: skipped: %s\n", r->lsep_skip);
    else
        printf(
            "Proposition 5: Linf <= L_sep <= sum_ij |H_ij|;  L_sep in [%.8g, %.8g] (certified bounds: mixing "
            "method, %u sweeps, %s), so Linf >= (2/pi) L_sep >= %.8g (certified)\n",
            r->lsep_dual, r->lsep_primal, r->lsep_sweeps,
            r->n <= LSEP_CHOLESKY_MAX_N ? "Cholesky certificate" : "diagonal-dominance certificate",
            r->linf_lower_sep);
}

static void
sparse_text_comparison(const SparseReport *r)
{
    if (strcmp(r->origin, "random") == 0)
        printf("\nNorm comparison at a random point x ~ N(0, I) (seed %llu):\n",
               (unsigned long long) r->seed);
    else
        printf("\nNorm comparison at the point from %s:\n", r->origin);
    printf(
        "improvement |g|*^2/L with L the upper bound, g = Hx (guaranteed where that bound is certified)\n");
    if (r->cmp_error != NULL) {
        printf("  cannot be computed at this point: %s\n", r->cmp_error);
        return;
    }
    if (!isfinite(r->phi)) {
        printf("  the gradient is zero there: every norm guarantees nothing\n");
        return;
    }
    print_ranking(r->cmp, FALSE, TRUE, NULL);
    printf("  density phi(g) = %.6g (exact)", r->phi);
    if (isfinite(r->ratios.R_lo) && isfinite(r->ratios.R_hi))
        printf(", R(x) = I_linf/I_l2 in [%.6g, %.6g] (from the bounds on L, %s)", r->ratios.R_lo,
               r->ratios.R_hi, ends_label(r->linf_up_certified, r->l2_up_certified));
    else
        printf(", R(x) = I_linf/I_l2: no bounds (L2 or Linf has none)");
    if (isfinite(r->R_bound))
        printf(", Eq. 13 lower bound %.6g (%s)", r->R_bound,
               r->R_bound_exact       ? "exact"
               : r->R_bound_certified ? "certified, with the Ritz value for lambda_max"
                                      : "NOT certified: an estimate");
    printf("\n");
}

static void
sparse_print_text(const SparseReport *r)
{
    printf("%s %s: %zu x %zu, storage %s (%s)\n", opt_operator != NULL ? "Operator" : "Matrix", r->label,
           r->n, r->n, r->storage, r->storage_reason);
    sparse_text_psd(r);
    sparse_text_spectrum(r);
    print_smoothness(r->res, r->n_specs, r->certified);
    sparse_text_ratio(r);
    sparse_text_propositions(r);
    sparse_text_comparison(r);
}

static int
analyze_operator(const char *label, const SteepestOperator *op, const char *storage, const char *reason,
                 GPtrArray *specs, SteepestInducedOptions *opts, uint64_t seed)
{
    SparseReport r;
    sparse_report_init(&r, label, op, storage, reason, specs->len);
    int code = sparse_specs(&r, specs);
    if (code == CLI_EXIT_OK)
        code = sparse_eigen(&r, op, opts);
    if (code == CLI_EXIT_OK)
        code = sparse_psd(&r, op, opts);
    if (code == CLI_EXIT_OK)
        code = sparse_concentration(&r, op, opts);
    if (code == CLI_EXIT_OK)
        code = sparse_probes(&r, op, seed);
    if (code == CLI_EXIT_OK)
        code = sparse_entries(&r, op);
    if (code == CLI_EXIT_OK)
        code = sparse_smoothness(&r, op, opts, seed);
    if (code == CLI_EXIT_OK) {
        sparse_at_point(&r, op, opts);
        code = sparse_lsep(&r, op, seed);
    }
    if (code == CLI_EXIT_OK && opt_json)
        sparse_print_json(&r);
    else if (code == CLI_EXIT_OK)
        sparse_print_text(&r);
    sparse_report_clear(&r);
    return code;
}

/* Dense when the matrix is small (the dense path is exact and fast) or at
 * least half full (CSR stores 16 bytes per entry, dense 8). */
static gboolean
choose_dense(size_t n, size_t nnz, const char **reason)
{
    if (opt_storage != NULL && strcmp(opt_storage, "dense") == 0) {
        *reason = "--storage dense";
        return n <= CLI_MATRIX_MAX_DIM;
    }
    if (opt_storage != NULL && strcmp(opt_storage, "sparse") == 0) {
        *reason = "--storage sparse";
        return FALSE;
    }
    if (n <= 512) {
        *reason = "n <= 512: the dense path is exact and cheap";
        return TRUE;
    }
    if ((double) nnz >= 0.5 * (double) n * (double) n && n <= CLI_MATRIX_MAX_DIM) {
        *reason = "at least half the entries are stored: dense is no larger and faster";
        return TRUE;
    }
    *reason = "coordinate file kept sparse: dense would be larger and slower";
    return FALSE;
}

/* A coordinate Matrix Market file: analyzed here as CSR (return the exit
 * code) or left to the dense path (return -1, *reason says why). */
static int
analyze_market_sparse(const char *path, GPtrArray *specs, SteepestInducedOptions *opts, uint64_t seed,
                      const char **reason)
{
    size_t n = 0;
    double *dense = NULL;
    SteepestCsr *csr = NULL;
    int code = cli_read_matrix_market(path, TRUE, 0, &n, &dense, &csr);
    if (code != CLI_EXIT_OK)
        return code;
    if (dense != NULL) {
        steepest_matrix_free(dense);
        *reason = "array file";
        return -1;
    }
    if (choose_dense(n, steepest_csr_nnz(csr), reason)) {
        steepest_csr_free(csr);
        if (n > CLI_MATRIX_MAX_DIM)
            return cli_usage_error("--storage dense: dimension %zu exceeds the dense limit %d", n,
                                   CLI_MATRIX_MAX_DIM);
        return -1;
    }
    SteepestOperator *op = NULL;
    steepest_operator_new_csr(csr, &op);
    char *why = g_strdup_printf("%s; nnz %zu, density %.3g", *reason, steepest_csr_nnz(csr),
                                (double) steepest_csr_nnz(csr) / ((double) n * (double) n));
    code = analyze_operator(path, op, "CSR", why, specs, opts, seed);
    g_free(why);
    steepest_operator_free(op);
    steepest_csr_free(csr);
    return code;
}

static int
foreign_hvp(void *user_data, size_t n, const double *v, double *out)
{
    double f;
    return steepest_foreign_evaluate(user_data, n, v, &f, out) == STEEPEST_OK ? 0 : 1;
}

/* --operator LIB.so:SYMBOL: Hessian-vector products through libffi. */
static int
analyze_foreign_operator(GPtrArray *specs, SteepestInducedOptions *opts, uint64_t seed)
{
    size_t n = 0;
    if (opt_dim == NULL)
        return cli_usage_error("--operator needs --dim N");
    if (!cli_parse_size("--dim", opt_dim, 1, 100000000, &n))
        return CLI_EXIT_USAGE;
    const char *signature = opt_signature != NULL ? opt_signature : "int(null, n, x, g)";
    SteepestForeign *fn = NULL;
    int code = cli_open_foreign_as("--operator", opt_operator, signature, &fn);
    if (code != CLI_EXIT_OK)
        return code;
    SteepestOperator *op = NULL;
    steepest_operator_new_callback(n, foreign_hvp, fn, &op);
    char *why = g_strdup_printf("products H v from %s, signature %s", opt_operator,
                                steepest_foreign_get_signature(fn));
    code = analyze_operator(opt_operator, op, "operator", why, specs, opts, seed);
    g_free(why);
    steepest_operator_free(op);
    steepest_foreign_free(fn);
    return code;
}

/* The combination of arguments and options, checked before any work. */
static int
check_usage(int argc, char **argv)
{
    if (argc > 2)
        return cli_usage_error("unexpected argument '%s'", argv[2]);
    if (argc < 2 && opt_objective == NULL && opt_operator == NULL)
        return cli_usage_error("give a MATRIX file, --objective LIB:SYMBOL or --operator LIB:SYMBOL");
    if ((argc == 2) + (opt_objective != NULL) + (opt_operator != NULL) > 1)
        return cli_usage_error("give one of a MATRIX file, --objective and --operator");
    if (opt_storage != NULL && strcmp(opt_storage, "auto") != 0 && strcmp(opt_storage, "dense") != 0 &&
        strcmp(opt_storage, "sparse") != 0)
        return cli_usage_error("--storage: '%s' is not auto, dense or sparse", opt_storage);
    if (opt_exact && opt_bounds)
        return cli_usage_error("--exact and --bounds exclude each other");
    if (opt_point != NULL && opt_x0 != NULL)
        return cli_usage_error("--point and --x0 exclude each other");
    return CLI_EXIT_OK;
}

/* The seed and the induced-norm options from the command line; NULL
 * (after the message) on a bad number. */
static SteepestInducedOptions *
induced_options(uint64_t *seed)
{
    size_t exact_limit = 30, threads = 0;
    double budget = 30;
    *seed = 1;
    if ((opt_seed && !cli_parse_u64("--seed", opt_seed, seed)) ||
        (opt_exact_limit && !cli_parse_size("--exact-limit", opt_exact_limit, 0, 62, &exact_limit)) ||
        (opt_threads && !cli_parse_size("--threads", opt_threads, 0, 1024, &threads)) ||
        (opt_time_budget && !cli_parse_double("--time-budget", opt_time_budget, 0, 1e9, &budget)))
        return NULL;
    SteepestInducedOptions *opts = steepest_induced_options_new();
    steepest_induced_options_set_mode(opts, opt_exact    ? STEEPEST_INDUCED_EXACT
                                            : opt_bounds ? STEEPEST_INDUCED_BOUNDS
                                                         : STEEPEST_INDUCED_AUTO);
    steepest_induced_options_set_max_exact_dim(opts, (unsigned) exact_limit);
    steepest_induced_options_set_time_budget(opts, budget);
    steepest_induced_options_set_threads(opts, (unsigned) threads);
    steepest_induced_options_set_seed(opts, *seed);
    return opts;
}

int
cli_cmd_analyze(int argc, char **argv)
{
    GOptionContext *ctx =
        cli_context("[MATRIX]",
                    "Analyze the geometry of a problem.  MATRIX is a symmetric matrix H (Matrix\n"
                    "Market array or coordinate, or plain text rows), the Hessian of\n"
                    "f(x) = 1/2 x'Hx: eigenvalues, the smoothness constant L = ||H|| in each norm\n"
                    "(exact, or certified bounds with the method used), rho_diag, the bounds of\n"
                    "Propositions 3 and 5, L_sep, lambda_max/mean(lambda), and the norms ranked\n"
                    "by guaranteed improvement |g|*^2/L at a point.  With --objective instead,\n"
                    "the ranking uses smoothness estimated at the point.",
                    "Exit status: 0 success, 1 a bad file or a failed computation, 2 bad usage.", entries);
    g_set_prgname("steepest analyze");
    int code = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    if (code >= 0)
        return code;
    if ((code = check_usage(argc, argv)) != CLI_EXIT_OK)
        return code;
    uint64_t seed;
    SteepestInducedOptions *opts = induced_options(&seed);
    if (opts == NULL)
        return CLI_EXIT_USAGE;

    cli_load_norms();
    GPtrArray *specs = collect_specs();
    if (opt_objective != NULL)
        code = analyze_objective(specs, seed);
    else if (opt_operator != NULL)
        code = analyze_foreign_operator(specs, opts, seed);
    else if (!cli_is_matrix_market(argv[1]) ||
             (code = analyze_market_sparse(argv[1], specs, opts, seed, &dense_reason)) < 0)
        code = analyze_matrix(argv[1], specs, opts, seed);
    steepest_induced_options_free(opts);
    g_ptr_array_free(specs, TRUE);
    return code;
}
