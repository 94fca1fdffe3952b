#!/usr/bin/python3
"""test-cli.py STEEPEST FIXTURE_LIB — exercises every subcommand of the
`steepest` program: success paths with checked output, --json that parses,
and bad arguments, bad files and bad signatures that must exit non-zero (2 for
usage errors, 1 for runtime failures) with a message naming the culprit.
Prints TAP.  Standard library only."""
import csv
import json
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile

STEEPEST, FIXTURE, FIXTURES_DIR = sys.argv[1], sys.argv[2], sys.argv[3]
results = []


def run(*args, cwd=None, env=None, preexec_fn=None):
    p = subprocess.run([STEEPEST] + list(args), capture_output=True, text=True, cwd=cwd, timeout=240,
                       env=env, preexec_fn=preexec_fn)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def expect_fail(name, code, culprit, *args):
    rc, out, err = run(*args)
    check(name, rc == code and culprit in err,
          "exit %d (want %d), stderr %r (want it to name %r)" % (rc, code, err.strip(), culprit))


tmp = tempfile.mkdtemp(prefix="steepest-cli-")


def write(name, text, mode="w"):
    path = os.path.join(tmp, name)
    with open(path, mode) as f:
        f.write(text)
    return path


# A 3x3 SPD matrix with known constants: L2 = λ_max = 3 + √3, L∞ = Σ|H_ij| = 13
# (all off-diagonal signs agree with a sign vector), L1 = max|H_ij| = 4.
H_TEXT = write("h.txt", "# a comment\n4 1 0\n1 3 -1\n0 -1 2\n")
H_MM = write("h.mtx", "%%MatrixMarket matrix coordinate real symmetric\n% lower triangle\n3 3 5\n"
             "1 1 4\n2 1 1\n2 2 3\n3 2 -1\n3 3 2\n")
H_ARRAY = write("h-array.mtx", "%%MatrixMarket matrix array real general\n3 3\n"
                "4\n1\n0\n1\n3\n-1\n0\n-1\n2\n")

# ---- top level ----
rc, out, err = run("--help")
check("top --help", rc == 0 and "figure2" in out and "analyze" in out and "minimize" in out, out)
rc, out, err = run()
check("no command exits 2", rc == 2 and "Usage" in err, err)
expect_fail("unknown command", 2, "frobnicate", "frobnicate")
for cmd in ["norms", "figure2", "analyze", "minimize"]:
    rc, out, err = run(cmd, "--help")
    check("%s --help" % cmd, rc == 0 and "steepest " + cmd in out, out[:200])
    expect_fail("%s unknown option" % cmd, 2, "--bogus", cmd, "--bogus")
    rc, out, err = run("help", cmd)
    check("help %s is %s --help" % (cmd, cmd), rc == 0 and "steepest " + cmd in out, out[:200])
expect_fail("help unknown command", 2, "frobnicate", "help", "frobnicate")

# Every option a command's --help lists is documented in its section of
# docs/cli.md and in its entry of the man page (--json and --help are
# described once for all commands).
DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs")
with open(os.path.join(DOCS, "cli.md"), encoding="utf-8") as f:
    cli_md = f.read()
with open(os.path.join(DOCS, "steepest.1"), encoding="utf-8") as f:
    man = f.read().replace("\\-", "-")
man_commands = man.split(".SH COMMANDS")[1].split("\n.SH ")[0]
for cmd in ["norms", "figure2", "analyze", "minimize", "check-plugin"]:
    rc, out, err = run(cmd, "--help")
    listed = re.findall(r"^\s+(?:-\w, )?--([a-z0-9-]+)", out.split("Application Options:")[-1], re.M)
    section = re.search(r"\n## `steepest %s`(.*?)(?=\n## `steepest |\Z)" % re.escape(cmd), cli_md, re.S)
    entry = re.search(r"\n\.TP\n\.B %s\n(.*?)(?=\n\.TP\n|\Z)" % re.escape(cmd), man_commands, re.S)
    opts = [o for o in listed if o != "json"]
    check("%s --help lists options" % cmd, rc == 0 and len(opts) >= 1, out)
    missing_md = [o for o in opts if section is None or not re.search(r"--%s\b" % re.escape(o), section.group(1))]
    check("docs/cli.md documents every option of %s" % cmd, section is not None and missing_md == [],
          missing_md)
    missing_man = [o for o in opts if entry is None or not re.search(r"--%s\b" % re.escape(o), entry.group(1))]
    check("the man page documents every option of %s" % cmd, entry is not None and missing_man == [],
          missing_man)

# ---- norms ----
rc, out, err = run("norms")
check("norms lists l2 and linf", rc == 0 and "l2" in out and "linf" in out and "dual" in out, out)
rc, out, err = run("norms", "--json")
try:
    doc = json.loads(out)
    names = {n["name"] for n in doc["norms"]}
    block = [n for n in doc["norms"] if n["name"] == "block"]
    check("norms --json", rc == 0 and {"l2", "linf", "l1", "block"} <= names and
          all(os.path.isabs(n["source"]) or (n["name"], n["source"]) == ("product", "(memory)")
              for n in doc["norms"]) and
          block and {p["name"] for p in block[0]["parameters"]} >= {"size"} and
          isinstance(doc["failures"], list), out[:300])
except (ValueError, KeyError) as e:
    check("norms --json", False, "%s: %r" % (e, out[:300]))
expect_fail("norms extra argument", 2, "extra", "norms", "extra")
check("norms lists the product norm", "product" in names and "parts=[" in run("norms")[1])

# ---- figure2 ----
out_dir = os.path.join(tmp, "fig")
rc, out, err = run("figure2", "--grid", "4x3", "--repeats", "2", "--steps", "30", "--seed", "7",
                   "-o", out_dir, "--json")
try:
    doc = json.loads(out)
    check("figure2 --json", rc == 0 and len(doc["files"]) == 5 and doc["dim"] == 12, out[:300])
except ValueError as e:
    check("figure2 --json", False, "%s %r %r" % (e, out[:300], err))
files = ["figure2.csv", "figure2-smoothness.png", "figure2-smoothness.svg",
         "figure2-distance.png", "figure2-distance.svg"]
check("figure2 writes 5 files", all(os.path.getsize(os.path.join(out_dir, f)) > 100 for f in files
                                    if os.path.exists(os.path.join(out_dir, f))) and
      all(os.path.exists(os.path.join(out_dir, f)) for f in files), os.listdir(out_dir))
for f in files:
    path = os.path.join(out_dir, f)
    if not os.path.exists(path):
        continue
    with open(path, "rb") as fh:
        head = fh.read(200)
    if f.endswith(".png"):
        check("%s has the PNG signature" % f, head[:8] == b"\x89PNG\r\n\x1a\n", head[:8])
    elif f.endswith(".svg"):
        check("%s is SVG" % f, b"<svg" in head or head.startswith(b"<?xml"), head[:40])
with open(os.path.join(out_dir, "figure2.csv")) as fh:
    rows = list(csv.reader(fh))
header = ["lambda_ratio", "theta", "lambda_max", "L_a", "L_b", "L_ratio", "dist_a", "dist_b",
          "dist_ratio", "exact"]
check("figure2 CSV header", rows[0] == header, rows[0])
check("figure2 CSV has 12 rows", len(rows) == 13, len(rows))
ok, why = True, ""
for r in rows[1:]:
    v = dict(zip(header, r))
    ratio, lmax, La, Lb = float(v["lambda_ratio"]), float(v["lambda_max"]), float(v["L_a"]), float(v["L_b"])
    mean = (11 + lmax) / 12
    conds = [
        abs(lmax / mean - ratio) < 1e-6 * ratio,          # λ_max/λ̄ is the grid value
        abs(La - lmax) < 1e-6 * lmax,                     # L2 = λ_max
        1 - 1e-9 <= Lb / La <= 12 + 1e-9,                 # Eq. 9: 1 <= L∞/L2 <= d
        abs(float(v["L_ratio"]) - Lb / La) < 1e-6 * Lb / La,
        v["exact"] == "1",
    ]
    if float(v["dist_a"]) > 0:
        conds.append(abs(float(v["dist_ratio"]) - float(v["dist_b"]) / float(v["dist_a"]))
                     <= 1e-6 * float(v["dist_ratio"]))
    if not all(conds):
        ok, why = False, "row %s: %s" % (r, conds)
