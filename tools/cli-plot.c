/* cli-plot.c — heatmaps and line plots with cairo (PNG through an image
 * surface, SVG through an SVG surface; the same drawing code for both). */
#include "cli-plot.h"
#include "core/atomic-file.h"

#include <cairo.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <string.h>

#define WIDTH 680
#define HEIGHT 500
#define MARGIN_LEFT 78
#define MARGIN_RIGHT 130
#define MARGIN_TOP 44
#define MARGIN_BOTTOM 58

static gboolean plotted = FALSE;

void
cli_plot_shutdown(void)
{
    if (!plotted)
        return;
    cairo_debug_reset_static_data();
    FcFini();
}

int
cli_plot_format(const char *path)
{
    size_t len = strlen(path);
    if (len >= 4 && g_ascii_strcasecmp(path + len - 4, ".png") == 0)
        return 1;
    if (len >= 4 && g_ascii_strcasecmp(path + len - 4, ".svg") == 0)
        return 2;
    return 0;
}

/* ---- colour maps ---------------------------------------------------------- */

typedef struct {
    double r, g, b;
} Rgb;

static const Rgb viridis[] = {
    { 0.267, 0.005, 0.329 }, { 0.282, 0.156, 0.470 }, { 0.244, 0.290, 0.538 }, { 0.190, 0.407, 0.556 },
    { 0.153, 0.507, 0.558 }, { 0.122, 0.606, 0.541 }, { 0.208, 0.719, 0.473 }, { 0.431, 0.808, 0.345 },
    { 0.709, 0.869, 0.173 }, { 0.993, 0.906, 0.144 },
};

static const Rgb blue_white_red[] = {
    { 0.019, 0.188, 0.380 }, { 0.262, 0.576, 0.764 }, { 0.969, 0.969, 0.969 },
    { 0.839, 0.376, 0.302 }, { 0.404, 0.000, 0.122 },
};

static Rgb
colour_at(gboolean diverging, double t)
{
    const Rgb *map = diverging ? blue_white_red : viridis;
    size_t n = diverging ? G_N_ELEMENTS(blue_white_red) : G_N_ELEMENTS(viridis);
    if (!(t >= 0))
        t = 0;
    if (t > 1)
        t = 1;
    double s = t * (double) (n - 1);
    size_t k = (size_t) s;
    if (k >= n - 1)
        return map[n - 1];
    double f = s - (double) k;
    Rgb c = { map[k].r + f * (map[k + 1].r - map[k].r), map[k].g + f * (map[k + 1].g - map[k].g),
              map[k].b + f * (map[k + 1].b - map[k].b) };
    return c;
}

/* ---- marching squares ------------------------------------------------------- */

void
cli_contour(size_t nx, size_t ny, const double *v, double level,
            void (*emit)(void *data, double x0, double y0, double x1, double y1), void *data)
{
    for (size_t j = 0; j + 1 < ny; j++) {
        for (size_t i = 0; i + 1 < nx; i++) {
            /* Corners counter-clockwise from bottom-left. */
            double c[4] = { v[j * nx + i], v[j * nx + i + 1], v[(j + 1) * nx + i + 1], v[(j + 1) * nx + i] };
            static const double cx[4] = { 0, 1, 1, 0 }, cy[4] = { 0, 0, 1, 1 };
            if (isnan(c[0]) || isnan(c[1]) || isnan(c[2]) || isnan(c[3]))
                continue;
            gboolean above[4];
            for (int k = 0; k < 4; k++)
                above[k] = c[k] > level;
            /* Crossing points on edges k = (corner k, corner k+1): bottom, right, top, left. */
            double px[4], py[4];
            gboolean cross[4];
            int count = 0;
            for (int k = 0; k < 4; k++) {
                int l = (k + 1) % 4;
                cross[k] = above[k] != above[l];
                if (cross[k]) {
                    double t = (level - c[k]) / (c[l] - c[k]);
                    if (!isfinite(t)) /* an infinite corner: the crossing hugs the finite one */
                        t = isinf(c[k]) ? 1.0 : 0.0;
                    px[k] = (double) i + cx[k] + t * (cx[l] - cx[k]);
                    py[k] = (double) j + cy[k] + t * (cy[l] - cy[k]);
                    count++;
                }
            }
            if (count == 2) {
                int first = -1;
                for (int k = 0; k < 4; k++) {
                    if (!cross[k])
                        continue;
                    if (first < 0)
                        first = k;
                    else
                        emit(data, px[first], py[first], px[k], py[k]);
                }
            } else if (count == 4) {
                /* Saddle: the centre value decides which corners connect. */
                double centre = 0.25 * (c[0] + c[1] + c[2] + c[3]);
                if ((centre > level) == above[0]) {
                    /* corners 0 and 2 joined through the centre: cut off 1 and 3 */
                    emit(data, px[0], py[0], px[1], py[1]);
                    emit(data, px[2], py[2], px[3], py[3]);
                } else {
                    emit(data, px[3], py[3], px[0], py[0]);
                    emit(data, px[1], py[1], px[2], py[2]);
                }
            }
        }
    }
}

