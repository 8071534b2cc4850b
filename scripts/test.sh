#!/usr/bin/env bash
# The quick start's test command: set up (first time only), run every test — the Docker
# integration tests included — then the type, lint and format checks, and end with a plain
# "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 2
mkdir -p .airlock
rm -f .airlock/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=.airlock/vitest.json "$@"
status=$?
echo "checks: typecheck, eslint, prettier" >&2
if ! { npx tsc -p tsconfig.json --noEmit && npx eslint . && npx prettier --check . >/dev/null; }; then
  echo "checks: FAILED (typecheck, lint or format)" >&2
  status=1
fi
node scripts/test-summary.mjs .airlock/vitest.json || status=1
exit $status
