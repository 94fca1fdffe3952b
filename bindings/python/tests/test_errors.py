"""Library failures as Python exceptions; library discovery."""
import os
import subprocess
import sys
import unittest

import steepest
from steepest import errors


class StatusTest(unittest.TestCase):
    def test_status_names_match_library(self):
        # Every enum member's name is the library's own name for the code.
        for s in errors.Status:
            self.assertEqual(steepest.status_name(s), s.name)
            self.assertTrue(steepest.status_describe(s))
        self.assertEqual(steepest.status_name(12345), "UNKNOWN")

    def test_every_library_code_is_in_the_enum(self):
        # The other direction: every code the library has a name for is a
        # member of Status, under that name.
        for code in range(-200, 201):
            name = steepest.status_name(code)
            if name != "UNKNOWN":
                self.assertEqual(errors.Status(code).name, name)

    def test_every_error_code_has_a_class(self):
        for s in errors.Status:
            if s < 0:
                cls = errors.error_class(s)
                self.assertTrue(issubclass(cls, steepest.SteepestError))
                self.assertIsNot(cls, steepest.SteepestError, s.name)

    def test_hierarchy(self):
        self.assertTrue(issubclass(steepest.SpecError, ValueError))
        self.assertTrue(issubclass(steepest.ParameterError, ValueError))
        self.assertTrue(issubclass(steepest.DimensionError, ValueError))
        self.assertTrue(issubclass(steepest.NotFiniteError, ValueError))
        self.assertTrue(issubclass(steepest.UnknownNormError, LookupError))
        self.assertTrue(issubclass(steepest.SteepestIOError, OSError))
        self.assertTrue(issubclass(steepest.SteepestMemoryError, MemoryError))
        self.assertTrue(issubclass(steepest.UnsupportedError, NotImplementedError))

    def test_error_carries_status_and_message(self):
        with self.assertRaises(steepest.SpecError) as cm:
            steepest.Norm("block:", dim=4)
        e = cm.exception
        self.assertEqual(e.status, -5)
        self.assertEqual(e.status_name, "ERROR_SPEC")
        self.assertIn("block", e.message)
        self.assertIn("ERROR_SPEC", str(e))

    def test_parameter_error_names_the_parameter(self):
        with self.assertRaises(steepest.ParameterError) as cm:
            steepest.Norm("block:sizes=3+3+6", dim=11)
        self.assertEqual(cm.exception.status, steepest.Status.ERROR_PARAMETER)
        with self.assertRaises(steepest.ParameterError) as cm:
            steepest.Norm("l2:bogus=1", dim=3)
        self.assertIn("bogus", cm.exception.message)

    def test_unknown_norm_lists_available(self):
        with self.assertRaises(steepest.UnknownNormError) as cm:
            steepest.Norm("no_such_norm")
        self.assertIn("linf", cm.exception.message)

    def test_io_error_is_oserror(self):
        with self.assertRaises(OSError) as cm:
            steepest.load_plugin_dir("/nonexistent/steepest/plugins")
        self.assertIsInstance(cm.exception, steepest.SteepestIOError)


def _run(code, **env):
    e = dict(os.environ)
    e.update(env)
    for k, v in env.items():
        if v is None:
            del e[k]
    here = os.path.dirname(os.path.abspath(__file__))
    return subprocess.run([sys.executable, "-c", code], env=e, capture_output=True, text=True,
                          cwd=here, timeout=120)


class DiscoveryTest(unittest.TestCase):
    """How the package finds libsteepest (in fresh interpreters)."""
    pkg_dir = os.path.dirname(os.path.dirname(os.path.abspath(steepest.__file__)))

    def code(self, body):
        return "import sys; sys.path.insert(0, %r)\n%s" % (self.pkg_dir, body)

    def test_override_wins_and_fails_loudly(self):
        r = _run(self.code("import steepest"), STEEPEST_LIBRARY="/nonexistent/libsteepest.so.1")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("STEEPEST_LIBRARY=/nonexistent/libsteepest.so.1", r.stderr)

    def test_override_loads_that_file(self):
        r = _run(self.code("import steepest; print(steepest.library_path)"),
                 STEEPEST_LIBRARY=steepest.library_path, STEEPEST_BUILD_LIBRARY=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), steepest.library_path)

    def test_not_found_says_what_was_tried(self):
        r = _run(self.code("import steepest"), STEEPEST_LIBRARY=None,
                 STEEPEST_BUILD_LIBRARY="/nonexistent/build/libsteepest.so.1",
                 LD_LIBRARY_PATH="/nonexistent")
        if r.returncode == 0:
            self.skipTest("a libsteepest is installed on this system")
        self.assertIn("/nonexistent/build/libsteepest.so.1", r.stderr)
        self.assertIn("STEEPEST_LIBRARY", r.stderr)
        # Every step of the search is named, including the ones that found nothing.
        self.assertIn("find_library", r.stderr)
        self.assertIn("no installed location", r.stderr)

    def test_build_tree_is_used(self):
        r = _run(self.code("import steepest; print(steepest.library_path)"),
                 STEEPEST_LIBRARY=None, STEEPEST_BUILD_LIBRARY=steepest.library_path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), steepest.library_path)

    def test_installed_location_from_config(self):
        # An installed package carries _config.py naming the library's directory.
        import shutil
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            pkg = os.path.join(tmp, "steepest")
            shutil.copytree(os.path.dirname(os.path.abspath(steepest.__file__)), pkg,
                            ignore=shutil.ignore_patterns("__pycache__", "*.in"))
            with open(os.path.join(pkg, "_config.py"), "w") as f:
                f.write("libdir = %r\nsoversion = 1\nversion = 'test'\n"
                        % os.path.dirname(steepest.library_path))
            code = "import sys; sys.path.insert(0, %r)\nimport steepest; print(steepest.library_path)" % tmp
            r = _run(code, STEEPEST_LIBRARY=None, STEEPEST_BUILD_LIBRARY=None)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.strip(),
                             os.path.join(os.path.dirname(steepest.library_path),
                                          "libsteepest.so.1"))

    def test_missing_function_raises_not_implemented(self):
        from steepest import _lib
        _lib._proto("steepest_no_such_function_for_test", None)
        self.assertFalse(_lib.has("steepest_no_such_function_for_test"))
        with self.assertRaises(NotImplementedError):
            _lib.lib.steepest_no_such_function_for_test()
        self.assertTrue(_lib.has("steepest_norm_new"))


if __name__ == "__main__":
    unittest.main()
