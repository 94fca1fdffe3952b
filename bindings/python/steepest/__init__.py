"""libsteepest from Python: steepest descent under any norm, through ctypes.

    import steepest
    n = steepest.Norm("linf")
    n.step(x, g, alpha)                       # x − alpha ‖g‖₁ sign(g)
    r = steepest.minimize(fun, x0, norm="linf", step="fixed", lipschitz=L)

Modules: norms (Norm, registry), pynorm (norms written in Python), solver
(minimize, Solver), problems (built-in objectives), analysis (guarantees, φ,
ρ_diag, R(x), norm comparison, smoothness estimation), matrix (induced-norm
kernels, L_sep), experiments (Haar rotations, R^θ, the paper's Hessians),
errors, arrays (what buffers are accepted).  docs/python.md is the guide.
"""
from . import _lib
from .errors import *  # noqa: F401,F403 — the exception hierarchy is public
from .errors import Status, SteepestError, status_name, status_describe  # noqa: F401
from .norms import *  # noqa: F401,F403
from .pynorm import PyNorm, Param, register_norm  # noqa: F401
from .arrays import HAVE_NUMPY  # noqa: F401
from . import arrays, errors, norms, pynorm, objective  # noqa: F401
from . import solver, problems, analysis, matrix, experiments  # noqa: F401
from .solver import minimize, Solver, Result, check_gradient  # noqa: F401
from .problems import Quadratic, Rosenbrock, Logistic, LeastSquares  # noqa: F401
from .experiments import Rng  # noqa: F401
from . import optimizer  # noqa: F401
from .optimizer import Optimizer  # noqa: F401
from . import operator  # noqa: F401
from .operator import Operator, Bound, Value  # noqa: F401


def version():
    """The loaded library's version string."""
    return _lib.decode(_lib.lib.steepest_version())


library_path = _lib.path
