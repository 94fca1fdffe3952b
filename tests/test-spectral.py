"""The spectral plugin against independent NumPy computations.

`test-spectral.py STEEPEST_TOOL`: imports the binding from the source tree
(STEEPEST_BUILD_LIBRARY and STEEPEST_PLUGIN_PATH name the build), needs NumPy
and SciPy (Debian's /usr/bin/python3 has both).

- svd: norm, dual, map and unit direction against numpy.linalg.svd for
  square, tall, wide, rank-deficient and zero matrices, every scale, and the
  Lemma 3 identities.
- ns5: against a NumPy transcription of torch.optim.Muon's Newton–Schulz loop
  (float64), to 1e-13; its singular values against the scalar composition
  p∘p∘p∘p∘p(σ/‖Z‖_F) that the loop applies to each singular value.
- polar-express: against Algorithm 1 of Amsel et al. 2025 with the
  coefficient table as published, to 1e-13, and likewise the scalar map.
- the direction error, the induced-norm bounds against brute force on tiny
  cases, NaN/Inf, the binding's 2-D arrays, `steepest norms`.
"""
import os
import subprocess
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(here), "bindings", "python"))

import numpy as np  # noqa: E402
from scipy.optimize import minimize  # noqa: E402

import steepest  # noqa: E402

TOOL = None

# ---- independent references -------------------------------------------------------------

NS5 = (3.4445, -4.7750, 2.0315)

# The Polar Express, Amsel, Persson, Musco, Gower 2025 (arXiv:2505.16932),
# Algorithm 1: the published list, then its safety factor (all but the last).
PE_PUBLISHED = [
    (8.28721201814563, -23.595886519098837, 17.300387312530933),
    (4.107059111542203, -2.9478499167379106, 0.5448431082926601),
    (3.9486908534822946, -2.908902115962949, 0.5518191394370137),
    (3.3184196573706015, -2.488488024314874, 0.51004894012372),
    (2.300652019954817, -1.6689039845747493, 0.4188073119525673),
    (1.891301407787398, -1.2679958271945868, 0.37680408948524835),
    (1.8750014808534479, -1.2500016453999487, 0.3750001645474248),
    (1.875, -1.25, 0.375),
]
PE = [(a / 1.01, b / 1.01**3, c / 1.01**5) for (a, b, c) in PE_PUBLISHED[:-1]] + [PE_PUBLISHED[-1]]


def kappa_of(scale, R, C):
    return {"none": 1.0, "muon": np.sqrt(max(1.0, R / C)), "rms": np.sqrt(R / C)}.get(scale) \
        or float(scale)


def ns5_numpy(G, steps=5, eps=1e-7):
    """torch.optim.Muon's _zeropower_via_newtonschulz in float64."""
    X = np.array(G, dtype=np.float64)
    tall = X.shape[0] > X.shape[1]
    if tall:
        X = X.T
    X = X / max(np.linalg.norm(X), eps)
    a, b, c = NS5
    for _ in range(steps):
        A = X @ X.T
        B = b * A + c * (A @ A)
        X = a * X + B @ X
    return X.T if tall else X


def polar_express_numpy(G, steps=5):
    """Algorithm 1 of the Polar Express paper in float64."""
    X = np.array(G, dtype=np.float64)
    tall = X.shape[0] > X.shape[1]
    if tall:
        X = X.T
    X = X / (np.linalg.norm(X) * 1.01 + 1e-7)
    for a, b, c in PE[:steps]:
        A = X @ X.T
        B = b * A + c * (A @ A)
        X = a * X + B @ X
    return X.T if tall else X


def scalar_map(x, schedule):
    for a, b, c in schedule:
        x = a * x + b * x**3 + c * x**5
    return x


def polar_numpy(Z):
    U, s, Vt = np.linalg.svd(Z, full_matrices=False)
    k = int(np.sum(s > max(Z.shape) * np.finfo(float).eps * (s[0] if s.size else 0)))
    return U[:, :k] @ Vt[:k], s


def rand(rng, R, C, rank=None):
    rank = min(R, C) if rank is None else rank
    return rng.standard_normal((R, rank)) @ rng.standard_normal((rank, C))


def spec(R, C, **kw):
    return "spectral:rows=%d,cols=%d" % (R, C) + "".join(",%s=%s" % kv for kv in kw.items())


SHAPES = [(5, 5, None), (9, 4, None), (4, 9, None), (8, 6, 2), (3, 7, 1), (1, 6, None), (6, 1, None),
          (30, 17, None)]


