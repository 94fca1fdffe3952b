# The public ABI of libsteepest.so.1 against the committed baseline
# (tests/abi/libsteepest.so.1.abi, abidw of the library as released).
# Added functions are allowed; a removed or changed one fails.  abidiff's
# exit status is a bit mask (1 error, 2 usage, 4 change, 8 incompatible
# change); with --no-added-syms, additions no longer count as changes, so any
# nonzero status is a failure.  Fields appended to the plugin structs are
# additions too (tests/abi/plugin-structs.suppr); the plugin ABI is frozen at
# compile time by tests/headers/plugin-abi.c.  Regenerate the baseline only with a soversion
# bump: abidw --no-corpus-path --headers-dir include/steepest
#   --drop-private-types build-test/lib/libsteepest.so.1 > tests/abi/libsteepest.so.1.abi
[ -f build-test/build.ninja ] || { configure build-test --werror --buildtype=debugoptimized; meson compile -C build-test; }
abi_check() {
  local rc=0
  abidiff --no-added-syms --suppressions "$top/tests/abi/plugin-structs.suppr" --headers-dir2 "$top/include/steepest" --drop-private-types \
    "$top/tests/abi/libsteepest.so.1.abi" "$top/build-test/lib/libsteepest.so.1" || rc=$?
  [ "$rc" = 0 ] || echo "abidiff: status $rc (4: an ABI change, 8: an incompatible one)"
  abidiff --suppressions "$top/tests/abi/plugin-structs.suppr" --headers-dir2 "$top/include/steepest" \
    --drop-private-types "$top/tests/abi/libsteepest.so.1.abi" "$top/build-test/lib/libsteepest.so.1" |
    grep -E '^ *\[A\]|Added' || true
  return "$rc"
}
record abi abi_check
