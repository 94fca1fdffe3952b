/* test-induced.c — induced matrix norms, the matrix kernels and L_sep.
 *
 * Every expected value comes from an independent computation: naive
 * enumeration of all 2^n sign vectors, closed forms for 2 x 2 matrices
 * (docs/theory.md Eq. 34/35), power iteration, dense grids, or the inequalities of
 * docs/theory.md (Eq. 9, Propositions 3 and 5, Nesterov's 2/π).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"
#include "test-random.h"

/* ---- helpers ---- */

static double *
random_matrix(size_t n, uint64_t seed)
{
    rng_state = seed * 2654435761u + 12345;
    double *H = malloc(n * n * sizeof *H);
    for (size_t i = 0; i < n * n; i++)
        H[i] = urand();
    return H;
}

static double *
random_symmetric(size_t n, uint64_t seed)
{
    double *H = random_matrix(n, seed);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            H[i * n + j] = H[j * n + i];
    return H;
}

/* AᵀA for a random A: symmetric PSD. */
static double *
random_psd(size_t n, uint64_t seed)
{
    double *A = random_matrix(n, seed);
    double *H = calloc(n * n, sizeof *H);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t k = 0; k < n; k++)
                H[i * n + j] += A[k * n + i] * A[k * n + j];
    free(A);
    return H;
}

/* max over all 2^n sign vectors of ‖Hx‖₁, recomputing Hx every time. */
static double
brute_inf1(size_t n, const double *H)
{
    double best = 0.0;
    for (uint64_t m = 0; m < ((uint64_t) 1 << n); m++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++) {
            double y = 0.0;
            for (size_t j = 0; j < n; j++)
                y += H[i * n + j] * (((m >> j) & 1) ? -1.0 : 1.0);
            s += fabs(y);
        }
        if (s > best)
            best = s;
    }
    return best;
}

/* ‖H‖₂ by power iteration on HᵀH. */
static double
power_spectral(size_t n, const double *H)
{
    double *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w), *u = malloc(n * sizeof *u);
    for (size_t i = 0; i < n; i++)
        v[i] = 1.0 + 0.1 * (double) i;
    double sigma = 0.0;
    for (int it = 0; it < 20000; it++) {
        for (size_t i = 0; i < n; i++) {
            w[i] = 0.0;
            for (size_t j = 0; j < n; j++)
                w[i] += H[i * n + j] * v[j];
        }
        for (size_t j = 0; j < n; j++) {
            u[j] = 0.0;
            for (size_t i = 0; i < n; i++)
                u[j] += H[i * n + j] * w[i];
        }
        double nu = 0.0;
        for (size_t j = 0; j < n; j++)
            nu += u[j] * u[j];
        nu = sqrt(nu);
        if (nu == 0.0)
            break;
        for (size_t j = 0; j < n; j++)
            v[j] = u[j] / nu;
        sigma = sqrt(nu);
    }
    free(v);
    free(w);
    free(u);
    return sigma;
}

static double
sum_abs(size_t n, const double *H)
{
    double s = 0.0;
    for (size_t i = 0; i < n * n; i++)
        s += fabs(H[i]);
    return s;
}

static SteepestNorm *
make_norm(const char *spec, size_t n)
{
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new(spec, n, &norm);
    ck_assert_msg(rc == STEEPEST_OK, "steepest_norm_new(%s, %zu): %s", spec, n, steepest_last_error());
    return norm;
}

static SteepestInducedOptions *
options(int mode)
{
    SteepestInducedOptions *o = steepest_induced_options_new();
    ck_assert_int_eq(steepest_induced_options_set_mode(o, mode), STEEPEST_OK);
    return o;
}

/* Induced norm through the plugin; asserts success. */
static void
induced(const char *spec, size_t n, const double *H, int mode, double *lo, double *up, int *exact)
{
    SteepestNorm *norm = make_norm(spec, n);
    SteepestInducedOptions *o = options(mode);
    const char *method = NULL;
    int rc = steepest_norm_induced(norm, n, H, o, lo, up, exact, &method);
    ck_assert_msg(rc == STEEPEST_OK, "%s n=%zu: %s", spec, n, steepest_last_error());
    ck_assert_ptr_nonnull(method);
    ck_assert_msg(*lo <= *up, "%s: lower %.17g > upper %.17g", spec, *lo, *up);
    steepest_induced_options_free(o);
    steepest_norm_free(norm);
}

#define ck_assert_close(a, b, rel)                                                                           \
    ck_assert_msg(fabs((a) - (b)) <= (rel) *fmax(1.0, fmax(fabs(a), fabs(b))), "%s = %.17g, %s = %.17g", #a, \
                  (double) (a), #b, (double) (b))

/* ---- ℓ∞: exact enumeration ---- */

START_TEST(inf1_exact_matches_brute_force)
{
    for (size_t n = 1; n <= 11; n++) {
        for (uint64_t seed = 0; seed < 3; seed++) {
            double *H = random_matrix(n, 100 * n + seed);
            double v = -1.0, x[16];
            ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 0, NULL, NULL, &v, x), STEEPEST_OK);
            ck_assert_close(v, brute_inf1(n, H), 1e-13);
            /* The returned x attains the value. */
            double s = 0.0;
            for (size_t i = 0; i < n; i++) {
                double y = 0.0;
                for (size_t j = 0; j < n; j++)
                    y += H[i * n + j] * x[j];
                s += fabs(y);
            }
            ck_assert_close(s, v, 1e-13);
            ck_assert(x[0] == 1.0);
            free(H);
        }
    }
}
END_TEST

START_TEST(inf1_exact_through_the_plugin)
{
    /* Non-symmetric, symmetric indefinite and PSD inputs: ‖H‖_{∞,1} is
     * defined for any H. */
    for (size_t n = 2; n <= 10; n += 4) {
        double *Hs[3] = { random_matrix(n, n), random_symmetric(n, n + 1), random_psd(n, n + 2) };
        for (int k = 0; k < 3; k++) {
            double lo, up;
            int exact;
            induced("linf", n, Hs[k], STEEPEST_INDUCED_EXACT, &lo, &up, &exact);
            ck_assert_int_eq(exact, 1);
            ck_assert(lo == up);
            ck_assert_close(lo, brute_inf1(n, Hs[k]), 1e-13);
            free(Hs[k]);
        }
    }
}
END_TEST