check("figure2 CSV values consistent", ok, why)
thetas = sorted({float(r[1]) for r in rows[1:]})
ratios = sorted({float(r[0]) for r in rows[1:]})
check("figure2 default ranges", abs(thetas[0]) < 1e-12 and abs(thetas[-1] - 0.5) < 1e-12 and
      abs(ratios[0] - 1) < 1e-12 and abs(ratios[-1] - 10) < 1e-12, (thetas, ratios))
# At θ = 0 the Hessian is diagonal: L∞ = trace.
ok = all(abs(float(r[4]) - (11 + float(r[2]))) < 1e-6 * float(r[4]) for r in rows[1:] if float(r[1]) == 0)
check("figure2 theta=0 gives L_inf = trace", ok)
# Same seed, same numbers.
out2 = os.path.join(tmp, "fig2")
rc, out, err = run("figure2", "--grid", "4x3", "--repeats", "2", "--steps", "30", "--seed", "7",
                   "-o", out2, "--threads", "1")
with open(os.path.join(out2, "figure2.csv")) as fh:
    check("figure2 reproducible across thread counts", rc == 0 and list(csv.reader(fh)) == rows)
# Any two norms.
rc, out, err = run("figure2", "--dim", "4", "--grid", "2,2", "--ratios", "1:3", "--norms",
                   "l2,block:size=2", "-o", os.path.join(tmp, "fig3"), "--steps", "5")
check("figure2 with a block norm", rc == 0 and "block:size=2" in out, out + err)
# The titles name the methods and the setting; the default colour range (the
# median of |log10 ratio| over the finite ones) saturates the half beyond the
# median and the cells where one method hit x* exactly, the paper's
# (--clip paper, one decade) saturates more; both counted again from the CSV.
def figure2_clip(extra, sub):
    d = os.path.join(tmp, sub)
    rc, out, err = run("figure2", "--grid", "10x6", "--repeats", "3", "--steps", "100", "-o", d,
                       "--json", *extra)
    doc = json.loads(out) if rc == 0 else {}
    with open(os.path.join(d, "figure2.csv")) as fh:
        ratios = [float(r["dist_ratio"]) for r in csv.DictReader(fh)]
    return doc, ratios
def saturated(ratios, clip):
    return sum(1 for r in ratios if not (r > 0 and abs(math.log10(r)) < clip))
auto_doc, ratios = figure2_clip([], "fig-auto")
paper_doc, _ = figure2_clip(["--clip", "paper"], "fig-paper")
logs = sorted(abs(math.log10(r)) for r in ratios if r > 0 and math.isfinite(math.log10(r)))
median = logs[math.ceil(0.5 * len(logs)) - 1]
check("figure2 titles name the methods and d, T, repeats",
      auto_doc.get("title_distance", "").startswith("sign GD against GD") and
      "d = 12, T = 100, 3 repeats" in auto_doc.get("title_distance", "") and
      auto_doc.get("title_smoothness", "").startswith("sign GD against GD"), auto_doc.get("title_distance"))
# d = 34 is above the default enumeration limit (30): L∞ is bounded, and a
# ratio of upper bounds bounds nothing, so the heatmap says what it shows.
rc, out, err = run("figure2", "--dim", "34", "--grid", "2x2", "--repeats", "1", "--steps", "5", "-o",
                   os.path.join(tmp, "fig-bounds"), "--json")
try:
    bdoc = json.loads(out)
    check("figure2 labels a ratio of upper bounds", rc == 0 and
          bdoc["exact"] is False and bdoc["title_smoothness"].endswith("L2 of upper bounds (d = 34)") and
          "upper bounds" not in auto_doc.get("title_smoothness", "") and auto_doc.get("exact") is True,
          (bdoc.get("title_smoothness"), auto_doc.get("title_smoothness")))
except (ValueError, KeyError) as e:
    check("figure2 labels a ratio of upper bounds", False, "%s %r %r" % (e, out[:300], err))
check("figure2 default clip is the median |log10 ratio|",
      abs(auto_doc.get("clip_decades", 0) - median) < 1e-9 * max(1, median), (auto_doc.get("clip_decades"), median))
check("figure2 --clip paper is one decade", paper_doc.get("clip_decades") == 1, paper_doc.get("clip_decades"))
n_auto, n_paper = saturated(ratios, median), saturated(ratios, 1.0)
check("figure2 saturated cells: default %d <= half of %d < paper %d" % (n_auto, len(ratios), n_paper),
      auto_doc.get("cells_saturated") == n_auto and paper_doc.get("cells_saturated") == n_paper and
      n_auto <= len(logs) - logs.index(median) + (len(ratios) - len(logs)) and n_auto < n_paper,
      (n_auto, n_paper, auto_doc.get("cells_saturated"), paper_doc.get("cells_saturated"), len(logs), logs.index(median)))
rc, out, err = run("figure2", "--dim", "4", "--grid", "2x2", "--ratios", "1:3", "--norms", "l1,linf",
                   "--steps", "5", "-o", os.path.join(tmp, "fig-l1"), "--json")
check("figure2 titles name other norms", rc == 0 and
      json.loads(out)["title_distance"].startswith("sign GD against SD in l1"), out[:300] + err)
expect_fail("figure2 bad clip", 2, "--clip", "figure2", "--clip", "wide", "-o", out_dir)
expect_fail("figure2 bad grid", 2, "--grid", "figure2", "--grid", "0x3", "-o", out_dir)
expect_fail("figure2 bad grid text", 2, "--grid", "figure2", "--grid", "big", "-o", out_dir)
expect_fail("figure2 bad dim", 2, "--dim", "figure2", "--dim", "abc", "-o", out_dir)
expect_fail("figure2 one norm", 2, "--norms", "figure2", "--norms", "l2", "-o", out_dir)
expect_fail("figure2 unknown norm", 2, "nosuch", "figure2", "--norms", "l2,nosuch", "-o", out_dir)
expect_fail("figure2 ratio range", 2, "--ratios", "figure2", "--ratios", "1:20", "-o", out_dir)
expect_fail("figure2 repeats 0", 2, "--repeats", "figure2", "--repeats", "0", "-o", out_dir)
blocker = write("not-a-dir", "x")
expect_fail("figure2 output dir", 1, "not-a-dir", "figure2", "--grid", "2x2", "-o",
            os.path.join(blocker, "sub"))

# ---- analyze ----
for name, path in [("text", H_TEXT), ("coordinate", H_MM), ("array", H_ARRAY)]:
    rc, out, err = run("analyze", path, "--json", "--block", "size=1")
    try:
        doc = json.loads(out)
        L = {s["norm"]: s for s in doc["smoothness"]}
        check("analyze %s matrix" % name,
              rc == 0 and abs(L["l2"]["upper"] - (3 + 3 ** 0.5)) < 1e-12 and
              L["linf"]["exact"] and abs(L["linf"]["upper"] - 13) < 1e-12 and
              abs(L["l1"]["upper"] - 4) < 1e-15 and abs(L["block:size=1"]["upper"] - 13) < 1e-12 and
              abs(doc["rho_diag"] - 9 / 13) < 1e-12 and doc["psd"] and
              abs(doc["eigenvalues"]["max_over_mean"] - (3 + 3 ** 0.5) / 3) < 1e-12 and
              len(doc["comparison"]["ranking"]) == 4, out[:400])
    except (ValueError, KeyError) as e:
        check("analyze %s matrix" % name, False, "%s %r %r" % (e, out[:300], err))
rc, out, err = run("analyze", H_TEXT)
check("analyze text output", rc == 0 and "Proposition 3" in out and "L_sep" in out and
      "rho_diag" in out and "rank" in out, out)
point = write("point.txt", "1 0 0\n")
rc, out, err = run("analyze", H_TEXT, "--point", point, "--json")
try:
    doc = json.loads(out)
    top = doc["comparison"]["ranking"]
    # g = Hx = (4, 1, 0): |g|₂²/L2 = 17/(3+√3), |g|₁²/L∞ = 25/13, |g|∞²/L1 = 16/4.
    want = {"l2": 17 / (3 + 3 ** 0.5), "linf": 25 / 13, "l1": 4.0}
    check("analyze --point comparison", rc == 0 and all(
        abs(e["improvement"] - want[e["norm"]]) < 1e-12 for e in top) and top[0]["norm"] == "l1",
        top)
