/* test-analysis.c — the convergence-analysis layer against independent
 * computations: closed forms from docs/theory.md, brute-force enumeration of sign
 * vectors for ‖H‖_{∞,1}, a Jacobi eigenvalue solver written here (not
 * LAPACK), and the exact one-step decrease of a quadratic. */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

#define NMAX 10

static const char *const builtin_specs[] = { "l2", "linf", "l1", "block:size=2" };

/* ---- helpers: norms, quadratics, independent linear algebra --------------- */

static SteepestNorm *
make(const char *spec, size_t n)
{
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new(spec, n, &norm);
    ck_assert_msg(rc == STEEPEST_OK, "%s: %s", spec, steepest_last_error());
    return norm;
}

static double
urand(unsigned *seed)
{
    return rand_r(seed) / (double) RAND_MAX;
}

/* Random PD matrix A Aᵀ + shift·I with A uniform in [-1, 1]. */
static void
random_pd(unsigned *seed, size_t n, double shift, double *H)
{
    double A[NMAX * NMAX];
    for (size_t k = 0; k < n * n; k++)
        A[k] = 2 * urand(seed) - 1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = i == j ? shift : 0;
            for (size_t k = 0; k < n; k++)
                s += A[i * n + k] * A[j * n + k];
            H[i * n + j] = s;
        }
}

static void
random_vector(unsigned *seed, size_t n, double *x)
{
    for (size_t i = 0; i < n; i++)
        x[i] = 4 * urand(seed) - 2;
}

static void
matvec(size_t n, const double *H, const double *x, double *y)
{
    for (size_t i = 0; i < n; i++) {
        long double s = 0;
        for (size_t j = 0; j < n; j++)
            s += (long double) H[i * n + j] * x[j];
        y[i] = (double) s;
    }
}

static double
dot(size_t n, const double *a, const double *b)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (long double) a[i] * b[i];
    return (double) s;
}

/* Dual norms by their definitions in the table of docs/theory.md. */
static double
ref_dual(const char *spec, size_t n, const double *z)
{
    long double s = 0;
    if (strcmp(spec, "l2") == 0) {
        for (size_t i = 0; i < n; i++)
            s += (long double) z[i] * z[i];
        return (double) sqrtl(s);
    }
    if (strcmp(spec, "linf") == 0) {
        for (size_t i = 0; i < n; i++)
            s += fabsl((long double) z[i]);
        return (double) s;
    }
    if (strcmp(spec, "l1") == 0) {
        double m = 0;
        for (size_t i = 0; i < n; i++)
            m = fabs(z[i]) > m ? fabs(z[i]) : m;
        return m;
    }
    /* block:size=2 (n even): Σ_b ‖z_b‖₂ */
    for (size_t b = 0; b < n; b += 2)
        s += sqrtl((long double) z[b] * z[b] + (long double) z[b + 1] * z[b + 1]);
    return (double) s;
}

/* Cyclic Jacobi eigenvalues of a symmetric matrix, ascending. */
static void
jacobi_eigenvalues(size_t n, const double *H, double *w)
{
    double A[NMAX * NMAX];
    memcpy(A, H, n * n * sizeof *A);
    for (int sweep = 0; sweep < 100; sweep++) {
        double off = 0;
        for (size_t p = 0; p < n; p++)
            for (size_t q = p + 1; q < n; q++)
                off += A[p * n + q] * A[p * n + q];
        if (off < 1e-30)
            break;
        for (size_t p = 0; p < n; p++)
            for (size_t q = p + 1; q < n; q++) {
                double apq = A[p * n + q];
                if (apq == 0)
                    continue;
                double theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
                double t = (theta >= 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
                double c = 1 / sqrt(t * t + 1), s = t * c;
                for (size_t k = 0; k < n; k++) { /* columns p, q */
                    double akp = A[k * n + p], akq = A[k * n + q];
                    A[k * n + p] = c * akp - s * akq;
                    A[k * n + q] = s * akp + c * akq;
                }
                for (size_t k = 0; k < n; k++) { /* rows p, q */
                    double apk = A[p * n + k], aqk = A[q * n + k];
                    A[p * n + k] = c * apk - s * aqk;
                    A[q * n + k] = s * apk + c * aqk;
                }
            }
    }
    for (size_t i = 0; i < n; i++)
        w[i] = A[i * n + i];
    for (size_t i = 1; i < n; i++) /* insertion sort */
        for (size_t j = i; j > 0 && w[j - 1] > w[j]; j--) {
            double t = w[j];
            w[j] = w[j - 1];
            w[j - 1] = t;
        }
}

/* ‖H‖_{∞,1} = max over x ∈ {±1}^n of ‖Hx‖₁, by enumerating all 2^n. */
static double
brute_inf1(size_t n, const double *H)
{
    double best = 0, x[NMAX], y[NMAX];
    for (unsigned long mask = 0; mask < (1ul << n); mask++) {
        for (size_t i = 0; i < n; i++)
            x[i] = (mask >> i) & 1 ? 1.0 : -1.0;
        matvec(n, H, x, y);
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += fabs(y[i]);
        best = s > best ? s : best;
    }
    return best;
}

static double
max_abs(size_t n, const double *H)
{
    double m = 0;
    for (size_t k = 0; k < n * n; k++)
        m = fabs(H[k]) > m ? fabs(H[k]) : m;
    return m;
}

/* The exact smoothness constant of ½xᵀHx for a built-in spec (block: the
 * library's certified upper bound, the value the analysis uses). */
static double
true_L(const char *spec, size_t n, const double *H)
{
    if (strcmp(spec, "l2") == 0) {
        double w[NMAX];
        jacobi_eigenvalues(n, H, w);
        return fmax(fabs(w[0]), fabs(w[n - 1]));
    }
    if (strcmp(spec, "linf") == 0)
        return brute_inf1(n, H);
    if (strcmp(spec, "l1") == 0)
        return max_abs(n, H);
    SteepestNorm *norm = make(spec, n);
    double lo, up;
    ck_assert_int_eq(steepest_norm_induced(norm, n, H, NULL, &lo, &up, NULL, NULL), STEEPEST_OK);
    steepest_norm_free(norm);
    ck_assert(lo <= up * (1 + 1e-12));
    return up;
}

/* f = ½xᵀHx − bᵀx. */
typedef struct {
    size_t n;
    const double *H;
    const double *b;
    int fail;     /* return this from the callback when nonzero */
    int nan_grad; /* put a NaN in the gradient */
    int calls;
} Quadratic;

static int
quad_objective(void *user_data, size_t n, const double *x, double *value, double *grad)
{
    Quadratic *q = user_data;
    q->calls++;
    if (q->fail) {
        steepest_set_error(STEEPEST_ERROR_CALLBACK, "quadratic says no");
        return q->fail;
    }
    double Hx[NMAX];
    matvec(n, q->H, x, Hx);
    long double f = 0;
    for (size_t i = 0; i < n; i++)
        f += 0.5L * x[i] * Hx[i] - (q->b ? (long double) q->b[i] * x[i] : 0.0L);
    *value = (double) f;
    if (grad != NULL)
        for (size_t i = 0; i < n; i++)
            grad[i] = Hx[i] - (q->b ? q->b[i] : 0);
    if (grad != NULL && q->nan_grad)
        grad[0] = NAN;
    return 0;
}

static int
quad_gradient(void *user_data, size_t n, const double *x, double *grad)
{
    double v;
    return quad_objective(user_data, n, x, &v, grad);
}

static double
quad_value(size_t n, const double *H, const double *b, const double *x)
{
    Quadratic q = { n, H, b, 0, 0, 0 };
    double v;
    quad_objective(&q, n, x, &v, NULL);
    return v;
}

/* ---- guarantees ------------------------------------------------------- */

START_TEST(dual_norm_and_lemma2_values)
{
    const char *spec = builtin_specs[_i];
    unsigned seed = 11u + (unsigned) _i;
    for (int trial = 0; trial < 50; trial++) {
        size_t n = 2 * (1 + (size_t) (rand_r(&seed) % 5));
        double g[NMAX], v, dec, dual;
        random_vector(&seed, n, g);
        SteepestNorm *norm = make(spec, n);
        ck_assert_int_eq(steepest_analysis_dual_grad_norm(norm, n, g, &v), STEEPEST_OK);
        double ref = ref_dual(spec, n, g);
        ck_assert_double_eq_tol(v, ref, 1e-13 * (1 + ref));
        double L = 0.1 + 10 * urand(&seed);
        ck_assert_int_eq(steepest_analysis_guaranteed_decrease(norm, n, g, L, &dec, &dual), STEEPEST_OK);
        ck_assert_double_eq_tol(dec, ref * ref / (2 * L), 1e-12 * (1 + dec));
        ck_assert_double_eq_tol(dual, ref, 1e-13 * (1 + ref));
        steepest_norm_free(norm);
    }
}
END_TEST

START_TEST(lemma2_does_not_overflow)
{
    SteepestNorm *norm = make("linf", 3);
    double g[3] = { 1e300, -1e300, 1e300 }, dec;
    /* ‖g‖₁ = 3e300 is finite; its square is not, the guarantee 9e600/(2e300) is. */
    ck_assert_int_eq(steepest_analysis_guaranteed_decrease(norm, 3, g, 1e300, &dec, NULL), STEEPEST_OK);
    ck_assert_double_eq_tol(dec, 4.5e300, 1e286);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(lemma2_from_matrix_uses_upper_bound)
{
    /* H = [[a, b], [b, d]]: L2 = λ_max, L∞ = a + d + 2|b| (Eq. 34/35), L1 = max|H_ij|. */
    double a = 3, b = -1, d = 2;
    double H[4] = { a, b, b, d }, g[2] = { 1.5, -0.5 };
    double lmax = (a + d) / 2 + sqrt((a - d) * (a - d) / 4 + b * b);
    const struct {
        const char *spec;
        double L;
    } cases[] = { { "l2", lmax }, { "linf", a + d + 2 * fabs(b) }, { "l1", 3 } };
    for (size_t c = 0; c < 3; c++) {
        SteepestNorm *norm = make(cases[c].spec, 2);
        double dec, L_used, ref = ref_dual(cases[c].spec, 2, g);
        int exact = -1;
        ck_assert_int_eq(steepest_analysis_guaranteed_decrease_matrix(norm, 2, g, H, NULL, &dec, &L_used,
                                                                      &exact),
                         STEEPEST_OK);
        ck_assert_double_eq_tol(L_used, cases[c].L, 1e-12 * cases[c].L);
        ck_assert_int_eq(exact, 1);
        ck_assert_double_eq_tol(dec, ref * ref / (2 * cases[c].L), 1e-12);
        steepest_norm_free(norm);
    }
    /* Bounds only: the decrease must come from the upper bound. */
    SteepestInducedOptions *opts = steepest_induced_options_new();
    ck_assert_int_eq(steepest_induced_options_set_mode(opts, STEEPEST_INDUCED_BOUNDS), STEEPEST_OK);
    unsigned seed = 5;
    double H8[64], g8[8], lo, up, dec, L_used;
    random_pd(&seed, 8, 0.1, H8);
    random_vector(&seed, 8, g8);
    SteepestNorm *norm = make("linf", 8);
    ck_assert_int_eq(steepest_norm_induced(norm, 8, H8, opts, &lo, &up, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_analysis_guaranteed_decrease_matrix(norm, 8, g8, H8, opts, &dec, &L_used, NULL),
                     STEEPEST_OK);
    ck_assert_double_eq(L_used, up);
    double ref = ref_dual("linf", 8, g8);
    ck_assert_double_eq_tol(dec, ref * ref / (2 * up), 1e-12 * dec);
    ck_assert(up >= brute_inf1(8, H8) * (1 - 1e-12)); /* a valid smoothness constant */
    steepest_norm_free(norm);
    steepest_induced_options_free(opts);
}
END_TEST

/* The Lemma 2 certificate never fails on convex quadratics with the true L,
 * and the decrease it reports is the closed form
 *   f(x) − f(x − αg♯) = α‖g‖*² − (α²/2) g♯ᵀHg♯    (α = 1/L, <g,g♯> = ‖g‖*²). */
START_TEST(certificate_holds_with_true_L)
{
    const char *spec = builtin_specs[_i];
    unsigned seed = 101u + (unsigned) _i;
    for (int trial = 0; trial < 60; trial++) {
        size_t n = 2 * (1 + (size_t) (rand_r(&seed) % 4));
        double H[NMAX * NMAX], b[NMAX], x[NMAX], xn[NMAX], gs[NMAX], Hgs[NMAX];
        random_pd(&seed, n, trial % 3 == 0 ? 0.0 : 0.05, H);
        random_vector(&seed, n, b);
        random_vector(&seed, n, x);
        double L = true_L(spec, n, H);
        Quadratic q = { n, H, b, 0, 0, 0 };
        SteepestNorm *norm = make(spec, n);
        double actual, guaranteed;
        int verdict = -1;
        ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, n, x, L, -1, &actual,
                                                   &guaranteed, &verdict, xn),
                         STEEPEST_OK);
        ck_assert_msg(verdict == STEEPEST_CERTIFICATE_HOLDS, "%s n=%zu: actual %.17g < guaranteed %.17g",
                      spec, n, actual, guaranteed);
        /* Independent: g, g♯ from docs/theory.md, the closed-form decrease. */
        double g[NMAX];
        matvec(n, H, x, g);
        for (size_t i = 0; i < n; i++)
            g[i] -= b[i];
        double dual = ref_dual(spec, n, g);
        ck_assert_double_eq_tol(guaranteed, dual * dual / (2 * L), 1e-12 * (1 + guaranteed));
        ck_assert_int_eq(steepest_norm_duality_map(norm, n, g, gs, NULL), STEEPEST_OK);
        matvec(n, H, gs, Hgs);
        double closed = dual * dual / L - dot(n, gs, Hgs) / (2 * L * L);
        ck_assert_double_eq_tol(actual, closed, 1e-9 * (1 + fabs(closed) + fabs(quad_value(n, H, b, x))));
        for (size_t i = 0; i < n; i++)
            ck_assert_double_eq_tol(xn[i], x[i] - gs[i] / L, 1e-12 * (1 + fabs(xn[i])));
        steepest_norm_free(norm);
    }
}
END_TEST

/* H = a·11ᵀ + εI at x = 1: the steepest direction is the worst one, its
 * curvature g♯ᵀHg♯/‖g♯‖² equals L (block: the upper bound), so with L/4 the
 * step α = 4/L gives the decrease α‖g‖*²(1 − αL/2) = −α‖g‖*² < 0. */
START_TEST(certificate_fails_with_understated_L)
{
    const char *spec = builtin_specs[_i];
    size_t n = 6;
    double H[36], x[6], a = 1.5, eps = 0.25;
    for (size_t i = 0; i < n; i++) {
        x[i] = 1;
        for (size_t j = 0; j < n; j++)
            H[i * n + j] = a + (i == j ? eps : 0);
    }
    double L = true_L(spec, n, H);
    Quadratic q = { n, H, NULL, 0, 0, 0 };
    SteepestNorm *norm = make(spec, n);
    double actual, guaranteed;
    int verdict = -1;
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, n, x, L, -1, &actual, &guaranteed,
                                               &verdict, NULL),
                     STEEPEST_OK);
    ck_assert_int_eq(verdict, STEEPEST_CERTIFICATE_HOLDS);
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, n, x, L / 4, -1, &actual,
                                               &guaranteed, &verdict, NULL),
                     STEEPEST_OK);
    ck_assert_int_eq(verdict, STEEPEST_CERTIFICATE_VIOLATED);
    double g[6], dual;
    matvec(n, H, x, g);
    dual = ref_dual(spec, n, g);
    ck_assert_double_eq_tol(guaranteed, dual * dual / (2 * (L / 4)), 1e-12 * guaranteed);
    ck_assert_double_eq_tol(actual, -(4 / L) * dual * dual, 1e-9 * guaranteed);
    steepest_norm_free(norm);
}
END_TEST

