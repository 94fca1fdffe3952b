"""Buffers in and out of the C library.

Vectors are contiguous arrays of C doubles; matrices dense row-major n x n.
What is accepted, checked here before any C call:

- NumPy arrays (when NumPy is importable): dtype float64 (native byte order),
  C-contiguous, 1-D for vectors, 2-D square for matrices — passed without a
  copy.  Another dtype raises TypeError, a wrong shape or a non-contiguous
  array ValueError: the binding never converts silently what the caller may
  expect to be written in place.
- ``array.array('d')`` — without a copy.
- Anything with the buffer protocol holding native doubles (a memoryview of
  format ``'d'``, a ctypes ``c_double`` array, ...) or raw bytes whose length
  is a multiple of 8 (``bytes``, ``bytearray``: read as native doubles) —
  without a copy when writable, copied when read-only and only read.
- For inputs only: lists and tuples of real numbers (nested lists for a
  matrix) — copied.

Where the binding copies anyway — the starting point of :func:`steepest.minimize`,
a gradient a Python objective returns — it also converts: any real dtype (int,
float32, ...), a strided slice, a list or a buffer of another number format
becomes a new contiguous float64 vector (:func:`converted_copy`).  The
zero-copy paths (norm evaluations, steps, ``Optimizer.update``) keep refusing
what they would have to convert.

New arrays the binding returns are NumPy float64 arrays when NumPy is
importable, else ``array.array('d')``.
"""
import array
import ctypes
import sys

try:
    import numpy as np
except ImportError:  # the binding works with the standard library alone
    np = None

HAVE_NUMPY = np is not None

_NATIVE_D = {"d", "@d", "=d", "<d" if sys.byteorder == "little" else ">d"}
_BYTE_FORMATS = {"B", "b", "c"}


def _address_of_buffer(m):
    """Address of a writable C-contiguous memoryview's first byte."""
    if m.nbytes == 0:
        return None, None
    holder = (ctypes.c_char * m.nbytes).from_buffer(m)
    return ctypes.addressof(holder), holder


def _describe(obj):
    return type(obj).__module__ + "." + type(obj).__qualname__ \
        if type(obj).__module__ not in ("builtins",) else type(obj).__name__


def _numpy_vector(a, name, writable):
    if a.dtype != np.float64:
        raise TypeError("%s must hold float64 values, not %s (convert with .astype(numpy.float64))"
                        % (name, a.dtype))
    if a.ndim != 1:
        raise ValueError("%s must be 1-D, not of shape %s" % (name, a.shape))
    if not a.flags.c_contiguous:
        raise ValueError("%s must be contiguous (use numpy.ascontiguousarray)" % name)
    if a.flags.writeable and a.shape[0]:
        # Exporting the buffer is the cheapest way to the address, and the
        # export pins the memory (no resize) while the holder lives.
        holder = ctypes.c_char.from_buffer(a)
        return ctypes.addressof(holder), a.shape[0], (a, holder)
    if writable:
        raise ValueError("%s is read-only" % name)
    return a.__array_interface__["data"][0], a.shape[0], a


def _buffer_vector(obj, name, writable):
    """(address, length, keep-alive) of a buffer-protocol object, or None if
    obj has no buffer interface."""
    try:
        m = memoryview(obj)
    except TypeError:
        return None
    if m.format in _BYTE_FORMATS and m.ndim == 1:
        if m.nbytes % 8:
            raise ValueError("%s: %d bytes is not a whole number of doubles" % (name, m.nbytes))
        m = m.cast("B").cast("d") if m.c_contiguous else m
    elif m.format not in _NATIVE_D:
        raise TypeError("%s must hold native doubles (format 'd'), not format %r"
                        % (name, m.format))
    if m.ndim != 1:
        raise ValueError("%s must be 1-D, not of shape %s" % (name, m.shape))
    if not m.c_contiguous:
        raise ValueError("%s must be contiguous" % name)
    n = m.shape[0]
    if m.readonly:
        if writable:
            raise ValueError("%s is read-only" % name)
        copy = (ctypes.c_double * n).from_buffer_copy(m) if n else None
        return (ctypes.addressof(copy) if n else None), n, copy
    addr, holder = _address_of_buffer(m)
    return addr, n, holder


