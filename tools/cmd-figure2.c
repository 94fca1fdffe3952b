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
      "Colour range of the distance ratio, in decades either side of 1: a number, 'paper' "
      "(1 decade, the paper's range) or 'auto' (default: the median of |log10 ratio| over the cells)",
      "DECADES|paper|auto" },
    { "threads", 'j', 0, G_OPTION_ARG_STRING, &opt_threads, "Worker threads (default: one per core)", "N" },
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
    double *lambda = g_new(double, d), *H = g_new(double, d *d);
    int status = steepest_experiment_spectrum(d, job->ratios[i], lambda);
    if (status == STEEPEST_OK)
        status = steepest_rotated_hessian(d, job->R, job->thetas[j], lambda, H);
    if (status == STEEPEST_OK) {
        job->lambda_max[cell] = lambda[d - 1];
        status = steepest_experiment_compare(job->a, job->b, d, H, job->induced, job->repeats, job->x0,
                                             job->steps, &job->L_a[cell], &job->L_b[cell], &job->exact[cell],
                                             &job->dist_a[cell], &job->dist_b[cell]);
    }
    if (status != STEEPEST_OK) {
        g_mutex_lock(&job->lock);
        if (job->error == NULL)
            g_atomic_pointer_set(&job->error,
                                 g_strdup_printf("cell lambda_max/mean = %g, theta = %g: %s", job->ratios[i],
                                                 job->thetas[j], steepest_last_error()));
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
        size_t cell = (size_t) g_atomic_int_add(&job->next_cell, 1);
        if (cell >= cells || g_atomic_pointer_get(&job->error) != NULL)
            break;
        run_cell(job, cell);
        int done = g_atomic_int_add(&job->done_cells, 1) + 1;
        cli_progress_update(job->bar, (double) done / (double) cells);
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
    char *first = g_strndup(text, (gsize) (sep - text));
    gboolean ok =
        cli_parse_size("--grid", first, 1, 10000, nr) && cli_parse_size("--grid", sep + 1, 1, 10000, nt);
    g_free(first);
    return ok;
}

