/* cli-json.c — the streaming JSON writer behind --json. */
#include "cli-json.h"

#include <math.h>

#define MAX_DEPTH 32

struct CliJson {
    FILE *out;
    int depth;
    gboolean first[MAX_DEPTH]; /* no member written yet at this depth */
    gboolean inline_array;     /* inside cli_json_numbers */
};

CliJson *
cli_json_new(FILE *out)
{
    CliJson *json = g_new0(CliJson, 1);
    json->out = out;
    json->first[0] = TRUE;
    return json;
}

void
cli_json_free(CliJson *json)
{
    if (json == NULL)
        return;
    fputc('\n', json->out);
    fflush(json->out);
    g_free(json);
}

static void
write_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* Separator, newline and indentation before a member, then its key. */
static void
member(CliJson *json, const char *key)
{
    if (!json->first[json->depth])
        fputc(',', json->out);
    json->first[json->depth] = FALSE;
    if (json->depth > 0) {
        fputc('\n', json->out);
        for (int i = 0; i < json->depth; i++)
            fputs("  ", json->out);
    }
    if (key != NULL) {
        write_string(json->out, key);
        fputs(": ", json->out);
    }
}

static void
open_container(CliJson *json, const char *key, char c)
{
    member(json, key);
    fputc(c, json->out);
    if (json->depth + 1 < MAX_DEPTH) {
        json->depth++;
        json->first[json->depth] = TRUE;
    }
}

static void
close_container(CliJson *json, char c)
{
    gboolean empty = json->first[json->depth];
    if (json->depth > 0)
        json->depth--;
    if (!empty) {
        fputc('\n', json->out);
        for (int i = 0; i < json->depth; i++)
            fputs("  ", json->out);
    }
    fputc(c, json->out);
}

void
cli_json_begin_object(CliJson *json, const char *key)
{
    open_container(json, key, '{');
}
void
cli_json_end_object(CliJson *json)
{
    close_container(json, '}');
}
void
cli_json_begin_array(CliJson *json, const char *key)
{
    open_container(json, key, '[');
}
void
cli_json_end_array(CliJson *json)
{
    close_container(json, ']');
}

void
cli_json_string(CliJson *json, const char *key, const char *value)
{
    member(json, key);
    if (value == NULL)
        fputs("null", json->out);
    else
        write_string(json->out, value);
}

static void
write_number(FILE *out, double value)
{
    if (!isfinite(value)) {
        fputs("null", out);
        return;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    /* %.17g round-trips; g_ascii_formatd ignores the locale. */
    g_ascii_formatd(buf, sizeof buf, "%.17g", value);
    fputs(buf, out);
}

void
cli_json_number(CliJson *json, const char *key, double value)
{
    member(json, key);
    write_number(json->out, value);
}

void
cli_json_int(CliJson *json, const char *key, long long value)
{
    member(json, key);
    fprintf(json->out, "%lld", value);
}

void
cli_json_bool(CliJson *json, const char *key, gboolean value)
{
    member(json, key);
    fputs(value ? "true" : "false", json->out);
}

void
cli_json_null(CliJson *json, const char *key)
{
    member(json, key);
    fputs("null", json->out);
}

void
cli_json_numbers(CliJson *json, const char *key, size_t n, const double *values)
{
    member(json, key);
    fputc('[', json->out);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputs(", ", json->out);
        write_number(json->out, values[i]);
    }
    fputc(']', json->out);
}
