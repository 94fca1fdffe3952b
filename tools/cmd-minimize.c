/* cmd-minimize.c — `steepest minimize`: steepest descent on a built-in
 * problem or a foreign objective, in one or more norms, with a per-iteration
 * table (f, ‖g‖*, step, Lemma 2 guarantee against the actual decrease) and an
 * optional convergence plot comparing the norms. */
#include "cli.h"
#include "cli-distributed.h"
#include "cli-json.h"
#include "cli-matrix.h"
#include "cli-plot.h"

#include <math.h>
#include <string.h>

static gchar **opt_norms = NULL;
static char *opt_step = NULL, *opt_direction = NULL, *opt_alpha = NULL, *opt_L = NULL;
static char *opt_decay = NULL, *opt_momentum = NULL, *opt_max_iter = NULL, *opt_grad_tol = NULL;
static char *opt_ftol_rel = NULL, *opt_ftol_abs = NULL, *opt_xtol = NULL, *opt_max_time = NULL;
static char *opt_l0_l1 = NULL;
static char *opt_dim = NULL, *opt_x0 = NULL, *opt_lambda = NULL, *opt_rhs = NULL;
static char *opt_objective = NULL, *opt_signature = NULL, *opt_plot = NULL, *opt_every = NULL;
static char *opt_distributed = NULL;
static gboolean opt_json = FALSE, opt_quiet = FALSE;

