/* test-oom.c — every allocation the library makes for its n-sized arrays can
 * fail, and each failure is an error, never a crash, an abort or a wrong OK.
 *
 * Allocation failures are injected SQLite-style: this executable defines
 * malloc, calloc, realloc, posix_memalign and aligned_alloc itself, so that by
 * ELF interposition libsteepest's (and GLib's, LAPACKE's) calls come here and
 * go on to glibc's __libc_*.  When armed with k, the k-th allocation of at
 * least `min_bytes` bytes (512 unless the operation says otherwise) from then
 * on returns NULL (once).  The threshold lets the small bookkeeping
 * allocations through (GLib's g_new of a struct aborts when it fails, by
 * design) and targets the arrays that grow with n, which the library must
 * allocate with g_try_* and report as STEEPEST_ERROR_NO_MEMORY.  OpenBLAS's
 * own allocations are never failed (it exits on them).
 *
 * For each operation: an un-armed run in a forked child gives the reference
 * value and the number of eligible allocations; then k = 1, 2, ... each in a
 * fresh child (an abort there is a test failure naming the operation and k,
 * and the parent survives it); beyond MAX_RUNS allocations (or the
 * operation's own cap) the later k are spread over the rest.  A run whose injected failure fired must fail
 * with a status and a non-empty steepest_last_error() — or, where the library
 * has a fallback, return OK with a value still valid (the same number, or an
 * interval that meets the reference's: both contain the true value).  A run
 * where nothing fired must give the reference.  Children exit() normally so
 * that coverage counters are written.
 *
 * Built only without sanitizers (they replace malloc), and left out of the
 * Valgrind stage for the same reason. */
#include <check.h>
#include <errno.h>
#include <link.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <steepest/steepest.h>
#include "check-run.h"
#include "test-random.h"

/* ---- the injector ----------------------------------------------------------- */

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static long inject_countdown; /* > 0: armed; the allocation that takes it to 0 fails */
static long inject_seen;      /* eligible allocations while counting */
static int inject_counting;
static int inject_fired;
static size_t inject_min_bytes = 512;

/* OpenBLAS's threaded kernels exit(1) when their scratch malloc fails
 * ("OpenBLAS: malloc failed in dsyrk_thread_UT"): a limit of that library the
 * caller cannot handle, so its own allocations are never failed.  Its loaded
 * segments, found once by setup(). */
enum { MAX_EXEMPT = 16 };
static uintptr_t exempt_lo[MAX_EXEMPT], exempt_hi[MAX_EXEMPT];
static int n_exempt;

static int
find_exempt(struct dl_phdr_info *info, size_t size, void *data)
{
    (void) size;
    (void) data;
    if (info->dlpi_name == NULL || strstr(info->dlpi_name, "libopenblas") == NULL)
        return 0;
    for (int i = 0; i < info->dlpi_phnum && n_exempt < MAX_EXEMPT; i++)
        if (info->dlpi_phdr[i].p_type == PT_LOAD) {
            exempt_lo[n_exempt] = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
            exempt_hi[n_exempt] = exempt_lo[n_exempt] + info->dlpi_phdr[i].p_memsz;
            n_exempt++;
        }
    return 0;
}

/* Threads of the library allocate too: atomics keep one failure exactly one. */
static int
inject_fail(size_t size, const void *caller)
{
    if (!__atomic_load_n(&inject_counting, __ATOMIC_RELAXED) || size < inject_min_bytes)
        return 0;
    for (int i = 0; i < n_exempt; i++)
        if ((uintptr_t) caller >= exempt_lo[i] && (uintptr_t) caller < exempt_hi[i])
            return 0;
    __atomic_add_fetch(&inject_seen, 1, __ATOMIC_RELAXED);
    if (__atomic_load_n(&inject_countdown, __ATOMIC_RELAXED) <= 0)
        return 0;
    if (__atomic_sub_fetch(&inject_countdown, 1, __ATOMIC_SEQ_CST) != 0)
        return 0;
    __atomic_store_n(&inject_fired, 1, __ATOMIC_SEQ_CST);
    return 1;
}

