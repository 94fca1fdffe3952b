#!/usr/bin/env python3
"""Figure 3 of Balles, Pedregosa & Le Roux in miniature: SGD with momentum
against Signum (sign descent with momentum) on a small network, with the
improvement ratio R̂(x) estimated along both trajectories.

Data: the 8x8 digits that Debian's python3-sklearn ships (1797 x 64, no
download).  Model: a 64-64-10 tanh MLP with softmax cross-entropy, written in
NumPy, its parameters one float64 vector.  Training: minibatches of 64,
`steepest.Optimizer` with

  SGD+momentum  Optimizer("l2",   rule="momentum", direction="scaled")      x − lr·m
  Signum        Optimizer("linf", rule="momentum", direction="normalized")  x − lr·sign(m)

(β = 0.9), each step size tuned on a log grid by the final training loss.
Once per epoch, on both trajectories, the full-batch R̂(x) = φ(∇f)·d·L̂2/L̂∞
(Sec. 5.2, App. D) through steepest.analysis.estimate_improvement_ratio.
R̂ > 1 says the sign method's guaranteed one-step improvement is the larger.

Writes digits-signum.csv and digits-signum.png into --out (atomically: a
temporary file renamed into place).  --check asserts what a short run can
justify (losses fall, R̂ finite and positive) and exits 1 otherwise; the test
suite runs `--epochs 2 --grid short --check`.

    /usr/bin/python3 examples/digits-signum.py [--epochs 30] [--out DIR]
"""
import argparse
import csv
import math
import os
import sys
import tempfile

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(here), "bindings", "python"))

import steepest  # noqa: E402
from steepest import analysis  # noqa: E402

HIDDEN, CLASSES, BATCH, BETA = 64, 10, 64, 0.9
GRIDS = {
    "full": {"sgd": [10.0 ** (k / 2) for k in range(-6, 2)],      # 1e-3 .. 3.2
             "signum": [10.0 ** (k / 2) for k in range(-10, -2)]},  # 1e-5 .. 3.2e-2
    "short": {"sgd": [0.1, 0.3], "signum": [1e-3, 3e-3]},
}


def load_data():
    from sklearn.datasets import load_digits
    d = load_digits()
    X = d.data / 16.0
    Y = np.eye(CLASSES)[d.target]
    return X, Y


class MLP:
    """64-H-10, tanh hidden layer, softmax cross-entropy; θ = (W1, b1, W2, b2)."""

    def __init__(self, d_in):
        self.shapes = [(d_in, HIDDEN), (HIDDEN,), (HIDDEN, CLASSES), (CLASSES,)]
        self.sizes = [int(np.prod(s)) for s in self.shapes]
        self.dim = sum(self.sizes)

    def init(self, rng):
        parts = []
        for shape in self.shapes:
            if len(shape) == 2:
                parts.append(rng.standard_normal(shape).ravel() / math.sqrt(shape[0]))
            else:
                parts.append(np.zeros(shape))
        return np.concatenate(parts)

    def unpack(self, theta):
        out, lo = [], 0
        for shape, size in zip(self.shapes, self.sizes):
            out.append(theta[lo:lo + size].reshape(shape))
            lo += size
        return out

    def loss_grad(self, theta, X, Y, want_grad=True):
        W1, b1, W2, b2 = self.unpack(theta)
        H = np.tanh(X @ W1 + b1)
        Z = H @ W2 + b2
        Z = Z - Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        n = X.shape[0]
        loss = -float(np.sum(Y * np.log(np.maximum(P, 1e-300)))) / n
        if not want_grad:
            return loss, None
        dZ = (P - Y) / n
        dW2 = H.T @ dZ
        db2 = dZ.sum(axis=0)
        dH = (dZ @ W2.T) * (1.0 - H * H)
        dW1 = X.T @ dH
        db1 = dH.sum(axis=0)
        return loss, np.concatenate([dW1.ravel(), db1, dW2.ravel(), db2])


def make_optimizer(method, lr, dim):
    if method == "sgd":
        return steepest.Optimizer(steepest.Norm("l2", dim=dim), rule="momentum", lr=lr,
                                  direction="scaled", momentum=BETA)
    return steepest.Optimizer(steepest.Norm("linf", dim=dim), rule="momentum", lr=lr,
                              direction="normalized", momentum=BETA)


def train(model, X, Y, method, lr, epochs, seed, with_rhat):
    """Returns per-epoch rows (epoch 0 = the start): loss and, optionally, R̂."""
    rng = np.random.default_rng(seed)
    theta = model.init(np.random.default_rng(1000 + seed))
    opt = make_optimizer(method, lr, model.dim)

    def full_grad(x):
        return model.loss_grad(np.asarray(x), X, Y)[1]

    rows = []
    for epoch in range(epochs + 1):
        loss, _ = model.loss_grad(theta, X, Y, want_grad=False)
        row = {"epoch": epoch, "loss": loss}
        if with_rhat:
            if math.isfinite(loss):
                r, l2, linf = analysis.estimate_improvement_ratio(full_grad, theta)
            else:
                r = l2 = linf = float("nan")
            row.update(r_hat=r, L2_hat=l2, Linf_hat=linf)
        rows.append(row)
        if epoch == epochs or not math.isfinite(loss):
            break
        order = rng.permutation(X.shape[0])
        for lo in range(0, len(order), BATCH):
            idx = order[lo:lo + BATCH]
            _, g = model.loss_grad(theta, X[idx], Y[idx])
            opt.update(theta, g)
    return rows


