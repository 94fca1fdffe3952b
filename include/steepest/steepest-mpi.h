/** @file steepest-mpi.h
 * steepest-mpi.h — distributed steepest descent over MPI (libsteepest-mpi).
 *
 * Data-parallel runs: every rank holds the same x and its own shard of the
 * data, computes a local gradient, and the ranks combine the gradients each
 * step by one of three aggregation rules:
 *
 *   STEEPEST_MPI_MEAN           the share-weighted mean of the gradients
 *                               (MPI_Allreduce of doubles), then the norm's
 *                               update: exact distributed steepest descent;
 *   STEEPEST_MPI_SIGN_MAJORITY  the elementwise majority of the ranks' signs
 *                               (1 bit per coordinate on the wire), then
 *                               x ← x − lr·majority (Bernstein et al. 2019);
 *   STEEPEST_MPI_SCALED_SIGN_EF each rank sends the scaled sign of
 *                               p = lr·g + e and keeps the residual e
 *                               (EF-signSGD, Karimireddy et al. 2019).
 *
 * Link with `pkg-config --libs steepest-mpi` (it brings libsteepest and MPI).
 * docs/distributed.md gives the formulas, the bytes each rule moves, and how
 * to launch a run on one or many machines.
 *
 *     SteepestMpiRun *run;
 *     steepest_mpi_run_new(MPI_COMM_WORLD, norm, n, STEEPEST_MPI_SIGN_MAJORITY,
 *                          (double) local_rows, &run);
 *     steepest_mpi_run_set_step_size(run, 1e-3);
 *     for (int t = 0; t < T; t++) {
 *         local_gradient(x, g);                  // the rank's own shard
 *         if (steepest_mpi_update(run, x, g) != STEEPEST_OK)
 *             break;                             // every rank breaks here
 *     }
 *     steepest_mpi_run_free(run);
 *
 * Collective calls: steepest_mpi_run_new(), steepest_mpi_run_free(),
 * steepest_mpi_update(), steepest_mpi_update_local() and
 * steepest_mpi_run_minimize() must be called by every rank of the
 * communicator, in the same order.  They always take part in their
 * collectives, even with bad arguments, and then return the same status on
 * every rank (a failure is agreed on, not discovered by a hang).  The other
 * functions are local.
 *
 * Every rank applies the identical update to the identical x, so x stays
 * bit-identical on all ranks (steepest_mpi_run_set_check_identical() checks
 * it).  The ranks must be homogeneous (same byte order and double format).
 * MPI must be initialized (MPI_Init or MPI_Init_thread) before
 * steepest_mpi_run_new(); a run is used by one thread at a time.
 *
 * Since: 0.2
 */
#ifndef STEEPEST_MPI_H
#define STEEPEST_MPI_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>
#include <steepest/steepest.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Aggregation rules.  Since: 0.2 */
typedef enum {
    STEEPEST_MPI_MEAN = 0,          /**< share-weighted mean of the doubles, then the norm's step */
    STEEPEST_MPI_SIGN_MAJORITY = 1, /**< elementwise majority of packed signs */
    STEEPEST_MPI_SCALED_SIGN_EF = 2 /**< scaled sign with error feedback (EF-signSGD) */
} SteepestMpiRule;

/** A distributed run.  Opaque. */
typedef struct SteepestMpiRun SteepestMpiRun;

