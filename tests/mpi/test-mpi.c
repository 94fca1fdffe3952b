/* test-mpi.c — libsteepest-mpi under mpirun (1, 2 and 4 ranks).
 *
 * Every rank runs every test, in the same order, without forking (a forked
 * child cannot use its parent's MPI).  A rank must never leave a test early
 * while the others are inside a collective, so each check first agrees across
 * ranks (agree()) and only then asserts: a failure fails on every rank at the
 * same point.  Rank 0 alone writes the TAP report.
 *
 * The independent side of each comparison is computed here in the test:
 * mean against the serial solver on the whole data; sign-majority against a
 * vote this file takes over every rank's gathered gradient; scaled-sign-ef
 * against a serial simulation of the N workers and their residuals. */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include <steepest/steepest-mpi.h>

static int rank_, size_;

/* The same verdict on every rank: true when ok holds on all of them. */
static int
agree(int ok)
{
    int all = 0;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all;
}

#define AGREE(cond) ck_assert_msg(agree(cond), "on some rank: %s", #cond)

/* x bit-identical on every rank. */
static int
identical_everywhere(size_t n, const double *x)
{
    double *all = g_new(double, n *(size_t) size_);
    MPI_Allgather(x, (int) n, MPI_DOUBLE, all, (int) n, MPI_DOUBLE, MPI_COMM_WORLD);
    int same = 1;
    for (int r = 1; r < size_; r++)
        same &= memcmp(all, all + (size_t) r * n, n * sizeof(double)) == 0;
    g_free(all);
    return same;
}

/* The same message on every rank. */
static int
same_message_everywhere(const char *msg)
{
    char mine[256] = { 0 }, *all = g_new0(char, 256 * (size_t) size_);
    g_strlcpy(mine, msg, sizeof mine);
    MPI_Allgather(mine, 256, MPI_CHAR, all, 256, MPI_CHAR, MPI_COMM_WORLD);
    int same = 1;
    for (int r = 1; r < size_; r++)
        same &= strcmp(all, all + 256 * r) == 0;
    g_free(all);
    return same;
}

static SteepestNorm *
norm(const char *spec, size_t n)
{
    SteepestNorm *nm = NULL;
    ck_assert_int_eq(steepest_norm_new(spec, n, &nm), STEEPEST_OK);
    return nm;
}

/* ---- data: 10 rows of logistic regression (shards of 3, 3, 2, 2 on 4 ranks) ---- */

enum { ROWS = 10, COLS = 6 };

static void
logistic_data(double *A, double *y)
{
    for (size_t i = 0; i < ROWS; i++) {
        for (size_t j = 0; j < COLS; j++)
            A[i * COLS + j] = sin(0.7 + 1.3 * (double) (i * COLS + j));
        y[i] = (i * 7) % 3 == 0 ? 1.0 : -1.0;
    }
}

/* The logistic problem on all rows and this rank's shard of it. */
static void
logistic_whole_and_shard(SteepestLogistic **wl, SteepestObjectiveFn *fn, void **ud, SteepestLogistic **sl,
                         SteepestObjectiveFn *sfn, void **sud)
{
    double A[ROWS * COLS], y[ROWS];
    logistic_data(A, y);
    ck_assert_int_eq(steepest_logistic_new(ROWS, COLS, A, y, 0.01, STEEPEST_DATA_COPY, wl), 0);
    ck_assert_int_eq(steepest_logistic_new_shard(ROWS, COLS, A, y, 0.01, rank_, size_, sl), 0);
    steepest_logistic_get_objective(*wl, fn, ud);
    steepest_logistic_get_objective(*sl, sfn, sud);
}

/* ---- mean ---- */

/* Distributed mean on the shards against the serial solver on all rows. */
static void
mean_against_serial(const char *spec, int logistic)
{
    double A[ROWS * COLS], y[ROWS], b[ROWS];
    logistic_data(A, y);
    for (size_t i = 0; i < ROWS; i++)
        b[i] = cos((double) i);
    const double lr = logistic ? 0.5 : 0.02;
    const uint64_t T = 60;
    SteepestObjectiveFn fn, sfn;
    void *ud, *sud;
    SteepestLogistic *wl = NULL, *sl = NULL;
    SteepestLeastSquares *ws = NULL, *ss = NULL;
    if (logistic) {
        ck_assert_int_eq(steepest_logistic_new(ROWS, COLS, A, y, 0.01, STEEPEST_DATA_COPY, &wl), 0);
        ck_assert_int_eq(steepest_logistic_new_shard(ROWS, COLS, A, y, 0.01, rank_, size_, &sl), 0);
        steepest_logistic_get_objective(wl, &fn, &ud);
        steepest_logistic_get_objective(sl, &sfn, &sud);
    } else {
        ck_assert_int_eq(steepest_least_squares_new(ROWS, COLS, A, b, STEEPEST_DATA_COPY, &ws), 0);
        ck_assert_int_eq(steepest_least_squares_new_shard(ROWS, COLS, A, b, rank_, size_, &ss), 0);
        steepest_least_squares_get_objective(ws, &fn, &ud);
        steepest_least_squares_get_objective(ss, &sfn, &sud);
    }
    SteepestNorm *nm = norm(spec, COLS);
    /* Serial: the solver's constant step x ← x − lr·g♯ on the whole data. */
    SteepestSolver *solver;
    ck_assert_int_eq(steepest_solver_new(nm, COLS, &solver), 0);
    steepest_solver_set_objective(solver, fn, ud, NULL);
    steepest_solver_set_step_rule(solver, STEEPEST_STEP_CONSTANT);
    steepest_solver_set_step_size(solver, lr);
    steepest_solver_set_max_iter(solver, T);
    double xs[COLS] = { 0 };
    ck_assert_int_eq(steepest_solver_run(solver, COLS, xs), STEEPEST_STOP_MAX_ITER);

    SteepestMpiRun *run;
    int st = steepest_mpi_run_new(MPI_COMM_WORLD, nm, COLS, STEEPEST_MPI_MEAN,
                                  (double) steepest_shard_rows(ROWS, rank_, size_), &run);
    AGREE(st == STEEPEST_OK);
    steepest_mpi_run_set_step_size(run, lr);
    double x[COLS] = { 0 };
    AGREE(steepest_mpi_run_minimize(run, sfn, sud, COLS, x, T) == STEEPEST_STOP_MAX_ITER);
    AGREE(steepest_mpi_run_get_steps(run) == T);
    double scale = 0, err = 0;
    for (size_t j = 0; j < COLS; j++) {
        scale = fmax(scale, fabs(xs[j]));
        err = fmax(err, fabs(x[j] - xs[j]));
    }
    ck_assert_msg(agree(err <= 1e-12 * scale), "%s: |x - x_serial| = %g (scale %g)", spec, err, scale);
    ck_assert_msg(agree(scale > 1e-3), "the run moved");
    if (size_ == 1) /* one rank: weight 1 and an allreduce of one buffer change nothing */
        AGREE(memcmp(x, xs, sizeof x) == 0);
    /* f of the last completed step: the whole objective at the iterate before. */
    double xprev[COLS];
    memcpy(xprev, xs, sizeof xprev);
    AGREE(identical_everywhere(COLS, x));
    steepest_mpi_run_free(run);
    steepest_solver_free(solver);
    steepest_norm_free(nm);
    steepest_logistic_free(wl);
    steepest_logistic_free(sl);
    steepest_least_squares_free(ws);
    steepest_least_squares_free(ss);
}

