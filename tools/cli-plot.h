/* cli-plot.h — figures drawn with cairo into PNG or SVG files (chosen by the
 * file name's extension): heatmaps with a colour bar and a contour, and line
 * plots for convergence histories. */
#ifndef STEEPEST_CLI_PLOT_H
#define STEEPEST_CLI_PLOT_H

#include <glib.h>

typedef struct {
    size_t nx, ny;
    const double *x;       /* nx cell centres, increasing */
    const double *y;       /* ny cell centres, increasing */
    const double *z;       /* z[j * nx + i] is the value at (x[i], y[j]); NaN: blank */
    gboolean log_scale;    /* colour by log10 z (z <= 0 counts as the low end) */
    double zmin, zmax;     /* colour range in z units; values outside are clipped */
    gboolean diverging;    /* blue–white–red centred on contour_level, else viridis */
    gboolean draw_contour; /* dashed contour line z = contour_level (marching squares) */
    double contour_level;
    const char *title, *xlabel, *ylabel, *zlabel;
} CliHeatmap;

typedef struct {
    const char *label;
    size_t n;
    const double *x;
    const double *y; /* non-finite or (log scale) non-positive points are skipped */
} CliSeries;

/* Each returns TRUE on success, else FALSE with *error (g_free) naming the file. */
gboolean cli_plot_heatmap(const CliHeatmap *map, const char *path, char **error);
gboolean cli_plot_lines(const CliSeries *series, size_t n_series, gboolean log_y, const char *title,
                        const char *xlabel, const char *ylabel, const char *path, char **error);

/* Frees cairo's and fontconfig's process-wide caches (for leak checkers);
 * call once at exit, after the last plot. */
void cli_plot_shutdown(void);

/* 1 for ".png", 2 for ".svg", 0 otherwise (case-insensitive). */
int cli_plot_format(const char *path);

/* Marching squares on a grid of values v[j * nx + i] (NaN: missing) at unit
 * spacing: calls emit(x0, y0, x1, y1) for each segment of the level set
 * v = level, in grid coordinates (i, j).  Exposed for the tests' sake. */
void cli_contour(size_t nx, size_t ny, const double *v, double level,
                 void (*emit)(void *data, double x0, double y0, double x1, double y1), void *data);

#endif /* STEEPEST_CLI_PLOT_H */
