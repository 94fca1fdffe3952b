"""steepest.Optimizer against independent NumPy implementations of every
rule's formula (written here, from the published algorithms), the identities
between rules, checkpoints and failures."""
import math
import unittest

import steepest
from support import HAVE_NUMPY, np

STEPS = 200
DIM = 12
# Every built-in norm; the block norm with blocks of 3, 4 and 5.
NORMS = ("l2", "linf", "l1", "block:sizes=3+4+5", "lp:p=3")


# ---- the norms' directions (the paper's Table 1 and the ℓp duality map) -------------

def _dual_and_s(spec, v):
    """(‖v‖*, s(v)) for the built-in norms."""
    if spec == "l2":
        d = math.sqrt(float(np.dot(v, v)))
        return d, (v / d if d > 0 else np.zeros_like(v))
    if spec == "linf":
        return float(np.sum(np.abs(v))), np.sign(v)
    if spec == "l1":
        i = int(np.argmax(np.abs(v)))  # the lowest index of the largest |v_i|
        s = np.zeros_like(v)
        s[i] = np.sign(v[i])
        return float(abs(v[i])), s
    if spec.startswith("block:sizes="):
        sizes = [int(t) for t in spec.split("=")[1].split("+")]
        s = np.zeros_like(v)
        total, lo = 0.0, 0
        for b in sizes:
            nb = math.sqrt(float(np.dot(v[lo:lo + b], v[lo:lo + b])))
            if nb > 0:
                s[lo:lo + b] = v[lo:lo + b] / nb
            total += nb
            lo += b
        return total, s
    if spec.startswith("lp:p="):
        p = float(spec.split("=")[1])
        q = p / (p - 1.0)
        nq = float(np.sum(np.abs(v) ** q)) ** (1.0 / q)
        if nq == 0:
            return 0.0, np.zeros_like(v)
        sharp = nq ** (2.0 - q) * np.sign(v) * np.abs(v) ** (q - 1.0)
        return nq, sharp / nq
    raise ValueError(spec)


def direction(spec, v, scaled):
    dual, s = _dual_and_s(spec, v)
    return dual * s if scaled else s


def compress(spec, p):
    """EF's C(p) = (<p, s>/‖s‖₂²) s."""
    _, s = _dual_and_s(spec, p)
    ss = float(np.dot(s, s))
    return (float(np.dot(p, s)) / ss) * s if ss > 0 else np.zeros_like(p)


# ---- the rules, as the issue states them --------------------------------------------

class Reference:
    """x ← x − lr_t·(u + λx) with the rule's u; state kept in NumPy."""

    def __init__(self, spec, rule, lr, scaled, beta=0.9, tau=0.0, betas=(0.9, 0.999),
                 eps=1e-8, lam=0.0):
        self.spec, self.rule, self.lr, self.scaled = spec, rule, lr, scaled
        self.beta, self.tau, self.b1, self.b2 = beta, tau, betas[0], betas[1]
        self.eps, self.lam = eps, lam
        self.m = np.zeros(DIM)
        self.v = np.zeros(DIM)
        self.t = 0

    def d(self, v):
        return direction(self.spec, v, self.scaled)

    def update(self, x, g):
        lr, lam = self.lr, self.lam
        if self.rule == "sgd":
            u = self.d(g)
        elif self.rule == "momentum":
            self.m = self.beta * self.m + (1 - self.tau) * g
            u = self.d(self.m)
        elif self.rule == "nesterov":
            self.m = self.beta * self.m + (1 - self.tau) * g
            u = self.d((1 - self.tau) * g + self.beta * self.m)
        elif self.rule == "lion":
            c = self.b1 * self.m + (1 - self.b1) * g
            u = self.d(c)
            self.m = self.b2 * self.m + (1 - self.b2) * g
        elif self.rule in ("adam", "adamw"):
            self.m = self.b1 * self.m + (1 - self.b1) * g
            self.v = self.b2 * self.v + (1 - self.b2) * g * g
            mh = self.m / (1 - self.b1 ** (self.t + 1))
            vh = self.v / (1 - self.b2 ** (self.t + 1))
            u = mh / (np.sqrt(vh) + self.eps)
        elif self.rule == "ef":
            p = lr * g + self.m
            delta = compress(self.spec, p)
            self.m = p - delta
            self.t += 1
            return x - delta - lr * lam * x
        self.t += 1
        return x - lr * (u + lam * x)


