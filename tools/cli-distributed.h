/* cli-distributed.h — `steepest minimize --distributed RULE`: the data-
 * parallel run over MPI ranks (libsteepest-mpi), linked only when MPI is
 * found; without it the functions say so. */
#ifndef STEEPEST_CLI_DISTRIBUTED_H
#define STEEPEST_CLI_DISTRIBUTED_H

#include "cli.h"

typedef struct {
    int status;
    char *error; /* g_free */
    int ranks;
    uint64_t iterations;
    double f, elapsed;
    uint64_t sent, received; /* rank 0's bytes of the last step */
    GArray *f_trace;         /* double: the whole objective at x_0, x_1, ... */
} CliDistributedResult;

/* Whether this program was built with MPI. */
gboolean cli_distributed_available(void);
/* Starts MPI (as a single rank when not launched by mpirun); ranks other
 * than 0 stop printing.  Returns FALSE with a message if MPI is missing. */
gboolean cli_distributed_start(int *rank, int *size);
/* Ends MPI (after cli_distributed_start). */
void cli_distributed_finish(void);
/* Runs max_iter steps of the rule (a name for steepest_mpi_rule_from_name)
 * on this rank's shard objective, x in place; fills res.  Returns 0, or a
 * usage error's exit code (bad rule, bad norm for it). */
int cli_distributed_run(const char *rule, const SteepestNorm *norm, size_t n, SteepestObjectiveFn fn,
                        void *data, double share, double lr, double momentum, uint64_t max_iter, double *x,
                        CliDistributedResult *res);

#endif /* STEEPEST_CLI_DISTRIBUTED_H */
