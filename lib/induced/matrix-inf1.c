/* matrix-inf1.c — exact ‖H‖_{∞,1} = max_{x ∈ {±1}^n} ‖Hx‖₁ by enumeration.
 *
 * x and −x give the same ‖Hx‖₁, so x_0 = +1 and the other n−1 signs run
 * through all 2^(n−1) patterns in Gray-code order: step s flips the sign of
 * x_j, j = 1 + ctz(s), so y = Hx changes by ∓2·H[:,j] — O(n) per sign vector
 * instead of O(n²).  Columns are stored contiguously (a transposed copy padded
 * to a multiple of 4), and the walk is specialized for a handful of padded
 * widths so y stays in vector registers.
 *
 * The sequence is cut into fixed chunks of CHUNK steps; each chunk starts
 * from its Gray code with y = Hx computed directly, so rounding drift never
 * spans more than CHUNK updates (each exact ±2H_ij added with one rounding:
 * |error of y_i| <= CHUNK·ε·Σ_j|H_ij| in the worst case, ~√CHUNK·ε typically).
 * Threads take chunks from a shared counter; since the chunks do not depend on
 * the thread count, every sign vector's value — and so the maximum and the
 * first maximizer — is bit-for-bit the same for any number of threads.
 */
#include "core/target-clones.h"
#include "induced/matrix-private.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BITS 14
#define CHUNK ((uint64_t) 1 << CHUNK_BITS)
/* Progress is reported about every 2^16 steps. */
#define REPORT_CHUNKS (((uint64_t) 1 << 16) / CHUNK)

typedef double v4d __attribute__((vector_size(32)));
typedef uint64_t v4u __attribute__((vector_size(32)));

typedef struct {
    size_t n, W;     /* dimension; padded column length (multiple of 4) */
    const double *H; /* row-major input */
    double *cols;    /* column j of H at cols + j·W, zero padded; 32-byte aligned */
    uint64_t total;  /* 2^(n−1) sign vectors */
    uint64_t n_chunks;
    atomic_uint_fast64_t next_chunk;
    atomic_uint_fast64_t chunks_done;
    atomic_int cancelled;
    atomic_int out_of_memory;         /* a worker could not allocate its vectors (and cancelled) */
    atomic_uint_fast64_t next_report; /* chunks_done at which progress is next due */
    int (*progress)(void *, double);
    void *user_data;
    GMutex progress_lock; /* the user's callback is never entered twice at once */
    uint64_t reported;    /* chunks_done of the last report, under progress_lock */
    GMutex lock;
    double best; /* merged under lock */
    uint64_t best_step;
} Enum;

/* The signs of Gray code step s: x_0 = +1, x_j = −1 iff bit j−1 of g(s). */
static void
gray_signs(size_t n, uint64_t s, double *x)
{
    uint64_t g = s ^ (s >> 1);
    x[0] = 1.0;
    for (size_t j = 1; j < n; j++)
        x[j] = ((g >> (j - 1)) & 1u) ? -1.0 : 1.0;
}

/* Full unrolling lets the compiler keep y in vector registers. */
#if defined(__clang__)
#define UNROLL _Pragma("unroll")
#elif defined(__GNUC__)
#define UNROLL _Pragma("GCC unroll 16")
#else
#define UNROLL
#endif

/* Σ of the 16 lanes in a fixed order (four accumulators break the chain of
 * dependent additions; the order never depends on the thread count). */
static inline double
sum4(const v4d *acc)
{
    v4d t = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    return (t[0] + t[1]) + (t[2] + t[3]);
}

/* Walks steps [s0, s0 + len) with y already Hx for step s0.  Returns the best
 * ‖y‖₁ and its step (first one on ties). */
