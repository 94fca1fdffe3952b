/* block.c — the block max norm ‖x‖_{B,∞} = max_b ‖x_b‖₂ (Eq. 21):
 * steepest descent under it is block-normalized gradient descent.
 *
 * Dual ‖z‖_{B,1} = Σ_b ‖z_b‖₂, z♯ = ‖z‖_{B,1} normB(z), s(z) = normB(z), where
 * normB scales each block to unit ℓ2 length and leaves a zero block zero
 * (Eq. 22, docs/theory.md).  Blocks are contiguous: `size=K` cuts the vector into
 * blocks of K (K must divide the dimension), `sizes=A+B+...` gives each
 * length (they must sum to the dimension).
 */
#include <steepest/steepest-plugin.h>
#include <float.h>
#include <stdio.h>
#include <string.h>

#include "../common/kernels.h"

typedef struct {
    size_t n_blocks;
    size_t *start; /* n_blocks + 1 offsets; block b is [start[b], start[b+1]) */
    size_t size;   /* the common length when all blocks have one, else 0:
                      the step kernels then skip the table (fast path) */
} Block;

/* Equal blocks are handled this many at a time: their norms go into a
 * small array on the stack, so square roots and divisions run as vector
 * loops and the chunk of z is still in cache when the chunk moves. */
#define BLOCK_CHUNK 256
/* ... but no more elements than this per chunk: short phases let the
 * processor overlap one chunk's memory traffic with the next one's work
 * (measured: 128 beats 2048 by a quarter for blocks of 4). */
#define BLOCK_CHUNK_ELEMS 128
/* Equal blocks shorter than this move four at a time in the fused AVX
 * kernel; longer ones one at a time (measured: four blocks of 64 at a time
 * cost 1.6x the triad, one at a time 1.47x). */
#define BLOCK_FUSED_MOVE_MAX 32

static const SteepestPluginHost *block_host;

static int
block_fail(int code, const char *message)
{
    if (block_host != NULL)
        block_host->set_error(message);
    return code;
}

static int
block_create(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state)
{
    char msg[160];
    /* block_host was set by the entry function, under the loader's lock:
     * create() runs concurrently and must not write it (even the same value). */
    int has_size = host->arg_is_set(args, "size");
    int has_sizes = host->arg_is_set(args, "sizes");
    if (has_size == has_sizes)
        return block_fail(STEEPEST_PLUGIN_E_PARAMETER,
                          has_size ? "give either size=K or sizes=A+B+..., not both"
                                   : "needs size=K (equal blocks) or sizes=A+B+... (one length per block)");
    int64_t k = 0;
    const int64_t *sizes = NULL;
    size_t n_blocks;
    if (has_size) {
        host->arg_int(args, "size", &k);
        if ((uint64_t) k > n || n % (size_t) k != 0) {
            snprintf(msg, sizeof msg, "size=%lld does not divide the dimension %zu", (long long) k, n);
            return block_fail(STEEPEST_PLUGIN_E_PARAMETER, msg);
        }
        n_blocks = n / (size_t) k;
    } else {
        host->arg_int_list(args, "sizes", &sizes, &n_blocks);
        uint64_t total = 0;
        for (size_t b = 0; b < n_blocks; b++) {
            total += (uint64_t) sizes[b];
            if (total > n)
                break;
        }
        if (total != n) {
            if (total > n)
                snprintf(msg, sizeof msg, "block sizes sum to more than the dimension %zu", n);
            else
                snprintf(msg, sizeof msg, "block sizes sum to %llu but the dimension is %zu",
                         (unsigned long long) total, n);
            return block_fail(STEEPEST_PLUGIN_E_PARAMETER, msg);
        }
    }
    Block *blk = host->alloc(sizeof *blk);
    size_t *start = host->alloc((n_blocks + 1) * sizeof *start);
    if (blk == NULL || start == NULL) {
        host->free(blk);
        host->free(start);
        return block_fail(STEEPEST_PLUGIN_E_NOMEM, "out of memory for the block table");
    }
    start[0] = 0;
    for (size_t b = 0; b < n_blocks; b++)
        start[b + 1] = start[b] + (size_t) (has_size ? k : sizes[b]);
    blk->n_blocks = n_blocks;
    blk->start = start;
    blk->size = start[1];
    for (size_t b = 1; b < n_blocks && blk->size != 0; b++)
        if (start[b + 1] - start[b] != blk->size)
            blk->size = 0;
    *state = blk;
    return STEEPEST_PLUGIN_OK;
}

static void
block_destroy(void *state)
{
    Block *blk = state;
    block_host->free(blk->start);
    block_host->free(blk);
}

/* kernel_ssq(len, z), with short blocks summed in a plain loop: below 8
 * elements kernel_ssq adds every square into its first accumulator in
 * order, and the others stay zero, so the result is the same. */
static inline double
block_ssq_len(size_t len, const double *z)
{
    if (len >= 8)
        return kernel_ssq(len, z);
    double s = 0.0;
    for (size_t i = 0; i < len; i++)
        s += z[i] * z[i];
    return s;
}

/* ‖x_b‖₂ of block b. */
static inline double
block_nrm2(const Block *blk, size_t b, const double *x)
{
    size_t lo = blk->start[b], len = blk->start[b + 1] - lo;
    return len == 1 ? fabs(x[lo]) : kernel_nrm2(len, x + lo);
}