/* ---- axes and text ---------------------------------------------------------- */

typedef struct {
    double x0, y0, w, h;           /* plot area in device units */
    double xmin, xmax, ymin, ymax; /* data range */
} Frame;

static double
frame_x(const Frame *f, double x)
{
    return f->x0 + (x - f->xmin) / (f->xmax - f->xmin) * f->w;
}

static double
frame_y(const Frame *f, double y)
{
    return f->y0 + f->h - (y - f->ymin) / (f->ymax - f->ymin) * f->h;
}

/* Draws text with its anchor at (x, y): ax, ay in {0, 0.5, 1} pick left/centre/right, top/middle/bottom. */
static void
text_at(cairo_t *cr, const char *s, double x, double y, double ax, double ay)
{
    cairo_text_extents_t ext;
    cairo_text_extents(cr, s, &ext);
    cairo_move_to(cr, x - ax * ext.x_advance, y + (1 - ay) * ext.height); /* baseline */
    cairo_show_text(cr, s);
}

static void
set_font(cairo_t *cr, double size, gboolean bold)
{
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* Round tick spacing: 1, 2, 2.5 or 5 times a power of ten, about `target` ticks. */
static double
nice_step(double span, int target)
{
    double raw = span / target;
    double p = pow(10, floor(log10(raw)));
    double m = raw / p;
    double nice = m < 1.5 ? 1 : m < 2.25 ? 2 : m < 3.5 ? 2.5 : m < 7.5 ? 5 : 10;
    return nice * p;
}

static void
format_tick(char buf[32], double v, double step)
{
    if (fabs(v) < step * 1e-9)
        v = 0;
    g_snprintf(buf, 32, "%g", v);
}

static void
draw_axes(cairo_t *cr, const Frame *f, const char *xlabel, const char *ylabel, gboolean log_y)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, f->x0, f->y0, f->w, f->h);
    cairo_stroke(cr);
    set_font(cr, 11, FALSE);
    char buf[32];
    double step = nice_step(f->xmax - f->xmin, 6);
    for (double t = ceil(f->xmin / step - 1e-9) * step; t <= f->xmax + step * 1e-9; t += step) {
        double px = frame_x(f, t);
        cairo_move_to(cr, px, f->y0 + f->h);
        cairo_line_to(cr, px, f->y0 + f->h + 5);
        cairo_stroke(cr);
        format_tick(buf, t, step);
        text_at(cr, buf, px, f->y0 + f->h + 8, 0.5, 0);
    }
    if (log_y) {
        for (double e = ceil(f->ymin - 1e-9); e <= f->ymax + 1e-9; e += 1) {
            double py = frame_y(f, e);
            cairo_move_to(cr, f->x0 - 5, py);
            cairo_line_to(cr, f->x0, py);
            cairo_stroke(cr);
            g_snprintf(buf, sizeof buf, "1e%+d", (int) e);
            text_at(cr, buf, f->x0 - 8, py, 1, 0.5);
        }
    } else {
        step = nice_step(f->ymax - f->ymin, 6);
        for (double t = ceil(f->ymin / step - 1e-9) * step; t <= f->ymax + step * 1e-9; t += step) {
            double py = frame_y(f, t);
            cairo_move_to(cr, f->x0 - 5, py);
            cairo_line_to(cr, f->x0, py);
            cairo_stroke(cr);
            format_tick(buf, t, step);
            text_at(cr, buf, f->x0 - 8, py, 1, 0.5);
        }
    }
    set_font(cr, 13, FALSE);
    text_at(cr, xlabel, f->x0 + f->w / 2, f->y0 + f->h + 30, 0.5, 0);
    cairo_save(cr);
    cairo_translate(cr, f->x0 - 56, f->y0 + f->h / 2);
    cairo_rotate(cr, -G_PI / 2);
    text_at(cr, ylabel, 0, 0, 0.5, 0.5);
    cairo_restore(cr);
}

/* ---- surfaces --------------------------------------------------------------- */

typedef void (*DrawFn)(cairo_t *cr, const void *data);