static const GOptionEntry entries[] = {
    { "norm", 'n', 0, G_OPTION_ARG_STRING_ARRAY, &opt_norms,
      "Norm to descend in (repeatable to compare; default l2, linf for the sign rules of --distributed)",
      "SPEC" },
    { "step", 0, 0, G_OPTION_ARG_STRING, &opt_step,
      "Step rule: fixed (alpha = 1/L), constant, inv-sqrt, geometric, armijo, normalized-sd, "
      "normalized-gd, momentum, rprop (default: fixed when L is known, else armijo)",
      "RULE" },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &opt_direction,
      "scaled (x - alpha g#, the paper's step; default) or normalized (x - alpha s(g))", "DIR" },
    { "alpha", 'a', 0, G_OPTION_ARG_STRING, &opt_alpha, "Step size alpha0 (default 1e-3; armijo 1)", "A" },
    { "L", 'L', 0, G_OPTION_ARG_STRING, &opt_L,
      "Smoothness constant in every norm (default: computed for quadratics, bounded for "
      "regression problems)",
      "L" },
    { "decay", 0, 0, G_OPTION_ARG_STRING, &opt_decay,
      "geometric: decay factor gamma in (0, 1] (default 0.99)", "G" },
    { "momentum", 0, 0, G_OPTION_ARG_STRING, &opt_momentum,
      "momentum: beta in [0, 1) (default 0.9; --distributed: 0)", "B" },
    { "l0-l1", 0, 0, G_OPTION_ARG_STRING, &opt_l0_l1,
      "normalized-sd: (L0,L1)-smoothness constants L0,L1 (default: L0 = L of the problem, L1 = 0)", "L0,L1" },
    { "max-iter", 'T', 0, G_OPTION_ARG_STRING, &opt_max_iter,
      "Iteration limit (default 1000; 0: none, but no step with --distributed)", "N" },
    { "grad-tol", 0, 0, G_OPTION_ARG_STRING, &opt_grad_tol, "Stop when |g|* <= TOL", "TOL" },
    { "ftol-rel", 0, 0, G_OPTION_ARG_STRING, &opt_ftol_rel, "Stop on a relative change of f <= TOL", "TOL" },
    { "ftol-abs", 0, 0, G_OPTION_ARG_STRING, &opt_ftol_abs, "Stop on an absolute change of f <= TOL", "TOL" },
    { "xtol", 0, 0, G_OPTION_ARG_STRING, &opt_xtol, "Stop on a step |x+ - x| <= TOL", "TOL" },
    { "max-time", 0, 0, G_OPTION_ARG_STRING, &opt_max_time, "Stop after this many seconds", "S" },
    { "dim", 'd', 0, G_OPTION_ARG_STRING, &opt_dim,
      "Dimension (rosenbrock: default 2; foreign objectives: default the length of --x0)", "N" },
    { "x0", 0, 0, G_OPTION_ARG_STRING, &opt_x0,
      "Starting point: a,b,c,..., one number for all entries, or a FILE (default 0; "
      "quadratic 1,1,...; rosenbrock -1.2,1,...)",
      "X0" },
    { "lambda", 0, 0, G_OPTION_ARG_STRING, &opt_lambda, "logistic: l2 regularization (default 1e-3)",
      "LAMBDA" },
    { "rhs", 0, 0, G_OPTION_ARG_STRING, &opt_rhs,
      "quadratic: b in f = 1/2 x'Hx - b'x (values or FILE; default 0)", "B" },
    { "objective", 0, 0, G_OPTION_ARG_STRING, &opt_objective, "Minimize a foreign objective LIB.so:SYMBOL",
      "LIB:SYMBOL" },
    { "signature", 0, 0, G_OPTION_ARG_STRING, &opt_signature,
      "Signature of the foreign objective, e.g. 'double(x, g, n)'", "SIG" },
    { "every", 0, 0, G_OPTION_ARG_STRING, &opt_every,
      "Print every K-th iteration (default: about 25 rows per norm)", "K" },
    { "plot", 'p', 0, G_OPTION_ARG_STRING, &opt_plot,
      "Draw f(x_t) - f* against t for every norm into FILE.png or FILE.svg", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, "Only the summary, no table", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print JSON instead of text", NULL },
    { "distributed", 0, 0, G_OPTION_ARG_STRING, &opt_distributed,
      "Data-parallel over MPI ranks (logistic, least-squares; launch with mpirun, or alone as one rank): "
      "mean, sign-majority or scaled-sign-ef; the step is --alpha",
      "RULE" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
};

static const struct {
    const char *name;
    int rule;
} step_rules[] = {
    { "fixed", STEEPEST_STEP_FIXED },
    { "constant", STEEPEST_STEP_CONSTANT },
    { "inv-sqrt", STEEPEST_STEP_INV_SQRT },
    { "geometric", STEEPEST_STEP_GEOMETRIC },
    { "armijo", STEEPEST_STEP_ARMIJO },
    { "normalized-sd", STEEPEST_STEP_NORMALIZED_SD },
    { "normalized-gd", STEEPEST_STEP_NORMALIZED_GD },
    { "momentum", STEEPEST_STEP_MOMENTUM },
    { "rprop", STEEPEST_STEP_RPROP },
};

static const char *
rule_name(int rule)
{
    for (size_t k = 0; k < G_N_ELEMENTS(step_rules); k++)
        if (step_rules[k].rule == rule)
            return step_rules[k].name;
    return "?";
}

/* ---- the problem ---- */

typedef struct {
    const char *kind; /* "quadratic", "rosenbrock", ... */
    size_t n;
    SteepestObjectiveFn fn;
    void *data;
    double f_star; /* NaN when unknown */
    double *x0;
    /* owned problem objects (one of them) */
    SteepestQuadratic *quadratic;
    double *H; /* quadratic: for the induced norm */
    SteepestRosenbrock *rosenbrock;
    SteepestLogistic *logistic;
    SteepestLeastSquares *least_squares;
    SteepestForeign *foreign;
    /* --distributed: this rank's shard of the rows, and its share */
    int rank, ranks;
    SteepestLogistic *shard_logistic;
    SteepestLeastSquares *shard_least_squares;
    SteepestObjectiveFn shard_fn;
    void *shard_data;
    double share;
} Problem;

static void
problem_clear(Problem *p)
{
    steepest_quadratic_free(p->quadratic);
    steepest_rosenbrock_free(p->rosenbrock);
    steepest_logistic_free(p->logistic);
    steepest_least_squares_free(p->least_squares);
    steepest_foreign_free(p->foreign);
    steepest_logistic_free(p->shard_logistic);
    steepest_least_squares_free(p->shard_least_squares);
    g_free(p->H);
    g_free(p->x0);
}

/* Splits a table into features A (m x (cols-1)) and the last column t. */
static void
split_table(const double *data, size_t rows, size_t cols, double **A, double **t)
{
    *A = g_new(double, rows *(cols - 1));
    *t = g_new(double, rows);
    for (size_t i = 0; i < rows; i++) {
        memcpy(*A + i * (cols - 1), data + i * cols, (cols - 1) * sizeof(double));
        (*t)[i] = data[i * cols + cols - 1];
    }
}

/* --objective LIB:SYMBOL: the foreign objective and its dimension. */
static int
setup_foreign(Problem *p)
{
    int code;
    p->kind = "foreign";
    code = cli_open_foreign(opt_objective, opt_signature, &p->foreign);
    if (code != CLI_EXIT_OK)
        return code;
    if (opt_dim != NULL && !cli_parse_size("--dim", opt_dim, 1, 100000000, &p->n))
        return CLI_EXIT_USAGE;
    if (p->n == 0 && opt_x0 == NULL)
        return cli_usage_error("--objective needs --dim or --x0 to know the dimension");
    p->fn = steepest_foreign_evaluate;
    p->data = p->foreign;
    return CLI_EXIT_OK;
}

/* quadratic MATRIX: H from the file, b from --rhs, f* when H is positive
 * definite. */
static int
setup_quadratic(const char *file, Problem *p)
{
    int code;
    code = cli_read_matrix(file, TRUE, &p->n, &p->H);
    if (code != CLI_EXIT_OK)
        return code;
    double *b = NULL;
    size_t len;
    if (opt_rhs != NULL && (code = cli_read_vector("--rhs", opt_rhs, p->n, &b, &len)) != 0)
        return code;
    if (steepest_quadratic_new(p->n, p->H, b, STEEPEST_DATA_COPY, &p->quadratic) != STEEPEST_OK) {
        g_free(b);
        return cli_library_failure("%s", file);
    }
    g_free(b);
    steepest_quadratic_get_objective(p->quadratic, &p->fn, &p->data);
    double *xs = g_new(double, p->n);
    if (steepest_quadratic_get_minimizer(p->quadratic, p->n, xs, &p->f_star) != STEEPEST_OK)
        p->f_star = NAN; /* not positive definite: no unique minimizer */
    g_free(xs);
    return CLI_EXIT_OK;
}

/* rosenbrock: the chained function in --dim (default 2). */
static int
setup_rosenbrock(Problem *p)
{
    p->n = 2;
    if (opt_dim != NULL && !cli_parse_size("--dim", opt_dim, 2, 100000000, &p->n))
        return CLI_EXIT_USAGE;
    if (steepest_rosenbrock_new(p->n, &p->rosenbrock) != STEEPEST_OK)
        return cli_library_failure("rosenbrock");
    steepest_rosenbrock_get_objective(p->rosenbrock, &p->fn, &p->data);
    p->f_star = 0;
    return CLI_EXIT_OK;
}

/* logistic DATA / least-squares DATA: the table's last column is the target;
 * with --distributed also this rank's shard. */
static int
setup_rows(const char *file, Problem *p)
{
    int code;
    size_t rows, cols;
    double *table, *A, *t;
    code = cli_read_table(file, 2, &rows, &cols, &table);
    if (code != CLI_EXIT_OK)
        return code;
    split_table(table, rows, cols, &A, &t);
    g_free(table);
    p->n = cols - 1;
    p->share = (double) steepest_shard_rows(rows, (size_t) p->rank, (size_t) p->ranks);
    int st;
    if (strcmp(p->kind, "logistic") == 0) {
        double lambda = 1e-3;
        if (opt_lambda && !cli_parse_double("--lambda", opt_lambda, 0, 1e300, &lambda)) {
            g_free(A);
            g_free(t);
            return CLI_EXIT_USAGE;
        }
        for (size_t i = 0; i < rows; i++)
            if (t[i] == 0)
                t[i] = -1; /* labels 0/1 are read as -1/+1 */
        st = steepest_logistic_new(rows, p->n, A, t, lambda, STEEPEST_DATA_COPY, &p->logistic);
        if (st == STEEPEST_OK)
            steepest_logistic_get_objective(p->logistic, &p->fn, &p->data);
        if (st == STEEPEST_OK && opt_distributed != NULL) {
            st = steepest_logistic_new_shard(rows, p->n, A, t, lambda, (size_t) p->rank, (size_t) p->ranks,
                                             &p->shard_logistic);
            if (st == STEEPEST_OK)
                steepest_logistic_get_objective(p->shard_logistic, &p->shard_fn, &p->shard_data);
        }
    } else {
        st = steepest_least_squares_new(rows, p->n, A, t, STEEPEST_DATA_COPY, &p->least_squares);
        if (st == STEEPEST_OK && opt_distributed != NULL) {
            st = steepest_least_squares_new_shard(rows, p->n, A, t, (size_t) p->rank, (size_t) p->ranks,
                                                  &p->shard_least_squares);
            if (st == STEEPEST_OK)
                steepest_least_squares_get_objective(p->shard_least_squares, &p->shard_fn, &p->shard_data);
        }
        if (st == STEEPEST_OK) {
            steepest_least_squares_get_objective(p->least_squares, &p->fn, &p->data);
            double *xs = g_new(double, p->n);
            if (steepest_least_squares_get_minimizer(p->least_squares, p->n, xs, &p->f_star) != STEEPEST_OK)
                p->f_star = NAN;
            g_free(xs);
        }
    }
    g_free(A);
    g_free(t);
    if (st != STEEPEST_OK)
        return cli_library_failure("%s (the target is the last column)", file);
    return CLI_EXIT_OK;
}

/* PROBLEM [FILE]: the name is known and the file is there when needed. */
static int
validate_problem_args(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("give a PROBLEM (quadratic MATRIX, rosenbrock, logistic DATA, "
                               "least-squares DATA) or --objective LIB:SYMBOL");
    const char *kind = argv[1];
    gboolean needs_file =
        strcmp(kind, "quadratic") == 0 || strcmp(kind, "logistic") == 0 || strcmp(kind, "least-squares") == 0;
    if (strcmp(kind, "rosenbrock") != 0 && !needs_file)
        return cli_usage_error("unknown problem '%s' (quadratic, rosenbrock, logistic, least-squares)", kind);
    if (needs_file && argc < 3)
        return cli_usage_error("problem '%s' needs a %s file", kind,
                               strcmp(kind, "quadratic") == 0 ? "MATRIX" : "DATA");
    if (argc > (needs_file ? 3 : 2))
        return cli_usage_error("unexpected argument '%s'", argv[needs_file ? 3 : 2]);
    return CLI_EXIT_OK;
}

/* The starting point: --x0 (which also fixes a foreign objective's
 * dimension) or the problem's default. */
static int
setup_x0(Problem *p)
{
    int code;
    if (opt_x0 != NULL) {
        size_t len = 0;
        code = cli_read_vector("--x0", opt_x0, p->n, &p->x0, &len);
        if (code != CLI_EXIT_OK)
            return code;
        p->n = len;
    } else {
        /* A quadratic's minimizer with b = 0 is 0, so it starts at 1,...,1
         * instead: a run from the answer would stop at iteration 0. */
        p->x0 = g_new0(double, p->n);
        for (size_t i = 0; i < p->n; i++)
            p->x0[i] = p->rosenbrock != NULL ? (i % 2 == 0 ? -1.2 : 1.0) : p->quadratic != NULL ? 1.0 : 0.0;
    }
    return CLI_EXIT_OK;
}

/* Validates PROBLEM [FILE] or --objective, builds the problem and its
 * starting point. */
static int
setup_problem(int argc, char **argv, Problem *p, int rank, int ranks)
{
    memset(p, 0, sizeof *p);
    p->f_star = NAN;
    p->rank = rank;
    p->ranks = ranks;
    int code;
    if (opt_objective != NULL) {
        if (argc > 1)
            return cli_usage_error("give either a PROBLEM or --objective, not both");
        code = setup_foreign(p);
    } else if ((code = validate_problem_args(argc, argv)) == CLI_EXIT_OK) {
        p->kind = argv[1];
        if (strcmp(p->kind, "quadratic") == 0)
            code = setup_quadratic(argv[2], p);
        else if (strcmp(p->kind, "rosenbrock") == 0)
            code = setup_rosenbrock(p);
        else
            code = setup_rows(argv[2], p);
    }
    if (code != CLI_EXIT_OK)
        return code;
    if (opt_distributed != NULL && p->shard_fn == NULL)
        return cli_usage_error("--distributed needs a problem with rows to share: logistic DATA or "
                               "least-squares DATA, not %s",
                               p->kind);
    return setup_x0(p);
}

/* The smoothness constant of the problem in a norm, or NaN if unknown. */
static double
problem_smoothness(const Problem *p, const SteepestNorm *norm, const char **how)
{
    double L = NAN;
    *how = NULL;
    if (p->H != NULL) {
        double lower, upper;
        int exact;
        if (steepest_norm_induced(norm, p->n, p->H, NULL, &lower, &upper, &exact, how) == STEEPEST_OK)
            L = upper;
    } else if (p->logistic != NULL) {
        if (steepest_logistic_get_smoothness_bound(p->logistic, norm, &L) == STEEPEST_OK)
            *how = "upper bound (1/4m) sum |a_i|*^2 + lambda";
    } else if (p->least_squares != NULL) {
        if (steepest_least_squares_get_smoothness_bound(p->least_squares, norm, &L) == STEEPEST_OK)
            *how = "upper bound sum |a_i|*^2";
    }
    return L > 0 ? L : NAN;
}

/* ---- one run ---- */

typedef struct {
    uint64_t iteration;
    double f, grad_norm, step, guarantee, decrease;
    int applies;
} Row;

typedef struct {
    char *spec;
    int rule;
    double L;
    const char *L_how;
    int status;
    char *error;
    GArray *rows; /* Row, iteration 0 first */
    double f, grad_norm, elapsed;
    uint64_t iterations, evaluations;
    double *x;
    int ranks; /* --distributed */
    uint64_t bytes_sent, bytes_received;
} Run;

static int
record_row(void *user_data, const SteepestIterationInfo *info)
{
    GArray *rows = user_data;
    Row r = { steepest_iteration_info_get_iteration(info),        steepest_iteration_info_get_f(info),
              steepest_iteration_info_get_grad_norm(info),        steepest_iteration_info_get_step_size(info),
              steepest_iteration_info_get_guarantee(info),        steepest_iteration_info_get_decrease(info),
              steepest_iteration_info_get_guarantee_applies(info) };
    g_array_append_val(rows, r);
    return 0;
}

/* Applies the options to a solver; prints a usage error and returns FALSE on a bad value. */
/* NORMALIZED_SD's (L0, L1) (Eq. 44): --l0-l1, else L0 = the problem's L and
 * L1 = 0; without either there is nothing to take the step from. */
static gboolean
configure_l0_l1(SteepestSolver *s, double L)
{
    double L0 = L, L1 = 0.0;
    if (opt_l0_l1 != NULL) {
        gchar **parts = g_strsplit(opt_l0_l1, ",", -1);
        gboolean ok = g_strv_length(parts) == 2 &&
                      cli_parse_double("--l0-l1 (L0)", parts[0], 1e-300, 1e300, &L0) &&
                      cli_parse_double("--l0-l1 (L1)", parts[1], 0, 1e300, &L1);
        if (!ok && g_strv_length(parts) != 2)
            cli_usage_error("--l0-l1: '%s' is not L0,L1", opt_l0_l1);
        g_strfreev(parts);
        if (!ok)
            return FALSE;
    } else if (!isfinite(L)) {
        cli_usage_error("--step normalized-sd needs --l0-l1 L0,L1 (or --L, used as L0 with L1 = 0)");
        return FALSE;
    }
    if (steepest_solver_set_l0_l1(s, L0, L1) < 0) {
        cli_library_failure("--l0-l1");
        return FALSE;
    }
    return TRUE;
}

static gboolean
configure(SteepestSolver *s, int rule, double L)
{
    double v;
    uint64_t u;
    int direction = STEEPEST_DIRECTION_SCALED;
    if (opt_direction != NULL) {
        if (strcmp(opt_direction, "scaled") == 0)
            direction = STEEPEST_DIRECTION_SCALED;
        else if (strcmp(opt_direction, "normalized") == 0)
            direction = STEEPEST_DIRECTION_NORMALIZED;
        else {
            cli_usage_error("--direction: '%s' is not scaled or normalized", opt_direction);
            return FALSE;
        }
    }
    steepest_solver_set_step_rule(s, rule);
    steepest_solver_set_direction(s, direction);
    if (isfinite(L))
        steepest_solver_set_lipschitz(s, L);
    if (rule == STEEPEST_STEP_ARMIJO)
        steepest_solver_set_step_size(s, 1.0);
    if (opt_alpha) {
        if (!cli_parse_double("--alpha", opt_alpha, 1e-300, 1e300, &v))
            return FALSE;
        steepest_solver_set_step_size(s, v);
    }
    if (opt_decay) {
        if (!cli_parse_double("--decay", opt_decay, 1e-300, 1, &v))
            return FALSE;
        steepest_solver_set_decay(s, v);
    }
    if (opt_momentum) {
        if (!cli_parse_double("--momentum", opt_momentum, 0, 0.999999999, &v))
            return FALSE;
        steepest_solver_set_momentum(s, v);
    }
    if (rule == STEEPEST_STEP_NORMALIZED_SD && !configure_l0_l1(s, L))
        return FALSE;
    u = 1000;
    if (opt_max_iter && !cli_parse_u64("--max-iter", opt_max_iter, &u))
        return FALSE;
    steepest_solver_set_max_iter(s, u);
    struct {
        const char *name;
        const char *text;
        int (*set)(SteepestSolver *, double);
    } tols[] = {
        { "--grad-tol", opt_grad_tol, steepest_solver_set_grad_tol },
        { "--ftol-rel", opt_ftol_rel, steepest_solver_set_ftol_rel },
        { "--ftol-abs", opt_ftol_abs, steepest_solver_set_ftol_abs },
        { "--xtol", opt_xtol, steepest_solver_set_xtol },
        { "--max-time", opt_max_time, steepest_solver_set_max_time },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(tols); k++) {
        if (tols[k].text == NULL)
            continue;
        if (!cli_parse_double(tols[k].name, tols[k].text, 0, 1e300, &v))
            return FALSE;
        tols[k].set(s, v);
    }
    return TRUE;
}

static void
print_table(const Run *run, size_t every)
{
    printf("\n== %s: step %s", run->spec, rule_name(run->rule));
    if (isfinite(run->L))
        printf(", L = %.6g (%s)", run->L, run->L_how ? run->L_how : "given");
    printf("\n%6s %16s %13s %11s %13s %13s\n", "iter", "f", "|g|*", "step", "guarantee", "decrease");
    for (guint k = 0; k < run->rows->len; k++) {
        const Row *r = &g_array_index(run->rows, Row, k);
        if (k != 0 && k + 1 != run->rows->len && r->iteration % every != 0)
            continue;
        printf("%6llu %16.9g %13.6g", (unsigned long long) r->iteration, r->f, r->grad_norm);
        if (k == 0) {
            printf("\n");
            continue;
        }
        printf(" %11.4g", r->step);
        if (isfinite(r->guarantee)) {
            /* Lemma 2 holds when decrease >= guarantee, up to the rounding of two f values. */
            double slack = 1e-12 * fmax(fabs(r->f), fabs(r->f + r->decrease));
            gboolean held = r->decrease >= r->guarantee - slack;
            printf(" %13.6g %13.6g %s\n", r->guarantee, r->decrease,
                   !r->applies ? ""
                   : held      ? "ok"
                               : "VIOLATED");
        } else {
            printf(" %13s %13.6g\n", "-", r->decrease);
        }
    }
}

static int minimize_problem(int argc, char **argv, int forced_rule, double L_given, size_t every, int rank,
                            int ranks);

int
cli_cmd_minimize(int argc, char **argv)
{
    GOptionContext *ctx =
        cli_context("[PROBLEM [FILE]]",
                    "Minimize a problem by steepest descent in one or more norms.  PROBLEM is\n"
                    "  quadratic MATRIX        f = 1/2 x'Hx - b'x, H from a matrix file (--rhs b)\n"
                    "  rosenbrock              the chained Rosenbrock function (--dim N)\n"
                    "  logistic DATA           l2-regularized logistic regression; DATA is a CSV whose\n"
                    "                          last column holds the labels (-1/+1 or 0/1)\n"
                    "  least-squares DATA      1/2 |Ax - b|^2, b the last column of the CSV\n"
                    "or --objective LIB.so:SYMBOL --signature SIG for a function of a shared library.",
                    "The table shows each iteration t: f(x_t), the dual gradient norm |g|*, the step\n"
                    "size, and with a smoothness constant L Lemma 2's guaranteed decrease\n"
                    "|g|*^2/(2L) next to the actual decrease (checked for the fixed rule).",
                    entries);
    g_set_prgname("steepest minimize");
    int code = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    if (code >= 0)
        return code;

    int forced_rule = -1;
    if (opt_step != NULL) {
        for (size_t k = 0; k < G_N_ELEMENTS(step_rules); k++)
            if (strcmp(opt_step, step_rules[k].name) == 0)
                forced_rule = step_rules[k].rule;
        if (forced_rule < 0)
            return cli_usage_error("--step: unknown rule '%s' (fixed, constant, inv-sqrt, geometric, "
                                   "armijo, normalized-sd, normalized-gd, momentum, rprop)",
                                   opt_step);
    }
    double L_given = NAN;
    if (opt_L && !cli_parse_double("--L", opt_L, 1e-300, 1e300, &L_given))
        return CLI_EXIT_USAGE;
    size_t every = 0;
    if (opt_every && !cli_parse_size("--every", opt_every, 1, (size_t) -1, &every))
        return CLI_EXIT_USAGE;
    if (opt_plot != NULL && cli_plot_format(opt_plot) == 0)
        return cli_usage_error("--plot: '%s' must end in .png or .svg", opt_plot);

    int rank = 0, ranks = 1;
    if (opt_distributed != NULL) {
        if (!cli_distributed_start(&rank, &ranks))
            return CLI_EXIT_FAILURE;
        if (forced_rule >= 0 && forced_rule != STEEPEST_STEP_CONSTANT && forced_rule != STEEPEST_STEP_FIXED) {
            code =
                cli_usage_error("--distributed takes a fixed step (--alpha, or 1/L for mean), not --step %s",
                                opt_step);
            cli_distributed_finish();
            return code;
        }
    }
    code = minimize_problem(argc, argv, forced_rule, L_given, every, rank, ranks);
    if (opt_distributed != NULL)
        cli_distributed_finish();
    return code;
}

/* One distributed run in place of the solver: the shards, the rule, rank 0's
 * bytes per step. */
static int
run_distributed(const Problem *p, const SteepestNorm *norm, Run *run)
{
    double lr = 1e-3, beta = 0;
    uint64_t max_iter = 1000;
    if (opt_alpha ? !cli_parse_double("--alpha", opt_alpha, 1e-300, 1e300, &lr) : FALSE)
        return CLI_EXIT_USAGE;
    if (opt_alpha == NULL && strcmp(opt_distributed, "mean") == 0 && isfinite(run->L))
        lr = 1.0 / run->L; /* the fixed step 1/L of the whole problem, known to every rank */
    if (opt_momentum && !cli_parse_double("--momentum", opt_momentum, 0, 0.999999999, &beta))
        return CLI_EXIT_USAGE;
    if (opt_max_iter && !cli_parse_u64("--max-iter", opt_max_iter, &max_iter))
        return CLI_EXIT_USAGE;
    CliDistributedResult res = { 0 };
    int code = cli_distributed_run(opt_distributed, norm, p->n, p->shard_fn, p->shard_data, p->share, lr,
                                   beta, max_iter, run->x, &res);
    if (code != CLI_EXIT_OK) {
        if (res.f_trace)
            g_array_free(res.f_trace, TRUE);
        g_free(res.error);
        return code;
    }
    run->rule = STEEPEST_STEP_CONSTANT;
    run->status = res.status;
    run->error = res.error;
    run->f = res.f;
    run->grad_norm = NAN; /* the ranks combine gradients, never the whole one */
    run->iterations = res.iterations;
    run->evaluations = res.iterations + 1;
    run->elapsed = res.elapsed;
    run->ranks = res.ranks;
    run->bytes_sent = res.sent;
    run->bytes_received = res.received;
    for (guint t = 0; t < res.f_trace->len; t++) {
        Row r = { t, g_array_index(res.f_trace, double, t), NAN, t ? lr : NAN, NAN, NAN, 0 };
        if (t > 0)
            r.decrease = g_array_index(res.f_trace, double, t - 1) - r.f;
        g_array_append_val(run->rows, r);
    }
    g_array_free(res.f_trace, TRUE);
    return CLI_EXIT_OK;
}

/* One run of the solver in one norm (run->spec, run->L already set): the rule,
 * the solver, its rows and its result. */
static int
run_solver(const Problem *p, const SteepestNorm *norm, int forced_rule, Run *run)
{
    run->rule = forced_rule >= 0   ? forced_rule
                : isfinite(run->L) ? STEEPEST_STEP_FIXED
                                   : STEEPEST_STEP_ARMIJO;
    if (run->rule == STEEPEST_STEP_FIXED && !isfinite(run->L))
        return cli_usage_error("--step fixed needs a smoothness constant: none is known for "
                               "this problem in %s; give --L",
                               run->spec);
    SteepestSolver *solver = NULL;
    steepest_solver_new(norm, p->n, &solver);
    steepest_solver_set_objective(solver, p->fn, p->data, NULL);
    run->rows = g_array_new(FALSE, FALSE, sizeof(Row));
    steepest_solver_set_iteration_callback(solver, record_row, run->rows, NULL);
    steepest_solver_set_trace(solver, 1);
    if (!configure(solver, run->rule, run->L)) {
        steepest_solver_free(solver);
        return CLI_EXIT_USAGE;
    }
    run->x = g_memdup2(p->x0, p->n * sizeof(double));
    run->status = steepest_solver_run(solver, p->n, run->x);
    if (run->status < 0)
        run->error = g_strdup(steepest_solver_last_error(solver));
    /* Iteration 0 from the trace, before the callback's rows. */
    const double *tf = steepest_solver_get_trace_f(solver);
    const double *tg = steepest_solver_get_trace_grad_norm(solver);
    if (steepest_solver_get_trace_length(solver) > 0 && tf != NULL && tg != NULL) {
        Row r0 = { 0, tf[0], tg[0], NAN, NAN, NAN, 0 };
        g_array_prepend_val(run->rows, r0);
    }
    run->f = steepest_solver_get_f(solver);
    run->grad_norm = steepest_solver_get_grad_norm(solver);
    run->iterations = steepest_solver_get_iterations(solver);
    run->evaluations = steepest_solver_get_evaluations(solver);
    run->elapsed = steepest_solver_get_elapsed(solver);
    steepest_solver_free(solver);
    return CLI_EXIT_OK;
}

/* The runs as one JSON document on stdout. */
static void
report_json(const Problem *p, const GArray *runs)
{
    CliJson *j = cli_json_new(stdout);
    cli_json_begin_object(j, NULL);
    cli_json_string(j, "problem", p->kind);
    cli_json_int(j, "dim", (long long) p->n);
    cli_json_number(j, "f_star", p->f_star);
    cli_json_begin_array(j, "runs");
    for (guint k = 0; k < runs->len; k++) {
        const Run *run = &g_array_index(runs, Run, k);
        cli_json_begin_object(j, NULL);
        cli_json_string(j, "norm", run->spec);
        cli_json_string(j, "step", rule_name(run->rule));
        cli_json_number(j, "L", run->L);
        cli_json_string(j, "status", steepest_status_name(run->status));
        if (run->error)
            cli_json_string(j, "error", run->error);
        cli_json_int(j, "iterations", (long long) run->iterations);
        cli_json_int(j, "evaluations", (long long) run->evaluations);
        cli_json_number(j, "f", run->f);
        cli_json_number(j, "grad_norm", run->grad_norm);
        cli_json_number(j, "seconds", run->elapsed);
        cli_json_numbers(j, "x", p->n <= 1000 ? p->n : 0, run->x);
        if (opt_distributed != NULL) {
            cli_json_int(j, "ranks", run->ranks);
            cli_json_string(j, "aggregation", opt_distributed);
            cli_json_int(j, "bytes_sent_per_rank_per_step", (long long) run->bytes_sent);
            cli_json_int(j, "bytes_received_per_rank_per_step", (long long) run->bytes_received);
        }
        cli_json_begin_array(j, "iterations_table");
        for (guint r = 0; r < run->rows->len; r++) {
            const Row *row = &g_array_index(run->rows, Row, r);
            double v[6] = { (double) row->iteration, row->f,       row->grad_norm, row->step,
                            row->guarantee,          row->decrease };
            cli_json_numbers(j, NULL, 6, v);
        }
        cli_json_end_array(j);
        cli_json_end_object(j);
    }
    cli_json_end_array(j);
    cli_json_string(j, "iterations_table_columns", "iteration, f, grad_norm, step, guarantee, decrease");
    cli_json_end_object(j);
    cli_json_free(j);
}

/* The problem, each run's table (unless --quiet) and the summary table. */
static void
report_text(const Problem *p, const GArray *runs, size_t every)
{
    printf("Problem: %s, dimension %zu%s", p->kind, p->n, isfinite(p->f_star) ? "" : "\n");
    if (isfinite(p->f_star))
        printf(", f* = %.10g\n", p->f_star + 0.0);
    for (guint k = 0; k < runs->len && !opt_quiet; k++) {
        const Run *run = &g_array_index(runs, Run, k);
        size_t e = every ? every : MAX(1, run->rows->len / 25);
        print_table(run, e);
    }
    printf("\n%-22s %-10s %-18s %8s %18s %13s\n", "norm", "step", "stop", "iters", "f", "|g|*");
    for (guint k = 0; k < runs->len; k++) {
        const Run *run = &g_array_index(runs, Run, k);
        printf("%-22s %-10s %-18s %8llu %18.10g %13.6g\n", run->spec, rule_name(run->rule),
               steepest_status_name(run->status), (unsigned long long) run->iterations, run->f,
               run->grad_norm);
        if (run->error)
            printf("  failed: %s\n", run->error);
        if (opt_distributed != NULL)
            printf("  %s over %d rank%s: %llu bytes sent, %llu received per rank per step (rank 0)\n",
                   opt_distributed, run->ranks, run->ranks == 1 ? "" : "s",
                   (unsigned long long) run->bytes_sent, (unsigned long long) run->bytes_received);
    }
}

/* --plot: f(x_t) − f* against t for every run. */
static int
plot_runs(const Problem *p, const GArray *runs)
{
    int code = CLI_EXIT_OK;
    /* f(x_t) − f*, f* known or the best value any run reached. */
    double ref = p->f_star;
    if (!isfinite(ref)) {
        ref = INFINITY;
        for (guint k = 0; k < runs->len; k++) {
            const Run *run = &g_array_index(runs, Run, k);
            for (guint r = 0; r < run->rows->len; r++)
                ref = fmin(ref, g_array_index(run->rows, Row, r).f);
        }
    }
    CliSeries *series = g_new0(CliSeries, runs->len);
    double **xs = g_new0(double *, runs->len), **ys = g_new0(double *, runs->len);
    for (guint k = 0; k < runs->len; k++) {
        const Run *run = &g_array_index(runs, Run, k);
        xs[k] = g_new(double, run->rows->len);
        ys[k] = g_new(double, run->rows->len);
        for (guint r = 0; r < run->rows->len; r++) {
            const Row *row = &g_array_index(run->rows, Row, r);
            xs[k][r] = (double) row->iteration;
            ys[k][r] = row->f - ref;
        }
        series[k] = (CliSeries){ run->spec, run->rows->len, xs[k], ys[k] };
    }
    char *title = g_strdup_printf("%s (d = %zu)", p->kind, p->n);
    char *error = NULL;
    if (!cli_plot_lines(series, runs->len, TRUE, title, "iteration t",
                        isfinite(p->f_star) ? "f(x_t) \u2212 f*" : "f(x_t) \u2212 min f", opt_plot, &error)) {
        code = cli_failure("--plot: %s", error);
        g_free(error);
    } else if (!opt_json) {
        printf("wrote %s\n", opt_plot);
    }
    for (guint k = 0; k < runs->len; k++) {
        g_free(xs[k]);
        g_free(ys[k]);
    }
    g_free(xs);
    g_free(ys);
    g_free(series);
    g_free(title);
    return code;
}

static void
runs_free(GArray *runs)
{
    for (guint k = 0; k < runs->len; k++) {
        Run *run = &g_array_index(runs, Run, k);
        g_free(run->spec);
        g_free(run->error);
        g_free(run->x);
        if (run->rows)
            g_array_free(run->rows, TRUE);
    }
    g_array_free(runs, TRUE);
}

/* The norms to run: --norm, or l2 (linf for the sign aggregations of
 * --distributed). */
static GPtrArray *
norm_specs(void)
{
    GPtrArray *specs = g_ptr_array_new_with_free_func(g_free);
    if (opt_norms == NULL)
        g_ptr_array_add(specs,
                        g_strdup(opt_distributed != NULL && strcmp(opt_distributed, "mean") != 0 ? "linf"
                                                                                                 : "l2"));
    for (gchar **s = opt_norms; s != NULL && *s != NULL; s++)
        g_ptr_array_add(specs, g_strdup(*s));
    return specs;
}

/* One run per norm, through the solver or --distributed; stops at the first
 * usage error. */
static int
run_all(const Problem *p, const GPtrArray *specs, int forced_rule, double L_given, GArray *runs)
{
    int code = CLI_EXIT_OK;
    for (guint k = 0; k < specs->len && code == CLI_EXIT_OK; k++) {
        Run *run = &g_array_index(runs, Run, k);
        SteepestNorm *norm = NULL;
        if (steepest_norm_new(specs->pdata[k], p->n, &norm) != STEEPEST_OK)
            return cli_usage_error("--norm: %s", steepest_last_error());
        run->spec = g_strdup(steepest_norm_get_spec(norm));
        run->L = isfinite(L_given) ? L_given : problem_smoothness(p, norm, &run->L_how);
        if (opt_distributed != NULL) {
            run->rows = g_array_new(FALSE, FALSE, sizeof(Row));
            run->x = g_memdup2(p->x0, p->n * sizeof(double));
            code = run_distributed(p, norm, run);
        } else {
            code = run_solver(p, norm, forced_rule, run);
        }
        steepest_norm_free(norm);
    }
    return code;
}

/* When a run failed: every run's message on stderr and CLI_EXIT_FAILURE. */
static int
report_failures(const GArray *runs)
{
    gboolean any_failed = FALSE;
    for (guint k = 0; k < runs->len; k++)
        any_failed |= g_array_index(runs, Run, k).status < 0;
    if (!any_failed)
        return CLI_EXIT_OK;
    for (guint k = 0; k < runs->len; k++) {
        const Run *run = &g_array_index(runs, Run, k);
        if (run->error)
            cli_failure("%s: %s", run->spec, run->error);
    }
    return CLI_EXIT_FAILURE;
}

/* build (the problem) → run (every norm) → report (JSON or text, the plot,
 * the failures). */
static int
minimize_problem(int argc, char **argv, int forced_rule, double L_given, size_t every, int rank, int ranks)
{
    cli_load_norms();
    Problem p;
    int code = setup_problem(argc, argv, &p, rank, ranks);
    if (code != CLI_EXIT_OK) {
        problem_clear(&p);
        return code;
    }
    GPtrArray *specs = norm_specs();
    GArray *runs = g_array_new(FALSE, TRUE, sizeof(Run));
    g_array_set_size(runs, specs->len);
    code = run_all(&p, specs, forced_rule, L_given, runs);
    if (code == CLI_EXIT_OK) {
        if (opt_json)
            report_json(&p, runs);
        else
            report_text(&p, runs, every);
        if (opt_plot != NULL)
            code = plot_runs(&p, runs);
        if (code == CLI_EXIT_OK)
            code = report_failures(runs);
    }
    runs_free(runs);
    g_ptr_array_free(specs, TRUE);
    problem_clear(&p);
    return code;
}
