/* test-operator.c — every operator kind (dense, CSR, callback, gradient)
 * through every operator function, their argument errors, and Lanczos on
 * small and degenerate spectra.
 *
 * Expected values are computed here, independently of the library: entry
 * sums and products by loops over the dense matrix, ‖H‖_{∞,1} by enumerating
 * all sign vectors, eigenvalues of matrices whose spectrum is known in closed
 * form (diagonal, path-graph Laplacians, rank one), and Hutchinson's trace
 * estimate, which is exact for diagonal H (zᵀHz = Σ H_ii when z_i² = 1).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"
#include "test-random.h"

#define KINDS 4

static double *
random_symmetric(size_t n, uint64_t seed)
{
    rng_state = seed * 2654435761u + 11;
    double *H = calloc(n * n, sizeof *H);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++)
            if (i == j || urand() > 0.3)
                H[i * n + j] = H[j * n + i] = urand();
    return H;
}

typedef struct {
    size_t n;
    const double *H;
} Dense;

static void
matvec(const Dense *d, const double *v, double *out)
{
    for (size_t i = 0; i < d->n; i++) {
        double s = 0;
        for (size_t j = 0; j < d->n; j++)
            s += d->H[i * d->n + j] * v[j];
        out[i] = s;
    }
}

static int
dense_hv(void *user_data, size_t n, const double *v, double *out)
{
    (void) n;
    matvec(user_data, v, out);
    return 0;
}

/* ∇(½xᵀHx) = Hx: linear, so central differences are exact up to rounding. */
static int
dense_grad(void *user_data, size_t n, const double *x, double *g)
{
    (void) n;
    matvec(user_data, x, g);
    return 0;
}

/* The four kinds over the same H; csr is kept for the dense-matrix view. */
typedef struct {
    SteepestCsr *csr;
    SteepestOperator *op[KINDS];
    double *x;
} Kinds;

static Kinds
make_kinds(Dense *d)
{
    Kinds k = { NULL, { NULL }, calloc(d->n, sizeof(double)) };
    for (size_t i = 0; i < d->n; i++)
        k.x[i] = urand();
    ck_assert_int_eq(steepest_csr_from_dense(d->n, d->H, &k.csr), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_new_dense(d->n, d->H, &k.op[0]), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_new_csr(k.csr, &k.op[1]), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_new_callback(d->n, dense_hv, d, &k.op[2]), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_new_gradient(d->n, dense_grad, d, k.x, 0, &k.op[3]), STEEPEST_OK);
    return k;
}

static void
free_kinds(Kinds *k)
{
    for (int i = 0; i < KINDS; i++)
        steepest_operator_free(k->op[i]);
    steepest_csr_free(k->csr);
    free(k->x);
}

/* Entry sums from the definitions. */
typedef struct {
    double max_abs, sum_abs, max_row, diag, gersh, trace;
} Sums;

static Sums
sums_of(const Dense *d)
{
    Sums s = { 0, 0, 0, 0, INFINITY, 0 };
    for (size_t i = 0; i < d->n; i++) {
        double row = 0, off = 0;
        for (size_t j = 0; j < d->n; j++) {
            double a = fabs(d->H[i * d->n + j]);
            s.max_abs = fmax(s.max_abs, a);
            row += a;
            off += i == j ? 0 : a;
        }
        s.sum_abs += row;
        s.max_row = fmax(s.max_row, row);
        s.diag += fabs(d->H[i * d->n + i]);
        s.trace += d->H[i * d->n + i];
        s.gersh = fmin(s.gersh, d->H[i * d->n + i] - off);
    }
    return s;
}

/* ‖H‖_{∞,1} = max over x ∈ {±1}^n of ‖Hx‖₁ (x and −x give the same value). */
static double
brute_inf1(const Dense *d)
{
    size_t n = d->n;
    double best = 0, *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    for (uint64_t mask = 0; mask < (1ULL << (n - 1)); mask++) {
        for (size_t i = 0; i < n; i++)
            x[i] = (mask >> i) & 1 ? -1.0 : 1.0;
        matvec(d, x, y);
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += fabs(y[i]);
        best = fmax(best, s);
    }
    free(x);
    free(y);
    return best;
}

