#!/usr/bin/env python3
"""The release macros seen from a program: compiles small sources against the
public headers (-fsyntax-only, so no library is needed) and checks what the
compiler says.

 - STEEPEST_VERSION_MAX_ALLOWED=STEEPEST_VERSION_0_1: a 0.2 function warns
   "Not available before 0.2" (an error with -Werror), a 0.1 function does not;
   by default (the headers' release) neither warns.
 - MAX_ALLOWED older than MIN_REQUIRED is an error.
 - STEEPEST_DEPRECATED_FOR(f) names f in its warning; STEEPEST_DEPRECATED_IN_0_2
   warns only once MIN_REQUIRED reaches 0.2.
 - a public header included on its own, without <steepest/steepest.h>, is an
   error; steepest-plugin.h alone is fine.

Usage: test-version-macros.py CC [CC_ARG ...] -- -IDIR ... (standard library only).
"""
import subprocess
import sys
import tempfile
import unittest

CC, INCLUDES = [], []

NEW = "steepest_optimizer_new"     # release 0.2
OLD = "steepest_norm_new"          # release 0.1
UMBRELLA = "#include <steepest/steepest.h>\n"


def call(name):
    return f"void *use(void); void *use(void) {{ return (void *)&{name}; }}\n"


class VersionMacros(unittest.TestCase):
    def compile(self, source, *defines):
        with tempfile.NamedTemporaryFile("w", suffix=".c") as f:
            f.write(source)
            f.flush()
            cmd = CC + INCLUDES + ["-std=c11", "-Wall", "-Werror", "-fsyntax-only"] + \
                [f"-D{d}" for d in defines] + [f.name]
            return subprocess.run(cmd, capture_output=True, text=True)

    def assertCompiles(self, source, *defines):
        r = self.compile(source, *defines)
        self.assertEqual(r.returncode, 0, r.stderr)

    def assertFails(self, source, message, *defines):
        r = self.compile(source, *defines)
        self.assertNotEqual(r.returncode, 0, "compiled, but should not have")
        self.assertIn(message, r.stderr)

    def test_functions_of_the_current_release_compile_by_default(self):
        self.assertCompiles(UMBRELLA + call(NEW) + call(OLD).replace("use", "use_old"))

    def test_newer_api_than_max_allowed_warns(self):
        max01 = "STEEPEST_VERSION_MAX_ALLOWED=STEEPEST_VERSION_0_1"
        self.assertFails(UMBRELLA + call(NEW), "Not available before 0.2", max01)
        self.assertCompiles(UMBRELLA + call(OLD), max01)

    def test_max_allowed_older_than_min_required_is_an_error(self):
        self.assertFails(UMBRELLA, "STEEPEST_VERSION_MAX_ALLOWED must be >= STEEPEST_VERSION_MIN_REQUIRED",
                         "STEEPEST_VERSION_MAX_ALLOWED=STEEPEST_VERSION_0_1",
                         "STEEPEST_VERSION_MIN_REQUIRED=STEEPEST_VERSION_0_2")

    def test_deprecation_macros(self):
        source = UMBRELLA + ("STEEPEST_DEPRECATED_FOR(steepest_norm_new) int steepest_old_new(void);\n"
                             "STEEPEST_DEPRECATED_IN_0_2 int steepest_old_in_0_2(void);\n")
        self.assertFails(source + call("steepest_old_new"), "Use 'steepest_norm_new' instead")
        self.assertFails(source + call("steepest_old_in_0_2"), "deprecated",
                         "STEEPEST_VERSION_MIN_REQUIRED=STEEPEST_VERSION_0_2")
        self.assertCompiles(source + call("steepest_old_in_0_2"),
                            "STEEPEST_VERSION_MIN_REQUIRED=STEEPEST_VERSION_0_1")

    def test_only_the_umbrella_header_can_be_included(self):
        for header in ("steepest-norm.h", "steepest-status.h", "steepest-solver.h", "steepest-analysis.h"):
            with self.subTest(header=header):
                self.assertFails(f"#include <steepest/{header}>\n",
                                 "Only <steepest/steepest.h> can be included directly.")
        self.assertCompiles("#include <steepest/steepest-plugin.h>\n")
        self.assertCompiles("#include <steepest/steepest-norm.h>\n", "STEEPEST_COMPILATION")


if __name__ == "__main__":
    split = sys.argv.index("--")
    CC, INCLUDES = sys.argv[1:split], sys.argv[split + 1:]
    del sys.argv[1:]
    unittest.main(verbosity=2)
