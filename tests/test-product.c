/* test-product.c — the product norm max_i w_i ‖x_i‖_(i): hand-computed values,
 * Lemma 3, equality with the block norm for ℓ2 parts, nesting, the C
 * constructor's copy semantics, spec errors naming the part and the
 * parameter, and induced-norm bounds against brute force over the extreme
 * points of the unit ball. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

static SteepestNorm *
make(const char *spec, size_t n)
{
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new(spec, n, &norm);
    ck_assert_msg(rc == STEEPEST_OK, "%s: %s", spec, steepest_last_error());
    return norm;
}

/* In long double, whose range holds the products of huge or tiny entries. */
static long double
dot(size_t n, const double *a, const double *b)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (long double) a[i] * b[i];
    return s;
}

static double
uniform(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return ((*seed >> 8) & 0xffffff) / (double) 0x1000000;
}

static void
random_vector(unsigned *seed, size_t n, double *x)
{
    for (size_t i = 0; i < n; i++)
        x[i] = 4.0 * uniform(seed) - 2.0;
}

static double
value(int (*fn)(const SteepestNorm *, size_t, const double *, double *), const SteepestNorm *norm, size_t n,
      const double *x)
{
    double v = NAN;
    ck_assert_msg(fn(norm, n, x, &v) == STEEPEST_OK, "%s", steepest_last_error());
    return v;
}

#define NORM(norm, n, x) value(steepest_norm_norm, norm, n, x)
#define DUAL(norm, n, x) value(steepest_norm_dual_norm, norm, n, x)

static void
assert_close(double got, double want, double rel, const char *what)
{
    ck_assert_msg(fabs(got - want) <= rel * fmax(1.0, fabs(want)), "%s: got %.17g, want %.17g", what, got,
                  want);
}

/* Relative, at any scale (the Lemma 3 checks run on huge and tiny z). */
static void
assert_rel(double got, double want, double rel, const char *what)
{
    ck_assert_msg(fabs(got - want) <= rel * fabs(want), "%s: got %.17g, want %.17g", what, got, want);
}

/* ---- values ---- */

/* x = (3, 4 | -1, 2 | 1, -3) under [l2 | linf | l1] with w = (1, 0.5, 2):
 * ‖x‖ = max(5, 0.5·2, 2·4) = 8; ‖x‖* = 5/1 + 3/0.5 + 3/2 = 12.5;
 * s = ((3,4)/5, sign(-1,2)/0.5, -e_2/2), x♯ = 12.5 s. */
START_TEST(hand_computed_values)
{
    const char *spec = "product:parts=[l2:dim=2|linf:dim=2|l1:dim=2],weights=1+0.5+2";
    SteepestNorm *norm = make(spec, 6);
    double x[6] = { 3, 4, -1, 2, 1, -3 }, s[6], m[6], d = 0;
    ck_assert_double_eq(NORM(norm, 6, x), 8.0);
    ck_assert_double_eq(DUAL(norm, 6, x), 12.5);
    const double s_want[6] = { 0.6, 0.8, -2, 2, 0, -0.5 };
    ck_assert_int_eq(steepest_norm_unit_direction(norm, 6, x, s, &d), STEEPEST_OK);
    ck_assert_double_eq(d, 12.5);
    ck_assert_int_eq(steepest_norm_duality_map(norm, 6, x, m, &d), STEEPEST_OK);
    for (int i = 0; i < 6; i++) {
        assert_close(s[i], s_want[i], 1e-15, "unit direction");
        assert_close(m[i], 12.5 * s_want[i], 1e-15, "duality map");
    }
    ck_assert_str_eq(steepest_norm_get_spec(norm), spec);
    ck_assert_str_eq(steepest_norm_get_name(norm), "product");
    ck_assert_uint_eq(steepest_norm_get_dim(norm), 6);
    /* The scaled step is the derived one: x − α x♯. */
    double out[6];
    ck_assert_int_eq(steepest_norm_step_scaled(norm, 6, x, x, 0.1, out, &d), STEEPEST_OK);
    for (int i = 0; i < 6; i++)
        assert_close(out[i], x[i] - 0.1 * m[i], 1e-15, "scaled step");
    steepest_norm_free(norm);
}
END_TEST

/* The example form: spaces around '|', the weights omitted. */
START_TEST(spaces_and_default_weights)
{
    SteepestNorm *a = make("product:parts=[ linf:dim=2 | l2:dim=3 ]", 5);
    ck_assert_str_eq(steepest_norm_get_spec(a), "product:parts=[linf:dim=2|l2:dim=3]");
    double x[5] = { 1, -7, 3, 4, 0 };
    ck_assert_double_eq(NORM(a, 5, x), 7.0);
    ck_assert_double_eq(DUAL(a, 5, x), 8.0 + 5.0);
    steepest_norm_free(a);
}
END_TEST

