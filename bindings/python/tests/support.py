"""Shared helpers of the binding's tests."""
import array
import math
import os

import steepest

HAVE_NUMPY = steepest.HAVE_NUMPY
if HAVE_NUMPY:
    import numpy as np
else:
    np = None

NO_NUMPY_RUN = os.environ.get("STEEPEST_TEST_NO_NUMPY") == "1"


def vec(values):
    """A vector of the kind the binding returns (NumPy or array.array)."""
    if HAVE_NUMPY:
        return np.array(values, dtype=float)
    return array.array("d", values)


def as_list(v):
    return [float(t) for t in v]


def sign(t):
    t = float(t)
    return (t > 0) - (t < 0)


# Independent pure-Python reference formulas (MATH.md's table).
def l2(x):
    return math.sqrt(math.fsum(t * t for t in x))


def l1(x):
    return math.fsum(abs(t) for t in x)


def linf(x):
    return max(abs(t) for t in x)


class Close:
    """Mixin: approximate comparisons of vectors."""

    def assertVecClose(self, got, want, rel=1e-12, abs_=1e-12):
        got, want = as_list(got), as_list(want)
        self.assertEqual(len(got), len(want))
        for i, (a, b) in enumerate(zip(got, want)):
            if not math.isclose(a, b, rel_tol=rel, abs_tol=abs_):
                self.fail("index %d: %r != %r\n got  %r\n want %r" % (i, a, b, got, want))
