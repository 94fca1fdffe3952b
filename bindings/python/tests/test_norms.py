"""Built-in norms through the binding against independent computations."""
import array
import gc
import math
import os
import random
import unittest

import steepest
from support import (HAVE_NUMPY, np, Close, as_list, l1, l2, linf, sign, vec)


def rand_vec(rng, n, scale=1.0):
    return [rng.gauss(0.0, scale) for _ in range(n)]


class BuiltinNormsTest(unittest.TestCase, Close):
    def setUp(self):
        self.rng = random.Random(7)

    def test_values_match_formulas(self):
        d = 9
        for _ in range(5):
            x = rand_vec(self.rng, d)
            self.assertAlmostEqual(steepest.Norm("l2", d).norm(x), l2(x), places=13)
            self.assertAlmostEqual(steepest.Norm("l2", d).dual_norm(x), l2(x), places=13)
            self.assertEqual(steepest.Norm("linf", d).norm(x), linf(x))
            self.assertAlmostEqual(steepest.Norm("linf", d).dual_norm(x), l1(x), places=13)
            self.assertAlmostEqual(steepest.Norm("l1", d).norm(x), l1(x), places=13)
            self.assertEqual(steepest.Norm("l1", d).dual_norm(x), linf(x))
            b = steepest.Norm("block:sizes=3+2+4", d)
            blocks = [x[0:3], x[3:5], x[5:9]]
            self.assertAlmostEqual(b.norm(x), max(l2(v) for v in blocks), places=13)
            self.assertAlmostEqual(b.dual_norm(x), math.fsum(l2(v) for v in blocks), places=13)

    def test_duality_maps(self):
        z = [0.5, -2.0, 0.0, 1.5]
        n1 = l1(z)
        self.assertVecClose(steepest.Norm("linf").duality_map(z), [n1 * sign(t) for t in z])
        self.assertVecClose(steepest.Norm("linf").unit_direction(z), [sign(t) for t in z])
        self.assertVecClose(steepest.Norm("l1").duality_map(z), [0, -2.0, 0, 0])
        self.assertVecClose(steepest.Norm("l2").duality_map(z), z)
        self.assertVecClose(steepest.Norm("l2").unit_direction(z), [t / l2(z) for t in z])
        s, dual = steepest.Norm("linf").unit_direction(z, with_dual=True)
        self.assertAlmostEqual(dual, n1)
        zs, dual = steepest.Norm("l2").duality_map(z, with_dual=True)
        self.assertAlmostEqual(dual, l2(z))

    def test_lemma3_for_every_builtin(self):
        # <z, z♯> = ‖z♯‖² and ‖z♯‖ = ‖z‖* (docs/theory.md, Lemma 3).
        d = 6
        for spec in ("l2", "linf", "l1", "block:size=2", "block:sizes=1+5", "lp:p=3"):
            n = steepest.Norm(spec, d)
            for _ in range(3):
                z = rand_vec(self.rng, d)
                zs = as_list(n.duality_map(z))
                dual = n.dual_norm(z)
                self.assertAlmostEqual(n.norm(zs), dual, places=10, msg=spec)
                self.assertAlmostEqual(math.fsum(a * b for a, b in zip(z, zs)), dual * dual,
                                       places=9, msg=spec)
                self.assertAlmostEqual(n.norm(n.unit_direction(z)), 1.0, places=12, msg=spec)

    def test_zero_vector_gives_zero_never_nan(self):
        for spec in ("l2", "linf", "l1", "block:size=2"):
            n = steepest.Norm(spec, 4)
            self.assertEqual(as_list(n.unit_direction([0.0] * 4)), [0.0] * 4)
            self.assertEqual(as_list(n.step([1.0] * 4, [0.0] * 4, 1.0, normalized=True)), [1.0] * 4)

    def test_steps(self):
        x = [1.0, 2.0, 3.0, 4.0]
        g = [0.5, -1.0, 0.0, 2.0]
        a = 0.1
        linf_ = steepest.Norm("linf")
        self.assertVecClose(linf_.step(x, g, a), [xi - a * l1(g) * sign(gi) for xi, gi in zip(x, g)])
        self.assertVecClose(linf_.step(x, g, a, normalized=True),
                            [xi - a * sign(gi) for xi, gi in zip(x, g)])
        self.assertVecClose(linf_.step_normalized(x, g, a), linf_.step(x, g, a, normalized=True))
        self.assertVecClose(linf_.step_scaled(x, g, a), linf_.step(x, g, a))
        self.assertVecClose(steepest.Norm("l2").step(x, g, a), [xi - a * gi for xi, gi in zip(x, g)])
        new, dual = steepest.Norm("l2").step(x, g, a, with_dual=True)
        self.assertAlmostEqual(dual, l2(g))

    def test_step_in_place_and_out(self):
        n = steepest.Norm("l2")
        x = array.array("d", [1.0, 2.0])
        r = n.step(x, [1.0, 1.0], 0.5, inplace=True)
        self.assertIs(r, x)
        self.assertEqual(list(x), [0.5, 1.5])
        out = array.array("d", [0.0, 0.0])
        self.assertIs(n.step(x, [1.0, 1.0], 0.5, out=out), out)
        self.assertEqual(list(out), [0.0, 1.0])
        self.assertEqual(list(x), [0.5, 1.5])
        with self.assertRaises(ValueError):
            n.step(x, [1.0, 1.0], 0.5, out=out, inplace=True)
        with self.assertRaises(ValueError):
            n.step(x, [1.0], 0.5)
        with self.assertRaises(TypeError):
            n.step(x, [1.0, 1.0], "big")
        with self.assertRaises(steepest.InvalidArgumentError):
            n.step(x, [1.0, 1.0], float("nan"))
        with self.assertRaises(TypeError):
            n.step([1.0, 2.0], [1.0, 1.0], 0.5, inplace=True)   # a list cannot be written

    def test_not_finite_names_the_index(self):
        n = steepest.Norm("l2", 3)
        with self.assertRaises(steepest.NotFiniteError) as cm:
            n.norm([1.0, float("nan"), 2.0])
        self.assertIn("[1]", cm.exception.message)
        self.assertIn("[1]", n.last_error)

    def test_dimension_error_carries_one_status_tag(self):
        # A norm whose parameters fix its dimension, used at another length
        # once one has worked: the DimensionError quotes the library's reason
        # and ends with its own tag, once.
        for spec, good, bad, reason in (
                ("spectral:rows=2,cols=3", 6, 5, "rows=2 x cols=3 = 6 entries, but the dimension is 5"),
                ("block:sizes=3+3", 6, 5, "block sizes sum to more than the dimension 5")):
            n = steepest.Norm(spec)
            n.norm([1.0] * good)
            with self.assertRaises(steepest.DimensionError) as cm:
                n.norm([1.0] * bad)
            msg = str(cm.exception)
            self.assertEqual(msg.count("[ERROR_"), 1, msg)
            self.assertTrue(msg.endswith(" [ERROR_DIMENSION]"), msg)
            self.assertIn("works only in dimension %d" % good, msg)
            self.assertIn(reason, msg)
            self.assertEqual(cm.exception.status, steepest.Status.ERROR_DIMENSION)
        # Before any length has worked, the library's own error: one tag too.
        with self.assertRaises(steepest.DimensionError) as cm:
            steepest.Norm("spectral:rows=2,cols=3").norm([1.0] * 5)
        self.assertEqual(str(cm.exception).count("[ERROR_"), 1, str(cm.exception))

    def test_lazy_dimension(self):
        # Without a dimension a norm works on vectors of any length, as a
        # NumPy function does.
        n = steepest.Norm("linf")
        self.assertIsNone(n.dim)
        self.assertEqual(n.spec, "linf")
        self.assertEqual(n.norm([3.0, -4.0]), 4.0)
        self.assertEqual(n.norm([1.0, 2.0, -7.0]), 7.0)
        self.assertEqual(n.dual_norm([1.0, 2.0, -7.0, 1.0]), 11.0)
        self.assertEqual(n.norm([3.0, -5.0]), 5.0)
        self.assertIsNone(n.dim)
        with self.assertRaises(steepest.DimensionError):
            steepest.Norm("l2").norm([])
        # Parameters that fix the dimension keep checking it.
        b = steepest.Norm("block:sizes=3+3+6")
        with self.assertRaises(steepest.ParameterError):
            b.norm([1.0] * 11)                       # nothing has worked yet: C's reason
        self.assertEqual(b.norm([1.0] * 12), math.sqrt(6))
        with self.assertRaises(steepest.DimensionError) as cm:
            b.norm([1.0] * 11)
        self.assertIn("only in dimension 12", str(cm.exception))
        # An explicit dimension keeps checking too.
        fixed = steepest.Norm("l2", 3)
        with self.assertRaises(steepest.DimensionError):
            fixed.norm([1.0, 2.0])
        self.assertIs(steepest.Norm("l2").bind(3).dim, 3)
        bound = steepest.Norm("l2")
        bound.norm([1.0] * 5)
        bound.bind(3)
        with self.assertRaises(steepest.DimensionError):
            bound.norm([1.0] * 5)
        with self.assertRaises(steepest.SpecError):
            steepest.Norm("l2:")                     # syntax checked at once
        with self.assertRaises(TypeError):
            steepest.Norm(3)
        with self.assertRaises(ValueError):
            steepest.Norm("l2", dim=0)
        with self.assertRaises(ValueError):
            steepest.Norm("l2", dim=-2)
        with self.assertRaises(TypeError):
            steepest.Norm("l2", dim=2.5)

    def test_description(self):
        n = steepest.Norm("block:sizes=3+3+6", dim=12)
        self.assertEqual(n.name, "block")
        self.assertEqual(n.dim, 12)
        self.assertIn("sizes=3+3+6", n.spec)
        self.assertEqual(n.info.name, "block")
        self.assertIn("Norm(", repr(n))
        self.assertEqual(n(vec([1.0] * 12)), math.sqrt(6))   # __call__ is norm()

    def test_registry_listing(self):
        infos = {i.name: i for i in steepest.norms()}
        for name in ("l2", "linf", "l1", "block"):
            self.assertIn(name, infos)
            self.assertTrue(os.path.isabs(infos[name].source), infos[name].source)
        self.assertEqual(infos["linf"].dual_name, "l1")
        params = {p.name: p for p in infos["block"].params}
        self.assertIn("sizes", params)
        self.assertEqual(params["sizes"].type, "int list")
        self.assertEqual(steepest.norm_info("l2").name, "l2")
        self.assertIsNone(steepest.norm_info("no_such"))
        self.assertEqual([i.name for i in steepest.norms()], sorted(infos))

    def test_plugin_failures_are_listed(self):
        # The library itself is a shared object without the entry symbol.
        before = len(steepest.plugin_failures())
        with self.assertRaises(steepest.PluginError):
            steepest.load_plugin(steepest.library_path)
        fails = steepest.plugin_failures()
        self.assertEqual(len(fails), before + 1)
        self.assertEqual(fails[-1].status_name, "ERROR_PLUGIN_LOAD")
        self.assertIn("PluginFailure", repr(fails[-1]))
        with self.assertRaises(steepest.InvalidArgumentError):
            steepest.load_plugin("relative/plugin.so")
        self.assertTrue(os.path.isabs(steepest.plugin_dir()))

    def test_freed_norm_objects_do_not_crash(self):
        objs = [steepest.Norm(s, 5) for s in ("l2", "linf", "l1")] * 20
        del objs
        gc.collect()
        self.assertEqual(steepest.Norm("l2", 2).norm([3.0, 4.0]), 5.0)