except (ValueError, KeyError) as e:
    check("analyze --point comparison", False, "%s %r" % (e, out[:300]))
missing = os.path.join(tmp, "no-such.mtx")
expect_fail("analyze missing file", 1, "no-such.mtx", "analyze", missing)
bad = {
    "bad-header.mtx": ("%%MatrixMarket matrix foo real general\n2 2\n1\n0\n0\n1\n", "bad-header.mtx:1"),
    "bad-field.mtx": ("%%MatrixMarket matrix array complex general\n2 2\n1\n0\n0\n1\n", "bad-field.mtx:1"),
    "short.mtx": ("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 1\n", "short.mtx:5"),
    "long.mtx": ("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 1\n", "long.mtx:4"),
    "range.mtx": ("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", "range.mtx:3"),
    "nonsquare.mtx": ("%%MatrixMarket matrix array real general\n2 3\n1\n2\n3\n4\n5\n6\n", "nonsquare.mtx:2"),
    "word.txt": ("1 2\n2 x3\n", "word.txt:2"),
    "nan.txt": ("1 nan\nnan 1\n", "nan.txt:1"),
    "inf.mtx": ("%%MatrixMarket matrix array real general\n2 2\n1\n0\ninf\n1\n", "inf.mtx:5"),
    "ragged.txt": ("1 2 3\n2 1\n3 1 1\n", "ragged.txt:2"),
    "rect.txt": ("1 2\n2 1\n3 3\n", "rect.txt:3"),
    "asym.txt": ("1 2\n3 1\n", "asym.txt:1"),
    "empty.txt": ("# nothing\n", "empty.txt"),
}
for name, (text, culprit) in bad.items():
    expect_fail("analyze bad file %s" % name, 1, culprit, "analyze", write(name, text))
expect_fail("analyze binary file", 1, "binary.bin",
            "analyze", write("binary.bin", b"\x7fELF\x00\x01", "wb"))
expect_fail("analyze no matrix", 2, "MATRIX", "analyze")
expect_fail("analyze exact and bounds", 2, "--exact", "analyze", H_TEXT, "--exact", "--bounds")
expect_fail("analyze point length", 1, "dimension 3", "analyze", H_TEXT, "--x0", "1,2")
expect_fail("analyze bad x0", 2, "--x0", "analyze", H_TEXT, "--x0", "1,zz,3")
expect_fail("analyze unknown norm", 2, "nosuch", "analyze", H_TEXT, "--norm", "nosuch")
rc, out, err = run("analyze", "--objective", FIXTURE + ":fx_nlopt", "--signature",
                   "double(n:unsigned, x, g, null)", "--x0", "0.5,0.5,0.5", "--json")
try:
    doc = json.loads(out)
    check("analyze --objective", rc == 0 and doc["dim"] == 3 and len(doc["ranking"]) == 3 and
          doc["L2_estimate"] > 0, out[:300])
except ValueError as e:
    check("analyze --objective", False, "%s %r %r" % (e, out[:300], err))
expect_fail("analyze bad signature", 2, "column 8", "analyze", "--objective", FIXTURE + ":fx_xgn",
            "--signature", "double(q)", "--x0", "1,2")
expect_fail("analyze missing symbol", 1, "fx_missing", "analyze", "--objective",
            FIXTURE + ":fx_missing", "--signature", "double(x,g,n)", "--x0", "1,2")
expect_fail("analyze unloadable library", 1, H_TEXT, "analyze", "--objective", H_TEXT + ":f",
            "--signature", "double(x,g,n)", "--x0", "1,2")
expect_fail("analyze objective without signature", 2, "--signature", "analyze", "--objective",
            FIXTURE + ":fx_xgn", "--x0", "1,2")

# ---- analyze: sparse storage and Hessian-vector products ----
def norm_row(doc, name):
    return [r for r in doc["smoothness"] if r["norm"] == name][0]


def encloses(interval, value, rel=1e-12):
    """interval = {"lower", "upper"} holds value, up to a relative rounding margin."""
    return interval["lower"] <= value + rel * abs(value) and value - rel * abs(value) <= interval["upper"]

rc, out, err = run("analyze", H_MM, "--storage", "sparse", "--json")
try:
    doc = json.loads(out)
    l2, linf, l1 = norm_row(doc, "l2"), norm_row(doc, "linf"), norm_row(doc, "l1")
    lam = 3 + math.sqrt(3)
    check("analyze --storage sparse", rc == 0 and doc["storage"] == "CSR" and doc["psd"] and
          doc["psd_certified"] and encloses(doc["lambda_min_bounds"], 3 - math.sqrt(3), 1e-9) and l2["certified"] and
          l2["lower"] <= lam * (1 + 1e-12) and lam <= l2["upper"] and abs(l2["lower"] - lam) < 1e-9 and
          abs(linf["lower"] - 13) < 1e-9 and abs(linf["upper"] - 13) < 1e-9 and linf["certified"] and
          l1["exact"] and l1["upper"] == 4 and
          doc["Linf_over_L2_bounds"]["lower"] <= 13 / lam <= doc["Linf_over_L2_bounds"]["upper"], out[:600])
except (ValueError, KeyError, IndexError) as e:
    check("analyze --storage sparse", False, "%s %r %r" % (e, out[:300], err))
rc, out, err = run("analyze", H_MM)
check("analyze coordinate file says its storage", rc == 0 and "Storage: dense (n <= 512" in out, out[:300])
rc, out, err = run("analyze", H_MM, "--storage", "sparse")
check("analyze sparse text", rc == 0 and "storage CSR" in out and "certified bounds" in out and
      "Linf/L2 in [" in out and "lambda_min <= min, max <= lambda_max" in out, out[:600])
expect_fail("analyze bad storage", 2, "--storage", "analyze", H_MM, "--storage", "diagonal")

# A ratio of bounds is printed as an interval, a ratio of exact values as a
# value.  H_TEXT at x = e_1: g = (4, 1, 0), so R(x) = I_linf/I_l2 =
# (|g|_1^2/Linf) / (|g|_2^2/L2) = (25/13) / (17/lam).
lam = 3 + math.sqrt(3)
e1 = write("e1.txt", "1 0 0\n")
R_true = (25 / 13) / (17 / lam)
for mode in [[], ["--bounds"]]:
    rc, out, err = run("analyze", H_TEXT, "--point", e1, "--json", *mode)
    try:
        doc = json.loads(out)
        exact = all(s["exact"] for s in doc["smoothness"][:2])
        lin, Rb = doc["Linf_over_L2_bounds"], doc["comparison"]["improvement_ratio_bounds"]
        check("analyze %s: Linf/L2 and R(x) bounds enclose the values" % (mode or "exact"),
              rc == 0 and exact == (mode == []) and
              lin["lower"] <= 13 / lam * (1 + 1e-12) and 13 / lam <= lin["upper"] * (1 + 1e-12) and
              Rb["lower"] <= R_true * (1 + 1e-12) and R_true <= Rb["upper"] * (1 + 1e-12) and
              (doc["Linf_over_L2"] is None) == (not exact) and
              (doc["comparison"]["improvement_ratio"] is None) == (not exact) and
              (not exact or abs(doc["Linf_over_L2"] - 13 / lam) < 1e-12), out[:900])
    except (ValueError, KeyError) as e:
        check("analyze %s: bounds enclose the values" % mode, False, "%s %r %r" % (e, out[:300], err))
    rc, out, err = run("analyze", H_TEXT, "--point", e1, *mode)
    labelled = ("Linf/L2 in [" in out and "(a ratio of bounds" in out and "R(x) = I_linf/I_l2 in [" in out
                and "where it is not exact" in out) if mode else \
               ("Linf/L2 = 2.74722 " in out and "R(x) = I_linf/I_l2 = " in out and "ratio of bounds" not in out)
    check("analyze %s text labels bounds as bounds" % (mode or "exact"), rc == 0 and labelled and
          "L_sep in [" in out and "<= sum_ij |H_ij|;" in out, out)