/* cairo's stream callback: into the atomic file's stream; a short write is
 * cairo's write error (and the stream's error flag, which commit checks). */
static cairo_status_t
write_stream(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Draws into a temporary file next to `path` and renames it into place only
 * when cairo and the file system both say it is complete. */
static gboolean
render(const char *path, DrawFn draw, const void *data, char **error)
{
    int format = cli_plot_format(path);
    if (format == 0) {
        *error = g_strdup_printf("'%s': unknown image format (use .png or .svg)", path);
        return FALSE;
    }
    GError *gerror = NULL;
    SteepestAtomicFile *file = steepest_atomic_file_open(path, &gerror);
    if (file == NULL) {
        *error = g_strdup(gerror->message);
        g_error_free(gerror);
        return FALSE;
    }
    FILE *stream = steepest_atomic_file_stream(file);
    cairo_surface_t *surface = format == 1
                                   ? cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT)
                                   : cairo_svg_surface_create_for_stream(write_stream, stream, WIDTH, HEIGHT);
    cairo_t *cr = cairo_create(surface);
    plotted = TRUE;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw(cr, data);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    if (status == CAIRO_STATUS_SUCCESS && format == 1)
        status = cairo_surface_write_to_png_stream(surface, write_stream, stream);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        steepest_atomic_file_abort(file);
        *error = g_strdup_printf("cannot write '%s': %s", path, cairo_status_to_string(status));
        return FALSE;
    }
    if (!steepest_atomic_file_commit(file, &gerror)) {
        *error = g_strdup(gerror->message);
        g_error_free(gerror);
        return FALSE;
    }
    return TRUE;
}

/* ---- heatmap ---------------------------------------------------------------- */

/* Cell edges: halfway between centres, extended by half a spacing at the ends. */
static void
cell_edges(size_t n, const double *c, double *edges)
{
    if (n == 1) {
        edges[0] = c[0] - 0.5;
        edges[1] = c[0] + 0.5;
        return;
    }
    edges[0] = c[0] - 0.5 * (c[1] - c[0]);
    for (size_t i = 1; i < n; i++)
        edges[i] = 0.5 * (c[i - 1] + c[i]);
    edges[n] = c[n - 1] + 0.5 * (c[n - 1] - c[n - 2]);
}

static double
colour_coordinate(const CliHeatmap *m, double z)
{
    if (isnan(z))
        return NAN;
    double lo = m->zmin, hi = m->zmax, v = z;
    if (m->log_scale) {
        lo = log10(lo);
        hi = log10(hi);
        v = z > 0 ? log10(z) : -INFINITY;
    }
    if (v < lo)
        v = lo;
    if (v > hi)
        v = hi;
    return hi > lo ? (v - lo) / (hi - lo) : 0.5;
}

typedef struct {
    cairo_t *cr;
    const Frame *frame;
    const double *x, *y;
    size_t nx, ny;
} ContourCtx;

/* Grid coordinates (i, j) → data coordinates by linear interpolation of the centres. */
static double
grid_to_data(const double *c, size_t n, double g)
{
    if (n == 1)
        return c[0];
    size_t k = (size_t) floor(g);
    if (k >= n - 1)
        k = n - 2;
    return c[k] + (g - (double) k) * (c[k + 1] - c[k]);
}

static void
contour_segment(void *data, double x0, double y0, double x1, double y1)
{
    ContourCtx *ctx = data;
    cairo_move_to(ctx->cr, frame_x(ctx->frame, grid_to_data(ctx->x, ctx->nx, x0)),
                  frame_y(ctx->frame, grid_to_data(ctx->y, ctx->ny, y0)));
    cairo_line_to(ctx->cr, frame_x(ctx->frame, grid_to_data(ctx->x, ctx->nx, x1)),
                  frame_y(ctx->frame, grid_to_data(ctx->y, ctx->ny, y1)));
}

