// Extracts the text that invisible characters carry or hide: ASCII shadowed by Unicode tag
// characters, bytes smuggled in runs of variation selectors, words whose letters are interleaved
// with zero-width characters (readable once those are removed), the display order of a bidi
// override span, and the text after a long whitespace pad. Pure; bounded.
// Limits: a bidi span is reversed as a whole (nested embeddings are not laid out); interleaving
// needs at least three invisible gaps with short chunks between them.

import {
  codePoints,
  isBenignInvisible,
  isInvisible,
  isTag,
  isVariationSelector,
  isWhitespace,
  LRO,
  PDF,
  PDI,
  RLO,
  textContext,
  type TextContext,
  variationByte,
} from './chars.js';
import { findPadding } from './padding.js';

export type HiddenKind =
  'unicode-tags' | 'variation-selectors' | 'zero-width' | 'bidi-override' | 'padding';

export interface HiddenText {
  kind: HiddenKind;
  /** UTF-16 offsets of the span in the original text. */
  index: number;
  end: number;
  /** The hidden text, decoded or extracted (bounded). */
  text: string;
}

const MAX_ITEMS = 20;
const LETTER = /\p{L}/u;
const SHY = 0x00ad;

/** A string from code points (no spread: runs can be long). */
function str(cps: readonly number[]): string {
  let s = '';
  for (const cp of cps) s += String.fromCodePoint(cp);
  return s;
}

/** ASCII shadowed by tag characters (U+E0000 + code); language and cancel tags dropped. */
export function decodeTags(cps: readonly number[]): string {
  let s = '';
  for (const cp of cps) {
    const c = cp - 0xe0000;
    if ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d)
      s += String.fromCharCode(c);
  }
  return s;
}

/** Bytes smuggled in variation selectors, decoded as UTF-8 with controls shown as escapes. */
export function decodeVariationSelectors(cps: readonly number[]): string {
  const bytes = Uint8Array.from(cps.map(variationByte));
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // eslint-disable-next-line no-control-regex -- control bytes are what must be escaped
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
}

/** An invisible character that separates letters rather than belonging where it is. */
function isGap(cps: readonly number[], i: number, ctx: TextContext): boolean {
  const cp = cps[i] ?? 0;
  if (!isInvisible(cp) || isTag(cp) || isVariationSelector(cp)) return false;
  if (/\p{Cc}/u.test(String.fromCodePoint(cp))) return false;
  return cp === SHY || !isBenignInvisible(cps, i, ctx);
}

/** Runs of tags (flags excluded) and of two or more variation selectors. */
function encodedRuns(
  cps: readonly number[],
  at: readonly number[],
  ctx: TextContext,
): HiddenText[] {
  const found: HiddenText[] = [];
  for (let i = 0; i < cps.length && found.length < MAX_ITEMS;) {
    const cp = cps[i] ?? 0;
    const tag = isTag(cp);
    if ((!tag && !isVariationSelector(cp)) || isBenignInvisible(cps, i, ctx)) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < cps.length && (tag ? isTag(cps[j] ?? 0) : isVariationSelector(cps[j] ?? 0))) j += 1;
    const run = cps.slice(i, j);
    const text = tag ? decodeTags(run) : run.length > 1 ? decodeVariationSelectors(run) : '';
    const end = (at[j - 1] ?? 0) + ((cps[j - 1] ?? 0) > 0xffff ? 2 : 1);
    const kind = tag ? 'unicode-tags' : 'variation-selectors';
    if (text.trim()) found.push({ kind, index: at[i] ?? 0, end, text });
    i = j;
  }
  return found;
}

/** Spans of letters interleaved with invisible gaps, with the gaps removed. */
function interleaved(
  cps: readonly number[],
  at: readonly number[],
  ctx: TextContext,
): HiddenText[] {
  const gaps: [number, number][] = []; // [start, end) code point runs
  for (let i = 0; i < cps.length; i += 1) {
    if (!isGap(cps, i, ctx)) continue;
    const last = gaps[gaps.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else gaps.push([i, i + 1]);
  }
  const found: HiddenText[] = [];
  let a = 0;
  while (a < gaps.length && found.length < MAX_ITEMS) {
    let b = a;
    let letters = 0;
    while (b + 1 < gaps.length) {
      const chunk = cps.slice(gaps[b]?.[1] ?? 0, gaps[b + 1]?.[0] ?? 0);
      if (chunk.length > 3) break;
      letters += chunk.filter((cp) => LETTER.test(String.fromCodePoint(cp))).length;
      b += 1;
    }
    if (b - a >= 2 && letters >= 2) {
      let s = gaps[a]?.[0] ?? 0;
      let e = gaps[b]?.[1] ?? 0;
      for (let k = 0; s > 0 && k < 40 && !isWhitespace(cps[s - 1] ?? 0); k++) s -= 1;
      for (let k = 0; e < cps.length && k < 40 && !isWhitespace(cps[e] ?? 0); k++) e += 1;
      const text = str(cps.slice(s, e).filter((cp) => !isInvisible(cp)));
      found.push({ kind: 'zero-width', index: at[s] ?? 0, end: at[e] ?? at.length, text });
    }
    a = b + 1;
  }
  return found;
}

/** Override spans (RLO/LRO … PDF, PDI, end of line) holding letters, in display order. */
function overrides(cps: readonly number[], at: readonly number[]): HiddenText[] {
  const found: HiddenText[] = [];
  for (let i = 0; i < cps.length && found.length < MAX_ITEMS; i += 1) {
    const cp = cps[i];
    if (cp !== RLO && cp !== LRO) continue;
    let j = i + 1;
    while (j < cps.length && ![PDF, PDI, 0x0a].includes(cps[j] ?? 0)) j += 1;
    const inner = cps.slice(i + 1, j).filter((c) => !isInvisible(c));
    if (inner.filter((c) => LETTER.test(String.fromCodePoint(c))).length < 2) continue;
    const text = str(cp === RLO ? inner.reverse() : inner);
    found.push({ kind: 'bidi-override', index: at[i] ?? 0, end: at[j] ?? at.length, text });
    i = j;
  }
  return found;
}

/** Every piece of hidden text in `text`, each bounded to `max` characters. */
export function extractHiddenText(text: string, max = 2000): HiddenText[] {
  const { cps, at } = codePoints(text);
  const ctx = textContext(cps);
  const found = [...encodedRuns(cps, at, ctx), ...interleaved(cps, at, ctx), ...overrides(cps, at)];
  const pad = findPadding(text);
  if (pad) found.push({ kind: 'padding', index: pad.index, end: text.length, text: pad.after });
  return found
    .slice(0, MAX_ITEMS)
    .map((h) => (h.text.length > max ? { ...h, text: `${h.text.slice(0, max)}…` } : h));
}
