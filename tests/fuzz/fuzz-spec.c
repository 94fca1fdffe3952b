/* fuzz-spec.c — libFuzzer harness for the norm spec parser.
 *
 * Feeds arbitrary bytes to steepest_norm_new as a spec string (cut at the
 * first NUL, as a C caller would pass it) with a dimension taken from the
 * first byte.  The contract checked: never crash; either success — and then
 * the normalized spec parses again to itself — or a negative status with a
 * non-empty message.  Nested product specs are checked further: their
 * duality map must satisfy ‖z♯‖ = ‖z‖* (Lemma 3) on a fixed vector, so a
 * fuzzed nesting that evaluates wrongly fails too.  Built only with clang,
 * with the library's sources compiled in under ASan+UBSan
 * (tests/fuzz/meson.build); scripts/ci/60-fuzz.sh runs it for a bounded time
 * in CI.  By hand:
 *
 *   mkdir -p /tmp/spec-corpus
 *   STEEPEST_PLUGIN_PATH=$BUILD/plugins $BUILD/tests/fuzz/fuzz-spec -max_total_time=120 \
 *       /tmp/spec-corpus $SRCDIR/tests/fuzz/corpus/spec
 *
 * (new inputs go to the first directory; the seeds stay untouched).
 */
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <steepest/steepest.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lemma 3 for a product the fuzzer built: ‖z♯‖ = ‖z‖* for z_i = i - 3.5. */
static void
check_product(const SteepestNorm *norm, size_t dim)
{
    double z[16], m[16], dual = 0.0, back = 0.0;
    for (size_t i = 0; i < dim; i++)
        z[i] = (double) i - 3.5;
    if (steepest_norm_duality_map(norm, dim, z, m, &dual) != STEEPEST_OK ||
        steepest_norm_norm(norm, dim, m, &back) != STEEPEST_OK || fabs(back - dual) > 1e-9 * (1.0 + dual))
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t dim = 1 + data[0] % 16;
    char *spec = malloc(size);
    if (spec == NULL)
        return 0;
    memcpy(spec, data + 1, size - 1);
    spec[size - 1] = '\0';

    SteepestNorm *norm = NULL;
    int rc = steepest_norm_new(spec, dim, &norm);
    if (rc == STEEPEST_OK) {
        SteepestNorm *again = NULL;
        const char *normal = steepest_norm_get_spec(norm);
        if (norm == NULL || steepest_norm_new(normal, dim, &again) != STEEPEST_OK ||
            strcmp(steepest_norm_get_spec(again), normal) != 0)
            abort();
        if (strcmp(steepest_norm_get_name(norm), "product") == 0)
            check_product(norm, dim);
        steepest_norm_free(again);
        steepest_norm_free(norm);
    } else if (rc > 0 || norm != NULL || steepest_last_error()[0] == '\0') {
        abort();
    }
    free(spec);
    return 0;
}
