/* test-spec.c — the norm spec parser: every grammar rule and every error,
 * the normalized spec and its round trip, and a robustness run over tens of
 * thousands of random and mutated specs.
 *
 * A probe class registered from memory declares one parameter of each type;
 * its create() copies what the host parsed into `parsed`, so the tests see
 * the values exactly as a plugin would. */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <steepest/steepest.h>

#include "quiet-check.h"
#include "check-run.h"

/* ---- the probe class ---- */

#define MAX_LIST 64

typedef struct {
    int calls;
    int i_set, d_set, r_set, il_set, dl_set, def_set;
    int64_t i;
    double d, r, def;
    int64_t il[MAX_LIST];
    size_t il_count;
    double dl[MAX_LIST];
    size_t dl_count;
    /* host accessors asked the wrong way round */
    int int_of_double, double_of_int_rc, list_of_scalar, unknown_name;
    double double_of_int;
} Parsed;

static Parsed parsed;

static int
probe_create(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state)
{
    (void) n;
    memset(&parsed, 0, sizeof parsed);
    parsed.calls = 1;
    parsed.i_set = host->arg_is_set(args, "i");
    parsed.d_set = host->arg_is_set(args, "d");
    parsed.r_set = host->arg_is_set(args, "r");
    parsed.il_set = host->arg_is_set(args, "il");
    parsed.dl_set = host->arg_is_set(args, "dl");
    parsed.def_set = host->arg_is_set(args, "def");
    if (parsed.i_set)
        host->arg_int(args, "i", &parsed.i);
    if (parsed.d_set)
        host->arg_double(args, "d", &parsed.d);
    if (parsed.r_set)
        host->arg_double(args, "r", &parsed.r);
    if (parsed.def_set)
        host->arg_double(args, "def", &parsed.def);
    const int64_t *iv;
    const double *dv;
    if (parsed.il_set && host->arg_int_list(args, "il", &iv, &parsed.il_count) == STEEPEST_PLUGIN_OK)
        memcpy(parsed.il, iv, MIN(parsed.il_count, MAX_LIST) * sizeof *iv);
    if (parsed.dl_set && host->arg_double_list(args, "dl", &dv, &parsed.dl_count) == STEEPEST_PLUGIN_OK)
        memcpy(parsed.dl, dv, MIN(parsed.dl_count, MAX_LIST) * sizeof *dv);
    int64_t junk;
    parsed.int_of_double = host->arg_int(args, "def", &junk);
    parsed.double_of_int_rc = host->arg_double(args, "i", &parsed.double_of_int);
    const int64_t *jl;
    size_t jn;
    parsed.list_of_scalar = host->arg_int_list(args, "i", &jl, &jn);
    parsed.unknown_name = host->arg_is_set(args, "nope") || host->arg_int(args, "nope", &junk) == 0;
    *state = NULL;
    return STEEPEST_PLUGIN_OK;
}

static int
probe_norm(void *state, size_t n, const double *x, double *value)
{
    (void) state;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += fabs(x[i]);
    *value = s;
    return STEEPEST_PLUGIN_OK;
}

static int
probe_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    (void) state;
    *dual = 0;
    for (size_t i = 0; i < n; i++)
        zsharp[i] = 0;
    return probe_norm(NULL, n, z, dual);
}

static const SteepestPluginParam p_i = {
    sizeof(SteepestPluginParam), STEEPEST_PARAM_INT, "i", "an int", NULL, -5, 100
};
static const SteepestPluginParam p_d = {
    sizeof(SteepestPluginParam), STEEPEST_PARAM_DOUBLE, "d", "a double", NULL, -INFINITY, INFINITY
};
static const SteepestPluginParam p_r = {
    sizeof(SteepestPluginParam), STEEPEST_PARAM_DOUBLE, "r", "in [0, 1]", NULL, 0, 1
};
static const SteepestPluginParam p_il = {
    sizeof(SteepestPluginParam), STEEPEST_PARAM_INT_LIST, "il", "ints", NULL, 0, 1000
};
static const SteepestPluginParam p_dl = {
    sizeof(SteepestPluginParam), STEEPEST_PARAM_DOUBLE_LIST, "dl", "doubles", NULL, -INFINITY, INFINITY
};
static const SteepestPluginParam p_def = {
    sizeof(SteepestPluginParam), STEEPEST_PARAM_DOUBLE, "def", "defaulted", "0.25", 0, 1
};
static const SteepestPluginParam *const probe_params[] = { &p_i, &p_d, &p_r, &p_il, &p_dl, &p_def, NULL };

static const SteepestPluginNormClass probe_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "probe",
    .dual_name = "probe_dual",
    .summary = "records its parsed parameters",
    .params = probe_params,
    .create = probe_create,
    .norm = probe_norm,
    .dual_norm = probe_norm,
    .duality_map = probe_map,
};

