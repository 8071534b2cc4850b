// Egress allowlist matching. An entry is a host name (`api.example.com`), a wildcard for its
// subdomains (`*.example.com`, which also matches the bare domain), or an IP address.
// Limit: entries name hosts, not ports or paths; an allowed host is allowed on every port.
import { normalizeIp } from '../../sandbox/netsim/conntrack.js';

/** Normalise user entries: trim, lower-case, drop a trailing dot and empty items. */
export function parseAllowlist(entries: readonly string[]): string[] {
  return entries
    .flatMap((e) => e.split(','))
    .map((e) => canonicalHost(e.trim()))
    .filter((e) => e.length > 0);
}

/** Lower-case, no trailing dot, IPv6 without brackets and in its canonical short form. */
function canonicalHost(h: string): string {
  const bare = h
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '');
  return bare.includes(':') && /^[0-9a-f:]+$/.test(bare) ? normalizeIp(bare, 6) : bare;
}

/** True when the host name or IP is covered by an entry. */
export function isAllowed(host: string | undefined, allowlist: readonly string[]): boolean {
  if (!host) return false;
  const h = canonicalHost(host);
  return allowlist.some((entry) => {
    if (entry.startsWith('*.')) {
      const base = entry.slice(2);
      return h === base || h.endsWith(`.${base}`);
    }
    return h === entry;
  });
}
