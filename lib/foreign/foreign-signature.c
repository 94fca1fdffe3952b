/* foreign-signature.c — parses the signature strings of foreign objectives
 * (grammar in steepest-foreign.h).  Reads the input one byte at a time and
 * never past its end or 1024 bytes, so arbitrary bytes give an error naming
 * the column, never a crash. */
#include "core/steepest-private.h"
#include "foreign/foreign-signature.h"

#include <string.h>

typedef struct {
    const char *text;
    size_t len;
    size_t pos;
} Scanner;

static const struct {
    const char *name;
    ForeignIntType type;
} int_types[] = {
    { "int", FOREIGN_INT_INT },       { "unsigned", FOREIGN_INT_UNSIGNED }, { "long", FOREIGN_INT_LONG },
    { "ulong", FOREIGN_INT_ULONG },   { "size_t", FOREIGN_INT_SIZE_T },     { "int32", FOREIGN_INT_INT32 },
    { "uint32", FOREIGN_INT_UINT32 }, { "int64", FOREIGN_INT_INT64 },       { "uint64", FOREIGN_INT_UINT64 },
};

const char *
steepest_foreign_int_type_name(ForeignIntType t)
{
    for (size_t i = 0; i < G_N_ELEMENTS(int_types); i++)
        if (int_types[i].type == t)
            return int_types[i].name;
    return "?";
}

static void
skip_space(Scanner *s)
{
    while (s->pos < s->len && (s->text[s->pos] == ' ' || s->text[s->pos] == '\t'))
        s->pos++;
}

/* What stands at the scanner, for messages: "'(' ", "byte 0x01", "the end". */
static void
describe_here(const Scanner *s, char buf[32])
{
    if (s->pos >= s->len) {
        g_strlcpy(buf, "the end of the signature", 32);
        return;
    }
    unsigned char c = (unsigned char) s->text[s->pos];
    if (c >= 0x21 && c < 0x7f)
        g_snprintf(buf, 32, "'%c'", c);
    else
        g_snprintf(buf, 32, "byte 0x%02x", c);
}

static int
fail_at(const Scanner *s, size_t pos, const char *what)
{
    char here[32];
    Scanner at = *s;
    at.pos = pos;
    describe_here(&at, here);
    return steepest_fail(STEEPEST_ERROR_SIGNATURE, "signature column %zu: %s, found %s", pos + 1, what, here);
}

static gboolean
is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Reads [a-z0-9_]+ into buf (truncated to 31 bytes, flagged long). Returns
 * the length read, 0 if none. */
static size_t
read_ident(Scanner *s, char buf[32], gboolean *too_long)
{
    size_t n = 0;
    *too_long = FALSE;
    while (s->pos < s->len && is_ident_char(s->text[s->pos])) {
        if (n < 31)
            buf[n] = s->text[s->pos];
        else
            *too_long = TRUE;
        n++;
        s->pos++;
    }
    buf[n < 31 ? n : 31] = '\0';
    return n;
}

static int
parse_argument(Scanner *s, ForeignArg *arg)
{
    char name[32];
    gboolean too_long;
    size_t start = s->pos;
    if (read_ident(s, name, &too_long) == 0)
        return fail_at(s, start, "expected an argument (x, g, f, n or null)");
    if (too_long)
        return steepest_fail(STEEPEST_ERROR_SIGNATURE,
                             "signature column %zu: unknown argument '%s...' (expected x, g, f, n or null)",
                             start + 1, name);
    memset(arg, 0, sizeof *arg);
    if (strcmp(name, "x") == 0)
        arg->role = FOREIGN_ARG_X;
    else if (strcmp(name, "g") == 0)
        arg->role = FOREIGN_ARG_G;
    else if (strcmp(name, "f") == 0)
        arg->role = FOREIGN_ARG_F;
    else if (strcmp(name, "null") == 0)
        arg->role = FOREIGN_ARG_NULL;
    else if (strcmp(name, "n") == 0)
        arg->role = FOREIGN_ARG_N;
    else
        return steepest_fail(STEEPEST_ERROR_SIGNATURE,
                             "signature column %zu: unknown argument '%s' (expected x, g, f, n or null)",
                             start + 1, name);
    if (arg->role != FOREIGN_ARG_N)
        return STEEPEST_OK;

    arg->int_type = FOREIGN_INT_SIZE_T;
    skip_space(s);
    if (s->pos < s->len && s->text[s->pos] == ':') {
        s->pos++;
        skip_space(s);
        size_t tstart = s->pos;
        if (read_ident(s, name, &too_long) == 0)
            return fail_at(
                s, tstart,
                "expected the type of n (int, unsigned, long, ulong, size_t, int32, uint32, int64, uint64)");
        gboolean found = FALSE;
        for (size_t i = 0; i < G_N_ELEMENTS(int_types) && !too_long; i++) {
            if (strcmp(name, int_types[i].name) == 0) {
                arg->int_type = int_types[i].type;
                found = TRUE;
            }
        }
        if (!found)
            return steepest_fail(STEEPEST_ERROR_SIGNATURE,
                                 "signature column %zu: unknown integer type '%s%s' for n (expected int, "
                                 "unsigned, long, ulong, size_t, int32, uint32, int64 or uint64)",
                                 tstart + 1, name, too_long ? "..." : "");
        skip_space(s);
    }
    if (s->pos < s->len && s->text[s->pos] == '*') {
        arg->by_reference = 1;
        s->pos++;
    }
    return STEEPEST_OK;
}

