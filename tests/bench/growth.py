#!/usr/bin/env python3
"""Growth: the large set at 1x, 10x and 30x, timed against linear, with each process's peak memory.

A benchmark, not a test: it prints figures beside their targets and never fails on one. Usage:
    growth.py BIN DATA_ROOT

DATA_ROOT/x1 is `qualcluster demo-data --reads 960` (12 folders t1_1..t6_2 of 960 reads). x10 and
x30 hold 10 and 30 copies of those 12 folders as more replicates of the same six treatments (copy c
of t3_2 is t3_{2c+2}), because a lab's data grows by more plates of the same size, not by longer
plates; folder names keep the tT_R form, so treatment and replicate still parse, and the tasks stay
one per folder at every size (planTasks's chunk is larger than a folder at 2 engines), so only the
count grows. The copies are hard links renamed for their folder: the program opens and reads each
path as its own file (the page cache holds one copy), generation takes seconds (x30: ~20 s) and
disk only for directory entries (~26 MB at x30, against ~2.7 GB for real copies); demo-data would
write the same bytes again anyway, as it seeds each folder by its treatment and replicate. Each set
is generated once, under a temporary name renamed when complete.

Per set, a fresh cluster (2 engines) runs `analyze --json --csv --reads-csv` on the warm page cache;
the client's peak RSS and CPU come from wait4(), the controller's and engines' from /proc (VmHWM at
the end, CPU ticks before and after). Wall time on a shared machine moves with other load, so CPU
seconds are printed beside it, and x30's seconds per extra file beyond x10 against x10's beyond x1
(fixed start-up costs cancel there; in x30 / (x1 x 30) they do not).
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

BIN, ROOT = sys.argv[1:3]
APP = os.path.join(BIN, "qualcluster")
FACTORS = [1, 10, 30]
ROUNDS = {1: 3, 10: 3, 30: 3}
scratch = tempfile.mkdtemp(prefix="qc-growth-")
env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(scratch, "config"), XDG_DATA_HOME=os.path.join(scratch, "data"), XDG_RUNTIME_DIR=os.path.join(scratch, "run"))
os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700)
MB = 1024 * 1024


def qual_files(root):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith("qual"))


def generate(factor):
    """DATA_ROOT/x<factor>, made if missing; returns its path and the seconds making it took."""
    target = os.path.join(ROOT, f"x{factor}")
    if os.path.isdir(target):
        return target, None
    start = time.perf_counter()
    partial = target + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    if factor == 1:
        subprocess.run([APP, "demo-data", "--reads", "960", partial], check=True, stdout=subprocess.DEVNULL)
    else:
        base = generate(1)[0]
        os.makedirs(partial)
        for name in sorted(os.listdir(base)):
            treatment, replicate = name.split("_")
            for copy in range(factor):
                renamed = f"{treatment}_{int(replicate) + 2 * copy}"
                os.mkdir(os.path.join(partial, renamed))
                for f in os.listdir(os.path.join(base, name)):
                    os.link(os.path.join(base, name, f), os.path.join(partial, renamed, renamed + f[len(name):]))
    os.rename(partial, target)
    return target, time.perf_counter() - start


def cat_all(groups):
    """Wall seconds of `cat` over each group of files, one xargs per group, all started together."""
    start = time.perf_counter()
    procs = [subprocess.Popen(["xargs", "-0", "cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL) for _ in groups]
    for p, files in zip(procs, groups):
        p.stdin.write(b"\0".join(os.fsencode(f) for f in files))
        p.stdin.close()
    for p in procs:
        p.wait()
    return time.perf_counter() - start


def floor(files, rounds):
    half = len(files) // 2
    return statistics.median(cat_all([files[:half], files[half:]]) for _ in range(rounds))


def analyze(root):
    """Wall seconds, peak RSS (bytes) and CPU seconds of one `qualcluster analyze` with every output on."""
    out = lambda name: os.path.join(scratch, name)
    cmd = [APP, "analyze", "--json", out("run.json"), "--csv", out("p.csv"), "--reads-csv", out("r.csv"), root]
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    seconds = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"analyze {root} exited with {p.returncode}: {err.decode(errors='replace')}")
    return seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def reads_in(csv):
    with open(csv, "rb") as f:
        return sum(1 for _ in f) - 1


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for row in f:
            if row.startswith(field + ":"):
                return int(row.split()[1]) * 1024
    return 0


def cpu_seconds(pid):
    """User + system CPU seconds a running process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cluster(*args):
    return subprocess.run([APP, "cluster", *args], env=env, check=True, capture_output=True, text=True).stdout


def pids():
    controller = json.loads(cluster("list", "--json"))[0]["controller_pid"]
    return controller, sorted(e["pid"] for e in json.loads(cluster("engines", "--json")))


def line(name, value, unit, target="-", note=""):
    print(f"{name:<46} {value:>10.3f} {unit:<6} target {target:<14} {note}", flush=True)


