/* optimizer.c — the optimizer handle: creation, hyperparameters, getters.
 * The rules live in optim-rules.c, the schedules in optim-schedule.c, the
 * state format in optim-state.c. */
#include "optim/optim-private.h"

#include <math.h>
#include <string.h>

static const char *const rule_names[] = { "sgd", "momentum", "nesterov", "lion", "adam", "adamw", "ef" };
#define N_RULES ((int) G_N_ELEMENTS(rule_names))

int
steepest_optimizer_record(SteepestOptimizer *opt, int status)
{
    if (opt != NULL) {
        g_free(opt->last_error);
        opt->last_error = g_strdup(steepest_last_error());
    }
    return status;
}

#define FAIL(opt, status, ...) steepest_optimizer_record((opt), steepest_fail((status), __VA_ARGS__))
#define CHECK_OPT(opt, fn)                                                                       \
    do {                                                                                         \
        if ((opt) == NULL)                                                                       \
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, fn ": the optimizer is NULL"); \
    } while (0)

unsigned
steepest_optim_rule_buffers(int rule)
{
    switch (rule) {
    case STEEPEST_RULE_SGD:
        return 0;
    case STEEPEST_RULE_ADAM:
    case STEEPEST_RULE_ADAMW:
        return 2;
    default:
        return 1;
    }
}

/* Spares an update of the rule stages into: one per buffer it rewrites, and
 * NESTEROV and LION one more for the vector whose direction they take. */
static unsigned
rule_spares(int rule)
{
    switch (rule) {
    case STEEPEST_RULE_NESTEROV:
    case STEEPEST_RULE_LION:
    case STEEPEST_RULE_EF:
        return 2;
    case STEEPEST_RULE_MOMENTUM:
        return 1;
    default: /* SGD has no state; ADAM updates in place after the check */
        return 0;
    }
}

int
steepest_optim_ensure_buffers(SteepestOptimizer *opt)
{
    unsigned nb = steepest_optim_rule_buffers(opt->rule), ns = rule_spares(opt->rule);
    for (unsigned i = 0; i < nb; i++)
        if (opt->buffers[i] == NULL && (opt->buffers[i] = g_try_new0(double, opt->n)) == NULL)
            return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "cannot allocate %zu doubles of optimizer state",
                                 opt->n);
    for (unsigned i = 0; i < OPTIM_MAX_SPARES; i++) {
        gboolean needed = i < ns || (i == OPTIM_DIRECTION_SPARE && opt->weight_decay > 0.0 &&
                                     opt->rule != STEEPEST_RULE_ADAM && opt->rule != STEEPEST_RULE_ADAMW &&
                                     opt->rule != STEEPEST_RULE_EF);
        if (needed && opt->spares[i] == NULL && (opt->spares[i] = g_try_new(double, opt->n)) == NULL)
            return steepest_fail(STEEPEST_ERROR_NO_MEMORY,
                                 "cannot allocate %zu doubles of optimizer scratch space", opt->n);
    }
    return STEEPEST_OK;
}

int
steepest_optimizer_new(const SteepestNorm *norm, size_t n, SteepestOptimizer **out)
{
    if (out != NULL)
        *out = NULL;
    if (norm == NULL || out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_optimizer_new: %s is NULL",
                             norm == NULL ? "norm" : "out");
    if (n == 0 || n != steepest_norm_get_dim(norm))
        return steepest_fail(STEEPEST_ERROR_DIMENSION,
                             "steepest_optimizer_new: n = %zu, but the norm %s has dimension %zu", n,
                             steepest_norm_get_spec(norm), steepest_norm_get_dim(norm));
    SteepestOptimizer *opt = g_try_new0(SteepestOptimizer, 1);
    if (opt == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "cannot allocate an optimizer");
    opt->norm = norm;
    opt->n = n;
    opt->rule = STEEPEST_RULE_SGD;
    opt->direction = STEEPEST_DIRECTION_NORMALIZED;
    opt->lr = 1e-3;
    opt->beta = 0.9;
    opt->dampening = 0.0;
    opt->beta1 = 0.9;
    opt->beta2 = 0.999;
    opt->eps = 1e-8;
    opt->weight_decay = 0.0;
    opt->schedule.kind = STEEPEST_SCHEDULE_CONSTANT;
    opt->schedule.gamma = 1.0;
    opt->last_lr = opt->last_grad_norm = opt->last_step_norm = NAN;
    opt->fused_linf = steepest_optim_norm_is_builtin_linf(norm);
    *out = opt;
    return STEEPEST_OK;
}