/* On random quadratics with a random L' the verdict is exactly the sign of
 * the closed-form shortfall (whenever it is clear of rounding). */
START_TEST(certificate_verdict_matches_closed_form)
{
    const char *spec = builtin_specs[_i];
    unsigned seed = 303u + (unsigned) _i;
    int violated = 0, held = 0;
    for (int trial = 0; trial < 80; trial++) {
        size_t n = 4;
        double H[16], x[4], g[4], gs[4], Hgs[4];
        random_pd(&seed, n, 0.1, H);
        random_vector(&seed, n, x);
        double L = true_L(spec, n, H) * (0.05 + 0.95 * urand(&seed));
        matvec(n, H, x, g);
        SteepestNorm *norm = make(spec, n);
        ck_assert_int_eq(steepest_norm_duality_map(norm, n, g, gs, NULL), STEEPEST_OK);
        matvec(n, H, gs, Hgs);
        double dual = ref_dual(spec, n, g);
        double shortfall = dual * dual / (2 * L) - (dual * dual / L - dot(n, gs, Hgs) / (2 * L * L));
        Quadratic q = { n, H, NULL, 0, 0, 0 };
        int verdict = -1;
        ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, n, x, L, 0, NULL, NULL, &verdict,
                                                   NULL),
                         STEEPEST_OK);
        if (shortfall > 1e-9 * dual * dual / L) {
            ck_assert_int_eq(verdict, STEEPEST_CERTIFICATE_VIOLATED);
            violated++;
        } else if (shortfall < -1e-9 * dual * dual / L) {
            ck_assert_int_eq(verdict, STEEPEST_CERTIFICATE_HOLDS);
            held++;
        }
        steepest_norm_free(norm);
    }
    ck_assert_int_gt(violated, 0);
    ck_assert_int_gt(held, 0);
}
END_TEST

START_TEST(certificate_stationary_and_in_place)
{
    double H[4] = { 2, 0, 0, 1 }, b[2] = { 2, 1 }, x[2] = { 1, 1 };
    Quadratic q = { 2, H, b, 0, 0, 0 };
    SteepestNorm *norm = make("linf", 2);
    double actual = -1, guaranteed = -1;
    int verdict = -1;
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, x, 3, -1, &actual, &guaranteed,
                                               &verdict, x),
                     STEEPEST_OK);
    ck_assert_int_eq(verdict, STEEPEST_CERTIFICATE_STATIONARY);
    ck_assert_double_eq(actual, 0);
    ck_assert_double_eq(guaranteed, 0);
    ck_assert_double_eq(x[0], 1);
    ck_assert_double_eq(x[1], 1);
    /* In place from another point: x ← x − g♯/L. */
    double y[2] = { 0, 0 };
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, y, 3, -1, NULL, NULL, &verdict,
                                               y),
                     STEEPEST_OK);
    /* g = (−2, −1), ‖g‖₁ = 3, g♯ = 3·(−1, −1), y = 0 + (1, 1). */
    ck_assert_double_eq_tol(y[0], 1, 1e-15);
    ck_assert_double_eq_tol(y[1], 1, 1e-15);
    ck_assert_int_eq(verdict, STEEPEST_CERTIFICATE_HOLDS);
    steepest_norm_free(norm);
}
END_TEST

static int
overflow_objective(void *user_data, size_t n, const double *x, double *value, double *grad)
{
    /* f = x² near 0, +Inf once |x| > 1: a steep wall the step jumps into. */
    *value = fabs(x[0]) > 1 ? INFINITY : x[0] * x[0];
    if (grad)
        grad[0] = 2 * x[0];
    return 0;
}

