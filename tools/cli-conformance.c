/* cli-conformance.c — the laws of `steepest check-plugin`, checked through
 * the public API on instances of one norm class.  Every identity is measured
 * on values divided by ‖z‖* so that huge (1e300) and tiny (1e-300,
 * subnormal) inputs neither overflow nor underflow in the checker itself. */
#include "cli-conformance.h"
#include "cli-derive.h"

#include <math.h>
#include <string.h>

enum {
    LAW_PARAMS,
    LAW_MAP_NORM,
    LAW_MAP_INNER,
    LAW_MAP_DUAL,
    LAW_UNIT_NORM,
    LAW_UNIT_DUAL,
    LAW_HOLDER,
    LAW_ZERO,
    LAW_HOMOGENEITY,
    LAW_NON_FINITE,
    LAW_STEP_SCALED,
    LAW_STEP_NORMALIZED,
    LAW_INDUCED_UPPER,
    LAW_INDUCED_LOWER,
    LAW_INDUCED_ORDER,
    N_LAWS
};

static const char *const law_names[N_LAWS] = {
    "params",      "lemma3-norm",     "lemma3-inner",  "map-dual-value", "unit-norm",
    "unit-dual",   "holder",          "zero",          "homogeneity",    "non-finite",
    "step-scaled", "step-normalized", "induced-upper", "induced-lower",  "induced-order",
};

typedef struct {
    double worst;
    gboolean ran, failed;
    char *detail;
} Law;

typedef struct {
    Law laws[N_LAWS];
    GRand *rand;
    GArray *instances;   /* CliInstance */
    size_t derive_tries; /* specs cli-derive.c offered steepest_norm_new */
} Checker;

/* Records a deviation; a NaN deviation or one above tol fails the law, and
 * the first failure's description is kept. */
static void G_GNUC_PRINTF(5, 6)
    law_record(Checker *c, int law, double dev, double tol, const char *format, ...)
{
    Law *l = &c->laws[law];
    l->ran = TRUE;
    if (isnan(dev))
        l->worst = NAN; /* sticky: a NaN deviation is the worst there is */
    else if (!isnan(l->worst))
        l->worst = fmax(l->worst, dev);
    if (!(dev <= tol) && !l->failed) {
        l->failed = TRUE;
        va_list ap;
        va_start(ap, format);
        l->detail = g_strdup_vprintf(format, ap);
        va_end(ap);
    }
}

static void
law_fail(Checker *c, int law, const char *message)
{
    law_record(c, law, INFINITY, 0.0, "%s", message);
}

/* The library's refusal of a call on finite input fails the law, naming the method. */
static gboolean
call_ok(Checker *c, int law, int status, const char *method, const SteepestNorm *norm, const char *where)
{
    if (status == STEEPEST_OK)
        return TRUE;
    char *msg = g_strdup_printf("%s(%s) on %s returned %s: %s", method, steepest_norm_get_spec(norm), where,
                                steepest_status_name(status), steepest_norm_last_error(norm));
    law_fail(c, law, msg);
    g_free(msg);
    return FALSE;
}

static double
rel(double a, double b)
{
    if (a == b)
        return 0.0;
    double s = fmax(fabs(a), fabs(b));
    return fabs(a - b) / s;
}

static double
max_abs(size_t n, const double *v)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}

/* <a, b> / scale² without overflow for entries near 1e300 or underflow near 1e-300. */
static double
scaled_dot(size_t n, const double *a, const double *b, double scale)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (a[i] / scale) * (b[i] / scale);
    return s;
}

static double
gauss(GRand *r)
{
    double u = g_rand_double_range(r, 1e-12, 1.0), v = g_rand_double(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * G_PI * v);
}

/* ---- test vectors ----------------------------------------------------------- */

enum { N_RANDOM = 6 };
static const char *const kinds[] = {
    "random",           "ties",          "partial ties",       "one-hot",
    "huge (1e300)",     "tiny (1e-300)", "subnormal (1e-310)", "single subnormal (5e-324)",
    "mixed magnitudes",
};

