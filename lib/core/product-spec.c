/* product-spec.c — the spec form of the product norm, which nests specs:
 *
 *     product:parts=[PART|PART|...][,weights=W+W+...]
 *     PART = any norm spec with one more parameter, dim=N, its dimension:
 *            l2:dim=10   block:size=2,dim=8   product:parts=[l1:dim=2|l2:dim=2],dim=4
 *
 * Commas and '|' inside a pair of brackets belong to the part that holds the
 * brackets, so parts may be products themselves, up to
 * STEEPEST_PRODUCT_MAX_DEPTH levels (the bound keeps the recursion through
 * steepest_norm_new finite on fuzzed input).  Spaces are allowed next to '|',
 * '[' and ']' and nowhere else, as in every spec.  Errors say which part and
 * which parameter: "product: part 2 (linf): parameter 'dim' ...".
 */
#include "core/steepest-private.h"

#include <string.h>

typedef struct {
    const char *p;
    size_t len;
} Slice;

/* Deepest bracket nesting in s, or -1 if the brackets do not balance. */
static int
bracket_depth(const char *s)
{
    int depth = 0, deepest = 0;
    for (; *s != '\0'; s++) {
        if (*s == '[' && ++depth > deepest)
            deepest = depth;
        if (*s == ']' && --depth < 0)
            return -1;
    }
    return depth == 0 ? deepest : -1;
}

/* Splits s[0..len) at `sep` outside brackets (the brackets balance). */
static GArray *
split_top(const char *s, size_t len, char sep)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(Slice));
    size_t from = 0;
    int depth = 0;
    for (size_t k = 0; k <= len; k++) {
        if (k < len && s[k] == '[')
            depth++;
        else if (k < len && s[k] == ']')
            depth--;
        if (k == len || (depth == 0 && s[k] == sep)) {
            Slice piece = { s + from, k - from };
            g_array_append_val(out, piece);
            from = k + 1;
        }
    }
    return out;
}

static Slice
trim_spaces(Slice x)
{
    while (x.len > 0 && x.p[0] == ' ')
        x.p++, x.len--;
    while (x.len > 0 && x.p[x.len - 1] == ' ')
        x.len--;
    return x;
}

static gboolean
has_key(Slice item, const char *key)
{
    size_t k = strlen(key);
    return item.len > k && strncmp(item.p, key, k) == 0 && item.p[k] == '=';
}

/* A part's own error without its leading "name: ", which the caller's
 * "part i (name): " already says. */
static const char *
strip_name(const char *msg, const char *name)
{
    size_t k = strlen(name);
    return strncmp(msg, name, k) == 0 && msg[k] == ':' && msg[k + 1] == ' ' ? msg + k + 2 : msg;
}

/* Refuses classes with a 'dim' parameter of their own: the product's would
 * shadow it and the normalized spec could not say which is which. */
int
steepest_product_check_part_class(size_t index, const char *name)
{
    const SteepestNormClass *k = steepest_registry_lookup(name);
    for (guint j = 0; k != NULL && j < k->n_params; j++)
        if (strcmp(k->methods.params[j]->name, "dim") == 0)
            return steepest_fail(
                STEEPEST_ERROR_PARAMETER,
                "product: part %zu (%s): the class declares its own parameter 'dim', which the "
                "product reserves for the part's dimension; build it with steepest_norm_product_new()",
                index, name);
    return STEEPEST_OK;
}

static int
parse_dim(size_t index, const char *name, Slice text, size_t *dim)
{
    g_autofree char *buf = g_strndup(text.p, text.len);
    guint64 v = 0;
    if (strlen(buf) == text.len && g_ascii_string_to_unsigned(buf, 10, 1, 1000000000000000ULL, &v, NULL)) {
        *dim = (size_t) v;
        return STEEPEST_OK;
    }
    g_autofree char *q = steepest_spec_quote(text.p, text.len);
    return steepest_fail(STEEPEST_ERROR_PARAMETER,
                         "product: part %zu (%s): parameter 'dim' must be an integer in [1, 1e+15], got %s",
                         index, name, q);
}

