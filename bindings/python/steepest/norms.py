"""Norm instances, the norm registry and plugin loading (steepest-norm.h,
steepest-induced.h).

A :class:`Norm` is made from a spec string, the same one the C API and the
command line take: ``Norm("linf")``, ``Norm("block:sizes=3+3+6", dim=12)``,
``Norm("lp:p=3")``.

Dimension: give ``dim`` to fix it (parameters are then checked at once, and a
vector of another length raises :class:`~steepest.DimensionError`), or leave
it out and the norm works on vectors of any length, as NumPy functions do: it
keeps one C instance per length it has been used with.  A norm whose
parameters fix its dimension (``block:sizes=3+3+6`` is 12-dimensional) still
checks: a vector of another length raises DimensionError naming both.
A spec's syntax and the norm's name are checked at construction either way;
parameters that depend on the dimension are checked for each new length.

Matrix-shaped norms (classes declaring integer ``rows`` and ``cols``
parameters, such as ``spectral:rows=4,cols=3``) also take C-contiguous
float64 2-D NumPy arrays of exactly that shape, read row-major without a
copy; the maps, directions and steps then return arrays of the same shape.
"""
import ctypes
import threading
from ctypes import byref, c_char_p, c_double, c_int, c_void_p

from . import _lib, arrays
from .errors import DimensionError, Status, calling, check, from_status, stash

_L = _lib.lib


def _encode_spec(spec):
    if isinstance(spec, Norm):
        return spec.spec.encode()
    if not isinstance(spec, str):
        raise TypeError("a norm spec must be a str such as 'linf' or 'block:size=4', not %s"
                        % type(spec).__name__)
    if "\0" in spec:
        raise ValueError("a norm spec must not contain NUL characters")
    return spec.encode("utf-8")


def _check_dim(dim, what="dim"):
    if isinstance(dim, bool) or not isinstance(dim, int):
        try:
            import operator
            dim = operator.index(dim)
        except TypeError:
            raise TypeError("%s must be an int, not %s" % (what, type(dim).__name__)) from None
    if dim < 1:
        raise ValueError("%s must be at least 1, not %d" % (what, dim))
    return dim


class InducedNorm:
    """Bounds on an induced matrix norm: ``lower <= ‖H‖ <= upper``; ``exact``
    when they coincide up to rounding; ``method`` names what was done;
    ``certified`` whether ``upper`` is proved (always for a dense H; for a
    sparse matrix or linear operator, see :class:`steepest.Bound`)."""
    __slots__ = ("lower", "upper", "exact", "method", "certified")

    def __init__(self, lower, upper, exact, method, certified=True):
        self.lower, self.upper, self.exact, self.method = lower, upper, bool(exact), method
        self.certified = bool(certified)

    @property
    def value(self):
        """The norm when exact, else the certified upper bound."""
        return self.upper

    def __float__(self):
        return float(self.upper)

    def __iter__(self):
        return iter((self.lower, self.upper, self.exact, self.method))

    def __repr__(self):
        return "InducedNorm(lower=%r, upper=%r, exact=%r, method=%r, certified=%r)" % (
            tuple(self) + (self.certified,))


_MODES = {"auto": 0, "exact": 1, "bounds": 2}