class SvdTest(unittest.TestCase):
    def setUp(self):
        self.rng = np.random.default_rng(11)

    def test_against_numpy_svd(self):
        for R, C, rank in SHAPES:
            for scale in ("none", "muon", "rms", "0.37"):
                N = steepest.Norm(spec(R, C, scale=scale))
                k = kappa_of(scale, R, C)
                for _ in range(3):
                    Z = rand(self.rng, R, C, rank)
                    P, s = polar_numpy(Z)
                    tol = 1e-12 * s[0] * min(R, C)
                    with self.subTest(R=R, C=C, rank=rank, scale=scale):
                        self.assertAlmostEqual(N.norm(Z), s[0] / k, delta=tol / k)
                        self.assertAlmostEqual(N.dual_norm(Z), k * s.sum(), delta=k * tol)
                        S, ds = N.unit_direction(Z, with_dual=True)
                        self.assertEqual(S.shape, (R, C))
                        np.testing.assert_allclose(S, k * P, atol=1e-11 * k)
                        M, dm = N.duality_map(Z, with_dual=True)
                        np.testing.assert_allclose(M, k * s.sum() * k * P, atol=1e-11 * k * k * s.sum())
                        self.assertAlmostEqual(ds, k * s.sum(), delta=k * tol)
                        self.assertEqual(ds, dm)
                        # Lemma 3: <z, s> = ‖z‖*, ‖s‖ = 1, ‖z♯‖ = ‖z‖*, <z, z♯> = ‖z♯‖².
                        dual = k * s.sum()
                        self.assertAlmostEqual(np.sum(Z * S), dual, delta=1e-12 * dual)
                        self.assertAlmostEqual(np.linalg.norm(S, 2) / k, 1.0, delta=1e-12)
                        self.assertAlmostEqual(np.linalg.norm(M, 2) / k, dual, delta=1e-12 * dual)
                        self.assertAlmostEqual(np.sum(Z * M), dual**2, delta=1e-12 * dual**2)
                        self.assertLess(N.direction_error(Z), 1e-12)

    def test_rank_deficient_gets_zero_directions(self):
        # Rank 2 of 6 columns: s(Z) has exactly two unit singular values and
        # annihilates the null space of Z.
        Z = rand(self.rng, 8, 6, 2)
        S = steepest.Norm(spec(8, 6)).unit_direction(Z)
        sv = np.linalg.svd(S, compute_uv=False)
        np.testing.assert_allclose(sv, [1, 1, 0, 0, 0, 0], atol=1e-12)
        _, _, Vt = np.linalg.svd(Z)
        self.assertLess(np.abs(S @ Vt[2:].T).max(), 1e-12)

    def test_zero(self):
        for polar in ("svd", "ns5", "polar-express"):
            N = steepest.Norm(spec(4, 3, polar=polar))
            Z = np.zeros((4, 3))
            self.assertEqual(N.norm(Z), 0.0)
            self.assertEqual(N.dual_norm(Z), 0.0)
            self.assertEqual(np.abs(N.unit_direction(Z)).max(), 0.0)
            self.assertEqual(np.abs(N.duality_map(Z)).max(), 0.0)
            self.assertEqual(N.direction_error(Z), 0.0)

    def test_nan_and_inf(self):
        for polar in ("svd", "ns5"):
            N = steepest.Norm(spec(4, 3, polar=polar))
            for bad in (np.nan, np.inf):
                Z = self.rng.standard_normal((4, 3))
                Z[2, 1] = bad
                for f in (N.norm, N.dual_norm, N.unit_direction, N.duality_map, N.direction_error):
                    with self.assertRaises(steepest.NotFiniteError) as cm:
                        f(Z)
                    self.assertIn("[7]", str(cm.exception))


