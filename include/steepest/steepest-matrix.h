/** @file steepest-matrix.h
 * steepest-matrix.h — stateless dense-matrix kernels behind the induced norms.
 *
 * CBLAS style: the caller owns every array, nothing is kept between calls,
 * every function may be called from several threads at once.  Matrices are
 * dense, row-major, n x n; vectors are contiguous arrays of n doubles.
 * Every function returns a SteepestStatus and on failure leaves a message
 * (steepest_last_error()) naming what was wrong; NaN or Inf in H fails with
 * STEEPEST_ERROR_NOT_FINITE naming the entry (i, j).
 *
 * The formulas are those of docs/theory.md, section 4;
 * docs/induced.md explains the algorithms and what "certified" means here.
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#  error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_MATRIX_H
#define STEEPEST_MATRIX_H

#include <stddef.h>
#include <stdint.h>
#include <steepest/steepest-export.h>
#include <steepest/steepest-induced.h>
#include <steepest/steepest-objective.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Relative tolerance the kernels below use to call a matrix symmetric:
 * |H_ij − H_ji| <= STEEPEST_MATRIX_SYMMETRY_TOL · max_kl |H_kl|. */
#define STEEPEST_MATRIX_SYMMETRY_TOL 1e-12

/** Largest dimension the exact ℓ∞ enumeration accepts (2^(n−1) sign vectors). */
#define STEEPEST_MATRIX_INF1_MAX_EXACT_DIM 62

/* ---- elementary -------------------------------------------------------- */

/** *symmetric = 1 if |H_ij − H_ji| <= tol · max|H_kl| for all i, j, else 0.
 * tol >= 0 (0: exact symmetry).  Errors: INVALID_ARGUMENT, DIMENSION (n = 0),
 * NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_is_symmetric(size_t n, const double *H, double tol, int *symmetric);

/** *value = max_ij |H_ij| = ‖H‖_{1,∞}, the norm induced by ℓ1 (exact).
 * Errors: INVALID_ARGUMENT (NULL H or value), DIMENSION (n = 0), NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_max_abs(size_t n, const double *H, double *value);

/** *value = Σ_ij |H_ij|, an upper bound on ‖H‖_{∞,1} (Proposition 3).
 * Errors: INVALID_ARGUMENT (NULL H or value), DIMENSION (n = 0), NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_sum_abs(size_t n, const double *H, double *value);

/* ---- ℓ2: eigenvalues and the spectral norm (LAPACKE) --------------------- */

/** The n eigenvalues of symmetric H in ascending order, written to
 * eigenvalues[0..n).  H must be symmetric within STEEPEST_MATRIX_SYMMETRY_TOL
 * (its symmetric part (H + Hᵀ)/2 is used).  Errors: INVALID_ARGUMENT,
 * DIMENSION, NOT_FINITE, NOT_SYMMETRIC, LINALG, NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_sym_eigenvalues(size_t n, const double *H, double *eigenvalues);

/** *psd = 1 if symmetric H is positive semidefinite up to rounding:
 * λ_min >= −64·n·ε·max|λ|.  *lambda_min (may be NULL) receives λ_min.
 * Errors as steepest_matrix_sym_eigenvalues.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_is_psd(size_t n, const double *H, int *psd, double *lambda_min);

/** *value = ‖H‖₂, the norm induced by ℓ2 (exact up to rounding): max|λ_i| via
 * dsyevd when H is exactly symmetric, else the largest singular value via
 * dgesdd.  Errors: INVALID_ARGUMENT, DIMENSION, NOT_FINITE, LINALG, NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_spectral_norm(size_t n, const double *H, double *value);

/* ---- ℓ∞: ‖H‖_{∞,1} = max_{x ∈ {±1}^n} ‖Hx‖₁ (NP-hard) -------------------- */

