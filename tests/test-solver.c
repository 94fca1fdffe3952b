/* test-solver.c — the steepest descent solver.
 *
 * Trajectories are compared with an independent straight-line implementation
 * of every update written here from docs/theory.md (the duality maps and unit
 * directions of the ℓ2, ℓ∞, ℓ1, block and ℓ3 norms coded afresh, not taken from
 * the library), so a test fails if the solver's arithmetic departs from the
 * formulas, not merely if it changes. */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

/* ---- the test quadratic f = ½ xᵀHx − bᵀx, n = 6 ---- */

#define N 6

typedef struct {
    size_t n;
    double H[N * N], b[N];
    int calls;
    int fail_at; /* return fail_code at this call (1-based), 0: never */
    int fail_code;
    int nan_value_at; /* f = NaN at this call */
    int nan_grad_at;  /* ∇f[1] = NaN at this call */
    int inf_value_at;
    int inf_grad_at;     /* ∇f[4] = −Inf at this call */
    gboolean wrong_sign; /* return −∇f: an ascent "gradient" */
    gulong sleep_us;
} Quad;

static int
quad_fn(void *data, size_t n, const double *x, double *value, double *grad)
{
    Quad *q = data;
    q->calls++;
    if (q->sleep_us)
        g_usleep(q->sleep_us);
    if (q->fail_at && q->calls == q->fail_at) {
        steepest_set_error(STEEPEST_ERROR_CALLBACK, "the test objective gives up");
        return q->fail_code;
    }
    double f = 0.0;
    for (size_t i = 0; i < n; i++) {
        double hx = 0.0;
        for (size_t j = 0; j < n; j++)
            hx += q->H[i * n + j] * x[j];
        f += x[i] * (0.5 * hx - q->b[i]);
        if (grad)
            grad[i] = (q->wrong_sign ? -1.0 : 1.0) * (hx - q->b[i]);
    }
    if (q->nan_value_at && q->calls == q->nan_value_at)
        f = NAN;
    if (q->inf_value_at && q->calls == q->inf_value_at)
        f = INFINITY;
    if (grad && q->nan_grad_at && q->calls == q->nan_grad_at)
        grad[1] = NAN;
    if (grad && q->inf_grad_at && q->calls == q->inf_grad_at)
        grad[4] = -INFINITY;
    *value = f;
    return 0;
}

static int
quad_value(void *data, size_t n, const double *x, double *value)
{
    return quad_fn(data, n, x, value, NULL);
}

static int
quad_grad(void *data, size_t n, const double *x, double *grad)
{
    double f;
    Quad *q = data;
    int saved = q->calls;
    int rc = quad_fn(data, n, x, &f, grad);
    q->calls = saved; /* count value calls only */
    return rc;
}

/* A well-conditioned SPD H = MᵀM/n + ½I from a fixed LCG, and b. */
static void
quad_init(Quad *q)
{
    memset(q, 0, sizeof *q);
    q->n = N;
    guint32 state = 12345u;
    double M[N * N];
    for (int i = 0; i < N * N; i++) {
        state = state * 1664525u + 1013904223u;
        M[i] = (double) (state >> 8) / (double) (1u << 24) * 2.0 - 1.0;
    }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0.0;
            for (int k = 0; k < N; k++)
                s += M[k * N + i] * M[k * N + j];
            q->H[i * N + j] = s / N + (i == j ? 0.5 : 0.0);
        }
    for (int i = 0; i < N; i++)
        q->b[i] = 0.3 * (i + 1) - 1.0;
}

static const double X0[N] = { 2.0, -1.5, 0.75, 3.0, -2.25, 1.0 };

/* f* by Gauss–Jordan on H x = b (H is SPD and small). */
static double
quad_min(const Quad *q, double *xstar)
{
    double A[N][N + 1];
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++)
            A[i][j] = q->H[i * N + j];
        A[i][N] = q->b[i];
    }
    for (int c = 0; c < N; c++) {
        int p = c;
        for (int r = c + 1; r < N; r++)
            if (fabs(A[r][c]) > fabs(A[p][c]))
                p = r;
        for (int j = 0; j <= N; j++) {
            double t = A[c][j];
            A[c][j] = A[p][j];
            A[p][j] = t;
        }
        for (int r = 0; r < N; r++)
            if (r != c) {
                double m = A[r][c] / A[c][c];
                for (int j = c; j <= N; j++)
                    A[r][j] -= m * A[c][j];
            }
    }
    double f = 0.0;
    for (int i = 0; i < N; i++) {
        xstar[i] = A[i][N] / A[i][i];
        f -= 0.5 * q->b[i] * xstar[i];
    }
    return f;
}

/* ---- the norms, written again from docs/theory.md ---- */

typedef enum { NORM_L2, NORM_LINF, NORM_L1, NORM_BLOCK2, NORM_LP3, N_NORMS } NormId;
static const char *const norm_specs[N_NORMS] = { "l2", "linf", "l1", "block:size=2", "lp:p=3" };

/* ℓ3 and its dual ℓ_{3/2}. */
#define LP_P 3.0
#define LP_Q 1.5

static double
lp_sum(size_t n, const double *z, double p)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += pow(fabs(z[i]), p);
    return pow(s, 1.0 / p);
}

static double
sgn(double v)
{
    return (v > 0.0) - (v < 0.0);
}

static double
ref_dual(NormId id, size_t n, const double *z)
{
    double s = 0.0;
    switch (id) {
    case NORM_L2:
        for (size_t i = 0; i < n; i++)
            s += z[i] * z[i];
        return sqrt(s);
    case NORM_LINF: /* dual ℓ1 */
        for (size_t i = 0; i < n; i++)
            s += fabs(z[i]);
        return s;
    case NORM_L1: /* dual ℓ∞ */
        for (size_t i = 0; i < n; i++)
            if (fabs(z[i]) > s)
                s = fabs(z[i]);
        return s;
    case NORM_LP3: /* dual ℓq */
        return lp_sum(n, z, LP_Q);
    default: /* Σ_b ‖z_b‖₂ */
        for (size_t i = 0; i < n; i += 2)
            s += hypot(z[i], z[i + 1]);
        return s;
    }
}

static double
ref_primal(NormId id, size_t n, const double *x)
{
    double s = 0.0;
    switch (id) {
    case NORM_L2:
        return ref_dual(NORM_L2, n, x);
    case NORM_LINF:
        return ref_dual(NORM_L1, n, x);
    case NORM_L1:
        return ref_dual(NORM_LINF, n, x);
    case NORM_LP3:
        return lp_sum(n, x, LP_P);
    default:
        for (size_t i = 0; i < n; i += 2)
            if (hypot(x[i], x[i + 1]) > s)
                s = hypot(x[i], x[i + 1]);
        return s;
    }
}

/* d = z♯ (scaled) or s(z) (normalized), the table of docs/theory.md. */
static void
ref_direction(NormId id, int normalized, size_t n, const double *z, double *d)
{
    const double dual = ref_dual(id, n, z);
    const double scale = normalized ? 1.0 : dual;
    size_t k = 0;
    switch (id) {
    case NORM_L2:
        for (size_t i = 0; i < n; i++)
            d[i] = normalized ? (dual > 0 ? z[i] / dual : 0.0) : z[i];
        break;
    case NORM_LINF:
        for (size_t i = 0; i < n; i++)
            d[i] = scale * sgn(z[i]);
        break;
    case NORM_L1:
        for (size_t i = 1; i < n; i++)
            if (fabs(z[i]) > fabs(z[k]))
                k = i;
        for (size_t i = 0; i < n; i++)
            d[i] = 0.0;
        d[k] = normalized ? sgn(z[k]) : z[k];
        break;
    case NORM_LP3: /* ‖z‖_q^{2−q} sign(z_i)|z_i|^{q−1}, over ‖z‖_q when normalized */
        for (size_t i = 0; i < n; i++)
            d[i] = (dual > 0 ? pow(dual, 2.0 - LP_Q) : 0.0) * sgn(z[i]) * pow(fabs(z[i]), LP_Q - 1.0) /
                   (normalized && dual > 0 ? dual : 1.0);
        break;
    default:
        for (size_t i = 0; i < n; i += 2) {
            double nb = hypot(z[i], z[i + 1]);
            d[i] = nb > 0 ? scale * z[i] / nb : 0.0;
            d[i + 1] = nb > 0 ? scale * z[i + 1] / nb : 0.0;
        }
        break;
    }
}

/* ---- the rules, written again ---- */

typedef struct {
    int rule, direction;
    double alpha0, L, gamma, c, shrink;
    unsigned max_backtracks;
    double L0, L1, ngd_beta, momentum;
    double eta_plus, eta_minus, delta0, delta_min, delta_max;
} Params;