START_TEST(inf1_two_dimensional_closed_form)
{
    /* Eq. 34: H = [[a, b], [b, d]] positive definite: L∞ = a + d + 2|b|. */
    const double cases[][3] = {
        { 2.0, 0.5, 1.0 }, { 3.0, -1.25, 2.0 }, { 1.0, 0.0, 4.0 }, { 5.0, -2.0, 1.0 }
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double a = cases[c][0], b = cases[c][1], d = cases[c][2];
        double H[4] = { a, b, b, d };
        double lo, up;
        int exact;
        induced("linf", 2, H, STEEPEST_INDUCED_AUTO, &lo, &up, &exact);
        ck_assert_int_eq(exact, 1);
        ck_assert_close(lo, a + d + 2.0 * fabs(b), 1e-15);
        /* L_sep = l_1 + l_2 with l_1 = a + |b|, l_2 = d + |b| (Eq. 34). */
        double primal, dual, l[2];
        ck_assert_int_eq(steepest_matrix_lsep(2, H, 0, 0.0, 7, &primal, &dual, l, NULL), STEEPEST_OK);
        ck_assert_close(primal, a + d + 2.0 * fabs(b), 1e-12);
        ck_assert_close(dual, a + d + 2.0 * fabs(b), 1e-12);
        ck_assert(dual <= primal);
        ck_assert_close(l[0], a + fabs(b), 1e-12);
        ck_assert_close(l[1], d + fabs(b), 1e-12);
        /* Bounds mode: the SDP bound is tight in 2-D. */
        induced("linf", 2, H, STEEPEST_INDUCED_BOUNDS, &lo, &up, &exact);
        ck_assert_int_eq(exact, 0);
        ck_assert(lo <= a + d + 2.0 * fabs(b) * (1 + 1e-15) && up >= (a + d + 2.0 * fabs(b)) * (1 - 1e-15));
        ck_assert_close(up, a + d + 2.0 * fabs(b), 1e-12);
    }
}
END_TEST

START_TEST(inf1_parallel_equals_serial)
{
    size_t n = 20;
    double *H = random_matrix(n, 4242);
    double v1, v2, v3, x1[20], x2[20], x3[20];
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 1, NULL, NULL, &v1, x1), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 2, NULL, NULL, &v2, x2), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 3, NULL, NULL, &v3, x3), STEEPEST_OK);
    ck_assert(v1 == v2 && v2 == v3); /* bit for bit */
    ck_assert(memcmp(x1, x2, sizeof x1) == 0 && memcmp(x1, x3, sizeof x1) == 0);
    /* And the value is that of its sign vector, within rounding. */
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double y = 0.0;
        for (size_t j = 0; j < n; j++)
            y += H[i * n + j] * x1[j];
        s += fabs(y);
    }
    ck_assert_close(s, v1, 1e-12);
    free(H);
}
END_TEST

typedef struct {
    int calls;
    int cancel_at;
    double last;
    int monotone;
} Progress;

static int
progress_cb(void *user_data, double fraction)
{
    Progress *p = user_data;
    p->calls++;
    if (fraction < p->last || fraction < 0.0 || fraction > 1.0)
        p->monotone = 0;
    p->last = fraction;
    return p->cancel_at > 0 && p->calls >= p->cancel_at;
}

START_TEST(inf1_progress_and_cancel)
{
    size_t n = 22;
    double *H = random_matrix(n, 9);
    SteepestNorm *norm = make_norm("linf", n);
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_EXACT);
    Progress p = { 0, 2, 0.0, 1 };
    ck_assert_int_eq(steepest_induced_options_set_progress(o, progress_cb, &p), STEEPEST_OK);
    double lo = -7.0;
    int rc = steepest_norm_induced(norm, n, H, o, &lo, NULL, NULL, NULL);
    ck_assert_int_eq(rc, STEEPEST_ERROR_CANCELLED);
    ck_assert_int_eq(p.calls, 2);
    ck_assert(lo == -7.0); /* outputs untouched on failure */
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "cancel"));
    ck_assert_ptr_nonnull(strstr(steepest_norm_last_error(norm), "cancel"));
    /* Without cancelling: called several times, fractions rise within [0, 1]. */
    Progress q = { 0, 0, 0.0, 1 };
    steepest_induced_options_set_progress(o, progress_cb, &q);
    ck_assert_int_eq(steepest_norm_induced(norm, n, H, o, &lo, NULL, NULL, NULL), STEEPEST_OK);
    ck_assert_int_ge(q.calls, 4);
    ck_assert(q.monotone);
    steepest_induced_options_free(o);
    steepest_norm_free(norm);
    free(H);
}
END_TEST

/* Whichever worker thread finishes a chunk may owe the next report: with
 * several threads the callback must still be called, cancel must still stop
 * the run, and fractions must still rise.  Repeated to vary the scheduling. */
START_TEST(inf1_progress_and_cancel_threaded)
{
    size_t n = 21;
    double *H = random_matrix(n, 13);
    SteepestNorm *norm = make_norm("linf", n);
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_EXACT);
    ck_assert_int_eq(steepest_induced_options_set_threads(o, 3), STEEPEST_OK);
    for (int round = 0; round < 20; round++) {
        Progress p = { 0, 1, 0.0, 1 };
        steepest_induced_options_set_progress(o, progress_cb, &p);
        ck_assert_int_eq(steepest_norm_induced(norm, n, H, o, NULL, NULL, NULL, NULL),
                         STEEPEST_ERROR_CANCELLED);
        ck_assert_int_eq(p.calls, 1);
        Progress q = { 0, 0, 0.0, 1 };
        steepest_induced_options_set_progress(o, progress_cb, &q);
        ck_assert_int_eq(steepest_norm_induced(norm, n, H, o, NULL, NULL, NULL, NULL), STEEPEST_OK);
        ck_assert_int_ge(q.calls, 2);
        ck_assert(q.monotone);
    }
    steepest_induced_options_free(o);
    steepest_norm_free(norm);
    free(H);
}
END_TEST

/* ---- ℓ∞: bounds ---- */