class InducedOptions:
    """Owns a SteepestInducedOptions (NULL when everything is default)."""

    def __init__(self, mode="auto", max_exact_dim=None, time_budget=None, threads=None,
                 seed=None, restarts=None, progress=None):
        self.ptr = None
        self._progress = None
        if mode not in _MODES:
            raise ValueError("mode must be one of %s, not %r" % (sorted(_MODES), mode))
        for what, v in (("max_exact_dim", max_exact_dim), ("threads", threads),
                        ("seed", seed), ("restarts", restarts)):
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
                raise ValueError("%s must be a non-negative int, not %r" % (what, v))
        if time_budget is not None and not isinstance(time_budget, (int, float)):
            raise TypeError("time_budget must be a number of seconds")
        if progress is not None and not callable(progress):
            raise TypeError("progress must be callable(fraction) -> bool")
        if (mode == "auto" and max_exact_dim is None and time_budget is None and threads is None
                and seed is None and restarts is None and progress is None):
            return
        self.ptr = _L.steepest_induced_options_new()
        if not self.ptr:
            raise MemoryError("steepest_induced_options_new failed")
        check(_L.steepest_induced_options_set_mode(self.ptr, _MODES[mode]))
        if max_exact_dim is not None:
            check(_L.steepest_induced_options_set_max_exact_dim(self.ptr, max_exact_dim))
        if time_budget is not None:
            check(_L.steepest_induced_options_set_time_budget(self.ptr, float(time_budget)))
        if threads is not None:
            check(_L.steepest_induced_options_set_threads(self.ptr, threads))
        if seed is not None:
            check(_L.steepest_induced_options_set_seed(self.ptr, seed))
        if restarts is not None:
            check(_L.steepest_induced_options_set_restarts(self.ptr, restarts))
        if progress is not None:
            self._progress = progress_callback(progress)
            check(_L.steepest_induced_options_set_progress(self.ptr, self._progress, None))

    def __del__(self):
        if self.ptr and _L is not None:
            _L.steepest_induced_options_free(self.ptr)
            self.ptr = None


def progress_callback(fn):
    """Wraps fn(fraction) -> truthy-to-cancel as a SteepestProgressFn.

    The library may call it from worker threads; an exception cancels the
    computation and is re-raised to the caller."""
    def trampoline(user_data, fraction):
        try:
            return 1 if fn(fraction) else 0
        except BaseException as e:  # noqa: B902 — carried to the caller
            stash(e)
            return 1
    return _lib.ProgressFn(trampoline)


def induced_call(norm_ptr, addr, n, opts):
    """Runs steepest_norm_induced; returns an InducedNorm."""
    lower, upper, exact, method = c_double(), c_double(), c_int(), c_char_p()
    with calling():
        rc = _L.steepest_norm_induced(norm_ptr, n, addr, opts.ptr, byref(lower), byref(upper),
                                      byref(exact), byref(method))
        check(rc)
    return InducedNorm(lower.value, upper.value, exact.value, _lib.decode(method.value))


