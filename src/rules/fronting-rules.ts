// Domain fronting: a request whose HTTP Host, or a TLS connection whose SNI, names a different
// host than the one the package looked up for that connection (the fake DNS gives every name its
// own address, so the address says which name was looked up). On the real internet that is how
// traffic to one host is dressed as traffic to another (a CDN's shared front, an allowlisted
// name in the SNI); here it is also how a package would try to borrow an allowlisted name.
// Host and SNI never decide the allowlist (see plan/allowlist.ts callers); this rule reports the
// disagreement itself. A name claimed on a connection to an address nobody looked up is
// reported too: the connection went to that address whatever it claimed.
// Limits: a client that connects through its own resolver (DNS over HTTPS) to the right address
// and names it correctly looks like a raw-IP connection with a Host header; HTTP/2 connection
// reuse across names is not modelled (the fake DNS gives each name its own address).
import type { Attribution, Finding, NetworkObservations } from '../domain/types.js';
import { bareHost, isIpLiteral } from '../observe/lookup-names.js';
import { RULES } from './catalog.js';
import { FindingSet } from './finding-set.js';

interface Claim extends Attribution {
  /** What the package claimed: the Host header or the SNI. */
  via: 'HTTP Host' | 'TLS SNI';
  claimed: string;
  dstIp: string;
  dstPort: number;
  excerpt: string;
}

export function frontingFindings(net: NetworkObservations): Finding[] {
  const names = new Map<string, Set<string>>();
  for (const q of net.dns)
    for (const ip of q.answers) {
      const set = names.get(ip) ?? new Set<string>();
      set.add(bareHost(q.name));
      names.set(ip, set);
    }
  const claims: Claim[] = [];
  for (const h of net.http)
    if (h.host && h.dstIp)
      claims.push({
        ...at(h),
        via: 'HTTP Host',
        claimed: bareHost(h.host),
        dstIp: h.dstIp,
        dstPort: h.dstPort,
        excerpt: `${h.method} ${h.url}\nHost: ${h.host}`,
      });
  // Addresses whose lookup went unlogged (the DNS budget was spent) cannot be judged.
  const unknown = new Set(net.connections.filter((c) => c.nameUnlogged).map((c) => c.dstIp));
  for (const c of net.connections)
    if (c.sni)
      claims.push({
        ...at(c),
        via: 'TLS SNI',
        claimed: bareHost(c.sni),
        dstIp: c.dstIp,
        dstPort: c.dstPort,
        excerpt: `TLS ClientHello server_name: ${c.sni}`,
      });

  const out = new FindingSet();
  for (const c of claims) {
    if (!c.claimed || c.claimed === c.dstIp || isIpLiteral(c.claimed)) continue;
    if (unknown.has(c.dstIp)) continue;
    const looked = names.get(c.dstIp);
    if (looked?.has(c.claimed)) continue;
    const dest = looked?.size ? ([...looked][0] ?? c.dstIp) : c.dstIp;
    const title = looked?.size
      ? `${c.via} names ${c.claimed}, but the connection went to ${dest} (the name looked up)`
      : `${c.via} names ${c.claimed} on a connection to ${c.dstIp}, an address no lookup returned`;
    out.add(
      RULES.domainFronting,
      title,
      c,
      {
        ...(looked?.size ? { host: dest } : {}),
        ip: c.dstIp,
        port: c.dstPort,
        value: c.claimed,
        field: c.via,
        payloadExcerpt: c.excerpt.slice(0, 2000),
      },
      `${c.claimed}|${c.dstIp}`,
    );
  }
  return out.list();
}

function at(a: Attribution): Attribution {
  return {
    phase: a.phase,
    ...(a.callId ? { callId: a.callId } : {}),
    ...(a.tool ? { tool: a.tool } : {}),
  };
}
