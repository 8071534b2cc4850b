#!/usr/bin/env bash
# Benchmark figures for the README (see src/bench/bench.ts): container start, per-step and total
# analysis times, peak memory, batch throughput, and with --reference the MCP reference servers'
# coverage: bash scripts/bench.sh [RUNS=3] [--batch K] [--no-batch] [--reference]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node dist/src/bench/bench.js "$@"
