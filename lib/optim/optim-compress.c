/* optim-compress.c — the compressor of error feedback (Karimireddy et al.
 * 2019), in any norm: the ℓ2 projection of p onto the line of its unit
 * steepest direction s = s(p),
 *
 *     C(p) = (<p, s> / ‖s‖₂²) · s.
 *
 * For ℓ∞ (s = sign p) that is the scaled sign (‖p‖₁/nnz(p))·sign(p), for ℓ1
 * (s = ±e_i*) top-1 sparsification p_i* e_i*, for ℓ2 (s = p/‖p‖₂) p itself.
 * <p, s> is summed rather than taken as ‖p‖*, so a norm whose s(p) is only
 * approximately optimal (Newton–Schulz orthogonalization) is still
 * projected exactly.
 */
/* The sweeps below are the hot path; the library builds at -O2, where GCC
 * does not vectorize loops of unknown length (clang does), so these files
 * ask for -O3, and for sqrt without errno (it is never read; a negative
 * argument cannot occur): neither changes a result. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3", "no-math-errno")
#endif
#include "optim/optim-private.h"

#include <math.h>
#include <string.h>

int
steepest_optim_compress(const SteepestNorm *norm, size_t n, const double *p, double *out, double *dual,
                        double *coef)
{
    int rc = steepest_norm_unit_direction(norm, n, p, out, dual);
    if (rc != STEEPEST_OK)
        return rc;
    double dot[4] = { 0, 0, 0, 0 }, ss[4] = { 0, 0, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        dot[i & 3] += p[i] * out[i];
        ss[i & 3] += out[i] * out[i];
    }
    const double pd = (dot[0] + dot[1]) + (dot[2] + dot[3]);
    const double s2 = (ss[0] + ss[1]) + (ss[2] + ss[3]);
    const double c = s2 > 0.0 ? pd / s2 : 0.0;
    if (!isfinite(c))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                             "steepest_norm_compress (%s): <p,s>/||s||^2 = %g/%g overflows the double range",
                             steepest_norm_get_spec(norm), pd, s2);
    for (size_t i = 0; i < n; i++)
        out[i] *= c;
    *coef = c;
    return STEEPEST_OK;
}

int
steepest_norm_compress(const SteepestNorm *norm, size_t n, const double *p, double *out, double *dual_value)
{
    if (norm == NULL || p == NULL || out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_norm_compress: %s is NULL",
                             norm == NULL ? "norm"
                             : p == NULL  ? "p"
                                          : "out");
    if (n != steepest_norm_get_dim(norm))
        return steepest_norm_record(norm,
                                    steepest_fail(STEEPEST_ERROR_DIMENSION,
                                                  "steepest_norm_compress: n = %zu, but the norm %s has "
                                                  "dimension %zu",
                                                  n, steepest_norm_get_spec(norm),
                                                  steepest_norm_get_dim(norm)));
    if (out < p + n && p < out + n)
        return steepest_norm_record(norm, steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                                        "steepest_norm_compress: out overlaps p"));
    /* ‖p‖* first: a non-finite p is refused before out is written (the
     * unit direction writes its output even then). */
    double dual = 0.0, coef;
    int rc = steepest_norm_dual_norm(norm, n, p, &dual);
    if (rc == STEEPEST_OK)
        rc = steepest_optim_compress(norm, n, p, out, &dual, &coef);
    if (rc == STEEPEST_OK && dual_value != NULL)
        *dual_value = dual;
    return rc;
}
