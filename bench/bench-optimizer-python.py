#!/usr/bin/env python3
"""steepest.Optimizer.update against the same update written in NumPy, d = 10^7.

For Signum (momentum, ℓ∞ normalized), Lion (ℓ∞ normalized) and Adam, one
update of a float64 vector in place, timed interleaved, median over the
repetitions.  The NumPy side is the natural expression with in-place
operators where NumPy has them:

  signum  m *= β; m += g; x -= lr * np.sign(m)
  lion    c = β1*m + (1−β1)*g; x -= lr * np.sign(c); m *= β2; m += (1−β2)*g
  adam    m *= β1; m += (1−β1)*g; v *= β2; v += (1−β2)*g*g;
          x -= lr * (m/bc1) / (np.sqrt(v/bc2) + ε)

(it computes no ‖g‖* and does not check g, which the optimizer does).  It
prints medians and numpy/update (target >= 5 for Signum and Lion).  Usage:

    /usr/bin/python3 bench/bench-optimizer-python.py [BUILD_DIR] [--dim N] [--reps R]
"""
import argparse
import os
import statistics
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("build_dir", nargs="?", default=os.path.join(top, "build"))
ap.add_argument("--dim", type=int, default=10 ** 7)
ap.add_argument("--reps", type=int, default=11)
args = ap.parse_args()

build = os.path.abspath(args.build_dir)
os.environ.setdefault("STEEPEST_BUILD_LIBRARY", os.path.join(build, "lib", "libsteepest.so.1"))
os.environ.setdefault("STEEPEST_PLUGIN_PATH", os.path.join(build, "plugins"))
sys.path.insert(0, os.path.join(top, "bindings", "python"))

import numpy as np  # noqa: E402
import steepest  # noqa: E402

n, lr = args.dim, 1e-3
rng = np.random.default_rng(0)
g = rng.standard_normal(n)


def numpy_signum(x, m):
    m *= 0.9
    m += g
    x -= lr * np.sign(m)


def numpy_lion(x, m):
    c = 0.9 * m + 0.1 * g
    x -= lr * np.sign(c)
    m *= 0.99
    m += 0.01 * g


class NumpyAdam:
    def __init__(self):
        self.t = 0
        self.v = np.zeros(n)

    def __call__(self, x, m):
        self.t += 1
        m *= 0.9
        m += 0.1 * g
        self.v *= 0.999
        self.v += 0.001 * g * g
        bc1, bc2 = 1 - 0.9 ** self.t, 1 - 0.999 ** self.t
        x -= lr * (m / bc1) / (np.sqrt(self.v / bc2) + 1e-8)


cases = [
    ("signum", steepest.Optimizer(steepest.Norm("linf", dim=n), rule="momentum", lr=lr), numpy_signum),
    ("lion", steepest.Optimizer(steepest.Norm("linf", dim=n), rule="lion", lr=lr), numpy_lion),
    ("adam", steepest.Optimizer(steepest.Norm("linf", dim=n), rule="adam", lr=lr), NumpyAdam()),
]

print("steepest.Optimizer.update vs NumPy, n = %d, %d repetitions (medians); load %s"
      % (n, args.reps, os.getloadavg()))
print("%-8s %12s %12s %10s" % ("rule", "update ms", "numpy ms", "numpy/upd"))
for name, opt, ref in cases:
    x, xr, m = rng.standard_normal(n), rng.standard_normal(n), np.zeros(n)
    opt.update(x, g)
    ref(xr, m)
    tu, tn, ratios = [], [], []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        opt.update(x, g)
        t1 = time.perf_counter()
        ref(xr, m)
        t2 = time.perf_counter()
        tu.append(t1 - t0)
        tn.append(t2 - t1)
        ratios.append((t2 - t1) / (t1 - t0))
    print("%-8s %12.2f %12.2f %10.2f" % (name, 1e3 * statistics.median(tu),
                                         1e3 * statistics.median(tn), statistics.median(ratios)))
print("target: numpy/update >= 5 for signum and lion")
