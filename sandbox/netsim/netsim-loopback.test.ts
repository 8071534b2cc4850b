// netsim's TCP side on the host's loopback, without Docker: the demux (with a stubbed conntrack
// lookup), the interceptor and the SMTPS server, driven by local clients that send only
// harmless test data to 127.0.0.1. Checks the wiring the pure tests cannot: SMTP spoken first on
// the mail ports, SMTP inside implicit TLS on 465, the raw capture on tcp-close, and the
// Postmark responder behind mockttp.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { generateCACertificate, type Mockttp } from 'mockttp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNetsimEvents } from '../../src/observe/netsim-events.js';
import { DEFAULT_NETSIM_CONFIG, type NetsimConfig } from './config.js';
import type { OriginalDst } from './conntrack.js';
import { openEventLog } from './event-log.js';
import type { NetsimEvent } from './events.js';
import { startInterceptor } from './http-intercept.js';
import { startSmtps } from './smtp-server.js';
import { makeFlowIds } from './flow-ids.js';
import { startTcpDemux } from './tcp-demux.js';

const base = 20000 + Math.floor(Math.random() * 20000);
let dir: string;
let config: NetsimConfig;
let caCert: string;
let interceptor: Mockttp;
let smtps: tls.Server;
/** Original destinations the stub conntrack reports, in connection order (tests are serial). */
const nextDst: OriginalDst[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netsim-loopback-'));
  const ca = await generateCACertificate({ subject: { commonName: 'Test CA' }, bits: 2048 });
  caCert = ca.cert;
  writeFileSync(join(dir, 'ca.key'), ca.key);
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  config = {
    ...DEFAULT_NETSIM_CONFIG,
    tcpPort: base,
    httpPort: base + 1,
    smtpsPort: base + 2,
    caKeyPath: join(dir, 'ca.key'),
    caCertPath: join(dir, 'ca.pem'),
    eventLogPath: join(dir, 'events.jsonl'),
    limits: { ...DEFAULT_NETSIM_CONFIG.limits, peekMs: 300 },
  };
  const events = openEventLog(config.eventLogPath, 1000);
  const flows = await startTcpDemux(
    config,
    events,
    () => Promise.resolve(nextDst.shift()),
    makeFlowIds(),
  );
  interceptor = await startInterceptor(config, events, flows);
  smtps = await startSmtps(config, events, flows);
}, 30_000);

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 300)); // let closing flows write their last events
  await interceptor?.stop();
  smtps?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Connect to the demux as if to dstIp:dstPort. */
function connectAs(dstIp: string, dstPort: number): Promise<net.Socket> {
  nextDst.push({ family: 4, dstIp, dstPort });
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: config.tcpPort });
    s.on('error', reject);
    s.on('connect', () => resolve(s));
  });
}

