#!/usr/bin/env bash
# The quick start's main job: set up (first time only), then analyse the bundled example server
# (a weather server that calls its allowed API and also beacons to a raw IP) and write its
# reports to airlock-out/example-weather/. Findings are the expected result here, so exit code 1
# ("findings at or above --fail-on") is reported and mapped to 0; 2 means the run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 2
node bin/mcp-airlock.js analyze harness/fixtures/servers/example-weather \
  --out airlock-out/example-weather --allow-egress api.weather.example "$@"
status=$?
if [ "$status" -eq 1 ]; then
  echo "demo: the example server was caught (in CI this is exit code 1). Open airlock-out/example-weather/report.html" >&2
  exit 0
fi
exit "$status"
