/* race-create.c — norms of every shipped class created, evaluated and freed
 * by several threads at once, for a race detector (valgrind --tool=drd, see
 * tests/meson.build): a plugin's create() that writes a global — even the
 * same value every time, as block.c once did with its host pointer — is a
 * data race the detector reports.  Exits 1 if any call fails. */
#include <glib.h>
#include <stdio.h>
#include <steepest/steepest.h>

#define THREADS 4
#define ROUNDS 20

static const char *const specs[] = { "l2", "linf", "l1", "lp:p=3", "block:size=2", "block:sizes=1+3" };

static gpointer
work(gpointer data)
{
    const SteepestNorm *shared = data;
    const double x[4] = { 1, -2, 3, -4 };
    for (int r = 0; r < ROUNDS; r++) {
        for (size_t k = 0; k < G_N_ELEMENTS(specs); k++) {
            SteepestNorm *norm = NULL;
            double v;
            if (steepest_norm_new(specs[k], 4, &norm) != STEEPEST_OK ||
                steepest_norm_norm(norm, 4, x, &v) != STEEPEST_OK ||
                steepest_norm_dual_norm(shared, 4, x, &v) != STEEPEST_OK)
                return g_strdup(steepest_last_error());
            steepest_norm_free(norm);
        }
    }
    return NULL;
}

int
main(void)
{
    SteepestNorm *shared = NULL;
    if (steepest_norm_new("block:size=2", 4, &shared) != STEEPEST_OK) {
        fprintf(stderr, "%s\n", steepest_last_error());
        return 1;
    }
    GThread *threads[THREADS];
    for (int t = 0; t < THREADS; t++)
        threads[t] = g_thread_new("race", work, shared);
    int failed = 0;
    for (int t = 0; t < THREADS; t++) {
        char *err = g_thread_join(threads[t]);
        if (err != NULL) {
            fprintf(stderr, "thread %d: %s\n", t, err);
            g_free(err);
            failed = 1;
        }
    }
    steepest_norm_free(shared);
    return failed;
}
