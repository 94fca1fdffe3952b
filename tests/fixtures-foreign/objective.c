/* objective.c — a fixture shared library exporting the same objective, the
 * n-dimensional Rosenbrock function
 *     f(x) = Σ_{i<n-1} 100 (x_{i+1} − x_i²)² + (1 − x_i)²,
 * in every calling convention steepest-foreign.h supports, so the foreign
 * objective tests can check that each signature reaches the same numbers. */
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define FIXTURE_EXPORT __attribute__((visibility("default")))
#else
#define FIXTURE_EXPORT
#endif

static double
rosenbrock(size_t n, const double *x, double *g)
{
    double f = 0.0;
    if (g != NULL)
        for (size_t i = 0; i < n; i++)
            g[i] = 0.0;
    for (size_t i = 0; i + 1 < n; i++) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
        if (g != NULL) {
            g[i] += -400.0 * a * x[i] - 2.0 * b;
            g[i + 1] += 200.0 * a;
        }
    }
    return f;
}

/* double(x, g, n) — n last, size_t */
FIXTURE_EXPORT double fx_xgn(const double *x, double *g, size_t n);
double
fx_xgn(const double *x, double *g, size_t n)
{
    return rosenbrock(n, x, g);
}

/* double(n:int, x, g) — n first, int */
FIXTURE_EXPORT double fx_nxg_int(int n, const double *x, double *g);
double
fx_nxg_int(int n, const double *x, double *g)
{
    return rosenbrock((size_t) n, x, g);
}

/* double(x, n:long, g) — n in the middle, long */
FIXTURE_EXPORT double fx_xng_long(const double *x, long n, double *g);
double
fx_xng_long(const double *x, long n, double *g)
{
    return rosenbrock((size_t) n, x, g);
}

/* double(g, x, n:unsigned) — the gradient first, unsigned */
FIXTURE_EXPORT double fx_gxn_unsigned(double *g, const double *x, unsigned n);
double
fx_gxn_unsigned(double *g, const double *x, unsigned n)
{
    return rosenbrock(n, x, g);
}

/* NLopt: double(n:unsigned, x, g, null); data must be NULL, grad may be NULL. */
FIXTURE_EXPORT double fx_nlopt(unsigned n, const double *x, double *grad, void *data);
double
fx_nlopt(unsigned n, const double *x, double *grad, void *data)
{
    if (data != NULL)
        return -1.0; /* the caller promised NULL data; make a mistake visible */
    return rosenbrock(n, x, grad);
}

/* Fortran subroutine fg(n, x, f, g), everything by reference: void(n:int*, x, f, g) */
FIXTURE_EXPORT void fx_fortran_(const int *n, const double *x, double *f, double *g);
void
fx_fortran_(const int *n, const double *x, double *f, double *g)
{
    *f = rosenbrock((size_t) *n, x, g);
}

/* int(x, n:int64, f, g): a status return; fails (returns 7) when x[0] > 1e6. */
FIXTURE_EXPORT int fx_status(const double *x, int64_t n, double *f, double *g);
int
fx_status(const double *x, int64_t n, double *f, double *g)
{
    if (x[0] > 1e6)
        return 7;
    *f = rosenbrock((size_t) n, x, g);
    return 0;
}

/* double(x, n): value only, no gradient. */
FIXTURE_EXPORT double fx_value_only(const double *x, size_t n);
double
fx_value_only(const double *x, size_t n)
{
    return rosenbrock(n, x, NULL);
}

/* double(x, g): fixed dimension 3, no n argument. */
FIXTURE_EXPORT double fx_fixed3(const double *x, double *g);
double
fx_fixed3(const double *x, double *g)
{
    return rosenbrock(3, x, g);
}

/* A data symbol, not a function: exported so "missing symbol" tests have a contrast. */
FIXTURE_EXPORT const int fx_data_symbol = 42;

/* int(null, n, x, g): a Hessian-vector product, the Laplacian of the path
 * 0 - 1 - ... - (n-1): out_i = deg_i v_i − v_{i−1} − v_{i+1}.  Its λ_max is
 * 2 + 2cos(π/n) and ‖L‖∞,1 = 4·maxcut = 4(n − 1). */
FIXTURE_EXPORT int fx_hv_path(void *user_data, size_t n, const double *v, double *out);
int
fx_hv_path(void *user_data, size_t n, const double *v, double *out)
{
    (void) user_data;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        if (i > 0)
            s += v[i] - v[i - 1];
        if (i + 1 < n)
            s += v[i] - v[i + 1];
        out[i] = s;
    }
    return 0;
}