static double
upper_L(NormId id, const Quad *q)
{
    double s = 0.0;
    switch (id) {
    case NORM_L2: /* ‖H‖₂ <= ‖H‖_F */
        for (int i = 0; i < N * N; i++)
            s += q->H[i] * q->H[i];
        return sqrt(s);
    case NORM_LINF: /* ‖H‖_{∞,1} <= Σ|H_ij| */
    case NORM_LP3: /* ‖x‖∞ <= ‖x‖₃ <= 1 and ‖y‖_{3/2} <= ‖y‖₁: ‖H‖ <= Σ|H_ij| too */
        for (int i = 0; i < N * N; i++)
            s += fabs(q->H[i]);
        return s;
    case NORM_L1: /* ‖H‖_{1,∞} = max|H_ij| */
        for (int i = 0; i < N * N; i++)
            if (fabs(q->H[i]) > s)
                s = fabs(q->H[i]);
        return s;
    default: /* Σ_{b,c} ‖H_bc‖_F */
        for (int bi = 0; bi < N; bi += 2)
            for (int bj = 0; bj < N; bj += 2) {
                double f = 0.0;
                for (int i = bi; i < bi + 2; i++)
                    for (int j = bj; j < bj + 2; j++)
                        f += q->H[i * N + j] * q->H[i * N + j];
                s += sqrt(f);
            }
        return s;
    }
}

static Params
params_for(int rule, int direction, double L)
{
    Params p = {
        .rule = rule,
        .direction = direction,
        .alpha0 = 1.0 / L,
        .L = L,
        .gamma = 0.995,
        .c = 1e-4,
        .shrink = 0.5,
        .max_backtracks = 60,
        .L0 = L,
        .L1 = 0.1,
        .ngd_beta = 0.0,
        .momentum = 0.5,
        .eta_plus = 1.2,
        .eta_minus = 0.5,
        .delta0 = 0.1,
        .delta_min = 1e-9,
        .delta_max = 1.0,
    };
    if (rule == STEEPEST_STEP_ARMIJO)
        p.alpha0 = 4.0 / L; /* so that it must backtrack */
    if (rule == STEEPEST_STEP_MOMENTUM)
        p.alpha0 = 0.5 / L;
    if (rule == STEEPEST_STEP_NORMALIZED_GD) { /* α0/(‖g‖* + β) <= α0/β = 1/L */
        p.alpha0 = 1.0;
        p.ngd_beta = L;
    }
    if (direction == STEEPEST_DIRECTION_NORMALIZED && rule != STEEPEST_STEP_NORMALIZED_GD)
        p.alpha0 = 0.05;
    return p;
}

/* Runs T steps; f_out[0..T] and the final x.  Returns the steps taken (fewer
 * only at an exactly zero gradient). */
static int
ref_run(NormId id, Quad *q, const Params *p, double *x, int T, double *f_out)
{
    const size_t n = q->n;
    const int nd = p->direction == STEEPEST_DIRECTION_NORMALIZED;
    double g[N], d[N], m[N] = { 0 }, delta[N], xt[N], f;
    double prev_sign[N] = { 0 };
    for (size_t i = 0; i < n; i++)
        delta[i] = p->delta0;
    quad_fn(q, n, x, &f, g);
    f_out[0] = f;
    for (int t = 0; t < T; t++) {
        const double dual = ref_dual(id, n, g);
        if (dual == 0.0)
            return t;
        double alpha;
        switch (p->rule) {
        case STEEPEST_STEP_FIXED:
            alpha = 1.0 / p->L;
            break;
        case STEEPEST_STEP_CONSTANT:
            alpha = p->alpha0;
            break;
        case STEEPEST_STEP_INV_SQRT:
            alpha = p->alpha0 / sqrt(t + 1.0);
            break;
        case STEEPEST_STEP_GEOMETRIC:
            alpha = p->alpha0 * pow(p->gamma, t);
            break;
        case STEEPEST_STEP_NORMALIZED_SD:
            alpha = 1.0 / (5.0 * p->L0 + 4.0 * p->L1 * dual);
            break;
        case STEEPEST_STEP_NORMALIZED_GD:
            alpha = p->alpha0 / (dual + p->ngd_beta);
            break;
        default:
            alpha = p->alpha0;
        }
        if (p->rule == STEEPEST_STEP_MOMENTUM) {
            for (size_t i = 0; i < n; i++)
                m[i] = p->momentum * m[i] + g[i];
            ref_direction(id, nd, n, m, d);
            for (size_t i = 0; i < n; i++)
                x[i] -= alpha * d[i];
        } else if (p->rule == STEEPEST_STEP_RPROP) {
            for (size_t i = 0; i < n; i++) {
                double s = sgn(g[i]);
                if (s * prev_sign[i] > 0)
                    delta[i] = fmin(delta[i] * p->eta_plus, p->delta_max);
                else if (s * prev_sign[i] < 0)
                    delta[i] = fmax(delta[i] * p->eta_minus, p->delta_min);
                prev_sign[i] = s;
                x[i] -= delta[i] * s;
            }
        } else if (p->rule == STEEPEST_STEP_ARMIJO) {
            ref_direction(id, nd, n, g, d);
            const double slope = nd ? dual : dual * dual;
            for (unsigned k = 0;; k++) {
                double ft;
                for (size_t i = 0; i < n; i++)
                    xt[i] = x[i] - alpha * d[i];
                quad_fn(q, n, xt, &ft, NULL);
                if (ft <= f - p->c * alpha * slope)
                    break;
                ck_assert_uint_lt(k, p->max_backtracks);
                alpha *= p->shrink;
            }
            memcpy(x, xt, n * sizeof *x);
        } else {
            ref_direction(id, nd, n, g, d);
            for (size_t i = 0; i < n; i++)
                x[i] -= alpha * d[i];
        }
        quad_fn(q, n, x, &f, g);
        f_out[t + 1] = f;
    }
    return T;
}

static SteepestNorm *
make_norm(NormId id, size_t n)
{
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new(norm_specs[id], n, &norm);
    ck_assert_msg(rc == STEEPEST_OK, "norm %s: %s", norm_specs[id], steepest_last_error());
    return norm;
}

static void
apply_params(SteepestSolver *s, const Params *p)
{
    ck_assert_int_eq(steepest_solver_set_step_rule(s, p->rule), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_direction(s, p->direction), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_step_size(s, p->alpha0), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_lipschitz(s, p->L), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_decay(s, p->gamma), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_armijo(s, p->c, p->shrink, p->max_backtracks), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_l0_l1(s, p->L0, p->L1), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_normalized_gd_beta(s, p->ngd_beta), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_momentum(s, p->momentum), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_rprop(s, p->eta_plus, p->eta_minus, p->delta0, p->delta_min,
                                               p->delta_max),
                     STEEPEST_OK);
}

static const char *const rule_names[] = { "FIXED",         "CONSTANT",      "INV_SQRT", "GEOMETRIC", "ARMIJO",
                                          "NORMALIZED_SD", "NORMALIZED_GD", "MOMENTUM", "RPROP" };

/* One norm × rule × direction: the solver's trace and result against the
 * reference. */
static void
compare_with_reference(NormId id, int rule, int direction, int T)
{
    Quad q, qref;
    quad_init(&q);
    quad_init(&qref);
    const Params p = params_for(rule, direction, upper_L(id, &q));

    double xref[N], fref[1001];
    memcpy(xref, X0, sizeof xref);
    const int steps = ref_run(id, &qref, &p, xref, T, fref);
    ck_assert_int_eq(steps, T);

    SteepestNorm *norm = make_norm(id, N);
    SteepestSolver *s = NULL;
    ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_set_objective(s, quad_fn, &q, NULL), STEEPEST_OK);
    apply_params(s, &p);
    steepest_solver_set_max_iter(s, (uint64_t) T);
    steepest_solver_set_cycle_detection(s, 0);
    steepest_solver_set_trace(s, 1);
    double x[N];
    memcpy(x, X0, sizeof x);
    int rc = steepest_solver_run(s, N, x);
    ck_assert_msg(rc == STEEPEST_STOP_MAX_ITER, "%s %s dir %d: status %s (%s)", norm_specs[id],
                  rule_names[rule], direction, steepest_status_name(rc), steepest_solver_last_error(s));
    ck_assert_uint_eq(steepest_solver_get_iterations(s), (uint64_t) T);
    ck_assert_uint_eq(steepest_solver_get_trace_length(s), (size_t) T + 1);
    const double *tf = steepest_solver_get_trace_f(s);
    const double scale = fabs(fref[0]) + 1.0;
    for (int t = 0; t <= T; t++)
        ck_assert_msg(fabs(tf[t] - fref[t]) <= 1e-10 * scale, "%s %s dir %d: f_%d = %.17g, reference %.17g",
                      norm_specs[id], rule_names[rule], direction, t, tf[t], fref[t]);
    for (int i = 0; i < N; i++)
        ck_assert_msg(fabs(x[i] - xref[i]) <= 1e-9 * (1.0 + fabs(xref[i])),
                      "%s %s dir %d: x[%d] = %.17g, ref %.17g", norm_specs[id], rule_names[rule], direction,
                      i, x[i], xref[i]);
    ck_assert_double_eq_tol(steepest_solver_get_f(s), fref[T], 1e-10 * scale);
    ck_assert_double_eq_tol(steepest_solver_get_initial_f(s), fref[0], 1e-14 * scale);
    /* ‖∇f(x_T)‖* as the reference computes it */
    double g[N], f;
    quad_fn(&qref, N, x, &f, g);
    ck_assert_double_eq_tol(steepest_solver_get_grad_norm(s), ref_dual(id, N, g),
                            1e-12 * (1.0 + ref_dual(id, N, g)));
    steepest_solver_free(s);
    steepest_norm_free(norm);
}

