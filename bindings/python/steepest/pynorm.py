"""Norms written in Python, registered with the library as in-memory classes.

A norm class in Python::

    class Weighted(steepest.PyNorm):
        name = "wl2"                      # the spec name
        dual_name = "wl2_dual"
        summary = "sqrt(sum w x_i^2)"
        params = {"w": steepest.Param(float, default=2.0, min=0.0, doc="weight")}

        def norm(self, x): ...            # -> float
        def dual_norm(self, z): ...       # -> float
        def duality_map(self, z): ...     # -> z♯ (a vector), or (z♯, ‖z‖*)
        # optional:
        def unit_direction(self, z): ...  # -> s(z), or (s(z), ‖z‖*)
        def induced_norm(self, H): ...    # -> value (exact), or (lower, upper[, exact, method])

    steepest.register_norm(Weighted)
    n = steepest.Norm("wl2:w=3", dim=5)   # usable everywhere, solvers included

Each C norm instance the library makes (``steepest_norm_new``) instantiates
the class as ``cls(dim, **params)`` — :class:`PyNorm`'s constructor stores
``self.dim`` and ``self.params`` (declared parameters, with defaults applied).
Methods receive vectors as zero-copy read-only views of the C memory (NumPy
arrays when NumPy is importable, else memoryviews of format ``'d'``) valid only
during the call, and H as an n x n NumPy array or a flat memoryview.

An exception raised in a method does not cross C: the method returns
STEEPEST_PLUGIN_E_FAILED with the exception's text as the library's message,
and the binding re-raises the original exception (traceback included) from the
Python call that entered the library (``Norm.norm``, ``minimize``, ...).
Called from C code that is not under a Python call (another C thread), the
failure is reported as an ordinary library error.

A registered class lives until the process ends (the C registry keeps it);
everything ctypes needs for it is kept alive here.  Names are global: a second
class with the same name raises :class:`~steepest.DuplicateError`.
"""
import ctypes
import inspect
import math
import numbers
import threading
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_double, c_int, c_int64, c_size_t,
                    c_uint32, c_uint64, c_void_p)

from . import _lib, arrays
from .errors import check, stash

_L = _lib.lib

ABI_MAJOR = 1
ABI_MINOR = 0
ABI_VERSION = (ABI_MAJOR << 16) | ABI_MINOR

E_OK = 0
E_INVALID = -1
E_NOMEM = -2
E_DIMENSION = -3
E_PARAMETER = -7
E_FAILED = -12
E_UNSUPPORTED = -13

PARAM_INT, PARAM_DOUBLE, PARAM_INT_LIST, PARAM_DOUBLE_LIST = 1, 2, 3, 4


# ---- the ABI structs (steepest-plugin.h), field for field ---------------------------

class PluginParam(Structure):
    _fields_ = [("struct_size", c_uint32), ("type", c_uint32), ("name", c_char_p),
                ("doc", c_char_p), ("default_value", c_char_p), ("min", c_double),
                ("max", c_double)]


SetErrorFn = CFUNCTYPE(None, c_char_p)
ArgIsSetFn = CFUNCTYPE(c_int, c_void_p, c_char_p)
ArgIntFn = CFUNCTYPE(c_int, c_void_p, c_char_p, POINTER(c_int64))
ArgDoubleFn = CFUNCTYPE(c_int, c_void_p, c_char_p, POINTER(c_double))
ArgIntListFn = CFUNCTYPE(c_int, c_void_p, c_char_p, POINTER(POINTER(c_int64)), POINTER(c_size_t))
ArgDoubleListFn = CFUNCTYPE(c_int, c_void_p, c_char_p, POINTER(POINTER(c_double)),
                            POINTER(c_size_t))


class PluginHost(Structure):
    """The first fields of SteepestPluginHost (all this binding reads)."""
    _fields_ = [("struct_size", c_uint32), ("abi_version", c_uint32),
                ("set_error", SetErrorFn), ("alloc", c_void_p), ("free", c_void_p),
                ("arg_is_set", ArgIsSetFn), ("arg_int", ArgIntFn), ("arg_double", ArgDoubleFn),
                ("arg_int_list", ArgIntListFn), ("arg_double_list", ArgDoubleListFn)]


class InducedQuery(Structure):
    _fields_ = [("struct_size", c_uint32), ("mode", c_uint32), ("max_exact_dim", c_uint32),
                ("threads", c_uint32), ("time_budget", c_double), ("seed", c_uint64),
                ("restarts", c_uint32), ("reserved0", c_uint32),
                ("progress", c_void_p), ("user_data", c_void_p)]


class InducedResult(Structure):
    _fields_ = [("struct_size", c_uint32), ("exact", c_uint32), ("lower", c_double),
                ("upper", c_double), ("method", c_void_p)]