n_path = 100
rc, out, err = run("analyze", "--operator", FIXTURE + ":fx_hv_path", "--dim", str(n_path), "--json")
try:
    doc = json.loads(out)
    l2, linf = norm_row(doc, "l2"), norm_row(doc, "linf")
    lam = 2 + 2 * math.cos(math.pi / n_path)
    no_lanczos = "skipped" in doc["eigenvalues"]  # a build without ARPACK: l2 skipped, says so
    check("analyze --operator", rc == 0 and doc["storage"] == "operator" and doc["dim"] == n_path and
          ((no_lanczos and "ARPACK" in l2["skipped"]) or
           (abs(l2["lower"] - lam) < 1e-8 and lam <= l2["upper"] * (1 + 1e-12) and not l2["certified"])) and
          linf["certified"] and abs(linf["upper"] - 4 * (n_path - 1)) < 1e-9 and
          0 < linf["lower"] <= 4 * (n_path - 1) and
          abs(doc["eigenvalues"]["trace_hutchinson"] - 2 * (n_path - 1)) <=
          6 * doc["eigenvalues"]["trace_hutchinson_stderr"] + 1e-9 and
          # lambda_max/mean of the path Laplacian: (2 + 2cos(pi/n)) / (2(n - 1)/n); L_sep needs the entries
          (no_lanczos or encloses(doc["eigenvalues"]["max_over_mean_bounds"],
                                  lam / (2 * (n_path - 1) / n_path))) and
          abs(doc["eigenvalues"]["mean"] - 2 * (n_path - 1) / n_path) < 1e-12 and
          doc["psd"] and not doc["psd_certified"] and doc["L_sep"]["skipped"].startswith("UNSUPPORTED: ") and
          doc["L_sep"]["lower"] is None and doc["prop3_bound"] == 4 * (n_path - 1) and doc["rho_diag"] == 0.5,
          out[:800])
except (ValueError, KeyError, IndexError) as e:
    check("analyze --operator", False, "%s %r %r" % (e, out[:300], err))
rc, out, err = run("analyze", "--operator", FIXTURE + ":fx_hv_path", "--dim", str(n_path))
check("analyze --operator text: L_sep UNSUPPORTED, PSD an estimate, no nan",
      rc == 0 and "L_sep: skipped: UNSUPPORTED: " in out and "products alone cannot give" in out and
      "PSD: yes, NOT certified: an estimate" in out and "nan" not in out.lower() and
      "no (L's upper bound is an estimate)" in out, out)
expect_fail("analyze --operator without --dim", 2, "--dim", "analyze", "--operator", FIXTURE + ":fx_hv_path")
expect_fail("analyze --operator missing symbol", 1, "fx_nohv", "analyze", "--operator", FIXTURE + ":fx_nohv",
            "--dim", "5")
expect_fail("analyze --operator and a file", 2, "one of", "analyze", H_MM, "--operator",
            FIXTURE + ":fx_hv_path", "--dim", "5")

# ---- analyze: what the sparse report certifies, against closed forms and the dense path ----
# Laplacians whose constants are known.  The odd cycle C_n: lambda_max =
# 2 + 2cos(pi/n), mean 2, maxcut n - 1, and the MAX-CUT SDP value (Goemans-
# Williamson) n(1 + cos(pi/n))/2, so L_sep = 4 times it = 2n(1 + cos(pi/n)).
# The k x k grid (bipartite): L_sep = Linf = sum |H_ij| = 4 * edges = 8k(k - 1),
# lambda_max = 4 + 4cos(pi/k), mean 4(k - 1)/k.
def no_nan(text):
    return re.search(r"(?<![a-z])nan(?![a-z])", text.lower()) is None


def laplacian(n, edges, shift=0.0):
    """The lower triangle {(i, j): H_ij} of the graph Laplacian minus shift * I."""
    H = {(i, i): -shift for i in range(n)}
    for i, j in edges:
        i, j = max(i, j), min(i, j)
        H[(i, i)] += 1
        H[(j, j)] += 1
        H[(i, j)] = H.get((i, j), 0) - 1
    return H


def grid_edges(k):
    return [(r * k + c, r * k + c + 1) for r in range(k) for c in range(k - 1)] + \
           [(r * k + c, (r + 1) * k + c) for r in range(k - 1) for c in range(k)]


def write_coordinate(name, n, H):
    return write(name, "%%%%MatrixMarket matrix coordinate real symmetric\n%d %d %d\n" % (n, n, len(H)) +
                 "".join("%d %d %.17g\n" % (i + 1, j + 1, v) for (i, j), v in sorted(H.items())))


def write_array(name, n, H):
    """The same matrix as a dense array file (the dense path reads it)."""
    entry = lambda i, j: H.get((max(i, j), min(i, j)), 0.0)
    return write(name, "%%%%MatrixMarket matrix array real general\n%d %d\n" % (n, n) +
                 "".join("%.17g\n" % entry(i, j) for j in range(n) for i in range(n)))


def analyze_json(name, *args):
    rc, out, err = run("analyze", *args, "--json")
    try:
        return rc, json.loads(out), err
    except ValueError as e:
        check(name, False, "%s %r %r" % (e, out[:300], err))
        return rc, None, err


n_cyc = 61
cycle = laplacian(n_cyc, [(i, (i + 1) % n_cyc) for i in range(n_cyc)])
CYC_MM, CYC_ARRAY = write_coordinate("cycle.mtx", n_cyc, cycle), write_array("cycle-array.mtx", n_cyc, cycle)
lsep_cyc = 2 * n_cyc * (1 + math.cos(math.pi / n_cyc))
conc_cyc = (2 + 2 * math.cos(math.pi / n_cyc)) / 2
rc, sp, err = analyze_json("analyze sparse cycle", CYC_MM, "--storage", "sparse")
rc2, de, err2 = analyze_json("analyze dense cycle", CYC_ARRAY)
if sp is not None and de is not None:
    try:
        ls, ld = sp["L_sep"], de["L_sep"]
        check("analyze sparse L_sep: certified, holds 2n(1 + cos(pi/n)) and meets the dense interval",
              rc == 0 and rc2 == 0 and de["storage"] == "dense" and ls["certified"] and ls["sweeps"] > 0 and
              encloses(ls, lsep_cyc, 1e-9) and encloses(ld, lsep_cyc, 1e-9) and
              ls["lower"] <= ld["upper"] and ld["lower"] <= ls["upper"] and
              abs(ls["Linf_lower_2_over_pi"] - 2 / math.pi * ls["lower"]) < 1e-9 and
              encloses(norm_row(sp, "linf"), 4 * (n_cyc - 1)) and norm_row(sp, "linf")["upper"] <= ls["upper"],
              json.dumps([ls, ld]))
        e = sp["eigenvalues"]
        check("analyze sparse PSD and lambda_max/mean: certified, hold the closed forms and the dense value",
              sp["psd"] and sp["psd_certified"] and encloses(sp["lambda_min_bounds"], 0.0) and
              e["max_over_mean_bounds"]["certified"] and encloses(e["max_over_mean_bounds"], conc_cyc) and
              encloses(e["max_over_mean_bounds"], de["eigenvalues"]["max_over_mean"]) and
              e["mean"] == 2 and sp["prop3_bound"] == 4 * n_cyc and sp["rho_diag"] == 0.5, json.dumps(e))
        c, cd = sp["comparison"], de["comparison"]
        # The same seed gives both paths the same x: the operator form of Eq. 13
        # is at most the dense (exact) value, and both lie below R(x).
        check("analyze sparse Eq. 13 bound: certified, at most the dense one, below R(x)'s interval",
              c["improvement_ratio_bound_certified"] and
              c["improvement_ratio_bound"] <= cd["improvement_ratio_bound"] * (1 + 1e-12) and
              c["improvement_ratio_bound"] <= c["improvement_ratio_bounds"]["upper"] * (1 + 1e-12) and
              # both intervals hold R(x), so they meet
              c["improvement_ratio_bounds"]["lower"] <= cd["improvement_ratio_bounds"]["upper"] * (1 + 1e-12) and
              cd["improvement_ratio_bounds"]["lower"] <= c["improvement_ratio_bounds"]["upper"] * (1 + 1e-12) and
              c["improvement_ratio_bounds"]["lower_certified"] and c["improvement_ratio_bounds"]["upper_certified"] and
              all(r["guaranteed"] for r in c["ranking"]), json.dumps([c, cd["improvement_ratio_bounds"]])[:900])
    except (KeyError, IndexError, TypeError) as e:
        check("analyze sparse cycle", False, "%r %s" % (e, json.dumps(sp)[:600]))
