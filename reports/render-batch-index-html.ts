// Renders a batch's index (DIR/index.jsonl) as DIR/index.html: one row per target (target,
// package, verdict, findings, rules, a few hosts, coverage or error, duration, link to its own
// report), with the failed and timed-out targets counted in the header so nobody reads the page
// as "all clean". Same rules as every page: no scripts (the CSP forbids them), the fixed
// stylesheet by hash, every string escaped by the html tag (targets come from a list, names,
// versions and hosts from packages).
//
// "Sortable" without JavaScript: the page holds the rows in several fixed orders, each in its own
// section with an id; a link to #by-name shows that section through CSS `:target` and hides the
// default (which comes last in the document, so `:target ~ .order-default` can hide it). With no
// anchor the default order shows. Limits: the default order shows at most `rows` targets and
// each other order `otherRows` (its head: the slowest, the failures); the page says how many
// were left out, and index.jsonl has them all.
import { formatDuration } from '../src/batch/progress-line.js';
import { batchCounts, batchStatement } from '../src/batch/batch-exit.js';
import type { IndexLine } from '../src/batch/batch-index.js';
import { SEVERITIES, type Verdict } from '../src/domain/types.js';
import { html, type SafeHtml } from './html.js';
import { LIMITS, capped, code, severityBadge, text, verdictBadge } from './html-parts.js';
import { htmlDocument } from './html-document.js';
import { relativeHref } from './render-scan-html.js';

export interface BatchIndexMeta {
  /** The target list as given on the command line. */
  list: string;
  /** ISO time the page was written. */
  generatedAt: string;
  /** Targets in the list (defaults to the number of lines). */
  targets?: number;
  /** Lines of index.jsonl that could not be read (torn or edited). */
  unreadable?: number;
}

export const BATCH_HTML_LIMITS = {
  /** Rows of the default order. */
  rows: 20_000,
  /** Rows of each other order. */
  otherRows: 5_000,
  rules: 6,
  hosts: 3,
} as const;

type Order = { id: string; label: string; cmp: (a: IndexLine, b: IndexLine) => number };

