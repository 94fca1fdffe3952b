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
import re
from ctypes import byref, c_void_p

from . import _lib, arrays
from .errors import (DimensionError, Status, SteepestError, calling, check, error_class,
                     from_status, stash, status_describe)
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


def _parts(value, parts, what):
    """The numbers of a tuple option such as armijo=(c, shrink, max_backtracks)."""
    names = [name for name, _ in parts]
    shape = "%s must be (%s)" % (what, ", ".join(names))
    try:
        values = list(value)
    except TypeError:
        raise TypeError("%s, not %s" % (shape, type(value).__name__)) from None
    if len(values) != len(parts):
        raise ValueError("%s, not %d values" % (shape, len(values)))
    return [convert(v, "%s: %s" % (what, name)) for v, (name, convert) in zip(values, parts)]


# Each option of Solver.configure() and the C setter behind it.
_SETTERS = {
    "step": "steepest_solver_set_step_rule", "step_size": "steepest_solver_set_step_size",
    "lipschitz": "steepest_solver_set_lipschitz", "direction": "steepest_solver_set_direction",
    "decay": "steepest_solver_set_decay", "armijo": "steepest_solver_set_armijo",
    "l0_l1": "steepest_solver_set_l0_l1", "beta": "steepest_solver_set_normalized_gd_beta",
    "momentum": "steepest_solver_set_momentum", "rprop": "steepest_solver_set_rprop",
    "grad_tol": "steepest_solver_set_grad_tol", "ftol_rel": "steepest_solver_set_ftol_rel",
    "ftol_abs": "steepest_solver_set_ftol_abs", "xtol": "steepest_solver_set_xtol",
    "max_iter": "steepest_solver_set_max_iter", "max_eval": "steepest_solver_set_max_eval",
    "max_time": "steepest_solver_set_max_time", "f_target": "steepest_solver_set_f_target",
    "cycle_detection": "steepest_solver_set_cycle_detection",
    "trace": "steepest_solver_set_trace",
}
_OPTION_OF_SETTER = {setter: option for option, setter in _SETTERS.items()}
_REAL_OPTIONS = ("step_size", "lipschitz", "decay", "beta", "momentum", "grad_tol", "ftol_rel",
                 "ftol_abs", "xtol", "max_time", "f_target")
