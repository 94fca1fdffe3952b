# The normal build with warnings as errors, every suite.
configure build-test --werror --buildtype=debugoptimized
meson compile -C build-test
run_stage all build-test
