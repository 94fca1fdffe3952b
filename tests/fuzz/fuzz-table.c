/* fuzz-table.c — libFuzzer harness for the data table reader (CSV or white
 * space, optional header of names, '#' comments) behind `steepest minimize
 * logistic|least-squares`.
 *
 * The contract checked: never crash; on success rows >= 1 and cols >= 2 (the
 * minimum the program asks for), a block of at least rows·cols doubles, every
 * one finite, and no more values than the text has tokens (a row the reader
 * counts must hold values that are really in the file); on failure exit code
 * 1 and a message.  read_table() is the one call to retarget when the reader
 * moves.
 */
#include "fuzz-common.h"

#include <math.h>
#include <stdint.h>
#include <glib.h>

#include "cli-matrix.h"

#define MIN_COLS 2

/* The reader under test (tools/cli-matrix.c, compiled into the harness). */
static int
read_table(const uint8_t *data, size_t size, size_t *rows, size_t *cols, double **values)
{
    return cli_read_table(fuzz_as_file(data, size), MIN_COLS, rows, cols, values);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t rows = 0, cols = 0;
    double *values = NULL;
    fuzz_clear_message();
    int rc = read_table(data, size, &rows, &cols, &values);
    if (rc == 0) {
        if (rows < 1 || cols < MIN_COLS || values == NULL || rows > SIZE_MAX / cols)
            fuzz_fail("table: success with %zu rows, %zu columns, values %p", rows, cols,
                      (const void *) values);
        if (rows * cols > fuzz_count_tokens(data, size))
            fuzz_fail("table: %zu x %zu values from a text of %zu tokens", rows, cols,
                      fuzz_count_tokens(data, size));
        if (fuzz_allocated_size(values) < rows * cols * sizeof(double))
            fuzz_fail("table: %zu x %zu values in a block of %zu bytes", rows, cols,
                      fuzz_allocated_size(values));
        for (size_t k = 0; k < rows * cols; k++)
            if (!isfinite(values[k]))
                fuzz_fail("table: value %zu is %g", k, values[k]);
    } else if (rc != 1 || fuzz_message()[0] == '\0') {
        fuzz_fail("table: failure %d with message '%s'", rc, fuzz_message());
    }
    g_free(values);
    return 0;
}