static void
assert_lemma3(const SteepestNorm *norm, size_t n, const double *z)
{
    double m[64], s[64], d = 0, d2 = 0;
    ck_assert_uint_le(n, 64);
    ck_assert_int_eq(steepest_norm_duality_map(norm, n, z, m, &d), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_unit_direction(norm, n, z, s, &d2), STEEPEST_OK);
    assert_rel(d, DUAL(norm, n, z), 1e-14, "dual value");
    assert_rel(d2, d, 1e-14, "dual value of s");
    assert_rel(NORM(norm, n, m), d, 1e-13, "||z#|| = ||z||*");
    if (d > 0) /* divided once, so that huge z cannot overflow d² */
        assert_rel((double) (dot(n, z, m) / d), d, 1e-13, "<z, z#> = ||z||*^2");
    assert_close(NORM(norm, n, s), 1.0, 1e-13, "||s|| = 1");
    assert_rel((double) dot(n, z, s), d, 1e-13, "<z, s> = ||z||*");
}

static const struct {
    const char *spec;
    size_t n;
} lemma_cases[] = {
    { "product:parts=[l2:dim=3|linf:dim=4|l1:dim=2],weights=1+0.5+2", 9 },
    { "product:parts=[lp:p=3,dim=4|block:size=2,dim=4],weights=0.25+3", 8 },
    { "product:parts=[product:parts=[l2:dim=2|linf:dim=2],weights=1+2,dim=4|l1:dim=3],weights=3+1", 7 },
    { "product:parts=[linf:dim=5]", 5 },
    { "product:parts=[l1:dim=1|l1:dim=1|l2:dim=1]", 3 },
};

START_TEST(lemma3_identities)
{
    SteepestNorm *norm = make(lemma_cases[_i].spec, lemma_cases[_i].n);
    unsigned seed = 17u + (unsigned) _i;
    double z[64] = { 0 };
    /* At the scale of 1 and far from it (the identities are homogeneous). */
    const double scales[3] = { 1.0, 0x1p-900, 0x1p+900 };
    for (int rep = 0; rep < 30; rep++) {
        random_vector(&seed, lemma_cases[_i].n, z);
        for (size_t i = 0; i < lemma_cases[_i].n; i++)
            z[i] *= scales[rep % 3];
        assert_lemma3(norm, lemma_cases[_i].n, z);
    }
    /* A zero part gets the zero direction (never 0/0), the rest still works. */
    z[0] = z[1] = 0.0;
    assert_lemma3(norm, lemma_cases[_i].n, z);
    /* All zero: zero map and direction. */
    double zero[64] = { 0 }, m[64], d = 1;
    ck_assert_int_eq(steepest_norm_duality_map(norm, lemma_cases[_i].n, zero, m, &d), STEEPEST_OK);
    ck_assert_double_eq(d, 0.0);
    for (size_t i = 0; i < lemma_cases[_i].n; i++)
        ck_assert_double_eq(m[i], 0.0);
    /* The normalized spec reads back to itself. */
    SteepestNorm *again = make(steepest_norm_get_spec(norm), lemma_cases[_i].n);
    ck_assert_str_eq(steepest_norm_get_spec(again), steepest_norm_get_spec(norm));
    steepest_norm_free(again);
    steepest_norm_free(norm);
}
END_TEST

/* A product nested as a part equals the flat product with multiplied weights:
 * max(3·max(‖a‖₂, 2‖b‖∞), ‖c‖₁) = max(3‖a‖₂, 6‖b‖∞, ‖c‖₁). */
START_TEST(nesting_flattens)
{
    SteepestNorm *nested = make(lemma_cases[2].spec, 7);
    SteepestNorm *flat = make("product:parts=[l2:dim=2|linf:dim=2|l1:dim=3],weights=3+6+1", 7);
    unsigned seed = 5;
    double z[7], a[7], b[7];
    for (int rep = 0; rep < 20; rep++) {
        random_vector(&seed, 7, z);
        assert_close(NORM(nested, 7, z), NORM(flat, 7, z), 1e-15, "norm");
        assert_close(DUAL(nested, 7, z), DUAL(flat, 7, z), 1e-15, "dual");
        ck_assert_int_eq(steepest_norm_duality_map(nested, 7, z, a, NULL), STEEPEST_OK);
        ck_assert_int_eq(steepest_norm_duality_map(flat, 7, z, b, NULL), STEEPEST_OK);
        for (int i = 0; i < 7; i++)
            assert_close(a[i], b[i], 1e-14, "map");
    }
    steepest_norm_free(nested);
    steepest_norm_free(flat);
}
END_TEST

/* ---- ℓ2 parts are the block norm ---- */