def vector_in(obj, name="x"):
    """(address, n, keep-alive) of a vector the C call only reads."""
    if np is not None and isinstance(obj, np.ndarray):
        return _numpy_vector(obj, name, False)
    if isinstance(obj, array.array):
        if obj.typecode != "d":
            raise TypeError("%s: array.array must have typecode 'd', not %r" % (name, obj.typecode))
        return obj.buffer_info()[0], len(obj), obj
    if isinstance(obj, (list, tuple)):
        try:
            a = array.array("d", obj)
        except TypeError as e:
            if any(isinstance(v, (list, tuple)) for v in obj):
                raise ValueError("%s must be 1-D (a flat sequence of numbers)" % name) from None
            raise TypeError("%s must be a sequence of real numbers: %s" % (name, e)) from None
        return a.buffer_info()[0], len(a), a
    if isinstance(obj, (str, int, float, complex)):
        raise TypeError("%s must be a vector (array of doubles), not %s" % (name, type(obj).__name__))
    r = _buffer_vector(obj, name, False)
    if r is None:
        raise TypeError("%s must be a NumPy array, array.array('d'), buffer of doubles or a "
                        "sequence of numbers, not %s" % (name, _describe(obj)))
    return r


def vector_out(obj, name="out"):
    """(address, n, keep-alive) of a vector the C call writes."""
    if np is not None and isinstance(obj, np.ndarray):
        return _numpy_vector(obj, name, True)
    if isinstance(obj, array.array):
        if obj.typecode != "d":
            raise TypeError("%s: array.array must have typecode 'd', not %r" % (name, obj.typecode))
        return obj.buffer_info()[0], len(obj), obj
    if isinstance(obj, (list, tuple)):
        raise TypeError("%s: cannot write into a %s; pass a NumPy array or array.array('d')"
                        % (name, type(obj).__name__))
    r = _buffer_vector(obj, name, True) if not isinstance(obj, (str, int, float)) else None
    if r is None:
        raise TypeError("%s must be a writable NumPy array, array.array('d') or buffer of "
                        "doubles, not %s" % (name, _describe(obj)))
    return r


def new_vector(n):
    """(array, address) of a new vector of n doubles."""
    if np is not None:
        a = np.empty(n)
        return a, a.__array_interface__["data"][0]
    a = array.array("d", bytes(8 * n))
    return a, a.buffer_info()[0]


def copy_vector(obj, name="x"):
    """A new vector (the binding's array type) holding a copy of obj."""
    addr, n, keep = vector_in(obj, name)
    out, out_addr = new_vector(n)
    if n:
        ctypes.memmove(out_addr, addr, 8 * n)
    return out


def converted_copy(obj, name="x"):
    """A new contiguous float64 vector holding obj converted: NumPy arrays of
    any real dtype, strided or not; sequences of real numbers; buffers of any
    native number format.  TypeError for complex, boolean, object or
    non-numeric data; ValueError for anything not 1-D."""
    if np is not None and isinstance(obj, np.ndarray):
        if obj.dtype.kind not in "iuf":
            raise TypeError("%s must hold real numbers, not %s" % (name, obj.dtype))
        if obj.ndim != 1:
            raise ValueError("%s must be 1-D, not of shape %s" % (name, obj.shape))
        return np.array(obj, dtype=np.float64, order="C", copy=True)
    if not isinstance(obj, (list, tuple, array.array, str, bytes, bytearray)):
        try:
            m = memoryview(obj)
        except TypeError:
            m = None
        if m is not None and m.format not in _NATIVE_D and m.format not in _BYTE_FORMATS:
            if m.ndim != 1:
                raise ValueError("%s must be 1-D, not of shape %s" % (name, m.shape))
            obj = m.tolist()
            if any(isinstance(v, (bool, complex)) for v in obj):
                raise TypeError("%s must hold real numbers, not format %r" % (name, m.format))
    if isinstance(obj, array.array) and obj.typecode != "d":
        if obj.typecode in "uw":
            raise TypeError("%s must hold real numbers, not array.array typecode %r"
                            % (name, obj.typecode))
        obj = obj.tolist()
    return copy_vector(obj, name)