/** The rule's name: "mean", "sign-majority", "scaled-sign-ef"; NULL for a
 * value that is not a rule.  Static string.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 const char *steepest_mpi_rule_name(int rule);

/** Parses a rule name (as steepest_mpi_rule_name() spells it) into *rule.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL argument, or an unknown
 * name, which the message lists the known ones for).  Local.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_rule_from_name(const char *name, int *rule);

/** Creates a run on `comm` (collective over comm; the run works on its own
 * duplicate of comm, so its messages never mix with the caller's).
 *
 * norm: the norm instance, of dimension dim; the sign rules need the linf
 * norm (the sign is its unit direction and the scaled sign its compressor).
 * share: this rank's share of the data, e.g. its number of rows (> 0,
 * finite); rank r's gradient is weighted by share_r / Σ shares in the mean
 * and in the error-feedback average (a shard's objective must then be its own
 * estimate of the whole objective, as the sharded problems of
 * steepest-problems.h are).  The majority vote counts every rank once.
 *
 * Every rank checks that all ranks gave the same dimension, the same norm
 * spec and the same rule, and every rank returns the same status.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL norm or out, comm is
 * MPI_COMM_NULL, an unknown rule, a bad share, MPI not initialized — on one
 * rank: then every rank fails with it), STEEPEST_ERROR_DIMENSION (dim is 0 or
 * differs from the norm's), STEEPEST_ERROR_UNSUPPORTED (a sign rule with a
 * norm that is not linf), STEEPEST_ERROR_DISTRIBUTED (the ranks disagree on
 * the dimension, the norm or the rule — the message names the first rank that
 * differs from rank 0 — or an MPI call failed), STEEPEST_ERROR_NO_MEMORY.
 * On failure *out is NULL.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_run_new(MPI_Comm comm, const SteepestNorm *norm, size_t dim,
                                                   int rule, double share, SteepestMpiRun **out);

/** Frees the run (collective: it frees the duplicated communicator).  NULL is
 * ignored.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 void steepest_mpi_run_free(SteepestMpiRun *run);

/** The step size lr (> 0, finite; default 1e-3).  mean: x ← x − lr·ḡ♯;
 * sign-majority: x ← x − lr·majority; scaled-sign-ef: p = lr·g + e.  All
 * ranks must set the same value; the next update checks that they did
 * (STEEPEST_ERROR_DISTRIBUTED otherwise).  Errors:
 * STEEPEST_ERROR_INVALID_ARGUMENT (NULL run), STEEPEST_ERROR_PARAMETER (lr
 * not > 0 or not finite).  Local.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_run_set_step_size(SteepestMpiRun *run, double lr);

/** Momentum β in [0, 1) (default 0), through the optimizer's momentum rule
 * (steepest-optimizer.h, m ← β·m + g): mean applies it to the combined
 * gradient (x ← x − lr·m♯); sign-majority makes every rank vote with the
 * sign of its own local momentum, Signum's majority vote (Bernstein et al.
 * 2019).  Setting it clears the momentum buffer.  All ranks must agree
 * (checked like the step size).  Errors: STEEPEST_ERROR_INVALID_ARGUMENT
 * (NULL run), STEEPEST_ERROR_PARAMETER (β out of range),
 * STEEPEST_ERROR_UNSUPPORTED (β > 0 for scaled-sign-ef, whose memory is its
 * residual), STEEPEST_ERROR_NO_MEMORY.  Local.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_run_set_momentum(SteepestMpiRun *run, double beta);

/** The debug check: when on (nonzero), every update ends with a checksum
 * allreduce of x (16 bytes per rank, counted in the byte counters), and an x
 * that differs between ranks is STEEPEST_ERROR_DISTRIBUTED on every rank.
 * Off by default.  Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL run).
 * Local; all ranks must agree (checked like the step size).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_run_set_check_identical(SteepestMpiRun *run, int on);

/** One step of the ask/tell form: combines every rank's local gradient
 * g_local (length n = the run's dimension) and updates x in place.
 * Collective.  Same as steepest_mpi_update_local(run, n, x, NULL, g_local, 0).
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_update(SteepestMpiRun *run, size_t n, double *x,
                                                  const double *g_local);

/** One step, with this rank's local objective value and status.
 *
 * f_local: the local objective value at x (NULL if not known); the run keeps
 * the share-weighted sum over ranks (steepest_mpi_run_get_f()), agreed on in
 * the step's own collective.  local_status: 0 when g_local is valid; nonzero
 * when this rank could not compute it (g_local is then ignored and may be
 * NULL), e.g. because its objective failed.
 *
 * The ranks agree on one status inside the step's collective (no extra
 * message unless some rank failed): a failure on any rank — a nonzero
 * local_status, a NaN or Inf in g_local or *f_local, a NULL or mis-sized
 * argument, a step size that differs between ranks — makes every rank return
 * the same status, with the same message naming the lowest failing rank, and
 * leaves x and the run's state (residuals, step count) as they were: the last
 * completed iterate.  Statuses: STEEPEST_OK; STEEPEST_ERROR_CALLBACK (some
 * rank's local_status was nonzero); STEEPEST_ERROR_NOT_FINITE (a NaN or Inf
 * in some rank's gradient or value; the message gives the rank and index);
 * STEEPEST_ERROR_INVALID_ARGUMENT (NULL x, or NULL g_local with
 * local_status 0, on some rank); STEEPEST_ERROR_DIMENSION (n differs from the
 * run's dimension on some rank); STEEPEST_ERROR_DISTRIBUTED (the ranks'
 * settings differ, the identical-x check failed, or an MPI call failed);
 * STEEPEST_ERROR_NO_MEMORY.  With a NULL run nothing is communicated and the
 * call returns STEEPEST_ERROR_INVALID_ARGUMENT (a NULL run on one rank only
 * leaves the others waiting: check steepest_mpi_run_new()'s status, which is
 * the same everywhere).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_update_local(SteepestMpiRun *run, size_t n, double *x,
                                                        const double *f_local, const double *g_local,
                                                        int local_status);

/** The objective-callback form: up to max_iter steps, each evaluating fn on
 * this rank's shard at x (fn must write the gradient) and calling
 * steepest_mpi_update_local() with its value and status.  Collective.
 * Returns STEEPEST_STOP_MAX_ITER after max_iter steps, or the agreed failure
 * of the step that failed (a failing or NaN objective on any rank ends every
 * rank at the same step, with x at the last completed iterate).  fn NULL on a
 * rank counts as that rank's failure (STEEPEST_ERROR_INVALID_ARGUMENT on
 * every rank).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_run_minimize(SteepestMpiRun *run, SteepestObjectiveFn fn,
                                                        void *user_data, size_t n, double *x,
                                                        uint64_t max_iter);

/** This rank's index in the run's communicator (0 for NULL).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_run_get_rank(const SteepestMpiRun *run);
/** The number of ranks in the run's communicator (0 for NULL).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_run_get_size(const SteepestMpiRun *run);

/** The rule (-1 for NULL).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_run_get_rule(const SteepestMpiRun *run);

/** Completed steps (0 for NULL).  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 uint64_t steepest_mpi_run_get_steps(const SteepestMpiRun *run);

/** The share-weighted sum over ranks of f_local at the start of the last
 * completed step, i.e. the whole objective at the previous iterate; NaN
 * before the first step, when some rank gave no value, or for NULL.
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 double steepest_mpi_run_get_f(const SteepestMpiRun *run);

/** The bytes this rank sent and received: totals over all completed and
 * failed steps, and those of the last step (any pointer may be NULL).  The
 * counts are those of a bandwidth-optimal implementation of each collective
 * (ring allreduce: 2(N−1)/N of the buffer each way; alltoall and allgather:
 * the blocks that must leave and arrive), computed from the message sizes, so
 * they do not depend on the algorithm Open MPI picks.  docs/distributed.md
 * lists them per rule.  Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL run).
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_mpi_run_get_bytes(const SteepestMpiRun *run, uint64_t *sent_total,
                                                         uint64_t *received_total, uint64_t *sent_last_step,
                                                         uint64_t *received_last_step);

/** The message of the run's most recent failure, the same on every rank for
 * agreed failures ("" if none, "" for NULL).  Valid until the next call on
 * the run.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 const char *steepest_mpi_run_last_error(const SteepestMpiRun *run);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_MPI_H */
