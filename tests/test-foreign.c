/* test-foreign.c — foreign objectives through libffi: the fixture library
 * (fixtures-foreign/objective.c) exports Rosenbrock in every supported calling
 * convention; each must give the values and gradients of an independent
 * Rosenbrock written here.  Bad signatures, missing symbols and unloadable
 * files each fail with their own status and a message naming the culprit. */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

static const char *
fixture_path(void)
{
    const char *p = getenv("STEEPEST_FOREIGN_FIXTURE");
    return p != NULL ? p : FIXTURES_DIR "/../fixtures-foreign/libsteepest-foreign-fixture.so";
}

#if STEEPEST_HAVE_FOREIGN

/* Rosenbrock, written from its definition: f = Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)². */
static double
reference(size_t n, const double *x, double *g)
{
    double f = 0;
    for (size_t i = 0; i < n; i++)
        g[i] = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        f += 100 * pow(x[i + 1] - x[i] * x[i], 2) + pow(1 - x[i], 2);
        g[i] += 200 * (x[i + 1] - x[i] * x[i]) * (-2 * x[i]) - 2 * (1 - x[i]);
        g[i + 1] += 200 * (x[i + 1] - x[i] * x[i]);
    }
    return f;
}

static void
test_point(size_t n, double *x)
{
    for (size_t i = 0; i < n; i++)
        x[i] = 0.3 * sin(1.7 * (double) i + 0.4) - 0.1 * (double) (i % 3);
}

static SteepestForeign *
open_ok(const char *symbol, const char *signature)
{
    SteepestForeign *fn = NULL;
    int st = steepest_foreign_new(fixture_path(), symbol, signature, &fn);
    ck_assert_msg(st == STEEPEST_OK, "%s %s: %s", symbol, signature, steepest_last_error());
    ck_assert_ptr_nonnull(fn);
    return fn;
}

static const struct {
    const char *symbol;
    const char *signature;
} conventions[] = {
    { "fx_xgn", "double(x, g, n)" },
    { "fx_xgn", "double(x,g,n:size_t)" },
    { "fx_nxg_int", "double(n:int, x, g)" },
    { "fx_xng_long", "double(x, n:long, g)" },
    { "fx_gxn_unsigned", "  double ( g , x , n : unsigned )  " },
    { "fx_nlopt", "double(n:unsigned, x, g, null)" },
    { "fx_fortran_", "void(n:int*, x, f, g)" },
    { "fx_status", "int(x, n:int64, f, g)" },
};

START_TEST(every_convention_matches_reference)
{
    const char *symbol = conventions[_i].symbol;
    const char *signature = conventions[_i].signature;
    SteepestForeign *fn = open_ok(symbol, signature);
    ck_assert_int_eq(steepest_foreign_has_gradient(fn), 1);
    static const size_t dims[] = { 2, 5, 100 }; /* 100 > the scratch buffer on the stack */
    for (size_t k = 0; k < 3; k++) {
        size_t n = dims[k];
        double x[100], g[100], gref[100], f = NAN;
        test_point(n, x);
        double fref = reference(n, x, gref);
        ck_assert_int_eq(steepest_foreign_evaluate(fn, n, x, &f, g), STEEPEST_OK);
        ck_assert_msg(fabs(f - fref) <= 1e-12 * (1 + fabs(fref)), "%s n=%zu: f %g vs %g", symbol, n, f, fref);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(fabs(g[i] - gref[i]) <= 1e-12 * (1 + fabs(gref[i])), "%s n=%zu: g[%zu] %g vs %g",
                          symbol, n, i, g[i], gref[i]);
        /* Value only: the same f, with a scratch gradient behind the scenes. */
        double f2 = NAN;
        ck_assert_int_eq(steepest_foreign_evaluate(fn, n, x, &f2, NULL), STEEPEST_OK);
        ck_assert(f2 == f);
    }
    /* And through the function pointer the solvers take. */
    SteepestObjectiveFn obj = steepest_foreign_objective();
    double x[2] = { 1, 1 }, g[2] = { 9, 9 }, f = 9;
    ck_assert_int_eq(obj(fn, 2, x, &f, g), STEEPEST_OK);
    ck_assert(f == 0 && g[0] == 0 && g[1] == 0); /* the minimizer (1, 1) */
    steepest_foreign_free(fn);
}
END_TEST

