/* test-problems.c — the gradient checker and the built-in test problems
 * (quadratic, Rosenbrock, logistic regression, least squares): their
 * gradients pass the checker, they are minimized by the solver, and their
 * known minimizers / smoothness bounds hold up against independent checks. */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

/* ---- gradient checker ---- */

typedef struct {
    SteepestObjectiveFn inner;
    void *inner_data;
    int break_index; /* multiply this gradient entry by 2; -1: none */
    int fail;        /* return 7 from the objective */
    int nan_grad;
} Wrap;

static int
wrap_fn(void *data, size_t n, const double *x, double *value, double *grad)
{
    Wrap *w = data;
    if (w->fail)
        return 7;
    int rc = w->inner(w->inner_data, n, x, value, grad);
    if (grad && w->break_index >= 0)
        grad[w->break_index] *= 2.0;
    if (grad && w->nan_grad)
        grad[0] = NAN;
    return rc;
}

static SteepestRosenbrock *
rosen(size_t n, SteepestObjectiveFn *fn, void **data)
{
    SteepestRosenbrock *r;
    ck_assert_int_eq(steepest_rosenbrock_new(n, &r), STEEPEST_OK);
    ck_assert_int_eq(steepest_rosenbrock_get_objective(r, fn, data), STEEPEST_OK);
    return r;
}