START_TEST(mean_equals_the_serial_run_on_the_whole_data)
{
    mean_against_serial("l2", 1);
    mean_against_serial("linf", 1);
    mean_against_serial("l1", 1);
    mean_against_serial("l2", 0);
    mean_against_serial("linf", 0);
}
END_TEST

START_TEST(mean_reports_the_whole_objective)
{
    SteepestLogistic *wl, *sl;
    SteepestObjectiveFn fn, sfn;
    void *ud, *sud;
    logistic_whole_and_shard(&wl, &fn, &ud, &sl, &sfn, &sud);
    SteepestNorm *nm = norm("l2", COLS);
    SteepestMpiRun *run;
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, COLS, STEEPEST_MPI_MEAN,
                               (double) steepest_shard_rows(ROWS, rank_, size_), &run) == 0);
    AGREE(isnan(steepest_mpi_run_get_f(run)));
    double x[COLS] = { 0.1, 0.2, -0.3, 0.4, 0, 1 }, x0[COLS], f0, g0[COLS];
    memcpy(x0, x, sizeof x);
    fn(ud, COLS, x0, &f0, g0);
    AGREE(steepest_mpi_run_minimize(run, sfn, sud, COLS, x, 1) == STEEPEST_STOP_MAX_ITER);
    double f = steepest_mpi_run_get_f(run);
    ck_assert_msg(agree(fabs(f - f0) <= 1e-14 * fabs(f0)), "f = %.17g, whole %.17g", f, f0);
    /* Without values (the ask/tell form) there is no f. */
    double g[COLS];
    sfn(sud, COLS, x, &f, g);
    AGREE(steepest_mpi_update(run, COLS, x, g) == STEEPEST_OK);
    AGREE(isnan(steepest_mpi_run_get_f(run)));
    steepest_mpi_run_free(run);
    steepest_norm_free(nm);
    steepest_logistic_free(wl);
    steepest_logistic_free(sl);
}
END_TEST

/* ---- the sign rules: gradients with exact zeros and ties ---- */

enum { D = 203 }; /* three full words and a partial one */

/* Rank k's gradient at step t: ±(1 + |x_i|) with a pattern that gives ties at
 * even N, zeros on some ranks (both signs of zero), and coordinates that are
 * zero on every rank. */
static void
sign_gradient(int k, int t, const double *x, double *g)
{
    for (size_t i = 0; i < D; i++) {
        double mag = 1.0 + fabs(x[i]) + 0.01 * (double) k;
        unsigned h = (unsigned) (i * 2654435761u) ^ (unsigned) (k * 40503 + t * 977);
        if (i % 17 == 0)
            g[i] = 0.0; /* zero everywhere */
        else if ((i + (size_t) k) % 7 == 0)
            g[i] = (k + t) % 2 ? -0.0 : 0.0; /* zero on this rank */
        else
            g[i] = (h >> 7) % 2 ? mag : -mag;
    }
}

/* The documented vote: +1 for g > 0, −1 for g < 0, a zero votes + on even
 * ranks and − on odd ones; the majority moves by −lr, a tie not at all. */
static void
reference_majority(const double *all, int voters, double lr, double *x, int *ties, int *zeros)
{
    for (size_t i = 0; i < D; i++) {
        int plus = 0;
        for (int k = 0; k < voters; k++) {
            double v = all[(size_t) k * D + i];
            *zeros += v == 0;
            plus += v > 0 || (v == 0 && k % 2 == 0);
        }
        int minus = voters - plus;
        double m = plus > minus ? 1.0 : plus < minus ? -1.0 : 0.0;
        *ties += plus == minus;
        x[i] -= lr * m;
    }
}

