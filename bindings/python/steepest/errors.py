"""Library failures as Python exceptions, and Python exceptions carried across C.

Every failing C call becomes a :class:`SteepestError` subclass chosen by its
status code; the exception carries ``status`` (the code), ``status_name``
(e.g. ``"ERROR_SPEC"``) and the library's message.  Families that are about a
bad value also derive from the matching built-in (``ValueError``,
``LookupError``, ``MemoryError``, ``OSError``, ...), so ordinary ``except``
clauses work.

Python code called *from* C (objective functions, iteration callbacks,
norms written in Python, progress callbacks) cannot raise through C frames.
Its exception is stored for the calling thread (:func:`stash`), the callback
returns a failure code, and once the outer C call has returned the binding
re-raises the original exception, traceback included (:func:`check`).
"""
import enum
import threading

from . import _lib


class Status(enum.IntEnum):
    """SteepestStatus (steepest-status.h); values are part of the ABI."""
    OK = 0
    STOP_STATIONARY = 1
    STOP_GRAD_TOL = 2
    STOP_FTOL_REL = 3
    STOP_FTOL_ABS = 4
    STOP_XTOL = 5
    STOP_MAX_ITER = 6
    STOP_MAX_EVAL = 7
    STOP_MAX_TIME = 8
    STOP_USER = 9
    STOP_CYCLE = 10
    STOP_F_TARGET = 11
    ERROR_INVALID_ARGUMENT = -1
    ERROR_NO_MEMORY = -2
    ERROR_DIMENSION = -3
    ERROR_NOT_FINITE = -4
    ERROR_SPEC = -5
    ERROR_UNKNOWN_NORM = -6
    ERROR_PARAMETER = -7
    ERROR_PLUGIN_LOAD = -8
    ERROR_PLUGIN_ABI = -9
    ERROR_PLUGIN_INVALID = -10
    ERROR_DUPLICATE = -11
    ERROR_PLUGIN_FAILED = -12
    ERROR_UNSUPPORTED = -13
    ERROR_IO = -14
    ERROR_CANCELLED = -15
    ERROR_CALLBACK = -16
    ERROR_LINALG = -17
    ERROR_NOT_SYMMETRIC = -18
    ERROR_NOT_PSD = -19
    ERROR_LINE_SEARCH = -20
    ERROR_STATE = -21
    ERROR_SIGNATURE = -22
    ERROR_SYMBOL = -23
    ERROR_PLUGIN_CONTRACT = -24
    ERROR_FORMAT = -25
    ERROR_DISTRIBUTED = -26


def status_name(status):
    """The library's name of a status code, e.g. ``"ERROR_SPEC"``."""
    return _lib.decode(_lib.lib.steepest_status_name(int(status)))


def status_describe(status):
    """The library's one-line description of a status code."""
    return _lib.decode(_lib.lib.steepest_status_describe(int(status)))


class SteepestError(Exception):
    """A libsteepest failure: ``status`` (int), ``status_name`` and ``message``."""

    def __init__(self, message, status=Status.ERROR_INVALID_ARGUMENT):
        super().__init__(message)
        self.status = int(status)
        self.status_name = status_name(status)
        self.message = message

    def __str__(self):
        return "%s [%s]" % (self.message, self.status_name)


class InvalidArgumentError(SteepestError, ValueError):
    """A NULL pointer, zero size or bad enum value reached the library."""


class SteepestMemoryError(SteepestError, MemoryError):
    """The library could not allocate memory."""


class DimensionError(SteepestError, ValueError):
    """Mismatched or unsupported dimension."""


class NotFiniteError(SteepestError, ValueError):
    """NaN or Inf where a finite number is needed (the message names the index)."""


class SpecError(SteepestError, ValueError):
    """A norm spec string does not parse."""


class UnknownNormError(SteepestError, LookupError):
    """No loaded norm class has that name."""


class ParameterError(SteepestError, ValueError):
    """A norm parameter is unknown, mistyped or out of range."""


class PluginError(SteepestError):
    """A plugin cannot be loaded or is malformed (load, ABI, invalid class)."""


class DuplicateError(PluginError, ValueError):
    """A norm of that name is already registered."""


class PluginFailedError(SteepestError, RuntimeError):
    """A norm method reported a failure."""


class UnsupportedError(SteepestError, NotImplementedError):
    """The norm does not offer this operation."""


class SteepestIOError(SteepestError, OSError):
    """A file cannot be read or written."""


class CancelledError(SteepestError):
    """A progress callback cancelled the work."""


class CallbackError(SteepestError, RuntimeError):
    """The objective callback returned a failure."""


