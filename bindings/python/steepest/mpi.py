"""Distributed steepest descent over MPI (libsteepest-mpi) with mpi4py.

    from mpi4py import MPI
    import steepest, steepest.mpi
    opt = steepest.mpi.DistributedOptimizer(MPI.COMM_WORLD, steepest.Norm("linf", n),
                                            "sign-majority", lr=1e-2, share=len(my_rows))
    for t in range(T):
        opt.update(x, local_gradient(x))      # collective: every rank calls it

Every rank must create the optimizer and call ``update`` in the same order;
failures are agreed on, so every rank raises the same exception at the same
step with x unchanged (see docs/distributed.md for the rules and formulas).

The library is found next to libsteepest (or through ``STEEPEST_MPI_LIBRARY``,
or ``STEEPEST_BUILD_MPI_LIBRARY`` in a build tree).  Importing this module
needs mpi4py (Debian: python3-mpi4py) and a libsteepest built with MPI.
"""
import ctypes
import os
from ctypes import POINTER, byref, c_char_p, c_double, c_int, c_size_t, c_uint64, c_void_p

from mpi4py import MPI

from . import _lib, arrays
from .errors import check

RULES = ("mean", "sign-majority", "scaled-sign-ef")


def _load():
    tried = []
    for how in ("STEEPEST_MPI_LIBRARY", "STEEPEST_BUILD_MPI_LIBRARY"):
        path = os.environ.get(how)
        if path:
            try:
                return ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
            except OSError as e:
                if how == "STEEPEST_MPI_LIBRARY":
                    raise ImportError("%s=%s cannot be loaded: %s" % (how, path, e)) from e
                tried.append("%s (%s): %s" % (path, how, e))
    beside = os.path.join(os.path.dirname(_lib.path), "libsteepest-mpi.so.1")
    try:
        return ctypes.CDLL(beside, mode=ctypes.RTLD_GLOBAL)
    except OSError as e:
        tried.append("%s (next to libsteepest): %s" % (beside, e))
    raise ImportError("libsteepest-mpi not found (libsteepest built without MPI?). Tried: %s"
                      % "; ".join(tried))


_M = _load()
# MPI_Comm is a pointer in Open MPI and an int in MPICH: take mpi4py's word for it.
_Comm = c_void_p if MPI._sizeof(MPI.Comm) == ctypes.sizeof(c_void_p) else c_int
_Run = c_void_p

_M.steepest_mpi_run_new.argtypes = [_Comm, c_void_p, c_size_t, c_int, c_double, POINTER(_Run)]
_M.steepest_mpi_run_new.restype = c_int
_M.steepest_mpi_run_free.argtypes = [_Run]
_M.steepest_mpi_run_free.restype = None
for _name in ("steepest_mpi_run_set_step_size", "steepest_mpi_run_set_momentum"):
    getattr(_M, _name).argtypes = [_Run, c_double]
    getattr(_M, _name).restype = c_int
_M.steepest_mpi_run_set_check_identical.argtypes = [_Run, c_int]
_M.steepest_mpi_run_set_check_identical.restype = c_int
_M.steepest_mpi_update_local.argtypes = [_Run, c_size_t, c_void_p, POINTER(c_double), c_void_p, c_int]
_M.steepest_mpi_update_local.restype = c_int
_M.steepest_mpi_rule_from_name.argtypes = [c_char_p, POINTER(c_int)]
_M.steepest_mpi_rule_from_name.restype = c_int
_M.steepest_mpi_run_get_steps.argtypes = [_Run]
_M.steepest_mpi_run_get_steps.restype = c_uint64
_M.steepest_mpi_run_get_f.argtypes = [_Run]
_M.steepest_mpi_run_get_f.restype = c_double
_M.steepest_mpi_run_get_bytes.argtypes = [_Run] + [POINTER(c_uint64)] * 4
_M.steepest_mpi_run_get_bytes.restype = c_int
for _name in ("steepest_mpi_run_get_rank", "steepest_mpi_run_get_size"):
    getattr(_M, _name).argtypes = [_Run]
    getattr(_M, _name).restype = c_int