/* (f_T − f*)/(f_0 − f*) after T scaled steps of the solver. */
static double
run_to_gap(NormId id, int rule, int T)
{
    Quad q;
    quad_init(&q);
    double xstar[N];
    const double fstar = quad_min(&q, xstar);
    const Params p = params_for(rule, STEEPEST_DIRECTION_SCALED, upper_L(id, &q));
    SteepestNorm *norm = make_norm(id, N);
    SteepestSolver *s = NULL;
    ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
    steepest_solver_set_objective(s, quad_fn, &q, NULL);
    apply_params(s, &p);
    steepest_solver_set_max_iter(s, (uint64_t) T);
    double x[N];
    memcpy(x, X0, sizeof x);
    int rc = steepest_solver_run(s, N, x);
    ck_assert_msg(rc > 0, "%s %s: %s", norm_specs[id], rule_names[rule], steepest_solver_last_error(s));
    double f0 = steepest_solver_get_initial_f(s), f = steepest_solver_get_f(s);
    steepest_solver_free(s);
    steepest_norm_free(norm);
    return (f - fstar) / (f0 - fstar);
}

START_TEST(scaled_rules_follow_the_formulas_and_converge)
{
    const NormId id = (NormId) _i;
    for (int rule = STEEPEST_STEP_FIXED; rule <= STEEPEST_STEP_RPROP; rule++) {
        /* Agreement to rounding over 60 steps (30 for Armijo, whose test
         * compares f values that agree to the last bit once f has nearly
         * converged, so its accept/reject decisions become rounding coin
         * flips); sign-like maps (ℓ∞, block) are discontinuous near the
         * optimum too, so longer runs agree only to the accuracy reached. */
        compare_with_reference(id, rule, STEEPEST_DIRECTION_SCALED, rule == STEEPEST_STEP_ARMIJO ? 30 : 60);
        double gap = run_to_gap(id, rule, 600);
        /* Every rule, as parameterized, minimizes this well-conditioned
         * quadratic; the slow ones (1/√t, Eq. 44's 1/(5L)) least fast. */
        double want = (rule == STEEPEST_STEP_INV_SQRT || rule == STEEPEST_STEP_NORMALIZED_SD) ? 1e-2 : 1e-6;
        ck_assert_msg(gap <= want, "%s %s: (f_T - f*)/(f_0 - f*) = %g", norm_specs[id], rule_names[rule],
                      gap);
    }
}
END_TEST

START_TEST(normalized_rules_follow_the_formulas)
{
    const NormId id = (NormId) _i;
    for (int rule = STEEPEST_STEP_FIXED; rule <= STEEPEST_STEP_RPROP; rule++)
        compare_with_reference(id, rule, STEEPEST_DIRECTION_NORMALIZED, 60);
}
END_TEST

/* ---- Lemma 2 through the iteration callback ---- */

typedef struct {
    int calls;
    double worst_margin; /* min over steps of decrease − guarantee */
    int applies;
    int stop_at;
    double x_seen[N];
    uint64_t evals_seen;
    double step_norm_last, step_norm_prev;
} Watch;

static int
watch_fn(void *data, const SteepestIterationInfo *info)
{
    Watch *w = data;
    w->calls++;
    ck_assert_uint_eq(steepest_iteration_info_get_iteration(info), (uint64_t) w->calls);
    ck_assert_uint_eq(steepest_iteration_info_get_dimension(info), N);
    double margin = steepest_iteration_info_get_decrease(info) - steepest_iteration_info_get_guarantee(info);
    if (w->calls == 1 || margin < w->worst_margin)
        w->worst_margin = margin;
    w->applies = steepest_iteration_info_get_guarantee_applies(info);
    ck_assert(steepest_iteration_info_get_decrease(info) ==
              steepest_iteration_info_get_f_previous(info) - steepest_iteration_info_get_f(info));
    memcpy(w->x_seen, steepest_iteration_info_get_x(info), sizeof w->x_seen);
    w->evals_seen = steepest_iteration_info_get_evaluations(info);
    w->step_norm_prev = w->step_norm_last;
    w->step_norm_last = steepest_iteration_info_get_step_norm(info);
    return w->stop_at && w->calls == w->stop_at;
}

START_TEST(fixed_step_meets_lemma_2_in_every_norm)
{
    const NormId id = (NormId) _i;
    Quad q;
    quad_init(&q);
    SteepestNorm *norm = make_norm(id, N);
    SteepestSolver *s;
    ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
    steepest_solver_set_objective(s, quad_fn, &q, NULL);
    steepest_solver_set_step_rule(s, STEEPEST_STEP_FIXED);
    steepest_solver_set_lipschitz(s, upper_L(id, &q)); /* an upper bound is a valid L */
    steepest_solver_set_max_iter(s, 50);
    Watch w = { 0 };
    steepest_solver_set_iteration_callback(s, watch_fn, &w, NULL);
    double x[N];
    memcpy(x, X0, sizeof x);
    ck_assert_int_eq(steepest_solver_run(s, N, x), STEEPEST_STOP_MAX_ITER);
    ck_assert_int_eq(w.calls, 50);
    ck_assert_int_eq(w.applies, 1);
    ck_assert_msg(w.worst_margin >= -1e-12, "%s: a step fell short of Lemma 2 by %g", norm_specs[id],
                  -w.worst_margin);
    /* Without an L there is no guarantee to report. */
    steepest_solver_set_step_rule(s, STEEPEST_STEP_CONSTANT);
    steepest_solver_set_lipschitz(s, 0.0);
    memset(&w, 0, sizeof w);
    steepest_solver_set_max_iter(s, 3);
    memcpy(x, X0, sizeof x);
    ck_assert_int_eq(steepest_solver_run(s, N, x), STEEPEST_STOP_MAX_ITER);
    ck_assert(isnan(w.worst_margin));
    ck_assert_int_eq(w.applies, 0);
    steepest_solver_free(s);
    steepest_norm_free(norm);
}
END_TEST

/* ---- the fixed-step sign method ends in a 2-cycle (docs/theory.md, section 7) ---- */

typedef struct {
    size_t n;
    const double *h, *c;
} Sep;

/* f = ½ Σ h_i (x_i − c_i)² */
static int
sep_fn(void *data, size_t n, const double *x, double *value, double *grad)
{
    const Sep *p = data;
    double f = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - p->c[i];
        f += 0.5 * p->h[i] * d * d;
        if (grad)
            grad[i] = p->h[i] * d;
    }
    *value = f;
    return 0;
}