rc, out, err = run("analyze", CYC_MM, "--storage", "sparse")
check("analyze sparse text: L_sep, PSD and lambda_max/mean say what is certified",
      rc == 0 and "Proposition 5: Linf <= L_sep <= sum_ij |H_ij|;  L_sep in [" in out and
      "(certified bounds: mixing method, " in out and "Cholesky certificate" in out and
      "PSD: yes, certified (lambda_min in [" in out and "lambda_max/mean in [" in out and
      "Mean eigenvalue trace/n = 2 (exact" in out and "Hutchinson estimate" in out and "(an estimate" in out and
      "Linf/L2 in [" in out and "(a ratio of bounds, certified" in out and "guaranteed" in out and no_nan(out), out)

k_grid = 8
grid = laplacian(k_grid * k_grid, grid_edges(k_grid))
rc, doc, err = analyze_json("analyze sparse grid", write_coordinate("grid.mtx", k_grid * k_grid, grid),
                            "--storage", "sparse")
if doc is not None:
    try:
        check("analyze sparse grid: L_sep = Linf = 8k(k - 1), lambda_max/mean = (4 + 4cos(pi/k)) k / (4(k - 1))",
              rc == 0 and encloses(doc["L_sep"], 8 * k_grid * (k_grid - 1), 1e-9) and
              encloses(norm_row(doc, "linf"), 8 * k_grid * (k_grid - 1)) and
              encloses(doc["eigenvalues"]["max_over_mean_bounds"],
                       (4 + 4 * math.cos(math.pi / k_grid)) * k_grid / (4 * (k_grid - 1))), json.dumps(doc)[:900])
    except (KeyError, IndexError, TypeError) as e:
        check("analyze sparse grid", False, "%r %s" % (e, json.dumps(doc)[:600]))

# Indefinite: the path Laplacian (lambda_min = 0) minus I/2, so lambda_min = -1/2:
# refuted, certified; L_sep and lambda_max/mean need PSD H and say so.
n_ind = 60
INDEF = write_coordinate("indefinite.mtx", n_ind, laplacian(n_ind, [(i, i + 1) for i in range(n_ind - 1)], 0.5))
rc, doc, err = analyze_json("analyze sparse indefinite", INDEF, "--storage", "sparse")
if doc is not None:
    try:
        check("analyze sparse indefinite: not PSD (certified), L_sep and lambda_max/mean skipped with NOT_PSD",
              rc == 0 and doc["psd"] is False and doc["psd_certified"] and
              encloses(doc["lambda_min_bounds"], -0.5, 1e-9) and doc["L_sep"]["skipped"].startswith("NOT_PSD: ") and
              doc["L_sep"]["lower"] is None and doc["eigenvalues"]["max_over_mean_skipped"].startswith("NOT_PSD: ") and
              doc["comparison"]["improvement_ratio_bound"] is None, json.dumps(doc)[:900])
    except (KeyError, IndexError, TypeError) as e:
        check("analyze sparse indefinite", False, "%r %s" % (e, json.dumps(doc)[:600]))
rc, out, err = run("analyze", INDEF, "--storage", "sparse")
check("analyze sparse indefinite text", rc == 0 and "PSD: no, certified" in out and
      "L_sep: skipped: NOT_PSD: " in out and "lambda_max/mean: skipped: NOT_PSD: " in out and no_nan(out), out)

# Large: one mixing sweep of the 150 x 150 grid (2 nnz k ~ 4.8e7 flops) is
# over the budget, so L_sep is skipped, saying why; the rest stays certified.
k_big = 150
rc, out, err = run("analyze", write_coordinate("grid-big.mtx", k_big * k_big,
                                               laplacian(k_big * k_big, grid_edges(k_big))))
check("analyze large CSR: L_sep skipped with the reason, PSD certified", rc == 0 and "storage CSR" in out and
      "L_sep: skipped: one mixing-method sweep would take" in out and "budget" in out and
      "PSD: yes, certified" in out and no_nan(out), out)

# ---- minimize ----
rc, out, err = run("minimize", "quadratic", H_TEXT, "--x0", "1,2,3", "--norm", "l2", "--norm",
                   "linf", "--max-iter", "50", "--json")
try:
    doc = json.loads(out)
    runs = doc["runs"]
    ok = rc == 0 and len(runs) == 2 and all(r["step"] == "fixed" for r in runs)
    for r in runs:
        table = r["iterations_table"]
        fs = [row[1] for row in table]
        ok = ok and all(b <= a for a, b in zip(fs, fs[1:]))           # monotone
        for row in table[1:]:                                          # Lemma 2
            guarantee, decrease = row[4], row[5]
            ok = ok and decrease >= guarantee - 1e-12 * max(1.0, abs(row[1]))
    check("minimize quadratic --json (Lemma 2 holds)", ok, out[:300])
except (ValueError, KeyError) as e:
    check("minimize quadratic --json", False, "%s %r %r" % (e, out[:300], err))
# A product norm's nested spec works where any spec does.
PROD = "product:parts=[l2:dim=1|linf:dim=2],weights=1+0.5"
rc, out, err = run("minimize", "quadratic", H_TEXT, "--x0", "1,2,3", "--norm", PROD, "--max-iter", "50",
                   "--json")
try:
    runs = json.loads(out)["runs"]
    fs = [row[1] for row in runs[0]["iterations_table"]]
    check("minimize --norm product", rc == 0 and len(runs) == 1 and runs[0]["norm"] == PROD and
          all(b <= a for a, b in zip(fs, fs[1:])) and fs[-1] < fs[0], out[:300])
except (ValueError, KeyError, IndexError) as e:
    check("minimize --norm product", False, "%s %r %r" % (e, out[:300], err))
rc, out, err = run("analyze", H_TEXT, "--norm", PROD)
check("analyze --norm product", rc == 0 and "product" in out, out + err)
expect_fail("minimize product with a bad part", 2, "part 2 (linf): needs its dimension", "minimize",
            "quadratic", H_TEXT, "--x0", "1,2,3", "--norm", "product:parts=[l2:dim=1|linf]")
rc, out, err = run("minimize", "quadratic", H_TEXT, "--x0", "1", "--max-iter", "10")
check("minimize table", rc == 0 and "guarantee" in out and "decrease" in out and " ok" in out, out)
plot = os.path.join(tmp, "conv.svg")
rc, out, err = run("minimize", "rosenbrock", "--dim", "3", "--norm", "l2", "--norm", "linf",
                   "--max-iter", "200", "--plot", plot, "-q")
with open(plot, "rb") if os.path.exists(plot) else open(os.devnull, "rb") as fh:
    head = fh.read(100)
check("minimize rosenbrock --plot svg", rc == 0 and (b"<svg" in head or head.startswith(b"<?xml")),
      err)
plot_png = os.path.join(tmp, "conv.png")
rc, out, err = run("minimize", "rosenbrock", "--max-iter", "50", "--plot", plot_png, "-q")
with open(plot_png, "rb") if os.path.exists(plot_png) else open(os.devnull, "rb") as fh:
    check("minimize --plot png", rc == 0 and fh.read(8) == b"\x89PNG\r\n\x1a\n", err)
data = write("data.csv", "a,b,y\n1,2,1\n-1,0.5,-1\n2,-1,1\n0.3,0.2,-1\n")
for problem in ["logistic", "least-squares"]:
    rc, out, err = run("minimize", problem, data, "--norm", "l2", "--norm", "linf", "-q", "--json")
    try:
        doc = json.loads(out)
        check("minimize %s" % problem, rc == 0 and doc["dim"] == 2 and
              all(r["f"] <= r["iterations_table"][0][1] for r in doc["runs"]), out[:200])
    except (ValueError, KeyError) as e:
        check("minimize %s" % problem, False, "%s %r %r" % (e, out[:200], err))
# The documented default starts (docs/cli.md, --x0): quadratic 1, 1, ...
# (f = 1/2 1'H1, half the sum of H's entries), rosenbrock -1.2, 1 (the
# classic f = 24.2), least squares 0 (f = 1/2 |b|^2).
H_ENTRIES = [[4, 1, 0], [1, 3, -1], [0, -1, 2]]
starts = [(["quadratic", H_TEXT], 0.5 * sum(map(sum, H_ENTRIES))),
          (["rosenbrock"], 100 * (1 - 1.2 ** 2) ** 2 + (1 + 1.2) ** 2),
          (["least-squares", data], 0.5 * sum(y * y for y in [1, -1, 1, -1]))]