void *
malloc(size_t size)
{
    if (inject_fail(size, __builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(size);
}

void *
calloc(size_t count, size_t size)
{
    size_t total;
    if (!__builtin_mul_overflow(count, size, &total) && inject_fail(total, __builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_calloc(count, size);
}

void *
realloc(void *p, size_t size)
{
    if (size > 0 && inject_fail(size, __builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, size);
}

/* g_aligned_alloc and the library's aligned arrays come here. */
int
posix_memalign(void **out, size_t alignment, size_t size)
{
    if (inject_fail(size, __builtin_return_address(0)))
        return ENOMEM;
    void *p = __libc_memalign(alignment, size);
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

void *
aligned_alloc(size_t alignment, size_t size)
{
    if (inject_fail(size, __builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_memalign(alignment, size);
}

/* ---- operations ---------------------------------------------------------------- */

#define MAX_VALUES 6

enum { SAME, INTERVAL }; /* how a result compares: v equal, or [v0, v1] meeting the reference */

typedef struct {
    const char *name;
    int (*run)(double *v);
    int kind;
    size_t min_bytes; /* 0: the default 512 */
    int also;         /* a status accepted besides NO_MEMORY (0: none) */
    long max_runs;    /* armed runs (0: MAX_RUNS) */
} Op;

/* Fixtures, built in the parent while nothing is armed. */
enum { N = 72, NS = 24, NL = 200 };             /* N doubles: 576 bytes, above the threshold */
static double *H_psd, *H_sym, *H_gen, *H_small; /* N x N (H_small NS x NS) */
static double *H_near; /* H_psd made symmetric only within rounding: the paths that copy its symmetric part */
static SteepestCsr *csr_gen, *csr_near; /* H_gen and H_near, sparse */
static double g_vec[N], x_vec[N];
enum { NP = 300 }; /* above the norms' stack scratch (256 doubles) */
static double p_vec[NP];
static SteepestCsr *lap;          /* the NL x NL path Laplacian, tridiagonal, PSD */
static char *mm_array, *mm_coord; /* Matrix Market texts of H_sym and lap */

static double *
random_matrix(size_t n, int symmetric)
{
    double *H = calloc(n * n, sizeof *H);
    for (size_t i = 0; i < n; i++)
        for (size_t j = symmetric ? i : 0; j < n; j++) {
            H[i * n + j] = urand();
            if (symmetric)
                H[j * n + i] = H[i * n + j];
        }
    return H;
}

/* B Bᵀ / m for a random n x m B (m = n/4: PSD of rank m), exactly symmetric. */
static double *
random_psd(size_t n)
{
    size_t m = n / 4 > 0 ? n / 4 : 1;
    double *B = random_matrix(n > m ? n : m, 0), *H = calloc(n * n, sizeof *H);
    size_t ld = n > m ? n : m;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            double s = 0;
            for (size_t k = 0; k < m; k++)
                s += B[i * ld + k] * B[j * ld + k];
            H[i * n + j] = H[j * n + i] = s / (double) m;
        }
    free(B);
    return H;
}

/* Fixtures fail loudly (ck_assert is not available outside a test: OOM_DEBUG). */
static void
require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "test-oom: cannot set up %s: %s\n", what, steepest_last_error());
        abort();
    }
}

static void
fixtures_init(void)
{
    rng_state = 20240901;
    H_psd = random_psd(N);
    H_sym = random_matrix(N, 1);
    H_gen = random_matrix(N, 0);
    H_small = random_psd(NS);
    H_near = g_memdup2(H_psd, N * N * sizeof *H_near);
    for (size_t i = 1; i < N; i += 3)
        H_near[i * N + i - 1] *= 1.0 + 0x1.0p-50;
    require(steepest_csr_from_dense(N, H_gen, &csr_gen) == STEEPEST_OK, "the general CSR matrix");
    require(steepest_csr_from_dense(N, H_near, &csr_near) == STEEPEST_OK, "the nearly symmetric CSR matrix");
    for (size_t i = 0; i < N; i++) {
        g_vec[i] = urand();
        x_vec[i] = urand();
    }
    for (size_t i = 0; i < NP; i++)
        p_vec[i] = urand();
    static int64_t indptr[NL + 1], indices[3 * NL];
    static double data[3 * NL];
    int64_t k = 0;
    for (int64_t i = 0; i < NL; i++) {
        indptr[i] = k;
        for (int64_t j = i - 1; j <= i + 1; j++)
            if (j >= 0 && j < NL) {
                indices[k] = j;
                data[k++] = i == j ? 2.0 : -1.0;
            }
    }
    indptr[NL] = k;
    require(steepest_csr_new(NL, indptr, indices, data, &lap) == STEEPEST_OK, "the Laplacian");

    GString *s = g_string_new("%%MatrixMarket matrix array real general\n");
    g_string_append_printf(s, "%d %d\n", N, N);
    for (size_t j = 0; j < N; j++) /* column-major, as the format says */
        for (size_t i = 0; i < N; i++)
            g_string_append_printf(s, "%.17g\n", H_sym[i * N + j]);
    mm_array = g_string_free(s, FALSE);
    s = g_string_new("%%MatrixMarket matrix coordinate real symmetric\n");
    g_string_append_printf(s, "%d %d %d\n", NL, NL, 2 * NL - 1);
    for (int i = 0; i < NL; i++) {
        g_string_append_printf(s, "%d %d 2\n", i + 1, i + 1);
        if (i > 0)
            g_string_append_printf(s, "%d %d -1\n", i + 1, i);
    }
    mm_coord = g_string_free(s, FALSE);
}

static SteepestInducedOptions *
options(int mode)
{
    SteepestInducedOptions *o = steepest_induced_options_new();
    steepest_induced_options_set_mode(o, mode);
    steepest_induced_options_set_threads(o, 2);
    steepest_induced_options_set_seed(o, 7);
    steepest_induced_options_set_restarts(o, 2);
    return o;
}

/* steepest_matrix_inf1 in one mode on one matrix: v = [lower, upper]. */
static int
inf1_of(size_t n, const double *H, int mode, double *v)
{
    SteepestInducedOptions *o = options(mode);
    int rc = steepest_matrix_inf1(n, H, o, &v[0], &v[1], NULL, NULL);
    steepest_induced_options_free(o);
    return rc;
}

static int
op_inf1_bounds_psd(double *v)
{
    return inf1_of(N, H_psd, STEEPEST_INDUCED_BOUNDS, v);
}
static int
op_inf1_bounds_sym(double *v)
{
    return inf1_of(N, H_sym, STEEPEST_INDUCED_BOUNDS, v);
}
static int
op_inf1_bounds_gen(double *v)
{
    return inf1_of(N, H_gen, STEEPEST_INDUCED_BOUNDS, v);
}
static int
op_inf1_bounds_near(double *v)
{
    return inf1_of(N, H_near, STEEPEST_INDUCED_BOUNDS, v);
}
static int
op_inf1_auto_small(double *v)
{
    return inf1_of(NS, H_small, STEEPEST_INDUCED_AUTO, v);
}
static int
op_inf1_exact_small(double *v)
{
    return inf1_of(NS, H_small, STEEPEST_INDUCED_EXACT, v);
}

static int
op_inf1_bnb(double *v)
{
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_AUTO);
    int exact = 0;
    int rc = steepest_matrix_inf1_branch_and_bound(NS, H_small, o, &v[0], &v[1], &exact, NULL);
    steepest_induced_options_free(o);
    return rc;
}

static int
op_local_search(double *v)
{
    return steepest_matrix_inf1_local_search(N, H_gen, 3, 4, &v[0], NULL);
}

static int
op_lsep(double *v) /* v = [dual, primal]: an interval around L_sep */
{
    return steepest_matrix_lsep(N, H_psd, 200, 0, 5, &v[1], &v[0], NULL, NULL);
}

static int
op_lsep_near(double *v)
{
    return steepest_matrix_lsep(N, H_near, 200, 0, 5, &v[1], &v[0], NULL, NULL);
}

static size_t block_start[N / 8 + 1];

static int
op_block_induced(double *v)
{
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_BOUNDS);
    int rc = steepest_matrix_block_induced(N, H_sym, N / 8, block_start, o, &v[0], &v[1], NULL, NULL);
    steepest_induced_options_free(o);
    return rc;
}

static int
op_spectral_sym(double *v)
{
    return steepest_matrix_spectral_norm(N, H_sym, &v[0]);
}
static int
op_spectral_gen(double *v)
{
    return steepest_matrix_spectral_norm(N, H_gen, &v[0]);
}

static int
op_eigenvalues(double *v)
{
    double w[N];
    int rc = steepest_matrix_sym_eigenvalues(N, H_sym, w);
    v[0] = w[0];
    v[1] = w[N - 1];
    return rc;
}

static int
op_is_psd(double *v)
{
    int psd = -1;
    int rc = steepest_matrix_is_psd(N, H_psd, &psd, NULL);
    v[0] = psd;
    return rc;
}

/* ---- operator forms: dense, CSR and callback operators ----------------------- */

static int
lap_hv(void *user_data, size_t n, const double *x, double *out)
{
    (void) user_data;
    for (size_t i = 0; i < n; i++)
        out[i] = 2.0 * x[i] - (i > 0 ? x[i - 1] : 0.0) - (i + 1 < n ? x[i + 1] : 0.0);
    return 0;
}

typedef int (*OperatorFn)(SteepestOperator *op, double *v);

enum { CSR_GENERAL = 10, CSR_NEAR, GRADIENT }; /* operators besides the three above */

static int quadratic_grad(void *user_data, size_t n, const double *x, double *g);

static int
with_operator(int kind, OperatorFn fn, double *v)
{
    SteepestOperator *op = NULL;
    int rc = kind == STEEPEST_OPERATOR_DENSE      ? steepest_operator_new_dense(N, H_psd, &op)
             : kind == STEEPEST_OPERATOR_CSR      ? steepest_operator_new_csr(lap, &op)
             : kind == STEEPEST_OPERATOR_CALLBACK ? steepest_operator_new_callback(NL, lap_hv, NULL, &op)
             : kind == CSR_GENERAL                ? steepest_operator_new_csr(csr_gen, &op)
             : kind == CSR_NEAR                   ? steepest_operator_new_csr(csr_near, &op)
                                : steepest_operator_new_gradient(N, quadratic_grad, H_psd, x_vec, 0, &op);
    if (rc == STEEPEST_OK)
        rc = fn(op, v);
    steepest_operator_free(op);
    return rc;
}

static int
f_inf1(SteepestOperator *op, double *v)
{
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_AUTO);
    int rc = steepest_operator_inf1(op, o, &v[0], &v[1], NULL, NULL, NULL);
    steepest_induced_options_free(o);
    return rc;
}

static int
f_spectral(SteepestOperator *op, double *v)
{
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_AUTO);
    int rc = steepest_operator_spectral_norm(op, o, &v[0], &v[1], NULL, NULL);
    steepest_induced_options_free(o);
    return rc;
}

