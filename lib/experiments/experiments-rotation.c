/* experiments-rotation.c — Haar-random rotations in SO(d) and fractional
 * powers R^θ of a rotation through its real Schur form (docs/theory.md,
 * section 6). */
#include "core/steepest-private.h"

#include <lapacke.h>
#include <math.h>

/* LAPACK indexes with int: keep d·d within it. */
#define MAX_DIM 46340u

static int
check_dim(const char *fn, size_t d)
{
    if (d == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension is 0", fn);
    if (d > MAX_DIM)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension %zu exceeds %u", fn, d, MAX_DIM);
    return STEEPEST_OK;
}

/* Sign of det A for a d x d row-major A (A is overwritten by its LU factors). */
static int
det_sign(size_t d, double *A, int *sign)
{
    lapack_int *ipiv = g_try_new(lapack_int, d);
    if (ipiv == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "out of memory");
    lapack_int info =
        LAPACKE_dgetrf(LAPACK_ROW_MAJOR, (lapack_int) d, (lapack_int) d, A, (lapack_int) d, ipiv);
    if (info < 0) {
        g_free(ipiv);
        return steepest_fail(steepest_lapack_status(info), "dgetrf failed (info %d)", (int) info);
    }
    int s = 1;
    for (size_t i = 0; i < d; i++) {
        if (ipiv[i] != (lapack_int) (i + 1))
            s = -s;
        double u = A[i * d + i];
        if (u < 0)
            s = -s;
        else if (u == 0)
            s = 0;
    }
    g_free(ipiv);
    *sign = s;
    return STEEPEST_OK;
}

int
steepest_random_rotation(SteepestRng *rng, size_t d, double *R)
{
    static const char fn[] = "steepest_random_rotation";
    if (rng == NULL || R == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             rng == NULL ? "rng" : "R");
    int status = check_dim(fn, d);
    if (status != STEEPEST_OK)
        return status;

    double *tau = g_try_new(double, d);
    double *rdiag = g_try_new(double, d);
    double *copy = g_try_new(double, d *d);
    if (tau == NULL || rdiag == NULL || copy == NULL) {
        status = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory", fn);
        goto out;
    }
    steepest_rng_fill_normal(rng, d * d, R);

    lapack_int n = (lapack_int) d;
    lapack_int info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, n, n, R, n, tau);
    if (info != 0) {
        status = steepest_fail(steepest_lapack_status(info), "%s: dgeqrf failed (info %d)", fn, (int) info);
        goto out;
    }
    for (size_t i = 0; i < d; i++)
        rdiag[i] = R[i * d + i];
    info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, n, n, n, R, n, tau);
    if (info != 0) {
        status = steepest_fail(steepest_lapack_status(info), "%s: dorgqr failed (info %d)", fn, (int) info);
        goto out;
    }
    /* Q diag(sign R_ii) is Haar on O(d) (Mezzadri 2007); a Gaussian matrix has
     * R_ii != 0 with probability one, and 0 counts as positive. */
    for (size_t j = 0; j < d; j++) {
        if (rdiag[j] < 0) {
            for (size_t i = 0; i < d; i++)
                R[i * d + j] = -R[i * d + j];
        }
    }
    memcpy(copy, R, d * d * sizeof(double));
    int sign = 1;
    status = det_sign(d, copy, &sign);
    if (status != STEEPEST_OK)
        goto out;
    if (sign < 0) {
        /* Negating one column maps the det −1 half of O(d) onto SO(d), Haar to Haar. */
        for (size_t i = 0; i < d; i++)
            R[i * d] = -R[i * d];
    }
out:
    g_free(tau);
    g_free(rdiag);
    g_free(copy);
    return status;
}

/* Writes the 2 x 2 rotation by angle a into the (i, j) plane of T. */
static void
put_rotation(size_t d, double *T, size_t i, size_t j, double a)
{
    double c = cos(a), s = sin(a);
    T[i * d + i] = c;
    T[i * d + j] = -s;
    T[j * d + i] = s;
    T[j * d + j] = c;
}

