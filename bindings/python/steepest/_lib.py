"""Finding libsteepest and declaring the C prototypes.

The library is looked up, first match wins:

1. ``STEEPEST_LIBRARY``: the path of the shared library to use (an explicit
   override: if it cannot be loaded, the import fails instead of falling back);
2. ``STEEPEST_BUILD_LIBRARY``: the library in a build tree (``meson test`` and
   the benchmark set it);
3. the directory meson installed the library into, recorded in ``_config.py``
   when the package was installed;
4. ``ctypes.util.find_library("steepest")`` (the system's search path).

Every prototype is declared here, in one place.  Functions of layers the
loaded library may not have (an older build) are declared when present;
``has(name)`` tells which.
"""
import ctypes
import ctypes.util
import os

from ctypes import (CFUNCTYPE, POINTER, c_char_p, c_double, c_int, c_int64, c_size_t,
                    c_uint, c_uint32, c_uint64, c_void_p)

try:
    from . import _config
except ImportError:  # running from the source tree: no installed location
    _config = None

SOVERSION = getattr(_config, "soversion", 1)


def _candidates():
    build = os.environ.get("STEEPEST_BUILD_LIBRARY")
    if build:
        yield "STEEPEST_BUILD_LIBRARY", build
    if _config is not None and getattr(_config, "libdir", None):
        yield "installed", os.path.join(_config.libdir, "libsteepest.so.%d" % SOVERSION)
    found = ctypes.util.find_library("steepest")
    if found:
        yield "ctypes.util.find_library", found


def _load():
    override = os.environ.get("STEEPEST_LIBRARY")
    if override:
        try:
            return ctypes.CDLL(override), override
        except OSError as e:
            raise ImportError("STEEPEST_LIBRARY=%s cannot be loaded: %s" % (override, e)) from e
    tried = []
    for how, path in _candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s (%s): %s" % (path, how, e))
    raise ImportError("libsteepest not found; set STEEPEST_LIBRARY to the path of "
                      "libsteepest.so.%d. Tried: %s" % (SOVERSION, "; ".join(tried) or "nothing"))


lib, path = _load()


class _Missing:
    """Stands for a function the loaded library lacks: raises when called."""

    def __init__(self, name):
        self.name = name

    def __call__(self, *args):
        raise NotImplementedError("the loaded libsteepest (%s) has no %s(); it is older than "
                                  "this binding or was built without that part" % (path, self.name))


def has(name):
    """True when the loaded library exports the C function ``name``."""
    return not isinstance(getattr(lib, name, None), _Missing) and hasattr(lib, name)


def _proto(name, restype, *argtypes):
    if not hasattr(lib, name):
        setattr(lib, name, _Missing(name))
        return None
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


def decode(b):
    return b.decode("utf-8", "replace") if b is not None else None


# ---- callback types (steepest-objective.h, steepest-plugin.h) -------------------
P_double = POINTER(c_double)
ObjectiveFn = CFUNCTYPE(c_int, c_void_p, c_size_t, P_double, P_double, P_double)
GradientFn = CFUNCTYPE(c_int, c_void_p, c_size_t, P_double, P_double)
ValueFn = CFUNCTYPE(c_int, c_void_p, c_size_t, P_double, P_double)
DestroyNotify = CFUNCTYPE(None, c_void_p)
ProgressFn = CFUNCTYPE(c_int, c_void_p, c_double)

# ---- status and version -----------------------------------------------------------
_proto("steepest_status_name", c_char_p, c_int)
_proto("steepest_status_describe", c_char_p, c_int)
_proto("steepest_last_error", c_char_p)
_proto("steepest_last_status", c_int)
_proto("steepest_clear_error", None)
_proto("steepest_set_error", None, c_int, c_char_p)
_proto("steepest_version", c_char_p)
_proto("steepest_version_number", c_uint)

