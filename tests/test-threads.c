/* test-threads.c — the library used by many threads at once, for
 * ThreadSanitizer (scripts/ci/65-tsan.sh) and for every other build.
 *
 * Workers share norm instances, one quadratic objective and one set of
 * induced-norm options, and at the same time create norms, list and look up
 * classes, evaluate norms and duality maps, run solvers and compute induced
 * norms (the ℓ∞ one on worker threads of its own); loaders meanwhile scan
 * plugin directories and register classes from memory.  Every result must
 * equal, bit for bit, the one computed before the threads started (the
 * computations are deterministic: the ℓ∞ enumeration gives the same value
 * for any number of threads), and those references are checked against
 * closed forms where one exists.  A race shows as a TSan report, a wrong
 * value or a crash.
 *
 * The registry is process-wide, so the test runs in a process of its own. */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

#define N 6
#define WORKERS 8
#define LOADERS 2
/* Rounds per worker; STEEPEST_TEST_QUICK (the Valgrind stage) takes fewer. */
#define ROUNDS 60
#define QUICK_ROUNDS 8
static int rounds = ROUNDS;
#define MEMORY_CLASSES 8

static const char *const specs[] = { "l2", "linf", "l1", "block:size=2", "block:sizes=1+2+3", "lp:p=3" };
#define N_SPECS G_N_ELEMENTS(specs)

typedef struct {
    double norm, dual, map[N], induced_lower, induced_upper;
    int induced_rc; /* OK, or UNSUPPORTED for a norm without the method (lp) */
    double x_final[N];
    uint64_t iterations;
} Reference;

static struct {
    SteepestNorm *norm[N_SPECS];
    Reference ref[N_SPECS];
    SteepestQuadratic *quadratic;
    SteepestInducedOptions *induced;
    const SteepestNormClass *l2_class;
    size_t initial_classes;
    const char *plugins_dir;
} shared;

static const double x_probe[N] = { 1.5, -2, 0.25, 3, -0.5, 1 };
/* Symmetric, diagonally dominant: positive definite. */
static const double H[N * N] = {
    4,   1, 0, 0.5, 0, 0, 1, 5,    1, 0, 0.25, 0, 0, 1, 6,   1, 0, 0.5,
    0.5, 0, 1, 4,   1, 0, 0, 0.25, 0, 1, 3,    1, 0, 0, 0.5, 0, 1, 5,
};
static const double b[N] = { 1, -1, 2, 0, 1, -2 };

static gboolean
same_bits(double a, double c)
{
    return memcmp(&a, &c, sizeof a) == 0;
}

/* One solver run from x = 0 on the shared quadratic with a shared norm. */
static int
solve(const SteepestNorm *norm, double *x, uint64_t *iterations, char **why)
{
    SteepestSolver *s = NULL;
    SteepestObjectiveFn fn;
    void *data;
    int rc = steepest_solver_new(norm, N, &s);
    if (rc == STEEPEST_OK)
        rc = steepest_quadratic_get_objective(shared.quadratic, &fn, &data);
    if (rc == STEEPEST_OK)
        rc = steepest_solver_set_objective(s, fn, data, NULL);
    if (rc == STEEPEST_OK)
        rc = steepest_solver_set_step_rule(s, STEEPEST_STEP_ARMIJO);
    if (rc == STEEPEST_OK)
        rc = steepest_solver_set_max_iter(s, 40);
    memset(x, 0, N * sizeof *x);
    if (rc == STEEPEST_OK)
        rc = steepest_solver_run(s, N, x);
    if (rc < 0)
        *why = g_strdup_printf("solver: %s", steepest_last_error());
    *iterations = s != NULL ? steepest_solver_get_iterations(s) : 0;
    steepest_solver_free(s);
    return rc;
}

static int
induced(const SteepestNorm *norm, double *lower, double *upper)
{
    return steepest_norm_induced(norm, N, H, shared.induced, lower, upper, NULL, NULL);
}

