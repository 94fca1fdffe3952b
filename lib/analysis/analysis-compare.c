/* analysis-compare.c — the norm comparison: Section 4 of the paper for any set
 * of norms.  At a point x every norm promises the improvement ‖g‖*²/L
 * (Lemma 2 up to the factor ½ shared by all); ranking the promises says which
 * geometry suits the problem there.
 *
 * Only an upper bound on L keeps a promise valid, so a norm whose induced
 * norm is merely bounded is ranked by its upper bound, and the optimistic
 * value from the lower bound is reported beside it, never instead of it.
 */
#include "analysis/analysis-private.h"
#include "induced/operator-private.h"

#include <math.h>
#include <string.h>

typedef struct {
    char *spec;
    double L_lower, L_upper;
    int exact;
    const char *method; /* static */
    double dual;
    double improvement, optimistic;
    int guaranteed;
    size_t order; /* input position: the tie-breaker that keeps ranking stable */
} Entry;

typedef struct {
    char *name;
    int status;
    char *reason;
} Skipped;

struct SteepestComparison {
    size_t n;
    double *g;
    GArray *entries; /* of Entry, ranked once complete */
    GArray *skipped; /* of Skipped */
};

/* A comparison with room for the gradient, or NULL (NO_MEMORY set by fn). */
static SteepestComparison *
comparison_new(const char *fn, size_t n)
{
    double *g = g_try_new0(double, n);
    if (g == NULL) {
        steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory for the gradient (n = %zu)", fn, n);
        return NULL;
    }
    SteepestComparison *cmp = g_new0(SteepestComparison, 1);
    cmp->n = n;
    cmp->g = g;
    cmp->entries = g_array_new(FALSE, TRUE, sizeof(Entry));
    cmp->skipped = g_array_new(FALSE, TRUE, sizeof(Skipped));
    return cmp;
}

void
steepest_comparison_free(SteepestComparison *cmp)
{
    if (cmp == NULL)
        return;
    for (guint i = 0; i < cmp->entries->len; i++)
        g_free(g_array_index(cmp->entries, Entry, i).spec);
    for (guint i = 0; i < cmp->skipped->len; i++) {
        g_free(g_array_index(cmp->skipped, Skipped, i).name);
        g_free(g_array_index(cmp->skipped, Skipped, i).reason);
    }
    g_array_free(cmp->entries, TRUE);
    g_array_free(cmp->skipped, TRUE);
    g_free(cmp->g);
    g_free(cmp);
}

static void
add_skipped(SteepestComparison *cmp, const char *name, int status)
{
    Skipped s = { g_strdup(name), status, g_strdup(steepest_last_error()) };
    g_array_append_val(cmp->skipped, s);
}

/* ‖g‖*²/L without forming ‖g‖*²; +Inf when L is 0 (no information). */
static double
improvement(double dual, double L)
{
    if (dual == 0)
        return 0;
    return L > 0 ? dual * (dual / L) : INFINITY;
}

static void
add_entry(SteepestComparison *cmp, const SteepestNorm *norm, double dual, double lower, double upper,
          int exact, const char *method, int guaranteed)
{
    Entry e = {
        .spec = g_strdup(steepest_norm_get_spec(norm)),
        .L_lower = lower,
        .L_upper = upper,
        .exact = exact,
        .method = method != NULL ? method : "",
        .dual = dual,
        .improvement = improvement(dual, upper),
        .optimistic = improvement(dual, lower),
        .guaranteed = guaranteed,
        .order = cmp->entries->len,
    };
    g_array_append_val(cmp->entries, e);
}

