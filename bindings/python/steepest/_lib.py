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


# Where a wheel built by `pip install .` (meson-python) puts the library and
# its plugins: beside the package, in site-packages/.steepest.mesonpy.libs.
WHEEL_LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          ".steepest.mesonpy.libs")


def _candidates():
    build = os.environ.get("STEEPEST_BUILD_LIBRARY")
    if build:
        yield "STEEPEST_BUILD_LIBRARY", build
    # A wheel keeps the library's full file name only (no SONAME link).
    if os.path.isdir(WHEEL_LIBS):
        prefix = "libsteepest.so.%d" % SOVERSION
        for name in sorted(os.listdir(WHEEL_LIBS)):
            if name == prefix or name.startswith(prefix + "."):
                yield "installed by pip", os.path.join(WHEEL_LIBS, name)
                break
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
    if _config is None:
        tried.append("no installed location (this package is not an installed copy)")
    tried.append("ctypes.util.find_library('steepest') found %s"
                 % ("nothing" if ctypes.util.find_library("steepest") is None else "the above"))
    raise ImportError("libsteepest not found; set STEEPEST_LIBRARY to the path of "
                      "libsteepest.so.%d (or STEEPEST_BUILD_LIBRARY to a build tree's). "
                      "Tried: %s" % (SOVERSION, "; ".join(tried)))


lib, path = _load()

# A wheel's plugins are not where the library was configured to look (the
# wheel was built in a temporary prefix): load them from beside the library.
if os.path.dirname(os.path.abspath(path)) == WHEEL_LIBS:
    _wheel_plugins = os.path.join(WHEEL_LIBS, "steepest-%d" % SOVERSION, "plugins")
    if os.path.isdir(_wheel_plugins):
        lib.steepest_registry_load_dir.restype = c_int
        lib.steepest_registry_load_dir.argtypes = [c_char_p]
        lib.steepest_registry_load_dir(_wheel_plugins.encode())


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


declared = set()   # every C function given a prototype here (tests check the headers')


def _proto(name, restype, *argtypes):
    declared.add(name)
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
# Vectors are c_void_p so a Python callback receives plain addresses (or None).
ObjectiveFn = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p, P_double, c_void_p)
GradientFn = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p, c_void_p)
ValueFn = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p, P_double)
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
_proto("steepest_norm_product_new", c_int, c_size_t, POINTER(c_void_p), P_double, POINTER(c_void_p))
_proto("steepest_norm_product_get_n_parts", c_size_t, c_void_p)
_proto("steepest_norm_product_get_part", c_void_p, c_void_p, c_size_t, P_double, POINTER(c_size_t))
_proto("steepest_norm_direction_error", c_int, c_void_p, c_size_t, c_void_p, P_double)

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
_proto("steepest_registry_shadowed_count", c_size_t)
_proto("steepest_registry_shadowed", c_int, c_size_t, POINTER(c_char_p), POINTER(c_char_p),
       POINTER(c_char_p))

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

# ---- dense matrix kernels (steepest-matrix.h) ----------------------------------------
_V, _D, _I, _Z = c_void_p, c_double, c_int, c_size_t
P_int, P_size, P_str, P_uint = POINTER(c_int), POINTER(c_size_t), POINTER(c_char_p), POINTER(c_uint)
_proto("steepest_matrix_is_symmetric", _I, _Z, _V, _D, P_int)
_proto("steepest_matrix_max_abs", _I, _Z, _V, P_double)
_proto("steepest_matrix_sum_abs", _I, _Z, _V, P_double)
_proto("steepest_matrix_sym_eigenvalues", _I, _Z, _V, _V)
_proto("steepest_matrix_is_psd", _I, _Z, _V, P_int, P_double)
_proto("steepest_matrix_spectral_norm", _I, _Z, _V, P_double)
_proto("steepest_matrix_inf1_exact", _I, _Z, _V, c_uint, ProgressFn, _V, P_double, _V)
_proto("steepest_matrix_inf1_local_search", _I, _Z, _V, c_uint64, c_uint, P_double, _V)
_proto("steepest_matrix_inf1", _I, _Z, _V, _V, P_double, P_double, P_int, P_str)
_proto("steepest_matrix_block_induced", _I, _Z, _V, _Z, _V, _V, P_double, P_double, P_int, P_str)
_proto("steepest_matrix_lsep", _I, _Z, _V, c_uint, _D, c_uint64, P_double, P_double, _V, P_uint)

