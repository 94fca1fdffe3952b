/** @file steepest-analysis.h
 * steepest-analysis.h — convergence analysis: which geometry suits a problem.
 *
 * Everything here restates docs/theory.md (sections 3, 5 and 7) as functions that work in any loaded norm:
 *
 *   - guarantees: the dual gradient norm ‖g‖*, Lemma 2's guaranteed decrease
 *     ‖g‖*²/(2L) of one scaled step with α = 1/L, and a *certificate* that
 *     takes that step and checks the guarantee against the objective;
 *   - rates: Proposition 1, Theorems 1, 2 and 3 as numbers;
 *   - geometry measures: the density φ(z), the diagonal share ρ_diag(H), the
 *     eigenvalue concentration λ_max/λ̄, the improvement ratio R(x) (Eq. 12)
 *     and its lower bound (Eq. 13);
 *   - a norm comparison (the paper's Section 4 for any set of norms): the
 *     guaranteed improvement ‖g‖*²/L of every norm at a point, ranked;
 *   - smoothness estimation by directional finite differences (App. D,
 *     Zhang et al. 2019), and the estimated ratio R̂(x) along a trajectory.
 *
 * Conventions: every fallible function returns a SteepestStatus
 * and on failure leaves a message naming the bad argument
 * (steepest_last_error()); outputs are written only on success unless stated.
 * Vectors are arrays of n doubles, matrices dense row-major n x n.  NaN or
 * Inf in any input fails with STEEPEST_ERROR_NOT_FINITE naming the entry.
 * Functions taking a norm fail with STEEPEST_ERROR_DIMENSION when n differs
 * from the norm's dimension.  docs/analysis.md is the guide.
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_ANALYSIS_H
#define STEEPEST_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>
#include <steepest/steepest-export.h>
#include <steepest/steepest-induced.h>
#include <steepest/steepest-norm.h>
#include <steepest/steepest-objective.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ==== guarantees (Lemma 2) ============================================== */

/** *value = ‖g‖*, the dual norm of the gradient (the quantity every guarantee
 * below is stated in).  Errors: INVALID_ARGUMENT, DIMENSION, NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_dual_grad_norm(const SteepestNorm *norm, size_t n,
                                                               const double *g, double *value);

/** Lemma 2: *decrease = ‖g‖*²/(2L), the decrease one scaled steepest-descent
 * step x − (1/L) g♯ is guaranteed to achieve when f is L-smooth w.r.t. the
 * norm.  L > 0 and finite.  *dual_value (may be NULL) receives ‖g‖*.
 * Errors: INVALID_ARGUMENT (NULL, L <= 0), DIMENSION, NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_guaranteed_decrease(const SteepestNorm *norm, size_t n,
                                                                    const double *g, double L,
                                                                    double *decrease, double *dual_value);

/** Lemma 2 with L taken from a matrix: L = the UPPER bound on ‖H‖ that
 * steepest_norm_induced() returns for this norm (opts may be NULL).  Using the
 * upper bound keeps the guarantee valid when the induced norm is only bounded
 * (an upper bound on L is a valid smoothness constant; the lower bound is
 * not).  H is the Hessian of a quadratic, or any matrix whose induced norm
 * bounds ‖∇²f‖ (Proposition 2).  *L_used (may be NULL) receives that upper
 * bound, *exact (may be NULL) whether it is exact.  Errors: those of
 * steepest_analysis_guaranteed_decrease and of steepest_norm_induced().  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_guaranteed_decrease_matrix(const SteepestNorm *norm, size_t n,
                                                                           const double *g, const double *H,
                                                                           const SteepestInducedOptions *opts,
                                                                           double *decrease, double *L_used,
                                                                           int *exact);

/** Verdicts of steepest_analysis_certify(). */
typedef enum {
    /** f(x) − f(x+) >= ‖g‖*²/(2L) (within the tolerance): the guarantee held. */
    STEEPEST_CERTIFICATE_HOLDS = 1,
    /** The decrease fell short: f is not L-smooth w.r.t. this norm along the
     * step — L was understated (or f is not what the caller thinks). */
    STEEPEST_CERTIFICATE_VIOLATED = 0,
    /** g = 0: no step is taken, both decreases are 0 and the guarantee holds
     * trivially. */
    STEEPEST_CERTIFICATE_STATIONARY = 2
} SteepestCertificateVerdict;

/** Default relative tolerance of steepest_analysis_certify(), for rounding in
 * the objective's evaluation. */
#define STEEPEST_ANALYSIS_CERTIFY_TOL 1e-12