static gint
by_improvement(gconstpointer pa, gconstpointer pb)
{
    const Entry *a = pa, *b = pb;
    if (a->improvement != b->improvement)
        return a->improvement > b->improvement ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* The names to try when the caller gives no specs: every loaded class. */
static char **
all_class_names(size_t *count)
{
    size_t k = steepest_registry_count();
    char **names = g_new0(char *, k + 1);
    for (size_t i = 0; i < k; i++)
        names[i] = g_strdup(steepest_norm_class_get_name(steepest_registry_get(i)));
    *count = k;
    return names;
}

/* Whether a failure to create or measure a norm found by enumeration should
 * skip it rather than fail the comparison: the class needs parameters, cannot
 * take this dimension, or has no induced norm. */
static gboolean
skippable(int status)
{
    return status == STEEPEST_ERROR_PARAMETER || status == STEEPEST_ERROR_DIMENSION ||
           status == STEEPEST_ERROR_UNSUPPORTED || status == STEEPEST_ERROR_PLUGIN_FAILED;
}

static int
check_specs(const char *fn, const char *const *specs, size_t n_specs)
{
    if (specs == NULL)
        return STEEPEST_OK;
    if (n_specs == 0)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: specs given but n_specs = 0", fn);
    for (size_t i = 0; i < n_specs; i++)
        if (specs[i] == NULL)
            return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: specs[%zu] is NULL", fn, i);
    return STEEPEST_OK;
}

/* Ranks a filled comparison and hands it out, or frees it on failure. */
static int
finish_comparison(SteepestComparison *cmp, int rc, SteepestComparison **out)
{
    if (rc != STEEPEST_OK) {
        steepest_comparison_free(cmp);
        return rc;
    }
    g_array_sort(cmp->entries, by_improvement);
    *out = cmp;
    return STEEPEST_OK;
}

/* H = 0 makes f linear, with no smoothness step to compare: found from the
 * entries where there are some (callbacks: from an upper bound 0 below). */
static int
check_hessian(const char *fn, const SteepestOperator *op)
{
    size_t n = op->n;
    gboolean nonzero = FALSE;
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        const double *H = op->H;
        for (size_t k = 0; k < n * n; k++) {
            if (!isfinite(H[k]))
                return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: H[%zu][%zu] is %s", fn, k / n, k % n,
                                     isnan(H[k]) ? "NaN" : "infinite");
            nonzero |= H[k] != 0;
        }
    } else if (op->kind == STEEPEST_OPERATOR_CSR) {
        const double *data = NULL;
        steepest_csr_arrays(op->csr, NULL, NULL, &data);
        for (size_t k = 0; k < steepest_csr_nnz(op->csr); k++)
            nonzero |= data[k] != 0;
    } else {
        nonzero = TRUE;
    }
    if (!nonzero)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: H = 0: a linear f has no finite smoothness step to compare", fn);
    return STEEPEST_OK;
}

/* g = Hx − b: dense in long double (as it always was), else one product. */
static int
quadratic_gradient(const SteepestOperator *op, const double *x, const double *b, double *g)
{
    size_t n = op->n;
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        for (size_t i = 0; i < n; i++) {
            long double s = b != NULL ? -(long double) b[i] : 0.0L;
            for (size_t j = 0; j < n; j++)
                s += (long double) op->H[i * n + j] * x[j];
            g[i] = (double) s;
        }
    } else {
        int rc = steepest_operator_apply(op, x, g);
        if (rc != STEEPEST_OK)
            return rc;
        for (size_t i = 0; b != NULL && i < n; i++)
            g[i] -= b[i];
    }
    return steepest_check_finite("g = Hx − b", n, g);
}

/* The comparison on a quadratic, for the dense function (a dense view) and
 * the operator form; fn names the caller. */