CreateFn = CFUNCTYPE(c_int, POINTER(PluginHost), c_void_p, c_size_t, POINTER(c_void_p))
DestroyFn = CFUNCTYPE(None, c_void_p)
NormFn = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p, POINTER(c_double))
MapFn = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p, c_void_p, POINTER(c_double))
StepFn = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p, c_void_p, c_double, c_void_p,
                   POINTER(c_double))
InducedFn = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p, POINTER(InducedQuery),
                      POINTER(InducedResult))


class PluginNormClass(Structure):
    _fields_ = [("abi_version", c_uint32), ("struct_size", c_uint32),
                ("name", c_char_p), ("dual_name", c_char_p), ("summary", c_char_p),
                ("params", POINTER(POINTER(PluginParam))), ("user_data", c_void_p),
                ("create", CreateFn), ("destroy", DestroyFn),
                ("norm", NormFn), ("dual_norm", NormFn), ("duality_map", MapFn),
                ("unit_direction", MapFn), ("step_scaled", StepFn), ("step_normalized", StepFn),
                ("induced_norm", InducedFn)]


# ---- the Python side ------------------------------------------------------------------

class Param:
    """A declared parameter: ``Param(int | float | "int list" | "double list",
    default=None, doc="", min=-inf, max=inf)``."""
    _TYPES = {int: PARAM_INT, float: PARAM_DOUBLE, "int": PARAM_INT, "double": PARAM_DOUBLE,
              "float": PARAM_DOUBLE, "int list": PARAM_INT_LIST,
              "double list": PARAM_DOUBLE_LIST, "float list": PARAM_DOUBLE_LIST}

    def __init__(self, type, default=None, doc="", min=-math.inf, max=math.inf):
        if type not in self._TYPES:
            raise ValueError("Param type must be int, float, 'int list' or 'double list', not %r"
                             % (type,))
        self.type = self._TYPES[type]
        self.default = default
        self.doc = doc
        self.min = float(min)
        self.max = float(max)

    def default_text(self):
        """The default as spec text ("3+3+6" for lists), or None."""
        d = self.default
        if d is None:
            return None
        if isinstance(d, (list, tuple)):
            return "+".join(repr(v) if isinstance(v, float) else str(v) for v in d)
        return repr(d) if isinstance(d, float) else str(d)


class PyNorm:
    """Base class of norms written in Python (see the module documentation).

    Subclasses set ``name``, ``dual_name``, ``summary``, optionally ``params``
    (dict of :class:`Param`), and define ``norm``, ``dual_norm`` and
    ``duality_map`` (and optionally ``unit_direction``, ``induced_norm``)."""
    name = None
    dual_name = None
    summary = ""
    params = {}

    def __init__(self, dim, **params):
        self.dim = dim
        self.params = params


_registry_lock = threading.Lock()
_keep = []           # everything a registered class's C side points at, forever
_instances = {}      # handle -> Python norm instance (the C state)
_next_handle = [1]
_host = [None]       # the host table, captured at the first create()
_method_names = {}   # interned method strings for induced_norm results


def _report(e, what):
    """A method raised: keep the exception for the caller, give C a message."""
    stash(e)
    msg = ("%s raised %s: %s" % (what, type(e).__name__, e)).encode("utf-8", "replace")
    host = _host[0]
    if host is not None and host.set_error:
        host.set_error(msg)
    else:
        _L.steepest_set_error(E_FAILED, msg)
    return E_FAILED


def _unpack(result, n, out_addr, what):
    """duality_map / unit_direction return a vector or (vector, dual)."""
    dual = None
    if (isinstance(result, tuple) and len(result) == 2 and hasattr(result[0], "__len__")
            and isinstance(result[1], numbers.Real)):
        result, dual = result
    arrays.store(out_addr, n, result, what)
    return dual