static void
register_probe(void)
{
    int rc = steepest_registry_add_class(&probe_class);
    /* Check forks each test; without fork the class is already there. */
    EXPECT(rc == STEEPEST_OK || (rc == STEEPEST_ERROR_DUPLICATE && steepest_registry_lookup("probe")), "%s",
           steepest_last_error());
}

/* ---- helpers ---- */

static SteepestNorm *
parse_ok(const char *spec, size_t dim)
{
    SteepestNorm *norm = NULL;
    memset(&parsed, 0, sizeof parsed);
    int rc = steepest_norm_new(spec, dim, &norm);
    EXPECT(rc == STEEPEST_OK, "'%s' failed: %s", spec, steepest_last_error());
    ck_assert_ptr_nonnull(norm);
    return norm;
}

/* Expects `spec` to fail with `status` and a message containing each of the
 * NULL-terminated fragments. */
static void
parse_fails(const char *spec, size_t dim, int status, ...)
{
    SteepestNorm *norm = (SteepestNorm *) &parsed; /* must be reset to NULL */
    int rc = steepest_norm_new(spec, dim, &norm);
    const char *msg = steepest_last_error();
    EXPECT(rc == status, "'%s': expected %s, got %s (%s)", spec ? spec : "(null)",
           steepest_status_name(status), steepest_status_name(rc), msg);
    ck_assert_ptr_null(norm);
    EXPECT_INT_EQ(steepest_last_status(), status);
    EXPECT(msg[0] != '\0', "'%s': empty message", spec);
    va_list ap;
    va_start(ap, status);
    for (const char *frag; (frag = va_arg(ap, const char *)) != NULL;)
        EXPECT(strstr(msg, frag) != NULL, "'%s': message \"%s\" lacks \"%s\"", spec, msg, frag);
    va_end(ap);
}

/* ---- grammar: what parses, and into which values ---- */

START_TEST(names_alone)
{
    const char *specs[] = { "l2", "linf", "l1" };
    for (size_t k = 0; k < G_N_ELEMENTS(specs); k++) {
        SteepestNorm *norm = parse_ok(specs[k], 5);
        ck_assert_str_eq(steepest_norm_get_name(norm), specs[k]);
        ck_assert_str_eq(steepest_norm_get_spec(norm), specs[k]);
        EXPECT_INT_EQ(steepest_norm_get_dim(norm), 5);
        steepest_norm_free(norm);
    }
    SteepestNorm *norm = parse_ok("probe", 3);
    EXPECT_INT_EQ(parsed.calls, 1);
    CHECK(!parsed.i_set && !parsed.d_set && !parsed.il_set && !parsed.dl_set);
    CHECK(parsed.def_set); /* a default counts as set */
    EXPECT_DOUBLE_EQ(parsed.def, 0.25);
    ck_assert_str_eq(steepest_norm_get_spec(norm), "probe");
    steepest_norm_free(norm);
}
END_TEST

START_TEST(scalars)
{
    SteepestNorm *norm = parse_ok("probe:i=-5", 1);
    CHECK(parsed.i_set);
    EXPECT_INT_EQ(parsed.i, -5);
    steepest_norm_free(norm);
    norm = parse_ok("probe:i=100", 1);
    EXPECT_INT_EQ(parsed.i, 100);
    /* An INT reads as a double too; the other way round is refused. */
    EXPECT_INT_EQ(parsed.double_of_int_rc, STEEPEST_PLUGIN_OK);
    EXPECT_DOUBLE_EQ(parsed.double_of_int, 100.0);
    EXPECT_INT_EQ(parsed.int_of_double, STEEPEST_PLUGIN_E_INVALID);
    EXPECT_INT_EQ(parsed.list_of_scalar, STEEPEST_PLUGIN_E_INVALID);
    CHECK(!parsed.unknown_name);
    steepest_norm_free(norm);
    norm = parse_ok("probe:i=007", 1); /* decimal, never octal */
    EXPECT_INT_EQ(parsed.i, 7);
    steepest_norm_free(norm);

    static const struct {
        const char *text;
        double value;
    } doubles[] = {
        { "1.5", 1.5 },
        { "-2", -2.0 },
        { ".5", 0.5 },
        { "5.", 5.0 },
        { "1e3", 1000.0 },
        { "1E3", 1000.0 },
        { "1e+3", 1000.0 },
        { "-1.25e-2", -0.0125 },
        { "0", 0.0 },
        { "1e-300", 1e-300 },
        { "1.7976931348623157e308", 1.7976931348623157e308 },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(doubles); k++) {
        char spec[96];
        g_snprintf(spec, sizeof spec, "probe:d=%s", doubles[k].text);
        norm = parse_ok(spec, 2);
        CHECK(parsed.d_set);
        EXPECT(parsed.d == doubles[k].value, "%s parsed as %.17g", spec, parsed.d);
        steepest_norm_free(norm);
    }
    norm = parse_ok("probe:r=0,def=1", 2);
    EXPECT_DOUBLE_EQ(parsed.r, 0.0);
    EXPECT_DOUBLE_EQ(parsed.def, 1.0); /* a given value replaces the default */
    steepest_norm_free(norm);
}
END_TEST