static int
compare_quadratic(const char *fn, const SteepestOperator *op, const double *x, const double *b,
                  const char *const *specs, size_t n_specs, const SteepestInducedOptions *opts,
                  SteepestComparison **out)
{
    size_t n = op->n;
    int rc;
    if ((rc = check_specs(fn, specs, n_specs)) != STEEPEST_OK ||
        (rc = steepest_check_finite("x", n, x)) != STEEPEST_OK ||
        (b != NULL && (rc = steepest_check_finite("b", n, b)) != STEEPEST_OK) ||
        (rc = check_hessian(fn, op)) != STEEPEST_OK)
        return rc;

    SteepestComparison *cmp = comparison_new(fn, n);
    if (cmp == NULL)
        return STEEPEST_ERROR_NO_MEMORY;
    if ((rc = quadratic_gradient(op, x, b, cmp->g)) != STEEPEST_OK) {
        steepest_comparison_free(cmp);
        return rc;
    }

    size_t count = n_specs;
    char **names = specs == NULL ? all_class_names(&count) : NULL;
    for (size_t k = 0; k < count && rc == STEEPEST_OK; k++) {
        const char *spec = specs != NULL ? specs[k] : names[k];
        SteepestNorm *norm = NULL;
        double lower = 0, upper = 0, dual = 0;
        int exact = 0, certified = 0;
        const char *method = NULL;
        rc = steepest_norm_new(spec, n, &norm);
        if (rc == STEEPEST_OK)
            rc = steepest_norm_induced_operator(norm, op, opts, &lower, &upper, &exact, &certified, &method);
        if (rc == STEEPEST_OK && !(upper > 0))
            rc = steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                               "%s: ‖H‖ <= %g in '%s': a zero Hessian has no "
                               "finite smoothness step to compare",
                               fn, upper, spec);
        if (rc == STEEPEST_OK)
            rc = steepest_norm_dual_norm(norm, n, cmp->g, &dual);
        if (rc == STEEPEST_OK)
            add_entry(cmp, norm, dual, lower, upper, exact, method, certified);
        else if (specs == NULL && skippable(rc)) {
            add_skipped(cmp, spec, rc);
            rc = STEEPEST_OK;
        }
        steepest_norm_free(norm);
    }
    g_strfreev(names);
    return finish_comparison(cmp, rc, out);
}

int
steepest_compare_quadratic(size_t n, const double *H, const double *x, const double *b,
                           const char *const *specs, size_t n_specs, const SteepestInducedOptions *opts,
                           SteepestComparison **out)
{
    const char *fn = "steepest_compare_quadratic";
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: out is NULL", fn);
    *out = NULL;
    if (H == NULL || x == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn, H == NULL ? "H" : "x");
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n must be at least 1", fn);
    /* H is checked (finite, nonzero) before anything uses it. */
    SteepestOperator op = steepest_operator_dense_view(n, H);
    return compare_quadratic(fn, &op, x, b, specs, n_specs, opts, out);
}

int
steepest_compare_quadratic_operator(const SteepestOperator *op, const double *x, const double *b,
                                    const char *const *specs, size_t n_specs,
                                    const SteepestInducedOptions *opts, SteepestComparison **out)
{
    const char *fn = "steepest_compare_quadratic_operator";
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: out is NULL", fn);
    *out = NULL;
    if (op == NULL || x == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn, op == NULL ? "op" : "x");
    return compare_quadratic(fn, op, x, b, specs, n_specs, opts, out);
}

