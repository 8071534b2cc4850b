#!/usr/bin/env bash
# Prints the wall time of each phase for the bundled example (default 3 runs): bash scripts/bench.sh [RUNS] [TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node dist/src/bench/bench.js "$@"