START_TEST(lists)
{
    SteepestNorm *norm = parse_ok("probe:il=1+2+3", 4);
    CHECK(parsed.il_set);
    EXPECT_INT_EQ(parsed.il_count, 3);
    EXPECT_INT_EQ(parsed.il[0], 1);
    EXPECT_INT_EQ(parsed.il[1], 2);
    EXPECT_INT_EQ(parsed.il[2], 3);
    steepest_norm_free(norm);
    norm = parse_ok("probe:il=1000", 4);
    EXPECT_INT_EQ(parsed.il_count, 1);
    EXPECT_INT_EQ(parsed.il[0], 1000);
    steepest_norm_free(norm);
    /* '+' after an exponent's e is the exponent's sign, not a separator. */
    norm = parse_ok("probe:dl=1e+3+2.5E+1+-4+.5+1e-2", 4);
    EXPECT_INT_EQ(parsed.dl_count, 5);
    EXPECT_DOUBLE_EQ(parsed.dl[0], 1000.0);
    EXPECT_DOUBLE_EQ(parsed.dl[1], 25.0);
    EXPECT_DOUBLE_EQ(parsed.dl[2], -4.0);
    EXPECT_DOUBLE_EQ(parsed.dl[3], 0.5);
    EXPECT_DOUBLE_EQ(parsed.dl[4], 0.01);
    steepest_norm_free(norm);
    /* 64 elements */
    GString *s = g_string_new("probe:il=");
    for (int k = 0; k < 64; k++)
        g_string_append_printf(s, "%s%d", k ? "+" : "", k * 15);
    norm = parse_ok(s->str, 1);
    EXPECT_INT_EQ(parsed.il_count, 64);
    for (int k = 0; k < 64; k++)
        EXPECT_INT_EQ(parsed.il[k], k * 15);
    steepest_norm_free(norm);
    g_string_free(s, TRUE);
}
END_TEST

START_TEST(every_parameter_at_once_in_any_order)
{
    SteepestNorm *norm = parse_ok("probe:def=0.75,dl=-1+2,il=4+5,r=1,d=-3e-3,i=42", 6);
    CHECK(parsed.i_set && parsed.d_set && parsed.r_set && parsed.il_set && parsed.dl_set && parsed.def_set);
    EXPECT_INT_EQ(parsed.i, 42);
    EXPECT_DOUBLE_EQ(parsed.d, -3e-3);
    EXPECT_DOUBLE_EQ(parsed.r, 1.0);
    EXPECT_INT_EQ(parsed.il_count, 2);
    EXPECT_INT_EQ(parsed.dl_count, 2);
    EXPECT_DOUBLE_EQ(parsed.dl[0], -1.0);
    EXPECT_DOUBLE_EQ(parsed.def, 0.75);
    /* normalized: declaration order */
    ck_assert_str_eq(steepest_norm_get_spec(norm), "probe:i=42,d=-0.003,r=1,il=4+5,dl=-1+2,def=0.75");
    steepest_norm_free(norm);
}
END_TEST

START_TEST(nul_ends_the_spec)
{
    /* A C string ends at its first NUL: what follows is never read. */
    const char with_tail[] = "probe:i=3\0,i=4,garbage";
    SteepestNorm *norm = parse_ok(with_tail, 1);
    EXPECT_INT_EQ(parsed.i, 3);
    ck_assert_str_eq(steepest_norm_get_spec(norm), "probe:i=3");
    steepest_norm_free(norm);
    const char cut_name[] = "pro\0be";
    parse_fails(cut_name, 1, STEEPEST_ERROR_UNKNOWN_NORM, "'pro'", NULL);
    const char cut_value[] = "probe:i=\0"
                             "5";
    parse_fails(cut_value, 1, STEEPEST_ERROR_PARAMETER, "'i'", "needs a value", NULL);
}
END_TEST

/* ---- errors ---- */

