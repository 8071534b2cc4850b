import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import type { ExfilObservation, Timeline } from '../domain/types.js';
import type { Canary } from './match-canaries.js';
import { scanChannels, type ToolResultText } from './scan-channels.js';

// install 1000-1999, startup 2000-2999, enumerate 3000-3999, exercise 4000-9000;
// calls c1 (send_mail) 4100-4500, c2 (lookup) 5000-5200.
const TIMELINE: Timeline = {
  phases: [
    { phase: 'install', start: 1000, end: 1999 },
    { phase: 'startup', start: 2000, end: 2999 },
    { phase: 'enumerate', start: 3000, end: 3999 },
    { phase: 'exercise', start: 4000, end: 9000 },
  ],
  calls: [
    { id: 'c1', tool: 'send_mail', start: 4100, end: 4500 },
    { id: 'c2', tool: 'lookup', start: 5000, end: 5200 },
  ],
};

const TOKEN = 'ghp_Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7j';
const AWS = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GH: Canary = { id: 'env:GITHUB_TOKEN', origin: 'env:GITHUB_TOKEN', value: TOKEN };
const AWS_C: Canary = {
  id: 'env:AWS_SECRET_ACCESS_KEY',
  origin: 'env:AWS_SECRET_ACCESS_KEY',
  value: AWS,
};
const CANARIES = [GH, AWS_C];

const HOST = 'collect.evil.example';
const IP = '203.0.113.9';
const b64 = (x: string | Buffer): string => Buffer.from(x).toString('base64');
const hex = (x: string): string => Buffer.from(x).toString('hex');

const dns = (t: number, name: string, answers: string[] = [], qtype = 'A'): NetsimEvent => ({
  type: 'dns',
  t,
  transport: 'udp',
  srcPort: 53000,
  name,
  qtype,
  answers,
});

const open = (t: number, flow: number, dstIp = IP, dstPort = 443): NetsimEvent => ({
  type: 'tcp-open',
  t,
  flow,
  family: dstIp.includes(':') ? 6 : 4,
  srcPort: 40000 + flow,
  dstIp,
  dstPort,
});

const http = (
  t: number,
  flow: number,
  url: string,
  headers: Record<string, string> = {},
  body: string | Buffer = '',
): NetsimEvent => ({
  type: 'http',
  t,
  flow,
  method: body.length > 0 ? 'POST' : 'GET',
  url,
  headers: { host: new URL(url).host, ...headers },
  bodyBytes: Buffer.byteLength(body),
  body: b64(body),
  truncated: false,
});

const smtp = (
  t: number,
  flow: number,
  over: Partial<Extract<NetsimEvent, { type: 'smtp' }>> = {},
): NetsimEvent => ({
  type: 'smtp',
  t,
  flow,
  mailFrom: 'ops@corp.example',
  rcptTo: ['customer@shop.example'],
  data: b64('Subject: hello\r\n\r\nnothing here\r\n'),
  bytes: 30,
  truncated: false,
  ...over,
});

/** A lookup of HOST answered with IP, and a flow to it. */
const resolved = (t: number, flow: number, port = 443): NetsimEvent[] => [
  dns(t - 5, HOST, [IP]),
  open(t - 2, flow, IP, port),
];

const scan = (events: NetsimEvent[], results: ToolResultText[] = [], canaries = CANARIES) =>
  scanChannels(events, canaries, results, TIMELINE);

