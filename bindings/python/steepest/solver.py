"""Steepest descent solvers (steepest-solver.h).

    result = steepest.minimize(fun, x0, norm="linf", step="fixed", lipschitz=L)

``fun(x) -> (value, gradient)`` (or a built-in problem from
:mod:`steepest.problems`); ``x0`` any vector the binding accepts (it is not
modified).  Every update is steepest descent w.r.t. the norm: the paper's
scaled step ``x − α ∇f♯`` or, with ``direction="normalized"``, ``x − α s(∇f)``
(for ℓ∞ the sign step).

An exception raised in ``fun``, in ``callback`` or in a norm written in
Python stops the run and is re-raised with its traceback.  A library failure
(NaN in f, a failed line search, ...) raises the matching
:class:`~steepest.SteepestError` with the partial :class:`Result` attached as
``.result`` (x is the last accepted iterate).
"""
import ctypes
import math
from ctypes import byref, c_void_p

from . import _lib, arrays
from .errors import (Status, SteepestError, calling, check, error_class, from_status, stash,
                     status_describe)
from .norms import Norm
from . import objective as _objective

_L = _lib.lib

STEP_RULES = {"fixed": 0, "constant": 1, "inv_sqrt": 2, "geometric": 3, "armijo": 4,
              "normalized_sd": 5, "normalized_gd": 6, "momentum": 7, "rprop": 8}
DIRECTIONS = {"scaled": 0, "normalized": 1}


class IterationInfo:
    """What the iteration callback sees about x_t (valid only during the call
    for ``x`` and ``gradient``, which are returned as copies)."""

    _FIELDS = ("iteration", "f", "f_previous", "grad_norm", "grad_norm_previous", "step_size",
               "step_norm", "evaluations", "guarantee", "guarantee_applies", "decrease")

    def __init__(self, ptr):
        self._ptr = ptr
        for name in self._FIELDS:
            setattr(self, name, getattr(_L, "steepest_iteration_info_get_" + name)(ptr))
        self.guarantee_applies = bool(self.guarantee_applies)
        self.dim = _L.steepest_iteration_info_get_dimension(ptr)

    def _vector(self, which):
        if self._ptr is None:
            raise RuntimeError("IterationInfo.%s is only available during the callback" % which)
        return arrays.from_c(getattr(_L, "steepest_iteration_info_get_" + which)(self._ptr),
                             self.dim)

    @property
    def x(self):
        """A copy of x_t."""
        return self._vector("x")

    @property
    def gradient(self):
        """A copy of ∇f(x_t)."""
        return self._vector("gradient")

    def __repr__(self):
        return "IterationInfo(t=%d, f=%r, grad_norm=%r, step_size=%r)" % (
            self.iteration, self.f, self.grad_norm, self.step_size)


class Trace:
    """Record k describes x_k (k = 0 .. iterations): f, grad_norm (‖∇f‖*), step
    (α_{k−1}; NaN for k = 0) and evaluations done once x_k was reached."""

    def __init__(self, f, grad_norm, step, evaluations, truncated):
        self.f, self.grad_norm, self.step = f, grad_norm, step
        self.evaluations, self.truncated = evaluations, truncated

    def __len__(self):
        return len(self.f)

    def __repr__(self):
        return "Trace(%d records)" % len(self)


