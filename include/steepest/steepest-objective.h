/** @file steepest-objective.h
 * steepest-objective.h — the objective callback every solver and analysis
 * routine takes (the NLopt shape, with a status return). */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_OBJECTIVE_H
#define STEEPEST_OBJECTIVE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Evaluates f at x (length n).  Writes f(x) to *value and, when grad is not
 * NULL, ∇f(x) to grad[0..n).  Returns 0 on success; any nonzero value means
 * the evaluation failed, and the caller stops with STEEPEST_ERROR_CALLBACK and
 * reports that value (a callback may set a message with steepest_set_error()
 * first).  Callbacks must not longjmp out of the library. */
typedef int (*SteepestObjectiveFn)(void *user_data, size_t n, const double *x, double *value, double *grad);

/** Evaluates only ∇f(x) — for the form with separate value and gradient callbacks. */
typedef int (*SteepestGradientFn)(void *user_data, size_t n, const double *x, double *grad);

/** Evaluates only f(x). */
typedef int (*SteepestValueFn)(void *user_data, size_t n, const double *x, double *value);

/** Frees user data when the object holding it is freed or given new data. */
typedef void (*SteepestDestroyNotify)(void *user_data);

/** Progress report for long computations: fraction in [0, 1].  Return nonzero
 * to cancel (the computation returns STEEPEST_ERROR_CANCELLED).  May be called
 * from a worker thread. */
typedef int (*SteepestProgressFn)(void *user_data, double fraction);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_OBJECTIVE_H */