static int
f_extreme(SteepestOperator *op, double *v) /* v = [λ_max, λ_max]: a point, compared loosely */
{
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_AUTO);
    double r = 0;
    int rc = steepest_operator_extreme_eigenvalues(op, o, NULL, &v[0], NULL, &r);
    v[1] = v[0] + r;
    v[0] -= r;
    steepest_induced_options_free(o);
    return rc;
}

static int
f_probes(SteepestOperator *op, double *v)
{
    return steepest_operator_probes(op, 8, 3, &v[0], &v[1], &v[2], NULL);
}

static int
f_is_psd(SteepestOperator *op, double *v)
{
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_AUTO);
    int psd = -1;
    int rc = steepest_operator_is_psd(op, o, &psd, NULL, NULL, NULL, NULL);
    v[0] = psd;
    steepest_induced_options_free(o);
    return rc;
}

static int
f_lsep(SteepestOperator *op, double *v)
{
    return steepest_operator_lsep(op, 100, 0, 5, &v[1], &v[0], NULL, NULL);
}

static size_t op_block_start[NL / 5 + 1];

static int
f_block(SteepestOperator *op, double *v)
{
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_BOUNDS);
    size_t n = steepest_operator_dim(op), nb = n / 5;
    size_t *start = n == NL ? op_block_start : block_start;
    if (n != NL)
        nb = N / 8;
    int rc = steepest_operator_block_induced(op, nb, start, o, &v[0], &v[1], NULL, NULL, NULL);
    steepest_induced_options_free(o);
    return rc;
}

static int
f_entry_sums(SteepestOperator *op, double *v)
{
    return steepest_operator_entry_sums(op, &v[0], &v[1], &v[2], &v[3], &v[4]);
}

static int
f_local_search(SteepestOperator *op, double *v)
{
    return steepest_operator_inf1_local_search(op, 5, 4, &v[0], NULL);
}

static int
f_eigen_ratio(SteepestOperator *op, double *v)
{
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_AUTO);
    int rc = steepest_analysis_eigen_ratio_operator(op, o, &v[0], &v[1], NULL, NULL, NULL);
    steepest_induced_options_free(o);
    return rc;
}

static int
f_apply(SteepestOperator *op, double *v)
{
    double out[N];
    int rc = steepest_operator_apply(op, x_vec, out);
    v[0] = out[0];
    v[1] = out[N - 1];
    return rc;
}