static void
linspace(double lo, double hi, size_t n, double *out)
{
    for (size_t k = 0; k < n; k++)
        out[k] = n == 1 ? lo : lo + (hi - lo) * (double) k / (double) (n - 1);
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
            double v[9] = { job->ratios[i], job->thetas[j], job->lambda_max[c],
                            job->L_a[c],    job->L_b[c],    job->L_b[c] / job->L_a[c],
                            job->dist_a[c], job->dist_b[c], job->dist_b[c] / job->dist_a[c] };
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

/* ---- parse → validate → build → run → report ---- */

/* The paper's colour range: a factor of 10 either way. */
#define FIGURE2_PAPER_CLIP 1.0

/* The settings of one run, from the options and their defaults. */
typedef struct {
    size_t d, n_ratio, n_theta, repeats, steps, threads;
    uint64_t seed;
    double r_lo, r_hi, t_lo, t_hi;
    double clip; /* decades either side of 1; <= 0: auto */
    const char *out_dir;
    gchar **specs; /* the two norm specs */
} Figure2Config;

static void
config_clear(Figure2Config *cfg)
{
    g_strfreev(cfg->specs);
}

/* --clip: a number of decades, "paper" or "auto". */
static gboolean
parse_clip(const char *text, double *clip)
{
    if (text == NULL || g_ascii_strcasecmp(text, "auto") == 0) {
        *clip = 0.0;
        return TRUE;
    }
    if (g_ascii_strcasecmp(text, "paper") == 0) {
        *clip = FIGURE2_PAPER_CLIP;
        return TRUE;
    }
    return cli_parse_double("--clip", text, 0.01, 300, clip);
}

/* Reads the options into cfg (defaults where absent); FALSE after a usage
 * error was printed. */
static gboolean
figure2_parse(Figure2Config *cfg)
{
    *cfg = (Figure2Config){ .d = 12,
                            .n_ratio = 19,
                            .n_theta = 11,
                            .repeats = 10,
                            .steps = 100,
                            .seed = 1,
                            .r_lo = 1,
                            .r_hi = 10,
                            .t_lo = 0,
                            .t_hi = 0.5 };
    if ((opt_dim && !cli_parse_size("--dim", opt_dim, 2, 4096, &cfg->d)) ||
        (opt_grid && !parse_grid(opt_grid, &cfg->n_ratio, &cfg->n_theta)) ||
        (opt_repeats && !cli_parse_size("--repeats", opt_repeats, 1, 1000000, &cfg->repeats)) ||
        (opt_steps && !cli_parse_size("--steps", opt_steps, 0, 100000000, &cfg->steps)) ||
        (opt_seed && !cli_parse_u64("--seed", opt_seed, &cfg->seed)) || !parse_clip(opt_clip, &cfg->clip) ||
        (opt_threads && !cli_parse_size("--threads", opt_threads, 0, 1024, &cfg->threads)) ||
        (opt_thetas && !cli_parse_range("--thetas", opt_thetas, -1e6, 1e6, &cfg->t_lo, &cfg->t_hi)) ||
        (opt_ratios && !cli_parse_range("--ratios", opt_ratios, 1, 1e300, &cfg->r_lo, &cfg->r_hi)))
        return FALSE;
    cfg->out_dir = opt_out ? opt_out : "figure2";
    cfg->specs = cli_split_norm_specs(opt_norms ? opt_norms : "l2,linf");
    return TRUE;
}

/* Checks what depends on several options. */
static gboolean
figure2_validate(Figure2Config *cfg)
{
    if (!opt_ratios && cfg->r_hi >= (double) cfg->d)
        cfg->r_hi = (double) cfg->d - 1; /* the default 1:10 needs d > 10 */
    if (cfg->r_hi >= (double) cfg->d) {
        cli_usage_error("--ratios: lambda_max/mean(lambda) must stay below d = %zu "
                        "(it equals d only as lambda_max grows without bound)",
                        cfg->d);
        return FALSE;
    }
    if (g_strv_length(cfg->specs) != 2) {
        cli_usage_error("--norms: expected two norm specs A,B, got '%s'", opt_norms);
        return FALSE;
    }
    return TRUE;
}

static void
job_clear(Job *job)
{
    steepest_induced_options_free(job->induced);
    g_free((double *) job->R);
    g_free((double *) job->x0);
    g_free(job->ratios);
    g_free(job->thetas);
    g_free(job->lambda_max);
    g_free(job->L_a);
    g_free(job->L_b);
    g_free(job->dist_a);
    g_free(job->dist_b);
    g_free(job->exact);
    g_free(job->error);
    g_mutex_clear(&job->lock);
    steepest_norm_free((SteepestNorm *) job->a);
    steepest_norm_free((SteepestNorm *) job->b);
}

/* The norms, the grid, the result arrays, and one rotation and one set of
 * starting points for the whole grid, so cells differ only in (λ_max/λ̄, θ). */
static int
figure2_build(const Figure2Config *cfg, Job *job)
{
    memset(job, 0, sizeof *job);
    g_mutex_init(&job->lock);
    size_t d = cfg->d, cells = cfg->n_ratio * cfg->n_theta;
    cli_load_norms();
    SteepestNorm *na = NULL, *nb = NULL;
    int rc = steepest_norm_new(cfg->specs[0], d, &na);
    job->a = na;
    if (rc == STEEPEST_OK)
        rc = steepest_norm_new(cfg->specs[1], d, &nb);
    job->b = nb;
    if (rc != STEEPEST_OK)
        return cli_usage_error("--norms: %s", steepest_last_error());
    if (g_mkdir_with_parents(cfg->out_dir, 0777) != 0)
        return cli_failure("cannot create the output directory '%s': %s", cfg->out_dir, g_strerror(errno));
    job->d = d;
    job->n_ratio = cfg->n_ratio;
    job->n_theta = cfg->n_theta;
    job->repeats = cfg->repeats;
    job->steps = (unsigned) cfg->steps;
    job->ratios = g_new(double, cfg->n_ratio);
    job->thetas = g_new(double, cfg->n_theta);
    linspace(cfg->r_lo, cfg->r_hi, cfg->n_ratio, job->ratios);
    linspace(cfg->t_lo, cfg->t_hi, cfg->n_theta, job->thetas);
    job->lambda_max = g_new0(double, cells);
    job->L_a = g_new0(double, cells);
    job->L_b = g_new0(double, cells);
    job->dist_a = g_new0(double, cells);
    job->dist_b = g_new0(double, cells);
    job->exact = g_new0(int, cells);
    double *R = g_new(double, d *d), *x0 = g_new(double, cfg->repeats *d);
    job->R = R;
    job->x0 = x0;
    SteepestRng *rng = NULL;
    rc = steepest_rng_new(cfg->seed, &rng);
    if (rc == STEEPEST_OK)
        rc = steepest_random_rotation(rng, d, R);
    if (rc == STEEPEST_OK)
        rc = steepest_rng_fill_normal(rng, cfg->repeats * d, x0);
    steepest_rng_free(rng);
    if (rc != STEEPEST_OK)
        return cli_library_failure("cannot draw the random rotation");
    job->induced = steepest_induced_options_new();
    steepest_induced_options_set_threads(job->induced, 1); /* cells run in parallel instead */
    steepest_induced_options_set_seed(job->induced, cfg->seed);
    return CLI_EXIT_OK;
}

/* Runs the cells on a pool of threads. */
static int
figure2_run(const Figure2Config *cfg, Job *job)
{
    size_t cells = job->n_ratio * job->n_theta;
    size_t threads = cfg->threads == 0 ? g_get_num_processors() : cfg->threads;
    if (threads > cells)
        threads = cells;
    job->bar = cli_progress_new("figure2", !opt_no_progress);
    GThread **pool = g_new(GThread *, threads);
    for (size_t t = 0; t < threads; t++)
        pool[t] = g_thread_new("figure2", worker, job);
    for (size_t t = 0; t < threads; t++)
        g_thread_join(pool[t]);
    g_free(pool);
    cli_progress_free(job->bar);
    if (job->error != NULL)
        return cli_failure("%s", job->error);
    return CLI_EXIT_OK;
}

static int
compare_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* The automatic colour range of the distance ratio, in decades either side
 * of 1: the median of |log10 ratio| over the cells.  The paper's ±1 decade
 * saturates most cells at d = 12, T = 100 (148 of the 209 default cells, seed
 * 1), and the data's full range is useless too: where λ_max/λ̄ = 1 gradient
 * descent reaches x* to rounding and the ratio is 10^35 or infinite, which
 * would bleach every other cell (sign GD wins by at most ~20×, 1.4 decades).
 * The median spends the colours on the half of the grid nearest a tie, which
 * is where the two methods trade places; cells beyond it are drawn in the end
 * colour, and the colour bar marks the end "≥".  Symmetric, so white stays at
 * ratio 1 and red and blue mean the same factor. */
#define FIGURE2_AUTO_QUANTILE 0.5

static double
auto_clip(size_t cells, const double *ratio)
{
    double *mag = g_new(double, cells);
    size_t n = 0;
    for (size_t c = 0; c < cells; c++) {
        double v = fabs(log10(ratio[c]));
        if (isfinite(v))
            mag[n++] = v;
    }
    double clip = 0.0;
    if (n > 0) {
        qsort(mag, n, sizeof *mag, compare_double);
        clip = mag[(size_t) ceil(FIGURE2_AUTO_QUANTILE * (double) n) - 1];
    }
    g_free(mag);
    return fmax(clip, 0.01); /* the smallest --clip accepted */
}

/* The ratios the heatmaps and the report show, with their ranges. */
typedef struct {
    size_t cells, b_wins, saturated;
    double *zl, *zd;   /* L_b/L_a and dist_b/dist_a per cell */
    double lmin, lmax; /* range of zl */
    double clip;       /* decades of the distance map's colour range */
    int all_exact;
    char *title_l, *title_d; /* the heatmaps' titles */
} Figure2Summary;

static void
summarize(const Figure2Config *cfg, const Job *job, Figure2Summary *s)
{
    size_t cells = job->n_ratio * job->n_theta;
    *s = (Figure2Summary){ .cells = cells,
                           .zl = g_new(double, cells),
                           .zd = g_new(double, cells),
                           .lmin = INFINITY,
                           .lmax = -INFINITY,
                           .all_exact = 1 };
    for (size_t c = 0; c < cells; c++) {
        s->zl[c] = job->L_b[c] / job->L_a[c];
        s->zd[c] = job->dist_b[c] / job->dist_a[c];
        s->lmin = fmin(s->lmin, s->zl[c]);
        s->lmax = fmax(s->lmax, s->zl[c]);
        s->b_wins += s->zd[c] < 1;
        s->all_exact &= job->exact[c];
    }
    if (!(s->lmax > s->lmin)) {
        s->lmin -= 0.5;
        s->lmax += 0.5;
    }
    s->clip = cfg->clip > 0 ? cfg->clip : auto_clip(cells, s->zd);
    for (size_t c = 0; c < cells; c++)
        s->saturated += !(fabs(log10(s->zd[c])) < s->clip);
}

/* "sign GD" for linf and "GD" for l2 (steepest descent in those norms is
 * exactly that), else "steepest descent in SPEC". */
static char *
method_name(const char *spec)
{
    if (strcmp(spec, "linf") == 0)
        return g_strdup("sign GD");
    if (strcmp(spec, "l2") == 0)
        return g_strdup("GD");
    return g_strdup_printf("SD in %s", spec);
}

/* Writes the two heatmaps as PNG and SVG, adding each path to files. */
static int
write_heatmaps(const Figure2Config *cfg, const Job *job, Figure2Summary *s, GPtrArray *files)
{
    const char *la = cli_norm_label(cfg->specs[0]), *lb = cli_norm_label(cfg->specs[1]);
    char *ma = method_name(cfg->specs[0]), *mb = method_name(cfg->specs[1]);
    char *setting = g_strdup_printf("d = %zu, T = %zu, %zu repeats", cfg->d, cfg->steps, cfg->repeats);
    /* Not exact: a ratio of two upper bounds, which bounds nothing; say so. */
    char *zlabel_l = g_strdup_printf("%s / %s%s", lb, la, s->all_exact ? "" : " of upper bounds");
    char *title_l = g_strdup_printf("%s against %s: %s (d = %zu)", mb, ma, zlabel_l, cfg->d);
    char *title_d =
        g_strdup_printf("%s against %s: \u2016x_T \u2212 x*\u2016\u2082 ratio (%s)", mb, ma, setting);
    char *zlabel_d = g_strdup_printf("%s / %s, log scale, clipped at 10^\u00b1%.3g", cfg->specs[1],
                                     cfg->specs[0], s->clip);
    CliHeatmap maps[2] = {
        { job->n_ratio, job->n_theta, job->ratios, job->thetas, s->zl, FALSE, s->lmin, s->lmax, FALSE, FALSE,
          0, title_l, "\u03bb_max / \u03bb\u0304", "\u03b8", zlabel_l },
        { job->n_ratio, job->n_theta, job->ratios, job->thetas, s->zd, TRUE, pow(10, -s->clip),
          pow(10, s->clip), TRUE, TRUE, 1.0, title_d, "\u03bb_max / \u03bb\u0304", "\u03b8", zlabel_d },
    };
    static const char *names[2] = { "figure2-smoothness", "figure2-distance" };
    static const char *exts[2] = { ".png", ".svg" };
    int code = CLI_EXIT_OK;
    for (int m = 0; m < 2 && code == CLI_EXIT_OK; m++) {
        for (int e = 0; e < 2 && code == CLI_EXIT_OK; e++) {
            char *base = g_strconcat(names[m], exts[e], NULL);
            char *path = g_build_filename(cfg->out_dir, base, NULL);
            char *error = NULL;
            if (!cli_plot_heatmap(&maps[m], path, &error)) {
                code = cli_failure("%s", error);
                g_free(error);
            }
            g_ptr_array_add(files, path);
            g_free(base);
        }
    }
    g_free(ma);
    g_free(mb);
    g_free(setting);
    g_free(zlabel_l);
    g_free(zlabel_d);
    s->title_l = title_l;
    s->title_d = title_d;
    return code;
}

static void
report_json(const Figure2Config *cfg, const Job *job, const Figure2Summary *s, const GPtrArray *files)
{
    CliJson *j = cli_json_new(stdout);
    cli_json_begin_object(j, NULL);
    cli_json_int(j, "dim", (long long) cfg->d);
    cli_json_string(j, "norm_a", steepest_norm_get_spec(job->a));
    cli_json_string(j, "norm_b", steepest_norm_get_spec(job->b));
    cli_json_int(j, "repeats", (long long) cfg->repeats);
    cli_json_int(j, "steps", (long long) cfg->steps);
    cli_json_int(j, "seed", (long long) cfg->seed);
    cli_json_numbers(j, "lambda_ratios", job->n_ratio, job->ratios);
    cli_json_numbers(j, "thetas", job->n_theta, job->thetas);
    cli_json_numbers(j, "L_ratio", s->cells, s->zl);
    cli_json_numbers(j, "dist_ratio", s->cells, s->zd);
    cli_json_bool(j, "exact", s->all_exact);
    cli_json_int(j, "cells_b_wins", (long long) s->b_wins);
    cli_json_number(j, "clip_decades", s->clip);
    cli_json_int(j, "cells_saturated", (long long) s->saturated);
    cli_json_string(j, "title_smoothness", s->title_l);
    cli_json_string(j, "title_distance", s->title_d);
    cli_json_begin_array(j, "files");
    for (guint k = 0; k < files->len; k++)
        cli_json_string(j, NULL, g_ptr_array_index(files, k));
    cli_json_end_array(j);
    cli_json_end_object(j);
    cli_json_free(j);
}

static void
report_text(const Figure2Config *cfg, const Job *job, const Figure2Summary *s, const GPtrArray *files)
{
    const char *sa = steepest_norm_get_spec(job->a), *sb = steepest_norm_get_spec(job->b);
    printf("Figure 2: d = %zu, %zu x %zu grid, %zu repeats, T = %zu, seed %llu, %s vs %s%s\n", cfg->d,
           job->n_ratio, job->n_theta, cfg->repeats, cfg->steps, (unsigned long long) cfg->seed, sa, sb,
           s->all_exact ? "" : " (some L are upper bounds, not exact)");
    printf("%s / %s ranges over [%.4g, %.4g]; %s ends closer to x* in %zu of %zu cells\n",
           cli_norm_label(cfg->specs[1]), cli_norm_label(cfg->specs[0]), s->lmin, s->lmax, sb, s->b_wins,
           s->cells);
    printf("distance colours span 10^-%.3g to 10^%.3g; %zu of %zu cells lie outside\n", s->clip, s->clip,
           s->saturated, s->cells);
    for (guint k = 0; k < files->len; k++)
        printf("wrote %s\n", (const char *) g_ptr_array_index(files, k));
}

/* The CSV, the heatmaps, then the summary on stdout. */
static int
figure2_report(const Figure2Config *cfg, const Job *job)
{
    Figure2Summary s;
    summarize(cfg, job, &s);
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    char *csv = g_build_filename(cfg->out_dir, "figure2.csv", NULL);
    g_ptr_array_add(files, csv);
    int code = write_csv(job, csv);
    if (code == CLI_EXIT_OK)
        code = write_heatmaps(cfg, job, &s, files);
    if (code == CLI_EXIT_OK && opt_json)
        report_json(cfg, job, &s, files);
    else if (code == CLI_EXIT_OK)
        report_text(cfg, job, &s, files);
    g_ptr_array_free(files, TRUE);
    g_free(s.zl);
    g_free(s.zd);
    g_free(s.title_l);
    g_free(s.title_d);
    return code;
}

int
cli_cmd_figure2(int argc, char **argv)
{
    GOptionContext *ctx =
        cli_context("",
                    "Reproduce Figure 2 of Balles, Pedregosa & Le Roux, \"The Geometry of Sign\n"
                    "Gradient Descent\": on f(x) = 1/2 x'Hx with H = R^theta diag(1,...,1,lambda_max)\n"
                    "(R^theta)', R a random rotation, compare steepest descent in two norms (by\n"
                    "default gradient descent, alpha = 1/L2, against sign gradient descent\n"
                    "x - (1/Linf) |g|_1 sign(g)) over a grid of lambda_max/mean(lambda) and theta.",
                    "Writes to DIR: figure2.csv (one row per cell: lambda_ratio, theta,\n"
                    "lambda_max, L_a, L_b, L_ratio = L_b/L_a, dist_a, dist_b, dist_ratio =\n"
                    "dist_b/dist_a, exact), figure2-smoothness.{png,svg} (L_b/L_a) and\n"
                    "figure2-distance.{png,svg} (the distance ratio |x_T^b - x*|/|x_T^a - x*| on a\n"
                    "log colour scale, dashed where it equals 1).  a and b are the two --norms.\n"
                    "The distance colours span the data's own range by default (--clip auto);\n"
                    "--clip paper gives the paper's 10^-1 to 10^1.",
                    entries);
    g_set_prgname("steepest figure2");
    int code = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    if (code >= 0)
        return code;
    if (argc > 1)
        return cli_usage_error("unexpected argument '%s'", argv[1]);

    Figure2Config cfg;
    if (!figure2_parse(&cfg) || !figure2_validate(&cfg)) {
        config_clear(&cfg);
        return CLI_EXIT_USAGE;
    }
    Job job;
    code = figure2_build(&cfg, &job);
    if (code == CLI_EXIT_OK)
        code = figure2_run(&cfg, &job);
    if (code == CLI_EXIT_OK)
        code = figure2_report(&cfg, &job);
    job_clear(&job);
    config_clear(&cfg);
    return code;
}
