/* operator-psd.c — is a symmetric operator positive semidefinite?
 *
 * Dense operators answer by the dense test (one eigendecomposition).  The
 * others bracket λ_min:
 *   upper: the smallest Ritz value θ_min (a Rayleigh quotient: λ_min <= θ_min)
 *          and, with entries, min_i H_ii (= e_iᵀHe_i) — a vector with a
 *          negative quotient REFUTES PSD-ness whenever the products are exact;
 *   lower: with entries (CSR), Gershgorin's min_i (H_ii − Σ_{j≠i}|H_ij|),
 *          certified; without (callbacks), θ_min − r_min, the residual bound
 *          that assumes Lanczos found λ_min (as for ℓ2, not certified).
 * Up to STEEPEST_OPERATOR_DENSE_EIG_MAX both are λ_min itself (the matrix
 * from n products).  The verdict uses the dense test's rounding allowance,
 * λ_min >= −64·n·ε·max|λ|. */
#include "induced/operator-private.h"

#include <float.h>
#include <math.h>

int
steepest_operator_symmetric(const char *fn, const SteepestOperator *op, SteepestSymmetricOperator *out)
{
    out->op = op;
    out->own = NULL;
    out->own_csr = NULL;
    if (op->kind != STEEPEST_OPERATOR_CSR)
        return STEEPEST_OK;
    size_t row = 0;
    if (steepest_csr_find_asymmetry(op->csr, STEEPEST_MATRIX_SYMMETRY_TOL, &row) >= 0)
        return steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC,
                             "%s: the CSR matrix is not symmetric (relative tolerance "
                             "%g; row %zu differs from its column)",
                             fn, STEEPEST_MATRIX_SYMMETRY_TOL, row);
    if (steepest_csr_find_asymmetry(op->csr, 0.0, &row) < 0)
        return STEEPEST_OK;
    out->own_csr = steepest_csr_symmetric_part(op->csr);
    if (out->own_csr == NULL)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "%s: out of memory for the symmetric part (nnz = %zu)",
                             fn, op->csr->nnz);
    steepest_operator_new_csr(out->own_csr, &out->own);
    out->op = out->own;
    return STEEPEST_OK;
}

void
steepest_operator_symmetric_free(SteepestSymmetricOperator *s)
{
    steepest_operator_free(s->own);
    steepest_csr_free(s->own_csr);
    s->own = NULL;
    s->own_csr = NULL;
}

typedef struct {
    int psd, certified;
    double lower, upper;
    const char *method;
} PsdAnswer;

/* The verdict on a symmetric non-dense operator. */
static int
operator_psd(const SteepestOperator *op, const SteepestInducedOptions *opts, PsdAnswer *a)
{
    size_t n = op->n;
    gboolean entries = op->kind == STEEPEST_OPERATOR_CSR,
             exact_products = op->kind != STEEPEST_OPERATOR_GRADIENT;
    SteepestOperatorSums s = { 0 };
    int rc = entries ? steepest_operator_sums(op, &s) : STEEPEST_OK;
    if (rc != STEEPEST_OK)
        return rc;
    double lmin = 0, lmax = 0, rmin = 0, rmax = 0;
    rc = steepest_operator_extreme_eigenvalues(op, opts, &lmin, &lmax, &rmin, &rmax);
    gboolean have_eig = rc == STEEPEST_OK;
    /* Without ARPACK the entries may still decide (Gershgorin, a negative H_ii). */
    if (rc != STEEPEST_OK && !(rc == STEEPEST_ERROR_UNSUPPORTED && entries))
        return rc;
    double scale = have_eig ? fmax(fabs(lmin), fabs(lmax)) : s.max_row;
    double tol = 64.0 * (double) n * DBL_EPSILON * scale;
    gboolean small = n <= STEEPEST_OPERATOR_DENSE_EIG_MAX;
    a->upper = have_eig ? lmin : INFINITY;
    if (entries)
        a->upper = fmin(a->upper, s.min_diag);
    if (small) {
        a->lower = lmin;
        a->method = "eigenvalues of the matrix from n products (dsyevd)";
    } else if (entries) {
        a->lower = s.gersh;
        a->method =
            "lower: Gershgorin min_i (H_ii - sum_j!=i |H_ij|), certified; upper: min(smallest Ritz value "
            "(Lanczos), min_i H_ii)";
    } else {
        a->lower = lmin - rmin;
        a->method =
            "Lanczos: smallest Ritz value; lower: Ritz value - residual, assumes Lanczos found lambda_min "
            "(not certified)";
    }
    a->lower = fmin(a->lower, a->upper);
    if (a->upper < -tol) {
        a->psd = 0; /* a vector with a negative Rayleigh quotient */
        a->certified = exact_products;
    } else if (a->lower >= -tol) {
        a->psd = 1;
        a->certified = exact_products && (small || entries);
    } else if (have_eig) {
        a->psd = 1; /* the smallest Ritz value is >= 0: an estimate */
        a->certified = 0;
        if (entries)
            a->method = "estimate: smallest Ritz value >= 0 (Lanczos), but Gershgorin cannot certify it";
    } else {
        return rc; /* no Lanczos and the entries do not decide: UNSUPPORTED, with its message */
    }
    return STEEPEST_OK;
}

int
steepest_operator_is_psd(const SteepestOperator *op, const SteepestInducedOptions *opts, int *psd,
                         double *lambda_min_lower, double *lambda_min_upper, int *certified,
                         const char **method)
{
    const char *fn = "steepest_operator_is_psd";
    int rc = steepest_operator_check(fn, op);
    if (rc != STEEPEST_OK)
        return rc;
    if (psd == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: psd is NULL", fn);
    PsdAnswer a = { 0, 1, 0, 0, "eigenvalues (dsyevd)" };
    if (op->kind == STEEPEST_OPERATOR_DENSE) {
        rc = steepest_matrix_is_psd(op->n, op->H, &a.psd, &a.lower);
        a.upper = a.lower;
    } else {
        SteepestSymmetricOperator sym;
        rc = steepest_operator_symmetric(fn, op, &sym);
        if (rc == STEEPEST_OK)
            rc = operator_psd(sym.op, opts, &a);
        steepest_operator_symmetric_free(&sym);
    }
    if (rc != STEEPEST_OK)
        return rc;
    *psd = a.psd;
    if (lambda_min_lower != NULL)
        *lambda_min_lower = a.lower;
    if (lambda_min_upper != NULL)
        *lambda_min_upper = a.upper;
    if (certified != NULL)
        *certified = a.certified;
    if (method != NULL)
        *method = a.method;
    return STEEPEST_OK;
}