#define OPERATOR_OP(kind, KIND, fn)            \
    static int op_##kind##_##fn(double *v)     \
    {                                          \
        return with_operator(KIND, f_##fn, v); \
    }

OPERATOR_OP(cb, STEEPEST_OPERATOR_CALLBACK, block)
OPERATOR_OP(gen, CSR_GENERAL, inf1)
OPERATOR_OP(gen, CSR_GENERAL, local_search)
OPERATOR_OP(near, CSR_NEAR, is_psd)
OPERATOR_OP(near, CSR_NEAR, lsep)
OPERATOR_OP(grad, GRADIENT, apply)
OPERATOR_OP(grad, GRADIENT, entry_sums)
OPERATOR_OP(csr, STEEPEST_OPERATOR_CSR, block)
OPERATOR_OP(dense, STEEPEST_OPERATOR_DENSE, block)
OPERATOR_OP(cb, STEEPEST_OPERATOR_CALLBACK, eigen_ratio)
OPERATOR_OP(csr, STEEPEST_OPERATOR_CSR, eigen_ratio)
OPERATOR_OP(cb, STEEPEST_OPERATOR_CALLBACK, entry_sums)
OPERATOR_OP(cb, STEEPEST_OPERATOR_CALLBACK, extreme)
OPERATOR_OP(csr, STEEPEST_OPERATOR_CSR, extreme)
OPERATOR_OP(dense, STEEPEST_OPERATOR_DENSE, extreme)
OPERATOR_OP(cb, STEEPEST_OPERATOR_CALLBACK, inf1)
OPERATOR_OP(csr, STEEPEST_OPERATOR_CSR, inf1)
OPERATOR_OP(dense, STEEPEST_OPERATOR_DENSE, inf1)
OPERATOR_OP(cb, STEEPEST_OPERATOR_CALLBACK, is_psd)
OPERATOR_OP(csr, STEEPEST_OPERATOR_CSR, is_psd)
OPERATOR_OP(dense, STEEPEST_OPERATOR_DENSE, is_psd)
OPERATOR_OP(cb, STEEPEST_OPERATOR_CALLBACK, local_search)
OPERATOR_OP(csr, STEEPEST_OPERATOR_CSR, local_search)
OPERATOR_OP(csr, STEEPEST_OPERATOR_CSR, lsep)
OPERATOR_OP(dense, STEEPEST_OPERATOR_DENSE, lsep)
OPERATOR_OP(cb, STEEPEST_OPERATOR_CALLBACK, probes)
OPERATOR_OP(csr, STEEPEST_OPERATOR_CSR, probes)
OPERATOR_OP(dense, STEEPEST_OPERATOR_DENSE, probes)
OPERATOR_OP(cb, STEEPEST_OPERATOR_CALLBACK, spectral)
OPERATOR_OP(csr, STEEPEST_OPERATOR_CSR, spectral)
OPERATOR_OP(dense, STEEPEST_OPERATOR_DENSE, spectral)

/* ---- sparse matrices and Matrix Market ----------------------------------------- */

static int
op_mm_array(double *v)
{
    size_t n = 0;
    double *H = NULL;
    SteepestCsr *csr = NULL;
    int rc = steepest_matrix_market_parse("array", mm_array, strlen(mm_array), STEEPEST_MM_REQUIRE_SYMMETRIC,
                                          0, &n, &H, &csr);
    if (rc == STEEPEST_OK)
        v[0] = H[N * N - 1], v[1] = (double) n;
    steepest_matrix_free(H);
    steepest_csr_free(csr);
    return rc;
}

static int
op_mm_coord(double *v)
{
    size_t n = 0;
    double *H = NULL;
    SteepestCsr *csr = NULL;
    int rc = steepest_matrix_market_parse("coord", mm_coord, strlen(mm_coord), 0, 0, &n, &H, &csr);
    if (rc == STEEPEST_OK)
        v[0] = (double) steepest_csr_nnz(csr), v[1] = (double) n;
    steepest_matrix_free(H);
    steepest_csr_free(csr);
    return rc;
}

static int
op_csr_roundtrip(double *v)
{
    SteepestCsr *csr = NULL;
    int rc = steepest_csr_from_dense(N, H_gen, &csr);
    if (rc == STEEPEST_OK) {
        static double back[N * N]; /* the test's own, static: no injected failure */
        rc = steepest_csr_to_dense(csr, back);
        v[0] = (double) steepest_csr_nnz(csr);
        v[1] = memcmp(back, H_gen, sizeof back) == 0;
        if (rc == STEEPEST_OK) {
            int sym = -1;
            rc = steepest_csr_is_symmetric(csr, 0, &sym);
            v[2] = sym;
        }
    }
    steepest_csr_free(csr);
    return rc;
}

/* ---- norms ---------------------------------------------------------------------- */

/* steepest_norm_new, then the duality map, dual norm and the induced norm of H_psd. */
static int
norm_ops(const char *spec, double *v)
{
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new(spec, N, &norm);
    double map[N];
    if (rc == STEEPEST_OK)
        rc = steepest_norm_duality_map(norm, N, g_vec, map, &v[0]);
    if (rc == STEEPEST_OK)
        rc = steepest_norm_dual_norm(norm, N, g_vec, &v[1]);
    if (rc == STEEPEST_OK) {
        SteepestInducedOptions *o = options(STEEPEST_INDUCED_BOUNDS);
        rc = steepest_norm_induced(norm, N, H_psd, o, &v[2], &v[3], NULL, NULL);
        steepest_induced_options_free(o);
        if (rc == STEEPEST_ERROR_UNSUPPORTED) /* a norm without an induced method */
            rc = STEEPEST_OK, v[2] = v[3] = 0;
    }
    steepest_norm_free(norm);
    return rc;
}

static int
op_norm_l2(double *v)
{
    return norm_ops("l2", v);
}
static int
op_norm_linf(double *v)
{
    return norm_ops("linf", v);
}
static int
op_norm_block(double *v)
{
    return norm_ops("block:size=8", v);
}
static int
op_norm_product(double *v)
{
    return norm_ops("product:parts=[l2:dim=36|linf:dim=18|block:size=3,dim=18]", v);
}
static int
op_norm_spectral(double *v)
{
    return norm_ops("spectral:rows=8,cols=9", v);
}

/* ---- analysis, optimizer, solver, experiments ----------------------------------- */

static int
op_compare_quadratic(double *v)
{
    static const char *const specs[] = { "l2", "linf", "l1" };
    SteepestComparison *cmp = NULL;
    SteepestInducedOptions *o = options(STEEPEST_INDUCED_BOUNDS);
    int rc = steepest_compare_quadratic(N, H_psd, x_vec, NULL, specs, 3, o, &cmp);
    steepest_induced_options_free(o);
    if (rc == STEEPEST_OK)
        v[0] = (double) steepest_comparison_count(cmp);
    steepest_comparison_free(cmp);
    return rc;
}

static int
op_eigen_ratio(double *v)
{
    return steepest_analysis_eigen_ratio(N, H_psd, &v[0], &v[1], NULL);
}
static int
op_ratio_bound(double *v)
{
    return steepest_analysis_improvement_ratio_bound(N, H_psd, g_vec, &v[0]);
}

static int
quadratic_grad(void *user_data, size_t n, const double *x, double *g)
{
    const double *H = user_data;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += H[i * n + j] * x[j];
        g[i] = s;
    }
    return 0;
}

static int
quadratic_fn(void *user_data, size_t n, const double *x, double *f, double *g)
{
    static double own[N]; /* the callback's own scratch must not take an injected failure */
    double *gx = g != NULL ? g : own;
    quadratic_grad(user_data, n, x, gx);
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i] * gx[i];
    *f = 0.5 * s;
    return 0;
}

