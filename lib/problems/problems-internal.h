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

/* The data of a problem made of m rows a_i (A, m×n) with one number per row
 * (targets b for least squares, labels y for logistic regression). */
typedef struct {
    size_t m, n;
    const double *A, *b;
    double *owned_A, *owned_b;
} SteepestRowData;

/* Checks m, n ≥ 1 and m·n, then takes A and the per-row array (named `b_name`
 * in messages) as steepest_problem_take_array does.  On failure rows holds
 * nothing to free. */
int steepest_problem_rows_init(const char *fn, size_t m, size_t n, const double *A, const char *b_name,
                               const double *b, int ownership, SteepestRowData *rows);

/* Frees the copies rows_init made (NULL-safe on a zeroed struct). */
void steepest_problem_rows_clear(SteepestRowData *rows);

G_END_DECLS

#endif /* STEEPEST_PROBLEMS_INTERNAL_H */
