// Text prepared for pattern matching, so evasion by spelling does not defeat the patterns:
// invisible characters dropped, compatibility forms folded (NFKD: fullwidth and mathematical
// letters become ASCII), accents stripped, Cyrillic and Greek look-alikes mapped to Latin,
// whitespace collapsed and (optionally) lower-cased. Every output character keeps the offset of
// the character it came from, so a match can be quoted from the original. Pure.
// Limits: look-alikes outside the table (e.g. Cherokee, Armenian) and leetspeak are not folded.

import { isInvisible, isWhitespace } from './chars.js';

export interface Normalised {
  text: string;
  /** UTF-16 offset in the original of each output UTF-16 unit. */
  at: number[];
  /** The original text. */
  source: string;
}

export interface NormaliseOptions {
  lowerCase?: boolean;
  /** Characters to drop after folding (e.g. `*` of markdown emphasis). */
  drop?: string;
}

// Cyrillic and Greek letters that render like Latin ones (lower case; upper case is lowered first)
const LOOKALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  α: 'a',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};
const QUOTES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
};
const MARK = /\p{M}/u;
// blank-looking characters used in place of spaces (braille blank, Hangul fillers)
const BLANKS = new Set([0x2800, 0x3164, 0xffa0, 0x115f, 0x1160]);

/** Folds one code point (already known to be visible) to its matching form. */
function fold(c: string, lowerCase: boolean): string {
  const q = QUOTES[c];
  if (q) return q;
  let out = '';
  for (const d of c.normalize('NFKD')) {
    if (MARK.test(d)) continue;
    const lower = d.toLowerCase();
    const latin = LOOKALIKES[lower];
    out += latin ?? (lowerCase ? lower : d);
  }
  return out;
}

export function normaliseForMatching(text: string, opts: NormaliseOptions = {}): Normalised {
  const lowerCase = opts.lowerCase ?? true;
  const drop = opts.drop ?? '';
  const out: string[] = []; // UTF-16 units
  const at: number[] = [];
  let lastSpace = true; // no leading space
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) ?? 0;
    const c = String.fromCodePoint(cp);
    const here = i;
    i += c.length;
    if (!BLANKS.has(cp) && isInvisible(cp)) continue;
    if (BLANKS.has(cp) || isWhitespace(cp)) {
      const nl = c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
      if (!lastSpace) {
        out.push(nl ? '\n' : ' ');
        at.push(here);
        lastSpace = true;
      } else if (nl && out[out.length - 1] === ' ') {
        out[out.length - 1] = '\n'; // a line break wins over a space in the same run
      }
      continue;
    }
    const f = fold(c, lowerCase);
    for (let k = 0; k < f.length; k += 1) {
      const unit = f[k] ?? '';
      if (drop.includes(unit)) continue;
      out.push(unit);
      at.push(here);
      lastSpace = false;
    }
  }
  return { text: out.join(''), at, source: text };
}

/** UTF-16 span in the original text of a match at `index` (length `length`) in normalised text. */
export function originalSpan(n: Normalised, index: number, length: number): [number, number] {
  const start = n.at[index] ?? n.at[n.at.length - 1] ?? 0;
  const last = n.at[Math.min(index + length, n.at.length) - 1] ?? start;
  const width = (n.source.codePointAt(last) ?? 0) > 0xffff ? 2 : 1;
  return [start, Math.max(last + width, start)];
}