START_TEST(sign_majority_equals_the_gathered_vote_bit_for_bit)
{
    SteepestNorm *nm = norm("linf", D);
    SteepestMpiRun *run;
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, D, STEEPEST_MPI_SIGN_MAJORITY, 1.0, &run) == 0);
    const double lr = 0.01;
    steepest_mpi_run_set_step_size(run, lr);
    steepest_mpi_run_set_check_identical(run, 1);
    double x[D], xr[D], g[D], *all = g_new(double, (size_t) D *(size_t) size_);
    for (size_t i = 0; i < D; i++)
        x[i] = xr[i] = 0.1 * sin((double) i);
    int ties = 0, zeros = 0, ok = 1;
    for (int t = 0; t < 100; t++) {
        sign_gradient(rank_, t, x, g);
        MPI_Allgather(g, D, MPI_DOUBLE, all, D, MPI_DOUBLE, MPI_COMM_WORLD);
        reference_majority(all, size_, lr, xr, &ties, &zeros);
        ok &= steepest_mpi_update(run, D, x, g) == STEEPEST_OK;
    }
    AGREE(ok);
    ck_assert_msg(agree(memcmp(x, xr, sizeof x) == 0), "x differs from the reference vote");
    AGREE(identical_everywhere(D, x));
    AGREE(zeros > 0);
    if (size_ % 2 == 0)
        AGREE(ties > 0); /* the tie rule was exercised */
    else
        AGREE(ties == 0);
    g_free(all);
    steepest_mpi_run_free(run);
    steepest_norm_free(nm);
}
END_TEST

/* Signum's majority: every rank votes with the sign of its own momentum
 * m ← β·m + g (the optimizer's momentum rule, dampening 0). */
START_TEST(sign_majority_with_momentum_votes_with_the_local_momentum)
{
    SteepestNorm *nm = norm("linf", D);
    SteepestMpiRun *run;
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, D, STEEPEST_MPI_SIGN_MAJORITY, 1.0, &run) == 0);
    const double lr = 0.01, beta = 0.9;
    steepest_mpi_run_set_step_size(run, lr);
    AGREE(steepest_mpi_run_set_momentum(run, beta) == STEEPEST_OK);
    double x[D], xr[D], g[D], *all = g_new(double, (size_t) D *size_), *m = g_new0(double, (size_t) D *size_);
    double *ms = g_new(double, (size_t) D *size_);
    for (size_t i = 0; i < D; i++)
        x[i] = xr[i] = 0.1 * sin((double) i);
    int ties = 0, zeros = 0, ok = 1;
    for (int t = 0; t < 60; t++) {
        sign_gradient(rank_, t, x, g);
        MPI_Allgather(g, D, MPI_DOUBLE, all, D, MPI_DOUBLE, MPI_COMM_WORLD);
        for (size_t i = 0; i < (size_t) D * size_; i++) {
            m[i] = beta * m[i] + all[i];
            ms[i] = m[i] > 0 ? 1.0 : m[i] < 0 ? -1.0 : 0.0; /* what is voted on */
        }
        reference_majority(ms, size_, lr, xr, &ties, &zeros);
        ok &= steepest_mpi_update(run, D, x, g) == STEEPEST_OK;
        if (t == 30) { /* a failed step leaves the momentum alone */
            double bad[D];
            memcpy(bad, g, sizeof bad);
            bad[3] = rank_ == size_ - 1 ? NAN : bad[3];
            ok &= steepest_mpi_update(run, D, x, bad) == STEEPEST_ERROR_NOT_FINITE;
        }
    }
    AGREE(ok);
    ck_assert_msg(agree(memcmp(x, xr, sizeof x) == 0), "x differs from the Signum reference vote");
    AGREE(identical_everywhere(D, x));
    AGREE(steepest_mpi_run_set_momentum(run, 1.0) == STEEPEST_ERROR_PARAMETER);
    AGREE(steepest_mpi_run_set_momentum(run, -0.1) == STEEPEST_ERROR_PARAMETER);
    AGREE(steepest_mpi_run_set_momentum(NULL, 0.5) == STEEPEST_ERROR_INVALID_ARGUMENT);
    /* Different momenta are caught at the next step. */
    steepest_mpi_run_set_momentum(run, rank_ == size_ - 1 && size_ > 1 ? 0.5 : beta);
    int st = steepest_mpi_update(run, D, x, g);
    AGREE(size_ == 1 ? st == STEEPEST_OK : st == STEEPEST_ERROR_DISTRIBUTED);
    g_free(all);
    g_free(m);
    g_free(ms);
    steepest_mpi_run_free(run);
    /* ef has no momentum. */
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, D, STEEPEST_MPI_SCALED_SIGN_EF, 1.0, &run) == 0);
    AGREE(steepest_mpi_run_set_momentum(run, 0.5) == STEEPEST_ERROR_UNSUPPORTED);
    AGREE(steepest_mpi_run_set_momentum(run, 0.0) == STEEPEST_OK);
    steepest_mpi_run_free(run);
    steepest_norm_free(nm);
}
END_TEST

/* mean with momentum is the optimizer's heavy ball on the whole gradient. */
START_TEST(mean_with_momentum_equals_the_serial_optimizer)
{
    SteepestLogistic *wl, *sl;
    SteepestObjectiveFn fn, sfn;
    void *ud, *sud;
    logistic_whole_and_shard(&wl, &fn, &ud, &sl, &sfn, &sud);
    SteepestNorm *nm = norm("l1", COLS);
    SteepestOptimizer *opt;
    ck_assert_int_eq(steepest_optimizer_new(nm, COLS, &opt), 0);
    steepest_optimizer_set_rule(opt, STEEPEST_RULE_MOMENTUM);
    steepest_optimizer_set_direction(opt, STEEPEST_DIRECTION_SCALED);
    steepest_optimizer_set_lr(opt, 0.2);
    steepest_optimizer_set_momentum(opt, 0.5, 0.0);
    double xs[COLS] = { 0 }, x[COLS] = { 0 }, f, g[COLS];
    for (int t = 0; t < 40; t++) {
        fn(ud, COLS, xs, &f, g);
        steepest_optimizer_update(opt, COLS, xs, g);
    }
    SteepestMpiRun *run;
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, COLS, STEEPEST_MPI_MEAN,
                               (double) steepest_shard_rows(ROWS, rank_, size_), &run) == 0);
    steepest_mpi_run_set_step_size(run, 0.2);
    AGREE(steepest_mpi_run_set_momentum(run, 0.5) == 0);
    AGREE(steepest_mpi_run_minimize(run, sfn, sud, COLS, x, 40) == STEEPEST_STOP_MAX_ITER);
    double err = 0, scale = 0;
    for (size_t j = 0; j < COLS; j++) {
        err = fmax(err, fabs(x[j] - xs[j]));
        scale = fmax(scale, fabs(xs[j]));
    }
    ck_assert_msg(agree(err <= 1e-12 * scale && scale > 1e-3), "|x - x_serial| = %g", err);
    steepest_mpi_run_free(run);
    steepest_optimizer_free(opt);
    steepest_norm_free(nm);
    steepest_logistic_free(wl);
    steepest_logistic_free(sl);
}
END_TEST

