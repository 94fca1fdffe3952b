/* experiments-compare.c — one cell of Figure 2: steepest descent in two
 * norms, each with α = 1/L from the induced norm, on f = ½ xᵀHx. */
#include "core/steepest-private.h"

#include <math.h>

/* Mean over the repeats of ‖x_T‖₂ after `steps` scaled steps with α = 1/L. */
static int
run_norm(const SteepestNorm *norm, size_t d, const double *H, double L, size_t repeats, const double *x0,
         unsigned steps, double *x, double *g, double *mean_dist)
{
    double alpha = L > 0 ? 1.0 / L : 0.0; /* H = 0: every gradient is 0, nothing moves */
    double sum = 0;
    for (size_t r = 0; r < repeats; r++) {
        memcpy(x, x0 + r * d, d * sizeof(double));
        for (unsigned t = 0; t < steps; t++) {
            for (size_t i = 0; i < d; i++) {
                double s = 0;
                const double *row = H + i * d;
                for (size_t j = 0; j < d; j++)
                    s += row[j] * x[j];
                g[i] = s;
            }
            int status = steepest_norm_step_scaled(norm, d, x, g, alpha, x, NULL);
            if (status != STEEPEST_OK)
                return status;
        }
        /* x_T is small or moderate here; a scaled sum keeps it overflow-safe anyway. */
        double scale = 0, ssq = 1;
        for (size_t i = 0; i < d; i++) {
            double a = fabs(x[i]);
            if (a == 0)
                continue;
            if (scale < a) {
                ssq = 1 + ssq * (scale / a) * (scale / a);
                scale = a;
            } else {
                ssq += (a / scale) * (a / scale);
            }
        }
        sum += scale * sqrt(ssq);
    }
    *mean_dist = sum / (double) repeats;
    if (!isfinite(*mean_dist))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                             "steepest_experiment_compare: the iterates of %s diverged",
                             steepest_norm_get_spec(norm));
    return STEEPEST_OK;
}

int
steepest_experiment_compare(const SteepestNorm *norm_a, const SteepestNorm *norm_b, size_t d, const double *H,
                            const SteepestInducedOptions *opts, size_t repeats, const double *x0,
                            unsigned steps, double *L_a, double *L_b, int *exact, double *dist_a,
                            double *dist_b)
{
    static const char fn[] = "steepest_experiment_compare";
    if (norm_a == NULL || norm_b == NULL || H == NULL || x0 == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             norm_a == NULL   ? "norm_a"
                             : norm_b == NULL ? "norm_b"
                             : H == NULL      ? "H"
                                              : "x0");
    if (repeats == 0)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: repeats is 0", fn);
    if (d == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension is 0", fn);
    const SteepestNorm *norms[2] = { norm_a, norm_b };
    for (int k = 0; k < 2; k++)
        if (steepest_norm_get_dim(norms[k]) != d)
            return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: norm %s has dimension %zu, the problem %zu",
                                 fn, steepest_norm_get_spec(norms[k]), steepest_norm_get_dim(norms[k]), d);
    int status = steepest_check_finite("H", d * d, H);
    if (status == STEEPEST_OK)
        status = steepest_check_finite("x0", repeats * d, x0);
    if (status != STEEPEST_OK)
        return status;

    double L[2], dist[2];
    int all_exact = 1;
    for (int k = 0; k < 2; k++) {
        double lower, upper;
        int ex = 0;
        status = steepest_norm_induced(norms[k], d, H, opts, &lower, &upper, &ex, NULL);
        if (status != STEEPEST_OK)
            return status;
        L[k] = upper; /* an upper bound keeps α = 1/L a safe step */
        all_exact = all_exact && ex;
    }
    double *x = g_try_new(double, 2 * d);
    if (x == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory", fn);
    for (int k = 0; k < 2 && status == STEEPEST_OK; k++)
        status = run_norm(norms[k], d, H, L[k], repeats, x0, steps, x, x + d, &dist[k]);
    g_free(x);
    if (status != STEEPEST_OK)
        return status;
    if (L_a != NULL)
        *L_a = L[0];
    if (L_b != NULL)
        *L_b = L[1];
    if (exact != NULL)
        *exact = all_exact;
    if (dist_a != NULL)
        *dist_a = dist[0];
    if (dist_b != NULL)
        *dist_b = dist[1];
    return STEEPEST_OK;
}
