/* test-operator-forms.c — the operator forms of the induced-norm, PSD, L_sep,
 * block-norm and analysis functions (steepest-operator.h) against the dense
 * functions on the same matrices.
 *
 * Dense operators must give the dense functions' numbers exactly.  CSR and
 * callback operators must give intervals that contain the dense (exact)
 * value, and agree with it to Lanczos accuracy where the header says they
 * are Ritz values.  Independent references: LAPACK eigenvalues of the dense
 * matrix (steepest_matrix_sym_eigenvalues), enumeration of sign vectors, and
 * block-diagonal rank-one matrices whose block norm is Σ_b ‖u_b‖₂² in
 * closed form.  Sizes stay small (n <= 120) for Valgrind. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"
#include "test-random.h"

/* B Bᵀ for a sparse B with three entries per row: PSD and sparse, not
 * diagonally dominant (Gershgorin cannot prove it PSD). */
static double *
random_sparse_psd(size_t n, uint64_t seed)
{
    rng_state = seed * 40503u + 11;
    double *B = calloc(n * n, sizeof *B), *H = calloc(n * n, sizeof *H);
    for (size_t i = 0; i < n; i++)
        for (int t = 0; t < 3; t++)
            B[i * n + (size_t) ((urand() + 1.0) * 0.5 * (double) n) % n] = urand();
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < n; k++)
                s += B[i * n + k] * B[j * n + k];
            H[i * n + j] = s;
        }
    for (size_t i = 0; i < n; i++) /* exactly symmetric */
        for (size_t j = 0; j < i; j++)
            H[i * n + j] = H[j * n + i];
    free(B);
    return H;
}

static double
lambda_min_of(size_t n, const double *H, double *lambda_max)
{
    double *w = malloc(n * sizeof *w);
    ck_assert_int_eq(steepest_matrix_sym_eigenvalues(n, H, w), STEEPEST_OK);
    double lo = w[0];
    if (lambda_max != NULL)
        *lambda_max = w[n - 1];
    free(w);
    return lo;
}

/* Products H v of a dense operator, as a foreign callback would give them. */
static int
dense_hv(void *user_data, size_t n, const double *v, double *out)
{
    (void) n;
    return steepest_operator_apply(user_data, v, out) == STEEPEST_OK ? 0 : 1;
}

typedef struct {
    size_t n;
    double *H;
    SteepestCsr *csr;
    SteepestOperator *dense, *sparse, *cb;
} Forms;

static Forms
forms_new(size_t n, double *H)
{
    Forms f = { n, H, NULL, NULL, NULL, NULL };
    ck_assert_int_eq(steepest_csr_from_dense(n, H, &f.csr), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_new_dense(n, H, &f.dense), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_new_csr(f.csr, &f.sparse), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_new_callback(n, dense_hv, f.dense, &f.cb), STEEPEST_OK);
    return f;
}

static void
forms_free(Forms *f)
{
    steepest_operator_free(f->dense);
    steepest_operator_free(f->sparse);
    steepest_operator_free(f->cb);
    steepest_csr_free(f->csr);
    free(f->H);
}

/* lo <= v <= up up to a relative rounding allowance. */
static void
assert_contains(const char *what, double lo, double v, double up, double tol)
{
    double s = fmax(1.0, fabs(v));
    ck_assert_msg(lo <= v + tol * s && v <= up + tol * s, "%s: [%.17g, %.17g] misses %.17g", what, lo, up, v);
}

/* ---- dense operators: the dense functions' numbers, exactly --------------- */

