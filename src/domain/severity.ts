// Severity ordering, verdicts and exit codes: the small policy core the CLI and reports share.
import { SEVERITIES, type Finding, type Severity, type Verdict } from './types.js';

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

export function atOrAbove(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

/** critical: malicious; high or medium: suspicious; otherwise clean. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'critical')) return 'malicious';
  if (findings.some((f) => atOrAbove(f.severity, 'medium'))) return 'suspicious';
  return 'clean';
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out = { info: 0, low: 0, medium: 0, high: 0, critical: 0 } satisfies Record<
    Severity,
    number
  >;
  for (const f of findings) out[f.severity] += 1;
  return out;
}

/** Exit code for CI: 1 when any finding is at or above the threshold, else 0. */
export function exitCodeFor(findings: readonly Finding[], failOn: Severity): 0 | 1 {
  return findings.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0;
}