#define DEFINE_WALK(WIDTH)                                                                            \
    STEEPEST_CLONES_AVX2 static double walk_##WIDTH(const double *restrict cols, double *restrict y0, \
                                                    double *restrict x, uint64_t s0, uint64_t len,    \
                                                    uint64_t *best_step)                              \
    {                                                                                                 \
        enum { NV = (WIDTH) / 4 };                                                                    \
        const v4u absmask = { ~(1ULL << 63), ~(1ULL << 63), ~(1ULL << 63), ~(1ULL << 63) };           \
        v4d y[NV];                                                                                    \
        memcpy(y, y0, sizeof y);                                                                      \
        v4d acc[4] = { { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } };              \
        for (int k = 0; k < NV; k++)                                                                  \
            acc[k & 3] += (v4d) ((v4u) y[k] & absmask);                                               \
        double best = sum4(acc);                                                                      \
        uint64_t arg = s0;                                                                            \
        for (uint64_t s = s0 + 1; s < s0 + len; s++) {                                                \
            size_t j = 1 + (size_t) __builtin_ctzll(s);                                               \
            double c = -2.0 * x[j];                                                                   \
            x[j] = -x[j];                                                                             \
            const v4d *col = (const v4d *) (const void *) (cols + j * (WIDTH));                       \
            v4d cv = { c, c, c, c };                                                                  \
            UNROLL                                                                                    \
            for (int k = 0; k < NV; k++) {                                                            \
                y[k] += cv * col[k];                                                                  \
                v4d a = (v4d) ((v4u) y[k] & absmask);                                                 \
                acc[k & 3] = k < 4 ? a : acc[k & 3] + a; /* no needless + 0.0 */                      \
            }                                                                                         \
            double v = sum4(acc);                                                                     \
            if (v > best) {                                                                           \
                best = v;                                                                             \
                arg = s;                                                                              \
            }                                                                                         \
        }                                                                                             \
        memcpy(y0, y, sizeof y);                                                                      \
        *best_step = arg;                                                                             \
        return best;                                                                                  \
    }

DEFINE_WALK(4)
DEFINE_WALK(8)
DEFINE_WALK(16)
DEFINE_WALK(32)
DEFINE_WALK(64)

static double
walk(size_t W, const double *cols, double *y, double *x, uint64_t s0, uint64_t len, uint64_t *best_step)
{
    switch (W) {
    case 4:
        return walk_4(cols, y, x, s0, len, best_step);
    case 8:
        return walk_8(cols, y, x, s0, len, best_step);
    case 16:
        return walk_16(cols, y, x, s0, len, best_step);
    case 32:
        return walk_32(cols, y, x, s0, len, best_step);
    default:
        return walk_64(cols, y, x, s0, len, best_step);
    }
}

/* Calls the progress callback when it is due.  Whichever worker finishes the
 * chunk that makes it due reports (claimed by compare-and-swap), so progress
 * and cancellation work however the chunks fall among the threads. */
static void
report_progress(Enum *e, uint64_t done)
{
    uint64_t due = atomic_load_explicit(&e->next_report, memory_order_relaxed);
    if (done < due || !atomic_compare_exchange_strong(&e->next_report, &due, done + REPORT_CHUNKS))
        return;
    g_mutex_lock(&e->progress_lock);
    /* Fractions never go backwards, and nothing is reported after a cancel. */
    if (done > e->reported && !atomic_load(&e->cancelled)) {
        e->reported = done;
        if (e->progress(e->user_data, (double) done / (double) e->n_chunks) != 0)
            atomic_store(&e->cancelled, 1);
    }
    g_mutex_unlock(&e->progress_lock);
}

/* 32-byte aligned zeros for the vector walk, or NULL when out of memory
 * (g_aligned_alloc0 would abort); free with free(). */
static double *
aligned_zeros(size_t count)
{
    void *p = NULL;
    if (posix_memalign(&p, 32, count * sizeof(double)) != 0)
        return NULL;
    return memset(p, 0, count * sizeof(double));
}

/* One worker: takes chunks until none are left or the work is cancelled. */
static void
work(Enum *e)
{
    size_t n = e->n, W = e->W;
    double *y = aligned_zeros(W);
    double *x = g_try_new(double, n);
    if (y == NULL || x == NULL) { /* the others cannot do this worker's share unasked: stop all */
        atomic_store(&e->out_of_memory, 1);
        atomic_store(&e->cancelled, 1);
        free(y);
        g_free(x);
        return;
    }
    double best = -1.0;
    uint64_t best_step = 0;
    for (;;) {
        if (atomic_load_explicit(&e->cancelled, memory_order_relaxed))
            break;
        uint64_t c = atomic_fetch_add_explicit(&e->next_chunk, 1, memory_order_relaxed);
        if (c >= e->n_chunks)
            break;
        uint64_t s0 = c * CHUNK, len = MIN(CHUNK, e->total - s0);
        /* Exact restart: y = Hx for the chunk's first sign vector. */
        gray_signs(n, s0, x);
        for (size_t i = 0; i < n; i++) {
            double acc = 0.0;
            for (size_t j = 0; j < n; j++)
                acc += e->H[i * n + j] * x[j];
            y[i] = acc;
        }
        uint64_t step;
        double v = walk(W, e->cols, y, x, s0, len, &step);
        if (v > best || (v == best && step < best_step)) {
            best = v;
            best_step = step;
        }
        uint64_t done = atomic_fetch_add_explicit(&e->chunks_done, 1, memory_order_relaxed) + 1;
        if (e->progress != NULL)
            report_progress(e, done);
    }
    g_mutex_lock(&e->lock);
    if (best > e->best || (best == e->best && best_step < e->best_step)) {
        e->best = best;
        e->best_step = best_step;
    }
    g_mutex_unlock(&e->lock);
    free(y);
    g_free(x);
}