class Result(dict):
    """The outcome of a run, shaped like ``scipy.optimize.OptimizeResult``: a
    dict whose keys are also attributes (``res.x`` and ``res["x"]``).

    SciPy's fields: x, fun (f at x), jac (∇f at x; from minimize() only), nit
    (iterations), nfev and njev (the objective and gradient calls, including
    the one minimize() makes at the end for jac), status (a
    :class:`~steepest.Status`, an int), message, success (False when an
    iteration, evaluation or time limit ended the run, as in SciPy).
    The library's own: f (= fun), f0, grad_norm (‖∇f‖* at x), status_name,
    iterations (= nit), evaluations (= nfev), gradient_evaluations (= njev),
    elapsed (s), callback_status and history (a :class:`Trace`, or None)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    __setattr__ = dict.__setitem__
    __delattr__ = dict.__delitem__

    def __dir__(self):
        return list(self.keys())

    def __repr__(self):
        return ("Result(status=%s, fun=%r, nit=%d, nfev=%d, grad_norm=%r)"
                % (self.status_name, self.fun, self.nit, self.nfev, self.grad_norm))


# Stops that end a run by a budget, not by convergence: success is False.
_LIMIT_STOPS = (Status.STOP_MAX_ITER, Status.STOP_MAX_EVAL, Status.STOP_MAX_TIME)


def _real(v, what):
    """float(v) for numbers and anything with __float__ (an InducedNorm gives
    its upper bound); TypeError otherwise."""
    if isinstance(v, (bool, str, bytes)) or not hasattr(v, "__float__"):
        raise TypeError("%s must be a real number, not %s" % (what, type(v).__name__))
    return float(v)


def _count(v, what):
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise ValueError("%s must be a non-negative int, not %r" % (what, v))
    return v


class Solver:
    """A reusable solver for one norm and dimension (the C handle).

    ``Solver(norm, dim=None, **options)``: norm a :class:`Norm` or spec; dim
    defaults to the norm's.  Options are those of :func:`minimize` except
    ``callback``; set or change them with :meth:`configure`."""

    def __init__(self, norm, dim=None, **options):
        self._ptr = None
        self._keep_objective = None
        self._keep_callback = None
        norm = norm if isinstance(norm, Norm) else Norm(norm)
        dim = dim if dim is not None else norm.dim
        if dim is None:
            raise ValueError("give dim, or a norm bound to a dimension")
        self.norm = norm       # the solver borrows its instance: keep it alive
        self.dim = dim
        p = c_void_p()
        check(_L.steepest_solver_new(norm.handle(dim), dim, byref(p)))
        self._ptr = p.value
        check(_L.steepest_solver_set_trace(self._ptr, 1))
        self.configure(**options)

    def __del__(self):
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr and _L is not None:
            _L.steepest_solver_free(ptr)

    def _set(self, fn, *args):
        with calling():
            rc = fn(self._ptr, *args)
        if rc < 0:
            raise from_status(rc)

    def configure(self, step=None, step_size=None, lipschitz=None, direction=None, decay=None,
                  armijo=None, l0_l1=None, beta=None, momentum=None, rprop=None, grad_tol=None,
                  ftol_rel=None, ftol_abs=None, xtol=None, max_iter=None, max_eval=None,
                  max_time=None, f_target=None, cycle_detection=None, trace=None):
        """Sets options (None leaves one unchanged).

        step: a rule name — "fixed" (α = 1/lipschitz), "constant", "inv_sqrt",
        "geometric", "armijo", "normalized_sd", "normalized_gd", "momentum",
        "rprop" (hyphens work too: "normalized-sd") — or a number (the
        constant rule with that step size).
        armijo=(c, shrink, max_backtracks); l0_l1=(L0, L1); beta: NORMALIZED_GD's
        β; momentum: β; rprop=(eta_plus, eta_minus, delta0, delta_min, delta_max).
        Limits and tolerances: 0 is off."""
        if isinstance(step, (int, float)) and not isinstance(step, bool):
            step_size, step = step, "constant"
        if isinstance(step, str):
            step = step.replace("-", "_")
        if step is not None:
            if step not in STEP_RULES:
                raise ValueError("step must be a number or one of %s, not %r"
                                 % (", ".join(STEP_RULES), step))
            self._set(_L.steepest_solver_set_step_rule, STEP_RULES[step])
        if direction is not None:
            if direction not in DIRECTIONS:
                raise ValueError("direction must be 'scaled' or 'normalized', not %r" % (direction,))
            self._set(_L.steepest_solver_set_direction, DIRECTIONS[direction])
        for value, fn, what in ((step_size, _L.steepest_solver_set_step_size, "step_size"),
                                (lipschitz, _L.steepest_solver_set_lipschitz, "lipschitz"),
                                (decay, _L.steepest_solver_set_decay, "decay"),
                                (beta, _L.steepest_solver_set_normalized_gd_beta, "beta"),
                                (momentum, _L.steepest_solver_set_momentum, "momentum"),
                                (grad_tol, _L.steepest_solver_set_grad_tol, "grad_tol"),
                                (ftol_rel, _L.steepest_solver_set_ftol_rel, "ftol_rel"),
                                (ftol_abs, _L.steepest_solver_set_ftol_abs, "ftol_abs"),
                                (xtol, _L.steepest_solver_set_xtol, "xtol"),
                                (max_time, _L.steepest_solver_set_max_time, "max_time"),
                                (f_target, _L.steepest_solver_set_f_target, "f_target")):
            if value is not None:
                self._set(fn, _real(value, what))
        for value, fn, what in ((max_iter, _L.steepest_solver_set_max_iter, "max_iter"),
                                (max_eval, _L.steepest_solver_set_max_eval, "max_eval")):
            if value is not None:
                self._set(fn, _count(value, what))
        if armijo is not None:
            c, shrink, backtracks = armijo
            self._set(_L.steepest_solver_set_armijo, _real(c, "armijo c"),
                      _real(shrink, "armijo shrink"), _count(backtracks, "armijo max_backtracks"))
        if l0_l1 is not None:
            L0, L1 = l0_l1
            self._set(_L.steepest_solver_set_l0_l1, _real(L0, "L0"), _real(L1, "L1"))
        if rprop is not None:
            vals = [_real(v, "rprop") for v in rprop]
            if len(vals) != 5:
                raise ValueError("rprop=(eta_plus, eta_minus, delta0, delta_min, delta_max)")
            self._set(_L.steepest_solver_set_rprop, *vals)
        if cycle_detection is not None:
            self._set(_L.steepest_solver_set_cycle_detection, int(bool(cycle_detection)))
        if trace is not None:
            self._set(_L.steepest_solver_set_trace, int(bool(trace)))
        return self

    def set_objective(self, fun, grad=None):
        """fun(x) -> (value, gradient), a built-in problem, or with ``grad``
        given: fun(x) -> value and grad(x) -> gradient (the solver then calls
        only what it needs)."""
        if grad is None:
            cfn, data, keep = _objective.objective(fun)
            self._set(_L.steepest_solver_set_objective, cfn, data, _lib.DestroyNotify())

            def gradient_only(data, n, x, g):
                return cfn(data, n, x, byref(ctypes.c_double()), g)
            self._gradient_source = (gradient_only, data, keep)
        else:
            vfn, vkeep = _objective.value_only(fun)
            gfn, gdata, gkeep = _objective.gradient(grad)
            keep = (vkeep, gkeep)
            self._set(_L.steepest_solver_set_objective_split, vfn, gfn, None, _lib.DestroyNotify())
            self._gradient_source = (gfn, gdata, gkeep)
        self._keep_objective = keep   # after the C side holds the new one
        return self

    def set_callback(self, callback):
        """callback(info: IterationInfo) -> truthy to stop (STOP_USER); None removes it."""
        if callback is None:
            self._set(_L.steepest_solver_set_iteration_callback, _lib.IterationFn(), None,
                      _lib.DestroyNotify())
            self._keep_callback = None
            return self
        if not callable(callback):
            raise TypeError("callback must be callable(info) -> bool")

        def trampoline(user_data, info_ptr):
            info = IterationInfo(info_ptr)
            try:
                return 1 if callback(info) else 0
            except BaseException as e:
                stash(e)
                return 1
            finally:
                info._ptr = None
        cfn = _lib.IterationFn(trampoline)
        self._set(_L.steepest_solver_set_iteration_callback, cfn, None, _lib.DestroyNotify())
        self._keep_callback = (callback, cfn)
        return self

    def run(self, x):
        """Minimizes from x, written in place (x must be writable: NumPy array,
        array.array('d'), ...).  Returns a :class:`Result` whose x is this x."""
        addr, n, keep = arrays.vector_out(x, "x")
        if n != self.dim:
            raise ValueError("x has length %d but the solver has dimension %d" % (n, self.dim))
        with calling():
            rc = _L.steepest_solver_run(self._ptr, n, addr)
            message = _lib.decode(_L.steepest_solver_last_error(self._ptr)) if rc < 0 else ""
        result = self._result(x, rc, message)
        if rc < 0:
            err = error_class(rc)(message or status_describe(rc), rc)
            err.result = result
            raise err
        return result

    def _result(self, x, rc, message):
        P = self._ptr
        history = None
        length = _L.steepest_solver_get_trace_length(P)
        fp = _L.steepest_solver_get_trace_f(P)
        if fp:
            def col(ptr):
                return arrays.from_c(ctypes.cast(ptr, c_void_p).value, length) if ptr else None
            ev = _L.steepest_solver_get_trace_evaluations(P)
            history = Trace(col(fp), col(_L.steepest_solver_get_trace_grad_norm(P)),
                            col(_L.steepest_solver_get_trace_step(P)),
                            [ev[i] for i in range(length)] if ev else None,
                            bool(_L.steepest_solver_get_trace_truncated(P)))
        try:
            status = Status(rc)
        except ValueError:
            status = rc
        f = _L.steepest_solver_get_f(P)
        iterations = _L.steepest_solver_get_iterations(P)
        evaluations = _L.steepest_solver_get_evaluations(P)
        gradient_evaluations = _L.steepest_solver_get_gradient_evaluations(P)
        return Result(x=x, fun=f, jac=None, nit=iterations, nfev=evaluations,
                      njev=gradient_evaluations, status=status,
                      message=message or status_describe(rc),
                      success=rc > 0 and rc not in _LIMIT_STOPS,
                      f=f, f0=_L.steepest_solver_get_initial_f(P),
                      grad_norm=_L.steepest_solver_get_grad_norm(P),
                      status_name=getattr(status, "name", str(rc)),
                      iterations=iterations, evaluations=evaluations,
                      gradient_evaluations=gradient_evaluations,
                      elapsed=_L.steepest_solver_get_elapsed(P),
                      callback_status=_L.steepest_solver_get_callback_status(P),
                      history=history)


# SciPy's option names, and the library's, as Solver.configure() keywords.
_OPTION_ALIASES = {"maxiter": "max_iter", "maxfev": "max_eval", "gtol": "grad_tol",
                   "ftol": "ftol_rel", "xtol": "xtol", "maxtime": "max_time"}
_IGNORED_OPTIONS = ("disp",)          # SciPy's; the library never prints
DEFAULT_GTOL = 1e-5                   # ‖∇f‖* at which minimize() stops by default
DEFAULT_MAXITER = 1000


def _with_args(fn, args):
    return fn if not args else (lambda x: fn(x, *args))


def _objective_of(fun, jac, grad, args):
    """(fun, grad) for Solver.set_objective from SciPy's (fun, jac, args)."""
    if grad is not None:                        # the library's own keyword
        if jac not in (None, False):
            raise TypeError("give the gradient as jac= or grad=, not both")
        jac = grad
    if hasattr(fun, "_c_objective"):            # a built-in problem: C all the way
        if args:
            raise TypeError("a built-in problem takes no args")
        return fun, None
    if not callable(fun):
        raise TypeError("fun must be callable(x, *args) or a steepest problem, not %s"
                        % type(fun).__name__)
    if callable(jac):
        return _with_args(fun, args), _with_args(jac, args)
    if jac is True or jac is None:
        # jac=True: fun returns (f, g).  jac=None: the library's original
        # convention, the same; a scalar then gets an error saying what to do.
        f = _with_args(fun, args)

        def value_and_gradient(x):
            r = f(x)
            if not isinstance(r, (tuple, list)):
                raise TypeError(
                    "fun returned %s, but minimize() needs a gradient: pass jac=callable "
                    "(jac(x, *args) -> gradient), or make fun return (f, gradient) and pass "
                    "jac=True; steepest.check_gradient(fun, x) verifies a gradient against "
                    "finite differences (the library never substitutes them silently)"
                    % type(r).__name__)
            return r
        value_and_gradient.__qualname__ = getattr(fun, "__qualname__", "fun")
        return value_and_gradient, None
    raise TypeError("jac must be True, a callable or None, not %r" % (jac,))


