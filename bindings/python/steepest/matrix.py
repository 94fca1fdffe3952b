"""Dense matrix kernels behind the induced norms (steepest-matrix.h).

Matrices: square, row-major (see :mod:`steepest.arrays`).  Every function
raises the matching :class:`~steepest.SteepestError` on failure (NotFiniteError
naming the entry, NotSymmetricError, NotPSDError, ...).
"""
from ctypes import byref, c_char_p, c_double, c_int, c_size_t, c_uint

from . import _lib, arrays
from .errors import calling, check
from .norms import InducedNorm, InducedOptions, progress_callback
from .operator import dense_only, operator_of

_L = _lib.lib

SYMMETRY_TOL = 1e-12


def _scalar(fn, H):
    addr, n, keep = arrays.matrix_in(H, "H")
    v = c_double()
    check(fn(n, addr, byref(v)))
    return v.value


def is_symmetric(H, tol=SYMMETRY_TOL):
    """True if |H_ij − H_ji| <= tol · max|H_kl| everywhere (dense H only: an
    Operator stands for a symmetric matrix, and checks a CSR one where it
    needs symmetry)."""
    dense_only(H, "matrix.is_symmetric()", "is_psd() (NOT_SYMMETRIC names the row of an asymmetric CSR matrix)")
    addr, n, keep = arrays.matrix_in(H, "H")
    r = c_int()
    check(_L.steepest_matrix_is_symmetric(n, addr, float(tol), byref(r)))
    return bool(r.value)


def max_abs(H):
    """max_ij |H_ij| = ‖H‖_{1,∞}, the norm induced by ℓ1.  Also for sparse
    and matrix-free H (exact; n products for a linear operator)."""
    op = operator_of(H)
    if op is not None:
        return op.entry_sums()["max_abs"]
    return _scalar(_L.steepest_matrix_max_abs, H)


def sum_abs(H):
    """Σ_ij |H_ij|, an upper bound on ‖H‖_{∞,1} (Proposition 3).  Also for
    sparse and matrix-free H (exact; n products for a linear operator)."""
    op = operator_of(H)
    if op is not None:
        return op.entry_sums()["sum_abs"]
    return _scalar(_L.steepest_matrix_sum_abs, H)


def spectral_norm(H):
    """‖H‖₂ (eigenvalues for symmetric H, else the largest singular value)."""
    dense_only(H, "matrix.spectral_norm()", "spectral_norm() (an interval, as a Bound)")
    return _scalar(_L.steepest_matrix_spectral_norm, H)


def sym_eigenvalues(H):
    """The eigenvalues of symmetric H, ascending (a new vector)."""
    dense_only(H, "matrix.sym_eigenvalues()", "extreme_eigenvalues() (Lanczos)")
    addr, n, keep = arrays.matrix_in(H, "H")
    out, oaddr = arrays.new_vector(n)
    check(_L.steepest_matrix_sym_eigenvalues(n, addr, oaddr))
    return out


def is_psd(H):
    """(psd, λ_min): whether symmetric H is positive semidefinite up to rounding."""
    dense_only(H, "matrix.is_psd()", "is_psd() (the verdict, whether it is certified, and an interval around λ_min)")
    addr, n, keep = arrays.matrix_in(H, "H")
    r, lam = c_int(), c_double()
    check(_L.steepest_matrix_is_psd(n, addr, byref(r), byref(lam)))
    return bool(r.value), lam.value


def inf1_exact(H, threads=0, progress=None):
    """(‖H‖_{∞,1}, maximizing sign vector) by Gray-code enumeration (n <= 62)."""
    dense_only(H, "matrix.inf1_exact()", "inf1() (a certified interval; enumeration needs the entries)")
    addr, n, keep = arrays.matrix_in(H, "H")
    v = c_double()
    x, xaddr = arrays.new_vector(n)
    cb = progress_callback(progress) if progress is not None else _lib.ProgressFn()
    with calling():
        check(_L.steepest_matrix_inf1_exact(n, addr, int(threads), cb, None, byref(v), xaddr))
    return v.value, x


