/* bench-common.h — what every benchmark shares: a monotonic clock, the
 * median of repeated measurements, and loading the build tree's plugins. */
#ifndef STEEPEST_BENCH_COMMON_H
#define STEEPEST_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <steepest/steepest.h>

/* Seconds on a monotonic clock. */
static inline double
bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static inline int
bench_compare_doubles(const void *a, const void *b)
{
    double u = *(const double *) a, v = *(const double *) b;
    return (u > v) - (u < v);
}

/* Median of v[0..n) (sorts v).  Medians, not means: the machine is shared. */
static inline double
bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, bench_compare_doubles);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Unless STEEPEST_PLUGIN_PATH says where plugins are, loads the build tree's
 * (PLUGINS_BUILD_DIR, passed by bench/meson.build).  Returns 0 or -1. */
static inline int
bench_load_plugins(const char *who)
{
    const char *path = getenv("STEEPEST_PLUGIN_PATH");
    if ((path == NULL || path[0] == '\0') && steepest_registry_load_dir(PLUGINS_BUILD_DIR) != STEEPEST_OK) {
        fprintf(stderr, "%s: cannot load plugins from %s: %s\n", who, PLUGINS_BUILD_DIR,
                steepest_last_error());
        return -1;
    }
    return 0;
}

#endif /* STEEPEST_BENCH_COMMON_H */
