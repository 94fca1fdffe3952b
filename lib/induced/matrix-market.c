/* matrix-market.c — Matrix Market files (array and coordinate; real, integer
 * or double; general or symmetric), read strictly and written exactly.
 *
 * Every problem the reader finds fails with STEEPEST_ERROR_FORMAT and a
 * message "NAME:LINE: what", naming the line it was found on.  Array files
 * give a dense row-major matrix; coordinate files a SteepestCsr, so a sparse
 * matrix is never expanded.  Storage grows with the entries actually present:
 * a size line that promises more than the file holds allocates nothing for the
 * promise.  The writer builds the whole text and replaces the file atomically
 * (g_file_set_contents): a failed write leaves no partial file. */
#include "induced/csr-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    char *text; /* NUL-terminated text this parse may write to, split in place */
    size_t length;
    char *cursor; /* start of the next line */
    size_t line;  /* number of the line last returned */
} Lines;

/* The next line (NUL-terminated in place, without '\r'), or NULL at the end. */
static char *
next_line(Lines *r)
{
    if (r->cursor >= r->text + r->length)
        return NULL;
    char *start = r->cursor;
    char *nl = memchr(start, '\n', (size_t) (r->text + r->length - start));
    if (nl != NULL) {
        *nl = '\0';
        r->cursor = nl + 1;
    } else {
        r->cursor = r->text + r->length;
    }
    size_t len = strlen(start);
    if (len > 0 && start[len - 1] == '\r')
        start[len - 1] = '\0';
    r->line++;
    return start;
}

/* Splits a line into at most `max` tokens at white space (in place); returns
 * the count, max + 1 when there are more. */
static unsigned
split(char *line, char **tok, unsigned max)
{
    unsigned count = 0;
    char *p = line;
    for (;;) {
        while (*p != '\0' && g_ascii_isspace(*p))
            p++;
        if (*p == '\0')
            return count;
        if (count == max)
            return max + 1;
        tok[count++] = p;
        while (*p != '\0' && !g_ascii_isspace(*p))
            p++;
        if (*p != '\0')
            *p++ = '\0';
    }
}

static gboolean
blank_or_comment(const char *line)
{
    while (g_ascii_isspace(*line))
        line++;
    return *line == '\0' || *line == '%';
}

static int
parse_number(const Lines *r, const char *token, double *out)
{
    char *end = NULL;
    double v = g_ascii_strtod(token, &end);
    if (end == token || *end != '\0')
        return steepest_fail(STEEPEST_ERROR_FORMAT, "%s:%zu: '%.40s' is not a number", r->name, r->line,
                             token);
    if (!isfinite(v))
        return steepest_fail(STEEPEST_ERROR_FORMAT, "%s:%zu: entry '%.40s' is not finite", r->name, r->line,
                             token);
    *out = v;
    return STEEPEST_OK;
}

static int
parse_count(const Lines *r, const char *token, const char *what, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end = NULL;
    guint64 v = g_ascii_strtoull(token, &end, 10);
    if (end == token || *end != '\0' || token[0] == '-' || token[0] == '+')
        return steepest_fail(STEEPEST_ERROR_FORMAT, "%s:%zu: %s '%.40s' is not a nonnegative integer",
                             r->name, r->line, what, token);
    if (v < lo || v > hi)
        return steepest_fail(STEEPEST_ERROR_FORMAT, "%s:%zu: %s %.40s is out of range [%llu, %llu]", r->name,
                             r->line, what, token, (unsigned long long) lo, (unsigned long long) hi);
    *out = v;
    return STEEPEST_OK;
}

/* ---- header and size line ---------------------------------------------- */

typedef struct {
    gboolean array, symmetric;
    size_t n;
    uint64_t entries; /* coordinate: the declared count */
    size_t size_line;
} Header;

