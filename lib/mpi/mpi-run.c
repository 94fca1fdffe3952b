/* mpi-run.c — creating a distributed run: every rank checks its own
 * arguments, then one allgather of a small descriptor lets every rank see
 * every other rank's dimension, norm, rule, share and local verdict, so all
 * ranks reach the same decision (no rank may leave early: the others would
 * wait for it forever). */
#include "mpi/mpi-private.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#define SPEC_CHARS 96

/* What rank r tells the others at creation. */
typedef struct {
    uint64_t dim;
    uint64_t spec_hash; /* of the whole spec, so long specs compare too */
    double share;
    int32_t rule;
    int32_t status; /* this rank's own verdict on its arguments */
    char spec[SPEC_CHARS];
} Descriptor;

static const char *const rule_names[] = { "mean", "sign-majority", "scaled-sign-ef" };

const char *
steepest_mpi_rule_name(int rule)
{
    return rule >= 0 && rule < (int) G_N_ELEMENTS(rule_names) ? rule_names[rule] : NULL;
}

int
steepest_mpi_rule_from_name(const char *name, int *rule)
{
    if (name == NULL || rule == NULL) {
        steepest_set_error(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_mpi_rule_from_name: NULL argument");
        return STEEPEST_ERROR_INVALID_ARGUMENT;
    }
    for (int k = 0; k < (int) G_N_ELEMENTS(rule_names); k++) {
        if (strcmp(name, rule_names[k]) == 0) {
            *rule = k;
            return STEEPEST_OK;
        }
    }
    char *msg = g_strdup_printf("unknown aggregation rule '%s' (mean, sign-majority, scaled-sign-ef)", name);
    steepest_set_error(STEEPEST_ERROR_INVALID_ARGUMENT, msg);
    g_free(msg);
    return STEEPEST_ERROR_INVALID_ARGUMENT;
}

int
steepest_mpi_fail(SteepestMpiRun *run, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    steepest_set_error(status, msg);
    if (run != NULL) {
        g_free(run->error);
        run->error = msg;
    } else {
        g_free(msg);
    }
    return status;
}

void
steepest_mpi_count(SteepestMpiRun *run, uint64_t sent, uint64_t received)
{
    run->sent_last += sent;
    run->received_last += received;
    run->sent_total += sent;
    run->received_total += received;
}

static uint64_t
hash_string(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char) *s) * 1099511628211u;
    return h;
}

/* This rank's own verdict on its arguments, before anything is exchanged. */
static int
check_local(const SteepestNorm *norm, size_t dim, int rule, double share, char **msg)
{
    if (norm == NULL) {
        *msg = g_strdup("steepest_mpi_run_new: NULL norm");
        return STEEPEST_ERROR_INVALID_ARGUMENT;
    }
    if (steepest_mpi_rule_name(rule) == NULL) {
        *msg = g_strdup_printf("steepest_mpi_run_new: %d is not an aggregation rule", rule);
        return STEEPEST_ERROR_INVALID_ARGUMENT;
    }
    if (!(share > 0) || !isfinite(share)) {
        *msg = g_strdup_printf("steepest_mpi_run_new: the share must be > 0 and finite, not %g", share);
        return STEEPEST_ERROR_INVALID_ARGUMENT;
    }
    if (dim == 0 || dim != steepest_norm_get_dim(norm)) {
        *msg = g_strdup_printf("steepest_mpi_run_new: dimension %zu, but the norm's is %zu", dim,
                               steepest_norm_get_dim(norm));
        return STEEPEST_ERROR_DIMENSION;
    }
    if (rule != STEEPEST_MPI_MEAN && strcmp(steepest_norm_get_name(norm), "linf") != 0) {
        *msg = g_strdup_printf("steepest_mpi_run_new: %s needs the linf norm (the sign is its unit "
                               "direction), not %s",
                               steepest_mpi_rule_name(rule), steepest_norm_get_spec(norm));
        return STEEPEST_ERROR_UNSUPPORTED;
    }
    return STEEPEST_OK;
}