static int
block_norm(void *state, size_t n, const double *x, double *value)
{
    (void) n;
    const Block *blk = state;
    double m = 0.0;
    for (size_t b = 0; b < blk->n_blocks; b++) {
        double a = block_nrm2(blk, b, x);
        if (a > m)
            m = a;
        else if (a != a) {
            m = a; /* NaN sticks */
            break;
        }
    }
    *value = m;
    return STEEPEST_PLUGIN_OK;
}

/* Blocks of k in a chunk of m <= BLOCK_CHUNK blocks, z at the chunk's start:
 * the number of blocks a chunk of equal blocks of k holds. */
static inline size_t
block_chunk_blocks(size_t k)
{
    size_t m = BLOCK_CHUNK_ELEMS / k;
    return m < 1 ? 1 : m > BLOCK_CHUNK ? BLOCK_CHUNK : m;
}

/* q[j] = ‖z_j‖₂² for m blocks of k (the same sums as kernel_ssq).  Written
 * out for k = 2 and 4 so the compiler sees constant trip counts. */
static KERNEL_ALWAYS_INLINE void
block_ssq_uniform(size_t k, size_t m, const double *z, double *q)
{
    if (k == 4) {
        for (size_t j = 0; j < m; j++) {
            const double *b = z + 4 * j;
            q[j] = (b[0] * b[0] + b[1] * b[1]) + (b[2] * b[2] + b[3] * b[3]);
        }
    } else if (k == 2) {
        for (size_t j = 0; j < m; j++)
            q[j] = z[2 * j] * z[2 * j] + z[2 * j + 1] * z[2 * j + 1];
    } else {
        for (size_t j = 0; j < m; j++)
            q[j] = kernel_ssq(k, z + j * k);
    }
}

/* nrm[j] = ‖z_j‖₂ for m consecutive blocks of k, overflow-safe.  Returns 1
 * when every sum of squares was in the plain range (kernel_ssq_is_safe), so
 * every norm is at least 2^-450: no zero blocks, nothing tiny or huge. */
typedef void (*BlockSqrtArray)(size_t m, const double *q, double *r);

static KERNEL_ALWAYS_INLINE int
block_norms_uniform(size_t k, size_t m, const double *z, double *nrm, BlockSqrtArray sqrt_array)
{
    double q[BLOCK_CHUNK];
    if (k == 1) {
        for (size_t j = 0; j < m; j++)
            q[j] = z[j] * z[j];
    } else {
        block_ssq_uniform(k, m, z, q);
    }
    sqrt_array(m, q, nrm);
    /* All sums are safe unless the smallest or the largest is not.  Two
     * chains of min and max vectorize where one (or a flag per entry) would
     * not.  A NaN may slip past them, but its root is the NaN the norm must be. */
    double lo0 = q[0], lo1 = q[0], hi0 = q[0], hi1 = q[0];
    size_t j = 0;
    for (; j + 2 <= m; j += 2) {
        lo0 = q[j] < lo0 ? q[j] : lo0;
        lo1 = q[j + 1] < lo1 ? q[j + 1] : lo1;
        hi0 = q[j] > hi0 ? q[j] : hi0;
        hi1 = q[j + 1] > hi1 ? q[j + 1] : hi1;
    }
    for (; j < m; j++) {
        lo0 = q[j] < lo0 ? q[j] : lo0;
        hi0 = q[j] > hi0 ? q[j] : hi0;
    }
    if (lo0 >= 0x1p-900 && lo1 >= 0x1p-900 && hi0 <= 0x1p+1000 && hi1 <= 0x1p+1000)
        return 1;
    /* Tiny, huge or infinite entries: redo those blocks with scaling. */
    for (j = 0; j < m; j++)
        if (!kernel_ssq_is_safe(q[j]))
            nrm[j] = k == 1 ? fabs(z[j]) : kernel_nrm2_safe(k, z + j * k);
    return 0;
}

/* Σ_b ‖z_b‖₂ over n_blocks equal blocks of k. */
static KERNEL_ALWAYS_INLINE double
block_dual_uniform_body(size_t k, size_t n_blocks, const double *z, BlockSqrtArray sqrt_array)
{
    double nrm[BLOCK_CHUNK];
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t step = block_chunk_blocks(k);
    for (size_t b0 = 0; b0 < n_blocks; b0 += step) {
        size_t m = n_blocks - b0 < step ? n_blocks - b0 : step;
        block_norms_uniform(k, m, z + b0 * k, nrm, sqrt_array);
        size_t j = 0;
        for (; j + 4 <= m; j += 4) {
            s0 += nrm[j];
            s1 += nrm[j + 1];
            s2 += nrm[j + 2];
            s3 += nrm[j + 3];
        }
        for (; j < m; j++)
            s0 += nrm[j];
    }
    return (s0 + s1) + (s2 + s3);
}

/* ---- fused AVX kernels for equal blocks ----------------------------------
 *
 * Four blocks at a time, all in registers: their sums of squares (the same
 * sums, in the same order, as block_ssq_uniform / kernel_ssq), one vector
 * square root, one vector division, and the move, in a single loop with
 * nothing going through scratch arrays (the chunked kernels' extra passes
 * over small arrays were what cost; with aligned vectors these loops run at
 * the speed of memory, and dropping the square root and division changes
 * nothing measurable).  A group with a sum outside the
 * plain range (tiny, huge or zero blocks) goes through block_move_one, the
 * scalar reference.  Results are bit-identical to the chunked kernels:
 * the sums of norms use the same accumulators in the same order. */

/* The block lengths the fused kernels take: 2, 4, and multiples of 8 whose
 * chunk (block_chunk_blocks) holds a multiple of 4 blocks or fewer than 4
 * (so the chunked sum of norms is a 4-lane sum, or one chain). */
