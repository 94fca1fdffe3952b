"""Python callables as the library's objective callbacks (steepest-objective.h).

Conventions for Python code the library calls:

- an *objective* is ``fun(x) -> (value, gradient)``; the gradient is any
  vector the binding accepts (NumPy array, array.array, list, ...) of length n;
- a *gradient* function is ``grad(x) -> gradient``;
- ``x`` is a read-only zero-copy view of the library's vector (a NumPy array
  when NumPy is importable, else a memoryview of doubles), valid only during
  the call: copy it to keep it.

A built-in problem (:mod:`steepest.problems`) can be passed wherever an
objective is expected; the library then calls its C code directly, with no
Python in the loop.

An exception raised by the callable is kept for the thread, the callback
reports a failure to the library (which stops), and the binding re-raises
the original exception from the outer call.
"""
import ctypes

from . import _lib, arrays
from .errors import Status, stash

_L = _lib.lib


def _fail(e, what):
    stash(e)
    msg = ("%s raised %s: %s" % (what, type(e).__name__, e)).encode("utf-8", "replace")
    _L.steepest_set_error(Status.ERROR_CALLBACK, msg)
    return 1


def returned_badly(e):
    """Marks e as the binding's complaint about what a callable returned (not
    an exception the callable raised itself), so that a public function may
    put its name on it; returns e."""
    e.steepest_returned = True
    return e


def _name(fn):
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)


def _split(r, what):
    try:
        value, grad = r
    except (TypeError, ValueError):
        raise TypeError("%s must return (value, gradient), not %s" % (what, type(r).__name__)) \
            from None
    return value, grad


def _value(v, what):
    try:
        return float(v)
    except (TypeError, ValueError):
        raise TypeError("%s must return a real number as the value, not %s"
                        % (what, type(v).__name__)) from None


def objective(fun, what=None):
    """(ObjectiveFn, user_data, keep-alive) for fun(x) -> (value, gradient), or
    for a built-in problem.  ``what`` names fun in messages (default its
    __qualname__)."""
    if hasattr(fun, "_c_objective"):
        fn, data = fun._c_objective()
        return fn, data, (fun, fn)
    if not callable(fun):
        raise TypeError("the objective must be callable(x) -> (value, gradient) or a "
                        "steepest problem, not %s" % type(fun).__name__)
    what = what or _name(fun)

    def trampoline(user_data, n, x, value, grad):
        try:
            r = fun(arrays.view(x, n))
        except BaseException as e:
            return _fail(e, what)
        try:
            v, g = _split(r, what)
            value[0] = _value(v, what)
            if grad:
                arrays.store(grad, n, g, "the gradient %s returned" % what)
            return 0
        except (TypeError, ValueError) as e:
            return _fail(returned_badly(e), what)
    cfn = _lib.ObjectiveFn(trampoline)
    return cfn, None, (fun, cfn)


def gradient(grad, what=None):
    """(GradientFn, user_data, keep-alive) for grad(x) -> gradient, or for a
    built-in problem (its gradient)."""
    if hasattr(grad, "gradient") and hasattr(grad, "_c_objective"):
        grad = grad.gradient
    if not callable(grad):
        raise TypeError("grad must be callable(x) -> gradient, not %s" % type(grad).__name__)
    what = what or _name(grad)

    def trampoline(user_data, n, x, g):
        try:
            r = grad(arrays.view(x, n))
        except BaseException as e:
            return _fail(e, what)
        try:
            arrays.store(g, n, r, "the gradient %s returned" % what)
            return 0
        except (TypeError, ValueError) as e:
            return _fail(returned_badly(e), what)
    cfn = _lib.GradientFn(trampoline)
    return cfn, None, (grad, cfn)


def value_only(fun, what=None):
    """(ValueFn, keep-alive) for fun(x) -> value."""
    what = what or _name(fun)

    def trampoline(user_data, n, x, value):
        try:
            r = fun(arrays.view(x, n))
        except BaseException as e:
            return _fail(e, what)
        try:
            value[0] = _value(r, what)
            return 0
        except TypeError as e:
            return _fail(returned_badly(e), what)
    cfn = _lib.ValueFn(trampoline)
    return cfn, (fun, cfn)


def to_c_objective(fnptr):
    """A C function pointer (int) as a callable ObjectiveFn."""
    return ctypes.cast(ctypes.c_void_p(fnptr), _lib.ObjectiveFn)
