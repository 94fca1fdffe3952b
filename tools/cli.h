/* cli.h — what the subcommands of the `steepest` program share: exit codes,
 * error reporting, argument parsing, and the entry point of each subcommand. */
#ifndef STEEPEST_CLI_H
#define STEEPEST_CLI_H

#include <glib.h>
#include <stdio.h>
#include <steepest/steepest.h>

/* Exit codes: 0 success, 1 a runtime failure (a file, a computation), 2 a
 * usage error (a bad option or argument). */
enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

/* The subcommand running, for messages ("figure2"). */
extern const char *cli_command;

/* Prints "steepest CMD: message" and a hint to --help on stderr; returns 2. */
int cli_usage_error(const char *format, ...) G_GNUC_PRINTF(1, 2);
/* Prints "steepest CMD: message" on stderr; returns 1. */
int cli_failure(const char *format, ...) G_GNUC_PRINTF(1, 2);
/* cli_failure with a GError's message; frees the error. */
int cli_gerror_failure(GError *error);
/* cli_failure with the library's last error appended. */
int cli_library_failure(const char *format, ...) G_GNUC_PRINTF(1, 2);

/* Parses the options of a subcommand.  Returns -1 to go on, or the exit
 * code to return (2 for an unknown or malformed option). */
int cli_parse(GOptionContext *ctx, int *argc, char ***argv);
/* A GOptionContext with the subcommand's synopsis, summary and description. */
GOptionContext *cli_context(const char *synopsis, const char *summary, const char *description,
                            const GOptionEntry *entries);

/* Strict number parsing of option values; each prints a usage error naming
 * `option` and returns FALSE on bad input. */
gboolean cli_parse_size(const char *option, const char *text, size_t min, size_t max, size_t *out);
gboolean cli_parse_double(const char *option, const char *text, double min, double max, double *out);
gboolean cli_parse_u64(const char *option, const char *text, uint64_t *out);
/* "A:B" with A <= B, both finite, each in [min, max]. */
gboolean cli_parse_range(const char *option, const char *text, double min, double max, double *lo,
                         double *hi);

/* Splits a list of norm specs on commas, keeping "key=value" pieces with the
 * spec before them: "block:sizes=3+3,size=2,linf" is two specs... see cli.c. */
gchar **cli_split_norm_specs(const char *text);

/* Human label of a norm spec for plots: "l2" → "L2", "linf" → "L∞". */
const char *cli_norm_label(const char *spec);

/* Loads the plugins (by touching the registry) and reports broken ones on
 * stderr when `verbose`. */
void cli_load_norms(void);

/* Reads a vector: "1,2,3" inline, a single number broadcast to n entries
 * (n > 0), or a file of numbers separated by white space or commas.  On
 * failure prints an error naming the option/file and returns the exit code;
 * returns 0 on success with *out (g_free) and *len. */
int cli_read_vector(const char *option, const char *text, size_t n, double **out, size_t *len);

/* Opens a foreign objective "LIB:SYMBOL" (a bare LIB means ./LIB) with its
 * signature, which must declare a gradient; prints errors and returns the
 * exit code (0 on success). */
int cli_open_foreign(const char *objective, const char *signature, SteepestForeign **out);
/* cli_open_foreign with messages naming `option` ("--operator"). */
int cli_open_foreign_as(const char *option, const char *objective, const char *signature,
                        SteepestForeign **out);

/* Subcommands: each returns the process exit code. */
int cli_cmd_norms(int argc, char **argv);
int cli_cmd_figure2(int argc, char **argv);
int cli_cmd_analyze(int argc, char **argv);
int cli_cmd_minimize(int argc, char **argv);
int cli_cmd_check_plugin(int argc, char **argv);

#endif /* STEEPEST_CLI_H */