START_TEST(certificate_infinite_value_is_a_violation)
{
    SteepestNorm *norm = make("l2", 1);
    double x[1] = { 0.5 }, actual;
    int verdict = -1;
    /* L = 0.25: x+ = 0.5 − 4·1 = −3.5 → f = +Inf. */
    ck_assert_int_eq(steepest_analysis_certify(norm, overflow_objective, NULL, 1, x, 0.25, -1, &actual, NULL,
                                               &verdict, NULL),
                     STEEPEST_OK);
    ck_assert_int_eq(verdict, STEEPEST_CERTIFICATE_VIOLATED);
    ck_assert(isinf(actual) && actual < 0);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(certificate_errors)
{
    double H[4] = { 2, 0, 0, 1 }, x[2] = { 1, 2 }, xbad[2] = { 1, NAN };
    Quadratic q = { 2, H, NULL, 0, 0, 0 };
    SteepestNorm *norm = make("l2", 2), *norm3 = make("l2", 3);
    int verdict;
    ck_assert_int_eq(steepest_analysis_certify(NULL, quad_objective, &q, 2, x, 2, -1, NULL, NULL, &verdict,
                                               NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_certify(norm, NULL, &q, 2, x, 2, -1, NULL, NULL, &verdict, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, x, 2, -1, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_certify(norm3, quad_objective, &q, 2, x, 2, -1, NULL, NULL, &verdict,
                                               NULL),
                     STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, x, 0, -1, NULL, NULL, &verdict,
                                               NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "positive"));
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, x, -3, -1, NULL, NULL, &verdict,
                                               NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, x, NAN, -1, NULL, NULL, &verdict,
                                               NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, x, 2, NAN, NULL, NULL, &verdict,
                                               NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, x, 2, INFINITY, NULL, NULL,
                                               &verdict, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, xbad, 2, -1, NULL, NULL, &verdict,
                                               NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "x[1]"));
    q.fail = 7;
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, x, 2, -1, NULL, NULL, &verdict,
                                               NULL),
                     STEEPEST_ERROR_CALLBACK);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "7"));
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "quadratic says no"));
    q.fail = 0;
    q.nan_grad = 1;
    ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, 2, x, 2, -1, NULL, NULL, &verdict,
                                               NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    double g[2] = { 1, 2 }, gbad[2] = { INFINITY, 0 }, out;
    ck_assert_int_eq(steepest_analysis_dual_grad_norm(norm, 2, gbad, &out), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_analysis_dual_grad_norm(norm3, 2, g, &out), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_analysis_dual_grad_norm(norm, 2, NULL, &out), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_guaranteed_decrease(norm, 2, g, 0, &out, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_guaranteed_decrease(norm, 2, g, INFINITY, &out, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_analysis_guaranteed_decrease(norm, 2, gbad, 1, &out, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    double Hbad[4] = { 1, 0, 0, NAN }, Hzero[4] = { 0 };
    ck_assert_int_eq(steepest_analysis_guaranteed_decrease_matrix(norm, 2, g, Hbad, NULL, &out, NULL, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_analysis_guaranteed_decrease_matrix(norm, 2, g, Hzero, NULL, &out, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_guaranteed_decrease_matrix(norm3, 2, g, H, NULL, &out, NULL, NULL),
                     STEEPEST_ERROR_DIMENSION);
    steepest_norm_free(norm);
    steepest_norm_free(norm3);
}
END_TEST

/* ---- rates -------------------------------------------------------------- */

START_TEST(rates_match_formulas)
{
    double v;
    ck_assert_int_eq(steepest_analysis_average_grad_bound(4, 10, 2, 16, &v), STEEPEST_OK);
    ck_assert_double_eq_tol(v, 2 * 4 * 8 / 16.0, 1e-15);
    ck_assert_int_eq(steepest_analysis_convex_rate(3, 2, 8, &v), STEEPEST_OK);
    ck_assert_double_eq_tol(v, 2 * 3 * 4 / 12.0, 1e-15);
    ck_assert_int_eq(steepest_analysis_convex_rate(3, 2, 0, &v), STEEPEST_OK);
    ck_assert_double_eq_tol(v, 6, 1e-15);
    /* (1 − μ/L)^T by repeated multiplication. */
    double p = 5;
    for (int t = 0; t < 37; t++)
        p *= 1 - 0.3 / 2;
    ck_assert_int_eq(steepest_analysis_pl_rate(2, 0.3, 7, 2, 37, &v), STEEPEST_OK);
    ck_assert_double_eq_tol(v, p, 1e-13 * p);
    ck_assert_int_eq(steepest_analysis_pl_rate(2, 2, 7, 2, 3, &v), STEEPEST_OK);
    ck_assert_double_eq(v, 0);
    ck_assert_int_eq(steepest_analysis_pl_rate(2, 2, 7, 2, 0, &v), STEEPEST_OK);
    ck_assert_double_eq(v, 5);
    /* Tiny μ/L over many steps: e^{−T μ/L} to first order. */
    ck_assert_int_eq(steepest_analysis_pl_rate(1, 1e-12, 1, 0, 1e6, &v), STEEPEST_OK);
    ck_assert_double_eq_tol(v, exp(-1e-6), 1e-15);
    /* Theorem 3: both branches of the max. */
    ck_assert_int_eq(steepest_analysis_normalized_iterations(2, 1, 3, 1, 0.5, &v), STEEPEST_OK);
    ck_assert_double_eq_tol(v, 18 * 2 * (2 / 0.25), 1e-12); /* L0/ε² = 8 > L1²/L0 = 0.5 */
    ck_assert_int_eq(steepest_analysis_normalized_iterations(2, 10, 3, 1, 1, &v), STEEPEST_OK);
    ck_assert_double_eq_tol(v, 18 * 2 * (100 / 2.0), 1e-12); /* L1²/L0 = 50 > L0/ε² = 2 */
    ck_assert_int_eq(steepest_analysis_normalized_iterations(2, 0, 3, 3, 1, &v), STEEPEST_OK);
    ck_assert_double_eq(v, 0);
}
END_TEST

/* Theorem 2 and Proposition 1 hold along a real GD run (ℓ2, α = 1/L2) on
 * f = ½xᵀHx, which is λ_min-PL w.r.t. ℓ2 with f* = 0; the run is driven by
 * the certificate's x_next. */
START_TEST(rates_bound_a_real_run)
{
    unsigned seed = 77;
    size_t n = 6;
    double H[36], x[6], w[6];
    random_pd(&seed, n, 0.3, H);
    random_vector(&seed, n, x);
    jacobi_eigenvalues(n, H, w);
    double L = w[n - 1], mu = w[0];
    Quadratic q = { n, H, NULL, 0, 0, 0 };
    SteepestNorm *norm = make("l2", n);
    double f0 = quad_value(n, H, NULL, x), sum_sq = 0;
    for (int t = 1; t <= 40; t++) {
        double g[6], actual, bound, avg;
        matvec(n, H, x, g);
        sum_sq += dot(n, g, g);
        int verdict;
        ck_assert_int_eq(steepest_analysis_certify(norm, quad_objective, &q, n, x, L, -1, &actual, NULL,
                                                   &verdict, x),
                         STEEPEST_OK);
        ck_assert_int_eq(verdict, STEEPEST_CERTIFICATE_HOLDS);
        ck_assert_int_eq(steepest_analysis_pl_rate(L, mu, f0, 0, t, &bound), STEEPEST_OK);
        ck_assert(quad_value(n, H, NULL, x) <= bound * (1 + 1e-12) + 1e-300);
        ck_assert_int_eq(steepest_analysis_average_grad_bound(L, f0, 0, t, &avg), STEEPEST_OK);
        ck_assert(sum_sq / t <= avg * (1 + 1e-12));
    }
    steepest_norm_free(norm);
}
END_TEST

START_TEST(rates_errors)
{
    double v;
    ck_assert_int_eq(steepest_analysis_average_grad_bound(0, 1, 0, 1, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_average_grad_bound(1, 1, 0, 0, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_average_grad_bound(1, 0, 1, 1, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "f_star"));
    ck_assert_int_eq(steepest_analysis_average_grad_bound(1, NAN, 0, 1, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_analysis_average_grad_bound(1, 1, 0, 1, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_convex_rate(-1, 1, 1, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_convex_rate(1, -1, 1, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_convex_rate(1, 1, -1, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_convex_rate(1, INFINITY, 1, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_analysis_pl_rate(1, 2, 1, 0, 1, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "mu"));
    ck_assert_int_eq(steepest_analysis_pl_rate(1, 0, 1, 0, 1, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_pl_rate(1, 0.5, 1, 0, -1, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_pl_rate(1, 0.5, 1, 0, NAN, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_analysis_normalized_iterations(0, 1, 1, 0, 1, &v),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_normalized_iterations(1, -1, 1, 0, 1, &v),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_normalized_iterations(1, 1, 1, 0, 0, &v),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_normalized_iterations(1, 1, 1, 2, 1, &v),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_normalized_iterations(1, 1, -INFINITY, 0, 1, &v),
                     STEEPEST_ERROR_NOT_FINITE);
}
END_TEST

/* ---- geometry measures ----------------------------------------------------- */

START_TEST(density_values)
{
    double z[NMAX], phi;
    for (size_t d = 1; d <= NMAX; d++) {
        for (size_t i = 0; i < d; i++)
            z[i] = 1;
        ck_assert_int_eq(steepest_analysis_density(d, z, &phi), STEEPEST_OK);
        ck_assert_double_eq_tol(phi, 1, 1e-15);
        for (size_t i = 0; i < d; i++)
            z[i] = i == 0 ? 1 : 0;
        ck_assert_int_eq(steepest_analysis_density(d, z, &phi), STEEPEST_OK);
        ck_assert_double_eq_tol(phi, 1.0 / d, 1e-15);
        z[0] = -3; /* scale and sign invariant */
        ck_assert_int_eq(steepest_analysis_density(d, z, &phi), STEEPEST_OK);
        ck_assert_double_eq_tol(phi, 1.0 / d, 1e-15);
    }
    unsigned seed = 3;
    for (int trial = 0; trial < 200; trial++) {
        size_t d = 1 + (size_t) (rand_r(&seed) % NMAX);
        random_vector(&seed, d, z);
        long double s1 = 0, s2 = 0;
        for (size_t i = 0; i < d; i++) {
            s1 += fabsl((long double) z[i]);
            s2 += (long double) z[i] * z[i];
        }
        double ref = (double) (s1 * s1 / (d * s2));
        ck_assert_int_eq(steepest_analysis_density(d, z, &phi), STEEPEST_OK);
        ck_assert_double_eq_tol(phi, ref, 1e-14);
        ck_assert(phi >= 1.0 / d && phi <= 1);
        /* Extreme scales: ‖z‖₂² over- or underflows, φ does not change. */
        double big[NMAX], tiny[NMAX], pb, pt;
        for (size_t i = 0; i < d; i++) {
            big[i] = z[i] * 1e300;
            tiny[i] = z[i] * 1e-300;
        }
        ck_assert_int_eq(steepest_analysis_density(d, big, &pb), STEEPEST_OK);
        ck_assert_int_eq(steepest_analysis_density(d, tiny, &pt), STEEPEST_OK);
        ck_assert_double_eq_tol(pb, ref, 1e-14);
        ck_assert_double_eq_tol(pt, ref, 1e-12);
    }
}
END_TEST

START_TEST(density_errors)
{
    double z[3] = { 0, 0, 0 }, phi = 42;
    ck_assert_int_eq(steepest_analysis_density(3, z, &phi), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "undefined"));
    ck_assert_double_eq(phi, 42);
    z[1] = NAN;
    ck_assert_int_eq(steepest_analysis_density(3, z, &phi), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "z[1]"));
    ck_assert_int_eq(steepest_analysis_density(0, z, &phi), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_analysis_density(3, NULL, &phi), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_density(3, z, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(rho_diag_values)
{
    double D[9] = { 3, 0, 0, 0, -2, 0, 0, 0, 0.5 }, rho;
    ck_assert_int_eq(steepest_analysis_rho_diag(3, D, &rho), STEEPEST_OK);
    ck_assert_double_eq(rho, 1);
    double J[16];
    for (int k = 0; k < 16; k++)
        J[k] = 2.5;
    ck_assert_int_eq(steepest_analysis_rho_diag(4, J, &rho), STEEPEST_OK);
    ck_assert_double_eq_tol(rho, 0.25, 1e-15); /* 11ᵀ: the lower end 1/d */
    /* 2-D: (a + d)/(a + d + 2|b|). */
    double H2[4] = { 3, -1, -1, 2 };
    ck_assert_int_eq(steepest_analysis_rho_diag(2, H2, &rho), STEEPEST_OK);
    ck_assert_double_eq_tol(rho, 5.0 / 7.0, 1e-15);
    unsigned seed = 9;
    for (int trial = 0; trial < 50; trial++) {
        size_t n = 1 + (size_t) (rand_r(&seed) % NMAX);
        double H[NMAX * NMAX], Hbig[NMAX * NMAX];
        random_pd(&seed, n, 0.0, H);
        long double dg = 0, all = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                all += fabsl((long double) H[i * n + j]);
                if (i == j)
                    dg += fabsl((long double) H[i * n + j]);
                Hbig[i * n + j] = H[i * n + j] * 1e305;
            }
        ck_assert_int_eq(steepest_analysis_rho_diag(n, H, &rho), STEEPEST_OK);
        ck_assert_double_eq_tol(rho, (double) (dg / all), 1e-14);
        ck_assert(rho >= 1.0 / n - 1e-15 && rho <= 1 + 1e-15); /* PSD: [1/d, 1] */
        double rb;
        ck_assert_int_eq(steepest_analysis_rho_diag(n, Hbig, &rb), STEEPEST_OK);
        ck_assert_double_eq_tol(rb, rho, 1e-14);
    }
    double Z[4] = { 0 }, N[4] = { 1, INFINITY, 0, 1 };
    ck_assert_int_eq(steepest_analysis_rho_diag(2, Z, &rho), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_rho_diag(2, N, &rho), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "H[0][1]"));
    ck_assert_int_eq(steepest_analysis_rho_diag(0, N, &rho), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_analysis_rho_diag(2, NULL, &rho), STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(eigen_ratio_values)
{
    /* 2-D closed form: λ = (a+d)/2 ± √(((a−d)/2)² + b²), λ̄ = (a+d)/2. */
    const double cases[][3] = { { 3, -1, 2 }, { 1, 0, 1 }, { 5, 2, 1 }, { 1, 0.999, 1 }, { 100, 0, 1 } };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double a = cases[c][0], b = cases[c][1], d = cases[c][2];
        double H[4] = { a, b, b, d }, r, lmax, lmean;
        double ref_max = (a + d) / 2 + sqrt((a - d) * (a - d) / 4 + b * b);
        ck_assert_int_eq(steepest_analysis_eigen_ratio(2, H, &r, &lmax, &lmean), STEEPEST_OK);
        ck_assert_double_eq_tol(lmax, ref_max, 1e-13 * ref_max);
        ck_assert_double_eq_tol(lmean, (a + d) / 2, 1e-14 * (a + d));
        ck_assert_double_eq_tol(r, ref_max / ((a + d) / 2), 1e-13);
    }
    unsigned seed = 21;
    for (int trial = 0; trial < 40; trial++) {
        size_t n = 1 + (size_t) (rand_r(&seed) % NMAX);
        double H[NMAX * NMAX], w[NMAX], r, lmax;
        random_pd(&seed, n, trial % 2 ? 0.0 : 1.0, H);
        jacobi_eigenvalues(n, H, w);
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += w[i];
        ck_assert_int_eq(steepest_analysis_eigen_ratio(n, H, &r, &lmax, NULL), STEEPEST_OK);
        ck_assert_double_eq_tol(lmax, w[n - 1], 1e-11 * w[n - 1]);
        ck_assert_double_eq_tol(r, w[n - 1] / (sum / n), 1e-10);
        ck_assert(r >= 1 && r <= n);
    }
    double ns[4] = { 1, 2, 0, 1 }, indef[4] = { 1, 2, 2, 1 }, zero[4] = { 0 }, r;
    ck_assert_int_eq(steepest_analysis_eigen_ratio(2, ns, &r, NULL, NULL), STEEPEST_ERROR_NOT_SYMMETRIC);
    ck_assert_int_eq(steepest_analysis_eigen_ratio(2, indef, &r, NULL, NULL), STEEPEST_ERROR_NOT_PSD);
    ck_assert_int_eq(steepest_analysis_eigen_ratio(2, zero, &r, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_eigen_ratio(2, zero, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* The call fails with `status` and the message contains `what`. */
static void
expect_geometry_error(int got, int status, const char *what)
{
    ck_assert_msg(got == status, "status %d, want %d (%s)", got, status, steepest_last_error());
    ck_assert_msg(strstr(steepest_last_error(), what) != NULL, "'%s' not in '%s'", what,
                  steepest_last_error());
}

/* The geometry measures stay in their proven ranges when rounding leaves
 * them, and every bad argument is named with what is wrong with it. */
START_TEST(geometry_ranges_and_messages)
{
    /* φ <= 1 (Cauchy–Schwarz) although the rounded formula gives 1 + 2^-52 here */
    double z[2] = { 0.3333333353581266, 1.0 / 3.0 }, phi = 0;
    ck_assert_int_eq(steepest_analysis_density(2, z, &phi), STEEPEST_OK);
    ck_assert(phi <= 1.0 && phi >= 1.0 - 1e-15);
    /* rank one vvᵀ: λ_max = ‖v‖² = trace, so λ_max/λ̄ = d, never above it */
    unsigned seed = 77;
    for (size_t n = 2; n <= NMAX; n++)
        for (int t = 0; t < 4; t++) {
            double v[NMAX], H[NMAX * NMAX], r = 0;
            for (size_t i = 0; i < n; i++)
                v[i] = t == 0 ? 1.0 : 2 * urand(&seed) - 1;
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    H[i * n + j] = v[i] * v[j];
            ck_assert_int_eq(steepest_analysis_eigen_ratio(n, H, &r, NULL, NULL), STEEPEST_OK);
            ck_assert_msg(r <= (double) n && r >= (double) n * (1 - 1e-12), "n = %zu: %.17g", n, r);
        }
    double H[4] = { 2, 1, 1, 2 }, g[2] = { 1, -1 }, zero[2] = { 0, 0 }, out = 42;
    const double bad[3] = { NAN, INFINITY, -INFINITY };
    const char *said[3] = { "H[1][0] is NaN", "H[1][0] is +Inf", "H[1][0] is -Inf" };
    for (int k = 0; k < 3; k++) {
        double B[4] = { 2, 1, bad[k], 2 };
        expect_geometry_error(steepest_analysis_rho_diag(2, B, &out), STEEPEST_ERROR_NOT_FINITE, said[k]);
        expect_geometry_error(steepest_analysis_eigen_ratio(2, B, &out, NULL, NULL),
                              STEEPEST_ERROR_NOT_FINITE, said[k]);
        expect_geometry_error(steepest_analysis_improvement_ratio_bound(2, B, g, &out),
                              STEEPEST_ERROR_NOT_FINITE, "steepest_analysis_rho_diag: H[1][0]");
    }
    expect_geometry_error(steepest_analysis_rho_diag(2, H, NULL), STEEPEST_ERROR_INVALID_ARGUMENT,
                          "steepest_analysis_rho_diag: rho is NULL");
    expect_geometry_error(steepest_analysis_eigen_ratio(2, H, NULL, NULL, NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_analysis_eigen_ratio: ratio is NULL");
    expect_geometry_error(steepest_analysis_improvement_ratio(2, g, NAN, 1, &out), STEEPEST_ERROR_NOT_FINITE,
                          "steepest_analysis_improvement_ratio: L2 is NaN");
    expect_geometry_error(steepest_analysis_improvement_ratio(2, g, 1, INFINITY, &out),
                          STEEPEST_ERROR_NOT_FINITE,
                          "steepest_analysis_improvement_ratio: L_inf is infinite");
    expect_geometry_error(steepest_analysis_improvement_ratio(2, g, 1, -2, &out),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "L_inf must be positive, got -2");
    expect_geometry_error(steepest_analysis_improvement_ratio(2, g, 1, 1, NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT,
                          "steepest_analysis_improvement_ratio: ratio is NULL");
    expect_geometry_error(steepest_analysis_improvement_ratio_bound(2, H, zero, &out),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_analysis_density: φ(z)");
    ck_assert_double_eq(out, 42); /* nothing written on failure */
    /* and on success the bound is ρ_diag·(λ_max/λ̄)·φ: (4/6)·(3/2)·1 = 1 */
    ck_assert_int_eq(steepest_analysis_improvement_ratio_bound(2, H, g, &out), STEEPEST_OK);
    ck_assert_double_eq_tol(out, 1.0, 1e-15);
}
END_TEST

/* R(x) = I_signGD/I_GD by its definition, and Eq. 13's bound on random PD
 * quadratics with L2 from Jacobi and L∞ by enumeration. */
START_TEST(improvement_ratio_and_bound)
{
    unsigned seed = 31;
    for (int trial = 0; trial < 60; trial++) {
        size_t n = 2 + (size_t) (rand_r(&seed) % 7);
        double H[NMAX * NMAX], x[NMAX], g[NMAX], w[NMAX], R, bound;
        random_pd(&seed, n, 0.01 + urand(&seed), H);
        if (trial % 3 == 0) /* an outlier eigenvalue on the diagonal: sign-friendly */
            H[0] += 20 * n;
        random_vector(&seed, n, x);
        matvec(n, H, x, g);
        jacobi_eigenvalues(n, H, w);
        double L2 = w[n - 1], Linf = brute_inf1(n, H);
        double n1 = ref_dual("linf", n, g), n2 = ref_dual("l2", n, g);
        ck_assert_int_eq(steepest_analysis_improvement_ratio(n, g, L2, Linf, &R), STEEPEST_OK);
        double ref = (n1 * n1 / Linf) / (n2 * n2 / L2);
        ck_assert_double_eq_tol(R, ref, 1e-12 * ref);
        ck_assert_int_eq(steepest_analysis_improvement_ratio_bound(n, H, g, &bound), STEEPEST_OK);
        ck_assert_msg(R >= bound * (1 - 1e-12), "R %.17g < bound %.17g", R, bound);
        /* The bound's factors, independently. */
        double sum = 0, dg = 0, all = 0;
        for (size_t i = 0; i < n; i++) {
            sum += w[i];
            for (size_t j = 0; j < n; j++) {
                all += fabs(H[i * n + j]);
                dg += i == j ? fabs(H[i * n + j]) : 0;
            }
        }
        double ref_bound = (dg / all) * (w[n - 1] / (sum / n)) * (n1 * n1 / (n * n2 * n2));
        ck_assert_double_eq_tol(bound, ref_bound, 1e-10 * ref_bound);
    }
    /* Eq. 9 sanity through the ratio: L2 <= L∞ <= d L2 means R <= φ d <= d. */
    double g[2] = { 1, 1 }, R;
    ck_assert_int_eq(steepest_analysis_improvement_ratio(2, g, 1, 1, &R), STEEPEST_OK);
    ck_assert_double_eq_tol(R, 2, 1e-15);
    ck_assert_int_eq(steepest_analysis_improvement_ratio(2, g, 0, 1, &R), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_improvement_ratio(2, g, 1, NAN, &R), STEEPEST_ERROR_NOT_FINITE);
    double z[2] = { 0, 0 };
    ck_assert_int_eq(steepest_analysis_improvement_ratio(2, z, 1, 1, &R), STEEPEST_ERROR_INVALID_ARGUMENT);
    double indef[4] = { 1, 2, 2, 1 };
    ck_assert_int_eq(steepest_analysis_improvement_ratio_bound(2, indef, g, &R), STEEPEST_ERROR_NOT_PSD);
    ck_assert_int_eq(steepest_analysis_improvement_ratio_bound(2, indef, g, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* Eq. 34/35 in two dimensions: L∞ = a + d + 2|b|, so R and its bound have
 * closed forms; at g ∝ (1, ±1) with sign(b) = ±1 they meet. */
START_TEST(two_dimensional_closed_forms)
{
    double a = 4, b = 1.5, d = 2;
    double H[4] = { a, b, b, d };
    SteepestNorm *linf = make("linf", 2);
    double lo, up;
    int exact;
    ck_assert_int_eq(steepest_norm_induced(linf, 2, H, NULL, &lo, &up, &exact, NULL), STEEPEST_OK);
    ck_assert_double_eq_tol(up, a + d + 2 * fabs(b), 1e-13);
    ck_assert_int_eq(exact, 1);
    double lmax = (a + d) / 2 + sqrt((a - d) * (a - d) / 4 + b * b);
    double g[2] = { 1, 1 }, R, bound;
    ck_assert_int_eq(steepest_analysis_improvement_ratio(2, g, lmax, a + d + 2 * fabs(b), &R), STEEPEST_OK);
    ck_assert_double_eq_tol(R, 2 * lmax / (a + d + 2 * b), 1e-14); /* φ = 1 */
    ck_assert_int_eq(steepest_analysis_improvement_ratio_bound(2, H, g, &bound), STEEPEST_OK);
    /* ρ_diag = (a+d)/(a+d+2|b|), λ_max/λ̄ = 2λ_max/(a+d): their product is R here. */
    ck_assert_double_eq_tol(bound, R, 1e-13);
    steepest_norm_free(linf);
}
END_TEST

/* ---- smoothness estimation --------------------------------------------------- */

static const double grid[] = { 1e-3, 1e-2, 0.1, 1.0 };

/* On a quadratic every quotient is ‖Hs‖* / ‖s‖: the curvature along s, never
 * above L. */
START_TEST(smoothness_on_quadratic)
{
    const char *spec = builtin_specs[_i];
    unsigned seed = 41u + (unsigned) _i;
    for (int trial = 0; trial < 30; trial++) {
        size_t n = 2 * (1 + (size_t) (rand_r(&seed) % 4));
        double H[NMAX * NMAX], b[NMAX], x[NMAX], g[NMAX], s[NMAX], Hs[NMAX];
        random_pd(&seed, n, 0.05, H);
        random_vector(&seed, n, b);
        random_vector(&seed, n, x);
        matvec(n, H, x, g);
        for (size_t i = 0; i < n; i++)
            g[i] -= b[i];
        SteepestNorm *norm = make(spec, n);
        double L = true_L(spec, n, H);
        for (int dir = 0; dir <= 1; dir++) {
            Quadratic q = { n, H, b, 0, 0, 0 };
            double L_hat, gamma_best;
            ck_assert_int_eq(steepest_analysis_estimate_smoothness(norm, quad_gradient, &q, n, x,
                                                                   dir ? g : NULL, grid, 4, 0.5, dir, &L_hat,
                                                                   &gamma_best),
                             STEEPEST_OK);
            ck_assert_int_eq(q.calls, dir ? 4 : 5);
            if (dir)
                ck_assert_int_eq(steepest_norm_duality_map(norm, n, g, s, NULL), STEEPEST_OK);
            else
                ck_assert_int_eq(steepest_norm_unit_direction(norm, n, g, s, NULL), STEEPEST_OK);
            matvec(n, H, s, Hs);
            double sn;
            ck_assert_int_eq(steepest_norm_norm(norm, n, s, &sn), STEEPEST_OK);
            double curv = ref_dual(spec, n, Hs) / sn;
            ck_assert_double_eq_tol(L_hat, curv, 1e-9 * curv);
            ck_assert(L_hat <= L * (1 + 1e-9));
            ck_assert(gamma_best == 1e-3 || gamma_best == 1e-2 || gamma_best == 0.1 || gamma_best == 1.0);
        }
        steepest_norm_free(norm);
    }
}
END_TEST

/* f = Σ x_i⁴/4: ∇f = x³; the estimate is the minimum over the grid of the
 * quotients, computed here by hand. */
static int
quartic_gradient(void *user_data, size_t n, const double *x, double *grad)
{
    for (size_t i = 0; i < n; i++)
        grad[i] = x[i] * x[i] * x[i];
    return 0;
}

START_TEST(smoothness_min_over_grid)
{
    double x[3] = { 1, -2, 0.5 }, L_hat, gb;
    SteepestNorm *norm = make("linf", 3);
    ck_assert_int_eq(steepest_analysis_estimate_smoothness(norm, quartic_gradient, NULL, 3, x, NULL, grid, 4,
                                                           0.2, STEEPEST_PROBE_UNIT, &L_hat, &gb),
                     STEEPEST_OK);
    /* s = −0.2·sign(x³) = (−0.2, 0.2, −0.2); ‖s‖∞ = 0.2; dual = ℓ1. */
    double best = INFINITY, best_g = 0;
    for (int k = 0; k < 4; k++) {
        double s[3] = { -0.2, 0.2, -0.2 }, num = 0;
        for (int i = 0; i < 3; i++) {
            double y = x[i] + grid[k] * s[i];
            num += fabs(y * y * y - x[i] * x[i] * x[i]);
        }
        double qk = num / (grid[k] * 0.2);
        if (qk < best) {
            best = qk;
            best_g = grid[k];
        }
    }
    ck_assert_double_eq_tol(L_hat, best, 1e-12 * best);
    ck_assert_double_eq(gb, best_g);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(estimated_ratio_on_quadratic)
{
    unsigned seed = 55;
    size_t n = 8;
    double H[64], x[8], g[8], Hg[8], sg[8], Hs[8], R, L2h, Lih;
    random_pd(&seed, n, 0.2, H);
    random_vector(&seed, n, x);
    matvec(n, H, x, g);
    Quadratic q = { n, H, NULL, 0, 0, 0 };
    ck_assert_int_eq(steepest_analysis_estimate_improvement_ratio(quad_gradient, &q, n, x, grid, 4, 0.1, 0.1,
                                                                  &R, &L2h, &Lih),
                     STEEPEST_OK);
    ck_assert_int_eq(q.calls, 1 + 2 * 4); /* ∇f(x), then the grid in each norm */
    /* L̂2 = ‖Hg‖₂/‖g‖₂, L̂∞ = ‖H sign(g)‖₁/1. */
    matvec(n, H, g, Hg);
    for (size_t i = 0; i < n; i++)
        sg[i] = g[i] > 0 ? 1 : g[i] < 0 ? -1 : 0;
    matvec(n, H, sg, Hs);
    double l2 = ref_dual("l2", n, Hg) / ref_dual("l2", n, g), li = ref_dual("linf", n, Hs);
    ck_assert_double_eq_tol(L2h, l2, 1e-9 * l2);
    ck_assert_double_eq_tol(Lih, li, 1e-9 * li);
    double n1 = ref_dual("linf", n, g), n2 = ref_dual("l2", n, g);
    double ref = (n1 * n1 / (n * n2 * n2)) * n * l2 / li;
    ck_assert_double_eq_tol(R, ref, 1e-9 * ref);
    ck_assert_int_eq(steepest_analysis_estimate_improvement_ratio(quad_gradient, &q, n, x, grid, 0, 0.1, 0.1,
                                                                  &R, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_analysis_estimate_improvement_ratio(quad_gradient, &q, n, x, grid, 4, 0.1, -1,
                                                                  &R, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(smoothness_errors)
{
    double H[4] = { 2, 0, 0, 1 }, x[2] = { 1, 1 }, L_hat = -1;
    Quadratic q = { 2, H, NULL, 0, 0, 0 };
    SteepestNorm *norm = make("l2", 2), *norm3 = make("l2", 3);
    const double bad_neg[] = { 0.1, -0.1 }, bad_zero[] = { 0 }, bad_nan[] = { 0.1, NAN };
#define EST(nm, nn, xx, gm, ng, al, dir) \
    steepest_analysis_estimate_smoothness(nm, quad_gradient, &q, nn, xx, NULL, gm, ng, al, dir, &L_hat, NULL)
    ck_assert_int_eq(EST(norm3, 2, x, grid, 4, 1.0, 0), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(EST(norm, 2, x, NULL, 4, 1.0, 0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(EST(norm, 2, x, grid, 0, 1.0, 0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "grid"));
    ck_assert_int_eq(EST(norm, 2, x, bad_neg, 2, 1.0, 0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "gammas[1]"));
    ck_assert_int_eq(EST(norm, 2, x, bad_zero, 1, 1.0, 0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(EST(norm, 2, x, bad_nan, 2, 1.0, 0), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(EST(norm, 2, x, grid, 4, 0.0, 0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(EST(norm, 2, x, grid, 4, NAN, 0), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(EST(norm, 2, x, grid, 4, 1.0, 2), STEEPEST_ERROR_INVALID_ARGUMENT);
    double xnan[2] = { NAN, 0 }, zero[2] = { 0, 0 };
    ck_assert_int_eq(EST(norm, 2, xnan, grid, 4, 1.0, 0), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(EST(norm, 2, zero, grid, 4, 1.0, 0), STEEPEST_ERROR_INVALID_ARGUMENT); /* ∇f = 0 */
    q.fail = 3;
    ck_assert_int_eq(EST(norm, 2, x, grid, 4, 1.0, 0), STEEPEST_ERROR_CALLBACK);
    q.fail = 0;
    q.nan_grad = 1;
    ck_assert_int_eq(EST(norm, 2, x, grid, 4, 1.0, 0), STEEPEST_ERROR_NOT_FINITE);
    q.nan_grad = 0;
    ck_assert_int_eq(steepest_analysis_estimate_smoothness(norm, NULL, &q, 2, x, NULL, grid, 4, 1.0, 0,
                                                           &L_hat, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_double_eq(L_hat, -1); /* untouched on failure */
#undef EST
    steepest_norm_free(norm);
    steepest_norm_free(norm3);
}
END_TEST

/* ---- norm comparison ------------------------------------------------------ */

START_TEST(compare_quadratic_ranks_by_guaranteed_improvement)
{
    unsigned seed = 61;
    for (int trial = 0; trial < 20; trial++) {
        size_t n = 6;
        double H[36], x[6], b[6], g[6];
        random_pd(&seed, n, 0.1, H);
        if (trial % 2)
            H[0] += 30;
        random_vector(&seed, n, x);
        random_vector(&seed, n, b);
        matvec(n, H, x, g);
        for (size_t i = 0; i < n; i++)
            g[i] -= b[i];
        SteepestComparison *cmp = NULL;
        ck_assert_int_eq(steepest_compare_quadratic(n, H, x, b, builtin_specs, 4, NULL, &cmp), STEEPEST_OK);
        ck_assert_uint_eq(steepest_comparison_count(cmp), 4);
        size_t gn;
        const double *cg = steepest_comparison_get_gradient(cmp, &gn);
        ck_assert_uint_eq(gn, n);
        for (size_t i = 0; i < n; i++)
            ck_assert_double_eq_tol(cg[i], g[i], 1e-13 * (1 + fabs(g[i])));
        double prev = INFINITY;
        int seen[4] = { 0 };
        for (size_t r = 0; r < 4; r++) {
            const char *spec, *method;
            double lo, up, dual, imp, opt;
            int exact, guaranteed;
            ck_assert_int_eq(steepest_comparison_get(cmp, r, &spec, &lo, &up, &exact, &method, &dual, &imp,
                                                     &opt, &guaranteed),
                             STEEPEST_OK);
            size_t k = 0;
            while (k < 4 && strcmp(builtin_specs[k], spec) != 0)
                k++;
            ck_assert_uint_lt(k, 4);
            seen[k]++;
            double L = true_L(builtin_specs[k], n, H), ref = ref_dual(builtin_specs[k], n, g);
            ck_assert_double_eq_tol(up, L, 1e-10 * L);
            ck_assert(lo <= up);
            ck_assert_double_eq_tol(dual, ref, 1e-12 * ref);
            ck_assert_double_eq_tol(imp, ref * ref / L, 1e-10 * imp);
            ck_assert(opt >= imp * (1 - 1e-15));
            ck_assert_int_eq(guaranteed, 1);
            ck_assert(method != NULL && method[0] != '\0');
            if (k != 3) /* l2, linf (enumeration at n = 6), l1 are exact */
                ck_assert_int_eq(exact, 1);
            ck_assert(imp <= prev);
            prev = imp;
        }
        for (int k = 0; k < 4; k++)
            ck_assert_int_eq(seen[k], 1);
        ck_assert_int_eq(steepest_comparison_get(cmp, 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                                 NULL),
                         STEEPEST_ERROR_INVALID_ARGUMENT);
        steepest_comparison_free(cmp);
    }
}
END_TEST

/* Section 4: a dense gradient and an outlier eigenvalue on the diagonal favour
 * sign descent; a rotated, well-conditioned H and a sparse gradient favour GD. */
START_TEST(compare_picks_the_paper_winner)
{
    size_t n = 8;
    double H[64] = { 0 }, x[8], R;
    for (size_t i = 0; i < n; i++) {
        H[i * n + i] = i == 0 ? 50 : 1;
        x[i] = i == 0 ? 1.0 / 50 : 1; /* g = Hx = (1, …, 1) */
    }
    const char *specs[] = { "l2", "linf" };
    SteepestComparison *cmp;
    const char *best;
    ck_assert_int_eq(steepest_compare_quadratic(n, H, x, NULL, specs, 2, NULL, &cmp), STEEPEST_OK);
    ck_assert_int_eq(steepest_comparison_get(cmp, 0, &best, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_str_eq(best, "linf");
    /* R = φ d L2/L∞ = 1·8·50/57 > 1. */
    double g1[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
    ck_assert_int_eq(steepest_analysis_improvement_ratio(n, g1, 50, 57, &R), STEEPEST_OK);
    ck_assert(R > 1);
    steepest_comparison_free(cmp);

    /* H = I + 0.9·(11ᵀ)/n: L2 = 1.9, L∞ = Σ|H_ij| = n + 0.9n; g ∝ e_1. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            H[i * n + j] = (i == j) + 0.9 / n;
    double b[8] = { 1, 0, 0, 0, 0, 0, 0, 0 }, zero[8] = { 0 };
    ck_assert_int_eq(steepest_compare_quadratic(n, H, zero, b, specs, 2, NULL, &cmp), STEEPEST_OK);
    ck_assert_int_eq(steepest_comparison_get(cmp, 0, &best, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_str_eq(best, "l2");
    steepest_comparison_free(cmp);
}
END_TEST

START_TEST(compare_all_loaded_norms_skips_parametrized)
{
    size_t n = 4;
    double H[16], x[4];
    unsigned seed = 71;
    random_pd(&seed, n, 0.5, H);
    random_vector(&seed, n, x);
    SteepestComparison *cmp;
    ck_assert_int_eq(steepest_compare_quadratic(n, H, x, NULL, NULL, 0, NULL, &cmp), STEEPEST_OK);
    size_t count = steepest_comparison_count(cmp), skipped = steepest_comparison_skipped_count(cmp);
    ck_assert_uint_eq(count + skipped, steepest_registry_count());
    int found_block = 0, found_l2 = 0;
    for (size_t i = 0; i < skipped; i++) {
        const char *name, *reason;
        int status;
        ck_assert_int_eq(steepest_comparison_get_skipped(cmp, i, &name, &status, &reason), STEEPEST_OK);
        ck_assert(status < 0);
        ck_assert(reason != NULL && reason[0] != '\0');
        if (strcmp(name, "block") == 0) {
            found_block = 1;
            ck_assert_int_eq(status, STEEPEST_ERROR_PARAMETER);
        }
    }
    for (size_t r = 0; r < count; r++) {
        const char *spec;
        ck_assert_int_eq(steepest_comparison_get(cmp, r, &spec, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                                 NULL),
                         STEEPEST_OK);
        found_l2 |= strcmp(spec, "l2") == 0;
    }
    ck_assert(found_block);
    ck_assert(found_l2);
    ck_assert_int_eq(steepest_comparison_get_skipped(cmp, skipped, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_comparison_free(cmp);
}
END_TEST

START_TEST(compare_bounded_norm_reports_upper_bound_improvement)
{
    size_t n = 8;
    double H[64], x[8];
    unsigned seed = 81;
    random_pd(&seed, n, 0.1, H);
    random_vector(&seed, n, x);
    SteepestInducedOptions *opts = steepest_induced_options_new();
    steepest_induced_options_set_mode(opts, STEEPEST_INDUCED_BOUNDS);
    const char *specs[] = { "linf" };
    SteepestComparison *cmp;
    ck_assert_int_eq(steepest_compare_quadratic(n, H, x, NULL, specs, 1, opts, &cmp), STEEPEST_OK);
    double lo, up, dual, imp, opt;
    int exact, guaranteed;
    ck_assert_int_eq(steepest_comparison_get(cmp, 0, NULL, &lo, &up, &exact, NULL, &dual, &imp, &opt,
                                             &guaranteed),
                     STEEPEST_OK);
    double L = brute_inf1(n, H);
    ck_assert(lo <= L * (1 + 1e-12) && L <= up * (1 + 1e-12));
    ck_assert_int_eq(guaranteed, 1);
    ck_assert_double_eq_tol(imp, dual * dual / up, 1e-12 * imp);
    ck_assert_double_eq_tol(opt, dual * dual / lo, 1e-12 * opt);
    /* The reported value never exceeds what the true L guarantees. */
    ck_assert(imp <= dual * dual / L * (1 + 1e-12));
    if (!exact)
        ck_assert(lo < up);
    steepest_comparison_free(cmp);
    steepest_induced_options_free(opts);
}
END_TEST

START_TEST(compare_gradient_given_and_estimated)
{
    size_t n = 6;
    double H[36], x[6], g[6];
    unsigned seed = 91;
    random_pd(&seed, n, 0.2, H);
    random_vector(&seed, n, x);
    matvec(n, H, x, g);
    Quadratic q = { n, H, NULL, 0, 0, 0 };
    double Ls[4];
    for (int k = 0; k < 4; k++)
        Ls[k] = true_L(builtin_specs[k], n, H);
    SteepestComparison *given, *est;
    ck_assert_int_eq(steepest_compare_gradient(quad_gradient, &q, n, x, builtin_specs, Ls, 4, NULL, 0, 0,
                                               &given),
                     STEEPEST_OK);
    ck_assert_int_eq(steepest_compare_gradient(quad_gradient, &q, n, x, builtin_specs, NULL, 4, grid, 4, 0.3,
                                               &est),
                     STEEPEST_OK);
    ck_assert_uint_eq(steepest_comparison_count(given), 4);
    ck_assert_uint_eq(steepest_comparison_count(est), 4);
    for (size_t r = 0; r < 4; r++) {
        const char *spec, *method;
        double lo, up, imp;
        int exact, guaranteed;
        ck_assert_int_eq(steepest_comparison_get(given, r, &spec, &lo, &up, &exact, &method, NULL, &imp, NULL,
                                                 &guaranteed),
                         STEEPEST_OK);
        size_t k = 0;
        while (strcmp(builtin_specs[k], spec) != 0)
            k++;
        ck_assert_double_eq(lo, Ls[k]);
        ck_assert_double_eq(up, Ls[k]);
        ck_assert_int_eq(guaranteed, 1);
        double ref = ref_dual(spec, n, g);
        ck_assert_double_eq_tol(imp, ref * ref / Ls[k], 1e-12 * imp);
        ck_assert_int_eq(steepest_comparison_get(est, r, &spec, &lo, &up, &exact, &method, NULL, &imp, NULL,
                                                 &guaranteed),
                         STEEPEST_OK);
        k = 0;
        while (strcmp(builtin_specs[k], spec) != 0)
            k++;
        ck_assert_int_eq(guaranteed, 0);
        ck_assert_int_eq(exact, 0);
        ck_assert(up <= Ls[k] * (1 + 1e-9)); /* directional curvature <= L */
        ck_assert(imp >= ref_dual(spec, n, g) * ref_dual(spec, n, g) / Ls[k] * (1 - 1e-9));
    }
    steepest_comparison_free(given);
    steepest_comparison_free(est);

    /* Every loaded class, estimated: lp needs no induced norm here, block
     * still needs its parameters. */
    SteepestComparison *all;
    ck_assert_int_eq(steepest_compare_gradient(quad_gradient, &q, n, x, NULL, NULL, 0, grid, 4, 0.3, &all),
                     STEEPEST_OK);
    ck_assert_uint_eq(steepest_comparison_count(all) + steepest_comparison_skipped_count(all),
                      steepest_registry_count());
    int found_lp = 0;
    for (size_t r = 0; r < steepest_comparison_count(all); r++) {
        const char *spec;
        int guaranteed;
        ck_assert_int_eq(steepest_comparison_get(all, r, &spec, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                                 &guaranteed),
                         STEEPEST_OK);
        ck_assert_int_eq(guaranteed, 0);
        ck_assert_str_ne(spec, "block");
        found_lp |= strncmp(spec, "lp", 2) == 0;
    }
    ck_assert(found_lp == (steepest_registry_lookup("lp") != NULL));
    steepest_comparison_free(all);
}
END_TEST

/* A norm brought by the caller, not built in: ‖x‖ = 2‖x‖₂, so ‖z‖* = ‖z‖₂/2,
 * z♯ = z/4 and ‖H‖ = ‖H‖₂/4.  Scaling a norm changes neither the steepest
 * step nor the guaranteed improvement ‖g‖*²/L, so it must tie with l2. */
static int
twice_norm(void *s, size_t n, const double *x, double *v)
{
    (void) s;
    double a = 0;
    for (size_t i = 0; i < n; i++)
        a += x[i] * x[i];
    *v = 2 * sqrt(a);
    return 0;
}

static int
twice_dual(void *s, size_t n, const double *z, double *v)
{
    (void) s;
    double a = 0;
    for (size_t i = 0; i < n; i++)
        a += z[i] * z[i];
    *v = sqrt(a) / 2;
    return 0;
}

static int
twice_map(void *s, size_t n, const double *z, double *zs, double *v)
{
    twice_dual(s, n, z, v);
    for (size_t i = 0; i < n; i++)
        zs[i] = z[i] / 4;
    return 0;
}

static int
twice_induced(void *s, size_t n, const double *H, const SteepestPluginInducedQuery *q,
              SteepestPluginInducedResult *r)
{
    (void) s;
    (void) q;
    double v;
    int rc = steepest_matrix_spectral_norm(n, H, &v);
    if (rc != STEEPEST_OK)
        return STEEPEST_PLUGIN_E_FAILED;
    r->lower = r->upper = v / 4;
    r->exact = 1;
    r->method = "a quarter of the spectral norm";
    return STEEPEST_PLUGIN_OK;
}

START_TEST(compare_includes_a_caller_registered_norm)
{
    static SteepestPluginNormClass twice = {
        .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
        .struct_size = sizeof(SteepestPluginNormClass),
        .name = "analysis_test_twice_l2",
        .dual_name = "half l2",
        .summary = "2 ||x||_2",
        .norm = twice_norm,
        .dual_norm = twice_dual,
        .duality_map = twice_map,
        .induced_norm = twice_induced,
    };
    ck_assert_int_eq(steepest_registry_add_class(&twice), STEEPEST_OK);
    size_t n = 5;
    double H[25], x[5], g[5];
    unsigned seed = 123;
    random_pd(&seed, n, 0.3, H);
    random_vector(&seed, n, x);
    matvec(n, H, x, g);
    const double L2 = true_L("l2", n, H), g2 = ref_dual("l2", n, g);
    for (int explicit_specs = 0; explicit_specs <= 1; explicit_specs++) {
        const char *specs[] = { "l2", "analysis_test_twice_l2" };
        SteepestComparison *cmp;
        ck_assert_int_eq(steepest_compare_quadratic(n, H, x, NULL, explicit_specs ? specs : NULL,
                                                    explicit_specs ? 2 : 0, NULL, &cmp),
                         STEEPEST_OK);
        int found = 0;
        for (size_t r = 0; r < steepest_comparison_count(cmp); r++) {
            const char *spec, *method;
            double lo, up, dual, imp;
            int exact, guaranteed;
            ck_assert_int_eq(steepest_comparison_get(cmp, r, &spec, &lo, &up, &exact, &method, &dual, &imp,
                                                     NULL, &guaranteed),
                             STEEPEST_OK);
            if (strcmp(spec, "analysis_test_twice_l2") != 0)
                continue;
            found = 1;
            ck_assert_str_eq(method, "a quarter of the spectral norm");
            ck_assert_int_eq(exact, 1);
            ck_assert_int_eq(guaranteed, 1);
            ck_assert_double_eq_tol(up, L2 / 4, 1e-12 * L2);
            ck_assert_double_eq_tol(dual, g2 / 2, 1e-12 * g2);
            ck_assert_double_eq_tol(imp, g2 * g2 / L2, 1e-11 * g2 * g2 / L2);
        }
        ck_assert_msg(found, "the registered norm is missing from the comparison (explicit specs: %d)",
                      explicit_specs);
        steepest_comparison_free(cmp);
    }
}
END_TEST

START_TEST(compare_errors)
{
    double H[4] = { 2, 0, 0, 1 }, x[2] = { 1, 1 }, Hnan[4] = { 2, NAN, 0, 1 }, zero[4] = { 0 };
    const char *specs[] = { "l2", "nosuchnorm" }, *nulls[] = { "l2", NULL }, *block[] = { "block" };
    SteepestComparison *cmp = (SteepestComparison *) 1;
    ck_assert_int_eq(steepest_compare_quadratic(2, H, x, NULL, specs, 2, NULL, &cmp),
                     STEEPEST_ERROR_UNKNOWN_NORM);
    ck_assert_ptr_null(cmp);
    ck_assert_int_eq(steepest_compare_quadratic(2, H, x, NULL, block, 1, NULL, &cmp),
                     STEEPEST_ERROR_PARAMETER);
    ck_assert_int_eq(steepest_compare_quadratic(2, H, x, NULL, nulls, 2, NULL, &cmp),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_compare_quadratic(2, H, x, NULL, specs, 0, NULL, &cmp),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_compare_quadratic(2, Hnan, x, NULL, NULL, 0, NULL, &cmp),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_compare_quadratic(2, zero, x, NULL, NULL, 0, NULL, &cmp),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_compare_quadratic(0, H, x, NULL, NULL, 0, NULL, &cmp),
                     STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_compare_quadratic(2, H, NULL, NULL, NULL, 0, NULL, &cmp),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_compare_quadratic(2, H, x, NULL, NULL, 0, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    Quadratic q = { 2, H, NULL, 0, 0, 0 };
    double Lbad[2] = { 1, -1 }, Lnan[2] = { 1, NAN };
    const char *two[] = { "l2", "linf" };
    ck_assert_int_eq(steepest_compare_gradient(quad_gradient, &q, 2, x, NULL, Lbad, 2, NULL, 0, 0, &cmp),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_compare_gradient(quad_gradient, &q, 2, x, two, Lbad, 2, NULL, 0, 0, &cmp),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_compare_gradient(quad_gradient, &q, 2, x, two, Lnan, 2, NULL, 0, 0, &cmp),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_compare_gradient(quad_gradient, &q, 2, x, two, NULL, 2, NULL, 0, 0.1, &cmp),
                     STEEPEST_ERROR_INVALID_ARGUMENT); /* no grid to estimate with */
    q.fail = 5;
    ck_assert_int_eq(steepest_compare_gradient(quad_gradient, &q, 2, x, two, NULL, 2, grid, 4, 0.1, &cmp),
                     STEEPEST_ERROR_CALLBACK);
    ck_assert_ptr_null(cmp);
    ck_assert_uint_eq(steepest_comparison_count(NULL), 0);
    ck_assert_uint_eq(steepest_comparison_skipped_count(NULL), 0);
    ck_assert_ptr_null(steepest_comparison_get_gradient(NULL, NULL));
    ck_assert_int_eq(steepest_comparison_get(NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_comparison_free(NULL);
}
END_TEST

static int
constant_gradient(void *user_data, size_t n, const double *x, double *grad)
{
    (void) user_data;
    (void) x;
    for (size_t i = 0; i < n; i++)
        grad[i] = (double) i + 1;
    return 0;
}

/* The comparisons name the argument that is wrong and what is wrong with it. */
START_TEST(compare_messages_name_what_is_wrong)
{
    double H[4] = { 2, 0, 0, 1 }, x[2] = { 1, 1 }, xnan[2] = { 1, NAN }, bnan[2] = { INFINITY, 0 };
    const char *two[] = { "l2", "linf" };
    Quadratic q = { 2, H, NULL, 0, 0, 0 };
    SteepestComparison *cmp = NULL;
    double Linf[2] = { 1, INFINITY }, Lnan[2] = { NAN, 1 }, Lneg[2] = { 1, -1 };
    expect_geometry_error(steepest_compare_gradient(quad_gradient, &q, 2, x, two, Linf, 2, NULL, 0, 0, &cmp),
                          STEEPEST_ERROR_NOT_FINITE,
                          "steepest_compare_gradient: L[1] (for 'linf') is infinite");
    expect_geometry_error(steepest_compare_gradient(quad_gradient, &q, 2, x, two, Lnan, 2, NULL, 0, 0, &cmp),
                          STEEPEST_ERROR_NOT_FINITE, "L[0] (for 'l2') is NaN");
    expect_geometry_error(steepest_compare_gradient(quad_gradient, &q, 2, x, two, Lneg, 2, NULL, 0, 0, &cmp),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "L[1] (for 'linf') must be positive, got -1");
    expect_geometry_error(steepest_compare_gradient(NULL, &q, 2, x, two, NULL, 2, grid, 4, 0.1, &cmp),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_compare_gradient: grad is NULL");
    expect_geometry_error(steepest_compare_gradient(quad_gradient, &q, 2, NULL, two, NULL, 2, grid, 4, 0.1,
                                                    &cmp),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_compare_gradient: x is NULL");
    expect_geometry_error(steepest_compare_gradient(quad_gradient, &q, 0, x, two, NULL, 2, grid, 4, 0.1,
                                                    &cmp),
                          STEEPEST_ERROR_DIMENSION, "steepest_compare_gradient: n must be at least 1");
    expect_geometry_error(steepest_compare_gradient(quad_gradient, &q, 2, x, two, NULL, 2, grid, 4, 0.1,
                                                    NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_compare_gradient: out is NULL");
    expect_geometry_error(steepest_compare_gradient(quad_gradient, &q, 2, xnan, two, NULL, 2, grid, 4, 0.1,
                                                    &cmp),
                          STEEPEST_ERROR_NOT_FINITE, "x[1]");
    /* a linear f: its gradient never changes, so there is no L̂ to compare */
    expect_geometry_error(steepest_compare_gradient(constant_gradient, NULL, 2, x, two, NULL, 2, grid, 4, 0.1,
                                                    &cmp),
                          STEEPEST_ERROR_INVALID_ARGUMENT,
                          "the gradient does not change along the probe in 'l2'");
    ck_assert_ptr_null(cmp);
    expect_geometry_error(steepest_compare_quadratic(2, NULL, x, NULL, two, 2, NULL, &cmp),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "H is NULL");
    expect_geometry_error(steepest_compare_quadratic(2, H, x, bnan, two, 2, NULL, &cmp),
                          STEEPEST_ERROR_NOT_FINITE, "b[0]");
    size_t n = 7;
    ck_assert_ptr_null(steepest_comparison_get_gradient(NULL, &n));
    ck_assert_uint_eq(n, 0);

    /* every loaded class: those that need parameters are skipped, with their reason */
    ck_assert_int_eq(steepest_compare_quadratic(2, H, x, NULL, NULL, 0, NULL, &cmp), STEEPEST_OK);
    size_t count = steepest_comparison_count(cmp), skipped = steepest_comparison_skipped_count(cmp);
    ck_assert(count >= 3 && skipped >= 1);
    const char *name = NULL, *reason = NULL;
    int status = 0;
    ck_assert_int_eq(steepest_comparison_get_skipped(cmp, 0, &name, NULL, NULL), STEEPEST_OK);
    ck_assert_ptr_nonnull(name);
    ck_assert_int_eq(steepest_comparison_get_skipped(cmp, 0, NULL, &status, &reason), STEEPEST_OK);
    ck_assert(status == STEEPEST_ERROR_PARAMETER || status == STEEPEST_ERROR_DIMENSION ||
              status == STEEPEST_ERROR_UNSUPPORTED || status == STEEPEST_ERROR_PLUGIN_FAILED);
    ck_assert(reason != NULL && reason[0] != '\0');
    expect_geometry_error(steepest_comparison_get_skipped(cmp, skipped, &name, NULL, NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_comparison_get_skipped: i = ");
    expect_geometry_error(steepest_comparison_get_skipped(NULL, 0, &name, NULL, NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_comparison_get_skipped: cmp is NULL");
    expect_geometry_error(steepest_comparison_get(cmp, count, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                                  NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_comparison_get: rank ");
    /* the gradient compared is Hx = (2, 1) */
    const double *g = steepest_comparison_get_gradient(cmp, &n);
    ck_assert(n == 2 && g[0] == 2 && g[1] == 1);
    steepest_comparison_free(cmp);
}
END_TEST

/* ∇f jumps to 1e308 off x = 0: every difference quotient overflows. */
static int
jump_gradient(void *user_data, size_t n, const double *x, double *grad)
{
    (void) user_data;
    for (size_t i = 0; i < n; i++)
        grad[i] = x[i] == 0.5 ? 1.0 : 1e308;
    return 0;
}

/* The probe's edge cases, each named: a direction that rounds to zero, probe
 * lengths that underflow or overflow, a probe point off the double range, an
 * overflowing difference quotient, and an R̂ of a linear f. */
START_TEST(smoothness_probe_edges_are_named)
{
    double H[4] = { 2, 0, 0, 1 }, L_hat = -1;
    Quadratic q = { 2, H, NULL, 0, 0, 0 };
    /* g = (1, 1, 1, 1): the unit l2 direction is 1/2 everywhere; 2^-1074 · 1/2 rounds to 0 */
    SteepestNorm *l2_4 = make("l2", 4);
    double x4[4] = { 0.5, 0.5, 0.5, 0.5 }, g4[4] = { 1, 1, 1, 1 }, one[1] = { 1.0 };
    expect_geometry_error(steepest_analysis_estimate_smoothness(l2_4, jump_gradient, NULL, 4, x4, g4, one, 1,
                                                                0x1p-1074, STEEPEST_PROBE_UNIT, &L_hat, NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT,
                          "the probe direction s = −α·dir vanishes in the norm 'l2'");
    steepest_norm_free(l2_4);
    SteepestNorm *linf = make("linf", 2);
    double x[2] = { 1, 1 }, tiny[1] = { 1e-200 }, huge[1] = { 1e300 };
    /* ‖s‖∞ = α for the unit direction: γα = 1e-400 underflows, 1e310 overflows */
    expect_geometry_error(steepest_analysis_estimate_smoothness(linf, quad_gradient, &q, 2, x, NULL, tiny, 1,
                                                                1e-200, STEEPEST_PROBE_UNIT, &L_hat, NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT,
                          "gammas[0] = 1e-200 makes the probe length γ‖s‖ = 0");
    expect_geometry_error(steepest_analysis_estimate_smoothness(linf, quad_gradient, &q, 2, x, NULL, huge, 1,
                                                                1e10, STEEPEST_PROBE_UNIT, &L_hat, NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "makes the probe length γ‖s‖ = inf unusable");
    /* g = (−1, −1): s = +α·1 = 1e308, so x + γs = 2e308 leaves the double range */
    double xbig[2] = { 1e308, 1e308 }, g_at[2] = { -1, -1 };
    expect_geometry_error(steepest_analysis_estimate_smoothness(linf, quad_gradient, &q, 2, xbig, g_at, one,
                                                                1, 1e308, STEEPEST_PROBE_UNIT, &L_hat, NULL),
                          STEEPEST_ERROR_NOT_FINITE, "x + γs");
    /* n = 1: ∇f(x) = 1, ∇f(x + γs) = 1e308, so |Δg|/(γ|s|) = (1e308 - 1)/1e-3 overflows */
    SteepestNorm *linf1 = make("linf", 1);
    double xh[1] = { 0.5 }, milli[1] = { 1e-3 };
    expect_geometry_error(steepest_analysis_estimate_smoothness(linf1, jump_gradient, NULL, 1, xh, NULL,
                                                                milli, 1, 1.0, STEEPEST_PROBE_UNIT, &L_hat,
                                                                NULL),
                          STEEPEST_ERROR_NOT_FINITE, "every difference quotient overflowed");
    steepest_norm_free(linf1);
    ck_assert_double_eq(L_hat, -1);
    steepest_norm_free(linf);
    /* a linear f: no curvature along either probe, so R̂ is undefined */
    double R = -1;
    expect_geometry_error(steepest_analysis_estimate_improvement_ratio(constant_gradient, NULL, 2, x, grid, 4,
                                                                       0.1, 0.1, &R, NULL, NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "R̂ is undefined");
    double zero[2] = { 0, 0 };
    expect_geometry_error(steepest_analysis_estimate_improvement_ratio(quad_gradient, &q, 2, zero, grid, 4,
                                                                       0.1, 0.1, &R, NULL, NULL),
                          STEEPEST_ERROR_INVALID_ARGUMENT, "undefined for z = 0");
    ck_assert_double_eq(R, -1);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("analysis");
    TCase *tc = tcase_create("guarantees");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, dual_norm_and_lemma2_values, 0, 4);
    tcase_add_test(tc, lemma2_does_not_overflow);
    tcase_add_test(tc, lemma2_from_matrix_uses_upper_bound);
    tcase_add_loop_test(tc, certificate_holds_with_true_L, 0, 4);
    tcase_add_loop_test(tc, certificate_fails_with_understated_L, 0, 4);
    tcase_add_loop_test(tc, certificate_verdict_matches_closed_form, 0, 4);
    tcase_add_test(tc, certificate_stationary_and_in_place);
    tcase_add_test(tc, certificate_infinite_value_is_a_violation);
    tcase_add_test(tc, certificate_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("rates");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, rates_match_formulas);
    tcase_add_test(tc, rates_bound_a_real_run);
    tcase_add_test(tc, rates_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("geometry");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, density_values);
    tcase_add_test(tc, density_errors);
    tcase_add_test(tc, rho_diag_values);
    tcase_add_test(tc, eigen_ratio_values);
    tcase_add_test(tc, geometry_ranges_and_messages);
    tcase_add_test(tc, improvement_ratio_and_bound);
    tcase_add_test(tc, two_dimensional_closed_forms);
    suite_add_tcase(s, tc);

    tc = tcase_create("smoothness");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, smoothness_on_quadratic, 0, 4);
    tcase_add_test(tc, smoothness_min_over_grid);
    tcase_add_test(tc, estimated_ratio_on_quadratic);
    tcase_add_test(tc, smoothness_errors);
    tcase_add_test(tc, smoothness_probe_edges_are_named);
    suite_add_tcase(s, tc);

    tc = tcase_create("comparison");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, compare_quadratic_ranks_by_guaranteed_improvement);
    tcase_add_test(tc, compare_picks_the_paper_winner);
    tcase_add_test(tc, compare_all_loaded_norms_skips_parametrized);
    tcase_add_test(tc, compare_bounded_norm_reports_upper_bound_improvement);
    tcase_add_test(tc, compare_gradient_given_and_estimated);
    tcase_add_test(tc, compare_includes_a_caller_registered_norm);
    tcase_add_test(tc, compare_errors);
    tcase_add_test(tc, compare_messages_name_what_is_wrong);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
