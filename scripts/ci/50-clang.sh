# clang, plain, warnings as errors: the code stays portable across
# compilers.  Every suite but `install` (which builds a tree of its own with
# the default compiler).
CC=clang configure build-clang --werror --buildtype=debugoptimized -Dbench=false
meson compile -C build-clang
run_stage clang build-clang --no-suite install
