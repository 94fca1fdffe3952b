/** @file steepest-operator.h
 * steepest-operator.h — symmetric linear operators: the Hessian as a dense
 * matrix, a CSR matrix, a Hessian-vector-product callback, or finite
 * differences of a gradient; and the induced-norm and smoothness bounds of
 * steepest-matrix.h and steepest-analysis.h in operator form.
 *
 * A dense operator answers exactly as the dense functions do (it calls
 * them).  Sparse and matrix-free operators answer with intervals
 * lower <= value <= upper, and say whether the upper bound is CERTIFIED
 * (holds in exact arithmetic whatever the matrix, up to the stated rounding
 * margin) or rests on an assumption stated with the function.  Every lower
 * bound is attained by a vector (a Ritz vector, a sign vector), so lower
 * bounds are always certified.  docs/induced.md, "Sparse and matrix-free
 * Hessians", explains the algorithms, and its table says for every dense
 * function of steepest-matrix.h and steepest-analysis.h which operator form
 * answers it and what each kind gives (exact, certified interval, estimate
 * or UNSUPPORTED).  Since: 0.2.
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_OPERATOR_H
#define STEEPEST_OPERATOR_H

#include <stddef.h>
#include <stdint.h>
#include <steepest/steepest-analysis.h>
#include <steepest/steepest-export.h>
#include <steepest/steepest-induced.h>
#include <steepest/steepest-matrix.h>
#include <steepest/steepest-norm.h>
#include <steepest/steepest-objective.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A Hessian-vector product: out = H v for the n-vector v.  Returns 0 on
 * success, nonzero on failure (reported as STEEPEST_ERROR_CALLBACK).  H must
 * be symmetric; the library cannot check that of a callback. */
typedef int (*SteepestHvpFn)(void *user_data, size_t n, const double *v, double *out);

/** What an operator is built from. */
typedef enum {
    STEEPEST_OPERATOR_DENSE = 0,    /**< a dense row-major matrix (a view) */
    STEEPEST_OPERATOR_CSR = 1,      /**< a SteepestCsr (borrowed) */
    STEEPEST_OPERATOR_CALLBACK = 2, /**< a SteepestHvpFn */
    STEEPEST_OPERATOR_GRADIENT = 3  /**< central differences of a gradient */
} SteepestOperatorKind;

/** A linear operator on R^n.  Opaque; not thread-safe to free while in use. */
typedef struct SteepestOperator SteepestOperator;

/** A view of the dense row-major n x n H (not copied: keep it alive and
 * unchanged).  H is checked for NaN/Inf once.  Since: 0.2.  Errors:
 * INVALID_ARGUMENT, DIMENSION, NOT_FINITE. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_new_dense(size_t n, const double *H, SteepestOperator **out);

/** An operator over csr (borrowed: keep it alive).  Since: 0.2.  Errors:
 * INVALID_ARGUMENT (NULL). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_new_csr(const SteepestCsr *csr, SteepestOperator **out);

/** An operator whose products come from hv(user_data, n, v, out).  Since: 0.2.
 * Errors: INVALID_ARGUMENT (NULL hv or out), DIMENSION (n = 0). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_new_callback(size_t n, SteepestHvpFn hv, void *user_data,
                                                             SteepestOperator **out);

/** The Hessian of f at x by central differences of its gradient:
 *   H v ≈ (∇f(x + h u) − ∇f(x − h u)) / (2h) · ‖v‖₂,  u = v/‖v‖₂,
 * two gradient calls per product.  Step rule: h = step when step > 0, else
 * h = ε^(1/3) · max(1, ‖x‖₂) with ε = 2^−52, which balances the truncation
 * error against the rounding of the gradient.  Error: for f with an
 * M-Lipschitz Hessian along the segment, ‖computed − Hv‖₂ <= (M h²/6 +
 * ε_g/h)·‖v‖₂, where ε_g bounds the absolute error of one gradient
 * evaluation (about ε·‖∇f‖); exact up to rounding for quadratics.  The
 * product is linear in v only up to that error, so bounds computed from it
 * are estimates, never certified.  x is copied.  Since: 0.2.  Errors:
 * INVALID_ARGUMENT (NULL grad, x or out; step NaN or Inf), DIMENSION,
 * NOT_FINITE (x). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_new_gradient(size_t n, SteepestGradientFn grad,
                                                             void *user_data, const double *x, double step,
                                                             SteepestOperator **out);

/** Frees the operator (never what it views); NULL is ignored.  Since: 0.2. */
STEEPEST_AVAILABLE_IN_0_2 void steepest_operator_free(SteepestOperator *op);

