#!/usr/bin/env bash
# The README's test command: installs what is missing, builds with warnings
# as errors, and runs the whole test suite three ways — plain, under
# AddressSanitizer + UndefinedBehaviorSanitizer, and under Valgrind — then
# prints one closing line "N passed, N failed".
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/scripts/install-deps.sh"

jobs=$(nproc)
results=()

configure() { # builddir meson-setup-args...: fresh, or reconfigured if already set up
  local dir=$1
  shift
  if [ -f "$dir/meson-private/coredata.dat" ]; then
    meson setup --reconfigure "$dir" "$@"
  else
    rm -rf "$dir"
    meson setup "$dir" "$@"
  fi
}

run_stage() { # logname builddir meson-test-args...  (failures are counted at the end)
  local log=$1 dir=$2
  shift 2
  echo "=== $log ==="
  meson test -C "$dir" --print-errorlogs --num-processes "$jobs" --logbase "$log" "$@" || true
  results+=("$dir/meson-logs/$log.json")
}

# 1. The normal build, every suite.
configure build-test --werror --buildtype=debugoptimized
meson compile -C build-test
run_stage all build-test

# 2. ASan + UBSan (the C suites; Python's interpreter is not instrumented).
configure build-asan --werror --buildtype=debug -Db_sanitize=address,undefined \
  -Db_lundef=false -Dbench=false -Dc_args=-fno-sanitize-recover=all
meson compile -C build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_stage sanitizers build-asan --suite c

# 3. Valgrind over the C suites of the normal build.  Check forks each test;
#    Valgrind follows the children.  STEEPEST_TEST_QUICK shrinks the
#    exponential-size cases that would take minutes under Valgrind.
STEEPEST_TEST_QUICK=1 CK_TIMEOUT_MULTIPLIER=20 \
  run_stage valgrind build-test --suite c --timeout-multiplier 20 \
  --wrap "valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --trace-children=yes"

/usr/bin/python3 "$top/scripts/summarize-tests.py" "${results[@]}"
