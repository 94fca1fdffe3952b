/* cli-matrix.h — reading matrices and data tables from files, with errors
 * that name the file and the line. */
#ifndef STEEPEST_CLI_MATRIX_H
#define STEEPEST_CLI_MATRIX_H

#include <glib.h>
#include <steepest/steepest.h>

/* Largest matrix dimension the program reads (8192² doubles = 512 MiB). */
#define CLI_MATRIX_MAX_DIM 8192

/* Reads a square matrix into *H (row-major, g_free) of dimension *n from
 *   - Matrix Market: "%%MatrixMarket matrix array|coordinate real|integer
 *     general|symmetric", or
 *   - text: one row per line, entries separated by white space or commas,
 *     '#' starting a comment.
 * With require_symmetric, a matrix that is not symmetric (relative tolerance
 * STEEPEST_MATRIX_SYMMETRY_TOL) is an error naming the two entries.  On
 * failure prints "steepest CMD: FILE:LINE: what" and returns 1; else 0. */
int cli_read_matrix(const char *path, gboolean require_symmetric, size_t *n, double **H);

/* Reads a Matrix Market file through the library: array files give *dense
 * (free with steepest_matrix_free), coordinate files *csr (never expanded).
 * Dimension at most max_dim.  Prints the library's "FILE:LINE: what" and
 * returns 1 on failure, else 0. */
int cli_read_matrix_market(const char *path, gboolean require_symmetric, size_t max_dim, size_t *n,
                           double **dense, SteepestCsr **csr);

/* TRUE when the file starts with the Matrix Market banner. */
gboolean cli_is_matrix_market(const char *path);

/* Reads a table of numbers (CSV or white space; an optional header line of
 * names; '#' comments) into *data (rows x cols, row-major, g_free).  At least
 * min_cols columns.  Returns 0, or prints an error and returns 1. */
int cli_read_table(const char *path, size_t min_cols, size_t *rows, size_t *cols, double **data);

#endif /* STEEPEST_CLI_MATRIX_H */
