// Classes of code points that hide text: zero-width and filler characters, bidi controls, Unicode
// tag characters, variation selectors and other format (Cf) characters; and the contexts where
// they are ordinary (a ZWJ inside an emoji sequence, VS16 after an emoji, a ZWNJ in Persian, a
// flag's tag sequence). Pure. Limits: contexts are judged from the neighbouring code points only.

/** Names for the invisible characters worth naming in a report. */
const NAMES = new Map<number, string>([
  [0x00ad, 'SHY'],
  [0x034f, 'CGJ'],
  [0x061c, 'ALM'],
  [0x115f, 'HANGUL FILLER'],
  [0x1160, 'HANGUL FILLER'],
  [0x17b4, 'KHMER INHERENT'],
  [0x17b5, 'KHMER INHERENT'],
  [0x180e, 'MVS'],
  [0x200b, 'ZWSP'],
  [0x200c, 'ZWNJ'],
  [0x200d, 'ZWJ'],
  [0x200e, 'LRM'],
  [0x200f, 'RLM'],
  [0x202a, 'LRE'],
  [0x202b, 'RLE'],
  [0x202c, 'PDF'],
  [0x202d, 'LRO'],
  [0x202e, 'RLO'],
  [0x2060, 'WJ'],
  [0x2061, 'INVISIBLE FUNCTION'],
  [0x2062, 'INVISIBLE TIMES'],
  [0x2063, 'INVISIBLE SEPARATOR'],
  [0x2064, 'INVISIBLE PLUS'],
  [0x2066, 'LRI'],
  [0x2067, 'RLI'],
  [0x2068, 'FSI'],
  [0x2069, 'PDI'],
  [0x3164, 'HANGUL FILLER'],
  [0xfeff, 'BOM'],
  [0xffa0, 'HANGUL FILLER'],
]);

const BIDI_MARKS = new Set([0x200e, 0x200f, 0x061c]);
const BIDI_OPEN = new Set([0x202a, 0x202b, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068]);
const BIDI_CLOSE = new Set([0x202c, 0x2069]);
export const RLO = 0x202e;
export const LRO = 0x202d;
export const PDF = 0x202c;
export const PDI = 0x2069;

const CF = /\p{Cf}/u;
const CC = /\p{Cc}/u;
const PICTO = /\p{Extended_Pictographic}/u;
const HAN = /\p{Script=Han}/u;
const RTL = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const WESTERN = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]/u;

const ch = (cp: number | undefined): string => (cp === undefined ? '' : String.fromCodePoint(cp));

/** JavaScript's \s without U+FEFF, which is a (zero-width) format character here. */
export const isWhitespace = (cp: number): boolean =>
  cp !== 0xfeff && /\s/.test(String.fromCodePoint(cp));