static void
compute_references(void)
{
    for (size_t k = 0; k < N_SPECS; k++) {
        Reference *r = &shared.ref[k];
        SteepestNorm *norm = shared.norm[k];
        ck_assert_int_eq(steepest_norm_norm(norm, N, x_probe, &r->norm), STEEPEST_OK);
        ck_assert_int_eq(steepest_norm_dual_norm(norm, N, x_probe, &r->dual), STEEPEST_OK);
        double dual;
        ck_assert_int_eq(steepest_norm_duality_map(norm, N, x_probe, r->map, &dual), STEEPEST_OK);
        ck_assert(same_bits(dual, r->dual));
        r->induced_rc = induced(norm, &r->induced_lower, &r->induced_upper);
        ck_assert_msg(r->induced_rc == STEEPEST_OK ||
                          (r->induced_rc == STEEPEST_ERROR_UNSUPPORTED && k == N_SPECS - 1),
                      "%s: induced norm: %s", specs[k], steepest_last_error());
        char *why = NULL;
        ck_assert_int_ge(solve(norm, r->x_final, &r->iterations, &why), 0);
        ck_assert_uint_gt(r->iterations, 0);
    }
    /* The references are right, not merely repeatable: closed forms. */
    double l2 = 0, l1 = 0, linf = 0, max_entry = 0;
    for (size_t i = 0; i < N; i++) {
        l2 += x_probe[i] * x_probe[i];
        l1 += fabs(x_probe[i]);
        linf = fmax(linf, fabs(x_probe[i]));
    }
    for (size_t i = 0; i < N * N; i++)
        max_entry = fmax(max_entry, fabs(H[i]));
    ck_assert_double_eq_tol(shared.ref[0].norm, sqrt(l2), 1e-15 * sqrt(l2));
    ck_assert_double_eq(shared.ref[1].norm, linf);
    ck_assert_double_eq_tol(shared.ref[1].dual, l1, 1e-15 * l1);
    ck_assert_double_eq_tol(shared.ref[2].norm, l1, 1e-15 * l1);
    /* ‖H‖ for ℓ1 is max_ij |H_ij| (sup over the unit ℓ1 ball of ‖Hx‖∞). */
    ck_assert_double_eq_tol(shared.ref[2].induced_upper, max_entry, 1e-15 * max_entry);
}

static char *
check_norm(const SteepestNorm *norm, size_t k)
{
    const Reference *r = &shared.ref[k];
    double v, d, map[N];
    if (steepest_norm_norm(norm, N, x_probe, &v) != STEEPEST_OK || !same_bits(v, r->norm))
        return g_strdup_printf("%s: norm %.17g, expected %.17g", specs[k], v, r->norm);
    if (steepest_norm_dual_norm(norm, N, x_probe, &d) != STEEPEST_OK || !same_bits(d, r->dual))
        return g_strdup_printf("%s: dual norm %.17g, expected %.17g", specs[k], d, r->dual);
    if (steepest_norm_duality_map(norm, N, x_probe, map, &d) != STEEPEST_OK ||
        memcmp(map, r->map, sizeof map) != 0)
        return g_strdup_printf("%s: duality map differs", specs[k]);
    return NULL;
}

static char *
check_listing(void)
{
    size_t n = steepest_registry_count();
    if (n < shared.initial_classes)
        return g_strdup_printf("%zu classes, fewer than the %zu at the start", n, shared.initial_classes);
    for (size_t i = 0; i < n; i++) {
        const SteepestNormClass *c = steepest_registry_get(i);
        if (c == NULL || steepest_registry_lookup(steepest_norm_class_get_name(c)) != c)
            return g_strdup_printf("class %zu of %zu does not look itself up", i, n);
    }
    if (steepest_registry_lookup("l2") != shared.l2_class)
        return g_strdup("the l2 class changed");
    return NULL;
}

static char *
worker_round(int id, int round)
{
    size_t k = (size_t) (id + round) % N_SPECS;
    SteepestNorm *own = NULL;
    if (steepest_norm_new(specs[k], N, &own) != STEEPEST_OK)
        return g_strdup_printf("%s: %s", specs[k], steepest_last_error());
    char *err = check_norm(own, k);
    steepest_norm_free(own);
    if (err == NULL)
        err = check_norm(shared.norm[(k + 1) % N_SPECS], (k + 1) % N_SPECS);
    if (err == NULL)
        err = check_listing();
    if (err == NULL && round % 4 == id % 4) {
        const Reference *r = &shared.ref[k];
        double lo = 0, up = 0;
        int rc = induced(shared.norm[k], &lo, &up);
        if (rc != r->induced_rc ||
            (rc == STEEPEST_OK && (!same_bits(lo, r->induced_lower) || !same_bits(up, r->induced_upper))))
            err = g_strdup_printf("%s: induced [%.17g, %.17g], expected [%.17g, %.17g] (%s)", specs[k], lo,
                                  up, r->induced_lower, r->induced_upper, steepest_last_error());
    }
    if (err == NULL && round % 4 == (id + 2) % 4) {
        const Reference *r = &shared.ref[k];
        double x[N];
        uint64_t iterations;
        if (solve(shared.norm[k], x, &iterations, &err) < 0)
            return err;
        if (iterations != r->iterations || memcmp(x, r->x_final, sizeof x) != 0)
            err = g_strdup_printf("%s: solver took %" G_GUINT64_FORMAT
                                  " iterations (expected %" G_GUINT64_FORMAT ") or ended elsewhere",
                                  specs[k], iterations, r->iterations);
    }
    return err;
}

