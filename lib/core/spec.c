/* spec.c — parsing norm spec strings against declared parameters.
 *
 * Grammar: NAME [ ':' KEY '=' VALUE { ',' KEY '=' VALUE } ]; lists joined by
 * '+'.  The input is untrusted (it comes from command lines and bindings and
 * is fuzzed): every byte is checked, nothing is read past the terminating NUL,
 * and errors quote the offending text escaped and truncated.
 */
#include "core/steepest-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define MAX_QUOTED 40

/* The text of s[0..len) made printable for an error message. */
char *
steepest_spec_quote(const char *s, size_t len)
{
    gboolean cut = len > MAX_QUOTED;
    char *raw = g_strndup(s, cut ? MAX_QUOTED : len);
    char *esc = g_strescape(raw, NULL);
    char *out = g_strdup_printf("'%s%s'", esc, cut ? "..." : "");
    g_free(raw);
    g_free(esc);
    return out;
}

static gboolean
is_ident_start(char c)
{
    return c >= 'a' && c <= 'z';
}

static gboolean
is_ident_char(char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '_';
}

/* Length of the identifier at s (0 if none). */
static size_t
ident_length(const char *s)
{
    size_t i = 0;
    if (!is_ident_start(s[0]))
        return 0;
    while (is_ident_char(s[i]))
        i++;
    return i;
}

gboolean
steepest_spec_valid_identifier(const char *s)
{
    if (s == NULL)
        return FALSE;
    size_t len = ident_length(s);
    return len > 0 && len <= 63 && s[len] == '\0';
}

int
steepest_spec_split_name(const char *spec, char name[64], const char **rest)
{
    if (spec == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "norm spec is NULL");
    if (spec[0] == '\0')
        return steepest_fail(STEEPEST_ERROR_SPEC,
                             "norm spec is empty (expected a name such as 'l2' or 'block:size=4')");
    size_t len = ident_length(spec);
    if (len == 0 || (spec[len] != '\0' && spec[len] != ':')) {
        size_t bad = len;
        size_t span = strcspn(spec, ":");
        g_autofree char *q = steepest_spec_quote(spec, span);
        return steepest_fail(STEEPEST_ERROR_SPEC,
                             "norm spec: invalid norm name %s (byte %zu: names are lower-case letters, "
                             "digits and '_', starting with a letter)",
                             q, bad + 1);
    }
    if (len > 63) {
        g_autofree char *q = steepest_spec_quote(spec, len);
        return steepest_fail(STEEPEST_ERROR_SPEC, "norm spec: norm name %s is longer than 63 bytes", q);
    }
    memcpy(name, spec, len);
    name[len] = '\0';
    *rest = spec[len] == ':' ? spec + len + 1 : NULL;
    return STEEPEST_OK;
}

static const char *
type_noun(uint32_t type)
{
    switch (type) {
    case STEEPEST_PARAM_INT:
        return "an integer";
    case STEEPEST_PARAM_DOUBLE:
        return "a number";
    case STEEPEST_PARAM_INT_LIST:
        return "integers joined by '+'";
    case STEEPEST_PARAM_DOUBLE_LIST:
        return "numbers joined by '+'";
    case STEEPEST_PARAM_STRING:
        return "a word of letters, digits and _ . + -";
    default:
        return "a value";
    }
}