START_TEST(sign_method_with_fixed_step_stops_in_the_two_cycle)
{
    const size_t n = 4;
    const double h[4] = { 1.0, 3.0, 0.5, 10.0 }, c[4] = { 0.3, -1.1, 2.05, 0.0 };
    const double x0[4] = { 3.0, 2.5, -1.0, 0.6 };
    const double alpha = 0.25; /* a power of two: x0 − kα is exact */
    Sep p = { n, h, c };
    SteepestNorm *norm;
    ck_assert_int_eq(steepest_norm_new("linf", n, &norm), STEEPEST_OK);
    SteepestSolver *s;
    ck_assert_int_eq(steepest_solver_new(norm, n, &s), STEEPEST_OK);
    steepest_solver_set_objective(s, sep_fn, &p, NULL);
    steepest_solver_set_step_rule(s, STEEPEST_STEP_CONSTANT);
    steepest_solver_set_direction(s, STEEPEST_DIRECTION_NORMALIZED);
    steepest_solver_set_step_size(s, alpha);
    double x[4];
    memcpy(x, x0, sizeof x);
    ck_assert_int_eq(steepest_solver_run(s, n, x), STEEPEST_STOP_CYCLE);

    /* Straight-line: x ← x − α sign(∇f) until x_{t+1} == x_{t−1}. */
    double hist[200][4];
    memcpy(hist[0], x0, sizeof x0);
    int t = 0;
    for (;;) {
        ck_assert_int_lt(t, 198);
        for (size_t i = 0; i < n; i++)
            hist[t + 1][i] = hist[t][i] - alpha * sgn(h[i] * (hist[t][i] - c[i]));
        t++;
        if (t >= 2 && memcmp(hist[t], hist[t - 2], sizeof hist[t]) == 0)
            break;
    }
    /* Recognized two steps after it began (x_{t+2} == x_t, the snapshot). */
    ck_assert_uint_eq(steepest_solver_get_iterations(s), (uint64_t) t + 2);
    for (size_t i = 0; i < n; i++) {
        ck_assert(x[i] == hist[t][i]);
        /* Stuck within α of the optimum, never closer on average. */
        ck_assert(fabs(x[i] - c[i]) <= alpha);
        ck_assert(fabs(hist[t - 1][i] - c[i]) <= alpha);
    }
    /* The scaled step shrinks with ‖g‖₁ and does not cycle: with α = 1/L∞
     * (L∞ = Σ h_i for a diagonal H) it converges. */
    steepest_solver_set_direction(s, STEEPEST_DIRECTION_SCALED);
    steepest_solver_set_step_rule(s, STEEPEST_STEP_FIXED);
    steepest_solver_set_lipschitz(s, 14.5);
    steepest_solver_set_grad_tol(s, 1e-8);
    steepest_solver_set_max_iter(s, 100000);
    memcpy(x, x0, sizeof x);
    ck_assert_int_eq(steepest_solver_run(s, n, x), STEEPEST_STOP_GRAD_TOL);
    for (size_t i = 0; i < n; i++)
        ck_assert_double_eq_tol(x[i], c[i], 1e-8);
    steepest_solver_free(s);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(one_dimension_the_question_s_example)
{
    /* f = x² from x = 3 (the classic question of theory.md section 7, as minimization). */
    const double h[1] = { 2.0 }, c[1] = { 0.0 };
    Sep p = { 1, h, c };
    SteepestNorm *norm;
    ck_assert_int_eq(steepest_norm_new("linf", 1, &norm), STEEPEST_OK);
    SteepestSolver *s;
    ck_assert_int_eq(steepest_solver_new(norm, 1, &s), STEEPEST_OK);
    steepest_solver_set_objective(s, sep_fn, &p, NULL);
    steepest_solver_set_direction(s, STEEPEST_DIRECTION_NORMALIZED);
    steepest_solver_set_step_size(s, 0.25);
    double x = 3.1;
    ck_assert_int_eq(steepest_solver_run(s, 1, &x), STEEPEST_STOP_CYCLE);
    /* 3.1 − 12·0.25 = 0.1 (> 0) then −0.15, 0.1, ...: x_14 == x_12 begins
     * the cycle, recognized at x_16 == x_14 = 0.1. */
    ck_assert_uint_eq(steepest_solver_get_iterations(s), 16);
    ck_assert_double_eq_tol(x, 0.1, 1e-15);
    /* GD with α = 1/L = 1/2 jumps straight to the minimizer and stops there. */
    steepest_solver_set_direction(s, STEEPEST_DIRECTION_SCALED);
    steepest_solver_set_step_rule(s, STEEPEST_STEP_FIXED);
    steepest_solver_set_lipschitz(s, 2.0);
    x = 3.0;
    ck_assert_int_eq(steepest_solver_run(s, 1, &x), STEEPEST_STOP_STATIONARY);
    ck_assert_uint_eq(steepest_solver_get_iterations(s), 1);
    ck_assert(x == 0.0);
    steepest_solver_free(s);
    steepest_norm_free(norm);
}
END_TEST

/* ---- stop criteria, each on purpose ---- */

typedef struct {
    SteepestNorm *norm;
    SteepestSolver *s;
    Quad q;
    double x[N];
} Fix;

static void
fix_init(Fix *fx, NormId id)
{
    quad_init(&fx->q);
    fx->norm = make_norm(id, N);
    ck_assert_int_eq(steepest_solver_new(fx->norm, N, &fx->s), STEEPEST_OK);
    steepest_solver_set_objective(fx->s, quad_fn, &fx->q, NULL);
    steepest_solver_set_step_rule(fx->s, STEEPEST_STEP_FIXED);
    steepest_solver_set_lipschitz(fx->s, upper_L(id, &fx->q));
    steepest_solver_set_trace(fx->s, 1);
    steepest_solver_set_max_iter(fx->s, 100000);
    memcpy(fx->x, X0, sizeof fx->x);
}

static void
fix_free(Fix *fx)
{
    steepest_solver_free(fx->s);
    steepest_norm_free(fx->norm);
}

START_TEST(stationary_start_takes_no_step_and_leaves_x)
{
    Fix fx;
    fix_init(&fx, NORM_LINF);
    memset(fx.q.b, 0, sizeof fx.q.b); /* x* = 0, and ∇f(0) = 0 exactly */
    double x[N] = { 0 };
    const double *before = x;
    ck_assert_int_eq(steepest_solver_run(fx.s, N, x), STEEPEST_STOP_STATIONARY);
    ck_assert_uint_eq(steepest_solver_get_iterations(fx.s), 0);
    ck_assert_uint_eq(steepest_solver_get_evaluations(fx.s), 1);
    ck_assert(steepest_solver_get_grad_norm(fx.s) == 0.0);
    for (int i = 0; i < N; i++)
        ck_assert(before[i] == 0.0 && !signbit(before[i]));
    /* Every rule, with either direction, divides nothing by the zero ‖g‖*. */
    for (int rule = STEEPEST_STEP_FIXED; rule <= STEEPEST_STEP_RPROP; rule++)
        for (int dir = 0; dir <= 1; dir++) {
            steepest_solver_set_step_rule(fx.s, rule);
            steepest_solver_set_direction(fx.s, dir);
            steepest_solver_set_l0_l1(fx.s, 0.0, 1.0); /* Eq. 44 would be 1/0 here */
            ck_assert_int_eq(steepest_solver_run(fx.s, N, x), STEEPEST_STOP_STATIONARY);
            for (int i = 0; i < N; i++)
                ck_assert(x[i] == 0.0);
        }
    fix_free(&fx);
}
END_TEST

START_TEST(grad_tol_stops_at_the_first_small_gradient)
{
    Fix fx;
    fix_init(&fx, (NormId) _i);
    steepest_solver_set_grad_tol(fx.s, 1e-6);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_GRAD_TOL);
    size_t len = steepest_solver_get_trace_length(fx.s);
    const double *gn = steepest_solver_get_trace_grad_norm(fx.s);
    ck_assert_uint_eq(len, steepest_solver_get_iterations(fx.s) + 1);
    ck_assert(gn[len - 1] <= 1e-6);
    for (size_t k = 0; k + 1 < len; k++)
        ck_assert(gn[k] > 1e-6);
    double g[N], f;
    quad_fn(&fx.q, N, fx.x, &f, g);
    ck_assert_double_eq_tol(ref_dual((NormId) _i, N, g), gn[len - 1], 1e-15);
    fix_free(&fx);
}
END_TEST

START_TEST(ftol_abs_and_rel_stop_when_f_stalls)
{
    Fix fx;
    fix_init(&fx, NORM_L2);
    steepest_solver_set_ftol_abs(fx.s, 1e-7);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_FTOL_ABS);
    size_t len = steepest_solver_get_trace_length(fx.s);
    const double *f = steepest_solver_get_trace_f(fx.s);
    ck_assert_uint_ge(len, 3);
    ck_assert(fabs(f[len - 1] - f[len - 2]) <= 1e-7);
    for (size_t k = 1; k + 1 < len; k++)
        ck_assert(fabs(f[k] - f[k - 1]) > 1e-7);

    steepest_solver_set_ftol_abs(fx.s, 0.0);
    steepest_solver_set_ftol_rel(fx.s, 1e-6);
    memcpy(fx.x, X0, sizeof fx.x);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_FTOL_REL);
    len = steepest_solver_get_trace_length(fx.s);
    f = steepest_solver_get_trace_f(fx.s);
    ck_assert(fabs(f[len - 1] - f[len - 2]) <= 1e-6 * fabs(f[len - 2]));
    for (size_t k = 1; k + 1 < len; k++)
        ck_assert(fabs(f[k] - f[k - 1]) > 1e-6 * fabs(f[k - 1]));
    fix_free(&fx);
}
END_TEST