static inline int
block_fused_length(size_t k)
{
    size_t step = block_chunk_blocks(k);
    return k == 2 || k == 4 || (k % 8 == 0 && (step % 4 == 0 || step < 4));
}

/* The plain sum of squares of one block of k, as block_ssq_uniform forms it. */
static inline double
block_ssq_one(size_t k, const double *z)
{
    if (k == 4)
        return (z[0] * z[0] + z[1] * z[1]) + (z[2] * z[2] + z[3] * z[3]);
    if (k == 2)
        return z[0] * z[0] + z[1] * z[1];
    return kernel_ssq(k, z);
}

/* ‖z‖₂ of one block from its plain sum of squares q. */
static inline double
block_nrm_from_ssq(size_t k, const double *z, double q)
{
    return kernel_ssq_is_safe(q) ? sqrt(q) : kernel_nrm2_safe(k, z);
}

/* out = x − c z/‖z‖₂ for one block of k with plain sum of squares q: the
 * reference every awkward case goes through (a zero block stays put, tiny
 * norms rescale, factors that overflow divide first). */
static void
block_move_one(size_t k, const double *x, const double *z, double c, double *out, double q)
{
    double nrm = block_nrm_from_ssq(k, z, q);
    if (nrm == 0.0) { /* x − 0·z, as the chunked kernels move a zero block */
        kernel_axpy(k, x, z, 0.0, out);
        return;
    }
    if (nrm < KERNEL_TINY_NORM) {
        kernel_move_tiny(k, x, z, c, out);
        return;
    }
    double f = c / nrm;
    if (isfinite(f)) {
        kernel_axpy(k, x, z, f, out);
    } else {
        for (size_t i = 0; i < k; i++)
            out[i] = x[i] - c * (z[i] / nrm);
    }
}

#if KERNEL_X86_DISPATCH
/* 1 when every lane is a plain sum of squares (kernel_ssq_is_safe); a NaN
 * lane fails both comparisons. */
KERNEL_TARGET_AVX static KERNEL_ALWAYS_INLINE int
block_avx_all_safe(__m256d q)
{
    __m256d ok = _mm256_and_pd(_mm256_cmp_pd(q, _mm256_set1_pd(0x1p-900), _CMP_GE_OQ),
                               _mm256_cmp_pd(q, _mm256_set1_pd(0x1p+1000), _CMP_LE_OQ));
    return _mm256_movemask_pd(ok) == 0xF;
}

/* (u0 + u1) + (u2 + u3) of four vectors, one lane each: lane l of the result
 * is the sum over the lanes of vector l. */
KERNEL_TARGET_AVX static KERNEL_ALWAYS_INLINE __m256d
block_avx_reduce4(__m256d a, __m256d b, __m256d c, __m256d d)
{
    __m256d h1 = _mm256_hadd_pd(a, b); /* a0+a1 b0+b1 a2+a3 b2+b3 */
    __m256d h2 = _mm256_hadd_pd(c, d); /* c0+c1 d0+d1 c2+c3 d2+d3 */
    return _mm256_add_pd(_mm256_permute2f128_pd(h1, h2, 0x20), _mm256_permute2f128_pd(h1, h2, 0x31));
}

/* kernel_ssq's eight accumulators for one block of k = 8j, as two vectors. */
KERNEL_TARGET_AVX static KERNEL_ALWAYS_INLINE void
block_avx_ssq8(size_t k, const double *z, __m256d *a, __m256d *b)
{
    __m256d u = _mm256_loadu_pd(z), v = _mm256_loadu_pd(z + 4);
    __m256d sa = _mm256_mul_pd(u, u), sb = _mm256_mul_pd(v, v);
    for (size_t i = 8; i < k; i += 8) {
        u = _mm256_loadu_pd(z + i);
        v = _mm256_loadu_pd(z + i + 4);
        sa = _mm256_add_pd(sa, _mm256_mul_pd(u, u));
        sb = _mm256_add_pd(sb, _mm256_mul_pd(v, v));
    }
    *a = sa;
    *b = sb;
}

/* The plain sums of squares of the four blocks of k at z, lane l for block
 * l, except for k = 2 where the lanes hold blocks 0, 2, 1, 3. */
KERNEL_TARGET_AVX static KERNEL_ALWAYS_INLINE __m256d
block_avx_ssq4(size_t k, const double *z)
{
    if (k == 4) {
        __m256d a = _mm256_loadu_pd(z), b = _mm256_loadu_pd(z + 4);
        __m256d c = _mm256_loadu_pd(z + 8), d = _mm256_loadu_pd(z + 12);
        return block_avx_reduce4(_mm256_mul_pd(a, a), _mm256_mul_pd(b, b), _mm256_mul_pd(c, c),
                                 _mm256_mul_pd(d, d));
    }
    if (k == 2) {
        __m256d a = _mm256_loadu_pd(z), b = _mm256_loadu_pd(z + 4);
        return _mm256_hadd_pd(_mm256_mul_pd(a, a), _mm256_mul_pd(b, b));
    }
    /* k = 8j: kernel_ssq's eight accumulators as two vectors per block,
     * one block after the other (interleaving the four blocks' loads makes a
     * strided pattern the prefetchers follow badly: measured 1.5x slower
     * for blocks of 64). */
    __m256d a0, b0, a1, b1, a2, b2, a3, b3;
    block_avx_ssq8(k, z, &a0, &b0);
    block_avx_ssq8(k, z + k, &a1, &b1);
    block_avx_ssq8(k, z + 2 * k, &a2, &b2);
    block_avx_ssq8(k, z + 3 * k, &a3, &b3);
    return _mm256_add_pd(block_avx_reduce4(a0, a1, a2, a3), block_avx_reduce4(b0, b1, b2, b3));
}