START_TEST(dense_operator_is_the_dense_function)
{
    for (uint64_t seed = 1; seed <= 4; seed++) {
        size_t n = 6 + 4 * seed;
        double *H = seed % 2 ? random_sparse_psd(n, seed) : random_sparse_symmetric(n, 0.5, seed);
        SteepestOperator *op = NULL;
        ck_assert_int_eq(steepest_operator_new_dense(n, H, &op), STEEPEST_OK);
        int psd0, psd1, cert;
        double l0, llo, lup;
        ck_assert_int_eq(steepest_matrix_is_psd(n, H, &psd0, &l0), STEEPEST_OK);
        ck_assert_int_eq(steepest_operator_is_psd(op, NULL, &psd1, &llo, &lup, &cert, NULL), STEEPEST_OK);
        ck_assert(psd0 == psd1 && cert == 1 && llo == l0 && lup == l0);
        ck_assert_int_eq(psd0, (int) (seed % 2)); /* B Bᵀ is PSD, the random symmetric ones are not */

        size_t start[3] = { 0, 2, n };
        double blo, bup, olo, oup;
        int bex, oex;
        ck_assert_int_eq(steepest_matrix_block_induced(n, H, 2, start, NULL, &blo, &bup, &bex, NULL),
                         STEEPEST_OK);
        ck_assert_int_eq(steepest_operator_block_induced(op, 2, start, NULL, &olo, &oup, &oex, &cert, NULL),
                         STEEPEST_OK);
        ck_assert(blo == olo && bup == oup && bex == oex && cert == 1);

        double v0, v1, *x0 = malloc(n * sizeof *x0), *x1 = malloc(n * sizeof *x1);
        ck_assert_int_eq(steepest_matrix_inf1_local_search(n, H, 5, 4, &v0, x0), STEEPEST_OK);
        ck_assert_int_eq(steepest_operator_inf1_local_search(op, 5, 4, &v1, x1), STEEPEST_OK);
        ck_assert(v0 == v1 && memcmp(x0, x1, n * sizeof *x0) == 0);

        double *g = malloc(n * sizeof *g);
        for (size_t i = 0; i < n; i++)
            g[i] = urand();
        if (psd0) {
            double p0, d0, p1, d1;
            ck_assert_int_eq(steepest_matrix_lsep(n, H, 0, 0, 3, &p0, &d0, NULL, NULL), STEEPEST_OK);
            ck_assert_int_eq(steepest_operator_lsep(op, 0, 0, 3, &p1, &d1, NULL, NULL), STEEPEST_OK);
            ck_assert(p0 == p1 && d0 == d1);
            double r0, r1, rlo, rhi, m0, m1;
            ck_assert_int_eq(steepest_analysis_eigen_ratio(n, H, &r0, NULL, &m0), STEEPEST_OK);
            ck_assert_int_eq(steepest_analysis_eigen_ratio_operator(op, NULL, &rlo, &rhi, &cert, &r1, &m1),
                             STEEPEST_OK);
            ck_assert(rlo == r0 && rhi == r0 && m1 == m0 && cert == 1);
            int ex;
            ck_assert_int_eq(steepest_analysis_improvement_ratio_bound(n, H, g, &r0), STEEPEST_OK);
            ck_assert_int_eq(steepest_analysis_improvement_ratio_bound_operator(op, g, NULL, &r1, &ex, &cert),
                             STEEPEST_OK);
            ck_assert(r0 == r1 && ex == 1 && cert == 1);
        }
        SteepestNorm *linf = NULL;
        ck_assert_int_eq(steepest_norm_new("linf", n, &linf), STEEPEST_OK);
        double dec0, dec1, L0, L1;
        int e0, e1;
        ck_assert_int_eq(steepest_analysis_guaranteed_decrease_matrix(linf, n, g, H, NULL, &dec0, &L0, &e0),
                         STEEPEST_OK);
        ck_assert_int_eq(steepest_analysis_guaranteed_decrease_operator(linf, op, g, NULL, &dec1, &L1, &e1,
                                                                        &cert),
                         STEEPEST_OK);
        ck_assert(dec0 == dec1 && L0 == L1 && e0 == e1 && cert == 1);
        steepest_norm_free(linf);

        const char *specs[] = { "l2", "linf", "l1", "block:size=2" };
        SteepestComparison *c0 = NULL, *c1 = NULL;
        ck_assert_int_eq(steepest_compare_quadratic(n, H, g, NULL, specs, 4, NULL, &c0), STEEPEST_OK);
        ck_assert_int_eq(steepest_compare_quadratic_operator(op, g, NULL, specs, 4, NULL, &c1), STEEPEST_OK);
        ck_assert_uint_eq(steepest_comparison_count(c0), 4);
        ck_assert_uint_eq(steepest_comparison_count(c1), 4);
        for (size_t r = 0; r < 4; r++) {
            const char *s0, *s1;
            double lo0, up0, lo1, up1, imp0, imp1;
            int gu0, gu1;
            steepest_comparison_get(c0, r, &s0, &lo0, &up0, NULL, NULL, NULL, &imp0, NULL, &gu0);
            steepest_comparison_get(c1, r, &s1, &lo1, &up1, NULL, NULL, NULL, &imp1, NULL, &gu1);
            ck_assert_str_eq(s0, s1);
            ck_assert(lo0 == lo1 && up0 == up1 && imp0 == imp1 && gu0 == 1 && gu1 == 1);
        }
        steepest_comparison_free(c0);
        steepest_comparison_free(c1);
        free(g);
        free(x0);
        free(x1);
        steepest_operator_free(op);
        free(H);
    }
}
END_TEST

/* ---- CSR and callbacks against the dense values ---------------------------- */

static void
check_psd_forms(const Forms *f, int want_psd)
{
    double lmax, lmin = lambda_min_of(f->n, f->H, &lmax), scale = fmax(fabs(lmin), fabs(lmax));
    SteepestOperator *ops[] = { f->sparse, f->cb };
    for (int k = 0; k < 2; k++) {
        int psd = -1, cert = -1;
        double lo, up;
        const char *how = NULL;
        if (!steepest_operator_lanczos_available() && f->n > 48) {
            /* no ARPACK: only CSR can decide, from its entries, when they do */
            int st = steepest_operator_is_psd(ops[k], NULL, &psd, &lo, &up, &cert, &how);
            ck_assert(st == STEEPEST_OK || st == STEEPEST_ERROR_UNSUPPORTED);
            continue;
        }
        ck_assert_int_eq(steepest_operator_is_psd(ops[k], NULL, &psd, &lo, &up, &cert, &how), STEEPEST_OK);
        ck_assert_msg(psd == want_psd, "kind %d: psd %d (%s)", k, psd, how);
        assert_contains("lambda_min", lo, lmin, up, 1e-10 * scale);
        if (f->n <= 48) {
            /* the matrix from n products: exact and certified */
            ck_assert_double_eq_tol(lo, lmin, 1e-12 * scale);
            ck_assert_double_eq_tol(up, lmin, 1e-12 * scale);
            ck_assert_int_eq(cert, 1);
        } else {
            /* Lanczos: the Ritz value is accurate; a refutation is certified,
             * PSD-ness is not (B Bᵀ is not diagonally dominant) */
            ck_assert_double_eq_tol(up, lmin, 1e-9 * scale);
            ck_assert_int_eq(cert, !want_psd);
        }
    }
}

