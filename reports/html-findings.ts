// The HTML report's findings table: one row per incident (incident-rows.ts), each reason with
// its rule, its title and why it matters (from the rule catalog), where it happened and the
// evidence. Medium and above are the list a reader reads; low and info are folded.
import { atOrAbove } from '../src/domain/severity.js';
import type { Finding, Report } from '../src/domain/types.js';
import { RULES } from '../src/rules/catalog.js';
import { html, type Interpolation, type SafeHtml } from './html.js';
import { evidenceCell } from './html-evidence.js';
import { LIMITS, attribution, code, details, severityBadge, table, text } from './html-parts.js';
import { incidentRows, type IncidentRow } from './incident-rows.js';

const WHY: ReadonlyMap<string, string> = new Map(Object.values(RULES).map((r) => [r.id, r.why]));

/** Why a rule matters, from the catalog; undefined for a rule the catalog does not know. */
export function whyItMatters(rule: string): string | undefined {
  return WHY.get(rule);
}

/** Other tools named in a row; the JSON has them all. */
const SPREAD_TOOLS = 6;

/** Where an incident was seen: its first tool and call, and how far it spread. */
function incidentWhere(row: IncidentRow): SafeHtml {
  const top = row.findings[0];
  const { tools, calls } = row;
  const spread =
    tools.length > 1 || calls > 1
      ? html`<div class="muted">
          ${tools.length > 1 ? `${tools.length} tools` : ''}${
            tools.length > 1 && calls > 1 ? ', ' : ''
          }${calls > 1 ? `${calls}${row.callsTruncated ? '+' : ''} calls` : ''}:
          ${tools.slice(1, SPREAD_TOOLS).map((t, i) => html`${i > 0 ? ', ' : ''}${code(t, LIMITS.name)}`)}${tools.length > SPREAD_TOOLS ? ` … (+${tools.length - SPREAD_TOOLS})` : ''}
        </div>`
      : html``;
  return html`${top === undefined ? text(undefined) : attribution(top)}${spread}`;
}

/** One reason of a row: rule, title and why it matters. */
function reason(f: Finding, many: boolean): SafeHtml {
  const why = whyItMatters(f.rule);
  return html`<li>
    ${many ? html`${severityBadge(f.severity)} ` : ''}${code(f.rule, 100)}
    <div>${text(f.title, LIMITS.cell)}</div>
    ${why === undefined ? '' : html`<div class="why"><span class="why-label">Why it matters:</span> ${why}</div>`}
  </li>`;
}

/** The evidence of the worst finding; the others' folded under their rule. */
function evidence(row: IncidentRow): SafeHtml {
  const [top, ...rest] = row.findings;
  if (top === undefined) return text(undefined);
  return html`${evidenceCell(top.evidence)}${rest.map((f) =>
    details(html`evidence of ${code(f.rule, 100)}`, evidenceCell(f.evidence)),
  )}`;
}

function rows(list: readonly IncidentRow[]): Interpolation[][] {
  return list.map((row) => [
    severityBadge(row.severity),
    html`<ul class="reasons">
      ${row.findings.map((f) => reason(f, row.findings.length > 1))}
    </ul>`,
    row.phase,
    incidentWhere(row),
    evidence(row),
  ]);
}

const COLUMNS = ['severity', 'what happened', 'phase', 'where', 'evidence'];

/**
 * Findings, most severe first: one row per incident (one flow, command, path or canary, across
 * every tool and call that showed it). The count in the heading is of findings, as in the JSON.
 */
export function findingsSection(r: Report): SafeHtml {
  const all = incidentRows(r.findings);
  const main = all.filter((x) => atOrAbove(x.severity, 'medium'));
  const minor = all.filter((x) => !atOrAbove(x.severity, 'medium'));
  const minorBlock =
    minor.length === 0
      ? html``
      : details(
          `${minor.length} low and info incident${minor.length === 1 ? '' : 's'}`,
          table(COLUMNS, rows(minor), 'findings minor', 'findings'),
        );
  const incidents =
    all.length === r.findings.length
      ? ''
      : `, ${all.length} incident${all.length === 1 ? '' : 's'}`;
  return html`<section id="findings">
    <h2>Findings (${r.findings.length}${incidents})</h2>
    ${
      main.length === 0
        ? html`<p class="muted">Nothing at medium or above.</p>`
        : table(COLUMNS, rows(main), 'findings', 'findings')
    }
    ${minorBlock}
  </section>`;
}
