// The nameserver addresses of a resolv.conf, canonical (IPv6 in RFC 5952 form, zone dropped).
// Pure. The pod's resolv.conf is shared by the gateway and the target, so what netsim reads at
// start is what the package is configured to ask; DNS sent anywhere else bypasses it.
import { isIP } from 'node:net';
import { normalizeIp } from './conntrack.js';

export function parseResolvConf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.slice(0, 64 * 1024).split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    const ip = m?.[1]?.replace(/%.*$/, '');
    if (!ip) continue;
    const family = isIP(ip);
    if (family === 4 || family === 6) out.push(normalizeIp(ip, family));
  }
  return [...new Set(out)].slice(0, 8);
}
