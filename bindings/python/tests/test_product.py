"""The product norm through the binding: Norm.product from (spec, dim) pairs
and bound Norm objects (Python-defined parts included), the same norm as its
spec string, values against the definition computed here, and errors that
name the part."""
import math
import random
import unittest

import steepest
from support import Close, as_list, l1, l2, linf, sign


class Doubled(steepest.PyNorm):
    """2‖x‖₂: dual ‖z‖₂/2, map z/4 (a part defined in Python)."""
    name = "prodtest_doubled"
    dual_name = "prodtest_doubled_dual"
    summary = "2 ||x||_2"

    def norm(self, x):
        return 2.0 * math.sqrt(sum(v * v for v in x))

    def dual_norm(self, z):
        return 0.5 * math.sqrt(sum(v * v for v in z))

    def duality_map(self, z):
        return [v / 4.0 for v in z]


steepest.register_norm(Doubled)


def product_values(z, parts):
    """‖z‖, ‖z‖* and z♯ of max_i w_i ‖z_i‖ from (kind, dim, weight) triples."""
    norms, duals, dirs, off = [], [], [], 0
    for kind, dim, w in parts:
        zi = z[off:off + dim]
        off += dim
        if kind == "l2":
            n, d = l2(zi), l2(zi)
            s = [v / d for v in zi] if d > 0 else [0.0] * dim
        elif kind == "linf":
            n, d, s = linf(zi), l1(zi), [sign(v) for v in zi]
        elif kind == "l1":
            n, d = l1(zi), linf(zi)
            j = max(range(dim), key=lambda k: abs(zi[k]))
            s = [sign(zi[j]) if k == j else 0.0 for k in range(dim)]
        else:  # Doubled
            n, d = 2 * l2(zi), l2(zi) / 2
            s = [v / (2 * l2(zi)) for v in zi]
        norms.append(w * n)
        duals.append(d / w)
        dirs.append([v / w for v in s])
    D = sum(duals)
    return max(norms), D, [D * v for part in dirs for v in part]


