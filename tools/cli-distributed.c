/* cli-distributed.c — the --distributed run of `steepest minimize` over
 * libsteepest-mpi.  Every rank runs the same command on the same CSV and
 * takes its own rows; only rank 0 prints. */
#include "cli-distributed.h"

#include <math.h>
#include <mpi.h>
#include <steepest/steepest-mpi.h>

static gboolean started_here = FALSE;

gboolean
cli_distributed_available(void)
{
    return TRUE;
}

gboolean
cli_distributed_start(int *rank, int *size)
{
    int initialized = 0;
    MPI_Initialized(&initialized);
    /* Without mpirun, Open MPI starts as a singleton: one rank. */
    if (!initialized) {
        if (MPI_Init(NULL, NULL) != MPI_SUCCESS) {
            cli_failure("--distributed: MPI_Init failed");
            return FALSE;
        }
        started_here = TRUE;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    if (*rank != 0) {
        /* The ranks agree on every outcome: rank 0 speaks for all of them. */
        if (freopen("/dev/null", "w", stdout) == NULL || freopen("/dev/null", "w", stderr) == NULL)
            return TRUE;
    }
    return TRUE;
}

void
cli_distributed_finish(void)
{
    if (started_here)
        MPI_Finalize();
    started_here = FALSE;
}

int
cli_distributed_run(const char *rule_name, const SteepestNorm *norm, size_t n, SteepestObjectiveFn fn,
                    void *data, double share, double lr, double momentum, uint64_t max_iter, double *x,
                    CliDistributedResult *res)
{
    int rule;
    if (steepest_mpi_rule_from_name(rule_name, &rule) != STEEPEST_OK)
        return cli_usage_error("--distributed: %s", steepest_last_error());
    SteepestMpiRun *run = NULL;
    res->f_trace = g_array_new(FALSE, FALSE, sizeof(double));
    res->status = steepest_mpi_run_new(MPI_COMM_WORLD, norm, n, rule, share, &run);
    if (res->status == STEEPEST_OK)
        res->status = steepest_mpi_run_set_step_size(run, lr);
    if (res->status == STEEPEST_OK)
        res->status = steepest_mpi_run_set_momentum(run, momentum);
    if (res->status != STEEPEST_OK) {
        if (res->status == STEEPEST_ERROR_UNSUPPORTED || res->status == STEEPEST_ERROR_PARAMETER) {
            int code = cli_usage_error("--distributed %s: %s", rule_name, steepest_last_error());
            steepest_mpi_run_free(run);
            return code;
        }
        res->error = g_strdup(steepest_last_error());
        steepest_mpi_run_free(run);
        return CLI_EXIT_OK;
    }
    res->ranks = steepest_mpi_run_get_size(run);
    double *g = g_new(double, n), start = MPI_Wtime();
    res->status = STEEPEST_STOP_MAX_ITER;
    for (uint64_t t = 0; t < max_iter; t++) {
        double f = NAN;
        int local = fn(data, n, x, &f, g);
        int st = steepest_mpi_update_local(run, n, x, local == 0 ? &f : NULL, g, local);
        if (st != STEEPEST_OK) {
            res->status = st;
            res->error = g_strdup(steepest_mpi_run_last_error(run));
            break;
        }
        double whole = steepest_mpi_run_get_f(run); /* f at the iterate this step started from */
        g_array_append_val(res->f_trace, whole);
    }
    /* The objective at the final iterate: one more evaluation, combined by the
     * ranks as a mean of one number each. */
    double f_end = NAN, w = share, fw[2], sum[2] = { NAN, NAN };
    int local = fn(data, n, x, &f_end, g);
    fw[0] = local == 0 ? w * f_end : NAN;
    fw[1] = w;
    MPI_Allreduce(fw, sum, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    res->f = sum[0] / sum[1];
    if (res->status == STEEPEST_STOP_MAX_ITER)
        g_array_append_val(res->f_trace, res->f);
    res->elapsed = MPI_Wtime() - start;
    res->iterations = steepest_mpi_run_get_steps(run);
    steepest_mpi_run_get_bytes(run, NULL, NULL, &res->sent, &res->received);
    g_free(g);
    steepest_mpi_run_free(run);
    return CLI_EXIT_OK;
}