static int
parse_header(Lines *r, size_t max_dim, Header *h)
{
    char *line = next_line(r);
    if (line == NULL)
        return steepest_fail(STEEPEST_ERROR_FORMAT, "%s: the file is empty", r->name);
    if (g_ascii_strncasecmp(line, "%%MatrixMarket", 14) != 0)
        return steepest_fail(STEEPEST_ERROR_FORMAT,
                             "%s:1: not a Matrix Market file (the first line must start "
                             "with '%%%%MatrixMarket')",
                             r->name);
    char *t[6];
    if (split(line, t, 5) != 5 || g_ascii_strcasecmp(t[1], "matrix") != 0)
        return steepest_fail(STEEPEST_ERROR_FORMAT,
                             "%s:1: malformed Matrix Market header (expected "
                             "'%%%%MatrixMarket matrix FORMAT FIELD SYMMETRY')",
                             r->name);
    h->array = g_ascii_strcasecmp(t[2], "array") == 0;
    if (!h->array && g_ascii_strcasecmp(t[2], "coordinate") != 0)
        return steepest_fail(STEEPEST_ERROR_FORMAT,
                             "%s:1: unknown Matrix Market format '%.40s' (expected array "
                             "or coordinate)",
                             r->name, t[2]);
    if (g_ascii_strcasecmp(t[3], "real") != 0 && g_ascii_strcasecmp(t[3], "integer") != 0 &&
        g_ascii_strcasecmp(t[3], "double") != 0)
        return steepest_fail(STEEPEST_ERROR_FORMAT,
                             "%s:1: unsupported Matrix Market field '%.40s' (expected "
                             "real or integer)",
                             r->name, t[3]);
    h->symmetric = g_ascii_strcasecmp(t[4], "symmetric") == 0;
    if (!h->symmetric && g_ascii_strcasecmp(t[4], "general") != 0)
        return steepest_fail(STEEPEST_ERROR_FORMAT,
                             "%s:1: unsupported Matrix Market symmetry '%.40s' (expected "
                             "general or symmetric)",
                             r->name, t[4]);
    while ((line = next_line(r)) != NULL && blank_or_comment(line))
        ;
    if (line == NULL)
        return steepest_fail(STEEPEST_ERROR_FORMAT, "%s:%zu: missing the size line", r->name, r->line + 1);
    h->size_line = r->line;
    unsigned want = h->array ? 2 : 3, got = split(line, t, 3);
    if (got != want)
        return steepest_fail(STEEPEST_ERROR_FORMAT, "%s:%zu: the size line needs %s, found %s%u numbers",
                             r->name, r->line, h->array ? "ROWS COLS" : "ROWS COLS ENTRIES",
                             got > 3 ? "more than " : "", got > 3 ? 3 : got);
    uint64_t rows, cols;
    int rc = parse_count(r, t[0], "row count", 1, max_dim, &rows);
    if (rc == STEEPEST_OK)
        rc = parse_count(r, t[1], "column count", 1, max_dim, &cols);
    if (rc != STEEPEST_OK)
        return rc;
    if (rows != cols)
        return steepest_fail(STEEPEST_ERROR_FORMAT, "%s:%zu: the matrix is not square (%llu x %llu)", r->name,
                             r->line, (unsigned long long) rows, (unsigned long long) cols);
    h->n = (size_t) rows;
    if (!h->array) {
        uint64_t most = rows <= UINT32_MAX ? rows * rows : UINT64_MAX;
        rc = parse_count(r, t[2], "entry count", 0, most, &h->entries);
    }
    return rc;
}

/* ---- storage that grows with the entries ------------------------------- */

/* A growing array of `size`-byte items whose growth can fail (a GArray's
 * aborts): push() says FALSE when out of memory. */
typedef struct {
    void *items;
    size_t len, cap, size;
} Grow;

static gboolean
push(Grow *g, const void *item)
{
    if (g->len == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 256;
        void *items = g_try_realloc_n(g->items, cap, g->size);
        if (items == NULL)
            return FALSE;
        g->items = items;
        g->cap = cap;
    }
    memcpy((char *) g->items + g->len++ * g->size, item, g->size);
    return TRUE;
}