def has_induced(name):
    info = steepest.norm_info(name)
    return steepest._lib.has("steepest_norm_induced") and info is not None and info.has_induced_norm


@unittest.skipUnless(has_induced("linf") and has_induced("l2") and has_induced("l1"),
                     "the built-in norms have no induced-norm methods in this build")
class InducedNormTest(unittest.TestCase):
    def test_closed_forms(self):
        H = [[2.0, 1.0], [1.0, 3.0]]            # docs/theory.md Eq. 34/35
        a, b, d = 2.0, 1.0, 3.0
        r = steepest.Norm("linf").induced_norm(H)
        self.assertTrue(r.exact)
        self.assertAlmostEqual(r.lower, a + d + 2 * abs(b))
        self.assertAlmostEqual(float(r), a + d + 2 * abs(b))
        lam = (a + d) / 2 + math.sqrt(((a - d) / 2) ** 2 + b * b)
        r2 = steepest.Norm("l2").induced_norm(H)
        self.assertAlmostEqual(r2.upper, lam, places=12)
        self.assertIsInstance(r2.method, str)
        r1 = steepest.Norm("l1").induced_norm(H)
        self.assertEqual(r1.upper, 3.0)
        lo, hi, exact, method = r1
        self.assertLessEqual(lo, hi)

    def test_bruteforce_linf(self):
        rng = random.Random(3)
        d = 6
        H = [[rng.uniform(-1, 1) for _ in range(d)] for _ in range(d)]
        best = 0.0
        for mask in range(1 << d):
            x = [1.0 if mask >> i & 1 else -1.0 for i in range(d)]
            best = max(best, l1([sum(H[i][j] * x[j] for j in range(d)) for i in range(d)]))
        r = steepest.Norm("linf").induced_norm(H, mode="exact")
        self.assertAlmostEqual(r.upper, best, places=12)
        rb = steepest.Norm("linf").induced_norm(H, mode="bounds", seed=1)
        self.assertLessEqual(rb.lower, best + 1e-12)
        self.assertGreaterEqual(rb.upper, best - 1e-12)

    def test_failures(self):
        with self.assertRaises(ValueError):
            steepest.Norm("l2", 3).induced_norm([[1, 0], [0, 1]])
        with self.assertRaises(ValueError):
            steepest.Norm("l2").induced_norm([[1.0]], mode="fastest")
        with self.assertRaises(steepest.NotFiniteError):
            steepest.Norm("l2").induced_norm([[1.0, float("inf")], [0.0, 1.0]])

    def test_progress_exception_reaches_caller(self):
        class Boom(Exception):
            pass

        def progress(fraction):
            raise Boom("from progress")
        d = 20   # 2^19 sign vectors: enough chunks for the enumeration to report
        H = [[float(i == j) + 0.01 * (i + j) for j in range(d)] for i in range(d)]
        with self.assertRaises(Boom):
            steepest.Norm("linf").induced_norm(H, mode="exact", progress=progress, threads=1)
        seen = []
        with self.assertRaises(steepest.CancelledError):
            steepest.Norm("linf").induced_norm(H, mode="exact", threads=1,
                                               progress=lambda f: seen.append(f) or True)
        self.assertTrue(seen and 0 < seen[0] <= 1)
        r = steepest.Norm("linf").induced_norm(H, mode="exact", progress=lambda f: False)
        self.assertTrue(r.exact)