def _options_of(method, tol, options, legacy):
    """Solver.configure() keywords from SciPy's (method, tol, options) and the
    library's own keywords; defaults: Armijo from α0 = 1 unless an L is known,
    gtol 1e-5, 1000 iterations."""
    opts = {}
    for key, value in dict(options or {}).items():
        if key in _IGNORED_OPTIONS:
            continue
        opts[_OPTION_ALIASES.get(key, key)] = value
    for key, value in legacy.items():
        key = _OPTION_ALIASES.get(key, key)
        if key in opts:
            raise TypeError("%s given both as a keyword and in options" % key)
        opts[key] = value
    if method is not None:
        if opts.get("step") is not None and opts["step"] != method:
            raise TypeError("give the step rule as method= or step=, not both")
        opts["step"] = method
    if tol is not None:
        opts.setdefault("grad_tol", tol)
    if opts.get("step") is None:
        opts["step"] = "fixed" if opts.get("lipschitz") is not None else "armijo"
    if opts["step"] == "armijo" and opts.get("step_size") is None:
        opts["step_size"] = 1.0
    opts.setdefault("grad_tol", DEFAULT_GTOL)
    opts.setdefault("max_iter", DEFAULT_MAXITER)
    return opts


def _gradient_at(solver, x):
    """∇f at the final x (one more gradient call); None if it fails."""
    g, gaddr = arrays.new_vector(solver.dim)
    addr, n, keep = arrays.vector_in(x, "x")
    fn, data, keep_fn = solver._gradient_source
    with calling():
        rc = fn(data, n, addr, gaddr)
    return g if rc == 0 else None


