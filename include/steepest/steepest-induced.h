/** @file steepest-induced.h
 * steepest-induced.h — induced matrix norms ‖H‖ = sup_{‖x‖≤1} ‖Hx‖*
 * (Proposition 2: for f = ½xᵀHx − bᵀx, the smoothness constant w.r.t. ‖·‖).
 *
 * Each norm answers through its plugin's induced_norm method with a lower and
 * an upper bound, an exactness flag and the name of the method used: exact
 * where the norm allows (ℓ2: eigenvalues / singular values; ℓ1: max|H_ij|;
 * ℓ∞: enumeration of sign vectors, NP-hard in general), certified bounds
 * where exact is too expensive.
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_INDUCED_H
#define STEEPEST_INDUCED_H

#include <stddef.h>
#include <stdint.h>
#include <steepest/steepest-export.h>
#include <steepest/steepest-norm.h>
#include <steepest/steepest-objective.h>
#include <steepest/steepest-plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How to compute an induced norm.  Opaque; NULL everywhere means defaults. */
typedef struct SteepestInducedOptions SteepestInducedOptions;

/** Defaults: STEEPEST_INDUCED_AUTO, exact up to dimension 24 and 10 s, all
 * cores, seed 0, the method's default number of restarts, no progress.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 SteepestInducedOptions *steepest_induced_options_new(void);
/** Frees options made by steepest_induced_options_new(); NULL is ignored.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_induced_options_free(SteepestInducedOptions *opts);
/** mode: a SteepestInducedMode (steepest-plugin.h).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_induced_options_set_mode(SteepestInducedOptions *opts, int mode);
/** AUTO: use an exponential exact method only up to this dimension.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_induced_options_set_max_exact_dim(SteepestInducedOptions *opts,
                                                                         unsigned dim);
/** AUTO: and only when it is expected to finish within this many seconds (<= 0: no limit).
 * Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_induced_options_set_time_budget(SteepestInducedOptions *opts,
                                                                       double seconds);
/** Worker threads; 0 = one per core.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_induced_options_set_threads(SteepestInducedOptions *opts,
                                                                   unsigned threads);
/** Seed of randomized bounds, for reproducible answers.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_induced_options_set_seed(SteepestInducedOptions *opts, uint64_t seed);
/** Restarts of randomized local search; 0 = the method's default.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_induced_options_set_restarts(SteepestInducedOptions *opts,
                                                                    unsigned restarts);
/** Progress callback (may cancel), called from any thread.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_induced_options_set_progress(SteepestInducedOptions *opts,
                                                                    SteepestProgressFn fn, void *user_data);

/** Computes bounds on ‖H‖ for the norm, H dense row-major n x n with n equal to
 * the norm's dimension.  lower/upper/exact/method may each be NULL.  method is
 * a static string.  Errors: STEEPEST_ERROR_DIMENSION, STEEPEST_ERROR_NOT_FINITE
 * (NaN/Inf in H, naming the entry), STEEPEST_ERROR_UNSUPPORTED (the norm has no
 * induced-norm method, or EXACT was asked where only bounds exist),
 * STEEPEST_ERROR_CANCELLED, STEEPEST_ERROR_LINALG.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_norm_induced(const SteepestNorm *norm, size_t n, const double *H,
                                                    const SteepestInducedOptions *opts, double *lower,
                                                    double *upper, int *exact, const char **method);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_INDUCED_H */