static void
describe(Descriptor *d, const SteepestNorm *norm, size_t dim, int rule, double share, int status)
{
    memset(d, 0, sizeof *d);
    d->dim = dim;
    d->share = share;
    d->rule = rule;
    d->status = status;
    const char *spec = norm != NULL ? steepest_norm_get_spec(norm) : "";
    d->spec_hash = hash_string(spec);
    g_strlcpy(d->spec, spec, sizeof d->spec);
}

/* The same verdict on every rank: the lowest rank that failed locally, then
 * the lowest rank that differs from rank 0. */
static int
agree_on_creation(SteepestMpiRun *run, const Descriptor *all, int own_status, char **own_msg)
{
    for (int r = 0; r < run->size; r++) {
        if (all[r].status == STEEPEST_OK)
            continue;
        if (r == run->rank && *own_msg != NULL)
            return steepest_mpi_fail(run, own_status, "%s", *own_msg);
        return steepest_mpi_fail(run, all[r].status,
                                 "steepest_mpi_run_new: rank %d could not create its run (%s)", r,
                                 steepest_status_name(all[r].status));
    }
    for (int r = 1; r < run->size; r++) {
        const Descriptor *a = &all[0], *b = &all[r];
        if (b->dim != a->dim)
            return steepest_mpi_fail(run, STEEPEST_ERROR_DISTRIBUTED,
                                     "steepest_mpi_run_new: rank %d has dimension %llu, rank 0 has %llu", r,
                                     (unsigned long long) b->dim, (unsigned long long) a->dim);
        if (b->spec_hash != a->spec_hash)
            return steepest_mpi_fail(run, STEEPEST_ERROR_DISTRIBUTED,
                                     "steepest_mpi_run_new: rank %d has norm '%s', rank 0 has '%s'", r,
                                     b->spec, a->spec);
        if (b->rule != a->rule)
            return steepest_mpi_fail(run, STEEPEST_ERROR_DISTRIBUTED,
                                     "steepest_mpi_run_new: rank %d has rule %s, rank 0 has %s", r,
                                     steepest_mpi_rule_name(b->rule), steepest_mpi_rule_name(a->rule));
    }
    return STEEPEST_OK;
}

static void
run_release(SteepestMpiRun *run)
{
    steepest_norm_free(run->norm);
    g_free(run->weight);
    g_free(run->lo);
    g_free(run->send);
    g_free(run->recv);
    g_free(run->gathered);
    g_free(run->scratch);
    steepest_optimizer_free(run->opt);
    g_free(run->state);
    g_free(run->zero_mask);
    g_free(run->error);
    g_free(run);
}

static int
allocate_rule(SteepestMpiRun *run)
{
    switch (run->rule) {
    case STEEPEST_MPI_MEAN:
        return steepest_mpi_mean_alloc(run);
    case STEEPEST_MPI_SIGN_MAJORITY:
        return steepest_mpi_majority_alloc(run);
    default:
        return steepest_mpi_ef_alloc(run);
    }
}

/* The part after the descriptors agree: weights, the norm copy, scratch. */
static int
finish_run(SteepestMpiRun *run, const Descriptor *all, const SteepestNorm *norm)
{
    double total = 0;
    for (int r = 0; r < run->size; r++)
        total += all[r].share;
    run->weight = g_try_new(double, (size_t) run->size);
    if (run->weight == NULL)
        return steepest_mpi_fail(run, STEEPEST_ERROR_NO_MEMORY, "steepest_mpi_run_new: out of memory");
    for (int r = 0; r < run->size; r++)
        run->weight[r] = all[r].share / total;
    int st = steepest_norm_new(steepest_norm_get_spec(norm), run->dim, &run->norm);
    if (st != STEEPEST_OK)
        return steepest_mpi_fail(run, st, "steepest_mpi_run_new: %s", steepest_last_error());
    st = allocate_rule(run);
    return st == STEEPEST_OK ? steepest_mpi_optimizer_setup(run) : st;
}