START_TEST(l2_parts_equal_block)
{
    const size_t n = 6;
    SteepestNorm *prod = make("product:parts=[l2:dim=2|l2:dim=3|l2:dim=1]", n);
    SteepestNorm *block = make("block:sizes=2+3+1", n);
    unsigned seed = 99;
    double z[6], a[6], b[6], da, db;
    for (int rep = 0; rep < 50; rep++) {
        random_vector(&seed, n, z);
        assert_close(NORM(prod, n, z), NORM(block, n, z), 1e-15, "norm");
        assert_close(DUAL(prod, n, z), DUAL(block, n, z), 1e-15, "dual");
        ck_assert_int_eq(steepest_norm_duality_map(prod, n, z, a, &da), STEEPEST_OK);
        ck_assert_int_eq(steepest_norm_duality_map(block, n, z, b, &db), STEEPEST_OK);
        assert_close(da, db, 1e-15, "map's dual value");
        for (size_t i = 0; i < n; i++)
            assert_close(a[i], b[i], 1e-14, "duality map");
        ck_assert_int_eq(steepest_norm_unit_direction(prod, n, z, a, NULL), STEEPEST_OK);
        ck_assert_int_eq(steepest_norm_unit_direction(block, n, z, b, NULL), STEEPEST_OK);
        for (size_t i = 0; i < n; i++)
            assert_close(a[i], b[i], 1e-14, "unit direction");
    }
    /* Induced: the same upper bound Σ_bc σ(H_bc) (or m‖H‖₂), each bracket
     * containing the other's lower bound. */
    for (int rep = 0; rep < 5; rep++) {
        double H[36], lp, up, lb, ub;
        random_vector(&seed, 36, H);
        ck_assert_int_eq(steepest_norm_induced(prod, n, H, NULL, &lp, &up, NULL, NULL), STEEPEST_OK);
        ck_assert_int_eq(steepest_norm_induced(block, n, H, NULL, &lb, &ub, NULL, NULL), STEEPEST_OK);
        assert_close(up, ub, 1e-12, "induced upper bound");
        ck_assert(lp <= ub && lb <= up);
        assert_close(lp, lb, 1e-2, "induced lower bounds (both from ascent)");
    }
    steepest_norm_free(prod);
    steepest_norm_free(block);
}
END_TEST

/* ---- the C constructor ---- */

START_TEST(c_constructor_copies)
{
    SteepestNorm *parts[3] = { make("l2", 2), make("linf", 2), make("l1", 2) };
    double w[3] = { 1, 0.5, 2 };
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_product_new(3, (const SteepestNorm *const *) parts, w, &norm),
                     STEEPEST_OK);
    for (int i = 0; i < 3; i++)
        steepest_norm_free(parts[i]); /* the product has copies */
    ck_assert_str_eq(steepest_norm_get_spec(norm),
                     "product:parts=[l2:dim=2|linf:dim=2|l1:dim=2],weights=1+0.5+2");
    double x[6] = { 3, 4, -1, 2, 1, -3 };
    ck_assert_double_eq(NORM(norm, 6, x), 8.0);
    ck_assert_double_eq(DUAL(norm, 6, x), 12.5);
    ck_assert_uint_eq(steepest_norm_product_get_n_parts(norm), 3);
    double wt = 0;
    size_t off = 0;
    const SteepestNorm *p2 = steepest_norm_product_get_part(norm, 2, &wt, &off);
    ck_assert_str_eq(steepest_norm_get_spec(p2), "l1");
    ck_assert_double_eq(wt, 2.0);
    ck_assert_uint_eq(off, 4);
    ck_assert_ptr_null(steepest_norm_product_get_part(norm, 3, &wt, &off));
    ck_assert_uint_eq(steepest_norm_product_get_n_parts(p2), 0);

    /* A product of products through the C call; NULL weights are all 1. */
    const SteepestNorm *outer_parts[2] = { norm, norm };
    SteepestNorm *outer = NULL;
    ck_assert_int_eq(steepest_norm_product_new(2, outer_parts, NULL, &outer), STEEPEST_OK);
    ck_assert_uint_eq(steepest_norm_get_dim(outer), 12);
    SteepestNorm *again = make(steepest_norm_get_spec(outer), 12);
    ck_assert_str_eq(steepest_norm_get_spec(again), steepest_norm_get_spec(outer));
    steepest_norm_free(again);
    steepest_norm_free(outer);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(c_constructor_errors)
{
    SteepestNorm *l2 = make("l2", 2), *norm = (SteepestNorm *) 1;
    const SteepestNorm *parts[2] = { l2, NULL };
    ck_assert_int_eq(steepest_norm_product_new(1, parts, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_norm_product_new(0, parts, NULL, &norm), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(norm);
    ck_assert_int_eq(steepest_norm_product_new(2, NULL, NULL, &norm), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_norm_product_new(2, parts, NULL, &norm), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "part 2 is NULL"));
    const double bad[3][1] = { { 0.0 }, { -1.0 }, { INFINITY } };
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(steepest_norm_product_new(1, parts, bad[k], &norm), STEEPEST_ERROR_PARAMETER);
        ck_assert_ptr_null(norm);
        ck_assert_ptr_nonnull(strstr(steepest_last_error(), "part 1 (l2): weight"));
    }
    /* Nesting deeper than 8 is refused, so every spec stays parseable. */
    SteepestNorm *cur = make("l2", 1);
    int rc = STEEPEST_OK, levels = 0;
    while (rc == STEEPEST_OK) {
        SteepestNorm *next = NULL;
        const SteepestNorm *one[1] = { cur };
        rc = steepest_norm_product_new(1, one, NULL, &next);
        if (rc == STEEPEST_OK) {
            steepest_norm_free(cur);
            cur = next;
            levels++;
        }
    }
    ck_assert_int_eq(rc, STEEPEST_ERROR_PARAMETER);
    ck_assert_int_eq(levels, 8);
    SteepestNorm *again = make(steepest_norm_get_spec(cur), 1);
    steepest_norm_free(again);
    steepest_norm_free(cur);
    steepest_norm_free(l2);
}
END_TEST

