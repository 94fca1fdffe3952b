/* matrix-private.h — internal glue between the matrix kernels (matrix*.c,
 * lsep.c), the induced-norm entry point (induced.c) and the host services. */
#ifndef STEEPEST_MATRIX_PRIVATE_H
#define STEEPEST_MATRIX_PRIVATE_H

#include "core/steepest-private.h"

#include <math.h>
#include <steepest/steepest.h>

#include "induced/matrix-rows.h"

G_BEGIN_DECLS

/* Checks H for NULL, n = 0 and NaN/Inf (naming the entry (i, j)); `fn` names
 * the caller in messages. */
int steepest_matrix_check(const char *fn, size_t n, const double *H);

/* Checks a block table: start[0] = 0, strictly increasing, start[n_blocks] = n. */
int steepest_matrix_check_blocks(const char *fn, size_t n, size_t n_blocks, const size_t *start);

/* The query the options describe (NULL: defaults). */
void steepest_induced_query_from_options(const SteepestInducedOptions *opts,
                                         SteepestPluginInducedQuery *query);

/* Eigenvalues (ascending) of the symmetric part of H (checked by the caller),
 * from the calling thread's cache when H is the matrix it last decomposed
 * (matched by fingerprints of every entry), else by one dsyevd.
 * NO_MEMORY / LINALG on failure. */
int steepest_matrix_spectrum(size_t n, const double *H, double *w);

/* 1 and the eigenvalues in w when this thread's cache holds H's spectrum,
 * else 0 (nothing computed): for callers to whom a fresh eigendecomposition
 * would cost more than it saves. */
int steepest_matrix_spectrum_cached(size_t n, const double *H, double *w);

/* Eigenvalues (ascending) of the symmetric matrix in A, which is destroyed;
 * no checks.  STEEPEST_ERROR_LINALG / NO_MEMORY on failure. */
int steepest_matrix_eig_inplace(size_t n, double *A, double *w);

/* A shift c such that diag(l) − M + c·I is PSD in exact arithmetic, for
 * symmetric dense M (its lower triangle is read), proved by Cholesky
 * factorizations (no eigendecomposition): c is within a factor of 1.1
 * (N <= 2000; 2.5 above) of the least shift that factors, plus rounding margins.  hint: a guess of
 * the shift needed (0: none).  LINALG / NO_MEMORY on failure. */
int steepest_matrix_psd_shift_diag(size_t N, const double *M, const double *l, double hint, double *shift);

/* The induced-norm computations behind the public functions and the host
 * services; they fill result (lower, upper, exact, method). */
int steepest_matrix_spectral_query(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                                   SteepestPluginInducedResult *result);
int steepest_matrix_inf1_query(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                               SteepestPluginInducedResult *result);
int steepest_matrix_block_query(size_t n, const double *H, size_t n_blocks, const size_t *start,
                                const SteepestPluginInducedQuery *query, SteepestPluginInducedResult *result);

/* Largest singular value of the r x k block of the n x n H at (r0, c0);
 * work holds r*k doubles, s min(r, k). */
int steepest_matrix_sub_sigma(size_t n, const double *H, size_t r0, size_t r, size_t c0, size_t k,
                              double *work, double *s, double *out);

/* out = A x (or Aᵀ x) for the n x n row-major A; out must not alias x. */
void steepest_dense_matvec(size_t n, const double *A, const double *x, double *out, gboolean transpose);

/* ---- the row-wise bound algorithms, on a SteepestRows view -----------------
 * One implementation for dense (row-major) and CSR matrices: the dense public
 * functions wrap these, and the sparse/operator forms call them with
 * steepest_rows_csr() views.  Dense rows cost O(n), CSR rows O(their stored
 * entries).  No argument checks here: callers validate (finite entries,
 * sorted CSR columns, sizes). */

/* Local search for ‖Ax‖₁ over sign vectors (rows-search.c).  A by rows and
 * At = Aᵀ by rows (for symmetric A pass the same view twice: no copy).
 * Alternation y = sign(Ax), x = sign(Aᵀy), then first-improvement one-flip
 * sweeps with y = Ax updated along one column per flip: O(degree) per flip,
 * O(nnz) per sweep. */