typedef struct {
    double xs[2][N];
    int calls;
} LastTwo;

static int
keep_last_two(void *data, const SteepestIterationInfo *info)
{
    LastTwo *l = data;
    memcpy(l->xs[0], l->xs[1], sizeof l->xs[0]);
    memcpy(l->xs[1], steepest_iteration_info_get_x(info), sizeof l->xs[1]);
    l->calls++;
    return 0;
}

START_TEST(xtol_is_measured_in_the_solver_norm)
{
    const NormId id = (NormId) _i;
    const int rules[2] = { STEEPEST_STEP_FIXED, STEEPEST_STEP_RPROP };
    for (int r = 0; r < 2; r++) {
        Fix fx;
        fix_init(&fx, id);
        steepest_solver_set_step_rule(fx.s, rules[r]);
        steepest_solver_set_xtol(fx.s, 1e-5);
        LastTwo l = { .calls = 0 };
        memcpy(l.xs[1], X0, sizeof l.xs[1]);
        steepest_solver_set_iteration_callback(fx.s, keep_last_two, &l, NULL);
        ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_XTOL);
        double d[N];
        for (int i = 0; i < N; i++)
            d[i] = l.xs[1][i] - l.xs[0][i];
        double len = ref_primal(id, N, d);
        ck_assert_msg(len <= 1e-5 * (1 + 1e-12), "%s rule %d: last step %g", norm_specs[id], rules[r], len);
        ck_assert_int_ge(l.calls, 2);
        fix_free(&fx);
    }
}
END_TEST

START_TEST(iteration_and_evaluation_limits)
{
    Fix fx;
    fix_init(&fx, NORM_L1);
    steepest_solver_set_max_iter(fx.s, 7);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_MAX_ITER);
    ck_assert_uint_eq(steepest_solver_get_iterations(fx.s), 7);
    ck_assert_uint_eq(steepest_solver_get_evaluations(fx.s), 8);

    steepest_solver_set_max_iter(fx.s, 0);
    steepest_solver_set_max_eval(fx.s, 5);
    memcpy(fx.x, X0, sizeof fx.x);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_MAX_EVAL);
    ck_assert_uint_eq(steepest_solver_get_evaluations(fx.s), 5);
    ck_assert_uint_eq(steepest_solver_get_iterations(fx.s), 4);

    /* The line search counts its trials against the same budget. */
    steepest_solver_set_step_rule(fx.s, STEEPEST_STEP_ARMIJO);
    steepest_solver_set_step_size(fx.s, 1e3); /* many backtracks */
    steepest_solver_set_max_eval(fx.s, 6);
    memcpy(fx.x, X0, sizeof fx.x);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_MAX_EVAL);
    ck_assert_uint_eq(steepest_solver_get_evaluations(fx.s), 6);
    fix_free(&fx);
}
END_TEST

START_TEST(time_limit)
{
    Fix fx;
    fix_init(&fx, NORM_L2);
    fx.q.sleep_us = 2000;
    steepest_solver_set_max_time(fx.s, 0.03);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_MAX_TIME);
    ck_assert(steepest_solver_get_elapsed(fx.s) >= 0.03);
    ck_assert(steepest_solver_get_elapsed(fx.s) < 30.0);
    ck_assert_uint_ge(steepest_solver_get_iterations(fx.s), 1);
    fix_free(&fx);
}
END_TEST

START_TEST(user_stop_keeps_the_iterate_the_callback_saw)
{
    Fix fx;
    fix_init(&fx, NORM_BLOCK2);
    Watch w = { .stop_at = 3 };
    steepest_solver_set_iteration_callback(fx.s, watch_fn, &w, NULL);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_USER);
    ck_assert_uint_eq(steepest_solver_get_iterations(fx.s), 3);
    ck_assert_int_eq(w.calls, 3);
    ck_assert_uint_eq(w.evals_seen, 4);
    ck_assert(memcmp(w.x_seen, fx.x, sizeof fx.x) == 0);
    fix_free(&fx);
}
END_TEST

START_TEST(f_target)
{
    Fix fx;
    fix_init(&fx, NORM_L2);
    double xstar[N];
    const double target = quad_min(&fx.q, xstar) + 1e-3;
    steepest_solver_set_f_target(fx.s, target);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_F_TARGET);
    size_t len = steepest_solver_get_trace_length(fx.s);
    const double *f = steepest_solver_get_trace_f(fx.s);
    ck_assert(f[len - 1] <= target);
    for (size_t k = 0; k + 1 < len; k++)
        ck_assert(f[k] > target);
    ck_assert(steepest_solver_get_f(fx.s) <= target);
    fix_free(&fx);
}
END_TEST

/* ---- failures keep the last finite iterate ---- */

/* x after k steps of the same setup, by a clean run. */
static void
x_after(NormId id, int k, double *x)
{
    Fix fx;
    fix_init(&fx, id);
    steepest_solver_set_max_iter(fx.s, (uint64_t) k);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_MAX_ITER);
    memcpy(x, fx.x, sizeof fx.x);
    fix_free(&fx);
}

START_TEST(nan_or_inf_leaves_the_last_finite_iterate)
{
    /* Evaluation k is at x_{k−1}: a NaN or Inf in f at evaluation 5 leaves
     * x_3; a NaN or Inf in ∇f only leaves x_4, where f is still finite. */
    for (int kind = 0; kind < 4; kind++) {
        Fix fx;
        fix_init(&fx, NORM_LINF);
        if (kind == 0)
            fx.q.nan_value_at = 5;
        else if (kind == 1)
            fx.q.nan_grad_at = 5;
        else if (kind == 2)
            fx.q.inf_value_at = 5;
        else
            fx.q.inf_grad_at = 5;
        const gboolean grad_only = kind == 1 || kind == 3;
        int rc = steepest_solver_run(fx.s, N, fx.x);
        ck_assert_int_eq(rc, STEEPEST_ERROR_NOT_FINITE);
        ck_assert_int_eq(steepest_solver_get_status(fx.s), STEEPEST_ERROR_NOT_FINITE);
        const int last = grad_only ? 4 : 3;
        ck_assert_uint_eq(steepest_solver_get_iterations(fx.s), (uint64_t) last);
        ck_assert_str_ne(steepest_solver_last_error(fx.s), "");
        ck_assert_str_eq(steepest_solver_last_error(fx.s), steepest_last_error());
        ck_assert(isfinite(steepest_solver_get_f(fx.s)));
        ck_assert(grad_only ? isnan(steepest_solver_get_grad_norm(fx.s))
                            : isfinite(steepest_solver_get_grad_norm(fx.s)));
        double want[N];
        x_after(NORM_LINF, last, want);
        ck_assert(memcmp(fx.x, want, sizeof want) == 0);
        /* get_f is f at the x handed back, computed here afresh. */
        Quad clean;
        quad_init(&clean);
        double fwant, gwant[N];
        quad_fn(&clean, N, want, &fwant, gwant);
        ck_assert(steepest_solver_get_f(fx.s) == fwant);
        /* The trace has a record for every iterate up to the one handed
         * back (k = 0 .. iterations); ‖∇f‖* is NaN where ∇f was not finite. */
        ck_assert_uint_eq(steepest_solver_get_trace_length(fx.s), (size_t) last + 1);
        const double *tf = steepest_solver_get_trace_f(fx.s), *tg = steepest_solver_get_trace_grad_norm(fx.s);
        ck_assert(tf[last] == fwant);
        if (grad_only)
            ck_assert(isnan(tg[last]));
        else
            ck_assert_double_eq_tol(tg[last], ref_dual(NORM_LINF, N, gwant), 1e-12 * (1.0 + tg[last]));
        fix_free(&fx);
    }
    /* At x0 itself: x is untouched. */
    Fix fx;
    fix_init(&fx, NORM_L2);
    fx.q.nan_grad_at = 1;
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_ERROR_NOT_FINITE);
    ck_assert(memcmp(fx.x, X0, sizeof X0) == 0);
    ck_assert_uint_eq(steepest_solver_get_iterations(fx.s), 0);
    /* NaN in x0 is named. */
    fx.x[2] = NAN;
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_solver_last_error(fx.s), "x0[2]"));
    fix_free(&fx);
}
END_TEST

/* An objective that ignores x (f = 1, ∇f = e_0): steps of 1e307 drive x_0
 * to −Inf while f and ∇f stay finite.  There is no finite iterate to hand
 * back past that point, so x keeps the start. */
