"""Norms written in Python, registered with the library and used through it."""
import gc
import math
import traceback
import unittest

import steepest
from support import HAVE_NUMPY, np, Close, as_list, l1, l2, linf, sign


class WeightedL2(steepest.PyNorm):
    """‖x‖ = sqrt(w Σ x_i²): dual sqrt(Σ z_i² / w), z♯ = z / w."""
    name = "py_wl2"
    dual_name = "py_wl2_dual"
    summary = "sqrt(w * sum x_i^2), written in Python"
    params = {"w": steepest.Param(float, default=2.0, min=0.0, doc="the weight")}

    def __init__(self, dim, w):
        super().__init__(dim, w=w)
        self.w = w

    def norm(self, x):
        return math.sqrt(self.w * sum(t * t for t in x))

    def dual_norm(self, z):
        return math.sqrt(sum(t * t for t in z) / self.w)

    def duality_map(self, z):
        return [t / self.w for t in z]


class PyLinf(steepest.PyNorm):
    """ℓ∞ in Python, with its own unit direction and induced norm."""
    name = "py_linf"
    dual_name = "l1"
    calls = {"unit_direction": 0, "instances": 0}

    def __init__(self, dim, **params):
        super().__init__(dim, **params)
        PyLinf.calls["instances"] += 1

    def norm(self, x):
        return max(abs(t) for t in x)

    def dual_norm(self, z):
        return sum(abs(t) for t in z)

    def duality_map(self, z):
        s = self.dual_norm(z)
        return [s * sign(t) for t in z], s

    def unit_direction(self, z):
        PyLinf.calls["unit_direction"] += 1
        return tuple(float(sign(t)) for t in z)

    def induced_norm(self, H):
        n = self.dim
        rows = [[H[i][j] for j in range(n)] for i in range(n)] if HAVE_NUMPY else \
            [[H[i * n + j] for j in range(n)] for i in range(n)]
        best = 0.0
        for mask in range(1 << n):
            x = [1.0 if mask >> i & 1 else -1.0 for i in range(n)]
            best = max(best, sum(abs(sum(r[j] * x[j] for j in range(n))) for r in rows))
        return best, best, True, "python enumeration"


class Grumpy(steepest.PyNorm):
    """Raises from the method named by the `fail` parameter (1 norm, 2 dual, 3 map,
    4 returns the wrong length, 5 constructor)."""
    name = "py_grumpy"
    params = {"fail": steepest.Param(int, default=1, min=0, max=5)}

    class Boom(Exception):
        pass

    def __init__(self, dim, fail):
        super().__init__(dim, fail=fail)
        if fail == 5:
            raise Grumpy.Boom("constructor refuses")
        self.fail = fail

    def norm(self, x):
        if self.fail == 1:
            raise Grumpy.Boom("norm refuses")
        return 1.0

    def dual_norm(self, z):
        if self.fail == 2:
            return 1 / 0
        return 1.0

    def duality_map(self, z):
        if self.fail == 3:
            raise KeyError("map refuses")
        if self.fail == 4:
            return [1.0]
        return list(z)


for cls in (WeightedL2, PyLinf, Grumpy):
    if steepest.norm_info(cls.name) is None:
        steepest.register_norm(cls)


