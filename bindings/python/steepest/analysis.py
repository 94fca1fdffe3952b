"""Convergence analysis: which geometry suits a problem (steepest-analysis.h).

Guarantees (Lemma 2), rates (Prop. 1, Theorems 1–3), geometry measures
(φ, ρ_diag, λ_max/λ̄, R(x) and its bound), norm comparison and smoothness
estimation, restating docs/theory.md.  ``norm`` arguments take a :class:`Norm` or a
spec string; objectives take ``fun(x) -> (value, gradient)`` or a built-in
problem; gradient functions ``grad(x) -> gradient`` (or a built-in problem).
"""
import ctypes
from ctypes import byref, c_char_p, c_double, c_int, c_size_t, c_void_p

from . import _lib, arrays
from . import objective as _objective
from .errors import calling, check, status_name
from .norms import InducedOptions, Norm
from .operator import Value, operator_of

_L = _lib.lib

VERDICTS = {1: "holds", 0: "violated", 2: "stationary"}
PROBES = {"unit": 0, "scaled": 1}
DEFAULT_GAMMAS = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)


class _InDimension:
    """A Norm's C instance for one dimension: ``as_parameter`` for the call,
    and the Norm itself kept alive with it."""
    __slots__ = ("norm", "as_parameter")

    def __init__(self, norm, n):
        self.norm = norm
        self.as_parameter = norm.handle(n)


def _norm_for(norm, n):
    """The norm's instance in dimension n.  Callers keep the returned object in
    a local for the whole C call: a temporary would be freed, with its C norm,
    before it."""
    return _InDimension(norm if isinstance(norm, Norm) else Norm(norm), n)


def _vec(v, name):
    return arrays.vector_in(v, name)


def _run(fn, *args):
    with calling():
        check(fn(*args))


# ---- guarantees ---------------------------------------------------------------------

def dual_grad_norm(norm, g):
    """‖g‖*."""
    addr, n, keep = _vec(g, "g")
    v = c_double()
    nrm = _norm_for(norm, n)
    _run(_L.steepest_analysis_dual_grad_norm, nrm.as_parameter, n, addr, byref(v))
    return v.value


def guaranteed_decrease(norm, g, L):
    """Lemma 2: ‖g‖*²/(2L), what one scaled step with α = 1/L is guaranteed to
    decrease an L-smooth f by."""
    addr, n, keep = _vec(g, "g")
    v, dual = c_double(), c_double()
    nrm = _norm_for(norm, n)
    _run(_L.steepest_analysis_guaranteed_decrease, nrm.as_parameter, n, addr,
         float(L), byref(v), byref(dual))
    return v.value


def guaranteed_decrease_matrix(norm, g, H, mode="auto", **options):
    """Lemma 2 with L the upper bound on ‖H‖: returns (decrease, L_used, exact);
    decrease is a :class:`steepest.Value` whose ``certified`` says whether it
    is guaranteed (always for a dense H; for a sparse or matrix-free H when
    the upper bound on ‖H‖ is certified, Operator.guaranteed_decrease)."""
    op = operator_of(H)
    if op is not None:
        v, L, ex, cert = op.guaranteed_decrease(norm, g, mode, **options)
        return Value(v, ex, cert), L, ex
    addr, n, keep = _vec(g, "g")
    haddr, m, hkeep = arrays.matrix_in(H, "H", n)
    opts = InducedOptions(mode, **options)
    v, L, ex = c_double(), c_double(), c_int()
    nrm = _norm_for(norm, n)
    _run(_L.steepest_analysis_guaranteed_decrease_matrix, nrm.as_parameter, n, addr,
         haddr, opts.ptr, byref(v), byref(L), byref(ex))
    return Value(v.value, ex.value, True), L.value, bool(ex.value)


class Certificate:
    """A Lemma 2 certificate: actual and guaranteed decrease, verdict
    ("holds", "violated", "stationary"), holds (bool) and x_next."""

    def __init__(self, actual, guaranteed, verdict, x_next):
        self.actual, self.guaranteed, self.x_next = actual, guaranteed, x_next
        self.verdict = VERDICTS.get(verdict, str(verdict))
        self.holds = verdict != 0

    def __bool__(self):
        return self.holds

    def __repr__(self):
        return "Certificate(%s: actual=%r, guaranteed=%r)" % (self.verdict, self.actual,
                                                               self.guaranteed)