START_TEST(inf1_bounds_bracket_the_exact_value)
{
    for (size_t n = 2; n <= 13; n++) {
        double *Hs[3] = { random_matrix(n, 7 * n), random_symmetric(n, 7 * n + 1), random_psd(n, 7 * n + 2) };
        for (int k = 0; k < 3; k++) {
            double exact_value = brute_inf1(n, Hs[k]);
            double lo, up;
            int exact;
            induced("linf", n, Hs[k], STEEPEST_INDUCED_BOUNDS, &lo, &up, &exact);
            ck_assert_int_eq(exact, 0);
            ck_assert_msg(lo <= exact_value * (1 + 1e-12), "n=%zu kind=%d: lower %.17g > exact %.17g", n, k,
                          lo, exact_value);
            ck_assert_msg(up >= exact_value * (1 - 1e-12), "n=%zu kind=%d: upper %.17g < exact %.17g", n, k,
                          up, exact_value);
            /* Proposition 3 and Eq. 9 caps. */
            ck_assert(up <= sum_abs(n, Hs[k]) * (1 + 1e-9));
            /* The public local search is a lower bound too. */
            double ls;
            ck_assert_int_eq(steepest_matrix_inf1_local_search(n, Hs[k], 3, 4, &ls, NULL), STEEPEST_OK);
            ck_assert(ls <= exact_value * (1 + 1e-12));
            free(Hs[k]);
        }
    }
}
END_TEST

START_TEST(inf1_auto_switches_to_bounds)
{
    size_t n = 40;
    double *H = random_psd(n, 5);
    SteepestNorm *norm = make_norm("linf", n);
    SteepestInducedOptions *o = steepest_induced_options_new(); /* AUTO, exact up to 24 */
    double lo, up;
    int exact = -1;
    const char *method = NULL;
    ck_assert_int_eq(steepest_norm_induced(norm, n, H, o, &lo, &up, &exact, &method), STEEPEST_OK);
    ck_assert_int_eq(exact, 0);
    ck_assert(lo > 0.0 && lo <= up);
    /* Nesterov: for PSD H, L∞ >= (2/π) L_sep, so the certified upper bound
     * (L_sep) can be at most π/2 times the lower one if both are good. */
    ck_assert_msg(up <= lo * M_PI / 2.0 * (1 + 1e-6), "gap too wide: [%g, %g]", lo, up);
    ck_assert_ptr_nonnull(strstr(method, "bounds"));
    /* A small matrix within the default budget is enumerated. */
    SteepestNorm *small = make_norm("linf", 8);
    double *S = random_matrix(8, 6);
    ck_assert_int_eq(steepest_norm_induced(small, 8, S, o, &lo, &up, &exact, &method), STEEPEST_OK);
    ck_assert_int_eq(exact, 1);
    ck_assert_close(lo, brute_inf1(8, S), 1e-13);
    /* A zero time budget means no limit; a tiny one forces bounds. */
    steepest_induced_options_set_time_budget(o, 1e-12);
    ck_assert_int_eq(steepest_norm_induced(small, 8, S, o, &lo, &up, &exact, &method), STEEPEST_OK);
    ck_assert_int_eq(exact, 0);
    steepest_induced_options_free(o);
    steepest_norm_free(norm);
    steepest_norm_free(small);
    free(H);
    free(S);
}
END_TEST

START_TEST(inf1_exact_refuses_huge_dimension)
{
    size_t n = 63;
    double *H = random_matrix(n, 1);
    SteepestNorm *norm = make_norm("linf", n);
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_EXACT);
    ck_assert_int_eq(steepest_norm_induced(norm, n, H, o, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_UNSUPPORTED);
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 0, NULL, NULL, &(double){ 0 }, NULL),
                     STEEPEST_ERROR_DIMENSION);
    steepest_induced_options_free(o);
    steepest_norm_free(norm);
    free(H);
}
END_TEST

/* ---- ℓ2 and ℓ1 ---- */

START_TEST(l2_closed_form_and_power_iteration)
{
    /* 2 x 2 symmetric: max|λ| with λ = (a+d)/2 ± √(((a−d)/2)² + b²) (Eq. 35). */
    const double cases[][3] = { { 2.0, 0.5, 1.0 }, { -3.0, 1.0, 0.5 }, { 1.0, 2.0, 1.0 } };
    for (size_t c = 0; c < 3; c++) {
        double a = cases[c][0], b = cases[c][1], d = cases[c][2];
        double H[4] = { a, b, b, d }, ev[2];
        double r = sqrt((a - d) * (a - d) / 4 + b * b);
        double lo, up;
        int exact;
        induced("l2", 2, H, STEEPEST_INDUCED_AUTO, &lo, &up, &exact);
        ck_assert_int_eq(exact, 1);
        ck_assert_close(lo, fmax(fabs((a + d) / 2 + r), fabs((a + d) / 2 - r)), 1e-14);
        ck_assert_int_eq(steepest_matrix_sym_eigenvalues(2, H, ev), STEEPEST_OK);
        ck_assert_close(ev[0], (a + d) / 2 - r, 1e-14);
        ck_assert_close(ev[1], (a + d) / 2 + r, 1e-14);
    }
    /* General H: the largest singular value, checked by power iteration. */
    for (size_t n = 1; n <= 9; n += 4) {
        double *H = random_matrix(n, 31 * n);
        double lo, up;
        int exact;
        induced("l2", n, H, STEEPEST_INDUCED_EXACT, &lo, &up, &exact);
        ck_assert_close(lo, power_spectral(n, H), 1e-9);
        free(H);
    }
}
END_TEST

START_TEST(l1_is_max_abs_entry)
{
    /* sup_{‖x‖₁<=1} ‖Hx‖∞ is attained at ± a coordinate vector e_j: compute
     * max_j ‖H e_j‖∞ that way. */
    size_t n = 7;
    double *H = random_matrix(n, 77);
    double best = 0.0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++)
            best = fmax(best, fabs(H[i * n + j]));
    double lo, up;
    int exact;
    induced("l1", n, H, STEEPEST_INDUCED_AUTO, &lo, &up, &exact);
    ck_assert_int_eq(exact, 1);
    ck_assert(lo == best && up == best);
    double m;
    ck_assert_int_eq(steepest_matrix_max_abs(n, H, &m), STEEPEST_OK);
    ck_assert(m == best);
    free(H);
}
END_TEST

