// The hosts a run contacted, for the batch index: every DNS name asked for and every connection
// destination (the names the fake DNS gave its address, or the bare IP when there was no lookup).
// Pure and bounded: names come from the package, so each is cut and made printable ASCII.
//
// Limits: plain DNS to the pod's own resolver is not a destination (its names are listed as DNS
// names); an address whose lookup went unlogged (the DNS budget was spent) is left out, since its
// name is unknown and the address is per run; HTTP Host headers and TLS SNI are not read (they
// are the package's own claims; the report shows them); ports are not kept.
import type { Report } from '../domain/types.js';

/** A host as the index keeps it: lower case, no trailing dot, printable ASCII, at most `max`
 * characters (a cut one ends in …). */
export function indexHost(name: string, max: number): string {
  const printable = name
    .slice(0, max + 1)
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/[^\x21-\x7e]/g, '?');
  return printable.length > max ? `${printable.slice(0, max - 1)}…` : printable;
}

/** Distinct hosts, sorted; the first `maxHosts` kept and the rest counted. */
export function hostsContacted(
  report: Pick<Report, 'network'>,
  maxHosts: number,
  maxHost: number,
): { hosts: string[]; omitted: number } {
  const all = new Set<string>();
  const add = (h: string): void => {
    const host = indexHost(h, maxHost);
    if (host !== '') all.add(host);
  };
  const net = report.network;
  for (const d of net?.dns ?? []) add(d.name);
  for (const c of net?.connections ?? []) {
    if (c.isDns && c.toResolver !== false) continue;
    if (c.hostnames.length > 0) for (const h of c.hostnames) add(h);
    else if (c.nameUnlogged !== true) add(c.dstIp);
  }
  const sorted = [...all].sort();
  return { hosts: sorted.slice(0, maxHosts), omitted: Math.max(0, sorted.length - maxHosts) };
}