/** A Lemma 2 certificate at x: evaluates f(x) and g = ∇f(x), takes the scaled
 * step x+ = x − (1/L) g♯ (steepest_norm_step_scaled), evaluates f(x+), and
 * reports
 *   *actual     = f(x) − f(x+)          (may be NULL)
 *   *guaranteed = ‖g‖*²/(2L)            (may be NULL)
 *   *verdict    = a SteepestCertificateVerdict (required)
 *   x_next      = x+                    (may be NULL or x itself; must not
 *                                        otherwise overlap x)
 * The guarantee counts as held when
 *   actual >= guaranteed − rel_tol · max(|f(x)|, |f(x+)|, guaranteed),
 * which absorbs the rounding of the two f values (a quadratic at the exact L
 * can meet Lemma 1 with equality, so an exact comparison would fail on noise).
 * rel_tol < 0 selects STEEPEST_ANALYSIS_CERTIFY_TOL; 0 asks for an exact
 * comparison.  f(x+) = +Inf is a violation (the step overshot), not an error.
 * A violation is a RESULT, returned with STEEPEST_OK and verdict
 * STEEPEST_CERTIFICATE_VIOLATED — it is never hidden and never an error.
 * Errors: INVALID_ARGUMENT (NULL norm/objective/x/verdict, L <= 0, NaN or
 * +Inf rel_tol), DIMENSION, CALLBACK (the objective returned nonzero; its value
 * is in the message), NOT_FINITE (x, L, f(x), ∇f(x) or a NaN f(x+)),
 * NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_certify(const SteepestNorm *norm,
                                                        SteepestObjectiveFn objective, void *user_data,
                                                        size_t n, const double *x, double L, double rel_tol,
                                                        double *actual, double *guaranteed, int *verdict,
                                                        double *x_next);

/* ==== rates ============================================================== */

/** Proposition 1: with α = 1/L, (1/T) Σ_{t<T} ‖∇f_t‖*² <= 2L(f0 − f*)/T.
 * *bound = 2L(f0 − f*)/T.  L > 0, f_star <= f0, T > 0 (all finite).
 * Errors: INVALID_ARGUMENT, NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_average_grad_bound(double L, double f0, double f_star,
                                                                   double T, double *bound);

/** Theorem 1 (convex f): f_T − f* <= 2LR²/(T + 4), R the largest distance, in
 * the norm, from the initial level set to the minimizers.  L > 0, R >= 0,
 * T >= 0.  Errors: INVALID_ARGUMENT, NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_convex_rate(double L, double R, double T, double *bound);

/** Theorem 2 (PL with constant μ, L-smooth, in the same norm): f_T − f* <=
 * (1 − μ/L)^T (f0 − f*).  0 < μ <= L, f_star <= f0, T >= 0 (0^0 = 1: at
 * T = 0 the bound is f0 − f*).  Errors: INVALID_ARGUMENT (including μ > L,
 * which no function satisfies), NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_pl_rate(double L, double mu, double f0, double f_star,
                                                        double T, double *bound);

/** Theorem 3: normalized steepest descent (Eq. 44) on an (L0, L1)-smooth f
 * reaches ‖∇f‖* <= ε within T_ε = 18 (f0 − f*) max(L0/ε², L1²/L0) steps.
 * *iterations = that T_ε (a real number; round up).  L0 > 0, L1 >= 0, ε > 0,
 * f_star <= f0.  Errors: INVALID_ARGUMENT, NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_normalized_iterations(double L0, double L1, double f0,
                                                                      double f_star, double epsilon,
                                                                      double *iterations);

/* ==== geometry measures (Section 4) ====================================== */

