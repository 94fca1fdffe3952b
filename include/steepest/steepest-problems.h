/** @file steepest-problems.h
 * steepest-problems.h — built-in test problems as ready-made objectives.
 *
 * Each problem is an opaque handle with _new/_free and a _get_objective that
 * hands out a SteepestObjectiveFn and the user_data to pass with it (the
 * handle itself), so the same problem serves C, the CLI and the bindings:
 *
 *     SteepestQuadratic *q;
 *     SteepestObjectiveFn fn; void *data;
 *     steepest_quadratic_new(n, H, b, STEEPEST_DATA_COPY, &q);
 *     steepest_quadratic_get_objective(q, &fn, &data);
 *     steepest_solver_set_objective(solver, fn, data, NULL);
 *
 * To let the solver own the problem, pass the problem's _free function as
 * the SteepestDestroyNotify (e.g. (SteepestDestroyNotify) steepest_quadratic_free).
 *
 * Matrices are dense row-major.  With STEEPEST_DATA_COPY the problem copies
 * its arrays; with STEEPEST_DATA_BORROW it keeps the caller's pointers, which
 * must then stay valid and unchanged until the problem is freed (no copy for
 * large data).  The objectives keep no scratch space: one problem may be
 * evaluated by several threads at once.
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_PROBLEMS_H
#define STEEPEST_PROBLEMS_H

#include <stddef.h>
#include <steepest/steepest-export.h>
#include <steepest/steepest-norm.h>
#include <steepest/steepest-objective.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How a problem holds the caller's arrays. */
typedef enum {
    STEEPEST_DATA_BORROW = 0, /**< keep the caller's pointers */
    STEEPEST_DATA_COPY = 1    /**< copy the arrays */
} SteepestDataOwnership;

/* ---- quadratic ½ xᵀHx − bᵀx ------------------------------------------------ */

/** A quadratic f(x) = ½ xᵀHx − bᵀx, ∇f = Hx − b.  Opaque. */
typedef struct SteepestQuadratic SteepestQuadratic;

/** H dense n×n row-major, symmetric (|H_ij − H_ji| <= 1e-12·(|H_ij| + |H_ji|),
 * else STEEPEST_ERROR_NOT_SYMMETRIC naming the entry); b of length n or NULL
 * for b = 0.  Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL H or out, bad
 * ownership), STEEPEST_ERROR_DIMENSION (n == 0), STEEPEST_ERROR_NOT_FINITE
 * (naming the entry), STEEPEST_ERROR_NOT_SYMMETRIC.  The smoothness constant
 * w.r.t. a norm is ‖H‖ (Prop. 2): steepest_norm_induced() computes it.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_quadratic_new(size_t n, const double *H, const double *b,
                                                     int ownership, SteepestQuadratic **out);

/** The separable quadratic H = diag(h): O(n) memory and time per evaluation,
 * for very large n.  Errors as steepest_quadratic_new() (no symmetry check).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_quadratic_new_diagonal(size_t n, const double *h, const double *b,
                                                              int ownership, SteepestQuadratic **out);

/** Frees the problem (not borrowed arrays); NULL is ignored.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_quadratic_free(SteepestQuadratic *q);

/** The objective and the user_data to pass with it (q itself).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_quadratic_get_objective(const SteepestQuadratic *q,
                                                               SteepestObjectiveFn *fn, void **user_data);

/** n.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 size_t steepest_quadratic_get_dimension(const SteepestQuadratic *q);

/** The minimizer x* = H⁻¹b (Cholesky; n³/3 flops for dense H) and f* = −½ bᵀx*
 * (f_star may be NULL).  Errors: STEEPEST_ERROR_DIMENSION (n differs),
 * STEEPEST_ERROR_NOT_PSD (H not positive definite: no unique minimizer).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_quadratic_get_minimizer(const SteepestQuadratic *q, size_t n,
                                                               double *x_star, double *f_star);

/* ---- Rosenbrock --------------------------------------------------------------- */

/** The chained Rosenbrock function
 * f(x) = Σ_{i=0}^{n−2} 100 (x_{i+1} − x_i²)² + (1 − x_i)²; minimizer (1, …, 1),
 * f* = 0.  Opaque. */
typedef struct SteepestRosenbrock SteepestRosenbrock;

/** n >= 2 (STEEPEST_ERROR_DIMENSION otherwise).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_rosenbrock_new(size_t n, SteepestRosenbrock **out);
/** Frees the problem; NULL is ignored.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_rosenbrock_free(SteepestRosenbrock *r);
/** The objective and its user data (the problem itself), for a solver or the analysis.
 * Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_rosenbrock_get_objective(const SteepestRosenbrock *r,
                                                                SteepestObjectiveFn *fn, void **user_data);
/** x* = (1, …, 1), f* = 0 (f_star may be NULL).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_rosenbrock_get_minimizer(const SteepestRosenbrock *r, size_t n,
                                                                double *x_star, double *f_star);

/* ---- logistic regression -------------------------------------------------------- */

/** ℓ2-regularized logistic regression with labels y_i ∈ {−1, +1}:
 * f(w) = (1/m) Σ_i log(1 + exp(−y_i a_iᵀw)) + (λ/2) ‖w‖₂²,
 * ∇f = −(1/m) Σ_i y_i σ(−y_i a_iᵀw) a_i + λ w, σ the logistic function,
 * evaluated without overflow for any margin.  Opaque. */
