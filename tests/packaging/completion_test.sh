#!/bin/bash
# Checks the bash completion for qualcluster: sources it and calls its function as bash would,
# with COMP_WORDS and COMP_CWORD set, in a folder of known files, with a stand-in qualcluster
# that lists known profiles.
# Usage: completion_test.sh PATH/TO/qualcluster.bash
set -u

completion=${1:?usage: completion_test.sh PATH/TO/qualcluster.bash}
[[ -r $completion ]] || { echo "cannot read $completion" >&2; exit 2; }
completion=$(cd "$(dirname "$completion")" && pwd)/$(basename "$completion")

bash -n "$completion" || { echo "FAIL: $completion is not valid bash" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A stand-in for 'qualcluster profile list', in its output format.
mkdir -p "$work/bin"
cat >"$work/bin/qualcluster" <<'EOF'
#!/bin/sh
if [ "$1 $2" = "profile list" ]; then
    printf '%-24s %-8s %s\n' NAME ENGINES LAUNCHER default 2 local lab 8 slurm ws 6 ssh
    exit 0
fi
exit 2
EOF
chmod +x "$work/bin/qualcluster"
PATH=$work/bin:$PATH

# Known files: folders of reads, a zip, results.
mkdir -p "$work/data/t1_1" "$work/data/t1_2" "$work/data/reads"
touch "$work/data/results.json" "$work/data/notes.txt" "$work/data/demo.zip"
cd "$work/data" || exit 2

# shellcheck source=/dev/null
source "$completion" || { echo "FAIL: sourcing $completion" >&2; exit 1; }
if [[ $(complete -p qualcluster 2>/dev/null) != "complete -F _qualcluster qualcluster" ]]; then
    echo "FAIL: the completion is not registered with 'complete -F _qualcluster qualcluster'" >&2
    exit 1
fi

failures=0
cases=0

# check 'EXPECTED WORDS' WORD... : completes the last WORD (possibly empty) of the command line.
check()
{
    local expected=$1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _qualcluster qualcluster "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]-}" 2>/dev/null
    local got
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ')
    got=${got% }
    local -a want
    read -ra want <<<"$expected"
    expected=$(printf '%s\n' "${want[@]}" | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ')
    expected=${expected% }
    cases=$((cases + 1))
    if [[ $got != "$expected" ]]; then
        printf 'FAIL: %s<TAB>\n  expected: %s\n  got:      %s\n' "$COMP_LINE" "$expected" "$got" >&2
        failures=$((failures + 1))
    fi
}

# Commands.
check 'analyze' qualcluster an
check 'cluster' qualcluster cl
check 'demo-data demo.zip' qualcluster de
check 'demo-data' qualcluster demo-
check 'analyze cluster profile history demo-data scale demo.zip reads t1_1 t1_2' qualcluster ''
check 'scale' qualcluster sc
check '--help' qualcluster --he
check '--version' qualcluster --v
check '--engines --help --profile --run --screenshots --start --version' qualcluster --

# analyze.
check '--json' qualcluster analyze --j
check '--reads-csv' qualcluster analyze --r
check '--min-qv20 --mode --multiqc' qualcluster analyze --m
check '--png-dir --profile' qualcluster analyze --p
check 'balanced direct threads serial' qualcluster analyze --mode ''
check 'threads' qualcluster analyze --mode th
check 'default lab ws' qualcluster analyze --profile ''
check 'lab' qualcluster analyze --profile l
check 'results.json reads' qualcluster analyze --json re
check 'notes.txt' qualcluster analyze --csv no
check 'results.json reads' qualcluster analyze --json = re
check 'reads t1_1 t1_2' qualcluster analyze ''
check 't1_1 t1_2' qualcluster analyze --profile lab t1_1 t
check 'reads t1_1 t1_2' qualcluster analyze --png-dir ''
check 'reads t1_1 t1_2' qualcluster analyze --multiqc ''
check '' qualcluster analyze -n ''

# cluster.
check 'engines list scale start stop' qualcluster cluster ''
check 'scale start stop' qualcluster cluster s
check '--engines --foreground --help --help-all --profile' qualcluster cluster start --
check '--all' qualcluster cluster stop --a
check '--json' qualcluster cluster list --j
check 'default lab ws' qualcluster cluster engines --profile ''
check 'ws' qualcluster cluster start --profile w

# profile.
check 'create delete list show' qualcluster profile ''
check 'default lab ws' qualcluster profile show ''
check 'lab' qualcluster profile delete la
check '' qualcluster profile create ''
check 'local slurm ssh' qualcluster profile create lab --launcher ''
check 'slurm ssh' qualcluster profile create lab --launcher s
check 'slurm' qualcluster profile create lab --launcher = sl
check '--script' qualcluster profile show lab --sc
check '--sbatch-arg --shared-fs --ssh-arg' qualcluster profile create lab --s
check '' qualcluster profile create lab --launcher slurm --partition ''

# scale.
check '--engines' qualcluster scale --e
check 'default lab ws' qualcluster scale --profile ''
check 'results.json' qualcluster scale --json res
check '' qualcluster scale --engines ''
check 'reads t1_1 t1_2' qualcluster scale --repeat 3 ''

# history.
check 'history' qualcluster hi
check 'compare delete list prune show' qualcluster history ''
check '--folder' qualcluster history list --f
check 'default lab ws' qualcluster history list --profile ''
check '--json' qualcluster history show 3 --j
check '--older-than' qualcluster history prune --o
check '12h 30d 7d' qualcluster history prune --older-than ''
check '' qualcluster history list --limit ''

# demo-data.
check '--help --help-all --reads' qualcluster demo-data --
check 'reads t1_1 t1_2' qualcluster demo-data ''

# The window.
check '--screenshots --start' qualcluster --profile lab --s
check 'default lab ws' qualcluster --profile ''
check 'demo.zip reads t1_1 t1_2' qualcluster --start ''
check 'reads t1_1 t1_2' qualcluster --run --screenshots ''

if ((failures)); then
    echo "$failures of $cases completion cases failed" >&2
    exit 1
fi
echo "all $cases completion cases passed"