/* Block l of a group of four, as a lane of block_avx_ssq4's order. */
static inline int
block_avx_lane(size_t k, int l)
{
    return k == 2 ? (l == 1 ? 2 : l == 2 ? 1 : l) : l;
}

/* Σ_b ‖z_b‖₂ over n_blocks equal blocks of k (block_fused_length(k)). */
KERNEL_TARGET_AVX static KERNEL_ALWAYS_INLINE double
block_dual_fused_avx_body(size_t k, size_t n_blocks, const double *z)
{
    /* Chunks of 4 or more blocks sum block j into accumulator j mod 4 (for
     * k = 2 the lanes hold accumulators 0, 2, 1, 3); smaller chunks sum every
     * block into accumulator 0, in order. */
    int lanes = block_chunk_blocks(k) >= 4;
    __m256d acc = _mm256_setzero_pd();
    double s0 = 0.0;
    size_t b = 0;
    for (; b + 4 <= n_blocks; b += 4) {
        const double *zb = z + b * k;
        __m256d q = block_avx_ssq4(k, zb);
        __m256d nrm = _mm256_sqrt_pd(q);
        if (__builtin_expect(!block_avx_all_safe(q), 0)) {
            double qa[4], na[4];
            _mm256_storeu_pd(qa, q);
            _mm256_storeu_pd(na, nrm);
            for (int l = 0; l < 4; l++) {
                int v = block_avx_lane(k, l);
                if (!kernel_ssq_is_safe(qa[v]))
                    na[v] = kernel_nrm2_safe(k, zb + (size_t) l * k);
            }
            nrm = _mm256_loadu_pd(na);
        }
        if (lanes) {
            acc = _mm256_add_pd(acc, nrm);
        } else {
            double na[4];
            _mm256_storeu_pd(na, nrm);
            s0 = (((s0 + na[0]) + na[1]) + na[2]) + na[3];
        }
    }
    double a[4];
    _mm256_storeu_pd(a, acc);
    if (lanes)
        s0 = a[0];
    for (; b < n_blocks; b++) {
        const double *zb = z + b * k;
        s0 += block_nrm_from_ssq(k, zb, block_ssq_one(k, zb));
    }
    return k == 2 ? (s0 + a[2]) + (a[1] + a[3]) : (s0 + a[1]) + (a[2] + a[3]);
}

/* out = x − f_l z_l for the four blocks of k at z (k >= 8), f = c/nrm in
 * lane order. */
KERNEL_TARGET_AVX static KERNEL_ALWAYS_INLINE void
block_avx_move4(size_t k, const double *x, const double *z, __m256d f, double *out)
{
    __m256d f01 = _mm256_permute2f128_pd(f, f, 0x00), f23 = _mm256_permute2f128_pd(f, f, 0x11);
    __m256d g[4] = { _mm256_permute_pd(f01, 0x0), _mm256_permute_pd(f01, 0xF), _mm256_permute_pd(f23, 0x0),
                     _mm256_permute_pd(f23, 0xF) };
    for (int l = 0; l < 4; l++) {
        const double *zl = z + (size_t) l * k, *xl = x + (size_t) l * k;
        double *ol = out + (size_t) l * k;
        for (size_t i = 0; i < k; i += 4)
            _mm256_storeu_pd(ol + i, _mm256_sub_pd(_mm256_loadu_pd(xl + i),
                                                   _mm256_mul_pd(g[l], _mm256_loadu_pd(zl + i))));
    }
}

/* Four blocks of 4 (k = 4) or of 2 (k = 2) at z, moved from the registers
 * their sums of squares were loaded into (out may alias z as far as the
 * compiler knows, so it would load z again after the first store).  Returns
 * 0, having written nothing, when a sum is outside the plain range. */
KERNEL_TARGET_AVX static KERNEL_ALWAYS_INLINE int
block_avx_move_short4(size_t k, const double *x, const double *z, __m256d cv, double *out)
{
    if (k == 2) {
        __m256d z0 = _mm256_loadu_pd(z), z1 = _mm256_loadu_pd(z + 4);
        __m256d q = _mm256_hadd_pd(_mm256_mul_pd(z0, z0), _mm256_mul_pd(z1, z1)); /* blocks 0 2 1 3 */
        if (__builtin_expect(!block_avx_all_safe(q), 0))
            return 0;
        __m256d f = _mm256_div_pd(cv, _mm256_sqrt_pd(q));
        __m256d g0 = _mm256_unpacklo_pd(f, f), g1 = _mm256_unpackhi_pd(f, f); /* f0 f0 f1 f1, f2 f2 f3 f3 */
        __m256d x0 = _mm256_loadu_pd(x), x1 = _mm256_loadu_pd(x + 4);
        _mm256_storeu_pd(out, _mm256_sub_pd(x0, _mm256_mul_pd(g0, z0)));
        _mm256_storeu_pd(out + 4, _mm256_sub_pd(x1, _mm256_mul_pd(g1, z1)));
        return 1;
    }
    __m256d z0 = _mm256_loadu_pd(z), z1 = _mm256_loadu_pd(z + 4);
    __m256d z2 = _mm256_loadu_pd(z + 8), z3 = _mm256_loadu_pd(z + 12);
    __m256d q = block_avx_reduce4(_mm256_mul_pd(z0, z0), _mm256_mul_pd(z1, z1), _mm256_mul_pd(z2, z2),
                                  _mm256_mul_pd(z3, z3));
    if (__builtin_expect(!block_avx_all_safe(q), 0))
        return 0;
    __m256d f = _mm256_div_pd(cv, _mm256_sqrt_pd(q));
    __m256d f01 = _mm256_permute2f128_pd(f, f, 0x00), f23 = _mm256_permute2f128_pd(f, f, 0x11);
    __m256d x0 = _mm256_loadu_pd(x), x1 = _mm256_loadu_pd(x + 4);
    __m256d x2 = _mm256_loadu_pd(x + 8), x3 = _mm256_loadu_pd(x + 12);
    _mm256_storeu_pd(out, _mm256_sub_pd(x0, _mm256_mul_pd(_mm256_permute_pd(f01, 0x0), z0)));
    _mm256_storeu_pd(out + 4, _mm256_sub_pd(x1, _mm256_mul_pd(_mm256_permute_pd(f01, 0xF), z1)));
    _mm256_storeu_pd(out + 8, _mm256_sub_pd(x2, _mm256_mul_pd(_mm256_permute_pd(f23, 0x0), z2)));
    _mm256_storeu_pd(out + 12, _mm256_sub_pd(x3, _mm256_mul_pd(_mm256_permute_pd(f23, 0xF), z3)));
    return 1;
}