static int
blind_fn(void *data, size_t n, const double *x, double *value, double *grad)
{
    (void) data;
    (void) x;
    *value = 1.0;
    if (grad)
        for (size_t i = 0; i < n; i++)
            grad[i] = i == 0;
    return 0;
}

START_TEST(an_iterate_that_overflows_is_not_handed_back)
{
    SteepestNorm *norm = make_norm(NORM_L2, 2);
    SteepestSolver *s;
    ck_assert_int_eq(steepest_solver_new(norm, 2, &s), STEEPEST_OK);
    steepest_solver_set_objective(s, blind_fn, NULL, NULL);
    steepest_solver_set_step_size(s, 1e307);
    steepest_solver_set_cycle_detection(s, 0);
    steepest_solver_set_max_iter(s, 40);
    double x[2] = { 0.5, -0.25 };
    ck_assert_int_eq(steepest_solver_run(s, 2, x), STEEPEST_ERROR_NOT_FINITE);
    ck_assert(x[0] == 0.5 && x[1] == -0.25);
    ck_assert(steepest_solver_get_f(s) == 1.0);
    ck_assert_ptr_nonnull(strstr(steepest_solver_last_error(s), "overflow"));
    /* Fewer steps, still finite: handed back as usual. */
    steepest_solver_set_max_iter(s, 3);
    ck_assert_int_eq(steepest_solver_run(s, 2, x), STEEPEST_STOP_MAX_ITER);
    ck_assert(x[0] == 0.5 - 3e307 && x[1] == -0.25);
    steepest_solver_free(s);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(callback_failure_reports_its_code_and_message)
{
    Fix fx;
    fix_init(&fx, NORM_L2);
    fx.q.fail_at = 4;
    fx.q.fail_code = 42;
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_ERROR_CALLBACK);
    ck_assert_int_eq(steepest_solver_get_callback_status(fx.s), 42);
    ck_assert_ptr_nonnull(strstr(steepest_solver_last_error(fx.s), "the test objective gives up"));
    ck_assert_ptr_nonnull(strstr(steepest_solver_last_error(fx.s), "42"));
    double want[N];
    x_after(NORM_L2, 2, want);
    ck_assert(memcmp(fx.x, want, sizeof want) == 0);

    /* Reused after the failure: the same answer as a fresh solver. */
    fx.q.fail_at = 0;
    fx.q.calls = 0;
    memcpy(fx.x, X0, sizeof fx.x);
    steepest_solver_set_max_iter(fx.s, 25);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_MAX_ITER);
    ck_assert_int_eq(steepest_solver_get_callback_status(fx.s), 0);
    x_after(NORM_L2, 25, want);
    ck_assert(memcmp(fx.x, want, sizeof want) == 0);
    fix_free(&fx);
}
END_TEST

START_TEST(armijo_without_descent_fails_cleanly)
{
    Fix fx;
    fix_init(&fx, NORM_L2);
    fx.q.wrong_sign = TRUE; /* −∇f: every trial goes uphill */
    steepest_solver_set_step_rule(fx.s, STEEPEST_STEP_ARMIJO);
    steepest_solver_set_step_size(fx.s, 1.0);
    steepest_solver_set_armijo(fx.s, 1e-4, 0.5, 5);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_ERROR_LINE_SEARCH);
    ck_assert_uint_eq(steepest_solver_get_evaluations(fx.s), 1 + 6);
    ck_assert(memcmp(fx.x, X0, sizeof X0) == 0);
    fix_free(&fx);
}
END_TEST

/* ---- objective forms, destroy notify, trace buffers ---- */

static int destroyed;
static void
count_destroy(void *p)
{
    (void) p;
    destroyed++;
}

START_TEST(split_objective_matches_the_combined_one)
{
    const int rules[2] = { STEEPEST_STEP_FIXED, STEEPEST_STEP_ARMIJO };
    for (int r = 0; r < 2; r++) {
        Fix a, b;
        fix_init(&a, NORM_LINF);
        fix_init(&b, NORM_LINF);
        steepest_solver_set_step_rule(a.s, rules[r]);
        steepest_solver_set_step_rule(b.s, rules[r]);
        steepest_solver_set_step_size(a.s, 1.0);
        steepest_solver_set_step_size(b.s, 1.0);
        steepest_solver_set_max_iter(a.s, 40);
        steepest_solver_set_max_iter(b.s, 40);
        ck_assert_int_eq(steepest_solver_set_objective_split(b.s, quad_value, quad_grad, &b.q, NULL),
                         STEEPEST_OK);
        ck_assert_int_eq(steepest_solver_run(a.s, N, a.x), STEEPEST_STOP_MAX_ITER);
        ck_assert_int_eq(steepest_solver_run(b.s, N, b.x), STEEPEST_STOP_MAX_ITER);
        ck_assert(memcmp(a.x, b.x, sizeof a.x) == 0);
        ck_assert_uint_eq(steepest_solver_get_evaluations(a.s), steepest_solver_get_evaluations(b.s));
        /* Split: a gradient only at accepted points (41 of them). */
        ck_assert_uint_eq(steepest_solver_get_gradient_evaluations(b.s), 41);
        if (rules[r] == STEEPEST_STEP_ARMIJO)
            ck_assert_uint_gt(steepest_solver_get_evaluations(b.s), 41);
        fix_free(&a);
        fix_free(&b);
    }
}
END_TEST

