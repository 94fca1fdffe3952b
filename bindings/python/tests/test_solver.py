"""minimize / Solver against hand-written iterations; exceptions across C."""
import gc
import math
import random
import traceback
import unittest

import steepest
from support import (HAVE_NUMPY, np, Close, as_list, l1, l2, linf, sign, matvec, random_spd,
                     brute_inf1)
import test_pynorm  # noqa: F401  (registers the Python norms py_linf, py_wl2, py_grumpy)

HAS_SOLVER = steepest._lib.has("steepest_solver_run")


def quad(H):
    def fun(x):
        g = matvec(H, list(x))
        return 0.5 * math.fsum(a * b for a, b in zip(x, g)), g
    return fun


@unittest.skipUnless(HAS_SOLVER, "no solver in this build")
class MinimizeTest(unittest.TestCase, Close):
    def setUp(self):
        rng = random.Random(11)
        self.n = 5
        self.H = random_spd(rng, self.n)
        self.x0 = [rng.gauss(0, 1) for _ in range(self.n)]

    def test_gd_matches_hand_iteration(self):
        L = 7.5
        x = list(self.x0)
        for _ in range(20):
            g = matvec(self.H, x)
            x = [a - g_i / L for a, g_i in zip(x, g)]
        r = steepest.minimize(quad(self.H), self.x0, norm="l2", lipschitz=L, max_iter=20)
        self.assertEqual(r.status, steepest.Status.STOP_MAX_ITER)
        self.assertEqual(r.status_name, "STOP_MAX_ITER")
        self.assertEqual(int(r.status), 6)
        self.assertFalse(r.success)          # a limit ended it, as SciPy counts success
        self.assertEqual(r.iterations, 20)
        self.assertVecClose(r.x, x, rel=1e-10, abs_=1e-12)
        self.assertEqual(len(r.history), 21)
        self.assertAlmostEqual(r.history.f[0], quad(self.H)(self.x0)[0])
        self.assertAlmostEqual(r.f0, r.history.f[0])
        self.assertAlmostEqual(r.f, quad(self.H)(x)[0], places=12)
        self.assertTrue(math.isnan(r.history.step[0]))
        self.assertAlmostEqual(r.history.step[1], 1 / L)
        self.assertEqual(as_list(self.x0), as_list(self.x0))   # x0 left alone

    def test_sign_gd_matches_hand_iteration(self):
        L = brute_inf1(self.H)
        x = list(self.x0)
        for _ in range(15):
            g = matvec(self.H, x)
            s = l1(g)
            x = [a - s * sign(g_i) / L for a, g_i in zip(x, g)]
        r = steepest.minimize(quad(self.H), self.x0, norm="linf", lipschitz=L, max_iter=15)
        self.assertVecClose(r.x, x, rel=1e-9, abs_=1e-12)
        # the normalized (sign) step with a constant size
        x = list(self.x0)
        for _ in range(7):
            x = [a - 0.01 * sign(g_i) for a, g_i in zip(x, matvec(self.H, x))]
        r = steepest.minimize(quad(self.H), self.x0, norm=steepest.Norm("linf"), step=0.01,
                              direction="normalized", max_iter=7)
        self.assertVecClose(r.x, x, rel=1e-12)

    def test_python_norm_drives_the_solver(self):
        L = brute_inf1(self.H)
        ref = steepest.minimize(quad(self.H), self.x0, norm="linf", lipschitz=L, max_iter=10)
        py = steepest.minimize(quad(self.H), self.x0, norm="py_linf", lipschitz=L, max_iter=10)
        self.assertVecClose(py.x, ref.x, rel=1e-12)
        w = steepest.minimize(quad(self.H), self.x0, norm="py_wl2:w=2", step=0.1, max_iter=3)
        x = list(self.x0)
        for _ in range(3):
            x = [a - 0.1 * g / 2 for a, g in zip(x, matvec(self.H, x))]
        self.assertVecClose(w.x, x, rel=1e-12)

    def test_python_norm_exception_stops_run(self):
        with self.assertRaises(KeyError):
            steepest.minimize(quad(self.H), self.x0, norm="py_grumpy:fail=3", step=0.1,
                              max_iter=5)
        with self.assertRaises(ZeroDivisionError):
            steepest.minimize(quad(self.H), self.x0, norm="py_grumpy:fail=2", step=0.1)

    def test_objective_exception_with_traceback(self):
        calls = []

        def bad(x):
            calls.append(1)
            if len(calls) == 3:
                raise ArithmeticError("third call fails")
            return quad(self.H)(x)
        try:
            steepest.minimize(bad, self.x0, step=0.01, max_iter=10)
            self.fail("no exception")
        except ArithmeticError as e:
            self.assertIn("bad", [f.name for f in traceback.extract_tb(e.__traceback__)])
        self.assertEqual(len(calls), 3)             # the run stopped at once

    def test_callback(self):
        seen = []

        def cb(info):
            seen.append((info.iteration, info.f, as_list(info.x)))
            return info.iteration == 4
        r = steepest.minimize(quad(self.H), self.x0, step=0.01, callback=cb, max_iter=100)
        self.assertEqual(r.status, steepest.Status.STOP_USER)
        self.assertEqual(r.iterations, 4)
        self.assertEqual([s[0] for s in seen], [1, 2, 3, 4])
        self.assertVecClose(r.x, seen[-1][2])
        self.assertAlmostEqual(seen[-1][1], r.f)

        kept = []
        steepest.minimize(quad(self.H), self.x0, step=0.01, callback=kept.append, max_iter=2)
        with self.assertRaises(RuntimeError):
            kept[0].x                                   # only valid during the call
        self.assertIn("IterationInfo", repr(kept[0]))

        class Stop(Exception):
            pass

        def raising(info):
            raise Stop(info.iteration)
        with self.assertRaises(Stop):
            steepest.minimize(quad(self.H), self.x0, step=0.01, callback=raising)

    def test_guarantee_reported(self):
        L = brute_inf1(self.H)

        def cb(info):
            self.assertTrue(info.guarantee_applies)
            self.assertAlmostEqual(info.guarantee, info.grad_norm_previous ** 2 / (2 * L))
            self.assertGreaterEqual(info.decrease, info.guarantee * (1 - 1e-9))
        steepest.minimize(quad(self.H), self.x0, norm="linf", lipschitz=L, callback=cb,
                          max_iter=5)

    def test_stops_and_failures(self):
        r = steepest.minimize(quad(self.H), self.x0, step=0.05, grad_tol=1e-6, max_iter=100000)
        self.assertEqual(r.status_name, "STOP_GRAD_TOL")
        self.assertLessEqual(r.grad_norm, 1e-6)
        r = steepest.minimize(lambda x: (0.0, [0.0] * len(x)), self.x0)
        self.assertEqual(r.status, steepest.Status.STOP_STATIONARY)

        def nan_later(x):
            f, g = quad(self.H)(x)
            return (f if nan_later.calls < 3 else float("nan")), g
        nan_later.calls = 0

        def counting(x):
            nan_later.calls += 1
            return nan_later(x)
        with self.assertRaises(steepest.NotFiniteError) as cm:
            steepest.minimize(counting, self.x0, step=0.01)
        res = cm.exception.result
        self.assertTrue(all(math.isfinite(t) for t in res.x))
        self.assertFalse(res.success)
        self.assertEqual(res.status, steepest.Status.ERROR_NOT_FINITE)

        with self.assertRaises(TypeError):
            steepest.minimize(lambda x: 1.0, self.x0)            # not (value, gradient)
        with self.assertRaises(ValueError):
            steepest.minimize(lambda x: (1.0, [1.0]), self.x0)   # gradient too short
        with self.assertRaises(steepest.InvalidArgumentError):
            steepest.minimize(quad(self.H), self.x0, step="fixed")   # no lipschitz
        with self.assertRaises(ValueError):
            steepest.minimize(quad(self.H), self.x0, step="bogus")
        with self.assertRaises(ValueError):
            steepest.minimize(quad(self.H), self.x0, direction="sideways")
        with self.assertRaises(TypeError):
            steepest.minimize(quad(self.H), self.x0, lipschitz="big")
        with self.assertRaises(steepest.InvalidArgumentError):
            steepest.minimize(quad(self.H), self.x0, step=-1.0)
        with self.assertRaises(ValueError):
            steepest.minimize(quad(self.H), self.x0, max_iter=-1)
        with self.assertRaises(TypeError):
            steepest.minimize(42, self.x0)
        with self.assertRaises(steepest.DimensionError):
            steepest.minimize(quad(self.H), self.x0, norm=steepest.Norm("l2", 3))

    def test_every_rule_runs(self):
        f = quad(self.H)
        for opts in (dict(step="inv_sqrt", step_size=0.05), dict(step="geometric", step_size=0.05,
                                                                  decay=0.99),
                     dict(step="armijo", step_size=1.0, armijo=(1e-4, 0.5, 30)),
                     dict(step="normalized_sd", l0_l1=(10.0, 0.0)),
                     dict(step="normalized_gd", step_size=0.05, beta=0.1),
                     dict(step="momentum", step_size=0.01, momentum=0.5),
                     dict(step="rprop", rprop=(1.2, 0.5, 0.1, 1e-6, 1.0))):
            with self.subTest(**{k: str(v) for k, v in opts.items()}):
                r = steepest.minimize(f, self.x0, max_iter=200, **opts)
                self.assertLess(r.f, r.f0)

    def test_split_objective_and_limits(self):
        f = quad(self.H)
        grads = []

        def grad(x):
            grads.append(1)
            return f(x)[1]
        r = steepest.minimize(lambda x: f(x)[0], self.x0, grad=grad, step="armijo",
                              step_size=1.0, max_iter=10)
        self.assertLess(r.f, r.f0)
        self.assertEqual(r.gradient_evaluations, len(grads) - 1)   # the solver's calls
        self.assertEqual(r.njev, len(grads))                       # and the one for res.jac
        self.assertGreaterEqual(r.evaluations, r.iterations)
        r = steepest.minimize(f, self.x0, step=0.01, max_eval=5)
        self.assertEqual(r.status_name, "STOP_MAX_EVAL")
        r = steepest.minimize(f, self.x0, step=0.01, f_target=r.f0 / 2, max_iter=10 ** 6)
        self.assertEqual(r.status_name, "STOP_F_TARGET")
        r = steepest.minimize(f, self.x0, step=0.01, trace=False, max_iter=3)
        self.assertIsNone(r.history)

    def test_fixed_sign_step_cycles(self):
        # A fixed sign step ends in a 2-cycle around the optimum.
        r = steepest.minimize(lambda x: (0.5 * x[0] ** 2, [x[0]]), [0.25], norm="linf",
                              step=1.0, direction="normalized", max_iter=50)
        self.assertEqual(r.status_name, "STOP_CYCLE")

    def test_solver_object_reuse_and_lifetimes(self):
        s = steepest.Solver("l2", self.n, step=0.05, max_iter=10)
        s.set_objective(quad(self.H))
        gc.collect()                                  # the objective closure is kept alive
        if HAVE_NUMPY:
            x = np.array(self.x0)
        else:
            import array
            x = array.array("d", self.x0)
        r1 = s.run(x)
        self.assertIs(r1.x, x)
        f1 = r1.f
        r2 = s.run(x)                                 # continues from where it stopped
        self.assertLess(r2.f, f1)
        s.set_callback(lambda info: True)
        self.assertEqual(s.run(x).iterations, 1)
        s.set_callback(None)
        s.configure(max_iter=2)
        self.assertEqual(s.run(x).iterations, 2)
        with self.assertRaises(TypeError):
            s.run([0.0] * self.n)                     # a list cannot be written
        with self.assertRaises(ValueError):
            steepest.Solver("l2")                     # no dimension
        del s
        gc.collect()
        for _ in range(20):                           # create and drop many
            steepest.minimize(quad(self.H), self.x0, norm=steepest.Norm("linf"), step=0.01,
                              max_iter=2, callback=lambda i: False)
        gc.collect()

    def test_builtin_problem_objective(self):
        q = steepest.Quadratic(self.H)
        r1 = steepest.minimize(q, self.x0, step=0.05, max_iter=30)
        r2 = steepest.minimize(quad(self.H), self.x0, step=0.05, max_iter=30)
        self.assertVecClose(r1.x, r2.x, rel=1e-10)

    def test_check_gradient(self):
        good = steepest.check_gradient(quad(self.H), self.x0)
        self.assertLess(good.max_rel_error, 1e-6)

        def wrong(x):
            f, g = quad(self.H)(x)
            g = list(g)
            g[2] += 1.0
            return f, g
        bad = steepest.check_gradient(wrong, self.x0, k=2)
        self.assertGreater(bad.max_rel_error, 1e-3)
        self.assertEqual(bad.worst[0][0], 2)
        self.assertEqual(len(bad.worst), 2)


@unittest.skipUnless(HAS_SOLVER and HAVE_NUMPY, "no solver or no NumPy")
class AgainstNumpyTest(unittest.TestCase):
    def test_gd_and_sign_gd(self):
        rng = np.random.default_rng(2)
        A = rng.standard_normal((30, 10))
        b = rng.standard_normal(30)
        fun = lambda x: (0.5 * np.sum((A @ x - b) ** 2), A.T @ (A @ x - b))   # noqa: E731
        L2 = np.linalg.eigvalsh(A.T @ A).max()
        x = np.zeros(10)
        for _ in range(50):
            x = x - fun(x)[1] / L2
        r = steepest.minimize(fun, np.zeros(10), norm="l2", lipschitz=L2, max_iter=50)
        np.testing.assert_allclose(r.x, x, rtol=1e-10)
        ls = steepest.LeastSquares(A, b)
        np.testing.assert_allclose(ls.minimizer()[0], np.linalg.lstsq(A, b, rcond=None)[0],
                                   rtol=1e-6)
        self.assertGreaterEqual(ls.smoothness_bound("l2"), L2 * (1 - 1e-12))


if __name__ == "__main__":
    unittest.main()