/* Fills z with test vector k (random ones for k < N_RANDOM); returns its kind. */
static const char *
test_vector(Checker *c, size_t k, size_t d, double *z)
{
    if (k < N_RANDOM) {
        for (size_t i = 0; i < d; i++)
            z[i] = gauss(c->rand);
        return kinds[0];
    }
    size_t kind = k - N_RANDOM + 1;
    for (size_t i = 0; i < d; i++) {
        double g = gauss(c->rand);
        switch (kind) {
        case 1:
            z[i] = i % 2 ? -1.5 : 1.5;
            break;
        case 2:
            z[i] = i == d - 1 && d > 2 ? 0.25 : (i % 3 == 1 ? -2.0 : 2.0);
            break;
        case 3:
            z[i] = i == d / 2 ? -3.0 : 0.0;
            break;
        case 4:
            z[i] = g * 1e300;
            break;
        case 5:
            z[i] = g * 1e-300;
            break;
        case 6:
            z[i] = g * 1e-310;
            break;
        case 7:
            z[i] = i == 0 ? 5e-324 : 0.0;
            break;
        default:
            z[i] = (i % 3 == 0 ? 1e200 : i % 3 == 1 ? 1.0 : 1e-200) * (g < 0 ? -1 : 1);
            break;
        }
    }
    return kinds[kind];
}

static size_t
n_test_vectors(void)
{
    return N_RANDOM + G_N_ELEMENTS(kinds) - 1;
}

/* ---- the map and the direction (Lemma 3) ------------------------------------ */

/* Checks the laws on one finite nonzero z: Lemma 3, the unit direction,
 * dual consistency, Hölder, homogeneity and the fused steps. */
typedef struct {
    const SteepestNorm *norm;
    size_t d;
    const char *where;
    const double *z;
    double D;       /* ‖z‖* */
    double *zs, *s; /* z♯, s(z) */
} Probe;

static void check_steps(Checker *c, const Probe *p);

static void
check_map(Checker *c, Probe *p)
{
    const SteepestNorm *norm = p->norm;
    size_t d = p->d;
    double dv = NAN, N = NAN;
    if (!call_ok(c, LAW_MAP_NORM, steepest_norm_duality_map(norm, d, p->z, p->zs, &dv), "duality_map", norm,
                 p->where))
        return;
    law_record(c, LAW_MAP_DUAL, rel(dv, p->D), CLI_CONFORMANCE_TOL,
               "duality_map's dual value %.17g differs from dual_norm %.17g on %s (d=%zu)", dv, p->D,
               p->where, d);
    for (size_t i = 0; i < d; i++)
        if (!isfinite(p->zs[i])) {
            law_record(c, LAW_MAP_NORM, NAN, 0.0,
                       "duality_map(%s) returned z♯[%zu] = %g for the finite %s (d=%zu)",
                       steepest_norm_get_spec(norm), i, p->zs[i], p->where, d);
            return;
        }
    if (!call_ok(c, LAW_MAP_NORM, steepest_norm_norm(norm, d, p->zs, &N), "norm", norm, p->where))
        return;
    law_record(c, LAW_MAP_NORM, fabs(N / p->D - 1.0), CLI_CONFORMANCE_TOL,
               "Lemma 3 ‖z♯‖ = ‖z‖* broken on %s (d=%zu): ‖z♯‖ = %.17g, ‖z‖* = %.17g", p->where, d, N, p->D);
    double inner = scaled_dot(d, p->z, p->zs, p->D), sq = (N / p->D) * (N / p->D);
    law_record(c, LAW_MAP_INNER, fabs(inner - sq), CLI_CONFORMANCE_TOL,
               "Lemma 3 <z, z♯> = ‖z♯‖² broken on %s (d=%zu): <z,z♯>/‖z‖*² = %.17g, ‖z♯‖²/‖z‖*² = %.17g",
               p->where, d, inner, sq);
}

static void
check_direction(Checker *c, Probe *p)
{
    const SteepestNorm *norm = p->norm;
    size_t d = p->d;
    double dv = NAN, N = NAN;
    if (!call_ok(c, LAW_UNIT_NORM, steepest_norm_unit_direction(norm, d, p->z, p->s, &dv), "unit_direction",
                 norm, p->where))
        return;
    law_record(c, LAW_MAP_DUAL, rel(dv, p->D), CLI_CONFORMANCE_TOL,
               "unit_direction's dual value %.17g differs from dual_norm %.17g on %s (d=%zu)", dv, p->D,
               p->where, d);
    if (!call_ok(c, LAW_UNIT_NORM, steepest_norm_norm(norm, d, p->s, &N), "norm", norm, p->where))
        return;
    law_record(c, LAW_UNIT_NORM, fabs(N - 1.0), CLI_CONFORMANCE_TOL,
               "‖s(z)‖ = 1 broken on %s (d=%zu): ‖s(z)‖ = %.17g", p->where, d, N);
    double inner = 0.0;
    for (size_t i = 0; i < d; i++)
        inner += (p->z[i] / p->D) * p->s[i];
    law_record(c, LAW_UNIT_DUAL, fabs(inner - 1.0), CLI_CONFORMANCE_TOL,
               "<z, s(z)> = ‖z‖* broken on %s (d=%zu): <z,s(z)>/‖z‖* = %.17g", p->where, d, inner);
}