def rel_err(a, b):
    scale = max(float(np.max(np.abs(b))), 1e-300)
    return float(np.max(np.abs(a - b))) / scale


def gradients(seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((STEPS, DIM)), rng.standard_normal(DIM)


@unittest.skipUnless(HAVE_NUMPY, "NumPy hidden or absent")
class TestAgainstNumPy(unittest.TestCase):
    """Every rule, every built-in norm, both directions, 200 steps, 1e-12."""

    def run_both(self, spec, rule, scaled, opt_kw, ref_kw, seed=0, lr=0.01):
        gs, x0 = gradients(seed)
        opt = steepest.Optimizer(spec, rule=rule, lr=lr,
                                 direction="scaled" if scaled else "normalized", **opt_kw)
        ref = Reference(spec, rule, lr, scaled, **ref_kw)
        x, xr = x0.copy(), x0.copy()
        for t in range(STEPS):
            opt.update(x, gs[t])
            xr = ref.update(xr, gs[t])
            self.assertLess(rel_err(x, xr), 1e-12, "%s %s scaled=%s step %d" % (spec, rule, scaled, t))
        self.assertEqual(opt.step, STEPS)
        state = opt.state_dict()["state"][0]
        if "m" in state:
            self.assertLess(rel_err(state["m"], ref.m), 1e-12)
        if "e" in state:
            self.assertLessEqual(float(np.max(np.abs(state["e"] - ref.m))),
                                 1e-12 * max(1.0, float(np.max(np.abs(ref.m)))))
        if "v" in state:
            self.assertLess(rel_err(state["v"], ref.v), 1e-12)
        return x

    def test_norm_rules(self):
        cases = [
            ("sgd", {}, {}),
            ("sgd", {"weight_decay": 0.1}, {"lam": 0.1}),
            ("momentum", {"momentum": 0.9}, {"beta": 0.9}),
            ("momentum", {"momentum": 0.8, "dampening": 0.3, "weight_decay": 0.05},
             {"beta": 0.8, "tau": 0.3, "lam": 0.05}),
            ("nesterov", {"momentum": 0.9}, {"beta": 0.9}),
            ("nesterov", {"momentum": 0.95, "dampening": 0.95}, {"beta": 0.95, "tau": 0.95}),
            ("lion", {}, {"betas": (0.9, 0.99)}),
            ("lion", {"betas": (0.8, 0.95), "weight_decay": 0.1},
             {"betas": (0.8, 0.95), "lam": 0.1}),
            ("ef", {}, {}),
            ("ef", {"weight_decay": 0.1}, {"lam": 0.1}),
        ]
        for spec in NORMS:
            for scaled in (False, True):
                for rule, okw, rkw in cases:
                    with self.subTest(norm=spec, rule=rule, scaled=scaled, kw=okw):
                        self.run_both(spec, rule, scaled, okw, rkw, seed=len(spec) + len(rule))

    def test_adam_every_norm(self):
        # The norm does not enter Adam; it still runs in each.
        for spec in NORMS:
            for scaled in (False, True):
                with self.subTest(norm=spec, scaled=scaled):
                    self.run_both(spec, "adam", scaled, {}, {"betas": (0.9, 0.999)})
                    self.run_both(spec, "adamw", scaled, {"betas": (0.8, 0.99), "eps": 1e-6},
                                  {"betas": (0.8, 0.99), "eps": 1e-6, "lam": 0.01})

    def test_signum_is_bernstein(self):
        # Bernstein et al. 2018, Alg. 1 (Signum): m_{k+1} = β m_k + (1−β) g_k,
        # x_{k+1} = x_k − δ sign(m_{k+1}).  sign is scale-free, so the
        # momentum rule gives it for dampening τ = β and for τ = 0 alike.
        gs, x0 = gradients(7)
        beta, delta = 0.9, 0.01
        for tau in (0.0, beta):
            opt = steepest.Optimizer("linf", rule="momentum", lr=delta, momentum=beta,
                                     dampening=tau)
            x, xr, m = x0.copy(), x0.copy(), np.zeros(DIM)
            for t in range(STEPS):
                opt.update(x, gs[t])
                m = beta * m + (1 - beta) * gs[t]
                xr = xr - delta * np.sign(m)
            self.assertLess(rel_err(x, xr), 1e-12)

    def test_lion_is_optax(self):
        # optax.lion: c = (1−b1) g + b1 μ; μ ← (1−b2) g + b2 μ;
        # update = −lr (sign(c) + λ x)  (scale_by_lion, add_decayed_weights,
        # scale_by_learning_rate).
        gs, x0 = gradients(8)
        b1, b2, lr, wd = 0.9, 0.99, 1e-3, 1e-3
        opt = steepest.Optimizer("linf", rule="lion", lr=lr, weight_decay=wd)
        x, xr, mu = x0.copy(), x0.copy(), np.zeros(DIM)
        for t in range(STEPS):
            opt.update(x, gs[t])
            c = (1 - b1) * gs[t] + b1 * mu
            mu = (1 - b2) * gs[t] + b2 * mu
            xr = xr + (-lr) * (np.sign(c) + wd * xr)
        self.assertLess(rel_err(x, xr), 1e-12)

    def test_adam_adamw_are_pytorch(self):
        # torch.optim.Adam / AdamW (single-tensor path): step_size = lr/bc1,
        # denom = sqrt(v)/sqrt(bc2) + eps, p -= step_size m/denom; AdamW first
        # p *= 1 − lr λ.
        gs, x0 = gradients(9)
        lr, b1, b2, eps = 1e-2, 0.9, 0.999, 1e-8
        for rule, wd in (("adam", 0.0), ("adamw", 0.01)):
            opt = steepest.Optimizer("linf", rule=rule, lr=lr, weight_decay=wd)
            x, p = x0.copy(), x0.copy()
            m, v = np.zeros(DIM), np.zeros(DIM)
            for t in range(1, STEPS + 1):
                g = gs[t - 1]
                opt.update(x, g)
                p = p * (1 - lr * wd)
                m = b1 * m + (1 - b1) * g
                v = b2 * v + (1 - b2) * g * g
                bc1, bc2 = 1 - b1 ** t, 1 - b2 ** t
                p = p - (lr / bc1) * m / (np.sqrt(v) / math.sqrt(bc2) + eps)
            self.assertLess(rel_err(x, p), 1e-12, rule)

    def test_muon_momentum(self):
        # torch.optim.Muon: buf.lerp_(g, 1−μ); update = g.lerp_(buf, μ), i.e.
        # nesterov with τ = β = μ, taking the direction of the result.
        gs, x0 = gradients(10)
        mu, lr = 0.95, 0.02
        opt = steepest.Optimizer("l2", rule="nesterov", lr=lr, momentum=mu, dampening=mu)
        x, xr, buf = x0.copy(), x0.copy(), np.zeros(DIM)
        for t in range(STEPS):
            opt.update(x, gs[t])
            buf = buf + (1 - mu) * (gs[t] - buf)
            upd = gs[t] + mu * (buf - gs[t])
            xr = xr - lr * upd / np.linalg.norm(upd)
        self.assertLess(rel_err(x, xr), 1e-12)

    def test_schedules(self):
        gs, x0 = gradients(11)
        lr = 0.1
        cases = [
            (None, lambda t: 1.0),
            ("inv_sqrt", lambda t: 1 / math.sqrt(t + 1)),
            (("geometric", 0.97), lambda t: 0.97 ** t),
            (("step", 30, 0.5), lambda t: 0.5 ** (t // 30)),
            (("cosine", 20, 150, 0.1),
             lambda t: (t + 1) / 20 if t < 20 else
             0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, (t - 20) / 130)))),
        ]
        for schedule, factor in cases:
            with self.subTest(schedule=schedule):
                opt = steepest.Optimizer("linf", rule="sgd", lr=lr, schedule=schedule)
                x, xr = x0.copy(), x0.copy()
                for t in range(STEPS):
                    opt.update(x, gs[t])
                    self.assertTrue(math.isclose(opt.last_lr, lr * factor(t), rel_tol=1e-14))
                    self.assertTrue(math.isclose(opt.lr_at(t), lr * factor(t), rel_tol=1e-14))
                    xr = xr - lr * factor(t) * np.sign(gs[t])
                self.assertLess(rel_err(x, xr), 1e-12)

    def test_getters(self):
        gs, x0 = gradients(12)
        for spec in NORMS:
            for scaled in (False, True):
                opt = steepest.Optimizer(spec, rule="momentum", lr=0.05,
                                         direction="scaled" if scaled else "normalized")
                self.assertIsNone(opt.grad_norm)
                x = x0.copy()
                m = np.zeros(DIM)
                for t in range(5):
                    before = x.copy()
                    opt.update(x, gs[t])
                    m = 0.9 * m + gs[t]
                    gd, _ = _dual_and_s(spec, gs[t])
                    md, _ = _dual_and_s(spec, m)
                    self.assertTrue(math.isclose(opt.grad_norm, gd, rel_tol=1e-12))
                    want = 0.05 * md if scaled else 0.05
                    self.assertTrue(math.isclose(opt.step_norm, want, rel_tol=1e-12))
                    # the step length is the norm of the move (no weight decay)
                    moved = steepest.Norm(spec, dim=DIM).norm(before - x)
                    self.assertTrue(math.isclose(moved, want, rel_tol=1e-9), (spec, moved, want))


