#!/usr/bin/env python3
"""Convergence picture for docs/distributed.md: logistic regression on the
breast-cancer data set that ships with scikit-learn (569 rows, 30 features,
standardized), 4 ranks, training loss against the bytes each rank sent, for
the three aggregation rules.  Runs the `steepest` program under mpirun and
reads its --json output (f per step, bytes per rank per step).

Usage: mpi-convergence.py STEEPEST OUT.png [MPIRUN]"""
import json
import os
import subprocess
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_breast_cancer  # noqa: E402

steepest, out = sys.argv[1], sys.argv[2]
mpirun = sys.argv[3] if len(sys.argv) > 3 else "mpirun"
RANKS, T = 4, 400
RULES = [("mean", ["--norm", "l2"], "mean (l2, step 1/L)"),
         ("sign-majority", ["--alpha", "0.01"], "sign-majority (lr 0.01)"),
         ("scaled-sign-ef", ["--alpha", "0.05"], "scaled-sign-ef (lr 0.05)")]

data = load_breast_cancer()
X = (data.data - data.data.mean(0)) / data.data.std(0)
with tempfile.TemporaryDirectory() as tmp:
    csv = os.path.join(tmp, "breast-cancer.csv")
    np.savetxt(csv, np.column_stack([X, data.target]), delimiter=",", fmt="%.12g")
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for rule, extra, label in RULES:
        cmd = [mpirun, "--allow-run-as-root", "--oversubscribe", "-np", str(RANKS), steepest, "minimize",
               "logistic", csv, "--distributed", rule, "-T", str(T), "--json", *extra]
        run = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)["runs"][0]
        f = np.array([row[1] for row in run["iterations_table"]])
        sent = run["bytes_sent_per_rank_per_step"] * np.arange(len(f))
        # f[t] is the loss after t steps, t·B bytes; t = 0 (no bytes) is off the log axis.
        ax.plot(sent[1:], f[1:], label=f"{label}: {run['bytes_sent_per_rank_per_step']} B/step")
        print(f"{rule}: f {f[0]:.4f} -> {f[-1]:.4f} after {T} steps, {sent[-1]} bytes sent per rank")
    ax.set_xscale("log")
    ax.set_xlabel("bytes sent per rank (cumulative)")
    ax.set_ylabel("training loss f(x_t)")
    ax.set_title(f"Logistic regression, breast cancer (d = 30), {RANKS} ranks")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    tmp_png = out + ".tmp.png"
    fig.savefig(tmp_png)
    os.replace(tmp_png, out)
    print(f"wrote {out}")
