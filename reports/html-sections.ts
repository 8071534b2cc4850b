// The HTML report's sections about the target itself: header and verdict, findings, the server
// process, the install log and the tools with their calls.
import { severityRank } from '../src/domain/severity.js';
import { SEVERITIES, type Finding, type Report, type ToolReport } from '../src/domain/types.js';
import { html, shown, type SafeHtml } from './html.js';
import {
  LIMITS,
  attribution,
  capped,
  code,
  details,
  endpoint,
  excerpt,
  facts,
  jsonText,
  ms,
  omittedNote,
  pre,
  preview,
  rel,
  severityBadge,
  table,
  text,
  verdictBadge,
  yesNo,
  type RenderContext,
} from './html-parts.js';

/** Title, verdict badge, counts per severity and the run's identity. */
export function headerSection(r: Report): SafeHtml {
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => html`<span class="count">${severityBadge(s)} ${r.summary[s] ?? 0}</span>`);
  return html`<header>
    <h1>
      ${shown(`${r.target.name}@${r.target.version}`, LIMITS.name)} ${verdictBadge(r.verdict)}
    </h1>
    <div class="counts">${counts}</div>
    ${facts([
      ['target spec', code(r.target.spec)],
      ['run', code(r.runId, 100)],
      ['seed', r.seed],
      ['started at', text(r.startedAt, 60)],
      ['analyzer', text(`${r.tool.name} ${r.tool.version}`, 100)],
      [
        'allowed egress',
        r.allowEgress.length === 0
          ? 'none'
          : r.allowEgress
              .slice(0, LIMITS.listItems)
              .map((h, i) => html`${i > 0 ? ', ' : ''}${code(h, LIMITS.name)}`),
      ],
    ])}
    <nav>
      <a href="#findings">Findings</a><a href="#behaviour">Behaviour</a><a href="#server">Server</a
      ><a href="#install">Install</a><a href="#tools">Tools</a><a href="#network">Network</a
      ><a href="#timeline">Timeline</a><a href="#notes">Notes</a>
    </nav>
  </header>`;
}

/** The evidence of one finding, only the fields that are present. */
function evidence(f: Finding): SafeHtml {
  const e = f.evidence;
  const rows: SafeHtml[] = [];
  if (e.canary !== undefined) rows.push(html`<div>canary ${code(e.canary, LIMITS.name)}</div>`);
  if (e.channel !== undefined) rows.push(html`<div>channel ${text(e.channel, 40)}</div>`);
  if (e.encoding !== undefined)
    rows.push(html`<div>encoding ${code(e.encoding, LIMITS.cell)}</div>`);
  if (e.path !== undefined) rows.push(html`<div>path ${code(e.path, LIMITS.cell)}</div>`);
  if (e.value !== undefined) {
    const field = e.field === undefined ? '' : html` in ${code(e.field, LIMITS.name)}`;
    rows.push(html`<div>value ${code(e.value, LIMITS.cell)}${field}</div>`);
  } else if (e.field !== undefined) {
    rows.push(html`<div>field ${code(e.field, LIMITS.name)}</div>`);
  }
  if (e.cmdline !== undefined) rows.push(html`<div>command ${code(e.cmdline, 1_000)}</div>`);
  if (e.host !== undefined) rows.push(html`<div>host ${code(e.host, LIMITS.name)}</div>`);
  if (e.ip !== undefined)
    rows.push(html`<div>dst ${code(endpoint(e.ip, e.port), LIMITS.name)}</div>`);
  else if (e.port !== undefined) rows.push(html`<div>port ${e.port}</div>`);
  if (e.protocol !== undefined) rows.push(html`<div>protocol ${text(e.protocol, 40)}</div>`);
  if (e.bytes !== undefined) rows.push(html`<div>${e.bytes} bytes</div>`);
  if (e.count !== undefined) rows.push(html`<div>count ${e.count}</div>`);
  if (e.method !== undefined || e.url !== undefined) {
    rows.push(html`<div>${code(`${e.method ?? ''} ${e.url ?? ''}`.trim(), LIMITS.cell)}</div>`);
  }
  // Process findings repeat the command line as the excerpt; show it once.
  if (e.payloadExcerpt !== undefined && e.payloadExcerpt !== e.cmdline) {
    rows.push(excerpt(e.payloadExcerpt, 2_000));
  }
  return rows.length === 0 ? text(undefined) : html`${rows}`;
}

