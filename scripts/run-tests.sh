#!/usr/bin/env bash
# The README's test command: installs what is missing, builds with warnings
# as errors, and runs the test suites three ways — all of them plain, all but
# the install test under AddressSanitizer + UndefinedBehaviorSanitizer, the C
# suites under Valgrind — then prints one closing line "N passed, N failed".
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
  rm -f "$dir/meson-logs/$log"*.json
  meson test -C "$dir" --print-errorlogs --num-processes "$jobs" --logbase "$log" "$@" || true
  # With --wrap, meson appends the wrapper's name: valgrind-valgrind.json.
  local json
  json=$(ls "$dir/meson-logs/$log"*.json 2>/dev/null | head -n 1)
  results+=("${json:-$dir/meson-logs/$log.json}")
}

# 1. The normal build, every suite.
configure build-test --werror --buildtype=debugoptimized
meson compile -C build-test
run_stage all build-test

# 2. ASan + UBSan over every suite but `install` (which builds a tree of its
#    own).  The Python suites load the instrumented library into an
#    uninstrumented interpreter, so the sanitizer runtimes are preloaded there
#    and leak checking is off (CPython leaves its own memory to the OS).
configure build-asan --werror --buildtype=debug -Db_sanitize=address,undefined \
  -Db_lundef=false -Dbench=false -Dc_args=-fno-sanitize-recover=all
meson compile -C build-asan
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
  run_stage sanitizers build-asan --no-suite install --no-suite python
LD_PRELOAD="$(cc -print-file-name=libasan.so):$(cc -print-file-name=libubsan.so)" \
ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 \
  run_stage sanitizers-python build-asan --suite python
unset UBSAN_OPTIONS

# 3. Valgrind over the C suites of the normal build.  Check forks each test;
#    Valgrind follows the children.  STEEPEST_TEST_QUICK shrinks the
#    randomized rounds that are already covered at full count by the plain
#    run (the signature fuzz in test-foreign).
STEEPEST_TEST_QUICK=1 CK_TIMEOUT_MULTIPLIER=20 \
  run_stage valgrind build-test --suite c --timeout-multiplier 20 \
  --wrap "valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --trace-children=yes"

/usr/bin/python3 "$top/scripts/summarize-tests.py" "${results[@]}"