def measure(factor):
    root, made = generate(factor)
    start = time.perf_counter()
    files = qual_files(root)
    cluster("start", "--profile", "default", "-n", "2")
    try:
        controller, engines = pids()
        cat_all([files])  # warm the page cache
        load = os.getloadavg()[0]
        server_cpu = [cpu_seconds(p) for p in [controller] + engines]
        runs = [analyze(root) for _ in range(ROUNDS[factor])]
        server_cpu = [(cpu_seconds(p) - before) / len(runs) for p, before in zip([controller] + engines, server_cpu)]
        after = pids()
        return dict(factor=factor, root=root, made=made, files=len(files), reads=reads_in(os.path.join(scratch, "r.csv")),
                    seconds=statistics.median(r[0] for r in runs), times=sorted(r[0] for r in runs),
                    floor=floor(files, ROUNDS[factor]), load=load,
                    cpu=[statistics.mean(r[2] for r in runs)] + server_cpu,  # client, controller, engines: per run
                    client=max(r[1] for r in runs), controller=status_kb(controller, "VmHWM"),
                    controller_now=status_kb(controller, "VmRSS"), engines=[status_kb(e, "VmHWM") for e in engines],
                    same_processes=after == (controller, engines), took=time.perf_counter() - start)
    finally:
        subprocess.run([APP, "cluster", "stop", "--profile", "default"], env=env, stdout=subprocess.DEVNULL)


def report(r, base, previous):
    name = f"x{r['factor']}"
    made = f"generated in {r['made']:.1f} s, " if r["made"] is not None else ""
    print(f"{name}: {r['files']} files, {r['reads']} reads in {r['root']} ({made}measured in {r['took']:.0f} s, "
          f"load average {r['load']:.1f} on {os.cpu_count()} CPUs)")
    factor = r["files"] / base["files"]
    line(f"{name}: analyze --json --csv --reads-csv", r["seconds"], "s", "-",
         f"(median of {len(r['times'])}: {', '.join(f'{t:.3f}' for t in r['times'])}; {r['seconds'] / r['floor']:.1f}x the floor)")
    line(f"{name}: seconds per 1000 files", 1000 * r["seconds"] / r["files"], "s")
    if r is not base:
        line(f"{name}: time / (x1 time x {factor:g})", r["seconds"] / (base["seconds"] * factor), "", "0.90 - 1.10",
             "(x1's time holds the fixed start-up too)")
    if previous is not base and previous is not r:
        # Fixed costs cancel out: each step's seconds per extra file, the later over the earlier.
        step = lambda a, b: (b["seconds"] - a["seconds"]) / (b["files"] - a["files"])
        line(f"{name}: s per extra file {previous['factor']}->{r['factor']} / 1->{previous['factor']}",
             step(previous, r) / step(base, previous), "", "0.90 - 1.10")
    line(f"{name}: CPU seconds per run, all processes", sum(r["cpu"]), "s", "-",
         f"(client {r['cpu'][0]:.2f}, controller {r['cpu'][1]:.2f}, engines {', '.join(f'{c:.2f}' for c in r['cpu'][2:])})")
    if r is not base:
        line(f"{name}: CPU / (x1 CPU x {factor:g})", sum(r["cpu"]) / (sum(base["cpu"]) * factor), "", "0.90 - 1.10",
             "(linearity that other load on the machine disturbs less)")
    line(f"{name}: read floor, cat in 2 processes", r["floor"], "s", "-", f"{1000 * r['floor'] / r['files']:.4f} s per 1000 files")
    line(f"{name}: peak RSS, client (analyze)", r["client"] / MB, "MB", "-")
    line(f"{name}: peak RSS, controller", r["controller"] / MB, "MB", "<= 60 + rows", f"(VmRSS at the end {r['controller_now'] / MB:.1f} MB)")
    line(f"{name}: peak RSS, engines (largest)", max(r["engines"]) / MB, "MB", "<= 20",
         f"({', '.join(f'{e / MB:.1f}' for e in r['engines'])}{'' if r['same_processes'] else '; engines changed during the set'})")
    if r is not base:
        extra = r["reads"] - base["reads"]
        line(f"{name}: client above x1, bytes per extra read", (r["client"] - base["client"]) / extra, "B", "stated")
        line(f"{name}: controller above x1, bytes per extra read", (r["controller"] - base["controller"]) / extra, "B", "rows only")
        line(f"{name}: largest engine above x1, bytes per extra read", (max(r["engines"]) - max(base["engines"])) / extra, "B", "~0")


os.makedirs(ROOT, exist_ok=True)
try:
    results = []
    for factor in FACTORS:
        results.append(measure(factor))
        report(results[-1], results[0], results[-2] if len(results) > 1 else results[0])
    # du counts a hard-linked file once: x10 and x30 show only their directories.
    du = subprocess.run(["du", "-sk"] + [r["root"] for r in results], capture_output=True, text=True).stdout.split()
    print("disk: " + ", ".join(f"{os.path.basename(path)} {int(kb) / 1024:.1f} MB" for kb, path in zip(du[::2], du[1::2]))
          + " (x10 and x30 are hard links to x1's files)")
finally:
    subprocess.run([APP, "cluster", "stop", "--all"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(scratch, ignore_errors=True)
