/* mpi-private.h — the distributed run's state and the pieces its rules share:
 * the wire header every rank attaches to its message (how the ranks agree on
 * a status without an extra collective), the byte model, and the sign
 * kernels. */
#ifndef STEEPEST_MPI_PRIVATE_H
#define STEEPEST_MPI_PRIVATE_H

#include <stdint.h>
#include <steepest/steepest-mpi.h>

/* What each rank attaches to its part of a step's collective: its status and
 * the share-weighted pieces every rank needs.  40 bytes, all fields fixed
 * size, so a block of headers is sent as raw words on homogeneous ranks. */
typedef struct {
    double f;       /* share_r · f_local (0 if unknown) */
    double scale;   /* scaled-sign-ef: share_r · the compressor's scale */
    int32_t status; /* 0, or the failure this rank brings */
    int32_t has_f;  /* f_local was given */
    int64_t detail; /* the index of a non-finite entry, or the caller's local status;
                      * NOT_FINITE: -1 the value, -2 EF's lr*g + e, -3 the vote's momentum */
    uint64_t zeros; /* scaled-sign-ef: entries of Δ that are exactly 0 */
} MpiHeader;

struct SteepestMpiRun {
    MPI_Comm comm; /* the run's own duplicate, errors returned */
    int rank, size;
    int rule;
    size_t dim;
    SteepestNorm *norm; /* the run's own instance of the caller's spec */
    double *weight;     /* share_r / Σ shares, per rank */
    double lr;
    double momentum; /* β: the optimizer's momentum (local, for sign-majority: Signum) */
    int check_identical;
    int settings_dirty; /* settings changed since the ranks last compared them */
    uint64_t steps;
    double f;
    uint64_t sent_total, received_total, sent_last, received_last;
    char *error;
    /* scratch and state, sized at creation */
    size_t nwords; /* 64-coordinate words of packed signs */
    size_t *lo;    /* sign-majority: rank j owns words [lo[j], lo[j+1]) */
    void *send, *recv, *gathered;
    double *scratch;        /* mean: the reduced buffer; ef: p */
    SteepestOptimizer *opt; /* the update rules: mean's, EF's, Signum's momentum */
    void *state;            /* the optimizer's state before a step, restored if the step fails */
    size_t state_size;
    uint64_t *zero_mask; /* scaled-sign-ef: per rank, the coordinates whose Δ is 0 */
};

/* ---- mpi-run.c ---- */
/* Records a failure: the run's message and the thread's last error. */
int steepest_mpi_fail(SteepestMpiRun *run, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Adds one collective's bytes to the step's counters. */
void steepest_mpi_count(SteepestMpiRun *run, uint64_t sent, uint64_t received);

/* The optimizer that applies the run's rule (made at creation and whenever
 * the momentum changes), and its state snapshot around a step. */
int steepest_mpi_optimizer_setup(SteepestMpiRun *run);
int steepest_mpi_snapshot(SteepestMpiRun *run);
void steepest_mpi_restore(SteepestMpiRun *run);

/* ---- mpi-wire.c ---- */
/* Bytes of a ring allreduce of `bytes` over `size` ranks, each way. */
uint64_t steepest_mpi_ring_allreduce_bytes(uint64_t bytes, int size);
/* Fills h for this rank from its local inputs (status, finiteness of g and f). */
void steepest_mpi_header_fill(const SteepestMpiRun *run, MpiHeader *h, size_t n, const double *f_local,
                              const double *g_local, int local_status);
/* The agreed status from every rank's header (stride bytes apart): the first
 * failing rank's, with the same message on every rank; STEEPEST_OK if none. */
int steepest_mpi_headers_agree(SteepestMpiRun *run, const void *headers, size_t stride);
/* Compares the step size and the debug flag across ranks when they changed. */
int steepest_mpi_settings_agree(SteepestMpiRun *run);
/* The debug check that x is bit-identical on every rank. */
int steepest_mpi_check_identical(SteepestMpiRun *run, const double *x);
/* Turns an MPI error code into STEEPEST_ERROR_DISTRIBUTED with MPI's text. */
int steepest_mpi_collective_failed(SteepestMpiRun *run, const char *what, int code);

/* ---- the rules: each takes a validated header and does the whole step ---- */
int steepest_mpi_mean_step(SteepestMpiRun *run, double *x, const double *g, MpiHeader *h);
int steepest_mpi_majority_step(SteepestMpiRun *run, double *x, const double *g, MpiHeader *h);
int steepest_mpi_ef_step(SteepestMpiRun *run, double *x, const double *g, MpiHeader *h);
/* Scratch for each rule, allocated at creation. */
int steepest_mpi_mean_alloc(SteepestMpiRun *run);
int steepest_mpi_majority_alloc(SteepestMpiRun *run);
int steepest_mpi_ef_alloc(SteepestMpiRun *run);

#endif /* STEEPEST_MPI_PRIVATE_H */
