# bash completion for qualcluster                           -*- shell-script -*-
# Copyright (c) 2026 QualCluster developers. MIT License.

# Profile names, from 'qualcluster profile list': a heading line (NAME ENGINES LAUNCHER), then
# one profile a line with its name first. Names hold only letters, digits, '.', '_' and '-'.
_qualcluster_profiles()
{
    local program=${COMP_WORDS[0]:-qualcluster}
    command -v -- "$program" >/dev/null 2>&1 || program=qualcluster
    command -v -- "$program" >/dev/null 2>&1 || return 0
    "$program" profile list 2>/dev/null </dev/null |
        while read -r name _; do
            case $name in
                NAME | '') ;;
                *[!A-Za-z0-9._-]*) ;;
                *) printf '%s\n' "$name" ;;
            esac
        done
}

# COMPREPLY from a list of words (one argument, whitespace-separated) matching $cur.
_qualcluster_words()
{
    local IFS=$' \t\n'
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_qualcluster_dirs()
{
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -d -- "$cur"))
}

_qualcluster_files()
{
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -f -- "$cur"))
}

# Folders, and .zip files (the window unpacks them).
_qualcluster_dirs_and_zips()
{
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.[Zz][Ii][Pp]' -- "$cur"))
}

# Fills COMPREPLY from $cur, $prev and $cword, set by _qualcluster.
_qualcluster_complete()
{
    local help='-h --help --help-all'
    local command=
    ((cword > 1)) && command=${COMP_WORDS[1]}

    # The first word: a command, or the window's options and folders.
    if ((cword <= 1)); then
        if [[ $cur == -* ]]; then
            _qualcluster_words '--profile -n --engines --start --run --screenshots -h --help --version'
        else
            local commands
            commands=$(compgen -W 'analyze scale cluster profile history demo-data' -- "$cur")
            _qualcluster_dirs_and_zips
            local IFS=$'\n'
            # shellcheck disable=SC2206
            COMPREPLY=($commands "${COMPREPLY[@]}")
        fi
        return 0
    fi

    case $command in
        analyze)
            case $prev in
                --profile) _qualcluster_words "$(_qualcluster_profiles)"; return 0 ;;
                --mode) _qualcluster_words 'balanced direct threads serial'; return 0 ;;
                -n | --engines | --min-qv20) return 0 ;;
                --json | --csv | --reads-csv) _qualcluster_files; return 0 ;;
                --png-dir | --multiqc) _qualcluster_dirs; return 0 ;;
            esac
            if [[ $cur == -* ]]; then
                _qualcluster_words "$help --profile -n --engines --mode --compare-serial --json --csv
                    --reads-csv --min-qv20 --png-dir --multiqc"
            else
                _qualcluster_dirs
            fi
            ;;
        scale)
            case $prev in
                --profile) _qualcluster_words "$(_qualcluster_profiles)"; return 0 ;;
                --engines | --repeat) return 0 ;;
                --json | --csv | --png | --svg) _qualcluster_files; return 0 ;;
            esac
            if [[ $cur == -* ]]; then
                _qualcluster_words "$help --profile --engines --repeat --json --csv --png --svg"
            else
                _qualcluster_dirs
            fi
            ;;
        cluster)
            case $prev in
                --profile) _qualcluster_words "$(_qualcluster_profiles)"; return 0 ;;
                -n | --engines) return 0 ;;
            esac
            local action='' i
            for ((i = 2; i < cword; i++)); do
                case ${COMP_WORDS[i]} in
                    start | stop | list | engines | scale) action=${COMP_WORDS[i]}; break ;;
                esac
            done
            if [[ -z $action && $cur != -* ]]; then
                _qualcluster_words 'start stop list engines scale'
                return 0
            fi
            local options
            case $action in
                start) options='--profile -n --engines --foreground' ;;
                stop) options='--profile --all' ;;
                list) options='--json' ;;
                engines) options='--profile --json' ;;
                scale) options='--profile' ;;
                *) options='--profile -n --engines --foreground --all --json' ;;
            esac
            [[ $cur == -* ]] && _qualcluster_words "$help $options"
            ;;
        profile)
            case $prev in
                --launcher) _qualcluster_words 'local slurm ssh'; return 0 ;;
                --host)
                    local IFS=$'\n'
                    # shellcheck disable=SC2207
                    COMPREPLY=($(compgen -A hostname -- "$cur"))
                    return 0
                    ;;
                -n | --engines | --partition | --time | --account | --sbatch-arg | --ssh-arg | \
                    --engine-command | --listen | --path-map)
                    return 0
                    ;;
            esac
            # Positional words so far (ACTION, NAME), skipping options and their values.
            local positional=() i word
            for ((i = 2; i < cword; i++)); do
                word=${COMP_WORDS[i]}
                case $word in
                    -n | --engines | --launcher | --partition | --time | --account | --sbatch-arg | \
                        --host | --ssh-arg | --engine-command | --listen | --path-map)
                        # The value, after a '=' when bash split --option=VALUE.
                        if [[ ${COMP_WORDS[i + 1]-} == = ]]; then ((i += 2)); else ((i += 1)); fi
                        ;;
                    -* | =) ;;
                    *) positional+=("$word") ;;
                esac
            done
            local action=${positional[0]-}
            if [[ $cur == -* ]]; then
                case $action in
                    create)
                        _qualcluster_words "$help -n --engines --launcher --partition --time --account
                            --sbatch-arg --host --ssh-arg --engine-command --listen --shared-fs --path-map"
                        ;;
                    show) _qualcluster_words "$help --script" ;;
                    *) _qualcluster_words "$help" ;;
                esac
                return 0
            fi
            if ((${#positional[@]} == 0)); then
                _qualcluster_words 'create list show delete'
            elif ((${#positional[@]} == 1)); then
                case $action in
                    show | delete) _qualcluster_words "$(_qualcluster_profiles)" ;;
                esac
            fi
            ;;
        history)
            case $prev in
                --profile) _qualcluster_words "$(_qualcluster_profiles)"; return 0 ;;
                --folder | --limit) return 0 ;;
                --older-than) _qualcluster_words '30d 7d 12h'; return 0 ;;
            esac
            local action='' i
            for ((i = 2; i < cword; i++)); do
                case ${COMP_WORDS[i]} in
                    list | show | compare | delete | prune) action=${COMP_WORDS[i]}; break ;;
                esac
            done
            if [[ -z $action && $cur != -* ]]; then
                _qualcluster_words 'list show compare delete prune'
                return 0
            fi
            local options
            case $action in
                list) options='--profile --folder --limit --json' ;;
                show | compare) options='--json' ;;
                prune) options='--older-than' ;;
                delete) options='' ;;
                *) options='--profile --folder --limit --json --older-than' ;;
            esac
            [[ $cur == -* ]] && _qualcluster_words "$help $options"
            ;;
        demo-data)
            case $prev in
                --reads) return 0 ;;
            esac
            if [[ $cur == -* ]]; then
                _qualcluster_words "$help --reads"
            else
                _qualcluster_dirs
            fi
            ;;
        *)
            # The window: qualcluster [--profile NAME] [-n N] [--start] [--run] [PATH...]
            case $prev in
                --profile) _qualcluster_words "$(_qualcluster_profiles)"; return 0 ;;
                -n | --engines) return 0 ;;
                --screenshots) _qualcluster_dirs; return 0 ;;
            esac
            if [[ $cur == -* ]]; then
                _qualcluster_words '--profile -n --engines --start --run --screenshots'
            else
                _qualcluster_dirs_and_zips
            fi
            ;;
    esac
    return 0
}

_qualcluster()
{
    local cur prev cword prefix=''
    COMPREPLY=()
    cword=$COMP_CWORD
    cur=${COMP_WORDS[cword]}
    prev=
    ((cword > 0)) && prev=${COMP_WORDS[cword - 1]}
    # --option=VALUE: bash splits the word at '=' (COMP_WORDBREAKS), or keeps it whole.
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((cword > 1)); then
        prev=${COMP_WORDS[cword - 2]}
    elif [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
        prefix=$prev=
    fi
    _qualcluster_complete
    if [[ -n $prefix ]] && ((${#COMPREPLY[@]})); then
        COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
    fi
    return 0
}

complete -F _qualcluster qualcluster