# ---- solvers (steepest-solver.h) ---------------------------------------------------------
IterationFn = CFUNCTYPE(c_int, c_void_p, c_void_p)
P_u64 = POINTER(c_uint64)
_proto("steepest_solver_new", _I, _V, _Z, POINTER(c_void_p))
_proto("steepest_solver_free", None, _V)
_proto("steepest_solver_get_norm", _V, _V)
_proto("steepest_solver_get_dimension", _Z, _V)
_proto("steepest_solver_last_error", c_char_p, _V)
_proto("steepest_solver_set_objective", _I, _V, ObjectiveFn, _V, DestroyNotify)
_proto("steepest_solver_set_objective_split", _I, _V, ValueFn, GradientFn, _V, DestroyNotify)
_proto("steepest_solver_set_iteration_callback", _I, _V, IterationFn, _V, DestroyNotify)
_proto("steepest_solver_set_step_rule", _I, _V, _I)
_proto("steepest_solver_get_step_rule", _I, _V)
_proto("steepest_solver_set_direction", _I, _V, _I)
_proto("steepest_solver_get_direction", _I, _V)
_proto("steepest_solver_set_step_size", _I, _V, _D)
_proto("steepest_solver_set_lipschitz", _I, _V, _D)
_proto("steepest_solver_set_decay", _I, _V, _D)
_proto("steepest_solver_set_armijo", _I, _V, _D, _D, c_uint)
_proto("steepest_solver_set_l0_l1", _I, _V, _D, _D)
_proto("steepest_solver_set_normalized_gd_beta", _I, _V, _D)
_proto("steepest_solver_set_momentum", _I, _V, _D)
_proto("steepest_solver_set_rprop", _I, _V, _D, _D, _D, _D, _D)
_proto("steepest_solver_set_grad_tol", _I, _V, _D)
_proto("steepest_solver_set_ftol_rel", _I, _V, _D)
_proto("steepest_solver_set_ftol_abs", _I, _V, _D)
_proto("steepest_solver_set_xtol", _I, _V, _D)
_proto("steepest_solver_set_max_iter", _I, _V, c_uint64)
_proto("steepest_solver_set_max_eval", _I, _V, c_uint64)
_proto("steepest_solver_set_max_time", _I, _V, _D)
_proto("steepest_solver_set_f_target", _I, _V, _D)
_proto("steepest_solver_set_cycle_detection", _I, _V, _I)
_proto("steepest_solver_set_trace", _I, _V, _I)
_proto("steepest_solver_set_trace_buffers", _I, _V, _Z, P_double, P_double, P_double, POINTER(c_uint64))
_proto("steepest_solver_get_trace_length", _Z, _V)
_proto("steepest_solver_get_trace_truncated", _I, _V)
_proto("steepest_solver_get_trace_f", P_double, _V)
_proto("steepest_solver_get_trace_grad_norm", P_double, _V)
_proto("steepest_solver_get_trace_step", P_double, _V)
_proto("steepest_solver_get_trace_evaluations", P_u64, _V)
_proto("steepest_solver_run", _I, _V, _Z, _V)
_proto("steepest_solver_get_status", _I, _V)
_proto("steepest_solver_get_iterations", c_uint64, _V)
_proto("steepest_solver_get_evaluations", c_uint64, _V)
_proto("steepest_solver_get_gradient_evaluations", c_uint64, _V)
_proto("steepest_solver_get_f", _D, _V)
_proto("steepest_solver_get_initial_f", _D, _V)
_proto("steepest_solver_get_grad_norm", _D, _V)
_proto("steepest_solver_get_elapsed", _D, _V)
_proto("steepest_solver_get_callback_status", _I, _V)
for _name, _rt in (("iteration", c_uint64), ("f", _D), ("f_previous", _D), ("grad_norm", _D),
                   ("grad_norm_previous", _D), ("step_size", _D), ("step_norm", _D),
                   ("evaluations", c_uint64), ("guarantee", _D), ("guarantee_applies", _I),
                   ("decrease", _D), ("x", _V), ("gradient", _V), ("dimension", _Z)):
    _proto("steepest_iteration_info_get_" + _name, _rt, _V)
_proto("steepest_check_gradient", _I, ObjectiveFn, _V, _Z, _V, _D, _Z, _V, _V, _V, _V, P_double)