/* Parses one number at *p (no leading '+' or white space); advances *p. */
static gboolean
parse_number(const char **p, gboolean integer, int64_t *ival, double *dval)
{
    const char *s = *p;
    char *end = NULL;
    if (!((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '.'))
        return FALSE;
    errno = 0;
    if (integer) {
        gint64 v = g_ascii_strtoll(s, &end, 10);
        if (end == s || errno == ERANGE)
            return FALSE;
        *ival = v;
        *dval = (double) v;
    } else {
        /* Refuse hexadecimal and the words inf/nan that strtod accepts. */
        for (const char *c = s; *c != '\0' && *c != '+'; c++) {
            if (*c == 'x' || *c == 'X' || *c == 'n' || *c == 'N' || *c == 'i' || *c == 'I')
                return FALSE;
            if ((*c == 'e' || *c == 'E') && c[1] == '+')
                c++; /* an exponent's sign is not a list separator */
        }
        double v = g_ascii_strtod(s, &end);
        /* Out of range either way: overflow (Inf) or a nonzero value that
         * underflows to 0 ("1e-400"); subnormal results are kept. */
        if (end == s || !isfinite(v) || (v == 0.0 && errno == ERANGE))
            return FALSE;
        *dval = v;
        *ival = 0;
    }
    *p = end;
    return TRUE;
}

static int
fail_value(const char *class_name, const SteepestPluginParam *decl, const char *text, size_t len,
           const char *why)
{
    g_autofree char *q = steepest_spec_quote(text, len);
    return steepest_fail(STEEPEST_ERROR_PARAMETER, "%s: parameter '%s' %s, got %s", class_name, decl->name,
                         why, q);
}

static int
check_range(const char *class_name, const SteepestPluginParam *decl, double v, const char *text, size_t len)
{
    if (v >= decl->min && v <= decl->max)
        return STEEPEST_OK;
    g_autofree char *q = steepest_spec_quote(text, len);
    char lo[32], hi[32];
    if (isinf(decl->min))
        g_strlcpy(lo, "-inf", sizeof lo);
    else
        g_snprintf(lo, sizeof lo, "%.15g", decl->min);
    if (isinf(decl->max))
        g_strlcpy(hi, "inf", sizeof hi);
    else
        g_snprintf(hi, sizeof hi, "%.15g", decl->max);
    return steepest_fail(STEEPEST_ERROR_PARAMETER, "%s: parameter '%s' must be in [%s, %s], got %s",
                         class_name, decl->name, lo, hi, q);
}

/* A STRING value: 1 to 63 bytes of [A-Za-z0-9_.+-]; the class checks the word. */
static int
parse_string(const char *class_name, const SteepestPluginParam *decl, const char *text, size_t len,
             SteepestArgValue *v)
{
    gboolean ok = len <= 63;
    for (size_t i = 0; i < len && ok; i++)
        ok = g_ascii_isalnum(text[i]) || strchr("_.+-", text[i]) != NULL;
    if (!ok)
        return fail_value(class_name, decl, text, len,
                          len > 63 ? "is longer than 63 bytes"
                                   : "expects a word of letters, digits and _ . + -");
    v->string_value = g_strndup(text, len);
    v->set = TRUE;
    return STEEPEST_OK;
}

/* Parses text[0..len) as the value of decl into v. */
static int
parse_value(const char *class_name, const SteepestPluginParam *decl, const char *text, size_t len,
            SteepestArgValue *v)
{
    g_autofree char *buf = g_strndup(text, len);
    if (strlen(buf) != len || len == 0)
        return fail_value(class_name, decl, text, len, len == 0 ? "needs a value" : "contains a NUL byte");
    if (decl->type == STEEPEST_PARAM_STRING) {
        g_free(v->string_value); /* a default replaced */
        v->string_value = NULL;
        return parse_string(class_name, decl, text, len, v);
    }
    gboolean integer = decl->type == STEEPEST_PARAM_INT || decl->type == STEEPEST_PARAM_INT_LIST;
    gboolean list = decl->type == STEEPEST_PARAM_INT_LIST || decl->type == STEEPEST_PARAM_DOUBLE_LIST;
    g_autofree char *why = g_strdup_printf("expects %s", type_noun(decl->type));
    const char *p = buf;

    if (list) {
        GArray *ints = g_array_new(FALSE, FALSE, sizeof(int64_t));
        GArray *dbls = g_array_new(FALSE, FALSE, sizeof(double));
        for (;;) {
            int64_t iv;
            double dv;
            if (!parse_number(&p, integer, &iv, &dv) || (*p != '\0' && *p != '+')) {
                g_array_free(ints, TRUE);
                g_array_free(dbls, TRUE);
                return fail_value(class_name, decl, text, len, why);
            }
            int rc = check_range(class_name, decl, dv, text, len);
            if (rc != STEEPEST_OK) {
                g_array_free(ints, TRUE);
                g_array_free(dbls, TRUE);
                return rc;
            }
            g_array_append_val(ints, iv);
            g_array_append_val(dbls, dv);
            if (*p == '\0')
                break;
            p++; /* the '+' */
        }
        if (integer) {
            v->int_list = ints;
            g_array_free(dbls, TRUE);
        } else {
            v->double_list = dbls;
            g_array_free(ints, TRUE);
        }
    } else {
        int64_t iv;
        double dv;
        if (!parse_number(&p, integer, &iv, &dv) || *p != '\0')
            return fail_value(class_name, decl, text, len, why);
        int rc = check_range(class_name, decl, dv, text, len);
        if (rc != STEEPEST_OK)
            return rc;
        v->int_value = iv;
        v->double_value = dv;
    }
    v->set = TRUE;
    return STEEPEST_OK;
}

void
steepest_spec_args_free(SteepestPluginArgs *args)
{
    if (args == NULL)
        return;
    for (guint i = 0; i < args->n_values; i++) {
        if (args->values[i].int_list != NULL)
            g_array_free(args->values[i].int_list, TRUE);
        if (args->values[i].double_list != NULL)
            g_array_free(args->values[i].double_list, TRUE);
        g_free(args->values[i].string_value);
    }
    g_free(args->values);
    g_free(args);
}

static GString *
known_names(const SteepestPluginParam *const *params, guint n)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < n; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", params[i]->name);
    if (n == 0)
        g_string_append(s, "none");
    return s;
}