static gpointer
worker_main(gpointer data)
{
    work(data);
    return NULL;
}

double
steepest_inf1_enumerate_seconds(size_t n, unsigned threads)
{
    /* Measured (bench-induced) on an AVX2 core: about 4.3 ns per Gray step at
     * a padded width of 32; modelled as 1 ns + 0.15 ns per padded entry,
     * rounded up, assuming the threads get their cores. */
    size_t W = n <= 4 ? 4 : n <= 8 ? 8 : n <= 16 ? 16 : n <= 32 ? 32 : 64;
    double steps = ldexp(1.0, (int) n - 1);
    return steps * ((double) W * 0.15e-9 + 1e-9) / (double) steepest_threads_resolve(threads);
}

int
steepest_inf1_enumerate(size_t n, const double *H, unsigned threads, int (*progress)(void *, double),
                        void *user_data, double *value, double *x)
{
    Enum e = { 0 };
    e.n = n;
    e.W = n <= 4 ? 4 : n <= 8 ? 8 : n <= 16 ? 16 : n <= 32 ? 32 : 64;
    e.H = H;
    e.total = (uint64_t) 1 << (n - 1);
    e.n_chunks = (e.total + CHUNK - 1) / CHUNK;
    e.progress = progress;
    e.user_data = user_data;
    e.best = -1.0;
    e.best_step = UINT64_MAX;
    atomic_init(&e.next_chunk, 0);
    atomic_init(&e.chunks_done, 0);
    atomic_init(&e.cancelled, 0);
    atomic_init(&e.out_of_memory, 0);
    atomic_init(&e.next_report, REPORT_CHUNKS);
    e.cols = aligned_zeros(n * e.W);
    if (e.cols == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY,
                             "inf1 enumeration: out of memory for %zu x %zu columns", n, e.W);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            e.cols[j * e.W + i] = H[i * n + j];
    g_mutex_init(&e.lock);
    g_mutex_init(&e.progress_lock);

    unsigned t = steepest_threads_resolve(threads);
    if ((uint64_t) t > e.n_chunks)
        t = (unsigned) e.n_chunks;
    GThread **pool = g_new0(GThread *, t);
    for (unsigned k = 1; k < t; k++)
        pool[k] = g_thread_try_new("steepest-inf1", worker_main, &e, NULL);
    work(&e); /* threads that failed to start just leave more for us */
    for (unsigned k = 1; k < t; k++)
        if (pool[k] != NULL)
            g_thread_join(pool[k]);
    g_free(pool);
    g_mutex_clear(&e.lock);
    g_mutex_clear(&e.progress_lock);
    free(e.cols);

    if (atomic_load(&e.out_of_memory))
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY,
                             "inf1 enumeration (n = %zu): out of memory for a worker's "
                             "vectors",
                             n);
    if (atomic_load(&e.cancelled))
        return steepest_fail(STEEPEST_ERROR_CANCELLED,
                             "inf1 enumeration (n = %zu) cancelled by the progress callback", n);
    *value = e.best;
    if (x != NULL)
        gray_signs(n, e.best_step, x);
    return STEEPEST_OK;
}

int
steepest_matrix_inf1_exact(size_t n, const double *H, unsigned threads, SteepestProgressFn progress,
                           void *user_data, double *value, double *x)
{
    int rc = steepest_matrix_check("steepest_matrix_inf1_exact", n, H);
    if (rc != STEEPEST_OK)
        return rc;
    if (value == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_inf1_exact: value is NULL");
    if (n > STEEPEST_MATRIX_INF1_MAX_EXACT_DIM)
        return steepest_fail(STEEPEST_ERROR_DIMENSION,
                             "steepest_matrix_inf1_exact: n = %zu is above the enumeration limit %d", n,
                             STEEPEST_MATRIX_INF1_MAX_EXACT_DIM);
    return steepest_inf1_enumerate(n, H, threads, progress, user_data, value, x);
}
