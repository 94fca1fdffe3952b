/* cli-derive.c — spec candidates for a class whose parameters have no
 * default, built from what a declaration holds (type and inclusive range)
 * and the dimension d: integers first as divisors of d (a size that must
 * divide it; two of them, a, d/a, make a shape R×C = d), then 1, d and
 * small values; doubles 1, 2, 0.5, ... in range; integer lists that sum to d.
 * A string parameter has no candidates: the words a class accepts are
 * written only in its doc line.  Subsets of the parameters are tried from
 * the smallest (block takes size or sizes, never both), each as every
 * combination of candidate values, until steepest_norm_new accepts one. */
#include "cli-derive.h"

#include <math.h>
#include <string.h>

enum {
    MAX_VALUES = 16,  /* candidate values per parameter */
    MAX_FREE = 6,     /* parameters without a default that are varied */
    MAX_TRIES = 2048, /* candidate specs per dimension */
    MAX_LIST = 64,    /* elements of a candidate list */
};

/* Integers above this do not survive the trip through a double range. */
#define MAX_EXACT_INT 9007199254740992.0

typedef struct {
    const char *name;
    GPtrArray *values; /* spec texts */
} FreeParam;

static void
add_value(GPtrArray *values, char *text)
{
    for (guint i = 0; i < values->len; i++)
        if (strcmp(values->pdata[i], text) == 0) {
            g_free(text);
            return;
        }
    if (values->len < MAX_VALUES)
        g_ptr_array_add(values, text);
    else
        g_free(text);
}

static gboolean
int_ok(double v, double min, double max)
{
    return v >= min && v <= max && fabs(v) <= MAX_EXACT_INT;
}

/* Integer candidates in order: divisor pairs a, d/a (2 <= a <= sqrt d), 1, d,
 * 0, 2, 3, and the declared minimum. */
static size_t
int_candidates(size_t d, double min, double max, double *out)
{
    double raw[2 * MAX_VALUES + 6];
    size_t n = 0, kept = 0;
    for (size_t a = 2; a * a <= d && n < 2 * MAX_VALUES; a++)
        if (d % a == 0) {
            raw[n++] = (double) a;
            raw[n++] = (double) (d / a);
        }
    const double tail[] = { 1, (double) d, 0, 2, 3, min };
    for (size_t i = 0; i < G_N_ELEMENTS(tail); i++)
        raw[n++] = tail[i];
    for (size_t i = 0; i < n && kept < MAX_VALUES; i++) {
        gboolean seen = FALSE;
        for (size_t j = 0; j < kept; j++)
            seen = seen || out[j] == raw[i];
        if (!seen && int_ok(raw[i], min, max))
            out[kept++] = raw[i];
    }
    return kept;
}

/* Double candidates in order: 1, 2, 0.5, 3, then points of the range. */
static size_t
double_candidates(double min, double max, double *out)
{
    const double raw[] = { 1, 2, 0.5, 3, 0.5 * (min + max), min + 1, max - 1, min, max };
    size_t kept = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(raw); i++) {
        gboolean seen = FALSE;
        for (size_t j = 0; j < kept; j++)
            seen = seen || out[j] == raw[i];
        if (!seen && isfinite(raw[i]) && raw[i] >= min && raw[i] <= max)
            out[kept++] = raw[i];
    }
    return kept;
}

static char *
format_double(double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup(g_ascii_dtostr(buf, sizeof buf, v));
}

/* `count` copies of `elem` joined by '+'. */
static char *
repeat_join(const char *elem, size_t count)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < count; i++)
        g_string_append_printf(s, "%s%s", i ? "+" : "", elem);
    return g_string_free(s, FALSE);
}

static void
add_int_list(GPtrArray *values, const double *elems, size_t count, double min, double max)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < count; i++) {
        if (!int_ok(elems[i], min, max)) {
            g_string_free(s, TRUE);
            return;
        }
        g_string_append_printf(s, "%s%lld", i ? "+" : "", (long long) elems[i]);
    }
    add_value(values, g_string_free(s, FALSE));
}

/* Integer lists in order: (d), (1, d−1), equal parts (a, ..., a) for the
 * smallest divisor a, ones, then each integer candidate alone. */
static void
int_list_candidates(GPtrArray *values, size_t d, double min, double max)
{
    double whole = (double) d, split[2] = { 1, (double) d - 1 };
    add_int_list(values, &whole, 1, min, max);
    if (d > 1)
        add_int_list(values, split, 2, min, max);
    for (size_t a = 2; a <= d; a++)
        if (d % a == 0) {
            if (a < d && d / a <= MAX_LIST) {
                char *elem = g_strdup_printf("%zu", a);
                if (int_ok((double) a, min, max))
                    add_value(values, repeat_join(elem, d / a));
                g_free(elem);
            }
            break;
        }
    if (d <= MAX_LIST && int_ok(1, min, max))
        add_value(values, repeat_join("1", d));
    double singles[MAX_VALUES];
    size_t n = int_candidates(d, min, max, singles);
    for (size_t i = 0; i < n; i++)
        add_int_list(values, &singles[i], 1, min, max);
}