class Norm:
    """A norm instance: ``Norm(spec, dim=None)``.

    Vectors are NumPy float64 arrays, ``array.array('d')``, buffers of doubles
    or (inputs only) sequences of numbers; see :mod:`steepest.arrays`."""

    def __init__(self, spec, dim=None):
        self._ptr = None          # the most recent instance: spec, name, last_error
        self._instances = {}      # length -> SteepestNorm*
        self._fixed = None        # the dimension given, which every vector must have
        self._lock = threading.Lock()
        self._given_spec = spec.spec if isinstance(spec, Norm) else spec
        self._spec_bytes = _encode_spec(spec)
        if dim is not None:
            self._fixed = _check_dim(dim)
            self._create(self._fixed)
        else:
            # Check the syntax and the name now through a throw-away instance
            # of dimension 1; errors that depend on the dimension wait for the
            # first vector.  Classes defined in memory (Python norms) are not
            # instantiated for this: only their name is checked.
            name = self._spec_bytes.split(b":", 1)[0]
            k = _L.steepest_registry_lookup(name)
            # A product's parts carry their own dimensions, so its check is
            # as good as any plugin's (a wrong total is a PARAMETER error).
            if not k or _L.steepest_norm_class_get_source(k) != b"(memory)" or name == b"product":
                p = c_void_p()
                with calling():
                    rc = _L.steepest_norm_new(self._spec_bytes, 1, byref(p))
                if rc == 0:
                    _L.steepest_norm_free(p)
                elif rc in (Status.ERROR_SPEC, Status.ERROR_UNKNOWN_NORM):
                    raise from_status(rc)

    # ---- the C instances ------------------------------------------------------
    def _create(self, dim):
        p = c_void_p()
        with calling():
            rc = _L.steepest_norm_new(self._spec_bytes, dim, byref(p))
            if rc < 0 and self._instances:
                # Another length worked: the parameters fix the dimension.  The
                # library's reason is quoted without its status tag: the
                # DimensionError adds its own.
                reason = from_status(rc).message
                dims = ", ".join(str(d) for d in sorted(self._instances))
                raise DimensionError("vector has length %d but norm '%s' works only in "
                                     "dimension %s: %s" % (dim, self._given_spec, dims, reason),
                                     Status.ERROR_DIMENSION) from None
            check(rc)
        return self._adopt(p.value, dim)

    def _adopt(self, ptr, dim):
        """Keeps the C instance ptr (of dimension dim) as this norm's."""
        self._instances[dim] = ptr
        self._ptr = ptr
        # Classes from plugin files never call back into Python, so calls on
        # them skip the bookkeeping for exceptions raised in callbacks.
        k = _L.steepest_norm_get_class(ptr)
        self._plain = _L.steepest_norm_class_get_source(k) != b"(memory)"
        return ptr

    def _ptr_for(self, n):
        if self._fixed is not None and n != self._fixed:
            raise DimensionError("vector has length %d but norm '%s' has dimension %d"
                                 % (n, self.spec, self._fixed), Status.ERROR_DIMENSION)
        if n < 1:
            raise DimensionError("norm '%s' cannot work on an empty vector" % self._given_spec,
                                 Status.ERROR_DIMENSION)
        ptr = self._instances.get(n)
        if ptr is not None:
            return ptr
        with self._lock:
            ptr = self._instances.get(n)
            return ptr if ptr is not None else self._create(n)

    def handle(self, dim):
        """The SteepestNorm* address (int) of this norm in dimension ``dim``, for
        direct ctypes calls; it lives as long as this Norm."""
        return self._ptr_for(_check_dim(dim))

    @classmethod
    def product(cls, parts, weights=None):
        """The product norm ``max_i w_i ||x_i||_(i)`` over consecutive parts.

        ``parts`` lists ``(spec, dim)`` pairs (spec a str or a Norm) or bound
        :class:`Norm` objects, in coordinate order; ``weights`` one positive
        number per part (default all 1).  The parts are copied.  The result has
        the sum of the dimensions as its fixed dimension and equals
        ``Norm(<its spec>, dim=<that sum>)``: ``Norm.product([("l2", 3),
        ("linf", 2)], weights=[1, 0.5]).spec`` is
        ``'product:parts=[l2:dim=3|linf:dim=2],weights=1+0.5'``."""
        parts = list(parts)
        if not parts:
            raise ValueError("a product norm needs at least one part")
        bound = []
        for i, p in enumerate(parts, 1):
            if isinstance(p, Norm):
                if p.dim is None:
                    raise ValueError("part %d: Norm('%s') has no fixed dimension; pass "
                                     "(spec, dim) or call bind(dim) first" % (i, p.spec))
                bound.append(p)
            elif isinstance(p, tuple) and len(p) == 2:
                bound.append(Norm(p[0], dim=_check_dim(p[1], "part %d's dimension" % i)))
            else:
                raise TypeError("part %d must be a (spec, dim) pair or a bound Norm, not %s"
                                % (i, type(p).__name__))
        w = None
        if weights is not None:
            weights = [float(v) for v in weights]
            if len(weights) != len(bound):
                raise ValueError("%d parts but %d weights" % (len(bound), len(weights)))
            w = (c_double * len(weights))(*weights)
        ptrs = (c_void_p * len(bound))(*[b.handle(b.dim) for b in bound])
        out = c_void_p()
        with calling():
            check(_L.steepest_norm_product_new(len(bound), ptrs, w, byref(out)))
        self = cls.__new__(cls)
        spec = _lib.decode(_L.steepest_norm_get_spec(out))
        self._ptr, self._instances, self._fixed = None, {}, None
        self._lock = threading.Lock()
        self._given_spec = spec
        self._spec_bytes = spec.encode("utf-8")
        self._adopt(out.value, _L.steepest_norm_get_dim(out))
        self._fixed = _L.steepest_norm_get_dim(out)
        return self

    @property
    def parts(self):
        """For a product norm: its parts as (spec, dim, weight, offset)
        tuples; [] for other norms (and before a product spec meets a vector)."""
        if self._ptr is None:
            return []
        out = []
        for i in range(_L.steepest_norm_product_get_n_parts(self._ptr)):
            w, off = c_double(), ctypes.c_size_t()
            p = _L.steepest_norm_product_get_part(self._ptr, i, byref(w), byref(off))
            out.append((_lib.decode(_L.steepest_norm_get_spec(p)), _L.steepest_norm_get_dim(p),
                        w.value, off.value))
        return out

    def bind(self, dim):
        """Fixes the dimension: from now on every vector must have length
        ``dim`` (DimensionError if the norm was already fixed to another);
        returns self."""
        dim = _check_dim(dim)
        self._ptr_for(dim)
        self._fixed = dim
        self._ptr = self._instances[dim]
        return self

    def __del__(self):
        instances, self._instances = getattr(self, "_instances", {}), {}
        self._ptr = None
        if _L is not None:
            for ptr in instances.values():
                _L.steepest_norm_free(ptr)

    @property
    def as_parameter(self):
        """The SteepestNorm* address (int) for direct ctypes calls when the
        dimension is fixed; None otherwise (use :meth:`handle`)."""
        return self._instances.get(self._fixed) if self._fixed is not None else None

    # ---- description ----------------------------------------------------------
    @property
    def dim(self):
        """The fixed dimension, or None for a norm that works in any."""
        return self._fixed

    @property
    def name(self):
        """The class name ("block")."""
        if self._ptr is not None:
            return _lib.decode(_L.steepest_norm_get_name(self._ptr))
        return self._spec_bytes.split(b":", 1)[0].decode()

    @property
    def spec(self):
        """The normalized spec once bound ("block:size=4"), else the spec given."""
        if self._ptr is not None:
            return _lib.decode(_L.steepest_norm_get_spec(self._ptr))
        return self._given_spec

    @property
    def info(self):
        """The :class:`NormInfo` of this norm's class."""
        k = _L.steepest_registry_lookup(self.name.encode())
        return NormInfo._from_class(k)

    @property
    def last_error(self):
        """Message of the most recent failure of a call on this norm ("" if none)."""
        if self._ptr is None:
            return ""
        return _lib.decode(_L.steepest_norm_last_error(self._ptr))

    def __repr__(self):
        return "Norm(%r, dim=%r)" % (self.spec, self.dim)

    # ---- matrix-shaped vectors ------------------------------------------------
    @property
    def matrix_shape(self):
        """(rows, cols) for a class declaring integer rows= and cols= parameters
        (read from the spec), else None."""
        shape = getattr(self, "_matrix_shape", False)
        if shape is False:
            shape = None
            k = _L.steepest_registry_lookup(self.name.encode())
            if k:
                names = {p.name: p.type for p in NormInfo._from_class(k).params}
                if names.get("rows") == "int" and names.get("cols") == "int":
                    values = dict(kv.split("=", 1) for kv in self.spec.split(":", 1)[1].split(",")
                                  if "=" in kv) if ":" in self.spec else {}
                    try:
                        shape = (int(values["rows"]), int(values["cols"]))
                    except (KeyError, ValueError):
                        shape = None
            if self._ptr is not None or shape is not None:
                self._matrix_shape = shape
        return shape

    def _flat(self, a, name):
        """(a 1-D view of a, its shape or None): 2-D NumPy arrays of the
        norm's matrix shape become a flat row-major view, never a copy."""
        if arrays.np is None or not isinstance(a, arrays.np.ndarray) or a.ndim != 2:
            return a, None
        shape = self.matrix_shape
        if shape is None:
            raise ValueError("%s must be 1-D for norm '%s' (2-D arrays only for matrix-shaped "
                             "norms such as spectral), not of shape %s" % (name, self.spec, a.shape))
        if a.shape != shape:
            raise ValueError("%s has shape %s but norm '%s' is for %dx%d matrices"
                             % (name, a.shape, self.spec, shape[0], shape[1]))
        if not a.flags.c_contiguous:
            raise ValueError("%s must be C-contiguous (row-major; use numpy.ascontiguousarray)"
                             % name)
        return a.reshape(-1), a.shape

    @staticmethod
    def _shaped(out, shape):
        return out if shape is None else out.reshape(shape)

    def direction_error(self, z):
        """How far the unit direction this norm computes for z is from an exact
        one: for ``spectral`` with polar=ns5 or polar-express, max |σ_i(s(z))/κ − 1|
        over the nonzero singular values of z (0 for exact norms)."""
        z, _ = self._flat(z, "z")
        return self._scalar(_L.steepest_norm_direction_error, z, "z")

    # ---- evaluation -----------------------------------------------------------
    def _scalar(self, fn, x, name):
        x, _ = self._flat(x, name)
        addr, n, keep = arrays.vector_in(x, name)
        ptr = self._ptr_for(n)
        v = c_double()
        if self._plain:
            rc = fn(ptr, n, addr, byref(v))
        else:
            with calling():
                rc = fn(ptr, n, addr, byref(v))
        if rc:
            check(rc)
        return v.value

    def norm(self, x):
        """‖x‖."""
        return self._scalar(_L.steepest_norm_norm, x, "x")

    __call__ = norm

    def dual_norm(self, z):
        """‖z‖* (the dual norm)."""
        return self._scalar(_L.steepest_norm_dual_norm, z, "z")

    def _map(self, fn, z, out, with_dual, outname):
        z, shape = self._flat(z, "z")
        zaddr, n, zkeep = arrays.vector_in(z, "z")
        if out is None:
            out, oaddr = arrays.new_vector(n)
            out = self._shaped(out, shape)
        else:
            flat, _ = self._flat(out, outname)
            oaddr, m, okeep = arrays.vector_out(flat, outname)
            if m != n:
                raise ValueError("%s has length %d but z has length %d" % (outname, m, n))
        ptr = self._ptr_for(n)
        dual = c_double()
        if self._plain:
            rc = fn(ptr, n, zaddr, oaddr, byref(dual))
        else:
            with calling():
                rc = fn(ptr, n, zaddr, oaddr, byref(dual))
        if rc:
            check(rc)
        return (out, dual.value) if with_dual else out

    def duality_map(self, z, out=None, with_dual=False):
        """z♯ = argmax_y <z,y> − ½‖y‖² (a new array, or written into ``out``);
        with ``with_dual=True`` returns ``(z♯, ‖z‖*)``."""
        return self._map(_L.steepest_norm_duality_map, z, out, with_dual, "out")

    def unit_direction(self, z, out=None, with_dual=False):
        """s(z), the unit-norm steepest direction (0 for z = 0); as duality_map."""
        return self._map(_L.steepest_norm_unit_direction, z, out, with_dual, "out")

    def step(self, x, g, alpha, normalized=False, out=None, inplace=False, with_dual=False):
        """One steepest-descent step.

        Scaled (the paper's, default): ``x − alpha g♯``; normalized
        (``normalized=True``): ``x − alpha s(g)`` — for ℓ∞ the sign step.
        Returns a new array, or writes into ``out``, or into ``x`` itself with
        ``inplace=True`` (then returns ``x``).  ``with_dual=True`` returns
        ``(x_new, ‖g‖*)``."""
        x_given = x
        x, shape = self._flat(x, "x")
        g, _ = self._flat(g, "g")
        xaddr, n, xkeep = arrays.vector_out(x, "x") if inplace else arrays.vector_in(x, "x")
        gaddr, m, gkeep = arrays.vector_in(g, "g")
        if m != n:
            raise ValueError("g has length %d but x has length %d" % (m, n))
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
            try:
                alpha = float(alpha)
            except (TypeError, ValueError):
                raise TypeError("alpha must be a real number, not %s" % type(alpha).__name__) \
                    from None
        if inplace:
            if out is not None:
                raise ValueError("give either out or inplace=True, not both")
            out, oaddr = x, xaddr
        elif out is None:
            out, oaddr = arrays.new_vector(n)
        else:
            out, _ = self._flat(out, "out")
            oaddr, k, okeep = arrays.vector_out(out, "out")
            if k != n:
                raise ValueError("out has length %d but x has length %d" % (k, n))
        ptr = self._ptr_for(n)
        fn = _L.steepest_norm_step_normalized if normalized else _L.steepest_norm_step_scaled
        dual = c_double()
        if self._plain:
            rc = fn(ptr, n, xaddr, gaddr, alpha, oaddr, byref(dual))
        else:
            with calling():
                rc = fn(ptr, n, xaddr, gaddr, alpha, oaddr, byref(dual))
        if rc:
            check(rc)
        out = x_given if inplace else self._shaped(out, shape)
        return (out, dual.value) if with_dual else out

    def step_scaled(self, x, g, alpha, **kw):
        """``x − alpha g♯``; see :meth:`step`."""
        return self.step(x, g, alpha, normalized=False, **kw)

    def step_normalized(self, x, g, alpha, **kw):
        """``x − alpha s(g)``; see :meth:`step`."""
        return self.step(x, g, alpha, normalized=True, **kw)

    def induced_norm(self, H, mode="auto", **options):
        """Bounds on ‖H‖ = sup_{‖x‖≤1} ‖Hx‖* for a square matrix H.

        ``mode``: "auto" (exact within the budget, else bounds), "exact" or
        "bounds".  Options: max_exact_dim, time_budget (s), threads, seed,
        restarts, progress (callable(fraction) returning True to cancel).
        Returns an :class:`InducedNorm` (lower, upper, exact, method, certified).

        H may also be a SciPy sparse matrix, a linear operator (``.shape``
        and ``.matvec`` or ``@``) or a :class:`steepest.Operator`: it goes
        through :meth:`steepest.Operator.induced_norm` (l2, linf and l1;
        CSR without a copy when its dtypes fit) and the result is a
        :class:`steepest.Bound`, an InducedNorm whose ``certified`` says
        whether its upper bound is proved."""
        from .operator import operator_of
        op = operator_of(H, "H")
        if op is not None:
            return op.induced_norm(self, mode, **options)
        opts = InducedOptions(mode, **options)
        addr, n, keep = arrays.matrix_in(H, "H", self.dim)
        ptr = self._ptr_for(n)
        return induced_call(ptr, addr, n, opts)