/* <x, z> <= ‖x‖ ‖z‖* for a random x. */
static void
check_holder(Checker *c, const Probe *p, double *x)
{
    double nx = NAN;
    for (size_t i = 0; i < p->d; i++)
        x[i] = gauss(c->rand);
    if (!call_ok(c, LAW_HOLDER, steepest_norm_norm(p->norm, p->d, x, &nx), "norm", p->norm, "a random x"))
        return;
    double inner = scaled_dot(p->d, x, p->z, sqrt(p->D)); /* = <x,z>/‖z‖* */
    double excess = nx > 0 ? fmax(0.0, inner / nx - 1.0) : (inner > 0 ? INFINITY : 0.0);
    law_record(c, LAW_HOLDER, excess, CLI_CONFORMANCE_TOL,
               "Hölder <x,z> <= ‖x‖‖z‖* broken on %s (d=%zu): <x,z>/‖z‖* = %.17g > ‖x‖ = %.17g", p->where,
               p->d, inner, nx);
}

/* ‖t z‖ = |t| ‖z‖ for t = -4, and z♯(t z) = t z♯(z) for t = 4: powers of two, so
 * that t z is exact even for subnormal z. */
static void
check_homogeneity(Checker *c, const Probe *p, double *tz, double *out)
{
    size_t d = p->d;
    double a = NAN, b = NAN, dv;
    for (size_t i = 0; i < d; i++)
        tz[i] = -4.0 * p->z[i];
    if (!call_ok(c, LAW_HOMOGENEITY, steepest_norm_dual_norm(p->norm, d, tz, &a), "dual_norm", p->norm,
                 p->where) ||
        !call_ok(c, LAW_HOMOGENEITY, steepest_norm_norm(p->norm, d, tz, &b), "norm", p->norm, p->where))
        return;
    double nz = NAN;
    if (!call_ok(c, LAW_HOMOGENEITY, steepest_norm_norm(p->norm, d, p->z, &nz), "norm", p->norm, p->where))
        return;
    law_record(c, LAW_HOMOGENEITY, fmax(rel(a, 4.0 * p->D), rel(b, 4.0 * nz)), CLI_CONFORMANCE_TOL,
               "‖-4 z‖ = 4 ‖z‖ broken on %s (d=%zu): dual %.17g vs %.17g, norm %.17g vs %.17g", p->where, d,
               a, 4.0 * p->D, b, 4.0 * nz);
    for (size_t i = 0; i < d; i++)
        tz[i] = 4.0 * p->z[i];
    if (!call_ok(c, LAW_HOMOGENEITY, steepest_norm_duality_map(p->norm, d, tz, out, &dv), "duality_map",
                 p->norm, p->where))
        return;
    double scale = 4.0 * max_abs(d, p->zs), dev = 0.0;
    for (size_t i = 0; i < d; i++)
        dev = fmax(dev, fabs(out[i] - 4.0 * p->zs[i]) / scale);
    law_record(c, LAW_HOMOGENEITY, dev, CLI_CONFORMANCE_TOL,
               "(4 z)♯ = 4 z♯ broken on %s (d=%zu): deviation %.3g of max|z♯|", p->where, d, dev);
}

/* ---- fused steps against the generic path ------------------------------------ */

typedef int (*StepFn)(const SteepestNorm *, size_t, const double *, const double *, double, double *,
                      double *);

/* x_out = x − α dir, out of place and in place; dev relative to the step's size. */
static void
check_step(Checker *c, const Probe *p, int law, StepFn step, const char *method, const double *dir,
           const double *x, double *buf)
{
    size_t d = p->d;
    const double alpha = 0.37;
    double scale = fmax(max_abs(d, x), alpha * max_abs(d, dir)), dv = NAN;
    for (int in_place = 0; in_place <= 1; in_place++) {
        if (in_place)
            memcpy(buf, x, d * sizeof *buf);
        const double *from = in_place ? buf : x;
        if (!call_ok(c, law, step(p->norm, d, from, p->z, alpha, buf, &dv), method, p->norm, p->where))
            return;
        double dev = 0.0;
        for (size_t i = 0; i < d; i++)
            dev = fmax(dev, fabs(buf[i] - (x[i] - alpha * dir[i])) / scale);
        law_record(
            c, law, fmax(dev, rel(dv, p->D)), CLI_CONFORMANCE_TOL,
            "%s %s disagrees with x − α·%s on %s (d=%zu): deviation %.3g of the step, dual value %.17g vs "
            "%.17g",
            method, in_place ? "in place" : "out of place", law == LAW_STEP_SCALED ? "z♯" : "s(z)", p->where,
            d, dev, dv, p->D);
    }
}