static void
draw_heatmap(cairo_t *cr, const void *data)
{
    const CliHeatmap *m = data;
    double *xe = g_new(double, m->nx + 1), *ye = g_new(double, m->ny + 1);
    cell_edges(m->nx, m->x, xe);
    cell_edges(m->ny, m->y, ye);
    Frame f = { MARGIN_LEFT,
                MARGIN_TOP,
                WIDTH - MARGIN_LEFT - MARGIN_RIGHT,
                HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                xe[0],
                xe[m->nx],
                ye[0],
                ye[m->ny] };

    for (size_t j = 0; j < m->ny; j++) {
        for (size_t i = 0; i < m->nx; i++) {
            double t = colour_coordinate(m, m->z[j * m->nx + i]);
            if (isnan(t))
                cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
            else {
                Rgb c = colour_at(m->diverging, t);
                cairo_set_source_rgb(cr, c.r, c.g, c.b);
            }
            /* Whole device pixels without antialiasing: no seams between cells. */
            double px0 = round(frame_x(&f, xe[i])), px1 = round(frame_x(&f, xe[i + 1]));
            double py0 = round(frame_y(&f, ye[j + 1])), py1 = round(frame_y(&f, ye[j]));
            cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
            cairo_rectangle(cr, px0, py0, px1 - px0, py1 - py0);
            cairo_fill(cr);
            cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
        }
    }

    if (m->draw_contour && m->nx > 1 && m->ny > 1) {
        /* Contour of the clipped colour coordinate, so infinite ratios still close the line. */
        double *v = g_new(double, m->nx * m->ny);
        for (size_t k = 0; k < m->nx * m->ny; k++)
            v[k] = colour_coordinate(m, m->z[k]);
        double level = colour_coordinate(m, m->contour_level);
        ContourCtx ctx = { cr, &f, m->x, m->y, m->nx, m->ny };
        cairo_save(cr);
        cairo_rectangle(cr, f.x0, f.y0, f.w, f.h);
        cairo_clip(cr);
        double dash[2] = { 6, 4 };
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 2);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cli_contour(m->nx, m->ny, v, level, contour_segment, &ctx);
        cairo_stroke(cr);
        cairo_restore(cr);
        g_free(v);
    }
    draw_axes(cr, &f, m->xlabel, m->ylabel, FALSE);

    /* Colour bar. */
    double bx = f.x0 + f.w + 22, bw = 18;
    int steps = 200;
    for (int s = 0; s < steps; s++) {
        Rgb c = colour_at(m->diverging, (s + 0.5) / steps);
        cairo_set_source_rgb(cr, c.r, c.g, c.b);
        double y1 = f.y0 + f.h - (double) s / steps * f.h;
        cairo_rectangle(cr, bx, y1 - f.h / steps - 0.5, bw, f.h / steps + 1);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, bx, f.y0, bw, f.h);
    cairo_stroke(cr);
    set_font(cr, 11, FALSE);
    char buf[32];
    /* Clipped ends say so: the tick at zmax reads "≥ 10" when cells beyond it
     * were drawn in its colour. */
    gboolean above = FALSE, below = FALSE;
    for (size_t k = 0; k < m->nx * m->ny; k++) {
        above |= m->z[k] > m->zmax;
        below |= m->z[k] < m->zmin;
    }
    if (m->log_scale) {
        double lo = log10(m->zmin), hi = log10(m->zmax);
        double step = nice_step(hi - lo, 5);
        if (step < 1 && hi - lo >= 1)
            step = 1;
        for (double e = ceil(lo / step - 1e-9) * step; e <= hi + 1e-9; e += step) {
            double py = f.y0 + f.h - (e - lo) / (hi - lo) * f.h;
            cairo_move_to(cr, bx + bw, py);
            cairo_line_to(cr, bx + bw + 4, py);
            cairo_stroke(cr);
            const char *mark = (above && fabs(e - hi) < 1e-9)   ? "\u2265 "
                               : (below && fabs(e - lo) < 1e-9) ? "\u2264 "
                                                                : "";
            g_snprintf(buf, sizeof buf, "%s%g", mark, pow(10, e));
            text_at(cr, buf, bx + bw + 7, py, 0, 0.5);
        }
    } else {
        double step = nice_step(m->zmax - m->zmin, 5);
        for (double t = ceil(m->zmin / step - 1e-9) * step; t <= m->zmax + step * 1e-9; t += step) {
            double py = f.y0 + f.h - (t - m->zmin) / (m->zmax - m->zmin) * f.h;
            cairo_move_to(cr, bx + bw, py);
            cairo_line_to(cr, bx + bw + 4, py);
            cairo_stroke(cr);
            format_tick(buf, t, step);
            text_at(cr, buf, bx + bw + 7, py, 0, 0.5);
        }
    }
    set_font(cr, 12, FALSE);
    cairo_save(cr);
    cairo_translate(cr, bx + bw + 62, f.y0 + f.h / 2);
    cairo_rotate(cr, -G_PI / 2);
    text_at(cr, m->zlabel, 0, 0, 0.5, 0.5);
    cairo_restore(cr);

    set_font(cr, 15, TRUE);
    text_at(cr, m->title, f.x0 + f.w / 2, 12, 0.5, 0);
    g_free(xe);
    g_free(ye);
}

