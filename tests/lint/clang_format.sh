#!/usr/bin/env bash
# Every C++ file of the project laid out as .clang-format says; prints the first differences.
# Usage: clang_format.sh SOURCE_DIR. Exit 77 (skip) when clang-format is missing outside CI.
set -euo pipefail
cd "$1"
if ! command -v clang-format >/dev/null; then
    echo "missing clang-format (packaging/install-deps.sh --test installs it)"
    [ -n "${CI:-}" ] && exit 1
    exit 77
fi
mapfile -d '' files < <(find app core engine ui tests \( -name '*.cpp' -o -name '*.h' \) -print0 | sort -z)
if ! clang-format --dry-run --Werror "${files[@]}" 2>"${TMPDIR:-/tmp}/clang-format.$$"; then
    head -40 "${TMPDIR:-/tmp}/clang-format.$$"
    echo "$(grep -c 'error:' "${TMPDIR:-/tmp}/clang-format.$$") places differ from .clang-format; fix them with:"
    echo "  clang-format -i \$(find app core engine ui tests -name '*.cpp' -o -name '*.h')"
    rm -f "${TMPDIR:-/tmp}/clang-format.$$"
    exit 1
fi
rm -f "${TMPDIR:-/tmp}/clang-format.$$"
echo "${#files[@]} files laid out as .clang-format says"
