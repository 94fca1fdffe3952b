/* mpi-majority.c — the sign-majority rule (signSGD with majority vote,
 * Bernstein et al. 2019) in two collectives:
 *
 *   1. MPI_Alltoallv: rank r sends rank j the packed votes of j's slice of
 *      the coordinates (words lo[j] .. lo[j+1]), each with r's header;
 *   2. each rank counts the votes of its own slice (bit-sliced, 64
 *      coordinates per word operation) and MPI_Allgatherv spreads the
 *      result: one bit per coordinate when the number of ranks is odd (no
 *      ties), two (up, down) when it is even.
 *
 * Each rank sends about (N−1)/N · d/8 bytes in step 1 and (N−1)/N · d/8 (odd
 * N) or 2·(N−1)/N · d/8 (even N) in step 2, whatever N is — an allgather of
 * everyone's votes would cost (N−1)·d/8.  Every rank receives every header
 * in step 1, so a failure anywhere stops every rank before step 2. */
#include "mpi/mpi-private.h"
#include "mpi/mpi-signs.h"

#include <glib.h>
#include <string.h>

#define HEADER_WORDS (sizeof(MpiHeader) / sizeof(uint64_t))

static size_t
slice(const SteepestMpiRun *run, int j)
{
    return run->lo[j + 1] - run->lo[j];
}

/* Words of the result per coordinate word: 1 (odd N) or 2 (up and down). */
static size_t
result_planes(const SteepestMpiRun *run)
{
    return run->size % 2 ? 1 : 2;
}

int
steepest_mpi_majority_alloc(SteepestMpiRun *run)
{
    int n = run->size;
    run->nwords = steepest_signs_words(run->dim);
    run->lo = g_new(size_t, (size_t) n + 1);
    for (int j = 0; j <= n; j++)
        run->lo[j] = (size_t) j * run->nwords / (size_t) n;
    size_t mine = slice(run, run->rank);
    run->send = g_try_new(uint64_t, (size_t) n * HEADER_WORDS + run->nwords);
    run->recv = g_try_new(uint64_t, (size_t) n * (HEADER_WORDS + mine));
    run->gathered = g_try_new(uint64_t, result_planes(run) * run->nwords + 1);
    run->scratch = g_try_new(double, run->dim); /* the momentum's signs */
    if (run->send == NULL || run->recv == NULL || run->gathered == NULL || run->scratch == NULL)
        return steepest_mpi_fail(run, STEEPEST_ERROR_NO_MEMORY,
                                 "steepest_mpi_run_new: out of memory for %zu signs", run->dim);
    return STEEPEST_OK;
}

/* Step 1: the votes of every slice to its owner, with this rank's header. */
static int
send_votes(SteepestMpiRun *run, const double *v, const MpiHeader *h)
{
    int n = run->size, me = run->rank;
    size_t mine = slice(run, me);
    int *counts = g_new(int, 4 * (size_t) n), *sdispl = counts + n, *rcounts = counts + 2 * n,
        *rdispl = counts + 3 * n;
    uint64_t *send = run->send;
    size_t off = 0;
    uint64_t sent = 0, received = 0;
    for (int j = 0; j < n; j++) {
        memcpy(send + off, h, sizeof *h);
        if (h->status == 0)
            steepest_signs_pack(v, run->dim, run->lo[j], run->lo[j + 1], me % 2 == 0,
                                send + off + HEADER_WORDS);
        else
            memset(send + off + HEADER_WORDS, 0, slice(run, j) * sizeof *send);
        counts[j] = (int) (HEADER_WORDS + slice(run, j));
        sdispl[j] = (int) off;
        rcounts[j] = (int) (HEADER_WORDS + mine);
        rdispl[j] = j * rcounts[j];
        off += (size_t) counts[j];
        if (j != me) {
            sent += 8 * (uint64_t) counts[j];
            received += 8 * (uint64_t) rcounts[j];
        }
    }
    int code = MPI_Alltoallv(send, counts, sdispl, MPI_UINT64_T, run->recv, rcounts, rdispl, MPI_UINT64_T,
                             run->comm);
    g_free(counts);
    steepest_mpi_count(run, sent, received);
    if (code != MPI_SUCCESS)
        return steepest_mpi_collective_failed(run, "the votes (MPI_Alltoallv)", code);
    return steepest_mpi_headers_agree(run, run->recv, (HEADER_WORDS + mine) * sizeof(uint64_t));
}

/* Step 2: count this rank's slice and share every slice's result. */
static int
share_majority(SteepestMpiRun *run)
{
    int n = run->size, me = run->rank;
    size_t planes = result_planes(run), mine = slice(run, me);
    uint64_t *all = run->gathered, *own = all + planes * run->lo[me];
    /* Counted straight into this rank's place in the gathered result. */
    steepest_signs_majority((const uint64_t *) run->recv + HEADER_WORDS, HEADER_WORDS + mine, n, mine, own,
                            planes == 2 ? own + mine : NULL);
    int *counts = g_new(int, 2 * (size_t) n), *displ = counts + n;
    uint64_t total = 0;
    for (int j = 0; j < n; j++) {
        counts[j] = (int) (planes * slice(run, j));
        displ[j] = (int) (planes * run->lo[j]);
        total += 8 * (uint64_t) counts[j];
    }
    /* Around a ring each rank forwards every block but its successor's. */
    uint64_t received = total - 8 * (uint64_t) counts[me];
    uint64_t sent = n > 1 ? total - 8 * (uint64_t) counts[(me + 1) % n] : 0;
    int code =
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, all, counts, displ, MPI_UINT64_T, run->comm);
    g_free(counts);
    steepest_mpi_count(run, sent, received);
    if (code != MPI_SUCCESS)
        return steepest_mpi_collective_failed(run, "the majority (MPI_Allgatherv)", code);
    return STEEPEST_OK;
}

/* What this rank votes with: g, or with momentum the sign of the
 * optimizer's momentum m (a normalized ℓ∞ step of length 1 from 0 is
 * −sign(m), so its negation is sign(m), 0 where m is 0). */
static const double *
votes_of(SteepestMpiRun *run, const double *g, MpiHeader *h)
{
    if (run->opt == NULL || h->status != 0)
        return g;
    double *z = run->scratch;
    int st = steepest_mpi_snapshot(run);
    memset(z, 0, run->dim * sizeof *z);
    if (st == STEEPEST_OK)
        st = steepest_optimizer_update(run->opt, run->dim, z, g);
    if (st != STEEPEST_OK) {
        h->status = st;
        h->detail = st == STEEPEST_ERROR_NOT_FINITE ? -3 : 0; /* g was checked: it is the momentum */
        return g;
    }
    for (size_t i = 0; i < run->dim; i++)
        z[i] = -z[i];
    return z;
}

int
steepest_mpi_majority_step(SteepestMpiRun *run, double *x, const double *g, MpiHeader *h)
{
    int moved = run->opt != NULL && h->status == 0; /* the momentum is about to change */
    int st = send_votes(run, votes_of(run, g, h), h);
    if (st == STEEPEST_OK)
        st = share_majority(run);
    if (st != STEEPEST_OK) {
        if (moved && h->status == 0)
            steepest_mpi_restore(run);
        return st;
    }
    size_t planes = result_planes(run);
    const uint64_t *all = run->gathered;
    for (int j = 0; j < run->size; j++) {
        const uint64_t *pos = all + planes * run->lo[j];
        steepest_signs_apply(x, run->dim, run->lo[j], run->lo[j + 1], pos,
                             planes == 2 ? pos + slice(run, j) : NULL, run->lr);
    }
    return STEEPEST_OK;
}
