"""Runs the binding's unittest suite: `run.py [--no-numpy] [unittest args]`.

--no-numpy hides NumPy (sys.modules['numpy'] = None makes `import numpy`
raise ImportError) so the standard-library-only paths are what is tested.
The package is imported from the source tree next to this directory."""
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
args = sys.argv[1:]
if "--no-numpy" in args:
    args.remove("--no-numpy")
    sys.modules["numpy"] = None
    os.environ["STEEPEST_TEST_NO_NUMPY"] = "1"
sys.path.insert(0, os.path.dirname(here))
sys.path.insert(0, here)

import steepest  # noqa: E402  (after the path set-up)

print("steepest %s from %s; NumPy %s" % (steepest.version(), steepest.library_path,
                                         "present" if steepest.HAVE_NUMPY else "hidden"))
suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
sys.exit(0 if result.wasSuccessful() else 1)
