// The HTTP and HTTPS interceptor (mockttp) on a loopback port behind the demux. It terminates
// TLS with certificates signed by the run's CA, records method, URL, headers and body, and
// answers through responders.ts (a Postmark-like email API, `{}` for .json, a tiny HTML page,
// else 200 with generic JSON). It never proxies: no rule forwards anywhere. A compressed
// request body is not decoded for the responder (no decompression bombs); it gets the answer
// an unparsable body gets.
// Limits: clients that pin certificates or refuse the CA fail the handshake (recorded with the
// SNI); HTTPS to a bare IP gets a certificate without that IP and usually fails the same way.
import { readFileSync } from 'node:fs';
import * as mockttp from 'mockttp';
import type { NetsimConfig } from './config.js';
import type { EventLog } from './event-log.js';
import { respond } from './responders.js';
import type { FlowRegistry } from './tcp-demux.js';

/** The request body as text for the responder, or '' when it is content-encoded. */
function bodyText(req: mockttp.CompletedRequest): string {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') return '';
  return req.body.buffer.toString('utf8');
}

/** Flatten headers to single strings, bounded in count and size. */
function flatHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers).slice(0, 100)) {
    if (v === undefined) continue;
    out[k.slice(0, 200)] = (Array.isArray(v) ? v.join(', ') : v).slice(0, 4096);
  }
  return out;
}

/** Start mockttp on the loopback port and log every request and TLS failure. */
/** Messages kept per WebSocket stream. */
const MAX_WS_MESSAGES = 1000;

export async function startInterceptor(
  config: NetsimConfig,
  events: EventLog,
  flows: FlowRegistry,
) {
  const server = mockttp.getLocal({
    https: {
      key: readFileSync(config.caKeyPath, 'utf8'),
      cert: readFileSync(config.caCertPath, 'utf8'),
    },
    http2: 'fallback',
    recordTraffic: false,
    maxBodySize: config.limits.streamBytes,
  });
  await server.forAnyRequest().thenCallback((req) => {
    const r = respond(req.method, req.path, req.headers, bodyText(req));
    return { statusCode: r.status, headers: r.headers, body: r.body };
  });
  // WebSockets are accepted and listened to (C2 channels use them); nothing is sent back.
  await server.forAnyWebSocket().thenPassivelyListen();
  const flowOf = (port: number | undefined) =>
    port === undefined ? 0 : (flows.flowForLoopbackPort(port) ?? 0);
  const wsFlows = new Map<string, { flow: number; count: number }>();
  await server.on('websocket-request', (req) => {
    const flow = flowOf(req.remotePort);
    if (wsFlows.size < 10_000) wsFlows.set(req.id, { flow, count: 0 });
    events.write({
      type: 'http',
      t: Date.now(),
      flow,
      method: req.method.slice(0, 32),
      url: req.url.slice(0, 8192),
      headers: flatHeaders(req.headers),
      bodyBytes: 0,
      body: '',
      truncated: false,
    });
  });
  await server.on('websocket-message-received', (msg) => {
    const stream = wsFlows.get(msg.streamId);
    if (!stream) return events.cap('websocket-streams', 10_000);
    if (stream.count >= MAX_WS_MESSAGES)
      return events.cap('websocket-messages-per-stream', MAX_WS_MESSAGES, `flow ${stream.flow}`);
    stream.count += 1;
    const data = Buffer.from(msg.content);
    if (data.length > config.limits.httpBody)
      events.cap('websocket-message-bytes', config.limits.httpBody, `flow ${stream.flow}`);
    events.write({
      type: 'ws',
      t: Date.now(),
      flow: stream.flow,
      bytes: data.length,
      data: data.subarray(0, config.limits.httpBody).toString('base64'),
    });
  });
  await server.on('request', (req) => {
    const body = req.body.buffer;
    if (body.length > config.limits.httpBody)
      events.cap(
        'http-body',
        config.limits.httpBody,
        `${req.method.slice(0, 16)} ${req.url.slice(0, 200)}`,
      );
    events.write({
      type: 'http',
      t: Date.now(),
      flow: flowOf(req.remotePort),
      method: req.method.slice(0, 32),
      url: req.url.slice(0, 8192),
      headers: flatHeaders(req.headers),
      bodyBytes: body.length,
      body: body.subarray(0, config.limits.httpBody).toString('base64'),
      truncated: body.length > config.limits.httpBody,
    });
  });
  await server.on('tls-client-error', (failure) => {
    events.write({
      type: 'tls-error',
      t: Date.now(),
      flow: flowOf(failure.remotePort),
      sni: (failure.tlsMetadata.sniHostname ?? '').slice(0, 255),
      cause: failure.failureCause,
    });
  });
  await server.start(config.httpPort);
  return server;
}
