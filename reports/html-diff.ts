// The before/after view of a changed tool definition or instructions (rug pulls): a line diff
// with removed and added lines marked and unchanged runs folded, plus both versions side by side
// on demand. Both sides were written by the server: clipped, invisible characters marked, escaped.
import { html, shown, type SafeHtml } from './html.js';
import { LIMITS, details, pre } from './html-parts.js';
import { diffLines, diffStats, foldUnchanged, type DiffOp } from './line-diff.js';

/** Longest line shown in the diff. */
const MAX_LINE = 1_000;
/** Single-line JSON longer than this is not re-indented. */
const MAX_REINDENT = 64 * 1024;

/** Single-line JSON re-indented so the diff has lines to compare; anything else as it is. */
export function diffableText(s: string): string {
  if (s.includes('\n') || s.length > MAX_REINDENT || !/^\s*[[{]/.test(s)) return s;
  try {
    return JSON.stringify(JSON.parse(s), null, 2) ?? s;
  } catch {
    return s;
  }
}

/** The class and sign of each kind of diff line (fixed; never taken from the data). */
const LINE_STYLE = {
  same: { cls: 'd-same', sign: '  ' },
  del: { cls: 'd-del', sign: '- ' },
  add: { cls: 'd-add', sign: '+ ' },
} as const;

/** One diff line: a sign, then the hostile line made visible and escaped. */
function opLine(op: DiffOp): SafeHtml {
  if (op.kind === 'skip') return html`<span class="d-skip">… ${op.count} unchanged lines</span>`;
  const { cls, sign } = LINE_STYLE[op.kind];
  return html`<span class="${cls}">${sign}${shown(op.line, MAX_LINE, { multiline: true })}</span>`;
}

/** Characters a folded diff will show (to decide whether it is folded away). */
function shownChars(ops: readonly DiffOp[]): number {
  return ops.reduce(
    (n, op) => n + (op.kind === 'skip' ? 24 : Math.min(op.line.length, MAX_LINE) + 3),
    0,
  );
}

/** Both versions next to each other, each bounded. */
function sideBySide(before: string, after: string): SafeHtml {
  return html`<div class="side">
    <div>
      <div class="muted">before</div>
      ${pre(before, LIMITS.long)}
    </div>
    <div>
      <div class="muted">after</div>
      ${pre(after, LIMITS.long)}
    </div>
  </div>`;
}

/** A diff of `before` → `after` (first LIMITS.long chars of each), and both in full on demand. */
export function beforeAfter(before: string, after: string): SafeHtml {
  const a = diffableText(before);
  const b = diffableText(after);
  const both = sideBySide(a, b);
  const cut = a.length > LIMITS.long || b.length > LIMITS.long;
  const ops = diffLines(a.slice(0, LIMITS.long), b.slice(0, LIMITS.long));
  if (ops === null) {
    return html`<p class="muted">Too many changed lines to compare line by line; both versions:</p>
      ${both}`;
  }
  const { added, removed } = diffStats(ops);
  const folded = foldUnchanged(ops);
  const note = cut ? ` (first ${LIMITS.long} chars of each side compared)` : '';
  const summary = `${removed} lines removed, ${added} added${note}`;
  const diff = html`<pre class="diff">${folded.map(opLine)}</pre>`;
  const full = details('both versions in full', both);
  if (shownChars(folded) > LIMITS.fold) return details(summary, html`${diff}${full}`);
  return html`<div class="muted">${summary}</div>
    ${diff}${full}`;
}
