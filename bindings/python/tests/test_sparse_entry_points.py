"""The functions that take a matrix H (Norm.induced_norm, steepest.analysis,
steepest.matrix) take SciPy sparse matrices and linear operators too, through
steepest.Operator: their answers bracket NumPy's dense values; the functions
that need the dense entries refuse them, pointing to steepest.Operator."""
import itertools
import unittest

import steepest
from steepest import analysis, matrix
from support import HAVE_NUMPY

if HAVE_NUMPY:
    # The NumPy run needs SciPy (CI installs python3-scipy): no silent skip.
    import numpy as np
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla

REL = 1e-12     # rounding margin of the comparisons with NumPy


class WithoutNumPy(unittest.TestCase):
    def test_a_linear_operator_needs_numpy_and_says_so(self):
        class Fake:
            shape = (2, 2)

            def matvec(self, v):
                return v
        if HAVE_NUMPY:
            self.assertEqual(steepest.Norm("l1").induced_norm(Fake()).upper, 1.0)   # the identity
        else:
            with self.assertRaises(TypeError) as cm:
                steepest.Norm("l1").induced_norm(Fake())
            self.assertIn("need NumPy", str(cm.exception))
        # Dense input keeps working without NumPy: lists, as before.
        self.assertEqual(steepest.Norm("l1").induced_norm([[1.0, -3.0], [-3.0, 2.0]]).upper, 3.0)


