/* fuzz-cli.c — the program's message writer, replaced for the file-reader
 * harnesses (see fuzz-common.h). */
#include "fuzz-common.h"

#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

static char message[1024];

/* Stands in for the program's cli_failure (tools/cli.c prints to stderr,
 * which at thousands of inputs a second would drown the fuzzer's output). */
int
cli_failure(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    return CLI_EXIT_FAILURE;
}

const char *
fuzz_message(void)
{
    return message;
}

void
fuzz_clear_message(void)
{
    message[0] = '\0';
}