typedef struct SteepestLogistic SteepestLogistic;

/** A dense m×n row-major (rows a_i are the examples), y of length m with
 * entries −1 or +1 (anything else, {0,1} included, is
 * STEEPEST_ERROR_INVALID_ARGUMENT naming the index), λ >= 0.  Errors also:
 * STEEPEST_ERROR_DIMENSION (m or n zero), STEEPEST_ERROR_NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_logistic_new(size_t m, size_t n, const double *A, const double *y,
                                                    double lambda, int ownership, SteepestLogistic **out);
/** Frees the problem (and its data, if it was copied); NULL is ignored.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_logistic_free(SteepestLogistic *lr);
/** The objective and its user data (the problem itself), for a solver or the analysis.
 * Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_logistic_get_objective(const SteepestLogistic *lr,
                                                              SteepestObjectiveFn *fn, void **user_data);
/** An upper bound on the smoothness constant w.r.t. the norm (dimension n):
 * ∇²f = (1/m) Σ σ'(·) a_i a_iᵀ + λI with σ' <= ¼ and ‖a aᵀ‖ = ‖a‖*², so
 * L <= (1/(4m)) Σ_i ‖a_i‖*² + λ·sup_x ‖x‖* / ‖x‖.  The last factor is known for
 * l2 and l1 (1) and linf (n); with λ > 0 any other norm gives
 * STEEPEST_ERROR_UNSUPPORTED.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_logistic_get_smoothness_bound(const SteepestLogistic *lr,
                                                                     const SteepestNorm *norm, double *L);

/* ---- least squares -------------------------------------------------------------- */

/** f(x) = ½ ‖Ax − b‖₂², ∇f = Aᵀ(Ax − b).  Opaque. */
typedef struct SteepestLeastSquares SteepestLeastSquares;

/** A dense m×n row-major, b of length m.  Errors: STEEPEST_ERROR_INVALID_ARGUMENT,
 * STEEPEST_ERROR_DIMENSION, STEEPEST_ERROR_NOT_FINITE.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_least_squares_new(size_t m, size_t n, const double *A, const double *b,
                                                         int ownership, SteepestLeastSquares **out);
/** Frees the problem (and its data, if it was copied); NULL is ignored.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_least_squares_free(SteepestLeastSquares *ls);
/** The objective and its user data (the problem itself), for a solver or the analysis.
 * Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_least_squares_get_objective(const SteepestLeastSquares *ls,
                                                                   SteepestObjectiveFn *fn, void **user_data);
/** An upper bound on L = ‖AᵀA‖ w.r.t. the norm: AᵀA = Σ a_i a_iᵀ, so
 * L <= Σ_i ‖a_i‖*².  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_least_squares_get_smoothness_bound(const SteepestLeastSquares *ls,
                                                                          const SteepestNorm *norm,
                                                                          double *L);
/** The minimizer from the normal equations AᵀA x = Aᵀb (Cholesky; fine for
 * test problems, loses accuracy as cond(A)²) and f* (f_star may be NULL).
 * Errors: STEEPEST_ERROR_DIMENSION, STEEPEST_ERROR_NOT_PSD (A lacks full
 * column rank: no unique minimizer).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_least_squares_get_minimizer(const SteepestLeastSquares *ls, size_t n,
                                                                   double *x_star, double *f_star);

/* ---- data-parallel shards (for libsteepest-mpi) --------------------------------- */

/** The number of rows rank `rank` of `nranks` gets from m rows when rank r
 * takes rows r, r + N, r + 2N, … : ⌈(m − r)/N⌉, 0 if rank >= m or the
 * arguments are invalid (nranks 0, rank >= nranks).  Pass it as the rank's
 * share to steepest_mpi_run_new().  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 size_t steepest_shard_rows(size_t m, size_t rank, size_t nranks);

/** The shard of rank `rank` of `nranks` of the logistic problem of
 * steepest_logistic_new() on the whole data (A m×n, y of length m): rows
 * rank, rank + nranks, … (copied).  Its objective is the mean loss over those
 * rows plus (λ/2)‖w‖₂², so Σ_r (m_r/m) f_r is the whole objective, m_r =
 * steepest_shard_rows(m, r, nranks).  Errors: STEEPEST_ERROR_INVALID_ARGUMENT
 * (NULL A, y or out; rank >= nranks; nranks 0; and those of
 * steepest_logistic_new() for the shard's rows), STEEPEST_ERROR_DIMENSION (m
 * or n zero, or rank >= m: the shard would be empty), STEEPEST_ERROR_NOT_FINITE,
 * STEEPEST_ERROR_NO_MEMORY.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_logistic_new_shard(size_t m, size_t n, const double *A,
                                                          const double *y, double lambda, size_t rank,
                                                          size_t nranks, SteepestLogistic **out);

/** The shard of rank `rank` of `nranks` of ½‖Ax − b‖² (A m×n, b of length
 * m): rows rank, rank + nranks, … (copied), scaled by √(m/m_r) so that the
 * shard's objective (m/m_r)·½‖A_r x − b_r‖² is its own estimate of the whole
 * and Σ_r (m_r/m) f_r = f.  Its smoothness bound and minimizer are those of
 * that scaled objective.  Errors as steepest_logistic_new_shard().
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_least_squares_new_shard(size_t m, size_t n, const double *A,
                                                               const double *b, size_t rank, size_t nranks,
                                                               SteepestLeastSquares **out);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_PROBLEMS_H */