# ---- the registry --------------------------------------------------------------------

class ParamInfo:
    """A declared parameter of a norm class."""
    __slots__ = ("name", "type", "doc", "default", "min", "max")

    def __init__(self, name, type, doc, default, lo, hi):
        self.name, self.type, self.doc, self.default, self.min, self.max = \
            name, type, doc, default, lo, hi

    def __repr__(self):
        return "ParamInfo(%r, %r, default=%r, range=[%r, %r])" % (
            self.name, self.type, self.default, self.min, self.max)


class NormInfo:
    """What the registry knows of a norm class."""
    __slots__ = ("name", "dual_name", "summary", "source", "has_induced_norm", "params")

    @classmethod
    def _from_class(cls, k):
        self = cls()
        self.name = _lib.decode(_L.steepest_norm_class_get_name(k))
        self.dual_name = _lib.decode(_L.steepest_norm_class_get_dual_name(k))
        self.summary = _lib.decode(_L.steepest_norm_class_get_summary(k))
        self.source = _lib.decode(_L.steepest_norm_class_get_source(k))
        self.has_induced_norm = bool(_L.steepest_norm_class_has_induced_norm(k))
        params = []
        for j in range(_L.steepest_norm_class_get_param_count(k)):
            name, doc, default = c_char_p(), c_char_p(), c_char_p()
            typ, lo, hi = c_int(), c_double(), c_double()
            check(_L.steepest_norm_class_get_param(k, j, byref(name), byref(typ), byref(doc),
                                                   byref(default), byref(lo), byref(hi)))
            params.append(ParamInfo(_lib.decode(name.value),
                                    _lib.decode(_L.steepest_param_type_name(typ.value)),
                                    _lib.decode(doc.value), _lib.decode(default.value),
                                    lo.value, hi.value))
        self.params = params
        return self

    def __repr__(self):
        return "NormInfo(%r, dual=%r, params=%r, source=%r)" % (
            self.name, self.dual_name, [p.name for p in self.params], self.source)


