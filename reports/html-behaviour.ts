// The HTML report's section about what the package did besides talking: the canaries the run
// planted, canaries found leaving, values in outbound messages no input explains, file changes
// and the processes it started. Every string here was produced by the package under test.
import type {
  EndpointSetting,
  ExfilObservation,
  FileObservation,
  PlantedCanary,
  ProcessObservation,
  Report,
  TaintObservation,
} from '../src/domain/types.js';
import { html, type SafeHtml } from './html.js';
import {
  LIMITS,
  attribution,
  code,
  details,
  endpoint,
  pre,
  preview,
  rel,
  table,
  text,
  type RenderContext,
} from './html-parts.js';

/** At most this many decoding steps of an encoding chain are shown. */
const MAX_CHAIN = 20;

/** A collapsed excerpt: a one-line preview that opens to the bounded <pre>. */
function folded(s: string | undefined): SafeHtml {
  if (s === undefined || s === '') return text(undefined);
  return details(html`${s.length} chars: ${preview(s)}`, pre(s, LIMITS.excerpt));
}

/** Decodings peeled to find a canary, outermost first; `plain` when it was sent as is. */
function encodingChain(chain: readonly string[]): SafeHtml {
  if (chain.length === 0) return html`<span class="muted">plain</span>`;
  const shownSteps = chain.slice(0, MAX_CHAIN).join(' > ');
  const more = chain.length > MAX_CHAIN ? ` > … (+${chain.length - MAX_CHAIN})` : '';
  return code(`${shownSteps}${more}`, LIMITS.cell);
}

/** Host and ip:port of where something went; tool results went back to the model instead. */
function destination(o: { host?: string; ip?: string; port?: number; channel: string }): SafeHtml {
  const parts: SafeHtml[] = [];
  if (o.host !== undefined && o.host !== '') parts.push(code(o.host, LIMITS.name));
  if (o.ip !== undefined && o.ip !== '') {
    parts.push(html`<div class="muted">${code(endpoint(o.ip, o.port), LIMITS.name)}</div>`);
  } else if (o.port !== undefined) {
    parts.push(html`<div class="muted">port ${o.port}</div>`);
  }
  if (parts.length > 0) return html`${parts}`;
  return o.channel === 'tool-result'
    ? html`<span class="muted">returned to the model</span>`
    : text(undefined);
}

/** What a canary is for: its service and hosts, or why it has none. */
function purposeCell(p: PlantedCanary['purpose']): SafeHtml {
  if (!p) return text(undefined);
  const hosts =
    p.hosts.length > 0
      ? code(
          p.hosts.slice(0, 8).join(', ') +
            (p.hosts.length > 8 ? ` … (+${p.hosts.length - 8})` : ''),
          LIMITS.cell,
        )
      : html`<span class="muted">no host</span>`;
  return html`${text(p.service, LIMITS.name)} ${hosts}
    <div class="muted">${text(p.reason, LIMITS.cell)}</div>`;
}

/** The canaries the run planted, value masked, with the service each is for; long, so folded. */
function canariesBlock(r: Report): SafeHtml {
  const list = r.behaviour.canaries;
  const rows = list.map((c) => [
    code(c.origin, LIMITS.name),
    code(c.preview, LIMITS.name),
    purposeCell(c.purpose),
  ]);
  return details(
    `${list.length} canaries planted (values masked); each may reach only its own service`,
    table(['origin', 'masked preview', 'for'], rows, 'canaries'),
  );
}

const ENDPOINT_ORIGIN: Record<EndpointSetting['origin'], string> = {
  default: 'left unset: the package uses the default its source shows',
  invented: 'set by mcp-airlock to an invented value: traffic to it is the configured endpoint',
  user: 'set by the user (--env)',
};