# ---- built-in problems (steepest-problems.h) ---------------------------------------------
P_fn = POINTER(c_void_p)
_proto("steepest_quadratic_new", _I, _Z, _V, _V, _I, POINTER(c_void_p))
_proto("steepest_quadratic_new_diagonal", _I, _Z, _V, _V, _I, POINTER(c_void_p))
_proto("steepest_quadratic_free", None, _V)
_proto("steepest_quadratic_get_objective", _I, _V, P_fn, P_fn)
_proto("steepest_quadratic_get_dimension", _Z, _V)
_proto("steepest_quadratic_get_minimizer", _I, _V, _Z, _V, P_double)
_proto("steepest_rosenbrock_new", _I, _Z, POINTER(c_void_p))
_proto("steepest_rosenbrock_free", None, _V)
_proto("steepest_rosenbrock_get_objective", _I, _V, P_fn, P_fn)
_proto("steepest_rosenbrock_get_minimizer", _I, _V, _Z, _V, P_double)
_proto("steepest_logistic_new", _I, _Z, _Z, _V, _V, _D, _I, POINTER(c_void_p))
_proto("steepest_logistic_free", None, _V)
_proto("steepest_logistic_get_objective", _I, _V, P_fn, P_fn)
_proto("steepest_logistic_get_smoothness_bound", _I, _V, _V, P_double)
_proto("steepest_least_squares_new", _I, _Z, _Z, _V, _V, _I, POINTER(c_void_p))
_proto("steepest_least_squares_free", None, _V)
_proto("steepest_least_squares_get_objective", _I, _V, P_fn, P_fn)
_proto("steepest_least_squares_get_smoothness_bound", _I, _V, _V, P_double)
_proto("steepest_least_squares_get_minimizer", _I, _V, _Z, _V, P_double)

# ---- analysis (steepest-analysis.h) --------------------------------------------------------
_proto("steepest_analysis_dual_grad_norm", _I, _V, _Z, _V, P_double)
_proto("steepest_analysis_guaranteed_decrease", _I, _V, _Z, _V, _D, P_double, P_double)
_proto("steepest_analysis_guaranteed_decrease_matrix", _I, _V, _Z, _V, _V, _V, P_double, P_double,
       P_int)
_proto("steepest_analysis_certify", _I, _V, ObjectiveFn, _V, _Z, _V, _D, _D, P_double, P_double,
       P_int, _V)
_proto("steepest_analysis_average_grad_bound", _I, _D, _D, _D, _D, P_double)
_proto("steepest_analysis_convex_rate", _I, _D, _D, _D, P_double)
_proto("steepest_analysis_pl_rate", _I, _D, _D, _D, _D, _D, P_double)
_proto("steepest_analysis_normalized_iterations", _I, _D, _D, _D, _D, _D, P_double)
_proto("steepest_analysis_density", _I, _Z, _V, P_double)
_proto("steepest_analysis_rho_diag", _I, _Z, _V, P_double)
_proto("steepest_analysis_eigen_ratio", _I, _Z, _V, P_double, P_double, P_double)
_proto("steepest_analysis_improvement_ratio", _I, _Z, _V, _D, _D, P_double)
_proto("steepest_analysis_improvement_ratio_bound", _I, _Z, _V, _V, P_double)
_proto("steepest_analysis_estimate_smoothness", _I, _V, GradientFn, _V, _Z, _V, _V, _V, _Z, _D, _I,
       P_double, P_double)
_proto("steepest_analysis_estimate_improvement_ratio", _I, GradientFn, _V, _Z, _V, _V, _Z, _D, _D,
       P_double, P_double, P_double)
_proto("steepest_compare_quadratic", _I, _Z, _V, _V, _V, _V, _Z, _V, POINTER(c_void_p))
_proto("steepest_compare_gradient", _I, GradientFn, _V, _Z, _V, _V, _V, _Z, _V, _Z, _D,
       POINTER(c_void_p))
_proto("steepest_comparison_free", None, _V)
_proto("steepest_comparison_count", _Z, _V)
_proto("steepest_comparison_get", _I, _V, _Z, P_str, P_double, P_double, P_int, P_str, P_double,
       P_double, P_double, P_int)
_proto("steepest_comparison_get_gradient", P_double, _V, P_size)
_proto("steepest_comparison_skipped_count", _Z, _V)
_proto("steepest_comparison_get_skipped", _I, _V, _Z, P_str, P_int, P_str)