gboolean
cli_plot_heatmap(const CliHeatmap *map, const char *path, char **error)
{
    if (map->nx == 0 || map->ny == 0 || !(map->zmax > map->zmin) || (map->log_scale && !(map->zmin > 0))) {
        *error = g_strdup_printf("'%s': nothing to draw (empty grid or colour range)", path);
        return FALSE;
    }
    return render(path, draw_heatmap, map, error);
}

/* ---- line plots ------------------------------------------------------------- */

typedef struct {
    const CliSeries *series;
    size_t n_series;
    gboolean log_y;
    const char *title, *xlabel, *ylabel;
} LinePlot;

static const Rgb line_colours[] = {
    { 0.12, 0.47, 0.71 }, { 0.84, 0.15, 0.16 }, { 0.17, 0.63, 0.17 }, { 0.58, 0.40, 0.74 },
    { 1.00, 0.50, 0.05 }, { 0.55, 0.34, 0.29 }, { 0.89, 0.47, 0.76 }, { 0.50, 0.50, 0.50 },
};

static gboolean
point_ok(const LinePlot *p, double x, double y)
{
    return isfinite(x) && isfinite(y) && (!p->log_y || y > 0);
}

static void
draw_lines(cairo_t *cr, const void *data)
{
    const LinePlot *p = data;
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t s = 0; s < p->n_series; s++) {
        for (size_t k = 0; k < p->series[s].n; k++) {
            double x = p->series[s].x[k], y = p->series[s].y[k];
            if (!point_ok(p, x, y))
                continue;
            double yy = p->log_y ? log10(y) : y;
            xmin = fmin(xmin, x);
            xmax = fmax(xmax, x);
            ymin = fmin(ymin, yy);
            ymax = fmax(ymax, yy);
        }
    }
    if (!isfinite(xmin)) {
        xmin = 0;
        xmax = 1;
        ymin = 0;
        ymax = 1;
    }
    if (xmax <= xmin)
        xmax = xmin + 1;
    if (ymax <= ymin) {
        ymin -= 0.5;
        ymax += 0.5;
    }
    double pad = 0.04 * (ymax - ymin);
    if (p->log_y) {
        ymin = floor(ymin - pad);
        ymax = ceil(ymax + pad);
    } else {
        ymin -= pad;
        ymax += pad;
    }
    Frame f = { MARGIN_LEFT,
                MARGIN_TOP,
                WIDTH - MARGIN_LEFT - MARGIN_RIGHT,
                HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                xmin,
                xmax,
                ymin,
                ymax };
    cairo_save(cr);
    cairo_rectangle(cr, f.x0, f.y0, f.w, f.h);
    cairo_clip(cr);
    cairo_set_line_width(cr, 1.8);
    for (size_t s = 0; s < p->n_series; s++) {
        Rgb c = line_colours[s % G_N_ELEMENTS(line_colours)];
        cairo_set_source_rgb(cr, c.r, c.g, c.b);
        gboolean pen = FALSE;
        for (size_t k = 0; k < p->series[s].n; k++) {
            double x = p->series[s].x[k], y = p->series[s].y[k];
            if (!point_ok(p, x, y)) {
                pen = FALSE;
                continue;
            }
            double px = frame_x(&f, x), py = frame_y(&f, p->log_y ? log10(y) : y);
            if (pen)
                cairo_line_to(cr, px, py);
            else
                cairo_move_to(cr, px, py);
            pen = TRUE;
        }
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    draw_axes(cr, &f, p->xlabel, p->ylabel, p->log_y);

    /* Legend to the right of the plot. */
    set_font(cr, 11, FALSE);
    for (size_t s = 0; s < p->n_series; s++) {
        Rgb c = line_colours[s % G_N_ELEMENTS(line_colours)];
        double ly = f.y0 + 10 + 18 * (double) s;
        cairo_set_source_rgb(cr, c.r, c.g, c.b);
        cairo_set_line_width(cr, 2.5);
        cairo_move_to(cr, f.x0 + f.w + 10, ly);
        cairo_line_to(cr, f.x0 + f.w + 30, ly);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        text_at(cr, p->series[s].label, f.x0 + f.w + 34, ly, 0, 0.5);
    }
    set_font(cr, 15, TRUE);
    text_at(cr, p->title, f.x0 + f.w / 2, 12, 0.5, 0);
}

gboolean
cli_plot_lines(const CliSeries *series, size_t n_series, gboolean log_y, const char *title,
               const char *xlabel, const char *ylabel, const char *path, char **error)
{
    LinePlot p = { series, n_series, log_y, title, xlabel, ylabel };
    return render(path, draw_lines, &p, error);
}
