#!/usr/bin/env python3
"""Symbol-leak and symbol-version check for libsteepest and its built-in plugins.

The library must export exactly the functions its public headers declare
(plus the linker version nodes, e.g. STEEPEST_1.0): nothing internal leaks
out, and nothing declared is missing.  Each plugin must export exactly its
entry symbol, steepest_plugin_norm_class.

Releases: every public prototype carries its release's macro,
STEEPEST_AVAILABLE_IN_0_1 or _0_2 (a bare STEEPEST_API fails), and its doc
comment the same "Since: 0.1" / "Since: 0.2".  Each exported function's
symbol version is its release's node (0.1: STEEPEST_1.0, 0.2: STEEPEST_1.1,
RELEASE_NODES), and with --map the version script lists exactly the declared
functions, each by name in its release's node.
scripts/maintenance/apply-version-macros.py writes the macros, tags and maps.

Symbols that the toolchain links into every object of an instrumented build
are not ours and are ignored: gcc's coverage runtime (__gcov_*, linked
statically into each object with -Db_coverage=true) and clang's profile
runtime (__llvm_profile_*, __llvm_prf_*).  They are reserved identifiers, so
no project symbol can hide among them.  libgcov also exports one name of its
own without the prefix, mangle_path; it is ignored only in an object that
carries the coverage runtime (one with __gcov_* symbols).

With --no-ifunc (sanitizer builds), an IRELATIVE relocation in any object is
a problem too: an ifunc resolver runs while the dynamic loader relocates the
object, before a sanitizer runtime is ready.

Usage: check-symbols.py --nm NM --library LIB --headers DIR [--map MAP]
                        [--plugin SO ...] [--no-ifunc --readelf READELF]
                        [--skip-header H ...] [--only-header H ...]
Standard library only; prints every problem and exits 1 if there is one.
"""
import argparse
import pathlib
import re
import subprocess
import sys

VERSION_NODE = re.compile(r"^STEEPEST_\d+\.\d+$")
PLUGIN_ENTRY = "steepest_plugin_norm_class"
TOOLCHAIN = re.compile(r"^(__gcov_|__llvm_profile_|__llvm_prf_)")
GCOV_UNPREFIXED = {"mangle_path"}


# Release -> linker version node (the node of lib/steepest.map and
# lib/mpi/steepest-mpi.map that holds the release's functions), oldest first;
# the last is the release in progress.  apply-version-macros.py reads it too.
RELEASE_NODES = {"0.1": "STEEPEST_1.0", "0.2": "STEEPEST_1.1"}
PROTOTYPE = re.compile(r"^(STEEPEST_API|STEEPEST_AVAILABLE_IN_(\d+)_(\d+)|STEEPEST_DEPRECATED\w*)\b")
FUNCTION = re.compile(r"\b(steepest_\w+)\s*\(")
SINCE = re.compile(r"Since:\s*(\d+\.\d+)")


def doc_comment(lines, i):
    """(first, last) line indexes of the /** */ comment that ends on the line
    before line i, or None (scripts/maintenance/apply-version-macros.py uses
    it too)."""
    last = i - 1
    if last < 0 or not lines[last].rstrip().endswith("*/"):
        return None
    first = last
    while first >= 0 and "/*" not in lines[first]:
        first -= 1
    if first < 0 or "/**" not in lines[first]:
        return None
    return first, last


def declared_functions(header_dir, skip=(), only=()):
    """name -> {header, line, macro, release, since} for every public
    prototype: a line that starts with STEEPEST_API, STEEPEST_AVAILABLE_IN_x_y
    or STEEPEST_DEPRECATED* (macro definitions start with '#', comments with
    '/' or ' *', so neither is taken for one).  release is the macro's (the
    Since: tag's for a deprecated function); since is the doc comment's."""
    names = {}
    paths = sorted(header_dir.glob("*.h")) + sorted(header_dir.glob("*.h.in"))
    paths = [p for p in paths if p.name not in skip and (not only or p.name in only)]
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            macro = PROTOTYPE.match(line)
            if not macro:
                continue
            function = FUNCTION.search(" ".join(lines[i:i + 8]).split(";")[0])
            if not function:
                continue
            span = doc_comment(lines, i)
            since = SINCE.search("\n".join(lines[span[0]:span[1] + 1])) if span else None
            since = since.group(1) if since else None
            if macro.group(2) is not None:
                release = f"{macro.group(2)}.{macro.group(3)}"
            elif macro.group(1).startswith("STEEPEST_DEPRECATED"):
                release = since
            else:
                release = None
            names.setdefault(function.group(1), {
                "header": path.name, "line": i + 1, "macro": macro.group(1),
                "release": release, "since": since})
    return names


def header_problems(declared):
    """A release macro on every prototype and a matching Since: on its comment."""
    problems = []
    for name, d in sorted(declared.items()):
        where = f"{d['header']}:{d['line']}: {name}"
        if d["macro"] == "STEEPEST_API":
            problems.append(f"{where} is declared with a bare STEEPEST_API, not "
                            "STEEPEST_AVAILABLE_IN_x_y (scripts/maintenance/apply-version-macros.py)")
        elif d["release"] not in RELEASE_NODES:
            problems.append(f"{where}: release {d['release']} has no linker node (known: "
                            f"{', '.join(RELEASE_NODES)})")
        if d["since"] is None:
            problems.append(f"{where} has no 'Since: x.y' in the doc comment just above it")
        elif d["release"] is not None and d["since"] != d["release"]:
            problems.append(f"{where} says Since: {d['since']} but is declared "
                            f"{d['macro']} (release {d['release']})")
    return problems


