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
#error "Only <steepest/steepest.h> can be included directly."
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
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_is_symmetric(size_t n, const double *H, double tol,
                                                           int *symmetric);

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

/** Exact ‖H‖_{∞,1} for exactly symmetric PSD H by branch and bound, where
 * ‖H‖_{∞,1} = max over sign vectors of xᵀHx: best-first search over partial
 * sign assignments, each node bounded by a certified SDP bound (the
 * mixing method warm-started from the parent, its l proved feasible by a
 * Cholesky factorization), incumbents from local search and rounding, nodes
 * with at most 16 free signs enumerated.  Options (may be NULL): threads,
 * seed, restarts of the initial local search, progress (fraction of the sign
 * vectors ruled out; nonzero return cancels) and time_budget: after that many
 * seconds (<= 0: no limit) the search stops with *exact = 0 and the certified
 * interval [*lower, *upper] (best ‖Hx‖₁ found, largest bound still open);
 * else *exact = 1 and *lower = *upper = ‖H‖_{∞,1} up to rounding.  x (may be
 * NULL) receives the best sign vector.  Errors: INVALID_ARGUMENT (NULL H,
 * lower or upper), DIMENSION, NOT_FINITE, NOT_SYMMETRIC, NOT_PSD (in the
 * sense of steepest_matrix_is_psd()), CANCELLED, LINALG, NO_MEMORY.
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_matrix_inf1_branch_and_bound(size_t n, const double *H,
                                                                    const SteepestInducedOptions *opts,
                                                                    double *lower, double *upper, int *exact,
                                                                    double *x);

/** ‖H‖_{∞,1} as the options ask (opts may be NULL: defaults): EXACT
 * enumerates (n <= 62, else UNSUPPORTED), except that for exactly symmetric
 * PSD H whose enumeration would take more than about half a second it runs
 * steepest_matrix_inf1_branch_and_bound() (any n), which on reaching the
 * time budget returns its certified interval with *exact = 0; BOUNDS gives certified bounds
 * (lower: local search, SDP rounding, Nesterov/Grothendieck bounds; upper:
 * Σ|H_ij|, n‖H‖₂, the SDP bound — L_sep for symmetric PSD H); AUTO enumerates
 * when n <= max_exact_dim and the estimated time fits the budget, else (n <=
 * max_exact_dim, exactly symmetric PSD H) branch and bound within the budget,
 * else bounds.
 * lower/upper/exact/method may be NULL; method is a static string.  Errors:
 * INVALID_ARGUMENT, DIMENSION, NOT_FINITE, UNSUPPORTED, CANCELLED, LINALG,
 * NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_inf1(size_t n, const double *H,
                                                   const SteepestInducedOptions *opts, double *lower,
                                                   double *upper, int *exact, const char **method);

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
                                                            const size_t *start,
                                                            const SteepestInducedOptions *opts, double *lower,
                                                            double *upper, int *exact, const char **method);

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
STEEPEST_AVAILABLE_IN_0_1 int steepest_matrix_lsep(size_t n, const double *H, unsigned max_sweeps,
                                                   double tolerance, uint64_t seed, double *primal,
                                                   double *dual, double *l, unsigned *sweeps);

/* ---- sparse matrices: compressed sparse rows (Since: 0.2) ------------------ */

/** A square sparse matrix in CSR form: row i holds the entries
 * indices[indptr[i] .. indptr[i+1]) (column indices, strictly increasing
 * within the row) with values data[same range].  Opaque. */
typedef struct SteepestCsr SteepestCsr;

/** A zero-copy CSR view of the caller's arrays, which must stay unchanged
 * and alive until steepest_csr_free(): indptr has n + 1 entries starting at
 * 0 and never decreasing; indices and data have indptr[n] entries (may be
 * NULL when indptr[n] = 0).  Checked once, in O(n + nnz).  Since: 0.2.
 * Errors: INVALID_ARGUMENT (NULL, indptr[0] != 0, a decreasing indptr, a
 * column out of [0, n), columns not strictly increasing in a row, naming the
 * row), DIMENSION (n = 0 or n > 2^31 − 1), NOT_FINITE (naming the entry). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_csr_new(size_t n, const int64_t *indptr, const int64_t *indices,
                                               const double *data, SteepestCsr **out);

/** A CSR copy of the nonzero entries of the dense row-major n x n H (owning
 * its arrays).  Since: 0.2.  Errors: INVALID_ARGUMENT, DIMENSION, NOT_FINITE,
 * NO_MEMORY. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_csr_from_dense(size_t n, const double *H, SteepestCsr **out);

/** Frees the handle (and the arrays it owns; a view leaves the caller's
 * alone).  NULL is ignored.  Since: 0.2. */
