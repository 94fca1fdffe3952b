/* cli-json.h — a small streaming JSON writer for --json output: indented,
 * strings escaped, non-finite numbers written as null. */
#ifndef STEEPEST_CLI_JSON_H
#define STEEPEST_CLI_JSON_H

#include <glib.h>
#include <stdio.h>

typedef struct CliJson CliJson;

CliJson *cli_json_new(FILE *out);
/* Closes nothing that is open (callers balance begin/end) and ends the line. */
void cli_json_free(CliJson *json);

/* `key` names the member inside an object; NULL inside an array or at the top. */
void cli_json_begin_object(CliJson *json, const char *key);
void cli_json_end_object(CliJson *json);
void cli_json_begin_array(CliJson *json, const char *key);
void cli_json_end_array(CliJson *json);
void cli_json_string(CliJson *json, const char *key, const char *value); /* NULL → null */
void cli_json_number(CliJson *json, const char *key, double value);
void cli_json_int(CliJson *json, const char *key, long long value);
void cli_json_bool(CliJson *json, const char *key, gboolean value);
void cli_json_null(CliJson *json, const char *key);
/* An array of n numbers on one line. */
void cli_json_numbers(CliJson *json, const char *key, size_t n, const double *values);

#endif /* STEEPEST_CLI_JSON_H */