_COUNT_OPTIONS = ("max_iter", "max_eval")
_TUPLE_OPTIONS = {
    "armijo": (("c", _real), ("shrink", _real), ("max_backtracks", _count)),
    "l0_l1": (("L0", _real), ("L1", _real)),
    "rprop": tuple((name, _real) for name in ("eta_plus", "eta_minus", "delta0", "delta_min",
                                                "delta_max")),
}


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
        self._set("trace", _L.steepest_solver_set_trace, 1)
        self.configure(**options)

    def __del__(self):
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr and _L is not None:
            _L.steepest_solver_free(ptr)

    def _set(self, option, fn, *args):
        """Calls the C setter behind ``option``; a rejection names the option."""
        with calling():
            rc = fn(self._ptr, *args)
        if rc < 0:
            raise from_status(rc, self._pythonic(_lib.decode(_L.steepest_last_error())
                                                 or status_describe(rc), option))

    def _pythonic(self, message, option=None):
        """The library's message in Python terms: the option a setter serves
        instead of the setter (C function) itself, and step rules by the
        names ``step=`` takes."""
        label = self._label
        if option is not None:
            message = re.sub(r"^steepest_solver_set_\w+: ", label(option) + ": ", message)
        message = re.sub(r"\((steepest_solver_\w+)\)", lambda m: "(%s)" % self._hint(m.group(1)),
                         message)
        message = re.sub(r"^steepest_solver_run: ", "Solver.run(): ", message)
        return re.sub(r"\bstep rule ([A-Z_]+)\b",
                      lambda m: "%s=%r" % (label("step"), m.group(1).lower()), message)

    @staticmethod
    def _label(option):
        return option

    def _hint(self, function):
        """What to do in Python instead of calling a C function of the solver."""
        option = _OPTION_OF_SETTER.get(function)
        if option is not None:
            return "set %s" % self._label(option)
        return "call Solver.%s()" % function[len("steepest_solver_"):]

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
        options = dict(locals())
        del options["self"]
        return self._configure(options)

    def _configure(self, options):
        """configure() for a dict of options; errors call each option what
        self._label says (minimize() names its own arguments)."""
        label = self._label
        options = {k: v for k, v in options.items() if v is not None}
        unknown = sorted(set(options) - set(_SETTERS))
        if unknown:
            raise TypeError("unknown option %s (the options are %s)"
                            % (", ".join(label(k) for k in unknown), ", ".join(_SETTERS)))
        step = options.get("step")
        if isinstance(step, (int, float)) and not isinstance(step, bool):
            options["step_size"], step = step, "constant"
        if isinstance(step, str):
            step = step.replace("-", "_")
        if step is not None:
            if step not in STEP_RULES:
                raise ValueError("%s must be a number or one of %s, not %r"
                                 % (label("step"), ", ".join(STEP_RULES), step))
            self._set("step", _L.steepest_solver_set_step_rule, STEP_RULES[step])
        direction = options.get("direction")
        if direction is not None:
            if direction not in DIRECTIONS:
                raise ValueError("%s must be 'scaled' or 'normalized', not %r"
                                 % (label("direction"), direction))
            self._set("direction", _L.steepest_solver_set_direction, DIRECTIONS[direction])
        for key in _REAL_OPTIONS + _COUNT_OPTIONS:
            if key in options:
                convert = _real if key in _REAL_OPTIONS else _count
                self._set(key, getattr(_L, _SETTERS[key]), convert(options[key], label(key)))
        for key, parts in _TUPLE_OPTIONS.items():
            if key in options:
                values = _parts(options[key], parts, label(key))
                self._set(key, getattr(_L, _SETTERS[key]), *values)
        for key in ("cycle_detection", "trace"):
            if key in options:
                self._set(key, getattr(_L, _SETTERS[key]), int(bool(options[key])))
        return self

    def set_objective(self, fun, grad=None):
        """fun(x) -> (value, gradient), a built-in problem, or with ``grad``
        given: fun(x) -> value and grad(x) -> gradient (the solver then calls
        only what it needs)."""
        return self._set_objective(fun, grad)

    def _set_objective(self, fun, grad, fun_name=None, grad_name=None):
        """set_objective(), the callables named fun_name and grad_name in messages."""
        if grad is None:
            cfn, data, keep = _objective.objective(fun, fun_name)
            self._set(None, _L.steepest_solver_set_objective, cfn, data, _lib.DestroyNotify())

            def gradient_only(data, n, x, g):
                return cfn(data, n, x, byref(ctypes.c_double()), g)
            self._gradient_source = (gradient_only, data, keep)
        else:
            vfn, vkeep = _objective.value_only(fun, fun_name)
            gfn, gdata, gkeep = _objective.gradient(grad, grad_name)
            keep = (vkeep, gkeep)
            self._set(None, _L.steepest_solver_set_objective_split, vfn, gfn, None, _lib.DestroyNotify())
            self._gradient_source = (gfn, gdata, gkeep)
        self._keep_objective = keep   # after the C side holds the new one
        return self

    def set_callback(self, callback):
        """callback(info: IterationInfo) -> truthy to stop (STOP_USER); None removes it."""
        if callback is None:
            self._set(None, _L.steepest_solver_set_iteration_callback, _lib.IterationFn(), None,
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
        self._set(None, _L.steepest_solver_set_iteration_callback, cfn, None, _lib.DestroyNotify())
        self._keep_callback = (callback, cfn)
        return self

    def run(self, x):
        """Minimizes from x, written in place (x must be writable: NumPy array,
        array.array('d'), ...).  Returns a :class:`Result` whose x is this x."""
        return self._run(x)

    def _run(self, x, public=None):
        """run(); a library failure's message starts with ``public`` when given."""
        addr, n, keep = arrays.vector_out(x, "x")
        if n != self.dim:
            raise ValueError("x has length %d but the solver has dimension %d" % (n, self.dim))
        with calling():
            rc = _L.steepest_solver_run(self._ptr, n, addr)
            message = _lib.decode(_L.steepest_solver_last_error(self._ptr)) if rc < 0 else ""
        message = self._pythonic(message) if message else message
        result = self._result(x, rc, message)
        if rc < 0:
            message = message or status_describe(rc)
            err = error_class(rc)(message if public is None else "%s: %s" % (public, message), rc)
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


def _named(role, fn):
    """How messages call a callable minimize() was given: "jac (rosen_der)"."""
    return "%s (%s)" % (role, getattr(fn, "__name__", None) or _objective._name(fn))


def _objective_of(fun, jac, grad, args):
    """(fun, grad, fun's name, grad's name) for Solver._set_objective from
    SciPy's (fun, jac, args)."""
    grad_role = "jac"
    if grad is not None:                        # the library's own keyword
        if jac not in (None, False):
            raise TypeError("give the gradient as jac= or grad=, not both")
        jac, grad_role = grad, "grad"
    if hasattr(fun, "_c_objective"):            # a built-in problem: C all the way
        if args:
            raise TypeError("args: a built-in problem takes no args")
        return fun, None, None, None
    if not callable(fun):
        raise TypeError("fun must be callable(x, *args) or a steepest problem, not %s"
                        % type(fun).__name__)
    if callable(jac):
        return (_with_args(fun, args), _with_args(jac, args), _named("fun", fun),
                _named(grad_role, jac))
    if jac is True or jac is None:
        # jac=True: fun returns (f, g).  jac=None: the library's original
        # convention, the same; a scalar then gets an error saying what to do.
        f = _with_args(fun, args)

        def value_and_gradient(x):
            r = f(x)
            if not isinstance(r, (tuple, list)):
                raise _objective.returned_badly(TypeError(
                    "fun returned %s, but a gradient is needed: pass jac=callable "
                    "(jac(x, *args) -> gradient), or make fun return (f, gradient) and pass "
                    "jac=True; steepest.check_gradient(fun, x) verifies a gradient against "
                    "finite differences (the library never substitutes them silently)"
                    % type(r).__name__))
            return r
        return value_and_gradient, None, _named("fun", fun), None
    raise TypeError("jac must be True, a callable or None, not %r" % (jac,))


def _options_of(method, tol, options, keywords):
    """(Solver.configure() keywords, the function naming each as the caller
    wrote it) from SciPy's (method, tol, options) and the library's own
    keywords; defaults: Armijo from α0 = 1 unless an L is known, gtol 1e-5,
    1000 iterations."""
    if options is None:
        options = {}
    if not hasattr(options, "items"):
        raise TypeError("options must be a dict, not %s" % type(options).__name__)
    known = sorted(set(_SETTERS) | set(_OPTION_ALIASES)) + list(_IGNORED_OPTIONS)
    opts, names = {}, {}
    for where, given, spell in (("options", options, "options[%r]"),
                                ("keywords", keywords, "%s")):
        for key, value in given.items():
            if key in _IGNORED_OPTIONS:
                continue
            option = _OPTION_ALIASES.get(key, key)
            if option not in _SETTERS:
                if where == "options":
                    raise TypeError("unknown option %r in options (the options are %s)"
                                    % (key, ", ".join(known)))
                raise TypeError("unexpected keyword argument %r (besides SciPy's arguments, "
                                "minimize() takes the options as keywords: %s)"
                                % (key, ", ".join(known)))
            if option in opts:
                raise TypeError("%s given both as a keyword and as %s" % (key, names[option]))
            opts[option], names[option] = value, spell % key
    if method is not None:
        if opts.get("step") is not None and opts["step"] != method:
            raise TypeError("give the step rule as method= or %s, not both" % names["step"])
        opts["step"], names["step"] = method, "method"
    if tol is not None and "grad_tol" not in opts:
        opts["grad_tol"], names["grad_tol"] = tol, "tol"
    if opts.get("step") is None:
        opts["step"] = "fixed" if opts.get("lipschitz") is not None else "armijo"
        names["step"] = "method"
    if opts["step"] == "armijo" and opts.get("step_size") is None:
        opts["step_size"] = 1.0
    opts.setdefault("grad_tol", DEFAULT_GTOL)
    opts.setdefault("max_iter", DEFAULT_MAXITER)
    return opts, lambda option: names.get(option) or "options[%r]" % option


def _norm_of(norm, n):
    """The Norm minimize() runs in, for x0 of length n."""
    try:
        norm = norm if isinstance(norm, Norm) else Norm(norm)
        if norm.dim is None:
            norm.handle(n)                  # parameters that depend on n are checked here
    except (TypeError, ValueError, SteepestError) as e:
        raise _renamed(e, "norm") from None
    if norm.dim is not None and norm.dim != n:
        raise DimensionError("x0 has length %d but norm '%s' has dimension %d"
                             % (n, norm.spec, norm.dim), Status.ERROR_DIMENSION)
    return norm


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
    alone).  Returns a :class:`Result` (``OptimizeResult``-compatible).

    Every error minimize() raises starts with "minimize():" and names the
    argument or option at fault as it was written (``tol``,
    ``options['gtol']``, ``jac (name)``, ...); exceptions that fun, jac or
    callback raise themselves pass through unchanged."""
    try:
        fn, gradient, fun_name, grad_name = _objective_of(fun, jac, grad, args)
        x = arrays.converted_copy(x0, "x0")
        if hasattr(fn, "_c_objective") and fn.dim != len(x):
            raise DimensionError("x0 has length %d but the problem has dimension %d"
                                 % (len(x), fn.dim), Status.ERROR_DIMENSION)
        opts, label = _options_of(method, tol, options, kwargs)
        solver = Solver(_norm_of(norm, len(x)), len(x))
        solver._label = label
        solver._configure(opts)
        solver._set_objective(fn, gradient, fun_name, grad_name)
        if callback is not None:
            solver.set_callback(callback)
    except (TypeError, ValueError, SteepestError) as e:
        raise _renamed(e, "minimize()") from None
    try:
        result = solver._run(x, "minimize()")   # library failures: named there, with .result
    except (TypeError, ValueError) as e:
        if not getattr(e, "steepest_returned", False):
            raise       # raised by fun, jac or callback themselves: unchanged
        raise _renamed(e, "minimize()") from None
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
