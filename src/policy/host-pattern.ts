// Host patterns in a policy: `api.example.com` (that name only) or `*.example.com` (the domain
// and every name under it, like --allow-egress). Checked strictly, so a typo is an error: an
// address belongs in `cidr`, and a wildcard must name a domain of two labels or more (`*.com`
// would allow half the internet).
import { parseIp } from './cidr.js';

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Lower-case, no trailing dot. */
export function normaliseHost(text: string): string {
  return text.trim().toLowerCase().replace(/\.$/, '');
}

/** Why `text` is not a valid host pattern, or undefined when it is one. */
export function hostPatternError(text: string): string | undefined {
  const h = normaliseHost(text);
  if (parseIp(h)) return 'is an address: give it as "cidr"';
  const wildcard = h.startsWith('*.');
  const base = wildcard ? h.slice(2) : h;
  if (base.includes('*')) return 'may use a wildcard only as its first label (*.example.com)';
  if (base.length === 0 || base.length > 253) return 'must be a host name of 1 to 253 characters';
  const labels = base.split('.');
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined)
    return bad === ''
      ? 'has an empty label (two dots in a row)'
      : `has an invalid label "${bad}" (letters, digits, "-" and "_", at most 63, no "-" at either end)`;
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return 'ends in a number: is it an address?';
  if (wildcard && labels.length < 2) return 'is a wildcard over a whole top-level domain';
  return undefined;
}

/** Whether `name` (a host name as observed) is covered by a valid, normalised pattern. */
export function hostPatternMatches(name: string, pattern: string): boolean {
  const h = normaliseHost(name);
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return h === base || h.endsWith(`.${base}`);
  }
  return h === pattern;
}
