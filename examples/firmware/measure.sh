#!/usr/bin/env bash
# Builds the `jwt` and `bare` firmware binaries for each algorithm alone and all together at
# opt-level "s" and "z", measures flash, RAM, stack and emulated instructions in QEMU, and writes
# results/embedded.csv and docs/embedded.md. See measure.py for the method.
#
#   bash examples/firmware/measure.sh      # ~10 min on 2 cores from a cold target dir
set -euo pipefail
exec python3 "$(dirname "$0")/measure.py" "$@"
