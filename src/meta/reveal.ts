// Makes hidden text visible for quoting in reports: zero-width and other invisible characters
// become ⟦ZWSP⟧-style markers, bidi controls ⟦RLO⟧, Unicode tag characters are decoded
// (⟦tags: read ~/.ssh/id_rsa⟧), runs of variation selectors are decoded as smuggled bytes, long
// whitespace runs are counted (⟦400 spaces⟧), and Cyrillic or Greek look-alikes inside Latin
// words are named. Output is bounded. Ordinary uses (ZWJ inside an emoji, VS16 after an emoji, a
// flag's tags, ZWNJ in Persian) are left as they are. Pure.
// Limits: the output is the logical order; how a client lays out bidi text is not reproduced
// (the hidden-text extractor gives the display order of override spans).

import {
  codePoints,
  invisibleName,
  isBenignInvisible,
  isInvisible,
  isPrivateUse,
  isTag,
  isVariationSelector,
  isWhitespace,
  textContext,
  type TextContext,
} from './chars.js';
import { decodeTags, decodeVariationSelectors } from './hidden-text.js';

export {
  decodeTags,
  decodeVariationSelectors,
  extractHiddenText,
  type HiddenKind,
  type HiddenText,
} from './hidden-text.js';

/** Most characters of decoded tag or selector text shown inside one marker. */
const MARKER_TEXT = 300;
const LATIN = /\p{Script=Latin}/u;
const LOOKALIKE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
const WORD = /[\p{L}\p{M}]/u;
const CONTROL = /\p{Cc}/u;
/** Longest word judged for look-alikes at once (keeps the output bound). */
const WORD_CHUNK = 64;

const bounded = (s: string, max = MARKER_TEXT): string =>
  s.length > max ? `${s.slice(0, max)}…(+${s.length - max})` : s;

const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Index just past the run of code points from i that satisfy `pred`. */
function runEnd(cps: readonly number[], i: number, pred: (cp: number) => boolean): number {
  let j = i;
  while (j < cps.length && pred(cps[j] ?? 0)) j += 1;
  return j;
}

const isWordChar = (cp: number): boolean => !isInvisible(cp) && WORD.test(String.fromCodePoint(cp));

/** A whitespace run: raw when short, counted when long. */
function revealSpaces(run: readonly number[]): string {
  let newlines = 0;
  let spaces = 0;
  run.forEach((cp, k) => {
    if (cp === 0x0d && run[k + 1] === 0x0a) return;
    if (cp === 0x0a || cp === 0x0d || cp === 0x2028 || cp === 0x2029) newlines += 1;
    else spaces += 1;
  });
  if (spaces >= 8 || newlines >= 3) {
    const parts = [newlines ? `${newlines} newlines` : '', spaces ? `${spaces} spaces` : ''];
    return `⟦${parts.filter(Boolean).join(', ')}⟧`;
  }
  return run
    .map((cp, k) => {
      if (cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0xa0) return String.fromCodePoint(cp);
      if (cp === 0x0d) return run[k + 1] === 0x0a ? '' : '⟦CR⟧';
      return `⟦${hex(cp)}⟧`;
    })
    .join('');
}

/** A word mixing Latin with Cyrillic or Greek letters: the look-alikes named. */
function revealWord(word: readonly number[]): string {
  const chars = word.map((cp) => String.fromCodePoint(cp));
  const mixed = chars.some((c) => LATIN.test(c)) && chars.some((c) => LOOKALIKE_SCRIPT.test(c));
  if (!mixed) return chars.join('');
  return chars
    .map((c) => {
      if (!LOOKALIKE_SCRIPT.test(c)) return c;
      const script = /\p{Script=Cyrillic}/u.test(c) ? 'Cyrillic' : 'Greek';
      return `⟦${script} ${c}⟧`;
    })
    .join('');
}

const SHY = 0x00ad;

/** Ordinary invisible characters stay; soft hyphens and control characters are shown. */
const keepRaw = (cps: readonly number[], j: number, ctx: TextContext): boolean =>
  cps[j] !== SHY &&
  !CONTROL.test(String.fromCodePoint(cps[j] ?? 0)) &&
  isBenignInvisible(cps, j, ctx);

/** An invisible character that can separate letters (not an ordinary one, tag or selector). */
const isGapAt = (cps: readonly number[], i: number, ctx: TextContext): boolean => {
  const x = cps[i] ?? 0;
  return isInvisible(x) && !isTag(x) && !isVariationSelector(x) && !keepRaw(cps, i, ctx);
};

