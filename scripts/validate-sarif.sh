#!/usr/bin/env bash
# Validates a SARIF file with Microsoft's SARIF Multitool (the devDependency
# @microsoft/sarif-multitool, a self-contained .NET program for linux-x64 shipped through npm),
# running both its SARIF rules and its GitHub code-scanning ingestion rules (GH1xxx/GH2xxx).
# The multitool exits 0 even when it reports errors, so its own SARIF output is read instead:
# this script prints every result and exits 1 when any has level error, 2 when the tool itself
# could not run. Usage: scripts/validate-sarif.sh FILE.sarif
set -euo pipefail
[ "$#" -eq 1 ] || { echo "usage: $0 FILE.sarif" >&2; exit 2; }
input="$1"
[ -f "$input" ] || { echo "validate-sarif: no such file: $input" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
[ -f "$bin" ] || { echo "validate-sarif: $bin missing (npm install; linux only)" >&2; exit 2; }
# The package sets the execute bit in a postinstall script, which installs without scripts skip.
[ -x "$bin" ] || chmod u+x "$bin"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Invariant globalization: no ICU needed; no telemetry, no first-run banner.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! "$bin" validate "$input" --rule-kind "Sarif;Gh" --output "$out/validation.sarif" \
  --log ForceOverwrite --quiet >"$out/console.txt" 2>&1; then
  echo "validate-sarif: the multitool failed:" >&2
  cat "$out/console.txt" >&2
  exit 2
fi
[ -f "$out/validation.sarif" ] || { cat "$out/console.txt" >&2; exit 2; }

# Result level defaults to warning (SARIF 3.27.10); a rule's defaultConfiguration may say otherwise.
node --input-type=module - "$out/validation.sarif" <<'EOF'
import { readFileSync } from 'node:fs';
const log = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let errors = 0;
let total = 0;
for (const run of log.runs ?? []) {
  const rules = run.tool?.driver?.rules ?? [];
  for (const n of run.invocations?.flatMap((i) => i.toolExecutionNotifications ?? []) ?? []) {
    if (n.level === 'error') errors += 1;
    console.log(`${n.level ?? 'warning'} (tool) ${n.message?.text ?? ''}`);
  }
  for (const r of run.results ?? []) {
    const rule = rules[r.ruleIndex ?? -1] ?? rules.find((x) => x.id === r.ruleId);
    const level = r.level ?? rule?.defaultConfiguration?.level ?? 'warning';
    total += 1;
    if (level === 'error') errors += 1;
    // the message is a template in the rule's messageStrings, filled with the arguments
    const args = r.message?.arguments ?? [];
    const template = rule?.messageStrings?.[r.message?.id]?.text ?? args.join(' | ');
    const text = r.message?.text ?? template.replace(/\{(\d+)\}/g, (_, i) => args[i] ?? '');
    console.log(`${level} ${r.ruleId}: ${text}`);
  }
}
console.log(`validate-sarif: ${total} result(s), ${errors} error(s)`);
process.exit(errors > 0 ? 1 : 0);
EOF
