// Canary matching over every decoded view of captured egress data (see decode.ts).
// A hit means a planted fake credential, or a distinctive slice of it, left the sandbox in a form
// we could decode. Limits: encryption, custom XOR, or a secret split into pieces shorter than every
// needle (across requests, fields or DNS queries we do not reassemble) defeat it; absence of a hit
// is not proof that nothing leaked. DNS reassembly assumes the payload labels arrive in query order
// with nothing else in them: sequence numbers or nonces in the labels misalign it.

import { decodedViews } from './decode.js';

export interface Canary {
  id: string;
  origin: string;
  value: string;
  needles?: string[];
}

export interface CanaryHit {
  canaryId: string;
  origin: string;
  chain: string[];
  needle: string;
}

/** Needles shorter than this are ignored: they would match unrelated data. */
const MIN_NEEDLE = 8;

/** One hit per canary found in any decoded view of `input`; the shortest chain wins. */
export function findCanaries(
  input: Buffer | string,
  canaries: readonly Canary[],
  opts: { contentEncoding?: string } = {},
): CanaryHit[] {
  const wanted = canaries
    .map((c, index) => ({
      c,
      index,
      needles: [c.value, ...(c.needles ?? [])].filter((n) => n.length >= MIN_NEEDLE),
    }))
    .filter((w) => w.needles.length > 0);
  if (wanted.length === 0) return [];
  const shortest = Math.min(...wanted.flatMap((w) => w.needles.map((n) => n.length)));
  const hits = new Map<number, CanaryHit>();
  // Views come breadth-first, so the first view that holds a canary has its shortest chain.
  for (const view of decodedViews(input, opts)) {
    if (view.text.length < shortest) continue;
    for (const w of wanted) {
      if (hits.has(w.index)) continue;
      const needle = w.needles.find((n) => view.text.includes(n));
      if (needle !== undefined) {
        hits.set(w.index, { canaryId: w.c.id, origin: w.c.origin, chain: view.chain, needle });
      }
    }
    if (hits.size === wanted.length) break;
  }
  return [...hits.entries()].sort((a, b) => a[0] - b[0]).map(([, hit]) => hit);
}

/** The exfil payload carried by DNS query names under `parent`, labels joined without dots. */
export function reassembleDnsPayload(names: readonly string[], parent: string): string {
  const suffix = `.${normalize(parent)}`;
  // Each distinct name once, in first-seen order (A then AAAA and retries repeat names).
  const lefts: string[][] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const trimmed = name.replace(/\.$/, '');
    if (!trimmed.toLowerCase().endsWith(suffix)) continue;
    const left = trimmed.slice(0, -suffix.length);
    if (!left || seen.has(left.toLowerCase())) continue;
    seen.add(left.toLowerCase());
    lefts.push(left.split('.'));
  }
  if (lefts.length === 0) return '';
  // Labels that are the same in every query (counted from the right: `.t.` in x.3.t.parent) or
  // short numbers (sequence indexes) are framing, not payload.
  const depth = Math.min(...lefts.map((l) => l.length));
  const constantFromRight = new Set<number>();
  if (lefts.length > 1) {
    for (let k = 1; k <= depth; k += 1) {
      const first = lefts[0]?.[lefts[0].length - k]?.toLowerCase();
      if (lefts.every((l) => l[l.length - k]?.toLowerCase() === first)) constantFromRight.add(k);
    }
  }
  // A sequence index: a position (from the right) where every query has a short number and
  // the numbers differ. Digit-only payload chunks elsewhere are kept.
  let indexAt: number | undefined;
  if (lefts.length > 1) {
    for (let k = 1; k <= depth && indexAt === undefined; k += 1) {
      if (constantFromRight.has(k)) continue;
      const labels = lefts.map((l) => l[l.length - k] ?? '');
      if (!labels.every((x) => /^\d{1,4}$/.test(x)) || new Set(labels).size !== labels.length)
        continue;
      const nums = labels.map(Number);
      // Indexes count up from 0 or 1 without gaps (in any order); payload digits do not.
      if (Math.min(...nums) <= 1 && Math.max(...nums) - Math.min(...nums) === nums.length - 1)
        indexAt = k;
    }
  }
  const indexOf = (l: string[]) => (indexAt === undefined ? 0 : Number(l[l.length - indexAt]));
  const ordered =
    indexAt === undefined ? lefts : [...lefts].sort((a, b) => indexOf(a) - indexOf(b));
  return ordered
    .map((l) =>
      l
        .filter((_, pos) => !constantFromRight.has(l.length - pos) && l.length - pos !== indexAt)
        .join(''),
    )
    .join('');
}

export function parentDomain(name: string): string {
  return normalize(name).split('.').filter(Boolean).slice(-2).join('.');
}

/** Lower-case, without a trailing dot. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
