"""Symmetric linear operators and the induced-norm bounds in operator form
(steepest-operator.h).

``Operator(A)`` accepts

- a dense square matrix (anything :func:`steepest.arrays.matrix_in` takes):
  answered exactly as the dense functions answer;
- a SciPy sparse CSR matrix (``scipy.sparse.csr_matrix`` / ``csr_array``):
  **zero-copy** when its ``data`` is float64 and its ``indices`` and
  ``indptr`` are int64, C-contiguous, with sorted indices and no duplicates;
  otherwise (int32 indices — SciPy's default for small matrices —, another
  dtype, unsorted or duplicate entries, or any other sparse format) a CSR
  copy with those dtypes is made once, at construction.  ``zero_copy`` says
  which happened.  Keep the matrix unchanged while the operator lives;
- any object with ``.shape`` (n, n) and ``.matvec(v)`` or ``@``
  (``scipy.sparse.linalg.LinearOperator``, a PyTorch Hessian-vector product
  wrapper, ...): products through a callback.  It must stand for a
  symmetric matrix.

Sparse and matrix-free answers are intervals: :class:`Bound` has lower,
upper, certified (is the upper bound certified, or does it rest on the
assumption the C header states) and method.  docs/induced.md ("Dense
functions and their operator forms") lists what every method gives for each
kind: exact, a certified interval, an estimate, or an error.
"""
import re
from ctypes import byref, c_char_p, c_double, c_int, c_size_t, c_uint, c_void_p

from . import _lib, arrays
from .errors import DimensionError, Status, calling, from_status, status_describe
from .norms import InducedNorm, InducedOptions, Norm

_L = _lib.lib

try:
    import numpy as np
except ImportError:  # the dense path works without NumPy
    np = None


class Bound(InducedNorm):
    """``lower <= value <= upper``; ``certified``: whether ``upper`` is
    certified; ``exact``: whether lower == upper is the value; ``method``.
    An :class:`~steepest.InducedNorm`: ``float(b)`` and ``b.value`` are the
    upper bound."""
    __slots__ = ()

    def __init__(self, lower, upper, exact, certified, method):
        super().__init__(lower, upper, exact, method, certified)

    def __repr__(self):
        return "Bound(lower=%r, upper=%r, exact=%r, certified=%r, method=%r)" % (
            self.lower, self.upper, self.exact, self.certified, self.method)


class Value(float):
    """A number with how it was obtained: ``exact`` (not a bound) and
    ``certified`` (what the number claims is proved, not an estimate).
    Arithmetic and comparisons are a float's."""

    def __new__(cls, value, exact=True, certified=True):
        self = super().__new__(cls, value)
        self.exact, self.certified = bool(exact), bool(certified)
        return self


def operator_of(H, name="H"):
    """H as an :class:`Operator` when it is one, a sparse matrix or a linear
    operator (:func:`steepest.arrays.is_operator_like`); None for a dense H.
    The entry points that take H call this first."""
    if isinstance(H, Operator):
        return H
    if arrays.is_operator_like(H):
        return Operator(H, _name=name)
    return None


# The C functions behind the methods, by the methods' names: a library
# message naming one is read in Python terms.
_METHODS = {
    "steepest_csr_new": "Operator()", "steepest_operator_new_csr": "Operator()",
    "steepest_operator_new_dense": "Operator()", "steepest_operator_new_callback": "Operator()",
    "steepest_operator_apply": "Operator.apply()", "steepest_operator_entry_sums": "Operator.entry_sums()",
    "steepest_operator_extreme_eigenvalues": "Operator.extreme_eigenvalues()",
    "steepest_operator_spectral_norm": "Operator.spectral_norm()", "steepest_operator_inf1": "Operator.inf1()",
    "steepest_norm_induced_operator": "Operator.induced_norm()", "steepest_operator_probes": "Operator.probes()",
    "steepest_analysis_rho_diag_operator": "Operator.rho_diag()", "steepest_operator_is_psd": "Operator.is_psd()",
    "steepest_operator_inf1_local_search": "Operator.inf1_local_search()", "steepest_operator_lsep": "Operator.lsep()",
    "steepest_operator_block_induced": "Operator.block_induced()",
    "steepest_analysis_eigen_ratio_operator": "Operator.eigen_ratio()",
    "steepest_analysis_improvement_ratio_bound_operator": "Operator.improvement_ratio_bound()",
    "steepest_analysis_guaranteed_decrease_operator": "Operator.guaranteed_decrease()",
    "steepest_compare_quadratic_operator": "Operator.compare_quadratic()",
}