def certify(norm, fun, x, L, rel_tol=-1.0):
    """Takes the scaled step x − (1/L) ∇f♯ and checks Lemma 2's guarantee.
    A violation is a result (verdict "violated"), not an error."""
    addr, n, keep = _vec(x, "x")
    cfn, data, ckeep = _objective.objective(fun)
    actual, guaranteed, verdict = c_double(), c_double(), c_int()
    x_next, naddr = arrays.new_vector(n)
    nrm = _norm_for(norm, n)
    _run(_L.steepest_analysis_certify, nrm.as_parameter, cfn, data, n, addr,
         float(L), float(rel_tol), byref(actual), byref(guaranteed), byref(verdict), naddr)
    return Certificate(actual.value, guaranteed.value, verdict.value, x_next)


# ---- rates ------------------------------------------------------------------------------

def _rate(fn, *args):
    v = c_double()
    check(fn(*[float(a) for a in args], byref(v)))
    return v.value


def average_grad_bound(L, f0, f_star, T):
    """Proposition 1: 2L(f0 − f*)/T bounds the average ‖∇f_t‖*²."""
    return _rate(_L.steepest_analysis_average_grad_bound, L, f0, f_star, T)


def convex_rate(L, R, T):
    """Theorem 1: f_T − f* <= 2LR²/(T + 4)."""
    return _rate(_L.steepest_analysis_convex_rate, L, R, T)


def pl_rate(L, mu, f0, f_star, T):
    """Theorem 2: f_T − f* <= (1 − μ/L)^T (f0 − f*)."""
    return _rate(_L.steepest_analysis_pl_rate, L, mu, f0, f_star, T)


def normalized_iterations(L0, L1, f0, f_star, epsilon):
    """Theorem 3: T_ε = 18 (f0 − f*) max(L0/ε², L1²/L0)."""
    return _rate(_L.steepest_analysis_normalized_iterations, L0, L1, f0, f_star, epsilon)


# ---- geometry measures --------------------------------------------------------------------

def density(z):
    """φ(z) = ‖z‖₁² / (d ‖z‖₂²) ∈ [1/d, 1]."""
    addr, n, keep = _vec(z, "z")
    v = c_double()
    check(_L.steepest_analysis_density(n, addr, byref(v)))
    return v.value


phi = density


def rho_diag(H):
    """ρ_diag(H) = Σ|H_ii| / Σ|H_ij| (exact also for sparse and matrix-free H)."""
    op = operator_of(H)
    if op is not None:
        return op.rho_diag()
    addr, n, keep = arrays.matrix_in(H, "H")
    v = c_double()
    check(_L.steepest_analysis_rho_diag(n, addr, byref(v)))
    return v.value


def eigen_ratio(H):
    """(λ_max/λ̄, λ_max, λ̄) of a symmetric PSD nonzero H.

    For a sparse or matrix-free H (Operator.eigen_ratio): (λ_max/λ̄ as a
    :class:`steepest.Bound`, the Ritz value θ_max <= λ_max as a
    :class:`steepest.Value`, λ̄ exact)."""
    op = operator_of(H)
    if op is not None:
        return op._eigen_ratio()
    addr, n, keep = arrays.matrix_in(H, "H")
    r, lmax, lmean = c_double(), c_double(), c_double()
    check(_L.steepest_analysis_eigen_ratio(n, addr, byref(r), byref(lmax), byref(lmean)))
    return r.value, lmax.value, lmean.value


def improvement_ratio(g, L2, L_inf):
    """R(x) = φ(g)·d·L2/L∞ (Eq. 12): > 1 favours sign gradient descent."""
    addr, n, keep = _vec(g, "g")
    v = c_double()
    check(_L.steepest_analysis_improvement_ratio(n, addr, float(L2), float(L_inf), byref(v)))
    return v.value


