// The HTML report's sections about what the package did on the fake internet (DNS, connections,
// HTTP requests, TLS failures), plus the phase timeline, step timings and notes.
import type { ConnectionObservation, HttpRequestObservation, Report } from '../src/domain/types.js';
import { html, shown, type SafeHtml } from './html.js';
import {
  LIMITS,
  attribution,
  capped,
  code,
  details,
  endpoint,
  excerpt,
  ms,
  omittedNote,
  pre,
  rel,
  table,
  text,
  type RenderContext,
} from './html-parts.js';

/** A bounded, comma-separated list of hostile names. */
function names(list: readonly string[]): SafeHtml {
  if (list.length === 0) return text(undefined);
  const { items, omitted } = capped(list, LIMITS.listItems);
  const more = omitted > 0 ? html` <span class="muted">+${omitted} more</span>` : html``;
  return html`${items.map((n, i) => html`${i > 0 ? ', ' : ''}${code(n, LIMITS.name)}`)}${more}`;
}

/** DNS queries the package made. */
function dnsTable(r: Report, ctx: RenderContext): SafeHtml {
  const rows = r.network.dns.map((q) => [
    rel(q.t, ctx),
    q.phase,
    attribution(q),
    code(q.name, LIMITS.name),
    text(q.type, 20),
    names(q.answers),
  ]);
  return table(['time', 'phase', 'tool', 'name', 'type', 'answers'], rows, 'DNS queries');
}

/** The first bytes of a connection: printable excerpt, and hex on demand. */
function payload(c: ConnectionObservation): SafeHtml {
  if (c.payloadExcerpt === '' && c.payloadHex === '') return text(undefined);
  return details(
    shown(c.payloadExcerpt, LIMITS.cellExcerpt),
    html`${pre(c.payloadExcerpt)}${c.payloadHex === '' ? '' : details('hex', pre(c.payloadHex))}`,
  );
}

/** Every connection attempt, DNS flows included but marked. */
function connectionsTable(r: Report, ctx: RenderContext): SafeHtml {
  const rows = r.network.connections.map((c) => [
    rel(c.t, ctx),
    c.phase,
    attribution(c),
    `${c.protocol}${c.isDns ? ' (dns)' : ''}`,
    code(endpoint(c.dstIp, c.dstPort), LIMITS.name),
    html`${names(c.hostnames)}${c.claimedHost === undefined ? '' : html`<div class="muted">claims ${code(c.claimedHost, LIMITS.name)}</div>`}`,
    c.streamKind ?? '—',
    c.bytesSent,
    payload(c),
    c.seenBy.join(', '),
  ]);
  return table(
    [
      'time',
      'phase',
      'tool',
      'protocol',
      'destination',
      'hostnames',
      'stream',
      'bytes',
      'payload',
      'seen by',
    ],
    rows,
    'connections',
  );
}

/** Request headers as a small table, folded. */
function headers(h: HttpRequestObservation['headers']): SafeHtml {
  const entries = Object.entries(h);
  const { items, omitted } = capped(entries, LIMITS.headers);
  const rows = items.map(([k, v]) => [code(k, LIMITS.name), code(String(v), 1_000)]);
  return details(
    `${entries.length} headers`,
    html`${table(['name', 'value'], rows)}${omittedNote(omitted, 'headers')}`,
  );
}

/** HTTP(S) requests as seen by the interceptor, with bodies. */
function httpTable(r: Report, ctx: RenderContext): SafeHtml {
  const rows = r.network.http.map((q) => [
    rel(q.t, ctx),
    q.phase,
    attribution(q),
    html`<code>${shown(q.method, 20)}</code> ${code(q.url, 1_000)}
      <div class="muted">
        ${q.tls ? 'https' : 'http'} to ${code(endpoint(q.dstIp, q.dstPort), LIMITS.name)}, host
        ${code(q.host, LIMITS.name)}
      </div>`,
    headers(q.headers),
    html`<div class="muted">
        ${q.bodyBytes} bytes${q.bodyTruncated ? ' (truncated at capture)' : ''}
      </div>
      ${q.bodyExcerpt === '' ? '' : excerpt(q.bodyExcerpt)}`,
  ]);
  return table(['time', 'phase', 'tool', 'request', 'headers', 'body'], rows, 'HTTP requests');
}

