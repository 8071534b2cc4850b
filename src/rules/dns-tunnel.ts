// DNS tunnel detection over the run's queries, grouped by parent domain (the last two labels):
// long labels, high-entropy names, many unique names, or a TXT burst. The finding carries the
// reassembled payload (labels joined in query order) so a reviewer can read what was sent.
// Limits: thresholds are per run; a slow, low-entropy tunnel under them is not reported; a
// parent domain on the allowlist is not judged.
import type { DnsQueryObservation, Finding } from '../domain/types.js';
import { parentDomain, reassembleDnsPayload } from '../exfil/match-canaries.js';
import { isAllowed } from '../plan/allowlist.js';
import { RULES } from './catalog.js';
import { FindingSet } from './finding-set.js';

export const TUNNEL_THRESHOLDS = {
  longLabel: 40,
  longName: 60,
  entropyMinLength: 24,
  entropyBits: 3.5,
  uniqueNames: 15,
  txtQueries: 8,
  encodedLabel: 20,
  encodedNames: 2,
};

/** A label of 20+ characters that is hex, or mixes letters and digits like base32/base64url. */
export function looksEncoded(label: string): boolean {
  if (label.length < TUNNEL_THRESHOLDS.encodedLabel) return false;
  if (/^[0-9a-f]+$/i.test(label)) return true;
  return (
    /^[a-z0-9_-]+$/i.test(label) &&
    /\d/.test(label) &&
    /[a-z]/i.test(label) &&
    /(\d\D|\D\d).*(\d\D|\D\d).*(\d\D|\D\d)/.test(label)
  );
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** Why a group of queries under one parent looks like a tunnel; empty when it does not. */
export function tunnelSignals(
  names: readonly string[],
  types: readonly string[],
  parent: string,
): string[] {
  const T = TUNNEL_THRESHOLDS;
  const subs = names.map((n) => n.toLowerCase().slice(0, -(parent.length + 1))).filter(Boolean);
  const signals: string[] = [];
  if (subs.some((s) => s.split('.').some((l) => l.length >= T.longLabel)))
    signals.push(`label of ${T.longLabel}+ characters`);
  else if (subs.some((s) => s.length >= T.longName))
    signals.push(`subdomain of ${T.longName}+ characters`);
  const dense = subs.map((s) => s.replace(/\./g, '')).filter((s) => s.length >= T.entropyMinLength);
  // Long dictionary words score high too: encoded data also mixes in digits.
  if (dense.some((s) => entropy(s) >= T.entropyBits && /\d/.test(s) && /[a-z]/i.test(s)))
    signals.push(`high-entropy labels (≥ ${T.entropyBits} bits/char)`);
  // Several queries whose labels look encoded (long hex / base32 / base64url with digits).
  const encoded = new Set(subs.filter((s) => s.split('.').some(looksEncoded)));
  if (encoded.size >= T.encodedNames)
    signals.push(`${encoded.size} names with encoded-looking labels`);
  const unique = new Set(subs).size;
  if (unique >= T.uniqueNames) signals.push(`${unique} unique names`);
  const txt = types.filter((t) => t === 'TXT').length;
  if (txt >= T.txtQueries) signals.push(`${txt} TXT queries`);
  return signals;
}

export function dnsTunnelFindings(
  dns: readonly DnsQueryObservation[],
  allowlist: readonly string[],
): Finding[] {
  const out = new FindingSet();
  const groups = new Map<string, DnsQueryObservation[]>();
  for (const q of dns) {
    const parent = parentDomain(q.name);
    groups.set(parent, [...(groups.get(parent) ?? []), q]);
  }
  for (const [parent, qs] of groups) {
    if (isAllowed(parent, allowlist) || qs.length === 0) continue;
    const signals = tunnelSignals(
      qs.map((q) => q.name),
      qs.map((q) => q.type),
      parent,
    );
    if (signals.length === 0) continue;
    const first = qs[0] as DnsQueryObservation;
    const payload = reassembleDnsPayload(
      qs.map((q) => q.name),
      parent,
    );
    out.add(
      RULES.dnsTunnel,
      `DNS tunnel suspected under ${parent}: ${signals.join(', ')}`,
      first,
      {
        host: parent,
        protocol: 'dns',
        count: new Set(qs.map((q) => q.name)).size,
        payloadExcerpt: `reassembled: ${payload.slice(0, 1500)}${decodedHint(payload)}`,
      },
      parent,
    );
  }
  return out.list();
}

/** A readable decoding of the reassembled payload, when hex or base32 gives printable text. */
function decodedHint(payload: string): string {
  const tries: Buffer[] = [];
  if (/^[0-9a-f]+$/i.test(payload) && payload.length % 2 === 0)
    tries.push(Buffer.from(payload, 'hex'));
  if (/^[a-z0-9_-]+$/i.test(payload))
    tries.push(Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  for (const b of tries) {
    const text = b.toString('utf8');
    if (text.length >= 8 && /^[\x20-\x7e\t\r\n]+$/.test(text))
      return `\ndecoded: ${text.slice(0, 1000)}`;
  }
  return '';
}
