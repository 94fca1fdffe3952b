"""minimize() as a SciPy user calls it: scipy.optimize.minimize's signature,
an OptimizeResult-shaped result, defaults that converge, inputs converted where
a copy is made anyway, errors that name the public function."""
import array
import json
import os
import subprocess
import unittest

import steepest
from support import HAVE_NUMPY

try:
    import scipy.optimize as sopt
except ImportError:   # the --no-numpy run hides NumPy, and SciPy with it
    sopt = None


def rosen(x):
    """Rosenbrock, written here as SciPy writes it (sum over consecutive pairs)."""
    return sum(100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def rosen_der(x):
    n = len(x)
    g = [0.0] * n
    for i in range(n - 1):
        t = x[i + 1] - x[i] ** 2
        g[i] += -400.0 * x[i] * t - 2.0 * (1 - x[i])
        g[i + 1] += 200.0 * t
    return g


def quad(x, scale=1.0):
    return scale * sum((i + 1) * v * v for i, v in enumerate(x)) / 2


def quad_der(x, scale=1.0):
    return [scale * (i + 1) * v for i, v in enumerate(x)]


class SciPyShapeTest(unittest.TestCase):
    def test_rosen_with_jac_converges_like_the_cli(self):
        x0 = [-1.2, 1.0]
        res = steepest.minimize(rosen, x0, jac=rosen_der)
        # The CLI's default run on the same problem: Armijo from alpha0 = 1.
        cli = os.environ.get("STEEPEST_CLI")
        if cli:
            out = subprocess.run([cli, "minimize", "rosenbrock", "--dim", "2", "--grad-tol", "1e-5",
                                  "--json"], capture_output=True, text=True,
                                 check=True).stdout
            cli_f = json.loads(out)["runs"][0]["f"]
            self.assertLess(abs(res.fun - cli_f), 1e-6 * (1 + abs(cli_f)))
        self.assertLess(res.fun, 1e-3)          # 6.43 with the old Python default (alpha0 1e-3)
        self.assertEqual(res.nit, res["nit"])
        self.assertEqual(res.status_name, steepest.status_name(res.status))

    @unittest.skipIf(sopt is None, "needs SciPy (the NumPy run has it)")
    def test_scipy_rosen_and_result_fields(self):
        import numpy as np
        x0 = np.array([1.3, 0.7, 0.8, 1.9, 1.2])
        res = steepest.minimize(sopt.rosen, x0, jac=sopt.rosen_der)
        for field in ("x", "fun", "jac", "nit", "nfev", "njev", "status", "message", "success"):
            self.assertIn(field, res)
            self.assertIs(res[field], getattr(res, field))
        self.assertEqual(res.fun, res.f)
        self.assertAlmostEqual(res.fun, sopt.rosen(res.x), delta=1e-12 * (1 + res.fun))
        np.testing.assert_allclose(res.jac, sopt.rosen_der(res.x), rtol=1e-12, atol=1e-300)
        self.assertLess(res.fun, sopt.rosen(x0))
        # The same x through SciPy: both minimize rosen, both from x0.
        ref = sopt.minimize(sopt.rosen, x0, jac=sopt.rosen_der, method="BFGS")
        self.assertLess(ref.fun, 1e-8)
        self.assertIsInstance(res.status, int)
        self.assertEqual(sorted(set(res.keys()) & {"x", "fun"}), ["fun", "x"])

    def test_jac_true_and_args(self):
        def fg(x, scale):
            return quad(x, scale), quad_der(x, scale)
        res = steepest.minimize(fg, [1.0, -2.0, 0.5], args=(3.0,), jac=True, tol=1e-10)
        self.assertEqual(res.status, steepest.Status.STOP_GRAD_TOL)
        self.assertTrue(res.success)
        self.assertLessEqual(res.grad_norm, 1e-10)
        res2 = steepest.minimize(quad, [1.0, -2.0, 0.5], args=(3.0,), jac=quad_der, tol=1e-10)
        self.assertEqual(list(res2.x), list(res.x))

    def test_default_gradient_tolerance(self):
        res = steepest.minimize(quad, [1.0, -2.0, 0.5], jac=quad_der, norm="linf")
        self.assertEqual(res.status, steepest.Status.STOP_GRAD_TOL)
        self.assertLessEqual(res.grad_norm, steepest.solver.DEFAULT_GTOL)
        self.assertGreater(res.grad_norm, 0.0)

    def test_method_and_options(self):
        res = steepest.minimize(quad, [1.0, 1.0], jac=quad_der, method="constant",
                                options={"step_size": 0.1, "maxiter": 7, "gtol": 0.0, "disp": True})
        self.assertEqual(res.nit, 7)
        self.assertEqual(res.status, steepest.Status.STOP_MAX_ITER)
        self.assertFalse(res.success)             # SciPy: a limit is not success
        # The hand iteration of the constant rule: x <- x - 0.1 * grad.
        x = [1.0, 1.0]
        for _ in range(7):
            x = [v - 0.1 * g for v, g in zip(x, quad_der(x))]
        for a, b in zip(res.x, x):
            self.assertAlmostEqual(a, b, delta=1e-15)
        res = steepest.minimize(quad, [1.0, 1.0], jac=quad_der, method="normalized-sd",
                                options={"l0_l1": (2.0, 0.0), "maxfev": 5, "gtol": 0.0})
        self.assertEqual(res.status, steepest.Status.STOP_MAX_EVAL)
        self.assertFalse(res.success)

    def test_aliases_still_work(self):
        res = steepest.minimize(quad, [1.0, 2.0], grad=quad_der, step=0.1, max_iter=3, grad_tol=0)
        self.assertEqual(res.iterations, 3)
        with self.assertRaises(TypeError):
            steepest.minimize(quad, [1.0], grad=quad_der, jac=quad_der)
        with self.assertRaises(TypeError):
            steepest.minimize(quad, [1.0], jac=quad_der, maxiter=3, options={"maxiter": 4})

    def test_value_only_fun_is_a_clear_error(self):
        with self.assertRaises(TypeError) as cm:
            steepest.minimize(quad, [1.0, 2.0])
        msg = str(cm.exception)
        self.assertIn("jac=", msg)
        self.assertIn("minimize()", msg)
        self.assertIn("check_gradient", msg)

    def test_x0_is_converted(self):
        for x0 in ([1, 2, 3], (1, 2, 3), array.array("i", [1, 2, 3]), array.array("f", [1, 2, 3])):
            res = steepest.minimize(quad, x0, jac=quad_der)
            self.assertEqual(res.status, steepest.Status.STOP_GRAD_TOL, repr(x0))
        if HAVE_NUMPY:
            import numpy as np
            ints = np.array([1, 2, 3])
            f32 = np.array([1, 2, 3], dtype=np.float32)
            strided = np.arange(6.0)[::2]
            for x0 in (ints, f32, strided):
                before = x0.copy()
                res = steepest.minimize(quad, x0, jac=quad_der)
                self.assertEqual(res.x.dtype, np.float64)
                self.assertTrue(res.x.flags.c_contiguous)
                np.testing.assert_array_equal(x0, before)       # x0 is left alone
            # Gradients returned as float32 are converted.
            res = steepest.minimize(quad, f32,
                                    jac=lambda x: np.asarray(quad_der(x), dtype=np.float32))
            self.assertLess(res.fun, quad(f32) * 1e-6)
            with self.assertRaises(TypeError):
                steepest.minimize(quad, np.array([1 + 1j, 2]), jac=quad_der)
            # Zero-copy paths still refuse what they would have to convert.
            with self.assertRaises(TypeError):
                steepest.Norm("l2").norm(f32)
            with self.assertRaises(ValueError):
                steepest.Norm("l2").norm(strided)

    def test_errors_name_minimize(self):
        for kwargs in ({"method": "bogus"}, {"options": {"maxiter": -1}},
                       {"options": {"step_size": -1.0}, "method": "constant"},
                       {"options": {"lipschitz": "big"}}):
            with self.assertRaises((TypeError, ValueError, steepest.SteepestError)) as cm:
                steepest.minimize(quad, [1.0], jac=quad_der, **kwargs)
            self.assertTrue(str(cm.exception).startswith("minimize()"), str(cm.exception))
            self.assertNotIn("configure", str(cm.exception))

    def assertNamed(self, exc_type, want, call):
        """call() raises exc_type whose message starts with minimize(), contains
        every piece of want, and names no C function or internal method."""
        with self.assertRaises(exc_type) as cm:
            call()
        msg = str(cm.exception)
        self.assertTrue(msg.startswith("minimize(): "), msg)
        for piece in want:
            self.assertIn(piece, msg)
        for internal in ("steepest_", "configure", "Solver", "_set_", "value_and_gradient"):
            self.assertNotIn(internal, msg)
        return cm.exception

    def test_every_error_names_the_argument_as_written(self):
        x0 = [1.0, 2.0]
        run = steepest.minimize
        cases = [
            # (exception, pieces of the message, the call)
            (TypeError, ["unknown option 'bogus' in options", "maxiter", "l0_l1"],
             lambda: run(quad, x0, jac=quad_der, options={"bogus": 1})),
            (TypeError, ["unexpected keyword argument 'bogus'"],
             lambda: run(quad, x0, jac=quad_der, bogus=1)),
            (TypeError, ["options must be a dict, not list"],
             lambda: run(quad, x0, jac=quad_der, options=[("maxiter", 3)])),
            (steepest.InvalidArgumentError, ["tol: -1 must be finite and >= 0"],
             lambda: run(quad, x0, jac=quad_der, tol=-1)),
            (steepest.InvalidArgumentError, ["options['gtol']: -1 must be finite"],
             lambda: run(quad, x0, jac=quad_der, options={"gtol": -1})),
            (steepest.InvalidArgumentError, ["grad_tol: -1 must be finite"],
             lambda: run(quad, x0, jac=quad_der, grad_tol=-1)),
            (steepest.InvalidArgumentError, ["options['maxtime']:"],
             lambda: run(quad, x0, jac=quad_der, options={"maxtime": float("inf")})),
            (ValueError, ["options['maxiter'] must be a non-negative int"],
             lambda: run(quad, x0, jac=quad_der, options={"maxiter": -1})),
            (TypeError, ["options['lipschitz'] must be a real number, not str"],
             lambda: run(quad, x0, jac=quad_der, options={"lipschitz": "big"})),
            (ValueError, ["method must be a number or one of", "'bogus'"],
             lambda: run(quad, x0, jac=quad_der, method="bogus")),
            (ValueError, ["options['direction'] must be 'scaled' or 'normalized'"],
             lambda: run(quad, x0, jac=quad_der, options={"direction": "up"})),
            (steepest.InvalidArgumentError, ["step_size: alpha0 = -1 must be finite and > 0"],
             lambda: run(quad, x0, jac=quad_der, method="constant", step_size=-1)),
            (steepest.InvalidArgumentError, ["armijo: shrink = 2 must be in (0, 1)"],
             lambda: run(quad, x0, jac=quad_der, armijo=(0.5, 2, 3))),
            (ValueError, ["options['armijo'] must be (c, shrink, max_backtracks), not 2 values"],
             lambda: run(quad, x0, jac=quad_der, options={"armijo": (0.5, 0.5)})),
            (TypeError, ["options['rprop'] must be (eta_plus,", "not int"],
             lambda: run(quad, x0, jac=quad_der, options={"rprop": 3})),
            (TypeError, ["maxiter given both as a keyword and as options['maxiter']"],
             lambda: run(quad, x0, jac=quad_der, maxiter=3, options={"maxiter": 4})),
            (TypeError, ["give the step rule as method= or step, not both"],
             lambda: run(quad, x0, jac=quad_der, method="armijo", step="fixed")),
            # Checked when the run starts: the rule needs an option that is missing.
            (steepest.InvalidArgumentError, ["method='normalized_sd' needs L0 and L1",
                                             "(set options['l0_l1'])"],
             lambda: run(quad, x0, jac=quad_der, method="normalized_sd")),
            (steepest.InvalidArgumentError, ["method='fixed' needs the smoothness constant L",
                                             "(set options['lipschitz'])"],
             lambda: run(quad, x0, jac=quad_der, method="fixed")),
            (steepest.InvalidArgumentError, ["step='normalized_sd' needs L0 and L1"],
             lambda: run(quad, x0, jac=quad_der, step="normalized-sd")),
            # What fun and jac return, as the run finds it.
            (ValueError, ["the gradient jac (<lambda>) returned has length 3, expected 2"],
             lambda: run(quad, x0, jac=lambda x: [1.0, 2.0, 3.0])),
            (ValueError, ["the gradient grad (<lambda>) returned has length 1, expected 2"],
             lambda: run(quad, x0, grad=lambda x: [1.0])),
            (ValueError, ["the gradient fun (<lambda>) returned has length 3"],
             lambda: run(lambda x: (0.0, [0.0] * 3), x0, jac=True)),
            (TypeError, ["fun (<lambda>) must return a real number as the value, not str"],
             lambda: run(lambda x: "low", x0, jac=quad_der)),
            (TypeError, ["fun (<lambda>) must return (value, gradient), not tuple"],
             lambda: run(lambda x: (1.0, 2.0, 3.0), x0)),
            (TypeError, ["fun returned float", "but a gradient is needed", "jac=True"],
             lambda: run(quad, x0)),
            (TypeError, ["jac must be True, a callable or None, not 3"],
             lambda: run(quad, x0, jac=3)),
            (TypeError, ["callback must be callable"],
             lambda: run(quad, x0, jac=quad_der, callback=3)),
            # The norm and the dimensions.
            (steepest.UnknownNormError, ["norm: unknown norm 'bogus'"],
             lambda: run(quad, x0, jac=quad_der, norm="bogus")),
            (steepest.ParameterError, ["norm: block:", "dimension 2"],
             lambda: run(quad, x0, jac=quad_der, norm="block:sizes=3+3")),
            (steepest.DimensionError, ["x0 has length 2 but norm 'l2' has dimension 3"],
             lambda: run(quad, x0, jac=quad_der, norm=steepest.Norm("l2", dim=3))),
            (steepest.DimensionError, ["x0 has length 2 but the problem has dimension 3"],
             lambda: run(steepest.Rosenbrock(3), x0)),
            (TypeError, ["args: a built-in problem takes no args"],
             lambda: run(steepest.Rosenbrock(2), x0, args=(1,))),
            # A library failure during the run keeps its partial result.
            (steepest.NotFiniteError, ["f(x0) is NaN"],
             lambda: run(lambda x: float("nan"), x0, jac=quad_der)),
        ]
        for exc_type, want, call in cases:
            with self.subTest(want=want[0]):
                e = self.assertNamed(exc_type, want, call)
                if isinstance(e, steepest.NotFiniteError):
                    self.assertEqual(e.result.status, steepest.Status.ERROR_NOT_FINITE)
                    self.assertEqual(list(e.result.x), x0)

    def test_exceptions_of_user_code_pass_unchanged(self):
        mine = KeyError("raised by the objective")

        def fun(x):
            raise mine
        with self.assertRaises(KeyError) as cm:
            steepest.minimize(fun, [1.0], jac=quad_der)
        self.assertIs(cm.exception, mine)
        # A ValueError of the user's own is not mistaken for the binding's.
        own = ValueError("my gradient is undefined here")

        def jac(x):
            raise own
        with self.assertRaises(ValueError) as cm:
            steepest.minimize(quad, [1.0], jac=jac)
        self.assertIs(cm.exception, own)
        self.assertEqual(str(cm.exception), "my gradient is undefined here")

        def stop(info):
            raise own
        with self.assertRaises(ValueError) as cm:
            steepest.minimize(quad, [1.0], jac=quad_der, callback=stop)
        self.assertIs(cm.exception, own)

    def test_solver_names_its_own_keywords(self):
        s = steepest.Solver("l2", 2)
        with self.assertRaises(steepest.InvalidArgumentError) as cm:
            s.configure(grad_tol=-1)
        self.assertEqual(cm.exception.message, "grad_tol: -1 must be finite and >= 0")
        s.configure(step="normalized_sd").set_objective(lambda x: (quad(x), quad_der(x)))
        with self.assertRaises(steepest.InvalidArgumentError) as cm:
            s.run(array.array("d", [1.0, 1.0]))
        self.assertEqual(cm.exception.message,
                         "step='normalized_sd' needs L0 and L1 (set l0_l1)")
        with self.assertRaises(steepest.InvalidArgumentError) as cm:
            steepest.Solver("l2", 1).run(array.array("d", [1.0]))
        self.assertIn("(call Solver.set_objective())", cm.exception.message)
        self.assertNotIn("steepest_", cm.exception.message)

    def test_norm_without_dimension_serves_every_length(self):
        n = steepest.Norm("l2")
        for d in (3, 4, 7, 3):
            self.assertAlmostEqual(n.norm([2.0] * d), 2.0 * d ** 0.5, delta=1e-15)
        r3 = steepest.minimize(quad, [1.0] * 3, jac=quad_der, norm=n)
        r5 = steepest.minimize(quad, [1.0] * 5, jac=quad_der, norm=n)
        self.assertEqual((len(r3.x), len(r5.x)), (3, 5))


if __name__ == "__main__":
    unittest.main()
