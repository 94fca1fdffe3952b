/* mpi-ef.c — the scaled-sign-ef rule (EF-signSGD, Karimireddy et al. 2019):
 * rank k compresses p_k = lr·g_k + e_k to (‖p_k‖₁/d, packed signs), keeps
 * the residual e_k ← p_k − Δ_k, and every rank applies the share-weighted
 * average of the decompressed Δ_k.  One MPI_Allgather of (header, signs):
 * the header carries the scale, so the average needs nothing else, and every
 * rank sees every status.
 *
 * The wire has one bit per coordinate, so an exact zero of p is sent as a
 * sign too (the zero rule of mpi-signs.h); with all d entries ±1 the scale
 * that minimizes ‖p − c·sign‖₂ is exactly ‖p‖₁/d, and the residual is taken
 * against what the other ranks decode, so the error feedback stays exact.
 * No second, server-side error: every rank decodes every Δ_k, so the average
 * is exact and the method is the one Karimireddy et al. analyse. */
#include "mpi/mpi-private.h"
#include "mpi/mpi-signs.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define HEADER_WORDS (sizeof(MpiHeader) / sizeof(uint64_t))

int
steepest_mpi_ef_alloc(SteepestMpiRun *run)
{
    run->nwords = steepest_signs_words(run->dim);
    size_t block = HEADER_WORDS + run->nwords;
    run->send = g_try_new(uint64_t, block);
    run->gathered = g_try_new(uint64_t, (size_t)run->size * block);
    run->scratch = g_try_new(double, run->dim);
    run->residual = g_try_new0(double, run->dim);
    if (run->send == NULL || run->gathered == NULL || run->scratch == NULL || run->residual == NULL)
        return steepest_mpi_fail(run, STEEPEST_ERROR_NO_MEMORY, "steepest_mpi_run_new: out of memory for %zu signs",
                                 run->dim);
    return STEEPEST_OK;
}

/* p = lr·g + e and its scale ‖p‖₁/d; a non-finite p becomes this rank's failure. */
static double
compress(SteepestMpiRun *run, const double *g, MpiHeader *h)
{
    double *p = run->scratch, l1 = 0;
    for (size_t i = 0; i < run->dim; i++)
        p[i] = run->lr * g[i] + run->residual[i];
    if (steepest_norm_dual_norm(run->norm, run->dim, p, &l1) != STEEPEST_OK || !isfinite(l1 / (double)run->dim)) {
        h->status = STEEPEST_ERROR_NOT_FINITE;
        h->detail = -2;
        return 0;
    }
    return l1 / (double)run->dim;
}

/* x ← x − Σ_k s_k·sign_k and e ← p − scale·sign_own, 64 coordinates at a time. */
static void
decode(SteepestMpiRun *run, double *x, double scale)
{
    size_t block = HEADER_WORDS + run->nwords, d = run->dim;
    const uint64_t *all = run->gathered;
    double *s = g_new(double, (size_t)run->size);
    for (int k = 0; k < run->size; k++) {
        MpiHeader h;
        memcpy(&h, all + (size_t)k * block, sizeof h);
        s[k] = h.scale;
    }
    const uint64_t *own = all + (size_t)run->rank * block + HEADER_WORDS;
    const double *p = run->scratch;
    for (size_t w = 0; w < run->nwords; w++) {
        size_t base = 64 * w, len = d - base < 64 ? d - base : 64;
        for (size_t b = 0; b < len; b++) {
            double avg = 0;
            for (int k = 0; k < run->size; k++) {
                uint64_t bit = (all[(size_t)k * block + HEADER_WORDS + w] >> b) & 1u;
                avg += bit ? s[k] : -s[k];
            }
            x[base + b] -= avg;
            double mine = (own[w] >> b) & 1u ? scale : -scale;
            run->residual[base + b] = p[base + b] - mine;
        }
    }
    g_free(s);
}

int
steepest_mpi_ef_step(SteepestMpiRun *run, double *x, const double *g, MpiHeader *h)
{
    size_t block = HEADER_WORDS + run->nwords;
    uint64_t *send = run->send;
    double scale = 0;
    if (h->status == 0)
        scale = compress(run, g, h);
    if (h->status == 0) {
        h->scale = run->weight[run->rank] * scale;
        steepest_signs_pack(run->scratch, run->dim, 0, run->nwords, run->rank % 2 == 0, send + HEADER_WORDS);
    } else {
        memset(send + HEADER_WORDS, 0, run->nwords * sizeof *send);
    }
    memcpy(send, h, sizeof *h);
    int code = MPI_Allgather(send, (int)block, MPI_UINT64_T, run->gathered, (int)block, MPI_UINT64_T, run->comm);
    uint64_t bytes = 8 * (uint64_t)(run->size - 1) * block;
    steepest_mpi_count(run, bytes, bytes);
    if (code != MPI_SUCCESS)
        return steepest_mpi_collective_failed(run, "the compressed updates (MPI_Allgather)", code);
    int st = steepest_mpi_headers_agree(run, run->gathered, block * sizeof(uint64_t));
    if (st != STEEPEST_OK)
        return st; /* e untouched: p lives in scratch until the step completes */
    decode(run, x, scale);
    return STEEPEST_OK;
}
