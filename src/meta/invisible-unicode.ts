// Judges invisible characters in one text: high when they hide text (Unicode tag characters,
// letters interleaved with zero-width characters, a bidi override that reorders what is shown,
// bytes smuggled in variation selectors), medium for stray invisible characters, nothing for the
// ordinary ones (ZWJ in emoji sequences, VS16 after an emoji, flags, joiners in Persian or Indic
// text, bidi marks in Hebrew or Arabic text, a leading BOM). Pure.
// Limits: private-use characters and control characters (ANSI escapes) are not judged; the
// ordinary contexts are decided from neighbouring characters only.

import { codePoints, invisibleName, isBenignInvisible, isInvisible, textContext } from './chars.js';
import type { HiddenKind, HiddenText } from './hidden-text.js';

export interface InvisibleVerdict {
  severity: 'high' | 'medium';
  reason: string;
  /** UTF-16 offset of the hiding characters. */
  index: number;
  /** The hidden text, when some is carried. */
  hidden?: HiddenText;
}

const HIDING: Partial<Record<HiddenKind, string>> = {
  'unicode-tags': 'Unicode tag characters carry invisible text',
  'zero-width': 'letters are interleaved with invisible characters',
  'bidi-override': 'a bidi override shows the text in another order than it is read',
  'variation-selectors': 'variation selectors smuggle bytes',
};

/** Hidden text long enough to be a message rather than an accident. */
function hides(h: HiddenText): boolean {
  const len = h.text.replace(/\s/g, '').length;
  return HIDING[h.kind] !== undefined && len >= (h.kind === 'variation-selectors' ? 3 : 2);
}

/**
 * The verdict for `text` given its extracted hidden text; `minStrays` is how many stray
 * invisible characters make a medium finding.
 */
export function judgeInvisible(
  text: string,
  hidden: readonly HiddenText[],
  minStrays = 1,
): InvisibleVerdict | undefined {
  const h = hidden.find(hides);
  if (h) return { severity: 'high', reason: HIDING[h.kind] ?? h.kind, index: h.index, hidden: h };
  const { cps, at } = codePoints(text);
  const ctx = textContext(cps);
  const names = new Set<string>();
  let count = 0;
  let first = -1;
  cps.forEach((cp, i) => {
    if (!isInvisible(cp) || isBenignInvisible(cps, i, ctx)) return;
    if (/\p{Cc}/u.test(String.fromCodePoint(cp))) return;
    count += 1;
    if (first < 0) first = at[i] ?? 0;
    if (names.size < 6) names.add(invisibleName(cp));
  });
  if (count < minStrays) return undefined;
  const list = [...names].join(', ');
  return { severity: 'medium', reason: `${count} invisible character(s): ${list}`, index: first };
}