START_TEST(csr_and_callback_psd)
{
    size_t sizes[] = { 20, 90 };
    for (int s = 0; s < 2; s++)
        for (uint64_t seed = 1; seed <= 3; seed++) {
            size_t n = sizes[s];
            Forms f = forms_new(n, random_sparse_psd(n, seed));
            check_psd_forms(&f, 1);
            forms_free(&f);
            f = forms_new(n, random_sparse_symmetric(n, 0.1, seed));
            check_psd_forms(&f, 0);
            forms_free(&f);
        }
    /* Diagonally dominant: Gershgorin proves PSD-ness of the CSR matrix at any n. */
    size_t n = 100;
    double *H = random_sparse_symmetric(n, 0.05, 9);
    for (size_t i = 0; i < n; i++) {
        double r = 0;
        for (size_t j = 0; j < n; j++)
            r += j != i ? fabs(H[i * n + j]) : 0;
        H[i * n + i] = r + 0.5;
    }
    Forms f = forms_new(n, H);
    int psd, cert;
    double lo, up, lmin = lambda_min_of(n, H, NULL);
    int st = steepest_operator_is_psd(f.sparse, NULL, &psd, &lo, &up, &cert, NULL);
    ck_assert_int_eq(st, STEEPEST_OK); /* with or without ARPACK */
    ck_assert(psd == 1 && cert == 1 && lo >= 0.5 * (1 - 1e-12));
    assert_contains("Gershgorin", lo, lmin, up, 1e-12);
    forms_free(&f);
}
END_TEST

START_TEST(csr_lsep_matches_dense)
{
    for (uint64_t seed = 1; seed <= 4; seed++) {
        size_t n = 15 + 20 * seed;
        Forms f = forms_new(n, random_sparse_psd(n, seed));
        double p0, d0, p1, d1, *l = malloc(n * sizeof *l);
        ck_assert_int_eq(steepest_matrix_lsep(n, f.H, 0, 0, 7, &p0, &d0, NULL, NULL), STEEPEST_OK);
        int st = steepest_operator_lsep(f.sparse, 0, 0, 7, &p1, &d1, l, NULL);
        ck_assert_msg(st == STEEPEST_OK, "%s", steepest_last_error());
        /* both intervals contain L_sep, and both are tight */
        ck_assert(d1 <= p0 * (1 + 1e-12) && d0 <= p1 * (1 + 1e-12));
        ck_assert_msg(p1 - d1 <= 1e-6 * p1, "CSR gap [%g, %g]", d1, p1);
        ck_assert_double_eq_tol(p1, p0, 1e-6 * p0);
        /* l is feasible: diag(l) − H ⪰ 0 (LAPACK), and Σ l_i is the primal */
        double *M = malloc(n * n * sizeof *M), sum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += l[i];
            for (size_t j = 0; j < n; j++)
                M[i * n + j] = (i == j ? l[i] : 0) - f.H[i * n + j];
        }
        ck_assert_double_eq_tol(sum, p1, 1e-12 * p1);
        ck_assert(lambda_min_of(n, M, NULL) >= -1e-12 * p1);
        free(M);
        free(l);
        /* products alone cannot give L_sep */
        ck_assert_int_eq(steepest_operator_lsep(f.cb, 0, 0, 7, &p1, &d1, NULL, NULL),
                         STEEPEST_ERROR_UNSUPPORTED);
        ck_assert(strstr(steepest_last_error(), "entries") != NULL);
        forms_free(&f);
    }
}
END_TEST

/* H = blockdiag(u_b u_bᵀ): ‖H‖_B = Σ_b ‖u_b‖₂² (each block's own ℓ2 norm, the
 * blocks being independent), and ‖H_bb‖_F = ‖H_bb‖₂ for rank one, so the
 * upper bound from the entries is that value too. */
START_TEST(block_forms)
{
    rng_state = 5;
    size_t n = 60, m = 12, start[13];
    for (size_t b = 0; b <= m; b++)
        start[b] = b * 5;
    double *H = calloc(n * n, sizeof *H), exact = 0;
    for (size_t b = 0; b < m; b++) {
        double u[5], uu = 0;
        for (int i = 0; i < 5; i++) {
            u[i] = urand();
            uu += u[i] * u[i];
        }
        exact += uu;
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                H[(start[b] + (size_t) i) * n + start[b] + (size_t) j] = u[i] * u[j];
    }
    Forms f = forms_new(n, H);
    SteepestOperator *ops[] = { f.dense, f.sparse, f.cb };
    for (int k = 0; k < 3; k++) {
        double lo, up;
        int ex, cert;
        ck_assert_int_eq(steepest_operator_block_induced(ops[k], m, start, NULL, &lo, &up, &ex, &cert, NULL),
                         STEEPEST_OK);
        ck_assert_int_eq(cert, 1);
        assert_contains("block norm", lo, exact, up, 1e-12);
        ck_assert_msg(up - lo <= 1e-10 * exact, "kind %d: [%.17g, %.17g] should close on %.17g", k, lo, up,
                      exact);
    }
    forms_free(&f);

    /* General H: every interval contains the norm, so they meet the dense one. */
    for (uint64_t seed = 1; seed <= 3; seed++) {
        n = 30 + 10 * seed;
        f = forms_new(n, random_sparse_symmetric(n, 0.2, seed + 20));
        size_t st3[4] = { 0, 7, 20, n };
        double dlo, dup;
        ck_assert_int_eq(steepest_matrix_block_induced(n, f.H, 3, st3, NULL, &dlo, &dup, NULL, NULL),
                         STEEPEST_OK);
        for (int k = 1; k < 3; k++) {
            double lo, up;
            int cert;
            ck_assert_int_eq(steepest_operator_block_induced(k == 1 ? f.sparse : f.cb, 3, st3, NULL, &lo, &up,
                                                             NULL, &cert, NULL),
                             STEEPEST_OK);
            ck_assert(cert == 1 && lo <= up);
            ck_assert_msg(lo <= dup * (1 + 1e-12) && dlo <= up * (1 + 1e-12), "[%g, %g] vs dense [%g, %g]",
                          lo, up, dlo, dup);
            /* the entry bound is no looser than Σ_bc ‖H_bc‖_F <= m·‖H‖_F */
            double fro = 0;
            for (size_t i = 0; i < n * n; i++)
                fro += f.H[i] * f.H[i];
            ck_assert(up <= 3 * sqrt(fro) * (1 + 1e-12));
        }
        /* blocks of size 1 and one block are the ℓ∞ and ℓ2 operator forms */
        size_t ones[64], one[2] = { 0, n };
        for (size_t i = 0; i <= n; i++)
            ones[i] = i;
        double a, b, c, d;
        ck_assert_int_eq(steepest_operator_block_induced(f.sparse, n, ones, NULL, &a, &b, NULL, NULL, NULL),
                         STEEPEST_OK);
        ck_assert_int_eq(steepest_operator_inf1(f.sparse, NULL, &c, &d, NULL, NULL, NULL), STEEPEST_OK);
        ck_assert(a == c && b == d);
        if (steepest_operator_lanczos_available()) {
            ck_assert_int_eq(steepest_operator_block_induced(f.sparse, 1, one, NULL, &a, &b, NULL, NULL,
                                                             NULL),
                             STEEPEST_OK);
            ck_assert_int_eq(steepest_operator_spectral_norm(f.sparse, NULL, &c, &d, NULL, NULL),
                             STEEPEST_OK);
            ck_assert(a == c && b == d);
        }
        forms_free(&f);
    }
}
END_TEST

