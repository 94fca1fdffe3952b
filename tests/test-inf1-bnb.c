/* test-inf1-bnb.c — exact ‖H‖_{∞,1} for PSD H by branch and bound, the
 * Cholesky-certified L_sep and the shared spectrum.
 *
 * Independent sides: Gray-code enumeration (steepest_matrix_inf1_exact) up to
 * d = 26, maximum cuts known in closed form (complete bipartite graphs,
 * cycles) or by brute force over cuts, since ‖L‖_{∞,1} = 4·maxcut for a
 * graph Laplacian L (xᵀLx = Σ_edges (x_i − x_j)² = 4·|cut(x)|), and
 * eigenvalues recomputed from scratch. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

static uint64_t rng_state;

static double
gauss(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    double u = (double) (rng_state >> 11) * 0x1.0p-53;
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    double v = (double) (rng_state >> 11) * 0x1.0p-53;
    return sqrt(-2.0 * log1p(-u)) * cos(6.283185307179586 * v);
}

/* G Gᵀ / r for an n x r Gaussian G: PSD of rank min(n, r). */
static double *
wishart(size_t n, size_t r, uint64_t seed)
{
    rng_state = seed * 2654435761u + 99;
    double *G = malloc(n * r * sizeof *G), *H = malloc(n * n * sizeof *H);
    for (size_t i = 0; i < n * r; i++)
        G[i] = gauss();
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            double s = 0.0;
            for (size_t k = 0; k < r; k++)
                s += G[i * r + k] * G[j * r + k];
            H[i * n + j] = H[j * n + i] = s / (double) r;
        }
    free(G);
    return H;
}

/* Laplacian of the graph with the given edge list. */
static double *
laplacian(size_t n, size_t m, const size_t (*edges)[2])
{
    double *L = calloc(n * n, sizeof *L);
    for (size_t e = 0; e < m; e++) {
        size_t i = edges[e][0], j = edges[e][1];
        L[i * n + j] -= 1.0;
        L[j * n + i] -= 1.0;
        L[i * n + i] += 1.0;
        L[j * n + j] += 1.0;
    }
    return L;
}

static double
bnb(size_t n, const double *H, double budget, double *lo, double *up, double *x)
{
    SteepestInducedOptions *o = steepest_induced_options_new();
    ck_assert_int_eq(steepest_induced_options_set_time_budget(o, budget), STEEPEST_OK);
    int exact = -1;
    int rc = steepest_matrix_inf1_branch_and_bound(n, H, o, lo, up, &exact, x);
    ck_assert_msg(rc == STEEPEST_OK, "n = %zu: %s", n, steepest_last_error());
    ck_assert(*lo <= *up);
    steepest_induced_options_free(o);
    return exact;
}

/* ‖Hx‖₁ of a sign vector. */
static double
l1_image(size_t n, const double *H, const double *x)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double y = 0.0;
        for (size_t j = 0; j < n; j++)
            y += H[i * n + j] * x[j];
        s += fabs(y);
    }
    return s;
}

START_TEST(agrees_with_enumeration)
{
    /* Full-rank and low-rank random PSD matrices, d <= 26. */
    const size_t dims[] = { 17, 20, 23, 26 };
    for (size_t t = 0; t < 4; t++)
        for (uint64_t seed = 1; seed <= 2; seed++) {
            size_t n = dims[t];
            double *H = wishart(n, seed == 1 ? n : 3, 10 * n + seed);
            double lo, up, x[32], v = -1.0;
            ck_assert_int_eq(bnb(n, H, 0.0, &lo, &up, x), 1);
            ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 0, NULL, NULL, &v, NULL), STEEPEST_OK);
            ck_assert_msg(fabs(lo - v) <= 1e-12 * v && lo == up,
                          "n = %zu seed %llu: bnb [%.17g, %.17g], gray %.17g", n, (unsigned long long) seed,
                          lo, up, v);
            ck_assert(fabs(l1_image(n, H, x) - lo) <= 1e-12 * lo);
            free(H);
        }
}
END_TEST