static int
out_of_memory(const Lines *r, const Grow *g)
{
    return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s:%zu: out of memory for more than %zu entries", r->name,
                         r->line, g->len);
}

/* ---- array ------------------------------------------------------------- */

/* Array entries come column by column (the lower triangle only when symmetric). */
static int
read_array(Lines *r, const Header *h, unsigned flags, double **out)
{
    size_t n = h->n;
    size_t expected = h->symmetric ? n * (n + 1) / 2 : n * n;
    Grow values = { NULL, 0, 0, sizeof(double) }, lines = { NULL, 0, 0, sizeof(guint32) };
    int rc = STEEPEST_OK;
    char *line, *t[2];
    while (rc == STEEPEST_OK && (line = next_line(r)) != NULL) {
        if (blank_or_comment(line))
            continue;
        unsigned got = split(line, t, 1);
        if (got != 1) {
            rc = steepest_fail(STEEPEST_ERROR_FORMAT, "%s:%zu: an array entry is one number per line",
                               r->name, r->line);
            break;
        }
        if (values.len == expected) {
            rc = steepest_fail(STEEPEST_ERROR_FORMAT,
                               "%s:%zu: more entries than the %zu the size line (line %zu) "
                               "declares",
                               r->name, r->line, expected, h->size_line);
            break;
        }
        double v;
        rc = parse_number(r, t[0], &v);
        guint32 l = (guint32) r->line;
        if (rc == STEEPEST_OK && (!push(&values, &v) || !push(&lines, &l)))
            rc = out_of_memory(r, &values);
    }
    if (rc == STEEPEST_OK && values.len < expected)
        rc = steepest_fail(STEEPEST_ERROR_FORMAT,
                           "%s:%zu: the file ends after %zu of the %zu entries the size line "
                           "(line %zu) declares",
                           r->name, r->line + 1, values.len, expected, h->size_line);
    const double *value = values.items;
    const guint32 *line_at = lines.items;
    double *H = NULL;
    if (rc == STEEPEST_OK && (H = g_try_new0(double, n *n)) == NULL)
        rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory for a %zu x %zu matrix", r->name, n,
                           n);
    if (rc == STEEPEST_OK) {
        size_t k = 0;
        for (size_t j = 0; j < n; j++)
            for (size_t i = h->symmetric ? j : 0; i < n; i++, k++) {
                double v = value[k];
                H[i * n + j] = v;
                H[j * n + i] = h->symmetric ? v : H[j * n + i];
            }
    }
    if (rc == STEEPEST_OK && !h->symmetric && (flags & STEEPEST_MM_REQUIRE_SYMMETRIC)) {
        double scale = 0.0;
        for (size_t k = 0; k < n * n; k++)
            scale = fmax(scale, fabs(H[k]));
        for (size_t i = 0; i < n && rc == STEEPEST_OK; i++)
            for (size_t j = i + 1; j < n && rc == STEEPEST_OK; j++)
                if (fabs(H[i * n + j] - H[j * n + i]) > STEEPEST_MATRIX_SYMMETRY_TOL * scale) {
                    char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
                    g_ascii_formatd(a, sizeof a, "%.17g", H[i * n + j]);
                    g_ascii_formatd(b, sizeof b, "%.17g", H[j * n + i]);
                    rc = steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC,
                                       "%s:%u: not symmetric: H[%zu][%zu] = %s but "
                                       "H[%zu][%zu] = %s (line %u)",
                                       r->name, line_at[j * n + i], i + 1, j + 1, a, j + 1, i + 1, b,
                                       line_at[i * n + j]);
                }
    }
    g_free(values.items);
    g_free(lines.items);
    if (rc != STEEPEST_OK) {
        g_free(H);
        return rc;
    }
    *out = H;
    return STEEPEST_OK;
}

/* ---- coordinate ---------------------------------------------------------- */

typedef struct {
    int64_t i, j;
    double v;
    guint32 line;
} Triplet;

