#!/usr/bin/env bash
# The .deb as a user gets it: made by CPack from this build, checked by lintian,
# desktop-file-validate and appstreamcli, installed into and removed from a private dpkg root,
# and the installed program run: its version, `analyze` on the demo set with the installed engine
# (proved by the engines' /proc/PID/exe) giving the build's own numbers, and the window opened
# from the menu entry's command line.
# Usage: check_package.sh BUILD_DIR. Exit 77 (skip) when a tool is missing outside CI.
set -euo pipefail
build=$(cd "$1" && pwd)

need=(cpack dpkg-deb dpkg-shlibdeps lintian desktop-file-validate appstreamcli xvfb-run python3)
for tool in "${need[@]}"; do
    if ! command -v "$tool" >/dev/null; then
        echo "missing $tool (packaging/install-deps.sh --test installs it)"
        [ -n "${CI:-}" ] && exit 1
        exit 77
    fi
done

work=$(mktemp -d)
cleanup() {
    # No engine or controller of the installed program may outlive the test.
    pkill -KILL -f "$work/" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

echo "== cpack"
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/out/*.deb)
echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KB"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for library in libqt6core6 libqt6widgets6 libqt6charts6 libqt6network6 libqt6sql6-sqlite libarchive13 libstaden-read; do
    grep -q "$library" <<<"$depends" || fail "Depends does not name $library"
done

echo "== lintian"
# Errors fail; warnings and notes are printed for the reader.
status=0
lintian --fail-on error --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1 || status=$?
grep -v "running with root privileges" "$work/lintian.log" || true
[ "$status" -eq 0 ] || fail "lintian reports errors"

root=$work/root
dpkg-deb -x "$deb" "$root"
for file in usr/bin/qualcluster usr/libexec/qualcluster/qualcluster-engine \
    usr/share/applications/org.qualcluster.QualCluster.desktop \
    usr/share/metainfo/org.qualcluster.QualCluster.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/org.qualcluster.QualCluster.svg \
    usr/share/icons/hicolor/48x48/apps/org.qualcluster.QualCluster.png \
    usr/share/man/man1/qualcluster.1.gz usr/share/bash-completion/completions/qualcluster \
    usr/share/doc/qualcluster/copyright usr/share/doc/qualcluster/changelog.gz; do
    [ -e "$root/$file" ] || fail "the package has no /$file"
done
echo "== desktop-file-validate, appstreamcli"
desktop-file-validate "$root/usr/share/applications/org.qualcluster.QualCluster.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net --explain "$root/usr/share/metainfo/org.qualcluster.QualCluster.metainfo.xml" \
    || fail "appstreamcli validate"

echo "== install and remove in a private dpkg root"
admin=$work/dpkg
mkdir -p "$admin/var/lib/dpkg/info" "$admin/var/lib/dpkg/updates" "$admin/var/log"
touch "$admin/var/lib/dpkg/status"
# The root holds nothing else, so dependencies are known unmet; the files are what is checked.
dpkg --root="$admin" --force-depends --force-not-root --log=/dev/null -i "$deb" >"$work/dpkg.log" 2>&1 \
    || { cat "$work/dpkg.log"; fail "dpkg -i into a private root"; }
[ -x "$admin/usr/bin/qualcluster" ] || fail "installed, but no /usr/bin/qualcluster"
dpkg --root="$admin" --force-depends --force-not-root --log=/dev/null -r qualcluster >"$work/dpkg.log" 2>&1 \
    || { cat "$work/dpkg.log"; fail "dpkg -r from a private root"; }
left=$(find "$admin/usr" -type f 2>/dev/null || true)
[ -z "$left" ] || fail "files left after removal: $left"

echo "== the installed program"
app=$root/usr/bin/qualcluster
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/run
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
version=$("$app" --version)
echo "$version"
grep -q "^qualcluster [0-9]" <<<"$version" && grep -q "^Qt 6" <<<"$version" && grep -q "io_lib" <<<"$version" \
    || fail "--version does not say the version, Qt and io_lib"
"$app" demo-data "$work/demo" >/dev/null
# Engines on other machines run the same installed engine by default (a shared /usr).
"$app" profile create onslurm --launcher slurm >/dev/null
"$app" profile create overssh --launcher ssh --host localhost >/dev/null
for profile in onslurm overssh; do
    "$app" profile show "$profile" --script | grep -q "exec $root/usr/libexec/qualcluster/qualcluster-engine \\|'$root/usr/libexec/qualcluster/qualcluster-engine " \
        || fail "the $profile profile's script does not run the installed engine: $("$app" profile show "$profile" --script)"
done
"$app" cluster start --profile default -n 2 >"$work/start.log" 2>&1 || { cat "$work/start.log"; fail "cluster start"; }
engines=$("$app" cluster engines --profile default --json)
pids=$(python3 -c 'import json,sys; print(" ".join(str(e["pid"]) for e in json.load(sys.stdin)))' <<<"$engines")
[ -n "$pids" ] || fail "no engine listed: $engines"
for pid in $pids; do
    exe=$(readlink "/proc/$pid/exe")
    [ "$exe" = "$root/usr/libexec/qualcluster/qualcluster-engine" ] || fail "engine $pid runs $exe, not the installed engine"
done
echo "engines $pids run the installed engine"
"$app" analyze --profile default --json "$work/installed.json" "$work/demo" >/dev/null
"$app" cluster stop --profile default >/dev/null
"$build/bin/qualcluster" analyze --mode serial --json "$work/built.json" "$work/demo" >/dev/null
python3 - "$work/installed.json" "$work/built.json" "$pids" <<'EOF'
import json, sys
installed, built = (json.load(open(p)) for p in sys.argv[1:3])
pids = {int(p) for p in sys.argv[3].split()}
def means(report):
    return {s["name"]: [p["mean"] for p in s["positions"]] for s in report["samples"]}
assert means(installed) == means(built), "the installed program's means differ from the build's"
used = {e["pid"] for s in installed["samples"] for e in s["engines"]}
assert used and used <= pids, f"folders ran on {used}, not on the installed engines {pids}"
print(f"{len(installed['samples'])} folders, means equal to the build's serial run, on engines {sorted(used)}")
EOF

echo "== the window from the menu entry"
exec_line=$(sed -n 's/^Exec=//p' "$root/usr/share/applications/org.qualcluster.QualCluster.desktop")
command=${exec_line/\%F/$work/demo}
# Still running after 5 s with a display and nothing printed: the window is open (without a
# display, or with a bad argument, it exits at once).
status=0
PATH=$root/usr/bin:$PATH timeout 5 xvfb-run -a bash -c "$command" >"$work/window.log" 2>&1 || status=$?
[ "$status" -eq 124 ] || { cat "$work/window.log"; fail "\"$exec_line\" ended with $status"; }
[ ! -s "$work/window.log" ] || { cat "$work/window.log"; fail "the window printed messages"; }
echo "\"$exec_line\" opened the window"
echo "PASS"
