// Whitespace padding: blank space that pushes text out of sight in a client's tool list or
// approval dialog, followed by more text. Pure.
// What counts, per maximal run of blank characters (spaces, tabs, NBSP, U+3000 and the other
// Unicode spaces, the blank fillers U+2800 and Hangul fillers, line breaks; zero-width and other
// invisible characters join a run without adding width):
// - columns inside a line or trailing it (40 by default), all of them;
// - indentation past the text's own: a line's indentation counts only beyond the text's usual
//   indentation (the most common indentation of its non-blank lines, the first line left out when it
//   starts flush as a template literal's does after the backtick), so an indented template
//   literal (`\n        Read a file.\n        \n        Use …`) is layout; for this the usual
//   indentation is capped at 24 columns, so indenting every line by 300 spaces does not absorb
//   itself (every such line counts);
// - whitespace on blank lines beyond the usual indentation (not capped: deep text lines are
//   counted themselves), which a client that wraps lines shows as more blank lines;
// - line breaks (10 by default: nine blank lines), however the blank lines are filled.
// Tabs count 4 columns, U+3000 and the wide Hangul fillers 2; \r\n is one line break, a lone
// \r, \v, \f, U+0085, U+2028 and U+2029 are line breaks too.
// Limits: padding made of visible filler (dots, box-drawing characters) or split by short visible
// text is not seen; nor is uniform indentation under 64 columns (24 + 39) on every line but the
// first; tab stops are not modelled (a tab is 4 columns wherever it sits).

import { isInvisible } from './chars.js';

export interface PaddingThresholds {
  /** Columns of blank space that push text aside in one run (see the header). */
  spaces: number;
  /** Line breaks in one run. */
  newlines: number;
}

export const DEFAULT_PADDING: PaddingThresholds = { spaces: 40, newlines: 10 };

/** The most indentation taken as the text's own layout, whatever its lines use. */
export const INDENT_CAP = 24;

export interface Padding {
  /** UTF-16 offset of the run in the text. */
  index: number;
  length: number;
  /** Blank characters that take width (spaces, tabs, fillers) in the run. */
  spaces: number;
  newlines: number;
  /** Columns of the run that push text aside: inside a line, or past the usual indentation. */
  columns: number;
  /** The text's usual indentation in columns (not counted as padding). */
  indent: number;
  /** Where the text after the pad starts. */
  afterIndex: number;
  /** The text after the pad (bounded). */
  after: string;
}

const TAB = 4;
const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]);
const SPACES = new Set([
  0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
  0x2009, 0x200a, 0x202f, 0x205f, 0x3000,
]);
// visible-blank characters also used to pad: braille blank and the Hangul fillers
const BLANKS = new Set([0x2800, 0x3164, 0x115f, 0x1160, 0xffa0]);
const WIDE = new Set([0x3000, 0x3164, 0x115f]);

/** Columns a blank character takes (0 for invisible ones), or undefined when it is not blank. */
function columnsOf(cp: number): number | undefined {
  if (cp === 0x09) return TAB;
  if (SPACES.has(cp) || BLANKS.has(cp)) return WIDE.has(cp) ? 2 : 1;
  if (cp > 0x20 && cp < 0x7f) return undefined;
  return LINE_BREAKS.has(cp) || isInvisible(cp) ? 0 : undefined;
}

const isBlank = (cp: number): boolean => columnsOf(cp) !== undefined;
const step = (cp: number): number => (cp > 0xffff ? 2 : 1);
/** A line break at i: \r\n is one, taken at its \n. */
const breaksAt = (text: string, i: number, cp: number): boolean =>
  LINE_BREAKS.has(cp) && !(cp === 0x0d && text.charCodeAt(i + 1) === 0x0a);

/**
 * The text's usual indentation: the most common indentation of its non-blank lines (the least
 * of the most common, on a tie), uncapped. The most common and not the least, because servers
 * append unindented lines to an indented template literal (desktop-commander adds a note at run
 * time), and one flush line must not turn the whole layout into padding.
 */
export function usualIndent(text: string): number {
  const seen = new Map<number, number>();
  let line = 0;
  let indent = 0;
  let atStart = true; // still in the line's leading blanks
  for (let i = 0; i < text.length; i += step(text.codePointAt(i) ?? 0)) {
    const cp = text.codePointAt(i) ?? 0;
    if (breaksAt(text, i, cp)) {
      line += 1;
      indent = 0;
      atStart = true;
      continue;
    }
    if (!atStart) continue;
    const cols = columnsOf(cp);
    if (cols !== undefined) {
      indent += cols;
      continue;
    }
    atStart = false;
    // a first line flush with the start is the text after a template literal's backtick
    if (!(line === 0 && indent === 0)) seen.set(indent, (seen.get(indent) ?? 0) + 1);
  }
  let usual = 0;
  let most = 0;
  for (const [indent, count] of seen)
    if (count > most || (count === most && indent < usual)) [usual, most] = [indent, count];
  return usual;
}

/** Non-blank characters at the start of `s`, up to `n`. */
function visibleCount(s: string, n: number): number {
  let count = 0;
  for (const c of s) {
    if (!isBlank(c.codePointAt(0) ?? 0)) count += 1;
    if (count >= n) break;
  }
  return count;
}

/** The first run over either threshold that has at least 3 visible characters after it. */
export function findPadding(
  text: string,
  min: PaddingThresholds = DEFAULT_PADDING,
  maxAfter = 2000,
): Padding | undefined {
  const usual = usualIndent(text);
  const indent = Math.min(usual, INDENT_CAP);
  let i = 0;
  while (i < text.length) {
    const first = text.codePointAt(i) ?? 0;
    if (!isBlank(first)) {
      i += step(first);
      continue;
    }
    const start = i;
    let spaces = 0;
    let newlines = 0;
    let columns = 0;
    let seg = 0; // columns since the last line break of the run
    // before the run's first line break: inside a line, unless the text starts here; between two
    // line breaks: a blank line; after the last: the indentation of the next line
    const close = (last: boolean): void => {
      if (newlines === 0 && start > 0) columns += seg;
      else columns += Math.max(0, seg - (newlines === 0 || last ? indent : usual));
      seg = 0;
    };
    while (i < text.length) {
      const c = text.codePointAt(i) ?? 0;
      const cols = columnsOf(c);
      if (cols === undefined) break;
      if (breaksAt(text, i, c)) {
        close(false);
        newlines += 1;
      } else if (cols > 0) {
        seg += cols;
        spaces += 1;
      }
      i += step(c);
    }
    close(true);
    if (columns < min.spaces && newlines < min.newlines) continue;
    const after = text.slice(i, i + maxAfter);
    if (visibleCount(after, 3) >= 3) {
      return {
        index: start,
        length: i - start,
        spaces,
        newlines,
        columns,
        indent,
        afterIndex: i,
        after,
      };
    }
  }
  return undefined;
}
