/* cli-matrix.c — matrix files (Matrix Market array/coordinate, or plain
 * text rows) and numeric tables, read strictly: every problem is reported
 * with the file and line it was found on. */
#include "cli-matrix.h"
#include "cli.h"

#include <math.h>
#include <string.h>

/* ---- lines and tokens --------------------------------------------------- */

typedef struct {
    const char *path;
    char *contents;
    gsize length;
    char *cursor; /* start of the next line */
    size_t line;  /* number of the line last returned */
} Reader;

static int
reader_open(Reader *r, const char *path)
{
    GError *error = NULL;
    memset(r, 0, sizeof *r);
    r->path = path;
    if (!g_file_get_contents(path, &r->contents, &r->length, &error)) {
        int code = cli_failure("cannot read '%s': %s", path, error->message);
        g_error_free(error);
        return code;
    }
    const char *nul = memchr(r->contents, '\0', r->length);
    if (nul != NULL) {
        size_t line = 1;
        for (const char *p = r->contents; p < nul; p++)
            line += *p == '\n';
        int code = cli_failure("%s:%zu: binary data (a NUL byte), not a text file", path, line);
        g_free(r->contents);
        r->contents = NULL;
        return code;
    }
    r->cursor = r->contents;
    return CLI_EXIT_OK;
}

static void
reader_close(Reader *r)
{
    g_free(r->contents);
    r->contents = NULL;
}

/* The next line (NUL-terminated in place, without '\r'), or NULL at the end. */
static char *
reader_line(Reader *r)
{
    if (r->cursor == NULL || r->cursor >= r->contents + r->length)
        return NULL;
    char *start = r->cursor;
    char *nl = strchr(start, '\n');
    if (nl != NULL) {
        *nl = '\0';
        r->cursor = nl + 1;
    } else {
        r->cursor = r->contents + r->length;
    }
    size_t len = strlen(start);
    if (len > 0 && start[len - 1] == '\r')
        start[len - 1] = '\0';
    r->line++;
    return start;
}

/* Splits a line into tokens at white space and commas (in place). */
static GPtrArray *
tokens(char *line)
{
    GPtrArray *t = g_ptr_array_new();
    char *p = line;
    while (*p != '\0') {
        while (*p != '\0' && (g_ascii_isspace(*p) || *p == ','))
            p++;
        if (*p == '\0')
            break;
        char *start = p;
        while (*p != '\0' && !g_ascii_isspace(*p) && *p != ',')
            p++;
        if (*p != '\0')
            *p++ = '\0';
        g_ptr_array_add(t, start);
    }
    return t;
}

/* Parses a finite number, or prints an error naming file, line and token. */
static gboolean
parse_number(const Reader *r, const char *token, double *out)
{
    char *end = NULL;
    double v = g_ascii_strtod(token, &end);
    if (end == token || *end != '\0') {
        cli_failure("%s:%zu: '%s' is not a number", r->path, r->line, token);
        return FALSE;
    }
    if (!isfinite(v)) {
        cli_failure("%s:%zu: entry '%s' is not finite", r->path, r->line, token);
        return FALSE;
    }
    *out = v;
    return TRUE;
}

static gboolean
is_blank_or_comment(const char *line, char comment)
{
    while (g_ascii_isspace(*line))
        line++;
    return *line == '\0' || *line == comment;
}

/* ---- symmetry (plain text) --------------------------------------------------------------- */

static int
check_symmetric(const char *path, size_t n, const double *H, const guint32 *line_of)
{
    double scale = 0;
    for (size_t k = 0; k < n * n; k++)
        scale = fmax(scale, fabs(H[k]));
    double tol = STEEPEST_MATRIX_SYMMETRY_TOL * scale;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            if (fabs(H[i * n + j] - H[j * n + i]) > tol) {
                char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
                g_ascii_formatd(a, sizeof a, "%.17g", H[i * n + j]);
                g_ascii_formatd(b, sizeof b, "%.17g", H[j * n + i]);
                if (line_of != NULL && line_of[i * n + j] && line_of[j * n + i])
                    return cli_failure(
                        "%s:%u: not symmetric: H[%zu][%zu] = %s but H[%zu][%zu] = %s (line %u)", path,
                        line_of[i * n + j], i + 1, j + 1, a, j + 1, i + 1, b, line_of[j * n + i]);
                return cli_failure("%s: not symmetric: H[%zu][%zu] = %s but H[%zu][%zu] = %s", path, i + 1,
                                   j + 1, a, j + 1, i + 1, b);
            }
        }
    }
    return CLI_EXIT_OK;
}

