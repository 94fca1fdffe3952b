/** @file steepest-experiments.h
 * steepest-experiments.h — the test problems of the paper's experiments
 * (docs/theory.md, section 6): a seeded portable random number
 * generator, Haar-random rotations in SO(d), fractional powers R^θ of a
 * rotation, and the rotated quadratics H = R^θ Λ (R^θ)ᵀ of Figure 2.
 *
 * @code{.c}
 * SteepestRng *rng;
 * steepest_rng_new(42, &rng);
 * double R[12 * 12], lambda[12], H[12 * 12];
 * steepest_random_rotation(rng, 12, R);
 * steepest_experiment_spectrum(12, 4.0, lambda);   // λ_max / λ̄ = 4
 * steepest_rotated_hessian(12, R, 0.25, lambda, H);
 * steepest_rng_free(rng);
 * @endcode
 *
 * Reproducibility: the generator is xoshiro256** seeded through splitmix64,
 * written out in the library, so a seed gives the same stream of 64-bit
 * words and uniforms on every machine.  Normal draws use Marsaglia's polar
 * method (only sqrt, which IEEE 754 rounds exactly, and log), so they agree
 * wherever log does (every glibc does).  Matrices built from the draws go
 * through LAPACK, so across different BLAS builds they may differ in the last
 * bits; on one machine the same seed always gives identical bits.
 *
 * Matrices are dense row-major d x d arrays of double, as everywhere in the
 * library.  Functions that take a generator advance it; a generator must not
 * be used by two threads at once.
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_EXPERIMENTS_H
#define STEEPEST_EXPERIMENTS_H

#include <stddef.h>
#include <stdint.h>
#include <steepest/steepest-export.h>
#include <steepest/steepest-norm.h>
#include <steepest/steepest-induced.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the random number generator ----------------------------------------- */

/** A seeded pseudo-random generator (xoshiro256**).  Opaque. */
typedef struct SteepestRng SteepestRng;

/** Creates a generator from a 64-bit seed (any value, 0 included).
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (out NULL), STEEPEST_ERROR_NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_rng_new(uint64_t seed, SteepestRng **out);

/** Frees a generator; NULL is ignored.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_rng_free(SteepestRng *rng);

/** The next 64-bit word of the stream (0 if rng is NULL).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 uint64_t steepest_rng_next_u64(SteepestRng *rng);

/** A uniform double in [0, 1) with 53 random bits (0 if rng is NULL).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_rng_uniform(SteepestRng *rng);

/** A standard normal draw N(0, 1) (0 if rng is NULL).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 double steepest_rng_normal(SteepestRng *rng);

/** Fills out[0..n) with independent N(0, 1) draws.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL rng, or NULL out with n > 0).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_rng_fill_normal(SteepestRng *rng, size_t n, double *out);

/* ---- rotations -------------------------------------------------------------- */

/** Writes a Haar-distributed random rotation (orthogonal, determinant +1) to
 * R (d x d): the QR factorization of a d x d matrix of N(0,1) draws, with Q's
 * columns signed so that R's diagonal is positive (which makes Q Haar on
 * O(d)), then the first column negated if det Q = −1.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL pointer), STEEPEST_ERROR_DIMENSION
 * (d = 0 or too large), STEEPEST_ERROR_NO_MEMORY, STEEPEST_ERROR_LINALG.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_random_rotation(SteepestRng *rng, size_t d, double *R);

/** Writes R^θ, the fractional power of the rotation R (d x d), to out (which
 * may not overlap R).  Computed from the real Schur form R = Q T Qᵀ (LAPACK
 * dgees): T is block diagonal with 2 x 2 rotations by angles φ_k ∈ (−π, π)
 * and ±1 entries; T^θ turns each block by θ φ_k, keeps +1 entries, and turns
 * each pair of −1 entries by θ π as a rotation by π in their plane.  This is
 * the principal branch R^θ = U D^θ U^H of docs/theory.md wherever it is real (no
 * eigenvalue −1); at −1 the principal branch is not real, and the pairing is
 * the documented real choice.  So R^0 = I, R^1 = R, (R^{1/2})² = R, and R^θ is
 * a rotation for every real θ.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL pointer, R not orthogonal:
 * some |(RᵀR − I)_ij| > 1e-8 d, or det R = −1: not a rotation), STEEPEST_ERROR_NOT_FINITE
 * (θ or an entry of R), STEEPEST_ERROR_DIMENSION, STEEPEST_ERROR_NO_MEMORY,
 * STEEPEST_ERROR_LINALG.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_rotation_power(size_t d, const double *R, double theta, double *out);

/* ---- the paper's quadratics --------------------------------------------------- */

/** λ_max such that Λ = diag(1, …, 1, λ_max) in d dimensions has
 * λ_max / λ̄ = ratio, where λ̄ = (d − 1 + λ_max) / d is the mean eigenvalue:
 * λ_max = ratio (d − 1) / (d − ratio).  Needs 1 <= ratio < d (d >= 2), or
 * ratio = 1 when d = 1.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL out, ratio out of range),
 * STEEPEST_ERROR_NOT_FINITE, STEEPEST_ERROR_DIMENSION (d = 0).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_experiment_lambda_max(size_t d, double ratio, double *lambda_max);

/** Writes Λ = (1, …, 1, λ_max) with λ_max from steepest_experiment_lambda_max().  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_experiment_spectrum(size_t d, double ratio, double *lambda);

/** H = P diag(lambda) Pᵀ with P = R^θ (steepest_rotation_power), made
 * exactly symmetric.  lambda holds any d finite eigenvalues (the paper uses
 * steepest_experiment_spectrum()).  H must not overlap R or lambda.
 * Errors: as steepest_rotation_power, and STEEPEST_ERROR_NOT_FINITE for lambda.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_rotated_hessian(size_t d, const double *R, double theta,
                                                       const double *lambda, double *H);

/* ---- one cell of Figure 2 ----------------------------------------------------- */

/** Compares steepest descent in two norms on f(x) = ½ xᵀHx (x* = 0), the
 * computation behind one cell of the paper's Figure 2.
 *
 * For each norm, L = ‖H‖ (the induced norm, steepest_norm_induced() with
 * opts; its upper bound when not exact, so the step stays safe), then for
 * each of the `repeats` starting points x0 (rows of x0, repeats x d) it runs
 * `steps` scaled steps x ← x − (1/L) (Hx)♯ (steepest_norm_step_scaled) and
 * measures ‖x_T‖₂.  Outputs (each may be NULL): L_a, L_b; exact (1 when both
 * were exact); dist_a, dist_b, the mean over the repeats of ‖x_T‖₂.
 * With norm_a = "l2" and norm_b = "linf" this is gradient descent with
 * α = 1/L2 against sign gradient descent x − (1/L∞)‖g‖₁ sign(g).
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL norm, H or x0; repeats = 0),
 * STEEPEST_ERROR_DIMENSION (a norm's dimension is not d), STEEPEST_ERROR_NOT_FINITE
 * (H, x0, or the iterates overflowing), and those of steepest_norm_induced().  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_experiment_compare(const SteepestNorm *norm_a,
                                                          const SteepestNorm *norm_b, size_t d,
                                                          const double *H, const SteepestInducedOptions *opts,
                                                          size_t repeats, const double *x0, unsigned steps,
                                                          double *L_a, double *L_b, int *exact,
                                                          double *dist_a, double *dist_b);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_EXPERIMENTS_H */
