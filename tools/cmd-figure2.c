/* cmd-figure2.c — `steepest figure2`: the paper's Figure 2.  Quadratics
 * f = ½ xᵀHx with H = R^θ Λ (R^θ)ᵀ, Λ = diag(1, …, 1, λ_max), on a grid over
 * (λ_max/λ̄, θ); in each cell steepest descent in two norms with α = 1/L
 * (L = the induced norm of H, exact by default), averaged over starting
 * points x0 ~ N(0, I).  Writes a CSV and two heatmaps (PNG and SVG). */
#include "cli.h"
#include "core/atomic-file.h"
#include "cli-json.h"
#include "cli-plot.h"
#include "cli-progress.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static char *opt_dim = NULL, *opt_grid = NULL, *opt_ratios = NULL, *opt_thetas = NULL;
static char *opt_repeats = NULL, *opt_steps = NULL, *opt_seed = NULL, *opt_norms = NULL;
static char *opt_out = NULL, *opt_clip = NULL, *opt_threads = NULL;
static gboolean opt_json = FALSE, opt_no_progress = FALSE;

static const GOptionEntry entries[] = {
    { "dim", 'd', 0, G_OPTION_ARG_STRING, &opt_dim, "Dimension d (default 12)", "D" },
    { "grid", 'g', 0, G_OPTION_ARG_STRING, &opt_grid,
      "Grid size: ratio values x theta values, e.g. 19x11 (default) or 10,10", "RxT" },
    { "ratios", 0, 0, G_OPTION_ARG_STRING, &opt_ratios,
      "Range of lambda_max/mean(lambda), 1 <= A <= B < d (default 1:10)", "A:B" },
    { "thetas", 0, 0, G_OPTION_ARG_STRING, &opt_thetas,
      "Range of the rotation fraction theta (default 0:0.5)", "A:B" },
    { "repeats", 'r', 0, G_OPTION_ARG_STRING, &opt_repeats,
      "Starting points x0 ~ N(0,I) averaged per cell (default 10)", "N" },
    { "steps", 'T', 0, G_OPTION_ARG_STRING, &opt_steps, "Steps per run (default 100)", "T" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &opt_seed,
      "Seed of the rotation R and the starting points (default 1)", "SEED" },
    { "norms", 'n', 0, G_OPTION_ARG_STRING, &opt_norms,
      "The two norms compared, A,B (default l2,linf: gradient descent vs sign GD)", "A,B" },
    { "output", 'o', 0, G_OPTION_ARG_STRING, &opt_out,
      "Output directory, created if missing (default figure2)", "DIR" },
    { "clip", 0, 0, G_OPTION_ARG_STRING, &opt_clip,
      "Colour range of the distance ratio in decades either side of 1 (default 1, as in the paper)", "DECADES" },
    { "threads", 'j', 0, G_OPTION_ARG_STRING, &opt_threads,
      "Worker threads (default: one per core)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print a JSON summary instead of text", NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &opt_no_progress,
      "No progress bar (it is shown only when stderr is a terminal)", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
};

typedef struct {
    size_t d, n_ratio, n_theta, repeats;
    unsigned steps;
    double *ratios, *thetas;
    const double *R, *x0;
    const SteepestNorm *a, *b;
    SteepestInducedOptions *induced;
    /* results, one per cell, index j * n_ratio + i (θ row j, ratio column i) */
    double *lambda_max, *L_a, *L_b, *dist_a, *dist_b;
    int *exact;
    /* work sharing */
    gint next_cell;
    gint done_cells;
    GMutex lock;
    char *error; /* first failure */
    CliProgress *bar;
} Job;

static void
run_cell(Job *job, size_t cell)
{
    size_t d = job->d, i = cell % job->n_ratio, j = cell / job->n_ratio;
    double *lambda = g_new(double, d), *H = g_new(double, d * d);
    int status = steepest_experiment_spectrum(d, job->ratios[i], lambda);
    if (status == STEEPEST_OK)
        status = steepest_rotated_hessian(d, job->R, job->thetas[j], lambda, H);
    if (status == STEEPEST_OK) {
        job->lambda_max[cell] = lambda[d - 1];
        status = steepest_experiment_compare(job->a, job->b, d, H, job->induced, job->repeats,
                                             job->x0, job->steps, &job->L_a[cell],
                                             &job->L_b[cell], &job->exact[cell],
                                             &job->dist_a[cell], &job->dist_b[cell]);
    }
    if (status != STEEPEST_OK) {
        g_mutex_lock(&job->lock);
        if (job->error == NULL)
            g_atomic_pointer_set(&job->error,
                                 g_strdup_printf("cell lambda_max/mean = %g, theta = %g: %s",
                                                 job->ratios[i], job->thetas[j],
                                                 steepest_last_error()));
        g_mutex_unlock(&job->lock);
    }
    g_free(lambda);
    g_free(H);
}

static gpointer
worker(gpointer data)
{
    Job *job = data;
    size_t cells = job->n_ratio * job->n_theta;
    for (;;) {
        size_t cell = (size_t)g_atomic_int_add(&job->next_cell, 1);
        if (cell >= cells || g_atomic_pointer_get(&job->error) != NULL)
            break;
        run_cell(job, cell);
        int done = g_atomic_int_add(&job->done_cells, 1) + 1;
        cli_progress_update(job->bar, (double)done / (double)cells);
    }
    return NULL;
}

static gboolean
parse_grid(const char *text, size_t *nr, size_t *nt)
{
    const char *sep = strpbrk(text, "x,X ");
    if (sep == NULL) {
        cli_usage_error("--grid: '%s' is not RxT (e.g. 19x11)", text);
        return FALSE;
    }
    char *first = g_strndup(text, (gsize)(sep - text));
    gboolean ok = cli_parse_size("--grid", first, 1, 10000, nr) &&
                  cli_parse_size("--grid", sep + 1, 1, 10000, nt);
    g_free(first);
    return ok;
}

static void
linspace(double lo, double hi, size_t n, double *out)
{
    for (size_t k = 0; k < n; k++)
        out[k] = n == 1 ? lo : lo + (hi - lo) * (double)k / (double)(n - 1);
}

static int
write_csv(const Job *job, const char *path)
{
    GError *error = NULL;
    SteepestAtomicFile *file = steepest_atomic_file_open(path, &error);
    if (file == NULL)
        return cli_gerror_failure(error);
    FILE *f = steepest_atomic_file_stream(file);
    fprintf(f, "lambda_ratio,theta,lambda_max,L_a,L_b,L_ratio,dist_a,dist_b,dist_ratio,exact\n");
    for (size_t j = 0; j < job->n_theta; j++) {
        for (size_t i = 0; i < job->n_ratio; i++) {
            size_t c = j * job->n_ratio + i;
            double v[9] = { job->ratios[i], job->thetas[j], job->lambda_max[c], job->L_a[c],
                            job->L_b[c], job->L_b[c] / job->L_a[c], job->dist_a[c],
                            job->dist_b[c], job->dist_b[c] / job->dist_a[c] };
            for (int k = 0; k < 9; k++) {
                char buf[G_ASCII_DTOSTR_BUF_SIZE];
                if (isinf(v[k]))
                    g_strlcpy(buf, v[k] > 0 ? "inf" : "-inf", sizeof buf);
                else
                    g_ascii_formatd(buf, sizeof buf, "%.10g", v[k]);
                fprintf(f, "%s,", buf);
            }
            fprintf(f, "%d\n", job->exact[c]);
        }
    }
    if (!steepest_atomic_file_commit(file, &error)) /* all of it, or the old file */
        return cli_gerror_failure(error);
    return CLI_EXIT_OK;
}

int
cli_cmd_figure2(int argc, char **argv)
{
    GOptionContext *ctx = cli_context(
        "",
        "Reproduce Figure 2 of Balles, Pedregosa & Le Roux, \"The Geometry of Sign\n"
        "Gradient Descent\": on f(x) = 1/2 x'Hx with H = R^theta diag(1,...,1,lambda_max)\n"
        "(R^theta)', R a random rotation, compare steepest descent in two norms (by\n"
        "default gradient descent, alpha = 1/L2, against sign gradient descent\n"
        "x - (1/Linf) |g|_1 sign(g)) over a grid of lambda_max/mean(lambda) and theta.",
        "Writes to DIR: figure2.csv (one row per cell: lambda_ratio, theta,\n"
        "lambda_max, L_a, L_b, L_ratio = L_b/L_a, dist_a, dist_b, dist_ratio =\n"
        "dist_b/dist_a, exact), figure2-smoothness.{png,svg} (L_b/L_a) and\n"
        "figure2-distance.{png,svg} (the distance ratio |x_T^b - x*|/|x_T^a - x*| on a\n"
        "log colour scale, dashed where it equals 1).  a and b are the two --norms.",
        entries);
    g_set_prgname("steepest figure2");
    int code = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    if (code >= 0)
        return code;
    if (argc > 1)
        return cli_usage_error("unexpected argument '%s'", argv[1]);

    size_t d = 12, n_ratio = 19, n_theta = 11, repeats = 10, steps = 100, threads = 0;
    uint64_t seed = 1;
    double r_lo = 1, r_hi = 10, t_lo = 0, t_hi = 0.5, clip = 1;
    if ((opt_dim && !cli_parse_size("--dim", opt_dim, 2, 4096, &d)) ||
        (opt_grid && !parse_grid(opt_grid, &n_ratio, &n_theta)) ||
        (opt_repeats && !cli_parse_size("--repeats", opt_repeats, 1, 1000000, &repeats)) ||
        (opt_steps && !cli_parse_size("--steps", opt_steps, 0, 100000000, &steps)) ||
        (opt_seed && !cli_parse_u64("--seed", opt_seed, &seed)) ||
        (opt_clip && !cli_parse_double("--clip", opt_clip, 0.01, 300, &clip)) ||
        (opt_threads && !cli_parse_size("--threads", opt_threads, 0, 1024, &threads)) ||
        (opt_thetas && !cli_parse_range("--thetas", opt_thetas, -1e6, 1e6, &t_lo, &t_hi)))
        return CLI_EXIT_USAGE;
    if (opt_ratios) {
        if (!cli_parse_range("--ratios", opt_ratios, 1, 1e300, &r_lo, &r_hi))
            return CLI_EXIT_USAGE;
    } else if (r_hi >= (double)d) {
        r_hi = (double)d - 1; /* the default 1:10 needs d > 10 */
    }
    if (r_hi >= (double)d)
        return cli_usage_error("--ratios: lambda_max/mean(lambda) must stay below d = %zu "
                               "(it equals d only as lambda_max grows without bound)", d);
    const char *out_dir = opt_out ? opt_out : "figure2";

    gchar **specs = cli_split_norm_specs(opt_norms ? opt_norms : "l2,linf");
    if (g_strv_length(specs) != 2) {
        int c = cli_usage_error("--norms: expected two norm specs A,B, got '%s'", opt_norms);
        g_strfreev(specs);
        return c;
    }
    cli_load_norms();
    SteepestNorm *na = NULL, *nb = NULL;
    if (steepest_norm_new(specs[0], d, &na) != STEEPEST_OK ||
        steepest_norm_new(specs[1], d, &nb) != STEEPEST_OK) {
        code = cli_usage_error("--norms: %s", steepest_last_error());
        steepest_norm_free(na);
        g_strfreev(specs);
        return code;
    }

    if (g_mkdir_with_parents(out_dir, 0777) != 0) {
        code = cli_failure("cannot create the output directory '%s': %s", out_dir,
                           g_strerror(errno));
        goto out_norms;
    }

    Job job;
    memset(&job, 0, sizeof job);
    job.d = d;
    job.n_ratio = n_ratio;
    job.n_theta = n_theta;
    job.repeats = repeats;
    job.steps = (unsigned)steps;
    job.a = na;
    job.b = nb;
    size_t cells = n_ratio * n_theta;
    job.ratios = g_new(double, n_ratio);
    job.thetas = g_new(double, n_theta);
    linspace(r_lo, r_hi, n_ratio, job.ratios);
    linspace(t_lo, t_hi, n_theta, job.thetas);
    job.lambda_max = g_new0(double, cells);
    job.L_a = g_new0(double, cells);
    job.L_b = g_new0(double, cells);
    job.dist_a = g_new0(double, cells);
    job.dist_b = g_new0(double, cells);
    job.exact = g_new0(int, cells);
    g_mutex_init(&job.lock);

    /* One rotation and one set of starting points for the whole grid, so cells
     * differ only in (λ_max/λ̄, θ). */
    SteepestRng *rng = NULL;
    double *R = g_new(double, d * d), *x0 = g_new(double, repeats * d);
    code = CLI_EXIT_OK;
    if (steepest_rng_new(seed, &rng) != STEEPEST_OK ||
        steepest_random_rotation(rng, d, R) != STEEPEST_OK ||
        steepest_rng_fill_normal(rng, repeats * d, x0) != STEEPEST_OK) {
        code = cli_library_failure("cannot draw the random rotation");
        goto out_job;
    }
    job.R = R;
    job.x0 = x0;
    job.induced = steepest_induced_options_new();
    steepest_induced_options_set_threads(job.induced, 1); /* cells run in parallel instead */
    steepest_induced_options_set_seed(job.induced, seed);

    if (threads == 0)
        threads = g_get_num_processors();
    if (threads > cells)
        threads = cells;
    job.bar = cli_progress_new("figure2", !opt_no_progress);
    GThread **pool = g_new(GThread *, threads);
    for (size_t t = 0; t < threads; t++)
        pool[t] = g_thread_new("figure2", worker, &job);
    for (size_t t = 0; t < threads; t++)
        g_thread_join(pool[t]);
    g_free(pool);
    cli_progress_free(job.bar);
    if (job.error != NULL) {
        code = cli_failure("%s", job.error);
        goto out_job;
    }

    char *csv = g_build_filename(out_dir, "figure2.csv", NULL);
    code = write_csv(&job, csv);

    /* Heatmaps: x = λ_max/λ̄ (columns), y = θ (rows). */
    double *zl = g_new(double, cells), *zd = g_new(double, cells);
    double lmin = INFINITY, lmax = -INFINITY;
    size_t b_wins = 0;
    for (size_t c = 0; c < cells; c++) {
        zl[c] = job.L_b[c] / job.L_a[c];
        zd[c] = job.dist_b[c] / job.dist_a[c];
        lmin = fmin(lmin, zl[c]);
        lmax = fmax(lmax, zl[c]);
        b_wins += zd[c] < 1;
    }
    if (!(lmax > lmin)) {
        lmin -= 0.5;
        lmax += 0.5;
    }
    const char *la = cli_norm_label(specs[0]), *lb = cli_norm_label(specs[1]);
    char *title_l = g_strdup_printf("%s / %s", lb, la);
    char *title_d = g_strdup_printf("\u2016x_T(%s) \u2212 x*\u2016\u2082 / \u2016x_T(%s) \u2212 x*\u2016\u2082",
                                    specs[1], specs[0]);
    CliHeatmap maps[2] = {
        { n_ratio, n_theta, job.ratios, job.thetas, zl, FALSE, lmin, lmax, FALSE, FALSE, 0,
          title_l, "\u03bb_max / \u03bb\u0304", "\u03b8", title_l },
        { n_ratio, n_theta, job.ratios, job.thetas, zd, TRUE, pow(10, -clip), pow(10, clip),
          TRUE, TRUE, 1.0, title_d, "\u03bb_max / \u03bb\u0304", "\u03b8",
          "distance ratio (log scale)" },
    };
    static const char *names[2] = { "figure2-smoothness", "figure2-distance" };
    static const char *exts[2] = { ".png", ".svg" };
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(files, g_strdup(csv));
    for (int m = 0; m < 2 && code == CLI_EXIT_OK; m++) {
        for (int e = 0; e < 2 && code == CLI_EXIT_OK; e++) {
            char *base = g_strconcat(names[m], exts[e], NULL);
            char *path = g_build_filename(out_dir, base, NULL);
            char *error = NULL;
            if (!cli_plot_heatmap(&maps[m], path, &error)) {
                code = cli_failure("%s", error);
                g_free(error);
            }
            g_ptr_array_add(files, path);
            g_free(base);
        }
    }

    if (code == CLI_EXIT_OK) {
        int all_exact = 1;
        for (size_t c = 0; c < cells; c++)
            all_exact &= job.exact[c];
        if (opt_json) {
            CliJson *j = cli_json_new(stdout);
            cli_json_begin_object(j, NULL);
            cli_json_int(j, "dim", (long long)d);
            cli_json_string(j, "norm_a", steepest_norm_get_spec(na));
            cli_json_string(j, "norm_b", steepest_norm_get_spec(nb));
            cli_json_int(j, "repeats", (long long)repeats);
            cli_json_int(j, "steps", (long long)steps);
            cli_json_int(j, "seed", (long long)seed);
            cli_json_numbers(j, "lambda_ratios", n_ratio, job.ratios);
            cli_json_numbers(j, "thetas", n_theta, job.thetas);
            cli_json_numbers(j, "L_ratio", cells, zl);
            cli_json_numbers(j, "dist_ratio", cells, zd);
            cli_json_bool(j, "exact", all_exact);
            cli_json_int(j, "cells_b_wins", (long long)b_wins);
            cli_json_begin_array(j, "files");
            for (guint k = 0; k < files->len; k++)
                cli_json_string(j, NULL, g_ptr_array_index(files, k));
            cli_json_end_array(j);
            cli_json_end_object(j);
            cli_json_free(j);
        } else {
            printf("Figure 2: d = %zu, %zu x %zu grid, %zu repeats, T = %zu, seed %llu, %s vs %s%s\n",
                   d, n_ratio, n_theta, repeats, steps, (unsigned long long)seed,
                   steepest_norm_get_spec(na), steepest_norm_get_spec(nb),
                   all_exact ? "" : " (some L are upper bounds, not exact)");
            printf("%s / %s ranges over [%.4g, %.4g]; %s ends closer to x* in %zu of %zu cells\n",
                   lb, la, lmin, lmax, steepest_norm_get_spec(nb), b_wins, cells);
            for (guint k = 0; k < files->len; k++)
                printf("wrote %s\n", (const char *)g_ptr_array_index(files, k));
        }
    }
    g_ptr_array_free(files, TRUE);
    g_free(title_l);
    g_free(title_d);
    g_free(zl);
    g_free(zd);
    g_free(csv);

out_job:
    steepest_induced_options_free(job.induced);
    steepest_rng_free(rng);
    g_free(R);
    g_free(x0);
    g_free(job.ratios);
    g_free(job.thetas);
    g_free(job.lambda_max);
    g_free(job.L_a);
    g_free(job.L_b);
    g_free(job.dist_a);
    g_free(job.dist_b);
    g_free(job.exact);
    g_free(job.error);
    g_mutex_clear(&job.lock);
out_norms:
    steepest_norm_free(na);
    steepest_norm_free(nb);
    g_strfreev(specs);
    return code;
}
