// A report with a policy applied: the findings the policy allows or ignores taken out (kept in
// `report.policy` with the entry and its reason), severities overridden, and the verdict and
// counts derived again. Pure; `now` decides which entries have expired.
import { countBySeverity, verdictOf } from '../domain/severity.js';
import type { Report } from '../domain/types.js';
import { applyPolicy } from './apply-policy.js';
import type { Policy } from './types.js';

export function reportWithPolicy(report: Report, policy: Policy, now: Date): Report {
  const { findings, outcome } = applyPolicy(report.findings, report, policy, now);
  return {
    ...report,
    findings,
    verdict: verdictOf(findings),
    summary: countBySeverity(findings),
    policy: outcome,
  };
}