/* block_move for n_blocks equal blocks of k (block_fused_length(k)). */
KERNEL_TARGET_AVX static KERNEL_ALWAYS_INLINE void
block_move_fused_avx_body(size_t k, size_t n_blocks, const double *x, const double *z, double c, double *out)
{
    size_t b = 0;
    /* Plain norms are >= 2^-450, so c / norm cannot overflow for |c| <= 2^500. */
    if (fabs(c) <= 0x1p+500) {
        __m256d cv = _mm256_set1_pd(c);
        for (; b + 4 <= n_blocks; b += 4) {
            size_t lo = b * k;
            if (k <= 4) {
                if (block_avx_move_short4(k, x + lo, z + lo, cv, out + lo))
                    continue;
            } else {
                __m256d q = block_avx_ssq4(k, z + lo);
                if (__builtin_expect(block_avx_all_safe(q), 1)) {
                    block_avx_move4(k, x + lo, z + lo, _mm256_div_pd(cv, _mm256_sqrt_pd(q)), out + lo);
                    continue;
                }
            }
            /* A sum outside the plain range: block by block. */
            double qa[4];
            _mm256_storeu_pd(qa, block_avx_ssq4(k, z + lo));
            for (int l = 0; l < 4; l++) {
                size_t bl = lo + (size_t) l * k;
                block_move_one(k, x + bl, z + bl, c, out + bl, qa[block_avx_lane(k, l)]);
            }
        }
    }
    for (; b < n_blocks; b++) {
        size_t lo = b * k;
        block_move_one(k, x + lo, z + lo, c, out + lo, block_ssq_one(k, z + lo));
    }
}

/* The fused kernels compiled for the common lengths as constants (unrolled
 * inner loops, no tests of k in the loop), and once for any length. */
#define BLOCK_FUSED_LENGTHS(CALL) \
    switch (k) {                  \
    case 2:                       \
        CALL(2);                  \
        break;                    \
    case 4:                       \
        CALL(4);                  \
        break;                    \
    case 8:                       \
        CALL(8);                  \
        break;                    \
    case 16:                      \
        CALL(16);                 \
        break;                    \
    case 32:                      \
        CALL(32);                 \
        break;                    \
    case 64:                      \
        CALL(64);                 \
        break;                    \
    default:                      \
        CALL(k);                  \
        break;                    \
    }

KERNEL_TARGET_AVX static double
block_dual_fused_avx(size_t k, size_t n_blocks, const double *z)
{
    double s = 0.0;
#define BLOCK_DUAL_CALL(K) s = block_dual_fused_avx_body(K, n_blocks, z)
    BLOCK_FUSED_LENGTHS(BLOCK_DUAL_CALL)
#undef BLOCK_DUAL_CALL
    return s;
}

KERNEL_TARGET_AVX static void
block_move_fused_avx(size_t k, size_t n_blocks, const double *x, const double *z, double c, double *out)
{
#define BLOCK_MOVE_CALL(K) block_move_fused_avx_body(K, n_blocks, x, z, c, out)
    BLOCK_FUSED_LENGTHS(BLOCK_MOVE_CALL)
#undef BLOCK_MOVE_CALL
}
#endif

/* On CPUs with AVX, lengths the fused kernels take go there; the others run
 * the chunked kernels compiled for AVX, four lanes instead of two.  Without
 * AVX (SSE2 only) every length runs the chunked kernels, with the same
 * results bit for bit. */
#if KERNEL_X86_DISPATCH
KERNEL_TARGET_AVX static double
block_dual_uniform_avx(size_t k, size_t n_blocks, const double *z)
{
    return block_dual_uniform_body(k, n_blocks, z, kernel_sqrt_array_avx);
}
#endif

static double
block_dual_uniform(size_t k, size_t n_blocks, const double *z)
{
#if KERNEL_X86_DISPATCH
    if (kernel_cpu_has_avx())
        return block_fused_length(k) ? block_dual_fused_avx(k, n_blocks, z)
                                     : block_dual_uniform_avx(k, n_blocks, z);
#endif
    return block_dual_uniform_body(k, n_blocks, z, kernel_sqrt_array);
}

