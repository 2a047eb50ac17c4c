#!/usr/bin/env bash
# Pictures of the main views for the README: the real app in a virtual X display (Xvfb), on the
# demo data, started and run from its own command line, on three screens: a desktop (the window
# opens at 1500x950), a 1024x700 screen and a 2732x1536 screen at 2x scale. Not part of the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-resources/screenshots}
bin=build/bin
[ -d build/demo ] || "$bin/qualcluster" demo-data build/demo >/dev/null

# shoot DIR SCREEN [SCALE]: a first start each time, with no remembered window layout or folders.
shoot() {
    local dir=$1 screen=$2 scale=${3:-1} config
    config=$(mktemp -d)
    rm -f "$dir"/*.png
    XDG_CONFIG_HOME=$config XDG_DATA_HOME=$config QT_SCALE_FACTOR=$scale \
        xvfb-run -a -s "-screen 0 ${screen}x24" \
        "$bin/qualcluster" -n 2 --start --run --screenshots "$dir" build/demo
    rm -rf "$config"
    echo "$dir:" $(cd "$dir" && ls)
}
shoot "$out" 1600x1000
shoot "$out/1024x700" 1024x700
shoot "$out/2x" 2732x1536 2
