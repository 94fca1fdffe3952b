"""Operators from Python: SciPy CSR (zero-copy or copied), LinearOperator and
dense input agree with NumPy's dense linear algebra."""
import unittest

import steepest
from steepest import Operator

try:
    import numpy as np
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla
except ImportError:
    np = None


class DenseWithoutNumPy(unittest.TestCase):
    def test_nested_lists(self):
        H = [[4.0, 1.0, 0.0], [1.0, 3.0, -1.0], [0.0, -1.0, 2.0]]
        op = Operator(H)
        self.assertEqual(op.kind, "dense")
        self.assertEqual(list(op.apply([1.0, 0.0, 0.0])), [4.0, 1.0, 0.0])
        # Σ|H_ij| = 13, l1 = max|H_ij| = 4 (exact on a dense operator), Gershgorin min_i (H_ii − Σ|H_ij|) = 1
        self.assertAlmostEqual(op.induced_norm("l1").upper, 4.0)
        s = op.entry_sums()
        self.assertEqual(s["sum_abs"], 13.0)
        self.assertEqual(s["gershgorin_min"], 1.0)


if np is not None:
    def random_sparse_symmetric(n, density, seed):
        rng = np.random.default_rng(seed)
        A = sp.random(n, n, density=density, random_state=rng, format="csr")
        return (A + A.T + sp.identity(n)).tocsr()

    class SparseAndOperators(unittest.TestCase):
        def test_zero_copy_only_when_dtypes_fit(self):
            A = random_sparse_symmetric(120, 0.05, 1)
            B = A.copy()
            B.indices = B.indices.astype(np.int64)
            B.indptr = B.indptr.astype(np.int64)
            self.assertTrue(Operator(B).zero_copy)
            self.assertFalse(Operator(A.astype(np.float32)).zero_copy)
            if A.indices.dtype != np.int64:
                self.assertFalse(Operator(A).zero_copy)
            self.assertFalse(Operator(A.tocoo()).zero_copy)  # other formats are converted

        def test_agrees_with_numpy(self):
            for seed in range(3):
                A = random_sparse_symmetric(150 + 50 * seed, 0.04, seed)
                D = A.toarray()
                lin = spla.aslinearoperator(A)
                ev = np.linalg.eigvalsh(D)
                l2 = max(abs(ev[0]), abs(ev[-1]))
                for op in (Operator(A), Operator(lin), Operator(D)):
                    v = np.random.default_rng(seed).standard_normal(D.shape[0])
                    np.testing.assert_allclose(op.apply(v), D @ v, rtol=1e-12, atol=1e-12)
                    if op.kind == "dense" or steepest._lib.lib.steepest_operator_lanczos_available():
                        b = op.spectral_norm()
                        self.assertLess(abs(b.lower - l2), 1e-10 * l2, op.kind)
                        self.assertLessEqual(l2, b.upper * (1 + 1e-14))
                        self.assertEqual(b.certified, op.kind != "callback")
                    else:
                        with self.assertRaises(steepest.UnsupportedError):
                            op.spectral_norm()
                    s = op.entry_sums()
                    self.assertAlmostEqual(s["sum_abs"], np.abs(D).sum(), delta=1e-9 * np.abs(D).sum())
                    self.assertAlmostEqual(s["max_abs"], np.abs(D).max(), delta=1e-14)
                    self.assertAlmostEqual(op.rho_diag(), np.abs(np.diag(D)).sum() / np.abs(D).sum(),
                                           delta=1e-12)
                    l1 = op.induced_norm("l1")
                    self.assertTrue(l1.exact)
                    inf = op.induced_norm("linf", mode="bounds")
                    self.assertLessEqual(inf.lower, inf.upper)
                    self.assertLessEqual(inf.upper, np.abs(D).sum() * (1 + 1e-9))

        def test_matmul_only_object_and_errors(self):
            D = random_sparse_symmetric(60, 0.1, 5).toarray()

            class MatMul:
                shape = D.shape

                def __matmul__(self, v):
                    return D @ v

            op = Operator(MatMul())
            self.assertEqual(op.kind, "callback")
            v = np.ones(60)
            np.testing.assert_allclose(op.apply(v), D @ v, rtol=1e-13)

            class Broken:
                shape = (60, 60)

                def matvec(self, v):
                    raise RuntimeError("boom")

            with self.assertRaises(RuntimeError):
                Operator(Broken()).apply(v)
            with self.assertRaises(ValueError):
                Operator(sp.random(3, 4, density=0.5, format="csr"))

        def test_laplacian_maxcut(self):
            # the 8-cycle: maxcut 8, ‖L‖∞,1 = 32, found and certified on CSR
            n = 8
            rows = [i for i in range(n)] + [(i + 1) % n for i in range(n)]
            cols = [(i + 1) % n for i in range(n)] + [i for i in range(n)]
            Adj = sp.csr_matrix((np.ones(2 * n), (rows, cols)), shape=(n, n))
            L = (sp.diags(np.asarray(Adj.sum(axis=1)).ravel()) - Adj).tocsr()
            b = Operator(L).inf1(mode="bounds")
            self.assertTrue(b.certified)
            self.assertAlmostEqual(b.lower, 32.0, delta=1e-9)
            self.assertAlmostEqual(b.upper, 32.0, delta=1e-6)
            p = Operator(L).probes(count=200, seed=3)
            self.assertLess(abs(p["trace"] - 16.0), 6 * p["trace_stderr"] + 1e-12)

    class OperatorForms(unittest.TestCase):
        """The operator forms of the PSD test, L_sep, block norms, Eq. 13 and the
        comparison: dense operators as the dense functions, CSR and LinearOperator
        intervals around NumPy's values."""

        def setUp(self):
            rng = np.random.default_rng(7)
            B = sp.random(60, 60, density=0.05, random_state=rng, format="csr")
            self.A = (B @ B.T + sp.identity(60) * 0.01).tocsr()  # PSD, sparse
            self.D = self.A.toarray()
            self.g = rng.standard_normal(60)
            self.lanczos = bool(steepest._lib.lib.steepest_operator_lanczos_available())

        def test_dense_operator_gives_the_dense_numbers(self):
            op = Operator(self.D)
            p = op.is_psd()
            psd, lmin = steepest.matrix.is_psd(self.D)
            self.assertEqual((p["psd"], p["lambda_min_lower"]), (psd, lmin))
            self.assertTrue(p["certified"])
            self.assertEqual(op.lsep(seed=2).primal, steepest.matrix.lsep(self.D, seed=2).primal)
            self.assertEqual(op.improvement_ratio_bound(self.g)[0],
                             steepest.analysis.improvement_ratio_bound(self.D, self.g))
            b = op.block_induced([20, 20, 20], mode="bounds")
            d = steepest.matrix.block_induced(self.D, [20, 20, 20], mode="bounds")
            self.assertEqual((b.lower, b.upper), (d.lower, d.upper))

        def test_sparse_intervals_contain_numpy(self):
            ev = np.linalg.eigvalsh(self.D)
            ratio = ev[-1] / (np.trace(self.D) / 60)
            for op in (Operator(self.A), Operator(spla.aslinearoperator(self.A))):
                if not self.lanczos:
                    break
                p = op.is_psd()
                self.assertTrue(p["psd"])
                self.assertLessEqual(p["lambda_min_lower"], ev[0] + 1e-10)
                self.assertGreaterEqual(p["lambda_min_upper"], ev[0] - 1e-10)
                r = op.eigen_ratio()
                self.assertTrue(r.certified)
                self.assertLessEqual(r.lower, ratio * (1 + 1e-12))
                self.assertGreaterEqual(r.upper, ratio * (1 - 1e-12))
                self.assertAlmostEqual(r.lower, ratio, delta=1e-9 * ratio)
                bound, exact, cert = op.improvement_ratio_bound(self.g)
                self.assertTrue(cert)
                self.assertLessEqual(bound, steepest.analysis.improvement_ratio_bound(self.D, self.g) * (1 + 1e-12))
                dec, L, exact, cert = op.guaranteed_decrease("linf", self.g, mode="bounds")
                self.assertTrue(cert)
                self.assertAlmostEqual(dec, np.abs(self.g).sum() ** 2 / (2 * L), delta=1e-12 * dec)
                cmp = op.compare_quadratic(self.g, specs=["l2", "l1"])
                self.assertEqual(sorted(e.spec for e in cmp), ["l1", "l2"])
                for e in cmp:
                    if e.spec == "l2":
                        self.assertLessEqual(e.L_lower, max(abs(ev)) * (1 + 1e-12))
                        self.assertGreaterEqual(e.L_upper, max(abs(ev)) * (1 - 1e-12))
            self.assertGreaterEqual(Operator(self.A).lsep().primal, steepest.matrix.lsep(self.D).dual)
            with self.assertRaises(steepest.UnsupportedError):
                Operator(spla.aslinearoperator(self.A)).lsep()
            v, x = Operator(self.A).inf1_local_search(seed=1)
            self.assertAlmostEqual(v, np.abs(self.D @ x).sum(), delta=1e-12 * v)


if __name__ == "__main__":
    unittest.main()
