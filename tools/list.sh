#!/bin/sh
# Lists files of a folder matching a pattern, sorted, one per line (for meson).
cd "$(dirname "$0")/.." && find "$1" -maxdepth 1 -name "$2" -type f | LC_ALL=C sort