def is_operator_like(obj):
    """Whether obj is a sparse matrix (``.tocsr()`` and ``.format``, as SciPy's)
    or a linear operator (``.shape`` and ``.matvec`` or ``@``, not a NumPy
    array): what :class:`steepest.Operator` takes beyond dense matrices."""
    if hasattr(obj, "tocsr") and hasattr(obj, "format"):
        return True
    if np is not None and isinstance(obj, np.ndarray):
        return False
    return hasattr(obj, "shape") and (hasattr(obj, "matvec") or hasattr(obj, "__matmul__"))


def matrix_in(obj, name="H", n=None):
    """(address, n, keep-alive) of a dense row-major n x n matrix.

    Accepts a 2-D square array (NumPy, or any 2-D buffer of doubles), nested
    sequences, or a flat vector of n*n doubles (n is then its square root, or
    the given n).  A sparse matrix or linear operator is refused with a
    TypeError pointing to steepest.Operator (the functions that take one
    route it there before calling this)."""
    if is_operator_like(obj):
        raise TypeError("%s is a %s, a sparse matrix or linear operator, and this function "
                        "takes dense matrices only; steepest.Operator(%s) takes sparse matrices "
                        "and linear operators" % (name, _describe(obj), name))
    if np is not None and isinstance(obj, np.ndarray):
        if obj.dtype != np.float64:
            raise TypeError("%s must hold float64 values, not %s" % (name, obj.dtype))
        if obj.ndim == 2:
            if obj.shape[0] != obj.shape[1]:
                raise ValueError("%s must be square, not of shape %s" % (name, obj.shape))
            if not obj.flags.c_contiguous:
                raise ValueError("%s must be C-contiguous (row-major; use numpy.ascontiguousarray)"
                                 % name)
            m = obj.shape[0]
            if n is not None and m != n:
                raise ValueError("%s is %dx%d but the dimension is %d" % (name, m, m, n))
            return obj.__array_interface__["data"][0], m, obj
        if obj.ndim != 1:
            raise ValueError("%s must be 2-D (or a flat row-major vector), not of shape %s"
                             % (name, obj.shape))
    elif isinstance(obj, (list, tuple)) and obj and hasattr(obj[0], "__len__"):
        m = len(obj)
        if any(len(row) != m for row in obj):
            raise ValueError("%s must be square: %d rows of lengths %s"
                             % (name, m, sorted({len(r) for r in obj})))
        if n is not None and m != n:
            raise ValueError("%s is %dx%d but the dimension is %d" % (name, m, m, n))
        flat = array.array("d")
        for row in obj:
            try:
                flat.extend(array.array("d", row))
            except TypeError as e:
                raise TypeError("%s must hold real numbers: %s" % (name, e)) from None
        return flat.buffer_info()[0], m, flat
    elif not isinstance(obj, (str, array.array)):
        try:
            mv = memoryview(obj)
        except TypeError:
            mv = None
        if mv is not None and mv.ndim == 2:
            if mv.format not in _NATIVE_D:
                raise TypeError("%s must hold native doubles, not format %r" % (name, mv.format))
            if mv.shape[0] != mv.shape[1]:
                raise ValueError("%s must be square, not of shape %s" % (name, mv.shape))
            if not mv.c_contiguous:
                raise ValueError("%s must be C-contiguous" % name)
            m = mv.shape[0]
            if n is not None and m != n:
                raise ValueError("%s is %dx%d but the dimension is %d" % (name, m, m, n))
            addr, _, keep = _buffer_vector(mv.cast("B").cast("d"), name, False)
            return addr, m, keep
    addr, length, keep = vector_in(obj, name)
    m = n if n is not None else int(round(length ** 0.5))
    if m * m != length:
        if n is not None:
            raise ValueError("%s has %d entries, not %d x %d" % (name, length, n, n))
        raise ValueError("%s has %d entries, not a square number" % (name, length))
    return addr, m, keep


