/* cmd-analyze.c — `steepest analyze` (placeholder until the analysis API lands). */
#include "cli.h"

int
cli_cmd_analyze(int argc, char **argv)
{
    return cli_failure("not available yet");
}