@unittest.skipUnless(HAVE_NUMPY, "NumPy hidden or absent")
class AgainstNumpyTest(unittest.TestCase):
    """The same quantities computed by NumPy, independently."""

    def test_norms_and_maps(self):
        rng = np.random.default_rng(5)
        for d in (1, 7, 1000):
            z = rng.standard_normal(d)
            self.assertAlmostEqual(steepest.Norm("l2", d).norm(z), np.linalg.norm(z), places=10)
            self.assertAlmostEqual(steepest.Norm("l1", d).norm(z), np.abs(z).sum(), places=10)
            self.assertEqual(steepest.Norm("linf", d).norm(z), np.abs(z).max())
            np.testing.assert_allclose(steepest.Norm("linf", d).duality_map(z),
                                       np.abs(z).sum() * np.sign(z), rtol=1e-13)
            x = rng.standard_normal(d)
            np.testing.assert_allclose(steepest.Norm("linf", d).step(x, z, 0.01),
                                       x - 0.01 * np.abs(z).sum() * np.sign(z), rtol=1e-13)
            p = 3.0
            q = p / (p - 1)
            lp = steepest.Norm("lp:p=3", d)
            self.assertAlmostEqual(lp.norm(z), np.sum(np.abs(z) ** p) ** (1 / p), places=10)
            self.assertAlmostEqual(lp.dual_norm(z), np.sum(np.abs(z) ** q) ** (1 / q), places=10)

    @unittest.skipUnless(has_induced("l2") and has_induced("l1"), "no induced norms")
    def test_induced_l2_is_spectral_norm(self):
        rng = np.random.default_rng(1)
        A = rng.standard_normal((8, 8))
        H = A @ A.T
        r = steepest.Norm("l2").induced_norm(H)
        self.assertAlmostEqual(r.upper, np.linalg.eigvalsh(H).max(), places=9)
        r1 = steepest.Norm("l1").induced_norm(H)
        self.assertEqual(r1.upper, np.abs(H).max())


