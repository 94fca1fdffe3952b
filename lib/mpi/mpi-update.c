/* mpi-update.c — one step of a distributed run (the ask/tell form) and the
 * objective-callback loop built on it.  Every path takes part in the step's
 * collectives, so a rank with bad input or a failed objective never leaves
 * the others waiting; the status is agreed inside the step's own messages. */
#include "mpi/mpi-private.h"

#include <glib.h>
#include <string.h>

static int
rule_step(SteepestMpiRun *run, double *x, const double *g, MpiHeader *h)
{
    switch (run->rule) {
    case STEEPEST_MPI_MEAN:
        return steepest_mpi_mean_step(run, x, g, h);
    case STEEPEST_MPI_SIGN_MAJORITY:
        return steepest_mpi_majority_step(run, x, g, h);
    default:
        return steepest_mpi_ef_step(run, x, g, h);
    }
}

/* The step with, besides the caller's local status, a failure of this
 * rank's own (forced: a library status, not a callback's value). */
static int
step(SteepestMpiRun *run, size_t n, double *x, const double *f_local, const double *g_local, int local_status,
     int forced)
{
    run->sent_last = run->received_last = 0;
    int st = steepest_mpi_settings_agree(run);
    if (st != STEEPEST_OK)
        return st;
    MpiHeader h;
    steepest_mpi_header_fill(run, &h, n, f_local, x == NULL ? NULL : g_local, local_status);
    if (forced != 0)
        h.status = forced;
    if (x == NULL && h.status == 0)
        h.status = STEEPEST_ERROR_INVALID_ARGUMENT;
    st = rule_step(run, x, g_local, &h);
    if (st != STEEPEST_OK)
        return st;
    run->steps++;
    if (run->check_identical)
        return steepest_mpi_check_identical(run, x);
    return STEEPEST_OK;
}

int
steepest_mpi_update_local(SteepestMpiRun *run, size_t n, double *x, const double *f_local,
                          const double *g_local, int local_status)
{
    if (run == NULL)
        return steepest_mpi_fail(NULL, STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_mpi_update: NULL run");
    return step(run, n, x, f_local, g_local, local_status, 0);
}

int
steepest_mpi_update(SteepestMpiRun *run, size_t n, double *x, const double *g_local)
{
    return steepest_mpi_update_local(run, n, x, NULL, g_local, 0);
}

int
steepest_mpi_run_minimize(SteepestMpiRun *run, SteepestObjectiveFn fn, void *user_data, size_t n, double *x,
                          uint64_t max_iter)
{
    if (run == NULL)
        return steepest_mpi_fail(NULL, STEEPEST_ERROR_INVALID_ARGUMENT,
                                 "steepest_mpi_run_minimize: NULL run");
    /* Only a rank whose arguments fit evaluates; the others report instead. */
    int usable = fn != NULL && x != NULL && n == run->dim;
    double *g = usable ? g_try_new(double, n) : NULL;
    int bad_args = fn == NULL ? STEEPEST_ERROR_INVALID_ARGUMENT : 0;
    if (usable && g == NULL)
        bad_args = STEEPEST_ERROR_NO_MEMORY;
    int st = STEEPEST_OK;
    for (uint64_t t = 0; t < max_iter; t++) {
        double f = 0;
        int local = bad_args;
        if (local == 0 && usable)
            local = fn(user_data, n, x, &f, g);
        st = step(run, n, x, local == 0 ? &f : NULL, g, bad_args ? 0 : local, bad_args);
        if (st != STEEPEST_OK)
            break;
    }
    g_free(g);
    return st == STEEPEST_OK ? STEEPEST_STOP_MAX_ITER : st;
}
