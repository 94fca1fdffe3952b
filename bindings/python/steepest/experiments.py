"""The paper's experiment problems (steepest-experiments.h): a seeded portable
generator, Haar-random rotations, R^θ, the rotated Hessians of Figure 2 and
one cell of Figure 2.

Matrices returned are d x d NumPy arrays when NumPy is importable, else flat
row-major ``array.array('d')`` of d*d entries.
"""
from ctypes import byref, c_double, c_int, c_void_p

from . import _lib, arrays
from .errors import calling, check
from .norms import InducedOptions, Norm

_L = _lib.lib


class Rng:
    """xoshiro256** seeded through splitmix64: the same stream everywhere."""

    def __init__(self, seed=0):
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2 ** 64:
            raise ValueError("seed must be an int in [0, 2**64)")
        p = c_void_p()
        check(_L.steepest_rng_new(seed, byref(p)))
        self._ptr = p.value

    def __del__(self):
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr and _L is not None:
            _L.steepest_rng_free(ptr)

    def next_u64(self):
        return _L.steepest_rng_next_u64(self._ptr)

    def uniform(self):
        """A double in [0, 1)."""
        return _L.steepest_rng_uniform(self._ptr)

    def normal(self, n=None):
        """One N(0, 1) draw, or a new vector of n of them."""
        if n is None:
            return _L.steepest_rng_normal(self._ptr)
        out, addr = arrays.new_vector(n)
        check(_L.steepest_rng_fill_normal(self._ptr, n, addr))
        return out

    def rotation(self, d):
        """A Haar-random rotation in SO(d)."""
        return random_rotation(self, d)


def _dim(d):
    if isinstance(d, bool) or not isinstance(d, int) or d < 1:
        raise ValueError("d must be a positive int, not %r" % (d,))
    return d


def random_rotation(rng, d):
    """A Haar-distributed rotation (orthogonal, det +1), d x d."""
    if not isinstance(rng, Rng):
        raise TypeError("rng must be a steepest.Rng")
    R, addr = arrays.new_matrix(_dim(d))
    check(_L.steepest_random_rotation(rng._ptr, d, addr))
    return R


def rotation_power(R, theta):
    """R^θ, the principal fractional power of a rotation (real Schur form)."""
    addr, d, keep = arrays.matrix_in(R, "R")
    out, oaddr = arrays.new_matrix(d)
    check(_L.steepest_rotation_power(d, addr, float(theta), oaddr))
    return out


def lambda_max(d, ratio):
    """λ_max giving Λ = diag(1, …, 1, λ_max) the concentration λ_max/λ̄ = ratio."""
    v = c_double()
    check(_L.steepest_experiment_lambda_max(_dim(d), float(ratio), byref(v)))
    return v.value


def spectrum(d, ratio):
    """Λ = (1, …, 1, λ_max) with λ_max/λ̄ = ratio."""
    out, addr = arrays.new_vector(_dim(d))
    check(_L.steepest_experiment_spectrum(d, float(ratio), addr))
    return out


def rotated_hessian(R, theta, lam):
    """H = R^θ diag(λ) (R^θ)ᵀ, exactly symmetric."""
    raddr, d, rkeep = arrays.matrix_in(R, "R")
    laddr, n, lkeep = arrays.vector_in(lam, "lambda")
    if n != d:
        raise ValueError("lambda has length %d but R is %dx%d" % (n, d, d))
    H, haddr = arrays.new_matrix(d)
    check(_L.steepest_rotated_hessian(d, raddr, float(theta), laddr, haddr))
    return H


def paper_hessian(d=12, ratio=4.0, theta=0.0, seed=0, rng=None):
    """One Hessian of Figure 2: H = R^θ Λ (R^θ)ᵀ with a Haar rotation R drawn
    from ``rng`` (or a new Rng(seed)) and Λ = spectrum(d, ratio)."""
    rng = rng if rng is not None else Rng(seed)
    return rotated_hessian(random_rotation(rng, d), theta, spectrum(d, ratio))


class CompareResult:
    """One cell of Figure 2: L_a, L_b, exact, dist_a, dist_b (mean ‖x_T‖₂)."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    @property
    def ratio(self):
        """dist_b / dist_a (e.g. sign GD over GD: < 1 means b wins)."""
        return self.dist_b / self.dist_a if self.dist_a else float("inf")

    def __repr__(self):
        return "CompareResult(L_a=%r, L_b=%r, dist_a=%r, dist_b=%r)" % (
            self.L_a, self.L_b, self.dist_a, self.dist_b)


def compare(H, x0, norm_a="l2", norm_b="linf", steps=100, mode="auto", **options):
    """Runs `steps` scaled steps with α = 1/‖H‖ in two norms from every row of
    x0 (repeats x d, or one vector) on f = ½xᵀHx; returns a CompareResult."""
    haddr, d, hkeep = arrays.matrix_in(H, "H")
    try:
        xaddr, reps, cols, xkeep = arrays.rect_matrix_in(x0, "x0", n=d)
    except ValueError:
        xaddr, length, xkeep = arrays.vector_in(x0, "x0")
        if length % d:
            raise ValueError("x0 must hold rows of %d entries" % d) from None
        reps = length // d
    a = norm_a if isinstance(norm_a, Norm) else Norm(norm_a)
    b = norm_b if isinstance(norm_b, Norm) else Norm(norm_b)
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError("steps must be a non-negative int")
    opts = InducedOptions(mode, **options)
    La, Lb, ex, da, db = c_double(), c_double(), c_int(), c_double(), c_double()
    with calling():
        check(_L.steepest_experiment_compare(a.handle(d), b.handle(d), d, haddr, opts.ptr,
                                             reps, xaddr, steps, byref(La), byref(Lb), byref(ex),
                                             byref(da), byref(db)))
    return CompareResult(L_a=La.value, L_b=Lb.value, exact=bool(ex.value), dist_a=da.value,
                         dist_b=db.value)


__all__ = ["Rng", "random_rotation", "rotation_power", "lambda_max", "spectrum",
           "rotated_hessian", "paper_hessian", "compare", "CompareResult"]
