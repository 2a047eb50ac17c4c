"""Checks qualcluster's mean quality by position against FastQC and seqtk fqchk on the same reads,
and times the three side by side. Called by compare_tools.sh: BIN DATA OUT.

Each sample folder's .qual reads become one FASTQ (bases N, Phred+33, values above 93 clamped to
93, the highest FASTQ can hold). A mean must equal the other tool's to that tool's printed
precision: seqtk prints one decimal; FastQC (Java) prints a decimal that reads back as its double
exactly, so its Mean must equal ours exactly.
"""
import json, math, os, re, subprocess, sys, time
from pathlib import Path

MAX_FASTQ_Q = 93
NUMBER = re.compile(r"[0-9]+")


def fail(message):
    print(f"compare_tools: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def sample_folders(data):
    """DATA itself if it holds .qual files, else its subfolders that do (the CLI's rule)."""
    def has_reads(d):
        return any(f.is_file() and f.name.endswith("qual") for f in d.iterdir())
    if has_reads(data):
        return [data]
    return sorted((d for d in data.iterdir() if d.is_dir() and has_reads(d)), key=lambda d: d.name)


def qual_records(path):
    """The reads of one .qual file as lists of values, or a reason to reject the whole file."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if line.startswith(">"):
            records.append([])
        elif line.strip():
            if not records:
                return f"line {number}: values before the first header"
            for token in line.split():
                if not NUMBER.fullmatch(token) or int(token) > 100:
                    return f"line {number}: {token!r} is not a quality from 0 to 100"
                records[-1].append(int(token))
    return records


def to_fastq(folder, fastq):
    """Writes the folder's reads to FASTQ; returns {position: values clamped}, reads and notes."""
    clamped, notes, empty, reads = {}, [], 0, 0
    with open(fastq, "w") as out:
        for path in sorted(f for f in folder.iterdir() if f.is_file() and f.name.endswith("qual")):
            records = qual_records(path)
            if isinstance(records, str):
                notes.append(f"{path}: {records}; left out, as qualcluster rejects it")
                continue
            for index, values in enumerate(records, 1):
                if not values:  # seqtk skips empty reads; they add nothing to any position
                    empty += 1
                    continue
                for position, q in enumerate(values, 1):
                    if q > MAX_FASTQ_Q:
                        clamped[position] = clamped.get(position, 0) + 1
                quals = "".join(chr(min(q, MAX_FASTQ_Q) + 33) for q in values)
                out.write(f"@{path.name}#{index}\n{'N' * len(values)}\n+\n{quals}\n")
                reads += 1
    if empty:
        notes.append(f"{folder.name}: {empty} empty reads left out")
    return clamped, reads, notes


def fastqc_means(report):
    """Position -> Mean text of "Per base sequence quality", and what to add to it: 31 if FastQC
    took the file for Phred+64, as it does when no quality is below 31."""
    lines = report.read_text().splitlines()
    encoding = next(line.split("\t")[1] for line in lines if line.startswith("Encoding\t"))
    start = lines.index(next(line for line in lines if line.startswith(">>Per base sequence quality")))
    means = {}
    for line in lines[start + 2:]:
        if line.startswith(">>END_MODULE"):
            break
        base, mean = line.split("\t")[:2]
        means[int(base)] = mean
    return means, (0 if encoding.startswith("Sanger") else 31), encoding


def seqtk_rows(report):
    """Position -> (#bases, avgQ text) of seqtk fqchk's table."""
    lines = report.read_text().splitlines()
    header = lines[1].split("\t")
    bases, avg = header.index("#bases"), header.index("avgQ")
    return {int(r[0]): (int(r[bases]), r[avg]) for r in (l.split("\t") for l in lines[3:])}


def half_last_digit(printed):
    return 0.5 * 10 ** -len(printed.partition(".")[2]) * (1 + 1e-9)


def run_tools(bin_dir, folders, fastq, out):
    """Runs each tool on every folder; returns the seconds each took."""
    times = {}
    def timed(name, action):
        start = time.perf_counter()
        action()
        times[name] = time.perf_counter() - start

    def ours():
        status = subprocess.run([bin_dir / "qualcluster", "analyze", "-n", "2", "--json",
                                 out / "qualcluster.json", *folders], stdout=subprocess.DEVNULL).returncode
        if status not in (0, 3):  # 3: finished, some files rejected
            fail(f"qualcluster analyze exited with {status}")
    def seqtk():
        for f in folders:
            with open(out / "seqtk" / f"{f.name}.txt", "w") as report:
                subprocess.run(["seqtk", "fqchk", fastq[f]], stdout=report, check=True)
    def fastqc():
        subprocess.run(["fastqc", "--nogroup", "--extract", "--quiet", "-t", "2", "-o", out / "fastqc",
                        *fastq.values()], stdout=subprocess.DEVNULL, check=True)
    timed("qualcluster analyze -n 2, whole command (.qual)", ours)
    timed("seqtk fqchk, each FASTQ in turn", seqtk)
    timed("fastqc --nogroup --extract -t 2, all FASTQs", fastqc)
    return times


def compare(folder, sample, clamped, out):
    """Checks every position; returns (positions compared, positions left out, max diff per tool)."""
    fastqc, shift, encoding = fastqc_means(out / "fastqc" / f"{folder.name}_fastqc" / "fastqc_data.txt")
    if shift:
        print(f"note: {folder.name}: no quality below 31, so FastQC read it as {encoding} (Phred+64);"
              f" its means are shifted back by {shift}")
    seqtk = seqtk_rows(out / "seqtk" / f"{folder.name}.txt")
    positions = sample["positions"]
    lengths = {"qualcluster": len(positions), "FastQC": len(fastqc), "seqtk": len(seqtk)}
    if len(set(lengths.values())) != 1:
        fail(f"{folder.name}: number of positions {lengths}")
    compared, max_diff = 0, {"FastQC": 0.0, "seqtk": 0.0}
    for p in positions:
        position, mean = p["position"], p["mean"]
        if position in clamped:
            continue
        count, avg_q = seqtk[position]
        if count != p["count"]:
            fail(f"{folder.name} position {position}: qualcluster count {p['count']},"
                     f" seqtk #bases {count}")
        # Shifting FastQC's mean back by 31 may round its last bit.
        for tool, printed, offset, tolerance in (
                ("FastQC", fastqc[position], shift, 2 * math.ulp(mean) if shift else 0.0),
                ("seqtk", avg_q, 0, half_last_digit(avg_q))):
            diff = abs(mean - (float(printed) + offset))
            if diff > tolerance:
                fail(f"{folder.name} position {position}: qualcluster mean {mean!r},"
                         f" {tool} {printed}")
            max_diff[tool] = max(max_diff[tool], diff)
        compared += 1
    return compared, len(positions) - compared, max_diff


def main():
    bin_dir, data, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    folders = sample_folders(data)
    if not folders:
        fail(f"no folder with .qual files in {data}")
    for folder in folders:  # warm the cache for every contender
        for f in folder.iterdir():
            f.is_file() and f.read_bytes()
    for sub in ("fastq", "fastqc", "seqtk"):
        (out / sub).mkdir(parents=True)
    fastq = {f: out / "fastq" / f"{f.name}.fastq" for f in folders}

    start = time.perf_counter()
    converted = {f: to_fastq(f, fastq[f]) for f in folders}
    convert_s = time.perf_counter() - start
    times = run_tools(bin_dir, folders, fastq, out)
    times[".qual -> FASTQ conversion (Python)"] = convert_s

    results = json.loads((out / "qualcluster.json").read_text())["samples"]
    samples = {Path(s["path"]).resolve(): s for s in results}
    rejected = sum(len(s["errors"]) for s in results)
    print(f"{len(folders)} folders, {sum(c[1] for c in converted.values())} reads from {data}"
          + (f"; files qualcluster rejected: {rejected}" if rejected else ""))
    ours = next(iter(times.values()))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"\n{'what':<50} {'seconds':>8} {'vs qualcluster':>15}")
    for name, seconds in times.items():
        print(f"{name:<50} {seconds:>8.3f} {seconds / ours:>14.3g}x")
    print()

    compared, left_out, max_diff = 0, 0, {"FastQC": 0.0, "seqtk": 0.0}
    for folder in folders:
        clamped, _, notes = converted[folder]
        for note in notes:
            print(f"note: {note}")
        if clamped:
            print(f"note: {folder.name}: {sum(clamped.values())} values above {MAX_FASTQ_Q} clamped to "
                  f"{MAX_FASTQ_Q} at {len(clamped)} positions; those positions are not compared")
        if folder.resolve() not in samples:
            fail(f"{folder.name}: not in qualcluster's results")
        n, skipped, diffs = compare(folder, samples[folder.resolve()], clamped, out)
        compared, left_out = compared + n, left_out + skipped
        max_diff = {tool: max(max_diff[tool], diffs[tool]) for tool in max_diff}
    print(f"compared {compared} positions in {len(folders)} folders ({left_out} left out for clamped"
          f" values): every mean equals FastQC's Mean exactly (max |diff| {max_diff['FastQC']:.3g}) and"
          f" seqtk's avgQ to 0.1 (max |diff| {max_diff['seqtk']:.3g}); counts equal seqtk's #bases")
    print(f"reports: {out / 'fastqc'}, {out / 'seqtk'}")
    print("compare_tools: PASS")


if __name__ == "__main__":
    main()