START_TEST(graph_laplacians_with_known_cuts)
{
    /* K_{a,b}: maxcut = a·b.  Cycle C_m: maxcut = m (even) or m − 1 (odd).
     * Both beyond enumeration at these sizes. */
    size_t(*edges)[2] = malloc(2000 * sizeof *edges);
    const size_t ab[][2] = { { 3, 4 }, { 12, 14 }, { 20, 24 } };
    for (size_t c = 0; c < 3; c++) {
        size_t a = ab[c][0], b = ab[c][1], n = a + b, m = 0;
        for (size_t i = 0; i < a; i++)
            for (size_t j = a; j < n; j++) {
                edges[m][0] = i;
                edges[m++][1] = j;
            }
        double *L = laplacian(n, m, (const size_t(*)[2]) edges), lo, up;
        ck_assert_int_eq(bnb(n, L, 0.0, &lo, &up, NULL), 1);
        ck_assert_msg(fabs(lo - 4.0 * (double) (a * b)) <= 1e-9, "K_{%zu,%zu}: %.17g", a, b, lo);
        free(L);
    }
    const size_t cycles[] = { 9, 30, 41, 50 };
    for (size_t c = 0; c < 4; c++) {
        size_t n = cycles[c];
        for (size_t i = 0; i < n; i++) {
            edges[i][0] = i;
            edges[i][1] = (i + 1) % n;
        }
        double *L = laplacian(n, n, (const size_t(*)[2]) edges), lo, up;
        ck_assert_int_eq(bnb(n, L, 0.0, &lo, &up, NULL), 1);
        ck_assert_msg(fabs(lo - 4.0 * (double) (n % 2 ? n - 1 : n)) <= 1e-9, "C_%zu: %.17g", n, lo);
        free(L);
    }
    free(edges);
}
END_TEST

/* Maximum cut by brute force over the 2^(n−1) cuts (vertex 0 on one side). */
static size_t
brute_maxcut(size_t n, size_t m, const size_t (*edges)[2])
{
    size_t best = 0;
    for (uint64_t s = 0; s < ((uint64_t) 1 << (n - 1)); s++) {
        uint64_t side = s << 1;
        size_t cut = 0;
        for (size_t e = 0; e < m; e++)
            cut += ((side >> edges[e][0]) ^ (side >> edges[e][1])) & 1u;
        if (cut > best)
            best = cut;
    }
    return best;
}

START_TEST(random_graphs_against_brute_force_cuts)
{
    size_t(*edges)[2] = malloc(400 * sizeof *edges);
    for (uint64_t seed = 1; seed <= 3; seed++) {
        size_t n = 16 + 2 * (size_t) seed, m = 0; /* 18, 20, 22 */
        rng_state = seed;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (gauss() > 0.3) {
                    edges[m][0] = i;
                    edges[m++][1] = j;
                }
        double *L = laplacian(n, m, (const size_t(*)[2]) edges), lo, up;
        ck_assert_int_eq(bnb(n, L, 0.0, &lo, &up, NULL), 1);
        size_t cut = brute_maxcut(n, m, (const size_t(*)[2]) edges);
        ck_assert_msg(fabs(lo - 4.0 * (double) cut) <= 1e-9, "G(%zu, %zu edges): bnb %.17g, 4·maxcut %zu", n,
                      m, lo, 4 * cut);
        free(L);
    }
    free(edges);
}
END_TEST

START_TEST(time_budget_gives_a_certified_interval)
{
    /* Stopped right after the root: the interval must still contain the value. */
    size_t n = 26;
    double *H = wishart(n, n, 7), v = -1.0, lo, up;
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 0, NULL, NULL, &v, NULL), STEEPEST_OK);
    int exact = bnb(n, H, 1e-9, &lo, &up, NULL);
    ck_assert_msg(lo <= v * (1 + 1e-12) && v <= up * (1 + 1e-12), "[%.17g, %.17g] misses %.17g", lo, up, v);
    ck_assert(exact == 0 || lo == up);
    free(H);

    /* Far beyond reach: an interval inside Proposition 5's. */
    n = 90;
    H = wishart(n, n, 8);
    exact = bnb(n, H, 0.3, &lo, &up, NULL);
    double primal, dual, sum = 0.0;
    ck_assert_int_eq(steepest_matrix_lsep(n, H, 0, 0.0, 1, &primal, &dual, NULL, NULL), STEEPEST_OK);
    for (size_t i = 0; i < n * n; i++)
        sum += fabs(H[i]);
    ck_assert(lo >= (2.0 / 3.14159265358979) * dual * (1 - 1e-12));
    ck_assert(up <= sum * (1 + 1e-12));
    ck_assert(exact == 0 || lo == up);
    free(H);
}
END_TEST