START_TEST(local_search_forms)
{
    for (uint64_t seed = 1; seed <= 4; seed++) {
        size_t n = 10 + 2 * seed;
        Forms f = forms_new(n, random_sparse_symmetric(n, 0.4, seed + 30));
        double exact;
        ck_assert_int_eq(steepest_matrix_inf1_exact(n, f.H, 1, NULL, NULL, &exact, NULL), STEEPEST_OK);
        SteepestOperator *ops[] = { f.sparse, f.cb };
        for (int k = 0; k < 2; k++) {
            double v, *x = malloc(n * sizeof *x);
            ck_assert_int_eq(steepest_operator_inf1_local_search(ops[k], 3, 8, &v, x), STEEPEST_OK);
            /* the value is that of the sign vector returned, computed here from the dense H */
            double hx1 = 0;
            for (size_t i = 0; i < n; i++) {
                double s = 0;
                ck_assert(x[i] == 1.0 || x[i] == -1.0);
                for (size_t j = 0; j < n; j++)
                    s += f.H[i * n + j] * x[j];
                hx1 += fabs(s);
            }
            ck_assert_double_eq_tol(v, hx1, 1e-12 * exact);
            ck_assert(v <= exact * (1 + 1e-12));
            free(x);
        }
        forms_free(&f);
    }
}
END_TEST

