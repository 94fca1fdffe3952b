/* gd-vs-sign.c — the README's example: gradient descent (l2) against sign
 * gradient descent (linf) on a quadratic f(x) = ½xᵀHx, each with the step
 * 1/L of its own geometry (Lemma 2), L = ‖H‖ computed by the library. */
#include <steepest/steepest.h>
#include <stdio.h>

#define N 4

/* f(x) = ½ xᵀHx, ∇f = Hx: a Hessian with most of its mass on the diagonal
 * and one large eigenvalue, the case where the paper expects sign GD to win. */
static const double H[N * N] = {
    40, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1,
};

static int
quadratic(void *user_data, size_t n, const double *x, double *value, double *grad)
{
    (void) user_data;
    double f = 0;
    for (size_t i = 0; i < n; i++) {
        double hx = 0;
        for (size_t j = 0; j < n; j++)
            hx += H[i * n + j] * x[j];
        f += 0.5 * x[i] * hx;
        if (grad)
            grad[i] = hx;
    }
    *value = f;
    return 0;
}

static int
run(const char *spec)
{
    SteepestNorm *norm = NULL;
    SteepestSolver *solver = NULL;
    double L, x[N] = { 1, -2, 0.5, 3 };
    int rc = steepest_norm_new(spec, N, &norm);
    if (rc == STEEPEST_OK) /* the smoothness constant in this norm: ‖H‖ (Prop. 2) */
        rc = steepest_norm_induced(norm, N, H, NULL, NULL, &L, NULL, NULL);
    if (rc == STEEPEST_OK)
        rc = steepest_solver_new(norm, N, &solver);
    if (rc == STEEPEST_OK)
        rc = steepest_solver_set_objective(solver, quadratic, NULL, NULL);
    if (rc == STEEPEST_OK) /* x − (1/L) ∇f♯: the paper's step */
        rc = steepest_solver_set_step_rule(solver, STEEPEST_STEP_FIXED);
    if (rc == STEEPEST_OK)
        rc = steepest_solver_set_lipschitz(solver, L);
    if (rc == STEEPEST_OK)
        rc = steepest_solver_set_max_iter(solver, 50);
    if (rc == STEEPEST_OK)
        rc = steepest_solver_run(solver, N, x);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", spec, steepest_last_error());
    } else {
        printf("%-5s L = %6.2f  f after %2llu steps = %.3e  (%s)\n", spec, L,
               (unsigned long long) steepest_solver_get_iterations(solver), steepest_solver_get_f(solver),
               steepest_status_name(rc));
    }
    steepest_solver_free(solver);
    steepest_norm_free(norm);
    return rc < 0;
}

int
main(void)
{
    return run("l2") | run("linf");
}