static gpointer
worker(gpointer data)
{
    int id = GPOINTER_TO_INT(data);
    for (int round = 0; round < rounds; round++) {
        char *err = worker_round(id, round);
        if (err != NULL)
            return err;
    }
    return NULL;
}

static int
mem_norm(void *state, size_t n, const double *x, double *value)
{
    (void) state;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i] * x[i];
    *value = sqrt(s);
    return STEEPEST_PLUGIN_OK;
}

static int
mem_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    memcpy(zsharp, z, n * sizeof *z);
    return mem_norm(state, n, z, dual);
}

static SteepestPluginNormClass memory_classes[LOADERS][MEMORY_CLASSES];
static char memory_names[LOADERS][MEMORY_CLASSES][32];

/* Scans the plugin directory (its classes are registered already: each is a
 * duplicate or shadowed, never a replacement) and registers classes from
 * memory, while the workers run. */
static gpointer
loader(gpointer data)
{
    int id = GPOINTER_TO_INT(data);
    for (int k = 0; k < MEMORY_CLASSES; k++) {
        steepest_registry_load_dir(shared.plugins_dir);
        g_snprintf(memory_names[id][k], sizeof memory_names[id][k], "threads_l2_%d_%d", id, k);
        memory_classes[id][k] = (SteepestPluginNormClass){
            .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
            .struct_size = sizeof(SteepestPluginNormClass),
            .name = memory_names[id][k],
            .dual_name = "l2",
            .summary = "Euclidean norm registered from memory by test-threads",
            .norm = mem_norm,
            .dual_norm = mem_norm,
            .duality_map = mem_map,
        };
        if (steepest_registry_add_class(&memory_classes[id][k]) != STEEPEST_OK)
            return g_strdup_printf("%s: %s", memory_names[id][k], steepest_last_error());
    }
    return NULL;
}

START_TEST(many_threads_share_norms_solvers_and_the_registry)
{
    if (g_getenv("STEEPEST_TEST_QUICK") != NULL)
        rounds = QUICK_ROUNDS;
    shared.plugins_dir = g_getenv("STEEPEST_PLUGIN_PATH");
    ck_assert_msg(shared.plugins_dir != NULL && g_path_is_absolute(shared.plugins_dir),
                  "STEEPEST_PLUGIN_PATH must name the build's plugins directory");
    for (size_t k = 0; k < N_SPECS; k++)
        ck_assert_msg(steepest_norm_new(specs[k], N, &shared.norm[k]) == STEEPEST_OK, "%s: %s", specs[k],
                      steepest_last_error());
    ck_assert_int_eq(steepest_quadratic_new(N, H, b, STEEPEST_DATA_COPY, &shared.quadratic), STEEPEST_OK);
    shared.induced = steepest_induced_options_new();
    ck_assert_ptr_nonnull(shared.induced);
    /* AUTO without a time budget: exact wherever the norm allows, bounds
     * elsewhere, never a choice that depends on the clock. */
    ck_assert_int_eq(steepest_induced_options_set_time_budget(shared.induced, 0), STEEPEST_OK);
    ck_assert_int_eq(steepest_induced_options_set_threads(shared.induced, 2), STEEPEST_OK);
    shared.l2_class = steepest_registry_lookup("l2");
    ck_assert_ptr_nonnull(shared.l2_class);
    shared.initial_classes = steepest_registry_count();
    compute_references();

    GThread *threads[WORKERS + LOADERS];
    for (int t = 0; t < WORKERS; t++)
        threads[t] = g_thread_new("worker", worker, GINT_TO_POINTER(t));
    for (int t = 0; t < LOADERS; t++)
        threads[WORKERS + t] = g_thread_new("loader", loader, GINT_TO_POINTER(t));
    for (int t = 0; t < WORKERS + LOADERS; t++) {
        char *err = g_thread_join(threads[t]);
        ck_assert_msg(err == NULL, "thread %d: %s", t, err);
    }

    ck_assert_uint_eq(steepest_registry_count(), shared.initial_classes + LOADERS * MEMORY_CLASSES);
    for (int id = 0; id < LOADERS; id++)
        for (int k = 0; k < MEMORY_CLASSES; k++)
            ck_assert_ptr_nonnull(steepest_registry_lookup(memory_names[id][k]));
    ck_assert_ptr_eq(steepest_registry_lookup("l2"), shared.l2_class);
    for (size_t k = 0; k < N_SPECS; k++)
        steepest_norm_free(shared.norm[k]);
    steepest_quadratic_free(shared.quadratic);
    steepest_induced_options_free(shared.induced);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("concurrent");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, many_threads_share_norms_solvers_and_the_registry);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 1);
}