# ---- experiments (steepest-experiments.h) ---------------------------------------------------
_proto("steepest_rng_new", _I, c_uint64, POINTER(c_void_p))
_proto("steepest_rng_free", None, _V)
_proto("steepest_rng_next_u64", c_uint64, _V)
_proto("steepest_rng_uniform", _D, _V)
_proto("steepest_rng_normal", _D, _V)
_proto("steepest_rng_fill_normal", _I, _V, _Z, _V)
_proto("steepest_random_rotation", _I, _V, _Z, _V)
_proto("steepest_rotation_power", _I, _Z, _V, _D, _V)
_proto("steepest_experiment_lambda_max", _I, _Z, _D, P_double)
_proto("steepest_experiment_spectrum", _I, _Z, _D, _V)
_proto("steepest_rotated_hessian", _I, _Z, _V, _D, _V, _V)
_proto("steepest_experiment_compare", _I, _V, _V, _Z, _V, _V, _Z, _V, c_uint, P_double, P_double,
       P_int, P_double, P_double)

# ---- sparse matrices and operators (steepest-matrix.h, steepest-operator.h) ----------------
HvpFn = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p, c_void_p)
_proto("steepest_csr_new", _I, _Z, _V, _V, _V, POINTER(c_void_p))
_proto("steepest_csr_free", None, _V)
_proto("steepest_csr_nnz", _Z, _V)
_proto("steepest_operator_new_dense", _I, _Z, _V, POINTER(c_void_p))
_proto("steepest_operator_new_csr", _I, _V, POINTER(c_void_p))
_proto("steepest_operator_new_callback", _I, _Z, HvpFn, _V, POINTER(c_void_p))
_proto("steepest_operator_free", None, _V)
_proto("steepest_operator_apply", _I, _V, _V, _V)
_proto("steepest_operator_entry_sums", _I, _V, P_double, P_double, P_double, P_double, P_double)
_proto("steepest_operator_extreme_eigenvalues", _I, _V, _V, P_double, P_double, P_double, P_double)
_proto("steepest_operator_spectral_norm", _I, _V, _V, P_double, P_double, P_int, P_str)
_proto("steepest_operator_probes", _I, _V, c_uint, c_uint64, P_double, P_double, P_double, P_double)
_proto("steepest_operator_inf1", _I, _V, _V, P_double, P_double, P_int, P_int, P_str)
_proto("steepest_norm_induced_operator", _I, _V, _V, _V, P_double, P_double, P_int, P_int, P_str)
_proto("steepest_analysis_rho_diag_operator", _I, _V, P_double)
_proto("steepest_operator_inf1_local_search", _I, _V, c_uint64, c_uint, P_double, _V)
_proto("steepest_operator_is_psd", _I, _V, _V, P_int, P_double, P_double, P_int, P_str)
_proto("steepest_operator_lsep", _I, _V, c_uint, _D, c_uint64, P_double, P_double, _V, P_uint)
_proto("steepest_operator_block_induced", _I, _V, _Z, _V, _V, P_double, P_double, P_int, P_int, P_str)
_proto("steepest_analysis_eigen_ratio_operator", _I, _V, _V, P_double, P_double, P_int, P_double, P_double)
_proto("steepest_analysis_improvement_ratio_bound_operator", _I, _V, _V, _V, P_double, P_int, P_int)
_proto("steepest_analysis_guaranteed_decrease_operator", _I, _V, _V, _V, _V, P_double, P_double, P_int, P_int)
_proto("steepest_compare_quadratic_operator", _I, _V, _V, _V, _V, _Z, _V, POINTER(c_void_p))
_proto("steepest_matrix_market_write_dense", _I, c_char_p, _Z, _V, _I)
_proto("steepest_operator_lanczos_available", _I)

__all__ = ["lib", "path", "has", "decode", "ObjectiveFn", "GradientFn", "ValueFn",
           "DestroyNotify", "ProgressFn", "IterationFn", "P_double", "c_int64", "c_uint32"]

# ---- foreign objectives (steepest-foreign.h) --------------------------------------
_proto("steepest_foreign_signature_check", _I, c_char_p)
_proto("steepest_foreign_new", _I, c_char_p, c_char_p, c_char_p, POINTER(c_void_p))
_proto("steepest_foreign_free", None, _V)
_proto("steepest_foreign_evaluate", _I, _V, _Z, _V, P_double, _V)
_proto("steepest_foreign_objective", _V)
_proto("steepest_foreign_has_gradient", _I, _V)
_proto("steepest_foreign_get_signature", c_char_p, _V)
_proto("steepest_foreign_get_library", c_char_p, _V)
_proto("steepest_foreign_get_symbol", c_char_p, _V)
# ---- optimizers (steepest-optimizer.h) ---------------------------------------------------
_proto("steepest_optimizer_get_norm", _V, _V)
_proto("steepest_optimizer_get_dimension", _Z, _V)
_proto("steepest_optimizer_get_direction", _I, _V)
_proto("steepest_optimizer_get_hyperparameters", _I, _V, P_double, P_double, P_double, P_double,
       P_double, P_double, P_double)