START_TEST(name_errors)
{
    parse_fails(NULL, 3, STEEPEST_ERROR_INVALID_ARGUMENT, "NULL", NULL);
    parse_fails("", 3, STEEPEST_ERROR_SPEC, "empty", NULL);
    const char *bad[] = { "L2", "2l", "_l2", "l-2", "l2 ", " l2", "l2=", "l2,", "l\xc3\xa9", ":", "l2;x" };
    for (size_t k = 0; k < G_N_ELEMENTS(bad); k++)
        parse_fails(bad[k], 3, STEEPEST_ERROR_SPEC, "invalid norm name", NULL);
    /* 63 bytes is a valid (unknown) name, 64 is too long. */
    char name[80];
    memset(name, 'a', sizeof name);
    name[63] = '\0';
    parse_fails(name, 3, STEEPEST_ERROR_UNKNOWN_NORM, "unknown norm", NULL);
    name[63] = 'b';
    name[64] = '\0';
    parse_fails(name, 3, STEEPEST_ERROR_SPEC, "longer than 63", NULL);
    name[64] = ':';
    name[65] = 'i';
    name[66] = '\0';
    parse_fails(name, 3, STEEPEST_ERROR_SPEC, "longer than 63", NULL);
    /* Unknown names list what is available. */
    parse_fails("nosuchnorm", 3, STEEPEST_ERROR_UNKNOWN_NORM, "'nosuchnorm'", "available", "l2", "linf",
                "block", NULL);
    parse_fails("l2", 0, STEEPEST_ERROR_DIMENSION, "dimension", NULL);
}
END_TEST

START_TEST(structure_errors)
{
    parse_fails("probe:", 1, STEEPEST_ERROR_SPEC, "':'", "no parameters", NULL);
    parse_fails("l2:", 1, STEEPEST_ERROR_SPEC, "no parameters", NULL);
    parse_fails("probe:i", 1, STEEPEST_ERROR_SPEC, "KEY=VALUE", "'i'", NULL);
    parse_fails("probe:i,d=1", 1, STEEPEST_ERROR_SPEC, "KEY=VALUE", NULL);
    parse_fails("probe:=3", 1, STEEPEST_ERROR_SPEC, "KEY=VALUE", NULL);
    parse_fails("probe:I=3", 1, STEEPEST_ERROR_SPEC, "KEY=VALUE", NULL);
    parse_fails("probe: i=3", 1, STEEPEST_ERROR_SPEC, "KEY=VALUE", NULL);
    parse_fails("probe:,i=3", 1, STEEPEST_ERROR_SPEC, "KEY=VALUE", NULL);
    parse_fails("probe:i=3,,d=1", 1, STEEPEST_ERROR_SPEC, "KEY=VALUE", NULL);
    parse_fails("probe:i=3,", 1, STEEPEST_ERROR_SPEC, "trailing ','", NULL);
    parse_fails("probe:i=3:d=1", 1, STEEPEST_ERROR_PARAMETER, "'i'", NULL);
    parse_fails("probe::i=3", 1, STEEPEST_ERROR_SPEC, NULL);
}
END_TEST

START_TEST(unknown_parameters_list_the_known_ones)
{
    parse_fails("probe:zz=1", 1, STEEPEST_ERROR_PARAMETER, "unknown parameter 'zz'",
                "known: i, d, r, il, dl, def", NULL);
    parse_fails("probe:i=1,ii=2", 1, STEEPEST_ERROR_PARAMETER, "unknown parameter 'ii'", NULL);
    parse_fails("l2:p=2", 1, STEEPEST_ERROR_PARAMETER, "unknown parameter 'p'", "known: none", NULL);
    parse_fails("block:n=2", 4, STEEPEST_ERROR_PARAMETER, "known: size, sizes", NULL);
}
END_TEST

START_TEST(parameters_given_twice)
{
    parse_fails("probe:i=1,i=1", 1, STEEPEST_ERROR_PARAMETER, "'i'", "twice", NULL);
    parse_fails("probe:dl=1,d=2,dl=1", 1, STEEPEST_ERROR_PARAMETER, "'dl'", "twice", NULL);
    /* given twice, even when the first value was the default */
    parse_fails("probe:def=0.25,def=0.25", 1, STEEPEST_ERROR_PARAMETER, "twice", NULL);
}
END_TEST

START_TEST(wrong_types)
{
    const char *not_ints[] = { "probe:i=1.5",
                               "probe:i=abc",
                               "probe:i=+3",
                               "probe:i=3x",
                               "probe:i= 3",
                               "probe:i=1e2",
                               "probe:i=0x10",
                               "probe:i=-",
                               "probe:i=3 ",
                               "probe:i=1+2",
                               "probe:i=99999999999999999999",
                               "probe:i=-99999999999999999999" };
    for (size_t k = 0; k < G_N_ELEMENTS(not_ints); k++)
        parse_fails(not_ints[k], 1, STEEPEST_ERROR_PARAMETER, "'i'", "expects an integer", NULL);
    parse_fails("probe:i=", 1, STEEPEST_ERROR_PARAMETER, "'i'", "needs a value", NULL);
    parse_fails("probe:il=1.5+2", 1, STEEPEST_ERROR_PARAMETER, "'il'", "integers joined by '+'", NULL);
    parse_fails("probe:d=abc", 1, STEEPEST_ERROR_PARAMETER, "'d'", "expects a number", NULL);
    parse_fails("probe:d=1+2", 1, STEEPEST_ERROR_PARAMETER, "'d'", "expects a number", NULL);
}
END_TEST