/* Serial simulation of N EF-signSGD workers with their residuals. */
START_TEST(scaled_sign_ef_equals_a_serial_simulation_of_the_workers)
{
    SteepestNorm *nm = norm("linf", D);
    SteepestMpiRun *run;
    double share = 1.0 + rank_; /* unequal shares: the average is weighted */
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, D, STEEPEST_MPI_SCALED_SIGN_EF, share, &run) == 0);
    const double lr = 0.05;
    steepest_mpi_run_set_step_size(run, lr);
    double total = 0.5 * size_ * (size_ + 1);
    double x[D], xr[D], g[D], *all = g_new(double, (size_t) D *size_);
    double *e = g_new0(double, (size_t) D *size_), *p = g_new(double, D), *delta = g_new(double, D);
    for (size_t i = 0; i < D; i++)
        x[i] = xr[i] = cos((double) i);
    int ok = 1;
    for (int t = 0; t < 100; t++) {
        sign_gradient(rank_, t, x, g);
        MPI_Allgather(g, D, MPI_DOUBLE, all, D, MPI_DOUBLE, MPI_COMM_WORLD);
        memset(delta, 0, D * sizeof *delta);
        for (int k = 0; k < size_; k++) {
            double *ek = e + (size_t) k * D, l1 = 0;
            for (size_t i = 0; i < D; i++) {
                p[i] = lr * all[(size_t) k * D + i] + ek[i];
                l1 += fabs(p[i]);
            }
            /* C(p) = (‖p‖₁/nnz)·sign(p), exactly 0 where p is 0 (the first
             * steps have zeros: sign_gradient makes some). */
            size_t nnz = 0;
            for (size_t i = 0; i < D; i++)
                nnz += p[i] != 0;
            double c = nnz ? l1 / (double) nnz : 0, w = (1.0 + k) / total;
            for (size_t i = 0; i < D; i++) {
                double s = p[i] > 0 ? 1.0 : p[i] < 0 ? -1.0 : 0.0;
                delta[i] += w * c * s;
                ek[i] = p[i] - c * s;
            }
        }
        for (size_t i = 0; i < D; i++)
            xr[i] -= delta[i];
        ok &= steepest_mpi_update(run, D, x, g) == STEEPEST_OK;
    }
    AGREE(ok);
    double err = 0;
    for (size_t i = 0; i < D; i++)
        err = fmax(err, fabs(x[i] - xr[i]));
    ck_assert_msg(agree(err <= 1e-12), "|x - x_sim| = %g", err);
    AGREE(identical_everywhere(D, x));
    g_free(all);
    g_free(e);
    g_free(p);
    g_free(delta);
    steepest_mpi_run_free(run);
    steepest_norm_free(nm);
}
END_TEST

START_TEST(x_stays_bit_identical_for_every_rule_with_the_check_on)
{
    double A[ROWS * COLS], y[ROWS];
    logistic_data(A, y);
    SteepestLogistic *sl;
    ck_assert_int_eq(steepest_logistic_new_shard(ROWS, COLS, A, y, 0.01, rank_, size_, &sl), 0);
    SteepestObjectiveFn sfn;
    void *sud;
    steepest_logistic_get_objective(sl, &sfn, &sud);
    for (int rule = 0; rule < 3; rule++) {
        SteepestNorm *nm = norm(rule == STEEPEST_MPI_MEAN ? "l1" : "linf", COLS);
        SteepestMpiRun *run;
        AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, COLS, rule,
                                   (double) steepest_shard_rows(ROWS, rank_, size_), &run) == 0);
        steepest_mpi_run_set_check_identical(run, 1);
        steepest_mpi_run_set_step_size(run, 0.05);
        double x[COLS] = { 0 };
        AGREE(steepest_mpi_run_minimize(run, sfn, sud, COLS, x, 100) == STEEPEST_STOP_MAX_ITER);
        AGREE(identical_everywhere(COLS, x));
        steepest_mpi_run_free(run);
        steepest_norm_free(nm);
    }
    steepest_logistic_free(sl);
}
END_TEST

/* ---- bytes ---- */

static uint64_t
ring(uint64_t bytes)
{
    return size_ == 1 ? 0 : (2 * (uint64_t) (size_ - 1) * bytes + (uint64_t) size_ / 2) / (uint64_t) size_;
}

