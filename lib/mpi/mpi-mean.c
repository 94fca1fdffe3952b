/* mpi-mean.c — the mean rule: one MPI_Allreduce of the share-weighted
 * gradients with three more doubles fused in (how many ranks failed, the
 * weighted objective values and how many ranks gave one), then the
 * optimizer's rule (steepest-optimizer.h) on the mean.  Only when some rank failed does a second, small
 * collective (the ranks' headers) say who and why. */
#include "mpi/mpi-private.h"

#include <glib.h>
#include <math.h>
#include <string.h>

enum { SLOT_FAILED, SLOT_F, SLOT_HAS_F, EXTRA_SLOTS };

int
steepest_mpi_mean_alloc(SteepestMpiRun *run)
{
    run->send = g_try_new(double, run->dim + EXTRA_SLOTS);
    run->scratch = g_try_new(double, run->dim + EXTRA_SLOTS);
    run->gathered = g_try_new(MpiHeader, (size_t) run->size);
    if (run->send == NULL || run->scratch == NULL || run->gathered == NULL)
        return steepest_mpi_fail(run, STEEPEST_ERROR_NO_MEMORY,
                                 "steepest_mpi_run_new: out of memory for %zu doubles", run->dim);
    return STEEPEST_OK;
}

/* The rare path: every rank's header, so every rank names the same culprit. */
static int
mean_failure(SteepestMpiRun *run, MpiHeader *h)
{
    int code = MPI_Allgather(h, sizeof *h, MPI_BYTE, run->gathered, sizeof *h, MPI_BYTE, run->comm);
    uint64_t bytes = (uint64_t) (run->size - 1) * sizeof *h;
    steepest_mpi_count(run, bytes, bytes);
    if (code != MPI_SUCCESS)
        return steepest_mpi_collective_failed(run, "the failure report (MPI_Allgather)", code);
    return steepest_mpi_headers_agree(run, run->gathered, sizeof *h);
}

int
steepest_mpi_mean_step(SteepestMpiRun *run, double *x, const double *g, MpiHeader *h)
{
    size_t d = run->dim;
    double *send = run->send, *sum = run->scratch;
    double w = run->weight[run->rank];
    if (h->status == 0) {
        for (size_t i = 0; i < d; i++)
            send[i] = w * g[i];
    } else {
        memset(send, 0, d * sizeof *send); /* a failing rank still takes part */
    }
    send[d + SLOT_FAILED] = h->status != 0;
    send[d + SLOT_F] = h->f;
    send[d + SLOT_HAS_F] = h->has_f;
    int code = MPI_Allreduce(send, sum, (int) (d + EXTRA_SLOTS), MPI_DOUBLE, MPI_SUM, run->comm);
    uint64_t bytes = steepest_mpi_ring_allreduce_bytes((d + EXTRA_SLOTS) * sizeof(double), run->size);
    steepest_mpi_count(run, bytes, bytes);
    if (code != MPI_SUCCESS)
        return steepest_mpi_collective_failed(run, "the mean (MPI_Allreduce)", code);
    if (sum[d + SLOT_FAILED] != 0)
        return mean_failure(run, h);
    run->f = sum[d + SLOT_HAS_F] == run->size ? sum[d + SLOT_F] : NAN;
    /* The optimizer's rule on the mean; it refuses a sum that overflowed
     * and leaves x untouched when it fails — on every rank alike, since
     * every rank holds the same sum. */
    int st = steepest_optimizer_update(run->opt, d, x, sum);
    if (st != STEEPEST_OK)
        return steepest_mpi_fail(run, st, "step %llu: the mean gradient: %s",
                                 (unsigned long long) run->steps + 1,
                                 steepest_optimizer_last_error(run->opt));
    return STEEPEST_OK;
}
