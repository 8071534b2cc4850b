// The panel as Markdown: one table of servers (verdict, counts, reach, wall time) and one of the
// findings at medium and above with the reviewer's judgement. Titles and errors come from the
// sandbox (a tool name, a host, a command line the package chose): every cell is flattened to
// one line, bounded, and escaped so it cannot close the table, open a link or inject HTML.
import type { Judgement } from './judgements.js';
import type { PanelRow } from './summarise.js';
import { splitSpec } from './panel-servers.js';

const TITLE_MAX = 110;

/** One table cell: one line, at most `max` characters, Markdown and HTML specials escaped. */
export function mdCell(s: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return (
    cut
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_[\]|~])/g, '\\$1')
      // no autolinks either: a URL the package chose must not become clickable
      .replace(/:\/\//g, '\\://')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
  );
}

/** A link to the pinned version's page on npmjs.com (the spec was checked when loaded). */
function specLink(spec: string): string {
  const { pkg, version } = splitSpec(spec);
  return `[${mdCell(spec)}](https://www.npmjs.com/package/${encodeURI(pkg)}/v/${encodeURIComponent(version)})`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The servers table. */
export function renderServers(rows: readonly PanelRow[]): string {
  const head = [
    row([
      'server',
      'kind',
      'verdict',
      'crit',
      'high',
      'med',
      'low',
      'info',
      'tools listed / called / ok',
      'wall s',
    ]),
    row(['---', '---', '---', '--:', '--:', '--:', '--:', '--:', '---', '--:']),
  ];
  const body = rows.map((r) => {
    const name = `${mdCell(r.name)} (${specLink(r.spec)})`;
    if (r.status === 'failed')
      return row([
        name,
        mdCell(r.kind),
        `**not analysed** (exit ${r.exitCode ?? 'none'}): ${mdCell(r.error, 160)}`,
        '',
        '',
        '',
        '',
        '',
        '',
        seconds(r.wallMs),
      ]);
    const c = r.counts;
    return row([
      name,
      mdCell(r.kind),
      r.verdict,
      String(c.critical),
      String(c.high),
      String(c.medium),
      String(c.low),
      String(c.info),
      `${r.toolsListed} / ${r.toolsCalled} / ${r.toolsOk}`,
      seconds(r.wallMs),
    ]);
  });
  return [...head, ...body].join('\n');
}

/** The findings table: one line per finding group at medium and above, judged. */
export function renderFindings(rows: readonly PanelRow[]): string {
  const head = [
    row(['server', 'rule', 'severity', 'tool(s)', 'title', 'true behaviour?', 'why']),
    row(['---', '---', '---', '---', '---', '---', '---']),
  ];
  const body: string[] = [];
  for (const r of rows) {
    if (r.status !== 'analysed') continue;
    for (const f of r.findings) {
      const count = f.count > 1 ? ` (×${f.count})` : '';
      const verdict =
        f.judged.verdict === 'unjudged'
          ? 'unjudged'
          : f.judged.verdict === 'true'
            ? 'true'
            : '**false**';
      body.push(
        row([
          mdCell(r.name),
          `\`${f.rule.replace(/`/g, '')}\``,
          f.severity,
          mdCell(f.where.join(', '), 80),
          mdCell(f.title, TITLE_MAX) + count,
          verdict,
          f.judged.verdict === 'unjudged' ? '' : mdCell(f.judged.why, 400),
        ]),
      );
    }
  }
  if (!body.length) body.push(row(['(none)', '', '', '', '', '', '']));
  return [...head, ...body].join('\n');
}

/** The whole table.md: both tables under their headings, then the judgements no finding of
 * this run matched (what a rule change made go away). */
export function renderPanel(
  rows: readonly PanelRow[],
  meta: { date: string; tool: string },
  unused: readonly Judgement[] = [],
): string {
  const gone = unused.map(
    (j) =>
      `- ${mdCell(j.server)} \`${j.rule.replace(/`/g, '')}\` "${mdCell(j.match, 80)}" (judged ${j.verdict})`,
  );
  return [
    `### Servers (${mdCell(meta.tool)}, ${mdCell(meta.date)})`,
    '',
    renderServers(rows),
    '',
    '### Findings at medium and above',
    '',
    renderFindings(rows),
    '',
    ...(gone.length ? ['### Judged findings not seen in this run', '', ...gone, ''] : []),
  ].join('\n');
}
