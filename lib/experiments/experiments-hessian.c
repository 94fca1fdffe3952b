/* experiments-hessian.c — the quadratics of the paper's Figure 2:
 * H = R^θ Λ (R^θ)ᵀ with Λ = diag(1, …, 1, λ_max) (docs/theory.md). */
#include "core/steepest-private.h"

#include <math.h>

int
steepest_experiment_lambda_max(size_t d, double ratio, double *lambda_max)
{
    static const char fn[] = "steepest_experiment_lambda_max";
    if (lambda_max == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: lambda_max is NULL", fn);
    if (d == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension is 0", fn);
    if (!isfinite(ratio))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: ratio is not finite", fn);
    if (d == 1) {
        if (ratio != 1.0)
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "%s: in one dimension lambda_max/mean is always 1, not %g", fn, ratio);
        *lambda_max = 1.0;
        return STEEPEST_OK;
    }
    /* λ_max / ((d − 1 + λ_max)/d) = r  ⇔  λ_max = r (d − 1) / (d − r). */
    if (ratio < 1.0 || ratio >= (double) d)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: ratio lambda_max/mean = %g must lie in [1, %zu)", fn, ratio, d);
    *lambda_max = ratio * (double) (d - 1) / ((double) d - ratio);
    return STEEPEST_OK;
}

int
steepest_experiment_spectrum(size_t d, double ratio, double *lambda)
{
    if (lambda == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_experiment_spectrum: lambda is NULL");
    double top;
    int status = steepest_experiment_lambda_max(d, ratio, &top);
    if (status != STEEPEST_OK)
        return status;
    for (size_t i = 0; i + 1 < d; i++)
        lambda[i] = 1.0;
    lambda[d - 1] = top;
    return STEEPEST_OK;
}

int
steepest_rotated_hessian(size_t d, const double *R, double theta, const double *lambda, double *H)
{
    static const char fn[] = "steepest_rotated_hessian";
    if (R == NULL || lambda == NULL || H == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             R == NULL        ? "R"
                             : lambda == NULL ? "lambda"
                                              : "H");
    if (d == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension is 0", fn);
    int status = steepest_check_finite("lambda", d, lambda);
    if (status != STEEPEST_OK)
        return status;
    double *P = g_try_new(double, d *d);
    if (P == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory", fn);
    status = steepest_rotation_power(d, R, theta, P);
    if (status == STEEPEST_OK) {
        /* Only the upper triangle is summed, then mirrored: H is exactly symmetric. */
        for (size_t i = 0; i < d; i++) {
            for (size_t j = i; j < d; j++) {
                double s = 0;
                for (size_t k = 0; k < d; k++)
                    s += P[i * d + k] * lambda[k] * P[j * d + k];
                H[i * d + j] = s;
                H[j * d + i] = s;
            }
        }
    }
    g_free(P);
    return status;
}