# ---- norms (steepest-norm.h) -------------------------------------------------------
_norm_p = c_void_p
_proto("steepest_norm_new", c_int, c_char_p, c_size_t, POINTER(c_void_p))
_proto("steepest_norm_free", None, c_void_p)
_proto("steepest_norm_get_name", c_char_p, c_void_p)
_proto("steepest_norm_get_spec", c_char_p, c_void_p)
_proto("steepest_norm_get_dim", c_size_t, c_void_p)
_proto("steepest_norm_get_class", c_void_p, c_void_p)
# Vectors travel as plain addresses (c_void_p): the binding has checked them.
_proto("steepest_norm_norm", c_int, c_void_p, c_size_t, c_void_p, P_double)
_proto("steepest_norm_dual_norm", c_int, c_void_p, c_size_t, c_void_p, P_double)
_proto("steepest_norm_duality_map", c_int, c_void_p, c_size_t, c_void_p, c_void_p, P_double)
_proto("steepest_norm_unit_direction", c_int, c_void_p, c_size_t, c_void_p, c_void_p, P_double)
_proto("steepest_norm_step_scaled", c_int, c_void_p, c_size_t, c_void_p, c_void_p, c_double,
       c_void_p, P_double)
_proto("steepest_norm_step_normalized", c_int, c_void_p, c_size_t, c_void_p, c_void_p, c_double,
       c_void_p, P_double)
_proto("steepest_norm_last_error", c_char_p, c_void_p)

_proto("steepest_registry_count", c_size_t)
_proto("steepest_registry_get", c_void_p, c_size_t)
_proto("steepest_registry_lookup", c_void_p, c_char_p)
_proto("steepest_norm_class_get_name", c_char_p, c_void_p)
_proto("steepest_norm_class_get_dual_name", c_char_p, c_void_p)
_proto("steepest_norm_class_get_summary", c_char_p, c_void_p)
_proto("steepest_norm_class_get_source", c_char_p, c_void_p)
_proto("steepest_norm_class_has_induced_norm", c_int, c_void_p)
_proto("steepest_norm_class_get_param_count", c_size_t, c_void_p)
_proto("steepest_norm_class_get_param", c_int, c_void_p, c_size_t, POINTER(c_char_p),
       POINTER(c_int), POINTER(c_char_p), POINTER(c_char_p), P_double, P_double)
_proto("steepest_param_type_name", c_char_p, c_int)
_proto("steepest_registry_add_class", c_int, c_void_p)
_proto("steepest_registry_load_plugin", c_int, c_char_p)
_proto("steepest_registry_load_dir", c_int, c_char_p)
_proto("steepest_registry_failure_count", c_size_t)
_proto("steepest_registry_failure", c_int, c_size_t, POINTER(c_char_p), POINTER(c_int),
       POINTER(c_char_p))
_proto("steepest_plugin_dir", c_char_p)

# ---- induced matrix norms (steepest-induced.h) -------------------------------------
_proto("steepest_induced_options_new", c_void_p)
_proto("steepest_induced_options_free", None, c_void_p)
_proto("steepest_induced_options_set_mode", c_int, c_void_p, c_int)
_proto("steepest_induced_options_set_max_exact_dim", c_int, c_void_p, c_uint)
_proto("steepest_induced_options_set_time_budget", c_int, c_void_p, c_double)
_proto("steepest_induced_options_set_threads", c_int, c_void_p, c_uint)
_proto("steepest_induced_options_set_seed", c_int, c_void_p, c_uint64)
_proto("steepest_induced_options_set_restarts", c_int, c_void_p, c_uint)
_proto("steepest_induced_options_set_progress", c_int, c_void_p, ProgressFn, c_void_p)
_proto("steepest_norm_induced", c_int, c_void_p, c_size_t, c_void_p, c_void_p, P_double,
       P_double, POINTER(c_int), POINTER(c_char_p))

__all__ = ["lib", "path", "has", "decode", "ObjectiveFn", "GradientFn", "ValueFn",
           "DestroyNotify", "ProgressFn", "P_double", "c_int64", "c_uint32"]