class IterationTest(unittest.TestCase):
    def setUp(self):
        self.rng = np.random.default_rng(5)

    def check_mode(self, polar, reference, schedule):
        for R, C, rank in SHAPES + [(64, 16, None), (16, 64, None)]:
            for scale in ("none", "muon"):
                N = steepest.Norm(spec(R, C, polar=polar, scale=scale))
                k = kappa_of(scale, R, C)
                Z = rand(self.rng, R, C, rank) * 10.0 ** self.rng.integers(-3, 4)
                with self.subTest(polar=polar, R=R, C=C, scale=scale):
                    S, ds = N.unit_direction(Z, with_dual=True)
                    want = k * reference(Z)
                    np.testing.assert_allclose(S, want, rtol=0, atol=1e-13 * k)
                    self.assertAlmostEqual(ds, np.sum(Z * S), delta=1e-12 * abs(ds))
                    # Each singular value σ goes to κ p(σ / denominator).
                    s = np.linalg.svd(Z, compute_uv=False)
                    denom = max(np.linalg.norm(Z), 1e-7) if polar == "ns5" \
                        else np.linalg.norm(Z) * 1.01 + 1e-7
                    mapped = np.sort(k * scalar_map(s / denom, schedule))[::-1]
                    np.testing.assert_allclose(np.linalg.svd(S, compute_uv=False), mapped, atol=1e-12 * k)
                    # The reported error is max |σ_i(s)/κ − 1| over the rank of Z.
                    rk = int(np.sum(s > max(R, C) * np.finfo(float).eps * s[0]))
                    sv = np.linalg.svd(S, compute_uv=False) / k
                    err = max(np.abs(sv[:rk] - 1).max(), sv[rk:].max() if rk < sv.size else 0)
                    self.assertAlmostEqual(N.direction_error(Z), err, delta=1e-12)
                    # Lemma 3, approximately: within the error.
                    dual = N.dual_norm(Z)
                    self.assertLessEqual(abs(ds - dual), err * dual * (1 + 1e-12))
                    self.assertLessEqual(abs(N.norm(S) - 1), err + 1e-12)

    def test_ns5_matches_muon_loop(self):
        self.check_mode("ns5", ns5_numpy, [NS5] * 5)

    def test_polar_express_matches_algorithm_1(self):
        self.check_mode("polar-express", polar_express_numpy, PE[:5])

    def test_published_schedule_behaviour(self):
        # The paper's schedule is built for singular values in [1e-3, 1]:
        # after five steps ns5 keeps them in Jordan's ~[0.68, 1.13] band only
        # for well-conditioned inputs, the Polar Express is closer to 1 there.
        x = np.geomspace(0.05, 1.0, 400)
        e_ns5 = np.abs(scalar_map(x, [NS5] * 5) - 1).max()
        e_pe = np.abs(scalar_map(x, PE[:5]) - 1).max()
        self.assertLess(e_pe, e_ns5)
        self.assertLess(e_ns5, 0.35)