START_TEST(normal_form)
{
    SteepestForeign *fn = open_ok("fx_nlopt", " double( n : unsigned ,x,g , null ) ");
    ck_assert_str_eq(steepest_foreign_get_signature(fn), "double(n:unsigned, x, g, null)");
    ck_assert_str_eq(steepest_foreign_get_symbol(fn), "fx_nlopt");
    ck_assert_str_eq(steepest_foreign_get_library(fn), fixture_path());
    steepest_foreign_free(fn);
    fn = open_ok("fx_xgn", "double(x,g,n)");
    ck_assert_str_eq(steepest_foreign_get_signature(fn), "double(x, g, n:size_t)");
    steepest_foreign_free(fn);
    fn = open_ok("fx_fortran_", "void(n:int*,x,f,g)");
    ck_assert_str_eq(steepest_foreign_get_signature(fn), "void(n:int*, x, f, g)");
    steepest_foreign_free(fn);
}
END_TEST

START_TEST(value_only_and_fixed_dimension)
{
    SteepestForeign *fn = open_ok("fx_value_only", "double(x, n)");
    ck_assert_int_eq(steepest_foreign_has_gradient(fn), 0);
    double x[4], g[4], gref[4], f;
    test_point(4, x);
    double fref = reference(4, x, gref);
    ck_assert_int_eq(steepest_foreign_evaluate(fn, 4, x, &f, NULL), STEEPEST_OK);
    ck_assert(fabs(f - fref) <= 1e-12 * (1 + fabs(fref)));
    ck_assert_int_eq(steepest_foreign_evaluate(fn, 4, x, &f, g), STEEPEST_ERROR_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "no 'g'"));
    steepest_foreign_free(fn);

    fn = open_ok("fx_fixed3", "double(x, g)");
    fref = reference(3, x, gref);
    ck_assert_int_eq(steepest_foreign_evaluate(fn, 3, x, &f, g), STEEPEST_OK);
    ck_assert(fabs(f - fref) <= 1e-12 * (1 + fabs(fref)));
    for (int i = 0; i < 3; i++)
        ck_assert(fabs(g[i] - gref[i]) <= 1e-12 * (1 + fabs(gref[i])));
    steepest_foreign_free(fn);
}
END_TEST

START_TEST(status_return_reports_failure)
{
    SteepestForeign *fn = open_ok("fx_status", "int(x, n:int64, f, g)");
    double x[2] = { 2e6, 0 }, g[2], f = 0;
    ck_assert_int_eq(steepest_foreign_evaluate(fn, 2, x, &f, g), STEEPEST_ERROR_CALLBACK);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "status 7"));
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "fx_status"));
    steepest_foreign_free(fn);
}
END_TEST