def norms():
    """Every registered norm class, in name order, as :class:`NormInfo`."""
    return [NormInfo._from_class(_L.steepest_registry_get(i))
            for i in range(_L.steepest_registry_count())]


def norm_info(name):
    """The :class:`NormInfo` of one class, or None."""
    k = _L.steepest_registry_lookup(_encode_spec(name))
    return NormInfo._from_class(k) if k else None


class PluginFailure:
    """A rejected plugin file or class: path, status, status_name, reason."""
    __slots__ = ("path", "status", "status_name", "reason")

    def __init__(self, path, status, reason):
        from .errors import status_name
        self.path, self.status, self.reason = path, status, reason
        self.status_name = status_name(status)

    def __repr__(self):
        return "PluginFailure(%r, %s, %r)" % (self.path, self.status_name, self.reason)


def plugin_failures():
    """Plugins and classes the registry rejected so far (they never stop the rest)."""
    out = []
    for i in range(_L.steepest_registry_failure_count()):
        path, status, reason = c_char_p(), c_int(), c_char_p()
        if _L.steepest_registry_failure(i, byref(path), byref(status), byref(reason)) == 0:
            out.append(PluginFailure(_lib.decode(path.value), status.value,
                                     _lib.decode(reason.value)))
    return out


class ShadowedPlugin:
    """A norm class a module provides but that is not used: a module found
    earlier on the search path (or a class from memory) has that name."""

    def __init__(self, name, path, shadowed_by):
        self.name, self.path, self.shadowed_by = name, path, shadowed_by

    def __repr__(self):
        return "ShadowedPlugin(%r, %r, shadowed_by=%r)" % (self.name, self.path, self.shadowed_by)


