/* problems-internal.h — helpers shared by lib/problems*.c only. */
#ifndef STEEPEST_PROBLEMS_INTERNAL_H
#define STEEPEST_PROBLEMS_INTERNAL_H

#include "core/steepest-private.h"

G_BEGIN_DECLS

/* Checks the ownership flag and the array (non-NULL, finite; `what` names it
 * in messages), then copies it when asked.  *stored receives the pointer to
 * keep, *owned the copy to free (or NULL). */
int steepest_problem_take_array(const char *fn, const char *what, const double *data, size_t count,
                                int ownership, const double **stored, double **owned);

/* Solves M x = rhs for symmetric positive definite M (n×n, overwritten by its
 * Cholesky factor).  STEEPEST_ERROR_NOT_PSD if a pivot is not positive. */
int steepest_problem_cholesky_solve(size_t n, double *M, const double *rhs, double *x);

/* Σ_i ‖a_i‖*² over the m rows of A (m×n) in the norm. */
int steepest_problem_row_dual_sq_sum(const char *fn, const SteepestNorm *norm, size_t m, size_t n,
                                     const double *A, double *sum);

G_END_DECLS

#endif /* STEEPEST_PROBLEMS_INTERNAL_H */