static void
check_steps(Checker *c, const Probe *p)
{
    size_t d = p->d;
    double *x = g_new(double, d), *buf = g_new(double, d);
    double xscale = fmax(p->D, 1e-300);
    for (size_t i = 0; i < d; i++)
        x[i] = gauss(c->rand) * (xscale > 1e100 || xscale < 1e-100 ? xscale : 1.0);
    check_step(c, p, LAW_STEP_SCALED, steepest_norm_step_scaled, "step_scaled", p->zs, x, buf);
    check_step(c, p, LAW_STEP_NORMALIZED, steepest_norm_step_normalized, "step_normalized", p->s, x, buf);
    g_free(x);
    g_free(buf);
}

static void
check_vector(Checker *c, const SteepestNorm *norm, size_t d, const double *z, const char *where)
{
    Probe p = { .norm = norm, .d = d, .where = where, .z = z };
    if (!call_ok(c, LAW_MAP_NORM, steepest_norm_dual_norm(norm, d, z, &p.D), "dual_norm", norm, where))
        return;
    if (!(p.D > 0.0) || isinf(p.D)) {
        char *msg = g_strdup_printf("dual_norm(%s) on %s (d=%zu) is %.17g for a finite nonzero z",
                                    steepest_norm_get_spec(norm), where, d, p.D);
        law_fail(c, LAW_MAP_NORM, msg);
        g_free(msg);
        return;
    }
    double *work = g_new0(double, 4 * d);
    p.zs = work;
    p.s = work + d;
    check_map(c, &p);
    check_direction(c, &p);
    check_holder(c, &p, work + 2 * d);
    check_homogeneity(c, &p, work + 2 * d, work + 3 * d);
    check_steps(c, &p);
    g_free(work);
}

/* ---- zero and non-finite input --------------------------------------------- */

static void
check_zero(Checker *c, const SteepestNorm *norm, size_t d)
{
    double *z = g_new0(double, d), *out = g_new(double, d), *x = g_new(double, d);
    double a = NAN, b = NAN, dv1 = NAN, dv2 = NAN;
    int st = steepest_norm_norm(norm, d, z, &a);
    st = st ? st : steepest_norm_dual_norm(norm, d, z, &b);
    if (call_ok(c, LAW_ZERO, st, "norm/dual_norm", norm, "z = 0"))
        law_record(c, LAW_ZERO, fmax(fabs(a), fabs(b)), 0.0, "‖0‖ = %.17g, ‖0‖* = %.17g (d=%zu)", a, b, d);
    for (int which = 0; which < 2; which++) {
        for (size_t i = 0; i < d; i++)
            out[i] = 1.0;
        st = which ? steepest_norm_unit_direction(norm, d, z, out, &dv2)
                   : steepest_norm_duality_map(norm, d, z, out, &dv1);
        const char *method = which ? "unit_direction" : "duality_map";
        if (call_ok(c, LAW_ZERO, st, method, norm, "z = 0"))
            law_record(c, LAW_ZERO, fmax(max_abs(d, out), fabs(which ? dv2 : dv1)), 0.0,
                       "%s(0) is not 0 (d=%zu): max|out| = %.17g, dual value %.17g", method, d,
                       max_abs(d, out), which ? dv2 : dv1);
    }
    for (int which = 0; which < 2; which++) {
        for (size_t i = 0; i < d; i++)
            x[i] = (double) i + 0.5;
        st = (which ? steepest_norm_step_normalized : steepest_norm_step_scaled)(norm, d, x, z, 0.5, out,
                                                                                 NULL);
        const char *method = which ? "step_normalized" : "step_scaled";
        if (call_ok(c, LAW_ZERO, st, method, norm, "z = 0")) {
            double dev = 0.0;
            for (size_t i = 0; i < d; i++)
                dev = fmax(dev, fabs(out[i] - x[i]));
            law_record(c, LAW_ZERO, dev, 0.0, "%s with z = 0 moved x by %.3g (d=%zu)", method, dev, d);
        }
    }
    g_free(z);
    g_free(out);
    g_free(x);
}