def plugin_shadowed():
    """Shadowed classes so far, oldest first (the first module found for a name wins)."""
    out = []
    for i in range(_L.steepest_registry_shadowed_count()):
        name, path, winner = c_char_p(), c_char_p(), c_char_p()
        if _L.steepest_registry_shadowed(i, byref(name), byref(path), byref(winner)) == 0:
            out.append(ShadowedPlugin(_lib.decode(name.value), _lib.decode(path.value),
                                      _lib.decode(winner.value)))
    return out


def _path_arg(path):
    import os
    path = os.fspath(path)
    return path.encode() if isinstance(path, str) else path


def load_plugin(path):
    """Loads a plugin file (absolute path) now; raises on the first failure
    (classes of the file that are fine are registered even then)."""
    check(_L.steepest_registry_load_plugin(_path_arg(path)))


def load_plugin_dir(path):
    """Loads every plugin in an absolute directory."""
    check(_L.steepest_registry_load_dir(_path_arg(path)))


def plugin_dir():
    """The installed plugin directory of the loaded library's ABI."""
    return _lib.decode(_L.steepest_plugin_dir())


__all__ = ["Norm", "InducedNorm", "NormInfo", "ParamInfo", "PluginFailure", "norms",
           "norm_info", "plugin_failures", "load_plugin", "load_plugin_dir", "plugin_dir",
           "ShadowedPlugin", "plugin_shadowed"]
