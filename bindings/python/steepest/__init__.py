"""libsteepest from Python: steepest descent under any norm, through ctypes.

    import steepest
    n = steepest.Norm("linf")
    n.step(x, g, alpha)            # x − alpha ‖g‖₁ sign(g)

See docs/python.md for a complete session.
"""
from . import _lib
from .errors import *  # noqa: F401,F403 — the exception hierarchy is public
from .errors import (Status, SteepestError, status_name, status_describe)  # noqa: F401
from .norms import *  # noqa: F401,F403
from .pynorm import PyNorm, Param, register_norm  # noqa: F401
from .arrays import HAVE_NUMPY  # noqa: F401


def version():
    """The loaded library's version string."""
    return _lib.decode(_lib.lib.steepest_version())


library_path = _lib.path