describe('scanChannels: one canary on each channel', () => {
  const json = JSON.stringify({ env: { GITHUB_TOKEN: TOKEN }, host: 'dev' });
  const split = `${hex(TOKEN).slice(0, 40)}.${hex(TOKEN).slice(40)}.${HOST}`;

  it.each<[string, NetsimEvent[], Partial<ExfilObservation>]>([
    [
      'an HTTP header',
      [...resolved(4200, 1), http(4200, 1, `https://${HOST}/p`, { 'x-token': TOKEN })],
      { channel: 'http', where: 'header:x-token', chain: [], host: HOST, ip: IP, port: 443 },
    ],
    [
      'an HTTP URL query',
      [...resolved(4200, 1), http(4200, 1, `https://${HOST}/p?t=${TOKEN}`)],
      { channel: 'http', where: 'url', chain: [], host: HOST },
    ],
    [
      'an HTTP URL query, base64 and percent-encoded',
      [...resolved(4200, 1), http(4200, 1, `https://${HOST}/p?d=${encodeURIComponent(b64(json))}`)],
      { channel: 'http', where: 'url', chain: expect.arrayContaining(['base64']) as string[] },
    ],
    [
      'a gzip+base64 JSON body',
      [...resolved(4200, 1), http(4200, 1, `https://${HOST}/up`, {}, b64(gzipSync(json)))],
      { channel: 'http', where: 'body', chain: ['base64', 'gzip'] },
    ],
    [
      'a content-encoding: gzip body',
      [
        ...resolved(4200, 1),
        http(4200, 1, `https://${HOST}/up`, { 'content-encoding': 'gzip' }, gzipSync(json)),
      ],
      { channel: 'http', where: 'body', chain: ['gzip'] },
    ],
    [
      'a raw TCP stream (tcp-close captured)',
      [
        ...resolved(4200, 1, 4444),
        {
          type: 'tcp-close',
          t: 4300,
          flow: 1,
          bytes: 60,
          kind: 'raw',
          captured: b64(`K ${TOKEN}\n`),
        },
      ],
      { channel: 'tcp', where: 'stream', chain: [], host: HOST, ip: IP, port: 4444, t: 4300 },
    ],
    [
      'a raw TCP first chunk of a stream still open',
      [
        ...resolved(4200, 1, 4444),
        { type: 'tcp-data', t: 4201, flow: 1, kind: 'raw', first: b64(TOKEN) },
      ],
      { channel: 'tcp', where: 'stream', port: 4444 },
    ],
    [
      'a UDP datagram',
      [
        dns(4195, HOST, [IP]),
        {
          type: 'udp',
          t: 4200,
          family: 4,
          srcPort: 41000,
          dstIp: IP,
          dstPort: 9999,
          bytes: 60,
          first: b64(`v=1&k=${b64(TOKEN)}`),
        },
      ],
      { channel: 'udp', where: 'datagram', chain: ['base64'], host: HOST, ip: IP, port: 9999 },
    ],
    [
      'one DNS name (hex split over two labels)',
      [dns(4200, split)],
      { channel: 'dns', where: 'name', chain: ['hex'], host: split },
    ],
    [
      'SMTP AUTH PLAIN',
      [...resolved(4200, 1, 587), smtp(4200, 1, { auth: b64(`\0dev\0${TOKEN}`) })],
      { channel: 'smtp', where: 'auth', chain: [], host: HOST, ip: IP, port: 587 },
    ],
    [
      'an SMTP message',
      [
        ...resolved(4200, 1, 25),
        smtp(4200, 1, { data: b64(`Subject: report\r\n\r\ntoken=${TOKEN}\r\n`) }),
      ],
      { channel: 'smtp', where: 'message', chain: [], port: 25 },
    ],
    [
      'an SMTP envelope',
      [...resolved(4200, 1, 25), smtp(4200, 1, { rcptTo: [`${TOKEN}@drop.example`] })],
      { channel: 'smtp', where: 'envelope', chain: [] },
    ],
  ])('finds it in %s', (_name, events, expected) => {
    const out = scan(events);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      canaryId: 'env:GITHUB_TOKEN',
      origin: 'env:GITHUB_TOKEN',
      phase: 'exercise',
      callId: 'c1',
      tool: 'send_mail',
      ...expected,
    });
  });

  it('finds it in a tool result, charged to that call', () => {
    const out = scan(
      [],
      [{ callId: 'c2', tool: 'lookup', t: 5100, text: `{"config":{"token":"${TOKEN}"}}` }],
    );
    expect(out).toEqual([
      {
        phase: 'exercise',
        callId: 'c2',
        tool: 'lookup',
        t: 5100,
        canaryId: 'env:GITHUB_TOKEN',
        origin: 'env:GITHUB_TOKEN',
        channel: 'tool-result',
        where: 'result',
        chain: [],
        excerpt: `{"config":{"token":"${TOKEN}"}}`,
      },
    ]);
  });

  it('reports each canary of a message once, in canary order', () => {
    const body = JSON.stringify({ a: AWS, g: TOKEN });
    const out = scan([...resolved(4200, 1), http(4200, 1, `https://${HOST}/up`, {}, body)]);
    expect(out.map((o) => o.canaryId)).toEqual(['env:GITHUB_TOKEN', 'env:AWS_SECRET_ACCESS_KEY']);
  });

  it('reports a leak on several channels once per channel and place', () => {
    const out = scan([
      ...resolved(4200, 1),
      http(4200, 1, `https://${HOST}/p?t=${TOKEN}`, { authorization: `token ${TOKEN}` }, TOKEN),
    ]);
    expect(out.map((o) => o.where)).toEqual(['url', 'header:authorization', 'body']);
  });

  it('reports a raw stream once when both its first chunk and its capture hold the canary', () => {
    const out = scan([
      ...resolved(4200, 1, 4444),
      { type: 'tcp-data', t: 4201, flow: 1, kind: 'raw', first: b64(`K ${TOKEN}`) },
      { type: 'tcp-close', t: 5100, flow: 1, bytes: 42, kind: 'raw', captured: b64(`K ${TOKEN}`) },
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ channel: 'tcp', t: 4201, callId: 'c1' });
  });
});

