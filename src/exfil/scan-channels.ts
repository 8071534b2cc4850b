// Looks for canaries on every channel the sandbox recorded: HTTP URLs, headers and bodies
// (after content-encoding), raw TCP and UDP payloads, DNS names (each one, and the labels of all
// queries under one parent domain reassembled in order), SMTP envelopes and messages, and tool
// results handed back to the model. Pure: events, canaries and results in; observations out.
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import type { ExfilChannel, ExfilObservation, Timeline } from '../domain/types.js';
import { attribute } from '../observe/attribute.js';
import { printableExcerpt } from '../observe/excerpt.js';
import { namesByIp } from '../observe/lookup-names.js';
import { type Canary, findCanaries, parentDomain, reassembleDnsPayload } from './match-canaries.js';

export interface ToolResultText {
  callId: string;
  tool: string;
  t: number;
  text: string;
}

interface Target {
  host?: string;
  ip?: string;
  port?: number;
}

const b64 = (s: unknown) => (typeof s === 'string' ? Buffer.from(s, 'base64') : Buffer.alloc(0));

export function scanChannels(
  events: readonly NetsimEvent[],
  canaries: readonly Canary[],
  results: readonly ToolResultText[],
  timeline: Timeline,
): ExfilObservation[] {
  const out: ExfilObservation[] = [];
  if (canaries.length === 0) return out;
  // A destination is named by what the package looked up (the address says which name), never
  // by the Host header or SNI it wrote itself: those decide nothing about the allowlist.
  const names = namesByIp(events);
  const lookedUp = (ip: string) => names.get(ip)?.[0];
  const flows = new Map<number, Target>();
  for (const e of events) {
    if (e.type === 'tcp-open') {
      const host = lookedUp(e.dstIp);
      flows.set(e.flow, { ip: e.dstIp, port: e.dstPort, ...(host ? { host } : {}) });
    }
  }
  const add = (
    t: number,
    channel: ExfilChannel,
    where: string,
    target: Target,
    input: Buffer | string,
    excerpt: string,
    contentEncoding?: string,
  ) => {
    for (const hit of findCanaries(input, canaries, contentEncoding ? { contentEncoding } : {})) {
      out.push({
        ...attribute(t, timeline),
        t,
        canaryId: hit.canaryId,
        origin: hit.origin,
        channel,
        where,
        chain: hit.chain,
        ...target,
        excerpt: excerpt.slice(0, 600),
      });
    }
  };

  const tcpSeen = new Set<string>();
  for (const e of events) {
    const record = e as unknown as Record<string, unknown>;
    if (e.type === 'http') {
      const target = flows.get(e.flow) ?? {};
      const line = `${e.method} ${e.url}`;
      add(e.t, 'http', 'url', target, e.url, line);
      for (const [k, v] of Object.entries(e.headers))
        add(e.t, 'http', `header:${k}`, target, v, `${line}\n${k}: ${v}`);
      const body = b64(e.body);
      if (body.length > 0)
        add(
          e.t,
          'http',
          'body',
          target,
          body,
          `${line}\n\n${printableExcerpt(body, 400)}`,
          e.headers['content-encoding'],
        );
    } else if (e.type === 'ws') {
      const data = b64(e.data);
      const target = flows.get(e.flow) ?? {};
      add(e.t, 'http', 'websocket message', target, data, printableExcerpt(data, 400));
    } else if (e.type === 'tcp-data' || e.type === 'tcp-close') {
      const data = b64(
        record['captured'] ?? (e.type === 'tcp-data' && e.kind === 'raw' ? e.first : undefined),
      );
      if (data.length > 0) {
        // The first chunk (tcp-data) and the capture (tcp-close) overlap: one hit per flow.
        const before = out.length;
        add(e.t, 'tcp', 'stream', flows.get(e.flow) ?? {}, data, printableExcerpt(data, 400));
        const fresh = out.splice(before).filter((o) => !tcpSeen.has(`${e.flow}|${o.canaryId}`));
        for (const o of fresh) tcpSeen.add(`${e.flow}|${o.canaryId}`);
        out.push(...fresh);
      }
    } else if (e.type === 'udp') {
      const data = b64(e.first);
      const host = lookedUp(e.dstIp);
      const target: Target = { ip: e.dstIp, port: e.dstPort, ...(host ? { host } : {}) };
      add(e.t, 'udp', 'datagram', target, data, printableExcerpt(data, 400));
    } else if (e.type === 'dns') {
      const target = { host: e.name, ...(e.dstIp ? { ip: e.dstIp, port: e.dstPort ?? 53 } : {}) };
      const before = out.length;
      add(e.t, 'dns', 'name', target, e.name, `${e.qtype} ${e.name}`);
      // The whole message too (EDNS options, odd flags), for what the name did not carry.
      const raw = b64(e.raw);
      if (raw.length > 0) {
        const inName = new Set(out.slice(before).map((o) => o.canaryId));
        const at = out.length;
        add(e.t, 'dns', 'query bytes', target, raw, `${e.qtype} ${e.name}`);
        const extra = out.splice(at).filter((o) => !inName.has(o.canaryId));
        out.push(...extra);
      }
    } else if ((e as { type: string }).type === 'smtp') {
      const envelope = `MAIL FROM:${String(record['mailFrom'] ?? '')} RCPT TO:${(record['rcptTo'] as unknown[] | undefined)?.join(',') ?? ''}`;
      const target = flows.get(Number(record['flow'])) ?? {};
      add(e.t, 'smtp', 'envelope', target, envelope, envelope);
      if (typeof record['auth'] === 'string')
        add(e.t, 'smtp', 'auth', target, b64(record['auth']), 'AUTH');
      const data = b64(record['data']);
      add(e.t, 'smtp', 'message', target, data, `${envelope}\n\n${printableExcerpt(data, 400)}`);
    }
  }

  // DNS names reassembled per parent domain: payloads split across labels and queries.
  const byParent = new Map<string, { t: number; names: string[] }>();
  for (const e of events) {
    if (e.type !== 'dns') continue;
    const parent = parentDomain(e.name);
    const g = byParent.get(parent) ?? { t: e.t, names: [] };
    g.names.push(e.name);
    byParent.set(parent, g);
  }
  const seenDirect = new Set(out.filter((o) => o.channel === 'dns').map((o) => o.canaryId));
  for (const [parent, g] of byParent) {
    if (g.names.length < 2) continue;
    const payload = reassembleDnsPayload(g.names, parent);
    if (payload.length < 12) continue;
    for (const hit of findCanaries(payload, canaries)) {
      if (seenDirect.has(hit.canaryId)) continue;
      out.push({
        ...attribute(g.t, timeline),
        t: g.t,
        canaryId: hit.canaryId,
        origin: hit.origin,
        channel: 'dns',
        where: `labels of ${g.names.length} queries under ${parent}`,
        chain: hit.chain,
        host: parent,
        excerpt: payload.slice(0, 600),
      });
    }
  }

  for (const r of results) {
    for (const hit of findCanaries(r.text, canaries)) {
      out.push({
        phase: 'exercise',
        callId: r.callId,
        tool: r.tool,
        t: r.t,
        canaryId: hit.canaryId,
        origin: hit.origin,
        channel: 'tool-result',
        where: 'result',
        chain: hit.chain,
        excerpt: r.text.slice(0, 600),
      });
    }
  }
  return out;
}
