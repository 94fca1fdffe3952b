/* lsep.c — separable smoothness L_sep by the mixing method. */
#include "matrix-private.h"

int
steepest_matrix_lsep(size_t n, const double *H, unsigned max_sweeps, double tolerance, uint64_t seed,
                     double *primal, double *dual, double *l, unsigned *sweeps)
{
    (void) n; (void) H; (void) max_sweeps; (void) tolerance; (void) seed; (void) primal; (void) dual; (void) l;
    (void) sweeps;
    return steepest_fail(STEEPEST_ERROR_UNSUPPORTED, "not implemented yet");
}