/** Density φ(z) = ‖z‖₁² / (d ‖z‖₂²) ∈ [1/d, 1] with d = n: 1 for z ∝ (1,…,1),
 * 1/d for z ∝ e_1.  Computed on z/max|z_i|, so it neither overflows nor
 * underflows.  φ(0) is undefined: z = 0 fails with INVALID_ARGUMENT (never
 * NaN).  Errors: INVALID_ARGUMENT, DIMENSION (n = 0), NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_density(size_t n, const double *z, double *phi);

/** ρ_diag(H) = Σ_i |H_ii| / Σ_ij |H_ij| (in [1/d, 1] for PSD H; 1 for a
 * diagonal H).  H = 0 fails with INVALID_ARGUMENT.  Errors: INVALID_ARGUMENT,
 * DIMENSION (n = 0), NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_rho_diag(size_t n, const double *H, double *rho);

/** Eigenvalue concentration *ratio = λ_max/λ̄ ∈ [1, d] of a symmetric PSD,
 * nonzero H, λ̄ = (1/d) Σ λ_i = trace(H)/d.  *lambda_max and *lambda_mean may
 * be NULL.  Errors: INVALID_ARGUMENT (NULL, H = 0), DIMENSION, NOT_FINITE,
 * NOT_SYMMETRIC (beyond STEEPEST_MATRIX_SYMMETRY_TOL), NOT_PSD, LINALG,
 * NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_eigen_ratio(size_t n, const double *H, double *ratio,
                                                            double *lambda_max, double *lambda_mean);

/** Improvement ratio of sign GD over GD (Eq. 12):
 * *ratio = I_signGD/I_GD = φ(g)·d·L2/L∞ = (‖g‖₁²/L∞) / (‖g‖₂²/L2).
 * > 1 means the ℓ∞ geometry guarantees more progress at this point.  L2, L∞
 * > 0.  Errors: INVALID_ARGUMENT (NULL, g = 0, L <= 0), DIMENSION, NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_improvement_ratio(size_t n, const double *g, double L2,
                                                                  double L_inf, double *ratio);

/** Lower bound of Eq. 13 on R(x) for a quadratic with PSD Hessian H (the paper
 * states it for PD H; the derivation, L2 = λ_max and L∞ <= Σ_ij|H_ij|, only
 * needs PSD and H ≠ 0): *bound = ρ_diag(H)·(λ_max/λ̄)·φ(g).  Needs no
 * induced norm: O(d³) where the exact L∞ takes 2^(d−1) sign vectors.  Errors: those of
 * steepest_analysis_density() and steepest_analysis_eigen_ratio().  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_improvement_ratio_bound(size_t n, const double *H,
                                                                        const double *g, double *bound);

/* ==== smoothness estimation (App. D) ====================================== */

/** Which probe direction the estimator uses. */
typedef enum {
    /** s = −α·s(g), the unit steepest direction (ℓ∞: −α sign(g)); the paper's
     * choice for L̂∞. */
    STEEPEST_PROBE_UNIT = 0,
    /** s = −α·g♯, the scaled direction (ℓ2: −α g); the paper's choice for L̂2. */
    STEEPEST_PROBE_SCALED = 1
} SteepestProbeDirection;

/** Directional smoothness estimate at x (Zhang et al. 2019, App. D):
 *   L̂ = min over γ in gammas[0..n_gammas) of ‖∇f(x + γs) − ∇f(x)‖* / (γ‖s‖)
 * with s built from g = ∇f(x) as `direction` says and alpha > 0.  For a
 * quadratic f = ½xᵀHx − bᵀx each ratio is ‖Hs‖* / ‖s‖ <= ‖H‖ = L: the estimate
 * never exceeds the true smoothness constant (it is the curvature along s, a
 * LOWER estimate of L, not a guarantee).  g (may be NULL: computed by grad)
 * is ∇f(x).  *gamma_best (may be NULL) receives the minimizing γ.  Costs
 * n_gammas (+1 without g) gradient calls.  Errors: INVALID_ARGUMENT (NULL,
 * alpha <= 0, empty grid or a γ <= 0, g = 0 or a direction that vanishes in
 * the norm), DIMENSION, NOT_FINITE (x, g, a γ, alpha, or a gradient value),
 * CALLBACK (grad returned nonzero), NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_estimate_smoothness(
    const SteepestNorm *norm, SteepestGradientFn grad, void *user_data, size_t n, const double *x,
    const double *g, const double *gammas, size_t n_gammas, double alpha, int direction, double *L_hat,
    double *gamma_best);

/** Estimated improvement ratio R̂(x) = φ(∇f)·d·L̂2/L̂∞ (Sec. 5.2): L̂2 in ℓ2
 * with s = −alpha2·∇f (STEEPEST_PROBE_SCALED), L̂∞ in ℓ∞ with
 * s = −alpha_inf·sign(∇f) (STEEPEST_PROBE_UNIT), both over the same γ grid.
 * Call it at every iterate to track R̂ along a trajectory.  *L2_hat and
 * *L_inf_hat may be NULL.  Costs 1 + 2·n_gammas gradient calls (∇f(x) once,
 * n_gammas probes per norm).  Needs the l2 and linf plugins (else
 * UNKNOWN_NORM).  Errors: those of steepest_analysis_estimate_smoothness().  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_analysis_estimate_improvement_ratio(
    SteepestGradientFn grad, void *user_data, size_t n, const double *x, const double *gammas,
    size_t n_gammas, double alpha2, double alpha_inf, double *ratio, double *L2_hat, double *L_inf_hat);

/* ==== norm comparison (Section 4 for any norms) ============================ */