/** malicious, suspicious, then failures (not judged), then clean. */
function rank(l: IndexLine): number {
  if (l.outcome !== 'analysed') return 2;
  return l.verdict === 'malicious' ? 0 : l.verdict === 'suspicious' ? 1 : 3;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const nameOf = (l: IndexLine): string => (l.name ?? l.target).toLowerCase();
const byName = (a: IndexLine, b: IndexLine): number =>
  cmpStr(nameOf(a), nameOf(b)) ||
  cmpStr(a.version ?? '', b.version ?? '') ||
  cmpStr(a.target, b.target);
const byVerdict = (a: IndexLine, b: IndexLine): number => rank(a) - rank(b) || byName(a, b);
const isFailure = (l: IndexLine): number => (l.outcome === 'analysed' ? 1 : 0);

/** The orders, in the order the navigation lists them; the first is the default. */
export const ORDERS: readonly Order[] = [
  { id: 'by-verdict', label: 'by verdict', cmp: byVerdict },
  { id: 'by-name', label: 'by name', cmp: byName },
  {
    id: 'by-duration',
    label: 'slowest first',
    cmp: (a, b) => b.durationMs - a.durationMs || cmpStr(a.target, b.target),
  },
  {
    id: 'failures',
    label: 'failures first',
    cmp: (a, b) => isFailure(a) - isFailure(b) || byVerdict(a, b),
  },
];

const VERDICT_CLASS: Record<Verdict, string> = {
  clean: 'badge verdict-clean',
  suspicious: 'badge verdict-suspicious',
  malicious: 'badge verdict-malicious',
};

/** A row's verdict as a small badge (class from a fixed table), or failed / timed out. */
function verdictCell(l: IndexLine): SafeHtml {
  if (l.outcome === 'timed-out') return html`<span class="badge sev-high">timed&nbsp;out</span>`;
  if (l.outcome === 'failed' || l.verdict === undefined || !Object.hasOwn(VERDICT_CLASS, l.verdict))
    return html`<span class="badge sev-high">failed</span>`;
  return html`<span class="${VERDICT_CLASS[l.verdict]}">${l.verdict}</span>`;
}

function countsCell(l: IndexLine): SafeHtml {
  const s = l.summary;
  if (s === undefined) return text(undefined);
  const present = [...SEVERITIES].reverse().filter((sev) => (s[sev] ?? 0) > 0);
  if (present.length === 0) return html`<span class="muted">none</span>`;
  return html`${present.map((sev) => html`<span class="count">${severityBadge(sev)} ${s[sev]}</span> `)}`;
}

/** The first `max` items as code, then `+N more`. */
function someCodes(items: readonly string[], max: number, extra = 0): SafeHtml {
  if (items.length === 0) return text(undefined);
  const more = items.length - max + extra;
  const shownItems = items.slice(0, max).map((x) => html`<li>${code(x, 120)}</li>`);
  const tail = more > 0 ? html`<li class="muted">+${more} more</li>` : html``;
  return html`<ul class="plain">
    ${shownItems}${tail}
  </ul>`;
}

function packageCell(l: IndexLine): SafeHtml {
  if (l.name === undefined) return text(undefined);
  return text(l.version === undefined ? l.name : `${l.name}@${l.version}`, LIMITS.name);
}

function noteCell(l: IndexLine): SafeHtml {
  if (l.error !== undefined)
    return html`${code(l.error.code, 60)} ${text(l.error.message, LIMITS.cell)}`;
  const gate = l.coverageGateMet === false ? html` <strong>(below --min-coverage)</strong>` : '';
  return html`${text(l.coverage)}${gate}`;
}

function linksCell(l: IndexLine): SafeHtml {
  const h = l.htmlPath === undefined ? '' : html`<a href="${relativeHref(l.htmlPath)}">report</a>`;
  const j =
    l.reportPath === undefined ? '' : html` <a href="${relativeHref(l.reportPath)}">JSON</a>`;
  return h === '' && j === '' ? text(undefined) : html`${h}${j}`;
}

// One line per row: a batch page holds tens of thousands of them.
// prettier-ignore
function row(l: IndexLine): SafeHtml {
  return html`<tr><td>${code(l.target, LIMITS.name)}</td><td>${packageCell(l)}</td><td>${verdictCell(l)}</td><td>${countsCell(l)}</td><td>${someCodes(l.rules, BATCH_HTML_LIMITS.rules)}</td><td>${someCodes(l.hosts, BATCH_HTML_LIMITS.hosts, l.hostsOmitted ?? 0)}</td><td>${noteCell(l)}</td><td class="num">${formatDuration(l.durationMs)}</td><td>${linksCell(l)}</td></tr>
`;
}

const HEAD = [
  'target',
  'package',
  'verdict',
  'findings',
  'rules',
  'hosts',
  'coverage / error',
  'time',
  'report',
];

/** One order's section: its rows, capped, and a note of the rest. */
function orderSection(
  order: Order,
  lines: readonly IndexLine[],
  max: number,
  isDefault: boolean,
): SafeHtml {
  const { items, omitted } = capped([...lines].sort(order.cmp), max);
  const note =
    omitted > 0
      ? html`<p class="omitted">
          ${omitted} more targets not shown in this order; index.jsonl has them all.
        </p>`
      : html``;
  const body =
    items.length === 0
      ? html`<p class="empty">No targets have finished yet.</p>`
      : html`<table class="batch">
          <thead>
            <tr>
              ${HEAD.map((h) => html`<th>${h}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${items.map(row)}
          </tbody>
        </table>`;
  return html`<section id="${order.id}" class="${isDefault ? 'order order-default' : 'order'}">
    <h2>Targets ${order.label}</h2>
    ${body}${note}
  </section>`;
}

/** The targets that were not judged, said plainly. */
function failureNote(failed: number, timedOut: number, targets: number): SafeHtml {
  if (failed + timedOut === 0) return html``;
  return html`<div class="warn">
    <p>
      <strong>${failed + timedOut} of ${targets} targets were not analysed</strong> (${failed}
      failed, ${timedOut} timed out). Nothing on this page says they are safe; see
      <a href="#failures">failures first</a>.
    </p>
  </div>`;
}

/** The batch index page as an HTML document string. */
export function renderBatchIndexHtml(lines: readonly IndexLine[], meta: BatchIndexMeta): string {
  const counts = batchCounts(lines, meta.targets ?? lines.length);
  const [first, ...others] = ORDERS;
  const sections = [
    ...others.map((o) => orderSection(o, lines, BATCH_HTML_LIMITS.otherRows, false)),
    ...(first === undefined ? [] : [orderSection(first, lines, BATCH_HTML_LIMITS.rows, true)]),
  ];
  const unreadable =
    (meta.unreadable ?? 0) > 0
      ? html`<p class="muted">
          ${meta.unreadable} line(s) of index.jsonl could not be read and are not shown.
        </p>`
      : html``;
  return htmlDocument(
    `mcp-airlock batch: ${meta.list}`,
    html`<header>
        <h1>mcp-airlock batch</h1>
        <p>${code(meta.list)}: ${text(batchStatement(counts))}</p>
        <div class="counts">
          <span class="count">${verdictBadge('malicious')} ${counts.malicious}</span>
          <span class="count">${verdictBadge('suspicious')} ${counts.suspicious}</span>
          <span class="count">${verdictBadge('clean')} ${counts.clean}</span>
          <span class="count"
            ><span class="badge verdict sev-high">failed</span>
            ${counts.failed + counts.timedOut}</span
          >
        </div>
        <p class="muted">
          Written ${text(meta.generatedAt, 40)}. Every target's line is in index.jsonl.
        </p>
        ${unreadable}
        <nav class="orders">
          Order: ${ORDERS.map((o) => html`<a href="${`#${o.id}`}">${o.label}</a>`)}
        </nav>
      </header>
      <main>${failureNote(counts.failed, counts.timedOut, counts.targets)} ${sections}</main>`,
  );
}