START_TEST(doubles_that_are_not_finite_decimals)
{
    const char *bad[] = { "nan",      "NaN",   "-nan",   "inf",     "-inf",  "Inf",    "infinity",
                          "INFINITY", "0x10",  "0x1p3",  "-0X1P-3", "1e999", "-1e999", "1e",
                          "1e+",      "1.2.3", "--1",    "e5",      ".",     "-",      "1,5",
                          "1_000",    "\xff",  "1e-400", "-1e-999" };
    for (size_t k = 0; k < G_N_ELEMENTS(bad); k++) {
        char spec[64];
        g_snprintf(spec, sizeof spec, "probe:d=%s", bad[k]);
        /* "1,5" splits into d=1 and a malformed "5" */
        parse_fails(spec, 1, strcmp(bad[k], "1,5") == 0 ? STEEPEST_ERROR_SPEC : STEEPEST_ERROR_PARAMETER,
                    NULL);
        if (strcmp(bad[k], "1e") == 0)
            continue; /* in a list, "1e+2" is a number */
        g_snprintf(spec, sizeof spec, "probe:dl=1+%s+2", bad[k]);
        parse_fails(spec, 1, strcmp(bad[k], "1,5") == 0 ? STEEPEST_ERROR_SPEC : STEEPEST_ERROR_PARAMETER,
                    NULL);
    }
}
END_TEST

START_TEST(list_syntax_errors)
{
    const char *bad[] = { "probe:il=1++2", "probe:il=1+", "probe:il=+1", "probe:il=+",     "probe:il=1+2+",
                          "probe:dl=1++2", "probe:dl=1+", "probe:dl=+1", "probe:dl=1e+3+", "probe:il=1 +2" };
    for (size_t k = 0; k < G_N_ELEMENTS(bad); k++)
        parse_fails(bad[k], 1, STEEPEST_ERROR_PARAMETER, "joined by '+'", NULL);
    parse_fails("probe:il=", 1, STEEPEST_ERROR_PARAMETER, "needs a value", NULL);
    parse_fails("probe:dl=", 1, STEEPEST_ERROR_PARAMETER, "needs a value", NULL);
}
END_TEST