/* Relative tolerance per kind: the gradient kind has central-difference rounding. */
static double
tol_of(int kind)
{
    return kind == STEEPEST_OPERATOR_GRADIENT ? 1e-7 : 1e-12;
}

static void
check_accessors_and_products(const Dense *d, const Kinds *k)
{
    size_t n = d->n;
    double *v = malloc(n * sizeof *v), *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    for (size_t i = 0; i < n; i++)
        v[i] = urand();
    matvec(d, v, a);
    for (int kind = 0; kind < KINDS; kind++) {
        const SteepestOperator *op = k->op[kind];
        ck_assert_uint_eq(steepest_operator_dim(op), n);
        ck_assert_int_eq(steepest_operator_kind(op), kind);
        ck_assert_int_eq(steepest_operator_has_entries(op), kind <= STEEPEST_OPERATOR_CSR);
        ck_assert_ptr_eq(steepest_operator_dense_matrix(op), kind == STEEPEST_OPERATOR_DENSE ? d->H : NULL);
        ck_assert_ptr_eq(steepest_operator_csr(op), kind == STEEPEST_OPERATOR_CSR ? k->csr : NULL);
        ck_assert_int_eq(steepest_operator_apply(op, v, b), STEEPEST_OK);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(fabs(a[i] - b[i]) <= tol_of(kind) * (1 + fabs(a[i])),
                          "kind %d, n %zu, entry %zu: %g vs %g", kind, n, i, b[i], a[i]);
        /* the zero vector maps to zero exactly, whatever the kind */
        memset(v, 0, n * sizeof *v);
        ck_assert_int_eq(steepest_operator_apply(op, v, b), STEEPEST_OK);
        for (size_t i = 0; i < n; i++)
            ck_assert_double_eq(b[i], 0.0);
        for (size_t i = 0; i < n; i++)
            v[i] = urand();
        matvec(d, v, a);
    }
    free(v);
    free(a);
    free(b);
}

static void
check_entry_sums(const Dense *d, const Kinds *k)
{
    Sums s = sums_of(d);
    for (int kind = 0; kind < KINDS; kind++) {
        double m, sum, row, diag, gersh, rho, t = tol_of(kind) * (1 + s.sum_abs);
        ck_assert_int_eq(steepest_operator_entry_sums(k->op[kind], &m, &sum, &row, &diag, &gersh),
                         STEEPEST_OK);
        ck_assert_double_eq_tol(m, s.max_abs, t);
        ck_assert_double_eq_tol(sum, s.sum_abs, t);
        ck_assert_double_eq_tol(row, s.max_row, t);
        ck_assert_double_eq_tol(diag, s.diag, t);
        ck_assert_double_eq_tol(gersh, s.gersh, t);
        ck_assert_int_eq(steepest_operator_entry_sums(k->op[kind], NULL, NULL, NULL, NULL, NULL),
                         STEEPEST_OK);
        ck_assert_int_eq(steepest_analysis_rho_diag_operator(k->op[kind], &rho), STEEPEST_OK);
        ck_assert_double_eq_tol(rho, s.diag / s.sum_abs, 10 * tol_of(kind));
    }
}

static void
check_spectral(const Dense *d, const Kinds *k, const SteepestInducedOptions *opts)
{
    size_t n = d->n;
    double *w = malloc(n * sizeof *w);
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(n, d->H, w), STEEPEST_OK);
    double l2 = fmax(fabs(w[0]), fabs(w[n - 1])), scale = 1 + l2;
    for (int kind = 0; kind < KINDS; kind++) {
        const SteepestOperator *op = k->op[kind];
        double lmin, lmax, rmin, rmax, lo, up, t = 1e-9 * scale;
        int cert = -1;
        const char *how = NULL;
        ck_assert_int_eq(steepest_operator_extreme_eigenvalues(op, opts, &lmin, &lmax, &rmin, &rmax),
                         STEEPEST_OK);
        ck_assert_msg(fabs(lmin - w[0]) <= t && fabs(lmax - w[n - 1]) <= t,
                      "kind %d n %zu: [%g, %g] vs [%g, %g]", kind, n, lmin, lmax, w[0], w[n - 1]);
        ck_assert(rmin >= 0 && rmax >= 0 && rmin <= 1e-7 * scale && rmax <= 1e-7 * scale);
        ck_assert_int_eq(steepest_operator_extreme_eigenvalues(op, opts, NULL, NULL, NULL, NULL),
                         STEEPEST_OK);
        ck_assert_int_eq(steepest_operator_spectral_norm(op, opts, &lo, &up, &cert, &how), STEEPEST_OK);
        ck_assert_msg(lo <= l2 + t && l2 <= up + t && lo >= l2 - t, "kind %d n %zu: [%g, %g] vs %g", kind, n,
                      lo, up, l2);
        ck_assert(how != NULL && strlen(how) > 0);
        /* certified: from entries (dense, CSR) or an exact small expansion (callback) */
        ck_assert_int_eq(cert,
                         kind <= STEEPEST_OPERATOR_CSR || (kind == STEEPEST_OPERATOR_CALLBACK && n <= 48));
        if (kind == STEEPEST_OPERATOR_CSR)
            ck_assert_double_le(up, sums_of(d).max_row * (1 + 1e-12));
        ck_assert_int_eq(steepest_operator_spectral_norm(op, opts, NULL, NULL, NULL, NULL), STEEPEST_OK);
    }
    free(w);
}

