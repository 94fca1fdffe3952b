# `pip install .` with meson-python, offline (--no-build-isolation), into a
# temporary prefix; the installed package must find its own library and
# plugins and run, from a directory outside the checkout.
pip_stage() {
  local prefix=$top/build-pip site
  rm -rf "$prefix"
  record pip-install sh -c "/usr/bin/python3 -m pip install --no-build-isolation --no-deps --no-cache-dir \
    --prefix '$prefix' '$top' > '$top/build-pip.log' 2>&1 || { tail -n 40 '$top/build-pip.log'; exit 1; }"
  site=$(find "$prefix" -name dist-packages -o -name site-packages | head -n 1)
  record pip-installed-python sh -c "cd / && env -u STEEPEST_PLUGIN_PATH -u STEEPEST_BUILD_LIBRARY \
    PYTHONPATH='$site' /usr/bin/python3 -c '
import steepest
assert \".steepest.mesonpy.libs\" in steepest.library_path, steepest.library_path
assert {\"l2\", \"linf\", \"l1\"} <= {n.name for n in steepest.norms()}
r = steepest.minimize(lambda x: (sum(v * v for v in x), [2 * v for v in x]), [1.0, -2.0], norm=\"linf\")
assert r.success and r.fun < 1e-9, r
print(\"pip-installed steepest\", steepest.version(), \"from\", steepest.library_path)'"
}
pip_stage
