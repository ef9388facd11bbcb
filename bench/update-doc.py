#!/usr/bin/env python3
"""Replaces one generated block of docs/BENCHMARKS.md.

Usage: update-doc.py NAME < table.md
The block is the text between `<!-- NAME:begin -->` and `<!-- NAME:end -->`;
it becomes a line naming the machine and the date, then the table read
from standard input. Everything else in the file is left as it is.
"""
import datetime
import os
import platform
import re
import subprocess
import sys

DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "BENCHMARKS.md")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    try:
        debian = open("/etc/debian_version").read().strip()
    except OSError:
        debian = "?"
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True).stdout.strip() or "?"
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Debian {debian}, "
            f"Linux {platform.release()}; terbuka at {rev}")


def main() -> None:
    name = sys.argv[1]
    table = sys.stdin.read().strip()
    today = datetime.date.today().isoformat()
    block = (f"<!-- {name}:begin -->\nMeasured {today} on {machine()}.\n\n{table}\n"
             f"<!-- {name}:end -->")
    text = open(DOC).read()
    pattern = re.compile(rf"<!-- {name}:begin -->.*?<!-- {name}:end -->", re.S)
    if not pattern.search(text):
        sys.exit(f"update-doc: no block named {name} in {DOC}")
    open(DOC, "w").write(pattern.sub(lambda _: block, text))


if __name__ == "__main__":
    main()
