// Which findings a policy's egress entries allow. An egress entry says "this server may reach
// this destination", so it can clear only the findings that say nothing but that the server
// reached (or looked up) a destination:
//
//   net/egress-http, net/raw-ip, net/non-http-tcp, net/udp, net/dns-lookup,
//   net/configured-endpoint, install/egress
//
// Every other finding stays, whatever the destination:
//   - exfil/* judge what was sent (a canary, an unexplained recipient, a DNS tunnel): allowing a
//     host lets the server contact it, not hand it the user's credentials;
//   - net/domain-fronting, net/dns-bypass and net/dns-port-misuse judge how the traffic was
//     dressed (a borrowed name, a resolver bypassed, a channel posing as DNS), which an allowed
//     destination does not excuse;
//   - install/remote-dependency is code from outside the registry, not traffic;
//   - proc/*, fs/*, meta/*, mcp/*, coverage/*, evasion/* are not about destinations at all.
// Those can only be changed by an explicit `ignore` or `severity` entry naming the rule.
//
// A finding is allowed when its destination matches (a host pattern against the names the run's
// DNS gave its address, see finding-facts.ts; a CIDR against its address), its port is listed
// (ports do not restrict DNS lookups, which have none), and every phase the incident spans is
// covered by the matching entries. An incident that spans a phase no entry covers stays whole:
// the policy does not cut findings in pieces.
import { PHASES, type Finding } from '../domain/types.js';
import { RULES } from '../rules/catalog.js';
import { cidrContains, parseCidr, type Cidr } from './cidr.js';
import { destinationNames, isDnsQuery, phasesOf, type DnsIndex } from './finding-facts.js';
import { hostPatternMatches } from './host-pattern.js';
import type { EgressEntry } from './types.js';

export const ALLOWABLE_RULES: ReadonlySet<string> = new Set([
  RULES.egressHttp.id,
  RULES.rawIp.id,
  RULES.nonHttpTcp.id,
  RULES.udp.id,
  RULES.dnsLookup.id,
  RULES.configuredEndpoint.id,
  RULES.installEgress.id,
]);

/** An egress entry in force, with its position in the file and its range parsed once. */
export interface ActiveEgress {
  index: number;
  entry: EgressEntry;
  cidr?: Cidr;
}

export function activeEgress(index: number, entry: EgressEntry): ActiveEgress {
  const parsed = entry.cidr !== undefined ? parseCidr(entry.cidr) : undefined;
  return { index, entry, ...(parsed && 'cidr' in parsed ? { cidr: parsed.cidr } : {}) };
}

function destinationMatches(e: ActiveEgress, f: Finding, dns: DnsIndex): boolean {
  if (e.entry.host !== undefined) {
    const pattern = e.entry.host;
    return destinationNames(f, dns).some((n) => hostPatternMatches(n, pattern));
  }
  return e.cidr !== undefined && f.evidence.ip !== undefined && cidrContains(e.cidr, f.evidence.ip);
}

function portMatches(e: EgressEntry, f: Finding): boolean {
  if (!e.ports || isDnsQuery(f)) return true;
  return f.evidence.port !== undefined && e.ports.includes(f.evidence.port);
}

/**
 * The entries that together allow the finding (the first is named in the outcome), or an empty
 * list when it stays.
 */
export function allowingEntries(
  f: Finding,
  entries: readonly ActiveEgress[],
  dns: DnsIndex,
): ActiveEgress[] {
  if (!ALLOWABLE_RULES.has(f.rule)) return [];
  const matching = entries.filter((e) => destinationMatches(e, f, dns) && portMatches(e.entry, f));
  const covered = new Set(matching.flatMap((e) => e.entry.phases ?? PHASES));
  const needed = [...phasesOf(f)];
  if (!needed.every((p) => covered.has(p))) return [];
  return matching.filter((e) => (e.entry.phases ?? PHASES).some((p) => needed.includes(p)));
}
