# Line and branch coverage of lib/ and plugins/ by the C and MPI suites
# (gcc's --coverage, gcovr), each folder failing below its floor.  The floors
# are what the suites reached, rounded down half a point so that noise does
# not flake (the Lanczos and thread-timing paths vary by a few branches);
# raise them as tests are added.  The build is the plain one's
# (debugoptimized) with -Db_coverage=true; the CLI, Python, install,
# Valgrind and fuzz suites are left out (they are slow, and cover tools/ and
# bindings/ more than lib/).  Counters from an earlier run are deleted first.
# Reached when they were set (suites c and mpi, the allocation-failure test
# included): lib/ 97.8% lines, 87.3% branches; plugins/ 96.6% lines, 83.4%
# branches.
coverage_floor_lib_lines=${STEEPEST_COVERAGE_LIB_LINES:-97.3}
coverage_floor_lib_branches=${STEEPEST_COVERAGE_LIB_BRANCHES:-86.8}
coverage_floor_plugins_lines=${STEEPEST_COVERAGE_PLUGINS_LINES:-96.1}
coverage_floor_plugins_branches=${STEEPEST_COVERAGE_PLUGINS_BRANCHES:-82.9}

configure build-cov --werror --buildtype=debugoptimized -Db_coverage=true -Dbench=false
meson compile -C build-cov
find build-cov -name '*.gcda' -delete
run_stage coverage build-cov --suite c --suite mpi

coverage_check() { # folder line-floor branch-floor: prints the folder's figures, fails below a floor
  local folder=$1 lines=$2 branches=$3
  echo "coverage of $folder/ (floors: lines $lines%, branches $branches%)"
  # The search path is build-cov alone: gcovr would otherwise merge the
  # counters of any other coverage build under the root.
  gcovr -j "$jobs" -r "$top" --object-directory "$top/build-cov" --filter "$top/$folder/" \
    --exclude-unreachable-branches --exclude-throw-branches --txt - --print-summary \
    --fail-under-line "$lines" --fail-under-branch "$branches" "$top/build-cov"
}
record coverage-lib coverage_check lib "$coverage_floor_lib_lines" "$coverage_floor_lib_branches"
record coverage-plugins coverage_check plugins "$coverage_floor_plugins_lines" "$coverage_floor_plugins_branches"
