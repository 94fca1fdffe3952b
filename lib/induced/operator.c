/* operator.c — SteepestOperator: one interface, y = H v, over a dense matrix,
 * a CSR matrix, a Hessian-vector-product callback, or central differences of
 * a gradient; and the entry sums every kind can give exactly (dense and CSR
 * from the entries, the others from the n columns H e_j). */
#include "induced/operator-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

int
steepest_operator_check(const char *fn, const SteepestOperator *op)
{
    if (op == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: operator is NULL", fn);
    return STEEPEST_OK;
}

static SteepestOperator *
operator_alloc(int kind, size_t n)
{
    SteepestOperator *op = g_new0(SteepestOperator, 1);
    g_mutex_init(&op->cache_lock);
    op->kind = kind;
    op->n = n;
    return op;
}

int
steepest_operator_new_dense(size_t n, const double *H, SteepestOperator **out)
{
    if (out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_operator_new_dense: out is NULL");
    int rc = steepest_matrix_check("steepest_operator_new_dense", n, H);
    if (rc != STEEPEST_OK)
        return rc;
    *out = operator_alloc(STEEPEST_OPERATOR_DENSE, n);
    (*out)->H = H;
    return STEEPEST_OK;
}

int
steepest_operator_new_csr(const SteepestCsr *csr, SteepestOperator **out)
{
    if (out == NULL || csr == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_operator_new_csr: %s is NULL",
                             out == NULL ? "out" : "csr");
    *out = operator_alloc(STEEPEST_OPERATOR_CSR, csr->n);
    (*out)->csr = csr;
    return STEEPEST_OK;
}

int
steepest_operator_new_callback(size_t n, SteepestHvpFn hv, void *user_data, SteepestOperator **out)
{
    if (out == NULL || hv == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_operator_new_callback: %s is NULL",
                             out == NULL ? "out" : "hv");
    if (n == 0 || n > (size_t) INT32_MAX)
        return steepest_fail(STEEPEST_ERROR_DIMENSION,
                             "steepest_operator_new_callback: dimension %zu is not in "
                             "[1, 2^31 - 1]",
                             n);
    *out = operator_alloc(STEEPEST_OPERATOR_CALLBACK, n);
    (*out)->hv = hv;
    (*out)->user_data = user_data;
    return STEEPEST_OK;
}

static double
norm2(size_t n, const double *v)
{
    double scale = 0.0, ssq = 1.0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(v[i]);
        if (a == 0.0)
            continue;
        if (a > scale) {
            ssq = 1.0 + ssq * (scale / a) * (scale / a);
            scale = a;
        } else {
            ssq += (a / scale) * (a / scale);
        }
    }
    return scale * sqrt(ssq);
}

int
steepest_operator_new_gradient(size_t n, SteepestGradientFn grad, void *user_data, const double *x,
                               double step, SteepestOperator **out)
{
    const char *fn = "steepest_operator_new_gradient";
    if (out == NULL || grad == NULL || x == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             out == NULL    ? "out"
                             : grad == NULL ? "grad"
                                            : "x");
    if (n == 0 || n > (size_t) INT32_MAX)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "%s: dimension %zu is not in [1, 2^31 - 1]", fn, n);
    if (!isfinite(step))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: step %g is not finite", fn, step);
    int rc = steepest_check_finite("x", n, x);
    if (rc != STEEPEST_OK)
        return rc;
    double *copy = g_try_new(double, n);
    if (copy == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory for a copy of x (n = %zu)", fn, n);
    SteepestOperator *op = operator_alloc(STEEPEST_OPERATOR_GRADIENT, n);
    op->grad = grad;
    op->user_data = user_data;
    op->x = memcpy(copy, x, n * sizeof *x);
    /* ε^(1/3) balances the O(h²) truncation of central differences against
     * the O(ε/h) rounding of the gradient; scaled with the point's size. */
    op->step = step > 0.0 ? step : cbrt(DBL_EPSILON) * fmax(1.0, norm2(n, x));
    *out = op;
    return STEEPEST_OK;
}

void
steepest_operator_free(SteepestOperator *op)
{
    if (op == NULL)
        return;
    g_mutex_clear(&op->cache_lock);
    g_free(op->x);
    g_free(op);
}

size_t
steepest_operator_dim(const SteepestOperator *op)
{
    return op != NULL ? op->n : 0;
}

int
steepest_operator_kind(const SteepestOperator *op)
{
    return op != NULL ? op->kind : -1;
}

int
steepest_operator_has_entries(const SteepestOperator *op)
{
    return op != NULL && (op->kind == STEEPEST_OPERATOR_DENSE || op->kind == STEEPEST_OPERATOR_CSR);
}

const double *
steepest_operator_dense_matrix(const SteepestOperator *op)
{
    return op != NULL && op->kind == STEEPEST_OPERATOR_DENSE ? op->H : NULL;
}

const SteepestCsr *
steepest_operator_csr(const SteepestOperator *op)
{
    return op != NULL && op->kind == STEEPEST_OPERATOR_CSR ? op->csr : NULL;
}

static int
gradient_product(const SteepestOperator *op, const double *v, double *out)
{
    size_t n = op->n;
    double nv = norm2(n, v);
    if (nv == 0.0) {
        memset(out, 0, n * sizeof *out);
        return STEEPEST_OK;
    }
    double h = op->step;
    double *xp = g_try_new(double, 3 * n);
    if (xp == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "finite-difference product: out of memory (n = %zu)",
                             n);
    double *xm = xp + n, *gm = xp + 2 * n;
    for (size_t i = 0; i < n; i++) {
        xp[i] = op->x[i] + h * (v[i] / nv);
        xm[i] = op->x[i] - h * (v[i] / nv);
    }
    int rc = STEEPEST_OK;
    int cb = op->grad(op->user_data, n, xp, out);
    if (cb == 0)
        cb = op->grad(op->user_data, n, xm, gm);
    if (cb != 0)
        rc = steepest_fail(STEEPEST_ERROR_CALLBACK, "the gradient callback returned %d", cb);
    else
        for (size_t i = 0; i < n; i++)
            out[i] = (out[i] - gm[i]) / (2.0 * h) * nv;
    g_free(xp);
    return rc;
}

static void
dense_product(size_t n, const double *H, const double *v, double *out)
{
    for (size_t i = 0; i < n; i++) {
        const double *row = H + i * n;
        double acc = 0.0;
        for (size_t j = 0; j < n; j++)
            acc += row[j] * v[j];
        out[i] = acc;
    }
}

static int
product(const SteepestOperator *op, const double *v, double *out)
{
    switch (op->kind) {
    case STEEPEST_OPERATOR_DENSE:
        dense_product(op->n, op->H, v, out);
        return STEEPEST_OK;
    case STEEPEST_OPERATOR_CSR:
        steepest_csr_matvec(op->csr, v, out);
        return STEEPEST_OK;
    case STEEPEST_OPERATOR_CALLBACK: {
        int cb = op->hv(op->user_data, op->n, v, out);
        if (cb != 0)
            return steepest_fail(STEEPEST_ERROR_CALLBACK, "the Hessian-vector product callback returned %d",
                                 cb);
        return STEEPEST_OK;
    }
    default:
        return gradient_product(op, v, out);
    }
}

int
steepest_operator_apply_shifted(const SteepestOperator *op, int negate, double shift, const double *v,
                                double *out)
{
    int rc = product(op, v, out);
    if (rc != STEEPEST_OK)
        return rc;
    for (size_t i = 0; i < op->n; i++) {
        if (!isfinite(out[i]))
            return steepest_fail(STEEPEST_ERROR_NOT_FINITE, "operator product: entry %zu is %s", i,
                                 isnan(out[i]) ? "NaN" : "infinite");
        if (negate)
            out[i] = shift * v[i] - out[i];
    }
    return STEEPEST_OK;
}

int
steepest_operator_apply(const SteepestOperator *op, const double *v, double *out)
{
    int rc = steepest_operator_check("steepest_operator_apply", op);
    if (rc != STEEPEST_OK)
        return rc;
    if (v == NULL || out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "steepest_operator_apply: %s is NULL",
                             v == NULL ? "v" : "out");
    return steepest_operator_apply_shifted(op, 0, 0.0, v, out);
}

uint64_t
steepest_operator_seed(const SteepestInducedOptions *opts)
{
    SteepestPluginInducedQuery q;
    steepest_induced_query_from_options(opts, &q);
    return q.seed;
}

/* ---- rows and entry sums -------------------------------------------------- */

int
steepest_operator_foreach_row(const SteepestOperator *op, SteepestOperatorRowFn fn, void *ctx)
{
    size_t n = op->n;
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        for (size_t i = 0; i < n; i++)
            fn(ctx, i, n, op->H + i * n, NULL);
        return STEEPEST_OK;
    }
    if (op->kind == STEEPEST_OPERATOR_CSR) {
        const SteepestCsr *c = op->csr;
        for (size_t i = 0; i < n; i++)
            fn(ctx, i, (size_t) (c->indptr[i + 1] - c->indptr[i]), c->data + c->indptr[i],
               c->indices + c->indptr[i]);
        return STEEPEST_OK;
    }
    /* Column j = H e_j, which is row j for the symmetric H an operator stands for. */
    double *e = g_try_new0(double, n), *col = g_try_new(double, n);
    int rc = e != NULL && col != NULL ? STEEPEST_OK
                                      : steepest_fail(STEEPEST_ERROR_NO_MEMORY,
                                                      "operator columns: out of memory "
                                                      "(n = %zu)",
                                                      n);
    for (size_t j = 0; j < n && rc == STEEPEST_OK; j++) {
        e[j] = 1.0;
        rc = steepest_operator_apply_shifted(op, 0, 0.0, e, col);
        e[j] = 0.0;
        if (rc == STEEPEST_OK)
            fn(ctx, j, n, col, NULL);
    }
    g_free(e);
    g_free(col);
    return rc;
}