typedef struct {
    SteepestRows A, At;
    /* NULL, or A_jj when A is symmetric PSD: each improvement then climbs
     * xᵀAx first (steepest_rows_quadratic_ascent), O(1) per candidate flip.
     * Set it after init; the caller owns it. */
    const double *diag;
    double *y, *s, *z; /* scratch, n each */
} SteepestSignSearch;
/* NO_MEMORY on failure (S is then cleared). */
int steepest_sign_search_init(SteepestSignSearch *S, const SteepestRows *A, const SteepestRows *At);
void steepest_sign_search_clear(SteepestSignSearch *S);
/* Improves the sign vector x in place; returns ‖Ax‖₁ of the final x computed
 * afresh (a value attained by a sign vector: a lower bound on ‖A‖_{∞,1}). */
double steepest_sign_search_improve(SteepestSignSearch *S, double *x);
/* `restarts` starts (all ones, then random from seed), each improved; keeps
 * the best in best_x and *best (initialize *best, e.g. to −1). */
void steepest_sign_search_restarts(SteepestSignSearch *S, uint64_t seed, unsigned restarts, double *x,
                                   double *best_x, double *best);

/* steepest_matrix_inf1_local_search() on rows: `restarts` (0: 16) starts
 * improved by the sign search, the best value in *value and its x (may be
 * NULL).  NO_MEMORY on failure. */
int steepest_rows_local_search(const SteepestRows *A, const SteepestRows *At, uint64_t seed,
                               unsigned restarts, double *value, double *x);

/* One-flip ascent on q(x) = xᵀAx + 2cᵀx for SYMMETRIC A by rows (c may be
 * NULL), from the sign vector x (improved in place).  diag[j] = A_jj.  g (n
 * doubles) receives Ax + c.  Each candidate flip is read in O(1) from g and a
 * flip updates g along one row (O(degree)).  Returns q of the final x,
 * recomputed from scratch.  For PSD A and c = 0 it is a lower bound on
 * ‖A‖_{∞,1} = max_x xᵀAx. */
double steepest_rows_quadratic_ascent(const SteepestRows *A, const double *diag, const double *c, double *x,
                                      double *g);

/* The mixing method (Wang, Chang, Kolter 2017) for the MAX-CUT SDP
 * max <M, X>, X ⪰ 0, diag(X) = 1, X = VᵀV, for SYMMETRIC M by rows (lsep.c).
 * V: M->n rows of k doubles (row i = the unit vector v_i); warm != 0 starts
 * from V as given (rows must be unit vectors), else from random unit vectors
 * drawn from seed.  A sweep costs O(n²k) dense, O(nnz·k) CSR; stops after
 * max_sweeps (0: 1000) or when a sweep gains <= tolerance·Σ|M_ij| (<= 0:
 * 1e-14).  Outputs: *dual = <M, VᵀV> (a lower bound on the SDP value, at any
 * iterate), l[i] = (MX)_ii (n doubles; feed to steepest_sdp_certify),
 * *residual (may be NULL) = max_i ‖(diag(l) − M)v_i‖ (0 at a stationary
 * point), *sweeps (may be NULL).  NO_MEMORY on failure.  The dual value is
 * NOT an upper bound on anything: only steepest_sdp_certify() gives one. */
int steepest_sdp_mixing(const SteepestRows *M, size_t k, unsigned max_sweeps, double tolerance, uint64_t seed,
                        int warm, double *V, double *dual, double *l, double *residual, unsigned *sweeps);

/* Raises l (in place) until diag(l) − M ⪰ 0 is proved, and returns
 * *primal = Σ l_i rounded up: a certified upper bound on the SDP value, so
 * on max_x xᵀMx (weak duality); for PSD M that is L_sep(M) >= ‖M‖_{∞,1}.
 * Dense M: a uniform shift proved by Cholesky (steepest_matrix_psd_shift_diag;
 * hint = the mixing residual).  CSR M with N <= 4096: the same, on a dense
 * copy (duplicate CSR entries are summed).  Larger CSR M: per-row diagonal
 * dominance (Gershgorin), valid but loose — a sparse Cholesky or any other
 * proof of PSD-ness could replace it.  LINALG / NO_MEMORY on failure. */
int steepest_sdp_certify(const SteepestRows *M, double hint, double *l, double *primal);

/* Rank of the mixing method for an N x N SDP: ⌈√(2N)⌉ + 1 (Barvinok–Pataki). */
size_t steepest_sdp_rank(size_t N);

/* The dense wrapper of mixing + certify, for any symmetric N x N M (not
 * checked): V (N x k, may be NULL) receives the final unit vectors; *dual,
 * *primal (certified) and l as in steepest_matrix_lsep(). */
