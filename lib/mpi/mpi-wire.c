/* mpi-wire.c — what every rule's step shares: the header each rank attaches
 * to its part of the step's collective (so a failure anywhere is known
 * everywhere after that same collective), the settings check, the
 * identical-x check and the byte model. */
#include "mpi/mpi-private.h"

#include <glib.h>
#include <math.h>
#include <string.h>

uint64_t
steepest_mpi_ring_allreduce_bytes(uint64_t bytes, int size)
{
    /* Reduce-scatter then allgather around a ring: N − 1 chunks of B/N each way, twice. */
    return size <= 1 ? 0 : (2 * (uint64_t) (size - 1) * bytes + (uint64_t) size / 2) / (uint64_t) size;
}

int
steepest_mpi_collective_failed(SteepestMpiRun *run, const char *what, int code)
{
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    if (MPI_Error_string(code, text, &len) != MPI_SUCCESS)
        g_strlcpy(text, "unknown MPI error", sizeof text);
    return steepest_mpi_fail(run, STEEPEST_ERROR_DISTRIBUTED, "%s failed: %s", what, text);
}

/* The first non-finite entry of v, or n. */
static size_t
first_not_finite(size_t n, const double *v)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return i;
    return n;
}

void
steepest_mpi_header_fill(const SteepestMpiRun *run, MpiHeader *h, size_t n, const double *f_local,
                         const double *g_local, int local_status)
{
    memset(h, 0, sizeof *h);
    double w = run->weight[run->rank];
    if (local_status != 0) {
        h->status = STEEPEST_ERROR_CALLBACK;
        h->detail = local_status;
    } else if (n != run->dim) {
        h->status = STEEPEST_ERROR_DIMENSION;
        h->detail = (int64_t) n;
    } else if (g_local == NULL) {
        h->status = STEEPEST_ERROR_INVALID_ARGUMENT;
    } else if (f_local != NULL && !isfinite(*f_local)) {
        h->status = STEEPEST_ERROR_NOT_FINITE;
        h->detail = -1;
    } else {
        size_t bad = first_not_finite(n, g_local);
        if (bad < n) {
            h->status = STEEPEST_ERROR_NOT_FINITE;
            h->detail = (int64_t) bad;
        }
    }
    if (h->status == 0 && f_local != NULL) {
        h->has_f = 1;
        h->f = w * *f_local;
    }
}

/* The message every rank gives for rank r's header. */
static int
header_failure(SteepestMpiRun *run, int r, const MpiHeader *h)
{
    unsigned long long step = (unsigned long long) run->steps + 1;
    switch (h->status) {
    case STEEPEST_ERROR_CALLBACK:
        return steepest_mpi_fail(run, h->status, "step %llu: rank %d's objective failed (status %lld)", step,
                                 r, (long long) h->detail);
    case STEEPEST_ERROR_NOT_FINITE:
        if (h->detail == -1)
            return steepest_mpi_fail(run, h->status, "step %llu: rank %d's objective value is not finite",
                                     step, r);
        if (h->detail == -2)
            return steepest_mpi_fail(run, h->status, "step %llu: rank %d's lr*g + e overflows", step, r);
        if (h->detail == -3)
            return steepest_mpi_fail(run, h->status,
                                     "step %llu: rank %d's momentum m (or its dual norm) overflows "
                                     "the double range; the gradient is finite",
                                     step, r);
        return steepest_mpi_fail(run, h->status, "step %llu: rank %d's gradient is not finite at index %lld",
                                 step, r, (long long) h->detail);
    case STEEPEST_ERROR_DIMENSION:
        return steepest_mpi_fail(run, h->status, "step %llu: rank %d passed dimension %lld, the run's is %zu",
                                 step, r, (long long) h->detail, run->dim);
    default:
        return steepest_mpi_fail(run, h->status, "step %llu: rank %d could not take part (%s)", step, r,
                                 steepest_status_name(h->status));
    }
}

int
steepest_mpi_headers_agree(SteepestMpiRun *run, const void *headers, size_t stride)
{
    double f = 0;
    int all_f = 1;
    for (int r = 0; r < run->size; r++) {
        MpiHeader h;
        memcpy(&h, (const char *) headers + (size_t) r * stride, sizeof h);
        if (h.status != 0)
            return header_failure(run, r, &h);
        all_f &= h.has_f;
        f += h.f;
    }
    run->f = all_f ? f : NAN;
    return STEEPEST_OK;
}

typedef struct {
    double lr, momentum;
    int32_t check_identical;
    int32_t pad;
} Settings;

int
steepest_mpi_settings_agree(SteepestMpiRun *run)
{
    if (!run->settings_dirty)
        return STEEPEST_OK;
    Settings mine = { run->lr, run->momentum, run->check_identical, 0 };
    Settings *all = g_new(Settings, (size_t) run->size);
    int code = MPI_Allgather(&mine, sizeof mine, MPI_BYTE, all, sizeof mine, MPI_BYTE, run->comm);
    uint64_t bytes = (uint64_t) (run->size - 1) * sizeof mine;
    steepest_mpi_count(run, bytes, bytes);
    int st = STEEPEST_OK;
    if (code != MPI_SUCCESS)
        st = steepest_mpi_collective_failed(run, "the settings check (MPI_Allgather)", code);
    for (int r = 1; r < run->size && st == STEEPEST_OK; r++) {
        if (memcmp(&all[r].lr, &all[0].lr, sizeof(double)) != 0)
            st = steepest_mpi_fail(run, STEEPEST_ERROR_DISTRIBUTED,
                                   "rank %d has step size %.17g, rank 0 has %.17g", r, all[r].lr, all[0].lr);
        else if (memcmp(&all[r].momentum, &all[0].momentum, sizeof(double)) != 0)
            st = steepest_mpi_fail(run, STEEPEST_ERROR_DISTRIBUTED,
                                   "rank %d has momentum %.17g, rank 0 has %.17g", r, all[r].momentum,
                                   all[0].momentum);
        else if (all[r].check_identical != all[0].check_identical)
            st = steepest_mpi_fail(run, STEEPEST_ERROR_DISTRIBUTED,
                                   "rank %d %s the identical-x check, rank 0 %s it", r,
                                   all[r].check_identical ? "turned on" : "left off",
                                   all[0].check_identical ? "turned on" : "left off");
    }
    g_free(all);
    if (st == STEEPEST_OK)
        run->settings_dirty = 0;
    return st;
}

int
steepest_mpi_check_identical(SteepestMpiRun *run, const double *x)
{
    /* FNV-1a over the bit patterns; MAX of (h, ~h) equals (h, ~h) on every
     * rank exactly when every rank has the same h. */
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < run->dim; i++) {
        uint64_t bits;
        memcpy(&bits, &x[i], sizeof bits);
        h = (h ^ bits) * 1099511628211u;
    }
    uint64_t mine[2] = { h, ~h }, max[2];
    int code = MPI_Allreduce(mine, max, 2, MPI_UINT64_T, MPI_MAX, run->comm);
    uint64_t bytes = steepest_mpi_ring_allreduce_bytes(sizeof mine, run->size);
    steepest_mpi_count(run, bytes, bytes);
    if (code != MPI_SUCCESS)
        return steepest_mpi_collective_failed(run, "the identical-x check (MPI_Allreduce)", code);
    if (max[0] != mine[0] || max[1] != mine[1])
        return steepest_mpi_fail(run, STEEPEST_ERROR_DISTRIBUTED,
                                 "step %llu: x differs between ranks (checksums disagree)",
                                 (unsigned long long) run->steps);
    return STEEPEST_OK;
}