/* One evaluation on NaN or Inf input: STEEPEST_ERROR_NOT_FINITE and a value
 * that is NaN (NaN in) or +Inf (Inf in), never a finite value with OK. */
static void
expect_not_finite(Checker *c, const SteepestNorm *norm, size_t d, int st, double value, gboolean nan_in,
                  const char *method)
{
    gboolean value_ok = nan_in ? isnan(value) : (isinf(value) && value > 0);
    if (st == STEEPEST_ERROR_NOT_FINITE && value_ok) {
        law_record(c, LAW_NON_FINITE, 0.0, 0.0, "%s", "");
        return;
    }
    char *msg =
        g_strdup_printf("%s(%s) on z with %s (d=%zu) returned %s with value %.17g (wanted NOT_FINITE and %s)",
                        method, steepest_norm_get_spec(norm), nan_in ? "a NaN" : "an Inf", d,
                        steepest_status_name(st), value, nan_in ? "NaN" : "+Inf");
    law_fail(c, LAW_NON_FINITE, msg);
    g_free(msg);
}

static void
check_non_finite(Checker *c, const SteepestNorm *norm, size_t d)
{
    double *z = g_new(double, d), *out = g_new(double, d), *x = g_new0(double, d);
    for (int nan_in = 0; nan_in <= 1; nan_in++) {
        for (size_t i = 0; i < d; i++)
            z[i] = gauss(c->rand);
        z[d / 2] = nan_in ? NAN : -INFINITY;
        double v = 0.0;
        int st = steepest_norm_norm(norm, d, z, &v);
        expect_not_finite(c, norm, d, st, v, nan_in, "norm");
        v = 0.0;
        st = steepest_norm_dual_norm(norm, d, z, &v);
        expect_not_finite(c, norm, d, st, v, nan_in, "dual_norm");
        v = 0.0;
        st = steepest_norm_duality_map(norm, d, z, out, &v);
        expect_not_finite(c, norm, d, st, v, nan_in, "duality_map");
        v = 0.0;
        st = steepest_norm_unit_direction(norm, d, z, out, &v);
        expect_not_finite(c, norm, d, st, v, nan_in, "unit_direction");
        v = 0.0;
        st = steepest_norm_step_scaled(norm, d, x, z, 0.5, out, &v);
        expect_not_finite(c, norm, d, st, v, nan_in, "step_scaled");
        v = 0.0;
        st = steepest_norm_step_normalized(norm, d, x, z, 0.5, out, &v);
        expect_not_finite(c, norm, d, st, v, nan_in, "step_normalized");
    }
    g_free(z);
    g_free(out);
    g_free(x);
}

/* ---- induced norms against brute force ---------------------------------------- */

/* ‖Hx‖* / ‖x‖, or NaN when the norm refuses. */
static double
ratio(const SteepestNorm *norm, size_t d, const double *H, const double *x, double *hx)
{
    for (size_t i = 0; i < d; i++) {
        hx[i] = 0.0;
        for (size_t j = 0; j < d; j++)
            hx[i] += H[i * d + j] * x[j];
    }
    double a = NAN, b = NAN;
    if (steepest_norm_dual_norm(norm, d, hx, &a) != STEEPEST_OK ||
        steepest_norm_norm(norm, d, x, &b) != STEEPEST_OK)
        return NAN;
    return b > 0 ? a / b : 0.0;
}

/* Direction number k of a fine sampling of the sphere (d <= 3), plus the
 * axes and the sign vectors, where polyhedral norms attain their maxima. */
static size_t
n_directions(size_t d)
{
    return (d == 1 ? 1 : d == 2 ? 3600 : 20000) + d + (1u << d);
}

static void
direction(size_t d, size_t k, double *x)
{
    size_t n_fine = n_directions(d) - d - (1u << d);
    memset(x, 0, d * sizeof *x);
    if (k < n_fine) {
        if (d == 1) {
            x[0] = 1.0;
        } else if (d == 2) {
            x[0] = cos(G_PI * (double) k / (double) n_fine);
            x[1] = sin(G_PI * (double) k / (double) n_fine);
        } else { /* Fibonacci sphere */
            double y = 1.0 - 2.0 * ((double) k + 0.5) / (double) n_fine, r = sqrt(1.0 - y * y);
            double phi = (double) k * G_PI * (3.0 - sqrt(5.0));
            x[0] = r * cos(phi);
            x[1] = y;
            x[2] = r * sin(phi);
        }
    } else if (k < n_fine + d) {
        x[k - n_fine] = 1.0;
    } else {
        size_t bits = k - n_fine - d;
        for (size_t i = 0; i < d; i++)
            x[i] = bits >> i & 1 ? -1.0 : 1.0;
    }
}