int
steepest_rotation_power(size_t d, const double *R, double theta, double *out)
{
    static const char fn[] = "steepest_rotation_power";
    if (R == NULL || out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn, R == NULL ? "R" : "out");
    int status = check_dim(fn, d);
    if (status != STEEPEST_OK)
        return status;
    if (!isfinite(theta))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: theta is not finite", fn);
    status = steepest_check_finite("R", d * d, R);
    if (status != STEEPEST_OK)
        return status;

    /* Orthogonality: RᵀR = I to within a tolerance that grows with d. */
    double tol = 1e-8 * (double) d;
    for (size_t i = 0; i < d; i++) {
        for (size_t j = i; j < d; j++) {
            double s = 0;
            for (size_t k = 0; k < d; k++)
                s += R[k * d + i] * R[k * d + j];
            if (fabs(s - (i == j ? 1.0 : 0.0)) > tol)
                return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                     "%s: R is not orthogonal ((RᵀR)[%zu][%zu] = %g)", fn, i, j, s);
        }
    }

    double *T = g_try_new(double, d *d);
    double *Q = g_try_new(double, d *d);
    double *Tt = g_try_new0(double, d *d);
    double *wr = g_try_new(double, d);
    double *wi = g_try_new(double, d);
    size_t *neg = g_try_new(size_t, d);
    if (T == NULL || Q == NULL || Tt == NULL || wr == NULL || wi == NULL || neg == NULL) {
        status = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory", fn);
        goto out;
    }
    memcpy(T, R, d * d * sizeof(double));
    lapack_int sdim = 0, n = (lapack_int) d;
    lapack_int info = LAPACKE_dgees(LAPACK_ROW_MAJOR, 'V', 'N', NULL, n, T, n, &sdim, wr, wi, Q, n);
    if (info != 0) {
        status = steepest_fail(steepest_lapack_status(info), "%s: dgees failed (info %d)", fn, (int) info);
        goto out;
    }

    /* T is quasi-triangular, and block diagonal up to rounding because R is
     * normal: read the angle of each 2 x 2 block and the sign of each 1 x 1. */
    size_t n_neg = 0;
    for (size_t i = 0; i < d;) {
        if (i + 1 < d && T[(i + 1) * d + i] != 0.0) {
            double a = 0.5 * (T[i * d + i] + T[(i + 1) * d + i + 1]);
            double s = 0.5 * (T[(i + 1) * d + i] - T[i * d + i + 1]);
            put_rotation(d, Tt, i, i + 1, theta * atan2(s, a));
            i += 2;
        } else {
            if (T[i * d + i] < 0)
                neg[n_neg++] = i;
            else
                Tt[i * d + i] = 1.0;
            i += 1;
        }
    }
    if (n_neg % 2 != 0) {
        status = steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                               "%s: det R = -1, R is a reflection, not a rotation", fn);
        goto out;
    }
    /* Each pair of −1 eigenvalues is a rotation by π in its plane. */
    for (size_t k = 0; k < n_neg; k += 2)
        put_rotation(d, Tt, neg[k], neg[k + 1], theta * G_PI);

    /* out = Q Tt Qᵀ; T is reused for Q Tt. */
    for (size_t i = 0; i < d; i++) {
        for (size_t j = 0; j < d; j++) {
            double s = 0;
            for (size_t k = 0; k < d; k++)
                s += Q[i * d + k] * Tt[k * d + j];
            T[i * d + j] = s;
        }
    }
    for (size_t i = 0; i < d; i++) {
        for (size_t j = 0; j < d; j++) {
            double s = 0;
            for (size_t k = 0; k < d; k++)
                s += T[i * d + k] * Q[j * d + k];
            out[i * d + j] = s;
        }
    }
out:
    g_free(T);
    g_free(Q);
    g_free(Tt);
    g_free(wr);
    g_free(wi);
    g_free(neg);
    return status;
}
