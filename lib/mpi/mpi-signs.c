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
        uint64_t plus = (uint64_t) (p[b] > 0.0) | ((uint64_t) (p[b] == 0.0) & zero_vote);
        word |= plus << b;
    }
    return word;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* 64 coordinates with AVX2: four compares and a movemask per 4 doubles. */
__attribute__((target("avx2"))) static void
pack_words_avx2(const double *v, size_t w0, size_t w1, uint64_t zero_vote, uint64_t *out)
{
    const __m256d zero = _mm256_setzero_pd();
    for (size_t w = w0; w < w1; w++) {
        const double *p = v + 64 * w;
        uint64_t word = 0;
        for (int b = 0; b < 64; b += 4) {
            __m256d x = _mm256_loadu_pd(p + b);
            uint64_t gt = (uint64_t) _mm256_movemask_pd(_mm256_cmp_pd(x, zero, _CMP_GT_OQ));
            uint64_t eq = (uint64_t) _mm256_movemask_pd(_mm256_cmp_pd(x, zero, _CMP_EQ_OQ));
            word |= (gt | (eq & (zero_vote * 15u))) << b;
        }
        out[w - w0] = word;
    }
}

/* The same with SSE2, which every x86-64 has. */
static void
pack_words_sse2(const double *v, size_t w0, size_t w1, uint64_t zero_vote, uint64_t *out)
{
    const __m128d zero = _mm_setzero_pd();
    for (size_t w = w0; w < w1; w++) {
        const double *p = v + 64 * w;
        uint64_t word = 0;
        for (int b = 0; b < 64; b += 2) {
            __m128d x = _mm_loadu_pd(p + b);
            uint64_t gt = (uint64_t) _mm_movemask_pd(_mm_cmpgt_pd(x, zero));
            uint64_t eq = (uint64_t) _mm_movemask_pd(_mm_cmpeq_pd(x, zero));
            word |= (gt | (eq & (zero_vote * 3u))) << b;
        }
        out[w - w0] = word;
    }
}

/* Full words [w0, w1) of v. */
static void
pack_full_words(const double *v, size_t w0, size_t w1, uint64_t zero_vote, uint64_t *out)
{
    static int avx2 = -1;
    if (avx2 < 0)
        avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
    if (avx2)
        pack_words_avx2(v, w0, w1, zero_vote, out);
    else
        pack_words_sse2(v, w0, w1, zero_vote, out);
}
#else
static void
pack_full_words(const double *v, size_t w0, size_t w1, uint64_t zero_vote, uint64_t *out)
{
    for (size_t w = w0; w < w1; w++)
        out[w - w0] = pack_word(v + 64 * w, 64, zero_vote);
}
#endif

void
steepest_signs_pack(const double *v, size_t n, size_t w0, size_t w1, int zero_vote, uint64_t *out)
{
    uint64_t zv = zero_vote ? 1u : 0u;
    size_t full = n / 64; /* words with 64 coordinates */
    size_t end = w1 < full ? w1 : full;
    if (w0 < end)
        pack_full_words(v, w0, end, zv, out);
    for (size_t w = w0 > end ? w0 : end; w < w1; w++)
        out[w - w0] = pack_word(v + 64 * w, n - 64 * w, zv);
}

/* Bit-sliced "count > k": planes[0] is the least significant bit of each of
 * the 64 counters. */
static uint64_t
sliced_greater(const uint64_t *planes, int nplanes, unsigned k)
{
    uint64_t gt = 0, eq = ~(uint64_t) 0;
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
    uint64_t lt = 0, eq = ~(uint64_t) 0;
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
    while (nplanes < 31 && (1u << nplanes) <= (unsigned) voters)
        nplanes++;
    /* "+" wins with more than half the votes, "−" with fewer than half. */
    unsigned above = (unsigned) voters / 2, below = ((unsigned) voters + 1) / 2;
    for (size_t w = 0; w < count; w++) {
        uint64_t planes[32] = { 0 };
        for (int k = 0; k < voters; k++) {
            /* Ripple-carry add of one vote word into the 64 counters. */
            uint64_t carry = votes[(size_t) k * stride_words + w];
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

/* The ±1 pattern of every 4-bit nibble, so the apply loop is table loads
 * and a fused subtract, which the compiler vectorizes. */
static const double nibble[16][4] = {
    { 0, 0, 0, 0 }, { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 1, 1, 0, 0 }, { 0, 0, 1, 0 }, { 1, 0, 1, 0 },
    { 0, 1, 1, 0 }, { 1, 1, 1, 0 }, { 0, 0, 0, 1 }, { 1, 0, 0, 1 }, { 0, 1, 0, 1 }, { 1, 1, 0, 1 },
    { 0, 0, 1, 1 }, { 1, 0, 1, 1 }, { 0, 1, 1, 1 }, { 1, 1, 1, 1 },
};

void
steepest_signs_apply(double *x, size_t n, size_t w0, size_t w1, const uint64_t *pos, const uint64_t *neg,
                     double lr)
{
    for (size_t w = w0; w < w1; w++) {
        size_t base = 64 * w;
        size_t len = n - base < 64 ? n - base : 64;
        uint64_t up = pos[w - w0], down = neg != NULL ? neg[w - w0] : ~up;
        double *xb = x + base;
        if (len == 64) {
            for (size_t q = 0; q < 64; q += 4) {
                const double *u = nibble[(up >> q) & 15u], *dn = nibble[(down >> q) & 15u];
                for (int k = 0; k < 4; k++)
                    xb[q + k] -= lr * (u[k] - dn[k]);
            }
            continue;
        }
        for (size_t b = 0; b < len; b++) {
            double m = (double) ((up >> b) & 1u) - (double) ((down >> b) & 1u);
            xb[b] -= lr * m;
        }
    }
}