class AuditRegressionTest(unittest.TestCase):
    """The audit's reproducers through the binding (issue 9)."""

    def test_huge_entries_are_exact_or_not_finite(self):
        # Symmetric parts without overflow: the eigenvalues of diag(1e308, 1)
        # are its entries, exactly; [[1e308]] is PSD with λ_min = 1e308.
        self.assertEqual(list(steepest.matrix.sym_eigenvalues([[1e308, 0.0], [0.0, 1.0]])), [1.0, 1e308])
        self.assertEqual(steepest.matrix.is_psd([[1e308]]), (True, 1e308))
        # An eigenvalue of 3e308 cannot be represented: an error, never inf/NaN.
        with self.assertRaises(steepest.NotFiniteError):
            steepest.matrix.sym_eigenvalues([[1.5e308, 1.5e308], [1.5e308, 1.5e308]])
        # ‖diag(1e308, 1e308)‖_{∞,1} = 2e308 is refused like ‖(1e308, 1e308)‖₁.
        with self.assertRaises(steepest.NotFiniteError):
            steepest.Norm("linf").induced_norm([[1e308, 0.0], [0.0, 1e308]])
        with self.assertRaises(steepest.NotFiniteError):
            steepest.Norm("l1").norm([1e308, 1e308])

    def test_a_second_copy_of_a_plugin_is_shadowed(self):
        import shutil
        import tempfile
        source = steepest.norm_info("l2").source
        with tempfile.TemporaryDirectory() as d:
            copy = os.path.join(d, os.path.basename(source))
            shutil.copy(source, copy)
            failures = len(steepest.plugin_failures())
            steepest.load_plugin_dir(d)        # no error: shadowed, not a failure
            self.assertEqual(len(steepest.plugin_failures()), failures)
            mine = [s for s in steepest.plugin_shadowed() if s.path == copy]
            self.assertEqual(len(mine), 1)
            self.assertEqual(mine[0].name, "l2")
            self.assertEqual(mine[0].shadowed_by, source)
            self.assertIn("ShadowedPlugin", repr(mine[0]))
            self.assertEqual(steepest.norm_info("l2").source, source)