def tune(model, X, Y, method, grid, epochs, seed):
    """The step size of the grid with the lowest final training loss."""
    best = None
    for lr in grid:
        loss = train(model, X, Y, method, lr, epochs, seed, with_rhat=False)[-1]["loss"]
        if math.isfinite(loss) and (best is None or loss < best[1]):
            best = (lr, loss)
    if best is None:
        raise RuntimeError("no step size on the %s grid trains without diverging" % method)
    return best[0]


def atomic_write(path, write):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=os.path.splitext(path)[1])
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 is for secrets, not results
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def plot(path, runs, labels):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    for method, rows in runs.items():
        ep = [r["epoch"] for r in rows]
        a.semilogy(ep, [r["loss"] for r in rows], marker="o", ms=3, label=labels[method])
        b.semilogy(ep, [r["r_hat"] for r in rows], marker="o", ms=3,
                   label="along " + labels[method])
    a.set_xlabel("epoch")
    a.set_ylabel("training loss (full batch)")
    a.set_title("digits, 64-64-10 MLP")
    a.legend()
    b.axhline(1.0, color="gray", lw=0.8, ls="--")
    b.set_xlabel("epoch")
    b.set_ylabel(r"$\hat R(x) = \varphi(\nabla f)\, d\, \hat L_2 / \hat L_\infty$")
    b.set_title("improvement ratio (> 1 favours sign)")
    b.legend()
    fig.tight_layout()
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=110))
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--tune-epochs", type=int, default=None,
                    help="epochs per grid point (default: --epochs)")
    ap.add_argument("--grid", choices=sorted(GRIDS), default="full")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=".")
    ap.add_argument("--check", action="store_true",
                    help="assert the losses fall and every R̂ is finite and positive")
    args = ap.parse_args(argv)
    if args.epochs < 1:
        ap.error("--epochs must be at least 1")
    os.makedirs(args.out, exist_ok=True)
    X, Y = load_data()
    model = MLP(X.shape[1])
    tune_epochs = args.tune_epochs or args.epochs
    labels, runs, lrs = {}, {}, {}
    for method in ("sgd", "signum"):
        lrs[method] = tune(model, X, Y, method, GRIDS[args.grid][method], tune_epochs, args.seed)
        labels[method] = "%s (lr %.2g)" % ("SGD+momentum" if method == "sgd" else "Signum",
                                          lrs[method])
        runs[method] = train(model, X, Y, method, lrs[method], args.epochs, args.seed, True)
        print("%-7s lr=%-8.3g loss %.4f -> %.4f   R̂ median %.3g" % (
            method, lrs[method], runs[method][0]["loss"], runs[method][-1]["loss"],
            float(np.median([r["r_hat"] for r in runs[method]]))))

    csv_path = os.path.join(args.out, "digits-signum.csv")

    def write_csv(tmp):
        with open(tmp, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["method", "lr", "epoch", "loss", "r_hat", "L2_hat", "Linf_hat"])
            for method, rows in runs.items():
                for r in rows:
                    w.writerow([method, repr(lrs[method]), r["epoch"], repr(r["loss"]),
                                repr(r["r_hat"]), repr(r["L2_hat"]), repr(r["Linf_hat"])])
    atomic_write(csv_path, write_csv)
    plot(os.path.join(args.out, "digits-signum.png"), runs, labels)

    winner = min(runs, key=lambda m: runs[m][-1]["loss"])
    r_all = [r["r_hat"] for rows in runs.values() for r in rows]
    predicted = "signum" if float(np.median(r_all)) > 1.0 else "sgd"
    print("lower final loss: %s; median R̂ over both runs %.3g predicts %s: %s"
          % (winner, float(np.median(r_all)), predicted,
             "agrees" if winner == predicted else "disagrees"))

    if args.check:
        bad = []
        for method, rows in runs.items():
            if not rows[-1]["loss"] < rows[0]["loss"]:
                bad.append("%s: the loss did not fall (%r -> %r)"
                           % (method, rows[0]["loss"], rows[-1]["loss"]))
            for r in rows:
                if not (math.isfinite(r["r_hat"]) and r["r_hat"] > 0):
                    bad.append("%s epoch %d: R̂ = %r" % (method, r["epoch"], r["r_hat"]))
        for name in ("digits-signum.csv", "digits-signum.png"):
            if not os.path.getsize(os.path.join(args.out, name)) > 0:
                bad.append(name + " is empty")
        if bad:
            print("FAILED:\n  " + "\n  ".join(bad))
            return 1
        print("checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
