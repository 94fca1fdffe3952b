/* matrix-inf1-bounds.c — ‖H‖_{∞,1}: certified bounds and the mode dispatch. */
#include "matrix-private.h"

int
steepest_matrix_inf1_local_search(size_t n, const double *H, uint64_t seed, unsigned restarts, double *value,
                                  double *x)
{
    (void) n; (void) H; (void) seed; (void) restarts; (void) value; (void) x;
    return steepest_fail(STEEPEST_ERROR_UNSUPPORTED, "not implemented yet");
}

int
steepest_matrix_inf1_query(size_t n, const double *H, const SteepestPluginInducedQuery *query,
                           SteepestPluginInducedResult *result)
{
    (void) n; (void) H; (void) query; (void) result;
    return steepest_fail(STEEPEST_ERROR_UNSUPPORTED, "not implemented yet");
}
