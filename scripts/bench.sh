#!/usr/bin/env bash
# Prints per-phase wall times for the bundled example and coverage figures for the MCP reference servers: bash scripts/bench.sh [RUNS] [TARGET] [--no-reference]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node dist/src/bench/bench.js "$@"