int
steepest_compare_gradient(SteepestGradientFn grad, void *user_data, size_t n, const double *x,
                          const char *const *specs, const double *L, size_t n_specs, const double *gammas,
                          size_t n_gammas, double alpha, SteepestComparison **out)
{
    const char *fn = "steepest_compare_gradient";
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: out is NULL", fn);
    *out = NULL;
    if (grad == NULL || x == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             grad == NULL ? "grad" : "x");
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: n must be at least 1", fn);
    if (L != NULL && specs == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: smoothness constants L need the specs they belong to", fn);
    int rc;
    if ((rc = check_specs(fn, specs, n_specs)) != STEEPEST_OK ||
        (rc = steepest_check_finite("x", n, x)) != STEEPEST_OK)
        return rc;
    if (L != NULL)
        for (size_t k = 0; k < n_specs; k++) {
            if (!isfinite(L[k]))
                return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "%s: L[%zu] (for '%s') is %s", fn, k,
                                     specs[k], isnan(L[k]) ? "NaN" : "infinite");
            if (!(L[k] > 0))
                return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                     "%s: L[%zu] (for '%s') must be positive, got %g", fn, k, specs[k], L[k]);
        }

    SteepestComparison *cmp = comparison_new(fn, n);
    if (cmp == NULL)
        return STEEPEST_ERROR_NO_MEMORY;
    rc = steepest_analysis_call_gradient(fn, grad, user_data, n, x, cmp->g, "x");
    size_t count = n_specs;
    char **names = specs == NULL ? all_class_names(&count) : NULL;
    for (size_t k = 0; k < count && rc == STEEPEST_OK; k++) {
        const char *spec = specs != NULL ? specs[k] : names[k];
        SteepestNorm *norm = NULL;
        double dual = 0;
        rc = steepest_norm_new(spec, n, &norm);
        if (rc == STEEPEST_OK)
            rc = steepest_norm_dual_norm(norm, n, cmp->g, &dual);
        if (rc == STEEPEST_OK) {
            if (L != NULL)
                add_entry(cmp, norm, dual, L[k], L[k], 1, "given by the caller", 1);
            else {
                double L_hat = 0;
                rc =
                    steepest_analysis_estimate_smoothness(norm, grad, user_data, n, x, cmp->g, gammas,
                                                          n_gammas, alpha, STEEPEST_PROBE_UNIT, &L_hat, NULL);
                if (rc == STEEPEST_OK && !(L_hat > 0))
                    rc = steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                                       "%s: the gradient does not change along the probe in '%s' (L̂ = 0): "
                                       "no estimate to compare",
                                       fn, spec);
                if (rc == STEEPEST_OK)
                    add_entry(cmp, norm, dual, L_hat, L_hat, 0, "finite differences along s(g)", 0);
            }
        } else if (specs == NULL && skippable(rc)) {
            add_skipped(cmp, spec, rc);
            rc = STEEPEST_OK;
        }
        steepest_norm_free(norm);
    }
    g_strfreev(names);
    return finish_comparison(cmp, rc, out);
}

size_t
steepest_comparison_count(const SteepestComparison *cmp)
{
    return cmp != NULL ? cmp->entries->len : 0;
}

int
steepest_comparison_get(const SteepestComparison *cmp, size_t rank, const char **spec, double *L_lower,
                        double *L_upper, int *exact, const char **method, double *dual_grad_norm,
                        double *improvement_out, double *improvement_optimistic, int *guaranteed)
{
    if (cmp == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_comparison_get: cmp is NULL");
    if (rank >= cmp->entries->len)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_comparison_get: rank %zu >= count %u",
                             rank, cmp->entries->len);
    const Entry *e = &g_array_index(cmp->entries, Entry, rank);
    if (spec != NULL)
        *spec = e->spec;
    if (L_lower != NULL)
        *L_lower = e->L_lower;
    if (L_upper != NULL)
        *L_upper = e->L_upper;
    if (exact != NULL)
        *exact = e->exact;
    if (method != NULL)
        *method = e->method;
    if (dual_grad_norm != NULL)
        *dual_grad_norm = e->dual;
    if (improvement_out != NULL)
        *improvement_out = e->improvement;
    if (improvement_optimistic != NULL)
        *improvement_optimistic = e->optimistic;
    if (guaranteed != NULL)
        *guaranteed = e->guaranteed;
    return STEEPEST_OK;
}

const double *
steepest_comparison_get_gradient(const SteepestComparison *cmp, size_t *n)
{
    if (n != NULL)
        *n = cmp != NULL ? cmp->n : 0;
    return cmp != NULL ? cmp->g : NULL;
}

size_t
steepest_comparison_skipped_count(const SteepestComparison *cmp)
{
    return cmp != NULL ? cmp->skipped->len : 0;
}

int
steepest_comparison_get_skipped(const SteepestComparison *cmp, size_t i, const char **name, int *status,
                                const char **reason)
{
    if (cmp == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_comparison_get_skipped: cmp is NULL");
    if (i >= cmp->skipped->len)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "steepest_comparison_get_skipped: i = %zu >= %u", i, cmp->skipped->len);
    const Skipped *s = &g_array_index(cmp->skipped, Skipped, i);
    if (name != NULL)
        *name = s->name;
    if (status != NULL)
        *status = s->status;
    if (reason != NULL)
        *reason = s->reason;
    return STEEPEST_OK;
}