START_TEST(byte_counters_follow_the_message_sizes)
{
    const size_t d = 64 * 1000 + 5;
    double *x = g_new0(double, d), *g = g_new(double, d);
    for (size_t i = 0; i < d; i++)
        g[i] = sin((double) i + rank_ + 0.5); /* no exact zeros */
    SteepestNorm *nm = norm("linf", d);
    uint64_t per_rule[3][2];
    size_t words = (d + 63) / 64;
    for (int rule = 0; rule < 3; rule++) {
        SteepestMpiRun *run;
        AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, d, rule, 1.0, &run) == 0);
        uint64_t st, rt, sl, rl;
        AGREE(steepest_mpi_run_get_bytes(run, &st, &rt, &sl, &rl) == 0 && st == 0 && rt == 0);
        AGREE(steepest_mpi_update(run, d, x, g) == 0); /* first step: the settings check too */
        AGREE(steepest_mpi_update(run, d, x, g) == 0);
        AGREE(steepest_mpi_run_get_bytes(run, &st, &rt, &sl, &rl) == 0);
        uint64_t es, er;
        if (rule == STEEPEST_MPI_MEAN) {
            es = er = ring(8 * (d + 3));
        } else if (rule == STEEPEST_MPI_SCALED_SIGN_EF) {
            es = er = (uint64_t) (size_ - 1) * (40 + 8 * words);
        } else {
            /* alltoall of slices with a 40-byte header, then the result (1 or 2 bits) */
            size_t planes = size_ % 2 ? 1 : 2;
            es = er = 0;
            for (int j = 0; j < size_; j++) {
                size_t lo = (size_t) j * words / size_, hi = (size_t) (j + 1) * words / size_;
                size_t mlo = (size_t) rank_ * words / size_, mhi = (size_t) (rank_ + 1) * words / size_;
                if (j != rank_) {
                    es += 40 + 8 * (hi - lo);
                    er += 40 + 8 * (mhi - mlo) + 8 * planes * (hi - lo);
                }
                if (j != (rank_ + 1) % size_ && size_ > 1)
                    es += 8 * planes * (hi - lo);
            }
        }
        ck_assert_msg(agree(sl == es && rl == er), "rule %d: last step %llu/%llu, expected %llu/%llu", rule,
                      (unsigned long long) sl, (unsigned long long) rl, (unsigned long long) es,
                      (unsigned long long) er);
        AGREE(st == 2 * sl + 24 * (uint64_t) (size_ - 1) && rt == 2 * rl + 24 * (uint64_t) (size_ - 1));
        per_rule[rule][0] = sl;
        per_rule[rule][1] = rl;
        steepest_mpi_run_free(run);
    }
    if (size_ == 4) { /* the point of one bit: ≥ 32× fewer bytes than doubles */
        AGREE(per_rule[0][0] >= 32 * per_rule[1][0]);
        AGREE(per_rule[0][1] >= 32 * per_rule[1][1]);
    }
    if (size_ == 1)
        AGREE(per_rule[0][0] == 0 && per_rule[1][0] == 0 && per_rule[2][0] == 0);
    g_free(x);
    g_free(g);
    steepest_norm_free(nm);
}
END_TEST

/* ---- faults ---- */

typedef struct {
    SteepestObjectiveFn fn;
    void *data;
    int bad_rank, bad_call, calls, nan;
} Faulty;

static int
faulty_fn(void *data, size_t n, const double *x, double *f, double *g)
{
    Faulty *w = data;
    int rc = w->fn(w->data, n, x, f, g);
    if (rank_ == w->bad_rank && ++w->calls == w->bad_call) {
        if (!w->nan)
            return 42;
        g[n / 2] = NAN;
    }
    return rc;
}

/* A fault on the last rank at step 7: every rank stops there with the same
 * status and message, x at the iterate after step 6. */
static void
fault_case(int rule, int nan)
{
    double A[ROWS * COLS], y[ROWS];
    logistic_data(A, y);
    SteepestLogistic *sl;
    ck_assert_int_eq(steepest_logistic_new_shard(ROWS, COLS, A, y, 0.01, rank_, size_, &sl), 0);
    Faulty w = { NULL, NULL, size_ - 1, 7, 0, nan };
    steepest_logistic_get_objective(sl, &w.fn, &w.data);
    SteepestNorm *nm = norm(rule == STEEPEST_MPI_MEAN ? "l2" : "linf", COLS);
    SteepestMpiRun *run, *ref;
    double share = (double) steepest_shard_rows(ROWS, rank_, size_);
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, COLS, rule, share, &run) == 0);
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, COLS, rule, share, &ref) == 0);
    double x[COLS] = { 0 }, xr[COLS] = { 0 };
    int st = steepest_mpi_run_minimize(run, faulty_fn, &w, COLS, x, 20);
    int want = nan ? STEEPEST_ERROR_NOT_FINITE : STEEPEST_ERROR_CALLBACK;
    ck_assert_msg(agree(st == want), "rule %d: status %s", rule, steepest_status_name(st));
    AGREE(steepest_mpi_run_get_steps(run) == 6);
    AGREE(steepest_last_status() == want);
    AGREE(same_message_everywhere(steepest_mpi_run_last_error(run)));
    char rank_name[32];
    g_snprintf(rank_name, sizeof rank_name, "rank %d", size_ - 1);
    AGREE(strstr(steepest_mpi_run_last_error(run), rank_name) != NULL);
    AGREE(strstr(steepest_mpi_run_last_error(run), "step 7") != NULL);
    SteepestObjectiveFn fn;
    void *ud;
    steepest_logistic_get_objective(sl, &fn, &ud);
    AGREE(steepest_mpi_run_minimize(ref, fn, ud, COLS, xr, 6) == STEEPEST_STOP_MAX_ITER);
    AGREE(memcmp(x, xr, sizeof x) == 0);
    /* The state did not advance either: the next steps match the reference's. */
    AGREE(steepest_mpi_run_minimize(run, fn, ud, COLS, x, 5) == STEEPEST_STOP_MAX_ITER);
    AGREE(steepest_mpi_run_minimize(ref, fn, ud, COLS, xr, 5) == STEEPEST_STOP_MAX_ITER);
    AGREE(memcmp(x, xr, sizeof x) == 0);
    steepest_mpi_run_free(run);
    steepest_mpi_run_free(ref);
    steepest_norm_free(nm);
    steepest_logistic_free(sl);
}

START_TEST(a_failing_objective_on_one_rank_ends_every_rank_at_the_same_step)
{
    for (int rule = 0; rule < 3; rule++)
        fault_case(rule, 0);
}
END_TEST

START_TEST(a_nan_gradient_on_one_rank_is_refused_on_every_rank)
{
    for (int rule = 0; rule < 3; rule++)
        fault_case(rule, 1);
}
END_TEST

