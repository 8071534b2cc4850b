#!/usr/bin/env bash
# Analyses the real-server panel (panel/servers.json: popular MCP servers from the npm registry,
# pinned) and writes .airlock/panel/summary.json and table.md, judged with panel/judgements.json.
# Needs the registry and Docker, so it is not part of npm test. Rerun it after a change to the
# rules: bash scripts/panel.sh [--only a,b] [--out DIR] [--seed N] [--render]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node dist/src/panel/run-panel.js "$@"