class DistributedOptimizer:
    """A distributed run (steepest_mpi_run_new) on an mpi4py communicator.

    ``rule`` is "mean", "sign-majority" or "scaled-sign-ef"; ``share`` this
    rank's share of the data (e.g. its row count); ``lr`` the step size;
    ``momentum`` β (mean: heavy ball on the mean; sign-majority: Signum);
    ``check_identical`` the debug checksum of x after every step.  Creation is
    collective and fails on every rank alike (mismatched dimension, norm or
    rule across ranks raise :class:`steepest.SteepestError` with status
    ERROR_DISTRIBUTED everywhere)."""

    def __init__(self, comm, norm, rule, lr=1e-3, share=1.0, momentum=0.0, check_identical=False,
                 dim=None):
        self._run = None
        code = c_int(-1)
        check(_M.steepest_mpi_rule_from_name(str(rule).encode(), byref(code)))
        n = dim if dim is not None else norm.dim
        if n is None:
            raise ValueError("the norm has no dimension: give dim")
        self.dim, self.rule, self.comm, self.norm = int(n), str(rule), comm, norm
        run = _Run()
        handle = MPI._handleof(comm)
        check(_M.steepest_mpi_run_new(handle, norm._ptr_for(self.dim), self.dim, code.value,
                                      float(share), byref(run)))
        self._run = run.value
        check(_M.steepest_mpi_run_set_step_size(self._run, float(lr)))
        check(_M.steepest_mpi_run_set_momentum(self._run, float(momentum)))
        check(_M.steepest_mpi_run_set_check_identical(self._run, 1 if check_identical else 0))

    def update(self, x, g_local, f_local=None):
        """One collective step: combines every rank's ``g_local`` and updates
        ``x`` in place (a NumPy array or array.array('d')); returns x.
        ``f_local``, this rank's objective value, makes :attr:`f` the whole
        objective.  ``g_local=None`` reports that this rank could not compute
        its gradient: every rank then raises CallbackError."""
        xaddr, n, xkeep = arrays.vector_out(x, "x")
        if g_local is None:
            gaddr, gkeep, status = None, None, 1
        else:
            gaddr, m, gkeep = arrays.vector_in(g_local, "g_local")
            status = 0
            if m != n:
                n = m  # a length the run refuses, on every rank alike (ERROR_DIMENSION)
        f = None if f_local is None else byref(c_double(float(f_local)))
        check(_M.steepest_mpi_update_local(self._ptr(), n, xaddr, f, gaddr, status))
        del xkeep, gkeep
        return x

    def _ptr(self):
        if self._run is None:
            raise ValueError("the DistributedOptimizer is closed")
        return self._run

    @property
    def steps(self):
        return int(_M.steepest_mpi_run_get_steps(self._ptr()))

    @property
    def f(self):
        """The whole objective at the start of the last step (NaN if unknown)."""
        return float(_M.steepest_mpi_run_get_f(self._ptr()))

    @property
    def rank(self):
        return int(_M.steepest_mpi_run_get_rank(self._ptr()))

    @property
    def size(self):
        return int(_M.steepest_mpi_run_get_size(self._ptr()))

    def bytes(self):
        """This rank's bytes: dict of sent_total, received_total, sent_last_step,
        received_last_step."""
        v = [c_uint64() for _ in range(4)]
        check(_M.steepest_mpi_run_get_bytes(self._ptr(), *[byref(u) for u in v]))
        keys = ("sent_total", "received_total", "sent_last_step", "received_last_step")
        return {k: int(u.value) for k, u in zip(keys, v)}

    def close(self):
        """Frees the run.  Collective, so it is never left to the garbage
        collector (which runs at different moments on different ranks): call
        it on every rank, or use the optimizer as a context manager."""
        run, self._run = self._run, None
        if run is not None:
            _M.steepest_mpi_run_free(run)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