static int
op_smoothness(double *v)
{
    static const double gammas[] = { 1e-3, 1e-2, 1e-1 };
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new("linf", N, &norm);
    if (rc == STEEPEST_OK)
        rc = steepest_analysis_estimate_smoothness(norm, quadratic_grad, H_psd, N, x_vec, NULL, gammas, 3,
                                                   0.1, STEEPEST_PROBE_UNIT, &v[0], NULL);
    if (rc == STEEPEST_OK)
        rc = steepest_analysis_estimate_improvement_ratio(quadratic_grad, H_psd, N, x_vec, gammas, 3, 0.1,
                                                          0.1, &v[1], NULL, NULL);
    steepest_norm_free(norm);
    return rc;
}

static int
op_guaranteed_decrease(double *v)
{
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new("l2", N, &norm);
    if (rc == STEEPEST_OK)
        rc = steepest_analysis_guaranteed_decrease_matrix(norm, N, g_vec, H_psd, NULL, &v[0], &v[1], NULL);
    steepest_norm_free(norm);
    return rc;
}

static int
op_compare_gradient(double *v)
{
    static const char *const specs[] = { "l2", "linf" };
    static const double gammas[] = { 1e-2, 1e-1 };
    SteepestComparison *cmp = NULL;
    int rc = steepest_compare_gradient(quadratic_grad, H_psd, N, x_vec, specs, NULL, 2, gammas, 2, 0.1, &cmp);
    if (rc == STEEPEST_OK)
        v[0] = (double) steepest_comparison_count(cmp);
    steepest_comparison_free(cmp);
    return rc;
}

static int
op_certify(double *v)
{
    SteepestNorm *norm = NULL;
    int verdict = -1;
    int rc = steepest_norm_new("l2", N, &norm);
    if (rc == STEEPEST_OK)
        rc = steepest_analysis_certify(norm, quadratic_fn, H_psd, N, x_vec, 400.0, 1e-9, &v[0], &v[1],
                                       &verdict, NULL);
    v[2] = verdict;
    steepest_norm_free(norm);
    return rc;
}

/* The scaled and normalized steps of a class without fused step kernels. */
static int
op_norm_steps(double *v)
{
    SteepestNorm *norm = NULL;
    double out[NP];
    int rc = steepest_norm_new("lp:p=3", NP, &norm);
    if (rc == STEEPEST_OK)
        rc = steepest_norm_step_scaled(norm, NP, p_vec, p_vec, 0.5, out, &v[0]);
    v[1] = out[NP - 1];
    if (rc == STEEPEST_OK)
        rc = steepest_norm_step_normalized(norm, NP, p_vec, p_vec, 0.5, out, &v[2]);
    v[3] = out[NP - 1];
    steepest_norm_free(norm);
    return rc;
}

static int
op_problems(double *v)
{
    static double x[N], A[2 * N * N], b[2 * N];
    SteepestQuadratic *q = NULL;
    int rc = steepest_quadratic_new(N, H_sym, g_vec, STEEPEST_DATA_COPY, &q);
    if (rc == STEEPEST_OK) { /* H_sym is indefinite: NOT_PSD is its documented answer */
        rc = steepest_quadratic_get_minimizer(q, N, x, &v[0]);
        v[0] = rc;
        rc = rc == STEEPEST_ERROR_NOT_PSD ? STEEPEST_OK : rc;
    }
    steepest_quadratic_free(q);
    for (size_t i = 0; i < 2 * N * N; i++)
        A[i] = H_gen[i % (N * N)] + (i / (N * N) ? 1.0 : 0.0);
    for (size_t i = 0; i < 2 * N; i++)
        b[i] = x_vec[i % N];
    SteepestLeastSquares *ls = NULL;
    if (rc == STEEPEST_OK)
        rc = steepest_least_squares_new(2 * N, N, A, b, STEEPEST_DATA_COPY, &ls);
    if (rc == STEEPEST_OK)
        rc = steepest_least_squares_get_minimizer(ls, N, x, &v[1]);
    v[2] = x[0];
    steepest_least_squares_free(ls);
    return rc;
}

static int
op_shards(double *v)
{
    static double y[N];
    for (size_t i = 0; i < N; i++)
        y[i] = x_vec[i] > 0 ? 1.0 : -1.0;
    SteepestLogistic *lr = NULL;
    SteepestLeastSquares *ls = NULL;
    int rc = steepest_logistic_new_shard(N, N, H_gen, y, 0.1, 0, 1, &lr);
    if (rc == STEEPEST_OK)
        rc = steepest_least_squares_new_shard(N, N, H_gen, x_vec, 1, 2, &ls);
    SteepestObjectiveFn fn = NULL;
    void *data = NULL;
    double g[N];
    if (rc == STEEPEST_OK && (rc = steepest_logistic_get_objective(lr, &fn, &data)) == STEEPEST_OK)
        rc = fn(data, N, x_vec, &v[0], g) == 0 ? STEEPEST_OK : STEEPEST_ERROR_CALLBACK;
    if (rc == STEEPEST_OK && (rc = steepest_least_squares_get_objective(ls, &fn, &data)) == STEEPEST_OK)
        rc = fn(data, N, x_vec, &v[1], g) == 0 ? STEEPEST_OK : STEEPEST_ERROR_CALLBACK;
    steepest_logistic_free(lr);
    steepest_least_squares_free(ls);
    return rc;
}

static int
op_optimizer(double *v)
{
    static const int rules[] = { STEEPEST_RULE_MOMENTUM, STEEPEST_RULE_NESTEROV, STEEPEST_RULE_LION,
                                 STEEPEST_RULE_ADAM, STEEPEST_RULE_EF };
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new("linf", N, &norm);
    v[0] = 0;
    for (size_t r = 0; rc == STEEPEST_OK && r < (size_t) G_N_ELEMENTS(rules); r++) {
        SteepestOptimizer *opt = NULL;
        double x[N];
        memcpy(x, x_vec, sizeof x);
        rc = steepest_optimizer_new(norm, N, &opt);
        if (rc == STEEPEST_OK)
            rc = steepest_optimizer_set_rule(opt, rules[r]);
        for (int t = 0; rc == STEEPEST_OK && t < 3; t++)
            rc = steepest_optimizer_update(opt, N, x, g_vec);
        size_t size = 0;
        if (rc == STEEPEST_OK)
            rc = steepest_optimizer_get_state_size(opt, &size);
        v[0] += x[0] + x[N - 1] + (double) size;
        steepest_optimizer_free(opt);
    }
    steepest_norm_free(norm);
    return rc;
}

