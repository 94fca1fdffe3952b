# The Debian packages: build them from a copy of the tracked tree
# (dpkg-buildpackage -us -uc -b, the test suite skipped since the stages above
# ran it), check them with lintian (no errors), install them on this machine,
# use what they installed (steepest norms, a pkg-config build of the example,
# import steepest), then remove them again so the machine is left as found.
debian_stage() {
  local work=$top/build-deb src
  rm -rf "$work"
  src=$work/libsteepest-$(sed -n '1s/.*(\(.*\)).*/\1/p' debian/changelog)
  mkdir -p "$src"
  git ls-files -z | (cd "$top" && tar --null -T - -cf -) | tar -xf - -C "$src"
  record debian-build sh -c "cd '$src' && DEB_BUILD_OPTIONS='nocheck parallel=$jobs' \
    dpkg-buildpackage -us -uc -b > '$work/build.log' 2>&1 || { tail -n 60 '$work/build.log'; exit 1; }"
  record debian-lintian lintian --fail-on error --tag-display-limit 0 "$work"/libsteepest_*.changes
  record debian-install sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $(printf "'%s' " "$work"/libsteepest1_*.deb "$work"/libsteepest-dev_*.deb "$work"/steepest_*.deb \
      "$work"/python3-steepest_*.deb) > '$work/install.log' 2>&1 || { cat '$work/install.log'; exit 1; }"
  record debian-installed-program sh -c "env -u STEEPEST_PLUGIN_PATH /usr/bin/steepest norms | tee '$work/norms.txt' \
    && grep -q '^linf' '$work/norms.txt' && grep -q '/usr/lib/.*/steepest-1/plugins' '$work/norms.txt'"
  record debian-installed-example sh -c "cp -R /usr/share/doc/libsteepest-dev/examples '$work/examples' \
    && make -C '$work/examples' norms-demo > '$work/make.log' 2>&1 \
    && env -u STEEPEST_PLUGIN_PATH '$work/examples/norms-demo' 6 l2 linf l1 block:size=2"
  record debian-installed-python sh -c "cd / && env -u STEEPEST_PLUGIN_PATH -u STEEPEST_BUILD_LIBRARY \
    /usr/bin/python3 -c 'import steepest; print(steepest.library_path); assert steepest.Norm(\"linf\").norm([3.0, -4.0]) == 4.0'"
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq python3-steepest steepest libsteepest-dev libsteepest1 \
    > /dev/null 2>&1 || true
}
debian_stage
