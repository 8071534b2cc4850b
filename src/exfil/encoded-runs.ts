// Finds runs of base64, hex and base32 text (also hex and base32 split by dots, as DNS labels)
// and decodes them; used by decode.ts. Pure. Limits: a run glued to other text of the same
// alphabet decodes misaligned, and a base32 run is only recognised in one letter case.

export type RunEncoding = 'base64' | 'hex' | 'base32';

/** Shortest run worth decoding (16 chars: 12 bytes of base64, 8 of hex, 10 of base32). */
export const MIN_RUN = 16;

export interface Alphabet {
  name: RunEncoding;
  table: Uint8Array; // per ASCII code: 1 upper-case letter, 2 lower-case letter, 4 other, 0 not in it
  dotted: boolean; // DNS-style groups: labels are also joined
  oneCase: boolean; // base32 is written in one case; mixed-case runs are words or base64
  whole: RegExp; // the whole text is this alphabet plus whitespace (wrapped lines)
  decode: (run: string) => Buffer;
}

/** Classifies the alphabet's characters for `Alphabet.table`. */
function table(chars: string): Uint8Array {
  const t = new Uint8Array(256);
  for (const ch of chars) t[ch.charCodeAt(0)] = /[A-Z]/.test(ch) ? 1 : /[a-z]/.test(ch) ? 2 : 4;
  return t;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTERS = UPPER + UPPER.toLowerCase();
export const ALPHABETS: readonly Alphabet[] = [
  {
    name: 'base64', // Node's decoder accepts the standard and URL-safe alphabets alike
    table: table(`${LETTERS}0123456789+/-_`),
    dotted: false,
    oneCase: false,
    whole: /^[A-Za-z0-9+/_=\s-]+$/,
    decode: (run) => Buffer.from(run, 'base64'),
  },
  {
    name: 'hex',
    table: table('0123456789abcdefABCDEF'),
    dotted: true,
    oneCase: false,
    whole: /^[0-9a-fA-F\s]+$/,
    decode: (run) => Buffer.from(run.slice(0, run.length & ~1), 'hex'),
  },
  {
    name: 'base32',
    table: table(`${LETTERS}234567`),
    dotted: true,
    oneCase: true,
    whole: /^[A-Za-z2-7=\s]+$/,
    decode: (run) => decodeBase32(run),
  },
];

/** Runs of the alphabet of at least MIN_RUN chars, plus the whole text with whitespace removed. */
export function scanRuns(bytes: Buffer, text: string, a: Alphabet): Set<string> {
  const found = new Set<string>();
  const add = (run: string): void => {
    if (run.length >= MIN_RUN && !(a.oneCase && mixedCase(run))) found.add(run);
  };
  if (/\s/.test(text) && a.whole.test(text)) add(text.replace(/\s+/g, ''));
  // Over the bytes, not the text (the alphabets are ASCII), probing every MIN_RUN-th byte: a run
  // that long must cover the probe, so random data is skipped MIN_RUN bytes at a time.
  const { table, dotted } = a;
  const n = bytes.length;
  const member = (i: number): boolean => {
    const c = bytes[i] as number;
    return table[c] !== 0 || (dotted && c === 0x2e);
  };
  for (let i = 0; i + MIN_RUN <= n;) {
    const probe = i + MIN_RUN - 1;
    if (!member(probe)) {
      i = probe + 1;
      continue;
    }
    let start = probe;
    while (start > i && member(start - 1)) start--;
    let end = probe + 1;
    while (end < n && member(end)) end++;
    if (end - start >= MIN_RUN && !(a.oneCase && mixedBytes(bytes, start, end, table))) {
      const run = bytes.toString('latin1', start, end);
      if (run.includes('.')) addLabels(run, a, add);
      else add(run);
    }
    i = end + 1;
  }
  return found;
}

/** Mixed-case letters with no dot (labels are judged one by one), without making a string. */
function mixedBytes(bytes: Buffer, start: number, end: number, table: Uint8Array): boolean {
  let kinds = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (c === 0x2e) return false;
    kinds |= table[c] as number;
  }
  return (kinds & 3) === 3;
}

/** Dot-separated groups: each label, and consecutive labels of one case joined. */
function addLabels(group: string, a: Alphabet, add: (run: string) => void): void {
  let joined: string[] = [];
  let joinedCase = 0;
  const flush = (): void => {
    if (joined.length > 1) add(joined.join(''));
    [joined, joinedCase] = [[], 0];
  };
  for (const label of group.split('.')) {
    const k = a.oneCase ? (/[A-Z]/.test(label) ? 1 : 0) | (/[a-z]/.test(label) ? 2 : 0) : 0;
    if (!label || k === 3) {
      flush();
      continue;
    }
    if (k && joinedCase && k !== joinedCase) flush();
    joinedCase ||= k;
    joined.push(label);
    add(label);
  }
  flush();
}

/** Both upper- and lower-case letters: not base32, and typical of base64. */
function mixedCase(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s);
}

/** Whether a run has the character mix of encoded random bytes, not of words or paths. */
export function dense(run: string, a: Alphabet): boolean {
  const cased = a.name !== 'base64' || mixedCase(run);
  return cased && /[0-9]/.test(run) && /[A-Za-z]/.test(run);
}

/** RFC 4648 base32 (case-insensitive, padding optional); stops at the first non-alphabet char. */
export function decodeBase32(s: string): Buffer {
  const out = Buffer.alloc(Math.floor((s.length * 5) / 8));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20; // lower-case letters; digits unchanged
    const v = c >= 0x61 && c <= 0x7a ? c - 0x61 : c >= 0x32 && c <= 0x37 ? c - 0x18 : -1;
    if (v < 0) break;
    acc = ((acc << 5) | v) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}