def _make_callbacks(cls, label):
    declared = dict(getattr(cls, "params", {}) or {})

    def create(host_p, args, n, state_out):
        try:
            host = host_p.contents
            if _host[0] is None:
                _host[0] = host
            kwargs = {}
            for pname, p in declared.items():
                bname = pname.encode()
                if not host.arg_is_set(args, bname):
                    continue
                if p.type == PARAM_INT:
                    v = c_int64()
                    host.arg_int(args, bname, ctypes.byref(v))
                    kwargs[pname] = v.value
                elif p.type == PARAM_DOUBLE:
                    v = c_double()
                    host.arg_double(args, bname, ctypes.byref(v))
                    kwargs[pname] = v.value
                else:
                    count = c_size_t()
                    if p.type == PARAM_INT_LIST:
                        ptr = POINTER(c_int64)()
                        host.arg_int_list(args, bname, ctypes.byref(ptr), ctypes.byref(count))
                    else:
                        ptr = POINTER(c_double)()
                        host.arg_double_list(args, bname, ctypes.byref(ptr), ctypes.byref(count))
                    kwargs[pname] = [ptr[i] for i in range(count.value)]
            inst = cls(n, **kwargs)
            with _registry_lock:
                handle = _next_handle[0]
                _next_handle[0] += 1
                _instances[handle] = inst
            state_out[0] = handle
            return E_OK
        except BaseException as e:
            return _report(e, "%s(dim=%d)" % (label, n))

    def destroy(state):
        with _registry_lock:
            _instances.pop(state, None)

    def norm(state, n, x, value):
        try:
            value[0] = float(_instances[state].norm(arrays.view(x, n)))
            return E_OK
        except BaseException as e:
            return _report(e, label + ".norm")

    def dual_norm(state, n, z, value):
        try:
            value[0] = float(_instances[state].dual_norm(arrays.view(z, n)))
            return E_OK
        except BaseException as e:
            return _report(e, label + ".dual_norm")

    def make_map(method):
        def fn(state, n, z, out, dual):
            try:
                inst = _instances[state]
                zv = arrays.view(z, n)
                d = _unpack(getattr(inst, method)(zv), n, out, label + "." + method)
                dual[0] = float(inst.dual_norm(zv) if d is None else d)
                return E_OK
            except BaseException as e:
                return _report(e, label + "." + method)
        return fn

    def induced(state, n, H, query, result):
        try:
            inst = _instances[state]
            Hv = arrays.view(H, n * n)
            if arrays.np is not None:
                Hv = Hv.reshape(n, n)
            r = inst.induced_norm(Hv)
            if r is NotImplemented or r is None:
                return E_UNSUPPORTED
            if isinstance(r, (tuple, list)):
                lower, upper = float(r[0]), float(r[1])
                exact = bool(r[2]) if len(r) > 2 else lower == upper
                method = str(r[3]) if len(r) > 3 else "python"
            else:
                lower = upper = float(r)
                exact, method = True, "python"
            res = result.contents
            res.lower, res.upper, res.exact = lower, upper, int(exact)
            with _registry_lock:
                b = _method_names.setdefault(method, ctypes.create_string_buffer(method.encode()))
            res.method = ctypes.addressof(b)
            return E_OK
        except BaseException as e:
            return _report(e, label + ".induced_norm")

    cbs = {"create": CreateFn(create), "destroy": DestroyFn(destroy),
           "norm": NormFn(norm), "dual_norm": NormFn(dual_norm),
           "duality_map": MapFn(make_map("duality_map"))}
    if callable(getattr(cls, "unit_direction", None)):
        cbs["unit_direction"] = MapFn(make_map("unit_direction"))
    if callable(getattr(cls, "induced_norm", None)):
        cbs["induced_norm"] = InducedFn(induced)
    return cbs


def register_norm(cls):
    """Registers a norm class written in Python with the library; returns cls
    (so it works as a class decorator).  Raises PluginError (malformed:
    bad name, ...) or DuplicateError (the name is taken)."""
    if not inspect.isclass(cls):
        raise TypeError("register_norm takes a class (it is instantiated as cls(dim, **params))")
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name:
        raise ValueError("%s.name must be a non-empty str (the spec name)" % cls.__name__)
    for m in ("norm", "dual_norm", "duality_map"):
        if not callable(getattr(cls, m, None)):
            raise TypeError("%s lacks the required method %s()" % (cls.__name__, m))
    declared = dict(getattr(cls, "params", {}) or {})
    for pname, p in declared.items():
        if not isinstance(p, Param):
            raise TypeError("%s.params[%r] must be a steepest.Param" % (cls.__name__, pname))

    keep = [cls]
    klass = PluginNormClass()
    klass.abi_version = ABI_VERSION
    klass.struct_size = ctypes.sizeof(PluginNormClass)
    klass.name = name.encode()
    klass.dual_name = (getattr(cls, "dual_name", None) or name).encode()
    klass.summary = (getattr(cls, "summary", "") or "").encode()
    if declared:
        ptrs = (POINTER(PluginParam) * (len(declared) + 1))()
        for i, (pname, p) in enumerate(declared.items()):
            s = PluginParam(ctypes.sizeof(PluginParam), p.type, pname.encode(), p.doc.encode(),
                            p.default_text().encode() if p.default is not None else None,
                            p.min, p.max)
            keep.append(s)
            ptrs[i] = ctypes.pointer(s)
        keep.append(ptrs)
        klass.params = ctypes.cast(ptrs, POINTER(POINTER(PluginParam)))
    cbs = _make_callbacks(cls, cls.__name__)
    for field, cb in cbs.items():
        setattr(klass, field, cb)
    keep.extend((klass, cbs))
    with _registry_lock:   # kept even if rejected: the registry may have read it
        _keep.append(keep)
    check(_L.steepest_registry_add_class(ctypes.addressof(klass)))
    return cls


__all__ = ["PyNorm", "Param", "register_norm"]
