/* cli-progress.h — a progress bar on stderr, drawn only when stderr is a
 * terminal; safe to update from worker threads. */
#ifndef STEEPEST_CLI_PROGRESS_H
#define STEEPEST_CLI_PROGRESS_H

#include <glib.h>

typedef struct CliProgress CliProgress;

/* enabled FALSE (e.g. --no-progress) or stderr not a terminal: every call is a no-op. */
CliProgress *cli_progress_new(const char *label, gboolean enabled);
/* Redraws when the shown percentage or the second changes. */
void cli_progress_update(CliProgress *bar, double fraction);
/* Clears the line and frees the bar; NULL is ignored. */
void cli_progress_free(CliProgress *bar);
/* A SteepestProgressFn: user_data is the bar; never cancels. */
int cli_progress_callback(void *user_data, double fraction);

#endif /* STEEPEST_CLI_PROGRESS_H */
