/* block.c — the block max norm ‖x‖_{B,∞} = max_b ‖x_b‖₂ (Eq. 21):
 * steepest descent under it is block-normalized gradient descent.
 *
 * Dual ‖z‖_{B,1} = Σ_b ‖z_b‖₂, z♯ = ‖z‖_{B,1} normB(z), s(z) = normB(z), where
 * normB scales each block to unit ℓ2 length and leaves a zero block zero
 * (Eq. 22, MATH.md).  Blocks are contiguous: `size=K` cuts the vector into
 * blocks of K (K must divide the dimension), `sizes=A+B+...` gives each
 * length (they must sum to the dimension).
 */
#include <steepest/steepest-plugin.h>
#include <stdio.h>
#include <string.h>

#include "../common/kernels.h"

typedef struct {
    size_t n_blocks;
    size_t *start; /* n_blocks + 1 offsets; block b is [start[b], start[b+1]) */
} Block;

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
    block_host = host;
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

static int
block_dual_norm(void *state, size_t n, const double *z, double *value)
{
    (void) n;
    const Block *blk = state;
    double s = 0.0;
    for (size_t b = 0; b < blk->n_blocks; b++)
        s += block_nrm2(blk, b, z);
    *value = s;
    return STEEPEST_PLUGIN_OK;
}

/* out_b = x_b − c z_b/‖z_b‖ for every block (a zero block stays put).  The
 * block norm is recomputed here rather than stored: the block is in cache, and
 * no scratch space means no allocation and safe concurrent use. */
static void
block_move(const Block *blk, const double *x, const double *z, double c, double *out)
{
    for (size_t b = 0; b < blk->n_blocks; b++) {
        size_t lo = blk->start[b], hi = blk->start[b + 1];
        double nb = block_nrm2(blk, b, z);
        if (nb == 0.0) {
            if (out != x)
                memcpy(out + lo, x + lo, (hi - lo) * sizeof *x);
            continue;
        }
        double f = c / nb;
        if (isfinite(f)) {
            for (size_t i = lo; i < hi; i++)
                out[i] = x[i] - f * z[i];
        } else { /* tiny block norm: divide first so nothing overflows */
            for (size_t i = lo; i < hi; i++)
                out[i] = x[i] - c * (z[i] / nb);
        }
    }
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
block_step_normalized(void *state, size_t n, const double *x, const double *z, double alpha,
                      double *x_out, double *dual)
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
    if (!STEEPEST_PLUGIN_HAS_FIELD(block_host, SteepestPluginHost, matrix_block_induced) || block_host->matrix_block_induced == NULL) {
        if (block_host != NULL)
            block_host->set_error("the host offers no matrix_block_induced service (it predates plugin ABI 1.1)");
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