static void
check_inf1(const Dense *d, const Kinds *k, SteepestInducedOptions *opts)
{
    size_t n = d->n;
    Sums s = sums_of(d);
    double exact = n <= 12 ? brute_inf1(d) : NAN;
    for (int kind = 0; kind < KINDS; kind++) {
        const SteepestOperator *op = k->op[kind];
        double lo, up, quad, abs, trace, se, t = tol_of(kind) * (1 + s.sum_abs);
        int ex = -1, cert = -1;
        const char *how = NULL;
        ck_assert_int_eq(steepest_operator_inf1(op, opts, &lo, &up, &ex, &cert, &how), STEEPEST_OK);
        ck_assert(how != NULL && lo <= up + t && up <= s.sum_abs + t);
        if (n <= 12)
            ck_assert_msg(lo <= exact + t && exact <= up + t, "kind %d n %zu: [%g, %g] misses %g", kind, n,
                          lo, up, exact);
        ck_assert_int_eq(cert, kind != STEEPEST_OPERATOR_GRADIENT);
        if (ex)
            ck_assert_double_eq_tol(lo, up, t);
        ck_assert_int_eq(steepest_operator_inf1(op, opts, NULL, NULL, NULL, NULL, NULL), STEEPEST_OK);
        /* probes: zᵀHz <= ‖Hz‖₁ <= ‖H‖_{∞,1}; the trace estimate is within a few standard errors */
        ck_assert_int_eq(steepest_operator_probes(op, 0, 5, &abs, &quad, &trace, &se), STEEPEST_OK);
        ck_assert(quad <= abs + t && abs <= (n <= 12 ? exact : s.sum_abs) + t);
        ck_assert_msg(fabs(trace - s.trace) <= 6 * se + t, "trace %g ± %g vs %g", trace, se, s.trace);
        ck_assert_int_eq(steepest_operator_probes(op, 1, 5, NULL, NULL, &trace, &se), STEEPEST_OK);
        ck_assert_double_eq(se, 0.0);
        ck_assert_int_eq(steepest_operator_probes(op, 3, 5, NULL, NULL, NULL, NULL), STEEPEST_OK);
    }
}