/* Shrinking random search from x for a larger ratio; returns the best ratio. */
static double
refine(Checker *c, const SteepestNorm *norm, size_t d, const double *H, double *x, double best)
{
    double y[3], hx[3];
    for (double step = 5e-2; step > 1e-10; step *= 0.7)
        for (int t = 0; t < 60; t++) {
            for (size_t i = 0; i < d; i++)
                y[i] = x[i] + step * gauss(c->rand);
            double r = ratio(norm, d, H, y, hx);
            if (r > best) {
                best = r;
                memcpy(x, y, d * sizeof *x);
            }
        }
    return best;
}

/* The sampled maximum of ‖Hx‖* / ‖x‖ over the directions, each of the best
 * few refined by a local search. */
enum { N_REFINED = 6 };
static double
brute_force(Checker *c, const SteepestNorm *norm, size_t d, const double *H)
{
    double x[3], hx[3], top_x[N_REFINED][3], top[N_REFINED];
    for (int t = 0; t < N_REFINED; t++)
        top[t] = -1.0;
    for (size_t k = 0; k < n_directions(d); k++) {
        direction(d, k, x);
        double r = ratio(norm, d, H, x, hx);
        if (isnan(r))
            return NAN;
        int low = 0; /* replace the lowest of the kept candidates */
        for (int t = 1; t < N_REFINED; t++)
            if (top[t] < top[low])
                low = t;
        if (r > top[low]) {
            top[low] = r;
            memcpy(top_x[low], x, sizeof x);
        }
    }
    double best = 0.0;
    for (int t = 0; t < N_REFINED; t++)
        if (top[t] >= 0)
            best = fmax(best, refine(c, norm, d, H, top_x[t], top[t]));
    return best;
}

static void
check_induced_matrix(Checker *c, const SteepestNorm *norm, size_t d, const double *H, int m)
{
    double lower = NAN, upper = NAN;
    int exact = 0;
    const char *method = NULL;
    char where[64];
    g_snprintf(where, sizeof where, "random symmetric H #%d", m);
    if (!call_ok(c, LAW_INDUCED_ORDER,
                 steepest_norm_induced(norm, d, H, NULL, &lower, &upper, &exact, &method), "induced_norm",
                 norm, where))
        return;
    double best = brute_force(c, norm, d, H);
    const double tol = CLI_CONFORMANCE_INDUCED_TOL;
    law_record(c, LAW_INDUCED_ORDER, lower <= upper ? 0.0 : rel(lower, upper), 0.0,
               "induced_norm (%s) on %s (d=%zu): lower %.17g > upper %.17g", method, where, d, lower, upper);
    law_record(c, LAW_INDUCED_UPPER, fmax(0.0, best / upper - 1.0), 1e-9,
               "induced_norm (%s) on %s (d=%zu): upper bound %.17g is below the sampled maximum %.17g",
               method, where, d, upper, best);
    double over = fmax(0.0, lower / best - 1.0);
    if (exact)
        over = fmax(over, rel(lower, best));
    law_record(c, LAW_INDUCED_LOWER, over, tol,
               "induced_norm (%s, %s) on %s (d=%zu): lower %.17g vs refined brute-force maximum %.17g",
               method, exact ? "exact" : "bounds", where, d, lower, best);
}

static void
check_induced(Checker *c, const SteepestNorm *norm, size_t d)
{
    double H[9];
    for (int m = 0; m < 3; m++) {
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j <= i; j++)
                H[i * d + j] = H[j * d + i] = gauss(c->rand);
        check_induced_matrix(c, norm, d, H, m);
    }
}

/* ---- instances and parameters -------------------------------------------------- */

static void
check_instance(Checker *c, const SteepestNorm *norm, size_t d, gboolean induced)
{
    double *z = g_new(double, d);
    for (size_t k = 0; k < n_test_vectors(); k++) {
        const char *kind = test_vector(c, k, d, z);
        char *where = k < N_RANDOM ? g_strdup_printf("random z #%zu", k) : g_strdup(kind);
        check_vector(c, norm, d, z, where);
        g_free(where);
    }
    g_free(z);
    check_zero(c, norm, d);
    check_non_finite(c, norm, d);
    if (induced && d >= 2 && d <= 3)
        check_induced(c, norm, d);
}