@unittest.skipUnless(HAVE_NUMPY, "NumPy hidden or absent")
class TestIdentities(unittest.TestCase):

    def test_adam_beta0_eps0_is_sign_step(self):
        gs, x0 = gradients(20)
        a = steepest.Optimizer("linf", rule="adam", lr=0.01, betas=(0.0, 0.0), eps=0.0)
        s = steepest.Optimizer("linf", rule="sgd", lr=0.01)
        x, y = x0.copy(), x0.copy()
        for t in range(STEPS):
            a.update(x, gs[t])
            s.update(y, gs[t])
        self.assertTrue(np.array_equal(x, y))  # bit for bit: sqrt(g²) = |g|

    def test_adam_zero_gradient_stays_finite(self):
        # ε = 0 and g_i = 0 from the start: 0/0 counts as 0 (sign(0) = 0)
        a = steepest.Optimizer("linf", rule="adam", lr=0.01, betas=(0.0, 0.0), eps=0.0)
        x = np.ones(3)
        a.update(x, np.array([0.0, 1.0, -2.0]))
        self.assertTrue(np.array_equal(x, [1.0, 0.99, 1.01]))

    def test_ef_l2_is_sgd_l2(self):
        gs, x0 = gradients(21)
        e = steepest.Optimizer("l2", rule="ef", lr=0.05)
        s = steepest.Optimizer("l2", rule="sgd", lr=0.05, direction="scaled")
        x, y = x0.copy(), x0.copy()
        for t in range(STEPS):
            e.update(x, gs[t])
            s.update(y, gs[t])
        self.assertLess(rel_err(x, y), 1e-12)
        self.assertLess(float(np.max(np.abs(e.state_dict()["state"][0]["e"]))), 1e-14)

    def test_nesterov_beta0_is_sgd(self):
        gs, x0 = gradients(22)
        for spec in NORMS:
            for direction in ("normalized", "scaled"):
                n = steepest.Optimizer(spec, rule="nesterov", lr=0.05, momentum=0.0,
                                       direction=direction)
                s = steepest.Optimizer(spec, rule="sgd", lr=0.05, direction=direction)
                x, y = x0.copy(), x0.copy()
                for t in range(STEPS):
                    n.update(x, gs[t])
                    s.update(y, gs[t])
                self.assertTrue(np.array_equal(x, y), (spec, direction))

    def test_ef_linf_compressor_is_scaled_sign(self):
        rng = np.random.default_rng(23)
        p = rng.standard_normal(DIM)
        opt = steepest.Optimizer("linf", rule="ef", lr=1.0)
        x = np.zeros(DIM)
        opt.update(x, p)
        want = -(np.sum(np.abs(p)) / DIM) * np.sign(p)
        self.assertLess(rel_err(x, want), 1e-14)
        # ℓ1: top-1 sparsification
        opt = steepest.Optimizer("l1", rule="ef", lr=1.0)
        x = np.zeros(DIM)
        opt.update(x, p)
        i = int(np.argmax(np.abs(p)))
        want = np.zeros(DIM)
        want[i] = -p[i]
        self.assertTrue(np.array_equal(x, want))