STEEPEST_AVAILABLE_IN_0_2 void steepest_csr_free(SteepestCsr *csr);

/** Dimension n (0 for NULL).  Since: 0.2. */
STEEPEST_AVAILABLE_IN_0_2 size_t steepest_csr_dim(const SteepestCsr *csr);
/** Stored-entry count indptr[n] (0 for NULL).  Since: 0.2. */
STEEPEST_AVAILABLE_IN_0_2 size_t steepest_csr_nnz(const SteepestCsr *csr);

/** The three arrays (valid as long as the handle); each output may be NULL.
 * Since: 0.2.  Errors: INVALID_ARGUMENT (NULL csr). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_csr_arrays(const SteepestCsr *csr, const int64_t **indptr,
                                                  const int64_t **indices, const double **data);

/** Expands into the dense row-major n x n array H (the caller's, n² doubles).
 * Since: 0.2.  Errors: INVALID_ARGUMENT (NULL). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_csr_to_dense(const SteepestCsr *csr, double *H);

/** *symmetric = 1 if |H_ij − H_ji| <= tol · max|H_kl| for every stored entry
 * (an entry whose mirror is not stored is compared with 0).  Since: 0.2.
 * Errors: INVALID_ARGUMENT (NULL, tol < 0 or not finite). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_csr_is_symmetric(const SteepestCsr *csr, double tol, int *symmetric);

/* ---- Matrix Market files (Since: 0.2) ------------------------------------- */

/** Reader flag: a matrix that is not symmetric within
 * STEEPEST_MATRIX_SYMMETRY_TOL fails with NOT_SYMMETRIC, naming both entries
 * and their lines. */
#define STEEPEST_MM_REQUIRE_SYMMETRIC 1u

/** Parses a Matrix Market text "%%MatrixMarket matrix array|coordinate
 * real|integer|double general|symmetric" of length bytes (need not be
 * NUL-terminated; a NUL byte is an error).  Square matrices only, rows and
 * columns <= max_dim (0: 2^31 − 1).  On success *n is the dimension and
 * exactly one of *dense and *csr is set, the other NULL:
 *   - array files give *dense, row-major n x n (free with steepest_matrix_free);
 *   - coordinate files give *csr (free with steepest_csr_free), never expanded.
 * Symmetric files store one triangle; the other is mirrored.  flags:
 * 0 or STEEPEST_MM_REQUIRE_SYMMETRIC.  name (may be NULL: "(memory)") starts
 * every message, which reads "NAME:LINE: what".  Nothing is written on
 * failure.  Since: 0.2.  Errors: INVALID_ARGUMENT (NULL outputs or text,
 * unknown flags), FORMAT (every malformed line: header, size line, a token
 * that is not a number, an index out of range, an entry given twice, too
 * few or too many entries, NaN/Inf, a NUL byte), NOT_SYMMETRIC, NO_MEMORY. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_matrix_market_parse(const char *name, const char *text, size_t length,
                                                           unsigned flags, size_t max_dim, size_t *n,
                                                           double **dense, SteepestCsr **csr);

/** steepest_matrix_market_parse() of the file at path (messages start with
 * path).  Since: 0.2.  Errors: those of steepest_matrix_market_parse() and
 * IO (the file cannot be read). */
STEEPEST_AVAILABLE_IN_0_2 int steepest_matrix_market_read(const char *path, unsigned flags, size_t max_dim,
                                                          size_t *n, double **dense, SteepestCsr **csr);

/** Frees a dense matrix the reader returned; NULL is ignored.  Since: 0.2. */
STEEPEST_AVAILABLE_IN_0_2 void steepest_matrix_free(double *H);

/** Writes H (dense row-major n x n) as a Matrix Market array file, every
 * value with 17 significant digits so that reading it back is exact.  With
 * symmetric = 1 H must be exactly symmetric and only its lower triangle is
 * written.  The file is replaced atomically: on failure the old file (or no
 * file) remains.  Since: 0.2.  Errors: INVALID_ARGUMENT, DIMENSION,
 * NOT_FINITE, NOT_SYMMETRIC, IO. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_matrix_market_write_dense(const char *path, size_t n, const double *H,
                                                                 int symmetric);

/** Writes a CSR matrix as a Matrix Market coordinate file (stored entries
 * only, 17 significant digits), atomically.  With symmetric = 1 the matrix
 * must be exactly symmetric and only entries with column <= row are written.
 * Since: 0.2.  Errors: INVALID_ARGUMENT, NOT_SYMMETRIC, IO. */
STEEPEST_AVAILABLE_IN_0_2 int steepest_matrix_market_write_csr(const char *path, const SteepestCsr *csr,
                                                               int symmetric);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_MATRIX_H */