START_TEST(analysis_forms)
{
    size_t sizes[] = { 24, 70, 110 };
    for (int s = 0; s < 3; s++) {
        size_t n = sizes[s];
        Forms f = forms_new(n, random_sparse_psd(n, (uint64_t) s + 3));
        double *g = malloc(n * sizeof *g);
        for (size_t i = 0; i < n; i++)
            g[i] = urand();
        int lanczos = steepest_operator_lanczos_available() || n <= 48;
        double r0, lmax0, mean0, b0;
        ck_assert_int_eq(steepest_analysis_eigen_ratio(n, f.H, &r0, &lmax0, &mean0), STEEPEST_OK);
        ck_assert_int_eq(steepest_analysis_improvement_ratio_bound(n, f.H, g, &b0), STEEPEST_OK);
        SteepestOperator *ops[] = { f.sparse, f.cb };
        for (int k = 0; k < 2 && lanczos; k++) {
            double lo, hi, lmax, mean, b;
            int cert, ex;
            ck_assert_int_eq(steepest_analysis_eigen_ratio_operator(ops[k], NULL, &lo, &hi, &cert, &lmax,
                                                                    &mean),
                             STEEPEST_OK);
            ck_assert_int_eq(cert, 1);
            assert_contains("lambda_max/mean", lo, r0, hi, 1e-12);
            ck_assert_double_eq_tol(lo, r0, 1e-9 * r0); /* the Ritz value is accurate */
            ck_assert_double_eq_tol(mean, mean0, 1e-13 * mean0);
            ck_assert_double_eq_tol(lmax, lmax0, 1e-9 * lmax0);
            ck_assert(lmax <= lmax0 * (1 + 1e-14));
            ck_assert(hi <= (double) n);
            ck_assert_int_eq(steepest_analysis_improvement_ratio_bound_operator(ops[k], g, NULL, &b, &ex,
                                                                                &cert),
                             STEEPEST_OK);
            ck_assert(cert == 1 && ex == (n <= 48));
            ck_assert_msg(b <= b0 * (1 + 1e-12) && b >= b0 * (1 - 1e-9), "Eq. 13: %.17g vs dense %.17g", b,
                          b0);
        }
        /* Lemma 2 with L from the operator: the decrease from the upper bound */
        const char *specs[] = { "l2", "linf", "l1" };
        for (int t = 0; t < 3 && lanczos; t++) {
            SteepestNorm *norm = NULL;
            ck_assert_int_eq(steepest_norm_new(specs[t], n, &norm), STEEPEST_OK);
            double d0, L0, lo, up, dual;
            ck_assert_int_eq(steepest_analysis_guaranteed_decrease_matrix(norm, n, g, f.H, NULL, &d0, &L0,
                                                                          NULL),
                             STEEPEST_OK);
            ck_assert_int_eq(steepest_norm_induced(norm, n, f.H, NULL, &lo, &up, NULL, NULL), STEEPEST_OK);
            steepest_norm_dual_norm(norm, n, g, &dual);
            for (int k = 0; k < 2; k++) {
                double d, L;
                int cert;
                ck_assert_int_eq(steepest_analysis_guaranteed_decrease_operator(norm, ops[k], g, NULL, &d, &L,
                                                                                NULL, &cert),
                                 STEEPEST_OK);
                ck_assert(L >= lo * (1 - 1e-12)); /* an upper bound on ‖H‖ */
                ck_assert_double_eq_tol(d, dual * dual / (2 * L), 1e-14 * d);
                /* certified: CSR always; callbacks for l1 and linf (entries from n columns), l2 only when exact */
                ck_assert_int_eq(cert, k == 0 || t > 0 || n <= 48);
                if (t == 2)
                    ck_assert_double_eq_tol(d, d0, 1e-14 * d0); /* ℓ1: max|H_ij|, exact on every kind */
            }
            steepest_norm_free(norm);
        }
        /* the comparison: each interval contains the dense one's exact L */
        for (int k = 0; k < 2 && lanczos; k++) {
            SteepestComparison *c0 = NULL, *c1 = NULL;
            ck_assert_int_eq(steepest_compare_quadratic(n, f.H, g, g, specs, 3, NULL, &c0), STEEPEST_OK);
            ck_assert_int_eq(steepest_compare_quadratic_operator(ops[k], g, g, specs, 3, NULL, &c1),
                             STEEPEST_OK);
            for (size_t r = 0; r < 3; r++) {
                const char *s0;
                double lo0, up0, dual0;
                steepest_comparison_get(c0, r, &s0, &lo0, &up0, NULL, NULL, &dual0, NULL, NULL, NULL);
                for (size_t q = 0; q < 3; q++) {
                    const char *s1;
                    double lo1, up1, dual1, imp1;
                    int gu;
                    steepest_comparison_get(c1, q, &s1, &lo1, &up1, NULL, NULL, &dual1, &imp1, NULL, &gu);
                    if (strcmp(s0, s1) != 0)
                        continue;
                    ck_assert(lo1 <= up0 * (1 + 1e-12) && lo0 <= up1 * (1 + 1e-12));
                    ck_assert_double_eq_tol(dual1, dual0, 1e-12 * dual0);
                    ck_assert_double_eq_tol(imp1, dual1 * dual1 / up1, 1e-14 * imp1);
                    ck_assert_int_eq(gu, k == 0 || strcmp(s1, "l2") != 0 || n <= 48);
                }
            }
            steepest_comparison_free(c0);
            steepest_comparison_free(c1);
        }
        /* every loaded norm: those without a sparse method are skipped, saying why */
        SteepestComparison *c = NULL;
        if (lanczos) {
            ck_assert_int_eq(steepest_compare_quadratic_operator(f.sparse, g, NULL, NULL, 0, NULL, &c),
                             STEEPEST_OK);
            ck_assert_uint_ge(steepest_comparison_count(c), 3);
            for (size_t i = 0; i < steepest_comparison_skipped_count(c); i++) {
                int status;
                const char *why;
                steepest_comparison_get_skipped(c, i, NULL, &status, &why);
                ck_assert(status == STEEPEST_ERROR_UNSUPPORTED || status == STEEPEST_ERROR_PARAMETER);
                ck_assert(why != NULL && why[0] != '\0');
            }
            steepest_comparison_free(c);
        }
        free(g);
        forms_free(&f);
    }
}
END_TEST

/* ∇(½xᵀHx) = Hx: the finite-difference operator's forms are estimates. */
static int
quad_grad(void *user_data, size_t n, const double *x, double *g)
{
    return steepest_operator_apply(user_data, x, g) == STEEPEST_OK ? 0 : (int) n;
}