START_TEST(checker_catches_a_wrong_gradient_and_passes_a_right_one)
{
    SteepestObjectiveFn fn;
    void *data;
    SteepestRosenbrock *r = rosen(5, &fn, &data);
    const double x[5] = { -1.2, 1.0, 0.5, 0.3, 2.0 };
    double err = -1.0;
    size_t idx[2];
    double a[2], d[2], e[2];
    ck_assert_int_eq(steepest_check_gradient(fn, data, 5, x, 0.0, 2, idx, a, d, e, &err), STEEPEST_OK);
    ck_assert_msg(err < 1e-6, "right gradient: max relative error %g", err);

    Wrap w = { fn, data, 3, 0, 0 };
    ck_assert_int_eq(steepest_check_gradient(wrap_fn, &w, 5, x, 0.0, 2, idx, a, d, e, &err), STEEPEST_OK);
    ck_assert_uint_eq(idx[0], 3);
    ck_assert_double_eq_tol(a[0], 2.0 * d[0], 1e-5 * fabs(d[0]));
    ck_assert_double_eq_tol(e[0], 0.5, 1e-5); /* |2d − d| / |2d| */
    ck_assert(err == e[0]);
    ck_assert(e[1] < 1e-6); /* the others are right */
    ck_assert_uint_ne(idx[1], 3);

    /* k larger than n is clipped; NULL outputs are fine. */
    size_t many[8];
    ck_assert_int_eq(steepest_check_gradient(wrap_fn, &w, 5, x, 1e-6, 8, many, NULL, NULL, NULL, NULL),
                     STEEPEST_OK);
    ck_assert_uint_eq(many[0], 3);

    /* Failures. */
    ck_assert_int_eq(steepest_check_gradient(NULL, data, 5, x, 0, 0, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_check_gradient(fn, data, 0, x, 0, 0, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_check_gradient(fn, data, 5, x, NAN, 0, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    const double xbad[5] = { 0, 0, INFINITY, 0, 0 };
    ck_assert_int_eq(steepest_check_gradient(fn, data, 5, xbad, 0, 0, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "x[2]"));
    w.fail = 1;
    ck_assert_int_eq(steepest_check_gradient(wrap_fn, &w, 5, x, 0, 0, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_CALLBACK);
    w.fail = 0;
    w.nan_grad = 1;
    ck_assert_int_eq(steepest_check_gradient(wrap_fn, &w, 5, x, 0, 0, NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_NOT_FINITE);
    steepest_rosenbrock_free(r);
}
END_TEST

/* ---- shared: minimize with a solver ---- */

static SteepestSolver *
solver_for(const char *spec, size_t n, SteepestObjectiveFn fn, void *data, SteepestNorm **norm)
{
    ck_assert_int_eq(steepest_norm_new(spec, n, norm), STEEPEST_OK);
    SteepestSolver *s;
    ck_assert_int_eq(steepest_solver_new(*norm, n, &s), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_objective(s, fn, data, NULL), STEEPEST_OK);
    return s;
}

typedef struct {
    double worst; /* min of decrease − guarantee */
    int calls;
} Lemma2;

static int
lemma2_fn(void *data, const SteepestIterationInfo *info)
{
    Lemma2 *l = data;
    double m = steepest_iteration_info_get_decrease(info) - steepest_iteration_info_get_guarantee(info);
    if (l->calls++ == 0 || m < l->worst)
        l->worst = m;
    return 0;
}

/* ---- Rosenbrock ---- */

START_TEST(rosenbrock_gradient_minimizer_and_minimization)
{
    SteepestObjectiveFn fn;
    void *data;
    SteepestRosenbrock *r = rosen(2, &fn, &data);
    double err;
    const double pts[3][2] = { { -1.2, 1.0 }, { 0.0, 0.0 }, { 2.0, -3.0 } };
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(steepest_check_gradient(fn, data, 2, pts[k], 0, 0, NULL, NULL, NULL, NULL, &err),
                         STEEPEST_OK);
        ck_assert_msg(err < 1e-6, "point %d: %g", k, err);
    }
    /* Closed form at (−1.2, 1): f = 100·(1 − 1.44)² + 2.2² = 24.2. */
    double f, g[2];
    fn(data, 2, pts[0], &f, g);
    ck_assert_double_eq_tol(f, 24.2, 1e-12);
    double xs[2], fs;
    ck_assert_int_eq(steepest_rosenbrock_get_minimizer(r, 2, xs, &fs), STEEPEST_OK);
    fn(data, 2, xs, &f, g);
    ck_assert(f == 0.0 && fs == 0.0 && g[0] == 0.0 && g[1] == 0.0);
    ck_assert_int_eq(steepest_rosenbrock_get_minimizer(r, 3, xs, &fs), STEEPEST_ERROR_DIMENSION);

    /* Armijo steepest descent (ℓ2) from the classic start reaches the valley floor. */
    SteepestNorm *norm;
    SteepestSolver *s = solver_for("l2", 2, fn, data, &norm);
    steepest_solver_set_step_rule(s, STEEPEST_STEP_ARMIJO);
    steepest_solver_set_step_size(s, 1.0);
    steepest_solver_set_grad_tol(s, 1e-6);
    steepest_solver_set_max_iter(s, 200000);
    double x[2] = { -1.2, 1.0 };
    ck_assert_int_eq(steepest_solver_run(s, 2, x), STEEPEST_STOP_GRAD_TOL);
    ck_assert_double_eq_tol(x[0], 1.0, 1e-4);
    ck_assert_double_eq_tol(x[1], 1.0, 2e-4);
    steepest_solver_free(s);
    steepest_norm_free(norm);

    SteepestRosenbrock *bad = (SteepestRosenbrock *) 1;
    ck_assert_int_eq(steepest_rosenbrock_new(1, &bad), STEEPEST_ERROR_DIMENSION);
    ck_assert_ptr_null(bad);
    ck_assert_int_eq(steepest_rosenbrock_get_objective(NULL, &fn, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_rosenbrock_free(r);
}
END_TEST

/* ---- a small data set ---- */

#define M 40
#define D 4

static void
make_data(double *A, double *y, double *b)
{
    guint32 st = 777u;
    for (int i = 0; i < M * D; i++) {
        st = st * 1664525u + 1013904223u;
        A[i] = (double) (st >> 8) / (double) (1u << 24) * 2.0 - 1.0;
    }
    const double w[D] = { 1.5, -2.0, 0.5, 1.0 };
    for (int i = 0; i < M; i++) {
        double s = 0.0;
        for (int j = 0; j < D; j++)
            s += A[i * D + j] * w[j];
        st = st * 1664525u + 1013904223u;
        double noise = (double) (st >> 8) / (double) (1u << 24) - 0.5;
        y[i] = s + noise > 0 ? 1.0 : -1.0; /* not separable: noise flips some */
        b[i] = s + 0.1 * noise;
    }
}

START_TEST(logistic_regression)
{
    double A[M * D], y[M], b[M];
    make_data(A, y, b);
    SteepestLogistic *lr;
    ck_assert_int_eq(steepest_logistic_new(M, D, A, y, 0.01, STEEPEST_DATA_COPY, &lr), STEEPEST_OK);
    SteepestObjectiveFn fn;
    void *data;
    ck_assert_int_eq(steepest_logistic_get_objective(lr, &fn, &data), STEEPEST_OK);
    const double w0[D] = { 0.3, -0.2, 1.0, 0.0 };
    double err;
    ck_assert_int_eq(steepest_check_gradient(fn, data, D, w0, 0, 0, NULL, NULL, NULL, NULL, &err),
                     STEEPEST_OK);
    ck_assert_msg(err < 1e-6, "%g", err);
    /* At w = 0 every loss is log 2. */
    const double zero[D] = { 0 };
    double f, g[D];
    fn(data, D, zero, &f, g);
    ck_assert_double_eq_tol(f, log(2.0), 1e-15);
    /* Huge margins neither overflow nor lose the gradient's sign. */
    const double big[D] = { 1e3, -1e3, 1e3, 1e3 };
    fn(data, D, big, &f, g);
    ck_assert(isfinite(f) && f > 0);

    /* Minimized by the paper's rule α = 1/L with L the cheap bound, which
     * must also make every step meet Lemma 2, in ℓ2 and in ℓ∞. */
    const char *specs[2] = { "l2", "linf" };
    for (int k = 0; k < 2; k++) {
        SteepestNorm *norm;
        SteepestSolver *s = solver_for(specs[k], D, fn, data, &norm);
        double L;
        ck_assert_int_eq(steepest_logistic_get_smoothness_bound(lr, norm, &L), STEEPEST_OK);
        steepest_solver_set_step_rule(s, STEEPEST_STEP_FIXED);
        steepest_solver_set_lipschitz(s, L);
        steepest_solver_set_grad_tol(s, 1e-7);
        steepest_solver_set_max_iter(s, 100000);
        Lemma2 l = { 0 };
        steepest_solver_set_iteration_callback(s, lemma2_fn, &l, NULL);
        double w[D];
        memcpy(w, w0, sizeof w);
        ck_assert_int_eq(steepest_solver_run(s, D, w), STEEPEST_STOP_GRAD_TOL);
        ck_assert_msg(l.worst >= -1e-15, "%s: Lemma 2 violated by %g", specs[k], -l.worst);
        fn(data, D, w, &f, g);
        for (int j = 0; j < D; j++)
            ck_assert(fabs(g[j]) <= 1e-7);
        steepest_solver_free(s);
        steepest_norm_free(norm);
    }
    /* The ℓ∞ bound is Σ‖a_i‖₁²/(4m) + λ d, by hand. */
    SteepestNorm *linf;
    ck_assert_int_eq(steepest_norm_new("linf", D, &linf), STEEPEST_OK);
    double L, want = 0.0;
    for (int i = 0; i < M; i++) {
        double s1 = 0.0;
        for (int j = 0; j < D; j++)
            s1 += fabs(A[i * D + j]);
        want += s1 * s1;
    }
    want = want / (4.0 * M) + 0.01 * D;
    ck_assert_int_eq(steepest_logistic_get_smoothness_bound(lr, linf, &L), STEEPEST_OK);
    ck_assert_double_eq_tol(L, want, 1e-12 * want);
    steepest_norm_free(linf);
    SteepestNorm *block;
    ck_assert_int_eq(steepest_norm_new("block:size=2", D, &block), STEEPEST_OK);
    ck_assert_int_eq(steepest_logistic_get_smoothness_bound(lr, block, &L), STEEPEST_ERROR_UNSUPPORTED);
    steepest_norm_free(block);

    /* {0,1} labels are refused by name. */
    SteepestLogistic *bad = (SteepestLogistic *) 1;
    y[5] = 0.0;
    ck_assert_int_eq(steepest_logistic_new(M, D, A, y, 0.0, STEEPEST_DATA_COPY, &bad),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(bad);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "y[5]"));
    y[5] = 1.0;
    ck_assert_int_eq(steepest_logistic_new(M, D, A, y, -1.0, STEEPEST_DATA_COPY, &bad),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_logistic_new(0, D, A, y, 0.0, STEEPEST_DATA_COPY, &bad),
                     STEEPEST_ERROR_DIMENSION);
    A[7] = NAN;
    ck_assert_int_eq(steepest_logistic_new(M, D, A, y, 0.0, STEEPEST_DATA_COPY, &bad),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "A[7]"));
    steepest_logistic_free(lr);
    steepest_logistic_free(NULL);
}
END_TEST

START_TEST(least_squares)
{
    double A[M * D], y[M], b[M];
    make_data(A, y, b);
    SteepestLeastSquares *ls;
    ck_assert_int_eq(steepest_least_squares_new(M, D, A, b, STEEPEST_DATA_BORROW, &ls), STEEPEST_OK);
    SteepestObjectiveFn fn;
    void *data;
    ck_assert_int_eq(steepest_least_squares_get_objective(ls, &fn, &data), STEEPEST_OK);
    const double x0[D] = { 0.0, 0.0, 0.0, 0.0 };
    const double x1[D] = { 1.0, -1.0, 2.0, 0.5 };
    double err;
    ck_assert_int_eq(steepest_check_gradient(fn, data, D, x1, 0, 0, NULL, NULL, NULL, NULL, &err),
                     STEEPEST_OK);
    ck_assert_msg(err < 1e-6, "%g", err);
    double f, g[D];
    fn(data, D, x0, &f, g);
    double bb = 0.0;
    for (int i = 0; i < M; i++)
        bb += b[i] * b[i];
    ck_assert_double_eq_tol(f, 0.5 * bb, 1e-12 * bb);

    /* The minimizer satisfies the normal equations Aᵀ(Ax − b) = 0. */
    double xs[D], fs;
    ck_assert_int_eq(steepest_least_squares_get_minimizer(ls, D, xs, &fs), STEEPEST_OK);
    for (int j = 0; j < D; j++) {
        double s = 0.0;
        for (int i = 0; i < M; i++) {
            double r = -b[i];
            for (int k = 0; k < D; k++)
                r += A[i * D + k] * xs[k];
            s += A[i * D + j] * r;
        }
        ck_assert_double_eq_tol(s, 0.0, 1e-12);
    }

    /* Minimized in every built-in norm, sign GD (ℓ∞) included, by α = 1/L
     * with the cheap bound Σ‖a_i‖*² — and Lemma 2 holds at every step. */
    const char *specs[4] = { "l2", "linf", "l1", "block:size=2" };
    for (int k = 0; k < 4; k++) {
        SteepestNorm *norm;
        SteepestSolver *s = solver_for(specs[k], D, fn, data, &norm);
        double L;
        ck_assert_int_eq(steepest_least_squares_get_smoothness_bound(ls, norm, &L), STEEPEST_OK);
        steepest_solver_set_step_rule(s, STEEPEST_STEP_FIXED);
        steepest_solver_set_lipschitz(s, L);
        steepest_solver_set_grad_tol(s, 1e-9);
        steepest_solver_set_max_iter(s, 200000);
        Lemma2 l = { 0 };
        steepest_solver_set_iteration_callback(s, lemma2_fn, &l, NULL);
        double x[D];
        memcpy(x, x1, sizeof x);
        ck_assert_int_eq(steepest_solver_run(s, D, x), STEEPEST_STOP_GRAD_TOL);
        ck_assert_msg(l.worst >= -1e-12, "%s: Lemma 2 violated by %g", specs[k], -l.worst);
        for (int j = 0; j < D; j++)
            ck_assert_msg(fabs(x[j] - xs[j]) < 1e-6, "%s: x[%d] = %g, x* %g", specs[k], j, x[j], xs[j]);
        ck_assert_double_eq_tol(steepest_solver_get_f(s), fs, 1e-10);
        steepest_solver_free(s);
        steepest_norm_free(norm);
    }

    /* Rank-deficient A: no unique minimizer. */
    double A2[3 * 2] = { 1, 2, 2, 4, 3, 6 }, b2[3] = { 1, 2, 3 };
    SteepestLeastSquares *rd;
    ck_assert_int_eq(steepest_least_squares_new(3, 2, A2, b2, STEEPEST_DATA_COPY, &rd), STEEPEST_OK);
    ck_assert_int_eq(steepest_least_squares_get_minimizer(rd, 2, xs, NULL), STEEPEST_ERROR_NOT_PSD);
    ck_assert_int_eq(steepest_least_squares_get_minimizer(rd, 3, xs, NULL), STEEPEST_ERROR_DIMENSION);
    steepest_least_squares_free(rd);
    ck_assert_int_eq(steepest_least_squares_new(3, 2, A2, NULL, STEEPEST_DATA_COPY, &rd),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_least_squares_new(3, 2, A2, b2, 5, &rd), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_least_squares_free(ls);
}
END_TEST

/* ---- quadratic ---- */

START_TEST(quadratic_problem)
{
    double H[9] = { 4, 1, 0, 1, 3, -1, 0, -1, 2 }, b[3] = { 1, -2, 0.5 };
    SteepestQuadratic *q;
    ck_assert_int_eq(steepest_quadratic_new(3, H, b, STEEPEST_DATA_COPY, &q), STEEPEST_OK);
    ck_assert_uint_eq(steepest_quadratic_get_dimension(q), 3);
    SteepestObjectiveFn fn;
    void *data;
    ck_assert_int_eq(steepest_quadratic_get_objective(q, &fn, &data), STEEPEST_OK);
    double x[3] = { 1, 2, 3 }, f, g[3];
    fn(data, 3, x, &f, g);
    /* Hx = (6, 4, 4): f = ½·(6+8+12) − (1 − 4 + 1.5) = 14.5, ∇f = Hx − b. */
    ck_assert_double_eq_tol(f, 14.5, 1e-14);
    ck_assert_double_eq_tol(g[0], 5.0, 1e-14);
    ck_assert_double_eq_tol(g[1], 6.0, 1e-14);
    ck_assert_double_eq_tol(g[2], 3.5, 1e-14);
    double xs[3], fs;
    ck_assert_int_eq(steepest_quadratic_get_minimizer(q, 3, xs, &fs), STEEPEST_OK);
    fn(data, 3, xs, &f, g);
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq_tol(g[i], 0.0, 1e-14);
    ck_assert_double_eq_tol(f, fs, 1e-14);

    /* COPY ignores later changes of the caller's array; BORROW sees them. */
    SteepestQuadratic *qb;
    ck_assert_int_eq(steepest_quadratic_new(3, H, b, STEEPEST_DATA_BORROW, &qb), STEEPEST_OK);
    b[0] = 100.0;
    double f_copy, f_borrow;
    fn(q, 3, x, &f_copy, NULL);
    fn(qb, 3, x, &f_borrow, NULL);
    ck_assert_double_eq_tol(f_copy, 14.5, 1e-14);
    ck_assert_double_eq_tol(f_borrow, 14.5 - 99.0, 1e-12);
    steepest_quadratic_free(qb);

    /* Errors. */
    SteepestQuadratic *bad = (SteepestQuadratic *) 1;
    double Hn[4] = { 1, 2, 2.5, 1 };
    ck_assert_int_eq(steepest_quadratic_new(2, Hn, NULL, STEEPEST_DATA_COPY, &bad),
                     STEEPEST_ERROR_NOT_SYMMETRIC);
    ck_assert_ptr_null(bad);
    double Hi[4] = { 1, 2, 2, 1 }; /* eigenvalues 3 and −1 */
    ck_assert_int_eq(steepest_quadratic_new(2, Hi, NULL, STEEPEST_DATA_COPY, &bad), STEEPEST_OK);
    ck_assert_int_eq(steepest_quadratic_get_minimizer(bad, 2, xs, NULL), STEEPEST_ERROR_NOT_PSD);
    steepest_quadratic_free(bad);
    Hi[3] = INFINITY;
    ck_assert_int_eq(steepest_quadratic_new(2, Hi, NULL, STEEPEST_DATA_COPY, &bad),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "H[3]"));
    ck_assert_int_eq(steepest_quadratic_new(0, Hi, NULL, STEEPEST_DATA_COPY, &bad), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_quadratic_new(2, NULL, NULL, STEEPEST_DATA_COPY, &bad),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    const double hd[3] = { 2, 0, 1 };
    ck_assert_int_eq(steepest_quadratic_new_diagonal(3, hd, NULL, STEEPEST_DATA_COPY, &bad), STEEPEST_OK);
    ck_assert_int_eq(steepest_quadratic_get_minimizer(bad, 3, xs, NULL), STEEPEST_ERROR_NOT_PSD);
    steepest_quadratic_free(bad);
    steepest_quadratic_free(q);
}
END_TEST

START_TEST(solver_owns_a_problem_through_destroy_notify)
{
    /* The binding pattern: hand the problem to the solver with its _free. */
    const double h[2] = { 1.0, 4.0 }, b[2] = { 1.0, 1.0 };
    SteepestQuadratic *q;
    ck_assert_int_eq(steepest_quadratic_new_diagonal(2, h, b, STEEPEST_DATA_COPY, &q), STEEPEST_OK);
    SteepestObjectiveFn fn;
    void *data;
    steepest_quadratic_get_objective(q, &fn, &data);
    SteepestNorm *norm;
    ck_assert_int_eq(steepest_norm_new("l2", 2, &norm), STEEPEST_OK);
    SteepestSolver *s;
    ck_assert_int_eq(steepest_solver_new(norm, 2, &s), STEEPEST_OK);
    steepest_solver_set_objective(s, fn, data, (SteepestDestroyNotify) steepest_quadratic_free);
    steepest_solver_set_step_rule(s, STEEPEST_STEP_FIXED);
    steepest_solver_set_lipschitz(s, 4.0);
    steepest_solver_set_grad_tol(s, 1e-12);
    double x[2] = { 0, 0 };
    ck_assert_int_eq(steepest_solver_run(s, 2, x), STEEPEST_STOP_GRAD_TOL);
    ck_assert_double_eq_tol(x[0], 1.0, 1e-11);
    ck_assert_double_eq_tol(x[1], 0.25, 1e-11);
    steepest_solver_free(s); /* frees q too (valgrind would see a leak otherwise) */
    steepest_norm_free(norm);
}
END_TEST

/* ---- the documented failures of every constructor and getter ---- */

START_TEST(constructors_and_getters_refuse_bad_input)
{
    double A[M * D], y[M], b[M], xs[D + 1];
    make_data(A, y, b);
    SteepestObjectiveFn fn;
    void *data;
    SteepestNorm *l1, *l2_wrong;
    ck_assert_int_eq(steepest_norm_new("l1", D, &l1), STEEPEST_OK);
    ck_assert_int_eq(steepest_norm_new("l2", D + 1, &l2_wrong), STEEPEST_OK);

    /* Least squares: L <= Σ‖a_i‖*², here with the dual of ℓ1 (ℓ∞), by hand. */
    SteepestLeastSquares *ls = (SteepestLeastSquares *) 1;
    ck_assert_int_eq(steepest_least_squares_new(0, D, A, b, STEEPEST_DATA_COPY, &ls),
                     STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_least_squares_new(M, 0, A, b, STEEPEST_DATA_COPY, &ls),
                     STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_least_squares_new(M, D, NULL, b, STEEPEST_DATA_COPY, &ls),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_least_squares_new(M, D, A, b, STEEPEST_DATA_COPY, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    b[3] = INFINITY;
    ck_assert_int_eq(steepest_least_squares_new(M, D, A, b, STEEPEST_DATA_COPY, &ls),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "b[3]"));
    b[3] = 0.5;
    ck_assert_int_eq(steepest_least_squares_new(M, D, A, b, STEEPEST_DATA_COPY, &ls), STEEPEST_OK);
    double L, want = 0.0;
    for (int i = 0; i < M; i++) {
        double m = 0.0;
        for (int j = 0; j < D; j++)
            m = fmax(m, fabs(A[i * D + j]));
        want += m * m;
    }
    ck_assert_int_eq(steepest_least_squares_get_smoothness_bound(ls, l1, &L), STEEPEST_OK);
    ck_assert_double_eq_tol(L, want, 1e-13 * want);
    ck_assert_int_eq(steepest_least_squares_get_smoothness_bound(ls, l2_wrong, &L), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_least_squares_get_smoothness_bound(ls, NULL, &L),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_least_squares_get_smoothness_bound(ls, l1, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_least_squares_get_objective(NULL, &fn, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_least_squares_free(ls);
    steepest_least_squares_free(NULL);

    /* Logistic: the remaining arguments. */
    SteepestLogistic *lr;
    ck_assert_int_eq(steepest_logistic_new(M, D, A, y, 0.0, 2, &lr), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_logistic_new(M, 0, A, y, 0.0, STEEPEST_DATA_COPY, &lr),
                     STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_logistic_new(M, D, A, y, NAN, STEEPEST_DATA_COPY, &lr),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_logistic_new(M, D, A, y, 0.0, STEEPEST_DATA_COPY, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_logistic_new(M, D, A, y, 0.5, STEEPEST_DATA_BORROW, &lr), STEEPEST_OK);
    ck_assert_int_eq(steepest_logistic_get_smoothness_bound(lr, l2_wrong, &L), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_logistic_get_objective(NULL, &fn, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_logistic_free(lr);

    /* Quadratic: ownership, out, the diagonal form's checks and values. */
    const double H[4] = { 2, 1, 1, 3 };
    SteepestQuadratic *q;
    ck_assert_int_eq(steepest_quadratic_new(2, H, NULL, 7, &q), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_quadratic_new(2, H, NULL, STEEPEST_DATA_COPY, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    const double bnan[2] = { 1, NAN };
    ck_assert_int_eq(steepest_quadratic_new(2, H, bnan, STEEPEST_DATA_COPY, &q), STEEPEST_ERROR_NOT_FINITE);
    double h[3] = { 1, 2, 4 }, hb[3] = { 1, -1, 2 };
    ck_assert_int_eq(steepest_quadratic_new_diagonal(0, h, NULL, STEEPEST_DATA_COPY, &q),
                     STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_quadratic_new_diagonal(3, NULL, NULL, STEEPEST_DATA_COPY, &q),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_quadratic_new_diagonal(3, h, NULL, 9, &q), STEEPEST_ERROR_INVALID_ARGUMENT);
    h[1] = NAN;
    ck_assert_int_eq(steepest_quadratic_new_diagonal(3, h, NULL, STEEPEST_DATA_COPY, &q),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "[1]"));
    h[1] = 2;
    ck_assert_int_eq(steepest_quadratic_new_diagonal(3, h, hb, STEEPEST_DATA_COPY, &q), STEEPEST_OK);
    ck_assert_uint_eq(steepest_quadratic_get_dimension(q), 3);
    ck_assert_int_eq(steepest_quadratic_get_objective(q, &fn, &data), STEEPEST_OK);
    /* f = ½Σh_i x_i² − bᵀx at x = (1, 1, 1): 3.5 − 2 = 1.5; ∇f = h ⊙ x − b. */
    const double ones[3] = { 1, 1, 1 };
    double f, g[3];
    ck_assert_int_eq(fn(data, 3, ones, &f, g), 0);
    ck_assert_double_eq_tol(f, 1.5, 1e-15);
    ck_assert(g[0] == 0.0 && g[1] == 3.0 && g[2] == 2.0);
    ck_assert_int_ne(fn(data, 2, ones, &f, g), 0); /* the objective checks n */
    /* x* = b/h, f* = −½ Σ b_i²/h_i = −½ (1 + ½ + 1). */
    double fs;
    ck_assert_int_eq(steepest_quadratic_get_minimizer(q, 3, xs, &fs), STEEPEST_OK);
    ck_assert(xs[0] == 1.0 && xs[1] == -0.5 && xs[2] == 0.5);
    ck_assert_double_eq_tol(fs, -1.25, 1e-15);
    ck_assert_int_eq(steepest_quadratic_get_minimizer(q, 4, xs, &fs), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_quadratic_get_minimizer(q, 3, NULL, &fs), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_quadratic_get_objective(NULL, &fn, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_quadratic_free(q);
    steepest_quadratic_free(NULL);

    /* Rosenbrock. */
    SteepestRosenbrock *r;
    ck_assert_int_eq(steepest_rosenbrock_new(3, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_rosenbrock_new(3, &r), STEEPEST_OK);
    ck_assert_int_eq(steepest_rosenbrock_get_minimizer(r, 3, xs, &fs), STEEPEST_OK);
    ck_assert(xs[0] == 1.0 && xs[1] == 1.0 && xs[2] == 1.0 && fs == 0.0);
    ck_assert_int_eq(steepest_rosenbrock_get_minimizer(r, 3, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_rosenbrock_free(r);
    steepest_rosenbrock_free(NULL);
    steepest_norm_free(l1);
    steepest_norm_free(l2_wrong);
}
END_TEST

/* The problem objects' remaining refusals and optional outputs: a Rosenbrock
 * objective called with another dimension, its minimizer without f*, NULL
 * outputs of get_objective, and the logistic bound without the λ term
 * (Σ‖a_i‖₂²/(4m) for λ = 0, whatever the norm's identity constant). */
START_TEST(problem_edges_are_named)
{
    SteepestRosenbrock *r = NULL;
    ck_assert_int_eq(steepest_rosenbrock_new(2, &r), STEEPEST_OK);
    SteepestObjectiveFn fn = NULL;
    void *data = NULL;
    ck_assert_int_eq(steepest_rosenbrock_get_objective(r, &fn, &data), STEEPEST_OK);
    double x3[3] = { 1, 1, 1 }, f = 0, g[3];
    ck_assert_int_eq(fn(data, 3, x3, &f, g), STEEPEST_ERROR_DIMENSION);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "rosenbrock: x has dimension 3, the problem 2"));
    double xs[2] = { 0, 0 };
    ck_assert_int_eq(steepest_rosenbrock_get_minimizer(r, 2, xs, NULL), STEEPEST_OK);
    ck_assert(xs[0] == 1.0 && xs[1] == 1.0);
    ck_assert_int_eq(steepest_rosenbrock_get_objective(r, NULL, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_rosenbrock_get_objective(r, &fn, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "steepest_rosenbrock_get_objective: NULL argument"));
    steepest_rosenbrock_free(r);

    const double A[6] = { 1, -2, 0.5, 3, -1, 1 }, y[3] = { 1, -1, 1 };
    SteepestLogistic *lr = NULL;
    ck_assert_int_eq(steepest_logistic_new(3, 2, A, y, 0.0, STEEPEST_DATA_COPY, &lr), STEEPEST_OK);
    ck_assert_int_eq(steepest_logistic_get_objective(lr, &fn, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_logistic_get_objective(lr, NULL, &data), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "steepest_logistic_get_objective: NULL argument"));
    SteepestNorm *block = NULL;
    ck_assert_int_eq(steepest_norm_new("block:size=2", 2, &block), STEEPEST_OK);
    double L = 0; /* block:size=2 on n = 2 is l2: ‖a_i‖₂², and no λ term is needed */
    ck_assert_int_eq(steepest_logistic_get_smoothness_bound(lr, block, &L), STEEPEST_OK);
    double want = ((1 + 4) + (0.25 + 9) + (1 + 1)) / (4.0 * 3);
    ck_assert_double_eq_tol(L, want, 1e-15 * want);
    steepest_norm_free(block);
    steepest_logistic_free(lr);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("problems");
    TCase *tc = tcase_create("problems");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, checker_catches_a_wrong_gradient_and_passes_a_right_one);
    tcase_add_test(tc, rosenbrock_gradient_minimizer_and_minimization);
    tcase_add_test(tc, logistic_regression);
    tcase_add_test(tc, least_squares);
    tcase_add_test(tc, quadratic_problem);
    tcase_add_test(tc, solver_owns_a_problem_through_destroy_notify);
    tcase_add_test(tc, constructors_and_getters_refuse_bad_input);
    tcase_add_test(tc, problem_edges_are_named);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
