"""Built-in test problems (steepest-problems.h), evaluated in C.

Each problem is callable, ``p(x) -> (value, gradient)``, and can be passed to
:func:`steepest.minimize` and the analysis functions wherever an objective is
expected; the library then calls its C code with no Python in the loop.
Arrays given to a constructor are copied (the problem owns its data).
"""
import ctypes
from ctypes import byref, c_double, c_void_p

from . import _lib, arrays
from .errors import calling, check
from .norms import Norm
from .objective import to_c_objective

_L = _lib.lib
_COPY = 1


class Problem:
    """Base class: owns one C problem handle."""
    _prefix = None
    _ptr = None

    def _init(self, ptr, dim):
        self._ptr = ptr
        self.dim = dim
        fn, data = c_void_p(), c_void_p()
        check(getattr(_L, "steepest_%s_get_objective" % self._prefix)(ptr, byref(fn), byref(data)))
        self._fn = to_c_objective(fn.value)
        self._data = data.value

    def __del__(self):
        ptr, self._ptr = self._ptr, None
        if ptr and _L is not None:
            getattr(_L, "steepest_%s_free" % self._prefix)(ptr)

    def _c_objective(self):
        return self._fn, self._data

    def _eval(self, x, want_grad):
        addr, n, keep = arrays.vector_in(x, "x")
        if n != self.dim:
            raise ValueError("x has length %d but the problem has dimension %d" % (n, self.dim))
        v = c_double()
        g, gaddr = arrays.new_vector(n) if want_grad else (None, None)
        rc = self._fn(self._data, n, addr, byref(v), gaddr)
        if rc:
            raise RuntimeError("the objective of %r failed with %d" % (self, rc))
        return v.value, g

    def __call__(self, x):
        """(f(x), ∇f(x))."""
        return self._eval(x, True)

    def value(self, x):
        """f(x)."""
        return self._eval(x, False)[0]

    def gradient(self, x):
        """∇f(x)."""
        return self._eval(x, True)[1]

    def _minimizer(self):
        x, addr = arrays.new_vector(self.dim)
        f = c_double()
        with calling():
            check(getattr(_L, "steepest_%s_get_minimizer" % self._prefix)(
                self._ptr, self.dim, addr, byref(f)))
        return x, f.value

    def _smoothness_bound(self, norm):
        if not isinstance(norm, Norm):
            norm = Norm(norm, self.dim)
        L = c_double()
        check(getattr(_L, "steepest_%s_get_smoothness_bound" % self._prefix)(
            self._ptr, norm.handle(self.dim), byref(L)))
        return L.value

    def __repr__(self):
        return "%s(dim=%d)" % (type(self).__name__, self.dim)


class Quadratic(Problem):
    """f(x) = ½ xᵀHx − bᵀx (H symmetric, b = 0 when None).  L w.r.t. a norm is
    ‖H‖ (Norm.induced_norm)."""
    _prefix = "quadratic"

    def __init__(self, H, b=None, diagonal=False):
        if diagonal:
            haddr, n, hkeep = arrays.vector_in(H, "h")
        else:
            haddr, n, hkeep = arrays.matrix_in(H, "H")
        baddr = None
        if b is not None:
            baddr, m, bkeep = arrays.vector_in(b, "b")
            if m != n:
                raise ValueError("b has length %d but H has dimension %d" % (m, n))
        p = c_void_p()
        fn = _L.steepest_quadratic_new_diagonal if diagonal else _L.steepest_quadratic_new
        check(fn(n, haddr, baddr, _COPY, byref(p)))
        self._init(p.value, n)

    @classmethod
    def diagonal(cls, h, b=None):
        """The separable quadratic H = diag(h) (O(n) memory, for large n)."""
        return cls(h, b, diagonal=True)

    def minimizer(self):
        """(x*, f*) with x* = H⁻¹b (NotPSDError if H is not positive definite)."""
        return self._minimizer()


class Rosenbrock(Problem):
    """The chained Rosenbrock function in n >= 2 dimensions; x* = (1, …, 1)."""
    _prefix = "rosenbrock"

    def __init__(self, n):
        p = c_void_p()
        check(_L.steepest_rosenbrock_new(n, byref(p)))
        self._init(p.value, n)

    def minimizer(self):
        return self._minimizer()


class Logistic(Problem):
    """ℓ2-regularized logistic regression: rows of A are examples, y in {−1, +1}."""
    _prefix = "logistic"

    def __init__(self, A, y, lam=0.0):
        aaddr, m, n, akeep = arrays.rect_matrix_in(A, "A")
        yaddr, my, ykeep = arrays.vector_in(y, "y")
        if my != m:
            raise ValueError("y has length %d but A has %d rows" % (my, m))
        p = c_void_p()
        check(_L.steepest_logistic_new(m, n, aaddr, yaddr, float(lam), _COPY, byref(p)))
        self._init(p.value, n)

    def smoothness_bound(self, norm):
        """An upper bound on L w.r.t. the norm."""
        return self._smoothness_bound(norm)


class LeastSquares(Problem):
    """f(x) = ½ ‖Ax − b‖₂²."""
    _prefix = "least_squares"

    def __init__(self, A, b):
        aaddr, m, n, akeep = arrays.rect_matrix_in(A, "A")
        baddr, mb, bkeep = arrays.vector_in(b, "b")
        if mb != m:
            raise ValueError("b has length %d but A has %d rows" % (mb, m))
        p = c_void_p()
        check(_L.steepest_least_squares_new(m, n, aaddr, baddr, _COPY, byref(p)))
        self._init(p.value, n)

    def smoothness_bound(self, norm):
        """An upper bound on L = ‖AᵀA‖ w.r.t. the norm."""
        return self._smoothness_bound(norm)

    def minimizer(self):
        return self._minimizer()


__all__ = ["Problem", "Quadratic", "Rosenbrock", "Logistic", "LeastSquares"]