START_TEST(ask_tell_faults_agree)
{
    SteepestNorm *nm = norm("linf", D);
    for (int rule = 0; rule < 3; rule++) {
        SteepestMpiRun *run;
        AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, D, rule, 1.0, &run) == 0);
        double x[D] = { 0 }, g[D], x0[D];
        sign_gradient(rank_, 0, x, g);
        /* A wrong length on the last rank. */
        int st = steepest_mpi_update(run, rank_ == size_ - 1 ? D - 1 : D, x, g);
        AGREE(st == STEEPEST_ERROR_DIMENSION);
        AGREE(same_message_everywhere(steepest_mpi_run_last_error(run)));
        /* A NULL gradient on rank 0. */
        st = steepest_mpi_update(run, D, x, rank_ == 0 ? NULL : g);
        AGREE(st == STEEPEST_ERROR_INVALID_ARGUMENT);
        /* A local failure reported by the caller. */
        st = steepest_mpi_update_local(run, D, x, NULL, g, rank_ == size_ - 1 ? 3 : 0);
        AGREE(st == STEEPEST_ERROR_CALLBACK);
        AGREE(strstr(steepest_mpi_run_last_error(run), "status 3") != NULL);
        /* An infinite value on one rank. */
        double f = rank_ == size_ - 1 ? INFINITY : 1.0;
        st = steepest_mpi_update_local(run, D, x, &f, g, 0);
        AGREE(st == STEEPEST_ERROR_NOT_FINITE);
        /* Inf in the gradient, then a good step. */
        g[5] = rank_ == 0 ? -INFINITY : g[5];
        AGREE(steepest_mpi_update(run, D, x, g) == STEEPEST_ERROR_NOT_FINITE);
        AGREE(strstr(steepest_mpi_run_last_error(run), "index 5") != NULL);
        AGREE(steepest_mpi_run_get_steps(run) == 0);
        for (size_t i = 0; i < D; i++)
            AGREE(x[i] == 0.0);
        sign_gradient(rank_, 0, x, g);
        memcpy(x0, x, sizeof x);
        AGREE(steepest_mpi_update(run, D, x, g) == STEEPEST_OK);
        AGREE(steepest_mpi_run_get_steps(run) == 1 && memcmp(x, x0, sizeof x) != 0);
        /* Different step sizes. */
        steepest_mpi_run_set_step_size(run, rank_ == size_ - 1 && size_ > 1 ? 0.5 : 1e-3);
        st = steepest_mpi_update(run, D, x, g);
        AGREE(size_ == 1 ? st == STEEPEST_OK : st == STEEPEST_ERROR_DISTRIBUTED);
        /* A NULL fn on one rank in the callback form. */
        steepest_mpi_run_set_step_size(run, 1e-3);
        st = steepest_mpi_run_minimize(run, NULL, NULL, D, x, 3);
        AGREE(st == STEEPEST_ERROR_INVALID_ARGUMENT);
        steepest_mpi_run_free(run);
    }
    AGREE(steepest_mpi_update(NULL, D, NULL, NULL) == STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_norm_free(nm);
}
END_TEST

START_TEST(creation_detects_mismatches_on_every_rank)
{
    const size_t n = 8;
    SteepestMpiRun *run = (SteepestMpiRun *) &run;
    int last = rank_ == size_ - 1 && size_ > 1;
    /* Dimension. */
    SteepestNorm *nm = norm("linf", last ? n + 1 : n);
    int st = steepest_mpi_run_new(MPI_COMM_WORLD, nm, last ? n + 1 : n, STEEPEST_MPI_MEAN, 1.0, &run);
    AGREE(size_ == 1 ? st == STEEPEST_OK : st == STEEPEST_ERROR_DISTRIBUTED);
    if (size_ > 1) {
        AGREE(run == NULL && strstr(steepest_last_error(), "dimension") != NULL);
        AGREE(same_message_everywhere(steepest_last_error()));
    }
    steepest_mpi_run_free(run);
    steepest_norm_free(nm);
    /* Norm. */
    nm = norm(last ? "l2" : "linf", n);
    st = steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, STEEPEST_MPI_MEAN, 1.0, &run);
    AGREE(size_ == 1 ? st == STEEPEST_OK : st == STEEPEST_ERROR_DISTRIBUTED);
    if (size_ > 1)
        AGREE(strstr(steepest_last_error(), "norm 'l2'") != NULL);
    steepest_mpi_run_free(run);
    steepest_norm_free(nm);
    /* Rule. */
    nm = norm("linf", n);
    st = steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, last ? STEEPEST_MPI_SIGN_MAJORITY : STEEPEST_MPI_MEAN,
                              1.0, &run);
    AGREE(size_ == 1 ? st == STEEPEST_OK : st == STEEPEST_ERROR_DISTRIBUTED);
    if (size_ > 1)
        AGREE(strstr(steepest_last_error(), "sign-majority") != NULL);
    steepest_mpi_run_free(run);
    /* A bad argument on one rank fails every rank with its status. */
    st =
        steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, STEEPEST_MPI_MEAN, rank_ == size_ - 1 ? -1.0 : 1.0, &run);
    AGREE(st == STEEPEST_ERROR_INVALID_ARGUMENT && run == NULL);
    st = steepest_mpi_run_new(MPI_COMM_WORLD, nm, rank_ == 0 ? n + 1 : n, STEEPEST_MPI_MEAN, 1.0, &run);
    AGREE(st == STEEPEST_ERROR_DIMENSION);
    st = steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, 7, 1.0, &run);
    AGREE(st == STEEPEST_ERROR_INVALID_ARGUMENT);
    st = steepest_mpi_run_new(MPI_COMM_WORLD, rank_ == 0 ? NULL : nm, n, STEEPEST_MPI_MEAN, 1.0, &run);
    AGREE(st == STEEPEST_ERROR_INVALID_ARGUMENT);
    st = steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, STEEPEST_MPI_MEAN, 1.0, rank_ == 0 ? NULL : &run);
    AGREE(st == STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_norm_free(nm);
    /* The sign rules need linf. */
    nm = norm("l2", n);
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, STEEPEST_MPI_SIGN_MAJORITY, 1.0, &run) ==
          STEEPEST_ERROR_UNSUPPORTED);
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, STEEPEST_MPI_SCALED_SIGN_EF, 1.0, &run) ==
          STEEPEST_ERROR_UNSUPPORTED);
    AGREE(steepest_mpi_run_new(MPI_COMM_NULL, nm, n, STEEPEST_MPI_MEAN, 1.0, &run) ==
          STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_norm_free(nm);
}
END_TEST

