/* cli-progress.c — the progress bar: "label [#####.....]  45%  3s left". */
#include "cli-progress.h"

#include <stdio.h>
#include <unistd.h>

#define BAR_WIDTH 30

struct CliProgress {
    GMutex lock;
    char *label;
    gboolean active;
    gint64 start;
    int shown_permille;
    gint64 shown_second;
};

CliProgress *
cli_progress_new(const char *label, gboolean enabled)
{
    CliProgress *bar = g_new0(CliProgress, 1);
    g_mutex_init(&bar->lock);
    bar->label = g_strdup(label);
    bar->active = enabled && isatty(STDERR_FILENO);
    bar->start = g_get_monotonic_time();
    bar->shown_permille = -1;
    bar->shown_second = -1;
    return bar;
}

void
cli_progress_update(CliProgress *bar, double fraction)
{
    if (bar == NULL || !bar->active)
        return;
    if (!(fraction >= 0))
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    g_mutex_lock(&bar->lock);
    gint64 now = g_get_monotonic_time();
    int permille = (int) (fraction * 1000);
    gint64 second = (now - bar->start) / G_USEC_PER_SEC;
    if (permille / 10 != bar->shown_permille / 10 || second != bar->shown_second) {
        bar->shown_permille = permille;
        bar->shown_second = second;
        int filled = (int) (fraction * BAR_WIDTH);
        char cells[BAR_WIDTH + 1];
        for (int i = 0; i < BAR_WIDTH; i++)
            cells[i] = i < filled ? '#' : '.';
        cells[BAR_WIDTH] = '\0';
        double elapsed = (double) (now - bar->start) / G_USEC_PER_SEC;
        if (fraction > 0.01 && fraction < 1) {
            double left = elapsed * (1 - fraction) / fraction;
            fprintf(stderr, "\r%s [%s] %3d%%  %.0fs left   ", bar->label, cells, permille / 10, left);
        } else {
            fprintf(stderr, "\r%s [%s] %3d%%  %.0fs       ", bar->label, cells, permille / 10, elapsed);
        }
        fflush(stderr);
    }
    g_mutex_unlock(&bar->lock);
}

void
cli_progress_free(CliProgress *bar)
{
    if (bar == NULL)
        return;
    if (bar->active && bar->shown_permille >= 0) {
        fputs("\r\033[K", stderr); /* clear the line */
        fflush(stderr);
    }
    g_mutex_clear(&bar->lock);
    g_free(bar->label);
    g_free(bar);
}

int
cli_progress_callback(void *user_data, double fraction)
{
    cli_progress_update(user_data, fraction);
    return 0;
}