/** Dimension (0 for NULL).  Since: 0.2. */
STEEPEST_AVAILABLE_IN_0_2 size_t steepest_operator_dim(const SteepestOperator *op);
/** Kind (a SteepestOperatorKind, −1 for NULL).  Since: 0.2. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_kind(const SteepestOperator *op);

/** out = H v (v and out must not overlap).  Since: 0.2.  Errors:
 * INVALID_ARGUMENT, CALLBACK (the callback or gradient returned nonzero),
 * NOT_FINITE (a product entry is NaN or Inf, naming it). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_apply(const SteepestOperator *op, const double *v,
                                                      double *out);

/** 1 when the kind's entries are available (dense, CSR); the other kinds
 * reach entries only through n products with unit vectors.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_has_entries(const SteepestOperator *op);

/** The dense matrix a DENSE operator views, else NULL.  Since: 0.2. */
STEEPEST_AVAILABLE_IN_0_2 const double *steepest_operator_dense_matrix(const SteepestOperator *op);

/** The CSR matrix a CSR operator borrows, else NULL.  Since: 0.2. */
STEEPEST_AVAILABLE_IN_0_2 const SteepestCsr *steepest_operator_csr(const SteepestOperator *op);

/* ---- entries: exact on every kind ------------------------------------------ */

/** max_ij |H_ij| = ‖H‖_{1,∞} (the ℓ1 smoothness constant), Σ_ij |H_ij|
 * (Proposition 3's upper bound on ‖H‖_{∞,1}), max_i Σ_j |H_ij| = ‖H‖_∞
 * (Gershgorin: an upper bound on ‖H‖₂ for symmetric H), Σ_i |H_ii| and the
 * Gershgorin lower bound min_i (H_ii − Σ_{j≠i} |H_ij|) on λ_min.  Dense and
 * CSR: from the entries, O(nnz).  Callback and gradient operators: from the
 * n columns H e_j, n products (exact for a callback; for finite differences,
 * up to their error).  Any output may be NULL.  Since: 0.2.  Errors:
 * INVALID_ARGUMENT, CALLBACK, NOT_FINITE, NO_MEMORY. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_entry_sums(const SteepestOperator *op, double *max_abs,
                                                           double *sum_abs, double *max_row_sum,
                                                           double *diag_abs_sum, double *gershgorin_min);

/* ---- ℓ2: Lanczos through ARPACK ------------------------------------------ */