/* ---- unequal blocks (sizes=...) --------------------------------------------
 *
 * A chunk of consecutive blocks at a time, as for equal ones: for short
 * blocks their sums of squares go into a small array (block_ssq_len), the
 * square roots and divisions run as vector loops, then the moves.  A chunk
 * holds at most BLOCK_TABLE_CHUNK blocks and, unless it is a single block,
 * at most BLOCK_CHUNK_ELEMS elements. */
#define BLOCK_TABLE_CHUNK 32

/* The number of blocks in the chunk starting at block b0. */
static inline size_t
block_table_chunk(const Block *blk, size_t b0)
{
    size_t m = 1, lo = blk->start[b0];
    while (m < BLOCK_TABLE_CHUNK && b0 + m < blk->n_blocks &&
           blk->start[b0 + m + 1] - lo <= BLOCK_CHUNK_ELEMS)
        m++;
    return m;
}

/* nrm[j] = ‖z_{b0+j}‖₂ for the m blocks of a chunk, as block_nrm2 gives them
 * (for a block of one, sqrt(z²) = |z| when z² neither over- nor underflows). */
static KERNEL_ALWAYS_INLINE void
block_norms_table(const Block *blk, size_t b0, size_t m, const double *z, double *nrm,
                  BlockSqrtArray sqrt_array)
{
    double q[BLOCK_TABLE_CHUNK];
    const size_t *start = blk->start + b0;
    for (size_t j = 0; j < m; j++) {
        size_t lo = start[j];
        q[j] = block_ssq_len(start[j + 1] - lo, z + lo);
    }
    sqrt_array(m, q, nrm);
    for (size_t j = 0; j < m; j++)
        if (!kernel_ssq_is_safe(q[j]))
            nrm[j] = block_nrm2(blk, b0 + j, z);
}

/* out = x − F z over the n elements of a chunk (restrict-qualified per case,
 * see kernels.h). */
static KERNEL_ALWAYS_INLINE void
block_move_flat_inplace(size_t n, double *restrict x, const double *restrict z, const double *restrict F)
{
    for (size_t i = 0; i < n; i++)
        x[i] -= F[i] * z[i];
}

static KERNEL_ALWAYS_INLINE void
block_move_flat_apart(size_t n, const double *restrict x, const double *restrict z, const double *restrict F,
                      double *restrict out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = x[i] - F[i] * z[i];
}

/* out_b = x_b − c z_b/‖z_b‖ for block b, its norm nb. */
static inline void
block_move_table_one(const Block *blk, size_t b, double nb, const double *x, const double *z, double c,
                     double *out)
{
    size_t lo = blk->start[b], len = blk->start[b + 1] - lo;
    double f = c / nb;
    if (nb >= KERNEL_TINY_NORM && isfinite(f)) {
        kernel_axpy(len, x + lo, z + lo, f, out + lo);
    } else if (nb == 0.0) {
        if (out != x)
            memcpy(out + lo, x + lo, len * sizeof *x);
    } else if (nb < KERNEL_TINY_NORM) {
        kernel_move_tiny(len, x + lo, z + lo, c, out + lo);
    } else { /* the factor overflows: divide first */
        for (size_t i = lo; i < lo + len; i++)
            out[i] = x[i] - c * (z[i] / nb);
    }
}

/* block_move over unequal blocks.  A chunk of short blocks (8 elements or
 * fewer on average) spreads the factors over its elements (F) and moves as
 * one flat loop: short blocks of varying length otherwise cost a short loop
 * and its set-up each.  Chunks with a zero, tiny or awkward block, and
 * longer blocks, go block by block. */
static KERNEL_ALWAYS_INLINE void
block_move_table_body(const Block *blk, const double *x, const double *z, double c, double *out,
                      BlockSqrtArray sqrt_array)
{
    double nrm[BLOCK_TABLE_CHUNK], f[BLOCK_TABLE_CHUNK], F[BLOCK_CHUNK_ELEMS + 8];
    for (size_t b0 = 0, m; b0 < blk->n_blocks; b0 += m) {
        m = block_table_chunk(blk, b0);
        const size_t *start = blk->start + b0;
        size_t lo = start[0];
        if (start[m] - lo > 8 * m) {
            /* Longer blocks one at a time: norm, then move while the block is
             * in cache (norms of the whole chunk first leave the x stream
             * waiting: measured 1.84x against 1.71x the triad for 63+65+...). */
            for (size_t j = 0; j < m; j++)
                block_move_table_one(blk, b0 + j, block_nrm2(blk, b0 + j, z), x, z, c, out);
            continue;
        }
        block_norms_table(blk, b0, m, z, nrm, sqrt_array);
        int plain = 1;
        for (size_t j = 0; j < m; j++) {
            f[j] = c / nrm[j];
            plain &= (nrm[j] >= KERNEL_TINY_NORM) & (fabs(f[j]) <= DBL_MAX);
        }
        if (!plain) { /* zero, tiny or awkward blocks */
            for (size_t j = 0; j < m; j++)
                block_move_table_one(blk, b0 + j, nrm[j], x, z, c, out);
            continue;
        }
        for (size_t j = 0; j < m; j++) {
            size_t a = start[j] - lo, e = start[j + 1] - lo;
            for (size_t i = 0; i < 8; i++) /* past e is overwritten by the next block */
                F[a + i] = f[j];
            for (size_t i = a + 8; i < e; i++)
                F[i] = f[j];
        }
        if (out == x)
            block_move_flat_inplace(start[m] - lo, out + lo, z + lo, F);
        else
            block_move_flat_apart(start[m] - lo, x + lo, z + lo, F, out + lo);
    }
}