class PyNormTest(unittest.TestCase, Close):
    def test_listed_like_a_plugin(self):
        info = steepest.norm_info("py_wl2")
        self.assertEqual(info.source, "(memory)")
        self.assertEqual(info.dual_name, "py_wl2_dual")
        self.assertEqual(info.summary, WeightedL2.summary)
        (p,) = info.params
        self.assertEqual((p.name, p.type, p.default, p.min), ("w", "double", "2.0", 0.0))
        self.assertIn("py_linf", [i.name for i in steepest.norms()])
        self.assertTrue(steepest.norm_info("py_linf").has_induced_norm)
        self.assertFalse(info.has_induced_norm)

    def test_values_and_parameters(self):
        x = [1.0, -2.0, 2.0]
        n = steepest.Norm("py_wl2:w=4", dim=3)
        self.assertAlmostEqual(n.norm(x), 2 * 3.0)
        self.assertAlmostEqual(n.dual_norm(x), 3.0 / 2)
        self.assertVecClose(n.duality_map(x), [t / 4 for t in x])
        # Derived by the host: s = z♯ / ‖z‖*, steps through the duality map.
        self.assertVecClose(n.unit_direction(x), [t / 4 / 1.5 for t in x])
        self.assertAlmostEqual(n.norm(n.unit_direction(x)), 1.0)
        self.assertVecClose(n.step(x, x, 0.5), [t - 0.5 * t / 4 for t in x])
        d = steepest.Norm("py_wl2", dim=3)                  # the default w = 2
        self.assertAlmostEqual(d.norm(x), math.sqrt(2 * 9))

    def test_parameter_range_checked_by_library(self):
        with self.assertRaises(steepest.ParameterError):
            steepest.Norm("py_wl2:w=-1", dim=3)
        with self.assertRaises(steepest.ParameterError):
            steepest.Norm("py_wl2:v=1", dim=3)

    def test_own_unit_direction_is_used(self):
        n = steepest.Norm("py_linf", 4)
        before = PyLinf.calls["unit_direction"]
        z = [0.5, -2.0, 0.0, 1.5]
        self.assertVecClose(n.unit_direction(z), [1, -1, 0, 1])
        self.assertVecClose(n.step([0.0] * 4, z, 0.25, normalized=True), [-0.25, 0.25, 0, -0.25])
        self.assertEqual(PyLinf.calls["unit_direction"], before + 2)
        zs, dual = n.duality_map(z, with_dual=True)
        self.assertEqual(dual, l1(z))
        self.assertVecClose(zs, [l1(z) * sign(t) for t in z])

    def test_same_answers_as_builtin(self):
        z = [0.3, -1.2, 2.5, -0.1, 0.0]
        py, c = steepest.Norm("py_linf", 5), steepest.Norm("linf", 5)
        self.assertEqual(py.norm(z), c.norm(z))
        self.assertAlmostEqual(py.dual_norm(z), c.dual_norm(z))
        self.assertVecClose(py.step(z, z, 0.1), c.step(z, z, 0.1))

    @unittest.skipUnless(steepest._lib.has("steepest_norm_induced"), "no induced norms")
    def test_induced_norm_method(self):
        H = [[2.0, 1.0], [1.0, 3.0]]
        r = steepest.Norm("py_linf").induced_norm(H)
        self.assertEqual(r.method, "python enumeration")
        self.assertTrue(r.exact)
        self.assertAlmostEqual(r.upper, 2 + 3 + 2 * 1)

    def test_exceptions_cross_back_with_traceback(self):
        n = steepest.Norm("py_grumpy:fail=1", dim=2)
        try:
            n.norm([1.0, 2.0])
            self.fail("no exception")
        except Grumpy.Boom as e:
            frames = [f.name for f in traceback.extract_tb(e.__traceback__)]
        self.assertIn("norm", frames)               # the method's own frame is there
        self.assertIn("Grumpy.norm raised Boom: norm refuses", n.last_error)
        with self.assertRaises(ZeroDivisionError):
            steepest.Norm("py_grumpy:fail=2", dim=2).dual_norm([1.0, 2.0])
        with self.assertRaises(KeyError):
            steepest.Norm("py_grumpy:fail=3", dim=2).duality_map([1.0, 2.0])
        with self.assertRaises(KeyError):
            steepest.Norm("py_grumpy:fail=3", dim=2).step([1.0, 2.0], [1.0, 1.0], 0.1)
        with self.assertRaises(ValueError) as cm:
            steepest.Norm("py_grumpy:fail=4", dim=2).duality_map([1.0, 2.0])
        self.assertIn("length 1", str(cm.exception))
        with self.assertRaises(Grumpy.Boom):
            steepest.Norm("py_grumpy:fail=5", dim=2)
        with self.assertRaises(Grumpy.Boom):
            steepest.Norm("py_grumpy:fail=5").norm([1.0])   # lazily bound: raised at binding
        # Nothing is left pending: the next call succeeds.
        self.assertEqual(steepest.Norm("py_grumpy:fail=0", 2).norm([1.0, 2.0]), 1.0)

    def test_registration_errors(self):
        with self.assertRaises(steepest.DuplicateError):
            steepest.register_norm(WeightedL2)
        with self.assertRaises(steepest.DuplicateError):
            class Shadow(WeightedL2):
                name = "linf"
            steepest.register_norm(Shadow)

        class BadName(WeightedL2):
            name = "Bad Name"
        with self.assertRaises(steepest.PluginError) as cm:
            steepest.register_norm(BadName)
        self.assertEqual(cm.exception.status_name, "ERROR_PLUGIN_INVALID")
        self.assertIn("(memory)", [f.path for f in steepest.plugin_failures()])

        class NoMap:
            name = "py_nomap"

            def norm(self, x):
                return 0.0

            def dual_norm(self, z):
                return 0.0
        with self.assertRaises(TypeError):
            steepest.register_norm(NoMap)
        with self.assertRaises(TypeError):
            steepest.register_norm(WeightedL2(3, w=1.0))
        with self.assertRaises(ValueError):
            steepest.Param(complex)

    def test_lifetimes_after_collection(self):
        # A class defined and registered in a scope that is gone, then collected:
        # the library still calls it safely.
        def define():
            class Temp(steepest.PyNorm):
                name = "py_temp_l1"

                def norm(self, x):
                    return sum(abs(t) for t in x)

                def dual_norm(self, z):
                    return max(abs(t) for t in z)

                def duality_map(self, z):
                    i = max(range(len(z)), key=lambda k: abs(z[k]))
                    return [z[i] if k == i else 0.0 for k in range(len(z))]
            steepest.register_norm(Temp)
        define()
        gc.collect()
        norms = [steepest.Norm("py_temp_l1", 3) for _ in range(10)]
        del norms
        gc.collect()
        n = steepest.Norm("py_temp_l1", 3)
        gc.collect()
        self.assertEqual(n.norm([1.0, -2.0, 3.0]), 6.0)
        self.assertVecClose(n.duality_map([1.0, -5.0, 3.0]), [0.0, -5.0, 0.0])
        from steepest import pynorm
        live = len(pynorm._instances)
        del n
        gc.collect()
        self.assertEqual(len(pynorm._instances), live - 1)   # destroy() ran

    @unittest.skipUnless(HAVE_NUMPY, "NumPy hidden or absent")
    def test_methods_see_numpy_views(self):
        seen = {}

        class Spy(steepest.PyNorm):
            name = "py_spy"

            def norm(self, x):
                seen["type"] = type(x)
                seen["writeable"] = x.flags.writeable
                return float(np.linalg.norm(x))

            def dual_norm(self, z):
                return float(np.linalg.norm(z))

            def duality_map(self, z):
                return z.copy()
        if steepest.norm_info("py_spy") is None:
            steepest.register_norm(Spy)
        x = np.array([3.0, 4.0])
        self.assertEqual(steepest.Norm("py_spy", 2).norm(x), 5.0)
        self.assertIs(seen["type"], np.ndarray)
        self.assertFalse(seen["writeable"])


if __name__ == "__main__":
    unittest.main()