/** 1 when this libsteepest was built with ARPACK (Lanczos for sparse and
 * matrix-free operators), else 0.  Since: 0.2. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_lanczos_available(void);

/** Extreme eigenvalues of symmetric H.  Dense: LAPACK (dsyevd), exact, zero
 * residuals.  Otherwise implicitly restarted Lanczos (ARPACK dsaupd/dseupd,
 * relative tolerance 1e-12, a random start from the options' seed):
 *   *lambda_max, *lambda_min — Ritz values, i.e. Rayleigh quotients of unit
 *     vectors, so λ_min(H) <= *lambda_min and *lambda_max <= λ_max(H);
 *   *residual_max, *residual_min — ‖H y − θ y‖₂ of their Ritz vectors: an
 *     eigenvalue of H lies within the residual of each Ritz value.
 * λ_min is computed as s − λ_max(s I − H) with s the Gershgorin upper bound,
 * so ARPACK's relative stopping test works near 0.  Any output may be NULL.
 * Since: 0.2.  Errors: INVALID_ARGUMENT, CALLBACK, NOT_FINITE, LINALG
 * (ARPACK failed or did not converge, with its info code), UNSUPPORTED
 * (built without ARPACK and the operator is not dense), NO_MEMORY. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_extreme_eigenvalues(const SteepestOperator *op,
                                                                    const SteepestInducedOptions *opts,
                                                                    double *lambda_min, double *lambda_max,
                                                                    double *residual_min,
                                                                    double *residual_max);

/** ‖H‖₂ of symmetric H as an interval.  Dense: exact (as
 * steepest_matrix_spectral_norm).  Otherwise lower = max(|θ_max|, |θ_min|)
 * from the Ritz values (certified), and
 *   CSR: upper = ‖H‖_∞ = max_i Σ_j |H_ij| (Gershgorin; certified, *certified = 1);
 *   callback, gradient: upper = max(θ_max + r_max, r_min − θ_min), the
 *     residual bound.  It holds when the eigenvalue within r of each extreme
 *     Ritz value is the extreme eigenvalue, i.e. Lanczos missed no eigenvalue
 *     beyond those it found — true unless the random start is (nearly)
 *     orthogonal to the extreme eigenvectors; *certified = 0.
 * method names what was done (static).  Any output may be NULL.  Since: 0.2.
 * Errors: those of steepest_operator_extreme_eigenvalues(). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_spectral_norm(const SteepestOperator *op,
                                                              const SteepestInducedOptions *opts,
                                                              double *lower, double *upper, int *certified,
                                                              const char **method);

/* ---- ℓ∞: ‖H‖_{∞,1} = max_{x ∈ {±1}^n} ‖Hx‖₁ --------------------------------- */

/** Rademacher probes: `count` random sign vectors z from `seed` (0: 32).
 *   *abs_lower  = max_z ‖Hz‖₁ — a lower bound on ‖H‖_{∞,1} for any H;
 *   *quad_lower = max_z zᵀHz — a lower bound on max_x xᵀHx = ‖H‖_{∞,1} for
 *                 PSD H (never larger than abs_lower: zᵀHz <= ‖Hz‖₁);
 *   *trace, *trace_stderr — Hutchinson's estimate (1/count) Σ zᵀHz of
 *                 trace(H) (unbiased) and its standard error (0 for count 1).
 * Any output may be NULL.  Since: 0.2.  Errors: INVALID_ARGUMENT, CALLBACK,
 * NOT_FINITE, NO_MEMORY. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_probes(const SteepestOperator *op, unsigned count,
                                                       uint64_t seed, double *abs_lower, double *quad_lower,
                                                       double *trace, double *trace_stderr);

/** ‖H‖_{∞,1} as an interval.  Dense: steepest_matrix_inf1() (exact or its
 * bounds, per the options).  Otherwise (the options' EXACT mode is
 * UNSUPPORTED):
 *   lower: the best of the Rademacher probes, each polished by alternating
 *          y = sign(Hx), x = sign(Hy) (‖Hx‖₁ never decreases), then — CSR —
 *          one-flip local search and the rounded low-rank SDP solution;
 *   upper: Σ_ij |H_ij| (certified; for callbacks from n column products,
 *          done when n <= STEEPEST_OPERATOR_COLUMN_LIMIT), min'ed for
 *          symmetric PSD CSR H with the certified SDP dual value L_sep;
 *          a callback beyond the column limit gets n·(residual upper bound on
 *          ‖H‖₂) (Eq. 9), not certified.
 * *certified (may be NULL) says whether upper is certified; *exact whether
 * lower = upper is exact.  method (static) names the methods.  Since: 0.2.
 * Errors: INVALID_ARGUMENT, UNSUPPORTED (EXACT on a non-dense operator),
 * CALLBACK, NOT_FINITE, LINALG, NO_MEMORY, CANCELLED. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_inf1(const SteepestOperator *op,
                                                     const SteepestInducedOptions *opts, double *lower,
                                                     double *upper, int *exact, int *certified,
                                                     const char **method);

/** Largest n for which a callback's Σ|H_ij| is computed from n columns. */
#define STEEPEST_OPERATOR_COLUMN_LIMIT 4096