START_TEST(out_of_range)
{
    parse_fails("probe:i=101", 1, STEEPEST_ERROR_PARAMETER, "'i'", "[-5, 100]", "'101'", NULL);
    parse_fails("probe:i=-6", 1, STEEPEST_ERROR_PARAMETER, "[-5, 100]", NULL);
    parse_fails("probe:r=1.0000001", 1, STEEPEST_ERROR_PARAMETER, "'r'", "[0, 1]", NULL);
    parse_fails("probe:r=-1e-300", 1, STEEPEST_ERROR_PARAMETER, "[0, 1]", NULL);
    parse_fails("probe:il=5+1001+2", 1, STEEPEST_ERROR_PARAMETER, "'il'", "[0, 1000]", NULL);
    parse_fails("probe:il=-1", 1, STEEPEST_ERROR_PARAMETER, "[0, 1000]", NULL);
    parse_fails("block:size=0", 4, STEEPEST_ERROR_PARAMETER, "'size'", NULL);
    parse_fails("block:sizes=2+0+2", 4, STEEPEST_ERROR_PARAMETER, "'sizes'", NULL);
    /* Bounds are inclusive. */
    SteepestNorm *norm = parse_ok("probe:r=1,i=-5,il=0+1000", 1);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(the_class_rejects_what_the_grammar_accepts)
{
    parse_fails("block", 12, STEEPEST_ERROR_PARAMETER, "block", "size=K", NULL);
    parse_fails("block:size=5", 12, STEEPEST_ERROR_PARAMETER, "does not divide", "12", NULL);
    parse_fails("block:size=13", 12, STEEPEST_ERROR_PARAMETER, "does not divide", NULL);
    parse_fails("block:sizes=3+3+5", 12, STEEPEST_ERROR_PARAMETER, "sum to 11", "dimension is 12", NULL);
    parse_fails("block:sizes=3+3+7", 12, STEEPEST_ERROR_PARAMETER, "more than the dimension 12", NULL);
    parse_fails("block:size=4,sizes=4+8", 12, STEEPEST_ERROR_PARAMETER, "not both", NULL);
}
END_TEST

START_TEST(messages_quote_safely)
{
    /* Control and non-ASCII bytes come back escaped; long text is cut. */
    parse_fails("l\001x", 1, STEEPEST_ERROR_SPEC, "\\001", NULL);
    ck_assert_ptr_null(strchr(steepest_last_error(), '\001'));
    parse_fails("probe:d=\x7f\xfe", 1, STEEPEST_ERROR_PARAMETER, NULL);
    CHECK(g_utf8_validate(steepest_last_error(), -1, NULL));
    char long_spec[2000];
    memset(long_spec, 'Z', sizeof long_spec - 1);
    long_spec[sizeof long_spec - 1] = '\0';
    parse_fails(long_spec, 1, STEEPEST_ERROR_SPEC, "...", NULL);
    ck_assert_uint_lt(strlen(steepest_last_error()), 300);
    memcpy(long_spec, "probe:d=", 8);
    parse_fails(long_spec, 1, STEEPEST_ERROR_PARAMETER, "...", NULL);
    ck_assert_uint_lt(strlen(steepest_last_error()), 300);
}
END_TEST

/* ---- the normalized spec ---- */

START_TEST(normalized_spec_round_trip)
{
    static const struct {
        const char *spec;
        size_t dim;
        const char *normal;
    } cases[] = {
        { "l2", 3, "l2" },
        { "block:size=2", 4, "block:size=2" },
        { "block:size=02", 4, "block:size=2" },
        { "block:sizes=3+3+6", 12, "block:sizes=3+3+6" },
        { "probe:d=1e+3", 1, "probe:d=1000" },
        { "probe:d=0.1", 1, "probe:d=0.1" },
        { "probe:d=-0", 1, "probe:d=-0" },
        { "probe:d=1e300", 1, "probe:d=1e+300" },
        { "probe:dl=1e300+2", 1, "probe:dl=1e+300+2" },
        { "probe:d=5e-324", 1, "probe:d=4.94065645841247e-324" }, /* 15 digits read back exactly */
        { "probe:il=010+3,i=-0", 1, "probe:i=0,il=10+3" },
        { "probe:def=0.25", 1, "probe:def=0.25" },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        SteepestNorm *norm = parse_ok(cases[k].spec, cases[k].dim);
        ck_assert_str_eq(steepest_norm_get_spec(norm), cases[k].normal);
        SteepestNorm *again = parse_ok(steepest_norm_get_spec(norm), cases[k].dim);
        ck_assert_str_eq(steepest_norm_get_spec(again), cases[k].normal);
        steepest_norm_free(again);
        steepest_norm_free(norm);
    }
}
END_TEST

static uint64_t
splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

START_TEST(random_doubles_round_trip_bit_exactly)
{
    uint64_t seed = 20240611;
    for (int trial = 0; trial < 2000; trial++) {
        double v[8];
        GString *s = g_string_new("probe:dl=");
        for (int k = 0; k < 8; k++) {
            do { /* any finite double, subnormals included */
                uint64_t bits = splitmix64(&seed);
                memcpy(&v[k], &bits, sizeof v[k]);
            } while (!isfinite(v[k]));
            g_string_append_printf(s, "%s%.17g", k ? "+" : "", v[k]);
        }
        SteepestNorm *norm = parse_ok(s->str, 1);
        char *normal = g_strdup(steepest_norm_get_spec(norm));
        steepest_norm_free(norm);
        norm = parse_ok(normal, 1);
        EXPECT_INT_EQ(parsed.dl_count, 8);
        for (int k = 0; k < 8; k++)
            EXPECT(memcmp(&parsed.dl[k], &v[k], sizeof v[k]) == 0, "%.17g came back as %.17g via '%s'", v[k],
                   parsed.dl[k], normal);
        ck_assert_str_eq(steepest_norm_get_spec(norm), normal);
        steepest_norm_free(norm);
        g_free(normal);
        g_string_free(s, TRUE);
    }
}
END_TEST

/* ---- robustness ---- */

/* The outcome of one untrusted spec must be a success whose normalized spec
 * parses to itself, or a failure with a status and a readable message. */
static void
check_outcome(const char *spec, size_t dim)
{
    SteepestNorm *norm = (SteepestNorm *) &parsed;
    int rc = steepest_norm_new(spec, dim, &norm);
    if (rc == STEEPEST_OK) {
        ck_assert_ptr_nonnull(norm);
        const char *normal = steepest_norm_get_spec(norm);
        SteepestNorm *again = NULL;
        EXPECT(steepest_norm_new(normal, dim, &again) == STEEPEST_OK,
               "'%s' normalized to '%s' which fails: %s", g_strescape(spec, NULL), normal,
               steepest_last_error());
        ck_assert_str_eq(steepest_norm_get_spec(again), normal);
        steepest_norm_free(again);
        steepest_norm_free(norm);
        return;
    }
    const char *msg = steepest_last_error();
    EXPECT(rc < 0, "'%s' returned %d", g_strescape(spec, NULL), rc);
    EXPECT(norm == NULL, "'%s' failed but set *out", g_strescape(spec, NULL));
    EXPECT(steepest_last_status() == rc, "'%s': status %d but last_status %d", g_strescape(spec, NULL), rc,
           steepest_last_status());
    EXPECT(msg[0] != '\0', "'%s' failed with %s and no message", g_strescape(spec, NULL),
           steepest_status_name(rc));
    EXPECT(g_utf8_validate(msg, -1, NULL), "'%s': message is not UTF-8", g_strescape(spec, NULL));
    EXPECT(strcmp(steepest_status_name(rc), "UNKNOWN") != 0, "'%s': undocumented status %d",
           g_strescape(spec, NULL), rc);
}

static const char *const seeds[] = {
    "l2",
    "linf",
    "l1",
    "block:size=2",
    "block:sizes=1+2+3",
    "block:size=1",
    "lp:p=3",
    "probe:i=3,d=1e+3,r=0.5,il=1+2,dl=1e+3+-2.5e-7+.5,def=1",
    "probe:dl=1+2+3+4",
    "probe:il=0+1000",
    "probe:d=-0.0,r=1e-3",
    "probe:i=-5",
};

/* Bytes the grammar cares about, drawn more often than the rest. */
static const char interesting[] = ":=,+-.eE0123456789abdilprsxz_ nIN\x01\x7f\x80\xff";

static char
random_byte(uint64_t *seed)
{
    uint64_t r = splitmix64(seed);
    if (r & 1)
        return interesting[(r >> 8) % (sizeof interesting - 1)];
    char c = (char) (r >> 8);
    return c == '\0' ? 'q' : c;
}

START_TEST(random_bytes_never_crash)
{
    register_probe();
    uint64_t seed = 1 + (uint64_t) _i;
    char buf[96];
    for (int trial = 0; trial < 20000; trial++) {
        size_t len = splitmix64(&seed) % (sizeof buf - 1);
        for (size_t k = 0; k < len; k++)
            buf[k] = random_byte(&seed);
        buf[len] = '\0';
        check_outcome(buf, 1 + splitmix64(&seed) % 12);
    }
}
END_TEST

START_TEST(mutated_specs_never_crash)
{
    register_probe();
    uint64_t seed = 99;
    char buf[256];
    int successes = 0;
    for (int trial = 0; trial < 30000; trial++) {
        const char *base = seeds[splitmix64(&seed) % G_N_ELEMENTS(seeds)];
        size_t len = strlen(base);
        memcpy(buf, base, len + 1);
        int edits = 1 + (int) (splitmix64(&seed) % 4);
        for (int e = 0; e < edits; e++) {
            size_t pos = len ? splitmix64(&seed) % (len + 1) : 0;
            switch (splitmix64(&seed) % 5) {
            case 0: /* replace */
                if (pos < len)
                    buf[pos] = random_byte(&seed);
                break;
            case 1: /* insert */
                if (len + 1 < sizeof buf - 1) {
                    memmove(buf + pos + 1, buf + pos, len - pos + 1);
                    buf[pos] = random_byte(&seed);
                    len++;
                }
                break;
            case 2: /* delete */
                if (pos < len) {
                    memmove(buf + pos, buf + pos + 1, len - pos);
                    len--;
                }
                break;
            case 3: /* truncate */
                buf[pos] = '\0';
                len = pos;
                break;
            default: { /* splice another seed's tail in */
                const char *other = seeds[splitmix64(&seed) % G_N_ELEMENTS(seeds)];
                size_t olen = strlen(other), from = splitmix64(&seed) % (olen + 1);
                size_t take = MIN(olen - from, sizeof buf - 1 - pos);
                memcpy(buf + pos, other + from, take);
                buf[pos + take] = '\0';
                len = pos + take;
                break;
            }
            }
        }
        size_t dim = 1 + splitmix64(&seed) % 12;
        SteepestNorm *probe = NULL;
        if (steepest_norm_new(buf, dim, &probe) == STEEPEST_OK)
            successes++;
        steepest_norm_free(probe);
        check_outcome(buf, dim);
    }
    /* The mutations must not all be trivially broken: some still parse. */
    ck_assert_int_gt(successes, 300);
}
END_TEST

/* ---- one-sided ranges and a word parameter ---- */

static const SteepestPluginParam p_lo = {
    sizeof(SteepestPluginParam), STEEPEST_PARAM_DOUBLE, "lo", ">= 0", NULL, 0, INFINITY
};
static const SteepestPluginParam p_hi = {
    sizeof(SteepestPluginParam), STEEPEST_PARAM_INT, "hi", "<= 0", NULL, -INFINITY, 0
};
static const SteepestPluginParam p_w = {
    sizeof(SteepestPluginParam), STEEPEST_PARAM_STRING, "w", "a word", NULL, -INFINITY, INFINITY
};
static const SteepestPluginParam *const halfline_params[] = { &p_lo, &p_hi, &p_w, NULL };

/* What the host accessors answered in create(): the word, and the refusals
 * of questions asked with a NULL out pointer or of the wrong type. */
static struct {
    char word[64];
    int word_rc, string_of_double, null_out[5], null_args;
} asked;

static int
halfline_create(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state)
{
    (void) n;
    memset(&asked, 0, sizeof asked);
    const char *w = NULL;
    asked.word_rc = host->arg_string(args, "w", &w);
    if (asked.word_rc == STEEPEST_PLUGIN_OK)
        g_strlcpy(asked.word, w, sizeof asked.word);
    asked.string_of_double = host->arg_string(args, "lo", &w);
    asked.null_out[0] = host->arg_string(args, "w", NULL);
    asked.null_out[1] = host->arg_double(args, "lo", NULL);
    asked.null_out[2] = host->arg_int(args, "hi", NULL);
    asked.null_out[3] = host->arg_int_list(args, "hi", NULL, NULL);
    asked.null_out[4] = host->arg_double_list(args, "lo", NULL, NULL);
    asked.null_args = host->arg_is_set(NULL, "w") || host->arg_is_set(args, NULL);
    *state = NULL;
    return STEEPEST_PLUGIN_OK;
}

static const SteepestPluginNormClass halfline_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "halfline",
    .dual_name = "halfline_dual",
    .summary = "one-sided parameter ranges and a word",
    .params = halfline_params,
    .create = halfline_create,
    .norm = probe_norm,
    .dual_norm = probe_norm,
    .duality_map = probe_map,
};