/* Makes part number `index` (1-based) from its text: the spec with dim=N. */
static int
parse_part(size_t index, Slice text, SteepestNorm **out)
{
    if (text.len == 0)
        return steepest_fail(STEEPEST_ERROR_SPEC, "product: part %zu is empty", index);
    g_autofree char *spec = g_strndup(text.p, text.len);
    if (strlen(spec) != text.len)
        return steepest_fail(STEEPEST_ERROR_SPEC, "product: part %zu contains a NUL byte", index);
    char name[64];
    const char *rest = NULL;
    int rc = steepest_spec_split_name(spec, name, &rest);
    if (rc != STEEPEST_OK) {
        g_autofree char *why = g_strdup(steepest_last_error());
        return steepest_fail(rc, "product: part %zu: %s", index, why);
    }
    if ((rc = steepest_product_check_part_class(index, name)) != STEEPEST_OK)
        return rc;

    /* Take dim=N out; the rest is the part's own spec. */
    GString *own = g_string_new(name);
    GArray *items = rest ? split_top(rest, strlen(rest), ',') : g_array_new(FALSE, FALSE, sizeof(Slice));
    size_t dim = 0, kept = 0;
    gboolean have_dim = FALSE;
    for (guint j = 0; j < items->len && rc == STEEPEST_OK; j++) {
        Slice item = g_array_index(items, Slice, j);
        if (has_key(item, "dim")) {
            if (have_dim)
                rc = steepest_fail(STEEPEST_ERROR_PARAMETER,
                                   "product: part %zu (%s): parameter 'dim' is given twice", index, name);
            else
                rc = parse_dim(index, name, (Slice){ item.p + 4, item.len - 4 }, &dim);
            have_dim = TRUE;
        } else {
            g_string_append_c(own, kept++ ? ',' : ':');
            g_string_append_len(own, item.p, (gssize) item.len);
        }
    }
    g_array_free(items, TRUE);
    if (rc == STEEPEST_OK && !have_dim)
        rc = steepest_fail(STEEPEST_ERROR_PARAMETER,
                           "product: part %zu (%s): needs its dimension, e.g. '%s%sdim=4'", index, name, spec,
                           rest ? "," : ":");
    if (rc == STEEPEST_OK) {
        rc = steepest_norm_new(own->str, dim, out);
        if (rc != STEEPEST_OK) {
            g_autofree char *why = g_strdup(steepest_last_error());
            rc = steepest_fail(rc, "product: part %zu (%s): %s", index, name, strip_name(why, name));
        }
    }
    g_string_free(own, TRUE);
    return rc;
}

/* Parses "[PART|PART|...]" into parts (an array of SteepestNorm*). */
static int
parse_parts(Slice value, GPtrArray *parts)
{
    if (value.len < 2 || value.p[0] != '[' || value.p[value.len - 1] != ']') {
        g_autofree char *q = steepest_spec_quote(value.p, value.len);
        return steepest_fail(STEEPEST_ERROR_SPEC,
                             "product: parameter 'parts' must be [SPEC:dim=N|SPEC:dim=N|...], got %s", q);
    }
    Slice inner = trim_spaces((Slice){ value.p + 1, value.len - 2 });
    if (inner.len == 0)
        return steepest_fail(STEEPEST_ERROR_PARAMETER, "product: parts=[] lists no parts");
    GArray *texts = split_top(inner.p, inner.len, '|');
    int rc = STEEPEST_OK;
    for (guint i = 0; i < texts->len && rc == STEEPEST_OK; i++) {
        SteepestNorm *part = NULL;
        rc = parse_part(i + 1, trim_spaces(g_array_index(texts, Slice, i)), &part);
        if (rc == STEEPEST_OK)
            g_ptr_array_add(parts, part);
    }
    g_array_free(texts, TRUE);
    return rc;
}

/* Sorts the top-level items into parts=[...] and the flat rest (weights),
 * which the ordinary parser reads against the class's declarations. */
static int
split_items(const char *rest, Slice *parts_value, GString *flat)
{
    GArray *items = split_top(rest, strlen(rest), ',');
    int rc = STEEPEST_OK;
    gboolean have_parts = FALSE;
    for (guint j = 0; j < items->len && rc == STEEPEST_OK; j++) {
        Slice item = g_array_index(items, Slice, j);
        if (item.len == 0) {
            rc = steepest_fail(STEEPEST_ERROR_SPEC, "product: empty parameter (a ',' too many) in the spec");
        } else if (has_key(item, "parts")) {
            if (have_parts)
                rc = steepest_fail(STEEPEST_ERROR_PARAMETER, "product: parameter 'parts' is given twice");
            *parts_value = (Slice){ item.p + 6, item.len - 6 };
            have_parts = TRUE;
        } else if (has_key(item, "weights")) {
            g_string_append_printf(flat, "%s%.*s", flat->len ? "," : "", (int) item.len, item.p);
        } else {
            size_t key = strcspn(item.p, "=,");
            g_autofree char *q = steepest_spec_quote(item.p, MIN(key, item.len));
            rc = steepest_fail(STEEPEST_ERROR_PARAMETER,
                               "product: unknown parameter %s (known: parts, weights)", q);
        }
    }
    g_array_free(items, TRUE);
    if (rc == STEEPEST_OK && !have_parts)
        rc = steepest_fail(
            STEEPEST_ERROR_PARAMETER,
            "product: needs parts=[SPEC:dim=N|...], e.g. 'product:parts=[l2:dim=3|linf:dim=2]'");
    return rc;
}