/* ---- spec errors ---- */

static const struct {
    const char *spec;
    size_t dim;
    int status;
    const char *message;
} bad_specs[] = {
    { "product", 4, STEEPEST_ERROR_PARAMETER, "needs parts=[" },
    { "product:weights=1", 4, STEEPEST_ERROR_PARAMETER, "needs parts=[" },
    { "product:parts=[l2:dim=2|linf:dim=2", 4, STEEPEST_ERROR_SPEC, "do not pair up" },
    { "product:parts=l2:dim=4", 4, STEEPEST_ERROR_SPEC, "parameter 'parts' must be [" },
    { "product:parts=[]", 4, STEEPEST_ERROR_PARAMETER, "lists no parts" },
    { "product:parts=[l2:dim=2||l1:dim=2]", 4, STEEPEST_ERROR_SPEC, "part 2 is empty" },
    { "product:parts=[l2:dim=2|linf]", 4, STEEPEST_ERROR_PARAMETER, "part 2 (linf): needs its dimension" },
    { "product:parts=[l2:dim=2|linf:dim=x]", 4, STEEPEST_ERROR_PARAMETER, "part 2 (linf): parameter 'dim'" },
    { "product:parts=[l2:dim=2|linf:dim=0]", 4, STEEPEST_ERROR_PARAMETER, "part 2 (linf): parameter 'dim'" },
    { "product:parts=[l2:dim=2|linf:dim=2,dim=2]", 4, STEEPEST_ERROR_PARAMETER,
      "part 2 (linf): parameter 'dim' is given twice" },
    { "product:parts=[l2:dim=2|lp:p=0.5,dim=2]", 4, STEEPEST_ERROR_PARAMETER, "part 2 (lp): parameter 'p'" },
    { "product:parts=[l2:dim=2|linf:p=2,dim=2]", 4, STEEPEST_ERROR_PARAMETER,
      "part 2 (linf): unknown parameter 'p'" },
    { "product:parts=[l2:dim=2|block:size=3,dim=2]", 4, STEEPEST_ERROR_PARAMETER, "part 2 (block):" },
    { "product:parts=[l2:dim=2|lnf:dim=2]", 4, STEEPEST_ERROR_UNKNOWN_NORM,
      "part 2 (lnf): unknown norm 'lnf'" },
    { "product:parts=[l2:dim=2|L2:dim=2]", 4, STEEPEST_ERROR_SPEC, "part 2: norm spec: invalid norm name" },
    { "product:parts=[l2:dim=2|linf:dim=3]", 4, STEEPEST_ERROR_PARAMETER, "sum to 5 but the dimension is 4" },
    { "product:parts=[l2:dim=2|linf:dim=2],weights=1", 4, STEEPEST_ERROR_PARAMETER, "2 parts but 1 weights" },
    { "product:parts=[l2:dim=2|linf:dim=2],weights=1+0", 4, STEEPEST_ERROR_PARAMETER,
      "part 2: parameter 'weights' must be > 0" },
    { "product:parts=[l2:dim=2|linf:dim=2],weights=1+x", 4, STEEPEST_ERROR_PARAMETER,
      "parameter 'weights' expects" },
    { "product:parts=[l2:dim=2],parts=[l2:dim=2]", 2, STEEPEST_ERROR_PARAMETER, "'parts' is given twice" },
    { "product:parts=[l2:dim=2],size=2", 2, STEEPEST_ERROR_PARAMETER,
      "unknown parameter 'size' (known: parts, weights)" },
    { "product:parts=[l2:dim=2],", 2, STEEPEST_ERROR_SPEC, "empty parameter" },
    { "product:parts=[l2:dim=2]x", 2, STEEPEST_ERROR_SPEC, "parameter 'parts' must be [" },
    { "product:parts=[[[[[[[[[l2:dim=2]]]]]]]]]", 2, STEEPEST_ERROR_SPEC, "at most 8 allowed" },
    { "product:parts=[product:parts=[l2:dim=1]x,dim=1]", 1, STEEPEST_ERROR_SPEC, "part 1 (product):" },
    { "product:parts=]l2:dim=2[", 2, STEEPEST_ERROR_SPEC, "do not pair up" },
    { "product:parts", 2, STEEPEST_ERROR_PARAMETER, "unknown parameter 'parts' (known: parts, weights)" },
    { "product:partsx=[l2:dim=2]", 2, STEEPEST_ERROR_PARAMETER, "unknown parameter 'partsx'" },
    { "product:parts=[linf:dim=x,p=1]", 2, STEEPEST_ERROR_PARAMETER,
      "part 1 (linf): parameter 'dim' must be an integer in [1, 1e+15], got 'x'" },
    { "product:parts=[lp:p=3]", 3, STEEPEST_ERROR_PARAMETER,
      "part 1 (lp): needs its dimension, e.g. 'lp:p=3,dim=4'" },
    { "product:parts=", 2, STEEPEST_ERROR_SPEC, "parameter 'parts' must be [" },
    { "product:parts=[l2:dim=2],,weights=1", 2, STEEPEST_ERROR_SPEC, "empty parameter" },
    { "product:parts=[l2:dim=2],weights=1,weights=2", 2, STEEPEST_ERROR_PARAMETER, "'weights'" },
};

