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


# Independent pure-Python reference formulas (the table of docs/theory.md).
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


def matvec(H, x):
    """H (nested lists) times x."""
    return [math.fsum(h * t for h, t in zip(row, x)) for row in H]


def rows(M, n):
    """Nested lists from a returned matrix (2-D NumPy or flat array)."""
    if HAVE_NUMPY and hasattr(M, "tolist") and getattr(M, "ndim", 1) == 2:
        return M.tolist()
    flat = as_list(M)
    return [flat[i * n:(i + 1) * n] for i in range(n)]


def matmul(A, B):
    n = len(A)
    return [[math.fsum(A[i][k] * B[k][j] for k in range(n)) for j in range(len(B[0]))]
            for i in range(n)]


def transpose(A):
    return [list(r) for r in zip(*A)]


def det(A):
    """Determinant by Gaussian elimination with partial pivoting."""
    A = [list(r) for r in A]
    n, d = len(A), 1.0
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(A[r][c]))
        if A[p][c] == 0:
            return 0.0
        if p != c:
            A[p], A[c] = A[c], A[p]
            d = -d
        d *= A[c][c]
        for r in range(c + 1, n):
            f = A[r][c] / A[c][c]
            for k in range(c, n):
                A[r][k] -= f * A[c][k]
    return d


def random_spd(rng, n):
    """A random symmetric positive definite matrix (nested lists)."""
    A = [[rng.gauss(0, 1) for _ in range(n)] for _ in range(n)]
    H = matmul(A, transpose(A))
    for i in range(n):
        H[i][i] += 0.5
    return H


def brute_inf1(H):
    n = len(H)
    best = 0.0
    for mask in range(1 << n):
        x = [1.0 if mask >> i & 1 else -1.0 for i in range(n)]
        best = max(best, l1(matvec(H, x)))
    return best
