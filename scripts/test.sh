#!/usr/bin/env bash
# The quick start's test command: set up (first time only), run every test — the Docker
# integration tests included — then the type, lint and format checks, and end with a plain
# "N passed, N failed" line in which every failed check counts and is named.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "0 passed, 1 failed (failed: setup)"; exit 2; }
mkdir -p .airlock
rm -f .airlock/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=.airlock/vitest.json "$@"
status=$?
failed_checks=()
echo "checks: typecheck" >&2
npx tsc -p tsconfig.json --noEmit >&2 || failed_checks+=(typecheck)
echo "checks: lint" >&2
npx eslint . >&2 || failed_checks+=(lint)
echo "checks: format" >&2
npx prettier --check . >/dev/null || failed_checks+=(format)
node scripts/test-summary.mjs .airlock/vitest.json "${failed_checks[@]}" || status=1
exit $status