int
steepest_spec_parse_args(const char *class_name, const SteepestPluginParam *const *params, const char *rest,
                         SteepestPluginArgs **out)
{
    guint n = 0;
    while (params != NULL && params[n] != NULL)
        n++;
    SteepestPluginArgs *args = g_new0(SteepestPluginArgs, 1);
    args->n_values = n;
    args->values = g_new0(SteepestArgValue, n ? n : 1);
    for (guint i = 0; i < n; i++)
        args->values[i].decl = params[i];

    int rc = STEEPEST_OK;
    if (rest != NULL && rest[0] == '\0') {
        rc = steepest_fail(STEEPEST_ERROR_SPEC, "norm spec '%s:' has a ':' but no parameters", class_name);
        goto out;
    }
    for (const char *p = rest; p != NULL && rc == STEEPEST_OK;) {
        size_t klen = ident_length(p);
        if (klen == 0 || p[klen] != '=') {
            size_t span = strcspn(p, ",");
            g_autofree char *q = steepest_spec_quote(p, span);
            rc = steepest_fail(STEEPEST_ERROR_SPEC,
                               "%s: expected KEY=VALUE (KEY in lower-case letters, digits, '_'), got %s",
                               class_name, q);
            break;
        }
        guint j;
        for (j = 0; j < n; j++)
            if (strlen(params[j]->name) == klen && strncmp(params[j]->name, p, klen) == 0)
                break;
        if (j == n) {
            g_autofree char *q = steepest_spec_quote(p, klen);
            GString *known = known_names(params, n);
            rc = steepest_fail(STEEPEST_ERROR_PARAMETER, "%s: unknown parameter %s (known: %s)", class_name,
                               q, known->str);
            g_string_free(known, TRUE);
            break;
        }
        if (args->values[j].given) {
            rc = steepest_fail(STEEPEST_ERROR_PARAMETER, "%s: parameter '%s' is given twice", class_name,
                               params[j]->name);
            break;
        }
        const char *val = p + klen + 1;
        size_t vlen = strcspn(val, ",");
        rc = parse_value(class_name, params[j], val, vlen, &args->values[j]);
        args->values[j].given = TRUE;
        if (val[vlen] == ',') {
            p = val + vlen + 1;
            if (*p == '\0')
                rc = rc != STEEPEST_OK
                         ? rc
                         : steepest_fail(STEEPEST_ERROR_SPEC, "%s: trailing ',' in norm spec", class_name);
        } else {
            p = NULL;
        }
    }
    /* Defaults for what was not given. */
    for (guint j = 0; j < n && rc == STEEPEST_OK; j++)
        if (!args->values[j].given && params[j]->default_value != NULL)
            rc = parse_value(class_name, params[j], params[j]->default_value,
                             strlen(params[j]->default_value), &args->values[j]);
out:
    if (rc != STEEPEST_OK) {
        steepest_spec_args_free(args);
        return rc;
    }
    *out = args;
    return STEEPEST_OK;
}

/* Shortest text that reads back as exactly v. */
void
steepest_spec_append_double(GString *s, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    for (int digits = 15; digits <= 17; digits++) {
        g_ascii_formatd(buf, sizeof buf, digits == 15 ? "%.15g" : digits == 16 ? "%.16g" : "%.17g", v);
        if (g_ascii_strtod(buf, NULL) == v)
            break;
    }
    g_string_append(s, buf);
}

char *
steepest_spec_format(const char *class_name, const SteepestPluginArgs *args)
{
    GString *s = g_string_new(class_name);
    gboolean first = TRUE;
    for (guint i = 0; i < args->n_values; i++) {
        const SteepestArgValue *v = &args->values[i];
        if (!v->given)
            continue;
        g_string_append_printf(s, "%s%s=", first ? ":" : ",", v->decl->name);
        first = FALSE;
        switch (v->decl->type) {
        case STEEPEST_PARAM_INT:
            g_string_append_printf(s, "%" G_GINT64_FORMAT, v->int_value);
            break;
        case STEEPEST_PARAM_DOUBLE:
            steepest_spec_append_double(s, v->double_value);
            break;
        case STEEPEST_PARAM_INT_LIST:
            for (guint k = 0; k < v->int_list->len; k++)
                g_string_append_printf(s, "%s%" G_GINT64_FORMAT, k ? "+" : "",
                                       g_array_index(v->int_list, int64_t, k));
            break;
        case STEEPEST_PARAM_DOUBLE_LIST:
            for (guint k = 0; k < v->double_list->len; k++) {
                if (k)
                    g_string_append_c(s, '+');
                steepest_spec_append_double(s, g_array_index(v->double_list, double, k));
            }
            break;
        case STEEPEST_PARAM_STRING:
            g_string_append(s, v->string_value);
            break;
        default:
            break;
        }
    }
    return g_string_free(s, FALSE);
}