/* The next line with content after '#' comments are cut, or NULL at the end. */
static char *
content_line(Reader *r, char *line)
{
    for (; line != NULL; line = reader_line(r)) {
        char *hash = strchr(line, '#');
        if (hash != NULL)
            *hash = '\0';
        if (!is_blank_or_comment(line, '#'))
            return line;
    }
    return NULL;
}

static char *
next_content_line(Reader *r)
{
    return content_line(r, reader_line(r));
}

/* Appends the numbers of a row to values; FALSE, after the message naming
 * the bad token, if one is not a number. */
static gboolean
append_row(const Reader *r, const GPtrArray *t, GArray *values)
{
    for (guint k = 0; k < t->len; k++) {
        double v;
        if (!parse_number(r, t->pdata[k], &v))
            return FALSE;
        g_array_append_val(values, v);
    }
    return TRUE;
}

/* ---- plain text ---------------------------------------------------------------- */

/* Row rows + 1 of a text matrix, of t->len entries: the first fixes n (within
 * the limit), the others must have n entries and there must be at most n. */
static int
check_text_row(const Reader *r, const GPtrArray *t, size_t rows, size_t *n, size_t *first_line)
{
    if (rows == 0) {
        *n = t->len;
        *first_line = r->line;
        if (*n > CLI_MATRIX_MAX_DIM)
            return cli_failure("%s:%zu: %zu columns exceed the limit of %d", r->path, r->line, *n,
                               CLI_MATRIX_MAX_DIM);
    } else if (t->len != *n) {
        return cli_failure("%s:%zu: row %zu has %u entries, but the first row (line %zu) has %zu", r->path,
                           r->line, rows + 1, t->len, *first_line, *n);
    }
    if (rows == *n)
        return cli_failure("%s:%zu: the matrix is not square: more than %zu rows of %zu entries", r->path,
                           r->line, *n, *n);
    return CLI_EXIT_OK;
}

