/* optim-schedule.c — learning-rate schedules, lr_t = lr · schedule(t): the
 * one implementation the optimizer and the solvers' INV_SQRT and GEOMETRIC
 * step rules share. */
#include "optim/optim-private.h"

#include <math.h>

/* Linear warm-up to 1 over w steps, then a half cosine from 1 down to f at
 * step T, f after it.  (t+1)/w rather than t/w: the first update moves. */
static double
cosine_factor(const OptimSchedule *s, uint64_t t)
{
    if (t < s->warmup)
        return (double) (t + 1) / (double) s->warmup;
    double p = (double) (t - s->warmup) / (double) (s->total - s->warmup);
    if (p > 1.0)
        p = 1.0;
    const double f = s->final_fraction;
    return f + (1.0 - f) * 0.5 * (1.0 + cos(G_PI * p));
}

double
steepest_optim_schedule_factor(const OptimSchedule *s, uint64_t t)
{
    switch (s->kind) {
    case STEEPEST_SCHEDULE_INV_SQRT:
        return 1.0 / sqrt((double) t + 1.0);
    case STEEPEST_SCHEDULE_GEOMETRIC:
        return pow(s->gamma, (double) t);
    case STEEPEST_SCHEDULE_STEP:
        return pow(s->gamma, (double) (t / s->every));
    case STEEPEST_SCHEDULE_COSINE:
        return cosine_factor(s, t);
    default:
        return 1.0;
    }
}