def improvement_ratio_bound(H, g):
    """Eq. 13: ρ_diag(H)·(λ_max/λ̄)·φ(g) <= R(x) for a quadratic with PSD H, as
    a :class:`steepest.Value`.  For a sparse or matrix-free H the lower end of
    the λ_max interval is used (Operator.improvement_ratio_bound): still a
    lower bound on R(x), at most the dense value; ``exact`` when equal to it,
    ``certified`` when proved."""
    op = operator_of(H)
    if op is not None:
        return Value(*op.improvement_ratio_bound(g))
    gaddr, n, gkeep = _vec(g, "g")
    haddr, m, hkeep = arrays.matrix_in(H, "H", n)
    v = c_double()
    check(_L.steepest_analysis_improvement_ratio_bound(n, haddr, gaddr, byref(v)))
    return Value(v.value)


# ---- smoothness estimation ------------------------------------------------------------------

def _gammas(gammas):
    gaddr, k, keep = _vec(list(gammas) if not hasattr(gammas, "__array_interface__") and
                          not isinstance(gammas, (list, tuple)) else gammas, "gammas")
    return gaddr, k, keep


def estimate_smoothness(norm, grad, x, g=None, gammas=DEFAULT_GAMMAS, alpha=1.0,
                        direction="unit"):
    """Directional estimate L̂ (a local LOWER estimate of L): returns
    (L_hat, gamma_best).  direction "unit" (s = −α s(g)) or "scaled" (−α g♯)."""
    if direction not in PROBES:
        raise ValueError("direction must be 'unit' or 'scaled', not %r" % (direction,))
    addr, n, keep = _vec(x, "x")
    gaddr = None
    if g is not None:
        gaddr, m, gkeep = _vec(g, "g")
        if m != n:
            raise ValueError("g has length %d but x has length %d" % (m, n))
    cfn, data, ckeep = _objective.gradient(grad)
    gam, k, gamkeep = _gammas(gammas)
    L, best = c_double(), c_double()
    nrm = _norm_for(norm, n)
    _run(_L.steepest_analysis_estimate_smoothness, nrm.as_parameter, cfn, data, n,
         addr, gaddr, gam, k, float(alpha), PROBES[direction], byref(L), byref(best))
    return L.value, best.value


def estimate_improvement_ratio(grad, x, gammas=DEFAULT_GAMMAS, alpha2=1.0, alpha_inf=1.0):
    """R̂(x) = φ(∇f)·d·L̂2/L̂∞ (Sec. 5.2): returns (ratio, L2_hat, L_inf_hat)."""
    addr, n, keep = _vec(x, "x")
    cfn, data, ckeep = _objective.gradient(grad)
    gam, k, gamkeep = _gammas(gammas)
    r, l2, linf = c_double(), c_double(), c_double()
    _run(_L.steepest_analysis_estimate_improvement_ratio, cfn, data, n, addr, gam, k,
         float(alpha2), float(alpha_inf), byref(r), byref(l2), byref(linf))
    return r.value, l2.value, linf.value


# ---- norm comparison -------------------------------------------------------------------------

class ComparisonEntry:
    """One ranked norm: spec, L_lower, L_upper, exact, method, dual_grad_norm,
    improvement (‖g‖*²/L_upper), improvement_optimistic, guaranteed."""
    __slots__ = ("spec", "L_lower", "L_upper", "exact", "method", "dual_grad_norm",
                 "improvement", "improvement_optimistic", "guaranteed")

    def __repr__(self):
        return "ComparisonEntry(%r, improvement=%r, L=[%r, %r]%s)" % (
            self.spec, self.improvement, self.L_lower, self.L_upper,
            "" if self.guaranteed else ", estimated")