static gboolean
in_dims(const CliConformanceOptions *opts, size_t d)
{
    for (size_t k = 0; k < opts->n_dims; k++)
        if (opts->dims[k] == d)
            return TRUE;
    return FALSE;
}

/* The laws on one instance (which this frees): all of them at a user
 * dimension, the induced ones alone at an added 2 or 3. */
static void
run_instance(Checker *c, SteepestNorm *norm, size_t d, const char *spec, gboolean derived,
             gboolean only_induced, gboolean induced)
{
    CliInstance inst = { .dim = d, .spec = g_strdup(spec), .derived = derived, .induced_only = only_induced };
    g_array_append_val(c->instances, inst);
    if (only_induced)
        check_induced(c, norm, d);
    else
        check_instance(c, norm, d, induced);
    steepest_norm_free(norm);
}

/* Instantiates `spec` at each dimension (and 2, 3 for the induced checks);
 * where it is refused and `derive` is set, a spec built from the parameter
 * declarations stands in.  Collects the refusals at user dimensions and
 * returns the number of those with an instance. */
static size_t
check_spec(Checker *c, const SteepestNormClass *klass, const char *spec, const CliConformanceOptions *opts,
           gboolean derive, GPtrArray *refused)
{
    size_t accepted = 0;
    gboolean induced = steepest_norm_class_has_induced_norm(klass);
    size_t extra[] = { 2, 3 };
    for (size_t k = 0; k < opts->n_dims + 2; k++) {
        size_t d = k < opts->n_dims ? opts->dims[k] : extra[k - opts->n_dims];
        gboolean only_induced = k >= opts->n_dims;
        if (only_induced && (!induced || in_dims(opts, d)))
            continue;
        SteepestNorm *norm = NULL;
        int st = steepest_norm_new(spec, d, &norm);
        if (st == STEEPEST_OK) {
            run_instance(c, norm, d, spec, FALSE, only_induced, induced);
            accepted += !only_induced;
            continue;
        }
        if (!only_induced) {
            char *why = g_strdup_printf("%s at d=%zu: %s (%s)", spec, d, steepest_status_name(st),
                                        steepest_last_error());
            /* Refusing a dimension or a parameter is the class's right; any other status is not. */
            if (st != STEEPEST_ERROR_DIMENSION && st != STEEPEST_ERROR_PARAMETER)
                law_fail(c, LAW_PARAMS, why);
            g_ptr_array_add(refused, why);
        }
        size_t tried = 0;
        char *derived = derive ? cli_derive_instance(klass, d, &norm, &tried) : NULL;
        c->derive_tries += tried;
        if (norm != NULL) {
            run_instance(c, norm, d, derived, TRUE, only_induced, induced);
            accepted += !only_induced;
        }
        g_free(derived);
    }
    return accepted;
}

static char *
join_refusals(GPtrArray *refused)
{
    g_ptr_array_add(refused, NULL);
    char *s = g_strjoinv("; ", (char **) refused->pdata);
    g_ptr_array_remove_index(refused, refused->len - 1);
    return s;
}

/* Why a class with no instance at any user dimension is untested, and what to give. */
static char *
untested_reason(const SteepestNormClass *klass, const CliConformanceOptions *opts, const Checker *c,
                GPtrArray *refused)
{
    GString *dims = g_string_new(NULL);
    for (size_t k = 0; k < opts->n_dims; k++)
        g_string_append_printf(dims, "%s%zu", k ? ", " : "", opts->dims[k]);
    const char *first = refused->len ? refused->pdata[0] : "no dimension";
    char *msg;
    if (cli_derive_needed(klass)) {
        char *hint = cli_derive_spec_hint(klass);
        char *built = c->derive_tries
                          ? g_strdup_printf("so are the %zu specs built from the parameter declarations",
                                            c->derive_tries)
                          : g_strdup("the parameter declarations give no value to try");
        msg = g_strdup_printf("needs --spec (give e.g. --spec '%s'): no instance at d = %s; the defaults are "
                              "refused (%s) and %s",
                              hint, dims->str, first, built);
        g_free(built);
        g_free(hint);
    } else {
        msg = g_strdup_printf("needs --dim or --spec: no instance at d = %s with its defaults (%s)",
                              dims->str, first);
    }
    g_string_free(dims, TRUE);
    return msg;
}

/* Runs the laws on the given --spec of the class, and on its defaults, or
 * where those are refused and no --spec was given, on derived specs.
 * Returns why the class is untested, or NULL. */
