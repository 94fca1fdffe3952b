/* mpi-signs.c — packing signs to bits, the bit-sliced majority vote and the
 * sign step.  Memory-bound sweeps: one pass over v to pack, a few word
 * operations per 64 coordinates to vote, one pass over x to apply. */
#include "mpi/mpi-signs.h"

/* One word of votes; len <= 64 coordinates from p. */
static uint64_t
pack_word(const double *p, size_t len, uint64_t zero_vote)
{
    uint64_t word = 0;
    for (size_t b = 0; b < len; b++) {
        /* Branch-free, so the compiler can vectorize the compares. */
        uint64_t plus = (uint64_t)(p[b] > 0.0) | ((uint64_t)(p[b] == 0.0) & zero_vote);
        word |= plus << b;
    }
    return word;
}

void
steepest_signs_pack(const double *v, size_t n, size_t w0, size_t w1, int zero_vote, uint64_t *out)
{
    uint64_t zv = zero_vote ? 1u : 0u;
    for (size_t w = w0; w < w1; w++) {
        size_t base = 64 * w;
        size_t len = n - base < 64 ? n - base : 64;
        out[w - w0] = len == 64 ? pack_word(v + base, 64, zv) : pack_word(v + base, len, zv);
    }
}

/* Bit-sliced "count > k": planes[0] is the least significant bit of each of
 * the 64 counters. */
static uint64_t
sliced_greater(const uint64_t *planes, int nplanes, unsigned k)
{
    uint64_t gt = 0, eq = ~(uint64_t)0;
    for (int p = nplanes - 1; p >= 0; p--) {
        if ((k >> p) & 1u) {
            eq &= planes[p];
        } else {
            gt |= eq & planes[p];
            eq &= ~planes[p];
        }
    }
    return gt;
}

/* Bit-sliced "count < k". */
static uint64_t
sliced_less(const uint64_t *planes, int nplanes, unsigned k)
{
    uint64_t lt = 0, eq = ~(uint64_t)0;
    for (int p = nplanes - 1; p >= 0; p--) {
        if ((k >> p) & 1u) {
            lt |= eq & ~planes[p];
            eq &= planes[p];
        } else {
            eq &= ~planes[p];
        }
    }
    return lt;
}

void
steepest_signs_majority(const uint64_t *votes, size_t stride_words, int voters, size_t count, uint64_t *pos,
                        uint64_t *neg)
{
    int nplanes = 0;
    while (nplanes < 31 && (1u << nplanes) <= (unsigned)voters)
        nplanes++;
    /* "+" wins with more than half the votes, "−" with fewer than half. */
    unsigned above = (unsigned)voters / 2, below = ((unsigned)voters + 1) / 2;
    for (size_t w = 0; w < count; w++) {
        uint64_t planes[32] = { 0 };
        for (int k = 0; k < voters; k++) {
            /* Ripple-carry add of one vote word into the 64 counters. */
            uint64_t carry = votes[(size_t)k * stride_words + w];
            for (int p = 0; p < nplanes && carry != 0; p++) {
                uint64_t t = planes[p] & carry;
                planes[p] ^= carry;
                carry = t;
            }
        }
        pos[w] = sliced_greater(planes, nplanes, above);
        if (neg != NULL)
            neg[w] = sliced_less(planes, nplanes, below);
    }
}

void
steepest_signs_apply(double *x, size_t n, size_t w0, size_t w1, const uint64_t *pos, const uint64_t *neg,
                     double lr)
{
    for (size_t w = w0; w < w1; w++) {
        size_t base = 64 * w;
        size_t len = n - base < 64 ? n - base : 64;
        uint64_t up = pos[w - w0], down = neg != NULL ? neg[w - w0] : ~up;
        double *xb = x + base;
        for (size_t b = 0; b < len; b++) {
            double m = (double)((up >> b) & 1u) - (double)((down >> b) & 1u);
            xb[b] -= lr * m;
        }
    }
}
