/* matrix-private.h — internal glue between the matrix kernels (matrix*.c,
 * lsep.c), the induced-norm entry point (induced.c) and the host services. */
#ifndef STEEPEST_MATRIX_PRIVATE_H
#define STEEPEST_MATRIX_PRIVATE_H

#include "core/steepest-private.h"

#include <math.h>
#include <steepest/steepest.h>

G_BEGIN_DECLS

/* Checks H for NULL, n = 0 and NaN/Inf (naming the entry (i, j)); `fn` names
 * the caller in messages. */
int steepest_matrix_check(const char *fn, size_t n, const double *H);

/* The query the options describe (NULL: defaults). */
void steepest_induced_query_from_options(const SteepestInducedOptions *opts, SteepestPluginInducedQuery *query);

/* Eigenvalues (ascending) of the symmetric matrix in A, which is destroyed;
 * no checks.  STEEPEST_ERROR_LINALG / NO_MEMORY on failure. */
int steepest_matrix_eig_inplace(size_t n, double *A, double *w);

/* max(0, −λ_min) of symmetric S plus a rounding margin covering the error of
 * the computed λ_min: adding it to the diagonal certifiably makes S PSD. */
int steepest_matrix_psd_shift(size_t n, const double *S, double *shift);

/* The induced-norm computations behind the public functions and the host
 * services; they fill result (lower, upper, exact, method). */
int steepest_matrix_spectral_query(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                                   SteepestPluginInducedResult *result);
int steepest_matrix_inf1_query(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                               SteepestPluginInducedResult *result);
int steepest_matrix_block_query(size_t n, const double *H, size_t n_blocks, const size_t *start,
                                const SteepestPluginInducedQuery *query, SteepestPluginInducedResult *result);

/* The mixing method for max <M, X>, X ⪰ 0, diag(X) = 1, for any symmetric N x N
 * M (not checked).  V (k x N, column i = v_i, may be NULL) receives the final
 * unit vectors; *dual = <M, VᵀV>; *primal (certified) and l as in
 * steepest_matrix_lsep().  k = steepest_sdp_rank(N). */
size_t steepest_sdp_rank(size_t N);
int steepest_sdp_maxcut(size_t N, const double *M, unsigned max_sweeps, double tolerance, uint64_t seed,
                        double *dual, double *primal, double *l, double *V, unsigned *sweeps);

/* Exact enumeration with an optional Gray-step budget check; shared by the
 * public kernel and the query. */
int steepest_inf1_enumerate(size_t n, const double *H, unsigned threads, int (*progress)(void *, double),
                            void *user_data, double *value, double *x);

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

/* The host services of SteepestPluginHost (induced.c). */
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

#endif /* STEEPEST_MATRIX_PRIVATE_H */