static void
check_norms(const Dense *d, const Kinds *k, const SteepestInducedOptions *opts)
{
    size_t n = d->n;
    Sums s = sums_of(d);
    SteepestNorm *l1 = NULL, *l2 = NULL, *linf = NULL, *lp = NULL;
    ck_assert_int_eq(steepest_norm_new("l1", n, &l1), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("l2", n, &l2), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("linf", n, &linf), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("lp:p=3", n, &lp), STEEPEST_OK);
    double *w = malloc(n * sizeof *w);
    steepest_matrix_sym_eigenvalues(n, d->H, w);
    double exact2 = fmax(fabs(w[0]), fabs(w[n - 1]));
    for (int kind = 0; kind < KINDS; kind++) {
        const SteepestOperator *op = k->op[kind];
        double lo, up, t = tol_of(kind) * (1 + s.sum_abs);
        int ex = -1, cert = -1;
        const char *how = NULL;
        /* ℓ1: ‖H‖_{1,∞} = max |H_ij|, exact on every kind */
        ck_assert_int_eq(steepest_norm_induced_operator(l1, op, opts, &lo, &up, &ex, &cert, &how),
                         STEEPEST_OK);
        ck_assert_double_eq_tol(lo, s.max_abs, t);
        ck_assert_double_eq_tol(up, s.max_abs, t);
        /* finite differences are neither exact nor certified */
        ck_assert_msg(ex == (kind != STEEPEST_OPERATOR_GRADIENT) && cert == ex && how != NULL,
                      "kind %d n %zu: exact %d certified %d method %s", kind, n, ex, cert,
                      how ? how : "NULL");
        ck_assert_int_eq(steepest_norm_induced_operator(l1, op, opts, NULL, NULL, NULL, NULL, NULL),
                         STEEPEST_OK);
        /* ℓ2: the interval holds the largest |eigenvalue| */
        ck_assert_int_eq(steepest_norm_induced_operator(l2, op, opts, &lo, &up, &ex, &cert, &how),
                         STEEPEST_OK);
        ck_assert_msg(lo <= exact2 + 1e-9 * (1 + exact2) && exact2 <= up + 1e-9 * (1 + exact2),
                      "l2 [%g, %g] vs %g", lo, up, exact2);
        ck_assert_int_eq(steepest_norm_induced_operator(l2, op, opts, NULL, NULL, NULL, NULL, NULL),
                         STEEPEST_OK);
        /* ℓ∞: within Σ|H_ij| */
        ck_assert_int_eq(steepest_norm_induced_operator(linf, op, opts, &lo, &up, &ex, &cert, &how),
                         STEEPEST_OK);
        ck_assert(lo <= up + t && up <= s.sum_abs + t);
        /* ℓ3 has no induced-norm method, dense (its plugin) or not (the operator forms) */
        ck_assert_int_eq(steepest_norm_induced_operator(lp, op, opts, &lo, &up, &ex, &cert, &how),
                         STEEPEST_ERROR_UNSUPPORTED);
        if (kind != STEEPEST_OPERATOR_DENSE)
            ck_assert_ptr_nonnull(strstr(steepest_last_error(), "'lp"));
    }
    free(w);
    steepest_norm_free(l1);
    steepest_norm_free(l2);
    steepest_norm_free(linf);
    steepest_norm_free(lp);
}

/* n = 1 and 2 (ARPACK never runs: the matrix from n products), 5 (ℓ∞ exact
 * by enumeration), 60 (ARPACK Lanczos for CSR, callback and gradient). */
START_TEST(every_kind_through_every_function)
{
    static const size_t dims[] = { 1, 2, 5, 11, 60 };
    SteepestInducedOptions *opts = steepest_induced_options_new();
    steepest_induced_options_set_seed(opts, 3);
    for (size_t t = 0; t < sizeof dims / sizeof *dims; t++) {
        size_t n = dims[t];
        Dense d = { n, random_symmetric(n, n) };
        Kinds k = make_kinds(&d);
        check_accessors_and_products(&d, &k);
        check_entry_sums(&d, &k);
        if (steepest_operator_lanczos_available() || n <= 48)
            check_spectral(&d, &k, t % 2 ? opts : NULL);
        check_inf1(&d, &k, t % 2 ? NULL : opts);
        if (steepest_operator_lanczos_available() || n <= 48)
            check_norms(&d, &k, opts);
        free_kinds(&k);
        free((void *) d.H);
    }
    steepest_induced_options_free(opts);
}
END_TEST

/* The call fails with `status` and steepest_last_error() contains `what`. */
#define EXPECT_FAIL(call, status, what)                                                          \
    do {                                                                                         \
        ck_assert_int_eq((call), (status));                                                      \
        ck_assert_msg(strstr(steepest_last_error(), (what)) != NULL, "'%s' not in '%s'", (what), \
                      steepest_last_error());                                                    \
    } while (0)

static int
failing_grad(void *user_data, size_t n, const double *x, double *g)
{
    int *calls = user_data;
    (void) n;
    (void) x;
    (void) g;
    return ++*calls == 2 ? 5 : 0; /* the second gradient call of a product fails */
}

static int
nan_hv(void *user_data, size_t n, const double *v, double *out)
{
    (void) user_data;
    for (size_t i = 0; i < n; i++)
        out[i] = i == n - 1 ? NAN : v[i];
    return 0;
}