/* Folds row i (diagonal, Σ|off-diagonal|, max|entry|) into s. */
static void
fold_row(SteepestOperatorSums *s, size_t i, double diag, double off_abs, double row_max)
{
    double row = fabs(diag) + off_abs;
    s->max_abs = fmax(s->max_abs, row_max);
    s->sum_abs += row;
    s->max_row = fmax(s->max_row, row);
    s->diag += fabs(diag);
    s->trace += diag;
    s->gersh = i == 0 ? diag - off_abs : fmin(s->gersh, diag - off_abs);
    s->min_diag = i == 0 ? diag : fmin(s->min_diag, diag);
}

static void
sums_of_row(void *ctx, size_t i, size_t len, const double *values, const int64_t *cols)
{
    double diag = 0.0, off = 0.0, mx = 0.0;
    for (size_t k = 0; k < len; k++) {
        size_t j = cols != NULL ? (size_t) cols[k] : k;
        double a = fabs(values[k]);
        mx = fmax(mx, a);
        if (j == i)
            diag = values[k];
        else
            off += a;
    }
    fold_row(ctx, i, diag, off, mx);
}

int
steepest_operator_sums(const SteepestOperator *op, SteepestOperatorSums *s)
{
    memset(s, 0, sizeof *s);
    int rc = steepest_operator_foreach_row(op, sums_of_row, s);
    if (rc != STEEPEST_OK)
        return rc;
    /* A finite H whose sums leave the double range has no sum to report. */
    if (!isfinite(s->sum_abs) || !isfinite(s->gersh) || !isfinite(s->trace))
        return steepest_fail(STEEPEST_ERROR_NOT_FINITE,
                             "entry sums: a sum of |H_ij| overflows the double range");
    return STEEPEST_OK;
}

