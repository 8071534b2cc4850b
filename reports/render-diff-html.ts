// Renders a version diff (src/diff/diff-profiles.ts) as one self-contained HTML page: both
// versions and their verdicts, why the new one is risky, tool definition and instruction changes
// as line diffs, and every behaviour category side by side (old left, new right; added rows
// highlighted, removed rows struck). Same rules as the report: no scripts, no external resources,
// the report's one stylesheet pinned by hash in the CSP, every hostile string escaped and bounded.
import type { CategoryDiff, DefinitionDifference, ProfileDiff } from '../src/diff/diff-profiles.js';
import { SEVERITIES, type Report } from '../src/domain/types.js';
import { entryKey, type CategoryId, type ProfileEntry } from '../src/diff/profile-types.js';
import { html, joinHtml, shown, type SafeHtml } from './html.js';
import { beforeAfter } from './html-diff.js';
import { LIMITS, block, code, details, facts, severityBadge, verdictBadge } from './html-parts.js';
import { htmlDocument } from './html-document.js';

/** Longest entry line shown in a column. */
const MAX_LINE = 600;

/** One entry as a line of its column (raw: `shown` marks and escapes it). */
export function entryLine(category: CategoryId, e: ProfileEntry): string {
  const head = e.phase === 'install' ? '[install] ' : '';
  const d = e.detail ?? '';
  const v = e.value ?? '';
  switch (category) {
    case 'keys':
      return `${head}${e.subject}  ${d}: ${v}`;
    case 'values':
    case 'recipients':
      return `${head}${e.subject}  ${d} = ${v}`;
    case 'canaries':
      return `${head}${e.subject} via ${d}${v ? ` to ${v}` : ''}`;
    case 'files':
      return `${head}${e.subject} (${d})`;
    case 'installScripts':
      return `${head}${e.subject}: ${v}`;
    default:
      return `${head}${[e.subject, d, v].filter((x) => x !== '').join('  ')}`;
  }
}

/** Fixed markup for each kind of row (never taken from the data). */
function row(kind: 'same' | 'add' | 'del', line: string): SafeHtml {
  const s = shown(line, MAX_LINE);
  if (kind === 'add') return html`<span class="d-add"><ins>+ ${s}</ins></span>`;
  if (kind === 'del') return html`<span class="d-del"><del>- ${s}</del></span>`;
  return html`<span class="d-same">${'  '}${s}</span>`;
}