/** The outcome of a comparison: one entry per norm, ranked by guaranteed
 * improvement ‖g‖*²/L (largest first; ties keep input order).  Opaque. */
typedef struct SteepestComparison SteepestComparison;

/** Compares norms on the quadratic f = ½xᵀHx − bᵀx at x: g = Hx − b (b may be
 * NULL: b = 0), L = ‖H‖ from steepest_norm_induced() (opts may be NULL), the
 * improvement ‖g‖*²/L from the UPPER bound on L — a guaranteed value even
 * when ‖H‖ is only bounded.  specs: n_specs spec strings ("l2", "block:size=4",
 * ...), or NULL to try every loaded class by its bare name; a class that
 * needs parameters (block) or has no induced-norm method is then listed among
 * the skipped entries, not failed.  With explicit specs any failure fails the
 * call.  Errors: INVALID_ARGUMENT, DIMENSION, NOT_FINITE, the errors of
 * steepest_norm_new() and steepest_norm_induced(), NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_compare_quadratic(size_t n, const double *H, const double *x,
                                                         const double *b, const char *const *specs,
                                                         size_t n_specs, const SteepestInducedOptions *opts,
                                                         SteepestComparison **out);

/** Compares norms on a general problem at x, given its gradient callback:
 * g = ∇f(x) from grad; for each spec i, L_i = L[i] when L is not NULL (a
 * smoothness constant the caller vouches for: the improvement counts as
 * guaranteed), else L̂_i estimated by steepest_analysis_estimate_smoothness()
 * with the γ grid, alpha and STEEPEST_PROBE_UNIT (then the improvement is an
 * estimate, NOT guaranteed: L̂ is a local lower estimate of L).  specs as in
 * steepest_compare_quadratic() (NULL: every loaded class by bare name, only
 * allowed with L = NULL).  gammas/alpha are only read when L is NULL.
 * Errors: INVALID_ARGUMENT (also L given without specs, a L[i] <= 0),
 * DIMENSION, NOT_FINITE, CALLBACK, those of steepest_norm_new() and the
 * estimator, NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_compare_gradient(SteepestGradientFn grad, void *user_data, size_t n,
                                                        const double *x, const char *const *specs,
                                                        const double *L, size_t n_specs, const double *gammas,
                                                        size_t n_gammas, double alpha,
                                                        SteepestComparison **out);

/** Frees a comparison; NULL is ignored.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_comparison_free(SteepestComparison *cmp);

/** Number of ranked entries.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 size_t steepest_comparison_count(const SteepestComparison *cmp);

/** Entry number `rank` (0 = largest guaranteed improvement).  Every output
 * may be NULL; strings live as long as the comparison.
 *   spec            the normalized spec ("block:size=4")
 *   L_lower/L_upper bounds on the smoothness constant (equal when exact,
 *                   given, or estimated)
 *   exact           1 when L is exact (or given by the caller)
 *   method          how L was obtained ("eigenvalues", "given by the caller",
 *                   "finite differences", ...)
 *   dual_grad_norm  ‖g‖*
 *   improvement     ‖g‖*²/L_upper: guaranteed when *guaranteed is 1
 *   improvement_optimistic  ‖g‖*²/L_lower: what the norm would guarantee if
 *                   L were as small as its lower bound (an upper bound on
 *                   the true ‖g‖*²/L); equals improvement when exact
 *   guaranteed      1 when improvement is a guaranteed value (L exact, an
 *                   upper bound, or given), 0 for an estimate
 * Errors: INVALID_ARGUMENT (NULL cmp, rank >= count).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_comparison_get(const SteepestComparison *cmp, size_t rank,
                                                      const char **spec, double *L_lower, double *L_upper,
                                                      int *exact, const char **method, double *dual_grad_norm,
                                                      double *improvement, double *improvement_optimistic,
                                                      int *guaranteed);

/** The gradient the comparison was made at (length n); NULL for NULL cmp.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const double *steepest_comparison_get_gradient(const SteepestComparison *cmp,
                                                                         size_t *n);

/** Number of norms that were tried but skipped (only when specs was NULL).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 size_t steepest_comparison_skipped_count(const SteepestComparison *cmp);

/** Skipped norm i: its name, the status that skipped it and why.  Any output
 * may be NULL.  Errors: INVALID_ARGUMENT (NULL cmp, i out of range).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_comparison_get_skipped(const SteepestComparison *cmp, size_t i,
                                                              const char **name, int *status,
                                                              const char **reason);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_ANALYSIS_H */
