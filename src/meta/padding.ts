// Whitespace padding: a long run of spaces or blank lines followed by more text, which pushes
// that text out of sight in a client's tool list or approval dialog. Pure. Limits: padding made
// of visible filler (dots, box-drawing characters) or split by short visible text is not seen.

import { isInvisible } from './chars.js';

export interface PaddingThresholds {
  /** Horizontal whitespace characters in one run. */
  spaces: number;
  /** Line breaks in one run. */
  newlines: number;
}

export const DEFAULT_PADDING: PaddingThresholds = { spaces: 40, newlines: 10 };

export interface Padding {
  /** UTF-16 offset of the run in the text. */
  index: number;
  length: number;
  spaces: number;
  newlines: number;
  /** Where the text after the pad starts. */
  afterIndex: number;
  /** The text after the pad (bounded). */
  after: string;
}

const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x85, 0x2028, 0x2029]);
// visible-blank characters also used to pad: braille blank and the Hangul fillers
const BLANKS = new Set([0x2800, 0x3164, 0x115f, 0x1160, 0xffa0]);

function isPad(cp: number): boolean {
  return /\s/.test(String.fromCodePoint(cp)) || BLANKS.has(cp) || isInvisible(cp);
}

/** The first whitespace run over either threshold that has at least 3 visible characters after it. */
export function findPadding(
  text: string,
  min: PaddingThresholds = DEFAULT_PADDING,
  maxAfter = 2000,
): Padding | undefined {
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i) ?? 0;
    if (!isPad(cp)) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    let spaces = 0;
    let newlines = 0;
    while (i < text.length) {
      const c = text.codePointAt(i) ?? 0;
      if (!isPad(c)) break;
      // \r\n counts once; a lone \r is a line break too
      if (LINE_BREAKS.has(c) || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) newlines += 1;
      else if (c !== 0x0d && !isInvisible(c)) spaces += 1;
      i += c > 0xffff ? 2 : 1;
    }
    if (spaces < min.spaces && newlines < min.newlines) continue;
    const after = text.slice(i, i + maxAfter);
    if (after.replace(/\s/g, '').length >= 3) {
      return { index: start, length: i - start, spaces, newlines, afterIndex: i, after };
    }
  }
  return undefined;
}