/** A lower bound on ‖H‖_{∞,1} with the sign vector that attains it
 * (steepest_matrix_inf1_local_search() for operators).  Dense: that function
 * (the same numbers).  CSR: the same alternating search and one-flip sweeps
 * on the stored rows (O(degree) per flip; Hᵀ by rows is built when H is not
 * exactly symmetric).  Callback and gradient operators: `restarts` Rademacher
 * probes, each polished by alternating x ← sign(Hx) (one product per step).
 * restarts 0: 16.  *value = ‖Hx‖₁ of the returned x, recomputed from one
 * product: attained, so a certified lower bound when the products are exact
 * (an estimate for finite differences).  x (may be NULL) receives the sign
 * vector.  Since: 0.2.  Errors: INVALID_ARGUMENT (NULL op or value),
 * CALLBACK, NOT_FINITE, NO_MEMORY. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_inf1_local_search(const SteepestOperator *op, uint64_t seed,
                                                                  unsigned restarts, double *value,
                                                                  double *x);

/* ---- PSD-ness, L_sep and block norms ------------------------------------- */

/** Is symmetric H positive semidefinite (steepest_matrix_is_psd() for
 * operators)?  PSD means, as there, λ_min >= −64·n·ε·max|λ|.
 *   *lambda_min_lower <= λ_min <= *lambda_min_upper (either may be NULL);
 *   *psd (required) the verdict; *certified (may be NULL) whether it is
 *   proved; method (static, may be NULL) how.
 * Dense: steepest_matrix_is_psd() (lower = upper = λ_min, certified).
 * n <= 48 (any kind): the eigenvalues of the matrix from n products, exact.
 * CSR: upper = min(smallest Ritz value, min_i H_ii), each a Rayleigh quotient
 * (a negative one refutes PSD, certified); lower = Gershgorin
 * min_i (H_ii − Σ_{j≠i}|H_ij|) (certified).  When Gershgorin cannot prove
 * what the Ritz value suggests, *psd = 1 with *certified = 0.  Without ARPACK
 * the entries alone decide when they can (else UNSUPPORTED).
 * Callback: upper = the smallest Ritz value (refutations certified); lower =
 * Ritz value − residual, which assumes Lanczos found λ_min (*psd = 1 is then
 * never certified).  Gradient: as callbacks, nothing certified.  A CSR matrix
 * must be symmetric within STEEPEST_MATRIX_SYMMETRY_TOL; its symmetric part
 * is used.  Since: 0.2.  Errors: INVALID_ARGUMENT, NOT_SYMMETRIC (CSR),
 * CALLBACK, NOT_FINITE, LINALG, UNSUPPORTED (no ARPACK and undecided),
 * NO_MEMORY. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_is_psd(const SteepestOperator *op,
                                                       const SteepestInducedOptions *opts, int *psd,
                                                       double *lambda_min_lower, double *lambda_min_upper,
                                                       int *certified, const char **method);

/** L_sep(H) = min Σ l_i s.t. H ⪯ diag(l) (steepest_matrix_lsep() for
 * operators; the arguments and outputs are that function's): *dual <= L_sep
 * <= *primal, both certified, l feasible.  Dense: that function.  CSR: the
 * same mixing method on the stored rows (O(nnz·k) per sweep) and the same
 * certificate — a Cholesky factorization of diag(l) − H on a dense copy up
 * to n = 4096, diagonal dominance (valid, looser) beyond.  The CSR matrix
 * must be symmetric within STEEPEST_MATRIX_SYMMETRY_TOL (its symmetric part
 * is used) and not refuted as PSD by steepest_operator_is_psd(); where PSD
 * cannot be decided (no ARPACK) the interval is computed all the same — it
 * bounds L_sep of any symmetric H.  Callback and gradient operators:
 * UNSUPPORTED (the mixing method needs rows and the certificate the entries).
 * Since: 0.2.  Errors: those of steepest_matrix_lsep(), UNSUPPORTED. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_lsep(const SteepestOperator *op, unsigned max_sweeps,
                                                     double tolerance, uint64_t seed, double *primal,
                                                     double *dual, double *l, unsigned *sweeps);

/** The norm induced by the block max norm (steepest_matrix_block_induced()
 * for operators; blocks as there).  Dense: that function (*certified = 1).
 * All blocks of size 1: steepest_operator_inf1(); one block:
 * steepest_operator_spectral_norm().  Otherwise (EXACT fails with
 * UNSUPPORTED) for every kind
 *   lower: the same alternating ascent over products of spheres (products
 *          with H and Hᵀ; Hᵀ = H for callbacks), attained;
 *   upper: min(Σ_{b,c} ‖H_bc‖_F, m·√(‖H‖₁‖H‖_∞)) over the m blocks
 *          (‖H_bc‖₂ <= ‖H_bc‖_F, ‖H‖₂² <= ‖H‖₁‖H‖_∞), from the entries —
 *          CSR in O(nnz), callbacks from n columns while n <=
 *          STEEPEST_OPERATOR_COLUMN_LIMIT — certified; a callback beyond the
 *          limit gets m·(the residual upper bound on ‖H‖₂), not certified.
 * Finite differences: never certified.  *certified, *exact, method may be
 * NULL.  Since: 0.2.  Errors: INVALID_ARGUMENT (bad block table), those of
 * the functions named. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_operator_block_induced(const SteepestOperator *op, size_t n_blocks,
                                                              const size_t *start,
                                                              const SteepestInducedOptions *opts,
                                                              double *lower, double *upper, int *exact,
                                                              int *certified, const char **method);

/* ---- norms and analysis in operator form -------------------------------- */