static GPtrArray *
candidates(int type, size_t d, double min, double max)
{
    GPtrArray *values = g_ptr_array_new_with_free_func(g_free);
    double v[MAX_VALUES];
    size_t n;
    switch (type) {
    case STEEPEST_PARAM_INT:
        n = int_candidates(d, min, max, v);
        for (size_t i = 0; i < n; i++)
            add_value(values, g_strdup_printf("%lld", (long long) v[i]));
        break;
    case STEEPEST_PARAM_DOUBLE:
        n = double_candidates(min, max, v);
        for (size_t i = 0; i < n; i++)
            add_value(values, format_double(v[i]));
        break;
    case STEEPEST_PARAM_INT_LIST:
        int_list_candidates(values, d, min, max);
        break;
    case STEEPEST_PARAM_DOUBLE_LIST:
        n = MIN(double_candidates(min, max, v), 3);
        for (size_t i = 0; i < n; i++) {
            char *elem = format_double(v[i]);
            if (d <= MAX_LIST)
                add_value(values, repeat_join(elem, d));
            add_value(values, g_strdup(elem));
            g_free(elem);
        }
        break;
    default: /* a string: its words are known only from the doc line */
        break;
    }
    return values;
}

gboolean
cli_derive_needed(const SteepestNormClass *klass)
{
    for (size_t j = 0; j < steepest_norm_class_get_param_count(klass); j++) {
        const char *def = NULL;
        steepest_norm_class_get_param(klass, j, NULL, NULL, NULL, &def, NULL, NULL);
        if (def == NULL)
            return TRUE;
    }
    return FALSE;
}

typedef struct {
    const char *klass;
    size_t d;
    FreeParam free[MAX_FREE];
    size_t n_free;
    size_t tried;
} Search;

/* Every combination of candidate values of the parameters in `mask`, the
 * last one varying fastest; the first accepted instance. */
static SteepestNorm *
try_subset(Search *s, unsigned mask, char **spec)
{
    size_t members[MAX_FREE], idx[MAX_FREE] = { 0 }, k = 0;
    for (size_t j = 0; j < s->n_free; j++)
        if (mask >> j & 1u) {
            if (s->free[j].values->len == 0)
                return NULL;
            members[k++] = j;
        }
    while (s->tried < MAX_TRIES) {
        GString *text = g_string_new(s->klass);
        for (size_t m = 0; m < k; m++) {
            const FreeParam *p = &s->free[members[m]];
            g_string_append_printf(text, "%c%s=%s", m ? ',' : ':', p->name,
                                   (const char *) p->values->pdata[idx[m]]);
        }
        SteepestNorm *norm = NULL;
        s->tried++;
        if (steepest_norm_new(text->str, s->d, &norm) == STEEPEST_OK) {
            *spec = g_string_free(text, FALSE);
            return norm;
        }
        g_string_free(text, TRUE);
        size_t m = k;
        for (; m > 0; m--) {
            if (++idx[m - 1] < s->free[members[m - 1]].values->len)
                break;
            idx[m - 1] = 0;
        }
        if (m == 0)
            return NULL;
    }
    return NULL;
}

static unsigned
bits_set(unsigned mask)
{
    unsigned n = 0;
    for (; mask; mask &= mask - 1)
        n++;
    return n;
}

char *
cli_derive_instance(const SteepestNormClass *klass, size_t d, SteepestNorm **norm, size_t *tried)
{
    Search s = { .klass = steepest_norm_class_get_name(klass), .d = d };
    for (size_t j = 0; j < steepest_norm_class_get_param_count(klass) && s.n_free < MAX_FREE; j++) {
        const char *name = NULL, *def = NULL;
        int type = 0;
        double min = -INFINITY, max = INFINITY;
        steepest_norm_class_get_param(klass, j, &name, &type, NULL, &def, &min, &max);
        if (def == NULL)
            s.free[s.n_free++] = (FreeParam){ .name = name, .values = candidates(type, d, min, max) };
    }
    char *spec = NULL;
    *norm = NULL;
    for (unsigned size = 1; size <= s.n_free && *norm == NULL; size++)
        for (unsigned mask = 1; mask < 1u << s.n_free && *norm == NULL; mask++)
            if (bits_set(mask) == size)
                *norm = try_subset(&s, mask, &spec);
    for (size_t j = 0; j < s.n_free; j++)
        g_ptr_array_unref(s.free[j].values);
    *tried = s.tried;
    return spec;
}

char *
cli_derive_spec_hint(const SteepestNormClass *klass)
{
    GString *s = g_string_new(steepest_norm_class_get_name(klass));
    size_t given = 0;
    for (size_t j = 0; j < steepest_norm_class_get_param_count(klass); j++) {
        const char *name = NULL, *def = NULL;
        steepest_norm_class_get_param(klass, j, &name, NULL, NULL, &def, NULL, NULL);
        if (def == NULL)
            g_string_append_printf(s, "%c%s=…", given++ ? ',' : ':', name);
    }
    return g_string_free(s, FALSE);
}
