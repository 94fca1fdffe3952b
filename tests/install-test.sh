#!/bin/sh
# install-test.sh — installs libsteepest into a temporary prefix and uses it
# the way a third party does: builds examples/norms-demo.c with its Makefile
# (pkg-config --cflags --libs steepest), builds the out-of-tree wl2 plugin
# with its Makefile and installs it into the prefix's pluginsdir, then runs
# the demo and checks that wl2 and the built-in norms load from the installed
# plugin directory and pass the Lemma 3 checks.  Also checks that the
# headers, the .pc file and the built-in plugins were installed.
#
# Usage: install-test.sh SOURCE_DIR [MESON]
#
# The library hardcodes its plugin directory from the configured prefix, so
# this configures a build directory of its own with --prefix=<temp dir>
# rather than reusing the caller's with DESTDIR.  Everything it writes is in
# one temporary directory, removed on exit.
set -eu

srcdir=${1:?usage: install-test.sh SOURCE_DIR [MESON]}
meson=${2:-meson}
srcdir=$(cd "$srcdir" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/steepest-install-test.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

prefix=$tmp/prefix
log=$tmp/log
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

step() {
    echo "== $*"
}

# Nothing from the caller's environment may point into another tree.
unset DESTDIR STEEPEST_PLUGIN_PATH STEEPEST_PLUGIN_SYSTEM_PATH PKG_CONFIG_PATH LD_LIBRARY_PATH || true

step "configure and install into $prefix"
if ! "$meson" setup "$tmp/build" "$srcdir" --prefix="$prefix" --libdir=lib --buildtype=release \
        -Dtests=false -Dbench=false >"$log" 2>&1; then
    cat "$log"
    echo "FAIL: meson setup"
    exit 1
fi
if ! "$meson" install -C "$tmp/build" >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "FAIL: meson install"
    exit 1
fi

step "installed files"
for h in steepest.h steepest-plugin.h steepest-norm.h steepest-status.h steepest-version.h \
         steepest-version-macros.h; do
    [ -f "$prefix/include/steepest/$h" ] || fail "header include/steepest/$h not installed"
done
# The file name follows the project version (0.2.0 -> libsteepest.so.1.2.0);
# the SONAME stays libsteepest.so.1 for as long as the ABI is compatible.
project_version=$(sed -n "s/^  version : '\([0-9.]*\)',\$/\1/p" "$srcdir/meson.build" | head -n 1)
libfile=$prefix/lib/libsteepest.so.1.${project_version#*.}
[ -n "$project_version" ] && [ -f "$libfile" ] || fail "libsteepest.so.1.<minor>.<micro> for version '$project_version' not installed"
if command -v readelf >/dev/null 2>&1 && [ -f "$libfile" ]; then
    readelf -d "$libfile" | grep -q 'Library soname: \[libsteepest.so.1\]' || fail "$libfile: SONAME is not libsteepest.so.1"
fi
pc=$prefix/lib/pkgconfig/steepest.pc
[ -f "$pc" ] || fail "lib/pkgconfig/steepest.pc not installed"
ls "$prefix/lib"/libsteepest.so* >/dev/null 2>&1 || fail "libsteepest.so not installed in lib/"

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pluginsdir=$(pkg-config --variable=pluginsdir steepest) || { fail "pkg-config cannot read steepest.pc"; pluginsdir=; }
case $pluginsdir in
    "$prefix"/*) ;;
    *) fail "pluginsdir '$pluginsdir' is not inside the prefix $prefix" ;;
esac
for p in l2 linf l1 block; do
    [ -f "$pluginsdir/libsteepest-$p.so" ] || fail "built-in plugin $p not installed in $pluginsdir"
done
docdir=$prefix/share/doc/steepest
[ -f "$docdir/docs/theory.md" ] || fail "the guides are not installed in share/doc/steepest/docs"
[ -f "$docdir/examples/plugin-wl2/wl2.c" ] || fail "the examples are not installed in share/doc/steepest/examples"
[ -f "$docdir/examples/meson.build" ] && fail "examples/meson.build (the in-tree build) was installed"
python3 "$srcdir/tests/check-doc-links.py" "$docdir/docs" || fail "the installed guides have broken links"
[ "$failures" -eq 0 ] || exit 1

step "build examples/norms-demo.c and the wl2 plugin with their Makefiles"
cp -R "$srcdir/examples" "$tmp/examples"
if ! make -C "$tmp/examples" >"$log" 2>&1; then
    cat "$log"
    echo "FAIL: make in examples/"
    exit 1
fi
if ! make -C "$tmp/examples/plugin-wl2" install >"$log" 2>&1; then
    cat "$log"
    echo "FAIL: make install in examples/plugin-wl2"
    exit 1
fi
[ -f "$pluginsdir/libsteepest-wl2.so" ] || fail "make install did not put wl2 into $pluginsdir"

step "run the demo against the installed library"
export LD_LIBRARY_PATH="$prefix/lib"
out=$tmp/demo.out
status=0
"$tmp/examples/norms-demo" 12 wl2 wl2:w=1+2+3+4+5+6+7+8+9+10+11+12 >"$out" 2>&1 || status=$?
cat "$out"
[ "$status" -eq 0 ] || fail "norms-demo exited with status $status"
grep -q "^plugin directory: $pluginsdir " "$out" || fail "the library does not search $pluginsdir"
for n in l2 linf l1 block wl2; do
    grep -Eq "^$n .* ok\$" "$out" || fail "$n is not listed with passing Lemma 3 checks"
done
grep -Eq '^wl2 +wl2:w=1\+2\+3' "$out" || fail "wl2 with per-coordinate weights is not listed"
grep -q "rejected" "$out" && fail "a plugin was rejected"

# The library must find wl2 through its installed directory alone: a second
# run with the plugin moved out and STEEPEST_PLUGIN_PATH set finds it there.
mkdir "$tmp/elsewhere"
mv "$pluginsdir/libsteepest-wl2.so" "$tmp/elsewhere/"
STEEPEST_PLUGIN_PATH="$tmp/elsewhere" "$tmp/examples/norms-demo" 6 wl2 >"$out" 2>&1 ||
    fail "wl2 not found through STEEPEST_PLUGIN_PATH"
"$tmp/examples/norms-demo" 6 wl2 >"$out" 2>&1 && fail "wl2 found although it is neither installed nor on the path"

# The installed program and Python package find the installed library by
# themselves: no LD_LIBRARY_PATH, no plugin path.
step "run the installed steepest program and import the installed Python package"
env -u LD_LIBRARY_PATH "$prefix/bin/steepest" norms >"$out" 2>&1 || fail "installed steepest norms failed: $(head -n 3 "$out")"
grep -q "$pluginsdir/libsteepest-linf.so" "$out" || fail "installed steepest does not load linf from $pluginsdir"
# The plugin author's conformance check: the installed program passes the
# installed wl2 module (moved out of the plugin directory above) and an
# installed built-in.
env -u LD_LIBRARY_PATH "$prefix/bin/steepest" check-plugin "$tmp/elsewhere/libsteepest-wl2.so" \
    --spec wl2:w=1+2+3 --dim 1 --dim 3 --dim 5 >"$out" 2>&1 ||
    fail "installed steepest check-plugin fails the installed wl2 module: $(grep FAIL "$out" | head -n 3)"
grep -q "all laws hold" "$out" || fail "check-plugin on wl2 printed no verdict: $(tail -n 3 "$out")"
env -u LD_LIBRARY_PATH "$prefix/bin/steepest" check-plugin "$pluginsdir/libsteepest-linf.so" >"$out" 2>&1 ||
    fail "installed steepest check-plugin fails the installed linf: $(grep FAIL "$out" | head -n 3)"
# docs/python.md says where a --prefix install puts the package: Debian's
# /usr/bin/python3 keeps pure packages in lib/python3/dist-packages.
pkg=$prefix/lib/python3/dist-packages/steepest/__init__.py
if [ ! -f "$pkg" ]; then
    fail "the Python package is not at $pkg, where docs/python.md says it is: $(find "$prefix" -name __init__.py | head -n 3)"
else
    value=$(env -u LD_LIBRARY_PATH PYTHONPATH="$(dirname "$(dirname "$pkg")")" /usr/bin/python3 -c \
        'import steepest; print(steepest.Norm("l2").norm([3.0, 4.0]))' 2>&1) || value="error: $value"
    [ "$value" = "5.0" ] || fail "installed Python package: expected 5.0, got: $value"
fi

# libsteepest-mpi, when MPI was found: its header, .pc and library serve a
# program of a third party, run as one rank (Open MPI's singleton).
if [ -f "$prefix/lib/pkgconfig/steepest-mpi.pc" ]; then
    step "build and run a program against the installed libsteepest-mpi"
    [ -f "$prefix/include/steepest/steepest-mpi.h" ] || fail "steepest-mpi.h not installed"
    cat >"$tmp/mpi-demo.c" <<'EOF_C'
#include <stdio.h>
#include <steepest/steepest.h>
#include <steepest/steepest-mpi.h>
int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    SteepestNorm *norm;
    SteepestMpiRun *run;
    double x[3] = { 0, 0, 0 }, g[3] = { 1, -2, 0.5 };
    if (steepest_norm_new("linf", 3, &norm) != 0 ||
        steepest_mpi_run_new(MPI_COMM_WORLD, norm, 3, STEEPEST_MPI_SIGN_MAJORITY, 1.0, &run) != 0)
        return 1;
    steepest_mpi_run_set_step_size(run, 0.5);
    int st = steepest_mpi_update(run, 3, x, g);
    printf("%d %g %g %g\n", st, x[0], x[1], x[2]);
    steepest_mpi_run_free(run);
    steepest_norm_free(norm);
    MPI_Finalize();
    return st;
}
EOF_C
    if cc -o "$tmp/mpi-demo" "$tmp/mpi-demo.c" $(pkg-config --cflags --libs steepest-mpi) >"$log" 2>&1; then
        mpi_out=$("$tmp/mpi-demo" 2>&1) || fail "mpi-demo failed: $mpi_out"
        [ "$mpi_out" = "0 -0.5 0.5 -0.5" ] || fail "mpi-demo: expected '0 -0.5 0.5 -0.5', got '$mpi_out'"
    else
        cat "$log"
        fail "cannot build against pkg-config steepest-mpi"
    fi
fi

if [ "$failures" -ne 0 ]; then
    echo "install test: $failures failure(s)"
    exit 1
fi
echo "install test: ok"