START_TEST(eq9_l2_le_linf_le_n_l2)
{
    for (size_t n = 2; n <= 12; n += 2) {
        for (int k = 0; k < 3; k++) {
            double *H = k == 0   ? random_matrix(n, n + 300)
                        : k == 1 ? random_symmetric(n, n + 400)
                                 : random_psd(n, n + 500);
            double l2, linf, lo, up;
            int exact;
            induced("l2", n, H, STEEPEST_INDUCED_AUTO, &l2, &up, &exact);
            induced("linf", n, H, STEEPEST_INDUCED_EXACT, &linf, &up, &exact);
            ck_assert_msg(l2 <= linf * (1 + 1e-12), "n=%zu: L2 %.17g > Linf %.17g", n, l2, linf);
            ck_assert_msg(linf <= (double) n * l2 * (1 + 1e-12), "n=%zu: Linf %.17g > n L2", n, linf);
            (void) lo;
            free(H);
        }
    }
}
END_TEST

/* ---- L_sep ---- */

START_TEST(lsep_propositions_on_random_psd)
{
    for (size_t n = 2; n <= 12; n++) {
        double *H = random_psd(n, 1000 + n);
        double primal, dual, l[12];
        unsigned sweeps = 0;
        ck_assert_int_eq(steepest_matrix_lsep(n, H, 0, 0.0, 1, &primal, &dual, l, &sweeps), STEEPEST_OK);
        ck_assert_int_ge(sweeps, 1);
        double linf = brute_inf1(n, H), sabs = sum_abs(n, H);
        /* Proposition 5: L∞ <= L_sep <= ρ_diag⁻¹ Σλ_i = Σ|H_ij|. */
        ck_assert_msg(linf <= primal * (1 + 1e-12), "n=%zu: Linf %.17g > L_sep upper %.17g", n, linf, primal);
        ck_assert_msg(dual <= sabs * (1 + 1e-12), "n=%zu: L_sep lower %.17g > sum|H| %.17g", n, dual, sabs);
        ck_assert(dual <= primal * (1 + 1e-14));
        /* The gap closes at convergence. */
        ck_assert_msg(primal - dual <= 1e-6 * primal, "n=%zu: gap [%.17g, %.17g]", n, dual, primal);
        /* Nesterov 1998: L∞ >= (2/π) L_sep >= (2/π) dual. */
        ck_assert(linf >= 2.0 / M_PI * dual * (1 - 1e-12));
        /* l is feasible: diag(l) − H is PSD, and Σl = primal. */
        double *S = malloc(n * n * sizeof *S), ev[12], total = 0.0;
        for (size_t i = 0; i < n; i++) {
            total += l[i];
            for (size_t j = 0; j < n; j++)
                S[i * n + j] = (i == j ? l[i] : 0.0) - H[i * n + j];
        }
        ck_assert_int_eq(steepest_matrix_sym_eigenvalues(n, S, ev), STEEPEST_OK);
        ck_assert_msg(ev[0] >= 0.0, "n=%zu: diag(l) - H has eigenvalue %g", n, ev[0]);
        ck_assert_close(total, primal, 1e-12);
        /* Proposition 3 directly. */
        ck_assert(linf <= sabs * (1 + 1e-12));
        free(S);
        free(H);
    }
}
END_TEST

START_TEST(lsep_rejects_non_symmetric_and_indefinite)
{
    double N[4] = { 2.0, 1.0, 0.0, 2.0 };
    double I[4] = { 1.0, 2.0, 2.0, 1.0 }; /* eigenvalues 3 and −1 */
    double p, d;
    ck_assert_int_eq(steepest_matrix_lsep(2, N, 0, 0.0, 0, &p, &d, NULL, NULL), STEEPEST_ERROR_NOT_SYMMETRIC);
    ck_assert_int_eq(steepest_matrix_lsep(2, I, 0, 0.0, 0, &p, &d, NULL, NULL), STEEPEST_ERROR_NOT_PSD);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "positive semidefinite"));
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(2, N, (double[2]){ 0 }), STEEPEST_ERROR_NOT_SYMMETRIC);
    int psd = -1;
    ck_assert_int_eq(steepest_matrix_is_psd(2, I, &psd, NULL), STEEPEST_OK);
    ck_assert_int_eq(psd, 0);
    /* ... but the ℓ∞ norm of those is defined: 2x2 brute force. */
    double lo, up;
    int exact;
    induced("linf", 2, N, STEEPEST_INDUCED_AUTO, &lo, &up, &exact);
    ck_assert_close(lo, brute_inf1(2, N), 1e-15);
    induced("linf", 2, I, STEEPEST_INDUCED_AUTO, &lo, &up, &exact);
    ck_assert_close(lo, brute_inf1(2, I), 1e-15);
}
END_TEST

/* ---- block ---- */

START_TEST(block_reduces_to_linf_and_l2)
{
    size_t n = 6;
    double *H = random_matrix(n, 606);
    double lo, up, lo2, up2;
    int exact;
    induced("block:size=1", n, H, STEEPEST_INDUCED_AUTO, &lo, &up, &exact);
    ck_assert_int_eq(exact, 1);
    ck_assert_close(lo, brute_inf1(n, H), 1e-13);
    induced("block:size=6", n, H, STEEPEST_INDUCED_AUTO, &lo2, &up2, &exact);
    ck_assert_int_eq(exact, 1);
    ck_assert_close(lo2, power_spectral(n, H), 1e-9);
    free(H);
}
END_TEST

/* ‖Hx‖_{B,1} for two blocks of size 2 with x_c = (cos t_c, sin t_c). */
static double
block22_value(const double *H, double t0, double t1)
{
    double x[4] = { cos(t0), sin(t0), cos(t1), sin(t1) }, y[4];
    for (size_t i = 0; i < 4; i++) {
        y[i] = 0.0;
        for (size_t j = 0; j < 4; j++)
            y[i] += H[i * 4 + j] * x[j];
    }
    return hypot(y[0], y[1]) + hypot(y[2], y[3]);
}