/** Exact ‖H‖_{∞,1} by Gray-code enumeration of the 2^(n−1) sign vectors with
 * x_0 = +1, O(2^n · n), over `threads` threads (0: one per core).  The result
 * does not depend on the number of threads.  n <= 62.  progress (may be NULL)
 * is called from one thread with the fraction done; a nonzero return cancels.
 * x (may be NULL) receives a maximizing sign vector.  Errors:
 * INVALID_ARGUMENT, DIMENSION (n = 0 or n > 62), NOT_FINITE, CANCELLED,
 * NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_inf1_exact(size_t n, const double *H, unsigned threads,
                                                         SteepestProgressFn progress, void *user_data,
                                                         double *value, double *x);

/** A lower bound on ‖H‖_{∞,1}: the best ‖Hx‖₁ found by alternating local
 * search (y = sign(Hx), x = sign(Hᵀy), then single flips) from `restarts`
 * starts: the all-ones vector, then random sign vectors drawn from `seed`
 * (0 restarts: 16).  x (may be NULL) receives the best sign vector.
 * Deterministic for a given seed.  Errors: INVALID_ARGUMENT (NULL H or
 * value), DIMENSION (n = 0), NOT_FINITE, NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_inf1_local_search(size_t n, const double *H, uint64_t seed,
                                                                unsigned restarts, double *value, double *x);

/** ‖H‖_{∞,1} as the options ask (opts may be NULL: defaults): EXACT
 * enumerates (n <= 62, else UNSUPPORTED); BOUNDS gives certified bounds
 * (lower: local search, SDP rounding, Nesterov/Grothendieck bounds; upper:
 * Σ|H_ij|, n‖H‖₂, the SDP bound — L_sep for symmetric PSD H); AUTO enumerates
 * when n <= max_exact_dim and the estimated time fits the budget, else bounds.
 * lower/upper/exact/method may be NULL; method is a static string.  Errors:
 * INVALID_ARGUMENT, DIMENSION, NOT_FINITE, UNSUPPORTED, CANCELLED, LINALG,
 * NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_inf1(size_t n, const double *H, const SteepestInducedOptions *opts,
                                                   double *lower, double *upper, int *exact, const char **method);

/* ---- block: max_{‖x‖_{B,∞} <= 1} ‖Hx‖_{B,1} -------------------------------- */

/** The norm induced by the block max norm ‖x‖_{B,∞} = max_b ‖x_b‖₂ (blocks
 * contiguous: block b is [start[b], start[b+1]), start has n_blocks + 1
 * entries, start[0] = 0, start[n_blocks] = n, strictly increasing).  Exact
 * when every block has size 1 (the ℓ∞ case, per the options) or there is one
 * block (the spectral norm); otherwise certified bounds (lower: alternating
 * local search over products of spheres; upper: min(Σ_{b,c} ‖H_bc‖₂,
 * m·‖H‖₂) with m blocks), and EXACT fails with UNSUPPORTED.  Errors as
 * steepest_matrix_inf1, plus INVALID_ARGUMENT for a bad block table.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_block_induced(size_t n, const double *H, size_t n_blocks,
                                                            const size_t *start, const SteepestInducedOptions *opts,
                                                            double *lower, double *upper, int *exact,
                                                            const char **method);

/* ---- separable smoothness L_sep (Eq. 31–33) -------------------------------- */

/** L_sep(H) = min Σ l_i s.t. H ⪯ diag(l), for symmetric PSD H, by the
 * "mixing method" (Wang, Chang, Kolter 2017) on the dual MAX-CUT SDP
 * max <H, X>, X ⪰ 0, diag(X) = 1, with X = VᵀV of rank ⌈√(2n)⌉ + 1.
 *   *dual   = <H, X> of the final iterate: a lower bound on L_sep.
 *   *primal = Σ l_i for l_i = (HX)_ii shifted by max(0, −λ_min(diag(l) − H))
 *             plus a rounding margin: a certified upper bound on L_sep.
 *   l (may be NULL) receives that feasible l (H ⪯ diag(l)).
 *   *sweeps (may be NULL) receives the number of sweeps done.
 * max_sweeps 0: 1000; tolerance <= 0: 1e-14 (stop when a sweep improves the
 * dual value by less than tolerance · Σ|H_ij|); seed chooses the start.
 * H must be symmetric within STEEPEST_MATRIX_SYMMETRY_TOL (its symmetric part
 * is used) and PSD in the sense of steepest_matrix_is_psd().
 * primal or dual may be NULL.  Errors: INVALID_ARGUMENT, DIMENSION,
 * NOT_FINITE, NOT_SYMMETRIC, NOT_PSD, LINALG, NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_lsep(size_t n, const double *H, unsigned max_sweeps, double tolerance,
                                                   uint64_t seed, double *primal, double *dual, double *l,
                                                   unsigned *sweeps);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_MATRIX_H */
