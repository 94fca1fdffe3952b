#!/usr/bin/env python3
"""Tests of tests/check-symbols.py itself, on objects described in text.

check-symbols.py runs `nm -D --defined-only OBJ` and `readelf --relocs
--wide OBJ`; here both are stand-ins that print a text file, so each
"object" OBJ holds exactly the listing nm would print, and OBJ.relocs the
one readelf would.  That covers what a real build cannot show on demand: a coverage
build's __gcov_* exports, the ifunc relocations of target_clones, and
every way the release macros, Since: tags, symbol versions and version
script can disagree.

Usage: test-check-symbols.py CHECK_SYMBOLS_PY (standard library only).
"""
import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECKER = None

# Twelve functions: steepest_fn_0..8 of release 0.1, steepest_fn_9..11 of 0.2.
DECLARED = [f"steepest_fn_{k}" for k in range(12)]
RELEASE = {name: ("0.1" if k < 9 else "0.2") for k, name in enumerate(DECLARED)}
NODE = {"0.1": "STEEPEST_1.0", "0.2": "STEEPEST_1.1"}


def prototype(name, release):
    macro = "STEEPEST_AVAILABLE_IN_" + release.replace(".", "_")
    return f"/** Does {name}.\n * Since: {release} */\n{macro} int {name}(void);\n"


HEADER = "".join(prototype(name, RELEASE[name]) for name in DECLARED)
LIB_OK = "".join(f"0000000000001000 T {name}@@{NODE[RELEASE[name]]}\n" for name in DECLARED) + \
    "0000000000000000 A STEEPEST_1.0@@STEEPEST_1.0\n0000000000000000 A STEEPEST_1.1@@STEEPEST_1.1\n"


def version_script(release_of):
    """lib/steepest.map as apply-version-macros.py writes it."""
    nodes = []
    for release, node in NODE.items():
        names = "".join(f"    {n};\n" for n in sorted(release_of) if release_of[n] == release)
        local = "  local:\n    *;\n" if release == "0.1" else ""
        parent = "" if release == "0.1" else " STEEPEST_1.0"
        nodes.append(f"{node} {{\n  global:\n{names}{local}}}{parent};\n")
    return "/* one node per release */\n" + "\n".join(nodes)


MAP_OK = version_script(RELEASE)
# What gcc -fprofile-arcs links into each shared object (nm -D of a
# -Db_coverage=true build of libsteepest and of a plugin).
GCOV = ("0000000000009000 T __gcov_dump\n"
        "0000000000009100 T __gcov_reset\n"
        "0000000000009200 T __gcov_merge_add\n"
        "0000000000009300 T __gcov_init\n"
        "0000000000009400 T __gcov_exit\n"
        "000000000000a000 B __gcov_master\n"
        "0000000000009500 T mangle_path\n")
PLUGIN_OK = "0000000000002000 T steepest_plugin_norm_class\n"
IRELATIVE = ("Relocation section '.rela.dyn' at offset 0x1000 contains 1 entry:\n"
             "    Offset             Info             Type               Symbol's Value  Symbol's Name + Addend\n"
             "0000000000020000  0000000000000025 R_X86_64_IRELATIVE                        14150\n")
PLAIN_RELOCS = ("Relocation section '.rela.dyn' at offset 0x1000 contains 1 entry:\n"
                "0000000000020000  0000000000000008 R_X86_64_RELATIVE                         1000\n")


