# clang with ASan + UBSan, set up exactly as a user would (b_lundef left on:
# lib/meson.build lets the library leave the sanitizer runtimes' symbols to
# the executables, where clang links them).  This build also holds the
# libFuzzer harnesses (tests/fuzz/), whose seed corpora replay here as the
# `fuzz` suite; stage fuzz fuzzes them.  The Python suites are left to stage
# asan: an uninstrumented interpreter would need clang's shared runtime.
CC=clang configure build-clang-san --werror --buildtype=debug -Db_sanitize=address,undefined \
  -Dbench=false -Dc_args=-fno-sanitize-recover=all
meson compile -C build-clang-san
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
  run_stage clang-sanitizers build-clang-san --no-suite install --no-suite python
