#!/usr/bin/env bash
# Cross-check with FastQC and seqtk: converts each sample folder's .qual reads to one FASTQ, runs
# `fastqc --nogroup` and `seqtk fqchk` on it and `qualcluster analyze --json` on the folders, fails
# (exit 1) at the first position whose mean differs, and prints each tool's time from the same run.
# Usage: tests/compare/compare_tools.sh [--large] [BUILD_DIR] [DATA_DIR]
#   BUILD_DIR  holds bin/qualcluster (default: build at the repo root); outputs go to BUILD_DIR/compare/run
#   DATA_DIR   a tX_Y folder or a folder of them (default: the demo data, made in BUILD_DIR/compare)
#   --large    the demo data with 960 reads per folder, the set `make bench` uses
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
set_name=demo reads=
if [ "${1:-}" = --large ]; then set_name=large reads=960; shift; fi
build=$(realpath -m "${1:-$root/build}")
data=${2:+$(realpath "$2")}
cd "$root"
bin=$build/bin
out=$build/compare

missing=
for tool in fastqc seqtk; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
if [ -n "$missing" ]; then
    echo "compare_tools: skipped (not installed:$missing; apt-get install fastqc seqtk)"
    exit 0
fi
[ -x "$bin/qualcluster" ] || { echo "compare_tools: no $bin/qualcluster; build first" >&2; exit 1; }

if [ -z "$data" ]; then
    data=$out/$set_name
    [ -d "$data" ] || "$bin/qualcluster" demo-data ${reads:+--reads $reads} "$data" >/dev/null
fi
rm -rf "$out/run"
mkdir -p "$out/run"
exec python3 -u tests/compare/compare_tools.py "$bin" "$data" "$out/run"
