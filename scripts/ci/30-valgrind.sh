# Valgrind over the C suites of the plain build (stage plain builds it).
# Check forks each test; Valgrind follows the children.  STEEPEST_TEST_QUICK
# shrinks the randomized rounds that the plain run already covers at full
# count (the signature fuzz in test-foreign).
[ -f build-test/build.ninja ] || { configure build-test --werror --buildtype=debugoptimized; meson compile -C build-test; }
STEEPEST_TEST_QUICK=1 CK_TIMEOUT_MULTIPLIER=20 \
  run_stage valgrind build-test --suite c --timeout-multiplier 20 \
  --wrap "valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --trace-children=yes"
