# The smallest library: no libffi (foreign objectives), no CLI, no MPI, no
# ARPACK, no benchmarks.  Checks that the optional layers really are optional:
# the library and its C suites build and pass, and the foreign suite then
# checks that every steepest_foreign_* call fails with UNSUPPORTED.  Only what
# the C suites need is built (library, plugins, fixtures, test programs):
# about a minute on 2 cores.
configure build-minimal --werror --buildtype=debug -Dforeign=disabled -Dtools=disabled -Dmpi=disabled \
  -Darpack=disabled -Dbench=false
minimal_targets() { # the files the tests of suite c run and depend on, relative to the build dir
  meson introspect build-minimal --tests --targets | python3 -c '
import json, os, sys
doc = json.load(sys.stdin)
files = {t["id"]: t["filename"] for t in doc["targets"]}
out = set()
for t in doc["tests"]:
    if "c" in t["suite"]:
        out.add(t["cmd"][0])
        out.update(f for d in t["depends"] for f in files.get(d, []))
print("\n".join(os.path.relpath(f, "build-minimal") for f in sorted(out)))'
}
ninja -C build-minimal $(minimal_targets)
run_stage minimal build-minimal --suite c --no-rebuild