def minimize(fun, x0, args=(), jac=None, norm="l2", method=None, tol=None, callback=None,
             options=None, grad=None, **kwargs):
    """Minimizes ``fun`` from ``x0`` by steepest descent w.r.t. ``norm``,
    shaped like ``scipy.optimize.minimize``.

    fun(x, *args) -> f with ``jac(x, *args) -> gradient``; or with ``jac=True``
    fun returns ``(f, gradient)``; or a built-in problem.  ``jac=None`` keeps
    the library's original convention, fun returning ``(f, gradient)``; a
    value-only fun then raises a TypeError saying how to pass a gradient (the
    library never substitutes finite differences).  norm: a :class:`Norm` or
    spec ("l2" is gradient descent, "linf" sign gradient descent, "l1"
    coordinate descent, "block:size=4" block-normalized).

    method: the step rule ("armijo", "fixed", "constant", "inv_sqrt",
    "geometric", "normalized_sd", "normalized_gd", "momentum", "rprop");
    default "fixed" (α = 1/L) when ``lipschitz`` is given, else "armijo"
    starting from α0 = 1, as the command line does.  tol: the gradient
    tolerance (stop when ‖∇f‖* ≤ tol, default 1e-5 in the norm's dual).
    options: SciPy's maxiter (default 1000), maxfev, gtol, ftol (relative),
    xtol, and the library's own (step_size, lipschitz, direction, decay,
    armijo, l0_l1, beta, momentum, rprop, ftol_abs, max_time, f_target,
    cycle_detection, trace).  The same names work as keywords (``grad=``,
    ``step=``, ``max_iter=``, ...), the library's original spelling.
    callback(info) -> truthy stops the run.

    x0 may be any real vector: a list, an int or float32 array, a strided
    slice; it is converted into a new float64 array (x0 itself is left
    alone).  Returns a :class:`Result` (``OptimizeResult``-compatible)."""
    try:
        fn, gradient = _objective_of(fun, jac, grad, args)
        x = arrays.converted_copy(x0, "x0")
        opts = _options_of(method, tol, options, kwargs)
        solver = Solver(norm, len(x), **opts)
        solver.set_objective(fn, gradient)
        if callback is not None:
            solver.set_callback(callback)
    except (TypeError, ValueError, SteepestError) as e:
        raise _renamed(e, "minimize()") from None
    result = solver.run(x)
    # res.jac costs one more gradient call at the final x; nfev/njev count the
    # calls minimize() made, as SciPy's do (the library's own counters,
    # evaluations and gradient_evaluations, are the solver's alone).
    result["jac"] = _gradient_at(solver, result.x)
    result["njev"] += 1
    if gradient is None:
        result["nfev"] += 1
    return result