class InducedTest(unittest.TestCase):
    @staticmethod
    def stiefel(angles, R, C):
        """Semi-orthogonal R x C matrices (min(R, C) = 2, max <= 3) from angles,
        vectorized over the leading axis: 2 x 2 by (θ, reflection), else the
        first two rows of the rotation with Euler angles (α, β, γ); every
        orthonormal pair of rows completes to a rotation, so all are reached."""
        a = np.atleast_2d(angles)
        if (R, C) == (2, 2):
            c, s, f = np.cos(a[:, 0]), np.sin(a[:, 0]), np.where(a[:, 1] > 0, 1.0, -1.0)
            return np.stack([c, -s * f, s, c * f], axis=1)
        ca, sa, cb, sb, cg, sg = (np.cos(a[:, 0]), np.sin(a[:, 0]), np.cos(a[:, 1]), np.sin(a[:, 1]),
                                  np.cos(a[:, 2]), np.sin(a[:, 2]))
        row1 = np.stack([ca * cb, ca * sb * sg - sa * cg, ca * sb * cg + sa * sg], axis=1)
        row2 = np.stack([sa * cb, sa * sb * sg + ca * cg, sa * sb * cg - ca * sg], axis=1)
        Q = np.stack([row1, row2], axis=1)  # (m, 2, 3)
        return (Q if R == 2 else np.transpose(Q, (0, 2, 1))).reshape(len(a), -1)

    def brute(self, H, R, C):
        """max over semi-orthogonal Q of ‖H vec(Q)‖_nuc, the extreme points of
        the unit spectral ball where the convex objective peaks: a dense grid
        of angles, then Nelder–Mead from the best few.  For matrices with two
        singular values ‖M‖_nuc = sqrt(‖M‖_F² + 2 sqrt(det(M Mᵀ)))."""
        def nuc(Qflat):
            M = (Qflat @ H.T).reshape(-1, R, C)
            G = M @ np.transpose(M, (0, 2, 1)) if R == 2 else np.transpose(M, (0, 2, 1)) @ M
            det = np.maximum(G[:, 0, 0] * G[:, 1, 1] - G[:, 0, 1] * G[:, 1, 0], 0.0)
            return np.sqrt(np.trace(G, axis1=1, axis2=2) + 2 * np.sqrt(det))

        if (R, C) == (2, 2):
            t = np.linspace(0, 2 * np.pi, 20001)
            grid = np.concatenate([np.stack([t, np.ones_like(t)], 1), np.stack([t, -np.ones_like(t)], 1)])
        else:
            t = np.linspace(0, 2 * np.pi, 61)
            grid = np.stack(np.meshgrid(t, t[:31], t, indexing="ij"), -1).reshape(-1, 3)
        vals = nuc(self.stiefel(grid, R, C))
        best = vals.max()
        for i in np.argsort(vals)[-3:]:
            x0 = grid[i]
            free = x0[:1] if (R, C) == (2, 2) else x0

            def f(x, x0=x0):
                full = np.concatenate([x, x0[1:]]) if (R, C) == (2, 2) else x
                return -nuc(self.stiefel(full, R, C))[0]
            res = minimize(f, free, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-14,
                                                                   "maxiter": 1500})
            best = max(best, -res.fun)
        return best

    def test_bounds_bracket_brute_force(self):
        rng = np.random.default_rng(3)
        tighter = 0
        for R, C in ((2, 2), (2, 3), (3, 2)):
            for trial in range(3):
                n = R * C
                H = rng.standard_normal((n, n))
                if trial == 1:
                    H = H @ H.T  # symmetric PSD, a Hessian
                if trial == 2:  # block diagonal by rows: bound (c) is the sum of the blocks
                    H = np.kron(np.eye(R), rng.standard_normal((C, C)))
                brute = self.brute(H, R, C)
                for scale in ("none", "rms"):
                    N = steepest.Norm(spec(R, C, scale=scale))
                    k2 = kappa_of(scale, R, C) ** 2
                    r = N.induced_norm(H, mode="bounds")
                    b = k2 * brute
                    with self.subTest(R=R, C=C, trial=trial, scale=scale):
                        self.assertLessEqual(r.lower, b * (1 + 1e-8))
                        self.assertLessEqual(b, r.upper * (1 + 1e-9))
                        h2 = np.linalg.norm(H, 2)
                        self.assertGreaterEqual(r.lower, k2 * h2 * (1 - 1e-12))
                        self.assertLessEqual(r.upper, k2 * min(R, C) * h2 * (1 + 1e-12))
                        # the local search finds the brute-force value on these tiny cases
                        self.assertAlmostEqual(r.lower, b, delta=1e-6 * b)
                        tighter += r.upper < k2 * min(R, C) * h2 * (1 - 1e-6)
        self.assertGreater(tighter, 0)  # the tightened bounds do better somewhere

    def test_vector_shape_is_exact(self):
        rng = np.random.default_rng(4)
        H = rng.standard_normal((5, 5))
        r = steepest.Norm(spec(1, 5, scale="3")).induced_norm(H)
        self.assertTrue(r.exact)
        self.assertAlmostEqual(r.lower, 9 * np.linalg.norm(H, 2), delta=1e-12 * r.lower)


class BindingTest(unittest.TestCase):
    def test_flat_and_2d_arrays(self):
        rng = np.random.default_rng(8)
        Z = rng.standard_normal((4, 3))
        N = steepest.Norm("spectral:rows=4,cols=3")
        self.assertEqual(N.matrix_shape, (4, 3))
        flat = Z.reshape(-1)
        self.assertEqual(N.unit_direction(flat).shape, (12,))
        self.assertEqual(N.duality_map(Z).shape, (4, 3))
        np.testing.assert_array_equal(N.unit_direction(Z).reshape(-1), N.unit_direction(flat))
        self.assertEqual(N.norm(Z), N.norm(flat))
        # no copy: the flat view the C call reads is Z's memory, and out= of
        # shape (4, 3) is written in place
        view, shape = N._flat(Z, "z")
        self.assertTrue(np.shares_memory(view, Z))
        self.assertEqual(shape, (4, 3))
        out = np.zeros((4, 3))
        self.assertIs(N.unit_direction(Z, out=out), out)
        np.testing.assert_array_equal(out, N.unit_direction(Z))
        x = rng.standard_normal((4, 3))
        self.assertEqual(N.step_normalized(x, Z, 0.1).shape, (4, 3))
        np.testing.assert_allclose(N.step_normalized(x, Z, 0.1), x - 0.1 * N.unit_direction(Z))

    def test_wrong_arrays_are_refused(self):
        N = steepest.Norm("spectral:rows=4,cols=3")
        Z = np.ones((4, 3))
        with self.assertRaises(ValueError):
            N.norm(np.ones((3, 4)))
        with self.assertRaises(ValueError):
            N.norm(np.ones((3, 4)).T)  # (4, 3) but not C-contiguous
        with self.assertRaises(TypeError):
            N.norm(Z.astype(np.float32))
        with self.assertRaises(ValueError):
            steepest.Norm("l2").norm(Z)
        with self.assertRaises(steepest.DimensionError):
            steepest.Norm("spectral:rows=4,cols=3").norm(np.ones(11))

    def test_param_listing(self):
        info = steepest.Norm("spectral:rows=2,cols=2").info
        types = {p.name: p.type for p in info.params}
        self.assertEqual(types, {"rows": "int", "cols": "int", "polar": "string", "scale": "string"})


