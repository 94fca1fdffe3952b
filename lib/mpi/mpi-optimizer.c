/* mpi-optimizer.c — the update rules come from the optimizer
 * (steepest-optimizer.h), so no update formula lives here: mean applies the
 * optimizer's rule to the combined gradient; sign-majority with momentum
 * votes with the sign of the optimizer's momentum (Signum's local momentum);
 * scaled-sign-ef takes the EF rule's message Δ = C(p).  The rules that
 * change the optimizer's state before the ranks have agreed (EF, the
 * momentum of the votes) snapshot it and restore it when the step fails. */
#include "mpi/mpi-private.h"

#include <glib.h>

/* Whether the optimizer's state moves before the step's agreement. */
static int
needs_snapshot(const SteepestMpiRun *run)
{
    return run->opt != NULL && run->rule != STEEPEST_MPI_MEAN;
}

static int
configure(SteepestMpiRun *run, SteepestOptimizer *opt)
{
    int st;
    switch (run->rule) {
    case STEEPEST_MPI_MEAN:
        /* The paper's step x − lr·ḡ♯, or heavy ball on ḡ with momentum. */
        st = steepest_optimizer_set_rule(opt, run->momentum > 0 ? STEEPEST_RULE_MOMENTUM : STEEPEST_RULE_SGD);
        if (st == STEEPEST_OK)
            st = steepest_optimizer_set_direction(opt, STEEPEST_DIRECTION_SCALED);
        if (st == STEEPEST_OK)
            st = steepest_optimizer_set_lr(opt, run->lr);
        break;
    case STEEPEST_MPI_SIGN_MAJORITY:
        /* Only the sign of the momentum is sent: a normalized ℓ∞ step of
         * length 1 from 0 is −sign(m), and lr is the run's, applied after the vote. */
        st = steepest_optimizer_set_rule(opt, STEEPEST_RULE_MOMENTUM);
        if (st == STEEPEST_OK)
            st = steepest_optimizer_set_direction(opt, STEEPEST_DIRECTION_NORMALIZED);
        if (st == STEEPEST_OK)
            st = steepest_optimizer_set_lr(opt, 1.0);
        break;
    default:
        st = steepest_optimizer_set_rule(opt, STEEPEST_RULE_EF);
        if (st == STEEPEST_OK)
            st = steepest_optimizer_set_lr(opt, run->lr);
        break;
    }
    if (st == STEEPEST_OK && run->momentum > 0)
        st = steepest_optimizer_set_momentum(opt, run->momentum, 0.0);
    return st;
}

int
steepest_mpi_optimizer_setup(SteepestMpiRun *run)
{
    steepest_optimizer_free(run->opt);
    run->opt = NULL;
    g_free(run->state);
    run->state = NULL;
    /* Plain sign votes need no optimizer: the vote is sign(g) itself. */
    if (run->rule == STEEPEST_MPI_SIGN_MAJORITY && run->momentum == 0)
        return STEEPEST_OK;
    SteepestOptimizer *opt = NULL;
    int st = steepest_optimizer_new(run->norm, run->dim, &opt);
    if (st == STEEPEST_OK)
        st = configure(run, opt);
    if (st == STEEPEST_OK)
        st = steepest_optimizer_get_state_size(opt, &run->state_size);
    if (st == STEEPEST_OK && (run->state = g_try_malloc(run->state_size)) == NULL)
        st = STEEPEST_ERROR_NO_MEMORY;
    if (st != STEEPEST_OK) {
        steepest_optimizer_free(opt);
        return steepest_mpi_fail(run, st, "the run's optimizer: %s", steepest_last_error());
    }
    run->opt = opt;
    return STEEPEST_OK;
}

int
steepest_mpi_snapshot(SteepestMpiRun *run)
{
    if (!needs_snapshot(run))
        return STEEPEST_OK;
    return steepest_optimizer_get_state(run->opt, run->state, run->state_size);
}

void
steepest_mpi_restore(SteepestMpiRun *run)
{
    /* The snapshot was written by this optimizer: set_state cannot refuse it. */
    if (needs_snapshot(run))
        steepest_optimizer_set_state(run->opt, run->state, run->state_size);
}
