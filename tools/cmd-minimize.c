/* cmd-minimize.c — `steepest minimize` (placeholder until the solver API lands). */
#include "cli.h"

int
cli_cmd_minimize(int argc, char **argv)
{
    return cli_failure("not available yet");
}
