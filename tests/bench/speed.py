#!/usr/bin/env python3
"""What users run, timed beside the physical floor in the same run, each with its target.

A benchmark, not a test: it prints figures and never fails on one. Usage:
    speed.py BIN LARGE_SET DEMO_SET
"""
import json, os, statistics, subprocess, sys, tempfile, time

BIN, LARGE, DEMO = sys.argv[1:4]
APP = os.path.join(BIN, "qualcluster")
ROUNDS = 5
scratch = tempfile.mkdtemp(prefix="qc-speed-")
env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(scratch, "config"), XDG_DATA_HOME=os.path.join(scratch, "data"), XDG_RUNTIME_DIR=os.path.join(scratch, "run"))
os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700)


def qual_files(root):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith("qual"))


def timed(commands):
    """Median wall seconds of running `commands` (started together, waited for all)."""
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        procs = [subprocess.Popen(c, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in commands]
        for p in procs:
            p.wait()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floors(root):
    files = qual_files(root)
    half = len(files) // 2
    one = timed([["cat"] + files])
    two = timed([["cat"] + files[:half], ["cat"] + files[half:]])
    return one, two


def run_json(args, *roots):
    out = os.path.join(scratch, "run.json")
    subprocess.run([APP, "analyze", "--json", out] + args + list(roots), env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)


def busy_fraction(results):
    """Share of the parallel phase the engines spent on tasks, from the run's own timeline."""
    tasks = results["tasks"]
    engines = {t["pid"] for t in tasks}
    span = (max(t["end_us"] for t in tasks) - min(t["start_us"] for t in tasks)) / 1e6
    work = sum(t["end_us"] - t["start_us"] for t in tasks) / 1e6
    return work / (span * len(engines))


def halves_ceiling(root):
    """The most two workers can gain on this machine for this work, with no coordination at all:
    the serial analysis of the whole set against two serial analyses of half the folders each,
    run at once as separate processes (each phase timed inside its own process)."""
    folders = sorted(os.path.join(root, d) for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    half = len(folders) // 2
    ratios = []
    for _ in range(ROUNDS):
        whole = run_json(["--mode", "serial"], *folders)["run"]["wall_seconds"]
        outs = [os.path.join(scratch, f"half{i}.json") for i in (0, 1)]
        procs = [subprocess.Popen([APP, "analyze", "--mode", "serial", "--json", out] + part, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for out, part in zip(outs, (folders[:half], folders[half:]))]
        for p in procs:
            p.wait()
        slowest = max(json.load(open(out))["run"]["wall_seconds"] for out in outs)
        ratios.append(whole / slowest)
    return statistics.median(ratios)


def median_of(fn, rounds=ROUNDS):
    return statistics.median(fn() for _ in range(rounds))


def line(name, value, unit, target, note=""):
    print(f"{name:<44} {value:>9.3f} {unit:<4} target {target:<10} {note}")


for cmd in ["cat"]:
    subprocess.run(["sh", "-c", f"cat $(find {LARGE} -name '*qual') > /dev/null"])  # warm the page cache

floor1, floor2 = floors(LARGE)
line("large: read floor, cat in 1 process", floor1, "s", "-", f"({len(qual_files(LARGE))} files)")
line("large: read floor, cat in 2 processes", floor2, "s", "-")

outputs = ["--csv", os.path.join(scratch, "p.csv"), "--reads-csv", os.path.join(scratch, "r.csv")]
json_out = ["--json", os.path.join(scratch, "w.json")]
plain = timed([[APP, "analyze", "-n", "2", LARGE]])
line("large: analyze -n 2, no outputs", plain, "s", "-", f"{plain / floor2:.2f}x the 2-process floor")
whole = timed([[APP, "analyze", "-n", "2"] + json_out + outputs + [LARGE]])
line("large: analyze -n 2 --json --csv --reads-csv", whole, "s", "<= 2x", f"{whole / floor2:.2f}x the 2-process floor")

ceiling = halves_ceiling(LARGE)
line("large: ceiling, 2 serial processes on halves", ceiling, "x", "-",
     "(no coordination: what two workers can gain here at most)")
transient = run_json(["-n", "2", "--compare-serial"], LARGE)["run"]
line("large: speedup, 2 engines of its own", transient["speedup"], "x", ">= 1.7",
     f"parallel {transient['wall_seconds']:.3f} s, serial {transient['serial_seconds']:.3f} s, start {transient['startup_seconds']:.3f} s apart")

subprocess.run([APP, "cluster", "start", "--profile", "default", "-n", "2"], env=env, check=True, stdout=subprocess.DEVNULL)
try:
    warm_whole = timed([[APP, "analyze"] + json_out + outputs + [LARGE]])
    line("large: the same on a running cluster", warm_whole, "s", "<= 1.5x", f"{warm_whole / floor2:.2f}x the 2-process floor")
    runs = [run_json(["--compare-serial"], LARGE) for _ in range(3)]
    speedups = sorted(r["run"]["speedup"] for r in runs)
    line("large: speedup, 2 warm engines", speedups[1], "x", ">= 1.7", f"(median of 3: {', '.join(f'{s:.2f}' for s in speedups)})")
    line("large: engines busy in the parallel phase", 100 * statistics.median(busy_fraction(r) for r in runs), "%", ">= 90")
    demo_ceiling = halves_ceiling(DEMO)
    line("demo: ceiling, 2 serial processes on halves", demo_ceiling, "x", "-")
    demo = [run_json(["--compare-serial"], DEMO)["run"] for _ in range(5)]
    demo_speedups = sorted(r["speedup"] for r in demo)
    line("demo: speedup, 2 warm engines", demo_speedups[2], "x", ">= 1.3",
         f"(median of 5; parallel {statistics.median(r['wall_seconds'] for r in demo):.4f} s, serial {statistics.median(r['serial_seconds'] for r in demo):.4f} s)")
finally:
    subprocess.run([APP, "cluster", "stop", "--all"], env=env, stdout=subprocess.DEVNULL)