/* Every rank learns whether every rank finished creating its run. */
static int
agree_on_status(SteepestMpiRun *run, int st)
{
    int worst = st, local = st;
    if (MPI_Allreduce(&local, &worst, 1, MPI_INT, MPI_MIN, run->comm) != MPI_SUCCESS)
        return steepest_mpi_fail(run, STEEPEST_ERROR_DISTRIBUTED,
                                 "steepest_mpi_run_new: MPI_Allreduce failed");
    steepest_mpi_count(run, steepest_mpi_ring_allreduce_bytes(sizeof(int), run->size),
                       steepest_mpi_ring_allreduce_bytes(sizeof(int), run->size));
    if (worst != STEEPEST_OK && st == STEEPEST_OK)
        return steepest_mpi_fail(run, worst,
                                 "steepest_mpi_run_new: another rank could not allocate its run (%s)",
                                 steepest_status_name(worst));
    return worst;
}

int
steepest_mpi_run_new(MPI_Comm comm, const SteepestNorm *norm, size_t dim, int rule, double share,
                     SteepestMpiRun **out)
{
    if (out != NULL)
        *out = NULL;
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (!initialized || finalized)
        return steepest_mpi_fail(NULL, STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "steepest_mpi_run_new: MPI is not initialized (call MPI_Init first)");
    if (comm == MPI_COMM_NULL)
        return steepest_mpi_fail(NULL, STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "steepest_mpi_run_new: MPI_COMM_NULL");
    SteepestMpiRun *run = g_new0(SteepestMpiRun, 1);
    run->rule = rule;
    run->dim = dim;
    run->lr = 1e-3;
    run->f = NAN;
    run->settings_dirty = 1;
    if (MPI_Comm_dup(comm, &run->comm) != MPI_SUCCESS) {
        g_free(run);
        return steepest_mpi_fail(NULL, STEEPEST_ERROR_DISTRIBUTED,
                                 "steepest_mpi_run_new: MPI_Comm_dup failed");
    }
    MPI_Comm_set_errhandler(run->comm, MPI_ERRORS_RETURN);
    MPI_Comm_rank(run->comm, &run->rank);
    MPI_Comm_size(run->comm, &run->size);

    char *msg = NULL;
    int own = out == NULL ? STEEPEST_ERROR_INVALID_ARGUMENT : check_local(norm, dim, rule, share, &msg);
    if (out == NULL)
        msg = g_strdup("steepest_mpi_run_new: NULL out");
    Descriptor mine, *all = g_new(Descriptor, (size_t) run->size);
    describe(&mine, norm, dim, rule, share, own);
    int st = MPI_Allgather(&mine, sizeof mine, MPI_BYTE, all, sizeof mine, MPI_BYTE, run->comm);
    if (st != MPI_SUCCESS)
        st = steepest_mpi_collective_failed(run, "steepest_mpi_run_new: MPI_Allgather", st);
    else
        st = agree_on_creation(run, all, own, &msg);
    uint64_t desc_bytes = (uint64_t) (run->size - 1) * sizeof mine;
    steepest_mpi_count(run, desc_bytes, desc_bytes);
    g_free(msg);
    if (st == STEEPEST_OK)
        st = agree_on_status(run, finish_run(run, all, norm));
    g_free(all);
    if (st != STEEPEST_OK) {
        MPI_Comm_free(&run->comm);
        run_release(run);
        return st;
    }
    /* Creation's messages are not a step's. */
    run->sent_last = run->received_last = 0;
    run->sent_total = run->received_total = 0;
    *out = run;
    return STEEPEST_OK;
}

