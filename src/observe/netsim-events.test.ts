import { describe, expect, it } from 'vitest';
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import { parseNetsimEvents } from './netsim-events.js';

const VALID: NetsimEvent[] = [
  { type: 'ready', t: 1 },
  { type: 'note', t: 2, message: 'event limit reached' },
  {
    type: 'dns',
    t: 3,
    transport: 'udp',
    srcPort: 40000,
    name: 'api.svc.example',
    qtype: 'A',
    answers: ['198.51.100.7'],
  },
  {
    type: 'tcp-open',
    t: 4,
    flow: 1,
    family: 4,
    srcPort: 40001,
    dstIp: '203.0.113.7',
    dstPort: 4444,
  },
  { type: 'tcp-data', t: 5, flow: 1, kind: 'raw', first: Buffer.from('hi').toString('base64') },
  { type: 'tcp-close', t: 6, flow: 1, bytes: 2, kind: 'raw' },
  {
    type: 'udp',
    t: 7,
    family: 6,
    srcPort: 40002,
    dstIp: '2001:db8::9',
    dstPort: 5555,
    bytes: 3,
    first: Buffer.from('abc').toString('base64'),
  },
  {
    type: 'http',
    t: 8,
    flow: 2,
    method: 'POST',
    url: 'https://api.svc.example/v1',
    headers: { host: 'api.svc.example' },
    bodyBytes: 2,
    body: Buffer.from('{}').toString('base64'),
    truncated: false,
  },
  { type: 'tls-error', t: 9, flow: 3, sni: 'pinned.example', cause: 'cert-rejected' },
  {
    type: 'smtp',
    t: 10,
    flow: 4,
    mailFrom: 'bot@corp.example',
    rcptTo: ['a@victim.example', 'b@victim.example'],
    auth: Buffer.from('\0u\0p').toString('base64'),
    data: Buffer.from('Subject: x\r\n\r\nhi\r\n').toString('base64'),
    bytes: 19,
    truncated: false,
  },
  {
    type: 'tcp-close',
    t: 11,
    flow: 1,
    bytes: 2,
    kind: 'raw',
    captured: Buffer.from('hi').toString('base64'),
  },
  {
    type: 'smtp',
    t: 12,
    flow: 5,
    mailFrom: '',
    rcptTo: [],
    data: '',
    bytes: 0,
    truncated: false,
    aborted: true,
  },
];

const lines = (...items: unknown[]): string =>
  items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))).join('\n');

