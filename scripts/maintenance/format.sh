#!/usr/bin/env bash
# Applies .clang-format to every tracked C source and header (clang-format
# 14, Debian 12's).  `--check` only reports files that differ, as the CI
# stage does.  clang-format 14 has no ignore file, so the list is git's:
# the meson template steepest-version.h.in is not matched and is left alone.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
mapfile -t files < <(git -C "$top" ls-files '*.c' '*.h')
files=("${files[@]/#/$top/}")
if [ "${1:-}" = "--check" ]; then
  exec clang-format --dry-run --Werror "${files[@]}"
fi
exec clang-format -i "${files[@]}"