/** End of a run `c X c Y c Z …` (one invisible between visible characters), or -1. */
function interleaveEnd(cps: readonly number[], j: number, ctx: TextContext): number {
  let k = j;
  let reps = 0;
  while (k + 1 < cps.length && !isInvisible(cps[k] ?? 0) && isGapAt(cps, k + 1, ctx)) {
    k += 2;
    reps += 1;
  }
  if (k < cps.length && !isInvisible(cps[k] ?? 0)) k += 1; // the last visible character
  return reps >= 3 ? k : -1;
}

/** `ZWSP` or `ZWSP/ZWNJ/WJ`: the invisible characters of an interleaved run. */
function gapNames(run: readonly number[]): string {
  const names = new Set(run.filter(isInvisible).slice(0, 12).map(invisibleName));
  return [...names].slice(0, 3).join('/');
}

/** Reveals code points [from, …) until about `max` characters of output. */
function revealFrom(cps: readonly number[], from: number, max: number, ctx: TextContext): string {
  let out = '';
  let j = from;
  while (j < cps.length && out.length < max) {
    const cp = cps[j] ?? 0;
    let end = j + 1;
    const woven = isInvisible(cp) ? -1 : interleaveEnd(cps, j, ctx);
    if (woven > 0) {
      end = woven;
      const cut = Math.min(end, j + 2 * MARKER_TEXT);
      const shown = String.fromCodePoint(...cps.slice(j, cut).filter((c) => !isInvisible(c)));
      const more = cut < end ? '…' : '';
      out += `⟦${gapNames(cps.slice(j, cut))}-interleaved: "${shown}${more}"⟧`;
    } else if (cp === 0x27e6 || cp === 0x27e7)
      out += `⟦${hex(cp)}⟧`; // a marker the text itself wrote
    else if (isWhitespace(cp)) {
      end = runEnd(cps, j, isWhitespace);
      out += revealSpaces(cps.slice(j, end));
    } else if (isInvisible(cp) && keepRaw(cps, j, ctx)) out += String.fromCodePoint(cp);
    else if (isTag(cp)) {
      end = runEnd(cps, j, isTag);
      out += `⟦tags: ${bounded(decodeTags(cps.slice(j, end)))}⟧`;
    } else if (isVariationSelector(cp)) {
      end = runEnd(cps, j, isVariationSelector);
      const run = cps.slice(j, end);
      out +=
        run.length === 1
          ? `⟦${invisibleName(cp)}⟧`
          : `⟦VS×${run.length}: "${bounded(decodeVariationSelectors(run))}"⟧`;
    } else if (isInvisible(cp)) {
      end = runEnd(cps, j, (c) => c === cp);
      out += `⟦${invisibleName(cp)}${end - j > 1 ? `×${end - j}` : ''}⟧`;
    } else if (isPrivateUse(cp)) {
      end = runEnd(cps, j, isPrivateUse);
      out += `⟦private use ${hex(cp)}${end - j > 1 ? ` ×${end - j}` : ''}⟧`;
    } else if (isWordChar(cp)) {
      end = Math.min(runEnd(cps, j, isWordChar), j + WORD_CHUNK);
      out += revealWord(cps.slice(j, end));
    } else out += String.fromCodePoint(cp);
    j = end;
  }
  return j < cps.length ? `${out.slice(0, max)}…` : out;
}

/** Index of the code point holding UTF-16 offset `offset`. */
function cpIndex(at: readonly number[], offset: number): number {
  let lo = 0;
  let hi = at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((at[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(lo, 0);
}

/**
 * A bounded, revealed excerpt of `text` around UTF-16 offset `index`: some context before it,
 * then as much after as fits in `max` characters. `…` marks what was cut.
 */
export function revealExcerpt(text: string, index = 0, max = 600, before = 120): string {
  const { cps, at } = codePoints(text);
  if (cps.length === 0) return '';
  const ctx = textContext(cps);
  let start = Math.max(0, cpIndex(at, Math.max(0, index - before)));
  // a whitespace run is counted whole, not from the middle
  while (start > 0 && isWhitespace(cps[start - 1] ?? 0) && isWhitespace(cps[start] ?? 0))
    start -= 1;
  const body = revealFrom(cps, start, max, ctx);
  return start > 0 ? `…${body}` : body;
}

/** The whole text revealed, bounded to `max` characters. */
export function revealInvisible(text: string, max = 600): string {
  return revealExcerpt(text, 0, max, 0);
}