static char *
check_specs(Checker *c, const SteepestNormClass *klass, const CliConformanceOptions *opts)
{
    const char *name = steepest_norm_class_get_name(klass);
    size_t len = strlen(name), given = 0;
    for (const char *const *s = opts->specs; s != NULL && *s != NULL; s++)
        if (strncmp(*s, name, len) == 0 && ((*s)[len] == '\0' || (*s)[len] == ':')) {
            given++;
            GPtrArray *refused = g_ptr_array_new_with_free_func(g_free);
            if (check_spec(c, klass, *s, opts, FALSE, refused) == 0) {
                char *why = join_refusals(refused);
                law_fail(c, LAW_PARAMS, why);
                g_free(why);
            }
            g_ptr_array_unref(refused);
        }
    GPtrArray *refused = g_ptr_array_new_with_free_func(g_free);
    gboolean derive = given == 0 && cli_derive_needed(klass);
    size_t accepted = check_spec(c, klass, name, opts, derive, refused);
    c->laws[LAW_PARAMS].ran = TRUE;
    char *untested = accepted == 0 && given == 0 ? untested_reason(klass, opts, c, refused) : NULL;
    g_ptr_array_unref(refused);
    return untested;
}

/* ---- results ---------------------------------------------------------------------- */

CliLawResult *
cli_law_result_new_failure(const char *klass, const char *law, const char *detail)
{
    CliLawResult *r = g_new0(CliLawResult, 1);
    r->klass = g_strdup(klass);
    r->law = law;
    r->worst = NAN;
    r->verdict = CLI_LAW_FAIL;
    r->detail = g_strdup(detail);
    return r;
}

void
cli_law_result_free(gpointer result)
{
    CliLawResult *r = result;
    if (r == NULL)
        return;
    g_free(r->klass);
    g_free(r->detail);
    g_free(r);
}

static void
instance_clear(gpointer p)
{
    g_free(((CliInstance *) p)->spec);
}

void
cli_class_report_free(gpointer report)
{
    CliClassReport *r = report;
    if (r == NULL)
        return;
    g_free(r->klass);
    g_array_unref(r->instances);
    g_free(r->detail);
    g_free(r);
}

static CliLawVerdict
law_verdict(const Law *l, gboolean untested)
{
    return l->failed ? CLI_LAW_FAIL : untested ? CLI_LAW_UNTESTED : l->ran ? CLI_LAW_PASS : CLI_LAW_NA;
}

CliClassReport *
cli_conformance_check_class(const SteepestNormClass *klass, const CliConformanceOptions *opts,
                            GPtrArray *results)
{
    Checker c = { .rand = g_rand_new_with_seed(opts->seed),
                  .instances = g_array_new(FALSE, FALSE, sizeof(CliInstance)) };
    g_array_set_clear_func(c.instances, instance_clear);
    char *untested = check_specs(&c, klass, opts);
    gboolean induced = steepest_norm_class_has_induced_norm(klass), failed = FALSE;
    for (int k = 0; k < N_LAWS; k++) {
        Law *l = &c.laws[k];
        gboolean no_method = k >= LAW_INDUCED_UPPER && !induced;
        CliLawResult *r = g_new0(CliLawResult, 1);
        r->klass = g_strdup(steepest_norm_class_get_name(klass));
        r->law = law_names[k];
        r->worst = l->ran && !(untested && k == LAW_PARAMS) ? l->worst : NAN;
        /* An untested class has only the laws of an added induced dimension measured. */
        r->verdict = law_verdict(l, untested != NULL && !no_method && (k == LAW_PARAMS || !l->ran));
        r->detail = l->failed                                           ? l->detail
                    : r->verdict == CLI_LAW_UNTESTED && k == LAW_PARAMS ? g_strdup(untested)
                    : no_method ? g_strdup("the class has no induced_norm")
                                : NULL;
        if (!l->failed)
            g_free(l->detail);
        failed = failed || l->failed;
        g_ptr_array_add(results, r);
    }
    g_rand_free(c.rand);
    CliClassReport *report = g_new0(CliClassReport, 1);
    report->klass = g_strdup(steepest_norm_class_get_name(klass));
    report->verdict = failed ? CLI_CLASS_FAIL : untested ? CLI_CLASS_UNTESTED : CLI_CLASS_PASS;
    report->instances = c.instances;
    report->detail = failed ? NULL : untested;
    if (failed)
        g_free(untested);
    return report;
}
