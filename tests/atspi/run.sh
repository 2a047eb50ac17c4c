#!/usr/bin/env bash
# The real window under Xvfb, driven through AT-SPI by drive_window.py, in a sandbox of its own:
# display, D-Bus session, accessibility bus, config and runtime folders. usage: run.sh APP ENGINE
set -uo pipefail
app=$1 engine=$2
here=$(cd "$(dirname "$0")" && pwd)
# pyatspi is Debian's python3-pyatspi: Debian's own python3, whatever python3 comes first in PATH.
python=/usr/bin/python3

missing=()
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v dbus-daemon >/dev/null && command -v dbus-send >/dev/null || missing+=(dbus)
[ -x /usr/libexec/at-spi-bus-launcher ] || missing+=(at-spi2-core)
"$python" -c 'import pyatspi' 2>/dev/null || missing+=(python3-pyatspi)
if [ ${#missing[@]} -gt 0 ]; then
    if [ -n "${CI:-}" ]; then
        echo "FAIL: CI needs ${missing[*]} (packaging/install-deps.sh installs them)." >&2
        exit 1
    fi
    echo "SKIP: install ${missing[*]} to drive the window through AT-SPI (packaging/install-deps.sh)."
    exit 77 # ctest's SKIP_RETURN_CODE
fi

# A short path under /tmp: the clusters' sockets live in XDG_RUNTIME_DIR, and socket paths are
# limited to ~107 bytes.
work=$(mktemp -d /tmp/qc-atspi.XXXXXX)
mkdir -m 700 "$work/run" "$work/config" "$work/home"
export XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/home/data HOME=$work/home
unset DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS WAYLAND_DISPLAY QT_QPA_PLATFORM
# Every process this test starts inherits this marker, the engines too: the cleanup ends those and
# no one else's, and the driver finds leftover engines by it.
export QUALCLUSTER_ATSPI_SANDBOX=$work

sandbox_pids() {
    # This script's own environment is the one it started with, without the marker. The grep
    # that looks finds itself too, and is gone by the time its PID would be used.
    local environ pid
    for environ in $(grep -lzxF "QUALCLUSTER_ATSPI_SANDBOX=$work" /proc/[0-9]*/environ 2>/dev/null); do
        pid=${environ#/proc/}; pid=${pid%/environ}
        [ -d "/proc/$pid" ] && echo "$pid"
    done
}

cleanup() {
    local status=$? pids
    pids=$(sandbox_pids)
    if [ -n "$pids" ]; then
        kill $pids 2>/dev/null
        sleep 1
        pids=$(sandbox_pids)
        [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
    fi
    if [ $status -eq 0 ]; then
        rm -rf "$work" || echo "Could not remove the sandbox $work." >&2
    else
        echo "The sandbox is kept for a look: $work (app.log: the window's output)"
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { echo "== $*"; }

step "Demo data"
"$app" demo-data "$work/demo" >/dev/null || exit 1

step "Xvfb on a free display"
# -displayfd: the server picks a free display number and writes it to fd 3 once it accepts clients.
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp >"$work/xvfb.log" 2>&1 3>"$work/display" &
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "Xvfb did not start:"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=:$(cat "$work/display")
echo "DISPLAY=$DISPLAY"

step "A private D-Bus session and the accessibility bus"
address=$(dbus-daemon --session --fork --print-address=1) || exit 1
export DBUS_SESSION_BUS_ADDRESS=$address
/usr/libexec/at-spi-bus-launcher --launch-immediately >"$work/atspi.log" 2>&1 &
has_bus() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.a11y.Bus 2>/dev/null | grep -q 'boolean true'
}
for _ in $(seq 100); do has_bus && break; sleep 0.1; done
has_bus || { echo "The AT-SPI bus did not start:"; cat "$work/atspi.log"; exit 1; }
# Qt registers with AT-SPI only when a screen reader is said to run; this says so.
export QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1

step "Drive the window"
# In the background: bash runs the INT/TERM trap (and so the cleanup) at once while in `wait`, but
# only after a foreground child has ended.
"$python" "$here/drive_window.py" --app "$app" --engine "$engine" --demo "$work/demo" \
    --work "$work" --export-dir "$work/charts" &
wait $!
status=$?
if [ -s "$work/app.log" ]; then
    echo "== The window's output"
    cat "$work/app.log"
fi
exit $status