static int
op_solver(double *v)
{
    static const int rules[] = { STEEPEST_STEP_CONSTANT, STEEPEST_STEP_ARMIJO, STEEPEST_STEP_NORMALIZED_GD,
                                 STEEPEST_STEP_MOMENTUM, STEEPEST_STEP_RPROP };
    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new("l2", N, &norm);
    v[0] = 0;
    for (size_t r = 0; rc == STEEPEST_OK && r < (size_t) G_N_ELEMENTS(rules); r++) {
        SteepestSolver *s = NULL;
        double x[N];
        memcpy(x, x_vec, sizeof x);
        rc = steepest_solver_new(norm, N, &s);
        if (rc == STEEPEST_OK)
            rc = steepest_solver_set_objective(s, quadratic_fn, H_psd, NULL);
        if (rc == STEEPEST_OK)
            rc = steepest_solver_set_step_rule(s, rules[r]);
        if (rc == STEEPEST_OK) /* the trace's arrays pass the threshold after 64 records */
            rc = steepest_solver_set_max_iter(s, r == 0 ? 100 : 20);
        if (rc == STEEPEST_OK)
            rc = steepest_solver_set_trace(s, 1);
        if (rc == STEEPEST_OK)
            rc = steepest_solver_set_xtol(s, 1e-300);
        if (rc == STEEPEST_OK) {
            int stop = steepest_solver_run(s, N, x); /* a stop reason (> 0) or an error */
            rc = stop < 0 ? stop : STEEPEST_OK;
        }
        if (rc == STEEPEST_OK) {
            v[0] += steepest_solver_get_f(s) + (double) steepest_solver_get_iterations(s);
            /* the trace is complete, or says it is not */
            size_t records = steepest_solver_get_trace_length(s);
            if (!steepest_solver_get_trace_truncated(s) &&
                (records != steepest_solver_get_iterations(s) + 1 ||
                 !(steepest_solver_get_trace_f(s)[records - 1] == steepest_solver_get_f(s))))
                v[1] += 1.0; /* a complete trace ends at the final iterate */
        }
        steepest_solver_free(s);
    }
    steepest_norm_free(norm);
    return rc;
}

static int
op_check_gradient(double *v)
{
    return steepest_check_gradient(quadratic_fn, H_psd, N, x_vec, 0, N, NULL, NULL, NULL, NULL, &v[0]);
}

static int
op_experiments(double *v)
{
    enum { D = 128 }; /* d lapack_ints (4 bytes): at the threshold */
    SteepestRng *rng = NULL;
    int rc = steepest_rng_new(11, &rng);
    static double R[D * D], H[D * D];
    double lambda[D], x0[2 * D];
    if (rc == STEEPEST_OK)
        rc = steepest_random_rotation(rng, D, R);
    static double P[D * D];
    if (rc == STEEPEST_OK)
        rc = steepest_rotation_power(D, R, 0.25, P);
    v[4] = P[0];
    if (rc == STEEPEST_OK)
        rc = steepest_experiment_spectrum(D, 4.0, lambda);
    if (rc == STEEPEST_OK)
        rc = steepest_rotated_hessian(D, R, 0.5, lambda, H);
    if (rc == STEEPEST_OK)
        rc = steepest_rng_fill_normal(rng, 2 * D, x0);
    SteepestNorm *a = NULL, *b = NULL;
    if (rc == STEEPEST_OK)
        rc = steepest_norm_new("l2", D, &a);
    if (rc == STEEPEST_OK)
        rc = steepest_norm_new("l1", D, &b); /* exact and cheap: max |H_ij| */
    if (rc == STEEPEST_OK) {
        SteepestInducedOptions *o = options(STEEPEST_INDUCED_BOUNDS);
        rc = steepest_experiment_compare(a, b, D, H, o, 2, x0, 10, &v[0], &v[1], NULL, &v[2], &v[3]);
        steepest_induced_options_free(o);
    }
    steepest_norm_free(a);
    steepest_norm_free(b);
    steepest_rng_free(rng);
    return rc;
}