if HAVE_NUMPY:
    def psd_sparse(n, seed, density=0.35):
        """A random sparse symmetric diagonally dominant (so PSD) matrix."""
        rng = np.random.default_rng(seed)
        B = sp.random(n, n, density=density, random_state=rng, format="csr")
        S = B + B.T
        d = np.asarray(abs(S).sum(axis=1)).ravel() + rng.uniform(0.1, 1.0, n)
        return (S + sp.diags(d)).tocsr()

    def inf1_brute(D):
        """‖D‖_{∞,1} = max over sign vectors x of ‖Dx‖₁ (x and −x alike)."""
        n = D.shape[0]
        return max(np.abs(D @ np.array((1.0,) + s)).sum()
                   for s in itertools.product((1.0, -1.0), repeat=n - 1))

    def kinds(S):
        """The same H as SciPy's default CSR (int32 indices: copied), CSR with
        int64 indices (zero-copy), float32 CSC (copied) and a LinearOperator."""
        S64 = S.copy()
        S64.indices = S64.indices.astype(np.int64)
        S64.indptr = S64.indptr.astype(np.int64)
        return [("csr", S), ("csr-int64", S64), ("csc-float32", S.astype(np.float32).tocsc()),
                ("linear-operator", spla.aslinearoperator(S))]

    def lanczos():
        return bool(steepest._lib.lib.steepest_operator_lanczos_available())

    class SparseEntryPoints(unittest.TestCase):
        def setUp(self):
            self.cases = []
            for seed, n in ((1, 6), (2, 8), (3, 9)):
                S = psd_sparse(n, seed)
                H = S.toarray()
                # float32 data stands for another matrix: its own dense values.
                self.cases += [(name, A, H if name != "csc-float32" else
                                S.astype(np.float32).toarray().astype(np.float64))
                               for name, A in kinds(S)]

        def assertBrackets(self, bound, value, what):
            self.assertIsInstance(bound, steepest.InducedNorm, what)
            self.assertLessEqual(bound.lower, value * (1 + REL), what)
            self.assertGreaterEqual(bound.upper, value * (1 - REL), what)

        def test_induced_norm_brackets_the_dense_value(self):
            for name, A, D in self.cases:
                with self.subTest(kind=name, n=D.shape[0]):
                    l1 = steepest.Norm("l1").induced_norm(A)
                    self.assertIsInstance(l1, steepest.Bound)
                    self.assertTrue(l1.exact and l1.certified)
                    self.assertEqual(l1.upper, np.abs(D).max())            # max |H_ij|
                    linf = steepest.Norm("linf").induced_norm(A)
                    self.assertBrackets(linf, inf1_brute(D), name)
                    self.assertTrue(linf.certified)
                    self.assertEqual(float(linf), linf.upper)
                    self.assertBrackets(matrix.inf1(A), inf1_brute(D), name)
                    if lanczos():
                        l2 = steepest.Norm("l2").induced_norm(A)
                        ev = np.linalg.eigvalsh(D)
                        self.assertBrackets(l2, max(-ev[0], ev[-1]), name)
                        # Gershgorin for CSR; a callback with n <= 48 is solved exactly.
                        self.assertTrue(l2.certified)
                    else:
                        with self.assertRaises(steepest.UnsupportedError):
                            steepest.Norm("l2").induced_norm(A)

        def test_a_fixed_dimension_is_checked(self):
            name, A, D = self.cases[0]
            with self.assertRaises(steepest.DimensionError) as cm:
                steepest.Norm("linf", dim=D.shape[0] + 1).induced_norm(A)
            self.assertIn("H is %dx%d" % D.shape, str(cm.exception))

        def test_entry_sums_and_rho_diag_are_exact(self):
            for name, A, D in self.cases:
                with self.subTest(kind=name):
                    self.assertEqual(matrix.max_abs(A), np.abs(D).max())
                    self.assertAlmostEqual(matrix.sum_abs(A), np.abs(D).sum(), delta=REL * np.abs(D).sum())
                    self.assertAlmostEqual(analysis.rho_diag(A), np.abs(np.diag(D)).sum() / np.abs(D).sum(),
                                           delta=REL)

        def test_local_search_and_block_norm(self):
            for name, A, D in self.cases:
                with self.subTest(kind=name):
                    v, x = matrix.inf1_local_search(A, seed=1)
                    self.assertEqual(set(np.abs(x)), {1.0})
                    self.assertAlmostEqual(v, np.abs(D @ x).sum(), delta=REL * v)   # attained by x
                    self.assertLessEqual(v, inf1_brute(D) * (1 + REL))
                    # The norm induced by max_b ‖x_b‖₂ (dual Σ_b ‖z_b‖₂): at least
                    # Σ_c ‖(Hx)_c‖₂ for any x with unit blocks, at most Σ_bc ‖H_bc‖₂.
                    n = D.shape[0]
                    cut = n // 2
                    b = matrix.block_induced(A, [cut, n - cut], mode="bounds")
                    self.assertIsInstance(b, steepest.Bound)
                    rng = np.random.default_rng(n)
                    sampled = 0.0
                    for _ in range(2000):
                        x = rng.standard_normal(n)
                        x[:cut] /= np.linalg.norm(x[:cut])
                        x[cut:] /= np.linalg.norm(x[cut:])
                        y = D @ x
                        sampled = max(sampled, np.linalg.norm(y[:cut]) + np.linalg.norm(y[cut:]))
                    blocks = (D[:cut, :cut], D[:cut, cut:], D[cut:, :cut], D[cut:, cut:])
                    self.assertGreaterEqual(b.upper, sampled * (1 - REL))
                    self.assertLessEqual(b.lower, sum(np.linalg.norm(B, 2) for B in blocks) * (1 + REL))
                    self.assertLessEqual(sampled, b.upper * (1 + REL))

        def test_lsep_from_the_entries_only(self):
            for name, A, D in self.cases:
                with self.subTest(kind=name):
                    if name == "linear-operator":
                        with self.assertRaises(steepest.UnsupportedError) as cm:
                            matrix.lsep(A)
                        self.assertIn("Operator.lsep()", str(cm.exception))
                        self.assertIn("entries", str(cm.exception))
                        self.assertNotIn("steepest_", str(cm.exception))
                        continue
                    got = matrix.lsep(A)
                    # L∞ <= L_sep (Prop. 5): the certified primal is feasible, so >= ‖H‖∞,1;
                    # the dense [dual, primal] and the sparse one overlap.
                    dense = matrix.lsep(D)
                    self.assertLessEqual(got.dual, got.primal * (1 + REL))
                    self.assertGreaterEqual(got.primal, inf1_brute(D) * (1 - REL))
                    self.assertLessEqual(got.dual, dense.primal * (1 + 1e-9))
                    self.assertLessEqual(dense.dual, got.primal * (1 + 1e-9))
                    self.assertTrue(np.all(np.linalg.eigvalsh(np.diag(got.l) - D) >= -1e-9 * got.primal))

        def test_analysis_on_sparse_hessians(self):
            rng = np.random.default_rng(11)
            for name, A, D in self.cases:
                n = D.shape[0]
                g = rng.standard_normal(n)
                with self.subTest(kind=name):
                    dec, L, exact = analysis.guaranteed_decrease_matrix("linf", g, A, mode="bounds")
                    self.assertIsInstance(dec, steepest.Value)
                    self.assertTrue(dec.certified)
                    self.assertGreaterEqual(L, inf1_brute(D) * (1 - REL))               # an upper bound on L
                    self.assertAlmostEqual(dec, np.abs(g).sum() ** 2 / (2 * L), delta=REL * dec)  # Lemma 2
                    dense_dec, _, _ = analysis.guaranteed_decrease_matrix("linf", g, D)
                    self.assertTrue(dense_dec.certified)
                    self.assertLessEqual(dec, dense_dec * (1 + REL))                   # L_upper >= the exact L
                    if not lanczos():
                        continue
                    ev = np.linalg.eigvalsh(D)
                    lam_mean = np.trace(D) / n
                    ratio, theta, mean = analysis.eigen_ratio(A)
                    self.assertIsInstance(ratio, steepest.Bound)
                    self.assertBrackets(ratio, ev[-1] / lam_mean, name)
                    self.assertTrue(ratio.certified)
                    self.assertLessEqual(theta, ev[-1] * (1 + REL))                    # a Ritz value
                    self.assertAlmostEqual(mean, lam_mean, delta=REL * lam_mean)
                    # Eq. 13 by NumPy: ρ_diag · (λ_max/λ̄) · φ(g); the operator form is at most it.
                    phi = np.abs(g).sum() ** 2 / (n * (g @ g))
                    eq13 = np.abs(np.diag(D)).sum() / np.abs(D).sum() * ev[-1] / lam_mean * phi
                    r = analysis.improvement_ratio_bound(A, g)
                    self.assertIsInstance(r, steepest.Value)
                    self.assertTrue(r.certified)
                    self.assertLessEqual(r, eq13 * (1 + 1e-10))
                    self.assertGreater(r, 0.0)
                    self.assertAlmostEqual(analysis.improvement_ratio_bound(D, g), eq13, delta=1e-10 * eq13)

        def test_compare_quadratic(self):
            for name, A, D in self.cases:
                n = D.shape[0]
                x = np.linspace(-1.0, 1.0, n)
                with self.subTest(kind=name):
                    cmp = analysis.compare_quadratic(A, x, mode="bounds")     # every loaded class
                    self.assertIsInstance(cmp, analysis.Comparison)
                    np.testing.assert_allclose(cmp.gradient, D @ x, rtol=1e-12, atol=1e-12)
                    exact = {"linf": inf1_brute(D), "l1": np.abs(D).max(),
                             "l2": np.abs(np.linalg.eigvalsh(D)).max()}
                    for e in cmp:
                        self.assertLessEqual(e.L_lower, exact[e.spec] * (1 + REL), e.spec)
                        self.assertGreaterEqual(e.L_upper, exact[e.spec] * (1 - REL), e.spec)
                    self.assertEqual({e.spec for e in cmp}, set(exact) if lanczos() else {"linf", "l1"})
                    # lp has no operator method: skipped, with the reason in Python terms.
                    lp = [s for s in cmp.skipped if s[0] == "lp"]
                    self.assertEqual(lp[0][1], "ERROR_UNSUPPORTED")
                    self.assertIn("Operator.induced_norm(): norm 'lp'", lp[0][2])
                    # Naming a norm without one is an error that says which norms have it.
                    with self.assertRaises(steepest.UnsupportedError) as cm:
                        analysis.compare_quadratic(A, x, specs=["l1", "lp:p=3"])
                    self.assertIn("l2, linf and l1", str(cm.exception))

        def test_what_cannot_take_an_operator_says_so(self):
            S = psd_sparse(5, 4)
            for A in (S, spla.aslinearoperator(S), steepest.Operator(S)):
                for fn, instead in ((matrix.spectral_norm, "spectral_norm()"),
                                    (matrix.sym_eigenvalues, "extreme_eigenvalues()"),
                                    (matrix.is_psd, "is_psd()"), (matrix.is_symmetric, "is_psd()"),
                                    (matrix.inf1_exact, "inf1()")):
                    with self.subTest(fn=fn.__name__, kind=type(A).__name__):
                        with self.assertRaises(TypeError) as cm:
                            fn(A)
                        msg = str(cm.exception)
                        self.assertIn("matrix.%s() takes a dense matrix" % fn.__name__, msg)
                        self.assertIn("steepest.Operator(H).%s" % instead, msg)
                # The others that need dense entries: a general pointer.
                with self.assertRaises(TypeError) as cm:
                    steepest.Quadratic(A)
                self.assertIn("steepest.Operator(H) takes sparse matrices", str(cm.exception))
            # A norm without an operator method names what works.
            with self.assertRaises(steepest.UnsupportedError) as cm:
                steepest.Norm("lp:p=3").induced_norm(S)
            self.assertIn("Operator.induced_norm(): norm 'lp:p=3'", str(cm.exception))
            self.assertIn("l2, linf and l1", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
