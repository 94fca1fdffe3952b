#!/usr/bin/env python3
"""Tags every public prototype with its release and regenerates the linker maps.

Re-runnable: run it from anywhere, after merging a branch that adds public
functions, and commit what it changes:

    /usr/bin/python3 scripts/maintenance/apply-version-macros.py          # rewrite
    /usr/bin/python3 scripts/maintenance/apply-version-macros.py --check  # exit 1 if it would

What it does, for each public header include/steepest/*.h and *.h.in:

 1. finds every prototype declared with STEEPEST_API or
    STEEPEST_AVAILABLE_IN_x_y (a line that starts with the macro; the function
    name is the first steepest_* identifier before a '(');
 2. classifies it: a function named in the ABI baseline
    tests/abi/libsteepest.so.1.abi belongs to the release of the symbol
    version recorded there (today all of them STEEPEST_1.0: release 0.1); a
    function the baseline lacks keeps a tag of a release newer than the
    baseline's, and anything else (a bare STEEPEST_API, a stale tag) is new
    API of the newest release, RELEASES[-1] (0.2);
 3. rewrites the macro to STEEPEST_AVAILABLE_IN_x_y;
 4. sets the "Since: x.y" tag of the doc comment that immediately precedes the
    prototype (fixes a wrong one, appends a missing one on a line of its own);
    a prototype without a doc comment is an error to fix by hand;
 5. puts json-glib's "#error unless included through <steepest/steepest.h>"
    guard (STEEPEST_H_INSIDE; STEEPEST_COMPILATION exempts the library's own
    sources) before the include guard of every header but STANDALONE;
 6. regenerates lib/steepest.map (libsteepest: every header but
    steepest-mpi.h) and lib/mpi/steepest-mpi.map (libsteepest-mpi:
    steepest-mpi.h), one version node per release, names sorted.

It fails (exit 2, nothing written) when a baseline function is no longer
declared (that would break the ABI) or a prototype has no doc comment.
Prototypes marked STEEPEST_DEPRECATED* are left alone; their release comes
from their Since: tag.  tests/check-symbols.py checks the result against the
built libraries.

A new release: append it to RELEASE_NODES in tests/check-symbols.py (and its
STEEPEST_AVAILABLE_IN macro to steepest-version-macros.h); functions tagged
before keep their tags.
Standard library only.
"""
import argparse
import importlib.util
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
HEADERS = ROOT / "include" / "steepest"
BASELINE = ROOT / "tests" / "abi" / "libsteepest.so.1.abi"
# The release table and the doc-comment finder are the checker's, so the two
# cannot disagree: (release, linker version node), oldest first.
_spec = importlib.util.spec_from_file_location("check_symbols", ROOT / "tests" / "check-symbols.py")
check_symbols = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_symbols)
RELEASES = list(check_symbols.RELEASE_NODES.items())
doc_comment = check_symbols.doc_comment
SINCE = check_symbols.SINCE
# Headers that only define the macros themselves.
MACRO_HEADERS = {"steepest-export.h", "steepest-version-macros.h"}
MPI_HEADER = "steepest-mpi.h"
# Headers that may be included on their own: the umbrella, the plugin header
# (standalone by design), libsteepest-mpi's header (it includes the umbrella)
# and the helpers they include.  Every other header gets GUARD.
STANDALONE = {"steepest.h", "steepest-plugin.h", MPI_HEADER, "steepest-version.h.in"} | MACRO_HEADERS
GUARD = ("#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)\n"
         "#  error \"Only <steepest/steepest.h> can be included directly.\"\n"
         "#endif\n\n")
MAPS = {
    "libsteepest": (ROOT / "lib" / "steepest.map", lambda h: h != MPI_HEADER),
    "libsteepest-mpi": (ROOT / "lib" / "mpi" / "steepest-mpi.map", lambda h: h == MPI_HEADER),
}

PROTO = re.compile(r"^(STEEPEST_API|STEEPEST_AVAILABLE_IN_(\d+)_(\d+))\b")
DEPRECATED = re.compile(r"^STEEPEST_DEPRECATED\w*")
NAME = re.compile(r"\b(steepest_\w+)\s*\(")
WIDTH = 100  # the longest line a Since: tag may extend


class Failure(Exception):
    pass


def baseline_functions():
    """name -> release of the functions in the ABI baseline, by the symbol
    version abidw recorded for each (so a baseline taken at a later release
    still classifies every function by the node it shipped in)."""
    text = BASELINE.read_text(encoding="utf-8")
    block = re.search(r"<elf-function-symbols>(.*?)</elf-function-symbols>", text, re.S)
    if not block:
        raise Failure(f"{BASELINE}: no <elf-function-symbols> section")
    release_of_node = {node: release for release, node in RELEASES}
    functions = {}
    for name, node in re.findall(r"<elf-symbol name='(\w+)' version='([\w.]+)'", block.group(1)):
        if node not in release_of_node:
            raise Failure(f"{BASELINE}: {name} has version {node}, which is no release in RELEASES")
        functions[name] = release_of_node[node]
    if not functions:
        raise Failure(f"{BASELINE}: no versioned function symbols")
    return functions


def prototype_name(lines, i):
    """The function declared by the prototype starting at line i."""
    text = ""
    for line in lines[i:i + 8]:
        text += line
        match = NAME.search(text)
        if match:
            return match.group(1)
        if ";" in line:
            break
    return None


