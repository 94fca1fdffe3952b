#!/bin/sh
# build-reference.sh DOXYFILE_IN OUTDIR VERSION HEADER_DIR... — generates the
# HTML API reference of the public headers into OUTDIR/html.  Any Doxygen
# warning (an undocumented function, type, enum value or macro; a broken
# command) fails it, with the warnings on stderr.
set -eu
doxyfile_in=$1 outdir=$2 version=$3
shift 3
doxygen=${DOXYGEN:-doxygen}
work=$outdir.work            # the Doxyfile and the warnings stay out of OUTDIR
mkdir -p "$outdir" "$work"
rm -rf "$outdir/html"
sed -e "s|@VERSION@|$version|" -e "s|@OUTDIR@|$outdir|" -e "s|@WORKDIR@|$work|" -e "s|@INPUT@|$*|" \
    -e "s|@INCLUDE_PATH@|$1|" "$doxyfile_in" > "$work/Doxyfile"
if ! "$doxygen" "$work/Doxyfile" || [ -s "$work/warnings.log" ]; then
    cat "$work/warnings.log" >&2
    echo "build-reference: Doxygen warnings (above) in the public headers" >&2
    exit 1
fi
# A header without a "@file" block is silently left out of the reference
# (EXTRACT_ALL = NO: no page, no warning), so every public header must have
# its page in the file list.
missing=""
for dir in "$@"; do
    for header in "$dir"/*.h; do
        [ -e "$header" ] || continue
        page=$(basename "$header" .h | sed 's/_/__/g')_8h.html
        grep -q "href=\"$page\"" "$outdir/html/files.html" || missing="$missing $(basename "$header")"
    done
done
if [ -n "$missing" ]; then
    echo "build-reference: no page for$missing (each public header needs a '/** @file NAME' block)" >&2
    exit 1
fi
