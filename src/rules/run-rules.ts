// Runs every rule over the observations and orders the findings, most severe first.
import { severityRank } from '../domain/severity.js';
import type { BehaviourObservations, Finding, NetworkObservations } from '../domain/types.js';
import { dnsTunnelFindings } from './dns-tunnel.js';
import { egressFindings } from './egress-rules.js';
import { exfilFindings } from './exfil-rules.js';
import { fsFindings } from './fs-rules.js';
import { procFindings } from './proc-rules.js';

const EMPTY: BehaviourObservations = {
  canaries: [],
  exfil: [],
  taint: [],
  files: [],
  processes: [],
  processTracing: { available: false },
};

export function runRules(
  net: NetworkObservations,
  allowlist: readonly string[],
  behaviour: BehaviourObservations = EMPTY,
): Finding[] {
  const findings = [
    ...egressFindings(net, allowlist),
    ...dnsTunnelFindings(net.dns, allowlist),
    ...exfilFindings(behaviour.exfil, behaviour.taint, allowlist),
    ...fsFindings(behaviour.files),
    ...procFindings(behaviour.processes),
  ];
  return findings.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.rule.localeCompare(b.rule),
  );
}