describe('scanChannels: destinations', () => {
  it('uses the Host header without its port', () => {
    const out = scan([
      ...resolved(4200, 1, 8443),
      http(4200, 1, `https://${HOST}:8443/p`, { 'x-token': TOKEN }),
    ]);
    expect(out[0]).toMatchObject({ host: HOST, ip: IP, port: 8443 });
  });

  it('names a raw IPv6 flow by its address only, whatever Host header it sent', () => {
    const out = scan([
      open(4199, 2, '2001:db8::5', 8080),
      http(4200, 2, `http://[2001:db8::5]:8080/p?t=${TOKEN}`),
    ]);
    expect(out[0]).toMatchObject({ ip: '2001:db8::5', port: 8080 });
    expect(out[0]).not.toHaveProperty('host');
  });

  it('names the destination by the name looked up, never by a forged Host header', () => {
    const e = http(4200, 1, `https://${HOST}/p?t=${TOKEN}`) as Extract<
      NetsimEvent,
      { type: 'http' }
    >;
    const out = scan([...resolved(4200, 1), { ...e, headers: { host: 'api.allowed.example' } }]);
    expect(out[0]?.host).toBe(HOST);
  });

  it('a request on a flow nobody looked up has no host, whatever its URL says', () => {
    const out = scan([
      open(4199, 4, '198.51.100.4', 443),
      http(4200, 4, `https://api.allowed.example/p?t=${TOKEN}`, { host: 'api.allowed.example' }),
    ]);
    expect(out[0]).toMatchObject({ ip: '198.51.100.4' });
    expect(out[0]).not.toHaveProperty('host');
  });

  it('has only the IP for a raw flow nobody looked up', () => {
    const out = scan([
      open(4200, 7, '198.51.100.77', 31337),
      { type: 'tcp-close', t: 4300, flow: 7, bytes: 40, kind: 'raw', captured: b64(TOKEN) },
    ]);
    expect(out[0]).toMatchObject({ ip: '198.51.100.77', port: 31337 });
    expect(out[0]).not.toHaveProperty('host');
  });

  it('names an IPv6 flow from an AAAA answer', () => {
    const out = scan([
      dns(4190, 'v6.evil.example', ['2001:db8::77'], 'AAAA'),
      open(4195, 3, '2001:db8::77', 7000),
      { type: 'tcp-close', t: 4300, flow: 3, bytes: 40, kind: 'raw', captured: b64(TOKEN) },
    ]);
    expect(out[0]).toMatchObject({ host: 'v6.evil.example', ip: '2001:db8::77', port: 7000 });
  });

  it('has no destination for an SMTP message on an unknown flow', () => {
    const out = scan([smtp(4200, 99, { auth: b64(`\0dev\0${TOKEN}`) })]);
    expect(out[0]).toMatchObject({ channel: 'smtp', where: 'auth' });
    expect(out[0]).not.toHaveProperty('ip');
  });
});

