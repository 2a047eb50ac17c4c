#!/usr/bin/env bash
# Installs the Debian 12 packages QualCluster needs to build and run (`make run`), and with
# --test what the suite also needs (`make test`); says what it installs.
set -euo pipefail

packages=(
    build-essential cmake
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libqt6sql6-sqlite
    libarchive-dev libstaden-read-dev fonts-dejavu-core python3
)
# --test: the window under Xvfb and AT-SPI; the .deb and its checks (dpkg-shlibdeps, lintian,
# desktop-file-validate, appstreamcli); MultiQC for the --multiqc output; the style checks.
test_packages=(
    xvfb xauth dbus at-spi2-core python3-pyatspi
    dpkg-dev lintian desktop-file-utils appstream multiqc
    clang-format clang-tidy
)
# --fuzz (tests/fuzz/run.sh): also Clang and its runtime libraries, which hold libFuzzer.
fuzz_packages=(clang-14 libclang-rt-14-dev)
for option in "$@"; do
    case $option in
    --test) packages+=("${test_packages[@]}") ;;
    --fuzz) packages+=("${fuzz_packages[@]}") ;;
    *) echo "usage: install-deps.sh [--test] [--fuzz]" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Not root and no sudo: install ${missing[*]} by hand." >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -q
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"