class CheckSymbols(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)
        (self.dir / "include").mkdir()
        (self.dir / "include" / "api.h").write_text(HEADER)
        self.nm = self.stand_in("nm", "")
        self.readelf = self.stand_in("readelf", ".relocs")

    def stand_in(self, tool, suffix):
        """A tool that prints LAST_ARGUMENT + suffix (or nothing if absent)."""
        path = self.dir / tool
        path.write_text("#!/bin/sh\nfor a; do f=$a; done\n"
                        f"[ -f \"$f{suffix}\" ] && exec cat \"$f{suffix}\"\nexit 0\n")
        path.chmod(0o755)
        return path

    def tearDown(self):
        self.tmp.cleanup()

    def obj(self, name, text):
        path = self.dir / name
        path.write_text(text)
        return path

    def run_check(self, library, plugins=(), extra=(), version_map=MAP_OK):
        cmd = [sys.executable, CHECKER, "--nm", str(self.nm), "--readelf", str(self.readelf),
               "--library", str(library), "--headers", str(self.dir / "include")]
        if version_map is not None:
            cmd += ["--map", str(self.obj("steepest.map", version_map))]
        for p in plugins:
            cmd += ["--plugin", str(p)]
        cmd += list(extra)
        return subprocess.run(cmd, capture_output=True, text=True)

    def test_clean_objects_pass(self):
        r = self.run_check(self.obj("lib.so", LIB_OK), [self.obj("p.so", PLUGIN_OK)])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("checked 14 library symbols against 12 declarations and 1 plugins: 0 problems", r.stdout)

    def test_coverage_runtime_symbols_are_ignored(self):
        r = self.run_check(self.obj("lib.so", LIB_OK + GCOV), [self.obj("p.so", PLUGIN_OK + GCOV)])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_clang_profile_runtime_symbols_are_ignored(self):
        prof = "0000000000009000 T __llvm_profile_write_file\n0000000000009100 D __llvm_prf_nm\n"
        r = self.run_check(self.obj("lib.so", LIB_OK + prof), [self.obj("p.so", PLUGIN_OK + prof)])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_a_leaked_internal_symbol_still_fails(self):
        # Only the reserved toolchain prefixes are ignored, not look-alikes.
        for leak in ("steepest_private_helper", "_gcov_dump", "gcov_dump", "x__gcov_dump"):
            with self.subTest(leak=leak):
                r = self.run_check(self.obj("lib.so", LIB_OK + GCOV + f"0000000000003000 T {leak}\n"))
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn(f"exports {leak} (T)", r.stdout)

    def test_mangle_path_is_ignored_only_next_to_the_coverage_runtime(self):
        r = self.run_check(self.obj("lib.so", LIB_OK), [self.obj("p.so", PLUGIN_OK + "0000000000009500 T mangle_path\n")])
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("p.so: exports ['mangle_path', 'steepest_plugin_norm_class']", r.stdout)

    def test_a_plugin_with_extra_exports_still_fails(self):
        r = self.run_check(self.obj("lib.so", LIB_OK),
                           [self.obj("p.so", PLUGIN_OK + GCOV + "0000000000003000 T helper\n")])
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("p.so: exports ['helper', 'steepest_plugin_norm_class']", r.stdout)

    def test_a_missing_declared_function_fails(self):
        r = self.run_check(self.obj("lib.so", LIB_OK.replace("steepest_fn_3@@", "other@@")))
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("steepest_fn_3 is declared in api.h but not exported", r.stdout)

    def test_ifunc_relocations_fail_only_when_forbidden(self):
        lib = self.obj("lib.so", LIB_OK)
        plugin = self.obj("p.so", PLUGIN_OK)
        self.obj("p.so.relocs", PLAIN_RELOCS)
        self.obj("lib.so.relocs", IRELATIVE)
        self.assertEqual(self.run_check(lib, [plugin]).returncode, 0)
        r = self.run_check(lib, [plugin], extra=["--no-ifunc"])
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("lib.so: 1 ifunc (IRELATIVE) relocations in a sanitizer build", r.stdout)
        self.assertNotIn("p.so:", r.stdout)
        self.obj("lib.so.relocs", PLAIN_RELOCS)
        self.assertEqual(self.run_check(lib, [plugin], extra=["--no-ifunc"]).returncode, 0)

    def header(self, text):
        (self.dir / "include" / "api.h").write_text(text)

    def test_a_bare_steepest_api_prototype_fails(self):
        self.header(HEADER.replace("STEEPEST_AVAILABLE_IN_0_2 int steepest_fn_10",
                                   "STEEPEST_API int steepest_fn_10"))
        r = self.run_check(self.obj("lib.so", LIB_OK))
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("api.h:33: steepest_fn_10 is declared with a bare STEEPEST_API", r.stdout)

    def test_a_missing_or_wrong_since_tag_fails(self):
        cases = {
            "missing": (HEADER.replace("Does steepest_fn_2.\n * Since: 0.1 */",
                                       "Does steepest_fn_2. */"),
                        "steepest_fn_2 has no 'Since: x.y' in the doc comment"),
            "wrong": (HEADER.replace("Does steepest_fn_9.\n * Since: 0.2", "Does steepest_fn_9.\n * Since: 0.1"),
                      "steepest_fn_9 says Since: 0.1 but is declared STEEPEST_AVAILABLE_IN_0_2 (release 0.2)"),
            "no comment": (HEADER.replace("/** Does steepest_fn_4.\n * Since: 0.1 */\n", "\n"),
                           "steepest_fn_4 has no 'Since: x.y'"),
        }
        for case, (text, message) in cases.items():
            with self.subTest(case=case):
                self.header(text)
                r = self.run_check(self.obj("lib.so", LIB_OK))
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn(message, r.stdout)

    def test_an_unknown_release_fails(self):
        self.header(HEADER.replace("STEEPEST_AVAILABLE_IN_0_2 int steepest_fn_11",
                                   "STEEPEST_AVAILABLE_IN_0_3 int steepest_fn_11"))
        r = self.run_check(self.obj("lib.so", LIB_OK))
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("steepest_fn_11: release 0.3 has no linker node", r.stdout)

    def test_a_symbol_version_other_than_the_release_node_fails(self):
        for name, wrong in (("steepest_fn_10", "STEEPEST_1.0"), ("steepest_fn_1", "STEEPEST_1.1"),
                            ("steepest_fn_5", None)):
            with self.subTest(name=name, wrong=wrong):
                right = NODE[RELEASE[name]]
                listing = LIB_OK.replace(f"{name}@@{right}", name + (f"@@{wrong}" if wrong else ""))
                r = self.run_check(self.obj("lib.so", listing))
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn(f"lib.so: {name} has symbol version {wrong}, but release "
                              f"{RELEASE[name]} is {right}", r.stdout)

    def test_the_version_script_must_list_exactly_the_declared_functions(self):
        extra = dict(RELEASE, steepest_gone=RELEASE["steepest_fn_0"])
        missing = {n: r for n, r in RELEASE.items() if n != "steepest_fn_7"}
        moved = dict(RELEASE, steepest_fn_11="0.1")
        cases = {
            "not declared": (version_script(extra), "steepest_gone is in node STEEPEST_1.0 but no public header declares it"),
            "not listed": (version_script(missing), "steepest_fn_7 (api.h) is not listed"),
            "wrong node": (version_script(moved), "steepest_fn_11 is in node STEEPEST_1.0, but release 0.2 is STEEPEST_1.1"),
            "wildcard": (MAP_OK.replace("    steepest_fn_9;", "    steepest_*;"), "exports the pattern 'steepest_*'"),
            "unknown node": (MAP_OK.replace("STEEPEST_1.1 {", "STEEPEST_2.0 {"), "node STEEPEST_2.0 is no release's"),
            "twice": (MAP_OK.replace("    steepest_fn_9;", "    steepest_fn_9;\n    steepest_fn_0;"),
                      "steepest_fn_0 is listed in STEEPEST_1.0 and in STEEPEST_1.1"),
        }
        for case, (text, message) in cases.items():
            with self.subTest(case=case):
                r = self.run_check(self.obj("lib.so", LIB_OK), version_map=text)
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn(message, r.stdout)

    def test_a_deprecated_function_keeps_its_since_release(self):
        self.header(HEADER.replace("STEEPEST_AVAILABLE_IN_0_1 int steepest_fn_8",
                                   "STEEPEST_DEPRECATED_FOR(steepest_fn_9) int steepest_fn_8"))
        self.assertEqual(self.run_check(self.obj("lib.so", LIB_OK)).returncode, 0)


if __name__ == "__main__":
    CHECKER = sys.argv.pop(1)
    unittest.main(verbosity=2)