START_TEST(operator_errors_name_the_argument)
{
    double H[4] = { 2, 1, 1, 2 }, x[2] = { 1, 1 }, v[2] = { 1, 0 }, out[2];
    Dense d = { 2, H };
    SteepestOperator *op = NULL;
    EXPECT_FAIL(steepest_operator_new_dense(2, H, NULL), STEEPEST_ERROR_INVALID_ARGUMENT, "out is NULL");
    EXPECT_FAIL(steepest_operator_new_csr(NULL, &op), STEEPEST_ERROR_INVALID_ARGUMENT, "csr is NULL");
    SteepestCsr *csr = NULL;
    ck_assert_int_eq(steepest_csr_from_dense(2, H, &csr), STEEPEST_OK);
    EXPECT_FAIL(steepest_operator_new_csr(csr, NULL), STEEPEST_ERROR_INVALID_ARGUMENT, "out is NULL");
    EXPECT_FAIL(steepest_operator_new_callback(2, dense_hv, &d, NULL), STEEPEST_ERROR_INVALID_ARGUMENT,
                "out is NULL");
    EXPECT_FAIL(steepest_operator_new_callback(2, NULL, &d, &op), STEEPEST_ERROR_INVALID_ARGUMENT,
                "hv is NULL");
    EXPECT_FAIL(steepest_operator_new_gradient(2, dense_grad, &d, x, 0, NULL),
                STEEPEST_ERROR_INVALID_ARGUMENT, "out is NULL");
    EXPECT_FAIL(steepest_operator_new_gradient(2, NULL, &d, x, 0, &op), STEEPEST_ERROR_INVALID_ARGUMENT,
                "grad is NULL");
    EXPECT_FAIL(steepest_operator_new_gradient(2, dense_grad, &d, NULL, 0, &op),
                STEEPEST_ERROR_INVALID_ARGUMENT, "x is NULL");
    EXPECT_FAIL(steepest_operator_new_gradient(0, dense_grad, &d, x, 0, &op), STEEPEST_ERROR_DIMENSION,
                "dimension 0");
    EXPECT_FAIL(steepest_operator_new_gradient(2, dense_grad, &d, x, NAN, &op),
                STEEPEST_ERROR_INVALID_ARGUMENT, "step");
    EXPECT_FAIL(steepest_operator_new_gradient(2, dense_grad, &d, x, INFINITY, &op),
                STEEPEST_ERROR_INVALID_ARGUMENT, "step");
    /* every function names itself and the NULL operator */
    double lo, up;
    EXPECT_FAIL(steepest_operator_apply(NULL, v, out), STEEPEST_ERROR_INVALID_ARGUMENT,
                "steepest_operator_apply");
    EXPECT_FAIL(steepest_operator_entry_sums(NULL, &lo, NULL, NULL, NULL, NULL),
                STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_operator_entry_sums: operator is NULL");
    EXPECT_FAIL(steepest_operator_extreme_eigenvalues(NULL, NULL, &lo, &up, NULL, NULL),
                STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_operator_extreme_eigenvalues: operator is NULL");
    EXPECT_FAIL(steepest_operator_spectral_norm(NULL, NULL, &lo, &up, NULL, NULL),
                STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_operator_spectral_norm: operator is NULL");
    EXPECT_FAIL(steepest_operator_probes(NULL, 4, 1, &lo, NULL, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT,
                "operator is NULL");
    EXPECT_FAIL(steepest_operator_inf1(NULL, NULL, &lo, &up, NULL, NULL, NULL),
                STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_operator_inf1: operator is NULL");
    EXPECT_FAIL(steepest_analysis_rho_diag_operator(NULL, &lo), STEEPEST_ERROR_INVALID_ARGUMENT,
                "op is NULL");
    ck_assert_uint_eq(steepest_operator_dim(NULL), 0);
    ck_assert_int_eq(steepest_operator_kind(NULL), -1);
    ck_assert_int_eq(steepest_operator_has_entries(NULL), 0);
    ck_assert_ptr_null(steepest_operator_dense_matrix(NULL));
    ck_assert_ptr_null(steepest_operator_csr(NULL));
    steepest_operator_free(NULL);
    /* NULL vectors, the norm's arguments */
    ck_assert_int_eq(steepest_operator_new_csr(csr, &op), STEEPEST_OK);
    EXPECT_FAIL(steepest_operator_apply(op, NULL, out), STEEPEST_ERROR_INVALID_ARGUMENT, "v is NULL");
    EXPECT_FAIL(steepest_operator_apply(op, v, NULL), STEEPEST_ERROR_INVALID_ARGUMENT, "out is NULL");
    EXPECT_FAIL(steepest_analysis_rho_diag_operator(op, NULL), STEEPEST_ERROR_INVALID_ARGUMENT,
                "rho is NULL");
    SteepestNorm *l2 = NULL;
    ck_assert_int_eq(steepest_norm_new("l2", 3, &l2), STEEPEST_OK);
    EXPECT_FAIL(steepest_norm_induced_operator(NULL, op, NULL, &lo, &up, NULL, NULL, NULL),
                STEEPEST_ERROR_INVALID_ARGUMENT, "norm is NULL");
    EXPECT_FAIL(steepest_norm_induced_operator(l2, NULL, NULL, &lo, &up, NULL, NULL, NULL),
                STEEPEST_ERROR_INVALID_ARGUMENT, "operator is NULL");
    EXPECT_FAIL(steepest_norm_induced_operator(l2, op, NULL, &lo, &up, NULL, NULL, NULL),
                STEEPEST_ERROR_DIMENSION, "dimension 3");
    steepest_norm_free(l2);
    steepest_operator_free(op);
    /* a failing gradient, a callback answering NaN, the zero matrix's ρ_diag */
    int calls = 0;
    ck_assert_int_eq(steepest_operator_new_gradient(2, failing_grad, &calls, x, 1e-4, &op), STEEPEST_OK);
    EXPECT_FAIL(steepest_operator_apply(op, v, out), STEEPEST_ERROR_CALLBACK, "gradient callback returned 5");
    steepest_operator_free(op);
    ck_assert_int_eq(steepest_operator_new_callback(2, nan_hv, NULL, &op), STEEPEST_OK);
    EXPECT_FAIL(steepest_operator_apply(op, v, out), STEEPEST_ERROR_NOT_FINITE, "entry 1 is NaN");
    EXPECT_FAIL(steepest_operator_entry_sums(op, &lo, NULL, NULL, NULL, NULL), STEEPEST_ERROR_NOT_FINITE,
                "NaN");
    EXPECT_FAIL(steepest_operator_probes(op, 2, 1, &lo, NULL, NULL, NULL), STEEPEST_ERROR_NOT_FINITE, "NaN");
    EXPECT_FAIL(steepest_operator_extreme_eigenvalues(op, NULL, &lo, &up, NULL, NULL),
                STEEPEST_ERROR_NOT_FINITE, "NaN");
    steepest_operator_free(op);
    double Z[4] = { 0 };
    SteepestCsr *zero = NULL;
    ck_assert_int_eq(steepest_csr_from_dense(2, Z, &zero), STEEPEST_OK);
    ck_assert_uint_eq(steepest_csr_nnz(zero), 0);
    ck_assert_int_eq(steepest_operator_new_csr(zero, &op), STEEPEST_OK);
    EXPECT_FAIL(steepest_analysis_rho_diag_operator(op, &lo), STEEPEST_ERROR_INVALID_ARGUMENT, "H is zero");
    /* the options' EXACT mode has no sparse or matrix-free method */
    SteepestInducedOptions *opts = steepest_induced_options_new();
    steepest_induced_options_set_mode(opts, STEEPEST_INDUCED_EXACT);
    EXPECT_FAIL(steepest_operator_inf1(op, opts, &lo, &up, NULL, NULL, NULL), STEEPEST_ERROR_UNSUPPORTED,
                "dense");
    steepest_induced_options_free(opts);
    steepest_operator_free(op);
    steepest_csr_free(zero);
    steepest_csr_free(csr);
}
END_TEST

static int
inf_hv(void *user_data, size_t n, const double *v, double *out)
{
    (void) user_data;
    for (size_t i = 0; i < n; i++)
        out[i] = i == n - 1 ? -INFINITY : v[i];
    return 0;
}

/* A gradient that fails at its first call of a product, and a product with
 * an infinite entry, are named as such. */
START_TEST(operator_products_name_the_failure)
{
    double x[2] = { 1, 1 }, v[2] = { 1, 0 }, out[2];
    SteepestOperator *op = NULL;
    int calls = 1; /* failing_grad fails at its second call overall: this product's first */
    ck_assert_int_eq(steepest_operator_new_gradient(2, failing_grad, &calls, x, 1e-4, &op), STEEPEST_OK);
    EXPECT_FAIL(steepest_operator_apply(op, v, out), STEEPEST_ERROR_CALLBACK, "gradient callback returned 5");
    ck_assert_int_eq(calls, 2); /* the second evaluation was not made */
    steepest_operator_free(op);
    ck_assert_int_eq(steepest_operator_new_callback(2, inf_hv, NULL, &op), STEEPEST_OK);
    EXPECT_FAIL(steepest_operator_apply(op, v, out), STEEPEST_ERROR_NOT_FINITE,
                "operator product: entry 1 is infinite");
    steepest_operator_free(op);
}
END_TEST

/* ---- Lanczos on spectra known in closed form ---------------------------- */

typedef struct {
    size_t n;
    int shape; /* 0: path Laplacian, 1: rank one u uᵀ with u_i = 1 + i/n, 2: diag(2, 1, ..., 1), 3: cluster */
    double spacing;
} Shape;

static int
shape_hv(void *user_data, size_t n, const double *v, double *out)
{
    const Shape *s = user_data;
    if (s->shape == 0) {
        for (size_t i = 0; i < n; i++)
            out[i] = (i > 0 ? v[i] - v[i - 1] : 0) + (i + 1 < n ? v[i] - v[i + 1] : 0);
    } else if (s->shape == 1) {
        double dot = 0;
        for (size_t i = 0; i < n; i++)
            dot += (1 + (double) i / (double) n) * v[i];
        for (size_t i = 0; i < n; i++)
            out[i] = (1 + (double) i / (double) n) * dot;
    } else if (s->shape == 2) {
        for (size_t i = 0; i < n; i++)
            out[i] = (i == 0 ? 2 : 1) * v[i];
    } else {
        /* diagonal: 1 − i·spacing for i < n/2 (a tight cluster at the top), then 0, ..., 0.5 spread */
        for (size_t i = 0; i < n; i++)
            out[i] =
                (i < n / 2 ? 1 - (double) i * s->spacing : 0.5 * (double) (i - n / 2) / (double) (n / 2)) *
                v[i];
    }
    return 0;
}

/* Ritz values are inner bounds; each lies within its residual of an eigenvalue. */
static void
check_extremes(const SteepestOperator *op, double lmin, double lmax)
{
    double lo, hi, rlo, rhi, scale = fmax(1, fabs(lmax));
    ck_assert_int_eq(steepest_operator_extreme_eigenvalues(op, NULL, &lo, &hi, &rlo, &rhi), STEEPEST_OK);
    ck_assert_msg(lo >= lmin - 1e-12 * scale && hi <= lmax + 1e-12 * scale,
                  "[%.17g, %.17g] outside [%.17g, %.17g]", lo, hi, lmin, lmax);
    ck_assert_msg(fabs(lo - lmin) <= rlo + 1e-10 * scale && fabs(hi - lmax) <= rhi + 1e-10 * scale,
                  "[%.17g, %.17g] ± [%g, %g] vs [%.17g, %.17g]", lo, hi, rlo, rhi, lmin, lmax);
}

START_TEST(lanczos_known_spectra)
{
    if (!steepest_operator_lanczos_available()) {
        SteepestOperator *op = NULL;
        Shape s = { 60, 0, 0 };
        double lo;
        ck_assert_int_eq(steepest_operator_new_callback(60, shape_hv, &s, &op), STEEPEST_OK);
        EXPECT_FAIL(steepest_operator_extreme_eigenvalues(op, NULL, &lo, NULL, NULL, NULL),
                    STEEPEST_ERROR_UNSUPPORTED, "ARPACK");
        steepest_operator_free(op);
        return;
    }
    const double pi = 3.14159265358979323846;
    for (size_t n = 49; n <= 97; n += 48) {
        /* path Laplacian: eigenvalues 2 − 2cos(kπ/n), k = 0..n−1 */
        Shape s = { n, 0, 0 };
        SteepestOperator *op = NULL;
        ck_assert_int_eq(steepest_operator_new_callback(n, shape_hv, &s, &op), STEEPEST_OK);
        check_extremes(op, 0.0, 2 - 2 * cos((double) (n - 1) * pi / (double) n));
        steepest_operator_free(op);
        /* rank one: λ_max = ‖u‖², the rest 0 */
        s.shape = 1;
        double uu = 0;
        for (size_t i = 0; i < n; i++)
            uu += (1 + (double) i / (double) n) * (1 + (double) i / (double) n);
        ck_assert_int_eq(steepest_operator_new_callback(n, shape_hv, &s, &op), STEEPEST_OK);
        check_extremes(op, 0.0, uu);
        steepest_operator_free(op);
    }
    /* a cluster of 50 eigenvalues within 1e-10 below λ_max = 1: ARPACK may run out of restarts before its
     * 1e-12 test is met, and then the Rayleigh–Ritz value on its basis answers, still an inner bound within its
     * residual of an eigenvalue; λ_min = 0 */
    static const double spacings[] = { 5e-12, 7e-12, 1e-11 };
    for (size_t t = 0; t < sizeof spacings / sizeof *spacings; t++) {
        Shape c = { 100, 3, spacings[t] };
        SteepestOperator *op = NULL;
        ck_assert_int_eq(steepest_operator_new_callback(c.n, shape_hv, &c, &op), STEEPEST_OK);
        check_extremes(op, 0.0, 1.0);
        steepest_operator_free(op);
    }
    /* a repeated eigenvalue: ‖3·I‖₂ = 3 as CSR (λ_max only: Gershgorin says PSD); the start vector is an
     * eigenvector.  (λ_min of c·I and the zero matrix: tests/test-lanczos-invariant.c.) */
    size_t n = 60;
    double *H = calloc(n * n, sizeof *H);
    for (size_t i = 0; i < n; i++)
        H[i * n + i] = 3;
    SteepestCsr *csr = NULL;
    SteepestOperator *op = NULL;
    ck_assert_int_eq(steepest_csr_from_dense(n, H, &csr), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_new_csr(csr, &op), STEEPEST_OK);
    double lo, up;
    int cert;
    ck_assert_int_eq(steepest_operator_spectral_norm(op, NULL, &lo, &up, &cert, NULL), STEEPEST_OK);
    ck_assert(cert == 1 && fabs(lo - 3) <= 1e-12 && fabs(up - 3) <= 1e-12);
    steepest_operator_free(op);
    steepest_csr_free(csr);
    free(H);
}
END_TEST

/* Beyond STEEPEST_OPERATOR_COLUMN_LIMIT a callback's ℓ∞ upper bound is
 * n·‖H‖₂ (uncertified).  For diagonal D every sign vector gives ‖Dz‖₁ = Σ|d_i|,
 * so the probes' lower bound is the exact value. */
START_TEST(callback_beyond_the_column_limit)
{
    size_t n = STEEPEST_OPERATOR_COLUMN_LIMIT + 1;
    Shape s = { n, 2, 0 };
    SteepestOperator *op = NULL;
    ck_assert_int_eq(steepest_operator_new_callback(n, shape_hv, &s, &op), STEEPEST_OK);
    double lo, up;
    int ex, cert;
    const char *how;
    int rc = steepest_operator_inf1(op, NULL, &lo, &up, &ex, &cert, &how);
    if (!steepest_operator_lanczos_available()) {
        ck_assert_int_eq(rc, STEEPEST_ERROR_UNSUPPORTED);
    } else {
        ck_assert_int_eq(rc, STEEPEST_OK);
        ck_assert_double_eq_tol(lo, (double) n + 1, 1e-9 * (double) n);
        ck_assert_double_eq_tol(up, 2.0 * (double) n, 1e-9 * (double) n);
        ck_assert(ex == 0 && cert == 0 && strstr(how, "residual") != NULL);
    }
    steepest_operator_free(op);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("operator");
    TCase *tc = tcase_create("kinds");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_kind_through_every_function);
    tcase_add_test(tc, operator_errors_name_the_argument);
    tcase_add_test(tc, operator_products_name_the_failure);
    tcase_add_test(tc, lanczos_known_spectra);
    tcase_add_test(tc, callback_beyond_the_column_limit);
    suite_add_tcase(s, tc);
    return steepest_check_run(s, 0);
}
