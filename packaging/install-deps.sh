#!/usr/bin/env bash
# Installs the Debian 12 packages QualCluster needs to build, test and run; says what it installs.
set -euo pipefail

packages=(
    build-essential cmake
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev
    libarchive-dev libstaden-read-dev fonts-dejavu-core python3 xvfb xauth
    dbus at-spi2-core python3-pyatspi multiqc
)
# --fuzz (tests/fuzz/run.sh): also Clang and its runtime libraries, which hold libFuzzer.
fuzz_packages=(clang-14 libclang-rt-14-dev)
[ "${1:-}" = --fuzz ] && packages+=("${fuzz_packages[@]}")

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