static const Op ops[] = {
    { "matrix_inf1 bounds (PSD)", op_inf1_bounds_psd, INTERVAL, 0, 0, 0 },
    { "matrix_inf1 bounds (indefinite)", op_inf1_bounds_sym, INTERVAL, 0, 0, 0 },
    { "matrix_inf1 bounds (general)", op_inf1_bounds_gen, INTERVAL, 0, 0, 0 },
    { "matrix_inf1 bounds (nearly symmetric PSD)", op_inf1_bounds_near, INTERVAL, 0, 0, 0 },
    { "matrix_lsep (nearly symmetric)", op_lsep_near, INTERVAL, 0, 0, 0 },
    { "operator_inf1 (general csr)", op_gen_inf1, INTERVAL, 0, 0, 0 },
    { "operator_inf1_local_search (general csr)", op_gen_local_search, SAME, 0, 0, 0 },
    { "operator_is_psd (nearly symmetric csr)", op_near_is_psd, SAME, 0, 0, 0 },
    { "operator_lsep (nearly symmetric csr)", op_near_lsep, INTERVAL, 0, 0, 0 },
    { "operator_apply (gradient)", op_grad_apply, SAME, 0, 0, 0 },
    { "operator_entry_sums (gradient)", op_grad_entry_sums, SAME, 0, 0, 0 },
    { "compare_gradient", op_compare_gradient, SAME, 0, 0, 0 },
    { "analysis_certify", op_certify, SAME, 0, 0, 0 },
    { "norm steps (lp, n = 300)", op_norm_steps, SAME, 0, 0, 0 },
    { "quadratic and least squares problems", op_problems, SAME, 0, 0, 0 },
    { "logistic and least-squares shards", op_shards, SAME, 0, 0, 0 },
    { "matrix_inf1 auto (small)", op_inf1_auto_small, INTERVAL, 128, 0, 0 },
    { "matrix_inf1 exact (small)", op_inf1_exact_small, INTERVAL, 128, 0, 0 },
    { "matrix_inf1_branch_and_bound", op_inf1_bnb, INTERVAL, 128, 0, 0 },
    { "matrix_inf1_local_search", op_local_search, SAME, 0, 0, 0 },
    { "matrix_lsep", op_lsep, INTERVAL, 0, 0, 0 },
    { "matrix_block_induced", op_block_induced, INTERVAL, 0, 0, 0 },
    { "matrix_spectral_norm (symmetric)", op_spectral_sym, SAME, 0, 0, 0 },
    { "matrix_spectral_norm (general)", op_spectral_gen, SAME, 0, 0, 0 },
    { "matrix_sym_eigenvalues", op_eigenvalues, SAME, 0, 0, 0 },
    { "matrix_is_psd", op_is_psd, SAME, 0, 0, 0 },
    { "operator_inf1 (dense)", op_dense_inf1, INTERVAL, 0, 0, 0 },
    { "operator_inf1 (csr)", op_csr_inf1, INTERVAL, 0, 0, 0 },
    { "operator_inf1 (callback)", op_cb_inf1, INTERVAL, 0, 0, 0 },
    { "operator_spectral_norm (dense)", op_dense_spectral, INTERVAL, 0, 0, 0 },
    { "operator_spectral_norm (csr)", op_csr_spectral, INTERVAL, 0, 0, 0 },
    { "operator_spectral_norm (callback)", op_cb_spectral, INTERVAL, 0, 0, 0 },
    { "operator_extreme_eigenvalues (dense)", op_dense_extreme, INTERVAL, 0, 0, 0 },
    { "operator_extreme_eigenvalues (csr)", op_csr_extreme, INTERVAL, 0, 0, 0 },
    { "operator_extreme_eigenvalues (callback)", op_cb_extreme, INTERVAL, 0, 0, 0 },
    { "operator_probes (dense)", op_dense_probes, SAME, 0, 0, 0 },
    { "operator_probes (csr)", op_csr_probes, SAME, 0, 0, 0 },
    { "operator_probes (callback)", op_cb_probes, SAME, 0, 0, 0 },
    { "operator_is_psd (dense)", op_dense_is_psd, SAME, 0, 0, 0 },
    { "operator_is_psd (csr)", op_csr_is_psd, SAME, 0, 0, 0 },
    { "operator_is_psd (callback)", op_cb_is_psd, SAME, 0, 0, 0 },
    { "operator_lsep (dense)", op_dense_lsep, INTERVAL, 0, 0, 0 },
    { "operator_lsep (csr)", op_csr_lsep, INTERVAL, 0, 0, 0 },
    { "operator_block_induced (dense)", op_dense_block, INTERVAL, 0, 0, 0 },
    { "operator_block_induced (csr)", op_csr_block, INTERVAL, 0, 0, 0 },
    { "operator_block_induced (callback)", op_cb_block, INTERVAL, 0, 0, 0 },
    { "operator_entry_sums (callback)", op_cb_entry_sums, SAME, 0, 0, 0 },
    { "operator_inf1_local_search (csr)", op_csr_local_search, SAME, 0, 0, 0 },
    { "operator_inf1_local_search (callback)", op_cb_local_search, SAME, 0, 0, 0 },
    { "analysis_eigen_ratio_operator (csr)", op_csr_eigen_ratio, INTERVAL, 0, 0, 0 },
    { "analysis_eigen_ratio_operator (callback)", op_cb_eigen_ratio, INTERVAL, 0, 0, 0 },
    { "matrix_market_parse (array)", op_mm_array, SAME, 0, 0, 0 },
    { "matrix_market_parse (coordinate)", op_mm_coord, SAME, 0, 0, 0 },
    { "csr_from_dense, to_dense, is_symmetric", op_csr_roundtrip, SAME, 0, 0, 0 },
    { "norm l2", op_norm_l2, INTERVAL, 0, 0, 0 },
    { "norm linf", op_norm_linf, INTERVAL, 0, 0, 0 },
    { "norm block", op_norm_block, INTERVAL, 0, 0, 0 },
    { "norm product", op_norm_product, INTERVAL, 0, 0, 300 }, /* every allocation: the product's come early */
    /* the spectral plugin reports LAPACKE's failed work array in dgesdd as LINALG
     * (naming info -1010): a clear error, if not the precise one */
    { "norm spectral", op_norm_spectral, INTERVAL, 0, STEEPEST_ERROR_LINALG, 0 },
    { "compare_quadratic", op_compare_quadratic, SAME, 0, 0, 0 },
    { "analysis_eigen_ratio", op_eigen_ratio, SAME, 0, 0, 0 },
    { "analysis_improvement_ratio_bound", op_ratio_bound, SAME, 0, 0, 0 },
    { "analysis_estimate_smoothness", op_smoothness, SAME, 0, 0, 0 },
    { "analysis_guaranteed_decrease_matrix", op_guaranteed_decrease, SAME, 0, 0, 0 },
    { "optimizer_new/update", op_optimizer, SAME, 0, 0, 0 },
    /* just the n-vectors: the solver struct itself (552 bytes) is bookkeeping, g_new0 */
    { "solver_run", op_solver, SAME, N * sizeof(double), 0, 0 },
    { "check_gradient", op_check_gradient, SAME, 0, 0, 0 },
    { "experiments", op_experiments, SAME, 0, 0, 0 },
};

/* ---- running one armed call in a child ---------------------------------------- */

typedef struct {
    int status;
    int fired;
    long seen;
    double v[MAX_VALUES];
    char error[240];
} Outcome;

static Outcome *shared; /* MAP_SHARED: what the child leaves for the parent */

/* Runs ops[i] armed with k (0: counting only) in a child; returns the child's
 * wait status, *out what it reported. */
static int
run_child(const Op *op, long k, Outcome *out)
{
    memset(shared, 0, sizeof *shared);
    shared->status = 1; /* not a status: the child died before reporting */
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* LAPACKE prints its allocation failures on stdout, the TAP stream */
        dup2(STDERR_FILENO, STDOUT_FILENO);
        double v[MAX_VALUES] = { 0 };
        inject_min_bytes = op->min_bytes ? op->min_bytes : 512;
        inject_seen = 0;
        inject_fired = 0;
        inject_countdown = k;
        __atomic_store_n(&inject_counting, 1, __ATOMIC_SEQ_CST);
        int rc = op->run(v);
        __atomic_store_n(&inject_counting, 0, __ATOMIC_SEQ_CST);
        shared->fired = inject_fired;
        shared->seen = inject_seen;
        memcpy(shared->v, v, sizeof v);
        g_strlcpy(shared->error, steepest_last_error(), sizeof shared->error);
        shared->status = rc;
        exit(0); /* not _exit: the coverage counters are written at exit */
    }
    int ws = 0;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    *out = *shared;
    return ws;
}