/** Findings, most severe first. */
export function findingsSection(r: Report): SafeHtml {
  const sorted = [...r.findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity),
  );
  const rows = sorted.map((f) => [
    severityBadge(f.severity),
    code(f.rule, 100),
    text(f.title, LIMITS.cell),
    f.phase,
    attribution(f),
    evidence(f),
  ]);
  return html`<section id="findings">
    <h2>Findings (${r.findings.length})</h2>
    ${table(['severity', 'rule', 'title', 'phase', 'tool', 'evidence'], rows, 'findings')}
  </section>`;
}

/** The server process: command, handshake, stderr. */
export function serverSection(r: Report): SafeHtml {
  const s = r.server;
  const info =
    s.serverInfo === undefined
      ? text(undefined)
      : code(`${s.serverInfo.name} ${s.serverInfo.version}`, LIMITS.name);
  return html`<section id="server">
    <h2>Server</h2>
    ${facts([
      ['command', code(s.command.map(quoteArg).join(' '), 1_000)],
      ['started', yesNo(s.started)],
      ['initialized', yesNo(s.initialized)],
      ['serverInfo', info],
      ['protocol version', text(s.protocolVersion, 60)],
      ['exit code', s.exitCode ?? '—'],
      ['error', text(s.error, 1_000)],
    ])}
    <h3>stderr</h3>
    ${excerpt(s.stderrExcerpt)}
  </section>`;
}

/** Quote a command argument when it has spaces or quotes, so the command line reads right. */
function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a);
}

/** The install step's log. */
export function installSection(r: Report): SafeHtml {
  const i = r.install;
  return html`<section id="install">
    <h2>Install</h2>
    ${facts([
      ['exit code', i.exitCode ?? '—'],
      ['timed out', yesNo(i.timedOut)],
    ])}
    <h3>output</h3>
    ${excerpt(i.outputExcerpt)}
  </section>`;
}

/** A tool's description, line breaks kept. */
function description(d: string): SafeHtml {
  if (d === '') return html`<p class="muted">(no description)</p>`;
  return html`<pre class="desc">${shown(d, LIMITS.description, { multiline: true })}</pre>`;
}

/** One tool: name, description, schema and calls. */
function toolBlock(t: ToolReport, ctx: RenderContext): SafeHtml {
  const d = t.definition;
  const calls = t.calls.map((c) => [
    code(c.id, 60),
    rel(c.start, ctx),
    details(preview(jsonText(c.arguments, 0)), pre(jsonText(c.arguments), LIMITS.json)),
    c.outcome,
    ms(c.durationMs),
    excerpt(c.resultExcerpt),
  ]);
  return html`<section class="tool">
    <h3><code>${shown(d.name, LIMITS.name)}</code></h3>
    ${description(d.description)}
    ${details('input schema', pre(jsonText(d.inputSchema), LIMITS.json))}
    ${table(['call', 'start', 'arguments', 'outcome', 'duration', 'result'], calls, 'calls')}
  </section>`;
}

/** Every listed tool with its calls. */
export function toolsSection(r: Report, ctx: RenderContext): SafeHtml {
  const { items, omitted } = capped(r.tools, LIMITS.tools);
  const calls = r.tools.reduce((n, t) => n + t.calls.length, 0);
  const body =
    items.length === 0
      ? html`<p class="empty">No tools listed.</p>`
      : items.map((t) => toolBlock(t, ctx));
  return html`<section id="tools">
    <h2>Tools (${r.tools.length} tools, ${calls} calls)</h2>
    ${body}${omittedNote(omitted, 'tools')}
  </section>`;
}
