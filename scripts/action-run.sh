#!/usr/bin/env bash
# The GitHub Action's analysis step (action.yml): runs one mcp-airlock command from the inputs
# (passed as environment variables, never spliced into the script), records its exit code and
# the SARIF path as step outputs, and always exits 0 so the SARIF and reports upload first; the
# action's last step fails the job from the recorded code.
set -uo pipefail
cli=("$GITHUB_ACTION_PATH/bin/mcp-airlock.js")
out="${AIRLOCK_OUT:-airlock-reports}"
mkdir -p "$out"
common=(--fail-on "${AIRLOCK_FAIL_ON:-high}" --verbose)
[ -n "${AIRLOCK_POLICY:-}" ] && common+=(--policy "$AIRLOCK_POLICY")
# Extra options are split on whitespace only (no globbing, no expansion).
set -f
# shellcheck disable=SC2206
extra=(${AIRLOCK_ARGS:-})
set +f
sarif=""
case "${AIRLOCK_COMMAND:-scan}" in
  scan)
    args=(scan "$AIRLOCK_TARGET" --out "$out")
    sarif="$out/scan.sarif" ;;
  analyze)
    args=(analyze "$AIRLOCK_TARGET" --out "$out" --sarif "$out/report.sarif")
    sarif="$out/report.sarif" ;;
  verify)
    args=(verify "$AIRLOCK_TARGET" --out "$out" --lock "${AIRLOCK_LOCK:-mcp-airlock.lock.json}")
    sarif="$out/report.sarif" ;;
  diff)
    args=(diff "$AIRLOCK_TARGET" "$AIRLOCK_NEW_TARGET" --out "$out") ;;
  *)
    echo "::error::mcp-airlock: unknown command ${AIRLOCK_COMMAND}" >&2
    echo "exit-code=2" >>"$GITHUB_OUTPUT"
    exit 0 ;;
esac
sudo -E env "PATH=$PATH" node "${cli[@]}" "${args[@]}" "${common[@]}" "${extra[@]}"
code=$?
echo "exit-code=$code" >>"$GITHUB_OUTPUT"
if [ -n "$sarif" ] && [ -f "$sarif" ]; then echo "sarif=$sarif" >>"$GITHUB_OUTPUT"; fi
exit 0