/** Drive an SMTP dialog: wait for each expected reply code before sending the next line. */
async function dialog(sock: net.Socket | tls.TLSSocket, steps: [string | null, RegExp][]) {
  let buf = '';
  sock.on('data', (d: Buffer) => (buf += d.toString()));
  for (const [line, expected] of steps) {
    if (line !== null) sock.write(line);
    const start = Date.now();
    while (!expected.test(buf)) {
      if (Date.now() - start > 5000) throw new Error(`waited for ${expected}; got ${buf}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    buf = '';
  }
}

/** Events in the log so far. */
const logged = (): NetsimEvent[] =>
  parseNetsimEvents(readFileSync(config.eventLogPath, 'utf8')).events;

/** Wait until the log holds an event matching `pred`. */
async function waitFor(pred: (e: NetsimEvent) => boolean): Promise<NetsimEvent> {
  for (let i = 0; i < 300; i += 1) {
    const hit = logged().find(pred);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('event not logged');
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('netsim on loopback', () => {
  it('speaks SMTP first on port 587 and logs the message and the capture', async () => {
    const s = await connectAs('198.51.100.25', 587);
    await dialog(s, [
      [null, /^220 mail\.example ESMTP\r\n$/],
      ['EHLO probe.example\r\n', /250 ENHANCEDSTATUSCODES\r\n$/],
      [`AUTH PLAIN ${b64('\0u@corp.example\0pw-canary')}\r\n`, /^235 /],
      ['MAIL FROM:<u@corp.example>\r\nRCPT TO:<a@victim.example>\r\n', /250 2\.1\.5 Ok\r\n$/],
      ['DATA\r\n', /^354 /],
      ['Subject: t\r\n\r\n..dot\r\n.\r\n', /^250 2\.0\.0 Ok/],
      ['QUIT\r\n', /^221 /],
    ]);
    const smtp = await waitFor((e) => e.type === 'smtp');
    expect(smtp).toMatchObject({
      mailFrom: 'u@corp.example',
      rcptTo: ['a@victim.example'],
      auth: b64('\0u@corp.example\0pw-canary'),
      data: b64('Subject: t\r\n\r\n.dot\r\n'),
      truncated: false,
    });
    const close = await waitFor(
      (e) => e.type === 'tcp-close' && 'flow' in e && e.flow === (smtp as { flow: number }).flow,
    );
    expect(close).toMatchObject({ kind: 'smtp' });
    expect(Buffer.from((close as { captured: string }).captured, 'base64').toString()).toContain(
      `AUTH PLAIN ${b64('\0u@corp.example\0pw-canary')}\r\n`,
    );
  });

  it('runs SMTP inside implicit TLS on port 465 with a certificate for the SNI', async () => {
    const raw = await connectAs('198.51.100.26', 465);
    const sock = tls.connect({ socket: raw, servername: 'smtp.corp.example', ca: caCert });
    await new Promise<void>((resolve, reject) => {
      sock.once('secureConnect', resolve);
      sock.once('error', reject);
    });
    expect(sock.authorized).toBe(true);
    expect(sock.getPeerCertificate().subject.CN).toBe('smtp.corp.example');
    await dialog(sock, [
      [null, /^220 /],
      ['HELO probe\r\nMAIL FROM:<x@corp.example>\r\nRCPT TO:<y@victim.example>\r\n', /2\.1\.5/],
      ['DATA\r\nhello over tls\r\n.\r\nQUIT\r\n', /221 /],
    ]);
    const smtp = await waitFor(
      (e) => e.type === 'smtp' && 'mailFrom' in e && e.mailFrom === 'x@corp.example',
    );
    expect(smtp).toMatchObject({ rcptTo: ['y@victim.example'], data: b64('hello over tls\r\n') });
    expect((smtp as { flow: number }).flow).toBeGreaterThan(0);
  });

  it('keeps the first 64 KiB of a raw stream on tcp-close', async () => {
    const s = await connectAs('203.0.113.9', 9999);
    const payload = Buffer.alloc(100_000, 'q');
    payload.write('RAWSTART', 0);
    await new Promise<void>((resolve) => s.end(payload, resolve));
    const close = await waitFor(
      (e) => e.type === 'tcp-close' && 'bytes' in e && e.bytes === 100_000,
    );
    const captured = Buffer.from((close as { captured: string }).captured, 'base64');
    expect(close).toMatchObject({ kind: 'raw' });
    expect(captured.length).toBe(65536);
    expect(captured.subarray(0, 8).toString()).toBe('RAWSTART');
  });

  it('answers a Postmark call through the interceptor', async () => {
    const s = await connectAs('198.51.100.80', 80);
    const body = JSON.stringify({ From: 'a@corp.example', To: 'b@victim.example' });
    const req =
      `POST /email HTTP/1.1\r\nHost: api.postmark.example\r\nContent-Type: application/json\r\n` +
      `X-Postmark-Server-Token: tok\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    let out = '';
    s.on('data', (d: Buffer) => (out += d.toString()));
    s.write(req);
    await new Promise((r) => s.on('close', r));
    const json = JSON.parse(out.slice(out.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(out).toMatch(/^HTTP\/1\.1 200/);
    expect(json).toMatchObject({ To: 'b@victim.example', ErrorCode: 0, Message: 'OK' });
    expect(json['MessageID']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