def _vec(values):
    import array
    return np.array(values, dtype=float) if HAVE_NUMPY else array.array("d", values)


class TestCheckpoints(unittest.TestCase):

    def _run(self, opt, x, k0, k1):
        import random
        for t in range(k0, k1):
            r = random.Random(t)
            g = _vec([r.uniform(-1, 1) for _ in range(len(x))])
            opt.update(x, g)

    def test_resume_is_bit_identical(self):
        for rule in ("momentum", "nesterov", "lion", "adam", "adamw", "ef", "sgd"):
            with self.subTest(rule=rule):
                kw = dict(rule=rule, lr=0.01, schedule=("cosine", 5, 40, 0.1))
                a = steepest.Optimizer("linf", **kw)
                x = _vec([0.5] * 6)
                self._run(a, x, 0, 40)
                b = steepest.Optimizer("linf", **kw)
                y = _vec([0.5] * 6)
                self._run(b, y, 0, 17)
                saved = b.state_dict()
                yk = _vec(list(y))
                c = steepest.Optimizer("linf")  # other settings: the dict brings them
                c.load_state_dict(saved)
                self.assertEqual(c.step, 17)
                self._run(c, yk, 17, 40)
                self.assertEqual(list(x), list(yk))

    def test_foreign_and_corrupted_refused(self):
        a = steepest.Optimizer("linf", rule="momentum", lr=0.1)
        x = _vec([1.0, 2.0, 3.0])
        a.update(x, _vec([1.0, -1.0, 0.5]))
        raw = a.state_bytes()
        before = a.state_bytes()

        def refused(blob, why):
            sd = a.state_dict()
            sd["state"][0]["raw"] = blob
            with self.assertRaises(steepest.FormatError) as cm:
                a.load_state_dict(sd)
            self.assertIn(why, str(cm.exception))
            self.assertEqual(a.state_bytes(), before)

        flipped = bytearray(raw)
        flipped[70] ^= 1
        refused(bytes(flipped), "checksum")
        refused(raw[:-1], "bytes")
        refused(b"NOTSTATE" + raw[8:], "not an optimizer state")
        version = bytearray(raw)
        version[12] = 9
        refused(bytes(version), "format version 9")
        tag = bytearray(raw)
        tag[8:12] = tag[8:12][::-1]
        refused(bytes(tag), "byte order")
        # another dimension and another rule
        other = steepest.Optimizer("linf", rule="momentum", lr=0.1)
        other.update(_vec([0.0] * 4), _vec([1.0] * 4))
        refused(other.state_bytes(), "dimension 4")
        other = steepest.Optimizer("linf", rule="adam", lr=0.1)
        other.update(_vec([0.0] * 3), _vec([1.0] * 3))
        refused(other.state_bytes(), "rule adam")

    def test_reset(self):
        a = steepest.Optimizer("linf", rule="adam", lr=0.1)
        x = _vec([1.0, 2.0])
        a.update(x, _vec([1.0, -1.0]))
        a.reset()
        self.assertEqual(a.step, 0)
        self.assertIsNone(a.last_lr)
        fresh = steepest.Optimizer("linf", rule="adam", lr=0.1)
        fresh.update(_vec([1.0, 2.0]), _vec([0.0, 0.0]))
        fresh.reset()
        self.assertEqual(a.state_bytes(), fresh.state_bytes())