def muon_numpy(W0, grad_fn, steps, lr, weight_decay, momentum=0.95, eps=1e-7):
    """torch.optim.Muon's update (nesterov=True, adjust_lr_fn "original"),
    transcribed in float64 NumPy:
        buf.lerp_(g, 1 − μ);  u = g.lerp(buf, μ);  O = NS5(u)
        W ← W (1 − lr·λ);  W ← W − lr·√max(1, R/C) · O."""
    W = W0.copy()
    buf = np.zeros_like(W)
    R, C = W.shape
    adjusted = lr * max(1.0, R / C) ** 0.5
    for t in range(steps):
        g = grad_fn(W, t)
        buf = buf + (1 - momentum) * (g - buf)  # lerp(buf, g, 1 − μ)
        u = g + momentum * (buf - g)  # lerp(g, buf, μ)
        O = ns5_numpy(u, eps=eps)
        W = W * (1 - lr * weight_decay)
        W = W - adjusted * O
    return W


class MuonTest(unittest.TestCase):
    """Muon end to end: the optimizer's nesterov rule with τ = β = 0.95, the
    normalized direction, spectral:…,polar=ns5,scale=muon, against
    muon_numpy over 50 steps of a noisy least-squares problem, to 1e-12."""

    def run_both(self, R, C, lr, wd, seed):
        rng = np.random.default_rng(seed)
        A = rng.standard_normal((R, R)) / np.sqrt(R)
        T = rng.standard_normal((R, C))
        noise = rng.standard_normal((50, R, C)) * 0.1

        def grad(W, t):  # ∇ ½‖A W − T‖_F² plus a fixed noise sequence
            return A.T @ (A @ W - T) + noise[t]

        W0 = rng.standard_normal((R, C))
        want = muon_numpy(W0, grad, 50, lr, wd)
        opt = steepest.Optimizer("spectral:rows=%d,cols=%d,polar=ns5,scale=muon" % (R, C),
                                 rule="nesterov", lr=lr, momentum=0.95, dampening=0.95,
                                 direction="normalized", weight_decay=wd)
        w = W0.copy()
        for t in range(50):
            if t % 2:  # flat vectors and (R, C) arrays, both updated in place
                self.assertIs(opt.update(w, grad(w, t)), w)
            else:
                opt.update(w.reshape(-1), grad(w, t).reshape(-1))
        return w, want, W0

    def test_matches_torch_muon_update(self):
        for (R, C), lr, wd in (((8, 4), 0.02, 0.1), ((4, 8), 0.05, 0.0), ((6, 6), 0.01, 0.1),
                               ((32, 16), 0.02, 0.01)):
            with self.subTest(R=R, C=C, lr=lr, wd=wd):
                got, want, W0 = self.run_both(R, C, lr, wd, seed=R * 100 + C)
                self.assertGreater(np.abs(want - W0).max(), 0.1)  # it moved
                np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


class CliTest(unittest.TestCase):
    def test_steepest_norms_lists_spectral(self):
        out = subprocess.run([TOOL, "norms"], capture_output=True, text=True, check=True).stdout
        self.assertIn("spectral  (dual: nuclear)", out)
        self.assertIn("parameter polar (string, default svd", out)
        out = subprocess.run([TOOL, "norms", "--spec", "spectral:rows=32,cols=16,polar=ns5"],
                             capture_output=True, text=True, check=True).stdout
        self.assertIn("direction error", out)


if __name__ == "__main__":
    TOOL = sys.argv.pop(1)
    unittest.main(verbosity=2)
