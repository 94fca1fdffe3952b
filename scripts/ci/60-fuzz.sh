# libFuzzer, ~45 s per harness from the committed seeds (tests/fuzz/corpus/
# <harness>/), as many at once as there are cores.  New inputs go to a
# scratch corpus in the build tree; a crash fails the stage, and its input
# (the artifact named in the log) belongs in the committed corpus as a
# regression once fixed.  The harnesses are built by stage clang-sanitizers.
fuzz_dir=build-clang-san
fuzz_seconds=${STEEPEST_FUZZ_SECONDS:-45}
if [ ! -x "$fuzz_dir/tests/fuzz/fuzz-spec" ]; then
  CC=clang configure "$fuzz_dir" --werror --buildtype=debug -Db_sanitize=address,undefined \
    -Dbench=false -Dc_args=-fno-sanitize-recover=all
  meson compile -C "$fuzz_dir"
fi

fuzz_one() { # harness: fuzzes it, leaving the log and exit status in $fuzz_dir/fuzz-<harness>/
  local name=$1 out="$top/$fuzz_dir/fuzz-$1" rc=0
  rm -rf "$out"
  mkdir -p "$out/corpus"
  STEEPEST_PLUGIN_PATH="$top/$fuzz_dir/plugins" \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
    "$top/$fuzz_dir/tests/fuzz/fuzz-$name" -max_total_time="$fuzz_seconds" -timeout=10 \
    -rss_limit_mb=2048 -error_exitcode=1 -print_final_stats=1 -artifact_prefix="$out/" \
    "$out/corpus" "$top/tests/fuzz/corpus/$name" > "$out/log" 2>&1 || rc=$?
  echo "$rc" > "$out/rc"
}

fuzz_verdict() { # harness: prints its executions and any crash; fails if it crashed
  local name=$1 out="$top/$fuzz_dir/fuzz-$1"
  local runs
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log" | tail -n 1)
  local found
  found=$(ls "$out/corpus" | wc -l)
  if [ "$(cat "$out/rc")" = 0 ]; then
    echo "fuzz-$name: ${runs:-?} executions in ${fuzz_seconds} s, $found new inputs, no crash"
  else
    echo "fuzz-$name: stopped by a crash after ${runs:-?} executions ($found new inputs)"
    grep -E 'ERROR|SUMMARY|contract broken|Test unit written' "$out/log" | head -n 8
    echo "fuzz-$name: full log in $out/log"
    return 1
  fi
}

fuzz_harnesses=(spec signature matrix table)
fuzz_running=0
for fuzz_name in "${fuzz_harnesses[@]}"; do
  fuzz_one "$fuzz_name" &
  fuzz_running=$((fuzz_running + 1))
  if [ "$fuzz_running" -ge "$jobs" ]; then
    wait -n || true
    fuzz_running=$((fuzz_running - 1))
  fi
done
wait
for fuzz_name in "${fuzz_harnesses[@]}"; do
  record "fuzz-$fuzz_name" fuzz_verdict "$fuzz_name"
done
