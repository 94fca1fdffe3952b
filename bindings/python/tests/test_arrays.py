"""Buffers accepted and refused, checked before any C call."""
import array
import ctypes
import struct
import unittest

import steepest
from steepest import arrays
from support import HAVE_NUMPY, np, Close, as_list


class InputsTest(unittest.TestCase, Close):
    def setUp(self):
        self.n = steepest.Norm("l1", dim=3)
        self.want = 6.0

    def test_list_tuple(self):
        self.assertEqual(self.n.norm([1, -2, 3]), self.want)
        self.assertEqual(self.n.norm((1.0, -2.0, 3.0)), self.want)

    def test_array_array_is_not_copied(self):
        a = array.array("d", [1, -2, 3])
        addr, n, keep = arrays.vector_in(a)
        self.assertEqual(addr, a.buffer_info()[0])
        self.assertEqual(self.n.norm(a), self.want)

    def test_memoryview_ctypes_and_bytes(self):
        c = (ctypes.c_double * 3)(1, -2, 3)
        self.assertEqual(self.n.norm(c), self.want)
        self.assertEqual(self.n.norm(memoryview(c)), self.want)
        raw = struct.pack("=3d", 1, -2, 3)
        self.assertEqual(self.n.norm(raw), self.want)                 # read-only: copied
        self.assertEqual(self.n.norm(bytearray(raw)), self.want)      # writable: in place
        addr, n, keep = arrays.vector_in(c)
        self.assertEqual(addr, ctypes.addressof(c))

    def test_wrong_types(self):
        for bad in (array.array("f", [1, 2, 3]), array.array("l", [1, 2, 3]), "abc", 3.0, None,
                    {"a": 1}, [1, "x", 3], memoryview(b"\0" * 12).cast("i")):
            with self.subTest(bad=type(bad).__name__):
                with self.assertRaises(TypeError):
                    self.n.norm(bad)

    def test_wrong_shapes(self):
        with self.assertRaises(ValueError):
            self.n.norm([[1, 2, 3]])
        with self.assertRaises(ValueError):
            self.n.norm(b"\0" * 13)   # not a whole number of doubles
        with self.assertRaises(steepest.DimensionError):
            self.n.norm([1, 2])
        m = memoryview(array.array("d", range(6)))[::2]
        with self.assertRaises(ValueError):
            self.n.norm(m)            # strided

    def test_outputs_must_be_writable_doubles(self):
        z = [1.0, -2.0, 3.0]
        with self.assertRaises(TypeError):
            self.n.duality_map(z, out=[0.0, 0.0, 0.0])
        with self.assertRaises(ValueError):
            self.n.duality_map(z, out=bytes(24))
        with self.assertRaises(TypeError):
            self.n.duality_map(z, out=array.array("f", [0, 0, 0]))
        with self.assertRaises(ValueError):
            self.n.duality_map(z, out=array.array("d", [0, 0]))
        out = array.array("d", [9, 9, 9])
        self.assertIs(self.n.duality_map(z, out=out), out)
        self.assertEqual(list(out), [0.0, 0.0, 3.0])
        ba = bytearray(24)
        self.n.duality_map(z, out=ba)
        self.assertEqual(struct.unpack("=3d", ba), (0.0, 0.0, 3.0))

    def test_returned_type(self):
        r = self.n.duality_map([1.0, 2.0, 3.0])
        if HAVE_NUMPY:
            self.assertIsInstance(r, np.ndarray)
            self.assertEqual(r.dtype, np.float64)
        else:
            self.assertIsInstance(r, array.array)
            self.assertEqual(r.typecode, "d")

    def test_matrices(self):
        self.assertEqual(arrays.matrix_in([[1, 2], [3, 4]])[1], 2)
        self.assertEqual(arrays.matrix_in([1, 2, 3, 4])[1], 2)
        with self.assertRaises(ValueError):
            arrays.matrix_in([[1, 2], [3]])
        with self.assertRaises(ValueError):
            arrays.matrix_in([1, 2, 3])
        with self.assertRaises(ValueError):
            arrays.matrix_in([[1, 2], [3, 4]], n=3)
        c = ((ctypes.c_double * 2) * 2)((1, 2), (3, 4))
        addr, m, keep = arrays.matrix_in(c)
        self.assertEqual(m, 2)
        self.assertEqual(addr, ctypes.addressof(c))

    def test_view_is_zero_copy_and_readonly(self):
        c = (ctypes.c_double * 3)(1, 2, 3)
        v = arrays.view(ctypes.addressof(c), 3)
        self.assertEqual(as_list(v), [1.0, 2.0, 3.0])
        with self.assertRaises((TypeError, ValueError)):
            v[0] = 5.0
        w = arrays.view(ctypes.addressof(c), 3, writable=True)
        w[1] = 7.0
        self.assertEqual(c[1], 7.0)


@unittest.skipUnless(HAVE_NUMPY, "NumPy hidden or absent")
class NumpyTest(unittest.TestCase):
    def setUp(self):
        self.n = steepest.Norm("l2", dim=4)

    def test_zero_copy(self):
        x = np.arange(4.0)
        addr, n, keep = arrays.vector_in(x)
        self.assertEqual(addr, x.ctypes.data)
        y = np.zeros(4)
        self.n.step(x, np.ones(4), 0.5, out=y)
        self.assertEqual(list(y), [-0.5, 0.5, 1.5, 2.5])
        before = x.ctypes.data
        self.n.step(x, np.ones(4), 1.0, inplace=True)
        self.assertEqual(x.ctypes.data, before)
        self.assertEqual(list(x), [-1.0, 0.0, 1.0, 2.0])

    def test_refuses_bad_arrays_before_c(self):
        with self.assertRaises(TypeError):
            self.n.norm(np.arange(4, dtype=np.float32))
        with self.assertRaises(TypeError):
            self.n.norm(np.arange(4))                    # int64
        with self.assertRaises(TypeError):
            self.n.norm(np.arange(4.0).astype(">f8" if np.little_endian else "<f8"))
        with self.assertRaises(ValueError):
            self.n.norm(np.arange(8.0)[::2])
        with self.assertRaises(ValueError):
            self.n.norm(np.ones((2, 2)))
        ro = np.ones(4)
        ro.flags.writeable = False
        self.assertEqual(self.n.norm(ro), 2.0)           # reading a read-only array is fine
        with self.assertRaises(ValueError):
            self.n.step(ro, np.ones(4), 0.1, inplace=True)
        with self.assertRaises(ValueError):
            self.n.induced_norm(np.ones((4, 3)))
        with self.assertRaises(ValueError):
            self.n.induced_norm(np.asfortranarray(np.arange(16.0).reshape(4, 4)))
        with self.assertRaises(TypeError):
            self.n.induced_norm(np.eye(4, dtype=np.float32))



class NumpyHiddenTest(unittest.TestCase):
    @unittest.skipUnless(__import__("support").NO_NUMPY_RUN, "only in the --no-numpy run")
    def test_numpy_really_hidden(self):
        self.assertFalse(steepest.HAVE_NUMPY)
        with self.assertRaises(ImportError):
            import numpy  # noqa: F401
        self.assertIsInstance(steepest.Norm("l2").duality_map([1.0, 2.0]), array.array)


if __name__ == "__main__":
    unittest.main()
