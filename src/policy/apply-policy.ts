// Applies a parsed policy to a run's findings, purely: egress entries allow network findings
// about their destinations (which ones, and why no others, is in egress-allow.ts), ignore entries
// drop findings of their rule, severity entries change a rule's severity. Nothing is dropped
// silently: the outcome lists every allowed and ignored finding with the entry and its reason,
// every changed severity with the original, the entries past their `expires` date (not applied),
// and the entries that matched nothing. The caller recomputes the summary and verdict from the
// returned findings.
// Order: an allowed finding is not also ignored; overrides apply to what is left.
import type { Finding } from '../domain/types.js';
import { activeEgress, allowingEntries } from './egress-allow.js';
import {
  destinationNames,
  dnsIndex,
  onlyInTool,
  pathMatches,
  type DnsIndex,
  type PolicyContext,
} from './finding-facts.js';
import { hostPatternMatches } from './host-pattern.js';
import type {
  EgressEntry,
  EntryCommon,
  IgnoreEntry,
  Policy,
  PolicyEntryRef,
  PolicyOutcome,
  SeverityEntry,
} from './types.js';

/** Whether the entry's `expires` day has begun (00:00 UTC) by `now`. */
export function isExpired(entry: EntryCommon, now: Date): boolean {
  return entry.expires !== undefined && Date.parse(`${entry.expires}T00:00:00Z`) <= now.getTime();
}

function ref(pointer: string, summary: string, e: EntryCommon): PolicyEntryRef {
  return { pointer, summary, reason: e.reason, ...(e.expires ? { expires: e.expires } : {}) };
}

function egressSummary(e: EgressEntry): string {
  const dest = e.host ?? e.cidr ?? '';
  const ports = e.ports ? `:${e.ports.join(',')}` : '';
  return `${dest}${ports}${e.phases ? ` (${e.phases.join(', ')})` : ''}`;
}

function ignoreSummary(e: IgnoreEntry): string {
  const narrow = [
    e.host ? `host ${e.host}` : '',
    e.tool ? `tool ${e.tool}` : '',
    e.path ? `path ${e.path}` : '',
  ].filter(Boolean);
  return narrow.length > 0 ? `${e.rule} (${narrow.join(', ')})` : e.rule;
}

function severitySummary(e: SeverityEntry): string {
  return `${e.rule} -> ${e.severity}`;
}

function ignores(e: IgnoreEntry, f: Finding, dns: DnsIndex): boolean {
  if (e.rule !== f.rule) return false;
  const host = e.host;
  if (host !== undefined && !destinationNames(f, dns).some((n) => hostPatternMatches(n, host)))
    return false;
  if (e.tool !== undefined && !onlyInTool(f, e.tool)) return false;
  return e.path === undefined || pathMatches(f.evidence.path, e.path);
}

export function applyPolicy(
  findings: readonly Finding[],
  context: PolicyContext,
  policy: Policy,
  now: Date,
): { findings: Finding[]; outcome: PolicyOutcome } {
  const outcome: PolicyOutcome = {
    source: { ...policy.source },
    allowed: [],
    ignored: [],
    overridden: [],
    expired: [],
    unused: [],
  };
  const dns = dnsIndex(context);
  const used = new Set<string>();
  const inForce = <T extends EntryCommon>(
    list: readonly T[],
    name: string,
    summary: (e: T) => string,
  ) =>
    list.flatMap((entry, i) => {
      const r = ref(`/${name}/${i}`, summary(entry), entry);
      if (isExpired(entry, now)) {
        outcome.expired.push(r);
        return [];
      }
      return [{ i, entry, ref: r }];
    });
  const egress = inForce(policy.egress, 'egress', egressSummary);
  const ignore = inForce(policy.ignore, 'ignore', ignoreSummary);
  const severity = inForce(policy.severity, 'severity', severitySummary);
  const egressActive = egress.map((e) => activeEgress(e.i, e.entry));

  const kept: Finding[] = [];
  for (const f of findings) {
    const allowing = allowingEntries(f, egressActive, dns);
    const firstAllow = allowing[0];
    if (firstAllow) {
      for (const a of allowing) used.add(`/egress/${a.index}`);
      const by = ref(
        `/egress/${firstAllow.index}`,
        egressSummary(firstAllow.entry),
        firstAllow.entry,
      );
      outcome.allowed.push({ finding: f, by });
      continue;
    }
    const ig = ignore.find((e) => ignores(e.entry, f, dns));
    if (ig) {
      used.add(ig.ref.pointer);
      outcome.ignored.push({ finding: f, by: ig.ref });
      continue;
    }
    const sev = severity.find((e) => e.entry.rule === f.rule);
    if (!sev) {
      kept.push(f);
      continue;
    }
    used.add(sev.ref.pointer);
    kept.push({ ...f, severity: sev.entry.severity });
    outcome.overridden.push({
      rule: f.rule,
      title: f.title,
      phase: f.phase,
      ...(f.tool ? { tool: f.tool } : {}),
      from: f.severity,
      to: sev.entry.severity,
      by: sev.ref,
    });
  }
  outcome.unused = [...egress, ...ignore, ...severity]
    .map((e) => e.ref)
    .filter((r) => !used.has(r.pointer));
  return { findings: kept, outcome };
}