int
steepest_operator_entry_sums(const SteepestOperator *op, double *max_abs, double *sum_abs,
                             double *max_row_sum, double *diag_abs_sum, double *gershgorin_min)
{
    int rc = steepest_operator_check("steepest_operator_entry_sums", op);
    if (rc != STEEPEST_OK)
        return rc;
    SteepestOperatorSums s;
    if ((rc = steepest_operator_sums(op, &s)) != STEEPEST_OK)
        return rc;
    if (max_abs != NULL)
        *max_abs = s.max_abs;
    if (sum_abs != NULL)
        *sum_abs = s.sum_abs;
    if (max_row_sum != NULL)
        *max_row_sum = s.max_row;
    if (diag_abs_sum != NULL)
        *diag_abs_sum = s.diag;
    if (gershgorin_min != NULL)
        *gershgorin_min = s.gersh;
    return STEEPEST_OK;
}

int
steepest_operator_apply_transpose(const SteepestOperator *op, const double *v, double *out)
{
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        steepest_dense_matvec(op->n, op->H, v, out, TRUE);
        return STEEPEST_OK;
    }
    if (op->kind != STEEPEST_OPERATOR_CSR) /* symmetric by contract */
        return steepest_operator_apply_shifted(op, 0, 0.0, v, out);
    const SteepestCsr *c = op->csr;
    memset(out, 0, op->n * sizeof *out);
    for (size_t i = 0; i < op->n; i++)
        for (int64_t k = c->indptr[i]; k < c->indptr[i + 1]; k++)
            out[c->indices[k]] += c->data[k] * v[i];
    return STEEPEST_OK;
}
