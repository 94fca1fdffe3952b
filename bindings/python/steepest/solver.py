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
from .errors import Status, calling, check, error_class, from_status, stash, status_describe
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


class Result:
    """The outcome of a run: x, f, f0, grad_norm, status (a Status: ``.name``
    and int value), status_name, message, success, iterations, evaluations,
    gradient_evaluations, elapsed (s) and history (a :class:`Trace`, or None)."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def __repr__(self):
        return ("Result(status=%s, f=%r, iterations=%d, evaluations=%d, grad_norm=%r)"
                % (self.status_name, self.f, self.iterations, self.evaluations, self.grad_norm))


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
        norm.bind(dim)
        self.norm = norm       # the solver borrows it: keep it alive
        self.dim = dim
        p = c_void_p()
        check(_L.steepest_solver_new(norm.as_parameter, dim, byref(p)))
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
        "rprop" — or a number (the constant rule with that step size).
        armijo=(c, shrink, max_backtracks); l0_l1=(L0, L1); beta: NORMALIZED_GD's
        β; momentum: β; rprop=(eta_plus, eta_minus, delta0, delta_min, delta_max).
        Limits and tolerances: 0 is off."""
        if isinstance(step, (int, float)) and not isinstance(step, bool):
            step_size, step = step, "constant"
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
        else:
            vfn, vkeep = _objective.value_only(fun)
            gfn, gdata, gkeep = _objective.gradient(grad)
            keep = (vkeep, gkeep)
            self._set(_L.steepest_solver_set_objective_split, vfn, gfn, None, _lib.DestroyNotify())
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
        return Result(x=x, f=_L.steepest_solver_get_f(P), f0=_L.steepest_solver_get_initial_f(P),
                      grad_norm=_L.steepest_solver_get_grad_norm(P), status=status,
                      status_name=getattr(status, "name", str(rc)),
                      message=message or status_describe(rc), success=rc > 0,
                      iterations=_L.steepest_solver_get_iterations(P),
                      evaluations=_L.steepest_solver_get_evaluations(P),
                      gradient_evaluations=_L.steepest_solver_get_gradient_evaluations(P),
                      elapsed=_L.steepest_solver_get_elapsed(P),
                      callback_status=_L.steepest_solver_get_callback_status(P),
                      history=history)


def minimize(fun, x0, norm="l2", grad=None, callback=None, **options):
    """Minimizes fun from x0 by steepest descent w.r.t. ``norm``.

    fun(x) -> (value, gradient), or fun(x) -> value with ``grad(x) ->
    gradient``, or a built-in problem.  norm: a :class:`Norm` or spec ("l2"
    is gradient descent, "linf" sign gradient descent, "l1" coordinate
    descent, "block:size=4" block-normalized).  callback(info) -> truthy
    stops the run.  Options (see :meth:`Solver.configure`): step, step_size,
    lipschitz, direction, decay, armijo, l0_l1, beta, momentum, rprop,
    grad_tol, ftol_rel, ftol_abs, xtol, max_iter (default 1000), max_eval,
    max_time, f_target, cycle_detection, trace (default True).
    ``step`` defaults to "fixed" when lipschitz is given, else "constant".

    Returns a :class:`Result` (x is a new array; x0 is left alone)."""
    x = arrays.copy_vector(x0, "x0")
    n = len(x)
    if options.get("step") is None and options.get("lipschitz") is not None:
        options["step"] = "fixed"
    solver = Solver(norm, n, **options)
    solver.set_objective(fun, grad)
    if callback is not None:
        solver.set_callback(callback)
    return solver.run(x)


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


__all__ = ["minimize", "Solver", "Result", "Trace", "IterationInfo", "check_gradient",
           "GradientCheck", "STEP_RULES", "DIRECTIONS"]