#if KERNEL_X86_DISPATCH
KERNEL_TARGET_AVX static void
block_move_table_avx(const Block *blk, const double *x, const double *z, double c, double *out)
{
    block_move_table_body(blk, x, z, c, out, kernel_sqrt_array_avx);
}
#endif

static void
block_move_table(const Block *blk, const double *x, const double *z, double c, double *out)
{
#if KERNEL_X86_DISPATCH
    if (kernel_cpu_has_avx()) {
        block_move_table_avx(blk, x, z, c, out);
        return;
    }
#endif
    block_move_table_body(blk, x, z, c, out, kernel_sqrt_array);
}

static int
block_dual_norm(void *state, size_t n, const double *z, double *value)
{
    (void) n;
    const Block *blk = state;
    if (blk->size != 0) {
        *value = block_dual_uniform(blk->size, blk->n_blocks, z);
        return STEEPEST_PLUGIN_OK;
    }
    /* block_nrm2 for each block, through the faster sums of squares (for a
     * block of one, sqrt(z²) = |z| when z² neither over- nor underflows). */
    double s = 0.0;
    for (size_t b = 0; b < blk->n_blocks; b++) {
        size_t lo = blk->start[b];
        double q = block_ssq_len(blk->start[b + 1] - lo, z + lo);
        s += kernel_ssq_is_safe(q) ? sqrt(q) : block_nrm2(blk, b, z);
    }
    *value = s;
    return STEEPEST_PLUGIN_OK;
}

/* out = x − f_j z_j over m blocks of k (restrict-qualified per case, see
 * kernels.h); k = 2 and 4 written out for constant trip counts. */
#define BLOCK_MOVE_CHUNK_BODY(OUT, X)                  \
    if (k == 4) {                                      \
        for (size_t j = 0; j < m; j++)                 \
            for (size_t i = 4 * j; i < 4 * j + 4; i++) \
                OUT[i] = X[i] - f[j] * z[i];           \
    } else if (k == 2) {                               \
        for (size_t j = 0; j < m; j++)                 \
            for (size_t i = 2 * j; i < 2 * j + 2; i++) \
                OUT[i] = X[i] - f[j] * z[i];           \
    } else {                                           \
        for (size_t j = 0; j < m; j++)                 \
            for (size_t i = k * j; i < k * j + k; i++) \
                OUT[i] = X[i] - f[j] * z[i];           \
    }

static KERNEL_ALWAYS_INLINE void
block_move_chunk_inplace(size_t k, size_t m, double *restrict x, const double *restrict z,
                         const double *restrict f)
{
    BLOCK_MOVE_CHUNK_BODY(x, x)
}

static KERNEL_ALWAYS_INLINE void
block_move_chunk_apart(size_t k, size_t m, const double *restrict x, const double *restrict z,
                       const double *restrict f, double *restrict out)
{
    BLOCK_MOVE_CHUNK_BODY(out, x)
}

/* block_move for n_blocks equal blocks of k, a chunk at a time. */
static KERNEL_ALWAYS_INLINE void
block_move_uniform_body(size_t k, size_t n_blocks, const double *x, const double *z, double c, double *out,
                        BlockSqrtArray sqrt_array)
{
    double nrm[BLOCK_CHUNK], f[BLOCK_CHUNK];
    if (k >= 16) { /* long blocks: one at a time */
        for (size_t b = 0, lo = 0; b < n_blocks; b++, lo += k) {
            double nb = kernel_nrm2(k, z + lo);
            double fb = c / nb;
            if (nb == 0.0)
                fb = 0.0;
            if (nb > 0.0 && nb < KERNEL_TINY_NORM) {
                kernel_move_tiny(k, x + lo, z + lo, c, out + lo);
            } else if (isfinite(fb)) {
                kernel_axpy(k, x + lo, z + lo, fb, out + lo);
            } else {
                for (size_t i = lo; i < lo + k; i++)
                    out[i] = x[i] - c * (z[i] / nb);
            }
        }
        return;
    }
    size_t step = block_chunk_blocks(k);
    for (size_t b0 = 0; b0 < n_blocks; b0 += step) {
        size_t m = n_blocks - b0 < step ? n_blocks - b0 : step, lo = b0 * k;
        /* Plain norms are >= 2^-450, so c / norm cannot overflow for |c| <= 2^500. */
        int awkward = !block_norms_uniform(k, m, z + lo, nrm, sqrt_array) || !(fabs(c) <= 0x1p+500);
        for (size_t j = 0; j < m; j++)
            f[j] = c / nrm[j];
        /* Zero blocks and factors that overflow (tiny norms) are rare: such
         * blocks stay put in the vector loop and are fixed after it. */
        if (awkward)
            for (size_t j = 0; j < m; j++)
                if (nrm[j] < KERNEL_TINY_NORM || !isfinite(f[j]))
                    f[j] = 0.0;
        if (out == x)
            block_move_chunk_inplace(k, m, out + lo, z + lo, f);
        else
            block_move_chunk_apart(k, m, x + lo, z + lo, f, out + lo);
        if (awkward) /* tiny block norms: rescale, or divide first so nothing overflows */
            for (size_t j = 0; j < m; j++) {
                size_t bj = lo + j * k;
                if (nrm[j] > 0.0 && nrm[j] < KERNEL_TINY_NORM)
                    kernel_move_tiny(k, x + bj, z + bj, c, out + bj);
                else if (nrm[j] != 0.0 && !isfinite(c / nrm[j]))
                    for (size_t i = bj; i < bj + k; i++)
                        out[i] = x[i] - c * (z[i] / nrm[j]);
            }
    }
}

