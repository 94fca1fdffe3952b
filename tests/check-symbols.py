#!/usr/bin/env python3
"""Symbol-leak check for libsteepest and its built-in plugins.

The library must export exactly the functions its public headers declare
with STEEPEST_API (plus the linker version node, e.g. STEEPEST_1.0): nothing
internal leaks out, and nothing declared is missing.  Each plugin must export
exactly its entry symbol, steepest_plugin_norm_class.

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

Usage: check-symbols.py --nm NM --library LIB --headers DIR [--plugin SO ...]
                        [--no-ifunc --readelf READELF]
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


def declared_functions(header_dir):
    """Names of the functions declared with STEEPEST_API in the headers."""
    names = {}
    paths = sorted(header_dir.glob("*.h")) + sorted(header_dir.glob("*.h.in"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)  # comments
        text = re.sub(r"//[^\n]*", " ", text)
        text = re.sub(r"^[ \t]*#.*?(?<!\\)$", " ", text, flags=re.M | re.S)  # preprocessor lines
        for match in re.finditer(r"\bSTEEPEST_API\b([^;{}]*?)\b(steepest_\w+)\s*\(", text, flags=re.S):
            names.setdefault(match.group(2), path.name)
    return names


def dynamic_symbols(nm, path):
    """(name, type) of the defined dynamic symbols of a shared object."""
    out = subprocess.run([nm, "-D", "--defined-only", str(path)], check=True,
                         capture_output=True, text=True).stdout
    symbols = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        name = fields[-1].split("@")[0]  # drop @@STEEPEST_1.0
        symbols.append((name, fields[-2]))
    gcov = any(name.startswith("__gcov_") for name, _ in symbols)
    return [(name, kind) for name, kind in symbols
            if not TOOLCHAIN.match(name) and not (gcov and name in GCOV_UNPREFIXED)]


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
    args = parser.parse_args()

    problems = []
    declared = declared_functions(args.headers)
    if len(declared) < 10:
        problems.append(f"only {len(declared)} STEEPEST_API declarations found in {args.headers}: "
                        "is the header parser broken?")

    exported = {}
    for name, kind in dynamic_symbols(args.nm, args.library):
        exported[name] = kind
    for name, kind in sorted(exported.items()):
        if name in declared:
            if kind not in ("T", "W", "i"):
                problems.append(f"{args.library.name}: {name} is exported as '{kind}', not as a function")
        elif kind == "A" and VERSION_NODE.match(name):
            continue
        else:
            problems.append(f"{args.library.name}: exports {name} ({kind}), which no public header "
                            "declares with STEEPEST_API")
    for name, header in sorted(declared.items()):
        if name not in exported:
            problems.append(f"{args.library.name}: {name} is declared in {header} but not exported")

    for plugin in args.plugin:
        names = sorted(name for name, _ in dynamic_symbols(args.nm, plugin))
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
