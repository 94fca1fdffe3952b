/* experiments-rng.c — a portable seeded generator: xoshiro256** (Blackman &
 * Vigna) seeded by splitmix64, with Marsaglia's polar method for normals.
 * Written out here, never rand() or GLib's, so a seed names the same stream
 * on every machine. */
#include "core/steepest-private.h"

#include <math.h>

struct SteepestRng {
    uint64_t s[4];
    gboolean have_spare; /* the polar method makes normals in pairs */
    double spare;
};

static uint64_t
splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

int
steepest_rng_new(uint64_t seed, SteepestRng **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_rng_new: out is NULL");
    SteepestRng *rng = g_try_new0(SteepestRng, 1);
    if (rng == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "steepest_rng_new: out of memory");
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&sm); /* never all zero: splitmix64 is a bijection of a counter */
    *out = rng;
    return STEEPEST_OK;
}

void
steepest_rng_free(SteepestRng *rng)
{
    g_free(rng);
}

uint64_t
steepest_rng_next_u64(SteepestRng *rng)
{
    if (rng == NULL)
        return 0;
    uint64_t *s = rng->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double
steepest_rng_uniform(SteepestRng *rng)
{
    if (rng == NULL)
        return 0.0;
    /* The top 53 bits, scaled exactly by 2^-53. */
    return (double) (steepest_rng_next_u64(rng) >> 11) * 0x1.0p-53;
}

double
steepest_rng_normal(SteepestRng *rng)
{
    if (rng == NULL)
        return 0.0;
    if (rng->have_spare) {
        rng->have_spare = FALSE;
        return rng->spare;
    }
    double u, v, s;
    do {
        u = 2.0 * steepest_rng_uniform(rng) - 1.0;
        v = 2.0 * steepest_rng_uniform(rng) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double factor = sqrt(-2.0 * log(s) / s);
    rng->spare = v * factor;
    rng->have_spare = TRUE;
    return u * factor;
}

int
steepest_rng_fill_normal(SteepestRng *rng, size_t n, double *out)
{
    if (rng == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_rng_fill_normal: rng is NULL");
    if (out == NULL && n > 0)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_rng_fill_normal: out is NULL");
    for (size_t i = 0; i < n; i++)
        out[i] = steepest_rng_normal(rng);
    return STEEPEST_OK;
}