START_TEST(spec_errors_name_part_and_parameter)
{
    SteepestNorm *norm = (SteepestNorm *) 1;
    int rc = steepest_norm_new(bad_specs[_i].spec, bad_specs[_i].dim, &norm);
    ck_assert_msg(rc == bad_specs[_i].status, "%s: status %d (%s)", bad_specs[_i].spec, rc,
                  steepest_last_error());
    ck_assert_ptr_null(norm);
    ck_assert_msg(strstr(steepest_last_error(), bad_specs[_i].message) != NULL, "%s: message '%s' lacks '%s'",
                  bad_specs[_i].spec, steepest_last_error(), bad_specs[_i].message);
    ck_assert_msg(strncmp(steepest_last_error(), "product: ", 9) == 0, "%s", steepest_last_error());
}
END_TEST

/* A class with its own 'dim' parameter cannot be a part: the spec form
 * reserves dim for the part's dimension. */
static int
sum_abs(void *state, size_t n, const double *x, double *value)
{
    (void) state;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += fabs(x[i]);
    *value = s;
    return STEEPEST_PLUGIN_OK;
}

static int
map_any(void *state, size_t n, const double *z, double *zs, double *dual)
{
    (void) state;
    memcpy(zs, z, n * sizeof *z);
    *dual = 0;
    return STEEPEST_PLUGIN_OK;
}

static const SteepestPluginParam dim_param = {
    .struct_size = sizeof(SteepestPluginParam),
    .type = STEEPEST_PARAM_INT,
    .name = "dim",
    .default_value = "1",
    .min = 1,
    .max = 100,
};
static const SteepestPluginParam *const dim_params[] = { &dim_param, NULL };
static const SteepestPluginNormClass dim_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "prodtest_dimparam",
    .dual_name = "x",
    .summary = "a class declaring 'dim'",
    .params = dim_params,
    .norm = sum_abs,
    .dual_norm = sum_abs,
    .duality_map = map_any,
};

START_TEST(part_class_with_dim_parameter)
{
    ck_assert_int_eq(steepest_registry_add_class(&dim_class), STEEPEST_OK);
    SteepestNorm *norm = NULL, *part = make("prodtest_dimparam:dim=3", 2);
    ck_assert_int_eq(steepest_norm_new("product:parts=[l2:dim=1|prodtest_dimparam:dim=2]", 3, &norm),
                     STEEPEST_ERROR_PARAMETER);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "part 2 (prodtest_dimparam): the class declares"));
    const SteepestNorm *parts[1] = { part };
    ck_assert_int_eq(steepest_norm_product_new(1, parts, NULL, &norm), STEEPEST_ERROR_PARAMETER);
    ck_assert_ptr_null(norm);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "part 1 (prodtest_dimparam)"));
    steepest_norm_free(part);
}
END_TEST

/* Subnormal parts: the one-pass path gives a unit direction still. */
START_TEST(tiny_parts)
{
    SteepestNorm *norm = make("product:parts=[l2:dim=2|linf:dim=1|l1:dim=2],weights=1+1+4", 5);
    double z[5] = { 3e-320, 4e-320, -5e-324, 0, 1e-310 }, s[5], d = 0;
    ck_assert_int_eq(steepest_norm_unit_direction(norm, 5, z, s, &d), STEEPEST_OK);
    assert_close(s[0], 0.6, 1e-15, "tiny l2 part");
    assert_close(s[1], 0.8, 1e-15, "tiny l2 part");
    ck_assert_double_eq(s[2], -1.0);
    ck_assert_double_eq(s[3], 0.0);
    ck_assert_double_eq(s[4], 0.25);
    assert_lemma3(norm, 5, z);
    steepest_norm_free(norm);
}
END_TEST