START_TEST(rule_names_setters_and_getters)
{
    int rule = -1;
    for (int r = 0; r < 3; r++) {
        ck_assert_int_eq(steepest_mpi_rule_from_name(steepest_mpi_rule_name(r), &rule), 0);
        ck_assert_int_eq(rule, r);
    }
    ck_assert_str_eq(steepest_mpi_rule_name(STEEPEST_MPI_SIGN_MAJORITY), "sign-majority");
    ck_assert_ptr_null(steepest_mpi_rule_name(3));
    ck_assert_ptr_null(steepest_mpi_rule_name(-1));
    ck_assert_int_eq(steepest_mpi_rule_from_name("median", &rule), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert(strstr(steepest_last_error(), "scaled-sign-ef") != NULL);
    ck_assert_int_eq(steepest_mpi_rule_from_name(NULL, &rule), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_mpi_rule_from_name("mean", NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_mpi_run_set_step_size(NULL, 1), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_mpi_run_set_check_identical(NULL, 1), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_mpi_run_get_bytes(NULL, NULL, NULL, NULL, NULL),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_mpi_run_get_rank(NULL), 0);
    ck_assert_int_eq(steepest_mpi_run_get_size(NULL), 0);
    ck_assert_int_eq(steepest_mpi_run_get_rule(NULL), -1);
    ck_assert_uint_eq(steepest_mpi_run_get_steps(NULL), 0);
    ck_assert(isnan(steepest_mpi_run_get_f(NULL)));
    ck_assert_str_eq(steepest_mpi_run_last_error(NULL), "");
    ck_assert_int_eq(steepest_mpi_run_minimize(NULL, NULL, NULL, 1, NULL, 1),
                     STEEPEST_ERROR_INVALID_ARGUMENT);
    steepest_mpi_run_free(NULL);
    SteepestNorm *nm = norm("linf", 4);
    SteepestMpiRun *run;
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, 4, STEEPEST_MPI_SCALED_SIGN_EF, 2.0, &run) == 0);
    AGREE(steepest_mpi_run_get_rank(run) == rank_ && steepest_mpi_run_get_size(run) == size_);
    AGREE(steepest_mpi_run_get_rule(run) == STEEPEST_MPI_SCALED_SIGN_EF);
    AGREE(steepest_mpi_run_set_step_size(run, 0) == STEEPEST_ERROR_PARAMETER);
    AGREE(steepest_mpi_run_set_step_size(run, NAN) == STEEPEST_ERROR_PARAMETER);
    AGREE(steepest_mpi_run_set_step_size(run, INFINITY) == STEEPEST_ERROR_PARAMETER);
    AGREE(strstr(steepest_mpi_run_last_error(run), "step size") != NULL);
    steepest_mpi_run_free(run);
    steepest_norm_free(nm);
}
END_TEST

/* The argument refusals name the bad share or dimension; the settings check
 * names a rank that turned the identical-x check on alone; get_bytes fills
 * only the counters asked for; a run without a failure has no message. */
START_TEST(creation_refusals_and_settings_messages)
{
    const size_t n = 8;
    SteepestNorm *nm = norm("linf", n);
    SteepestMpiRun *run = NULL;
    const double shares[2] = { INFINITY, NAN };
    const char *said[2] = { "the share must be > 0 and finite, not inf",
                            "the share must be > 0 and finite, not nan" };
    for (int k = 0; k < 2; k++) {
        int st = steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, STEEPEST_MPI_MEAN, shares[k], &run);
        AGREE(st == STEEPEST_ERROR_INVALID_ARGUMENT && run == NULL);
        /* rank 0 names its own argument; the others name rank 0 */
        AGREE(strstr(steepest_last_error(), rank_ == 0 ? said[k] : "rank 0 could not create its run") !=
              NULL);
    }
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, 0, STEEPEST_MPI_MEAN, 1.0, &run) ==
          STEEPEST_ERROR_DIMENSION);
    AGREE(strstr(steepest_last_error(),
                 rank_ == 0 ? "dimension 0, but the norm's is 8" : "rank 0 could not") != NULL);

    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, STEEPEST_MPI_MEAN, 1.0, &run) == STEEPEST_OK);
    AGREE(strcmp(steepest_mpi_run_last_error(run), "") == 0);
    double x[8] = { 0 }, g[8] = { 1, -2, 3, -4, 5, -6, 7, -8 };
    AGREE(steepest_mpi_update(run, n, x, g) == STEEPEST_OK);
    uint64_t st_all, rt_all, sl_all, rl_all, st_only = 1, rt_only = 1, sl = 7, rl = 7;
    AGREE(steepest_mpi_run_get_bytes(run, &st_all, &rt_all, &sl_all, &rl_all) == STEEPEST_OK);
    AGREE(steepest_mpi_run_get_bytes(run, &st_only, &rt_only, NULL, NULL) == STEEPEST_OK);
    AGREE(st_only == st_all && rt_only == rt_all);
    AGREE(steepest_mpi_run_get_bytes(run, NULL, NULL, &sl, &rl) == STEEPEST_OK);
    AGREE(sl == sl_all && rl == rl_all && (size_ > 1 ? sl > 0 : sl == 0));
    /* the identical-x check turned on by the last rank alone */
    int alone = rank_ == size_ - 1 && size_ > 1;
    AGREE(steepest_mpi_run_set_check_identical(run, alone) == STEEPEST_OK);
    int st = steepest_mpi_update(run, n, x, g);
    AGREE(size_ == 1 ? st == STEEPEST_OK : st == STEEPEST_ERROR_DISTRIBUTED);
    if (size_ > 1) {
        char want[96];
        g_snprintf(want, sizeof want, "rank %d turned on the identical-x check, rank 0 left off it",
                   size_ - 1);
        AGREE(strstr(steepest_mpi_run_last_error(run), want) != NULL);
        AGREE(same_message_everywhere(steepest_mpi_run_last_error(run)));
    }
    steepest_mpi_run_free(run);
    steepest_norm_free(nm);
}
END_TEST