START_TEST(block_bounds_bracket_a_grid_search)
{
    for (uint64_t seed = 0; seed < 4; seed++) {
        double *H = random_matrix(4, 900 + seed);
        double lo, up;
        int exact;
        induced("block:size=2", 4, H, STEEPEST_INDUCED_AUTO, &lo, &up, &exact);
        ck_assert_int_eq(exact, 0);
        /* The maximum over ‖x_c‖ <= 1 is attained on the unit circles
         * (convex in each block).  A grid of step h finds a value within
         * L·h/2 of it, where L = Σ_{b,c}‖H_bc‖₂ <= Σ|H_ij| bounds the
         * derivative in each angle. */
        const int G = 720;
        double h = 2.0 * M_PI / G, grid = 0.0;
        for (int a = 0; a < G; a++)
            for (int b = 0; b < G; b++)
                grid = fmax(grid, block22_value(H, a * h, b * h));
        double slack = sum_abs(4, H) * h / 2.0;
        ck_assert_msg(grid <= up * (1 + 1e-12), "grid %.17g above upper %.17g", grid, up);
        ck_assert_msg(lo <= grid + slack, "lower %.17g above the grid max %.17g + %g", lo, grid, slack);
        ck_assert_msg(lo >= grid * (1 - 1e-9), "local search %.17g missed the grid max %.17g", lo, grid);
        free(H);
    }
}
END_TEST

