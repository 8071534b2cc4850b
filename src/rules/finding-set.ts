// Collects findings keyed by (rule, phase, tool, key): the first occurrence gives the evidence,
// repeats are counted. Shared by every rule module.
import type { Evidence, Finding } from '../domain/types.js';
import type { RuleInfo } from './catalog.js';

export class FindingSet {
  private readonly byKey = new Map<string, Finding>();

  add(
    rule: RuleInfo,
    title: string,
    at: { phase: Finding['phase']; tool?: string; callId?: string },
    evidence: Evidence,
    key: string,
  ): void {
    const k = `${rule.id}|${at.phase}|${at.tool ?? ''}|${key}`;
    const prev = this.byKey.get(k);
    if (prev) {
      prev.evidence.count = (prev.evidence.count ?? 1) + 1;
      return;
    }
    this.byKey.set(k, {
      rule: rule.id,
      severity: rule.severity,
      title,
      phase: at.phase,
      ...(at.tool ? { tool: at.tool } : {}),
      ...(at.callId ? { callId: at.callId } : {}),
      // a rule may give its own count (dns-tunnel: unique names); repeats add to it
      evidence: { count: 1, ...evidence },
    });
  }

  list(): Finding[] {
    return [...this.byKey.values()];
  }
}
