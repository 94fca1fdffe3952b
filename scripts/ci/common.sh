# Shared by the CI stages (sourced by run-tests.sh, never run alone).
# Each stage file scripts/ci/NN-name.sh is sourced in order and appends the
# meson JSON logs (or record()'s own lines, in the same format) to results[].

jobs=$(nproc)
results=()
extra_log="$top/build-ci-extra.json"

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

record() { # name command...: runs a check that is not a meson test and counts it
  local name=$1
  shift
  echo "=== $name ==="
  local result=OK start=$SECONDS
  "$@" || result=FAIL
  echo "=== $name: $result ($((SECONDS - start)) s) ==="
  printf '{"name": "%s", "result": "%s"}\n' "$name" "$result" >> "$extra_log"
}

stage_timer() { # name: prints how long the previous stage took
  echo "--- stage $1 took $((SECONDS - stage_start)) s ---"
  stage_start=$SECONDS
  device_check "$1"
}

# A rename over /dev/null (an atomic write aimed at it, gcovr -o /dev/null)
# turns it into a plain file for the whole machine; it has happened here.
# Each stage is checked, so the one that did it is named and counted.
device_check() { # stage
  if [ ! -c /dev/null ]; then
    echo "stage $1: /dev/null is no longer a character device (something in this stage replaced it)" >&2
    printf '{"name": "%s", "result": "FAIL"}\n' "dev-null-after-$1" >> "$extra_log"
  fi
}
