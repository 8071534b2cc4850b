// What a policy entry can know about a finding: the phases it spans, the tools it spans, and the
// names of its destination. Names are taken from the run's own DNS, never from what the package
// wrote: where a finding has an address, its names are those the fake DNS answered with that
// address (a Host header or TLS SNI, which the package writes, may name any host, and for a raw
// IP flow the evidence host is exactly such a claim). Where it has no address (a DNS query), its
// name is the name queried.
import { PHASES, type Finding, type Phase } from '../domain/types.js';
import { ipKey } from './cidr.js';

/** The slice of a Report a policy reads: the run's DNS answers. A Report satisfies it. */
export interface PolicyContext {
  network: { dns: readonly { name: string; answers: readonly string[] }[] };
}

/** Address key (see ipKey) -> names the run's DNS answered with it. */
export type DnsIndex = ReadonlyMap<string, readonly string[]>;

export function dnsIndex(context: PolicyContext): DnsIndex {
  const out = new Map<string, string[]>();
  for (const q of context.network.dns)
    for (const answer of q.answers) {
      const key = ipKey(answer);
      if (!key) continue;
      const names = out.get(key) ?? [];
      if (!names.includes(q.name)) names.push(q.name);
      out.set(key, names);
    }
  return out;
}

/** A finding about a DNS query itself (no address, no port). */
export function isDnsQuery(f: Finding): boolean {
  return f.evidence.ip === undefined && (f.evidence.protocol ?? '').startsWith('dns/');
}

/** Host names of the finding's destination that the run itself vouches for. */
export function destinationNames(f: Finding, index: DnsIndex): readonly string[] {
  const { ip, host } = f.evidence;
  if (ip !== undefined) {
    const key = ipKey(ip);
    return key ? (index.get(key) ?? []) : [];
  }
  return host ? [host] : [];
}

/** Every phase the incident was seen in; all phases when its occurrences were cut short. */
export function phasesOf(f: Finding): ReadonlySet<Phase> {
  if (f.occurrencesTruncated) return new Set(PHASES);
  return new Set([f.phase, ...(f.occurrences ?? []).map((o) => o.phase)]);
}

/** Whether every occurrence of the incident was in a call to `tool` (none cut short). */
export function onlyInTool(f: Finding, tool: string): boolean {
  if (f.occurrencesTruncated) return false;
  const occurrences = f.occurrences ?? [{ phase: f.phase, tool: f.tool }];
  return occurrences.length > 0 && occurrences.every((o) => o.tool === tool);
}

/** Whether a report path (`~/…` or absolute) is covered by `pattern` (exact, or `dir/**`). */
export function pathMatches(path: string | undefined, pattern: string): boolean {
  if (path === undefined) return false;
  if (pattern.endsWith('/**')) return path.startsWith(pattern.slice(0, -2));
  return path === pattern;
}