START_TEST(destroy_notify_runs_once_per_owned_data)
{
    Quad q, q2;
    quad_init(&q);
    quad_init(&q2);
    SteepestNorm *norm = make_norm(NORM_L2, N);
    SteepestSolver *s;
    ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
    destroyed = 0;
    steepest_solver_set_objective(s, quad_fn, &q, count_destroy);
    /* Installing the same data again must not destroy it: it stays in use. */
    steepest_solver_set_objective(s, quad_fn, &q, count_destroy);
    ck_assert_int_eq(destroyed, 0);
    steepest_solver_set_objective(s, quad_fn, &q2, count_destroy); /* replaces: q released */
    ck_assert_int_eq(destroyed, 1);
    steepest_solver_set_iteration_callback(s, watch_fn, &q, count_destroy);
    steepest_solver_set_iteration_callback(s, watch_fn, &q, count_destroy); /* same data: kept */
    ck_assert_int_eq(destroyed, 1);
    steepest_solver_set_iteration_callback(s, NULL, NULL, NULL);
    ck_assert_int_eq(destroyed, 2);
    /* A rejected setter keeps the current objective. */
    ck_assert_int_eq(steepest_solver_set_objective(s, NULL, NULL, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(destroyed, 2);
    steepest_solver_free(s); /* releases q2 */
    ck_assert_int_eq(destroyed, 3);
    steepest_norm_free(norm);
}
END_TEST

START_TEST(trace_into_caller_buffers_truncates)
{
    Fix fx;
    fix_init(&fx, NORM_L2);
    double f[5], gn[5], st[5];
    uint64_t ev[5];
    ck_assert_int_eq(steepest_solver_set_trace_buffers(fx.s, 5, f, gn, st, ev), STEEPEST_OK);
    steepest_solver_set_max_iter(fx.s, 10);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_MAX_ITER);
    ck_assert_uint_eq(steepest_solver_get_trace_length(fx.s), 5);
    ck_assert_int_eq(steepest_solver_get_trace_truncated(fx.s), 1);
    ck_assert_ptr_eq(steepest_solver_get_trace_f(fx.s), f);
    ck_assert(isnan(st[0]));
    for (int k = 1; k < 5; k++) {
        ck_assert_double_eq_tol(st[k], 1.0 / upper_L(NORM_L2, &fx.q), 1e-15);
        ck_assert_uint_eq(ev[k], (uint64_t) k + 1);
        ck_assert(f[k] < f[k - 1]);
    }
    /* Recorded values are the objective's own. */
    double x0[N], fx0, g0[N];
    memcpy(x0, X0, sizeof x0);
    quad_fn(&fx.q, N, x0, &fx0, g0);
    ck_assert(f[0] == fx0);
    ck_assert_double_eq_tol(gn[0], ref_dual(NORM_L2, N, g0), 1e-12);
    steepest_solver_set_trace(fx.s, 0);
    ck_assert_ptr_null(steepest_solver_get_trace_f(fx.s));
    fix_free(&fx);
}
END_TEST

/* ---- what the callback and the getters report, checked independently ---- */

typedef struct {
    Quad *q;
    NormId id;
    int calls;
    double gn_prev; /* ‖∇f(x_{t−1})‖* as this test computed it */
    double x_prev[N];
    double L;
} InfoCheck;

static int
info_check_fn(void *data, const SteepestIterationInfo *info)
{
    InfoCheck *c = data;
    c->calls++;
    const double *x = steepest_iteration_info_get_x(info), *g = steepest_iteration_info_get_gradient(info);
    /* ∇f(x_t) = Hx_t − b, its dual norm, and the previous one. */
    double f, gref[N], d[N];
    quad_fn(c->q, N, x, &f, gref);
    c->q->calls--; /* not one of the solver's evaluations */
    for (int i = 0; i < N; i++)
        ck_assert_double_eq_tol(g[i], gref[i], 1e-13 * (1.0 + fabs(gref[i])));
    const double gn = ref_dual(c->id, N, gref);
    ck_assert_double_eq_tol(steepest_iteration_info_get_grad_norm(info), gn, 1e-12 * (1.0 + gn));
    ck_assert_double_eq_tol(steepest_iteration_info_get_grad_norm_previous(info), c->gn_prev,
                            1e-12 * (1.0 + gn));
    /* FIXED: α = 1/L; the scaled step has length α‖∇f(x_{t−1})‖* (Lemma 3). */
    ck_assert(steepest_iteration_info_get_step_size(info) == 1.0 / c->L);
    for (int i = 0; i < N; i++)
        d[i] = x[i] - c->x_prev[i];
    const double len = ref_primal(c->id, N, d);
    ck_assert_double_eq_tol(steepest_iteration_info_get_step_norm(info), len, 1e-12 * (1.0 + len));
    ck_assert_double_eq_tol(len, c->gn_prev / c->L, 1e-12 * (1.0 + len));
    ck_assert_double_eq_tol(steepest_iteration_info_get_guarantee(info),
                            c->gn_prev * c->gn_prev / (2.0 * c->L), 1e-12 * (1.0 + gn));
    c->gn_prev = gn;
    memcpy(c->x_prev, x, sizeof c->x_prev);
    return 0;
}

START_TEST(info_and_getters_match_an_independent_computation)
{
    const NormId id = (NormId) _i;
    Fix fx;
    fix_init(&fx, id);
    InfoCheck c = { .q = &fx.q, .id = id, .L = upper_L(id, &fx.q) };
    double f0, g0[N];
    quad_fn(&fx.q, N, X0, &f0, g0);
    fx.q.calls = 0;
    c.gn_prev = ref_dual(id, N, g0);
    memcpy(c.x_prev, X0, sizeof c.x_prev);
    ck_assert_int_eq(steepest_solver_get_status(fx.s), STEEPEST_OK); /* before any run */
    ck_assert_int_eq(steepest_solver_get_direction(fx.s), STEEPEST_DIRECTION_SCALED);
    steepest_solver_set_iteration_callback(fx.s, info_check_fn, &c, NULL);
    steepest_solver_set_max_iter(fx.s, 12);
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_STOP_MAX_ITER);
    ck_assert_int_eq(c.calls, 12);
    ck_assert_int_eq(steepest_solver_get_status(fx.s), STEEPEST_STOP_MAX_ITER);
    /* Trace: step sizes 1/L after x_0, one evaluation per iterate. */
    ck_assert_uint_eq(steepest_solver_get_trace_length(fx.s), 13);
    const double *step = steepest_solver_get_trace_step(fx.s);
    const uint64_t *ev = steepest_solver_get_trace_evaluations(fx.s);
    ck_assert_ptr_nonnull(step);
    ck_assert_ptr_nonnull(ev);
    ck_assert(isnan(step[0]));
    for (int k = 0; k <= 12; k++) {
        if (k > 0)
            ck_assert(step[k] == 1.0 / c.L);
        ck_assert_uint_eq(ev[k], (uint64_t) k + 1);
    }
    ck_assert_double_eq_tol(steepest_solver_get_trace_grad_norm(fx.s)[12], c.gn_prev,
                            1e-12 * (1.0 + c.gn_prev));
    ck_assert_int_eq(steepest_solver_set_direction(fx.s, STEEPEST_DIRECTION_NORMALIZED), STEEPEST_OK);
    ck_assert_int_eq(steepest_solver_get_direction(fx.s), STEEPEST_DIRECTION_NORMALIZED);
    /* A failed run's status is kept too. */
    steepest_solver_set_iteration_callback(fx.s, NULL, NULL, NULL);
    fx.q.calls = 0;
    fx.q.fail_at = 2;
    fx.q.fail_code = -3;
    ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_ERROR_CALLBACK);
    ck_assert_int_eq(steepest_solver_get_status(fx.s), STEEPEST_ERROR_CALLBACK);
    ck_assert_int_eq(steepest_solver_get_callback_status(fx.s), -3);
    fix_free(&fx);
}
END_TEST

static int
go_on(void *data, const SteepestIterationInfo *info)
{
    (void) data;
    (void) info;
    return 0;
}

/* Destroy notifies run exactly once, whatever the runs in between did. */
START_TEST(destroy_notify_once_after_failed_runs)
{
    for (int failure = 0; failure < 3; failure++) {
        Fix fx;
        fix_init(&fx, NORM_L2);
        destroyed = 0;
        steepest_solver_set_objective(fx.s, quad_fn, &fx.q, count_destroy);
        steepest_solver_set_iteration_callback(fx.s, go_on, NULL, count_destroy);
        fx.q.fail_code = 7;
        if (failure == 0)
            fx.q.fail_at = 3; /* the objective fails */
        else if (failure == 1)
            fx.q.nan_value_at = 3; /* f turns NaN */
        else
            fx.q.wrong_sign = TRUE; /* the line search fails */
        if (failure == 2) {
            steepest_solver_set_step_rule(fx.s, STEEPEST_STEP_ARMIJO);
            steepest_solver_set_armijo(fx.s, 1e-4, 0.5, 3);
        }
        const int want = failure == 0   ? STEEPEST_ERROR_CALLBACK
                         : failure == 1 ? STEEPEST_ERROR_NOT_FINITE
                                        : STEEPEST_ERROR_LINE_SEARCH;
        ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), want);
        fx.q.calls = 0;
        ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), want);
        ck_assert_int_eq(destroyed, 0);
        /* A rejected replacement keeps the current objective and does not
         * release it; re-installing the same data (now in the split form)
         * does not release it either, since it stays in use. */
        ck_assert_int_eq(steepest_solver_set_objective_split(fx.s, quad_value, NULL, &fx.q, count_destroy),
                         STEEPEST_ERROR_INVALID_ARGUMENT);
        ck_assert_int_eq(destroyed, 0);
        ck_assert_int_eq(steepest_solver_set_objective_split(fx.s, quad_value, quad_grad, &fx.q,
                                                             count_destroy),
                         STEEPEST_OK);
        ck_assert_int_eq(destroyed, 0);
        fx.q.calls = 0;
        fx.q.fail_at = 1; /* fails at once through the split form too */
        ck_assert_int_eq(steepest_solver_run(fx.s, N, fx.x), STEEPEST_ERROR_CALLBACK);
        ck_assert_int_eq(destroyed, 0);
        fix_free(&fx); /* the objective's data and the callback's, once each */
        ck_assert_int_eq(destroyed, 2);
    }
}
END_TEST

/* ---- arguments ---- */

