/* test-random.h — the suites' one source of reproducible random numbers: a
 * 64-bit LCG (Knuth's MMIX constants), its top 53 bits mapped to [-1, 1).
 * Each suite seeds rng_state itself, so its matrices stay the same whatever
 * the other suites draw. */
#ifndef STEEPEST_TEST_RANDOM_H
#define STEEPEST_TEST_RANDOM_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static uint64_t rng_state;

static inline double
urand(void) /* uniform in [-1, 1) */
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double) (rng_state >> 11) * 0x1.0p-52 - 1.0;
}

/* A random symmetric n x n matrix (row-major, free()) with about `density`
 * of its entries nonzero and a nonzero diagonal; indefinite in general. */
static inline double *
random_sparse_symmetric(size_t n, double density, uint64_t seed)
{
    rng_state = seed * 2654435761u + 7;
    double *H = calloc(n * n, sizeof *H);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++)
            if (fabs(urand()) < density || i == j) {
                double v = urand();
                H[i * n + j] = H[j * n + i] = v;
            }
    return H;
}

#endif