/* Symmetry of a text matrix, naming the line of each row. */
static int
check_text_symmetric(const char *path, size_t n, const GArray *values, const GArray *lines)
{
    guint32 *line_of = g_new(guint32, n * n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            line_of[i * n + j] = g_array_index(lines, guint32, i);
    int code = check_symmetric(path, n, (const double *) (const void *) values->data, line_of);
    g_free(line_of);
    return code;
}

static int
read_text(Reader *r, char *first, gboolean require_symmetric, size_t *n_out, double **H_out)
{
    GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *lines = g_array_new(FALSE, FALSE, sizeof(guint32));
    size_t n = 0, rows = 0, first_line = 0;
    int code = CLI_EXIT_OK;
    for (char *line = content_line(r, first); line != NULL; line = next_content_line(r)) {
        GPtrArray *t = tokens(line);
        code = check_text_row(r, t, rows, &n, &first_line);
        if (code == CLI_EXIT_OK && !append_row(r, t, values))
            code = CLI_EXIT_FAILURE;
        g_ptr_array_free(t, TRUE);
        if (code != CLI_EXIT_OK)
            goto out;
        guint32 l = (guint32) r->line;
        g_array_append_val(lines, l);
        rows++;
    }
    if (rows == 0) {
        code = cli_failure("%s: no matrix entries", r->path);
        goto out;
    }
    if (rows != n) {
        code = cli_failure("%s:%zu: the matrix is not square: %zu rows of %zu entries", r->path, r->line + 1,
                           rows, n);
        goto out;
    }
    if (require_symmetric && (code = check_text_symmetric(r->path, n, values, lines)) != CLI_EXIT_OK)
        goto out;
    *n_out = n;
    *H_out = (double *) (void *) g_array_free(values, FALSE);
    values = NULL;
out:
    if (values != NULL)
        g_array_free(values, TRUE);
    g_array_free(lines, TRUE);
    return code;
}

int
cli_read_matrix(const char *path, gboolean require_symmetric, size_t *n, double **H)
{
    Reader r;
    int code = reader_open(&r, path);
    if (code != CLI_EXIT_OK)
        return code;
    char *first = reader_line(&r);
    if (first == NULL) {
        reader_close(&r);
        return cli_failure("%s: the file is empty", path);
    }
    if (g_ascii_strncasecmp(first, "%%MatrixMarket", 14) == 0) {
        reader_close(&r);
        SteepestCsr *csr = NULL;
        code = cli_read_matrix_market(path, require_symmetric, CLI_MATRIX_MAX_DIM, n, H, &csr);
        if (code == CLI_EXIT_OK && csr != NULL) {
            *H = g_new(double, *n **n);
            steepest_csr_to_dense(csr, *H);
            steepest_csr_free(csr);
        }
        return code;
    }
    if (first[0] == '%')
        code = cli_failure("%s:1: malformed Matrix Market header '%.40s'", path, first);
    else
        code = read_text(&r, first, require_symmetric, n, H);
    reader_close(&r);
    return code;
}

int
cli_read_matrix_market(const char *path, gboolean require_symmetric, size_t max_dim, size_t *n,
                       double **dense, SteepestCsr **csr)
{
    double *H = NULL;
    int st = steepest_matrix_market_read(path, require_symmetric ? STEEPEST_MM_REQUIRE_SYMMETRIC : 0, max_dim,
                                         n, &H, csr);
    if (st != STEEPEST_OK)
        return cli_failure("%s", steepest_last_error());
    *dense = H;
    return CLI_EXIT_OK;
}

gboolean
cli_is_matrix_market(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return FALSE;
    char head[15] = { 0 };
    size_t got = fread(head, 1, 14, f);
    fclose(f);
    return got == 14 && g_ascii_strncasecmp(head, "%%MatrixMarket", 14) == 0;
}

/* ---- tables ------------------------------------------------------------------- */

/* The fields of a table row: split on commas if the line has any (each field
 * trimmed of white space), else on white space.  A comma-separated row with
 * an empty field ("1,,2", a line of commas only) is malformed: returns NULL
 * with *empty the 1-based number of the first empty field. */
static GPtrArray *
table_fields(char *line, guint *empty)
{
    if (strchr(line, ',') == NULL)
        return tokens(line);
    GPtrArray *t = g_ptr_array_new();
    char *field = line;
    for (;;) {
        char *comma = strchr(field, ',');
        if (comma != NULL)
            *comma = '\0';
        char *text = g_strstrip(field);
        if (*text == '\0') {
            *empty = t->len + 1;
            g_ptr_array_free(t, TRUE);
            return NULL;
        }
        g_ptr_array_add(t, text);
        if (comma == NULL)
            return t;
        field = comma + 1;
    }
}

/* A first line with a token that is not a number is a header of names. */
static gboolean
is_header(const GPtrArray *t)
{
    for (guint k = 0; k < t->len; k++) {
        char *end = NULL;
        g_ascii_strtod(t->pdata[k], &end);
        if (end == t->pdata[k] || *end != '\0')
            return TRUE;
    }
    return FALSE;
}

int
cli_read_table(const char *path, size_t min_cols, size_t *rows_out, size_t *cols_out, double **data)
{
    Reader r;
    int code = reader_open(&r, path);
    if (code != CLI_EXIT_OK)
        return code;
    GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
    size_t cols = 0, rows = 0, first_line = 0;
    gboolean header_allowed = TRUE;
    for (char *line = next_content_line(&r); line != NULL; line = next_content_line(&r)) {
        guint empty = 0;
        GPtrArray *t = table_fields(line, &empty);
        if (t == NULL) { /* nothing is fitted to a row with a hole in it */
            code = cli_failure("%s:%zu: field %u is empty (a comma-separated row needs a number between "
                               "every two commas)",
                               path, r.line, empty);
            goto out;
        }
        if (header_allowed) {
            header_allowed = FALSE;
            if (is_header(t)) {
                cols = t->len;
                first_line = r.line;
                g_ptr_array_free(t, TRUE);
                continue;
            }
        }
        if (cols == 0) {
            cols = t->len;
            first_line = r.line;
        } else if (t->len != cols) {
            code = cli_failure("%s:%zu: %u fields, but line %zu has %zu", path, r.line, t->len, first_line,
                               cols);
            g_ptr_array_free(t, TRUE);
            goto out;
        }
        if (!append_row(&r, t, values)) {
            code = CLI_EXIT_FAILURE;
            g_ptr_array_free(t, TRUE);
            goto out;
        }
        rows++;
        g_ptr_array_free(t, TRUE);
    }
    if (rows == 0) {
        code = cli_failure("%s: no data rows", path);
        goto out;
    }
    if (cols < min_cols) {
        code = cli_failure("%s:%zu: %zu columns; need at least %zu (features, then the target last)", path,
                           first_line, cols, min_cols);
        goto out;
    }
    *rows_out = rows;
    *cols_out = cols;
    *data = (double *) (void *) g_array_free(values, FALSE);
    values = NULL;
out:
    if (values != NULL)
        g_array_free(values, TRUE);
    reader_close(&r);
    return code;
}