class ProductTest(unittest.TestCase, Close):
    def setUp(self):
        self.rng = random.Random(11)

    def test_pairs_and_spec_string_agree(self):
        p = steepest.Norm.product([("l2", 2), ("linf", 3), ("l1", 2)], weights=[1, 0.5, 2])
        self.assertEqual(p.spec, "product:parts=[l2:dim=2|linf:dim=3|l1:dim=2],weights=1+0.5+2")
        self.assertEqual(p.dim, 7)
        self.assertEqual(p.parts, [("l2", 2, 1.0, 0), ("linf", 3, 0.5, 2), ("l1", 2, 2.0, 5)])
        q = steepest.Norm(p.spec)
        parts = [("l2", 2, 1.0), ("linf", 3, 0.5), ("l1", 2, 2.0)]
        for _ in range(10):
            z = [self.rng.gauss(0, 1) for _ in range(7)]
            n, d, m = product_values(z, parts)
            for norm in (p, q):
                self.assertAlmostEqual(norm.norm(z), n, places=13)
                self.assertAlmostEqual(norm.dual_norm(z), d, places=13)
                got, dual = norm.duality_map(z, with_dual=True)
                self.assertAlmostEqual(dual, d, places=13)
                for a, b in zip(as_list(got), m):
                    self.assertAlmostEqual(a, b, places=12)
                s = as_list(norm.unit_direction(z))
                self.assertAlmostEqual(norm.norm(s), 1.0, places=13)
                self.assertAlmostEqual(sum(a * b for a, b in zip(z, s)), d, places=12)
        self.assertIsNone(q.dim)  # a Norm without dim serves any length its spec allows
        with self.assertRaises(steepest.DimensionError):
            q.norm([1.0] * 6)

    def test_bound_norms_and_python_parts(self):
        a = steepest.Norm("prodtest_doubled", dim=3)
        b = steepest.Norm("linf", dim=2)
        p = steepest.Norm.product([a, b, ("block:size=2", 4)], weights=[0.5, 3, 1])
        self.assertEqual(p.spec, "product:parts=[prodtest_doubled:dim=3|linf:dim=2|block:size=2,dim=4],"
                                 "weights=0.5+3+1")
        same = steepest.Norm(p.spec, dim=9)
        z = [self.rng.gauss(0, 1) for _ in range(9)]
        blocks = [l2(z[5:7]), l2(z[7:9])]
        want = max(0.5 * 2 * l2(z[:3]), 3 * linf(z[3:5]), max(blocks))
        self.assertAlmostEqual(p.norm(z), want, places=13)
        self.assertAlmostEqual(same.norm(z), want, places=13)
        want_dual = l2(z[:3]) / 2 / 0.5 + l1(z[3:5]) / 3 + sum(blocks)
        self.assertAlmostEqual(p.dual_norm(z), want_dual, places=13)
        m = as_list(p.duality_map(z))
        self.assertAlmostEqual(p.norm(m), want_dual, places=12)
        self.assertAlmostEqual(sum(x * y for x, y in zip(z, m)), want_dual ** 2, places=11)

    def test_induced_norm(self):
        p = steepest.Norm.product([("l2", 2), ("l1", 2)], weights=[1, 2])
        H = [[self.rng.gauss(0, 1) for _ in range(4)] for _ in range(4)]
        r = p.induced_norm(H)
        self.assertLessEqual(r.lower, r.upper)
        self.assertGreater(r.lower, 0)

    def test_solver_with_product_norm(self):
        # f(x) = ½ xᵀDx, D = diag(1, 2 | 0.5, 3, 1.5): block-diagonal over the
        # parts, so ‖D‖ = ‖D_1‖₂/1² + ‖D_2‖_{∞,1}/0.5² = 2 + 5/0.25 = 22,
        # exactly; the fixed step 1/L then converges (the paper's Lemma 2).
        d = [1.0, 2.0, 0.5, 3.0, 1.5]

        def fun(x):
            return 0.5 * sum(di * v * v for di, v in zip(d, x)), [di * v for di, v in zip(d, x)]

        spec = "product:parts=[l2:dim=2|linf:dim=3],weights=1+0.5"
        H = [[d[i] if i == j else 0.0 for j in range(5)] for i in range(5)]
        L = steepest.Norm(spec, dim=5).induced_norm(H)
        self.assertTrue(L.exact)
        self.assertAlmostEqual(L.upper, 22.0, places=12)
        for norm in (spec, steepest.Norm.product([("l2", 2), ("linf", 3)], weights=[1, 0.5])):
            res = steepest.minimize(fun, [1.0, -2.0, 0.5, 1.0, -1.0], norm=norm, lipschitz=L.upper,
                                    max_iter=5000, grad_tol=1e-10)
            self.assertLess(max(abs(v) for v in as_list(res.x)), 1e-9)

    def test_errors(self):
        with self.assertRaises(ValueError):
            steepest.Norm.product([])
        with self.assertRaisesRegex(ValueError, "part 1: .* no fixed dimension"):
            steepest.Norm.product([steepest.Norm("l2")])
        with self.assertRaisesRegex(ValueError, "2 parts but 1 weights"):
            steepest.Norm.product([("l2", 1), ("l1", 1)], weights=[1])
        with self.assertRaisesRegex(TypeError, "part 2"):
            steepest.Norm.product([("l2", 1), "l1"])
        with self.assertRaisesRegex(steepest.ParameterError, r"part 1 \(l2\): weight"):
            steepest.Norm.product([("l2", 1)], weights=[0])
        with self.assertRaisesRegex(steepest.UnknownNormError, r"part 2 \(lnf\)"):
            steepest.Norm("product:parts=[l2:dim=1|lnf:dim=1]")
        with self.assertRaisesRegex(steepest.ParameterError, r"part 2 \(lp\): parameter 'p'"):
            steepest.Norm("product:parts=[l2:dim=1|lp:p=0.5,dim=2]", dim=3)
        with self.assertRaisesRegex(steepest.ParameterError, "sum to 3 but the dimension is 4"):
            steepest.Norm("product:parts=[l2:dim=1|l1:dim=2]", dim=4)


if __name__ == "__main__":
    unittest.main()
