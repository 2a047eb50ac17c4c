#!/usr/bin/env bash
# Pictures of the main views for the README: the real app in a virtual X display (Xvfb), on the
# demo data, started and run from its own command line. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-resources/screenshots}
bin=build/bin
[ -d build/demo ] || "$bin/qualcluster" demo-data build/demo >/dev/null
config=$(mktemp -d) # a first start: no remembered window layout or folders
trap 'rm -rf "$config"' EXIT
XDG_CONFIG_HOME=$config XDG_DATA_HOME=$config xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$bin/qualcluster" -n 2 --start --run --screenshots "$out" build/demo
ls "$out"