if __name__ == "__main__":
    unittest.main()


class ExamplePluginInducedTest(unittest.TestCase):
    """The worked induced_norm of docs/plugins.md: ‖H‖ for the weighted ℓ2 norm
    is the spectral norm of D H D, D = diag(1/√w)."""

    @classmethod
    def setUpClass(cls):
        path = os.environ.get("STEEPEST_WL2_PLUGIN")
        if not path:
            raise unittest.SkipTest("STEEPEST_WL2_PLUGIN is set by meson test")
        if steepest.norm_info("wl2") is None:
            steepest.load_plugin(path)

    @unittest.skipUnless(HAVE_NUMPY, "the independent side is numpy.linalg")
    def test_wl2_induced_norm_is_the_rescaled_spectral_norm(self):
        rng = np.random.default_rng(5)
        for n in (1, 3, 6):
            w = rng.uniform(0.1, 10.0, n)
            A = rng.normal(size=(n, n))
            H = A + A.T
            got = steepest.Norm("wl2:w=" + "+".join(repr(float(v)) for v in w)).induced_norm(H)
            D = np.diag(1.0 / np.sqrt(w))
            want = np.linalg.norm(D @ H @ D, 2)
            self.assertTrue(got.exact)
            self.assertAlmostEqual(got.upper, want, delta=1e-12 * want)
            self.assertAlmostEqual(got.lower, want, delta=1e-12 * want)

    def test_wl2_induced_norm_bounds_every_ratio(self):
        # Without NumPy: ‖Hx‖*/‖x‖ <= ‖H‖ at random points (the definition).
        n, w = 4, [0.5, 2.0, 3.0, 1.0]
        H = [[2.0, 1.0, 0.0, 0.5], [1.0, 3.0, 1.0, 0.0], [0.0, 1.0, 4.0, 1.0], [0.5, 0.0, 1.0, 1.0]]
        norm = steepest.Norm("wl2:w=0.5+2+3+1")
        L = norm.induced_norm(H).upper
        rnd = random.Random(3)
        for _ in range(200):
            x = [rnd.uniform(-1, 1) for _ in range(n)]
            Hx = [sum(H[i][j] * x[j] for j in range(n)) for i in range(n)]
            self.assertLessEqual(norm.dual_norm(Hx), L * norm.norm(x) * (1 + 1e-12))
        # and the ratio at the top eigenvector of D H D comes close.
        self.assertGreater(L, 0.0)
        self.assertEqual(len(w), n)
