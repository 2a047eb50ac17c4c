#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS]: builds the libFuzzer targets (preset "fuzz"), seeds their corpora
# and runs each for SECONDS (default 60). Exits 1 if a target crashed; the input that crashed it
# is copied to tests/fuzz/regressions/<target>/, where tst_fuzzregressions replays it.
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")/../.."

targets=(fuzz_qualreader fuzz_fastqreader fuzz_abireader fuzz_tracereader fuzz_phdreader fuzz_anyformat
         fuzz_frame fuzz_histogram)
build=build-fuzz
shared=../shared/data/real

packaging/install-deps.sh --fuzz
mkdir -p "$build"
cmake --preset fuzz >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" fuzz_seeds

# Seeds are rebuilt on every run from what is current; the corpora the fuzzers grow are kept,
# so later runs start where earlier ones stopped.
rm -rf "$build/seeds" "$build/artifacts"
"$build/bin/fuzz_seeds" "$build/seeds"
# seed TARGET FIND-TESTS...: the shared reference files that match, named by content because
# several projects ship the same file name.
seed() {
    local target=$1 file
    shift
    mkdir -p "$build/seeds/$target"
    while IFS= read -r -d '' file; do
        cp "$file" "$build/seeds/$target/$(sha1sum <"$file" | cut -c1-40)"
    done < <(find "$shared" -type f \( "$@" \) -print0)
}
if [ -d "$shared" ]; then
    # .qual texts: names ending in "qual", and scikit-bio's qual_* files.
    seed fuzz_qualreader -name '*qual' -o -name 'qual_*'
    seed fuzz_fastqreader -name '*.fastq' -o -name 'fastq_*'
    seed fuzz_abireader -name '*.ab1' -o -name '*.abi' -o -name '*.fsa' -o -path '*/ABI_Data/*'
    seed fuzz_tracereader -name '*.scf' -o -name '*.ztr' -o -name '*.exp'
    seed fuzz_phdreader -name '*.phd*'
    # Every kind once over, and the compressed ones: the format is chosen by content.
    seed fuzz_anyformat -name '*.gz' -o -name '*.bgz' -o -name 'example.fastq' -o -name '*.phd.1' \
        -o -name 'version2.scf' -o -name 'heterozygous.ab1' -o -name 'qualfile.qual' -o -name 'xb54b12.r1L.*'
else
    echo "run.sh: $shared not found; fuzzing from the generated seeds only" >&2
fi

status=0
for target in "${targets[@]}"; do
    corpus=$build/corpus/$target
    artifacts=$build/artifacts/$target
    regressions=tests/fuzz/regressions/$target
    log=$build/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$regressions" "$(dirname "$log")"
    echo "== $target: ${seconds}s"
    # The first folder is the corpus libFuzzer adds to; seeds and past regressions are read-only.
    # A 10 s timeout turns a hang into a finding instead of a stalled run.
    if "$build/bin/$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$corpus" "$build/seeds/$target" "$regressions" \
        >"$log" 2>&1; then
        grep -E '^stat::number_of_executed_units|^Done' "$log" || true
    else
        status=1
        echo "$target FAILED; log: $log" >&2
        tail -n 40 "$log" >&2
        for input in "$artifacts"/*; do
            [ -e "$input" ] || continue
            # A regression that still crashes is found again at start-up: keep one copy.
            known=
            for kept in "$regressions"/*; do
                [ -f "$kept" ] && cmp -s "$input" "$kept" && known=$kept && break
            done
            if [ -n "$known" ]; then
                echo "crashes on $known (already kept)" >&2
            else
                cp "$input" "$regressions/"
                echo "kept $regressions/$(basename "$input")" >&2
            fi
        done
    fi
done
exit $status
