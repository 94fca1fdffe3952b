#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs the
# main job — the paper's Figure 2 with its default settings, written to
# figure2/ (CSV, PNG and SVG heatmaps).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/scripts/install-deps.sh"
if [ ! -d build ]; then
  meson setup build --buildtype=release
fi
meson compile -C build >/dev/null

out=${1:-"$top/figure2"}
export STEEPEST_PLUGIN_PATH="$top/build/plugins${STEEPEST_PLUGIN_PATH:+:$STEEPEST_PLUGIN_PATH}"
"$top/build/tools/steepest" figure2 -o "$out"
echo "Figure 2 written to $out/"