/** TLS handshakes that failed (for example clients that refused the run's CA). */
function tlsTable(r: Report, ctx: RenderContext): SafeHtml {
  const rows = r.network.tlsFailures.map((f) => [
    rel(f.t, ctx),
    f.phase,
    attribution(f),
    code(endpoint(f.dstIp, f.dstPort), LIMITS.name),
    code(f.sni, LIMITS.name),
    text(f.cause, LIMITS.cell),
  ]);
  return table(['time', 'phase', 'tool', 'destination', 'SNI', 'cause'], rows, 'TLS failures');
}

/** Messages handed to the fake SMTP server: envelope, auth user and the message itself. */
function smtpTable(r: Report, ctx: RenderContext): SafeHtml {
  const rows = r.network.smtp.map((m) => [
    rel(m.t, ctx),
    m.phase,
    attribution(m),
    code(endpoint(m.dstIp, m.dstPort), LIMITS.name),
    html`<div>from ${code(m.mailFrom, LIMITS.name)}</div>
      <div>to ${code(m.rcptTo.join(', '), 2_000)}</div>
      ${m.authUser ? html`<div>auth ${code(m.authUser, LIMITS.name)}</div>` : ''}`,
    html`<div class="muted">
        ${m.bytes}
        bytes${m.truncated ? ' (truncated at capture)' : ''}${m.aborted ? ', not completed' : ''}
      </div>
      ${m.dataExcerpt === '' ? '' : excerpt(m.dataExcerpt)}`,
  ]);
  return table(['time', 'phase', 'tool', 'server', 'envelope', 'message'], rows, 'SMTP messages');
}

/** All network observations. */
export function networkSection(r: Report, ctx: RenderContext): SafeHtml {
  const n = r.network;
  return html`<section id="network">
    <h2>Network</h2>
    <h3>DNS queries (${n.dns.length})</h3>
    ${dnsTable(r, ctx)}
    <h3>Connections (${n.connections.length})</h3>
    ${connectionsTable(r, ctx)}
    <h3>HTTP requests (${n.http.length})</h3>
    ${httpTable(r, ctx)}
    <h3>TLS failures (${n.tlsFailures.length})</h3>
    ${tlsTable(r, ctx)}
    <h3>Mail (${n.smtp.length})</h3>
    ${smtpTable(r, ctx)}
  </section>`;
}

/** Phase windows, call windows and step timings. */
export function timelineSection(r: Report, ctx: RenderContext): SafeHtml {
  const phases = r.timeline.phases.map((p) => [
    p.phase,
    rel(p.start, ctx),
    rel(p.end, ctx),
    ms(p.end - p.start),
  ]);
  const calls = r.timeline.calls.map((c) => [
    code(c.id, 60),
    code(c.tool, LIMITS.name),
    rel(c.start, ctx),
    ms(c.end - c.start),
  ]);
  const timings = Object.entries(r.timings).map(([k, v]) => [text(k, 100), ms(v)]);
  return html`<section id="timeline">
    <h2>Timeline</h2>
    ${table(['phase', 'start', 'end', 'duration'], phases, 'phases')}
    ${details(`${calls.length} call windows`, table(['call', 'tool', 'start', 'duration'], calls, 'calls'))}
    <h3>Step timings</h3>
    ${table(['step', 'wall time'], timings, 'timings')}
  </section>`;
}

/** Free-form notes from the pipeline. */
export function notesSection(r: Report): SafeHtml {
  const { items, omitted } = capped(r.notes, LIMITS.rows);
  const body =
    items.length === 0
      ? html`<p class="empty">None.</p>`
      : html`<ul>
          ${items.map((n) => html`<li>${shown(n, 2_000)}</li>`)}
        </ul>`;
  return html`<section id="notes">
    <h2>Notes</h2>
    ${body}${omittedNote(omitted, 'notes')}
    <p class="muted">
      Times are relative to the start of the first phase. Everything shown was produced by the
      package under test; invisible characters appear as highlighted
      ${html`<span class="inv">\\u{XXXX}</span>`} markers, and long text is clipped. Texts quoted by
      the metadata rules were revealed by the rule itself: ⟦ZWSP⟧, ⟦RLO⟧ or ⟦tags: …⟧ stand for the
      invisible characters it found.
    </p>
  </section>`;
}
