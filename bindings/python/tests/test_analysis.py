"""Analysis, matrix kernels, experiment generators and problems against
independent computations (docs/theory.md formulas, brute force, closed forms)."""
import math
import random
import unittest

import steepest
from steepest import analysis as A, matrix as M, experiments as E
from support import (HAVE_NUMPY, np, Close, as_list, l1, l2, linf, sign, matvec, matmul,
                     transpose, det, rows, random_spd, brute_inf1)

HAS_ANALYSIS = steepest._lib.has("steepest_analysis_density")
HAS_MATRIX = steepest._lib.has("steepest_matrix_lsep")
HAS_EXPERIMENTS = steepest._lib.has("steepest_rotated_hessian")
HAS_PROBLEMS = steepest._lib.has("steepest_quadratic_new")


def quad(H):
    def fun(x):
        g = matvec(H, list(x))
        return 0.5 * math.fsum(a * b for a, b in zip(x, g)), g
    return fun


@unittest.skipUnless(HAS_ANALYSIS, "no analysis layer in this build")
class AnalysisTest(unittest.TestCase, Close):
    def setUp(self):
        self.rng = random.Random(5)
        self.n = 5
        self.H = random_spd(self.rng, self.n)
        self.x = [self.rng.gauss(0, 1) for _ in range(self.n)]
        self.g = matvec(self.H, self.x)

    def test_density_and_rho_diag(self):
        z = self.g
        self.assertAlmostEqual(A.density(z), l1(z) ** 2 / (len(z) * l2(z) ** 2), places=13)
        self.assertAlmostEqual(A.phi([1.0] * 7), 1.0)
        self.assertAlmostEqual(A.density([0, 0, 3.0, 0]), 0.25)
        with self.assertRaises(steepest.InvalidArgumentError):
            A.density([0.0, 0.0])
        H = self.H
        want = math.fsum(abs(H[i][i]) for i in range(self.n)) / \
            math.fsum(abs(v) for r in H for v in r)
        self.assertAlmostEqual(A.rho_diag(H), want, places=13)
        with self.assertRaises(steepest.NotFiniteError):
            A.rho_diag([[1.0, float("nan")], [0.0, 1.0]])

    def test_eigen_ratio_closed_form(self):
        a, b, d = 3.0, 1.0, 2.0
        lmax = (a + d) / 2 + math.sqrt(((a - d) / 2) ** 2 + b * b)
        ratio, lm, mean = A.eigen_ratio([[a, b], [b, d]])
        self.assertAlmostEqual(lm, lmax, places=12)
        self.assertAlmostEqual(mean, (a + d) / 2, places=12)
        self.assertAlmostEqual(ratio, lmax / ((a + d) / 2), places=12)
        with self.assertRaises(steepest.NotSymmetricError):
            A.eigen_ratio([[1.0, 2.0], [0.0, 1.0]])
        with self.assertRaises(steepest.NotPSDError):
            A.eigen_ratio([[1.0, 0.0], [0.0, -1.0]])

    def test_improvement_ratio_and_bound(self):
        L2, Li = 3.0, 11.0
        g = self.g
        self.assertAlmostEqual(A.improvement_ratio(g, L2, Li),
                               (l1(g) ** 2 / Li) / (l2(g) ** 2 / L2), places=12)
        # Eq. 13 bounds R(x) from below, with the true L2 and L∞ of the quadratic.
        Lt2 = A.eigen_ratio(self.H)[1]
        Lti = brute_inf1(self.H)
        self.assertLessEqual(A.improvement_ratio_bound(self.H, g),
                             A.improvement_ratio(g, Lt2, Lti) * (1 + 1e-12))
        with self.assertRaises(steepest.InvalidArgumentError):
            A.improvement_ratio(g, -1.0, Li)

    def test_guarantees(self):
        g = self.g
        self.assertAlmostEqual(A.dual_grad_norm("linf", g), l1(g))
        self.assertAlmostEqual(A.dual_grad_norm(steepest.Norm("l1"), g), linf(g))
        self.assertAlmostEqual(A.guaranteed_decrease("l2", g, 4.0), l2(g) ** 2 / 8, places=12)
        dec, L, exact = A.guaranteed_decrease_matrix("linf", g, self.H)
        self.assertTrue(exact)
        self.assertAlmostEqual(L, brute_inf1(self.H), places=10)
        self.assertAlmostEqual(dec, l1(g) ** 2 / (2 * L), places=10)
        with self.assertRaises(steepest.InvalidArgumentError):
            A.guaranteed_decrease("l2", g, 0.0)
        with self.assertRaises(steepest.DimensionError):
            A.dual_grad_norm(steepest.Norm("l2", 2), g)

    def test_certify(self):
        L = brute_inf1(self.H)
        c = A.certify("linf", quad(self.H), self.x, L)
        self.assertTrue(c.holds)
        self.assertEqual(c.verdict, "holds")
        self.assertAlmostEqual(c.guaranteed, l1(self.g) ** 2 / (2 * L), places=10)
        f = quad(self.H)
        self.assertAlmostEqual(c.actual, f(self.x)[0] - f(c.x_next)[0], places=10)
        bad = A.certify("linf", quad(self.H), self.x, L / 50)
        self.assertFalse(bad)
        self.assertEqual(bad.verdict, "violated")
        self.assertEqual(A.certify("l2", quad(self.H), [0.0] * self.n, 1.0).verdict, "stationary")

        class Oops(Exception):
            pass

        def raising(x):
            raise Oops()
        with self.assertRaises(Oops):
            A.certify("l2", raising, self.x, 1.0)

    def test_rates(self):
        self.assertAlmostEqual(A.average_grad_bound(2.0, 10.0, 1.0, 6.0), 2 * 2 * 9 / 6)
        self.assertAlmostEqual(A.convex_rate(2.0, 3.0, 5.0), 2 * 2 * 9 / 9)
        self.assertAlmostEqual(A.pl_rate(4.0, 1.0, 10.0, 2.0, 3.0), 0.75 ** 3 * 8)
        self.assertAlmostEqual(A.normalized_iterations(2.0, 1.0, 5.0, 1.0, 0.5),
                               18 * 4 * max(2 / 0.25, 1 / 2))
        with self.assertRaises(steepest.InvalidArgumentError):
            A.pl_rate(1.0, 2.0, 1.0, 0.0, 1.0)        # μ > L

    def test_smoothness_estimates(self):
        H, x, g = self.H, self.x, self.g

        def grad(y):
            return matvec(H, list(y))
        # For a quadratic every ratio is ‖Hs‖*/‖s‖ with s ∝ the probe direction.
        Lhat, gam = A.estimate_smoothness("l2", grad, x, direction="scaled")
        self.assertAlmostEqual(Lhat, l2(matvec(H, g)) / l2(g), places=6)
        s = [float(sign(t)) for t in g]
        Li, _ = A.estimate_smoothness("linf", grad, x, g=g, direction="unit", gammas=[0.5, 1.0])
        self.assertAlmostEqual(Li, l1(matvec(H, s)) / linf(s), places=6)
        self.assertLessEqual(Li, brute_inf1(H) * (1 + 1e-9))
        r, l2h, lih = A.estimate_improvement_ratio(grad, x)
        self.assertAlmostEqual(r, A.density(g) * len(g) * l2h / lih, places=9)
        with self.assertRaises(ValueError):
            A.estimate_smoothness("l2", grad, x, direction="sideways")
        with self.assertRaises(KeyError):
            A.estimate_smoothness("l2", lambda y: {}["missing"], x)

    def test_compare(self):
        c = A.compare_quadratic(self.H, self.x, specs=["l2", "linf", "l1"])
        want = {"l2": l2(self.g) ** 2 / A.eigen_ratio(self.H)[1],
                "linf": l1(self.g) ** 2 / brute_inf1(self.H),
                "l1": linf(self.g) ** 2 / max(abs(v) for r in self.H for v in r)}
        self.assertEqual(len(c), 3)
        for e in c:
            self.assertAlmostEqual(e.improvement, want[e.spec], places=8)
            self.assertTrue(e.guaranteed)
        self.assertEqual(c.best.spec, max(want, key=want.get))
        self.assertEqual([e.spec for e in c], sorted(want, key=want.get, reverse=True))
        self.assertVecClose(c.gradient, self.g, rel=1e-12)
        every = A.compare_quadratic(self.H, self.x)
        self.assertIn("block", [s[0] for s in every.skipped])
        g2 = A.compare_gradient(lambda y: matvec(self.H, list(y)), self.x, specs=["l2", "linf"],
                                L=[A.eigen_ratio(self.H)[1], brute_inf1(self.H)])
        self.assertAlmostEqual({e.spec: e.improvement for e in g2}["linf"], want["linf"], places=8)
        est = A.compare_gradient(lambda y: matvec(self.H, list(y)), self.x, specs=["l2"])
        self.assertFalse(est.best.guaranteed)
        with self.assertRaises(ValueError):
            A.compare_gradient(lambda y: y, self.x, specs=["l2"], L=[1.0, 2.0])
        with self.assertRaises(steepest.UnknownNormError):
            A.compare_quadratic(self.H, self.x, specs=["nope"])