void
steepest_optimizer_free(SteepestOptimizer *opt)
{
    if (opt == NULL)
        return;
    for (unsigned i = 0; i < OPTIM_MAX_BUFFERS; i++)
        g_free(opt->buffers[i]);
    for (unsigned i = 0; i < OPTIM_MAX_SPARES; i++)
        g_free(opt->spares[i]);
    g_free(opt->last_error);
    g_free(opt);
}

const SteepestNorm *
steepest_optimizer_get_norm(const SteepestOptimizer *opt)
{
    return opt ? opt->norm : NULL;
}

size_t
steepest_optimizer_get_dimension(const SteepestOptimizer *opt)
{
    return opt ? opt->n : 0;
}

const char *
steepest_optimizer_last_error(const SteepestOptimizer *opt)
{
    return opt && opt->last_error ? opt->last_error : "";
}

/* ---- rule ---- */

const char *
steepest_rule_name(int rule)
{
    return rule >= 0 && rule < N_RULES ? rule_names[rule] : NULL;
}

int
steepest_rule_from_name(const char *name)
{
    for (int i = 0; name != NULL && i < N_RULES; i++)
        if (strcmp(name, rule_names[i]) == 0)
            return i;
    return -1;
}

int
steepest_optimizer_set_rule(SteepestOptimizer *opt, int rule)
{
    CHECK_OPT(opt, "steepest_optimizer_set_rule");
    if (rule < 0 || rule >= N_RULES)
        return FAIL(opt, STEEPEST_ERROR_INVALID_ARGUMENT,
                    "steepest_optimizer_set_rule: %d is not a SteepestRule", rule);
    if (rule == STEEPEST_RULE_ADAM && opt->weight_decay > 0.0)
        return FAIL(opt, STEEPEST_ERROR_PARAMETER,
                    "steepest_optimizer_set_rule: adam with weight_decay = %g > 0 is refused; "
                    "decoupled weight decay is the adamw rule",
                    opt->weight_decay);
    int previous = opt->rule;
    opt->rule = rule;
    int rc = steepest_optim_ensure_buffers(opt);
    if (rc != STEEPEST_OK) {
        opt->rule = previous;
        return steepest_optimizer_record(opt, rc);
    }
    return steepest_optimizer_reset(opt);
}

int
steepest_optimizer_get_rule(const SteepestOptimizer *opt)
{
    return opt ? opt->rule : -1;
}

int
steepest_optimizer_set_direction(SteepestOptimizer *opt, int direction)
{
    CHECK_OPT(opt, "steepest_optimizer_set_direction");
    if (direction != STEEPEST_DIRECTION_SCALED && direction != STEEPEST_DIRECTION_NORMALIZED)
        return FAIL(opt, STEEPEST_ERROR_INVALID_ARGUMENT,
                    "steepest_optimizer_set_direction: %d is not a SteepestDirection", direction);
    opt->direction = direction;
    return STEEPEST_OK;
}

int
steepest_optimizer_get_direction(const SteepestOptimizer *opt)
{
    return opt ? opt->direction : -1;
}

/* ---- hyperparameters ---- */