for args, f0 in starts:
    rc, out, err = run("minimize", *args, "--max-iter", "1", "-q", "--json")
    try:
        got = json.loads(out)["runs"][0]["iterations_table"][0][1]
        check("minimize %s starts where docs/cli.md says (f0 = %g)" % (args[0], f0),
              rc == 0 and abs(got - f0) <= 1e-12 * abs(f0), (got, out[:300]))
    except (ValueError, KeyError, IndexError) as e:
        check("minimize %s default start" % args[0], False, "%s %r %r" % (e, out[:200], err))
for sym, sig in [("fx_xgn", "double(x, g, n)"), ("fx_nlopt", "double(n:unsigned, x, g, null)"),
                 ("fx_fortran_", "void(n:int*, x, f, g)")]:
    rc, out, err = run("minimize", "--objective", FIXTURE + ":" + sym, "--signature", sig,
                       "--x0=-1.2,1", "--max-iter", "2000", "--json")
    try:
        doc = json.loads(out)
        r = doc["runs"][0]
        check("minimize foreign %s" % sym, rc == 0 and r["f"] < 0.1 and r["iterations"] > 0, out[:200])
    except (ValueError, KeyError) as e:
        check("minimize foreign %s" % sym, False, "%s %r %r" % (e, out[:200], err))
expect_fail("minimize bad signature", 2, "column", "minimize", "--objective", FIXTURE + ":fx_xgn",
            "--signature", "double(x, g, n:short)", "--dim", "2")
expect_fail("minimize no gradient in signature", 2, "no 'g'", "minimize", "--objective",
            FIXTURE + ":fx_value_only", "--signature", "double(x, n)", "--dim", "2")
expect_fail("minimize missing symbol", 1, "fx_nope", "minimize", "--objective",
            FIXTURE + ":fx_nope", "--signature", "double(x, g, n)", "--dim", "2")
expect_fail("minimize bad step", 2, "--step", "minimize", "rosenbrock", "--step", "warp")
expect_fail("minimize fixed without L", 2, "--L", "minimize", "rosenbrock", "--step", "fixed")
expect_fail("minimize bad plot name", 2, "conv.gif", "minimize", "rosenbrock", "--plot", "conv.gif")
expect_fail("minimize unknown problem", 2, "sphere", "minimize", "sphere")
expect_fail("minimize no problem", 2, "PROBLEM", "minimize")
expect_fail("minimize bad data", 1, "bad.csv:3", "minimize", "logistic",
            write("bad.csv", "a,y\n1,1\n2,oops\n"))
expect_fail("minimize bad labels", 1, "bad-labels.csv", "minimize", "logistic",
            write("bad-labels.csv", "1,2\n2,1\n"))
expect_fail("minimize bad max-iter", 2, "--max-iter", "minimize", "rosenbrock", "--max-iter", "-3")
expect_fail("minimize unknown norm", 2, "nosuch", "minimize", "rosenbrock", "--norm", "nosuch")


# ---- regressions of the reliability audit (issue 9) ----
# A CSV row with an empty field (a row of commas only over-read the heap and
# fitted garbage): an error naming file:line, nothing fitted, nothing printed.
for name, text, culprit in [("commas.csv", ",\n1,2\n3,4\n", "commas.csv:1"),
                            ("hole.csv", "a,b,y\n1,,2\n3,4,1\n", "hole.csv:2"),
                            ("trailing.csv", "1,2,1\n3,4,\n", "trailing.csv:2")]:
    path = write(name, text)
    for problem in ["least-squares", "logistic"]:
        rc, out, err = run("minimize", problem, path, "-q", "--json")
        check("minimize %s %s is refused" % (problem, name),
              rc == 1 and culprit in err and "empty" in err and out == "", (rc, out[:200], err))

# analyze of a valid [1e308]: the matrix analysis is printed; only the
# comparison at x cannot be made, and the output says why.
big = write("big.txt", "1e308\n")
rc, out, err = run("analyze", big)
check("analyze [1e308] prints the matrix analysis",
      rc == 0 and "L = 1e+308" in out and "rho_diag = 1" in out and
      "cannot be computed at this point" in out and "overflows" in out, (rc, out, err))
rc, out, err = run("analyze", big, "--json")
try:
    doc = json.loads(out)
    check("analyze [1e308] --json", rc == 0 and doc["smoothness"][0]["upper"] == 1e308 and
          "overflows" in doc["comparison"]["error"], out[:400])
except (ValueError, KeyError) as e:
    check("analyze [1e308] --json", False, "%s %r %r" % (e, out[:300], err))
rc, out, err = run("analyze", big, "--x0", "0.5")   # g = 5e307: finite, but |g|^2/L is not
check("analyze [1e308] at x = 0.5", rc == 0 and "Smoothness constants" in out and
      ("cannot be computed" in out or "rank" in out), (rc, out, err))

# The all-zero matrix: no "nan" anywhere; what is undefined is named, with 0/0.
zero = write("zero.txt", "0 0\n0 0\n")
rc, out, err = run("analyze", zero)
check("analyze zero matrix names what is undefined",
      rc == 0 and "nan" not in out.lower() and "Linf/L2 undefined: 0/0" in out and
      "rho_diag undefined: 0/0" in out, out)
rc, out, err = run("analyze", zero, "--json")
check("analyze zero matrix --json has no NaN", rc == 0 and "nan" not in out.lower() and
      json.loads(out)["Linf_over_L2"] is None, out[:300])

# --x0 with a non-finite value is a usage error naming it, not a missing file.
for value in ["nan", "inf,1", "1,-inf"]:
    rc, out, err = run("minimize", "rosenbrock", "--x0", value, "-q")
    check("minimize --x0 %s is a usage error" % value,
          rc == 2 and "is not a finite number" in err and "Failed to open" not in err, (rc, err))
expect_fail("minimize --x0 missing file", 1, "no-such-point.txt", "minimize", "rosenbrock", "--x0",
            os.path.join(tmp, "no-such-point.txt"))

# Lost stdout is a failure: every subcommand with > /dev/full exits 1 and says so.
fig_full = os.path.join(tmp, "fig-full")
for args in [["norms"], ["norms", "--json"], ["--help"], ["--version"], ["help", "minimize"],
             ["figure2", "--grid", "2x2", "--repeats", "1", "--steps", "5", "-o", fig_full],
             ["figure2", "--grid", "2x2", "--repeats", "1", "--steps", "5", "-o", fig_full, "--json"],
             ["analyze", H_TEXT], ["analyze", H_TEXT, "--json"],
             ["minimize", "quadratic", H_TEXT, "--x0", "1", "--max-iter", "5"],
             ["minimize", "rosenbrock", "--max-iter", "5", "--json"]]:
    with open("/dev/full", "w") as full:
        p = subprocess.run([STEEPEST] + args, stdout=full, stderr=subprocess.PIPE, text=True, timeout=240)
    check("%s > /dev/full exits 1" % " ".join(args[:2]),
          p.returncode == 1 and "write error on standard output" in p.stderr, (p.returncode, p.stderr))


# A full disk (RLIMIT_FSIZE with SIGXFSZ ignored: writes fail with EFBIG):
# the command fails with a clear message and no file is left half written —
# the old one stays, or there is none; no temporary file is left behind.
def limited(nbytes):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))
    return apply


for limit in [300, 5000, 30000]:
    d = os.path.join(tmp, "full-%d" % limit)
    os.mkdir(d)
    with open(os.path.join(d, "figure2.csv"), "w") as fh:
        fh.write("old\n")
    rc, out, err = run("figure2", "--grid", "4x3", "--repeats", "2", "--steps", "30", "-o", d,
                       preexec_fn=limited(limit))
    names = sorted(os.listdir(d))
    complete = True
    for f in names:
        with open(os.path.join(d, f), "rb") as fh:
            data = fh.read()
        if f.endswith(".png"):
            complete &= data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")
        elif f.endswith(".svg"):
            complete &= data.rstrip().endswith(b"</svg>")
        elif f == "figure2.csv":
            complete &= data == b"old\n" or (data.startswith(b"lambda_ratio") and len(data.splitlines()) == 13)
    check("figure2 on a full disk (%d bytes) leaves whole files only" % limit,
          rc == 1 and "cannot write" in err and complete and
          all(f in files for f in names) and not any(f.startswith(".") for f in names), (rc, err, names))
