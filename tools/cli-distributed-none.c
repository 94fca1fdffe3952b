/* cli-distributed-none.c — --distributed in a program built without MPI:
 * the option exists and says why it cannot run. */
#include "cli-distributed.h"

gboolean
cli_distributed_available(void)
{
    return FALSE;
}

gboolean
cli_distributed_start(int *rank, int *size)
{
    *rank = 0;
    *size = 1;
    cli_failure("--distributed: this steepest was built without MPI (install libopenmpi-dev and rebuild)");
    return FALSE;
}

void
cli_distributed_finish(void)
{
}

int
cli_distributed_run(const char *rule, const SteepestNorm *norm, size_t n, SteepestObjectiveFn fn, void *data,
                    double share, double lr, double momentum, uint64_t max_iter, double *x,
                    CliDistributedResult *res)
{
    return cli_failure("--distributed: this steepest was built without MPI");
}
