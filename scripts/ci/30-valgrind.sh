# Valgrind over the C suites of the plain build (stage plain builds it).
# Check forks each test; Valgrind follows the children.  STEEPEST_TEST_QUICK
# shrinks the randomized rounds that the plain run already covers at full
# count (the signature fuzz in test-foreign).
[ -f build-test/build.ninja ] || { configure build-test --werror --buildtype=debugoptimized; meson compile -C build-test; }
# product and sparse are left out here: Valgrind computes long double at
# double precision, so product's long-double references underflow at the
# tiny scales it tests (values, not memory errors), and sparse takes close to
# three minutes under Valgrind (its Lanczos and grid cases); ASan and the
# plain, clang and coverage stages run both.  oom defines malloc itself
# (allocation-failure injection), which Valgrind's replacement would bypass.
valgrind_tests=$(meson test -C build-test --list --suite c 2>/dev/null | grep '^steepest:c / ' | sed 's|.* / ||' | grep -vx -e product -e sparse -e oom)
STEEPEST_TEST_QUICK=1 CK_TIMEOUT_MULTIPLIER=20 \
  run_stage valgrind build-test $valgrind_tests --timeout-multiplier 20 \
  --wrap "valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --trace-children=yes"