START_TEST(block_exact_is_unsupported)
{
    double *H = random_matrix(5, 55);
    SteepestNorm *norm = make_norm("block:sizes=2+3", 5);
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_EXACT);
    ck_assert_int_eq(steepest_norm_induced(norm, 5, H, o, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "block"));
    steepest_induced_options_set_mode(o, STEEPEST_INDUCED_BOUNDS);
    double lo, up;
    ck_assert_int_eq(steepest_norm_induced(norm, 5, H, o, &lo, &up, NULL, NULL), STEEPEST_OK);
    ck_assert(lo > 0 && lo <= up);
    /* The public kernel with a bad block table. */
    size_t bad[3] = { 0, 3, 3 };
    ck_assert_int_eq(steepest_matrix_block_induced(5, H, 2, bad, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    size_t good[3] = { 0, 2, 5 };
    double lo2, up2;
    ck_assert_int_eq(steepest_matrix_block_induced(5, H, 2, good, NULL, &lo2, &up2, NULL, NULL), STEEPEST_OK);
    ck_assert_close(up2, up, 1e-15);
    steepest_induced_options_free(o);
    steepest_norm_free(norm);
    free(H);
}
END_TEST

/* ---- edge cases and failures ---- */

START_TEST(dimension_one)
{
    double H[1] = { -2.5 };
    const char *specs[] = { "l2", "linf", "l1", "block:size=1" };
    for (int k = 0; k < 4; k++)
        for (int mode = 0; mode < 3; mode++) {
            double lo, up;
            int exact;
            induced(specs[k], 1, H, mode, &lo, &up, &exact);
            ck_assert_msg(lo == 2.5 && up == 2.5, "%s mode %d: [%g, %g]", specs[k], mode, lo, up);
        }
    double p, d;
    double P[1] = { 3.0 };
    ck_assert_int_eq(steepest_matrix_lsep(1, P, 0, 0.0, 0, &p, &d, NULL, NULL), STEEPEST_OK);
    ck_assert_close(p, 3.0, 1e-15);
    ck_assert_close(d, 3.0, 1e-15);
}
END_TEST

START_TEST(non_finite_entries_are_named)
{
    const char *specs[] = { "l2", "linf", "l1", "block:size=1" };
    double H[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    for (int k = 0; k < 4; k++) {
        SteepestNorm *norm = make_norm(specs[k], 3);
        H[5] = NAN;
        ck_assert_int_eq(steepest_norm_induced(norm, 3, H, NULL, NULL, NULL, NULL, NULL),
                         STEEPEST_ERROR_NOT_FINITE);
        ck_assert_ptr_nonnull(strstr(steepest_last_error(), "H(1,2)"));
        H[5] = 6;
        H[6] = -INFINITY;
        ck_assert_int_eq(steepest_norm_induced(norm, 3, H, NULL, NULL, NULL, NULL, NULL),
                         STEEPEST_ERROR_NOT_FINITE);
        ck_assert_ptr_nonnull(strstr(steepest_last_error(), "H(2,0)"));
        H[6] = 7;
        steepest_norm_free(norm);
    }
    H[0] = NAN;
    double v;
    ck_assert_int_eq(steepest_matrix_spectral_norm(3, H, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_lsep(3, H, 0, 0, 0, &v, &v, NULL, NULL), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_inf1_exact(3, H, 0, NULL, NULL, &v, NULL), STEEPEST_ERROR_NOT_FINITE);
}
END_TEST

START_TEST(bad_arguments)
{
    double H[4] = { 1, 0, 0, 1 };
    SteepestNorm *norm = make_norm("linf", 3);
    ck_assert_int_eq(steepest_norm_induced(norm, 2, H, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_DIMENSION);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "dimension 3"));
    ck_assert_int_eq(steepest_norm_induced(norm, 3, NULL, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_norm_induced(NULL, 2, H, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_norm_free(norm);
    double v;
    ck_assert_int_eq(steepest_matrix_spectral_norm(0, H, &v), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_matrix_spectral_norm(2, H, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_matrix_inf1_exact(2, NULL, 0, NULL, NULL, &v, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    int sym;
    ck_assert_int_eq(steepest_matrix_is_symmetric(2, H, -1.0, &sym), STEEPEST_ERROR_INVALID_ARGUMENT);
    double A[4] = { 1, 1, 1 + 1e-14, 1 };
    ck_assert_int_eq(steepest_matrix_is_symmetric(2, A, 0.0, &sym), STEEPEST_OK);
    ck_assert_int_eq(sym, 0);
    ck_assert_int_eq(steepest_matrix_is_symmetric(2, A, 1e-12, &sym), STEEPEST_OK);
    ck_assert_int_eq(sym, 1);
    /* Options. */
    SteepestInducedOptions *o = steepest_induced_options_new();
    ck_assert_int_eq(steepest_induced_options_set_mode(o, 3), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_induced_options_set_mode(o, -1), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_induced_options_set_time_budget(o, NAN), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_induced_options_set_threads(o, 100000), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_induced_options_set_mode(NULL, 0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_induced_options_set_seed(o, 12), STEEPEST_OK);
    ck_assert_int_eq(steepest_induced_options_set_restarts(o, 3), STEEPEST_OK);
    ck_assert_int_eq(steepest_induced_options_set_threads(o, 2), STEEPEST_OK);
    ck_assert_int_eq(steepest_induced_options_set_max_exact_dim(o, 5), STEEPEST_OK);
    steepest_induced_options_free(o);
    steepest_induced_options_free(NULL);
}
END_TEST

/* A norm defined in memory without an induced_norm method. */
static int
plain_norm(void *s, size_t n, const double *x, double *v)
{
    (void) s;
    double a = 0;
    for (size_t i = 0; i < n; i++)
        a = fmax(a, fabs(x[i]));
    *v = a;
    return 0;
}

static int
plain_dual(void *s, size_t n, const double *z, double *v)
{
    (void) s;
    double a = 0;
    for (size_t i = 0; i < n; i++)
        a += fabs(z[i]);
    *v = a;
    return 0;
}

static int
plain_map(void *s, size_t n, const double *z, double *zs, double *v)
{
    plain_dual(s, n, z, v);
    for (size_t i = 0; i < n; i++)
        zs[i] = *v * ((z[i] > 0) - (z[i] < 0));
    return 0;
}

/* Fails with a plugin-specific message, to check the mapping of codes. */
static int
failing_induced(void *s, size_t n, const double *H, const SteepestPluginInducedQuery *q,
                SteepestPluginInducedResult *r)
{
    (void) s;
    (void) n;
    (void) H;
    (void) q;
    (void) r;
    steepest_set_error(STEEPEST_ERROR_PLUGIN_FAILED, "no luck today");
    return STEEPEST_PLUGIN_E_FAILED;
}

/* Returns bounds in the wrong order. */
static int
inverted_induced(void *s, size_t n, const double *H, const SteepestPluginInducedQuery *q,
                 SteepestPluginInducedResult *r)
{
    (void) s;
    (void) n;
    (void) H;
    (void) q;
    r->lower = 2.0;
    r->upper = 1.0;
    r->method = "broken";
    return STEEPEST_PLUGIN_OK;
}

START_TEST(norm_without_induced_method)
{
    static SteepestPluginNormClass plain = {
        .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
        .struct_size = sizeof(SteepestPluginNormClass),
        .name = "induced_test_plain",
        .dual_name = "l1",
        .summary = "max norm without an induced-norm method",
        .norm = plain_norm,
        .dual_norm = plain_dual,
        .duality_map = plain_map,
    };
    static SteepestPluginNormClass failing, inverted;
    failing = plain;
    failing.name = "induced_test_failing";
    failing.induced_norm = failing_induced;
    inverted = plain;
    inverted.name = "induced_test_inverted";
    inverted.induced_norm = inverted_induced;
    ck_assert_int_eq(steepest_registry_add_class(&plain), STEEPEST_OK);
    ck_assert_int_eq(steepest_registry_add_class(&failing), STEEPEST_OK);
    ck_assert_int_eq(steepest_registry_add_class(&inverted), STEEPEST_OK);
    double H[4] = { 1, 2, 3, 4 };
    SteepestNorm *norm = make_norm("induced_test_plain", 2);
    ck_assert_int_eq(steepest_norm_induced(norm, 2, H, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "no induced-norm method"));
    steepest_norm_free(norm);
    norm = make_norm("induced_test_failing", 2);
    ck_assert_int_eq(steepest_norm_induced(norm, 2, H, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_PLUGIN_FAILED);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "no luck today"));
    steepest_norm_free(norm);
    norm = make_norm("induced_test_inverted", 2);
    ck_assert_int_eq(steepest_norm_induced(norm, 2, H, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_PLUGIN_CONTRACT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "lower > upper"));
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "induced_test_inverted"));
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "induced_norm"));
    steepest_norm_free(norm);
}
END_TEST

/* ---- every public kernel: good input and each documented failure ---- */

START_TEST(kernels_good_and_bad_input)
{
    const size_t n = 7;
    double *H = random_matrix(n, 4711), *P = random_psd(n, 4712);
    double v = -1.0, lo, up, x[7];
    int exact, flag;
    const char *method;

    /* Σ|H_ij| (Proposition 3's bound) and max|H_ij|. */
    ck_assert_int_eq(steepest_matrix_sum_abs(n, H, &v), STEEPEST_OK);
    ck_assert_close(v, sum_abs(n, H), 1e-15);
    ck_assert(v >= brute_inf1(n, H) * (1 - 1e-14));
    ck_assert_int_eq(steepest_matrix_sum_abs(n, H, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_matrix_sum_abs(0, H, &v), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_matrix_sum_abs(n, NULL, &v), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_matrix_max_abs(n, H, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_matrix_max_abs(0, H, &v), STEEPEST_ERROR_DIMENSION);

    /* PSD test on a PSD matrix, λ_min as the eigenvalues give it. */
    double ev[7], lmin = NAN;
    flag = -1;
    ck_assert_int_eq(steepest_matrix_is_psd(n, P, &flag, &lmin), STEEPEST_OK);
    ck_assert_int_eq(flag, 1);
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(n, P, ev), STEEPEST_OK);
    ck_assert(lmin == ev[0]);
    for (size_t i = 1; i < n; i++)
        ck_assert(ev[i - 1] <= ev[i]);
    /* trace = Σλ_i. */
    double tr = 0.0, sl = 0.0;
    for (size_t i = 0; i < n; i++) {
        tr += P[i * n + i];
        sl += ev[i];
    }
    ck_assert_close(tr, sl, 1e-12);
    ck_assert_int_eq(steepest_matrix_is_psd(n, H, &flag, NULL), STEEPEST_ERROR_NOT_SYMMETRIC);
    ck_assert_int_eq(steepest_matrix_is_psd(n, P, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(n, P, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(0, P, ev), STEEPEST_ERROR_DIMENSION);

    /* Symmetric input takes the eigenvalue path: max|λ|. */
    ck_assert_int_eq(steepest_matrix_spectral_norm(n, P, &v), STEEPEST_OK);
    ck_assert_close(v, fmax(fabs(ev[0]), fabs(ev[n - 1])), 1e-13);
    ck_assert_close(v, power_spectral(n, P), 1e-9);

    /* steepest_matrix_inf1 in each mode. */
    const double truth = brute_inf1(n, H);
    ck_assert_int_eq(steepest_matrix_inf1(n, H, NULL, &lo, &up, &exact, &method), STEEPEST_OK);
    ck_assert_int_eq(exact, 1);
    ck_assert_close(lo, truth, 1e-13);
    ck_assert(lo == up);
    ck_assert_ptr_nonnull(method);
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_BOUNDS);
    ck_assert_int_eq(steepest_induced_options_set_seed(o, 99), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_inf1(n, H, o, &lo, &up, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(exact, 0);
    ck_assert(lo <= truth * (1 + 1e-12) && truth <= up * (1 + 1e-12));
    /* The same seed gives the same bounds. */
    double lo2, up2;
    ck_assert_int_eq(steepest_matrix_inf1(n, H, o, &lo2, &up2, NULL, NULL), STEEPEST_OK);
    ck_assert(lo2 == lo && up2 == up);
    /* AUTO with max_exact_dim below n bounds instead of enumerating. */
    steepest_induced_options_set_mode(o, STEEPEST_INDUCED_AUTO);
    ck_assert_int_eq(steepest_induced_options_set_max_exact_dim(o, (unsigned) n - 1), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_inf1(n, H, o, &lo, &up, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(exact, 0);
    ck_assert(lo <= truth * (1 + 1e-12) && truth <= up * (1 + 1e-12));
    steepest_induced_options_set_max_exact_dim(o, (unsigned) n);
    ck_assert_int_eq(steepest_matrix_inf1(n, H, o, &lo, &up, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(exact, 1);
    ck_assert_close(lo, truth, 1e-13);
    steepest_induced_options_free(o);
    ck_assert_int_eq(steepest_matrix_inf1(0, H, NULL, &lo, &up, NULL, NULL), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_matrix_inf1(n, NULL, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    double *big = random_matrix(63, 3);
    o = options(STEEPEST_INDUCED_EXACT);
    ck_assert_int_eq(steepest_matrix_inf1(63, big, o, &lo, &up, NULL, NULL), STEEPEST_ERROR_UNSUPPORTED);
    steepest_induced_options_free(o);
    free(big);

    /* Local search: a lower bound attained by the sign vector it returns,
     * reproducible for a seed; 0 restarts means 16. */
    double ls16, ls0, again;
    ck_assert_int_eq(steepest_matrix_inf1_local_search(n, H, 5, 16, &ls16, x), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_inf1_local_search(n, H, 5, 0, &ls0, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_inf1_local_search(n, H, 5, 16, &again, NULL), STEEPEST_OK);
    ck_assert(ls16 == ls0 && ls16 == again);
    ck_assert(ls16 <= truth * (1 + 1e-12));
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double y = 0.0;
        ck_assert(x[i] == 1.0 || x[i] == -1.0);
        for (size_t j = 0; j < n; j++)
            y += H[i * n + j] * x[j];
        s += fabs(y);
    }
    ck_assert_close(s, ls16, 1e-13);
    ck_assert_int_eq(steepest_matrix_inf1_local_search(n, H, 5, 4, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_matrix_inf1_local_search(0, H, 5, 4, &v, NULL), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 0, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);

    /* L_sep: outputs may be NULL; bad arguments. */
    ck_assert_int_eq(steepest_matrix_lsep(n, P, 0, 0.0, 0, NULL, NULL, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_lsep(n, NULL, 0, 0.0, 0, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_matrix_lsep(0, P, 0, 0.0, 0, &lo, &up, NULL, NULL), STEEPEST_ERROR_DIMENSION);

    /* Block kernel: one block is the spectral norm, blocks of 1 the ℓ∞ case. */
    size_t one[2] = { 0, n }, ones[8];
    for (size_t i = 0; i <= n; i++)
        ones[i] = i;
    ck_assert_int_eq(steepest_matrix_block_induced(n, H, 1, one, NULL, &lo, &up, &exact, &method),
                     STEEPEST_OK);
    ck_assert_int_eq(exact, 1);
    ck_assert_close(lo, power_spectral(n, H), 1e-9);
    ck_assert_int_eq(steepest_matrix_block_induced(n, H, n, ones, NULL, &lo, &up, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(exact, 1);
    ck_assert_close(lo, truth, 1e-13);
    ck_assert_int_eq(steepest_matrix_block_induced(n, H, 0, one, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_matrix_block_induced(n, H, 1, NULL, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    size_t short_table[2] = { 0, n - 1 };
    ck_assert_int_eq(steepest_matrix_block_induced(n, H, 1, short_table, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);

    /* NaN anywhere: named, for every kernel. */
    H[3 * n + 4] = NAN;
    P[3 * n + 4] = NAN;
    ck_assert_int_eq(steepest_matrix_sum_abs(n, H, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "H(3,4)"));
    ck_assert_int_eq(steepest_matrix_max_abs(n, H, &v), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_is_symmetric(n, H, 0.0, &flag), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(n, P, ev), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_is_psd(n, P, &flag, NULL), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_inf1(n, H, NULL, &lo, &up, NULL, NULL), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "H(3,4)"));
    ck_assert_int_eq(steepest_matrix_inf1_local_search(n, H, 5, 4, &v, NULL), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_block_induced(n, H, 1, one, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "H(3,4)"));
    free(H);
    free(P);
}
END_TEST

/* ---- results near the end of the double range ---- */

/* Entries near DBL_MAX: the symmetric part is formed without overflow, a
 * representable answer is returned exactly, and one that is not is
 * STEEPEST_ERROR_NOT_FINITE from every API alike, never Inf or NaN with OK. */
START_TEST(huge_entries_give_the_answer_or_not_finite)
{
    const double big[4] = { 1e308, 0, 0, 1 };
    double w[2] = { -1, -1 };
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(2, big, w), STEEPEST_OK);
    ck_assert_double_eq(w[0], 1.0);
    ck_assert_double_eq(w[1], 1e308);
    int psd = -1;
    double lmin = 0;
    const double one[1] = { 1e308 };
    ck_assert_int_eq(steepest_matrix_is_psd(1, one, &psd, &lmin), STEEPEST_OK);
    ck_assert_int_eq(psd, 1);
    ck_assert_double_eq(lmin, 1e308);
    /* off-diagonal 1.6e308 twice: the sum overflows, the mean does not;
     * eigenvalues 1 ± 1.6e308 */
    const double off[4] = { 1, 1.6e308, 1.6e308, 1 };
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(2, off, w), STEEPEST_OK);
    ck_assert_double_eq_tol(w[0], -1.6e308, 1e-14 * 1.6e308);
    ck_assert_double_eq_tol(w[1], 1.6e308, 1e-14 * 1.6e308);
    double v = -1;
    ck_assert_int_eq(steepest_matrix_spectral_norm(2, big, &v), STEEPEST_OK);
    ck_assert_double_eq(v, 1e308);

    /* eigenvalue 3e308: cannot be represented */
    const double all[4] = { 1.5e308, 1.5e308, 1.5e308, 1.5e308 };
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(2, all, w), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "overflows"));
    ck_assert_int_eq(steepest_matrix_is_psd(2, all, &psd, &lmin), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_spectral_norm(2, all, &v), STEEPEST_ERROR_NOT_FINITE);

    /* ‖diag(1e308, 1e308)‖_{∞,1} = 2e308: refused by the induced norm, the
     * inf1 kernel and Σ|H_ij| alike, as steepest_norm_norm refuses it */
    const double diag[4] = { 1e308, 0, 0, 1e308 };
    SteepestNorm *linf = make_norm("linf", 2), *block = make_norm("block:size=1", 2);
    double lo = -1, up = -1;
    ck_assert_int_eq(steepest_norm_induced(linf, 2, diag, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "overflows"));
    ck_assert_double_eq(lo, -1);
    ck_assert_double_eq(up, -1);
    ck_assert_int_eq(steepest_norm_induced(block, 2, diag, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_inf1(2, diag, NULL, &lo, &up, NULL, NULL), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_sum_abs(2, diag, &v), STEEPEST_ERROR_NOT_FINITE);
    const double x[2] = { 1e308, 1e308 };
    SteepestNorm *l1 = make_norm("l1", 2);
    ck_assert_int_eq(steepest_norm_norm(l1, 2, x, &v), STEEPEST_ERROR_NOT_FINITE);
    /* L_sep(diag(1.5e308, 1.5e308)) = 3e308: NOT_FINITE, not inf with OK */
    const double huge_diag[4] = { 1.5e308, 0, 0, 1.5e308 };
    double primal = -1, dual = -1;
    ck_assert_int_eq(steepest_matrix_lsep(2, huge_diag, 0, 0, 1, &primal, &dual, NULL, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "overflows"));
    ck_assert_int_eq(steepest_matrix_lsep(2, big, 0, 0, 1, &primal, &dual, NULL, NULL), STEEPEST_OK);
    ck_assert_double_eq_tol(primal, 1e308 + 1, 1e-6 * 1e308);
    /* the largest representable case still works */
    const double half[4] = { 0.8e308, 0, 0, 0.8e308 };
    ck_assert_int_eq(steepest_norm_induced(linf, 2, half, NULL, &lo, &up, NULL, NULL), STEEPEST_OK);
    ck_assert_double_eq(up, 1.6e308);
    steepest_norm_free(l1);
    steepest_norm_free(linf);
    steepest_norm_free(block);
}
END_TEST

static int
stop_at_once(void *user_data, double fraction)
{
    (void) fraction;
    ++*(int *) user_data;
    return 1;
}

/* The dense block bounds stop when the progress callback says so, and a
 * matrix whose spectral norm is beyond the double range is NOT_FINITE. */
START_TEST(dense_block_bounds_cancel_and_overflow)
{
    size_t start[3] = { 0, 2, 4 };
    double H[16] = { 4, 1, 0, 0, 1, 3, 1, 0, 0, 1, 2, 1, 0, 0, 1, 5 }, lo = -1, up = -1;
    SteepestInducedOptions *o = steepest_induced_options_new();
    int calls = 0;
    steepest_induced_options_set_progress(o, stop_at_once, &calls);
    ck_assert_int_eq(steepest_matrix_block_induced(4, H, 2, start, o, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_CANCELLED);
    ck_assert_ptr_nonnull(
        strstr(steepest_last_error(), "block induced norm cancelled by the progress callback"));
    ck_assert(calls == 1 && lo == -1 && up == -1);
    steepest_induced_options_free(o);
    double B[16];
    for (int k = 0; k < 16; k++)
        B[k] = 1.5e308; /* ‖B‖₂ = 6e308 */
    ck_assert_int_eq(steepest_matrix_block_induced(4, B, 2, start, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "overflows"));
    ck_assert(lo == -1 && up == -1);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("induced");
    TCase *tc = tcase_create("linf");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, inf1_exact_matches_brute_force);
    tcase_add_test(tc, inf1_exact_through_the_plugin);
    tcase_add_test(tc, inf1_two_dimensional_closed_form);
    tcase_add_test(tc, inf1_parallel_equals_serial);
    tcase_add_test(tc, inf1_progress_and_cancel);
    tcase_add_test(tc, inf1_progress_and_cancel_threaded);
    tcase_add_test(tc, inf1_bounds_bracket_the_exact_value);
    tcase_add_test(tc, inf1_auto_switches_to_bounds);
    tcase_add_test(tc, inf1_exact_refuses_huge_dimension);
    suite_add_tcase(s, tc);

    tc = tcase_create("l2-l1-lsep");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, l2_closed_form_and_power_iteration);
    tcase_add_test(tc, l1_is_max_abs_entry);
    tcase_add_test(tc, eq9_l2_le_linf_le_n_l2);
    tcase_add_test(tc, lsep_propositions_on_random_psd);
    tcase_add_test(tc, lsep_rejects_non_symmetric_and_indefinite);
    suite_add_tcase(s, tc);

    tc = tcase_create("block");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, block_reduces_to_linf_and_l2);
    tcase_add_test(tc, block_bounds_bracket_a_grid_search);
    tcase_add_test(tc, block_exact_is_unsupported);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, dimension_one);
    tcase_add_test(tc, non_finite_entries_are_named);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, norm_without_induced_method);
    tcase_add_test(tc, kernels_good_and_bad_input);
    tcase_add_test(tc, huge_entries_give_the_answer_or_not_finite);
    tcase_add_test(tc, dense_block_bounds_cancel_and_overflow);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