@unittest.skipUnless(HAS_MATRIX, "no matrix kernels in this build")
class MatrixTest(unittest.TestCase, Close):
    def test_elementary(self):
        H = [[2.0, -1.0], [-1.0, 3.0]]
        self.assertEqual(M.max_abs(H), 3.0)
        self.assertEqual(M.sum_abs(H), 7.0)
        self.assertTrue(M.is_symmetric(H))
        self.assertFalse(M.is_symmetric([[1.0, 2.0], [2.5, 1.0]]))
        a, b, d = 2.0, -1.0, 3.0
        r = math.sqrt(((a - d) / 2) ** 2 + b * b)
        self.assertVecClose(M.sym_eigenvalues(H), [(a + d) / 2 - r, (a + d) / 2 + r])
        self.assertAlmostEqual(M.spectral_norm(H), (a + d) / 2 + r)
        self.assertEqual(M.is_psd(H)[0], True)
        psd, lam = M.is_psd([[1.0, 0.0], [0.0, -2.0]])
        self.assertFalse(psd)
        self.assertAlmostEqual(lam, -2.0)
        with self.assertRaises(steepest.NotSymmetricError):
            M.sym_eigenvalues([[1.0, 2.0], [0.0, 1.0]])

    def test_inf1(self):
        rng = random.Random(9)
        H = [[rng.uniform(-1, 1) for _ in range(7)] for _ in range(7)]
        best = brute_inf1(H)
        v, x = M.inf1_exact(H)
        self.assertAlmostEqual(v, best, places=12)
        self.assertAlmostEqual(l1(matvec(H, as_list(x))), best, places=12)
        lo, _ = M.inf1_local_search(H, seed=3)
        self.assertLessEqual(lo, best + 1e-12)
        b = M.inf1(H, mode="bounds")
        self.assertLessEqual(b.lower, best + 1e-12)
        self.assertGreaterEqual(b.upper, best - 1e-12)
        self.assertTrue(M.inf1(H, mode="exact").exact)
        blk = M.block_induced(H, [1] * 7, mode="exact")
        self.assertAlmostEqual(blk.upper, best, places=10)
        one = M.block_induced(H, [7])
        self.assertAlmostEqual(one.upper, M.spectral_norm(H), places=10)
        with self.assertRaises(ValueError):
            M.block_induced(H, [3, 3])
        with self.assertRaises(steepest.CancelledError):
            M.inf1_exact([[float(i == j) for j in range(20)] for i in range(20)],
                         threads=1, progress=lambda f: True)

    def test_lsep_two_dimensions(self):
        a, b, d = 2.0, 0.7, 1.5                      # Eq. 34/35
        res = M.lsep([[a, b], [b, d]])
        self.assertAlmostEqual(res.primal, a + d + 2 * abs(b), places=6)
        self.assertLessEqual(res.dual, res.primal * (1 + 1e-12))
        self.assertAlmostEqual(float(res), res.primal)
        self.assertEqual(len(res.l), 2)
        with self.assertRaises(steepest.NotPSDError):
            M.lsep([[1.0, 0.0], [0.0, -1.0]])

    def test_lsep_sandwich(self):
        # Prop. 5: L∞ <= L_sep <= ρ_diag⁻¹ Σλ = Σ|H_ij|; and L∞ >= (2/π) L_sep.
        H = random_spd(random.Random(4), 6)
        res = M.lsep(H)
        Li = brute_inf1(H)
        self.assertLessEqual(Li, res.primal * (1 + 1e-9))
        self.assertLessEqual(res.dual, M.sum_abs(H) * (1 + 1e-9))
        self.assertGreaterEqual(Li, 2 / math.pi * res.dual * (1 - 1e-9))