def inf1_local_search(H, seed=0, restarts=0):
    """(lower bound on ‖H‖_{∞,1}, its sign vector) by alternating local search
    (also for sparse and matrix-free H)."""
    op = operator_of(H)
    if op is not None:
        return op.inf1_local_search(seed, restarts)
    addr, n, keep = arrays.matrix_in(H, "H")
    v = c_double()
    x, xaddr = arrays.new_vector(n)
    check(_L.steepest_matrix_inf1_local_search(n, addr, int(seed), int(restarts), byref(v), xaddr))
    return v.value, x


def _bounds(call, mode, options):
    opts = InducedOptions(mode, **options)
    lo, hi, ex, method = c_double(), c_double(), c_int(), c_char_p()
    with calling():
        check(call(opts.ptr, byref(lo), byref(hi), byref(ex), byref(method)))
    return InducedNorm(lo.value, hi.value, ex.value, _lib.decode(method.value))


def inf1(H, mode="auto", **options):
    """‖H‖_{∞,1} as an :class:`InducedNorm` (exact or certified bounds);
    options as Norm.induced_norm.  A sparse or matrix-free H gives a
    :class:`steepest.Bound` (Operator.inf1)."""
    op = operator_of(H)
    if op is not None:
        return op.inf1(mode, **options)
    addr, n, keep = arrays.matrix_in(H, "H")
    return _bounds(lambda o, *out: _L.steepest_matrix_inf1(n, addr, o, *out), mode, options)


def block_induced(H, sizes, mode="auto", **options):
    """The norm induced by max_b ‖x_b‖₂ with contiguous blocks of the given
    sizes.  A sparse or matrix-free H gives a :class:`steepest.Bound`
    (Operator.block_induced)."""
    op = operator_of(H)
    if op is not None:
        return op.block_induced(sizes, mode, **options)
    addr, n, keep = arrays.matrix_in(H, "H")
    sizes = list(sizes)
    if any(isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in sizes):
        raise ValueError("block sizes must be positive ints")
    if sum(sizes) != n:
        raise ValueError("block sizes sum to %d but H is %dx%d" % (sum(sizes), n, n))
    start = (c_size_t * (len(sizes) + 1))()
    for b, s in enumerate(sizes):
        start[b + 1] = start[b] + s
    return _bounds(lambda o, *out: _L.steepest_matrix_block_induced(n, addr, len(sizes), start, o,
                                                                   *out), mode, options)


class LSep:
    """L_sep(H) bounds: dual <= L_sep <= primal, l a feasible diagonal
    (H ⪯ diag(l)), sweeps done."""

    def __init__(self, primal, dual, l, sweeps):
        self.primal, self.dual, self.l, self.sweeps = primal, dual, l, sweeps

    def __float__(self):
        return float(self.primal)

    def __repr__(self):
        return "LSep(primal=%r, dual=%r, sweeps=%d)" % (self.primal, self.dual, self.sweeps)


def lsep(H, max_sweeps=0, tolerance=0.0, seed=0):
    """Separable smoothness L_sep(H) = min Σ l_i s.t. H ⪯ diag(l) (symmetric PSD H;
    also a sparse H, through Operator.lsep; a linear operator cannot give it)."""
    op = operator_of(H)
    if op is not None:
        return op.lsep(max_sweeps, tolerance, seed)
    addr, n, keep = arrays.matrix_in(H, "H")
    primal, dual, sweeps = c_double(), c_double(), c_uint()
    l, laddr = arrays.new_vector(n)
    check(_L.steepest_matrix_lsep(n, addr, int(max_sweeps), float(tolerance), int(seed),
                                  byref(primal), byref(dual), laddr, byref(sweeps)))
    return LSep(primal.value, dual.value, l, sweeps.value)


__all__ = ["is_symmetric", "max_abs", "sum_abs", "spectral_norm", "sym_eigenvalues", "is_psd",
           "inf1_exact", "inf1_local_search", "inf1", "block_induced", "lsep", "LSep"]