describe('parseNetsimEvents', () => {
  it.each(VALID.map((e) => [e.type, e] as [string, NetsimEvent]))('parses a %s event', (_t, e) => {
    expect(parseNetsimEvents(`${JSON.stringify(e)}\n`)).toEqual({ events: [e], skipped: 0 });
  });

  it('parses a whole log in order, ignoring blank lines', () => {
    const text = `${VALID.map((e) => JSON.stringify(e)).join('\n\n')}\n`;
    expect(parseNetsimEvents(text)).toEqual({ events: VALID, skipped: 0 });
  });

  it.each<[string, string]>([
    ['not JSON', 'hello'],
    ['truncated JSON', '{"type":"ready","t":'],
    ['JSON null', 'null'],
    ['JSON number', '42'],
    ['JSON string', '"ready"'],
    ['JSON array', '[{"type":"ready","t":1}]'],
    ['unknown type', lines({ type: 'exec', t: 1 })],
    ['type not a string', lines({ type: 7, t: 1 })],
    ['t missing', lines({ type: 'ready' })],
    ['t a string', lines({ type: 'ready', t: '1' })],
    ['flow a string', lines({ type: 'tcp-data', t: 1, flow: '1', kind: 'raw', first: '' })],
    ['srcPort a string', lines({ ...VALID[3], srcPort: '40001' })],
    ['dstPort null', lines({ ...VALID[3], dstPort: null })],
    ['family a string', lines({ ...VALID[3], family: '4' })],
    ['bytes a string', lines({ type: 'tcp-close', t: 1, flow: 1, bytes: '2', kind: 'raw' })],
    ['dstIp a number', lines({ ...VALID[3], dstIp: 3405803783 })],
    ['name an object', lines({ ...VALID[2], name: { x: 1 } })],
    ['first a number', lines({ ...VALID[4], first: 1 })],
    ['url an array', lines({ ...VALID[7], url: ['x'] })],
    ['method a number', lines({ ...VALID[7], method: 1 })],
    ['sni a number', lines({ ...VALID[8], sni: 1 })],
    ['cause a boolean', lines({ ...VALID[8], cause: true })],
    ['qtype a number', lines({ ...VALID[2], qtype: 1 })],
    ['dns without answers', lines({ ...VALID[2], answers: undefined })],
    ['dns answers not an array', lines({ ...VALID[2], answers: '198.51.100.7' })],
    ['http without headers', lines({ ...VALID[7], headers: undefined })],
    ['http headers null', lines({ ...VALID[7], headers: null })],
    ['bodyBytes a string', lines({ ...VALID[7], bodyBytes: '2' })],
    ['http truncated a string', lines({ ...VALID[7], truncated: 'no' })],
    ['captured a number', lines({ ...VALID[10], captured: 7 })],
    ['smtp without rcptTo', lines({ ...VALID[9], rcptTo: undefined })],
    ['smtp rcptTo a string', lines({ ...VALID[9], rcptTo: 'a@victim.example' })],
    ['smtp rcptTo holding a number', lines({ ...VALID[9], rcptTo: ['a@victim.example', 1] })],
    ['smtp mailFrom a number', lines({ ...VALID[9], mailFrom: 1 })],
    ['smtp without data', lines({ ...VALID[9], data: undefined })],
    ['smtp data an object', lines({ ...VALID[9], data: {} })],
    ['smtp auth a number', lines({ ...VALID[9], auth: 1 })],
    ['smtp without truncated', lines({ ...VALID[9], truncated: undefined })],
    ['smtp aborted a string', lines({ ...VALID[11], aborted: 'yes' })],
  ])('skips and counts: %s', (_name, line) => {
    expect(parseNetsimEvents(`${line}\n`)).toEqual({ events: [], skipped: 1 });
  });

  it('skips bad lines between good ones', () => {
    const text = lines(VALID[0], 'junk', VALID[1], { type: 'nope', t: 1 }, VALID[2]);
    const r = parseNetsimEvents(text);
    expect(r.events).toEqual([VALID[0], VALID[1], VALID[2]]);
    expect(r.skipped).toBe(2);
  });

  it('skips an oversize line without parsing it', () => {
    const big = JSON.stringify({ type: 'note', t: 1, message: 'x'.repeat(2100 * 1024) });
    const r = parseNetsimEvents(lines(VALID[0], big, VALID[1]));
    expect(r.events).toEqual([VALID[0], VALID[1]]);
    expect(r.skipped).toBe(1);
  });

  it('keeps a line just under the size limit', () => {
    const line = JSON.stringify({ type: 'note', t: 1, message: 'x'.repeat(2000 * 1024) });
    expect(parseNetsimEvents(line).events).toHaveLength(1);
  });

  it.each<[number, number, number, number]>([
    [10, 3, 3, 7],
    [3, 3, 3, 0],
    [2, 5, 2, 0],
    [5, 0, 0, 5],
  ])('%d events with maxEvents %d keep %d and skip %d', (count, max, kept, skipped) => {
    const text = Array.from({ length: count }, (_, i) =>
      JSON.stringify({ type: 'ready', t: i }),
    ).join('\n');
    const r = parseNetsimEvents(text, max);
    expect(r.events).toHaveLength(kept);
    expect(r.events.map((e) => e.t)).toEqual(Array.from({ length: kept }, (_, i) => i));
    expect(r.skipped).toBe(skipped);
  });

  it('returns nothing for an empty log', () => {
    expect(parseNetsimEvents('')).toEqual({ events: [], skipped: 0 });
    expect(parseNetsimEvents('\n\n')).toEqual({ events: [], skipped: 0 });
  });
});