def view(addr, n, writable=False):
    """A zero-copy view of n doubles at a C address, for Python callbacks:
    a NumPy array when NumPy is importable (read-only unless writable), else a
    memoryview of format 'd' (read-only unless writable).  Valid only during
    the callback."""
    if np is not None:
        if n == 0:
            return np.empty(0)
        a = np.ctypeslib.as_array((ctypes.c_double * n).from_address(addr))
        if not writable:
            a.flags.writeable = False
        return a
    m = memoryview((ctypes.c_double * n).from_address(addr)).cast("B").cast("d")
    return m if writable else m.toreadonly()


def store(addr, n, values, name="result"):
    """Copies a vector returned by Python code into n doubles at addr,
    converting other real dtypes and strided arrays (a copy is made anyway)."""
    if np is not None and isinstance(values, np.ndarray) and \
            (values.dtype != np.float64 or not values.flags.c_contiguous):
        values = converted_copy(values, name)
    src, m, keep = vector_in(values, name)
    if m != n:
        raise ValueError("%s has length %d, expected %d" % (name, m, n))
    if n and src != addr:
        ctypes.memmove(addr, src, 8 * n)


def new_matrix(n):
    """(matrix, address) of a new n x n row-major matrix: a 2-D NumPy array
    when NumPy is importable, else a flat array.array('d') of n*n entries."""
    if np is not None:
        a = np.empty((n, n))
        return a, a.__array_interface__["data"][0]
    a = array.array("d", bytes(8 * n * n))
    return a, a.buffer_info()[0]


def from_c(addr, n):
    """A new vector holding a copy of n doubles at a C address."""
    out, out_addr = new_vector(n)
    if n:
        ctypes.memmove(out_addr, addr, 8 * n)
    return out


def rect_matrix_in(obj, name, m=None, n=None):
    """(address, rows, cols, keep-alive) of a dense row-major m x n matrix:
    a 2-D NumPy array or buffer, nested sequences, or a flat vector when both
    m and n are given."""
    if np is not None and isinstance(obj, np.ndarray) and obj.ndim == 2:
        if obj.dtype != np.float64:
            raise TypeError("%s must hold float64 values, not %s" % (name, obj.dtype))
        if not obj.flags.c_contiguous:
            raise ValueError("%s must be C-contiguous (row-major)" % name)
        rows, cols = obj.shape
        addr, keep = obj.__array_interface__["data"][0], obj
    elif isinstance(obj, (list, tuple)) and obj and hasattr(obj[0], "__len__"):
        rows, cols = len(obj), len(obj[0])
        if any(len(r) != cols for r in obj):
            raise ValueError("%s: rows have different lengths" % name)
        flat = array.array("d")
        for row in obj:
            try:
                flat.extend(array.array("d", row))
            except TypeError as e:
                raise TypeError("%s must hold real numbers: %s" % (name, e)) from None
        addr, keep = flat.buffer_info()[0], flat
    else:
        mv = None
        if not isinstance(obj, (str, array.array, list, tuple)):
            try:
                mv = memoryview(obj)
            except TypeError:
                mv = None
        if mv is not None and mv.ndim == 2:
            if mv.format not in _NATIVE_D:
                raise TypeError("%s must hold native doubles, not format %r" % (name, mv.format))
            if not mv.c_contiguous:
                raise ValueError("%s must be C-contiguous" % name)
            rows, cols = mv.shape
            addr, _, keep = _buffer_vector(mv.cast("B").cast("d"), name, False)
        else:
            addr, length, keep = vector_in(obj, name)
            if m is None or n is None or m * n != length:
                raise ValueError("%s must be 2-D (rows x columns)" % name)
            rows, cols = m, n
    if (m is not None and rows != m) or (n is not None and cols != n):
        raise ValueError("%s is %dx%d, expected %sx%s" % (name, rows, cols, m or "m", n or "n"))
    return addr, rows, cols, keep