void
steepest_mpi_run_free(SteepestMpiRun *run)
{
    if (run == NULL)
        return;
    MPI_Comm_free(&run->comm);
    run_release(run);
}

int
steepest_mpi_run_set_step_size(SteepestMpiRun *run, double lr)
{
    if (run == NULL)
        return steepest_mpi_fail(NULL, STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "steepest_mpi_run_set_step_size: NULL run");
    if (!(lr > 0) || !isfinite(lr))
        return steepest_mpi_fail(
            run, STEEPEST_ERROR_PARAMETER,
            "steepest_mpi_run_set_step_size: the step size must be > 0 and finite, not %g", lr);
    if (run->opt != NULL && run->rule != STEEPEST_MPI_SIGN_MAJORITY) {
        int st = steepest_optimizer_set_lr(run->opt, lr);
        if (st != STEEPEST_OK)
            return steepest_mpi_fail(run, st, "steepest_mpi_run_set_step_size: %s", steepest_last_error());
    }
    run->lr = lr;
    run->settings_dirty = 1;
    return STEEPEST_OK;
}

int
steepest_mpi_run_set_momentum(SteepestMpiRun *run, double beta)
{
    if (run == NULL)
        return steepest_mpi_fail(NULL, STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "steepest_mpi_run_set_momentum: NULL run");
    if (!(beta >= 0 && beta < 1))
        return steepest_mpi_fail(run, STEEPEST_ERROR_PARAMETER,
                                 "steepest_mpi_run_set_momentum: beta must be in [0, 1), not %g", beta);
    if (run->rule == STEEPEST_MPI_SCALED_SIGN_EF && beta != 0)
        return steepest_mpi_fail(
            run, STEEPEST_ERROR_UNSUPPORTED,
            "steepest_mpi_run_set_momentum: scaled-sign-ef has no momentum (its memory is the residual)");
    double old = run->momentum;
    run->momentum = beta;
    int st = steepest_mpi_optimizer_setup(run);
    if (st != STEEPEST_OK) {
        run->momentum = old;
        steepest_mpi_optimizer_setup(run);
        return st;
    }
    run->settings_dirty = 1;
    return STEEPEST_OK;
}

int
steepest_mpi_run_set_check_identical(SteepestMpiRun *run, int on)
{
    if (run == NULL)
        return steepest_mpi_fail(NULL, STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "steepest_mpi_run_set_check_identical: NULL run");
    run->check_identical = on != 0;
    run->settings_dirty = 1;
    return STEEPEST_OK;
}

int
steepest_mpi_run_get_rank(const SteepestMpiRun *run)
{
    return run != NULL ? run->rank : 0;
}

int
steepest_mpi_run_get_size(const SteepestMpiRun *run)
{
    return run != NULL ? run->size : 0;
}

int
steepest_mpi_run_get_rule(const SteepestMpiRun *run)
{
    return run != NULL ? run->rule : -1;
}

uint64_t
steepest_mpi_run_get_steps(const SteepestMpiRun *run)
{
    return run != NULL ? run->steps : 0;
}

double
steepest_mpi_run_get_f(const SteepestMpiRun *run)
{
    return run != NULL ? run->f : NAN;
}

int
steepest_mpi_run_get_bytes(const SteepestMpiRun *run, uint64_t *sent_total, uint64_t *received_total,
                           uint64_t *sent_last_step, uint64_t *received_last_step)
{
    if (run == NULL)
        return steepest_mpi_fail(NULL, STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "steepest_mpi_run_get_bytes: NULL run");
    if (sent_total)
        *sent_total = run->sent_total;
    if (received_total)
        *received_total = run->received_total;
    if (sent_last_step)
        *sent_last_step = run->sent_last;
    if (received_last_step)
        *received_last_step = run->received_last;
    return STEEPEST_OK;
}

const char *
steepest_mpi_run_last_error(const SteepestMpiRun *run)
{
    return run != NULL && run->error != NULL ? run->error : "";
}
