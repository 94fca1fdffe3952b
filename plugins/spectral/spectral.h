/* spectral.h — private to the spectral plugin: the instance state and the
 * dense kernels its three files share (polar.c, induced.c, spectral.c).
 *
 * Layout convention.  The vector is an R x C matrix W stored row-major
 * (W[i][j] at index i*C + j), acting as y = W v: fan-in is C (cols),
 * fan-out is R (rows).  A row-major R x C array is, read column-major, the
 * C x R matrix Wᵀ; the kernels use that to hand LAPACK and BLAS the
 * transpose without moving a byte (polar(Wᵀ) = polar(W)ᵀ, and the singular
 * values are the same).
 */
#ifndef STEEPEST_SPECTRAL_H
#define STEEPEST_SPECTRAL_H

#include <steepest/steepest-plugin.h>
#include <stddef.h>

typedef enum {
    SPECTRAL_POLAR_SVD = 0,    /* exact: thin SVD through LAPACKE */
    SPECTRAL_POLAR_NS5 = 1,    /* Muon's quintic Newton–Schulz, 5 steps */
    SPECTRAL_POLAR_EXPRESS = 2 /* Polar Express coefficients, 5 steps */
} SpectralPolar;

typedef struct {
    size_t rows, cols; /* R, C */
    SpectralPolar polar;
    double kappa; /* the scale κ > 0 */
} Spectral;

/* The host, for set_error and alloc (kept by the entry function). */
extern const SteepestPluginHost *spectral_host;

/* Sets the host's error message (printf-style) and returns code. */
int spectral_fail(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Singular values of the row-major R x C matrix a, descending, into
 * s[0..min(R,C)).  a is not modified.  Returns a plugin status. */
int spectral_svd_values(size_t R, size_t C, const double *a, double *s);

/* The relative threshold below which a singular value counts as zero:
 * σ_i <= max(R, C) · ε · σ_1 (ε the double epsilon, NumPy's matrix_rank
 * default).  Returns the number of singular values above it. */
size_t spectral_rank(size_t R, size_t C, const double *s);

/* out = κ U Vᵀ over the singular triplets above the threshold (0 for a zero
 * matrix), exact through the thin SVD (dgesdd, dgesvd where it does not
 * converge); *nuclear = Σ σ_i.  out must not alias a. */
int spectral_polar_svd(size_t R, size_t C, const double *a, double kappa, double *out, double *nuclear);

/* out = κ · X_5, the Newton–Schulz-type iteration of Muon (ns5) or the
 * Polar Express (express) on a, all products through dgemm. */
int spectral_polar_iterate(size_t R, size_t C, const double *a, SpectralPolar polar, double kappa,
                           double *out);

/* The coefficient table of an iterative mode: steps (a, b, c) triples and
 * the normalization X0 = a / (‖a‖_F · scale + shift) or a / max(‖a‖_F, floor). */
typedef struct {
    const double *abc; /* steps x 3, row t = (a, b, c) of step t */
    int steps;
    double frob_scale, frob_shift, frob_floor;
} SpectralSchedule;
const SpectralSchedule *spectral_schedule(SpectralPolar polar);

/* The instance's unit direction s(z) (length R*C) and the dual value that
 * goes with it (κ‖z‖_nuc for svd, <z, s(z)> for the iterative modes). */
int spectral_direction(const Spectral *sp, const double *z, double *s, double *dual);

/* The induced matrix norm of H acting on vec(W) (spectral_induced.c). */
int spectral_induced_norm(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
                          SteepestPluginInducedResult *result);

#endif /* STEEPEST_SPECTRAL_H */
