/* optim-state.c — reset, and the state as bytes (checkpoints).
 *
 * Layout, every field in the writer's byte order, which the tag records:
 *    0  char[8]   "STEEPOPT"
 *    8  uint32    byte-order tag 0x01020304
 *   12  uint32    format version (1)
 *   16  uint32    rule
 *   20  uint32    number of buffers k
 *   24  uint64    n
 *   32  uint64    t (updates applied)
 *   40  double    lr_t, ‖g‖*, step length of the last update
 *   64  double    k buffers of n values
 *  end  uint64    FNV-1a checksum of every byte before it
 * A reader refuses the other byte order instead of swapping: checkpoints
 * move between machines of one architecture in practice, and a refusal
 * that says why beats a silent misreading.
 */
#include "optim/optim-private.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#define STATE_MAGIC "STEEPOPT"
#define STATE_ENDIAN_TAG 0x01020304u
#define STATE_VERSION 1u
#define STATE_HEADER 64u

int
steepest_optimizer_reset(SteepestOptimizer *opt)
{
    if (opt == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_optimizer_reset: the optimizer is NULL");
    for (unsigned i = 0; i < steepest_optim_rule_buffers(opt->rule); i++)
        if (opt->buffers[i] != NULL)
            memset(opt->buffers[i], 0, opt->n * sizeof(double));
    opt->step = 0;
    opt->m_bound = 0.0;
    opt->last_lr = opt->last_grad_norm = opt->last_step_norm = NAN;
    return STEEPEST_OK;
}

static size_t
state_size(const SteepestOptimizer *opt)
{
    return STATE_HEADER + (size_t) steepest_optim_rule_buffers(opt->rule) * opt->n * sizeof(double) +
           sizeof(uint64_t);
}

static uint64_t
fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

int
steepest_optimizer_get_state_size(const SteepestOptimizer *opt, size_t *size)
{
    if (opt == NULL || size == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_optimizer_get_state_size: %s is NULL",
                             opt == NULL ? "the optimizer" : "size");
    *size = state_size(opt);
    return STEEPEST_OK;
}

static unsigned char *
put(unsigned char *p, const void *v, size_t n)
{
    memcpy(p, v, n);
    return p + n;
}

int
steepest_optimizer_get_state(const SteepestOptimizer *opt, void *buffer, size_t size)
{
    const char *fn = "steepest_optimizer_get_state";
    if (opt == NULL || buffer == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             opt == NULL ? "the optimizer" : "buffer");
    const size_t need = state_size(opt);
    if (size < need)
        return steepest_optimizer_record((SteepestOptimizer *) opt,
                                         steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                                       "%s: the buffer holds %zu bytes, the state needs %zu",
                                                       fn, size, need));
    const uint32_t tag = STATE_ENDIAN_TAG, version = STATE_VERSION, rule = (uint32_t) opt->rule;
    const uint32_t k = steepest_optim_rule_buffers(opt->rule);
    const uint64_t n = opt->n, t = opt->step;
    unsigned char *p = buffer;
    p = put(p, STATE_MAGIC, 8);
    p = put(p, &tag, 4);
    p = put(p, &version, 4);
    p = put(p, &rule, 4);
    p = put(p, &k, 4);
    p = put(p, &n, 8);
    p = put(p, &t, 8);
    p = put(p, &opt->last_lr, 8);
    p = put(p, &opt->last_grad_norm, 8);
    p = put(p, &opt->last_step_norm, 8);
    for (uint32_t i = 0; i < k; i++)
        p = put(p, opt->buffers[i], opt->n * sizeof(double));
    const uint64_t sum = fnv1a(buffer, (size_t) (p - (unsigned char *) buffer));
    put(p, &sum, 8);
    return STEEPEST_OK;
}

static int refuse(SteepestOptimizer *opt, const char *why, ...) G_GNUC_PRINTF(2, 3);

static int
refuse(SteepestOptimizer *opt, const char *why, ...)
{
    va_list ap;
    va_start(ap, why);
    g_autofree char *msg = g_strdup_vprintf(why, ap);
    va_end(ap);
    return steepest_optimizer_record(opt,
                                     steepest_fail(STEEPEST_ERROR_FORMAT,
                                                   "steepest_optimizer_set_state: %s; the state is unchanged",
                                                   msg));
}

/* Checks everything before the buffers' contents: what the bytes claim. */
static int
check_header(SteepestOptimizer *opt, const unsigned char *b, size_t size)
{
    if (size < STATE_HEADER + sizeof(uint64_t) || memcmp(b, STATE_MAGIC, 8) != 0)
        return refuse(opt, "the buffer is not an optimizer state (no \"" STATE_MAGIC "\" header)");
    uint32_t tag, version, rule, k;
    uint64_t n;
    memcpy(&tag, b + 8, 4);
    memcpy(&version, b + 12, 4);
    memcpy(&rule, b + 16, 4);
    memcpy(&k, b + 20, 4);
    memcpy(&n, b + 24, 8);
    if (tag != STATE_ENDIAN_TAG)
        return refuse(opt, "the state was written on a machine of the other byte order (tag 0x%08x)", tag);
    if (version != STATE_VERSION)
        return refuse(opt, "the state has format version %u; this library reads version %u", version,
                      STATE_VERSION);
    if ((int) rule != opt->rule || k != steepest_optim_rule_buffers(opt->rule))
        return refuse(opt, "the state is of the rule %s, the optimizer's rule is %s",
                      steepest_rule_name((int) rule) ? steepest_rule_name((int) rule) : "(unknown)",
                      steepest_rule_name(opt->rule));
    if (n != opt->n)
        return refuse(opt, "the state is of dimension %" G_GUINT64_FORMAT ", the optimizer's is %zu", n,
                      opt->n);
    if (size != state_size(opt))
        return refuse(opt, "the buffer holds %zu bytes, a state of this rule and dimension has %zu", size,
                      state_size(opt));
    uint64_t sum;
    memcpy(&sum, b + size - 8, 8);
    if (sum != fnv1a(b, size - 8))
        return refuse(opt, "the checksum does not match: the state is corrupted");
    return STEEPEST_OK;
}

int
steepest_optimizer_set_state(SteepestOptimizer *opt, const void *buffer, size_t size)
{
    if (opt == NULL || buffer == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_optimizer_set_state: %s is NULL",
                             opt == NULL ? "the optimizer" : "buffer");
    const unsigned char *b = buffer;
    int rc = check_header(opt, b, size);
    if (rc != STEEPEST_OK)
        return rc;
    if ((rc = steepest_optim_ensure_buffers(opt)) != STEEPEST_OK)
        return steepest_optimizer_record(opt, rc);
    const uint32_t k = steepest_optim_rule_buffers(opt->rule);
    for (uint32_t i = 0; i < k; i++) {
        const unsigned char *src = b + STATE_HEADER + (size_t) i * opt->n * sizeof(double);
        memcpy(opt->buffers[i], src, opt->n * sizeof(double));
    }
    opt->m_bound = k > 0 ? steepest_optim_max_abs(opt->buffers[0], opt->n) : 0.0;
    memcpy(&opt->step, b + 32, 8);
    memcpy(&opt->last_lr, b + 40, 8);
    memcpy(&opt->last_grad_norm, b + 48, 8);
    memcpy(&opt->last_step_norm, b + 56, 8);
    return STEEPEST_OK;
}