@unittest.skipUnless(HAS_EXPERIMENTS, "no experiment generators in this build")
class ExperimentsTest(unittest.TestCase, Close):
    def test_rng(self):
        a, b = steepest.Rng(42), steepest.Rng(42)
        self.assertEqual([a.next_u64() for _ in range(5)], [b.next_u64() for _ in range(5)])
        u = [a.uniform() for _ in range(1000)]
        self.assertTrue(all(0.0 <= t < 1.0 for t in u))
        self.assertAlmostEqual(sum(u) / len(u), 0.5, delta=0.05)
        z = as_list(steepest.Rng(1).normal(4000))
        self.assertAlmostEqual(sum(z) / len(z), 0.0, delta=0.1)
        self.assertAlmostEqual(sum(t * t for t in z) / len(z), 1.0, delta=0.1)
        self.assertIsInstance(steepest.Rng(0).normal(), float)
        with self.assertRaises(ValueError):
            steepest.Rng(-1)

    def test_rotation(self):
        d = 6
        R = rows(steepest.Rng(3).rotation(d), d)
        RtR = matmul(transpose(R), R)
        for i in range(d):
            self.assertVecClose(RtR[i], [float(i == j) for j in range(d)], abs_=1e-12)
        self.assertAlmostEqual(det(R), 1.0, places=12)
        I = rows(E.rotation_power(R, 0.0), d)
        for i in range(d):
            self.assertVecClose(I[i], [float(i == j) for j in range(d)], abs_=1e-12)
        R1 = rows(E.rotation_power(R, 1.0), d)
        for i in range(d):
            self.assertVecClose(R1[i], R[i], abs_=1e-10)
        half = rows(E.rotation_power(R, 0.5), d)
        sq = matmul(half, half)
        for i in range(d):
            self.assertVecClose(sq[i], R[i], abs_=1e-10)
        with self.assertRaises(steepest.InvalidArgumentError):
            E.rotation_power([[2.0, 0.0], [0.0, 1.0]], 0.5)
        with self.assertRaises(TypeError):
            E.random_rotation(3, 4)

    def test_spectrum_and_hessian(self):
        d, ratio = 12, 4.0
        lm = E.lambda_max(d, ratio)
        self.assertAlmostEqual(lm, ratio * (d - 1) / (d - ratio))
        lam = as_list(E.spectrum(d, ratio))
        self.assertEqual(lam[:-1], [1.0] * (d - 1))
        self.assertAlmostEqual(lam[-1] / (sum(lam) / d), ratio)
        with self.assertRaises(steepest.InvalidArgumentError):
            E.lambda_max(d, float(d))
        R = steepest.Rng(8).rotation(d)
        H0 = rows(E.rotated_hessian(R, 0.0, lam), d)
        for i in range(d):
            self.assertVecClose(H0[i], [lam[i] if i == j else 0.0 for j in range(d)], abs_=1e-12)
        H = rows(E.paper_hessian(d, ratio, 0.3, seed=8), d)
        self.assertAlmostEqual(sum(H[i][i] for i in range(d)), sum(lam), places=10)   # trace
        if HAVE_NUMPY:
            np.testing.assert_allclose(np.linalg.eigvalsh(np.array(H)), sorted(lam), atol=1e-10)

    def test_compare_matches_hand_iteration(self):
        d = 4
        H = rows(E.paper_hessian(d, 2.0, 0.2, seed=5), d)
        x0 = [[0.5, -1.0, 2.0, 0.3], [1.0, 1.0, -1.0, 0.0]]
        res = E.compare(H, x0, steps=5)
        L2 = M.spectral_norm(H)
        Li = brute_inf1(H)
        self.assertAlmostEqual(res.L_a, L2, places=10)
        self.assertAlmostEqual(res.L_b, Li, places=10)

        def run(x, step):
            for _ in range(5):
                x = step(x, matvec(H, x))
            return l2(x)
        gd = [run(x, lambda x, g: [a - t / L2 for a, t in zip(x, g)]) for x in x0]
        sg = [run(x, lambda x, g: [a - l1(g) * sign(t) / Li for a, t in zip(x, g)]) for x in x0]
        self.assertAlmostEqual(res.dist_a, sum(gd) / 2, places=10)
        self.assertAlmostEqual(res.dist_b, sum(sg) / 2, places=10)
        self.assertAlmostEqual(res.ratio, res.dist_b / res.dist_a)
        with self.assertRaises(ValueError):
            E.compare(H, [1.0, 2.0, 3.0], steps=1)