START_TEST(one_sided_ranges_and_words)
{
    int rc = steepest_registry_add_class(&halfline_class);
    EXPECT(rc == STEEPEST_OK || (rc == STEEPEST_ERROR_DUPLICATE && steepest_registry_lookup("halfline")),
           "%s", steepest_last_error());
    parse_fails("halfline:lo=-1", 1, STEEPEST_ERROR_PARAMETER, "'lo' must be in [0, inf], got '-1'", NULL);
    parse_fails("halfline:hi=1", 1, STEEPEST_ERROR_PARAMETER, "'hi' must be in [-inf, 0], got '1'", NULL);
    parse_fails("halfline:w=a*b", 1, STEEPEST_ERROR_PARAMETER, "'w'", "expects a word of letters", NULL);
    parse_fails("halfline:w=", 1, STEEPEST_ERROR_PARAMETER, "'w'", "needs a value", NULL);
    char long_word[80] = "halfline:w=";
    memset(long_word + strlen(long_word), 'x', 64);
    parse_fails(long_word, 1, STEEPEST_ERROR_PARAMETER, "'w'", "is longer than 63 bytes", NULL);
    SteepestNorm *norm = parse_ok("halfline:w=A_b.c+d-1,lo=1e300,hi=-7", 2);
    EXPECT(strcmp(steepest_norm_get_spec(norm), "halfline:lo=1e+300,hi=-7,w=A_b.c+d-1") == 0, "%s",
           steepest_norm_get_spec(norm));
    EXPECT(asked.word_rc == STEEPEST_PLUGIN_OK && strcmp(asked.word, "A_b.c+d-1") == 0, "%d '%s'",
           asked.word_rc, asked.word);
    EXPECT_INT_EQ(asked.string_of_double, STEEPEST_PLUGIN_E_INVALID);
    for (int k = 0; k < 5; k++)
        EXPECT(asked.null_out[k] == STEEPEST_PLUGIN_E_INVALID, "accessor %d: %d", k, asked.null_out[k]);
    EXPECT_INT_EQ(asked.null_args, 0);
    steepest_norm_free(norm);
    /* without w the word is not set */
    norm = parse_ok("halfline", 2);
    EXPECT_INT_EQ(asked.word_rc, STEEPEST_PLUGIN_E_INVALID);
    steepest_norm_free(norm);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("spec");
    TCase *tc = tcase_create("grammar");
    tcase_add_checked_fixture(tc, register_probe, NULL);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, names_alone);
    tcase_add_test(tc, scalars);
    tcase_add_test(tc, lists);
    tcase_add_test(tc, every_parameter_at_once_in_any_order);
    tcase_add_test(tc, nul_ends_the_spec);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, register_probe, NULL);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, name_errors);
    tcase_add_test(tc, structure_errors);
    tcase_add_test(tc, unknown_parameters_list_the_known_ones);
    tcase_add_test(tc, parameters_given_twice);
    tcase_add_test(tc, wrong_types);
    tcase_add_test(tc, doubles_that_are_not_finite_decimals);
    tcase_add_test(tc, list_syntax_errors);
    tcase_add_test(tc, out_of_range);
    tcase_add_test(tc, one_sided_ranges_and_words);
    tcase_add_test(tc, the_class_rejects_what_the_grammar_accepts);
    tcase_add_test(tc, messages_quote_safely);
    suite_add_tcase(s, tc);

    tc = tcase_create("normalized");
    tcase_add_checked_fixture(tc, register_probe, NULL);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, normalized_spec_round_trip);
    tcase_add_test(tc, random_doubles_round_trip_bit_exactly);
    suite_add_tcase(s, tc);

    tc = tcase_create("robustness");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, random_bytes_never_crash, 0, 2);
    tcase_add_test(tc, mutated_specs_never_crash);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
