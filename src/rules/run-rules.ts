// Runs every rule over the observations and orders the findings, most severe first.
import { severityRank } from '../domain/severity.js';
import type { Finding, NetworkObservations } from '../domain/types.js';
import { egressFindings } from './egress-rules.js';

export function runRules(net: NetworkObservations, allowlist: readonly string[]): Finding[] {
  const findings = [...egressFindings(net, allowlist)];
  return findings.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.rule.localeCompare(b.rule),
  );
}
