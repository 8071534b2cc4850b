// Renders a ScanSummary as one self-contained HTML page: a row per server of the client
// configuration (name, what it runs, verdict, counts, coverage, link to its own report), with
// the servers that were not examined or failed listed first, so that nobody reads the page as
// "all clean". Same rules as the report: no scripts, the fixed stylesheet under a hash CSP, and
// every string (names, commands, reasons come from a pull request) escaped by the html tag.
import type { ScanRow, ScanSummary } from '../src/scan/scan-summary.js';
import { SEVERITIES } from '../src/domain/types.js';
import { html, type SafeHtml } from './html.js';
import { LIMITS, code, details, severityBadge, table, text, verdictBadge } from './html-parts.js';
import { htmlDocument } from './html-document.js';

/** A link href from a relative path: each segment percent-encoded, so no scheme can appear. */
export function relativeHref(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

const ROW_VERDICT_CLASS: Record<ScanRow['status'], string> = {
  clean: 'badge verdict-clean',
  suspicious: 'badge verdict-suspicious',
  malicious: 'badge verdict-malicious',
  'not-examined': 'badge',
  error: 'badge sev-high',
};

/** A small badge for a row status (class from a fixed table): grey for not examined. */
function statusBadge(row: ScanRow): SafeHtml {
  const cls = Object.hasOwn(ROW_VERDICT_CLASS, row.status)
    ? ROW_VERDICT_CLASS[row.status]
    : 'badge';
  if (row.status === 'not-examined') return html`<span class="${cls}">not&nbsp;examined</span>`;
  if (row.status === 'error') return html`<span class="${cls}">failed</span>`;
  return html`<span class="${cls}">${row.status}</span>`;
}

/** Non-zero finding counts as severity badges, worst first; `none` when there are none. */
function countsCell(row: ScanRow): SafeHtml {
  const s = row.summary;
  if (s === undefined) return text(undefined);
  const present = [...SEVERITIES].reverse().filter((sev) => (s[sev] ?? 0) > 0);
  if (present.length === 0) return html`<span class="muted">none</span>`;
  return html`<div class="counts">
    ${present.map((sev) => html`<span class="count">${severityBadge(sev)} ${s[sev]}</span>`)}
  </div>`;
}

/** What the entry runs, what was analysed, and its notes folded. */
function runsCell(row: ScanRow): SafeHtml {
  const analysed =
    row.target === undefined
      ? html``
      : html`<div class="muted">
          ${row.kind === 'npm' ? 'npm' : 'folder'} ${code(row.target, LIMITS.name)}
          ${row.package === undefined ? '' : html`(${text(row.package, LIMITS.name)})`}
        </div>`;
  const notes =
    row.notes.length === 0
      ? html``
      : details(
          `${row.notes.length} note${row.notes.length === 1 ? '' : 's'}`,
          html`<ul>
            ${row.notes.slice(0, LIMITS.listItems).map((n) => html`<li>${text(n)}</li>`)}
          </ul>`,
        );
  return html`${code(row.runs)}${analysed}${notes}`;
}

/** Coverage, or the reason a row has no report. */
function coverageCell(row: ScanRow): SafeHtml {
  if (row.reason !== undefined) return text(row.reason);
  const gate = row.coverageGateMet === false ? html` <strong>(below --min-coverage)</strong>` : '';
  return html`${text(row.coverage)}${gate}`;
}

/** Links to the row's report files. */
function linksCell(row: ScanRow): SafeHtml {
  const l = row.links;
  if (l === undefined) return text(undefined);
  const sarif = l.sarif === undefined ? '' : html` · <a href="${relativeHref(l.sarif)}">SARIF</a>`;
  return html`<a href="${relativeHref(l.html)}">report</a> ·
    <a href="${relativeHref(l.json)}">JSON</a>${sarif}`;
}

/** The servers that were not examined or failed, first and plainly. */
function unexaminedSection(s: ScanSummary): SafeHtml {
  const rows = s.rows.filter((r) => r.status === 'not-examined' || r.status === 'error');
  if (rows.length === 0) return html``;
  return html`<div class="warn">
    <p>
      <strong>${rows.length} of ${s.counts.servers} servers were not analysed.</strong> Nothing on
      this page says they are safe.
    </p>
    <ul>
      ${rows
        .slice(0, LIMITS.rows)
        .map(
          (r) =>
            html`<li>
              ${code(r.name, LIMITS.name)}
              ${r.status === 'error' ? 'failed: ' : ''}${text(r.reason, LIMITS.cell)}
            </li>`,
        )}
    </ul>
  </div>`;
}

/** The overall badge: a verdict, or grey `incomplete`. */
function overallBadge(s: ScanSummary): SafeHtml {
  return s.verdict === 'incomplete'
    ? html`<span class="badge verdict">incomplete</span>`
    : verdictBadge(s.verdict);
}

/** The scan summary as an HTML document string. */
export function renderScanHtml(summary: ScanSummary): string {
  const totals = [...SEVERITIES]
    .reverse()
    .map(
      (sev) => html`<span class="count">${severityBadge(sev)} ${summary.findings[sev] ?? 0}</span>`,
    );
  const rows = summary.rows.map((r) => [
    code(r.name, LIMITS.name),
    runsCell(r),
    statusBadge(r),
    countsCell(r),
    coverageCell(r),
    linksCell(r),
  ]);
  const doc = htmlDocument(
    `mcp-airlock scan: ${summary.config} (${summary.verdict})`,
    html`<header>
        <h1>mcp-airlock scan ${overallBadge(summary)}</h1>
        <p>${code(summary.config)}: ${text(summary.statement)}</p>
        <div class="counts">${totals}</div>
      </header>
      <main>
        ${unexaminedSection(summary)}
        <section id="servers">
          <h2>Servers</h2>
          ${table(
            ['server', 'what it runs', 'verdict', 'findings', 'coverage', 'report'],
            rows,
            'servers',
            'scan',
          )}
        </section>
      </main>`,
  );
  return doc;
}