def _pythonic(message):
    """steepest_operator_inf1 -> Operator.inf1() in a library message."""
    # (a name the table lacks is left as it is)
    return re.sub(r"\b(steepest_\w+)(\(\))?",
                  lambda m: _METHODS.get(m.group(1), m.group(0)), message)


def _check(status):
    """check(), the library's message read in Python terms."""
    if status < 0:
        message = _lib.decode(_L.steepest_last_error()) or status_describe(status)
        raise from_status(status, _pythonic(message))


def _is_csr(A):
    return getattr(A, "format", None) == "csr" and hasattr(A, "indptr") and hasattr(A, "indices")


def dense_only(H, function, instead):
    """Refuses a sparse or matrix-free H in a function that needs the dense
    entries, pointing to the Operator method that answers instead."""
    if arrays.is_operator_like(H):
        raise TypeError("%s takes a dense matrix, not a %s; for sparse matrices and linear "
                        "operators use steepest.Operator(H).%s" % (function, arrays._describe(H), instead))


class Operator:
    """A symmetric linear operator over R^n (see the module documentation)."""

    def __init__(self, A, _name="A"):
        self._ptr = c_void_p()
        self._csr = c_void_p()
        self._keep = []
        self._error = None
        self._name = _name
        self.zero_copy = False
        if hasattr(A, "tocsr") and hasattr(A, "format"):
            self._init_csr(A)
            self.kind = "csr"
        elif arrays.is_operator_like(A):
            self._init_callback(A)
            self.kind = "callback"
        else:
            addr, n, keep = arrays.matrix_in(A, _name)
            self._keep.append(keep)
            _check(_L.steepest_operator_new_dense(n, addr, byref(self._ptr)))
            self.dim = n
            self.kind = "dense"
            self.zero_copy = keep is A

    def _init_csr(self, A):
        if np is None:
            raise TypeError("sparse matrices need NumPy")
        if A.shape[0] != A.shape[1]:
            raise ValueError("%s must be square, not of shape %s" % (self._name, A.shape))
        fits = (_is_csr(A) and A.data.dtype == np.float64 and A.indices.dtype == np.int64
                and A.indptr.dtype == np.int64 and A.data.flags.c_contiguous
                and A.indices.flags.c_contiguous and A.indptr.flags.c_contiguous
                and A.has_sorted_indices and A.has_canonical_format)
        if not fits:
            B = A.tocsr(copy=True)
            B.sum_duplicates()
            B.sort_indices()
            data = np.ascontiguousarray(B.data, dtype=np.float64)
            indices = np.ascontiguousarray(B.indices, dtype=np.int64)
            indptr = np.ascontiguousarray(B.indptr, dtype=np.int64)
        else:
            data, indices, indptr = A.data, A.indices, A.indptr
        self._keep += [A, data, indices, indptr]
        n = int(A.shape[0])
        addr = [x.__array_interface__["data"][0] for x in (indptr, indices, data)]
        _check(_L.steepest_csr_new(n, addr[0], addr[1], addr[2], byref(self._csr)))
        _check(_L.steepest_operator_new_csr(self._csr, byref(self._ptr)))
        self.dim = n
        self.zero_copy = fits

    def _init_callback(self, A):
        if np is None:
            raise TypeError("operators given by .matvec need NumPy")
        n, m = (int(s) for s in A.shape)
        if n != m:
            raise ValueError("%s must be square, not of shape %s" % (self._name, A.shape))
        matvec = A.matvec if hasattr(A, "matvec") else (lambda v: A @ v)

        def hv(_user, size, v, out):
            try:
                vin = np.ctypeslib.as_array((c_double * size).from_address(v))
                res = np.asarray(matvec(vin.copy()), dtype=np.float64).reshape(-1)
                if res.shape[0] != size:
                    raise ValueError("matvec returned %d entries, expected %d" % (res.shape[0], size))
                np.ctypeslib.as_array((c_double * size).from_address(out))[:] = res
                return 0
            except BaseException as e:  # re-raised after the C call returns
                self._error = e
                return 1

        self._hv = _lib.HvpFn(hv)
        self._keep.append(A)
        _check(_L.steepest_operator_new_callback(n, self._hv, None, byref(self._ptr)))
        self.dim = n

    def _call(self, fn, *args):
        self._error = None
        with calling():
            st = fn(*args)
        if self._error is not None:
            e, self._error = self._error, None
            raise e
        _check(st)

    def __del__(self):
        try:
            if self._ptr:
                _L.steepest_operator_free(self._ptr)
            if self._csr:
                _L.steepest_csr_free(self._csr)
        except Exception:
            pass
        self._ptr = self._csr = None

    def apply(self, v):
        """H v (a new vector)."""
        addr, n, keep = arrays.vector_in(v, "v")
        if n != self.dim:
            raise ValueError("v has length %d but the operator has dimension %d" % (n, self.dim))
        out, oaddr = arrays.new_vector(self.dim)
        self._call(_L.steepest_operator_apply, self._ptr, addr, oaddr)
        return out

    matvec = apply        # as scipy.sparse.linalg.LinearOperator's

    @property
    def shape(self):
        """(n, n)."""
        return (self.dim, self.dim)

    def entry_sums(self):
        """dict: max_abs, sum_abs, max_row_sum, diag_abs_sum, gershgorin_min (exact; a
        callback pays n products)."""
        vals = [c_double() for _ in range(5)]
        self._call(_L.steepest_operator_entry_sums, self._ptr, *(byref(v) for v in vals))
        return dict(zip(("max_abs", "sum_abs", "max_row_sum", "diag_abs_sum", "gershgorin_min"),
                        (v.value for v in vals)))

    def extreme_eigenvalues(self, seed=None):
        """(λ_min Ritz value, λ_max Ritz value, their residuals) — Lanczos (ARPACK)."""
        opts = InducedOptions("bounds", seed=seed)
        vals = [c_double() for _ in range(4)]
        self._call(_L.steepest_operator_extreme_eigenvalues, self._ptr, opts.ptr, *(byref(v) for v in vals))
        return tuple(v.value for v in vals)

    def spectral_norm(self, seed=None):
        """‖H‖₂ as a :class:`Bound`."""
        opts = InducedOptions("bounds", seed=seed)
        lo, up, cert, method = c_double(), c_double(), c_int(), c_char_p()
        self._call(_L.steepest_operator_spectral_norm, self._ptr, opts.ptr, byref(lo), byref(up), byref(cert),
                   byref(method))
        return Bound(lo.value, up.value, lo.value == up.value and self.kind == "dense", cert.value,
                     _lib.decode(method.value))

    def inf1(self, mode="auto", **options):
        """‖H‖_{∞,1} as a :class:`Bound` (options as Norm.induced_norm)."""
        opts = InducedOptions(mode, **options)
        lo, up, ex, cert, method = c_double(), c_double(), c_int(), c_int(), c_char_p()
        self._call(_L.steepest_operator_inf1, self._ptr, opts.ptr, byref(lo), byref(up), byref(ex), byref(cert),
                   byref(method))
        return Bound(lo.value, up.value, ex.value, cert.value, _lib.decode(method.value))

    def induced_norm(self, norm, mode="auto", **options):
        """The smoothness constant ‖H‖ in a norm (a spec string or a Norm): l2,
        linf, l1 for sparse and matrix-free operators; any norm for dense."""
        norm, ptr = self._norm(norm)
        opts = InducedOptions(mode, **options)
        lo, up, ex, cert, method = c_double(), c_double(), c_int(), c_int(), c_char_p()
        self._call(_L.steepest_norm_induced_operator, ptr, self._ptr, opts.ptr, byref(lo), byref(up), byref(ex),
                   byref(cert), byref(method))
        return Bound(lo.value, up.value, ex.value, cert.value, _lib.decode(method.value))

    def probes(self, count=32, seed=0):
        """dict: abs_lower (max ‖Hz‖₁), quad_lower (max zᵀHz), trace (Hutchinson) and
        trace_stderr, over `count` Rademacher vectors z."""
        vals = [c_double() for _ in range(4)]
        self._call(_L.steepest_operator_probes, self._ptr, int(count), int(seed), *(byref(v) for v in vals))
        return dict(zip(("abs_lower", "quad_lower", "trace", "trace_stderr"), (v.value for v in vals)))

    def rho_diag(self):
        """ρ_diag(H) = Σ|H_ii| / Σ|H_ij| (exact)."""
        v = c_double()
        self._call(_L.steepest_analysis_rho_diag_operator, self._ptr, byref(v))
        return v.value

    def _norm(self, norm):
        """(the Norm, its C instance in this dimension) for a Norm or a spec."""
        if not isinstance(norm, Norm):
            norm = Norm(norm, self.dim)
        if norm.dim is not None and norm.dim != self.dim:
            raise DimensionError("%s is %dx%d but norm '%s' has dimension %d"
                                 % (self._name, self.dim, self.dim, norm.spec, norm.dim),
                                 Status.ERROR_DIMENSION)
        return norm, norm._ptr_for(self.dim)

    def _vector(self, v, name):
        addr, n, keep = arrays.vector_in(v, name)
        if n != self.dim:
            raise ValueError("%s has length %d but the operator has dimension %d" % (name, n, self.dim))
        return addr, keep

    def is_psd(self, seed=None):
        """dict: psd (the verdict), certified (is it proved), lambda_min_lower,
        lambda_min_upper (an interval around λ_min) and method."""
        opts = InducedOptions("bounds", seed=seed)
        psd, cert, lo, up, method = c_int(), c_int(), c_double(), c_double(), c_char_p()
        self._call(_L.steepest_operator_is_psd, self._ptr, opts.ptr, byref(psd), byref(lo), byref(up), byref(cert),
                   byref(method))
        return {"psd": bool(psd.value), "certified": bool(cert.value), "lambda_min_lower": lo.value,
                "lambda_min_upper": up.value, "method": _lib.decode(method.value)}

    def inf1_local_search(self, seed=0, restarts=0):
        """(lower bound on ‖H‖_{∞,1}, the sign vector that attains it)."""
        v = c_double()
        x, xaddr = arrays.new_vector(self.dim)
        self._call(_L.steepest_operator_inf1_local_search, self._ptr, int(seed), int(restarts), byref(v), xaddr)
        return v.value, x

    def lsep(self, max_sweeps=0, tolerance=0.0, seed=0):
        """L_sep(H) as :class:`steepest.matrix.LSep` (dense and CSR operators; a
        callback raises UNSUPPORTED)."""
        from .matrix import LSep
        primal, dual, sweeps = c_double(), c_double(), c_uint()
        l, laddr = arrays.new_vector(self.dim)
        self._call(_L.steepest_operator_lsep, self._ptr, int(max_sweeps), float(tolerance), int(seed),
                   byref(primal), byref(dual), laddr, byref(sweeps))
        return LSep(primal.value, dual.value, l, sweeps.value)

    def block_induced(self, sizes, mode="auto", **options):
        """The norm induced by max_b ‖x_b‖₂ (contiguous blocks of the given
        sizes) as a :class:`Bound`."""
        sizes = list(sizes)
        if any(isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in sizes):
            raise ValueError("block sizes must be positive ints")
        if sum(sizes) != self.dim:
            raise ValueError("block sizes sum to %d but the operator has dimension %d" % (sum(sizes), self.dim))
        start = (c_size_t * (len(sizes) + 1))()
        for b, size in enumerate(sizes):
            start[b + 1] = start[b] + size
        opts = InducedOptions(mode, **options)
        lo, up, ex, cert, method = c_double(), c_double(), c_int(), c_int(), c_char_p()
        self._call(_L.steepest_operator_block_induced, self._ptr, len(sizes), start, opts.ptr, byref(lo),
                   byref(up), byref(ex), byref(cert), byref(method))
        return Bound(lo.value, up.value, ex.value, cert.value, _lib.decode(method.value))

    def eigen_ratio(self, seed=None):
        """λ_max/λ̄ as a :class:`Bound` (method: None)."""
        return self._eigen_ratio(seed)[0]

    def _eigen_ratio(self, seed=None):
        """(λ_max/λ̄ as a Bound, the Ritz value θ_max <= λ_max as a Value, λ̄)."""
        opts = InducedOptions("bounds", seed=seed)
        lo, up, cert, lmax, lmean = c_double(), c_double(), c_int(), c_double(), c_double()
        self._call(_L.steepest_analysis_eigen_ratio_operator, self._ptr, opts.ptr, byref(lo), byref(up),
                   byref(cert), byref(lmax), byref(lmean))
        # θ_max is λ_max itself for a dense operator, else a lower bound on it.
        return (Bound(lo.value, up.value, lo.value == up.value, cert.value, None),
                Value(lmax.value, self.kind == "dense", cert.value), lmean.value)

    def improvement_ratio_bound(self, g, seed=None):
        """(Eq. 13 lower bound on R(x) with λ_max's lower end, exact, certified)."""
        addr, keep = self._vector(g, "g")
        opts = InducedOptions("bounds", seed=seed)
        v, ex, cert = c_double(), c_int(), c_int()
        self._call(_L.steepest_analysis_improvement_ratio_bound_operator, self._ptr, addr, opts.ptr, byref(v),
                   byref(ex), byref(cert))
        return v.value, bool(ex.value), bool(cert.value)

    def guaranteed_decrease(self, norm, g, mode="auto", **options):
        """Lemma 2 with L the upper bound on ‖H‖ in the norm: (decrease, L_used,
        exact, certified); guaranteed when certified."""
        norm, ptr = self._norm(norm)
        addr, keep = self._vector(g, "g")
        opts = InducedOptions(mode, **options)
        v, L, ex, cert = c_double(), c_double(), c_int(), c_int()
        self._call(_L.steepest_analysis_guaranteed_decrease_operator, ptr, self._ptr, addr, opts.ptr, byref(v),
                   byref(L), byref(ex), byref(cert))
        return v.value, L.value, bool(ex.value), bool(cert.value)

    def compare_quadratic(self, x, b=None, specs=None, mode="auto", **options):
        """Ranks norms on f = ½xᵀHx − bᵀx at x (steepest.analysis.compare_quadratic
        for this operator); an entry is guaranteed when its upper bound on L is
        certified."""
        from .analysis import Comparison, _specs
        addr, keep = self._vector(x, "x")
        baddr = None
        if b is not None:
            baddr, bkeep = self._vector(b, "b")
        arr, k, skeep = _specs(specs)
        opts = InducedOptions(mode, **options)
        out = c_void_p()
        self._call(_L.steepest_compare_quadratic_operator, self._ptr, addr, baddr, arr, k, opts.ptr, byref(out))
        cmp = Comparison(out.value)
        cmp.skipped = [(name, status, _pythonic(why)) for name, status, why in cmp.skipped]
        return cmp


__all__ = ["Operator", "Bound", "Value", "operator_of"]
