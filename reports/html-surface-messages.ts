// Part of the "MCP surface" section: what the server sent on its own. Notifications (counted by
// method, the first few with an excerpt), requests it made to us (roots, sampling, elicitation)
// with the answer we gave, and the texts the metadata rules judged. All server-written.
import type { MetadataText, SurfaceObservations } from '../src/domain/types.js';
import { html, type SafeHtml } from './html.js';
import {
  LIMITS,
  attribution,
  code,
  details,
  excerpt,
  rel,
  table,
  text,
  type RenderContext,
} from './html-parts.js';

/** Notification counts by method, most frequent first (ties by method name). */
function countsTable(counts: SurfaceObservations['notificationCounts']): SafeHtml {
  const entries = Object.entries(counts)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const rows = entries.map(([method, n]) => [code(method, LIMITS.name), n]);
  return table(['method', 'count'], rows, 'notification methods');
}

/** The notifications kept with an excerpt. */
function notificationsTable(s: SurfaceObservations, ctx: RenderContext): SafeHtml {
  const rows = s.notifications.map((n) => [
    rel(n.t, ctx),
    code(n.method, LIMITS.name),
    attribution({ ...(n.callId === undefined ? {} : { callId: n.callId }) }),
    excerpt(n.excerpt),
  ]);
  return table(['time', 'method', 'during call', 'excerpt'], rows, 'notifications');
}

/** Requests the server sent to the client and what we answered. */
function requestsTable(s: SurfaceObservations, ctx: RenderContext): SafeHtml {
  const rows = s.serverRequests.map((q) => [
    rel(q.t, ctx),
    code(q.method, LIMITS.name),
    attribution(q),
    excerpt(q.excerpt),
    excerpt(q.answer),
  ]);
  return table(['time', 'method', 'tool', 'request', 'our answer'], rows, 'server requests');
}

/** Where a judged text came from: source, owner and field. */
function origin(m: MetadataText): SafeHtml {
  const owner = m.owner === undefined ? '' : html` ${code(m.owner, LIMITS.name)}`;
  const field =
    m.field === undefined ? '' : html`<div class="muted">${code(m.field, LIMITS.name)}</div>`;
  return html`${text(m.source, 40)}${owner}${field}`;
}

/** Every text the metadata rules judged, folded (long, and mostly harmless). */
function metadataBlock(list: readonly MetadataText[]): SafeHtml {
  const rows = list.map((m) => [origin(m), m.phase, code(m.callId, 60), excerpt(m.text, 2_000)]);
  return details(
    `${list.length} texts judged by the metadata rules`,
    table(['from', 'phase', 'call', 'text'], rows, 'texts'),
  );
}

/** Notifications, server-to-client requests and the judged texts. */
export function messagesBlock(s: SurfaceObservations, ctx: RenderContext): SafeHtml {
  const total = Object.values(s.notificationCounts).reduce(
    (n, c) => n + (typeof c === 'number' ? c : 0),
    0,
  );
  return html`<h3>Notifications (${total})</h3>
    ${countsTable(s.notificationCounts)}
    <p class="muted">The first ${s.notifications.length} kept with an excerpt:</p>
    ${notificationsTable(s, ctx)}
    <h3>Requests from the server (${s.serverRequests.length})</h3>
    ${requestsTable(s, ctx)}
    <h3>Texts the server hands to the model (${s.metadata.length})</h3>
    ${metadataBlock(s.metadata)}`;
}
