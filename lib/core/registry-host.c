/* registry-host.c — the matrix services of the host table (registry.c), through
 * which a plugin's induced_norm method reaches the kernels of induced/.
 *
 * Every service reads the plugin's query and writes its result only up to the
 * struct_size the plugin declared, so a plugin built against an older, shorter
 * struct keeps working. */
#include "core/steepest-private.h"
#include "induced/matrix-private.h"

#include <stddef.h>
#include <string.h>

/* The plugin's query, read only up to its declared size; missing fields
 * take their defaults. */
static int
read_query(const char *fn, const SteepestPluginInducedQuery *in, SteepestPluginInducedQuery *q)
{
    steepest_induced_query_from_options(NULL, q);
    if (in == NULL)
        return STEEPEST_OK;
    if (in->struct_size < offsetof(SteepestPluginInducedQuery, mode) + sizeof in->mode)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: query struct_size %u is too small", fn,
                             in->struct_size);
    memcpy(q, in, MIN((size_t) in->struct_size, sizeof *q));
    q->struct_size = sizeof *q;
    if (q->mode > STEEPEST_INDUCED_BOUNDS)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: query mode %u is not a SteepestInducedMode", fn, q->mode);
    return STEEPEST_OK;
}

/* Writes r into the plugin's result, only up to its declared size. */
static int
write_result(const char *fn, const SteepestPluginInducedResult *r, SteepestPluginInducedResult *out)
{
    if (out == NULL || out->struct_size < offsetof(SteepestPluginInducedResult, method) + sizeof out->method)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: result is NULL or its struct_size is too small", fn);
    uint32_t size = out->struct_size;
    memcpy(out, r, MIN((size_t) size, sizeof *r));
    out->struct_size = size;
    return STEEPEST_OK;
}

typedef enum { HOST_SPECTRAL, HOST_INF1, HOST_BLOCK } HostInducedKind;

/* The one body of the three induced-norm services: check H (and the block
 * table), read the query, run the kernel, write the result. */
static int
host_induced(const char *fn, HostInducedKind kind, size_t n, const double *H, size_t n_blocks,
             const size_t *start, const SteepestPluginInducedQuery *query,
             SteepestPluginInducedResult *result)
{
    SteepestPluginInducedQuery q;
    SteepestPluginInducedResult r = { .struct_size = sizeof r };
    int rc = steepest_matrix_check(fn, n, H);
    if (rc == STEEPEST_OK && kind == HOST_BLOCK)
        rc = steepest_matrix_check_blocks(fn, n, n_blocks, start);
    if (rc == STEEPEST_OK)
        rc = read_query(fn, query, &q);
    if (rc == STEEPEST_OK) {
        if (kind == HOST_SPECTRAL)
            rc = steepest_matrix_spectral_query(n, H, &q, &r);
        else if (kind == HOST_INF1)
            rc = steepest_matrix_inf1_query(n, H, &q, &r);
        else
            rc = steepest_matrix_block_query(n, H, n_blocks, start, &q, &r);
    }
    if (rc == STEEPEST_OK)
        rc = write_result(fn, &r, result);
    return rc;
}

int
steepest_host_matrix_spectral_norm(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                                   SteepestPluginInducedResult *result)
{
    return host_induced("host matrix_spectral_norm", HOST_SPECTRAL, n, H, 0, NULL, query, result);
}

int
steepest_host_matrix_inf1(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                          SteepestPluginInducedResult *result)
{
    return host_induced("host matrix_inf1", HOST_INF1, n, H, 0, NULL, query, result);
}

int
steepest_host_matrix_block_induced(size_t n, const double *H, size_t n_blocks, const size_t *start,
                                   const SteepestPluginInducedQuery *query,
                                   SteepestPluginInducedResult *result)
{
    return host_induced("host matrix_block_induced", HOST_BLOCK, n, H, n_blocks, start, query, result);
}

int
steepest_host_matrix_sym_eigenvalues(size_t n, const double *H, double *eigenvalues)
{
    return steepest_matrix_sym_eigenvalues(n, H, eigenvalues);
}

int
steepest_host_matrix_lsep(size_t n, const double *H, double *primal, double *dual, double *l)
{
    return steepest_matrix_lsep(n, H, 0, 0.0, 0, primal, dual, l, NULL);
}