/* Fails naming the parameter unless lo <= v (< or <=) hi. */
static int
check_range(SteepestOptimizer *opt, const char *fn, const char *name, double v, double lo, gboolean lo_open,
            double hi, gboolean hi_open)
{
    gboolean ok = isfinite(v) && (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
    if (ok)
        return STEEPEST_OK;
    return FAIL(opt, STEEPEST_ERROR_PARAMETER, "%s: %s = %g is out of range; it must lie in %c%g, %g%c", fn,
                name, v, lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']');
}

int
steepest_optimizer_set_lr(SteepestOptimizer *opt, double lr)
{
    CHECK_OPT(opt, "steepest_optimizer_set_lr");
    int rc = check_range(opt, "steepest_optimizer_set_lr", "lr", lr, 0.0, TRUE, INFINITY, TRUE);
    if (rc == STEEPEST_OK)
        opt->lr = lr;
    return rc;
}

/* Two coefficients in [0, 1) (the second in [0, 1] when second_closed),
 * set together or not at all. */
static int
set_pair(SteepestOptimizer *opt, const char *fn, const char *n1, double v1, const char *n2, double v2,
         gboolean second_closed, double *dst1, double *dst2)
{
    int rc = check_range(opt, fn, n1, v1, 0.0, FALSE, 1.0, TRUE);
    if (rc == STEEPEST_OK)
        rc = check_range(opt, fn, n2, v2, 0.0, FALSE, 1.0, !second_closed);
    if (rc == STEEPEST_OK) {
        *dst1 = v1;
        *dst2 = v2;
    }
    return rc;
}

int
steepest_optimizer_set_momentum(SteepestOptimizer *opt, double beta, double dampening)
{
    CHECK_OPT(opt, "steepest_optimizer_set_momentum");
    return set_pair(opt, "steepest_optimizer_set_momentum", "beta", beta, "dampening", dampening, TRUE,
                    &opt->beta, &opt->dampening);
}

int
steepest_optimizer_set_betas(SteepestOptimizer *opt, double beta1, double beta2)
{
    CHECK_OPT(opt, "steepest_optimizer_set_betas");
    return set_pair(opt, "steepest_optimizer_set_betas", "beta1", beta1, "beta2", beta2, FALSE, &opt->beta1,
                    &opt->beta2);
}

int
steepest_optimizer_set_eps(SteepestOptimizer *opt, double eps)
{
    CHECK_OPT(opt, "steepest_optimizer_set_eps");
    int rc = check_range(opt, "steepest_optimizer_set_eps", "eps", eps, 0.0, FALSE, INFINITY, TRUE);
    if (rc == STEEPEST_OK)
        opt->eps = eps;
    return rc;
}

int
steepest_optimizer_set_weight_decay(SteepestOptimizer *opt, double lambda)
{
    const char *fn = "steepest_optimizer_set_weight_decay";
    CHECK_OPT(opt, "steepest_optimizer_set_weight_decay");
    int rc = check_range(opt, fn, "weight_decay", lambda, 0.0, FALSE, INFINITY, TRUE);
    if (rc != STEEPEST_OK)
        return rc;
    if (lambda > 0.0 && opt->rule == STEEPEST_RULE_ADAM)
        return FAIL(opt, STEEPEST_ERROR_PARAMETER,
                    "%s: weight_decay = %g > 0 is refused under the adam rule; decoupled weight decay is the "
                    "adamw rule",
                    fn, lambda);
    opt->weight_decay = lambda;
    return STEEPEST_OK;
}

int
steepest_optimizer_get_hyperparameters(const SteepestOptimizer *opt, double *lr, double *beta,
                                       double *dampening, double *beta1, double *beta2, double *eps,
                                       double *weight_decay)
{
    if (opt == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_optimizer_get_hyperparameters: the optimizer is NULL");
    if (lr)
        *lr = opt->lr;
    if (beta)
        *beta = opt->beta;
    if (dampening)
        *dampening = opt->dampening;
    if (beta1)
        *beta1 = opt->beta1;
    if (beta2)
        *beta2 = opt->beta2;
    if (eps)
        *eps = opt->eps;
    if (weight_decay)
        *weight_decay = opt->weight_decay;
    return STEEPEST_OK;
}

/* ---- schedules ---- */

static int
set_schedule(SteepestOptimizer *opt, OptimSchedule s)
{
    opt->schedule = s;
    return STEEPEST_OK;
}

int
steepest_optimizer_set_schedule_constant(SteepestOptimizer *opt)
{
    CHECK_OPT(opt, "steepest_optimizer_set_schedule_constant");
    return set_schedule(opt, (OptimSchedule){ .kind = STEEPEST_SCHEDULE_CONSTANT, .gamma = 1.0 });
}

int
steepest_optimizer_set_schedule_inv_sqrt(SteepestOptimizer *opt)
{
    CHECK_OPT(opt, "steepest_optimizer_set_schedule_inv_sqrt");
    return set_schedule(opt, (OptimSchedule){ .kind = STEEPEST_SCHEDULE_INV_SQRT, .gamma = 1.0 });
}

int
steepest_optimizer_set_schedule_geometric(SteepestOptimizer *opt, double gamma)
{
    CHECK_OPT(opt, "steepest_optimizer_set_schedule_geometric");
    int rc =
        check_range(opt, "steepest_optimizer_set_schedule_geometric", "gamma", gamma, 0.0, TRUE, 1.0, FALSE);
    if (rc != STEEPEST_OK)
        return rc;
    return set_schedule(opt, (OptimSchedule){ .kind = STEEPEST_SCHEDULE_GEOMETRIC, .gamma = gamma });
}

int
steepest_optimizer_set_schedule_step(SteepestOptimizer *opt, uint64_t every, double gamma)
{
    const char *fn = "steepest_optimizer_set_schedule_step";
    CHECK_OPT(opt, "steepest_optimizer_set_schedule_step");
    if (every == 0)
        return FAIL(opt, STEEPEST_ERROR_PARAMETER, "%s: every = 0 is out of range; it must be >= 1", fn);
    int rc = check_range(opt, fn, "gamma", gamma, 0.0, TRUE, 1.0, FALSE);
    if (rc != STEEPEST_OK)
        return rc;
    return set_schedule(opt,
                        (OptimSchedule){ .kind = STEEPEST_SCHEDULE_STEP, .gamma = gamma, .every = every });
}

int
steepest_optimizer_set_schedule_cosine(SteepestOptimizer *opt, uint64_t warmup, uint64_t total,
                                       double final_fraction)
{
    const char *fn = "steepest_optimizer_set_schedule_cosine";
    CHECK_OPT(opt, "steepest_optimizer_set_schedule_cosine");
    if (warmup >= total)
        return FAIL(opt, STEEPEST_ERROR_PARAMETER,
                    "%s: warmup = %" G_GUINT64_FORMAT
                    " is out of range; it must be below total = %" G_GUINT64_FORMAT,
                    fn, warmup, total);
    int rc = check_range(opt, fn, "final_fraction", final_fraction, 0.0, FALSE, 1.0, FALSE);
    if (rc != STEEPEST_OK)
        return rc;
    return set_schedule(opt, (OptimSchedule){ .kind = STEEPEST_SCHEDULE_COSINE,
                                              .gamma = 1.0,
                                              .warmup = warmup,
                                              .total = total,
                                              .final_fraction = final_fraction });
}

int
steepest_optimizer_get_schedule(const SteepestOptimizer *opt)
{
    return opt ? opt->schedule.kind : -1;
}

int
steepest_optimizer_get_lr_at(const SteepestOptimizer *opt, uint64_t t, double *lr)
{
    if (opt == NULL || lr == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_optimizer_get_lr_at: %s is NULL",
                             opt == NULL ? "the optimizer" : "lr");
    *lr = opt->lr * steepest_optim_schedule_factor(&opt->schedule, t);
    return STEEPEST_OK;
}

/* ---- what the last update did ---- */

uint64_t
steepest_optimizer_get_step(const SteepestOptimizer *opt)
{
    return opt ? opt->step : 0;
}

double
steepest_optimizer_get_lr(const SteepestOptimizer *opt)
{
    return opt ? opt->last_lr : NAN;
}

double
steepest_optimizer_get_grad_norm(const SteepestOptimizer *opt)
{
    return opt ? opt->last_grad_norm : NAN;
}

double
steepest_optimizer_get_step_norm(const SteepestOptimizer *opt)
{
    return opt ? opt->last_step_norm : NAN;
}
