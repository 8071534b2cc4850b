// Collects findings as incidents: one finding per (rule, key) — the same destination, command,
// canary or path — across every tool and call that showed it, so a probe run by fifty tools is
// one row, not fifty. The first occurrence gives the title, phase, tool, call and evidence; the
// total goes in evidence.count, and once a second distinct (phase, tool, call) shows it, every
// distinct occurrence is listed (bounded) with the tools involved; severity is the highest. Install-time and run-time occurrences stay separate incidents: who did it differs.
// Shared by every rule module; the key each rule passes says what "the same behaviour" is.
import { severityRank } from '../domain/severity.js';
import type { Evidence, Finding, Occurrence, Severity } from '../domain/types.js';
import type { RuleInfo } from './catalog.js';

/** Occurrences kept per finding; the count goes on beyond it. */
export const MAX_OCCURRENCES = 500;
/** Tools named per finding. */
const MAX_TOOLS = 200;

export class FindingSet {
  private readonly byKey = new Map<string, Finding>();

  add(
    rule: RuleInfo,
    title: string,
    at: { phase: Finding['phase']; tool?: string; callId?: string },
    evidence: Evidence,
    key: string,
    severity: Severity = rule.severity,
  ): void {
    const k = `${rule.id}|${at.phase === 'install' ? 'install' : 'run'}|${key}`;
    const occurrence: Occurrence = {
      phase: at.phase,
      ...(at.tool ? { tool: at.tool } : {}),
      ...(at.callId ? { callId: at.callId } : {}),
    };
    const prev = this.byKey.get(k);
    if (prev) {
      prev.evidence.count = (prev.evidence.count ?? 1) + 1;
      if (severityRank(severity) > severityRank(prev.severity)) prev.severity = severity;
      const first: Occurrence = {
        phase: prev.phase,
        ...(prev.tool ? { tool: prev.tool } : {}),
        ...(prev.callId ? { callId: prev.callId } : {}),
      };
      const occurrences = prev.occurrences ?? [first];
      const same = occurrences.some(
        (o) =>
          o.phase === occurrence.phase &&
          o.tool === occurrence.tool &&
          o.callId === occurrence.callId,
      );
      if (same) return;
      if (occurrences.length < MAX_OCCURRENCES) occurrences.push(occurrence);
      else prev.occurrencesTruncated = true;
      prev.occurrences = occurrences;
      const tools = [...new Set(occurrences.flatMap((o) => (o.tool ? [o.tool] : [])))];
      if (tools.length > 0) prev.tools = tools.slice(0, MAX_TOOLS);
      return;
    }
    this.byKey.set(k, {
      rule: rule.id,
      severity,
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