/* The weights the spec gave (NULL: all 1), checked against the part count. */
static int
spec_weights(const SteepestPluginArgs *args, size_t n_parts, const double **weights)
{
    const SteepestArgValue *w = &args->values[0];
    *weights = NULL;
    if (!w->set)
        return STEEPEST_OK;
    if (w->double_list->len != n_parts)
        return steepest_fail(STEEPEST_ERROR_PARAMETER, "product: %zu parts but %u weights", n_parts,
                             w->double_list->len);
    *weights = (const double *) (const void *) w->double_list->data;
    for (size_t i = 0; i < n_parts; i++)
        if (!((*weights)[i] > 0.0))
            return steepest_fail(STEEPEST_ERROR_PARAMETER,
                                 "product: part %zu: parameter 'weights' must be > 0, got %g", i + 1,
                                 (*weights)[i]);
    return STEEPEST_OK;
}

static void
free_part_array(GPtrArray *parts)
{
    for (guint i = 0; i < parts->len; i++)
        steepest_norm_free(g_ptr_array_index(parts, i));
    g_ptr_array_free(parts, TRUE);
}

int
steepest_product_new_from_spec(const char *rest, size_t dim, SteepestNorm **out)
{
    /* Bare "product" lacks a parameter (as "block" does); "product:" is a
     * syntax error, as for every class. */
    if (rest == NULL)
        return steepest_fail(
            STEEPEST_ERROR_PARAMETER,
            "product: needs parts=[SPEC:dim=N|...], e.g. 'product:parts=[l2:dim=3|linf:dim=2]'");
    if (rest[0] == '\0')
        return steepest_fail(STEEPEST_ERROR_SPEC, "norm spec 'product:' has a ':' but no parameters");
    int depth = bracket_depth(rest);
    if (depth < 0)
        return steepest_fail(STEEPEST_ERROR_SPEC, "product: the brackets '[' ']' in the spec do not pair up");
    if (depth > STEEPEST_PRODUCT_MAX_DEPTH)
        return steepest_fail(STEEPEST_ERROR_SPEC, "product: parts nest %d deep, at most %d allowed", depth,
                             STEEPEST_PRODUCT_MAX_DEPTH);
    Slice parts_value = { NULL, 0 };
    GString *flat = g_string_new(NULL);
    int rc = split_items(rest, &parts_value, flat);
    /* The flat parameters first: a bad weight needs no part built. */
    SteepestPluginArgs *args = NULL;
    if (rc == STEEPEST_OK)
        rc = steepest_spec_parse_args("product", steepest_product_class.params, flat->len ? flat->str : NULL,
                                      &args);
    GPtrArray *parts = g_ptr_array_new();
    if (rc == STEEPEST_OK)
        rc = parse_parts(parts_value, parts);
    const double *weights = NULL;
    if (rc == STEEPEST_OK)
        rc = spec_weights(args, parts->len, &weights);
    size_t sum = 0;
    for (guint i = 0; i < parts->len; i++)
        sum += ((SteepestNorm *) g_ptr_array_index(parts, i))->dim;
    if (rc == STEEPEST_OK && sum != dim)
        rc = steepest_fail(STEEPEST_ERROR_PARAMETER,
                           "product: the parts' dimensions sum to %zu but the dimension is %zu", sum, dim);
    if (rc == STEEPEST_OK) {
        rc = steepest_product_new_owned(parts->len, (SteepestNorm **) parts->pdata, weights, out);
        g_ptr_array_free(parts, TRUE); /* the product owns (or freed) them now */
    } else {
        free_part_array(parts);
    }
    steepest_spec_args_free(args);
    g_string_free(flat, TRUE);
    return rc;
}
