#!/usr/bin/env bash
# The README's test command: installs what is missing, then runs every CI
# stage in scripts/ci/ in order (the plain build with warnings as errors,
# ASan + UBSan, Valgrind, and the others listed there) and prints one
# closing line "N passed, N failed".
#
#   scripts/run-tests.sh              every stage
#   scripts/run-tests.sh plain asan   only the stages whose names are given
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/scripts/install-deps.sh"

source "$top/scripts/ci/common.sh"
rm -f "$extra_log"
stage_start=$SECONDS

for stage in "$top"/scripts/ci/[0-9][0-9]-*.sh; do
  name=$(basename "$stage" .sh)
  name=${name#[0-9][0-9]-}
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
    continue
  fi
  source "$stage"
  stage_timer "$name"
done

[ -f "$extra_log" ] && results+=("$extra_log")
/usr/bin/python3 "$top/scripts/summarize-tests.py" "${results[@]}"
