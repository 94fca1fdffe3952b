/* mpi-signs.h — the packed-sign kernels of the sign rules: no MPI, no state,
 * so the benchmark times exactly what a step runs.
 *
 * Packing: coordinate 64w + b is bit b of word w; bit 1 is a "+" vote.  The
 * zero rule: an exact zero (either sign of zero) votes "+" on even ranks and
 * "−" on odd ranks, so zeros from an even number of ranks cancel exactly. */
#ifndef STEEPEST_MPI_SIGNS_H
#define STEEPEST_MPI_SIGNS_H

#include <stddef.h>
#include <stdint.h>

/* The words needed for n coordinates. */
static inline size_t
steepest_signs_words(size_t n)
{
    return (n + 63) / 64;
}

/* Packs the votes of v[64·w0 .. min(n, 64·w1)) into out[0 .. w1 − w0); the
 * unused high bits of the last word are 0.  zero_vote is 1 on even ranks. */
void steepest_signs_pack(const double *v, size_t n, size_t w0, size_t w1, int zero_vote, uint64_t *out);

/* The majority of `votes` packed words per coordinate: block k of the vote
 * words is at votes + k·stride_words (k < voters).  For each of `count` words,
 * pos gets the coordinates with more "+" than "−" votes and neg those with
 * more "−"; a tie is in neither (neg may be NULL when voters is odd: there are
 * no ties, and neg is the complement of pos). */
void steepest_signs_majority(const uint64_t *votes, size_t stride_words, int voters, size_t count,
                             uint64_t *pos, uint64_t *neg);

/* x_i ← x_i − lr·m_i for coordinates 64·w0 .. min(n, 64·w1), where m_i is +1
 * in pos, −1 in neg (or everywhere else when neg is NULL), 0 otherwise. */
void steepest_signs_apply(double *x, size_t n, size_t w0, size_t w1, const uint64_t *pos, const uint64_t *neg,
                          double lr);

#endif /* STEEPEST_MPI_SIGNS_H */
