#!/usr/bin/env bash
# tests/lint/clang_tidy.sh SOURCE_DIR BUILD_DIR: clang-tidy, with the checks of SOURCE_DIR/.clang-tidy,
# over every project .cpp in BUILD_DIR/compile_commands.json (not the build's generated moc files,
# nor the libFuzzer entry points of tests/fuzz, which only the Clang "fuzz" preset compiles).
# BUILD_DIR must be built, or at least have its *_autogen targets built: tests include their .moc.
# Silent when clean; otherwise prints the findings and exits 1. Without clang-tidy it exits 77
# (skipped), or 1 when CI is set. CLANG_TIDY names another binary; CLANG_TIDY_JOBS (default: the
# number of CPUs) how many files are checked at once.
set -uo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 SOURCE_DIR BUILD_DIR" >&2
    exit 2
fi
source_dir=$1
build_dir=$2

tidy=${CLANG_TIDY:-}
if [ -z "$tidy" ]; then
    for candidate in clang-tidy clang-tidy-14; do
        if command -v "$candidate" >/dev/null; then
            tidy=$candidate
            break
        fi
    done
fi
if [ -z "$tidy" ] || ! command -v "$tidy" >/dev/null; then
    echo "clang-tidy not found${tidy:+ ($tidy)}: install clang-tidy" >&2
    [ -n "${CI:-}" ] && exit 1
    exit 77
fi
if [ ! -f "$build_dir/compile_commands.json" ]; then
    echo "$build_dir/compile_commands.json not found: configure the build first" >&2
    exit 1
fi

# The sources, once each (a file built into two targets is listed twice).
files=$(python3 - "$source_dir" "$build_dir" <<'EOF'
import json, os, sys
source, build = (os.path.realpath(d) for d in sys.argv[1:3])
fuzz = os.path.join(source, "tests", "fuzz")
seen = set()
with open(os.path.join(build, "compile_commands.json")) as f:
    for entry in json.load(f):
        path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
        if (not path.endswith(".cpp") or path in seen or os.path.commonpath([path, source]) != source
                or os.path.commonpath([path, build]) == build
                or (os.path.dirname(path) == fuzz and os.path.basename(path).startswith("fuzz_"))):
            continue
        seen.add(path)
        print(path)
EOF
) || exit 1
if [ -z "$files" ]; then
    echo "no project sources in $build_dir/compile_commands.json" >&2
    exit 1
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# One report per source, named after its path; kept only when it has findings.
export TIDY=$tidy BUILD=$build_dir OUT=$out
printf '%s\n' "$files" |
    xargs -d '\n' -n 1 -P "${CLANG_TIDY_JOBS:-$(nproc)}" sh -c '
        report="$OUT/$(printf %s "$0" | tr / _).txt"
        if "$TIDY" -p "$BUILD" --quiet "$0" >"$report" 2>&1 && ! grep -q "warning:\|error:" "$report"; then
            rm -f "$report"
        fi'

reports=$(find "$out" -name '*.txt' | sort)
[ -z "$reports" ] && exit 0
for report in $reports; do
    grep -v '^[0-9]* warnings\? \(and [0-9]* errors\? \)\?generated\.$' "$report"
done
# A header's finding is reported by every file that includes it: each is counted once.
count=$(cat $reports | grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error): ' | sort -u | wc -l)
if grep -q "\.moc' file not found" $reports; then
    echo "(build the *_autogen targets of $build_dir first: the tests include their .moc files)"
fi
echo "clang-tidy: $count finding(s) in $(echo "$reports" | wc -l) file(s)"
exit 1