int steepest_sdp_maxcut(size_t N, const double *M, unsigned max_sweeps, double tolerance, uint64_t seed,
                        double *dual, double *primal, double *l, double *V, unsigned *sweeps);

/* Certified bounds on ‖A‖_{∞,1} (matrix-inf1-bounds.c), filling r->lower,
 * r->upper, r->method (r->exact = 0).  A, At as for the sign search.
 * M_psd: when A is symmetric PSD, its symmetric part by rows (may be A);
 * asym = Σ|A − M_psd| (0 when A is exactly symmetric).  NULL: the bipartite
 * SDP of ½[[0, A], [Aᵀ, 0]] is used instead (built dense for a dense A, CSR for
 * a CSR A).  sdp = 0 skips the SDP (too large).  l2_upper: a certified upper
 * bound on ‖A‖₂ (<= 0: none), giving the bound n·‖A‖₂.  Lower: local search
 * from q->restarts starts, Goemans–Williamson rounding of the SDP solution,
 * (2/π)·dual for PSD A, dual/1.7823 otherwise.  Progress and cancellation
 * through q.  CANCELLED / LINALG / NO_MEMORY on failure. */
int steepest_rows_inf1_bounds(const SteepestRows *A, const SteepestRows *At, const SteepestRows *M_psd,
                              double asym, int sdp, double l2_upper, const SteepestPluginInducedQuery *q,
                              SteepestPluginInducedResult *r);

/* Exact enumeration with an optional Gray-step budget check; shared by the
 * public kernel and the query. */
int steepest_inf1_enumerate(size_t n, const double *H, unsigned threads, int (*progress)(void *, double),
                            void *user_data, double *value, double *x);

/* Exact ‖H‖_{∞,1} = max_x xᵀHx for exactly symmetric PSD H (not checked)
 * by branch and bound with certified SDP node bounds (inf1-bnb.c), on
 * q->threads threads, seed q->seed, progress/cancel through q.  Stops after
 * time_budget seconds (<= 0: never) with result->exact = 0 and the certified
 * interval [best ‖Hx‖₁ found, largest open node bound]; else exact = 1 and
 * lower = upper.  x (may be NULL) receives the best sign vector.
 * CANCELLED / NO_MEMORY / LINALG on failure. */
int steepest_inf1_branch_and_bound(size_t n, const double *H, const SteepestPluginInducedQuery *q,
                                   double time_budget, SteepestPluginInducedResult *result, double *x);

/* Estimated seconds of steepest_inf1_enumerate on `threads` threads. */
double steepest_inf1_enumerate_seconds(size_t n, unsigned threads);

/* A small, fast, seedable generator (splitmix64) for reproducible restarts. */
static inline uint64_t
induced_rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double
induced_rng_uniform(uint64_t *s)
{
    return (double) (induced_rng_next(s) >> 11) * 0x1.0p-53;
}

/* (a + b) / 2 without overflow for entries near ±DBL_MAX: exact whenever the
 * sum is finite (halving is exact above the subnormals), else halves first. */
static inline double
steepest_matrix_mid(double a, double b)
{
    double s = a + b;
    return isfinite(s) ? 0.5 * s : 0.5 * a + 0.5 * b;
}

/* Standard normal (Box–Muller). */
double induced_rng_normal(uint64_t *s);

unsigned steepest_threads_resolve(unsigned threads);

/* The matrix services of SteepestPluginHost (core/registry-host.c). */
int steepest_host_matrix_spectral_norm(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                                       SteepestPluginInducedResult *result);
int steepest_host_matrix_inf1(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                              SteepestPluginInducedResult *result);
int steepest_host_matrix_block_induced(size_t n, const double *H, size_t n_blocks, const size_t *start,
                                       const SteepestPluginInducedQuery *query,
                                       SteepestPluginInducedResult *result);
int steepest_host_matrix_sym_eigenvalues(size_t n, const double *H, double *eigenvalues);
int steepest_host_matrix_lsep(size_t n, const double *H, double *primal, double *dual, double *l);

G_END_DECLS

/* Σ a_i b_i and Σ |v_i|: the vector kernels the induced/ files share. */
static inline double
steepest_vec_dot(size_t n, const double *a, const double *b)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static inline double
steepest_vec_asum(size_t n, const double *v)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += v[i] < 0 ? -v[i] : v[i];
    return s;
}

#endif /* STEEPEST_MATRIX_PRIVATE_H */
