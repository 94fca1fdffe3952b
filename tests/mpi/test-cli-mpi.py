#!/usr/bin/env python3
"""`steepest minimize logistic DATA --distributed RULE` with and without
mpirun (prints TAP).  Independent side: the serial fixed-step run of the same
program on the whole data, and the byte formulas of docs/distributed.md.

Usage: test-cli-mpi.py STEEPEST MPIRUN"""
import json
import math
import os
import subprocess
import sys
import tempfile

steepest, mpirun = sys.argv[1], sys.argv[2]
MPI = [mpirun, "--allow-run-as-root", "--oversubscribe"]
results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))


def run(args, ranks=None, expect=0):
    cmd = ([*MPI, "-np", str(ranks)] if ranks else []) + [steepest, "minimize", *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return p


def data(path, m=50, n=7):
    # Deterministic rows, labels from a known direction with some flipped.
    with open(path, "w") as f:
        for i in range(m):
            a = [math.sin(0.3 + 1.7 * (i * n + j)) for j in range(n)]
            s = sum(a[j] * (j - 3) for j in range(n))
            y = 1 if (s > 0) != (i % 11 == 0) else 0
            f.write(",".join(f"{v:.12g}" for v in a) + f",{y}\n")


with tempfile.TemporaryDirectory() as tmp:
    csv = os.path.join(tmp, "d.csv")
    data(csv)
    d = 7
    serial = run(["logistic", csv, "-T", "40", "--step", "fixed", "--json"])
    check("serial run", serial.returncode == 0, serial.stderr)
    f_serial = json.loads(serial.stdout)["runs"][0]["f"]
    x_serial = json.loads(serial.stdout)["runs"][0]["x"]

    # Without mpirun: one rank, the serial run exactly, no bytes.
    one = run(["logistic", csv, "-T", "40", "--distributed", "mean", "--json"])
    r = json.loads(one.stdout)["runs"][0] if one.returncode == 0 else {}
    check("one rank without mpirun", one.returncode == 0 and r.get("ranks") == 1
          and r.get("aggregation") == "mean" and r.get("bytes_sent_per_rank_per_step") == 0
          and r.get("bytes_received_per_rank_per_step") == 0, one.stderr)
    check("one rank equals the serial run", r.get("x") == x_serial and r.get("f") == f_serial,
          f"{r.get('f')} vs {f_serial}")

    # Four ranks, mean: the serial run to 1e-12, and the ring allreduce's bytes.
    four = run(["logistic", csv, "-T", "40", "--distributed", "mean", "--json"], ranks=4)
    docs = four.stdout.strip().split("\n}\n") if four.returncode == 0 else []
    check("mean over 4 ranks runs, one JSON document (only rank 0 prints)",
          four.returncode == 0 and four.stdout.count('"problem"') == 1, four.stderr)
    r = json.loads(four.stdout)["runs"][0] if four.returncode == 0 else {}
    err = max(abs(a - b) for a, b in zip(r.get("x", [1e9] * d), x_serial))
    check("mean over 4 ranks equals the serial run to 1e-12", err <= 1e-12 * max(map(abs, x_serial)), f"err {err}")
    ring = (2 * 3 * 8 * (d + 3) + 2) // 4
    check("mean bytes per step: ring allreduce of d + 3 doubles", r.get("ranks") == 4 and
          r.get("bytes_sent_per_rank_per_step") == ring and r.get("bytes_received_per_rank_per_step") == ring,
          f"{r.get('bytes_sent_per_rank_per_step')} vs {ring}")

    # The sign rules decrease the loss and move few bytes.
    for rule, ranks in (("sign-majority", 4), ("sign-majority", 3), ("scaled-sign-ef", 2)):
        p = run(["logistic", csv, "-T", "60", "--alpha", "0.01", "--distributed", rule, "--json"], ranks=ranks)
        r = json.loads(p.stdout)["runs"][0] if p.returncode == 0 else {}
        table = r.get("iterations_table", [])
        check(f"{rule} over {ranks} ranks decreases the loss", p.returncode == 0 and r.get("norm") == "linf"
              and r.get("ranks") == ranks and len(table) == 61 and table[-1][1] < table[0][1],
              p.stderr)

    # Text output mentions the rule and ranks once.
    p = run(["logistic", csv, "-T", "5", "--distributed", "sign-majority", "-q"], ranks=2)
    check("text output from rank 0 only", p.returncode == 0 and p.stdout.count("sign-majority over 2 ranks") == 1,
          p.stdout + p.stderr)

    # Usage errors: exit 2 with a message, on every rank alike.
    for args, word in ((["rosenbrock", "--distributed", "mean"], "rows to share"),
                       (["logistic", csv, "--distributed", "median"], "unknown aggregation rule"),
                       (["logistic", csv, "--distributed", "sign-majority", "--norm", "l2"], "linf"),
                       (["logistic", csv, "--distributed", "mean", "--step", "armijo"], "fixed step")):
        p = run(args, ranks=2)
        check(f"usage error: {' '.join(args[2:] if args[0] != 'rosenbrock' else args)}",
              p.returncode != 0 and word in p.stderr and p.stderr.count(word) == 1, p.stderr)

print(f"1..{len(results)}")
for k, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {k} - {name}")
    if not ok:
        for line in detail.splitlines()[:10]:
            print(f"# {line}")
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
