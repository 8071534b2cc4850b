// The verdict banner at the top of the HTML report: the verdict in large type, the marks that
// must stand next to it ("nothing exercised", "not examined") and the reason in one sentence
// (src/domain/verdict-reason.ts). A clean verdict with either mark is drawn grey, not green:
// it was not looked at, so it is not known to be clean.
import type { Report } from '../src/domain/types.js';
import { verdictFlags, verdictReason } from '../src/domain/verdict-reason.js';
import { html, type SafeHtml } from './html.js';

const BANNER_CLASS = {
  clean: 'banner banner-clean',
  suspicious: 'banner banner-suspicious',
  malicious: 'banner banner-malicious',
} as const;

const WORD = { clean: 'Clean', suspicious: 'Suspicious', malicious: 'Malicious' } as const;

/** The sentence without the verdict word the banner already shows in large type. */
function withoutWord(sentence: string, word: string): string {
  const prefix = `${word}: `;
  if (!sentence.startsWith(prefix)) return sentence;
  const rest = sentence.slice(prefix.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** The banner (classes from fixed tables, never from the data). */
export function verdictBanner(r: Report): SafeHtml {
  const flags = verdictFlags(r);
  const known = Object.hasOwn(BANNER_CLASS, r.verdict);
  const cls =
    !known || (r.verdict === 'clean' && flags.length > 0)
      ? 'banner banner-unsure'
      : BANNER_CLASS[r.verdict];
  const word = known ? WORD[r.verdict] : 'Unknown';
  return html`<div class="${cls}" id="verdict">
    <div class="banner-head">
      <span class="verdict-word">${word}</span>
      ${flags.map((f) => html`<span class="badge flag">${f}</span>`)}
    </div>
    <p class="reason">${withoutWord(verdictReason(r), word)}</p>
  </div>`;
}
