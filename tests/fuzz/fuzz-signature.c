/* fuzz-signature.c — libFuzzer harness for the foreign-function signature
 * parser (grammar in steepest-foreign.h), with a round trip.
 *
 * Arbitrary bytes (cut at the first NUL, as a C caller would pass them) go
 * to the parser.  The contract checked: never crash; a failure is
 * STEEPEST_ERROR_SIGNATURE with a message (INVALID_ARGUMENT never, the text is
 * not NULL), and the public check agrees; a success obeys the grammar's rules
 * (one x, at most one g, f and n, f exactly when the return is not double
 * but for the product form int(..., g, ...)),
 * and its normal form parses again — to the same signature, whose normal
 * form is the same text (parse → format → parse).
 */
#include "fuzz-common.h"

#include <string.h>
#include <glib.h>
#include <steepest/steepest.h>

#include "foreign/foreign-signature.h"

static int
same_signature(const ForeignSignature *a, const ForeignSignature *b)
{
    if (a->ret != b->ret || a->n_args != b->n_args || a->has_gradient != b->has_gradient)
        return 0;
    for (unsigned k = 0; k < a->n_args; k++) {
        const ForeignArg *x = &a->args[k], *y = &b->args[k];
        if (x->role != y->role)
            return 0;
        if (x->role == FOREIGN_ARG_N && (x->int_type != y->int_type || x->by_reference != y->by_reference))
            return 0;
    }
    return 1;
}

/* The grammar's rules, counted independently of the parser. */
static void
check_rules(const ForeignSignature *sig)
{
    unsigned count[FOREIGN_ARG_NULL + 1] = { 0 };
    if (sig->n_args > FOREIGN_MAX_ARGS)
        fuzz_fail("signature: %u arguments", sig->n_args);
    for (unsigned k = 0; k < sig->n_args; k++) {
        if ((unsigned) sig->args[k].role > FOREIGN_ARG_NULL)
            fuzz_fail("signature: argument %u has role %d", k, (int) sig->args[k].role);
        count[sig->args[k].role]++;
    }
    if (count[FOREIGN_ARG_X] != 1 || count[FOREIGN_ARG_G] > 1 || count[FOREIGN_ARG_F] > 1 ||
        count[FOREIGN_ARG_N] > 1)
        fuzz_fail("signature: accepted with %u x, %u g, %u f, %u n", count[FOREIGN_ARG_X],
                  count[FOREIGN_ARG_G], count[FOREIGN_ARG_F], count[FOREIGN_ARG_N]);
    /* 'f' exactly when the return is not double, except a product int(..., g, ...). */
    int product = sig->ret == FOREIGN_RET_INT && count[FOREIGN_ARG_G] == 1 && count[FOREIGN_ARG_F] == 0;
    if ((count[FOREIGN_ARG_F] == 1) != (sig->ret != FOREIGN_RET_DOUBLE) && !product)
        fuzz_fail("signature: return %d with %u f arguments", (int) sig->ret, count[FOREIGN_ARG_F]);
    if (sig->has_gradient != (count[FOREIGN_ARG_G] == 1))
        fuzz_fail("signature: has_gradient %d with %u g arguments", sig->has_gradient, count[FOREIGN_ARG_G]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = g_strndup((const char *) data, size);
    ForeignSignature sig, again;
    memset(&sig, 0, sizeof sig);
    int rc = steepest_foreign_signature_parse(text, &sig);
    if (steepest_foreign_signature_check(text) != rc)
        fuzz_fail("signature: parse gives %d, the public check does not", rc);
    if (rc == STEEPEST_OK) {
        check_rules(&sig);
        char *normal = steepest_foreign_signature_format(&sig);
        memset(&again, 0, sizeof again);
        if (normal == NULL || steepest_foreign_signature_parse(normal, &again) != STEEPEST_OK ||
            !same_signature(&sig, &again))
            fuzz_fail("signature: normal form '%s' does not parse back to the same signature",
                      normal != NULL ? normal : "(null)");
        char *twice = steepest_foreign_signature_format(&again);
        if (twice == NULL || strcmp(normal, twice) != 0)
            fuzz_fail("signature: normal form '%s' formats again as '%s'", normal,
                      twice != NULL ? twice : "(null)");
        g_free(twice);
        g_free(normal);
    } else if (rc != STEEPEST_ERROR_SIGNATURE || steepest_last_error()[0] == '\0') {
        fuzz_fail("signature: failure %d with message '%s'", rc, steepest_last_error());
    }
    g_free(text);
    return 0;
}
