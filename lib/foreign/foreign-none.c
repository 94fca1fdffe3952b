/* foreign-none.c — the foreign-objective API of a library built without
 * libffi (-Dforeign=disabled, or auto with libffi missing).
 *
 * Every function stays exported, so programs and bindings linked against a
 * full build still load; each call fails with STEEPEST_ERROR_UNSUPPORTED and a
 * message that says why, instead of the symbol going missing. */
#include "core/steepest-private.h"

#include <steepest/steepest.h>

static int
unsupported(const char *fn)
{
    return steepest_fail(
        STEEPEST_ERROR_UNSUPPORTED,
        "%s: libsteepest was built without foreign objectives (libffi; meson -Dforeign=enabled)", fn);
}

int
steepest_foreign_signature_check(const char *signature)
{
    (void) signature;
    return unsupported("steepest_foreign_signature_check");
}

int
steepest_foreign_new(const char *library, const char *symbol, const char *signature, SteepestForeign **out)
{
    (void) library;
    (void) symbol;
    (void) signature;
    if (out != NULL)
        *out = NULL;
    return unsupported("steepest_foreign_new");
}

void
steepest_foreign_free(SteepestForeign *foreign)
{
    (void) foreign; /* nothing can have been made */
}

int
steepest_foreign_evaluate(void *foreign, size_t n, const double *x, double *value, double *grad)
{
    (void) foreign;
    (void) n;
    (void) x;
    (void) value;
    (void) grad;
    return unsupported("steepest_foreign_evaluate");
}

SteepestObjectiveFn
steepest_foreign_objective(void)
{
    return steepest_foreign_evaluate; /* fails with UNSUPPORTED when called */
}

int
steepest_foreign_has_gradient(const SteepestForeign *foreign)
{
    (void) foreign;
    return 0;
}

const char *
steepest_foreign_get_signature(const SteepestForeign *foreign)
{
    (void) foreign;
    return NULL;
}

const char *
steepest_foreign_get_library(const SteepestForeign *foreign)
{
    (void) foreign;
    return NULL;
}

const char *
steepest_foreign_get_symbol(const SteepestForeign *foreign)
{
    (void) foreign;
    return NULL;
}