START_TEST(gradient_forms_are_never_certified)
{
    size_t n = 20;
    Forms f = forms_new(n, random_sparse_psd(n, 17));
    double *x = calloc(n, sizeof *x), *g = malloc(n * sizeof *g);
    for (size_t i = 0; i < n; i++)
        g[i] = urand();
    SteepestOperator *fd = NULL;
    ck_assert_int_eq(steepest_operator_new_gradient(n, quad_grad, f.dense, x, 0, &fd), STEEPEST_OK);
    int psd, cert, ex;
    double lo, hi, r0, b;
    ck_assert_int_eq(steepest_operator_is_psd(fd, NULL, &psd, NULL, NULL, &cert, NULL), STEEPEST_OK);
    ck_assert(psd == 1 && cert == 0);
    ck_assert_int_eq(steepest_analysis_eigen_ratio(n, f.H, &r0, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_analysis_eigen_ratio_operator(fd, NULL, &lo, &hi, &cert, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_int_eq(cert, 0);
    ck_assert_double_eq_tol(lo, r0, 1e-6 * r0); /* finite differences of a quadratic: accurate, not exact */
    ck_assert_int_eq(steepest_analysis_improvement_ratio_bound_operator(fd, g, NULL, &b, &ex, &cert),
                     STEEPEST_OK);
    ck_assert_int_eq(cert, 0);
    size_t start[3] = { 0, 10, 20 };
    ck_assert_int_eq(steepest_operator_block_induced(fd, 2, start, NULL, &lo, &hi, NULL, &cert, NULL),
                     STEEPEST_OK);
    ck_assert_int_eq(cert, 0);
    SteepestNorm *l1 = NULL;
    steepest_norm_new("l1", n, &l1);
    ck_assert_int_eq(steepest_analysis_guaranteed_decrease_operator(l1, fd, g, NULL, &b, NULL, &ex, &cert),
                     STEEPEST_OK);
    ck_assert(cert == 0 && ex == 0);
    steepest_norm_free(l1);
    steepest_operator_free(fd);
    free(x);
    free(g);
    forms_free(&f);
}
END_TEST

/* A CSR matrix within the symmetry tolerance but not exactly symmetric is
 * answered on its symmetric part, as the dense kernels do. */
START_TEST(nearly_symmetric_csr_uses_the_symmetric_part)
{
    size_t n = 30;
    double *H = random_sparse_psd(n, 23);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (H[i * n + j] != 0)
                H[i * n + j] *= 1 + 1e-14;
    Forms f = forms_new(n, H);
    double p0, d0, p1, d1, r0, lo, hi;
    ck_assert_int_eq(steepest_matrix_lsep(n, f.H, 0, 0, 1, &p0, &d0, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_lsep(f.sparse, 0, 0, 1, &p1, &d1, NULL, NULL), STEEPEST_OK);
    ck_assert(d1 <= p0 * (1 + 1e-12) && d0 <= p1 * (1 + 1e-12));
    ck_assert_int_eq(steepest_analysis_eigen_ratio(n, f.H, &r0, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_analysis_eigen_ratio_operator(f.sparse, NULL, &lo, &hi, NULL, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_double_eq_tol(lo, r0, 1e-12 * r0);
    forms_free(&f);

    /* an entry whose mirror is not stored at all (H_02 = 1e-13, H_20 absent):
     * the symmetric part merges rows of different patterns, M_02 = M_20 = 5e-14 */
    double *G = calloc(9, sizeof *G), M[9] = { 2, 0, 5e-14, 0, 3, 0, 5e-14, 0, 4 };
    G[0] = 2;
    G[4] = 3;
    G[8] = 4;
    G[2] = 1e-13;
    f = forms_new(3, G);
    ck_assert_int_eq(steepest_analysis_eigen_ratio(3, M, &r0, NULL, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_analysis_eigen_ratio_operator(f.sparse, NULL, &lo, &hi, NULL, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_double_eq_tol(lo, r0, 1e-12 * r0);
    forms_free(&f);
}
END_TEST

/* ---- errors name what was wrong -------------------------------------------- */

static void
expect(int status, int want, const char *fragment)
{
    ck_assert_msg(status == want, "status %d, want %d (%s)", status, want, steepest_last_error());
    ck_assert_msg(strstr(steepest_last_error(), fragment) != NULL, "message '%s' lacks '%s'",
                  steepest_last_error(), fragment);
}

static int
zero_hv(void *user_data, size_t n, const double *v, double *out)
{
    (void) user_data;
    (void) v;
    memset(out, 0, n * sizeof *out);
    return 0;
}

START_TEST(operator_form_errors)
{
    double v, w;
    int psd, i;
    SteepestComparison *cmp = NULL;
    size_t start[3] = { 0, 1, 3 };
    double g[3] = { 1, 2, 3 };
    expect(steepest_operator_is_psd(NULL, NULL, &psd, NULL, NULL, NULL, NULL),
           STEEPEST_ERROR_INVALID_ARGUMENT, "operator is NULL");
    expect(steepest_operator_lsep(NULL, 0, 0, 0, &v, &w, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT,
           "operator is NULL");
    expect(steepest_operator_block_induced(NULL, 2, start, NULL, &v, &w, NULL, NULL, NULL),
           STEEPEST_ERROR_INVALID_ARGUMENT, "operator is NULL");
    expect(steepest_operator_inf1_local_search(NULL, 0, 0, &v, NULL), STEEPEST_ERROR_INVALID_ARGUMENT,
           "operator is NULL");
    expect(steepest_analysis_eigen_ratio_operator(NULL, NULL, &v, &w, NULL, NULL, NULL),
           STEEPEST_ERROR_INVALID_ARGUMENT, "op is NULL");
    expect(steepest_analysis_improvement_ratio_bound_operator(NULL, g, NULL, &v, NULL, NULL),
           STEEPEST_ERROR_INVALID_ARGUMENT, "op is NULL");
    expect(steepest_compare_quadratic_operator(NULL, g, NULL, NULL, 0, NULL, &cmp),
           STEEPEST_ERROR_INVALID_ARGUMENT, "op is NULL");
    ck_assert(cmp == NULL);

    /* not symmetric, indefinite, zero */
    double A[9] = { 2, 1, 0, 0, 2, 0, 0, 0, 2 };
    Forms f = forms_new(3, memcpy(malloc(sizeof A), A, sizeof A));
    expect(steepest_operator_is_psd(f.sparse, NULL, &psd, NULL, NULL, NULL, NULL),
           STEEPEST_ERROR_NOT_SYMMETRIC, "not symmetric");
    expect(steepest_operator_lsep(f.sparse, 0, 0, 0, &v, &w, NULL, NULL), STEEPEST_ERROR_NOT_SYMMETRIC,
           "not symmetric");
    expect(steepest_analysis_eigen_ratio_operator(f.sparse, NULL, &v, &w, NULL, NULL, NULL),
           STEEPEST_ERROR_NOT_SYMMETRIC, "row 0");
    expect(steepest_operator_is_psd(f.sparse, NULL, NULL, NULL, NULL, NULL, NULL),
           STEEPEST_ERROR_INVALID_ARGUMENT, "psd is NULL");
    expect(steepest_operator_block_induced(f.sparse, 3, (size_t[]){ 0, 2, 2, 3 }, NULL, &v, &w, NULL, NULL,
                                           NULL),
           STEEPEST_ERROR_INVALID_ARGUMENT, "block 1 is empty");
    SteepestInducedOptions *opts = steepest_induced_options_new();
    steepest_induced_options_set_mode(opts, STEEPEST_INDUCED_EXACT);
    expect(steepest_operator_block_induced(f.sparse, 2, start, opts, &v, &w, NULL, NULL, NULL),
           STEEPEST_ERROR_UNSUPPORTED, "exact block induced norm");
    steepest_induced_options_free(opts);
    forms_free(&f);

    double B[9] = { 1, 0, 0, 0, -1, 0, 0, 0, 1 };
    f = forms_new(3, memcpy(malloc(sizeof B), B, sizeof B));
    ck_assert_int_eq(steepest_operator_is_psd(f.sparse, NULL, &psd, NULL, &v, &i, NULL), STEEPEST_OK);
    ck_assert(psd == 0 && i == 1 && v == -1);
    expect(steepest_operator_lsep(f.sparse, 0, 0, 0, &v, &w, NULL, NULL), STEEPEST_ERROR_NOT_PSD,
           "positive semidefinite");
    expect(steepest_analysis_eigen_ratio_operator(f.cb, NULL, &v, &w, NULL, NULL, NULL),
           STEEPEST_ERROR_NOT_PSD, "not positive semidefinite");
    expect(steepest_analysis_improvement_ratio_bound_operator(f.sparse, g, NULL, &v, NULL, NULL),
           STEEPEST_ERROR_NOT_PSD, "not positive semidefinite");
    double zero[3] = { 0, 0, 0 };
    expect(steepest_analysis_improvement_ratio_bound_operator(f.sparse, zero, NULL, &v, NULL, NULL),
           STEEPEST_ERROR_INVALID_ARGUMENT, "undefined for z = 0");
    SteepestNorm *l2 = NULL;
    steepest_norm_new("l2", 4, &l2);
    expect(steepest_analysis_guaranteed_decrease_operator(l2, f.sparse, g, NULL, &v, NULL, NULL, NULL),
           STEEPEST_ERROR_DIMENSION, "dimension 4");
    steepest_norm_free(l2);
    forms_free(&f);

    f = forms_new(3, calloc(9, sizeof(double)));
    expect(steepest_analysis_eigen_ratio_operator(f.sparse, NULL, &v, &w, NULL, NULL, NULL),
           STEEPEST_ERROR_INVALID_ARGUMENT, "H is zero");
    expect(steepest_compare_quadratic_operator(f.sparse, g, NULL, NULL, 0, NULL, &cmp),
           STEEPEST_ERROR_INVALID_ARGUMENT, "H = 0");
    forms_free(&f);

    /* a zero callback: found from its norm's upper bound 0 */
    SteepestOperator *z = NULL;
    steepest_operator_new_callback(3, zero_hv, NULL, &z);
    const char *l1[] = { "l1" };
    expect(steepest_compare_quadratic_operator(z, g, NULL, l1, 1, NULL, &cmp),
           STEEPEST_ERROR_INVALID_ARGUMENT, "zero Hessian");
    steepest_operator_free(z);
    /* a large callback: its exact trace would take n products */
    steepest_operator_new_callback(STEEPEST_OPERATOR_COLUMN_LIMIT + 1, zero_hv, NULL, &z);
    expect(steepest_analysis_eigen_ratio_operator(z, NULL, &v, &w, NULL, NULL, NULL),
           STEEPEST_ERROR_UNSUPPORTED, "STEEPEST_OPERATOR_COLUMN_LIMIT");
    steepest_operator_free(z);
}
END_TEST

static int
failing_hv(void *user_data, size_t n, const double *v, double *out)
{
    (void) user_data;
    (void) n;
    (void) v;
    (void) out;
    return 7;
}

/* The operator forms of ρ_diag and λ_max/λ̄ pass a failing callback's status
 * on, and fill only the outputs asked for, with the dense values. */
START_TEST(analysis_operator_optional_outputs_and_callback_failure)
{
    SteepestOperator *bad = NULL;
    ck_assert_int_eq(steepest_operator_new_callback(3, failing_hv, NULL, &bad), STEEPEST_OK);
    double v = 42, w = 42, g[3] = { 1, -2, 0.5 };
    expect(steepest_analysis_rho_diag_operator(bad, &v), STEEPEST_ERROR_CALLBACK, "callback returned 7");
    expect(steepest_analysis_eigen_ratio_operator(bad, NULL, &v, &w, NULL, NULL, NULL),
           STEEPEST_ERROR_CALLBACK, "callback returned 7");
    expect(steepest_analysis_improvement_ratio_bound_operator(bad, g, NULL, &v, NULL, NULL),
           STEEPEST_ERROR_CALLBACK, "callback returned 7");
    ck_assert(v == 42 && w == 42);
    steepest_operator_free(bad);

    double *H = random_sparse_psd(12, 5);
    for (size_t i = 0; i < 12; i++)
        H[i * 12 + i] += 1.0; /* PD, so λ̄ > 0 */
    Forms f = forms_new(12, H);
    double r = 0, lmax = 0, lmean = 0, up = 0, bound = 0, dense_bound = 0;
    ck_assert_int_eq(steepest_analysis_eigen_ratio(12, H, &r, &lmax, &lmean), STEEPEST_OK);
    /* n <= STEEPEST_OPERATOR_DENSE_EIG_MAX: the interval closes on the dense ratio */
    ck_assert_int_eq(steepest_analysis_eigen_ratio_operator(f.sparse, NULL, NULL, &up, NULL, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_double_eq_tol(up, r, 1e-12 * r);
    double x[12] = { 1, -1, 2, 0, 3, 1, -1, 2, 0, 1, 1, -2 };
    ck_assert_int_eq(steepest_analysis_improvement_ratio_bound(12, H, x, &dense_bound), STEEPEST_OK);
    ck_assert_int_eq(steepest_analysis_improvement_ratio_bound_operator(f.sparse, x, NULL, &bound, NULL,
                                                                        NULL),
                     STEEPEST_OK);
    ck_assert_double_eq_tol(bound, dense_bound, 1e-12 * dense_bound);
    expect(steepest_analysis_improvement_ratio_bound_operator(f.sparse, g, NULL, NULL, NULL, NULL),
           STEEPEST_ERROR_INVALID_ARGUMENT, "bound is NULL");
    forms_free(&f);
}
END_TEST

static int
cancel_now(void *user_data, double fraction)
{
    (void) fraction;
    ++*(int *) user_data;
    return 1;
}

/* The block form fills only the outputs asked for, with the values the full
 * call gives, and stops when the progress callback says so. */
START_TEST(block_form_optional_outputs_and_cancel)
{
    size_t n = 12, start[4] = { 0, 3, 7, 12 };
    Forms f = forms_new(n, random_sparse_psd(n, 9));
    double lo = 0, up = 0, up_only = -1, lo_only = -1;
    int ex = -1, cert = -1;
    const char *method = NULL;
    ck_assert_int_eq(steepest_operator_block_induced(f.sparse, 3, start, NULL, &lo, &up, &ex, &cert, &method),
                     STEEPEST_OK);
    ck_assert(lo <= up && cert == 1 && method != NULL && strstr(method, "certified") != NULL);
    ck_assert_int_eq(steepest_operator_block_induced(f.sparse, 3, start, NULL, NULL, &up_only, NULL, NULL,
                                                     NULL),
                     STEEPEST_OK);
    ck_assert_double_eq(up_only, up); /* the entry bound does not depend on the ascent */
    ck_assert_int_eq(steepest_operator_block_induced(f.sparse, 3, start, NULL, &lo_only, NULL, NULL, NULL,
                                                     NULL),
                     STEEPEST_OK);
    ck_assert_double_eq(lo_only, lo); /* the same seed: the same ascent */
    /* the dense form is certified; one block is the spectral norm, whose exact flag is 0 here */
    ck_assert_int_eq(steepest_operator_block_induced(f.dense, 3, start, NULL, &lo, &up, NULL, NULL, NULL),
                     STEEPEST_OK);
    size_t one[2] = { 0, 12 };
    double l2 = 0;
    ck_assert_int_eq(steepest_matrix_spectral_norm(n, f.H, &l2), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_block_induced(f.sparse, 1, one, NULL, NULL, &up, &ex, NULL, NULL),
                     STEEPEST_OK);
    ck_assert(ex == 0 && up >= l2 * (1 - 1e-12));
    SteepestInducedOptions *o = steepest_induced_options_new();
    int calls = 0;
    steepest_induced_options_set_progress(o, cancel_now, &calls);
    expect(steepest_operator_block_induced(f.sparse, 3, start, o, &lo, &up, NULL, NULL, NULL),
           STEEPEST_ERROR_CANCELLED, "block induced norm cancelled by the progress callback");
    ck_assert_int_eq(calls, 1);
    steepest_induced_options_free(o);
    forms_free(&f);
}
END_TEST

/* ‖Hx‖₁ for a sign vector x, directly. */
static double
l1_of_product(size_t n, const double *H, const double *x)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double y = 0;
        for (size_t j = 0; j < n; j++)
            y += H[i * n + j] * x[j];
        s += fabs(y);
    }
    return s;
}

/* Local search on a CSR H that is not symmetric (it searches H and Hᵀ), with
 * the default restarts, and on a callback without x: a lower bound on the
 * enumerated ‖H‖_{∞,1}, attained by the sign vector returned. */
START_TEST(local_search_on_a_non_symmetric_csr)
{
    size_t n = 10;
    double *H = random_sparse_symmetric(n, 0.4, 31);
    H[1] += 0.75; /* H[0][1] != H[1][0] */
    Forms f = forms_new(n, H);
    double exact = 0, v = -1, x[10];
    ck_assert_int_eq(steepest_matrix_inf1_exact(n, H, 1, NULL, NULL, &exact, NULL), STEEPEST_OK);
    ck_assert_int_eq(steepest_operator_inf1_local_search(f.sparse, 7, 0, &v, x), STEEPEST_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert(x[i] == 1.0 || x[i] == -1.0);
    ck_assert_double_eq_tol(v, l1_of_product(n, H, x), 1e-12 * v);
    ck_assert(v > 0 && v <= exact * (1 + 1e-12));
    double w = -1;
    ck_assert_int_eq(steepest_operator_inf1_local_search(f.cb, 7, 0, &w, NULL), STEEPEST_OK);
    ck_assert(w > 0 && w <= exact * (1 + 1e-12));
    expect(steepest_operator_inf1_local_search(f.sparse, 7, 0, NULL, x), STEEPEST_ERROR_INVALID_ARGUMENT,
           "steepest_operator_inf1_local_search: value is NULL");
    forms_free(&f);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("operator-forms");
    TCase *tc = tcase_create("forms");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, dense_operator_is_the_dense_function);
    tcase_add_test(tc, csr_and_callback_psd);
    tcase_add_test(tc, csr_lsep_matches_dense);
    tcase_add_test(tc, block_forms);
    tcase_add_test(tc, block_form_optional_outputs_and_cancel);
    tcase_add_test(tc, local_search_forms);
    tcase_add_test(tc, local_search_on_a_non_symmetric_csr);
    tcase_add_test(tc, analysis_forms);
    tcase_add_test(tc, gradient_forms_are_never_certified);
    tcase_add_test(tc, nearly_symmetric_csr_uses_the_symmetric_part);
    tcase_add_test(tc, operator_form_errors);
    tcase_add_test(tc, analysis_operator_optional_outputs_and_callback_failure);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
