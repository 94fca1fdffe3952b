/* norms-demo.c — every norm libsteepest can load, on one random vector.
 *
 * For each registered norm class it makes an instance for dimension d
 * (argv[1], default 12), then for a random x and z (fixed seed) prints ‖x‖,
 * the dual norm ‖z‖* and the two identities of Lemma 3 that every duality map
 * must satisfy:
 *
 *     <z, z♯> = ‖z♯‖²        and        ‖z♯‖ = ‖z‖*
 *
 * A plugin author runs it to see that a new norm loads and is consistent:
 *
 *     STEEPEST_PLUGIN_PATH=$PWD ./norms-demo 12
 *
 * Further arguments are more specs to check, which must load and pass
 * (`./norms-demo 12 wl2:w=4 block:sizes=5+7`).
 *
 * Build: cc norms-demo.c $(pkg-config --cflags --libs steepest) -lm -o norms-demo
 * Exit status: 0 if every loaded norm and every extra spec passes, 1 otherwise.
 */
#include <steepest/steepest.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The spec to try for a class: its bare name, except that block needs a
 * block size that divides d. */
static void
spec_for(const char *name, size_t d, char *spec, size_t cap)
{
    if (strcmp(name, "block") == 0) {
        size_t size = d % 4 == 0 ? 4 : d % 3 == 0 ? 3 : d % 2 == 0 ? 2 : 1;
        snprintf(spec, cap, "block:size=%zu", size);
    } else {
        snprintf(spec, cap, "%s", name);
    }
}

/* A uniform number in [-1, 1) from splitmix64: the same vectors on every
 * machine. */
static double
uniform_pm1(uint64_t *state)
{
    uint64_t r = (*state += 0x9E3779B97F4A7C15ull);
    r = (r ^ (r >> 30)) * 0xBF58476D1CE4E5B9ull;
    r = (r ^ (r >> 27)) * 0x94D049BB133111EBull;
    r ^= r >> 31;
    return (double) (r >> 11) * 0x1p-52 - 1.0;
}

static int
close_enough(double a, double b)
{
    return fabs(a - b) <= 1e-12 * (fabs(a) + fabs(b)) + 1e-300;
}

/* Prints one norm's line; returns 1 if it fails Lemma 3 (or, when
 * `required`, cannot be made at all). */
static int
check_spec(const char *name, const char *spec, size_t d, const double *x, const double *z, double *zsharp,
           int required)
{
    SteepestNorm *norm = NULL;
    if (steepest_norm_new(spec, d, &norm) != STEEPEST_OK) {
        printf("%-8s %-16s %s: %s\n", name, spec, required ? "FAIL" : "(no instance)", steepest_last_error());
        return required;
    }
    name = steepest_norm_get_name(norm);
    double nx, dual, dual_map, sharp_norm;
    int rc = steepest_norm_norm(norm, d, x, &nx);
    if (rc == STEEPEST_OK)
        rc = steepest_norm_dual_norm(norm, d, z, &dual);
    if (rc == STEEPEST_OK)
        rc = steepest_norm_duality_map(norm, d, z, zsharp, &dual_map);
    if (rc == STEEPEST_OK)
        rc = steepest_norm_norm(norm, d, zsharp, &sharp_norm);
    if (rc != STEEPEST_OK) {
        printf("%-8s %-16s FAIL: %s\n", name, steepest_norm_get_spec(norm), steepest_norm_last_error(norm));
        steepest_norm_free(norm);
        return 1;
    }
    double inner = 0.0;
    for (size_t i = 0; i < d; i++)
        inner += z[i] * zsharp[i];
    int ok = close_enough(inner, sharp_norm * sharp_norm) && close_enough(sharp_norm, dual) &&
             close_enough(dual_map, dual);
    printf("%-8s %-16s %12.6g %12.6g %12.6g %12.6g %12.6g  %s\n", name, steepest_norm_get_spec(norm), nx,
           dual, inner, sharp_norm * sharp_norm, sharp_norm, ok ? "ok" : "FAIL");
    steepest_norm_free(norm);
    return !ok;
}

int
main(int argc, char **argv)
{
    long dim = argc > 1 ? strtol(argv[1], NULL, 10) : 12;
    if (dim < 1 || dim > 1000000) {
        fprintf(stderr, "usage: %s [dimension >= 1, default 12] [more specs...]\n", argv[0]);
        return 2;
    }
    size_t d = (size_t) dim;
    double *x = malloc(d * sizeof *x), *z = malloc(d * sizeof *z), *zsharp = malloc(d * sizeof *zsharp);
    if (x == NULL || z == NULL || zsharp == NULL) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }
    uint64_t seed = 42;
    for (size_t i = 0; i < d; i++) {
        x[i] = uniform_pm1(&seed);
        z[i] = uniform_pm1(&seed);
    }

    size_t count = steepest_registry_count();
    printf("libsteepest %s: %zu norm%s, dimension %zu, seed 42\n", steepest_version(), count,
           count == 1 ? "" : "s", d);
    printf("plugin directory: %s (and STEEPEST_PLUGIN_PATH)\n\n", steepest_plugin_dir());
    printf("Lemma 3: <z,z#> = |z#|^2 and |z#| = |z|* (z# from the duality map)\n\n");
    printf("%-8s %-16s %12s %12s %12s %12s %12s  %s\n", "norm", "spec", "|x|", "|z|*", "<z,z#>", "|z#|^2",
           "|z#|", "Lemma 3");

    int failures = 0;
    for (size_t c = 0; c < count; c++) {
        const char *name = steepest_norm_class_get_name(steepest_registry_get(c));
        char spec[96];
        spec_for(name, d, spec, sizeof spec);
        failures += check_spec(name, spec, d, x, z, zsharp, 0);
    }
    /* Specs named on the command line must instantiate and pass too. */
    for (int a = 2; a < argc; a++)
        failures += check_spec("", argv[a], d, x, z, zsharp, 1);

    /* Plugins the library found but refused, and why. */
    size_t n_failed = steepest_registry_failure_count();
    if (n_failed > 0) {
        printf("\n%zu plugin%s rejected:\n", n_failed, n_failed == 1 ? "" : "s");
        for (size_t i = 0; i < n_failed; i++) {
            const char *path, *reason;
            int status;
            if (steepest_registry_failure(i, &path, &status, &reason) == STEEPEST_OK)
                printf("  %s: %s (%s)\n", path, reason, steepest_status_name(status));
        }
    }
    free(x);
    free(z);
    free(zsharp);
    return failures ? 1 : 0;
}
