/* solver-info.c — getters of the iteration info the callback receives (an
 * opaque handle, so FFI callers never meet a struct by value). */
#include "solver/solver-internal.h"

#include <math.h>

uint64_t
steepest_iteration_info_get_iteration(const SteepestIterationInfo *info)
{
    return info ? info->iteration : 0;
}

double
steepest_iteration_info_get_f(const SteepestIterationInfo *info)
{
    return info ? info->f : NAN;
}

double
steepest_iteration_info_get_f_previous(const SteepestIterationInfo *info)
{
    return info ? info->f_previous : NAN;
}

double
steepest_iteration_info_get_grad_norm(const SteepestIterationInfo *info)
{
    return info ? info->grad_norm : NAN;
}

double
steepest_iteration_info_get_grad_norm_previous(const SteepestIterationInfo *info)
{
    return info ? info->grad_norm_previous : NAN;
}

double
steepest_iteration_info_get_step_size(const SteepestIterationInfo *info)
{
    return info ? info->step_size : NAN;
}

double
steepest_iteration_info_get_step_norm(const SteepestIterationInfo *info)
{
    return info ? info->step_norm : NAN;
}

uint64_t
steepest_iteration_info_get_evaluations(const SteepestIterationInfo *info)
{
    return info ? info->evaluations : 0;
}

double
steepest_iteration_info_get_guarantee(const SteepestIterationInfo *info)
{
    return info ? info->guarantee : NAN;
}

int
steepest_iteration_info_get_guarantee_applies(const SteepestIterationInfo *info)
{
    return info ? info->guarantee_applies : 0;
}

double
steepest_iteration_info_get_decrease(const SteepestIterationInfo *info)
{
    return info ? info->decrease : NAN;
}

const double *
steepest_iteration_info_get_x(const SteepestIterationInfo *info)
{
    return info ? info->x : NULL;
}

const double *
steepest_iteration_info_get_gradient(const SteepestIterationInfo *info)
{
    return info ? info->gradient : NULL;
}

size_t
steepest_iteration_info_get_dimension(const SteepestIterationInfo *info)
{
    return info ? info->n : 0;
}
