/* matrix-block.c — the norm induced by the block max norm. */
#include "matrix-private.h"

int
steepest_matrix_block_query(size_t n, const double *H, size_t n_blocks, const size_t *start,
                            const SteepestPluginInducedQuery *query, SteepestPluginInducedResult *result)
{
    (void) n; (void) H; (void) n_blocks; (void) start; (void) query; (void) result;
    return steepest_fail(STEEPEST_ERROR_UNSUPPORTED, "not implemented yet");
}