class LinAlgError(SteepestError, ArithmeticError):
    """A LAPACK routine failed."""


class NotSymmetricError(SteepestError, ValueError):
    """A matrix that must be symmetric is not."""


class NotPSDError(SteepestError, ValueError):
    """A matrix that must be positive semidefinite is not."""


class LineSearchError(SteepestError, ArithmeticError):
    """The line search found no sufficient decrease."""


class StateError(SteepestError, RuntimeError):
    """The call is not valid in the object's current state."""


class SignatureError(SteepestError, ValueError):
    """A foreign-function signature string does not parse."""


class SymbolError(SteepestError, LookupError):
    """A shared library does not export the named symbol."""


class PluginContractError(SteepestError, RuntimeError):
    """A plugin returned a result its contract forbids."""


class FormatError(SteepestError, ValueError):
    """A file or state buffer is malformed, or of another format or version."""


class DistributedError(SteepestError, RuntimeError):
    """The ranks of a distributed run disagree, or a collective failed."""


_CLASSES = {
    Status.ERROR_INVALID_ARGUMENT: InvalidArgumentError,
    Status.ERROR_NO_MEMORY: SteepestMemoryError,
    Status.ERROR_DIMENSION: DimensionError,
    Status.ERROR_NOT_FINITE: NotFiniteError,
    Status.ERROR_SPEC: SpecError,
    Status.ERROR_UNKNOWN_NORM: UnknownNormError,
    Status.ERROR_PARAMETER: ParameterError,
    Status.ERROR_PLUGIN_LOAD: PluginError,
    Status.ERROR_PLUGIN_ABI: PluginError,
    Status.ERROR_PLUGIN_INVALID: PluginError,
    Status.ERROR_DUPLICATE: DuplicateError,
    Status.ERROR_PLUGIN_FAILED: PluginFailedError,
    Status.ERROR_UNSUPPORTED: UnsupportedError,
    Status.ERROR_IO: SteepestIOError,
    Status.ERROR_CANCELLED: CancelledError,
    Status.ERROR_CALLBACK: CallbackError,
    Status.ERROR_LINALG: LinAlgError,
    Status.ERROR_NOT_SYMMETRIC: NotSymmetricError,
    Status.ERROR_NOT_PSD: NotPSDError,
    Status.ERROR_LINE_SEARCH: LineSearchError,
    Status.ERROR_STATE: StateError,
    Status.ERROR_SIGNATURE: SignatureError,
    Status.ERROR_SYMBOL: SymbolError,
    Status.ERROR_PLUGIN_CONTRACT: PluginContractError,
    Status.ERROR_FORMAT: FormatError,
    Status.ERROR_DISTRIBUTED: DistributedError,
}


def error_class(status):
    """The exception class for a failure status."""
    return _CLASSES.get(status, SteepestError)


def from_status(status, message=None):
    """The exception for a failure status, with the thread's last message."""
    if message is None:
        message = _lib.decode(_lib.lib.steepest_last_error()) or status_describe(status)
    return error_class(status)(message, status)


# ---- Python exceptions raised inside callbacks ------------------------------------

_local = threading.local()
_foreign_lock = threading.Lock()
_foreign = []   # exceptions raised in callbacks on threads the library started


def stash(exc, origin_thread=None):
    """Keeps ``exc`` (raised in a callback) to re-raise after the C call.

    The first exception of a call wins; later ones (the library may call
    again before it notices) are dropped."""
    if getattr(_local, "active", 0):
        if getattr(_local, "exc", None) is None:
            _local.exc = exc
    else:  # a worker thread of the library: hand it to whoever asks next
        with _foreign_lock:
            _foreign.append(exc)


class calling:
    """Context of one outer C call that may run Python callbacks.

    ``with calling(): rc = lib.f(...)`` then ``check(rc)``; nesting is fine."""
    def __enter__(self):
        self.saved = getattr(_local, "exc", None)
        _local.exc = None
        _local.active = getattr(_local, "active", 0) + 1
        return self

    def __exit__(self, *exc_info):
        _local.active -= 1
        pending = getattr(_local, "exc", None)
        _local.exc = self.saved
        if pending is None:
            with _foreign_lock:
                if _foreign:
                    pending = _foreign.pop(0)
                    _foreign.clear()
        if pending is not None:
            # The callback's exception is the cause of whatever the library
            # reported afterwards: it wins, with its own traceback.
            raise pending from None
        return False


def check(status):
    """Raises the exception for a failure status (negative); returns status."""
    if status < 0:
        raise from_status(status)
    return status