class TestFailures(unittest.TestCase):

    def test_non_finite_gradient(self):
        for rule in ("sgd", "momentum", "nesterov", "lion", "adam", "adamw", "ef"):
            for spec in NORMS:
                with self.subTest(rule=rule, norm=spec):
                    a = steepest.Optimizer(spec, rule=rule, lr=0.1)
                    x = _vec([float(i) / 7 for i in range(DIM)])
                    a.update(x, _vec([1.0] * DIM))
                    x_before, s_before = list(x), a.state_bytes()
                    for bad in (float("nan"), float("inf"), -float("inf")):
                        g = _vec([0.5] * DIM)
                        g[5] = bad
                        g[9] = float("nan")
                        with self.assertRaises(steepest.NotFiniteError) as cm:
                            a.update(x, g)
                        self.assertIn("g[5]", str(cm.exception))
                        self.assertEqual(list(x), x_before)
                        self.assertEqual(a.state_bytes(), s_before)

    def test_hyperparameters_out_of_range(self):
        bad = [
            ({"lr": 0.0}, "lr"), ({"lr": -1.0}, "lr"), ({"lr": float("inf")}, "lr"),
            ({"lr": float("nan")}, "lr"),
            ({"momentum": 1.0}, "beta"), ({"momentum": -0.1}, "beta"),
            ({"momentum": float("nan")}, "beta"),
            ({"dampening": 1.5}, "dampening"), ({"dampening": -0.5}, "dampening"),
            ({"betas": (1.0, 0.9)}, "beta1"), ({"betas": (0.9, 1.0)}, "beta2"),
            ({"betas": (-0.1, 0.9)}, "beta1"), ({"betas": (0.9, float("nan"))}, "beta2"),
            ({"eps": -1e-8}, "eps"), ({"eps": float("inf")}, "eps"),
            ({"weight_decay": -0.1}, "weight_decay"),
            ({"weight_decay": float("inf")}, "weight_decay"),
            ({"rule": "adam", "weight_decay": 0.1}, "adamw"),
            ({"schedule": ("geometric", 0.0)}, "gamma"), ({"schedule": ("geometric", 1.5)}, "gamma"),
            ({"schedule": ("step", 0, 0.5)}, "every"), ({"schedule": ("step", 10, 0.0)}, "gamma"),
            ({"schedule": ("cosine", 10, 10, 0.1)}, "warmup"),
            ({"schedule": ("cosine", 0, 10, 1.5)}, "final_fraction"),
        ]
        for kw, name in bad:
            for dim in (None, 4):
                with self.subTest(kw=kw, dim=dim):
                    with self.assertRaises(steepest.ParameterError) as cm:
                        steepest.Optimizer(steepest.Norm("linf", dim=dim), **kw)
                    self.assertIn(name, str(cm.exception))

    def test_setter_refusal_keeps_value(self):
        a = steepest.Optimizer(steepest.Norm("linf", dim=2), lr=0.5)
        with self.assertRaises(steepest.ParameterError):
            a.lr = -1
        self.assertEqual(a.lr, 0.5)
        x = _vec([0.0, 0.0])
        a.update(x, _vec([1.0, -1.0]))
        self.assertEqual(list(x), [-0.5, 0.5])

    def test_binds_on_first_update(self):
        a = steepest.Optimizer("linf", rule="momentum", lr=0.1)
        self.assertEqual(a.step, 0)
        x = _vec([0.0, 0.0, 0.0])
        a.update(x, _vec([1.0, -2.0, 0.0]))
        self.assertEqual(a.norm.dim, 3)
        with self.assertRaises(steepest.DimensionError):
            a.update(_vec([0.0] * 4), _vec([1.0] * 4))
        with self.assertRaises(ValueError):
            a.update(x, _vec([1.0] * 2))

    def test_readonly_x_refused(self):
        if not HAVE_NUMPY:
            self.skipTest("NumPy hidden or absent")
        x = np.zeros(3)
        x.flags.writeable = False
        with self.assertRaises(ValueError):
            steepest.Optimizer("linf").update(x, np.ones(3))

    def test_unknown_names(self):
        with self.assertRaises(ValueError):
            steepest.Optimizer("linf", rule="rmsprop")
        with self.assertRaises(ValueError):
            steepest.Optimizer("linf", direction="sideways")
        with self.assertRaises(ValueError):
            steepest.Optimizer("linf", schedule="linear")


@unittest.skipUnless(HAVE_NUMPY, "NumPy hidden or absent")
class TestZeroCopy(unittest.TestCase):

    def test_numpy_view_updated_in_place(self):
        base = np.zeros(8)
        view = base[2:6]  # a contiguous view: the update lands in base
        steepest.Optimizer("linf", lr=0.25).update(view, np.array([1.0, -1.0, 2.0, 0.0]))
        self.assertEqual(list(base), [0, 0, -0.25, 0.25, -0.25, 0, 0, 0])


if __name__ == "__main__":
    unittest.main()
