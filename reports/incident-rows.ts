// Findings grouped into incidents for the HTML findings table: findings of different rules about
// one flow (a beacon that is both net/raw-ip and net/non-http-tcp, a request that leaked a
// credential and carried a Bcc) are one row listing every reason, at the highest severity. The
// JSON and SARIF reports keep the findings separate (they key on rules). Pure.
// Two findings are one flow when they share a host, or an IP and port, on the same side of the
// install / run divide (the divide finding-set.ts keeps: who did it differs); the relation is
// closed transitively. Limits: port 53 addresses are not a key (every lookup goes to the
// resolver, so they would join unrelated DNS findings); findings without a host or address
// (files, processes, metadata) are rows of their own.
import { severityRank } from '../src/domain/severity.js';
import type { Finding, Phase, Severity } from '../src/domain/types.js';

export interface IncidentRow {
  /** The highest severity of its findings. */
  severity: Severity;
  /** The phase of its worst finding. */
  phase: Phase;
  /** Worst first, then in report order. */
  findings: readonly Finding[];
  /** Every tool the incident touched, first seen first. */
  tools: readonly string[];
  /** Distinct calls it was seen in (bounded by what the findings list). */
  calls: number;
  /** Some finding listed fewer occurrences than it had. */
  callsTruncated: boolean;
}

/** The keys that make two findings one flow. */
function flowKeys(f: Finding): string[] {
  const side = f.phase === 'install' ? 'install' : 'run';
  const e = f.evidence;
  const keys: string[] = [];
  if (e.host !== undefined && e.host !== '') keys.push(`${side}|host|${e.host.toLowerCase()}`);
  if (e.ip !== undefined && e.port !== undefined && e.port !== 53)
    keys.push(`${side}|addr|${e.ip.toLowerCase()}|${e.port}`);
  return keys;
}

/** Union-find over finding indexes. */
function groups(findings: readonly Finding[]): number[][] {
  const parent = findings.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] ?? r;
    parent[i] = r;
    return r;
  };
  const owner = new Map<string, number>();
  findings.forEach((f, i) => {
    for (const k of flowKeys(f)) {
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else {
        const [a, b] = [find(i), find(j)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const out = new Map<number, number[]>();
  findings.forEach((_, i) => out.set(find(i), [...(out.get(find(i)) ?? []), i]));
  return [...out.values()];
}

function row(members: readonly Finding[]): IncidentRow {
  const sorted = [...members].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const top = sorted[0] as Finding;
  const tools = new Set<string>();
  const calls = new Set<string>();
  for (const f of sorted) {
    for (const t of f.tools ?? (f.tool === undefined ? [] : [f.tool])) tools.add(t);
    if (f.callId !== undefined) calls.add(f.callId);
    for (const o of f.occurrences ?? []) if (o.callId !== undefined) calls.add(o.callId);
  }
  return {
    severity: top.severity,
    phase: top.phase,
    findings: sorted,
    tools: [...tools],
    calls: calls.size,
    callsTruncated: sorted.some((f) => f.occurrencesTruncated === true),
  };
}

/** One row per incident, most severe first (report order among equals). */
export function incidentRows(findings: readonly Finding[]): IncidentRow[] {
  return groups(findings)
    .map((idx) => row(idx.map((i) => findings[i] as Finding)))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}
