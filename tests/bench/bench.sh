#!/usr/bin/env bash
# Speed figures for the README, measured side by side in one run on this machine. Not a test:
# it prints what it measured and never fails on a figure.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build/bin
data=build/bench
reference=../shared/tools/seed_reference.py

[ -d "$data/large" ] || "$bin/qualcluster" demo-data --reads 960 "$data/large" >/dev/null
[ -d "$data/small" ] || "$bin/qualcluster" demo-data "$data/small" >/dev/null
cat "$data"/large/*/*.qual >/dev/null # warm cache for every contender

python3 - "$bin" "$data/large" "$reference" <<'PY'
import statistics, subprocess, sys, time
bin, large, reference = sys.argv[1:4]

def timed(cmd, rounds):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)

python = timed(["python3", reference, large], 3)
print(f"lesson_function_serial_s\t{python:.3f}\t(seed_reference.py over the large set, median of 3)")
for mode, n in [("balanced", 2), ("direct", 2), ("threads", 2), ("serial", 1)]:
    ours = timed([f"{bin}/qualcluster", "analyze", "--mode", mode, "-n", str(n), large], 5)
    print(f"qualcluster_{mode}_n{n}_s\t{ours:.3f}\t(whole command, engine start included, median of 5;"
          f" {python / ours:.1f}x faster than the lesson's function)")
PY
"$bin/qualcluster-bench" "$bin/qualcluster-engine" "$data/small" "$data/large"
# What users run (outputs on, a running cluster, the serial comparison) beside the read floor,
# each figure with its target.
python3 tests/bench/speed.py "$bin" "$data/large" "$data/small"
# The window's run path beside the command line's on one running cluster; then growth: 1x, 10x and
# 30x the large set (hard links), time against linear and every process's peak memory, and the
# window on the 30x set for responsiveness.
python3 tests/bench/growth.py "$bin" "$data/growth"
"$bin/qualcluster-guibench" "$data/large" "$data/small" "$data/growth/x30"
# Streaming reports: MB/s and memory of the JSON and CSV writers.
"$bin/qualcluster-reports" "$data/large"
# How far one controller goes: 64 engines fed 20,000 empty tasks, over the local socket and over
# TLS/TCP on loopback.
"$bin/qualcluster-scale" "$bin/qualcluster-engine" 64 20000
# The run history at 10,000 runs: opening and listing it, as the History tab and `history list` do.
"$bin/qualcluster-historybench" "$bin/qualcluster" 10000
