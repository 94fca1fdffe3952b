#!/usr/bin/env python3
"""The cost of the Python binding: one steepest-descent step at d = 10^6.

For ℓ∞ (sign descent) and ℓ2 (gradient descent), the in-place scaled step
x ← x − α g♯ timed four ways, interleaved, median of many repetitions:

  direct   steepest_norm_step_scaled called through ctypes with ready-made
           arguments (the C kernel plus ctypes' own call cost: the baseline)
  binding  Norm.step(x, g, α, inplace=True) (argument checks, buffer lookup,
           error check)
  new      Norm.step(x, g, α) returning a new array
  numpy    the NumPy expression x -= α·|g|.sum()·sign(g) (ℓ∞), x -= α·g (ℓ2)

It prints medians and the ratios binding/direct (target <= 1.10), new/direct
and numpy/direct.  Usage:

    /usr/bin/python3 bench/bench-python.py [BUILD_DIR] [--dim N] [--reps R]

BUILD_DIR (default: build) supplies lib/ and plugins/ unless STEEPEST_LIBRARY /
STEEPEST_PLUGIN_PATH are set.
"""
import argparse
import ctypes
import os
import statistics
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("build_dir", nargs="?", default=os.path.join(top, "build"))
ap.add_argument("--dim", type=int, default=10 ** 6)
ap.add_argument("--reps", type=int, default=41)
ap.add_argument("--inner", type=int, default=5, help="calls per timed repetition")
args = ap.parse_args()

build = os.path.abspath(args.build_dir)
os.environ.setdefault("STEEPEST_BUILD_LIBRARY", os.path.join(build, "lib", "libsteepest.so.1"))
os.environ.setdefault("STEEPEST_PLUGIN_PATH", os.path.join(build, "plugins"))
sys.path.insert(0, os.path.join(top, "bindings", "python"))

import steepest  # noqa: E402
from steepest import _lib, arrays  # noqa: E402

try:
    import numpy as np
except ImportError:
    np = None


def timed(fn, inner):
    t0 = time.perf_counter_ns()
    for _ in range(inner):
        fn()
    return (time.perf_counter_ns() - t0) / inner / 1e3   # µs per call


def bench(spec, d):
    norm = steepest.Norm(spec, d)
    if np is not None:
        rng = np.random.default_rng(1)
        x = rng.standard_normal(d)
        g = rng.standard_normal(d)
    else:
        import array
        import random
        r = random.Random(1)
        x = array.array("d", (r.gauss(0, 1) for _ in range(d)))
        g = array.array("d", (r.gauss(0, 1) for _ in range(d)))
    # A tiny α keeps x bounded over thousands of steps; the cost does not depend on it.
    alpha = 1e-12
    xaddr, _, _ = arrays.vector_in(x)
    gaddr, _, _ = arrays.vector_in(g)
    f = _lib.lib.steepest_norm_step_scaled
    ptr = norm.as_parameter
    dual = ctypes.c_double()
    dref = ctypes.byref(dual)

    def direct():
        f(ptr, d, xaddr, gaddr, alpha, xaddr, dref)

    def binding():
        norm.step(x, g, alpha, inplace=True)

    def new():
        norm.step(x, g, alpha)

    cases = {"direct": direct, "binding": binding, "new": new}
    if np is not None:
        if spec == "linf":
            def numpy_expr():
                x.__isub__(alpha * np.abs(g).sum() * np.sign(g))
        else:
            def numpy_expr():
                x.__isub__(alpha * g)
        cases["numpy"] = numpy_expr
    for fn in cases.values():       # warm up: page in, fill caches, bind
        timed(fn, 3)
    samples = {k: [] for k in cases}
    names = list(cases)
    for r in range(args.reps):      # interleaved, order rotated: drift and cache state
        for k in names[r % len(names):] + names[:r % len(names)]:   # hit every case alike
            samples[k].append(timed(cases[k], args.inner))
    return {k: statistics.median(v) for k, v in samples.items()}


print("bench-python: scaled step, d = %d, %d repetitions x %d calls, median µs per call"
      % (args.dim, args.reps, args.inner))
print("library %s; NumPy %s" % (steepest.library_path, np.__version__ if np else "absent"))
worst = 0.0
for spec in ("linf", "l2"):
    m = bench(spec, args.dim)
    ratio = m["binding"] / m["direct"]
    worst = max(worst, ratio)
    line = "%-5s direct %9.1f  binding %9.1f  new %9.1f" % (spec, m["direct"], m["binding"],
                                                          m["new"])
    if "numpy" in m:
        line += "  numpy %9.1f" % m["numpy"]
    print(line)
    line = "      ratio binding/direct %.3f  new/direct %.3f" % (ratio, m["new"] / m["direct"])
    if "numpy" in m:
        line += "  numpy/direct %.3f" % (m["numpy"] / m["direct"])
    print(line)
print("binding overhead: worst ratio %.3f (target <= 1.10): %s"
      % (worst, "met" if worst <= 1.10 else "NOT met"))