typedef struct {
    int calls, cancel_at;
    double last;
    int backwards;
} Progress;

static int
on_progress(void *user_data, double fraction)
{
    Progress *p = user_data;
    p->backwards |= fraction < p->last || fraction > 1.0;
    p->last = fraction;
    return ++p->calls >= p->cancel_at;
}

START_TEST(progress_and_cancel)
{
    size_t n = 40;
    double *H = wishart(n, n, 3), lo, up;
    SteepestInducedOptions *o = steepest_induced_options_new();
    steepest_induced_options_set_time_budget(o, 0.0); /* no limit: must finish */
    Progress p = { 0, 1000000, 0.0, 0 };
    steepest_induced_options_set_progress(o, on_progress, &p);
    int exact = 0;
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(n, H, o, &lo, &up, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(exact, 1);
    ck_assert(p.calls > 0 && !p.backwards);
    Progress c = { 0, 1, 0.0, 0 };
    steepest_induced_options_set_progress(o, on_progress, &c);
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(n, H, o, &lo, &up, &exact, NULL),
                     STEEPEST_ERROR_CANCELLED);
    ck_assert_int_eq(c.calls, 1);
    steepest_induced_options_free(o);
    free(H);
}
END_TEST

START_TEST(exact_mode_uses_it_beyond_enumeration)
{
    /* d = 40 cannot be enumerated in time; EXACT must still be exact. */
    size_t n = 40;
    double *H = wishart(n, n, 11), lo, up, blo, bup;
    SteepestInducedOptions *o = steepest_induced_options_new();
    steepest_induced_options_set_mode(o, STEEPEST_INDUCED_EXACT);
    steepest_induced_options_set_time_budget(o, 0.0);
    int exact = 0;
    const char *method = NULL;
    ck_assert_int_eq(steepest_matrix_inf1(n, H, o, &lo, &up, &exact, &method), STEEPEST_OK);
    ck_assert_int_eq(exact, 1);
    ck_assert_msg(strstr(method, "branch and bound") != NULL, "%s", method);
    ck_assert_int_eq(bnb(n, H, 0.0, &blo, &bup, NULL), 1);
    ck_assert(fabs(lo - blo) <= 1e-12 * lo);
    /* And the bounds mode brackets it. */
    steepest_induced_options_set_mode(o, STEEPEST_INDUCED_BOUNDS);
    double l2, u2;
    ck_assert_int_eq(steepest_matrix_inf1(n, H, o, &l2, &u2, &exact, NULL), STEEPEST_OK);
    ck_assert(l2 <= lo * (1 + 1e-12) && lo <= u2 * (1 + 1e-12));
    steepest_induced_options_free(o);
    free(H);
}
END_TEST