#if KERNEL_X86_DISPATCH
KERNEL_TARGET_AVX static void
block_move_uniform_avx(size_t k, size_t n_blocks, const double *x, const double *z, double c, double *out)
{
    block_move_uniform_body(k, n_blocks, x, z, c, out, kernel_sqrt_array_avx);
}
#endif

static void
block_move_uniform(size_t k, size_t n_blocks, const double *x, const double *z, double c, double *out)
{
#if KERNEL_X86_DISPATCH
    if (kernel_cpu_has_avx()) {
        if (block_fused_length(k) && k < BLOCK_FUSED_MOVE_MAX)
            block_move_fused_avx(k, n_blocks, x, z, c, out);
        else
            block_move_uniform_avx(k, n_blocks, x, z, c, out);
        return;
    }
#endif
    block_move_uniform_body(k, n_blocks, x, z, c, out, kernel_sqrt_array);
}

/* out_b = x_b − c z_b/‖z_b‖ for every block (a zero block stays put).  The
 * block norm is recomputed here rather than stored: the block is in cache, and
 * no scratch space means no allocation and safe concurrent use. */
static void
block_move(const Block *blk, const double *x, const double *z, double c, double *out)
{
    if (blk->size != 0) {
        block_move_uniform(blk->size, blk->n_blocks, x, z, c, out);
        return;
    }
    block_move_table(blk, x, z, c, out);
}

static int
block_duality_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    const Block *blk = state;
    block_dual_norm(state, n, z, dual);
    if (!isfinite(*dual)) {
        for (size_t i = 0; i < n; i++)
            zsharp[i] = *dual; /* NaN or Inf in, NaN or Inf out */
        return STEEPEST_PLUGIN_OK;
    }
    memset(zsharp, 0, n * sizeof *zsharp);
    block_move(blk, zsharp, z, -*dual, zsharp); /* z♯ = 0 + ‖z‖_{B,1} normB(z) */
    return STEEPEST_PLUGIN_OK;
}

static int
block_unit_direction(void *state, size_t n, const double *z, double *s, double *dual)
{
    const Block *blk = state;
    block_dual_norm(state, n, z, dual);
    memset(s, 0, n * sizeof *s);
    if (isfinite(*dual))
        block_move(blk, s, z, -1.0, s); /* s = normB(z) */
    return STEEPEST_PLUGIN_OK;
}

static int
block_step_scaled(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
                  double *dual)
{
    block_dual_norm(state, n, z, dual);
    if (isfinite(*dual))
        block_move(state, x, z, alpha * *dual, x_out);
    return STEEPEST_PLUGIN_OK;
}

static int
block_step_normalized(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
                      double *dual)
{
    /* ‖z‖_{B,1} first, so a NaN or Inf is reported before anything moves. */
    block_dual_norm(state, n, z, dual);
    if (isfinite(*dual))
        block_move(state, x, z, alpha, x_out);
    return STEEPEST_PLUGIN_OK;
}

static const SteepestPluginParam param_size = {
    .struct_size = sizeof(SteepestPluginParam),
    .type = STEEPEST_PARAM_INT,
    .name = "size",
    .doc = "length of every block (must divide the dimension)",
    .default_value = NULL,
    .min = 1,
    .max = 1e15,
};

static const SteepestPluginParam param_sizes = {
    .struct_size = sizeof(SteepestPluginParam),
    .type = STEEPEST_PARAM_INT_LIST,
    .name = "sizes",
    .doc = "length of each block in order, joined by '+' (must sum to the dimension)",
    .default_value = NULL,
    .min = 1,
    .max = 1e15,
};

static const SteepestPluginParam *const block_params[] = { &param_size, &param_sizes, NULL };

/* ---- induced matrix norm ---- */

/* max_{‖x‖_{B,∞}<=1} ‖Hx‖_{B,1}: the host gets the block layout and answers
 * exactly where the norm reduces to ℓ∞ (all blocks of size 1) or ℓ2 (one
 * block), with certified bounds otherwise. */
static int
block_induced_norm(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
                   SteepestPluginInducedResult *result)
{
    const Block *blk = state;
    if (!STEEPEST_PLUGIN_HAS_FIELD(block_host, SteepestPluginHost, matrix_block_induced) ||
        block_host->matrix_block_induced == NULL) {
        if (block_host != NULL)
            block_host->set_error(
                "the host offers no matrix_block_induced service (it predates plugin ABI 1.1)");
        return STEEPEST_PLUGIN_E_UNSUPPORTED;
    }
    return block_host->matrix_block_induced(n, H, blk->n_blocks, blk->start, query, result);
}

static const SteepestPluginNormClass block_class = {
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(SteepestPluginNormClass),
    .name = "block",
    .dual_name = "block_l1",
    .summary = "block max norm max_b ||x_b||_2: block-normalized gradient descent",
    .params = block_params,
    .create = block_create,
    .destroy = block_destroy,
    .norm = block_norm,
    .dual_norm = block_dual_norm,
    .duality_map = block_duality_map,
    .unit_direction = block_unit_direction,
    .step_scaled = block_step_scaled,
    .step_normalized = block_step_normalized,
    .induced_norm = block_induced_norm,
};

STEEPEST_PLUGIN_EXPORT const SteepestPluginNormClass *
STEEPEST_PLUGIN_ENTRY(const SteepestPluginHost *host, uint32_t index)
{
    block_host = host;
    return index == 0 ? &block_class : NULL;
}
