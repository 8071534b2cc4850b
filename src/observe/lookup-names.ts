// Which names the fake DNS answered with each address. The fake DNS gives every name its own
// address, so the address a connection went to says which name the package looked up: the one
// identity of a destination the package cannot forge (HTTP Host and TLS SNI it writes itself).
// Pure.
import type { NetsimEvent } from '../../sandbox/netsim/events.js';

/** Address -> looked-up names (lower-case, no trailing dot, first-seen order, at most 8). */
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
  return out;
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
