// Runs the taint check (taint.ts) over every HTTP request and SMTP message the sandbox saw,
// with the arguments of the call each one is charged to and that tool's schema. Bodies are
// decoded (content-encoding) before values are extracted. A request's destination is the name
// the package looked up for its connection, never its Host header. Pure.
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import type { CallRecord, TaintObservation, Timeline } from '../domain/types.js';
import { attribute } from '../observe/attribute.js';
import { namesByIp } from '../observe/lookup-names.js';
import { decodedViews } from './decode.js';
import { valuesInRequest, valuesInText } from './extract-values.js';
import { stringsIn, unexplainedValues } from './taint.js';

export interface TaintContext {
  calls: readonly CallRecord[];
  envValues: readonly string[];
  /** Each tool's input schema (values found in it explain nothing). */
  schemas?: ReadonlyMap<string, unknown>;
}

/** The body as text, after the declared content-encoding (first decoded view that is text). */
function bodyText(body: Buffer, contentEncoding: string | undefined): string {
  if (!contentEncoding || contentEncoding === 'identity') return body.toString('utf8');
  const views = decodedViews(body, { contentEncoding, maxDepth: 1, maxViews: 4 });
  return (views.find((v) => v.chain.length > 0) ?? views[0])?.text ?? '';
}

export function scanTaint(
  events: readonly NetsimEvent[],
  timeline: Timeline,
  ctx: TaintContext,
): TaintObservation[] {
  const argsByCall = new Map(ctx.calls.map((c) => [c.id, stringsIn(c.arguments)]));
  const schemaText = new Map<string, string>();
  for (const [tool, schema] of ctx.schemas ?? [])
    schemaText.set(tool, (JSON.stringify(schema) ?? '').toLowerCase().slice(0, 1024 * 1024));
  const names = namesByIp(events);
  const flowIp = new Map<number, string>();
  for (const e of events) if (e.type === 'tcp-open') flowIp.set(e.flow, e.dstIp);
  const out: TaintObservation[] = [];
  for (const e of events) {
    const record = e as unknown as Record<string, unknown>;
    let host = '';
    let request = '';
    let values;
    if (e.type === 'http') {
      host = names.get(flowIp.get(e.flow) ?? '')?.[0] ?? '';
      const text = bodyText(Buffer.from(e.body, 'base64'), e.headers['content-encoding']);
      values = valuesInRequest(e.url, e.headers, text, e.headers['content-type'] ?? '');
      request = `${e.method} ${e.url}\n\n${text.slice(0, 1500)}`;
    } else if ((e as { type: string }).type === 'smtp') {
      const rcpt = (record['rcptTo'] as unknown[] | undefined)?.map(String) ?? [];
      // Message ids and trace headers carry generated addresses, not recipients.
      const data = Buffer.from(String(record['data'] ?? ''), 'base64')
        .toString('utf8')
        .split(/\r?\n/)
        .filter(
          (l) =>
            !/^(message-id|references|in-reply-to|received|x-mailer|date|dkim-signature):/i.test(l),
        )
        .join('\n');
      host = 'smtp';
      values = [
        ...valuesInText(String(record['mailFrom'] ?? ''), 'smtp:MAIL FROM'),
        ...rcpt.flatMap((r) => valuesInText(r, 'smtp:RCPT TO')),
        ...valuesInText(data.split(/\r?\n\r?\n/)[0] ?? '', 'smtp:headers'),
        ...valuesInText(data, 'smtp:message'),
      ];
      request = `MAIL FROM:${String(record['mailFrom'] ?? '')}\nRCPT TO:${rcpt.join(', ')}\n\n${data.slice(0, 1500)}`;
    } else continue;
    const at = attribute(e.t, timeline);
    const sources = {
      argStrings: at.callId ? (argsByCall.get(at.callId) ?? []) : [],
      ...(at.tool && schemaText.has(at.tool) ? { schemaText: schemaText.get(at.tool) } : {}),
      envValues: ctx.envValues,
    };
    for (const v of unexplainedValues(values, host, sources)) {
      out.push({
        ...at,
        t: e.t,
        kind: v.kind,
        value: v.value.slice(0, 500),
        field: v.field.slice(0, 200),
        channel: e.type === 'http' ? 'http' : 'smtp',
        host: host || (e.type === 'http' ? (flowIp.get(e.flow) ?? '') : host),
        request: request.slice(0, 2000),
      });
    }
  }
  return out;
}