describe('scanChannels: DNS payload over several queries', () => {
  const h = hex(TOKEN);
  const parts = [h.slice(0, 30), h.slice(30, 60), h.slice(60)];

  it('reassembles hex labels in query order, charged to the first query', () => {
    const events = [
      dns(1500, `${parts[0]}.exfil.example`),
      dns(1501, `${parts[0]}.exfil.example`, [], 'AAAA'),
      dns(4200, `${parts[1]}.exfil.example`),
      dns(5100, `${parts[2]}.exfil.example`),
      dns(5150, 'www.unrelated.example', ['198.51.100.1']),
    ];
    const out = scan(events);
    expect(out).toEqual([
      {
        phase: 'install',
        t: 1500,
        canaryId: 'env:GITHUB_TOKEN',
        origin: 'env:GITHUB_TOKEN',
        channel: 'dns',
        where: 'labels of 4 queries under exfil.example',
        chain: ['hex'],
        host: 'exfil.example',
        excerpt: h,
      },
    ]);
  });

  it('does not repeat a canary already seen whole in one name', () => {
    const whole = `${h.slice(0, 40)}.${h.slice(40)}.exfil.example`;
    const out = scan([dns(4200, whole), dns(4300, `${parts[0]}.exfil.example`)]);
    expect(out.map((o) => o.where)).toEqual(['name']);
  });

  it('ignores a parent with one query or a short payload', () => {
    expect(scan([dns(4200, `${parts[0]}.exfil.example`)])).toEqual([]);
    expect(scan([dns(4200, 'a.exfil.example'), dns(4201, 'b.exfil.example')])).toEqual([]);
  });
});

describe('scanChannels: no hits', () => {
  it('returns nothing without canaries', () => {
    expect(
      scan([...resolved(4200, 1), http(4200, 1, `https://${HOST}/?t=${TOKEN}`)], [], []),
    ).toEqual([]);
  });

  it('returns nothing for clean traffic', () => {
    const out = scan(
      [
        ...resolved(4200, 1),
        http(
          4200,
          1,
          `https://${HOST}/v1/search?q=weather`,
          { accept: 'application/json' },
          '{"q":1}',
        ),
        { type: 'tcp-close', t: 4300, flow: 1, bytes: 0, kind: 'http' },
        smtp(4400, 1),
        { type: 'note', t: 4401, message: `log ${TOKEN}` },
        { type: 'ready', t: 4402 },
      ],
      [{ callId: 'c1', tool: 'send_mail', t: 4450, text: 'sent' }],
    );
    expect(out).toEqual([]);
  });

  it('ignores the first chunk of HTTP and TLS streams (the interceptor records those)', () => {
    const out = scan([
      ...resolved(4200, 1),
      {
        type: 'tcp-data',
        t: 4201,
        flow: 1,
        kind: 'http',
        first: b64(`GET /?t=${TOKEN} HTTP/1.1\r\n`),
      },
    ]);
    expect(out).toEqual([]);
  });

  it('bounds the excerpt', () => {
    const body = `${'x'.repeat(5000)}${TOKEN}`;
    const out = scan([
      open(4200, 1),
      { type: 'tcp-close', t: 4300, flow: 1, bytes: body.length, kind: 'raw', captured: b64(body) },
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]?.excerpt.length).toBeLessThanOrEqual(600);
  });
});