/** steepest_norm_induced() for an operator.  Dense operators go to the
 * norm's plugin, exactly as steepest_norm_induced().  Other kinds: l2
 * (steepest_operator_spectral_norm), linf (steepest_operator_inf1) and l1
 * (max|H_ij|, exact from steepest_operator_entry_sums) — any other norm
 * fails with UNSUPPORTED.  *certified (may be NULL) as above (1 when exact).
 * Since: 0.2.  Errors: those of steepest_norm_induced() and of the operator
 * functions, DIMENSION (n differs from the norm's). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_norm_induced_operator(const SteepestNorm *norm,
                                                             const SteepestOperator *op,
                                                             const SteepestInducedOptions *opts,
                                                             double *lower, double *upper, int *exact,
                                                             int *certified, const char **method);

/** ρ_diag(H) = Σ_i |H_ii| / Σ_ij |H_ij| (steepest_analysis_rho_diag) for an
 * operator (exact; callbacks pay n products).  Since: 0.2.  Errors:
 * INVALID_ARGUMENT (also H = 0), those of steepest_operator_entry_sums(). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_analysis_rho_diag_operator(const SteepestOperator *op, double *rho);

/** Eigenvalue concentration λ_max/λ̄ (steepest_analysis_eigen_ratio()) as an
 * interval *lower <= λ_max/λ̄ <= *upper, with λ̄ = trace(H)/n exact (the
 * diagonal: dense, CSR, or n products e_iᵀHe_i of a callback).  Dense: that
 * function (lower = upper).  Otherwise lower = max(1, θ_max/λ̄) with the
 * largest Ritz value θ_max <= λ_max (exact up to n = 48), upper = the
 * Gershgorin bound max_i Σ_j |H_ij| >= λ_max over λ̄, and for H proved PSD
 * also min(·, n) (λ_max <= trace); certified for dense, CSR and callbacks, not
 * for finite differences.  *lambda_max (the Ritz value: a lower bound, exact
 * for dense) and *lambda_mean may be NULL, as may lower, upper, certified.
 * Fails like the dense function on H = 0 (INVALID_ARGUMENT), on H refuted as
 * PSD (steepest_operator_is_psd) and on trace(H) <= 0 (NOT_PSD).  A callback
 * with n > STEEPEST_OPERATOR_COLUMN_LIMIT: UNSUPPORTED (the exact trace needs
 * n products; steepest_operator_probes() estimates it).  Since: 0.2.  Errors:
 * those named, NOT_SYMMETRIC (CSR), CALLBACK, NOT_FINITE, LINALG, NO_MEMORY. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_analysis_eigen_ratio_operator(const SteepestOperator *op,
                                                                     const SteepestInducedOptions *opts,
                                                                     double *lower, double *upper,
                                                                     int *certified, double *lambda_max,
                                                                     double *lambda_mean);

/** Eq. 13 for an operator: *bound = ρ_diag(H)·(θ/λ̄)·φ(g) with θ the LOWER
 * end of steepest_analysis_eigen_ratio_operator()'s λ_max interval, so the
 * bound is at most the dense Eq. 13 value (equal for dense operators and
 * when λ_max is exact: *exact = 1) and still a lower bound on R(x).  The
 * derivation (L2 >= λ_max >= θ, L∞ <= Σ|H_ij|) needs only a symmetric H with
 * a nonnegative diagonal, both exactly known here, so *certified = 1 for
 * dense, CSR and callbacks whose H has H_ii >= 0 (0 for finite differences).
 * g has n = steepest_operator_dim(op) entries.  exact and certified may be
 * NULL.  Since: 0.2.  Errors: those of steepest_analysis_density() and
 * steepest_analysis_eigen_ratio_operator(). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_analysis_improvement_ratio_bound_operator(
    const SteepestOperator *op, const double *g, const SteepestInducedOptions *opts, double *bound,
    int *exact, int *certified);

/** Lemma 2 with L from an operator
 * (steepest_analysis_guaranteed_decrease_matrix(), which calls this with a
 * dense view): L = the UPPER bound of steepest_norm_induced_operator(),
 * *decrease = ‖g‖*²/(2L), guaranteed when *certified = 1 (the upper bound is
 * certified: always for dense operators).  *L_used, *exact, *certified may be
 * NULL.  g has the norm's dimension, which must be the operator's.  Since:
 * 0.2.  Errors: those of steepest_analysis_guaranteed_decrease() and of
 * steepest_norm_induced_operator() (UNSUPPORTED for norms other than l2,
 * linf, l1 on non-dense operators), INVALID_ARGUMENT (‖H‖ = 0).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_analysis_guaranteed_decrease_operator(
    const SteepestNorm *norm, const SteepestOperator *op, const double *g, const SteepestInducedOptions *opts,
    double *decrease, double *L_used, int *exact, int *certified);

/** steepest_compare_quadratic() for f = ½xᵀHx − bᵀx with H an operator (the
 * dense function calls this with a dense view): g = Hx − b (one product), L
 * from steepest_norm_induced_operator(), the improvement from its upper
 * bound.  Each entry's `guaranteed` is whether that upper bound is certified
 * (always for dense operators).  With specs = NULL, norms the operator kind
 * cannot answer (every norm but l2, linf and l1 for non-dense operators) are
 * skipped, with the reason.  x and b (may be NULL) have
 * steepest_operator_dim(op) entries.  Since: 0.2.  Errors: those of
 * steepest_compare_quadratic(), INVALID_ARGUMENT (NULL op; H = 0, found from
 * the entries or as an upper bound 0), CALLBACK. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_compare_quadratic_operator(const SteepestOperator *op, const double *x,
                                                                  const double *b, const char *const *specs,
                                                                  size_t n_specs,
                                                                  const SteepestInducedOptions *opts,
                                                                  SteepestComparison **out);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_OPERATOR_H */