/** Endpoint variables the package reads and what the run did with each. */
function endpointsTable(list: readonly EndpointSetting[]): SafeHtml {
  if (list.length === 0) return html`<p class="muted">The package reads no endpoint variable.</p>`;
  const rows = list.map((e) => [
    code(e.variable, LIMITS.name),
    text(ENDPOINT_ORIGIN[e.origin]),
    e.host ? code(e.host, LIMITS.name) : text(undefined),
  ]);
  return table(['variable', 'what the run did', 'host'], rows, 'endpoints');
}

/** Canaries found in something that left the sandbox or went back to the model. */
function exfilTable(list: readonly ExfilObservation[], ctx: RenderContext): SafeHtml {
  const rows = list.map((o) => [
    rel(o.t, ctx),
    o.phase,
    attribution(o),
    code(o.origin, LIMITS.name),
    html`${text(o.channel, 40)}
      <div class="muted">${code(o.where, LIMITS.cell)}</div>`,
    encodingChain(o.chain),
    destination(o),
    pre(o.excerpt, 2_000),
  ]);
  return table(
    ['time', 'phase', 'tool', 'canary', 'channel', 'encoding', 'destination', 'excerpt'],
    rows,
    'canary hits',
  );
}

/** Values in outbound requests or mail that none of the run's sources explain. */
function taintTable(list: readonly TaintObservation[]): SafeHtml {
  const rows = list.map((o) => [
    o.phase,
    attribution(o),
    text(o.kind, 20),
    code(o.value, LIMITS.cell),
    code(o.field, LIMITS.name),
    html`${code(o.host, LIMITS.name)}
      <div class="muted">via ${text(o.channel, 20)}</div>`,
    folded(o.request),
  ]);
  return table(
    ['phase', 'tool', 'kind', 'value', 'field', 'destination', 'request'],
    rows,
    'unexplained values',
  );
}

/** Files created, modified, deleted or (planted credentials) read. */
function filesTable(list: readonly FileObservation[]): SafeHtml {
  const rows = list.map((f) => [
    f.phase,
    attribution(f),
    text(f.change, 20),
    code(f.path, LIMITS.cell),
    f.size,
    code(f.canary, LIMITS.name),
    folded(f.excerpt),
  ]);
  return table(
    ['phase', 'tool', 'change', 'path', 'size', 'canary', 'excerpt'],
    rows,
    'file changes',
  );
}

/** Processes the install step or the server started. */
function processesTable(list: readonly ProcessObservation[], ctx: RenderContext): SafeHtml {
  const rows = list.map((p) => [
    rel(p.t, ctx),
    p.phase,
    attribution(p),
    text(p.root, 20),
    p.depth,
    html`<span class="mono">${p.pid} / ${p.ppid}</span>`,
    code(p.cmdline, 1_000),
  ]);
  return table(
    ['time', 'phase', 'tool', 'launched from', 'depth', 'pid / ppid', 'command line'],
    rows,
    'processes',
  );
}

/** A visible warning when the process trace did not run. */
function tracingNote(r: Report): SafeHtml {
  const t = r.behaviour.processTracing;
  if (t.available) return html``;
  return html`<p class="warn">
    Process tracing was not available, so the processes below (if any) are incomplete:
    ${text(t.reason ?? 'no reason given', 1_000)}
  </p>`;
}

/** Everything the package did besides its network traffic. */
export function behaviourSection(r: Report, ctx: RenderContext): SafeHtml {
  const b = r.behaviour;
  return html`<section id="behaviour">
    <h2>Behaviour</h2>
    <h3>Planted canaries (${b.canaries.length})</h3>
    ${canariesBlock(r)}
    <h3>Endpoint variables (${b.endpoints.length})</h3>
    ${endpointsTable(b.endpoints)}
    <h3>Secrets that left (${b.exfil.length})</h3>
    ${exfilTable(b.exfil, ctx)}
    <h3>Values no input explains (${b.taint.length})</h3>
    ${taintTable(b.taint)}
    <h3>Files (${b.files.length})</h3>
    ${filesTable(b.files)}
    <h3>Processes (${b.processes.length})</h3>
    ${tracingNote(r)} ${processesTable(b.processes, ctx)}
  </section>`;
}