export const isTag = (cp: number): boolean => cp >= 0xe0000 && cp <= 0xe007f;
export const isVariationSelector = (cp: number): boolean =>
  (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
export const isPrivateUse = (cp: number): boolean =>
  (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000;
const isRtlLetter = (cp: number): boolean => RTL.test(ch(cp));
const isEmojiBase = (cp: number | undefined): boolean =>
  cp !== undefined && (PICTO.test(ch(cp)) || (cp >= 0x1f3fb && cp <= 0x1f3ff));

/** A letter or mark of a script that uses joiners and zero-width spaces in ordinary writing. */
function isComplexScript(cp: number | undefined): boolean {
  const c = ch(cp);
  return c !== '' && LETTER_OR_MARK.test(c) && !WESTERN.test(c);
}

/** Characters that do not show (control characters other than whitespace included). */
export function isInvisible(cp: number): boolean {
  if (NAMES.has(cp) || isTag(cp) || isVariationSelector(cp)) return true;
  const c = ch(cp);
  return CF.test(c) || (CC.test(c) && !isWhitespace(cp));
}

/** Report name of an invisible character: `ZWSP`, `RLO`, `VS16`, `U+2061`. */
export function invisibleName(cp: number): string {
  const named = NAMES.get(cp);
  if (named) return named;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return `VS${cp - 0xfe00 + 1}`;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return `VS${cp - 0xe0100 + 17}`;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The byte a variation selector stands for in VS smuggling (VS1-16: 0-15, VS17-256: 16-255). */
export const variationByte = (cp: number): number =>
  cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16;

/** Facts about the whole text that decide whether bidi controls are ordinary. */
export interface TextContext {
  hasRtl: boolean;
  bidiBalanced: boolean;
}

export function textContext(cps: readonly number[]): TextContext {
  let hasRtl = false;
  let depth = 0;
  let balanced = true;
  for (const cp of cps) {
    if (!hasRtl && cp >= 0x0590 && cp <= 0x08ff) hasRtl = isRtlLetter(cp);
    if (BIDI_OPEN.has(cp)) depth += 1;
    else if (BIDI_CLOSE.has(cp)) {
      depth -= 1;
      if (depth < 0) balanced = false;
    }
  }
  return { hasRtl, bidiBalanced: balanced && depth === 0 };
}

/** End (exclusive) of a flag tag sequence starting at i (🏴 + a-z/0-9 tags + CANCEL TAG), or -1. */
export function flagTagEnd(cps: readonly number[], i: number): number {
  if (cps[i - 1] !== 0x1f3f4) return -1;
  let j = i;
  while (j < cps.length && j - i < 8) {
    const cp = cps[j] ?? 0;
    if (cp === 0xe007f) return j > i ? j + 1 : -1;
    const ok = (cp >= 0xe0061 && cp <= 0xe007a) || (cp >= 0xe0030 && cp <= 0xe0039);
    if (!ok) return -1;
    j += 1;
  }
  return -1;
}

/** Whether the invisible character at i is ordinary in its context. */
export function isBenignInvisible(cps: readonly number[], i: number, ctx: TextContext): boolean {
  const cp = cps[i] ?? 0;
  const prev = cps[i - 1];
  const next = cps[i + 1];
  const nearComplex = isComplexScript(prev) || isComplexScript(next);
  switch (cp) {
    case 0x200d: // ZWJ: emoji sequences and joining scripts
      return ((isEmojiBase(prev) || prev === 0xfe0f) && isEmojiBase(next)) || nearComplex;
    case 0x200c:
    case 0x200b:
    case 0x2060:
    case 0x180e:
    case 0x17b4:
    case 0x17b5:
    case 0x115f:
    case 0x1160:
      return nearComplex;
    case 0xfeff:
      return i === 0;
    case 0x00ad: // a hyphenation point inside a word
      return LETTER_OR_MARK.test(ch(prev)) && LETTER_OR_MARK.test(ch(next));
    default:
  }
  if (BIDI_MARKS.has(cp)) return ctx.hasRtl;
  if (cp === RLO || cp === LRO) return false;
  if (BIDI_OPEN.has(cp) || BIDI_CLOSE.has(cp)) return ctx.hasRtl && ctx.bidiBalanced;
  if (isVariationSelector(cp)) {
    if (prev === undefined || isVariationSelector(prev) || (next && isVariationSelector(next)))
      return false;
    // one selector after a visible character: emoji/text style, math and CJK variants
    if (cp >= 0xe0100) return HAN.test(ch(prev));
    return !isInvisible(prev) && !isWhitespace(prev);
  }
  if (isTag(cp)) {
    let start = i;
    while (start > 0 && isTag(cps[start - 1] ?? 0)) start -= 1;
    return flagTagEnd(cps, start) > i;
  }
  // other control characters (ANSI escapes in command output) are not counted as hiding text
  return CC.test(ch(cp));
}

/** Code points of a string with the UTF-16 offset of each. */
export function codePoints(text: string): { cps: number[]; at: number[] } {
  const cps: number[] = [];
  const at: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) ?? 0;
    cps.push(cp);
    at.push(i);
    i += cp > 0xffff ? 2 : 1;
  }
  return { cps, at };
}
