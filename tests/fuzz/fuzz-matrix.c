/* fuzz-matrix.c — libFuzzer harness for the matrix file reader: Matrix
 * Market (array and coordinate, real/integer, general/symmetric) and plain
 * text rows, each input read twice (symmetry required, and not).
 *
 * The contract checked: never crash; on success a matrix of 1 <= n <=
 * CLI_MATRIX_MAX_DIM in a block of at least n² doubles, every entry finite,
 * symmetric within STEEPEST_MATRIX_SYMMETRY_TOL when that was required, and
 * — for the text format, where every entry is written out — no more entries
 * than the text has tokens; on failure exit code 1 and a message.
 * read_matrix() is the one call to retarget when the reader moves.
 */
#include "fuzz-common.h"

#include <math.h>
#include <string.h>
#include <glib.h>
#include <steepest/steepest.h>

#include "cli-matrix.h"

/* The reader under test (tools/cli-matrix.c, compiled into the harness). */
static int
read_matrix(const uint8_t *data, size_t size, int symmetric, size_t *n, double **H)
{
    return cli_read_matrix(fuzz_as_file(data, size), symmetric, n, H);
}

/* Entries past this many are checked only through the block size (a
 * 8192² matrix of a 40-byte file is valid; walking it each time is not). */
#define FULL_CHECK_ENTRIES (1u << 16)

static void
check_matrix(const uint8_t *data, size_t size, int symmetric, size_t n, const double *H)
{
    if (n < 1 || n > CLI_MATRIX_MAX_DIM || H == NULL)
        fuzz_fail("matrix: success with n = %zu, H = %p", n, (const void *) H);
    if (fuzz_allocated_size(H) < n * n * sizeof(double))
        fuzz_fail("matrix: n = %zu but H has %zu bytes", n, fuzz_allocated_size(H));
    int text = !(size > 0 && data[0] == '%');
    if (text && n * n > fuzz_count_tokens(data, size))
        fuzz_fail("matrix: %zu entries from a text of %zu tokens", n * n, fuzz_count_tokens(data, size));
    if (n * n > FULL_CHECK_ENTRIES)
        return;
    double scale = 0;
    for (size_t k = 0; k < n * n; k++) {
        if (!isfinite(H[k]))
            fuzz_fail("matrix: entry %zu is %g", k, H[k]);
        scale = fmax(scale, fabs(H[k]));
    }
    if (!symmetric)
        return;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (fabs(H[i * n + j] - H[j * n + i]) > STEEPEST_MATRIX_SYMMETRY_TOL * scale)
                fuzz_fail("matrix: symmetry required but H[%zu][%zu] = %g, H[%zu][%zu] = %g", i, j,
                          H[i * n + j], j, i, H[j * n + i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int symmetric = 0; symmetric <= 1; symmetric++) {
        size_t n = 0;
        double *H = NULL;
        fuzz_clear_message();
        int rc = read_matrix(data, size, symmetric, &n, &H);
        if (rc == 0)
            check_matrix(data, size, symmetric, n, H);
        else if (rc != 1 || fuzz_message()[0] == '\0')
            fuzz_fail("matrix: failure %d with message '%s'", rc, fuzz_message());
        g_free(H);
    }
    return 0;
}
