# ASan + UBSan over every suite but `install` (which builds a tree of its
# own).  The Python suites load the instrumented library into an
# uninstrumented interpreter, so the sanitizer runtimes are preloaded there
# and leak checking is off (CPython leaves its own memory to the OS).
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