static int
triplet_order(const void *a, const void *b)
{
    const Triplet *x = a, *y = b;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    if (x->j != y->j)
        return x->j < y->j ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* The line of entry (i, j) in the sorted triplets (0 when absent). */
static guint32
line_of(const Grow *triplets, int64_t i, int64_t j)
{
    const Triplet *tr = triplets->items;
    Triplet key = { i, j, 0, 0 };
    size_t lo = 0, hi = triplets->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (triplet_order(&tr[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < triplets->len) {
        const Triplet *t = &tr[lo];
        if (t->i == i && t->j == j)
            return t->line;
    }
    return 0;
}

static int
read_triplets(Lines *r, const Header *h, Grow *tr)
{
    char *line, *t[4];
    uint64_t count = 0;
    while ((line = next_line(r)) != NULL) {
        if (blank_or_comment(line))
            continue;
        unsigned got = split(line, t, 3);
        if (got != 3)
            return steepest_fail(STEEPEST_ERROR_FORMAT,
                                 "%s:%zu: a coordinate entry needs ROW COLUMN VALUE, found "
                                 "%s%u fields",
                                 r->name, r->line, got > 3 ? "more than " : "", got > 3 ? 3 : got);
        if (count == h->entries)
            return steepest_fail(STEEPEST_ERROR_FORMAT,
                                 "%s:%zu: more entries than the %llu the size line (line %zu) "
                                 "declares",
                                 r->name, r->line, (unsigned long long) h->entries, h->size_line);
        uint64_t i, j;
        double v;
        int rc = parse_count(r, t[0], "row", 1, h->n, &i);
        if (rc == STEEPEST_OK)
            rc = parse_count(r, t[1], "column", 1, h->n, &j);
        if (rc == STEEPEST_OK)
            rc = parse_number(r, t[2], &v);
        if (rc != STEEPEST_OK)
            return rc;
        Triplet e = { (int64_t) i - 1, (int64_t) j - 1, v, (guint32) r->line };
        Triplet m = { e.j, e.i, v, e.line };
        if (!push(tr, &e) || (h->symmetric && i != j && !push(tr, &m)))
            return out_of_memory(r, tr);
        count++;
    }
    if (count < h->entries)
        return steepest_fail(STEEPEST_ERROR_FORMAT,
                             "%s:%zu: the file ends after %llu of the %llu entries the size "
                             "line (line %zu) declares",
                             r->name, r->line + 1, (unsigned long long) count,
                             (unsigned long long) h->entries, h->size_line);
    return STEEPEST_OK;
}

static int
build_csr(const Lines *r, const Header *h, Grow *triplets, unsigned flags, SteepestCsr **out)
{
    size_t n = h->n, len = triplets->len;
    Triplet *tr = triplets->items;
    /* A total order (the line breaks ties): stability is moot.  An empty file
     * has no items array, and qsort(NULL, 0, ...) is undefined. */
    if (len > 1)
        qsort(tr, len, sizeof *tr, triplet_order);
    for (size_t k = 1; k < len; k++) {
        const Triplet *a = &tr[k - 1], *b = &tr[k];
        if (a->i == b->i && a->j == b->j)
            return steepest_fail(STEEPEST_ERROR_FORMAT,
                                 "%s:%u: entry (%lld, %lld) given twice (also on line %u)", r->name,
                                 MAX(a->line, b->line), (long long) a->i + 1, (long long) a->j + 1,
                                 MIN(a->line, b->line));
    }
    int64_t *indptr = g_try_new0(int64_t, n + 1);
    int64_t *indices = g_try_new(int64_t, len ? len : 1);
    double *data = g_try_new(double, len ? len : 1);
    if (indptr == NULL || indices == NULL || data == NULL) {
        g_free(indptr);
        g_free(indices);
        g_free(data);
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory for %zu entries of dimension %zu",
                             r->name, len, n);
    }
    for (size_t k = 0; k < len; k++) {
        const Triplet *e = &tr[k];
        indptr[e->i + 1]++;
        indices[k] = e->j;
        data[k] = e->v;
    }
    for (size_t i = 0; i < n; i++)
        indptr[i + 1] += indptr[i];
    SteepestCsr *csr = steepest_csr_adopt(n, indptr, indices, data);
    size_t row = 0;
    int64_t bad;
    if (!h->symmetric && (flags & STEEPEST_MM_REQUIRE_SYMMETRIC) &&
        (bad = steepest_csr_find_asymmetry(csr, STEEPEST_MATRIX_SYMMETRY_TOL, &row)) >= 0) {
        int64_t col = csr->indices[bad];
        double mirror = steepest_csr_at(csr, (size_t) col, row, NULL);
        char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
        g_ascii_formatd(a, sizeof a, "%.17g", csr->data[bad]);
        g_ascii_formatd(b, sizeof b, "%.17g", mirror);
        guint32 other = line_of(triplets, col, (int64_t) row);
        char *where = other ? g_strdup_printf(" (line %u)", other) : g_strdup(" (not given)");
        int rc = steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC,
                               "%s:%u: not symmetric: H[%zu][%lld] = %s but "
                               "H[%lld][%zu] = %s%s",
                               r->name, line_of(triplets, (int64_t) row, col), row + 1, (long long) col + 1,
                               a, (long long) col + 1, row + 1, b, where);
        g_free(where);
        steepest_csr_free(csr);
        return rc;
    }
    *out = csr;
    return STEEPEST_OK;
}

/* ---- entry points --------------------------------------------------------- */

/* Checks the arguments; a NUL byte inside text is a FORMAT error. */
static int
check_parse_args(const char *name, const char *text, size_t length, unsigned flags, size_t *n, double **dense,
                 SteepestCsr **csr)
{
    if (text == NULL || n == NULL || dense == NULL || csr == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_market_parse: %s is NULL",
                             text == NULL    ? "text"
                             : n == NULL     ? "n"
                             : dense == NULL ? "dense"
                                             : "csr");
    if (flags & ~(unsigned) STEEPEST_MM_REQUIRE_SYMMETRIC)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_matrix_market_parse: unknown flags 0x%x", flags);
    const char *nul = memchr(text, '\0', length);
    if (nul != NULL) {
        size_t line = 1;
        for (const char *p = text; p < nul; p++)
            line += *p == '\n';
        return steepest_fail(STEEPEST_ERROR_FORMAT, "%s:%zu: binary data (a NUL byte), not a text file", name,
                             line);
    }
    return STEEPEST_OK;
}

/* Parses text[0 .. length), NUL-terminated at text[length], in place: the
 * tokenizer writes into it, so the file reader hands over its own buffer and
 * a file is held in memory once, not twice (an 8192² array file is 740 MB). */
static int
parse_in_place(const char *name, char *text, size_t length, unsigned flags, size_t max_dim, size_t *n,
               double **dense, SteepestCsr **csr)
{
    if (max_dim == 0 || max_dim > (size_t) INT32_MAX)
        max_dim = INT32_MAX;
    Lines r = { name, text, length, text, 0 };
    Header h;
    int rc = parse_header(&r, max_dim, &h);
    double *H = NULL;
    SteepestCsr *C = NULL;
    if (rc == STEEPEST_OK && h.array) {
        rc = read_array(&r, &h, flags, &H);
    } else if (rc == STEEPEST_OK) {
        Grow tr = { NULL, 0, 0, sizeof(Triplet) };
        rc = read_triplets(&r, &h, &tr);
        if (rc == STEEPEST_OK)
            rc = build_csr(&r, &h, &tr, flags, &C);
        g_free(tr.items);
    }
    if (rc != STEEPEST_OK)
        return rc;
    *n = h.n;
    *dense = H;
    *csr = C;
    return STEEPEST_OK;
}

int
steepest_matrix_market_parse(const char *name, const char *text, size_t length, unsigned flags,
                             size_t max_dim, size_t *n, double **dense, SteepestCsr **csr)
{
    name = name != NULL ? name : "(memory)";
    int rc = check_parse_args(name, text, length, flags, n, dense, csr);
    if (rc != STEEPEST_OK)
        return rc;
    char *copy = g_try_malloc(length + 1); /* the caller's text is const */
    if (copy == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory for %zu bytes", name, length);
    memcpy(copy, text, length);
    copy[length] = '\0';
    rc = parse_in_place(name, copy, length, flags, max_dim, n, dense, csr);
    g_free(copy);
    return rc;
}

int
steepest_matrix_market_read(const char *path, unsigned flags, size_t max_dim, size_t *n, double **dense,
                            SteepestCsr **csr)
{
    if (path == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_matrix_market_read: path is NULL");
    char *contents = NULL; /* NUL-terminated by GLib */
    gsize length = 0;
    GError *error = NULL;
    if (!g_file_get_contents(path, &contents, &length, &error)) {
        int rc = steepest_fail(STEEPEST_ERROR_IO, "cannot read '%s': %s", path, error->message);
        g_error_free(error);
        return rc;
    }
    int rc = check_parse_args(path, contents, length, flags, n, dense, csr);
    if (rc == STEEPEST_OK)
        rc = parse_in_place(path, contents, length, flags, max_dim, n, dense, csr);
    g_free(contents);
    return rc;
}

void
steepest_matrix_free(double *H)
{
    g_free(H);
}

/* ---- writer ---------------------------------------------------------------- */

static void
append_number(GString *s, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.17g", v));
}

static int
write_text(const char *fn, const char *path, GString *s)
{
    GError *error = NULL;
    int rc = STEEPEST_OK;
    if (!g_file_set_contents(path, s->str, (gssize) s->len, &error)) {
        rc = steepest_fail(STEEPEST_ERROR_IO, "%s: cannot write '%s': %s", fn, path, error->message);
        g_error_free(error);
    }
    g_string_free(s, TRUE);
    return rc;
}

int
steepest_matrix_market_write_dense(const char *path, size_t n, const double *H, int symmetric)
{
    const char *fn = "steepest_matrix_market_write_dense";
    if (path == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: path is NULL", fn);
    int rc = steepest_matrix_check(fn, n, H);
    if (rc != STEEPEST_OK)
        return rc;
    for (size_t i = 0; symmetric && i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (H[i * n + j] != H[j * n + i])
                return steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC,
                                     "%s: H(%zu,%zu) != H(%zu,%zu): not symmetric", fn, i, j, j, i);
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%%%%MatrixMarket matrix array real %s\n%zu %zu\n",
                           symmetric ? "symmetric" : "general", n, n);
    for (size_t j = 0; j < n; j++)
        for (size_t i = symmetric ? j : 0; i < n; i++) {
            append_number(s, H[i * n + j]);
            g_string_append_c(s, '\n');
        }
    return write_text(fn, path, s);
}

int
steepest_matrix_market_write_csr(const char *path, const SteepestCsr *csr, int symmetric)
{
    const char *fn = "steepest_matrix_market_write_csr";
    if (path == NULL || csr == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             path == NULL ? "path" : "csr");
    size_t row = 0;
    if (symmetric && steepest_csr_find_asymmetry(csr, 0.0, &row) >= 0)
        return steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC,
                             "%s: row %zu differs from its mirror: not symmetric", fn, row);
    size_t count = 0;
    for (size_t i = 0; i < csr->n; i++)
        for (int64_t k = csr->indptr[i]; k < csr->indptr[i + 1]; k++)
            count += !symmetric || (size_t) csr->indices[k] <= i;
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%%%%MatrixMarket matrix coordinate real %s\n%zu %zu %zu\n",
                           symmetric ? "symmetric" : "general", csr->n, csr->n, count);
    for (size_t i = 0; i < csr->n; i++)
        for (int64_t k = csr->indptr[i]; k < csr->indptr[i + 1]; k++) {
            if (symmetric && (size_t) csr->indices[k] > i)
                continue;
            g_string_append_printf(s, "%zu %lld ", i + 1, (long long) csr->indices[k] + 1);
            append_number(s, csr->data[k]);
            g_string_append_c(s, '\n');
        }
    return write_text(fn, path, s);
}