def _renamed(e, public):
    """The same exception, its message starting with the public function's name."""
    msg = str(e.args[0]) if e.args else str(e)
    if not msg.startswith(public):
        msg = "%s: %s" % (public, msg)
    return type(e)(msg, e.status) if isinstance(e, SteepestError) else type(e)(msg)


class GradientCheck:
    """Result of :func:`check_gradient`: max_rel_error and the worst
    coordinates as (index, analytic, numeric, rel_error) tuples."""

    def __init__(self, max_rel_error, worst):
        self.max_rel_error, self.worst = max_rel_error, worst

    def __repr__(self):
        return "GradientCheck(max_rel_error=%r, worst=%r)" % (self.max_rel_error, self.worst[:3])


def check_gradient(fun, x, h=0.0, k=5):
    """Compares fun's gradient at x with central finite differences (1 + 2n
    evaluations).  A max_rel_error below ~1e-6 means the gradient is right."""
    addr, n, keep = arrays.vector_in(x, "x")
    k = min(_count(k, "k"), n)
    cfn, data, ckeep = _objective.objective(fun)
    idx = (ctypes.c_size_t * max(k, 1))()
    a, num, rel = ((ctypes.c_double * max(k, 1))() for _ in range(3))
    worst = ctypes.c_double()
    with calling():
        check(_L.steepest_check_gradient(cfn, data, n, addr, _real(h, "h"), k, idx, a, num, rel,
                                         byref(worst)))
    return GradientCheck(worst.value, [(idx[i], a[i], num[i], rel[i]) for i in range(k)])


__all__ = ["minimize", "Solver", "Result", "DEFAULT_GTOL", "DEFAULT_MAXITER", "Trace", "IterationInfo", "check_gradient",
           "GradientCheck", "STEP_RULES", "DIRECTIONS"]