class Comparison:
    """Norms ranked by guaranteed improvement (``entries``, best first), the
    gradient they were compared at, and ``skipped``: (name, status_name, reason)."""

    def __init__(self, ptr):
        try:
            self.entries = []
            for r in range(_L.steepest_comparison_count(ptr)):
                spec, method = c_char_p(), c_char_p()
                d = [c_double() for _ in range(5)]
                ex, guar = c_int(), c_int()
                check(_L.steepest_comparison_get(ptr, r, byref(spec), byref(d[0]), byref(d[1]),
                                                 byref(ex), byref(method), byref(d[2]),
                                                 byref(d[3]), byref(d[4]), byref(guar)))
                e = ComparisonEntry()
                e.spec, e.method = _lib.decode(spec.value), _lib.decode(method.value)
                e.L_lower, e.L_upper, e.dual_grad_norm, e.improvement, \
                    e.improvement_optimistic = (v.value for v in d)
                e.exact, e.guaranteed = bool(ex.value), bool(guar.value)
                self.entries.append(e)
            n = c_size_t()
            gp = _L.steepest_comparison_get_gradient(ptr, byref(n))
            self.gradient = arrays.from_c(ctypes.cast(gp, c_void_p).value, n.value) if gp else None
            self.skipped = []
            for i in range(_L.steepest_comparison_skipped_count(ptr)):
                name, st, why = c_char_p(), c_int(), c_char_p()
                check(_L.steepest_comparison_get_skipped(ptr, i, byref(name), byref(st), byref(why)))
                self.skipped.append((_lib.decode(name.value), status_name(st.value),
                                     _lib.decode(why.value)))
        finally:
            _L.steepest_comparison_free(ptr)

    @property
    def best(self):
        return self.entries[0] if self.entries else None

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)

    def __repr__(self):
        return "Comparison(%s)" % ", ".join("%s: %.4g" % (e.spec, e.improvement)
                                            for e in self.entries)


def _specs(specs):
    if specs is None:
        return None, 0, None
    specs = [s.spec if isinstance(s, Norm) else s for s in specs]
    if any(not isinstance(s, str) for s in specs):
        raise TypeError("specs must be strings or Norm objects")
    arr = (c_char_p * len(specs))(*[s.encode() for s in specs])
    return arr, len(specs), arr


def compare_quadratic(H, x, b=None, specs=None, mode="auto", **options):
    """Ranks norms on f = ½xᵀHx − bᵀx at x by ‖g‖*²/‖H‖ (guaranteed).  specs:
    spec strings or Norms, or None for every loaded class by bare name.  A
    sparse or matrix-free H goes through Operator.compare_quadratic: an entry
    is guaranteed when its upper bound on ‖H‖ is certified, and norms
    without an operator method are skipped."""
    op = operator_of(H)
    if op is not None:
        return op.compare_quadratic(x, b, specs, mode, **options)
    addr, n, keep = _vec(x, "x")
    haddr, m, hkeep = arrays.matrix_in(H, "H", n)
    baddr = None
    if b is not None:
        baddr, nb, bkeep = _vec(b, "b")
        if nb != n:
            raise ValueError("b has length %d but x has length %d" % (nb, n))
    arr, k, skeep = _specs(specs)
    opts = InducedOptions(mode, **options)
    out = c_void_p()
    _run(_L.steepest_compare_quadratic, n, haddr, addr, baddr, arr, k, opts.ptr, byref(out))
    return Comparison(out.value)


def compare_gradient(grad, x, specs=None, L=None, gammas=DEFAULT_GAMMAS, alpha=1.0):
    """Ranks norms at x of a general problem: with L (one constant per spec,
    vouched for by the caller) the improvements are guaranteed; without, L is
    estimated (not guaranteed)."""
    addr, n, keep = _vec(x, "x")
    cfn, data, ckeep = _objective.gradient(grad)
    arr, k, skeep = _specs(specs)
    Laddr = None
    if L is not None:
        Laddr, kl, Lkeep = _vec(L, "L")
        if kl != k:
            raise ValueError("give one L per spec (%d specs, %d constants)" % (k, kl))
    gam, kg, gamkeep = _gammas(gammas)
    out = c_void_p()
    _run(_L.steepest_compare_gradient, cfn, data, n, addr, arr, Laddr, k, gam, kg, float(alpha),
         byref(out))
    return Comparison(out.value)


__all__ = ["dual_grad_norm", "guaranteed_decrease", "guaranteed_decrease_matrix", "certify",
           "Certificate", "average_grad_bound", "convex_rate", "pl_rate",
           "normalized_iterations", "density", "phi", "rho_diag", "eigen_ratio",
           "improvement_ratio", "improvement_ratio_bound", "estimate_smoothness",
           "estimate_improvement_ratio", "compare_quadratic", "compare_gradient", "Comparison",
           "ComparisonEntry"]
