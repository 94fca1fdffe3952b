/* cli-conformance.h — the laws `steepest check-plugin` verifies on a norm
 * class: Lemma 3 of the paper (Balles, Pedregosa, Le Roux, "The Geometry of
 * Sign Gradient Descent") for the duality map, the unit direction, dual-norm
 * consistency and Hölder's inequality, zero and homogeneity, NaN/Inf
 * handling, parameter declarations, induced-norm bounds against brute force
 * at small d, and the fused step kernels against the generic path. */
#ifndef STEEPEST_CLI_CONFORMANCE_H
#define STEEPEST_CLI_CONFORMANCE_H

#include <glib.h>
#include <steepest/steepest.h>

/* Relative tolerance of the identities (dimensionless, on values scaled by ‖z‖*). */
#define CLI_CONFORMANCE_TOL 1e-8
/* Relative tolerance of the induced-norm comparison with the sampled maximum. */
#define CLI_CONFORMANCE_INDUCED_TOL 1e-3

/* UNTESTED: the class had no instance to run the law on (see CliClassReport). */
typedef enum { CLI_LAW_PASS, CLI_LAW_FAIL, CLI_LAW_NA, CLI_LAW_UNTESTED } CliLawVerdict;

/* One row of the report: a law on a class, the worst deviation seen (NaN when
 * none could be measured) and the first counterexample when it failed. */
typedef struct {
    char *klass;
    const char *law;
    double worst;
    CliLawVerdict verdict;
    char *detail;
} CliLawResult;

typedef struct {
    const size_t *dims; /* dimensions to test */
    size_t n_dims;
    const char *const *specs; /* NULL-terminated extra specs (--spec), or NULL */
    guint32 seed;
} CliConformanceOptions;

/* An instance the laws ran on: the class's defaults, a --spec, or a spec
 * cli-derive.c built because parameters have no default. */
typedef struct {
    size_t dim;
    char *spec;
    gboolean derived;
    gboolean induced_only; /* d = 2 or 3 added for the induced laws alone */
} CliInstance;

/* PASS: instantiated at some --dim and no law failed; FAIL: a law failed;
 * UNTESTED: no instance at any --dim (not a law failure: the checker could
 * not build one, and says which --spec to give). */
typedef enum { CLI_CLASS_PASS, CLI_CLASS_FAIL, CLI_CLASS_UNTESTED } CliClassVerdict;

typedef struct {
    char *klass;
    CliClassVerdict verdict;
    GArray *instances; /* CliInstance */
    char *detail;      /* why the class is untested, else NULL */
} CliClassReport;

/* Checks every law on the class; appends one CliLawResult per law to results
 * (which frees them with cli_law_result_free) and returns what was tested
 * (free with cli_class_report_free). */
CliClassReport *cli_conformance_check_class(const SteepestNormClass *klass, const CliConformanceOptions *opts,
                                            GPtrArray *results);
void cli_class_report_free(gpointer report);
/* A failed row for something that is not a law of one class (a module that
 * does not load); `klass` may be "-". */
CliLawResult *cli_law_result_new_failure(const char *klass, const char *law, const char *detail);
void cli_law_result_free(gpointer result);

#endif /* STEEPEST_CLI_CONFORMANCE_H */