/* A step size set after the momentum still drives the Signum vote: a
 * unanimous vote moves every coordinate by exactly lr.  A momentum that
 * overflows on one rank stops every rank, and the message says it is the
 * momentum, not the gradient (which was finite); a later step goes on from
 * the last good iterate.  The same for EF's lr·g + e. */
START_TEST(overflow_in_the_rule_state_is_named_on_every_rank)
{
    const size_t n = 8;
    SteepestNorm *nm = norm("linf", n);
    SteepestMpiRun *run = NULL;
    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, STEEPEST_MPI_SIGN_MAJORITY, 1.0, &run) == STEEPEST_OK);
    AGREE(steepest_mpi_run_set_momentum(run, 0.9) == STEEPEST_OK);
    AGREE(steepest_mpi_run_set_step_size(run, 0.25) == STEEPEST_OK);
    int last = rank_ == size_ - 1, ok = 1;
    double x[8] = { 0 }, g[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
    AGREE(steepest_mpi_update(run, n, x, g) == STEEPEST_OK);
    for (size_t i = 0; i < n; i++)
        ok &= x[i] == -0.25;
    AGREE(ok);
    /* m = 0.9 + 1e308 is finite, ‖m‖₁ = 8e308 is not, on the last rank */
    for (size_t i = 0; i < n; i++)
        g[i] = last ? 1e308 : 1.0;
    int st = steepest_mpi_update(run, n, x, g);
    AGREE(st == STEEPEST_ERROR_NOT_FINITE && steepest_mpi_run_get_steps(run) == 1);
    char want[64];
    g_snprintf(want, sizeof want, "step 2: rank %d's momentum", size_ - 1);
    ck_assert_msg(agree(strstr(steepest_mpi_run_last_error(run), want) != NULL), "'%s' lacks '%s'",
                  steepest_mpi_run_last_error(run), want);
    AGREE(strstr(steepest_mpi_run_last_error(run), "gradient is not finite") == NULL);
    AGREE(same_message_everywhere(steepest_mpi_run_last_error(run)));
    for (size_t i = 0; i < n; i++)
        ok &= x[i] == -0.25;
    AGREE(ok);
    for (size_t i = 0; i < n; i++)
        g[i] = 1.0; /* every momentum is positive: x moves by lr once more */
    AGREE(steepest_mpi_update(run, n, x, g) == STEEPEST_OK);
    for (size_t i = 0; i < n; i++)
        ok &= x[i] == -0.5;
    AGREE(ok);
    steepest_mpi_run_free(run);

    AGREE(steepest_mpi_run_new(MPI_COMM_WORLD, nm, n, STEEPEST_MPI_SCALED_SIGN_EF, 1.0, &run) == STEEPEST_OK);
    AGREE(steepest_mpi_run_set_step_size(run, 10.0) == STEEPEST_OK);
    for (size_t i = 0; i < n; i++) {
        x[i] = 0;
        g[i] = last ? 1e308 : 1.0;
    }
    st = steepest_mpi_update(run, n, x, g);
    AGREE(st == STEEPEST_ERROR_NOT_FINITE && steepest_mpi_run_get_steps(run) == 0);
    g_snprintf(want, sizeof want, "step 1: rank %d's lr*g + e overflows", size_ - 1);
    AGREE(strstr(steepest_mpi_run_last_error(run), want) != NULL);
    for (size_t i = 0; i < n; i++)
        ok &= x[i] == 0;
    AGREE(ok);
    steepest_mpi_run_free(run);
    steepest_norm_free(nm);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("mpi");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, rule_names_setters_and_getters);
    tcase_add_test(tc, mean_equals_the_serial_run_on_the_whole_data);
    tcase_add_test(tc, mean_reports_the_whole_objective);
    tcase_add_test(tc, sign_majority_equals_the_gathered_vote_bit_for_bit);
    tcase_add_test(tc, sign_majority_with_momentum_votes_with_the_local_momentum);
    tcase_add_test(tc, mean_with_momentum_equals_the_serial_optimizer);
    tcase_add_test(tc, scaled_sign_ef_equals_a_serial_simulation_of_the_workers);
    tcase_add_test(tc, x_stays_bit_identical_for_every_rule_with_the_check_on);
    tcase_add_test(tc, byte_counters_follow_the_message_sizes);
    tcase_add_test(tc, a_failing_objective_on_one_rank_ends_every_rank_at_the_same_step);
    tcase_add_test(tc, a_nan_gradient_on_one_rank_is_refused_on_every_rank);
    tcase_add_test(tc, ask_tell_faults_agree);
    tcase_add_test(tc, creation_detects_mismatches_on_every_rank);
    tcase_add_test(tc, creation_refusals_and_settings_messages);
    tcase_add_test(tc, overflow_in_the_rule_state_is_named_on_every_rank);
    suite_add_tcase(s, tc);
    return s;
}

int
main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    SRunner *sr = srunner_create(suite());
    /* No fork: the children could not use MPI.  Only rank 0 reports. */
    srunner_set_fork_status(sr, CK_NOFORK);
    if (rank_ != 0)
        unsetenv("CK_TAP_LOG_FILE_NAME");
    srunner_run_all(sr, rank_ == 0 ? CK_ENV : CK_SILENT);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    int any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Finalize();
    return any ? 1 : 0;
}