START_TEST(bad_input)
{
    double lo, up;
    double N[4] = { 1, 2, 3, 4 }; /* not symmetric */
    double I[4] = { 1, 2, 2, 1 }; /* indefinite: eigenvalues 3, −1 */
    double F[4] = { 1, NAN, NAN, 1 };
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(2, N, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_NOT_SYMMETRIC);
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(2, I, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_NOT_PSD);
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(2, F, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(2, NULL, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(0, I, NULL, &lo, &up, NULL, NULL),
                     STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(2, I, NULL, NULL, &up, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    double one[1] = { -3.0 }, x[1];
    int exact = 0;
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(1, one, NULL, &lo, &up, &exact, x),
                     STEEPEST_ERROR_NOT_PSD);
    one[0] = 3.0;
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(1, one, NULL, &lo, &up, &exact, x), STEEPEST_OK);
    ck_assert(lo == 3.0 && up == 3.0 && exact == 1 && x[0] == 1.0);
    lo = up = -1;
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(1, one, NULL, &lo, &up, NULL, NULL), STEEPEST_OK);
    ck_assert(lo == 3.0 && up == 3.0);
    double P[4] = { 2, 1, 1, 2 };
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(2, P, NULL, &lo, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(strstr(steepest_last_error(), "steepest_matrix_inf1_branch_and_bound: upper is NULL") != NULL);
}
END_TEST

START_TEST(lsep_certificate_is_feasible)
{
    /* diag(l) − H ⪰ 0 for the l returned, checked by a fresh eigendecomposition. */
    for (size_t n = 5; n <= 125; n += 60) {
        double *H = wishart(n, n / 2 + 1, n), *S = malloc(n * n * sizeof *S), *l = malloc(n * sizeof *l);
        double primal, dual, sum = 0.0;
        ck_assert_int_eq(steepest_matrix_lsep(n, H, 0, 0.0, 3, &primal, &dual, l, NULL), STEEPEST_OK);
        for (size_t i = 0; i < n; i++) {
            sum += l[i];
            for (size_t j = 0; j < n; j++)
                S[i * n + j] = (i == j ? l[i] : 0.0) - H[i * n + j];
        }
        double *w = malloc(n * sizeof *w);
        ck_assert_int_eq(steepest_matrix_sym_eigenvalues(n, S, w), STEEPEST_OK);
        ck_assert_msg(w[0] >= 0.0, "n = %zu: λ_min(diag(l) − H) = %g", n, w[0]);
        ck_assert(dual <= primal && sum <= primal);
        ck_assert_msg(primal - dual <= 1e-6 * primal, "n = %zu: gap %g of %g", n, primal - dual, primal);
        free(H);
        free(S);
        free(l);
        free(w);
    }
}
END_TEST

START_TEST(spectrum_follows_the_matrix)
{
    /* The per-thread spectrum must notice a changed entry in the same array. */
    size_t n = 6;
    double H[36] = { 0 }, w[6];
    for (size_t i = 0; i < n; i++)
        H[i * n + i] = (double) (i + 1);
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(n, H, w), STEEPEST_OK);
    ck_assert(w[0] == 1.0 && w[5] == 6.0);
    H[0] = 100.0;
    double l2 = 0.0;
    ck_assert_int_eq(steepest_matrix_spectral_norm(n, H, &l2), STEEPEST_OK);
    ck_assert(l2 == 100.0);
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(n, H, w), STEEPEST_OK);
    ck_assert(w[0] == 2.0 && w[5] == 100.0);
    /* An off-diagonal pair: [[2, 1], [1, 2]] block has eigenvalues 1 and 3. */
    H[0] = 1.0;
    H[1 * n + 2] = H[2 * n + 1] = 0.5; /* rows 1, 2: [[2, .5], [.5, 3]] */
    int psd = 0;
    double lmin = 0.0;
    ck_assert_int_eq(steepest_matrix_is_psd(n, H, &psd, &lmin), STEEPEST_OK);
    ck_assert(psd && fabs(lmin - 1.0) <= 1e-15);
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(n, H, w), STEEPEST_OK);
    ck_assert(fabs(w[1] - (2.5 - sqrt(0.5))) <= 1e-14);
}
END_TEST

/* H + E with E antisymmetric, |E_ij| tiny: symmetric within
 * STEEPEST_MATRIX_SYMMETRY_TOL but not exactly, so the library works on the
 * symmetric part (H + Hᵀ)/2 = H.  Its answers must match H's own. */
static double *
perturbed(size_t n, const double *H, double eps)
{
    double *P = malloc(n * n * sizeof *P);
    memcpy(P, H, n * n * sizeof *P);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            P[i * n + j] += eps;
            P[j * n + i] -= eps;
        }
    return P;
}

