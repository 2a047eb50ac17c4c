#!/usr/bin/env bash
# Soak test, not in CI: analyses back to back on one cluster for MINUTES (30 by default) with an
# engine killed every 25 s; prints memory and open files of the controller and engines every 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
[ -d build/demo/t6_2 ] || build/bin/qualcluster demo-data build/demo >/dev/null
build/bin/qualcluster-soak build/bin/qualcluster-engine build/demo "$minutes"