def version_script(path):
    """name -> node of a linker version script, and its problems."""
    text = re.sub(r"/\*.*?\*/", " ", path.read_text(encoding="utf-8"), flags=re.S)
    names, problems = {}, []
    for node, body, parent in re.findall(r"([\w.]+)\s*\{(.*?)\}\s*([\w.]*)\s*;", text, flags=re.S):
        if node not in RELEASE_NODES.values():
            problems.append(f"{path.name}: node {node} is no release's (known: "
                            f"{', '.join(RELEASE_NODES.values())})")
        exported = re.split(r"\blocal\s*:", body)[0]
        exported = re.sub(r"\bglobal\s*:", " ", exported)
        for entry in (e.strip() for e in exported.split(";")):
            if not entry:
                continue
            if not re.fullmatch(r"\w+", entry):
                problems.append(f"{path.name}: node {node} exports the pattern {entry!r}; "
                                "list each function by name")
            elif entry in names:
                problems.append(f"{path.name}: {entry} is listed in {names[entry]} and in {node}")
            else:
                names[entry] = node
    if not names:
        problems.append(f"{path.name}: no version node found")
    return names, problems


def map_problems(map_path, declared):
    """The version script lists exactly the declared functions, each in the
    node of its release."""
    listed, problems = version_script(map_path)
    for name in sorted(set(listed) - set(declared)):
        problems.append(f"{map_path.name}: {name} is in node {listed[name]} but no public "
                        "header declares it")
    for name, d in sorted(declared.items()):
        node = RELEASE_NODES.get(d["release"])
        if name not in listed:
            problems.append(f"{map_path.name}: {name} ({d['header']}) is not listed")
        elif node and listed[name] != node:
            problems.append(f"{map_path.name}: {name} is in node {listed[name]}, but release "
                            f"{d['release']} is {node}")
    return problems


def dynamic_symbols(nm, path):
    """(name, type, version or None) of the defined dynamic symbols of a
    shared object; nm -D prints the version as name@@NODE (or name@NODE)."""
    out = subprocess.run([nm, "-D", "--defined-only", str(path)], check=True,
                         capture_output=True, text=True).stdout
    symbols = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        name, _, version = fields[-1].partition("@")
        symbols.append((name, fields[-2], version.lstrip("@") or None))
    gcov = any(name.startswith("__gcov_") for name, _, _ in symbols)
    return [s for s in symbols
            if not TOOLCHAIN.match(s[0]) and not (gcov and s[0] in GCOV_UNPREFIXED)]


def ifunc_relocations(readelf, path):
    """How many IRELATIVE (ifunc) relocations the object carries."""
    out = subprocess.run([readelf, "--relocs", "--wide", str(path)], check=True,
                         capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if "IRELATIV" in line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nm", default="nm")
    parser.add_argument("--library", required=True, type=pathlib.Path)
    parser.add_argument("--headers", required=True, type=pathlib.Path)
    parser.add_argument("--plugin", action="append", default=[], type=pathlib.Path)
    parser.add_argument("--no-ifunc", action="store_true")
    parser.add_argument("--readelf", default="readelf")
    # A header of another library (steepest-mpi.h is libsteepest-mpi's).
    parser.add_argument("--skip-header", action="append", default=[])
    parser.add_argument("--only-header", action="append", default=[])
    # The library's linker version script (lib/steepest.map).
    parser.add_argument("--map", type=pathlib.Path)
    args = parser.parse_args()

    problems = []
    declared = declared_functions(args.headers, args.skip_header, args.only_header)
    if len(declared) < 10:
        problems.append(f"only {len(declared)} public prototypes found in {args.headers}: "
                        "is the header parser broken?")
    problems += header_problems(declared)
    if args.map:
        problems += map_problems(args.map, declared)

    exported, versions = {}, {}
    for name, kind, version in dynamic_symbols(args.nm, args.library):
        exported[name] = kind
        versions[name] = version
    for name, kind in sorted(exported.items()):
        if name in declared:
            if kind not in ("T", "W", "i"):
                problems.append(f"{args.library.name}: {name} is exported as '{kind}', not as a function")
            node = RELEASE_NODES.get(declared[name]["release"])
            if node and versions[name] != node:
                problems.append(f"{args.library.name}: {name} has symbol version {versions[name]}, "
                                f"but release {declared[name]['release']} is {node}")
        elif kind == "A" and VERSION_NODE.match(name):
            continue
        else:
            problems.append(f"{args.library.name}: exports {name} ({kind}), which no public header "
                            "declares with STEEPEST_API")
    for name, d in sorted(declared.items()):
        if name not in exported:
            problems.append(f"{args.library.name}: {name} is declared in {d['header']} but not exported")

    for plugin in args.plugin:
        names = sorted(name for name, _, _ in dynamic_symbols(args.nm, plugin))
        if names != [PLUGIN_ENTRY]:
            problems.append(f"{plugin.name}: exports {names}, expected exactly [{PLUGIN_ENTRY!r}]")

    if args.no_ifunc:
        for path in [args.library] + args.plugin:
            count = ifunc_relocations(args.readelf, path)
            if count:
                problems.append(f"{path.name}: {count} ifunc (IRELATIVE) relocations in a "
                                "sanitizer build")

    for p in problems:
        print(p)
    print(f"checked {len(exported)} library symbols against {len(declared)} declarations "
          f"and {len(args.plugin)} plugins: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