START_TEST(nearly_symmetric_uses_the_symmetric_part)
{
    size_t n = 9;
    double *H = wishart(n, 4, 5), *P = perturbed(n, H, 1e-13);
    int exact_sym = 1;
    ck_assert_int_eq(steepest_matrix_is_symmetric(n, P, 0.0, &exact_sym), STEEPEST_OK);
    ck_assert_int_eq(exact_sym, 0);
    /* L_sep of the symmetric part, which is H */
    double p0, d0, p1, d1;
    ck_assert_int_eq(steepest_matrix_lsep(n, H, 0, 0.0, 1, &p0, &d0, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_lsep(n, P, 0, 0.0, 1, &p1, &d1, NULL, NULL), STEEPEST_OK);
    ck_assert_double_eq_tol(p1, p0, 1e-9 * p0);
    ck_assert_double_eq_tol(d1, d0, 1e-9 * d0);
    ck_assert_int_eq(steepest_matrix_lsep(n, P, 0, 0.0, 1, NULL, NULL, NULL, NULL), STEEPEST_OK);
    /* the bounds on ‖P‖_{∞,1} contain the enumerated value */
    double exact, lo, up;
    int ex = -1;
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, P, 1, NULL, NULL, &exact, NULL), STEEPEST_OK);
    SteepestInducedOptions *o = steepest_induced_options_new();
    steepest_induced_options_set_mode(o, STEEPEST_INDUCED_BOUNDS);
    ck_assert_int_eq(steepest_matrix_inf1(n, P, o, &lo, &up, &ex, NULL), STEEPEST_OK);
    ck_assert_msg(lo <= exact * (1 + 1e-12) && exact <= up * (1 + 1e-12), "[%.17g, %.17g] misses %.17g", lo,
                  up, exact);
    /* PSD: L_sep is an upper bound on max xᵀHx = ‖H‖_{∞,1} */
    ck_assert(exact <= p0 * (1 + 1e-12));
    steepest_induced_options_free(o);
    free(H);
    free(P);
}
END_TEST

START_TEST(lsep_overflow_and_bad_tolerance)
{
    /* all entries 1e308: PSD of rank one, L_sep = Σ_ij H_ij = 4e308 > DBL_MAX */
    double H[4] = { 1e308, 1e308, 1e308, 1e308 }, primal, dual;
    ck_assert_int_eq(steepest_matrix_lsep(2, H, 0, 0.0, 1, &primal, &dual, NULL, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "overflows"));
    double I[4] = { 1, 0, 0, 1 };
    ck_assert_int_eq(steepest_matrix_lsep(2, I, 0, NAN, 1, &primal, &dual, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "tolerance is NaN"));
    double A[4] = { 1, 0.5, -0.5, 1 }; /* not symmetric */
    ck_assert_int_eq(steepest_matrix_lsep(2, A, 0, 0.0, 1, &primal, &dual, NULL, NULL),
                     STEEPEST_ERROR_NOT_SYMMETRIC);
    double N[4] = { 1, 2, 2, 1 }; /* eigenvalues 3 and −1 */
    ck_assert_int_eq(steepest_matrix_lsep(2, N, 0, 0.0, 1, &primal, &dual, NULL, NULL),
                     STEEPEST_ERROR_NOT_PSD);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "positive semidefinite"));
    /* diag(2, 3): L_sep = trace = 2 + 3 (diag(l) = H is feasible and optimal) */
    /* the same refusals through a CSR operator (there Σ|H_ij| overflows first, and says so) */
    SteepestCsr *csr = NULL;
    SteepestOperator *op = NULL;
    const double *mats[3] = { H, I, N };
    const int want[3] = { STEEPEST_ERROR_NOT_FINITE, STEEPEST_ERROR_INVALID_ARGUMENT,
                          STEEPEST_ERROR_NOT_PSD };
    const char *said[3] = { "a sum of |H_ij| overflows the double range",
                            "steepest_operator_lsep: tolerance is NaN",
                            "steepest_operator_lsep: L_sep needs a positive" };
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(steepest_csr_from_dense(2, mats[k], &csr), STEEPEST_OK);
        ck_assert_int_eq(steepest_operator_new_csr(csr, &op), STEEPEST_OK);
        ck_assert_int_eq(steepest_operator_lsep(op, 0, k == 1 ? NAN : 0.0, 1, &primal, &dual, NULL, NULL),
                         want[k]);
        ck_assert_msg(strstr(steepest_last_error(), said[k]) != NULL, "%s", steepest_last_error());
        steepest_operator_free(op);
        steepest_csr_free(csr);
    }
    double D[4] = { 2, 0, 0, 3 };
    ck_assert_int_eq(steepest_matrix_lsep(2, D, 0, 0.0, 1, &primal, &dual, NULL, NULL), STEEPEST_OK);
    ck_assert(dual <= 5.0 * (1 + 1e-12) && 5.0 <= primal && primal <= 5.0 * (1 + 1e-9));
}
END_TEST