/* NaN and Inf are reported as for every norm, with the global index. */
START_TEST(not_finite)
{
    SteepestNorm *norm = make("product:parts=[l2:dim=2|linf:dim=3]", 5);
    double x[5] = { 1, 2, 3, NAN, 5 }, v = 0, m[5];
    ck_assert_int_eq(steepest_norm_norm(norm, 5, x, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert(isnan(v));
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "3"));
    ck_assert_int_eq(steepest_norm_dual_norm(norm, 5, x, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_norm_duality_map(norm, 5, x, m, &v), STEEPEST_ERROR_NOT_FINITE);
    x[3] = INFINITY;
    ck_assert_int_eq(steepest_norm_norm(norm, 5, x, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert(isinf(v));
    steepest_norm_free(norm);
}
END_TEST

/* ---- induced norm against brute force ---- */

/* The extreme points of the unit ball of a part, scaled by 1/w: ±e_j for ℓ1,
 * the sign vectors for ℓ∞, K points of the circle for a 2-D ℓ2 or ℓp part
 * (normalized by the part's own norm). */
static size_t
extreme_points(const SteepestNorm *part, double w, size_t K, double *pts)
{
    const char *name = steepest_norm_get_name(part);
    size_t k = steepest_norm_get_dim(part), count = 0;
    if (strcmp(name, "l1") == 0) {
        for (size_t j = 0; j < 2 * k; j++, count++) {
            memset(pts + count * k, 0, k * sizeof *pts);
            pts[count * k + j / 2] = (j % 2 ? -1.0 : 1.0) / w;
        }
    } else if (strcmp(name, "linf") == 0) {
        for (size_t s = 0; s < ((size_t) 1 << k); s++, count++)
            for (size_t j = 0; j < k; j++)
                pts[count * k + j] = ((s >> j) & 1 ? -1.0 : 1.0) / w;
    } else {
        ck_assert_uint_eq(k, 2);
        for (size_t t = 0; t < K; t++, count++) {
            double u[2] = { cos(2 * M_PI * t / K), sin(2 * M_PI * t / K) };
            double nu = NORM(part, 2, u);
            pts[count * 2] = u[0] / (nu * w);
            pts[count * 2 + 1] = u[1] / (nu * w);
        }
    }
    return count;
}

/* max ‖Hx‖* over products of the parts' extreme points: <= ‖H‖, and for a
 * K-gon inscribed in a 2-D ℓ2 ball >= cos(π/K)‖H‖ (the K-gon contains the
 * disk shrunk by cos(π/K), and the other factors contain 0). */
static double
brute_force(const SteepestNorm *norm, size_t n, const double *H, size_t K)
{
    size_t m = steepest_norm_product_get_n_parts(norm);
    ck_assert_uint_le(m, 3);
    double *pts[3];
    size_t count[3], idx[3] = { 0, 0, 0 }, off[3], dims[3];
    for (size_t b = 0; b < m; b++) {
        double w;
        const SteepestNorm *part = steepest_norm_product_get_part(norm, b, &w, &off[b]);
        dims[b] = steepest_norm_get_dim(part);
        pts[b] = malloc((K + 64) * dims[b] * sizeof(double));
        count[b] = extreme_points(part, w, K, pts[b]);
    }
    double best = 0, x[16], y[16];
    for (;;) {
        for (size_t b = 0; b < m; b++)
            memcpy(x + off[b], pts[b] + idx[b] * dims[b], dims[b] * sizeof *x);
        for (size_t i = 0; i < n; i++) {
            y[i] = 0;
            for (size_t j = 0; j < n; j++)
                y[i] += H[i * n + j] * x[j];
        }
        best = fmax(best, DUAL(norm, n, y));
        size_t b = 0;
        while (b < m && ++idx[b] == count[b])
            idx[b++] = 0;
        if (b == m)
            break;
    }
    for (size_t b = 0; b < m; b++)
        free(pts[b]);
    return best;
}

static const char *induced_cases[] = {
    "product:parts=[l2:dim=2|linf:dim=3|l1:dim=2],weights=1+0.5+2", "product:parts=[linf:dim=2|l1:dim=3]",
    "product:parts=[l2:dim=2|l2:dim=2],weights=3+0.7",
    "product:parts=[lp:p=3,dim=2|linf:dim=2]", /* lp has no induced method: the constants alone */
};

static SteepestNorm *
make_any(const char *spec)
{
    for (size_t n = 1; n <= 16; n++) {
        SteepestNorm *norm = NULL;
        if (steepest_norm_new(spec, n, &norm) == STEEPEST_OK)
            return norm;
    }
    ck_abort_msg("%s: %s", spec, steepest_last_error());
    return NULL;
}

START_TEST(induced_bounds_bracket)
{
    SteepestNorm *norm = make_any(induced_cases[_i]);
    size_t n = steepest_norm_get_dim(norm);
    /* Fewer circle points under Valgrind (STEEPEST_TEST_QUICK): the slack
     * below follows K. */
    const size_t K = getenv("STEEPEST_TEST_QUICK") ? 60 : 300;
    const double slack = 1.0 / cos(M_PI / K);
    int has_lp = strstr(induced_cases[_i], "lp:") != NULL;
    unsigned seed = 3u + 7u * (unsigned) _i;
    for (int rep = 0; rep < 4; rep++) {
        double H[256], lo, up;
        int exact = -1;
        const char *method = NULL;
        random_vector(&seed, n * n, H);
        ck_assert_int_eq(steepest_norm_induced(norm, n, H, NULL, &lo, &up, &exact, &method), STEEPEST_OK);
        double bf = brute_force(norm, n, H, K);
        ck_assert_msg(bf <= up * (1 + 1e-12), "%s: brute force %.17g above the upper bound %.17g",
                      induced_cases[_i], bf, up);
        /* The lp circle is sampled, not a polygon of known slack: its brute
         * force is still <= the norm, and the lower bound must not pass it by
         * more than the sampling could miss. */
        double bound = has_lp ? bf * (1 + 10.0 / (double) (K * K)) : bf * slack * (1 + 1e-12);
        ck_assert_msg(lo <= bound, "%s: lower bound %.17g above brute force %.17g", induced_cases[_i], lo,
                      bf);
        ck_assert(lo <= up);
        ck_assert_int_eq(exact, 0);
        ck_assert_ptr_nonnull(method);
        /* The ascent finds the optimum on these small cases, within 20 %. */
        ck_assert_msg(lo >= 0.8 * bf, "%s: lower bound %.17g far below %.17g", induced_cases[_i], lo, bf);
    }
    steepest_norm_free(norm);
}
END_TEST

/* Block-diagonal H: ‖H‖ = Σ_b ‖H_bb‖_(b)/w_b², exact from exact parts. */
START_TEST(induced_block_diagonal_exact)
{
    SteepestNorm *norm = make(induced_cases[0], 7);
    size_t n = 7;
    unsigned seed = 41;
    double H[49] = { 0 }, lo, up;
    size_t start[4] = { 0, 2, 5, 7 };
    for (int b = 0; b < 3; b++)
        for (size_t i = start[b]; i < start[b + 1]; i++)
            for (size_t j = start[b]; j < start[b + 1]; j++)
                H[i * n + j] = 4 * uniform(&seed) - 2;
    int exact = 0;
    ck_assert_int_eq(steepest_norm_induced(norm, n, H, NULL, &lo, &up, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(exact, 1);
    ck_assert_double_eq(lo, up);
    const size_t K = getenv("STEEPEST_TEST_QUICK") ? 100 : 4000;
    double bf = brute_force(norm, n, H, K);
    ck_assert(bf <= up * (1 + 1e-12) && up <= bf / cos(M_PI / (double) K) * (1 + 1e-12));
    /* EXACT mode: fine here, UNSUPPORTED once an off-diagonal entry appears. */
    SteepestInducedOptions *opts = steepest_induced_options_new();
    steepest_induced_options_set_mode(opts, STEEPEST_INDUCED_EXACT);
    ck_assert_int_eq(steepest_norm_induced(norm, n, H, opts, &lo, &up, &exact, NULL), STEEPEST_OK);
    H[0 * n + 6] = 0.5;
    ck_assert_int_eq(steepest_norm_induced(norm, n, H, opts, &lo, &up, &exact, NULL),
                     STEEPEST_ERROR_UNSUPPORTED);
    steepest_induced_options_free(opts);
    steepest_norm_free(norm);
}
END_TEST

/* Block-diagonal H in BOUNDS mode: the ℓ∞ part's induced norm is then not
 * exact, so neither is the product's; its interval must hold the exact value
 * (the default mode's, checked above against brute force), and with the
 * parts' lower bounds summed the lower end stays close to it. */
START_TEST(induced_block_diagonal_bounds)
{
    SteepestNorm *norm = make(induced_cases[0], 7);
    size_t n = 7;
    unsigned seed = 43;
    double H[49] = { 0 }, lo, up, exact_value, up_exact;
    size_t start[4] = { 0, 2, 5, 7 };
    for (int b = 0; b < 3; b++)
        for (size_t i = start[b]; i < start[b + 1]; i++)
            for (size_t j = start[b]; j < start[b + 1]; j++)
                H[i * n + j] = 4 * uniform(&seed) - 2;
    int exact = 0;
    ck_assert_int_eq(steepest_norm_induced(norm, n, H, NULL, &exact_value, &up_exact, &exact, NULL),
                     STEEPEST_OK);
    ck_assert_int_eq(exact, 1);
    SteepestInducedOptions *opts = steepest_induced_options_new();
    steepest_induced_options_set_mode(opts, STEEPEST_INDUCED_BOUNDS);
    steepest_induced_options_set_restarts(opts, 3);
    const char *method = NULL;
    ck_assert_int_eq(steepest_norm_induced(norm, n, H, opts, &lo, &up, &exact, &method), STEEPEST_OK);
    ck_assert_int_eq(exact, 0);
    ck_assert_msg(strstr(method, "bounds") != NULL, "%s", method);
    ck_assert_msg(lo <= exact_value * (1 + 1e-12) && exact_value <= up * (1 + 1e-12), "[%g, %g] vs %g", lo,
                  up, exact_value);
    ck_assert_msg(lo >= 0.8 * exact_value, "lower %g far below %g", lo, exact_value);
    steepest_induced_options_free(opts);
    steepest_norm_free(norm);
}
END_TEST

/* One part: the part's own induced norm over w². */
START_TEST(induced_single_part)
{
    SteepestNorm *prod = make("product:parts=[l2:dim=4],weights=2", 4), *l2 = make("l2", 4);
    unsigned seed = 8;
    double H[16], lo, up, l, u;
    int exact = 0;
    random_vector(&seed, 16, H);
    ck_assert_int_eq(steepest_norm_induced(prod, 4, H, NULL, &lo, &up, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_induced(l2, 4, H, NULL, &l, &u, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(exact, 1);
    assert_close(up, u / 4, 1e-15, "single part");
    steepest_norm_free(prod);
    steepest_norm_free(l2);
}
END_TEST

/* More parts than fit the per-part scratch on the stack (16): 17 one-dimensional
 * ℓ2 parts with weights w_i = i + 1.  ‖x‖ = max_i w_i|x_i|, ‖x‖* = Σ_i |x_i|/w_i,
 * and the duality map is ‖x‖* sign(x_i)/w_i in part i. */
START_TEST(many_parts)
{
    enum { K = 17 };
    SteepestNorm *one = make("l2", 1);
    const SteepestNorm *parts[K];
    double w[K], x[K], m[K], d = 0, norm_want = 0, dual_want = 0;
    for (int i = 0; i < K; i++) {
        parts[i] = one;
        w[i] = i + 1;
        x[i] = (i % 3 ? -1.0 : 0.5) * (1 + 0.25 * i);
        norm_want = fmax(norm_want, w[i] * fabs(x[i]));
        dual_want += fabs(x[i]) / w[i];
    }
    SteepestNorm *norm = NULL;
    ck_assert_int_eq(steepest_norm_product_new(K, parts, w, &norm), STEEPEST_OK);
    steepest_norm_free(one);
    ck_assert_uint_eq(steepest_norm_product_get_n_parts(norm), K);
    assert_close(NORM(norm, K, x), norm_want, 1e-15, "norm");
    assert_close(DUAL(norm, K, x), dual_want, 1e-15, "dual norm");
    ck_assert_int_eq(steepest_norm_duality_map(norm, K, x, m, &d), STEEPEST_OK);
    assert_close(d, dual_want, 1e-15, "duality map's dual norm");
    for (int i = 0; i < K; i++)
        assert_close(m[i], dual_want * (x[i] > 0 ? 1 : -1) / w[i], 1e-14, "duality map");
    /* the accessor with either output NULL, and on what is not a product */
    size_t off = 0;
    double wt = 0;
    ck_assert_ptr_nonnull(steepest_norm_product_get_part(norm, 16, NULL, &off));
    ck_assert_uint_eq(off, 16);
    ck_assert_ptr_nonnull(steepest_norm_product_get_part(norm, 16, &wt, NULL));
    ck_assert_double_eq(wt, 17.0);
    ck_assert_ptr_null(steepest_norm_product_get_part(NULL, 0, &wt, &off));
    ck_assert_uint_eq(steepest_norm_product_get_n_parts(NULL), 0);
    /* the induced norm of the identity: the max of ‖x‖* over the unit ball, Σ_i 1/w_i² at x_i = 1/w_i */
    double *I = calloc(K * K, sizeof *I), lo, up;
    for (int i = 0; i < K; i++)
        I[i * K + i] = 1;
    double inv_w2 = 0;
    for (int i = 0; i < K; i++)
        inv_w2 += 1 / (w[i] * w[i]);
    ck_assert_int_eq(steepest_norm_induced(norm, K, I, NULL, &lo, &up, NULL, NULL), STEEPEST_OK);
    ck_assert_msg(lo <= inv_w2 * (1 + 1e-12) && inv_w2 <= up * (1 + 1e-12), "[%.17g, %.17g] misses %.17g", lo,
                  up, inv_w2);
    free(I);
    steepest_norm_free(norm);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("product");
    TCase *tc = tcase_create("product");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, hand_computed_values);
    tcase_add_test(tc, spaces_and_default_weights);
    tcase_add_loop_test(tc, lemma3_identities, 0, (int) (sizeof lemma_cases / sizeof lemma_cases[0]));
    tcase_add_test(tc, nesting_flattens);
    tcase_add_test(tc, l2_parts_equal_block);
    tcase_add_test(tc, c_constructor_copies);
    tcase_add_test(tc, c_constructor_errors);
    tcase_add_loop_test(tc, spec_errors_name_part_and_parameter, 0,
                        (int) (sizeof bad_specs / sizeof bad_specs[0]));
    tcase_add_test(tc, part_class_with_dim_parameter);
    tcase_add_test(tc, tiny_parts);
    tcase_add_test(tc, not_finite);
    tcase_add_loop_test(tc, induced_bounds_bracket, 0,
                        (int) (sizeof induced_cases / sizeof induced_cases[0]));
    tcase_add_test(tc, induced_block_diagonal_exact);
    tcase_add_test(tc, induced_block_diagonal_bounds);
    tcase_add_test(tc, many_parts);
    tcase_add_test(tc, induced_single_part);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