_proto("steepest_optimizer_get_schedule", _I, _V)
_proto("steepest_rule_name", c_char_p, _I)
_proto("steepest_rule_from_name", _I, c_char_p)
_proto("steepest_optimizer_new", _I, _V, _Z, POINTER(c_void_p))
_proto("steepest_optimizer_free", None, _V)
_proto("steepest_optimizer_last_error", c_char_p, _V)
_proto("steepest_optimizer_set_rule", _I, _V, _I)
_proto("steepest_optimizer_get_rule", _I, _V)
_proto("steepest_optimizer_set_direction", _I, _V, _I)
_proto("steepest_optimizer_set_lr", _I, _V, _D)
_proto("steepest_optimizer_set_momentum", _I, _V, _D, _D)
_proto("steepest_optimizer_set_betas", _I, _V, _D, _D)
_proto("steepest_optimizer_set_eps", _I, _V, _D)
_proto("steepest_optimizer_set_weight_decay", _I, _V, _D)
_proto("steepest_optimizer_set_schedule_constant", _I, _V)
_proto("steepest_optimizer_set_schedule_inv_sqrt", _I, _V)
_proto("steepest_optimizer_set_schedule_geometric", _I, _V, _D)
_proto("steepest_optimizer_set_schedule_step", _I, _V, c_uint64, _D)
_proto("steepest_optimizer_set_schedule_cosine", _I, _V, c_uint64, c_uint64, _D)
_proto("steepest_optimizer_get_lr_at", _I, _V, c_uint64, P_double)
_proto("steepest_optimizer_update", _I, _V, _Z, _V, _V)
_proto("steepest_optimizer_ef_message", _I, _V, _Z, _V, _V)
_proto("steepest_norm_compress", _I, _V, _Z, _V, _V, P_double)
_proto("steepest_optimizer_get_step", c_uint64, _V)
_proto("steepest_optimizer_get_lr", _D, _V)
_proto("steepest_optimizer_get_grad_norm", _D, _V)
_proto("steepest_optimizer_get_step_norm", _D, _V)
_proto("steepest_optimizer_reset", _I, _V)
_proto("steepest_optimizer_get_state_size", _I, _V, POINTER(c_size_t))
_proto("steepest_optimizer_get_state", _I, _V, c_char_p, _Z)
_proto("steepest_optimizer_set_state", _I, _V, c_char_p, _Z)

# ---- sharded problems for distributed runs (steepest-problems.h) --------------------
_proto("steepest_shard_rows", _Z, _Z, _Z, _Z)
_proto("steepest_logistic_new_shard", _I, _Z, _Z, _V, _V, _D, _Z, _Z, POINTER(c_void_p))
_proto("steepest_least_squares_new_shard", _I, _Z, _Z, _V, _V, _Z, _Z, POINTER(c_void_p))
__all__ += ["HvpFn"]

# ---- the rest of the matrix, CSR and operator API (steepest-matrix.h, steepest-operator.h)
_P_V = POINTER(c_void_p)
_proto("steepest_csr_dim", _Z, _V)
_proto("steepest_csr_arrays", _I, _V, _P_V, _P_V, _P_V)
_proto("steepest_csr_from_dense", _I, _Z, _V, _P_V)
_proto("steepest_csr_is_symmetric", _I, _V, _D, POINTER(c_int))
_proto("steepest_csr_to_dense", _I, _V, _V)
_proto("steepest_matrix_free", None, _V)
_proto("steepest_matrix_market_parse", _I, c_char_p, c_char_p, _Z, c_uint, _Z, POINTER(c_size_t), _P_V, _P_V)
_proto("steepest_matrix_market_read", _I, c_char_p, c_uint, _Z, POINTER(c_size_t), _P_V, _P_V)
_proto("steepest_matrix_market_write_csr", _I, c_char_p, _V, _I)
_proto("steepest_matrix_inf1_branch_and_bound", _I, _Z, _V, _V, P_double, P_double, POINTER(c_int), _V)
_proto("steepest_operator_csr", _V, _V)
_proto("steepest_operator_dense_matrix", P_double, _V)
_proto("steepest_operator_dim", _Z, _V)
_proto("steepest_operator_has_entries", _I, _V)
_proto("steepest_operator_kind", _I, _V)
_proto("steepest_operator_new_gradient", _I, _Z, GradientFn, _V, _V, _D, _P_V)