START_TEST(dimension_must_fit_type)
{
    SteepestForeign *fn = open_ok("fx_nxg_int", "double(n:int, x, g)");
    double x[1] = { 0 }, f;
    /* Checked before any call, so the short x is never read. */
    ck_assert_int_eq(steepest_foreign_evaluate(fn, (size_t) INT_MAX + 1, x, &f, NULL),
                     STEEPEST_ERROR_DIMENSION);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "n:int"));
    /* every integer type narrower than size_t refuses the first n it cannot hold (no call is made) */
    static const struct {
        const char *signature, *type;
        size_t too_big;
    } narrow[] = {
        { "double(n:unsigned, x, g)", "n:unsigned", (size_t) UINT_MAX + 1 },
        { "double(n:long, x, g)", "n:long", (size_t) LONG_MAX + 1 },
        { "double(n:int32, x, g)", "n:int32", (size_t) INT32_MAX + 1 },
        { "double(n:uint32, x, g)", "n:uint32", (size_t) UINT32_MAX + 1 },
        { "double(n:int64, x, g)", "n:int64", (size_t) INT64_MAX + 1 },
    };
    for (size_t k = 0; k < sizeof narrow / sizeof narrow[0]; k++) {
        SteepestForeign *other = open_ok("fx_nxg_int", narrow[k].signature);
        ck_assert_int_eq(steepest_foreign_evaluate(other, narrow[k].too_big, x, &f, NULL),
                         STEEPEST_ERROR_DIMENSION);
        ck_assert_msg(strstr(steepest_last_error(), narrow[k].type) != NULL, "%s: %s", narrow[k].type,
                      steepest_last_error());
        steepest_foreign_free(other);
    }
    ck_assert_int_eq(steepest_foreign_evaluate(fn, 0, x, &f, NULL), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_foreign_evaluate(NULL, 1, x, &f, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_foreign_evaluate(fn, 1, NULL, &f, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_foreign_evaluate(fn, 1, x, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_foreign_free(fn);
}
END_TEST

/* Each bad signature with the column its message must name (0: no column). */
static const struct {
    const char *signature;
    int column;
    const char *phrase;
} bad_signatures[] = {
    { "", 1, "return type" },
    { "float(x)", 1, "unknown return type 'float'" },
    { "double", 7, "expected '('" },
    { "double(", 8, "expected an argument" },
    { "double(x", 9, "expected ',' or ')'" },
    { "double(x,)", 10, "expected an argument" },
    { "double(x;g)", 9, "expected ',' or ')'" },
    { "double(x, y)", 11, "unknown argument 'y'" },
    { "double(x, n:short)", 13, "unknown integer type 'short'" },
    { "double(x, n:)", 13, "expected the type of n" },
    { "double(x, x)", 11, "'x' appears twice" },
    { "double(x, g, g)", 14, "'g' appears twice" },
    { "double(x, n, n:int)", 14, "'n' appears twice" },
    { "double(x, f)", 11, "already returns f" },
    { "void(x, g)", 0, "needs an 'f' argument" },
    { "int(x, n)", 0, "needs an 'f' argument" },
    { "double(g, n)", 0, "no 'x' argument" },
    { "double()", 0, "no 'x' argument" },
    { "double(x) extra", 11, "end of the signature" },
    { "double(X)", 8, "expected an argument" },
    { "double(x,\x01)", 10, "byte 0x01" },
    { "double(x, n:int**)", 17, "expected ',' or ')'" },
    { "double(x,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null)", 0,
      "more than 16 arguments" },
    /* names longer than 31 bytes are cut there and marked */
    { "dddddddddddddddddddddddddddddddddddddddd(x)", 1,
      "unknown return type 'ddddddddddddddddddddddddddddddd...'" },
    { "double(xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx)", 8,
      "unknown argument 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'" },
    { "double(x, n:int64int64int64int64int64int64int64)", 13,
      "unknown integer type 'int64int64int64int64int64int64i...' for n" },
};

START_TEST(bad_signature_names_column)
{
    const char *sig = bad_signatures[_i].signature;
    ck_assert_int_eq(steepest_foreign_signature_check(sig), STEEPEST_ERROR_SIGNATURE);
    const char *msg = steepest_last_error();
    ck_assert_msg(strstr(msg, bad_signatures[_i].phrase) != NULL, "'%s': message '%s'", sig, msg);
    if (bad_signatures[_i].column > 0) {
        char want[32];
        snprintf(want, sizeof want, "column %d:", bad_signatures[_i].column);
        ck_assert_msg(strstr(msg, want) != NULL, "'%s': message '%s' lacks '%s'", sig, msg, want);
    }
    /* The same error through _new, before any file is opened. */
    SteepestForeign *fn = (SteepestForeign *) 1;
    ck_assert_int_eq(steepest_foreign_new(fixture_path(), "fx_xgn", sig, &fn), STEEPEST_ERROR_SIGNATURE);
    ck_assert_ptr_null(fn);
}
END_TEST

START_TEST(too_long_signature)
{
    char *sig = malloc(2000);
    memset(sig, ' ', 1999);
    sig[1999] = '\0';
    memcpy(sig, "double(x)", 9);
    ck_assert_int_eq(steepest_foreign_signature_check(sig), STEEPEST_ERROR_SIGNATURE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "longer than 1024"));
    free(sig);
    ck_assert_int_eq(steepest_foreign_signature_check(NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* Random bytes and mutations of valid signatures: every outcome is OK or
 * ERROR_SIGNATURE, and a signature that parses has a normal form that parses. */
START_TEST(fuzz_never_crashes)
{
    SteepestRng *rng;
    ck_assert_int_eq(steepest_rng_new(2024, &rng), STEEPEST_OK);
    static const char *seeds[] = { "double(n:unsigned, x, g, null)", "void(n:int*, x, f, g)",
                                   "int(x, n:int64, f, g)", "double(x, g, n)" };
    static const char alphabet[] = "dobulevintxgfn:*(),_ 0123456789siz";
    int ok = 0;
    char buf[80];
    int rounds = getenv("STEEPEST_TEST_QUICK") ? 3000 : 30000;
    for (int round = 0; round < rounds; round++) {
        size_t len;
        if (round % 2 == 0) {
            len = steepest_rng_next_u64(rng) % 40;
            for (size_t i = 0; i < len; i++) {
                uint64_t r = steepest_rng_next_u64(rng);
                buf[i] = (r & 1) ? (char) (1 + (r >> 8) % 255) : alphabet[(r >> 8) % (sizeof alphabet - 1)];
            }
        } else {
            const char *s = seeds[steepest_rng_next_u64(rng) % 4];
            len = strlen(s);
            memcpy(buf, s, len);
            int edits = 1 + (int) (steepest_rng_next_u64(rng) % 3);
            for (int e = 0; e < edits; e++) {
                uint64_t r = steepest_rng_next_u64(rng);
                size_t at = (r >> 4) % (len + 1);
                if ((r & 3) == 0 && at < len) /* delete */
                    memmove(buf + at, buf + at + 1, len - at - 1), len--;
                else if ((r & 3) == 1 && len < 70) /* insert */
                    memmove(buf + at + 1, buf + at, len - at),
                        buf[at] = alphabet[(r >> 20) % (sizeof alphabet - 1)], len++;
                else if (at < len) /* replace */
                    buf[at] = alphabet[(r >> 20) % (sizeof alphabet - 1)];
            }
        }
        buf[len] = '\0';
        int st = steepest_foreign_signature_check(buf);
        ck_assert_msg(st == STEEPEST_OK || st == STEEPEST_ERROR_SIGNATURE, "'%s' gave %d", buf, st);
        if (st == STEEPEST_ERROR_SIGNATURE)
            ck_assert(strlen(steepest_last_error()) > 10);
        else
            ok++;
    }
    ck_assert_int_gt(ok, 0); /* the mutations do reach valid signatures */
    steepest_rng_free(rng);
}
END_TEST

START_TEST(missing_symbol)
{
    SteepestForeign *fn = NULL;
    ck_assert_int_eq(steepest_foreign_new(fixture_path(), "fx_no_such_function", "double(x, g, n)", &fn),
                     STEEPEST_ERROR_SYMBOL);
    ck_assert_ptr_null(fn);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "fx_no_such_function"));
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), fixture_path()));
    /* A hidden (static) function is not exported either. */
    ck_assert_int_eq(steepest_foreign_new(fixture_path(), "rosenbrock", "double(n, x, g)", &fn),
                     STEEPEST_ERROR_SYMBOL);
    ck_assert_int_eq(steepest_foreign_new(fixture_path(), "", "double(x, g, n)", &fn),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(unloadable_files)
{
    SteepestForeign *fn = NULL;
    const char *missing = "/nonexistent/dir/libnothing.so";
    ck_assert_int_eq(steepest_foreign_new(missing, "f", "double(x, g, n)", &fn), STEEPEST_ERROR_PLUGIN_LOAD);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), missing));
    ck_assert_ptr_null(fn);
    /* A file that exists but is C source, not a shared object. */
    const char *text = SRCDIR "/test-foreign.c";
    ck_assert_int_eq(steepest_foreign_new(text, "f", "double(x, g, n)", &fn), STEEPEST_ERROR_PLUGIN_LOAD);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), text));
    /* No path: the search path is never used. */
    ck_assert_int_eq(steepest_foreign_new("libm.so.6", "cos", "double(x)", &fn),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "libm.so.6"));
    ck_assert_int_eq(steepest_foreign_new(NULL, "f", "double(x)", &fn), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_foreign_new(fixture_path(), NULL, "double(x)", &fn),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_foreign_new(fixture_path(), "fx_xgn", NULL, &fn),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_foreign_new(fixture_path(), "fx_xgn", "double(x)", NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_foreign_free(NULL);
    ck_assert_int_eq(steepest_foreign_has_gradient(NULL), 0);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("foreign");
    TCase *tc = tcase_create("foreign");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, every_convention_matches_reference, 0,
                        (int) (sizeof conventions / sizeof conventions[0]));
    tcase_add_test(tc, normal_form);
    tcase_add_test(tc, value_only_and_fixed_dimension);
    tcase_add_test(tc, status_return_reports_failure);
    tcase_add_test(tc, dimension_must_fit_type);
    tcase_add_loop_test(tc, bad_signature_names_column, 0,
                        (int) (sizeof bad_signatures / sizeof bad_signatures[0]));
    tcase_add_test(tc, too_long_signature);
    tcase_add_test(tc, fuzz_never_crashes);
    tcase_add_test(tc, missing_symbol);
    tcase_add_test(tc, unloadable_files);
    suite_add_tcase(s, tc);
    return s;
}