@unittest.skipUnless(HAS_PROBLEMS, "no problems in this build")
class ProblemsTest(unittest.TestCase, Close):
    def test_quadratic(self):
        H = [[2.0, 0.5], [0.5, 1.0]]
        b = [1.0, -1.0]
        q = steepest.Quadratic(H, b)
        x = [0.3, -0.7]
        f, g = q(x)
        Hx = matvec(H, x)
        self.assertAlmostEqual(f, 0.5 * (x[0] * Hx[0] + x[1] * Hx[1]) - (x[0] * b[0] + x[1] * b[1]))
        self.assertVecClose(g, [Hx[0] - b[0], Hx[1] - b[1]])
        xs, fs = q.minimizer()
        self.assertVecClose(q.gradient(xs), [0.0, 0.0], abs_=1e-12)
        self.assertAlmostEqual(fs, q.value(xs))
        dq = steepest.Quadratic.diagonal([1.0, 4.0])
        self.assertAlmostEqual(dq.value([1.0, 1.0]), 2.5)
        with self.assertRaises(steepest.NotSymmetricError):
            steepest.Quadratic([[1.0, 2.0], [0.0, 1.0]])
        with self.assertRaises(ValueError):
            steepest.Quadratic(H, [1.0])
        with self.assertRaises(ValueError):
            q([1.0, 2.0, 3.0])

    def test_others(self):
        r = steepest.Rosenbrock(4)
        self.assertEqual(r.value([1.0] * 4), 0.0)
        self.assertAlmostEqual(r.value([0.0] * 4), 3.0)
        self.assertEqual(as_list(r.minimizer()[0]), [1.0] * 4)
        with self.assertRaises(steepest.DimensionError):
            steepest.Rosenbrock(1)
        Am = [[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]]
        y = [1.0, -1.0, 1.0]
        lg = steepest.Logistic(Am, y, 0.1)
        self.assertAlmostEqual(lg.value([0.0, 0.0]), math.log(2))
        self.assertLess(steepest.check_gradient(lg, [0.3, -0.2]).max_rel_error, 1e-6)
        self.assertGreater(lg.smoothness_bound("l2"), 0.0)
        with self.assertRaises(steepest.InvalidArgumentError):
            steepest.Logistic(Am, [1.0, 0.0, 1.0])
        ls = steepest.LeastSquares(Am, [1.0, 2.0, 3.0])
        self.assertLess(steepest.check_gradient(ls, [0.3, -0.2]).max_rel_error, 1e-6)
        self.assertIn("LeastSquares", repr(ls))


if __name__ == "__main__":
    unittest.main()