int
steepest_foreign_signature_parse(const char *text, ForeignSignature *out)
{
    if (text == NULL || out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "signature is NULL");
    Scanner sc = { text, strnlen(text, FOREIGN_MAX_SIGNATURE + 1), 0 };
    Scanner *s = &sc;
    if (sc.len > FOREIGN_MAX_SIGNATURE)
        return steepest_fail(STEEPEST_ERROR_SIGNATURE, "signature longer than %d bytes",
                             FOREIGN_MAX_SIGNATURE);
    ForeignSignature sig;
    memset(&sig, 0, sizeof sig);

    char name[32];
    gboolean too_long;
    skip_space(s);
    size_t start = s->pos;
    if (read_ident(s, name, &too_long) == 0)
        return fail_at(s, start, "expected the return type (double, void or int)");
    if (!too_long && strcmp(name, "double") == 0)
        sig.ret = FOREIGN_RET_DOUBLE;
    else if (!too_long && strcmp(name, "void") == 0)
        sig.ret = FOREIGN_RET_VOID;
    else if (!too_long && strcmp(name, "int") == 0)
        sig.ret = FOREIGN_RET_INT;
    else
        return steepest_fail(
            STEEPEST_ERROR_SIGNATURE,
            "signature column %zu: unknown return type '%s%s' (expected double, void or int)", start + 1,
            name, too_long ? "..." : "");
    skip_space(s);
    if (s->pos >= s->len || s->text[s->pos] != '(')
        return fail_at(s, s->pos, "expected '(' after the return type");
    s->pos++;
    skip_space(s);

    size_t arg_pos[FOREIGN_MAX_ARGS];
    if (s->pos < s->len && s->text[s->pos] == ')') {
        s->pos++;
    } else {
        for (;;) {
            skip_space(s);
            if (sig.n_args == FOREIGN_MAX_ARGS)
                return steepest_fail(STEEPEST_ERROR_SIGNATURE, "signature column %zu: more than %d arguments",
                                     s->pos + 1, FOREIGN_MAX_ARGS);
            arg_pos[sig.n_args] = s->pos;
            int status = parse_argument(s, &sig.args[sig.n_args]);
            if (status != STEEPEST_OK)
                return status;
            sig.n_args++;
            skip_space(s);
            if (s->pos < s->len && s->text[s->pos] == ',') {
                s->pos++;
                continue;
            }
            if (s->pos < s->len && s->text[s->pos] == ')') {
                s->pos++;
                break;
            }
            return fail_at(s, s->pos, "expected ',' or ')' after an argument");
        }
    }
    skip_space(s);
    if (s->pos < s->len)
        return fail_at(s, s->pos, "expected the end of the signature after ')'");

    /* Roles: one x; at most one g, f, n; f exactly when f is not returned. */
    int count[5] = { 0 };
    for (unsigned i = 0; i < sig.n_args; i++) {
        ForeignRole r = sig.args[i].role;
        count[r]++;
        if (r != FOREIGN_ARG_NULL && count[r] > 1) {
            static const char *names[] = { "x", "g", "f", "n", "null" };
            return steepest_fail(STEEPEST_ERROR_SIGNATURE, "signature column %zu: '%s' appears twice",
                                 arg_pos[i] + 1, names[r]);
        }
        if (r == FOREIGN_ARG_F && sig.ret == FOREIGN_RET_DOUBLE)
            return steepest_fail(STEEPEST_ERROR_SIGNATURE,
                                 "signature column %zu: an 'f' argument, but the function already returns f "
                                 "as double (use 'void(...)' or 'int(...)')",
                                 arg_pos[i] + 1);
    }
    if (count[FOREIGN_ARG_X] == 0)
        return steepest_fail(STEEPEST_ERROR_SIGNATURE,
                             "signature: no 'x' argument (the point the function is evaluated at)");
    /* int(...) with 'g' but no 'f' is a product such as a Hessian-vector
     * product (x the vector in, g the result out): a status and no f. */
    if (sig.ret != FOREIGN_RET_DOUBLE && count[FOREIGN_ARG_F] == 0 &&
        !(sig.ret == FOREIGN_RET_INT && count[FOREIGN_ARG_G] > 0))
        return steepest_fail(STEEPEST_ERROR_SIGNATURE,
                             "signature: the function returns %s, so it needs an 'f' argument to give f(x)",
                             sig.ret == FOREIGN_RET_VOID ? "void" : "int");
    sig.has_gradient = count[FOREIGN_ARG_G] > 0;
    *out = sig;
    return STEEPEST_OK;
}

char *
steepest_foreign_signature_format(const ForeignSignature *sig)
{
    static const char *rets[] = { "double", "void", "int" };
    GString *s = g_string_new(rets[sig->ret]);
    g_string_append_c(s, '(');
    for (unsigned i = 0; i < sig->n_args; i++) {
        const ForeignArg *a = &sig->args[i];
        if (i > 0)
            g_string_append(s, ", ");
        switch (a->role) {
        case FOREIGN_ARG_X:
            g_string_append(s, "x");
            break;
        case FOREIGN_ARG_G:
            g_string_append(s, "g");
            break;
        case FOREIGN_ARG_F:
            g_string_append(s, "f");
            break;
        case FOREIGN_ARG_NULL:
            g_string_append(s, "null");
            break;
        case FOREIGN_ARG_N:
            g_string_append_printf(s, "n:%s%s", steepest_foreign_int_type_name(a->int_type),
                                   a->by_reference ? "*" : "");
            break;
        }
    }
    g_string_append_c(s, ')');
    return g_string_free(s, FALSE);
}

int
steepest_foreign_signature_check(const char *signature)
{
    ForeignSignature sig;
    return steepest_foreign_signature_parse(signature, &sig);
}