static int
same_value(double a, double b)
{
    return a == b || fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

/* Empty string when got is a valid result next to the reference, else why not. */
static const char *
judge(const Op *op, const Outcome *ref, const Outcome *got, char *why, size_t size)
{
    why[0] = '\0';
    if (op->kind == SAME) {
        for (int i = 0; i < MAX_VALUES; i++)
            if (!same_value(got->v[i], ref->v[i]))
                g_snprintf(why, size, "value %d is %.17g, the un-armed run gave %.17g", i, got->v[i],
                           ref->v[i]);
        return why;
    }
    /* intervals [v0, v1], [v2, v3], ...: each must contain the truth, as the reference's does */
    for (int i = 0; i + 1 < MAX_VALUES; i += 2) {
        double tol = 1e-9 * fmax(1.0, fmax(fabs(ref->v[i]), fabs(ref->v[i + 1])));
        if (!(got->v[i] <= got->v[i + 1] + tol) || got->v[i] > ref->v[i + 1] + tol ||
            got->v[i + 1] < ref->v[i] - tol)
            g_snprintf(why, size, "interval %d is [%.17g, %.17g], the un-armed run gave [%.17g, %.17g]",
                       i / 2, got->v[i], got->v[i + 1], ref->v[i], ref->v[i + 1]);
    }
    return why;
}

enum { MAX_RUNS = 60 }; /* armed runs per operation */

START_TEST(test_oom_sweep)
{
    const Op *op = &ops[_i];
    Outcome ref, got;
    char why[512];

    int ws = run_child(op, 0, &ref);
    ck_assert_msg(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "%s: the un-armed run died (wait status %d)",
                  op->name, ws);
    if (!steepest_operator_lanczos_available() &&
        (ref.status == STEEPEST_ERROR_UNSUPPORTED || ref.seen == 0)) {
        /* Built without ARPACK: a Lanczos operation is UNSUPPORTED and says
         * why, or (a PSD proof by Gershgorin) takes a path that allocates
         * nothing large; either way there is nothing to fail here. */
        ck_assert_msg(ref.status == STEEPEST_OK || strstr(ref.error, "ARPACK") != NULL, "%s: %d %s", op->name,
                      ref.status, ref.error);
        return;
    }
    ck_assert_msg(ref.status == STEEPEST_OK, "%s: the un-armed run failed: %d %s", op->name, ref.status,
                  ref.error);
    ck_assert_msg(ref.seen > 0, "%s: no allocation of at least the threshold: nothing to inject", op->name);

    /* k = 1 .. seen; beyond `cap` the first half in order, the rest spread out */
    long cap = op->max_runs ? op->max_runs : MAX_RUNS;
    long runs = ref.seen < cap ? ref.seen : cap, failed = 0;
    for (long r = 1; r <= runs + 1; r++) {
        long k = r <= cap / 2 || ref.seen <= cap
                     ? r
                     : cap / 2 + (r - cap / 2) * (ref.seen - cap / 2) / (runs - cap / 2);
        if (r == runs + 1)
            k = ref.seen + 1; /* must not fire */
        ws = run_child(op, k, &got);
        ck_assert_msg(WIFEXITED(ws) && WEXITSTATUS(ws) == 0,
                      "%s: the child with allocation %ld of %ld failing died (%s %d) instead of returning "
                      "STEEPEST_ERROR_NO_MEMORY",
                      op->name, k, ref.seen, WIFSIGNALED(ws) ? "signal" : "exit status",
                      WIFSIGNALED(ws) ? WTERMSIG(ws) : WEXITSTATUS(ws));
        if (!got.fired) {
            ck_assert_msg(got.status == STEEPEST_OK, "%s, k = %ld: nothing failed, yet status %d: %s",
                          op->name, k, got.status, got.error);
            ck_assert_msg(judge(op, &ref, &got, why, sizeof why)[0] == '\0',
                          "%s, k = %ld (nothing failed): %s", op->name, k, why);
            continue;
        }
        if (got.status == STEEPEST_OK) { /* a fallback: the value must still be right */
            ck_assert_msg(judge(op, &ref, &got, why, sizeof why)[0] == '\0',
                          "%s, allocation %ld failing: OK with a wrong value: %s", op->name, k, why);
            continue;
        }
        failed++;
        ck_assert_msg(got.status == STEEPEST_ERROR_NO_MEMORY || (op->also != 0 && got.status == op->also),
                      "%s, allocation %ld failing: status %s (%s), not STEEPEST_ERROR_NO_MEMORY", op->name, k,
                      steepest_status_name(got.status), got.error);
        ck_assert_msg(got.error[0] != '\0', "%s, allocation %ld failing: NO_MEMORY without a message",
                      op->name, k);
    }
    ck_assert_msg(failed > 0, "%s: no injected failure was reported as an error", op->name);
}
END_TEST

static void
setup(void)
{
    fixtures_init();
    for (size_t b = 0; b <= N / 8; b++)
        block_start[b] = 8 * b;
    for (size_t b = 0; b <= NL / 5; b++)
        op_block_start[b] = 5 * b;
    dl_iterate_phdr(find_exempt, NULL);
    /* load the plugins before any fork, so that children share the registry */
    SteepestNorm *warm = NULL;
    require(steepest_norm_new("l2", 1, &warm) == STEEPEST_OK, "the plugins");
    steepest_norm_free(warm);
    shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    require(shared != MAP_FAILED, "a shared page");
}

int
main(void)
{
    /* OOM_DEBUG=i:k runs operation i with allocation k failing in this
     * process, for a debugger (not used by the suite) */
    const char *debug = getenv("OOM_DEBUG");
    if (debug != NULL) {
        int i = atoi(debug);
        long k = atol(strchr(debug, ':') + 1);
        double v[MAX_VALUES] = { 0 };
        setup();
        inject_min_bytes = ops[i].min_bytes ? ops[i].min_bytes : 512;
        inject_countdown = k;
        inject_counting = 1;
        int rc = ops[i].run(v);
        inject_counting = 0;
        printf("%s: k %ld fired %d seen %ld status %d (%s) v %g %g\n", ops[i].name, k, inject_fired,
               inject_seen, rc, steepest_last_error(), v[0], v[1]);
        return 0;
    }
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("oom");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_oom_sweep, 0, (int) G_N_ELEMENTS(ops));
    suite_add_tcase(s, tc);
    return steepest_check_run(s, 1);
}
