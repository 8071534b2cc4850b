// Which names the fake DNS answered with each address. The fake DNS gives every name its own
// address, so the address a connection went to says which name the package looked up: the one
// identity of a destination the package cannot forge (HTTP Host and TLS SNI it writes itself).
// Pure.
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import { firstChoiceAddresses } from '../../sandbox/netsim/fake-address.js';
import { sniOf } from './tls-sni.js';

/**
 * Address -> looked-up names (lower-case, no trailing dot, first-seen order, at most 8). Once
 * netsim's DNS budget is spent, later lookups go unlogged; for those addresses a name the flow
 * itself claims (HTTP Host, TLS SNI) is taken only when the fake DNS would have given that very
 * name this address, which no package can arrange for a name it does not own.
 */
export function namesByIp(events: readonly NetsimEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of events) {
    if (e.type !== 'dns') continue;
    const name = e.name.toLowerCase().replace(/\.$/, '');
    for (const a of e.answers) {
      const ip = String(a);
      const list = out.get(ip) ?? [];
      if (!list.includes(name) && list.length < 8) list.push(name);
      out.set(ip, list);
    }
  }
  if (events.some((e) => e.type === 'cap' && e.cap === 'events:dns')) confirmClaims(events, out);
  return out;
}

/** Names claimed on flows to unnamed fake-DNS addresses, kept when the address is theirs. */
function confirmClaims(events: readonly NetsimEvent[], out: Map<string, string[]>): void {
  const ready = events.find((e) => e.type === 'ready');
  const key = ready?.type === 'ready' ? ready.addressKey : undefined;
  // Without the run's key the addresses are predictable: no claim is taken.
  if (!key) return;
  const claims = new Map<number, string[]>();
  const claim = (flow: number, name: string | undefined) => {
    if (name) claims.set(flow, [...(claims.get(flow) ?? []), bareHost(name)]);
  };
  for (const e of events) {
    if (e.type === 'http') claim(e.flow, e.headers['host']);
    else if (e.type === 'tls-error') claim(e.flow, e.sni);
    else if (e.type === 'tcp-data' && e.kind === 'tls')
      claim(e.flow, sniOf(Buffer.from(e.first, 'base64')));
  }
  for (const e of events) {
    if (e.type !== 'tcp-open' || out.has(e.dstIp) || !isFakeDnsAddress(e.dstIp)) continue;
    const name = (claims.get(e.flow) ?? []).find((n) => {
      const a = firstChoiceAddresses(n, key);
      return a.v4 === e.dstIp || a.v6 === e.dstIp;
    });
    if (name) out.set(e.dstIp, [name]);
  }
}

/** An address the fake DNS hands out (198.18.0.0/15, 2001:db8:a1::/48; fake-address.ts). */
export function isFakeDnsAddress(ip: string): boolean {
  return /^198\.1[89]\./.test(ip) || /^2001:db8:a1:/i.test(ip);
}

/** A Host header or SNI as a bare lower-case name: port, brackets and trailing dot dropped. */
export function bareHost(h: string): string {
  const t = h.trim().toLowerCase();
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (v6) return v6[1] ?? '';
  return t.replace(/:\d+$/, '').replace(/\.$/, '');
}

/** True for an IPv4 dotted quad or anything with a colon (an IPv6 literal), as Host or SNI. */
export function isIpLiteral(h: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':');
}