check("figure2 on a full disk keeps the old CSV",
      open(os.path.join(tmp, "full-300", "figure2.csv")).read() == "old\n")
plot_full = os.path.join(tmp, "full-plot.svg")
rc, out, err = run("minimize", "rosenbrock", "--max-iter", "50", "--plot", plot_full, "-q",
                   preexec_fn=limited(2000))
check("minimize --plot on a full disk leaves no file", rc == 1 and "cannot write" in err and
      not os.path.exists(plot_full) and
      not [f for f in os.listdir(tmp) if f.startswith(".full-plot")], (rc, err))

# Plugins: shadowing (the same plugins installed and on the path), a
# directory reached twice, and text that must not reach the terminal raw.
plugins_dir = os.environ["STEEPEST_PLUGIN_PATH"].split(":")[0]
installed = os.path.join(tmp, "installed-plugins")
shutil.copytree(plugins_dir, installed, ignore=shutil.ignore_patterns("*.p", "*.txt"))
os.symlink(plugins_dir, os.path.join(tmp, "plugins-link"))
env = dict(os.environ, STEEPEST_PLUGIN_PATH="%s:%s:%s" % (plugins_dir, os.path.join(tmp, "plugins-link"),
                                                         plugins_dir),
           STEEPEST_PLUGIN_SYSTEM_PATH=installed)
rc, out, err = run("norms", env=env)
builtin = {f[len("libsteepest-"):-3] for f in os.listdir(plugins_dir)
           if f.startswith("libsteepest-") and f.endswith(".so")}
check("norms: installed copies are shadowed, not failures",
      rc == 0 and "failed to load" not in out and "%d norms shadowed" % len(builtin) in out and
      "shadowed by " + os.path.join(plugins_dir, "libsteepest-l2.so") in out and
      os.path.join(installed, "libsteepest-l2.so") in out, out[-800:])
rc, out, err = run("norms", "--json", env=env)
try:
    doc = json.loads(out)
    check("norms --json lists shadowed", rc == 0 and doc["failures"] == [] and
          {s["name"] for s in doc["shadowed"]} == builtin and
          all(s["shadowed_by"].startswith(plugins_dir) and s["path"].startswith(installed)
              for s in doc["shadowed"]), out[-600:])
except (ValueError, KeyError) as e:
    check("norms --json lists shadowed", False, "%s %r" % (e, out[-300:]))

hostile = os.path.join(tmp, "hostile")
os.mkdir(hostile)
for mode in ["control-summary", "control-dual-name", "control-param-doc", "control-c1"]:
    shutil.copy(os.path.join(FIXTURES_DIR, "fixture-%s.so" % mode), hostile)
# a file name is text too: it may hold anything
shutil.copy(os.path.join(FIXTURES_DIR, "fixture-missing-entry.so"),
            os.path.join(hostile, "evil\x1b[2J\n  from: forged.so"))
shutil.copy(os.path.join(FIXTURES_DIR, "fixture-missing-entry.so"),
            os.path.join(hostile, "evil\x1b[2J\nfrom-forged.so"))
env = dict(os.environ, STEEPEST_PLUGIN_PATH="%s:%s" % (plugins_dir, hostile))
rc, out, err = run("norms", env=env)
check("norms: hostile text is rejected with its own reason and never printed raw",
      rc == 0 and "\x1b" not in out and "\x9b" not in out and "\r" not in out and
      "from: /usr/lib/trusted.so" not in out and "fixture_control" not in out.split("failed to load")[0] and
      out.count("contains the control character") == 4 and "\\033" in out and "from-forged.so" in out,
      out[-1500:])

# check-plugin: every built-in passes; each lying fixture fails naming its law;
# only the given module is loaded, whatever STEEPEST_PLUGIN_PATH says.
LAWS = {"params", "lemma3-norm", "lemma3-inner", "map-dual-value", "unit-norm", "unit-dual", "holder",
        "zero", "homogeneity", "non-finite", "step-scaled", "step-normalized", "induced-upper",
        "induced-lower", "induced-order"}
builtin_specs = {"block": ["--spec", "block:size=1", "--spec", "block:sizes=2+1", "--dim", "3", "--dim", "6"],
                 "lp": ["--spec", "lp:p=1.5", "--spec", "lp:p=7"],
                 "spectral": ["--spec", "spectral:rows=2,cols=3", "--spec", "spectral:rows=3,cols=2",
                              "--dim", "6"]}


def spec_fits(spec, d):
    """Whether a derived spec is a valid parameterization at dimension d, by the
    rules the plugins document: block's size divides d, its sizes sum to d;
    spectral's rows x cols is d."""
    name, _, params = spec.partition(":")
    kv = dict(p.split("=") for p in params.split(",")) if params else {}
    if name == "block":
        return (("size" in kv) != ("sizes" in kv) and
                (d % int(kv["size"]) == 0 if "size" in kv else sum(map(int, kv["sizes"].split("+"))) == d))
    if name == "spectral":
        return int(kv["rows"]) * int(kv["cols"]) == d
    return False


def check_builtin_passes(label, name, doc, rc, out, dims, given):
    rows = [r for r in doc["results"] if r["class"] == name]
    [klass] = doc["classes"]
    user = [i for i in klass["instances"] if not i["induced_only"]]
    # Without --spec, the defaults, or derived specs where parameters have none;
    # with --spec, those and never a derived one.
    instances_ok = ({i["dim"] for i in user} == set(dims) and
                    all((i["spec"] in [name] + given and not i["derived"]) or
                        (i["derived"] and not given and spec_fits(i["spec"], i["dim"]))
                        for i in klass["instances"]))
    check("check-plugin passes the built-in %s %s" % (name, label),
          rc == 0 and doc["passed"] is True and doc["verdict"] == "pass" and doc["failures"] == 0 and
          doc["untested"] == 0 and klass["class"] == name and klass["verdict"] == "pass" and instances_ok and
          {r["law"] for r in rows} == LAWS and all(r["verdict"] in ("pass", "n/a") for r in rows) and
          all(r["verdict"] == "pass" for r in rows if not r["law"].startswith("induced")) and
          {r["class"] for r in doc["results"]} == {name}, out[-1500:])


# Every built-in passes as it is, with no --spec: a parameter without a
# default (block, spectral) is no law violation; the checker derives specs.
for name in ["l2", "linf", "l1", "lp", "block", "spectral", "product"]:
    module = os.path.join(plugins_dir, "libsteepest-%s.so" % name)
    if name in ("spectral", "product") and not os.path.exists(module):
        continue  # not in this tree (product is built into the library)
    for label, args, dims in [("with no --spec", [], [1, 2, 3, 7]),
                              ("with --spec", builtin_specs.get(name, []), None)]:
        if dims is None:
            if name not in builtin_specs:
                continue
            dims = [int(a) for k, a in zip(args, args[1:]) if k == "--dim"] or [1, 2, 3, 7]
        given = [a for k, a in zip(args, args[1:]) if k == "--spec"]
        rc, out, err = run("check-plugin", module, *args, "--json")
        try:
            check_builtin_passes(label, name, json.loads(out), rc, out + err, dims, given)
        except (ValueError, KeyError) as e:
            check("check-plugin passes the built-in %s %s" % (name, label), False, "%s %r %r" % (e, out[-500:], err))
# At composite dimensions the derived instance is a real block layout or
# matrix shape, and d = 2, 3 are added for the induced laws.
for name in ["block", "spectral"]:
    rc, out, err = run("check-plugin", os.path.join(plugins_dir, "libsteepest-%s.so" % name),
                       "--dim", "6", "--dim", "12", "--json")
    try:
        inst = json.loads(out)["classes"][0]["instances"]
        check("check-plugin derives %s instances at d = 6, 12" % name,
              rc == 0 and [(i["dim"], i["induced_only"]) for i in inst] == [(6, False), (12, False), (2, True),
                                                                            (3, True)] and
              all(i["derived"] and spec_fits(i["spec"], i["dim"]) for i in inst) and
              all(i["spec"] != "block:size=1" for i in inst[:2]), out[-1500:])
    except (ValueError, KeyError, IndexError) as e:
        check("check-plugin derives %s instances at d = 6, 12" % name, False, "%s %r" % (e, out[-500:]))