/** A column: its rows sorted by entry key, or "None." */
function column(
  category: CategoryId,
  rows: readonly { kind: 'same' | 'add' | 'del'; e: ProfileEntry }[],
): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">None.</p>`;
  const sorted = [...rows].sort((a, b) => {
    const x = entryKey(a.e);
    const y = entryKey(b.e);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return html`<pre class="diff">${sorted.map((r) => row(r.kind, entryLine(category, r.e)))}</pre>`;
}

function categorySection(diff: ProfileDiff, c: CategoryDiff): SafeHtml {
  const oldRows = [
    ...c.same.map((e) => ({ kind: 'same' as const, e })),
    ...c.removed.map((e) => ({ kind: 'del' as const, e })),
  ];
  const newRows = [
    ...c.same.map((e) => ({ kind: 'same' as const, e })),
    ...c.added.map((e) => ({ kind: 'add' as const, e })),
  ];
  const changed = c.added.length + c.removed.length > 0;
  const counts = changed
    ? `${c.added.length} added, ${c.removed.length} removed`
    : `unchanged, ${c.same.length} ${c.same.length === 1 ? 'entry' : 'entries'}`;
  const cut = diff.truncated.includes(c.category)
    ? html`<p class="warn">
        This category reached its bound in a run: additions past it are not seen.
      </p>`
    : html``;
  const sides = html`<div class="side">
    <div>
      <div class="muted">${diff.old.version}</div>
      ${column(c.category, oldRows)}
    </div>
    <div>
      <div class="muted">${diff.new.version}</div>
      ${column(c.category, newRows)}
    </div>
  </div>`;
  // Unchanged categories are folded, so the changes stand out.
  if (!changed)
    return html`<h3>${c.label}</h3>
      ${cut}${details(counts, sides)}`;
  return html`<h3>${c.label} <span class="muted">(${counts})</span></h3>
    ${cut}${sides}`;
}

function definitionBlock(d: DefinitionDifference): SafeHtml {
  const what =
    d.kind === 'instructions'
      ? html`Server instructions changed`
      : html`${d.change === 'added' ? 'New tool' : d.change === 'removed' ? 'Removed tool' : 'Changed tool'}
        ${code(d.name, LIMITS.name)}`;
  const fields =
    d.change === 'changed' && d.kind === 'tool'
      ? html` ${d.fields.map((f) => html`<span class="field">${f}</span>`)}`
      : html``;
  const body =
    d.change === 'added'
      ? block(d.after)
      : d.change === 'removed'
        ? block(d.before)
        : beforeAfter(d.before, d.after);
  return html`<div class="drift">
    <h3>${what}${fields}</h3>
    ${body}
  </div>`;
}

function definitionsSection(diff: ProfileDiff): SafeHtml {
  const defs = diff.differences.filter((d): d is DefinitionDifference => d.kind !== 'entry');
  return html`<section id="definitions">
    <h2>Tool definitions and instructions</h2>
    ${
      defs.length === 0
        ? html`<p class="empty">No tool definition or instructions changed.</p>`
        : defs.map(definitionBlock)
    }
  </section>`;
}

function reasonsSection(diff: ProfileDiff): SafeHtml {
  const list =
    diff.reasons.length === 0
      ? html`<p class="empty">The new version adds no behaviour the old one did not show.</p>`
      : html`<ul>
          ${diff.reasons.map((r) => html`<li>${shown(r, LIMITS.cell * 2)}</li>`)}
        </ul>`;
  const removed = diff.differences.filter((d) => !d.risky);
  const notes =
    removed.length === 0
      ? html``
      : details(
          `${removed.length} removals (not risky on their own)`,
          html`<ul>
            ${removed.slice(0, LIMITS.rows).map((d) => html`<li>${shown(d.text, LIMITS.cell * 2)}</li>`)}
          </ul>`,
        );
  return html`<section id="reasons">
    <h2>What the new version adds</h2>
    ${list} ${notes}
  </section>`;
}

/** A version's line: its version and verdict badge, and its spec and counts when known. */
function versionFacts(s: ProfileDiff['old'], r: Report | undefined): SafeHtml {
  const base = html`${code(s.version, LIMITS.name)} ${verdictBadge(s.verdict)}`;
  if (!r) return base;
  const counts = [...SEVERITIES]
    .reverse()
    .filter((x) => (r.summary[x] ?? 0) > 0)
    .map((x) => html` <span class="count">${severityBadge(x)} ${r.summary[x]}</span>`);
  return html`${base} <span class="muted">from</span> ${code(r.target.spec)}${counts}`;
}

function headerSection(diff: ProfileDiff, oldReport?: Report, newReport?: Report): SafeHtml {
  const verdict = diff.risky
    ? html`<span class="badge verdict sev-high">new behaviour</span>`
    : html`<span class="badge verdict verdict-clean">no new behaviour</span>`;
  const name =
    diff.old.name === diff.new.name ? diff.new.name : `${diff.old.name} / ${diff.new.name}`;
  return html`<header>
    <h1>${shown(name, LIMITS.name)} ${verdict}</h1>
    ${facts([
      ['old version', versionFacts(diff.old, oldReport)],
      ['new version', versionFacts(diff.new, newReport)],
    ])}
    <nav>
      <a href="#reasons">What it adds</a><a href="#definitions">Definitions</a
      ><a href="#behaviour">Behaviour side by side</a>
    </nav>
  </header>`;
}

/** The diff page as an HTML document string; the reports, when given, add their specs and counts. */
export function renderDiffHtml(diff: ProfileDiff, oldReport?: Report, newReport?: Report): string {
  const title = `mcp-airlock diff: ${diff.new.name} ${diff.old.version} -> ${diff.new.version}`;
  const seen = diff.categories.filter((c) => c.same.length + c.added.length + c.removed.length > 0);
  const empty = diff.categories.filter((c) => !seen.includes(c)).map((c) => c.label);
  const none =
    empty.length === 0
      ? html``
      : html`<p class="muted">Seen in neither version: ${empty.join('; ')}.</p>`;
  const categories = html`${joinHtml(seen.map((c) => categorySection(diff, c)))}${none}`;
  const doc = htmlDocument(
    title,
    html`${headerSection(diff, oldReport, newReport)}
      <main>
        ${reasonsSection(diff)} ${definitionsSection(diff)}
        <section id="behaviour">
          <h2>Behaviour side by side</h2>
          ${categories}
        </section>
      </main>`,
  );
  return doc;
}
