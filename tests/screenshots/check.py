#!/usr/bin/env python3
"""The README's screenshots are the app as it is: every picture the README shows exists, every
picture under resources/screenshots is shown (none left over from an older layout), each has the
size of the screen it claims, and none is older than the last change to the window's code
(`make screenshots` regenerates them). Usage: check.py REPO_ROOT"""
import re
import struct
import subprocess
import sys
from pathlib import Path

root = Path(sys.argv[1])
folder = root / "resources" / "screenshots"
problems = []

readme = (root / "README.md").read_text(encoding="utf-8")
shown = set(re.findall(r"!\[[^\]]*\]\((resources/screenshots/[^)]+\.png)\)", readme))
present = {str(p.relative_to(root)) for p in folder.rglob("*.png")}
problems += [f"the README shows {p}, which does not exist" for p in sorted(shown - present)]
problems += [f"{p} is not shown in the README (left from an older layout?)" for p in sorted(present - shown)]


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    return struct.unpack(">II", head[16:24])


# The window's size on each screen: 1500x950 on the desktop, inside the small screen's available
# area, and the desktop size at 2x within 2732x1536 (less the room left for a title bar).
for rel in sorted(present):
    w, h = png_size(root / rel)
    if "/1024x700/" in rel:
        ok = 900 <= w <= 1024 and 600 <= h <= 700
    elif "/2x/" in rel:
        ok = 2600 <= w <= 2732 and 1400 <= h <= 1536
    else:
        ok = (w, h) == (1500, 950)
    if not ok:
        problems.append(f"{rel} is {w}x{h}, not the size of the window on its screen")


def last_change(*paths):
    out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct", "--", *paths],
                         capture_output=True, text=True, check=True).stdout.strip()
    return int(out) if out else 0


if (root / ".git").exists():
    pictures = last_change("resources/screenshots")
    code = last_change("ui", "app/mainwindow.cpp", "app/mainwindow.h")
    if pictures < code:
        problems.append("the window's code changed after the screenshots were made: run `make screenshots` "
                        "and commit the pictures")
else:
    print("not a git checkout: the pictures' age is not checked")

for p in problems:
    print("FAIL:", p)
print(f"{len(present)} screenshots checked")
sys.exit(1 if problems else 0)