START_TEST(bad_arguments_are_named)
{
    SteepestNorm *norm = make_norm(NORM_L2, N);
    SteepestSolver *s = (SteepestSolver *) 1;
    ck_assert_int_eq(steepest_solver_new(NULL, N, &s), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(steepest_solver_new(norm, N + 1, &s), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_solver_new(norm, 0, &s), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_solver_new(norm, N, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
    double x[N];
    memcpy(x, X0, sizeof x);
    ck_assert_int_eq(steepest_solver_run(s, N, x), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_solver_last_error(s), "objective"));
    Quad q;
    quad_init(&q);
    steepest_solver_set_objective(s, quad_fn, &q, NULL);
    ck_assert_int_eq(steepest_solver_run(s, N - 1, x), STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(steepest_solver_run(s, N, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_solver_set_step_rule(s, STEEPEST_STEP_FIXED);
    ck_assert_int_eq(steepest_solver_run(s, N, x), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_solver_last_error(s), "lipschitz"));
    steepest_solver_set_step_rule(s, STEEPEST_STEP_NORMALIZED_SD);
    ck_assert_int_eq(steepest_solver_run(s, N, x), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(memcmp(x, X0, sizeof x) == 0);

    ck_assert_int_eq(steepest_solver_set_step_rule(s, 99), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_get_step_rule(s), STEEPEST_STEP_NORMALIZED_SD);
    ck_assert_int_eq(steepest_solver_set_direction(s, 2), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_step_size(s, 0.0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_step_size(s, NAN), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_lipschitz(s, -1.0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_lipschitz(s, INFINITY), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_decay(s, 1.5), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_armijo(s, 1.0, 0.5, 3), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_armijo(s, 0.1, 1.0, 3), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_l0_l1(s, 0.0, 0.0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_normalized_gd_beta(s, -1.0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_momentum(s, 1.0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_rprop(s, 1.0, 0.5, 0.1, 0.0, 1.0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_rprop(s, 1.2, 0.5, 2.0, 0.0, 1.0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_grad_tol(s, -1e-3), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_solver_last_error(s), "steepest_solver_set_grad_tol"));
    ck_assert_int_eq(steepest_solver_set_xtol(s, NAN), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_max_time(s, INFINITY), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_set_grad_tol(NULL, 1.0), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_solver_run(NULL, N, x), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_eq(steepest_solver_get_norm(s), norm);
    ck_assert_uint_eq(steepest_solver_get_dimension(s), N);
    ck_assert_str_eq(steepest_solver_last_error(NULL), "");
    steepest_solver_free(s);
    steepest_solver_free(NULL);
    steepest_norm_free(norm);
}
END_TEST

/* The refusals the other tests leave out, each naming the value; f(x0) = +Inf
 * is called infinite (not NaN) and leaves x; the gradient check names a
 * callback's own message and an infinite f; NULL getters give their
 * documented defaults. */
START_TEST(remaining_refusals_name_the_value)
{
    SteepestNorm *norm = make_norm(NORM_L2, N);
    SteepestSolver *s = NULL;
    ck_assert_int_eq(steepest_solver_new(norm, N, &s), STEEPEST_OK);
    static const struct {
        double eta_plus, eta_minus, delta0, delta_min, delta_max;
        const char *what;
    } rprop[] = {
        { INFINITY, 0.5, 0.1, 0.0, 1.0, "eta_plus = inf must be finite and > 1" },
        { 1.2, 0.0, 0.1, 0.0, 1.0, "eta_minus = 0 must be in (0, 1)" },
        { 1.2, 1.0, 0.1, 0.0, 1.0, "eta_minus = 1 must be in (0, 1)" },
        { 1.2, 0.5, 0.1, 0.0, INFINITY, "(got delta_min = 0, delta0 = 0.1, delta_max = inf)" },
        { 1.2, 0.5, 0.0, 0.0, 1.0, "(got delta_min = 0, delta0 = 0, delta_max = 1)" },
        { 1.2, 0.5, 0.1, -1.0, 1.0, "(got delta_min = -1, delta0 = 0.1, delta_max = 1)" },
        { 1.2, 0.5, 0.1, 0.2, 1.0, "(got delta_min = 0.2, delta0 = 0.1, delta_max = 1)" },
    };
    for (size_t k = 0; k < sizeof rprop / sizeof rprop[0]; k++) {
        ck_assert_int_eq(steepest_solver_set_rprop(s, rprop[k].eta_plus, rprop[k].eta_minus, rprop[k].delta0,
                                                   rprop[k].delta_min, rprop[k].delta_max),
                         STEEPEST_ERROR_INVALID_ARGUMENT);
        ck_assert_msg(strstr(steepest_solver_last_error(s), rprop[k].what) != NULL, "'%s' lacks '%s'",
                      steepest_solver_last_error(s), rprop[k].what);
    }
    Quad q;
    quad_init(&q);
    q.inf_value_at = 1;
    steepest_solver_set_objective(s, quad_fn, &q, NULL);
    double x[N];
    memcpy(x, X0, sizeof x);
    ck_assert_int_eq(steepest_solver_run(s, N, x), STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_solver_last_error(s), "f(x0) is infinite; x is untouched"));
    ck_assert(memcmp(x, X0, sizeof x) == 0);
    steepest_solver_free(s);
    steepest_norm_free(norm);

    quad_init(&q);
    q.inf_value_at = 1;
    double worst = -1;
    ck_assert_int_eq(steepest_check_gradient(quad_fn, &q, N, X0, 0, 0, NULL, NULL, NULL, NULL, &worst),
                     STEEPEST_ERROR_NOT_FINITE);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "steepest_check_gradient: f is infinite at"));
    quad_init(&q);
    q.fail_at = 2;
    q.fail_code = 9;
    ck_assert_int_eq(steepest_check_gradient(quad_fn, &q, N, X0, 0, 0, NULL, NULL, NULL, NULL, &worst),
                     STEEPEST_ERROR_CALLBACK);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "the objective returned 9 at "));
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), ": the test objective gives up"));

    ck_assert_int_eq(steepest_solver_get_status(NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(isnan(steepest_solver_get_elapsed(NULL)));
    ck_assert_int_eq(steepest_solver_get_callback_status(NULL), 0);
}
END_TEST

/* ---- large n ---- */

START_TEST(a_million_coordinates)
{
    const size_t n = 1000000;
    double *h = g_new(double, n), *x = g_new(double, n), *x0 = g_new(double, n);
    for (size_t i = 0; i < n; i++) {
        h[i] = 1.0 + (double) (i % 7);
        x0[i] = x[i] = 1.0 - (double) (i % 3);
    }
    SteepestQuadratic *q;
    ck_assert_int_eq(steepest_quadratic_new_diagonal(n, h, NULL, STEEPEST_DATA_BORROW, &q), STEEPEST_OK);
    SteepestObjectiveFn fn;
    void *data;
    steepest_quadratic_get_objective(q, &fn, &data);
    SteepestNorm *norm;
    ck_assert_int_eq(steepest_norm_new("l2", n, &norm), STEEPEST_OK);
    SteepestSolver *s;
    ck_assert_int_eq(steepest_solver_new(norm, n, &s), STEEPEST_OK);
    steepest_solver_set_objective(s, fn, data, NULL);
    steepest_solver_set_step_rule(s, STEEPEST_STEP_FIXED);
    steepest_solver_set_lipschitz(s, 7.0); /* max h_i */
    steepest_solver_set_max_iter(s, 5);
    ck_assert_int_eq(steepest_solver_run(s, n, x), STEEPEST_STOP_MAX_ITER);
    /* GD on a diagonal quadratic: x_i ← (1 − h_i/L) x_i. */
    for (size_t i = 0; i < n; i++) {
        double r = 1.0 - h[i] / 7.0;
        ck_assert_double_eq_tol(x[i], x0[i] * r * r * r * r * r, 1e-15);
    }
    steepest_solver_free(s);
    steepest_norm_free(norm);
    steepest_quadratic_free(q);
    g_free(h);
    g_free(x);
    g_free(x0);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("solver");
    TCase *tc = tcase_create("trajectories");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, scaled_rules_follow_the_formulas_and_converge, 0, N_NORMS);
    tcase_add_loop_test(tc, normalized_rules_follow_the_formulas, 0, N_NORMS);
    tcase_add_loop_test(tc, fixed_step_meets_lemma_2_in_every_norm, 0, N_NORMS);
    tcase_add_test(tc, sign_method_with_fixed_step_stops_in_the_two_cycle);
    tcase_add_test(tc, one_dimension_the_question_s_example);
    suite_add_tcase(s, tc);

    tc = tcase_create("stops");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, stationary_start_takes_no_step_and_leaves_x);
    tcase_add_loop_test(tc, grad_tol_stops_at_the_first_small_gradient, 0, N_NORMS);
    tcase_add_test(tc, ftol_abs_and_rel_stop_when_f_stalls);
    tcase_add_loop_test(tc, xtol_is_measured_in_the_solver_norm, 0, N_NORMS);
    tcase_add_test(tc, iteration_and_evaluation_limits);
    tcase_add_test(tc, time_limit);
    tcase_add_test(tc, user_stop_keeps_the_iterate_the_callback_saw);
    tcase_add_test(tc, f_target);
    suite_add_tcase(s, tc);

    tc = tcase_create("failures");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, nan_or_inf_leaves_the_last_finite_iterate);
    tcase_add_test(tc, an_iterate_that_overflows_is_not_handed_back);
    tcase_add_test(tc, callback_failure_reports_its_code_and_message);
    tcase_add_test(tc, armijo_without_descent_fails_cleanly);
    tcase_add_test(tc, bad_arguments_are_named);
    tcase_add_test(tc, remaining_refusals_name_the_value);
    suite_add_tcase(s, tc);

    tc = tcase_create("api");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, split_objective_matches_the_combined_one);
    tcase_add_test(tc, destroy_notify_runs_once_per_owned_data);
    tcase_add_test(tc, destroy_notify_once_after_failed_runs);
    tcase_add_loop_test(tc, info_and_getters_match_an_independent_computation, 0, N_NORMS);
    tcase_add_test(tc, trace_into_caller_buffers_truncates);
    tcase_add_test(tc, a_million_coordinates);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