#else /* built with -Dforeign=disabled: lib/foreign/foreign-none.c */

static void
assert_unsupported(int st, const char *fn)
{
    ck_assert_int_eq(st, STEEPEST_ERROR_UNSUPPORTED);
    ck_assert_msg(strstr(steepest_last_error(), fn) != NULL &&
                      strstr(steepest_last_error(), "built without foreign objectives") != NULL,
                  "%s", steepest_last_error());
}

/* Every function of steepest-foreign.h is there and says why it cannot work,
 * even on arguments a full build would accept. */
START_TEST(every_function_is_unsupported)
{
    assert_unsupported(steepest_foreign_signature_check("double(x, g, n)"),
                       "steepest_foreign_signature_check");
    SteepestForeign *fn = (SteepestForeign *) &fn; /* must be reset */
    assert_unsupported(steepest_foreign_new(fixture_path(), "fx_xgn", "double(x, g, n)", &fn),
                       "steepest_foreign_new");
    ck_assert_ptr_null(fn);
    double x[2] = { 1, 2 }, f = -1, g[2];
    assert_unsupported(steepest_foreign_evaluate(NULL, 2, x, &f, g), "steepest_foreign_evaluate");
    ck_assert(f == -1);
    SteepestObjectiveFn obj = steepest_foreign_objective();
    ck_assert(obj != NULL);
    assert_unsupported(obj(NULL, 2, x, &f, g), "steepest_foreign_evaluate");
    ck_assert_int_eq(steepest_foreign_has_gradient(NULL), 0);
    ck_assert_ptr_null(steepest_foreign_get_signature(NULL));
    ck_assert_ptr_null(steepest_foreign_get_library(NULL));
    ck_assert_ptr_null(steepest_foreign_get_symbol(NULL));
    steepest_foreign_free(NULL);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("foreign");
    TCase *tc = tcase_create("foreign-none");
    tcase_add_test(tc, every_function_is_unsupported);
    suite_add_tcase(s, tc);
    return s;
}

#endif

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
