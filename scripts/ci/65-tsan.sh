# ThreadSanitizer over the suites that use threads: the registry and loader
# (test-registry's concurrency test), the shared-instance storm
# (test-threads), the threaded ℓ∞ enumeration (test-induced); and the symbol
# check (no ifunc in a sanitizer build: it crashed TSan at load).  Any report
# fails its test (halt_on_error: exit code 66).  GLib is not instrumented;
# three settings make it and OpenBLAS visible to TSan or keep them out of the
# way, and none hides a report of ours:
#   LD_PRELOAD tsan-glib-mutex  GMutex/GRecMutex locks described to TSan
#                               (tests/tsan-glib-mutex.c says why);
#   G_SLICE=always-malloc       GLib's slice allocator hands memory between
#                               threads through magazines TSan cannot follow;
#   OPENBLAS_NUM_THREADS=1      OpenBLAS's thread pool synchronizes by spinning
#                               on plain memory; the library's threads still run.
# No suppression file: nothing needs one.
configure build-tsan --werror --buildtype=debugoptimized -Db_sanitize=thread -Dbench=false
meson compile -C build-tsan
G_SLICE=always-malloc OPENBLAS_NUM_THREADS=1 \
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 external_symbolizer_path=$(command -v llvm-symbolizer || true)" \
  run_stage tsan build-tsan registry threads induced \
  --wrap "env LD_PRELOAD=$top/build-tsan/tests/libtsan-glib-mutex.so"
run_stage symbols-tsan build-tsan --suite symbols