def set_since(lines, comment, release):
    """Makes the comment say Since: release (in place): appended to its last
    line when that stays within WIDTH columns, else on a line of its own."""
    first, last = comment
    for k in range(first, last + 1):
        if SINCE.search(lines[k]):
            lines[k] = SINCE.sub(f"Since: {release}", lines[k])
            return
    end = lines[last].rstrip("\n")
    body = end[:end.rindex("*/")].rstrip()
    indent = re.match(r"\s*", lines[first]).group(0)
    if body.strip() in ("", "*"):  # a closing line of its own
        lines[last] = f"{indent} * Since: {release}\n{indent} */\n"
    elif len(f"{body}  Since: {release} */") <= WIDTH:
        lines[last] = f"{body}  Since: {release} */\n"
    else:
        lines[last] = f"{body}\n{indent} * Since: {release} */\n"


def set_macro(lines, i, old_end, macro):
    """Replaces the macro of the prototype at line i, shifting its
    continuation lines by as much so that they stay aligned."""
    shift = len(macro) - old_end
    lines[i] = macro + lines[i][old_end:]
    k = i
    while ";" not in lines[k] and k + 1 < len(lines) and shift:
        k += 1
        line = lines[k]
        lead = len(line) - len(line.lstrip(" "))
        if lead == 0:
            break
        lines[k] = " " * max(1, lead + shift) + line[lead:]


def release_of(name, macro_match, baseline):
    """The baseline's release for a function it has; else the function's own
    tag if that names a release after the baseline's newest; else the newest."""
    known = [r for r, _ in RELEASES]
    if name in baseline:
        return baseline[name]
    newest_released = max((known.index(r) for r in baseline.values()), default=-1)
    if macro_match.group(2) is not None:
        tagged = f"{macro_match.group(2)}.{macro_match.group(3)}"
        if tagged in known and known.index(tagged) > newest_released:
            return tagged
    return known[-1]


def convert_header(path, baseline, declared):
    """Rewrites one header's lines; records name -> (release, header) in declared."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    problems = []
    for i, line in enumerate(lines):
        deprecated = DEPRECATED.match(line)
        match = PROTO.match(line)
        if not match and not deprecated:
            continue
        name = prototype_name(lines, i)
        if name is None:
            continue
        comment = doc_comment(lines, i)
        if comment is None:
            problems.append(f"{path.name}:{i + 1}: {name} has no /** */ doc comment just above it")
            continue
        if deprecated:
            since = SINCE.search("".join(lines[comment[0]:comment[1] + 1]))
            declared[name] = (since.group(1) if since else RELEASES[0][0], path.name)
            continue
        release = release_of(name, match, baseline)
        macro = "STEEPEST_AVAILABLE_IN_" + release.replace(".", "_")
        set_macro(lines, i, match.end(), macro)
        set_since(lines, comment, release)
        declared[name] = (release, path.name)
    return "".join(lines), problems


def add_guard(path, text):
    """Puts GUARD before the include guard of a header that lacks it."""
    if path.name in STANDALONE or GUARD in text:
        return text
    match = re.search(r"^#ifndef STEEPEST_\w+_H\n", text, flags=re.M)
    if not match:
        raise Failure(f"{path.name}: no '#ifndef STEEPEST_..._H' include guard to put the "
                      "STEEPEST_H_INSIDE check before")
    return text[:match.start()] + GUARD + text[match.start():]


def map_text(library, names):
    """A version script with one node per release that has functions."""
    out = [f"/* {library}'s exported functions, one version node per release.\n",
           " * Generated by scripts/maintenance/apply-version-macros.py from the\n",
           " * STEEPEST_AVAILABLE_IN_x_y macros of the public headers; re-run it\n",
           " * rather than edit this file.  A node, once released, never changes:\n"]
    nodes = [(r, node, sorted(n for n, v in names.items() if v == r)) for r, node in RELEASES]
    nodes = [entry for entry in nodes if entry[2]]
    for release, node, _ in nodes:
        note = " (the ABI baseline tests/abi/libsteepest.so.1.abi)" if release == RELEASES[0][0] else ""
        out.append(f" *   {node}: release {release}{note}\n")
    out.append(" */\n")
    previous = None
    for release, node, members in nodes:
        out.append(f"\n{node} {{\n  global:\n")
        out.extend(f"    {n};\n" for n in members)
        if previous is None:
            out.append("  local:\n    *;\n")
        out.append(f"}}{' ' + previous if previous else ''};\n")
        previous = node
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a file is not up to date")
    args = parser.parse_args()

    baseline = baseline_functions()
    declared, problems, outputs = {}, [], {}
    paths = sorted(HEADERS.glob("*.h")) + sorted(HEADERS.glob("*.h.in"))
    for path in paths:
        if path.name in MACRO_HEADERS:
            continue
        text, header_problems = convert_header(path, baseline, declared)
        problems += header_problems
        outputs[path] = add_guard(path, text)
    missing = sorted(set(baseline) - set(declared))
    problems += [f"{n} is in the ABI baseline but no header declares it" for n in missing]
    for library, (map_path, wanted) in MAPS.items():
        names = {n: r for n, (r, h) in declared.items() if wanted(h)}
        outputs[map_path] = map_text(library, names)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2

    stale = [p for p, text in outputs.items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    for path in stale:
        rel = path.relative_to(ROOT)
        if args.check:
            print(f"{rel} is not up to date")
        else:
            path.write_text(outputs[path], encoding="utf-8")
            print(f"rewrote {rel}")
    counts = {r: sum(1 for v, _ in declared.values() if v == r) for r, _ in RELEASES}
    print(", ".join(f"{c} functions of release {r}" for r, c in counts.items()))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print(e, file=sys.stderr)
        sys.exit(2)