/* AUTO mode gives up enumeration for branch and bound (PSD) or bounds when
 * its estimated time exceeds the budget; n = 1 is exact in every mode. */
START_TEST(auto_mode_within_a_time_budget)
{
    size_t n = 20;
    double *H = wishart(n, n, 8), exact, lo, up;
    int ex = -1;
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 1, NULL, NULL, &exact, NULL), STEEPEST_OK);
    SteepestInducedOptions *o = steepest_induced_options_new();
    steepest_induced_options_set_time_budget(o, 1e-9);
    ck_assert_int_eq(steepest_matrix_inf1(n, H, o, &lo, &up, &ex, NULL), STEEPEST_OK);
    ck_assert_msg(lo <= exact * (1 + 1e-12) && exact <= up * (1 + 1e-12), "[%.17g, %.17g] misses %.17g", lo,
                  up, exact);
    /* H − 3I is indefinite (the Wishart spectrum spans about [0, 4]): no branch and bound, bounds only */
    for (size_t i = 0; i < n; i++)
        H[i * n + i] -= 3.0;
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 1, NULL, NULL, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_inf1(n, H, o, &lo, &up, &ex, NULL), STEEPEST_OK);
    ck_assert(ex == 0 && lo <= exact * (1 + 1e-12) && exact <= up * (1 + 1e-12));
    /* not symmetric: no branch and bound either, bounds that contain the enumerated value */
    H[1] += 0.5;
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 1, NULL, NULL, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_inf1(n, H, o, &lo, &up, &ex, NULL), STEEPEST_OK);
    ck_assert(ex == 0 && lo <= exact * (1 + 1e-12) && exact <= up * (1 + 1e-12));
    double one[1] = { -2.5 };
    for (int mode = STEEPEST_INDUCED_AUTO; mode <= STEEPEST_INDUCED_BOUNDS; mode++) {
        steepest_induced_options_set_mode(o, mode);
        ck_assert_int_eq(steepest_matrix_inf1(1, one, o, &lo, &up, &ex, NULL), STEEPEST_OK);
        ck_assert(lo == 2.5 && up == 2.5);
    }
    /* branch and bound without x or exact */
    double *W = wishart(6, 6, 2);
    ck_assert_int_eq(steepest_matrix_inf1_exact(6, W, 1, NULL, NULL, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_matrix_inf1_branch_and_bound(6, W, NULL, &lo, &up, NULL, NULL), STEEPEST_OK);
    ck_assert(fabs(lo - exact) <= 1e-12 * exact && lo == up);
    steepest_induced_options_free(o);
    free(H);
    free(W);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("inf1-bnb");
    TCase *tc = tcase_create("bnb");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, agrees_with_enumeration);
    tcase_add_test(tc, graph_laplacians_with_known_cuts);
    tcase_add_test(tc, random_graphs_against_brute_force_cuts);
    tcase_add_test(tc, time_budget_gives_a_certified_interval);
    tcase_add_test(tc, progress_and_cancel);
    tcase_add_test(tc, exact_mode_uses_it_beyond_enumeration);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, lsep_certificate_is_feasible);
    tcase_add_test(tc, spectrum_follows_the_matrix);
    tcase_add_test(tc, nearly_symmetric_uses_the_symmetric_part);
    tcase_add_test(tc, lsep_overflow_and_bad_tolerance);
    tcase_add_test(tc, auto_mode_within_a_time_budget);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
