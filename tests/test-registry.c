/* test-registry.c — the registry and the plugin loader: the built-in classes,
 * deliberately broken fixture plugins (tests/fixtures/, one module per
 * failure mode), unusual good ones, classes registered from memory, the
 * search path, and concurrent use.
 *
 * The registry is a process-wide singleton; every test runs in its own
 * forked process (forced below), so each starts from a fresh registry and
 * tests never see each other's plugins. */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <steepest/steepest.h>
#include "check-run.h"

static char *plugins_dir; /* the build tree's plugins/, from STEEPEST_PLUGIN_PATH */

static char *
fixture(const char *name)
{
    return g_strdup_printf("%s/fixture-%s.%s", FIXTURES_DIR, name, "so");
}

static int
contains(const char *haystack, const char *needle)
{
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* l2 still works after whatever a test did to the registry. */
static void
assert_l2_works(void)
{
    SteepestNorm *norm = NULL;
    ck_assert_msg(steepest_norm_new("l2", 2, &norm) == STEEPEST_OK, "%s", steepest_last_error());
    const double x[2] = { 3.0, 4.0 };
    double v = 0;
    ck_assert_int_eq(steepest_norm_norm(norm, 2, x, &v), STEEPEST_OK);
    ck_assert_double_eq(v, 5.0);
    steepest_norm_free(norm);
}

/* ---- the built-in classes ---- */

START_TEST(builtins_load_cleanly_in_name_order)
{
    size_t n = steepest_registry_count();
    ck_assert_uint_ge(n, 4);
    ck_assert_uint_eq(steepest_registry_failure_count(), 0);
    for (size_t i = 0; i + 1 < n; i++)
        ck_assert_int_lt(strcmp(steepest_norm_class_get_name(steepest_registry_get(i)),
                                steepest_norm_class_get_name(steepest_registry_get(i + 1))),
                         0);
    ck_assert_ptr_null(steepest_registry_get(n));
    ck_assert_ptr_null(steepest_registry_get((size_t) -1));
    static const struct {
        const char *name, *dual, *file;
        size_t n_params;
    } builtin[] = {
        { "l2", "l2", "steepest-l2", 0 },
        { "linf", "l1", "steepest-linf", 0 },
        { "l1", "linf", "steepest-l1", 0 },
        { "block", "block_l1", "steepest-block", 2 },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(builtin); k++) {
        const SteepestNormClass *c = steepest_registry_lookup(builtin[k].name);
        ck_assert_msg(c != NULL, "%s is not registered", builtin[k].name);
        ck_assert_str_eq(steepest_norm_class_get_name(c), builtin[k].name);
        ck_assert_str_eq(steepest_norm_class_get_dual_name(c), builtin[k].dual);
        ck_assert_uint_gt(strlen(steepest_norm_class_get_summary(c)), 10);
        const char *src = steepest_norm_class_get_source(c);
        ck_assert_msg(g_path_is_absolute(src) && g_str_has_prefix(src, plugins_dir) &&
                          contains(src, builtin[k].file),
                      "%s comes from %s", builtin[k].name, src);
        ck_assert_uint_eq(steepest_norm_class_get_param_count(c), builtin[k].n_params);
        /* found by index too */
        gboolean listed = FALSE;
        for (size_t i = 0; i < n; i++)
            listed |= steepest_registry_get(i) == c;
        ck_assert(listed);
    }
    ck_assert_ptr_null(steepest_registry_lookup("nosuch"));
    ck_assert_ptr_null(steepest_registry_lookup(NULL));
    ck_assert_ptr_null(steepest_registry_lookup(""));
    ck_assert_ptr_null(steepest_registry_lookup("L2"));
}
END_TEST

START_TEST(class_and_parameter_accessors)
{
    const SteepestNormClass *block = steepest_registry_lookup("block");
    ck_assert_ptr_nonnull(block);
    const char *name = NULL, *doc = NULL, *def = "x";
    int type = 0;
    double lo = 0, hi = 0;
    ck_assert_int_eq(steepest_norm_class_get_param(block, 0, &name, &type, &doc, &def, &lo, &hi),
                     STEEPEST_OK);
    ck_assert_str_eq(name, "size");
    ck_assert_int_eq(type, STEEPEST_PARAM_INT);
    ck_assert_uint_gt(strlen(doc), 5);
    ck_assert_ptr_null(def);
    ck_assert_double_eq(lo, 1.0);
    ck_assert_double_ge(hi, 1e6);
    ck_assert_int_eq(steepest_norm_class_get_param(block, 1, &name, &type, NULL, NULL, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_str_eq(name, "sizes");
    ck_assert_int_eq(type, STEEPEST_PARAM_INT_LIST);
    ck_assert_int_eq(steepest_norm_class_get_param(block, 1, NULL, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_class_get_param(block, 2, &name, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(contains(steepest_last_error(), "block"));
    ck_assert_str_eq(name, "sizes"); /* a failing call leaves the outputs alone */
    ck_assert_int_eq(steepest_norm_class_get_param(steepest_registry_lookup("l2"), 0, &name, NULL, NULL, NULL,
                                                   NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_norm_class_get_param(NULL, 0, &name, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(steepest_norm_class_get_name(NULL));
    ck_assert_ptr_null(steepest_norm_class_get_dual_name(NULL));
    ck_assert_ptr_null(steepest_norm_class_get_summary(NULL));
    ck_assert_ptr_null(steepest_norm_class_get_source(NULL));
    ck_assert_uint_eq(steepest_norm_class_get_param_count(NULL), 0);
    ck_assert_int_eq(steepest_norm_class_has_induced_norm(NULL), 0);

    ck_assert_str_eq(steepest_param_type_name(STEEPEST_PARAM_INT), "int");
    ck_assert_str_eq(steepest_param_type_name(STEEPEST_PARAM_DOUBLE), "double");
    ck_assert_str_eq(steepest_param_type_name(STEEPEST_PARAM_INT_LIST), "int list");
    ck_assert_str_eq(steepest_param_type_name(STEEPEST_PARAM_DOUBLE_LIST), "double list");
    ck_assert_str_eq(steepest_param_type_name(0), "unknown");
    ck_assert_str_eq(steepest_param_type_name(5), "string");
    ck_assert_str_eq(steepest_param_type_name(6), "unknown");
    ck_assert_str_eq(steepest_param_type_name(-1), "unknown");

    /* an instance knows its class */
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("block:size=2", 4, &norm), STEEPEST_OK);
    ck_assert_ptr_eq(steepest_norm_get_class(norm), block);
    steepest_norm_free(norm);
    ck_assert_ptr_null(steepest_norm_get_class(NULL));
    ck_assert_ptr_null(steepest_norm_get_name(NULL));
    ck_assert_ptr_null(steepest_norm_get_spec(NULL));
    ck_assert_uint_eq(steepest_norm_get_dim(NULL), 0);
    steepest_norm_free(NULL);
}
END_TEST

START_TEST(plugin_dir_is_absolute_and_versioned)
{
    const char *dir = steepest_plugin_dir();
    ck_assert(g_path_is_absolute(dir));
    ck_assert_msg(contains(dir, "steepest-1"), "%s", dir);
}
END_TEST

/* ---- broken fixtures: one module per failure mode ---- */

static const struct {
    const char *file; /* fixture-<file>.so */
    int status;
    const char *reason; /* fragment of the recorded reason */
} broken[] = {
    { "missing-entry", STEEPEST_ERROR_PLUGIN_LOAD, "no entry symbol 'steepest_plugin_norm_class'" },
    { "not-a-plugin", STEEPEST_ERROR_PLUGIN_LOAD, "cannot open" },
    { "abi-major", STEEPEST_ERROR_PLUGIN_ABI, "ABI 2.0" },
    { "uninitialized", STEEPEST_ERROR_PLUGIN_INVALID, "uninitialized" },
    { "short-struct", STEEPEST_ERROR_PLUGIN_INVALID, "struct_size" },
    { "null-norm", STEEPEST_ERROR_PLUGIN_INVALID, "required method norm is NULL" },
    { "null-dual-norm", STEEPEST_ERROR_PLUGIN_INVALID, "required method dual_norm is NULL" },
    { "null-duality-map", STEEPEST_ERROR_PLUGIN_INVALID, "required method duality_map is NULL" },
    { "bad-name", STEEPEST_ERROR_PLUGIN_INVALID, "invalid name 'Bad Name'" },
    { "long-name", STEEPEST_ERROR_PLUGIN_INVALID, "invalid name" },
    { "param-type", STEEPEST_ERROR_PLUGIN_INVALID, "unknown type 9" },
    { "param-range", STEEPEST_ERROR_PLUGIN_INVALID, "empty or NaN range" },
    { "param-default", STEEPEST_ERROR_PLUGIN_INVALID, "default value is invalid" },
    /* hostile text: a listing must not print it (terminal escapes, forged lines) */
    { "control-summary", STEEPEST_ERROR_PLUGIN_INVALID,
      "summary contains the control character U+001B at offset 9" },
    { "control-dual-name", STEEPEST_ERROR_PLUGIN_INVALID,
      "dual_name contains the control character U+000A at offset 3" },
    { "control-param-doc", STEEPEST_ERROR_PLUGIN_INVALID,
      "the doc of parameter 'k' contains the control character U+000D" },
    { "control-c1", STEEPEST_ERROR_PLUGIN_INVALID, "summary contains the control character U+009B" },
};

/* Fixtures in the directory that fail besides those above, each after
 * registering one class: duplicate-in-module (its second class) and
 * endless-entry (its repeat). */
#define EXTRA_FAILURES 2
/* Good fixtures the directory scan registers: one class each, two-classes two,
 * the three hostile ones that lie only when called, the four liars that
 * only steepest check-plugin catches, and needs-spec's two classes (correct,
 * but with parameters check-plugin cannot guess). */
#define FIXTURE_CLASSES 15

START_TEST(each_broken_plugin_is_rejected_with_its_own_reason)
{
    char *path = fixture(broken[_i].file);
    ck_assert_msg(g_file_test(path, G_FILE_TEST_EXISTS), "fixture %s was not built", path);
    size_t classes = steepest_registry_count();
    size_t failures = steepest_registry_failure_count();

    int rc = steepest_registry_load_plugin(path);
    ck_assert_msg(rc == broken[_i].status, "%s: expected %s, got %s: %s", broken[_i].file,
                  steepest_status_name(broken[_i].status), steepest_status_name(rc), steepest_last_error());
    ck_assert_int_eq(steepest_last_status(), rc);
    /* The message names the file and the reason. */
    ck_assert_msg(contains(steepest_last_error(), path) && contains(steepest_last_error(), broken[_i].reason),
                  "message: %s", steepest_last_error());

    /* Listed once, with the file, the status and the reason. */
    ck_assert_uint_eq(steepest_registry_failure_count(), failures + 1);
    const char *fpath = NULL, *reason = NULL;
    int status = 0;
    ck_assert_int_eq(steepest_registry_failure(failures, &fpath, &status, &reason), STEEPEST_OK);
    ck_assert_str_eq(fpath, path);
    ck_assert_int_eq(status, broken[_i].status);
    ck_assert_msg(contains(reason, broken[_i].reason), "reason: %s", reason);

    /* Nothing was registered; the rest keeps working. */
    ck_assert_uint_eq(steepest_registry_count(), classes);
    ck_assert_ptr_null(steepest_registry_lookup("fixture_broken"));
    ck_assert_ptr_null(steepest_registry_lookup("fixture_control"));
    if (broken[_i].status == STEEPEST_ERROR_DUPLICATE) {
        ck_assert(contains(reason, "steepest-l2"));
        ck_assert(contains(steepest_norm_class_get_source(steepest_registry_lookup("l2")), "steepest-l2"));
    }
    assert_l2_works();

    /* Loading it again changes nothing and still reports the failure. */
    rc = steepest_registry_load_plugin(path);
    ck_assert_int_eq(rc, broken[_i].status);
    ck_assert(contains(steepest_last_error(), broken[_i].reason));
    ck_assert_uint_eq(steepest_registry_failure_count(), failures + 1);
    ck_assert_uint_eq(steepest_registry_count(), classes);
    g_free(path);
}
END_TEST

/* An entry function that never returns NULL: the host stops at the first
 * repeated class with one failure, and keeps the class it already took. */
START_TEST(an_entry_function_that_never_ends_is_stopped)
{
    char *path = fixture("endless-entry");
    size_t classes = steepest_registry_count();
    ck_assert_int_eq(steepest_registry_load_plugin(path), STEEPEST_ERROR_PLUGIN_INVALID);
    ck_assert(contains(steepest_last_error(), "must return NULL after the last class"));
    ck_assert_uint_eq(steepest_registry_count(), classes + 1);
    ck_assert_ptr_nonnull(steepest_registry_lookup("fixture_endless"));
    ck_assert_uint_eq(steepest_registry_failure_count(), 1);
    g_free(path);
}
END_TEST

START_TEST(a_module_with_two_classes_of_one_name_keeps_the_first)
{
    char *path = fixture("duplicate-in-module");
    size_t classes = steepest_registry_count();
    ck_assert_int_eq(steepest_registry_load_plugin(path), STEEPEST_ERROR_DUPLICATE);
    ck_assert(contains(steepest_last_error(), "fixture_twice"));
    ck_assert_uint_eq(steepest_registry_count(), classes + 1);
    const SteepestNormClass *c = steepest_registry_lookup("fixture_twice");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(steepest_norm_class_get_source(c), path);
    ck_assert_uint_eq(steepest_registry_failure_count(), 1);
    const char *reason = NULL;
    int status = 0;
    ck_assert_int_eq(steepest_registry_failure(0, NULL, &status, &reason), STEEPEST_OK);
    ck_assert_int_eq(status, STEEPEST_ERROR_DUPLICATE);
    ck_assert(contains(reason, "fixture_twice"));
    /* the registered one works (the fixture is an ℓ∞ norm) */
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("fixture_twice:k=4", 3, &norm), STEEPEST_OK);
    const double x[3] = { 1, -7, 2 };
    double v;
    ck_assert_int_eq(steepest_norm_norm(norm, 3, x, &v), STEEPEST_OK);
    ck_assert_double_eq(v, 7.0);
    steepest_norm_free(norm);
    g_free(path);
}
END_TEST

START_TEST(failure_index_out_of_range)
{
    size_t n = steepest_registry_failure_count();
    const char *path = "unchanged";
    ck_assert_int_eq(steepest_registry_failure(n, &path, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_str_eq(path, "unchanged");
    ck_assert_int_eq(steepest_registry_failure((size_t) -1, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* ---- good but unusual fixtures ---- */

START_TEST(two_classes_in_one_module)
{
    char *path = fixture("two-classes");
    size_t classes = steepest_registry_count();
    ck_assert_int_eq(steepest_registry_load_plugin(path), STEEPEST_OK);
    ck_assert_uint_eq(steepest_registry_count(), classes + 2);
    ck_assert_uint_eq(steepest_registry_failure_count(), 0);
    const SteepestNormClass *a = steepest_registry_lookup("fixture_max");
    const SteepestNormClass *b = steepest_registry_lookup("fixture_sum");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_str_eq(steepest_norm_class_get_source(a), path);
    ck_assert_str_eq(steepest_norm_class_get_source(b), path);
    ck_assert_str_eq(steepest_norm_class_get_dual_name(a), "fixture_sum");
    ck_assert_int_eq(steepest_norm_class_has_induced_norm(a), 0);

    const double x[4] = { 1, -2, 3, -3 };
    double v;
    SteepestNorm *na = NULL, *nb = NULL;
    ck_assert_int_eq(steepest_norm_new("fixture_max", 4, &na), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("fixture_sum", 4, &nb), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_norm(na, 4, x, &v), STEEPEST_OK);
    ck_assert_double_eq(v, 3.0);
    ck_assert_int_eq(steepest_norm_norm(nb, 4, x, &v), STEEPEST_OK);
    ck_assert_double_eq(v, 9.0);
    /* the ℓ1 class's derived unit direction: the lowest index of the tie, signed */
    double s[4];
    ck_assert_int_eq(steepest_norm_unit_direction(nb, 4, x, s, &v), STEEPEST_OK);
    ck_assert_double_eq(v, 3.0);
    ck_assert_double_eq(s[2], 1.0);
    ck_assert_double_eq(s[0] + s[1] + s[3], 0.0);
    steepest_norm_free(na);
    steepest_norm_free(nb);

    /* Loading the same file again, by any spelling, is a no-op. */
    ck_assert_int_eq(steepest_registry_load_plugin(path), STEEPEST_OK);
    char *other = g_strdup_printf("%s/./fixture-two-classes.so", FIXTURES_DIR);
    ck_assert_int_eq(steepest_registry_load_plugin(other), STEEPEST_OK);
    ck_assert_uint_eq(steepest_registry_count(), classes + 2);
    ck_assert_uint_eq(steepest_registry_failure_count(), 0);
    g_free(other);
    g_free(path);
}
END_TEST

static void
assert_close(const double *got, const double *want, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(got[i] - want[i]) <= 1e-14 * (1 + fabs(want[i])),
                      "%s[%zu] = %.17g, expected %.17g", what, i, got[i], want[i]);
}

/* The older-minor fixture (ℓ∞ with only the required fields): the host
 * derives s(z) = z♯ / ‖z‖* = sign(z) and both steps, and never calls the
 * methods that lie past the declared struct_size. */
static void
check_derived_paths(const char *name, size_t n)
{
    SteepestNorm *norm = NULL;
    ck_assert_msg(steepest_norm_new(name, n, &norm) == STEEPEST_OK, "%s", steepest_last_error());
    double *z = g_new(double, n), *x = g_new(double, n), *s = g_new(double, n), *out = g_new(double, n);
    double *want = g_new(double, n);
    double l1 = 0;
    for (size_t i = 0; i < n; i++) {
        z[i] = (i % 3 == 0) ? 0.0 : (i % 3 == 1 ? 0.5 + (double) i : -(double) i * 1e-3);
        x[i] = (double) i - 2.5;
        l1 += fabs(z[i]);
    }
    double dual = -1;
    ck_assert_int_eq(steepest_norm_unit_direction(norm, n, z, s, &dual), STEEPEST_OK);
    ck_assert_double_eq_tol(dual, l1, 1e-13 * l1);
    for (size_t i = 0; i < n; i++)
        want[i] = z[i] > 0 ? 1.0 : z[i] < 0 ? -1.0 : 0.0;
    assert_close(s, want, n, "s");

    const double alpha = 0.125;
    ck_assert_int_eq(steepest_norm_step_normalized(norm, n, x, z, alpha, out, &dual), STEEPEST_OK);
    for (size_t i = 0; i < n; i++)
        want[i] = x[i] - alpha * (z[i] > 0 ? 1.0 : z[i] < 0 ? -1.0 : 0.0);
    assert_close(out, want, n, "normalized step");
    ck_assert_int_eq(steepest_norm_step_scaled(norm, n, x, z, alpha, out, &dual), STEEPEST_OK);
    for (size_t i = 0; i < n; i++)
        want[i] = x[i] - alpha * l1 * (z[i] > 0 ? 1.0 : z[i] < 0 ? -1.0 : 0.0);
    assert_close(out, want, n, "scaled step");
    /* in place */
    memcpy(out, x, n * sizeof *x);
    ck_assert_int_eq(steepest_norm_step_scaled(norm, n, out, z, alpha, out, NULL), STEEPEST_OK);
    assert_close(out, want, n, "scaled step in place");

    /* z = 0: zero direction, x unchanged, no NaN */
    memset(z, 0, n * sizeof *z);
    ck_assert_int_eq(steepest_norm_unit_direction(norm, n, z, s, &dual), STEEPEST_OK);
    ck_assert_double_eq(dual, 0.0);
    for (size_t i = 0; i < n; i++)
        ck_assert(s[i] == 0.0);
    ck_assert_int_eq(steepest_norm_step_normalized(norm, n, x, z, alpha, out, &dual), STEEPEST_OK);
    assert_close(out, x, n, "step at z = 0");

    /* NaN: reported, x untouched */
    z[n / 2] = NAN;
    memcpy(want, x, n * sizeof *x);
    ck_assert_int_eq(steepest_norm_step_normalized(norm, n, x, z, alpha, out, &dual),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert(isnan(dual));
    assert_close(x, want, n, "x after a NaN step");
    ck_assert_int_eq(steepest_norm_unit_direction(norm, n, z, s, &dual), STEEPEST_ERROR_NOT_FINITE);
    char idx[32];
    g_snprintf(idx, sizeof idx, "z[%zu]", n / 2);
    ck_assert_msg(contains(steepest_last_error(), idx), "%s", steepest_last_error());

    /* tiny ‖z‖*: s must still be ±1 (1/‖z‖* would overflow) */
    memset(z, 0, n * sizeof *z);
    z[0] = 4.9406564584124654e-324;
    z[n - 1] = -4.9406564584124654e-324;
    ck_assert_int_eq(steepest_norm_unit_direction(norm, n, z, s, &dual), STEEPEST_OK);
    ck_assert_double_eq(s[0], 1.0);
    ck_assert_double_eq(s[n - 1], -1.0);
    g_free(z);
    g_free(x);
    g_free(s);
    g_free(out);
    g_free(want);
    steepest_norm_free(norm);
}

START_TEST(an_older_minor_version_plugin_loads_and_gets_derived_methods)
{
    char *path = fixture("older-minor");
    ck_assert_int_eq(steepest_registry_load_plugin(path), STEEPEST_OK);
    const SteepestNormClass *c = steepest_registry_lookup("fixture_older");
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(steepest_norm_class_has_induced_norm(c), 0);
    check_derived_paths("fixture_older", 7);
    check_derived_paths("fixture_older", 1000); /* beyond the stack scratch space */
    g_free(path);
}
END_TEST

START_TEST(create_failures_reach_the_caller)
{
    char *path = fixture("create-fails");
    ck_assert_int_eq(steepest_registry_load_plugin(path), STEEPEST_OK);
    static const struct {
        const char *spec;
        int status;
        const char *message;
    } cases[] = {
        { "fixture_refuse", STEEPEST_ERROR_PARAMETER, "fixture refuses dimension 3 with code -7" },
        { "fixture_refuse:code=-2", STEEPEST_ERROR_NO_MEMORY, "fixture refuses dimension 3 with code -2" },
        { "fixture_refuse:code=-3", STEEPEST_ERROR_DIMENSION, "with code -3" },
        { "fixture_refuse:code=-12", STEEPEST_ERROR_PLUGIN_FAILED, "with code -12" },
        { "fixture_refuse:silent=1", STEEPEST_ERROR_PARAMETER, "rejected its parameters" },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        steepest_set_error(STEEPEST_ERROR_IO, "a stale message");
        SteepestNorm *norm = (SteepestNorm *) path;
        int rc = steepest_norm_new(cases[k].spec, 3, &norm);
        ck_assert_msg(rc == cases[k].status, "%s: %s", cases[k].spec, steepest_status_name(rc));
        ck_assert_ptr_null(norm);
        ck_assert_int_eq(steepest_last_status(), cases[k].status);
        ck_assert_msg(contains(steepest_last_error(), cases[k].message) &&
                          contains(steepest_last_error(), "fixture_refuse") &&
                          !contains(steepest_last_error(), "stale"),
                      "%s: %s", cases[k].spec, steepest_last_error());
    }
    /* code=0 succeeds; free calls destroy (valgrind/ASan check the pairing) */
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("fixture_refuse:code=0", 3, &norm), STEEPEST_OK);
    ck_assert_str_eq(steepest_norm_get_spec(norm), "fixture_refuse:code=0");
    steepest_norm_free(norm);
    g_free(path);
}
END_TEST

/* ---- paths ---- */

START_TEST(relative_and_missing_paths_are_refused)
{
    ck_assert_int_eq(steepest_registry_load_plugin(NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_registry_load_plugin("fixture-two-classes.so"),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(contains(steepest_last_error(), "not absolute"));
    ck_assert_int_eq(steepest_registry_load_plugin("./fixture-two-classes.so"),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_registry_load_plugin(""), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_registry_load_dir(NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_registry_load_dir("tests/fixtures"), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(contains(steepest_last_error(), "not absolute"));
    ck_assert_int_eq(steepest_registry_load_dir("/nonexistent/steepest/plugins"), STEEPEST_ERROR_IO);
    ck_assert(contains(steepest_last_error(), "/nonexistent/steepest/plugins"));
    /* A missing file is a load failure naming the file. */
    ck_assert_int_eq(steepest_registry_load_plugin("/nonexistent/fixture.so"), STEEPEST_ERROR_PLUGIN_LOAD);
    ck_assert(contains(steepest_last_error(), "/nonexistent/fixture.so"));
    /* Relative paths were never even tried: nothing new is registered. */
    ck_assert_ptr_null(steepest_registry_lookup("fixture_max"));
    assert_l2_works();
}
END_TEST

START_TEST(relative_search_path_entries_are_ignored_and_listed)
{
    /* Must run before anything scans the registry (a fresh forked process). */
    char *env = g_strdup_printf("relative/plugins::%s:/nonexistent/abs:./here", plugins_dir);
    g_setenv("STEEPEST_PLUGIN_PATH", env, TRUE);
    steepest_set_error(STEEPEST_ERROR_IO, "earlier");
    ck_assert_uint_ge(steepest_registry_count(), 4);
    assert_l2_works();
    ck_assert_uint_eq(steepest_registry_failure_count(), 2);
    const char *expect[2] = { "relative/plugins", "./here" };
    for (size_t i = 0; i < 2; i++) {
        const char *path, *reason;
        int status;
        ck_assert_int_eq(steepest_registry_failure(i, &path, &status, &reason), STEEPEST_OK);
        ck_assert_str_eq(path, expect[i]);
        ck_assert_int_eq(status, STEEPEST_ERROR_INVALID_ARGUMENT);
        ck_assert(contains(reason, "not absolute"));
    }
    g_free(env);
}
END_TEST

START_TEST(broken_plugins_on_the_search_path_do_not_stop_the_scan)
{
    char *env = g_strdup_printf("%s:%s", plugins_dir, FIXTURES_DIR);
    g_setenv("STEEPEST_PLUGIN_PATH", env, TRUE);
    ck_assert_ptr_nonnull(steepest_registry_lookup("fixture_max")); /* scans */
    /* Scanning failures are listed, not left as the caller's error. */
    ck_assert_str_eq(steepest_last_error(), "");
    ck_assert_uint_eq(steepest_registry_failure_count(),
                      G_N_ELEMENTS(broken) + EXTRA_FAILURES); /* + duplicate-in-module */
    for (size_t k = 0; k < G_N_ELEMENTS(broken); k++) {
        char *path = fixture(broken[k].file);
        gboolean found = FALSE;
        for (size_t i = 0; i < steepest_registry_failure_count(); i++) {
            const char *fpath, *reason;
            int status;
            steepest_registry_failure(i, &fpath, &status, &reason);
            if (strcmp(fpath, path) == 0) {
                ck_assert_int_eq(status, broken[k].status);
                ck_assert_msg(contains(reason, broken[k].reason), "%s: %s", fpath, reason);
                found = TRUE;
            }
        }
        ck_assert_msg(found, "%s is not listed", path);
        g_free(path);
    }
    const char *good[] = { "fixture_max",
                           "fixture_sum",
                           "fixture_older",
                           "fixture_refuse",
                           "fixture_twice",
                           "fixture_endless",
                           "fixture_negative",
                           "fixture_nan_map",
                           "fixture_inverted",
                           "l2",
                           "linf",
                           "l1",
                           "block" };
    for (size_t k = 0; k < G_N_ELEMENTS(good); k++)
        ck_assert_msg(steepest_registry_lookup(good[k]) != NULL, "%s missing", good[k]);
    assert_l2_works();
    g_free(env);
}
END_TEST

START_TEST(load_dir_reports_the_first_failure_and_registers_the_rest)
{
    size_t classes = steepest_registry_count();
    int rc = steepest_registry_load_dir(FIXTURES_DIR);
    ck_assert_int_lt(rc, 0);
    /* files are loaded in name order: fixture-abi-major.so comes first */
    ck_assert_int_eq(rc, STEEPEST_ERROR_PLUGIN_ABI);
    ck_assert(contains(steepest_last_error(), "fixture-abi-major"));
    ck_assert_uint_eq(steepest_registry_count(), classes + FIXTURE_CLASSES);
    ck_assert_uint_eq(steepest_registry_failure_count(), G_N_ELEMENTS(broken) + EXTRA_FAILURES);
    ck_assert_uint_eq(steepest_registry_shadowed_count(), 1); /* duplicate-l2 */
    /* again, and through a symlink: nothing new, and the same first answer */
    char *tmp = g_dir_make_tmp("steepest-fixlink-XXXXXX", NULL);
    char *link = g_build_filename(tmp, "fixtures", NULL);
    ck_assert_int_eq(symlink(FIXTURES_DIR, link), 0);
    const char *again[2] = { FIXTURES_DIR, link };
    for (int k = 0; k < 2; k++) {
        steepest_clear_error();
        ck_assert_int_eq(steepest_registry_load_dir(again[k]), STEEPEST_ERROR_PLUGIN_ABI);
        ck_assert(contains(steepest_last_error(), "fixture-abi-major"));
        ck_assert_uint_eq(steepest_registry_count(), classes + FIXTURE_CLASSES);
        ck_assert_uint_eq(steepest_registry_failure_count(), G_N_ELEMENTS(broken) + EXTRA_FAILURES);
        ck_assert_uint_eq(steepest_registry_shadowed_count(), 1);
    }
    g_remove(link);
    g_rmdir(tmp);
    g_free(link);
    g_free(tmp);
    ck_assert_uint_eq(steepest_registry_failure_count(), G_N_ELEMENTS(broken) + EXTRA_FAILURES);
    assert_l2_works();
}
END_TEST

/* ---- shadowing: the first module found for a name wins, as with PATH ---- */

/* A later module named like a registered class is shadowed: listed with both
 * paths, not a failure, and the first class stays in use. */
START_TEST(a_later_module_of_the_same_name_is_shadowed)
{
    char *path = fixture("duplicate-l2");
    const char *winner = steepest_norm_class_get_source(steepest_registry_lookup("l2"));
    size_t classes = steepest_registry_count();
    ck_assert_uint_eq(steepest_registry_shadowed_count(), 0);
    ck_assert_msg(steepest_registry_load_plugin(path) == STEEPEST_OK, "%s", steepest_last_error());
    ck_assert_uint_eq(steepest_registry_failure_count(), 0);
    ck_assert_uint_eq(steepest_registry_count(), classes);
    ck_assert_uint_eq(steepest_registry_shadowed_count(), 1);
    const char *name = NULL, *spath = NULL, *swinner = NULL;
    ck_assert_int_eq(steepest_registry_shadowed(0, &name, &spath, &swinner), STEEPEST_OK);
    ck_assert_str_eq(name, "l2");
    ck_assert_str_eq(spath, path);
    ck_assert_str_eq(swinner, winner);
    ck_assert(contains(swinner, "steepest-l2"));
    ck_assert_str_eq(steepest_norm_class_get_source(steepest_registry_lookup("l2")), winner);
    assert_l2_works();
    /* again: a no-op, not a second entry */
    ck_assert_int_eq(steepest_registry_load_plugin(path), STEEPEST_OK);
    ck_assert_uint_eq(steepest_registry_shadowed_count(), 1);
    /* out of range leaves the outputs alone */
    ck_assert_int_eq(steepest_registry_shadowed(1, &name, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_str_eq(name, "l2");
    ck_assert_int_eq(steepest_registry_shadowed(0, NULL, NULL, NULL), STEEPEST_OK);
    g_free(path);
}
END_TEST

/* Copies every plugin of the build tree into a fresh directory, as
 * `meson install` does into the prefix. */
static char *
copy_of_plugins(void)
{
    char *dir = g_dir_make_tmp("steepest-installed-XXXXXX", NULL);
    ck_assert_ptr_nonnull(dir);
    GDir *d = g_dir_open(plugins_dir, 0, NULL);
    ck_assert_ptr_nonnull(d);
    const char *entry;
    while ((entry = g_dir_read_name(d)) != NULL) {
        if (!g_str_has_suffix(entry, ".so"))
            continue;
        char *from = g_build_filename(plugins_dir, entry, NULL), *to = g_build_filename(dir, entry, NULL);
        char *bytes = NULL;
        gsize len = 0;
        ck_assert(g_file_get_contents(from, &bytes, &len, NULL));
        ck_assert(g_file_set_contents(to, bytes, (gssize) len, NULL));
        g_free(bytes);
        g_free(from);
        g_free(to);
    }
    g_dir_close(d);
    return dir;
}

static void
remove_dir(char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *entry;
    while (d != NULL && (entry = g_dir_read_name(d)) != NULL) {
        char *p = g_build_filename(dir, entry, NULL);
        g_remove(p);
        g_free(p);
    }
    if (d != NULL)
        g_dir_close(d);
    g_rmdir(dir);
    g_free(dir);
}

/* The audit's case: the same plugins in STEEPEST_PLUGIN_PATH and installed.
 * No failures; each installed class is shadowed by the build tree's. */
START_TEST(the_same_plugins_twice_on_the_path_are_shadowed_not_failures)
{
    char *installed = copy_of_plugins();
    char *env = g_strdup_printf("%s:%s", plugins_dir, installed);
    g_setenv("STEEPEST_PLUGIN_PATH", env, TRUE);
    size_t n = steepest_registry_count() - 1; /* the built-in product norm comes from no file */
    ck_assert_uint_ge(n, 5);
    ck_assert_uint_eq(steepest_registry_failure_count(), 0);
    ck_assert_uint_eq(steepest_registry_shadowed_count(), n);
    for (size_t i = 0; i < n; i++) {
        const char *name, *path, *winner;
        ck_assert_int_eq(steepest_registry_shadowed(i, &name, &path, &winner), STEEPEST_OK);
        const SteepestNormClass *k = steepest_registry_lookup(name);
        ck_assert_ptr_nonnull(k);
        ck_assert_str_eq(steepest_norm_class_get_source(k), winner);
        ck_assert_msg(g_str_has_prefix(winner, plugins_dir), "%s won over %s", winner, path);
        ck_assert_msg(g_str_has_prefix(path, installed), "%s shadowed", path);
    }
    assert_l2_works();
    g_free(env);
    remove_dir(installed);
}
END_TEST

/* A directory reached twice — repeated, through a symlink, spelled with "/." —
 * is scanned once; a symlink to a loaded file is that file. */
START_TEST(a_directory_or_file_reached_twice_is_loaded_once)
{
    char *tmp = g_dir_make_tmp("steepest-links-XXXXXX", NULL);
    char *dirlink = g_build_filename(tmp, "plugins-link", NULL);
    ck_assert_int_eq(symlink(plugins_dir, dirlink), 0);
    char *env = g_strdup_printf("%s:%s:%s/.:%s", plugins_dir, dirlink, plugins_dir, plugins_dir);
    g_setenv("STEEPEST_PLUGIN_PATH", env, TRUE);
    ck_assert_uint_ge(steepest_registry_count(), 5);
    ck_assert_uint_eq(steepest_registry_failure_count(), 0);
    ck_assert_uint_eq(steepest_registry_shadowed_count(), 0);
    ck_assert_int_eq(steepest_registry_load_dir(dirlink), STEEPEST_OK);
    ck_assert_uint_eq(steepest_registry_shadowed_count(), 0);

    char *two = fixture("two-classes");
    char *filelink = g_build_filename(tmp, "two-link.so", NULL);
    ck_assert_int_eq(symlink(two, filelink), 0);
    ck_assert_int_eq(steepest_registry_load_plugin(two), STEEPEST_OK);
    size_t classes = steepest_registry_count();
    ck_assert_int_eq(steepest_registry_load_plugin(filelink), STEEPEST_OK);
    ck_assert_uint_eq(steepest_registry_count(), classes);
    ck_assert_uint_eq(steepest_registry_shadowed_count(), 0);
    ck_assert_uint_eq(steepest_registry_failure_count(), 0);
    g_remove(filelink);
    g_remove(dirlink);
    g_rmdir(tmp);
    g_free(filelink);
    g_free(two);
    g_free(dirlink);
    g_free(env);
    g_free(tmp);
}
END_TEST

/* STEEPEST_PLUGIN_SYSTEM_PATH replaces the installed directory: empty means
 * none (what the test suite runs with), a list means those directories. */
START_TEST(the_system_path_replaces_the_installed_directory)
{
    g_unsetenv("STEEPEST_PLUGIN_PATH");
    g_setenv("STEEPEST_PLUGIN_SYSTEM_PATH", plugins_dir, TRUE);
    ck_assert_uint_ge(steepest_registry_count(), 5);
    ck_assert(g_str_has_prefix(steepest_norm_class_get_source(steepest_registry_lookup("l2")), plugins_dir));
    ck_assert_uint_eq(steepest_registry_failure_count(), 0);
}
END_TEST

START_TEST(an_empty_system_path_loads_no_installed_plugin)
{
    g_unsetenv("STEEPEST_PLUGIN_PATH");
    g_setenv("STEEPEST_PLUGIN_SYSTEM_PATH", "", TRUE);
    /* Only the product norm, which is built in. */
    ck_assert_uint_eq(steepest_registry_count(), 1);
    ck_assert_str_eq(steepest_norm_class_get_source(steepest_registry_get(0)), "(memory)");
    ck_assert_ptr_null(steepest_registry_lookup("l2"));
}
END_TEST

/* ---- classes from memory ---- */

static int
mem_norm(void *state, size_t n, const double *x, double *value)
{
    (void) state;
    long double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (long double) x[i] * x[i];
    *value = (double) sqrtl(s);
    return STEEPEST_PLUGIN_OK;
}

static int
mem_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    memcpy(zsharp, z, n * sizeof *z);
    return mem_norm(state, n, z, dual);
}

static int
mem_forbidden(void *state, size_t n, const double *z, double *s, double *dual)
{
    (void) state;
    (void) z;
    for (size_t i = 0; i < n; i++)
        s[i] = 12345.0;
    *dual = 12345.0;
    return STEEPEST_PLUGIN_E_FAILED;
}

static SteepestPluginNormClass
mem_class(const char *name)
{
    SteepestPluginNormClass c = {
        .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
        .struct_size = sizeof(SteepestPluginNormClass),
        .name = name,
        .dual_name = name,
        .summary = "Euclidean norm defined in the test",
        .norm = mem_norm,
        .dual_norm = mem_norm,
        .duality_map = mem_map,
    };
    return c;
}

START_TEST(classes_from_memory_are_validated_like_plugins)
{
    static SteepestPluginNormClass good, shortened, bad[8];
    good = mem_class("memory_l2");
    size_t classes = steepest_registry_count();
    ck_assert_int_eq(steepest_registry_add_class(&good), STEEPEST_OK);
    const SteepestNormClass *c = steepest_registry_lookup("memory_l2");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(steepest_norm_class_get_source(c), "(memory)");
    ck_assert_int_eq(steepest_registry_add_class(&good), STEEPEST_ERROR_DUPLICATE);
    ck_assert(contains(steepest_last_error(), "memory_l2"));

    /* A smaller struct_size hides the optional fields after it. */
    shortened = mem_class("memory_short");
    shortened.struct_size = STEEPEST_PLUGIN_NORM_CLASS_MIN_SIZE;
    shortened.unit_direction = mem_forbidden;
    ck_assert_int_eq(steepest_registry_add_class(&shortened), STEEPEST_OK);
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("memory_short", 2, &norm), STEEPEST_OK);
    const double z[2] = { 3, -4 };
    double s[2], dual;
    ck_assert_int_eq(steepest_norm_unit_direction(norm, 2, z, s, &dual), STEEPEST_OK);
    ck_assert_double_eq_tol(s[0], 0.6, 1e-15);
    ck_assert_double_eq_tol(s[1], -0.8, 1e-15);
    steepest_norm_free(norm);

    /* A plugin of a newer minor version: a larger struct_size and minor
     * version; the host reads only the fields it knows. */
    static struct {
        SteepestPluginNormClass known;
        void (*appended[8])(void);
    } newer;
    newer.known = mem_class("memory_newer");
    newer.known.abi_version = ((uint32_t) STEEPEST_PLUGIN_ABI_MAJOR << 16) | 99u;
    newer.known.struct_size = (uint32_t) sizeof newer;
    ck_assert_int_eq(steepest_registry_add_class(&newer.known), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("memory_newer", 2, &norm), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_unit_direction(norm, 2, z, s, &dual), STEEPEST_OK);
    ck_assert_double_eq_tol(s[1], -0.8, 1e-15);
    steepest_norm_free(norm);

    const int expect[] = { STEEPEST_ERROR_PLUGIN_ABI,     STEEPEST_ERROR_PLUGIN_INVALID,
                           STEEPEST_ERROR_PLUGIN_INVALID, STEEPEST_ERROR_PLUGIN_INVALID,
                           STEEPEST_ERROR_PLUGIN_INVALID, STEEPEST_ERROR_DUPLICATE,
                           STEEPEST_ERROR_PLUGIN_INVALID, STEEPEST_ERROR_PLUGIN_INVALID };
    for (int k = 0; k < 8; k++)
        bad[k] = mem_class("memory_bad");
    bad[0].abi_version = 3u << 16;
    bad[1].struct_size = 8;
    bad[2].duality_map = NULL;
    bad[3].name = "memory bad";
    bad[4].name = NULL;
    bad[5].name = "l2";
    bad[6].dual_name = NULL;
    memset(&bad[7], 0, sizeof bad[7]);
    size_t failures = steepest_registry_failure_count();
    for (int k = 0; k < 8; k++) {
        int rc = steepest_registry_add_class(&bad[k]);
        ck_assert_msg(rc == expect[k], "case %d: %s: %s", k, steepest_status_name(rc), steepest_last_error());
        const char *path;
        int status;
        ck_assert_int_eq(steepest_registry_failure(failures + (size_t) k, &path, &status, NULL), STEEPEST_OK);
        ck_assert_str_eq(path, "(memory)");
        ck_assert_int_eq(status, expect[k]);
    }
    ck_assert_int_eq(steepest_registry_add_class(NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(steepest_registry_lookup("memory_bad"));
    ck_assert_uint_eq(steepest_registry_count(), classes + 3);
    assert_l2_works();
}
END_TEST

/* Every rule steepest-plugin.h states for parameter declarations, and the
 * required summary, rejects the class with its own reason. */
START_TEST(parameter_declarations_are_validated)
{
    static const SteepestPluginParam ok = {
        .struct_size = sizeof(SteepestPluginParam),
        .type = STEEPEST_PARAM_INT,
        .name = "k",
        .doc = NULL,
        .default_value = "3",
        .min = 1,
        .max = 10,
    };
    static SteepestPluginParam shorter, badname, outside, nanmin, nanmax, crossed;
    shorter = ok;
    shorter.struct_size = (uint32_t) offsetof(SteepestPluginParam, max);
    badname = ok;
    badname.name = "K";
    outside = ok;
    outside.default_value = "11";
    nanmin = ok;
    nanmin.min = NAN;
    nanmax = ok;
    nanmax.max = NAN;
    crossed = ok;
    crossed.min = 11; /* min > max = 10 */
    static const SteepestPluginParam *const p_short[] = { &shorter, NULL };
    static const SteepestPluginParam *const p_badname[] = { &badname, NULL };
    static const SteepestPluginParam *const p_twice[] = { &ok, &ok, NULL };
    static const SteepestPluginParam *const p_outside[] = { &outside, NULL };
    static const SteepestPluginParam *const p_nan[] = { &nanmin, NULL };
    static const SteepestPluginParam *const p_nanmax[] = { &nanmax, NULL };
    static const SteepestPluginParam *const p_crossed[] = { &crossed, NULL };
    static const SteepestPluginParam *const p_ok_utf8[] = { &ok,
                                                            NULL }; /* the class's summary is the fault */
    /* 65 distinct declarations: no NULL within the limit of 64 */
    static SteepestPluginParam many[65];
    static char many_names[65][8];
    static const SteepestPluginParam *p_many[66];
    for (size_t i = 0; i < 65; i++) {
        many[i] = ok;
        g_snprintf(many_names[i], sizeof many_names[i], "p%zu", i);
        many[i].name = many_names[i];
        p_many[i] = &many[i];
    }
    p_many[65] = NULL;

    static SteepestPluginNormClass c[10];
    const struct {
        const SteepestPluginParam *const *params;
        const char *reason;
    } cases[10] = {
        { p_short, "too short" },
        { p_badname, "invalid name" },
        { p_twice, "declared twice" },
        { p_outside, "default value is invalid" },
        { p_nan, "NaN range" },
        { p_many, "more than 64" },
        { NULL, "summary is NULL" },
        { p_nanmax, "parameter 'k' has an empty or NaN range" },
        { p_crossed, "parameter 'k' has an empty or NaN range" },
        { p_ok_utf8, "summary is not valid UTF-8 (byte 0xff at offset 4)" },
    };
    size_t classes = steepest_registry_count();
    for (int k = 0; k < 10; k++) {
        c[k] = mem_class("memory_params");
        c[k].params = cases[k].params;
        if (cases[k].params == NULL)
            c[k].summary = NULL;
        if (cases[k].params == p_ok_utf8)
            c[k].summary = "bad \xff byte";
        ck_assert_int_eq(steepest_registry_add_class(&c[k]), STEEPEST_ERROR_PLUGIN_INVALID);
        ck_assert_msg(contains(steepest_last_error(), cases[k].reason), "case %d: %s", k,
                      steepest_last_error());
    }
    ck_assert_uint_eq(steepest_registry_count(), classes);
    ck_assert_ptr_null(steepest_registry_lookup("memory_params"));

    /* The good declaration, doc NULL: listed with an empty doc line. */
    static const SteepestPluginParam *const p_ok[] = { &ok, NULL };
    static SteepestPluginNormClass good;
    good = mem_class("memory_params");
    good.params = p_ok;
    ck_assert_int_eq(steepest_registry_add_class(&good), STEEPEST_OK);
    const char *doc = NULL, *def = NULL;
    ck_assert_int_eq(steepest_norm_class_get_param(steepest_registry_lookup("memory_params"), 0, NULL, NULL,
                                                   &doc, &def, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_str_eq(doc, "");
    ck_assert_str_eq(def, "3");
}
END_TEST

/* A norm method that fails with the code in its state. */
static int
failing_norm(void *state, size_t n, const double *x, double *value)
{
    (void) n;
    (void) x;
    int code = *(const int *) state;
    *value = 0.0;
    if (code == STEEPEST_PLUGIN_E_FAILED)
        steepest_set_error(STEEPEST_ERROR_CALLBACK, "the binding's own words");
    return code;
}

START_TEST(method_failures_map_to_documented_codes)
{
    static int code;
    static SteepestPluginNormClass failing;
    failing = mem_class("memory_failing");
    failing.norm = failing_norm;
    failing.user_data = &code;
    ck_assert_int_eq(steepest_registry_add_class(&failing), STEEPEST_OK);
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_new("memory_failing", 2, &norm), STEEPEST_OK);
    const double x[2] = { 1, 2 };
    double v;
    static const struct {
        int code, status;
        const char *message;
    } cases[] = {
        { STEEPEST_PLUGIN_E_UNSUPPORTED, STEEPEST_ERROR_UNSUPPORTED, "not supported" },
        { STEEPEST_PLUGIN_E_DIMENSION, STEEPEST_ERROR_DIMENSION, "dimension" },
        { STEEPEST_PLUGIN_E_FAILED, STEEPEST_ERROR_PLUGIN_FAILED, "the binding's own words" },
        { -999, STEEPEST_ERROR_PLUGIN_FAILED, "undefined code -999" },
        { 3, STEEPEST_ERROR_PLUGIN_FAILED, "undefined code 3" },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        code = cases[k].code;
        int rc = steepest_norm_norm(norm, 2, x, &v);
        ck_assert_msg(rc == cases[k].status, "code %d gave %d", code, rc);
        ck_assert_msg(contains(steepest_last_error(), cases[k].message) &&
                          contains(steepest_last_error(), "memory_failing"),
                      "code %d: %s", code, steepest_last_error());
        ck_assert_str_eq(steepest_norm_last_error(norm), steepest_last_error());
    }
    steepest_norm_free(norm);
}
END_TEST

/* ---- concurrency ---- */

#define WORKERS 4

static gpointer
worker_uses_norms(gpointer data)
{
    int id = GPOINTER_TO_INT(data);
    static const char *const specs[] = { "l2", "linf", "l1", "block:size=2", "block:sizes=1+3" };
    static const double expect_norm[] = { 5.4772255750516612, 4.0, 10.0, 5.0, 5.3851648071345037 };
    const double x[4] = { 1, -2, 3, -4 };
    for (int it = 0; it < 400; it++) {
        size_t k = (size_t) (it + id) % G_N_ELEMENTS(specs);
        SteepestNorm *norm = NULL;
        if (steepest_norm_new(specs[k], 4, &norm) != STEEPEST_OK)
            return g_strdup_printf("%s: %s", specs[k], steepest_last_error());
        double v;
        if (steepest_norm_norm(norm, 4, x, &v) != STEEPEST_OK ||
            fabs(v - expect_norm[k]) > 1e-14 * expect_norm[k]) {
            steepest_norm_free(norm);
            return g_strdup_printf("%s: norm %.17g", specs[k], v);
        }
        steepest_norm_free(norm);
        size_t n = steepest_registry_count();
        for (size_t i = 0; i < n; i++) {
            const SteepestNormClass *c = steepest_registry_get(i);
            if (c == NULL)
                break; /* the count may not shrink, but stay defensive */
            if (steepest_registry_lookup(steepest_norm_class_get_name(c)) != c)
                return g_strdup_printf("lookup of %s", steepest_norm_class_get_name(c));
        }
        for (size_t i = 0; i < steepest_registry_failure_count(); i++) {
            const char *path;
            if (steepest_registry_failure(i, &path, NULL, NULL) != STEEPEST_OK || path == NULL)
                return g_strdup("failure listing");
        }
    }
    return NULL;
}

static gpointer
worker_loads(gpointer data)
{
    (void) data;
    steepest_registry_load_dir(FIXTURES_DIR);
    static SteepestPluginNormClass mem[20];
    static char names[20][16];
    for (int k = 0; k < 20; k++) {
        g_snprintf(names[k], sizeof names[k], "thread_l2_%d", k);
        mem[k] = mem_class(names[k]);
        if (steepest_registry_add_class(&mem[k]) != STEEPEST_OK)
            return g_strdup(steepest_last_error());
    }
    return NULL;
}

START_TEST(concurrent_creation_listing_and_loading)
{
    GThread *threads[WORKERS + 1];
    for (int t = 0; t < WORKERS; t++)
        threads[t] = g_thread_new("norms", worker_uses_norms, GINT_TO_POINTER(t));
    threads[WORKERS] = g_thread_new("loader", worker_loads, NULL);
    for (int t = 0; t <= WORKERS; t++) {
        char *err = g_thread_join(threads[t]);
        ck_assert_msg(err == NULL, "thread %d: %s", t, err);
    }
    ck_assert_ptr_nonnull(steepest_registry_lookup("thread_l2_19"));
    ck_assert_ptr_nonnull(steepest_registry_lookup("fixture_sum"));
    ck_assert_uint_eq(steepest_registry_failure_count(), G_N_ELEMENTS(broken) + EXTRA_FAILURES);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("builtins");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, builtins_load_cleanly_in_name_order);
    tcase_add_test(tc, class_and_parameter_accessors);
    tcase_add_test(tc, plugin_dir_is_absolute_and_versioned);
    suite_add_tcase(s, tc);

    tc = tcase_create("broken");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, each_broken_plugin_is_rejected_with_its_own_reason, 0,
                        (int) G_N_ELEMENTS(broken));
    tcase_add_test(tc, a_module_with_two_classes_of_one_name_keeps_the_first);
    tcase_add_test(tc, an_entry_function_that_never_ends_is_stopped);
    tcase_add_test(tc, failure_index_out_of_range);
    suite_add_tcase(s, tc);

    tc = tcase_create("unusual");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, two_classes_in_one_module);
    tcase_add_test(tc, an_older_minor_version_plugin_loads_and_gets_derived_methods);
    tcase_add_test(tc, create_failures_reach_the_caller);
    suite_add_tcase(s, tc);

    tc = tcase_create("paths");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, relative_and_missing_paths_are_refused);
    tcase_add_test(tc, relative_search_path_entries_are_ignored_and_listed);
    tcase_add_test(tc, broken_plugins_on_the_search_path_do_not_stop_the_scan);
    tcase_add_test(tc, load_dir_reports_the_first_failure_and_registers_the_rest);
    suite_add_tcase(s, tc);

    tc = tcase_create("shadowing");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_later_module_of_the_same_name_is_shadowed);
    tcase_add_test(tc, the_same_plugins_twice_on_the_path_are_shadowed_not_failures);
    tcase_add_test(tc, a_directory_or_file_reached_twice_is_loaded_once);
    tcase_add_test(tc, the_system_path_replaces_the_installed_directory);
    tcase_add_test(tc, an_empty_system_path_loads_no_installed_plugin);
    suite_add_tcase(s, tc);

    tc = tcase_create("memory");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, classes_from_memory_are_validated_like_plugins);
    tcase_add_test(tc, parameter_declarations_are_validated);
    tcase_add_test(tc, method_failures_map_to_documented_codes);
    suite_add_tcase(s, tc);

    tc = tcase_create("threads");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, concurrent_creation_listing_and_loading);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    const char *env = g_getenv("STEEPEST_PLUGIN_PATH");
    plugins_dir = g_strdup(env != NULL ? env : "");
    /* Each test needs a fresh registry: always fork, whatever CK_FORK says. */
    int failed = steepest_check_run(suite(), 1);
    g_free(plugins_dir);
    return failed;
}
