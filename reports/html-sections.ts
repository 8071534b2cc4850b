// The HTML report's sections about the target itself: header and verdict, the server process
// and the install log (findings are in html-findings.ts).
import { SEVERITIES, type Report } from '../src/domain/types.js';
import { html, shown, type SafeHtml } from './html.js';
import { coverageBanner } from './html-coverage.js';
import {
  LIMITS,
  code,
  excerpt,
  facts,
  severityBadge,
  table,
  text,
  verdictBadge,
  yesNo,
} from './html-parts.js';
import { verdictBanner } from './html-verdict.js';

/** Title, verdict banner, counts per severity, coverage and the run's identity. */
/** The navigation link to the policy section, when a policy was applied. */
function policyLink(r: Report): SafeHtml {
  return r.policy ? html`<a href="#policy">Policy</a>` : html``;
}

export function headerSection(r: Report): SafeHtml {
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => html`<span class="count">${severityBadge(s)} ${r.summary[s] ?? 0}</span>`);
  return html`<header>
    <h1>
      ${shown(`${r.target.name}@${r.target.version}`, LIMITS.name)} ${verdictBadge(r.verdict)}
    </h1>
    ${verdictBanner(r)}
    <div class="counts">${counts}</div>
    ${coverageBanner(r)}
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
      <a href="#findings">Findings</a>${policyLink(r)}<a href="#when">What happened when</a
      ><a href="#behaviour">Behaviour</a><a href="#server">Server</a><a href="#install">Install</a
      ><a href="#surface">MCP surface</a><a href="#tools">Tools</a
      ><a href="#definitions">Definitions over time</a><a href="#network">Network</a
      ><a href="#timeline">Timeline</a><a href="#notes">Notes</a>
    </nav>
  </header>`;
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

/** The fetch (registry, dependencies from elsewhere, what it was refused) and the install log. */
export function installSection(r: Report): SafeHtml {
  const i = r.install;
  const f = r.fetch;
  const deps = f.dependencies.map((d) => [
    code(d.field, 100),
    code(d.name, LIMITS.name),
    d.kind,
    code(d.spec, 500),
  ]);
  const refused = f.refused.map((x) => [code(x, 500)]);
  return html`<section id="install">
    <h2>Install</h2>
    ${facts([
      ['registry', code(f.registry, 300)],
      ['not installed because', text(f.failed, 1_000)],
      ['exit code', i.exitCode ?? '—'],
      ['timed out', yesNo(i.timedOut)],
    ])}
    ${
      deps.length > 0
        ? html`<h3>dependencies not from the registry</h3>
            ${table(['field', 'name', 'kind', 'spec'], deps, 'fetch-deps')}`
        : ''
    }
    ${
      refused.length > 0
        ? html`<h3>refused while fetching (only the registry is reachable)</h3>
            ${table(['target'], refused, 'fetch-refused')}`
        : ''
    }
    <h3>output</h3>
    ${excerpt(i.outputExcerpt)}
  </section>`;
}