rc, out, err = run("check-plugin", os.path.join(plugins_dir, "libsteepest-l2.so"))
check("check-plugin prints a table", rc == 0 and "all laws hold" in out and
      any(line.split()[:2] == ["l2", "lemma3-norm"] and line.split()[-1] == "pass" for line in out.splitlines()),
      out)
rc, out, err = run("check-plugin", os.path.join(plugins_dir, "libsteepest-spectral.so"), "--dim", "6")
check("check-plugin's table says which spec it derived", rc == 0 and "all laws hold" in out and
      any(line.split() == ["spectral", "6", "spectral:rows=2,cols=3", "(derived)"] for line in out.splitlines()),
      out[-800:])

# A class no derived spec fits is untested (exit 3), not failed: the report
# names the --spec to give.  fixture-needs-spec.so holds two.
needs = os.path.join(FIXTURES_DIR, "fixture-needs-spec.so")
rc, out, err = run("check-plugin", needs, "--json")
try:
    doc = json.loads(out)
    classes = {c["class"]: c for c in doc["classes"]}
    check("check-plugin reports classes it cannot instantiate as untested",
          rc == 3 and doc["verdict"] == "untested" and doc["passed"] is False and doc["failures"] == 0 and
          doc["untested"] == 2 and set(classes) == {"fixture_keyed", "fixture_pin"} and
          all(c["verdict"] == "untested" and c["instances"] == [] for c in classes.values()) and
          "--spec 'fixture_keyed:key=…'" in classes["fixture_keyed"]["detail"] and
          "--spec 'fixture_pin:pin=…'" in classes["fixture_pin"]["detail"] and
          "specs built from the parameter declarations" in classes["fixture_pin"]["detail"] and
          all(r["verdict"] == ("n/a" if r["law"].startswith("induced") else "untested") for r in doc["results"]),
          out[-1500:])
except (ValueError, KeyError) as e:
    check("check-plugin reports classes it cannot instantiate as untested", False, "%s %r" % (e, out[-500:]))
rc, out, err = run("check-plugin", needs)
check("check-plugin's table names the untested classes and the --spec they need",
      rc == 3 and "UNTESTED fixture_keyed: needs --spec (give e.g. --spec 'fixture_keyed:key=…')" in out and
      "UNTESTED fixture_pin: needs --spec (give e.g. --spec 'fixture_pin:pin=…')" in out and
      "FAIL" not in out and out.splitlines()[-1] == "no law failed; 2 classes untested", out[-1500:])
rc, out, err = run("check-plugin", needs, "--spec", "fixture_keyed:key=open", "--json")
try:
    doc = json.loads(out)
    check("check-plugin: a class given its --spec is tested, the other stays untested",
          rc == 3 and [(c["class"], c["verdict"]) for c in doc["classes"]] ==
          [("fixture_keyed", "pass"), ("fixture_pin", "untested")] and doc["untested"] == 1, out[-1500:])
except (ValueError, KeyError) as e:
    check("check-plugin: a class given its --spec is tested", False, "%s %r" % (e, out[-500:]))
rc, out, err = run("check-plugin", needs, "--spec", "fixture_keyed:key=open", "--spec", "fixture_pin:pin=4711")
check("check-plugin passes the needs-spec fixture given both specs", rc == 0 and "all laws hold" in out, out[-800:])
rc, out, err = run("check-plugin", needs, "--spec", "fixture_keyed:key=shut", "--spec", "fixture_pin:pin=4711")
check("check-plugin: a --spec the class refuses is a params failure, not untested",
      rc == 1 and "FAIL fixture_keyed params: fixture_keyed:key=shut at d=1" in out and "UNTESTED" not in out,
      out[-800:])
rc, out, err = run("check-plugin", os.path.join(plugins_dir, "libsteepest-lp.so"), "--spec", "lp:p=0.5")
check("check-plugin refuses a --spec the class rejects", rc == 1 and "FAIL lp params" in out and
      "lp:p=0.5" in out, out[-800:])

liars = {  # fixture: (class, laws that must fail, text the message must hold)
    "liar-map": ("liar_map", {"lemma3-norm", "lemma3-inner"}, "Lemma 3"),
    "liar-unit": ("liar_unit", {"unit-norm", "unit-dual"}, "‖s(z)‖ = 1"),
    "liar-step": ("liar_step", {"step-scaled"}, "step_scaled"),
    "liar-induced": ("liar_induced", {"induced-upper"}, "upper bound"),
    "negative-norm": ("fixture_negative", {"lemma3-norm", "holder", "zero"}, "norm returned -"),
    "nan-map": ("fixture_nan_map", {"lemma3-norm", "unit-norm", "step-scaled"}, "duality_map"),
    "inverted-bounds": ("fixture_inverted", {"induced-order"}, "lower > upper"),
}
for fixture, (klass, laws, text) in liars.items():
    module = os.path.join(FIXTURES_DIR, "fixture-%s.so" % fixture)
    rc, out, err = run("check-plugin", module, "--json")
    try:
        doc = json.loads(out)
        failed_laws = {r["law"] for r in doc["results"] if r["verdict"] == "FAIL"}
        details = " ".join(r["detail"] or "" for r in doc["results"] if r["law"] in laws)
        check("check-plugin fails %s naming %s" % (fixture, ", ".join(sorted(laws))),
              rc == 1 and doc["passed"] is False and doc["failures"] == len(failed_laws) and
              laws <= failed_laws and text in details and doc["verdict"] == "fail" and
              [(c["class"], c["verdict"]) for c in doc["classes"]] == [(klass, "fail")] and
              all(r["class"] == klass for r in doc["results"]), out[-1500:])
    except (ValueError, KeyError) as e:
        check("check-plugin fails %s" % fixture, False, "%s %r" % (e, out[-500:]))
    rc, out, err = run("check-plugin", module)
    check("check-plugin's table names the broken law of %s" % fixture,
          rc == 1 and all("FAIL %s %s: " % (klass, law) in out for law in laws), out[-1500:])
# The lies that break one law break only that one (and what follows from it).
rc, out, err = run("check-plugin", os.path.join(FIXTURES_DIR, "fixture-liar-step.so"), "--json")
check("check-plugin: a fused step that lies breaks step-scaled only",
      rc == 1 and [r["law"] for r in json.loads(out)["results"] if r["verdict"] == "FAIL"] == ["step-scaled"], out)

for fixture, text in [("not-a-plugin", "invalid ELF header"), ("missing-entry", "no entry symbol")]:
    rc, out, err = run("check-plugin", os.path.join(FIXTURES_DIR, "fixture-%s.so" % fixture))
    check("check-plugin: a module that does not load (%s) fails saying why" % fixture,
          rc == 1 and "FAIL - load: " in out and "does not load" in out and text in out, out)
rc, out, err = run("check-plugin", os.path.join(tmp, "no-such-module.so"), "--json")
check("check-plugin: a missing module fails in JSON too", rc == 1 and
      json.loads(out)["results"][0]["law"] == "load" and "no-such-module.so" in out, out)
# Copies of the built-ins on both plugin paths would shadow the checked
# module's l2 (leaving it no class) if check-plugin loaded them.
env = dict(os.environ, STEEPEST_PLUGIN_PATH=installed, STEEPEST_PLUGIN_SYSTEM_PATH=installed)
rc, out, err = run("check-plugin", os.path.join(plugins_dir, "libsteepest-l2.so"), "--json", env=env)
check("check-plugin loads only the given module", rc == 0 and
      {r["class"] for r in json.loads(out)["results"]} == {"l2"}, out[-600:] + err)
for args, why in [((), "no module"), (("a.so", "b.so"), "two modules"), (("--dim", "0", "x.so"), "--dim 0"),
                  (("--dim", "x", "x.so"), "--dim x"), (("--seed", "-1", "x.so"), "--seed -1"),
                  (("--bogus", "x.so"), "unknown option")]:
    rc, out, err = run("check-plugin", *args)
    check("check-plugin usage error: %s" % why, rc == 2 and "check-plugin" in err and out == "", (rc, out, err))

# ---- TAP ----
print("1..%d" % len(results))
failed = 0
for i, (name, ok, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok:
        failed += 1
        for line in str(detail).splitlines()[:20]:
            print("# " + line)
sys.exit(1 if failed else 0)
