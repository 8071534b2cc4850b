// Small building blocks shared by the HTML report's sections: bounded tables, fact lists,
// <pre> excerpts, <details> blocks, relative times and severity badges.
import type { Severity, Verdict } from '../src/domain/types.js';
import { html, shown, type Interpolation, type SafeHtml } from './html.js';

/** Display bounds: how much of each hostile string or list the report shows. */
export const LIMITS = {
  cell: 300,
  name: 200,
  description: 4_000,
  excerpt: 4_000,
  cellExcerpt: 120,
  json: 8_000,
  rows: 500,
  tools: 300,
  headers: 100,
  listItems: 50,
  /** Longer texts than this are folded behind <details>. */
  fold: 4_096,
  /** Hard bound on one long text (instructions, metadata evidence, definitions). */
  long: 16_000,
} as const;

/** What every section needs: the report's time origin. */
export interface RenderContext {
  /** Epoch ms all times are shown relative to (first phase start), or null when unknown. */
  t0: number | null;
}

/** Keep at most `max` items and say how many were left out. */
export function capped<T>(
  items: readonly T[],
  max: number,
): { items: readonly T[]; omitted: number } {
  return { items: items.slice(0, max), omitted: Math.max(0, items.length - max) };
}

/** A note that `n` rows were not shown, or nothing. */
export function omittedNote(n: number, what: string): SafeHtml {
  return n > 0 ? html`<p class="omitted">${n} more ${what} not shown.</p>` : html``;
}

/** Table classes the stylesheet lays out specially (fixed column widths). */
export type TableClass = 'findings' | 'scan';

/** Plain-text cells this short (a phase, a channel) are kept on one line: wrapping anywhere
 * would squeeze them to a letter a line beside a long excerpt. */
const SHORT_CELL = 16;

/** A bordered table; number cells are right-aligned; rows beyond LIMITS.rows are counted. */
export function table(
  head: readonly string[],
  rows: readonly (readonly Interpolation[])[],
  what = 'rows',
  cls?: TableClass,
): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">None.</p>`;
  const { items, omitted } = capped(rows, LIMITS.rows);
  const body = items.map(
    (row) =>
      html`<tr>
        ${row.map((c) =>
          typeof c === 'number'
            ? html`<td class="num">${c}</td>`
            : typeof c === 'string' && c.length <= SHORT_CELL
              ? html`<td class="short">${c}</td>`
              : html`<td>${c}</td>`,
        )}
      </tr>`,
  );
  const inner = html`<thead>
      <tr>
        ${head.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${body}
    </tbody>`;
  const t =
    cls === undefined
      ? html`<table>
          ${inner}
        </table>`
      : html`<table class="${cls}">
          ${inner}
        </table>`;
  return html`${t} ${omittedNote(omitted, what)}`;
}

/** A two-column list of labelled facts. */
export function facts(pairs: readonly (readonly [string, Interpolation])[]): SafeHtml {
  return html`<dl class="facts">
    ${pairs.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v}</dd>`,
    )}
  </dl>`;
}

/** Hostile single-line text, bounded. */
export function text(s: string | undefined | null, max: number = LIMITS.cell): SafeHtml {
  return s === undefined || s === null || s === ''
    ? html`<span class="muted">—</span>`
    : shown(s, max);
}

/** Hostile single-line text in monospace. */
export function code(s: string | undefined | null, max: number = LIMITS.cell): SafeHtml {
  return s === undefined || s === null || s === '' ? text(s) : html`<code>${shown(s, max)}</code>`;
}

/** A bounded multi-line excerpt in <pre>. */
export function pre(s: string, max: number = LIMITS.excerpt): SafeHtml {
  return s === ''
    ? html`<span class="muted">(empty)</span>`
    : html`<pre>${shown(s, max, { multiline: true })}</pre>`;
}

/** A collapsed block with a short summary. */
export function details(summary: Interpolation, body: Interpolation, open = false): SafeHtml {
  return open
    ? html`<details open>
        <summary>${summary}</summary>
        ${body}
      </details>`
    : html`<details>
        <summary>${summary}</summary>
        ${body}
      </details>`;
}

/** A one-line preview: ordinary whitespace runs collapsed, everything else still marked. */
export function preview(s: string, max = 60): SafeHtml {
  return shown(s.replace(/[ \t\r\n]+/g, ' ').trim(), max);
}

/** An excerpt that stays inline when short and folds into <details> when long. */
export function excerpt(s: string, max: number = LIMITS.excerpt): SafeHtml {
  if (s.length <= LIMITS.cellExcerpt && !s.includes('\n')) return pre(s, max);
  return details(html`${s.length} chars: ${preview(s)}`, pre(s, max));
}

/** A long text in <pre>: shown open up to LIMITS.fold characters, folded beyond, always bounded. */
export function block(s: string, max: number = LIMITS.long): SafeHtml {
  if (s.length <= LIMITS.fold) return pre(s, max);
  return details(html`${s.length} chars: ${preview(s)}`, pre(s, max));
}

/** Pretty JSON of an arbitrary (hostile) value; never throws. */
export function jsonText(v: unknown, indent = 2): string {
  try {
    return (
      JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), indent) ??
      'undefined'
    );
  } catch (e) {
    return `(not serialisable: ${e instanceof Error ? e.message : String(e)})`;
  }
}

/** Milliseconds as a compact number. */
export function ms(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? `${Math.round(n)} ms` : '—';
}

/** An epoch time relative to the run's first phase start: "+123 ms". */
export function rel(t: number | null | undefined, ctx: RenderContext): string {
  if (typeof t !== 'number' || !Number.isFinite(t) || ctx.t0 === null) return '—';
  const d = Math.round(t - ctx.t0);
  return `${d >= 0 ? '+' : '−'}${Math.abs(d)} ms`;
}

/** yes / no. */
export function yesNo(b: boolean | undefined): string {
  return b === true ? 'yes' : 'no';
}

const SEVERITY_CLASS: Record<Severity, string> = {
  info: 'sev-info',
  low: 'sev-low',
  medium: 'sev-medium',
  high: 'sev-high',
  critical: 'sev-critical',
};

/** A coloured severity badge (class chosen from a fixed table, never from the data). */
export function severityBadge(s: Severity): SafeHtml {
  const cls = Object.hasOwn(SEVERITY_CLASS, s) ? SEVERITY_CLASS[s] : 'sev-info';
  return html`<span class="${`badge ${cls}`}">${s}</span>`;
}

const VERDICT_CLASS: Record<Verdict, string> = {
  clean: 'verdict-clean',
  suspicious: 'verdict-suspicious',
  malicious: 'verdict-malicious',
};

/** The verdict badge. */
export function verdictBadge(v: Verdict): SafeHtml {
  const cls = Object.hasOwn(VERDICT_CLASS, v) ? VERDICT_CLASS[v] : '';
  return html`<span class="${`badge verdict ${cls}`}">${v}</span>`;
}

/** Phase and tool/call of an observation, as one cell. */
export function attribution(a: { tool?: string; callId?: string }): SafeHtml {
  if (a.tool === undefined && a.callId === undefined) return text(undefined);
  const call =
    a.callId === undefined ? html`` : html` <span class="muted">#${shown(a.callId, 60)}</span>`;
  return html`${code(a.tool, LIMITS.name)}${call}`;
}

/** ip:port, with brackets for IPv6. */
export function endpoint(ip: string, port: number | undefined): string {
  if (port === undefined) return ip;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
