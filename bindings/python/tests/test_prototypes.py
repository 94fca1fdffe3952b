"""Every function the public headers declare has a ctypes prototype in
steepest._lib, and the ones new to the binding behave through it."""
import ctypes
import os
import re
import unittest

import steepest
from steepest import _lib

HEADERS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "include", "steepest")
# Functions of headers that are not libsteepest.so's own: the plugin ABI (a
# plugin defines the entry function) and libsteepest-mpi (its own library).
OTHER_LIBRARIES = {"steepest-plugin.h", "steepest-mpi.h"}


def header_functions():
    names = set()
    for h in sorted(os.listdir(HEADERS)):
        if not h.endswith((".h", ".h.in")) or h in OTHER_LIBRARIES:
            continue
        text = open(os.path.join(HEADERS, h), encoding="utf-8").read()
        for m in re.finditer(r"(?:STEEPEST_API|STEEPEST_AVAILABLE_IN_[0-9_]+|STEEPEST_DEPRECATED\w*)\b[^;(]*?\b(steepest_[a-z0-9_]+)\s*\(", text):
            names.add(m.group(1))
    return names


class PrototypeTest(unittest.TestCase):
    def test_every_public_function_has_a_prototype(self):
        funcs = header_functions()
        self.assertGreater(len(funcs), 100)
        missing = sorted(funcs - _lib.declared)
        self.assertEqual(missing, [], "no ctypes prototype in steepest/_lib.py for these")

    def test_no_prototype_for_a_function_the_headers_lack(self):
        extra = sorted(n for n in _lib.declared - header_functions()
                       if not n.startswith(("steepest_mpi_", "steepest_no_such_")))
        self.assertEqual(extra, [])

    def test_foreign_prototypes(self):
        L = _lib.lib
        self.assertEqual(L.steepest_foreign_signature_check(b"double(x, g, n)"), 0)
        self.assertEqual(L.steepest_foreign_signature_check(b"double(x, q)"),
                         steepest.Status.ERROR_SIGNATURE)
        self.assertTrue(L.steepest_foreign_objective())      # a function pointer
        self.assertEqual(L.steepest_foreign_has_gradient(None), 0)
        p = ctypes.c_void_p()
        rc = L.steepest_foreign_new(b"/nonexistent/libnothing.so", b"f", b"double(x, g, n)",
                                    ctypes.byref(p))
        self.assertLess(rc, 0)
        self.assertIn("libnothing", _lib.decode(L.steepest_last_error()))

    def test_trace_buffers_prototype(self):
        n = 2
        norm = steepest.Norm("l2", n)
        solver = steepest.Solver(norm, n, step=0.25, max_iter=3, grad_tol=0)
        solver.set_objective(lambda x: (x[0] ** 2 + x[1] ** 2, [2 * x[0], 2 * x[1]]))
        f = (ctypes.c_double * 8)()
        steepest.errors.check(_lib.lib.steepest_solver_set_trace_buffers(
            solver._ptr, 8, f, None, None, None))
        x = steepest.arrays.copy_vector([1.0, -1.0])
        solver.run(x)
        # x_k = 0.5^k x_0 for this step: f_k = 2 * 0.25^k, recorded for k = 0..3.
        self.assertEqual([f[k] for k in range(4)], [2.0 * 0.25 ** k for k in range(4)])


if __name__ == "__main__":
    unittest.main()
