#!/usr/bin/env python3
"""steepest.mpi.DistributedOptimizer under mpirun (every rank runs this; rank
0 prints TAP).  Independent side: NumPy — gradient descent on the whole data
for mean, the documented vote over every rank's gathered gradient for
sign-majority."""
import os
import sys

sys.path.insert(0, sys.argv[1])  # the source tree's bindings/python
import numpy as np  # noqa: E402
from mpi4py import MPI  # noqa: E402

import steepest  # noqa: E402
import steepest.mpi  # noqa: E402

comm = MPI.COMM_WORLD
rank, size = comm.Get_rank(), comm.Get_size()
results = []


def check(name, ok):
    results.append((name, all(comm.allgather(bool(ok)))))


rng = np.random.default_rng(7)
m, n = 40, 6
A = rng.standard_normal((m, n))
y = np.where(rng.standard_normal(m) > 0, 1.0, -1.0)
mine = np.arange(rank, m, size)


def grad(w, rows):
    t = y[rows] * (A[rows] @ w)
    s = 1.0 / (1.0 + np.exp(t))
    return -(A[rows] * (y[rows] * s)[:, None]).mean(0)


# mean: the whole gradient, x ← x − lr·g (l2's duality map is the identity).
x = np.zeros(n)
xs = np.zeros(n)
with steepest.mpi.DistributedOptimizer(comm, steepest.Norm("l2", n), "mean", lr=0.5, share=len(mine)) as opt:
    for _ in range(50):
        opt.update(x, grad(x, mine))
        xs -= 0.5 * grad(xs, np.arange(m))
    check("mean equals gradient descent on the whole data to 1e-12",
          np.max(np.abs(x - xs)) <= 1e-12 * np.max(np.abs(xs)))
    check("steps counted", opt.steps == 50 and opt.size == size and opt.rank == rank)
    b = opt.bytes()
    ring = (2 * (size - 1) * 8 * (n + 3) + size // 2) // size
    check("bytes of the last step", b["sent_last_step"] == ring and b["received_last_step"] == ring)

# sign-majority against the documented vote, zeros included.
x = np.zeros(n)
xr = np.zeros(n)
with steepest.mpi.DistributedOptimizer(comm, steepest.Norm("linf", n), "sign-majority", lr=0.1) as opt:
    for t in range(30):
        g = grad(x, mine)
        g[t % n] = 0.0
        allg = np.array(comm.allgather(g))
        votes = np.where(allg > 0, 1, np.where(allg < 0, 0, (np.arange(size) % 2 == 0)[:, None]))
        plus = votes.sum(0)
        xr -= 0.1 * np.sign(2 * plus - size)
        opt.update(x, g)
    check("sign-majority equals the vote bit for bit", np.array_equal(x, xr))
    check("x identical on every rank", all(np.array_equal(x, v) for v in comm.allgather(x)))
    # A NaN on the last rank: every rank raises NotFiniteError, x unchanged.
    before = x.copy()
    g = grad(x, mine)
    if rank == size - 1:
        g[2] = np.nan
    try:
        opt.update(x, g)
        raised = False
    except steepest.NotFiniteError as e:
        raised = "rank %d" % (size - 1) in str(e)
    check("a NaN on one rank raises on every rank", raised and np.array_equal(x, before))
    try:
        opt.update(x, None if rank == 0 else grad(x, mine))
        raised = False
    except steepest.SteepestError as e:
        raised = e.status == steepest.Status.ERROR_CALLBACK
    check("a rank that reports failure fails every rank", raised)

# Mismatched rules at creation.
try:
    steepest.mpi.DistributedOptimizer(comm, steepest.Norm("linf", n),
                                      "mean" if rank == 0 or size == 1 else "scaled-sign-ef").close()
    raised = size == 1
except steepest.SteepestError as e:
    raised = e.status == steepest.Status.ERROR_DISTRIBUTED
check("mismatched rules are refused on every rank", raised)
try:
    steepest.mpi.DistributedOptimizer(comm, steepest.Norm("linf", n), "median")
    raised = False
except steepest.SteepestError:
    raised = True
check("an unknown rule is refused", raised)

if rank == 0:
    print("1..%d" % len(results))
    for k, (name, ok) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", k, name))
sys.exit(0 if all(ok for _, ok in results) else 1)
