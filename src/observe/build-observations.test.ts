import { describe, expect, it } from 'vitest';
import { classifyFirstBytes } from '../../sandbox/netsim/classify.js';
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import type { Timeline } from '../domain/types.js';
import { buildObservations } from './build-observations.js';
import type { PcapPacket } from './pcap-decode.js';

const TIMELINE: Timeline = {
  phases: [
    { phase: 'install', start: 1000, end: 2000 },
    { phase: 'startup', start: 2000, end: 3000 },
    { phase: 'enumerate', start: 3000, end: 4000 },
    { phase: 'exercise', start: 4000, end: 30000 },
  ],
  calls: [
    { id: 'c1', tool: 'sync_notes', start: 4000, end: 4900 },
    { id: 'c2', tool: 'get_forecast', start: 5000, end: 5900 },
  ],
};

const SRC4 = '192.0.2.23';
const SRC6 = '2001:db8:ffff::23';
const b64 = (x: string | Buffer): string => Buffer.from(x).toString('base64');

function syn(
  ts: number,
  dst: string,
  srcPort: number,
  dstPort: number,
  over: Partial<PcapPacket> = {},
): PcapPacket {
  const family = dst.includes(':') ? 6 : 4;
  return {
    ts,
    family,
    protocol: 'tcp',
    ipProto: 6,
    src: family === 6 ? SRC6 : SRC4,
    dst,
    srcPort,
    dstPort,
    tcpFlags: 0x02,
    payloadLength: 0,
    ...over,
  };
}

function udpPacket(ts: number, dst: string, srcPort: number, dstPort: number): PcapPacket {
  return { ...syn(ts, dst, srcPort, dstPort), protocol: 'udp', ipProto: 17, tcpFlags: undefined };
}

/** netsim's records of one TCP flow: open, first bytes, close. */
function tcpEvents(
  flow: number,
  t: number,
  dstIp: string,
  dstPort: number,
  srcPort: number,
  first?: Buffer,
  bytes = first?.length ?? 0,
): NetsimEvent[] {
  const family = dstIp.includes(':') ? 6 : 4;
  return [
    { type: 'tcp-open', t, flow, family, srcPort, dstIp, dstPort },
    ...(first
      ? [
          {
            type: 'tcp-data',
            t: t + 1,
            flow,
            kind: classifyFirstBytes(first),
            first: b64(first),
          } as const,
        ]
      : []),
    {
      type: 'tcp-close',
      t: t + 50,
      flow,
      bytes,
      kind: first ? classifyFirstBytes(first) : 'no-data',
    },
  ];
}

const build = (events: NetsimEvent[], packets: PcapPacket[] = []) =>
  buildObservations(events, packets, TIMELINE);

describe('buildObservations: connections', () => {
  it('joins a pcap SYN with netsim’s flow and takes the earlier time', () => {
    const first = Buffer.from('NOTES buy milk\n\x00');
    const net = build(tcpEvents(1, 4200, '203.0.113.7', 4444, 40001, first, 100), [
      syn(4230, '203.0.113.7', 40001, 4444),
    ]);
    expect(net.connections).toEqual([
      {
        phase: 'exercise',
        callId: 'c1',
        tool: 'sync_notes',
        t: 4200,
        protocol: 'tcp',
        family: 4,
        dstIp: '203.0.113.7',
        dstPort: 4444,
        srcPort: 40001,
        hostnames: [],
        streamKind: 'raw',
        bytesSent: 100,
        payloadExcerpt: 'NOTES buy milk\\n\\x00',
        payloadHex: first.toString('hex'),
        isDns: false,
        seenBy: ['pcap', 'netsim'],
      },
    ]);
  });

  it('keeps a pcap-only flow (no netsim record) with the capture time', () => {
    const net = build([], [syn(4300, '198.51.100.4', 40002, 8080)]);
    expect(net.connections).toHaveLength(1);
    expect(net.connections[0]).toMatchObject({
      t: 4300,
      dstIp: '198.51.100.4',
      streamKind: 'no-data',
      bytesSent: 0,
      payloadExcerpt: '',
      payloadHex: '',
      seenBy: ['pcap'],
      tool: 'sync_notes',
    });
  });

  it('keeps a netsim-only flow (a capture gap)', () => {
    const net = build(tcpEvents(1, 5100, '203.0.113.9', 9000, 40003, Buffer.from('hello')));
    expect(net.connections).toHaveLength(1);
    expect(net.connections[0]).toMatchObject({
      dstIp: '203.0.113.9',
      streamKind: 'raw',
      bytesSent: 5,
      seenBy: ['netsim'],
      tool: 'get_forecast',
    });
  });

  it('reports ICMP and other protocols from the pcap, without ports or stream kind', () => {
    const icmp: PcapPacket = {
      ...syn(4400, '192.0.2.99', 0, 0),
      protocol: 'icmp',
      ipProto: 1,
      tcpFlags: undefined,
      payloadLength: 56,
    };
    const net = build([], [icmp]);
    expect(net.connections).toHaveLength(1);
    const c = net.connections[0];
    expect(c).toMatchObject({ protocol: 'icmp', dstIp: '192.0.2.99', dstPort: 0, isDns: false });
    expect(c?.streamKind).toBeUndefined();
  });

  it.each<[string, number | undefined, number]>([
    ['SYN', 0x02, 1],
    ['SYN with ECN bits', 0xc2, 1],
    ['SYN-ACK', 0x12, 0],
    ['ACK', 0x10, 0],
    ['PSH-ACK', 0x18, 0],
    ['FIN', 0x01, 0],
    ['no flags captured', undefined, 0],
  ])('counts a TCP packet with %s as a new flow: %i', (_name, flags, count) => {
    const net = build([], [syn(4100, '203.0.113.7', 40001, 4444, { tcpFlags: flags })]);
    expect(net.connections).toHaveLength(count);
  });

  it('does not join flows more than 5 s apart', () => {
    const net = build(tcpEvents(1, 4100, '203.0.113.7', 4444, 40001, Buffer.from('x')), [
      syn(9200, '203.0.113.7', 40001, 4444),
    ]);
    expect(net.connections.map((c) => c.seenBy)).toEqual([['netsim'], ['pcap']]);
  });

  it('does not join flows with a different source port or destination', () => {
    const net = build(tcpEvents(1, 4100, '203.0.113.7', 4444, 40001, Buffer.from('x')), [
      syn(4101, '203.0.113.7', 40009, 4444),
      syn(4102, '203.0.113.8', 40001, 4444),
      syn(4103, '203.0.113.7', 40001, 4445),
    ]);
    expect(net.connections.filter((c) => c.seenBy.length === 2)).toHaveLength(0);
    expect(net.connections).toHaveLength(4);
  });

  it('joins each netsim flow to at most one pcap flow', () => {
    const net = build(tcpEvents(1, 4100, '203.0.113.7', 4444, 40001, Buffer.from('x')), [
      syn(4101, '203.0.113.7', 40001, 4444),
      syn(4102, '203.0.113.7', 40001, 4444),
    ]);
    expect(net.connections.map((c) => c.seenBy)).toEqual([['pcap', 'netsim'], ['pcap']]);
  });

  it('sorts connections by time', () => {
    const net = build(tcpEvents(1, 4500, '203.0.113.1', 1, 40001), [
      syn(4600, '203.0.113.2', 40002, 2),
      syn(4100, '203.0.113.3', 40003, 3),
    ]);
    expect(net.connections.map((c) => c.t)).toEqual([4100, 4500, 4600]);
  });

  it.each<[string, 'tcp' | 'udp', number]>([
    ['UDP to port 53', 'udp', 53],
    ['TCP to port 53', 'tcp', 53],
    ['UDP to port 5353', 'udp', 5353],
    ['TCP to port 853', 'tcp', 853],
  ])('%s with no DNS netsim could parse is not DNS', (_name, protocol, port) => {
    const p =
      protocol === 'udp'
        ? udpPacket(4100, '192.0.2.53', 40001, port)
        : syn(4100, '192.0.2.53', 40001, port);
    const c = build([], [p]).connections[0];
    expect(c?.isDns).toBe(false);
    if (protocol === 'tcp') expect(c?.streamKind).toBe('no-data');
  });

  it('a UDP flow to port 53 whose query netsim answered is DNS, to the resolver or not', () => {
    const query = (srcPort: number, dstIp: string): NetsimEvent => ({
      type: 'dns',
      t: 4101,
      transport: 'udp',
      srcPort,
      dstIp,
      dstPort: 53,
      name: 'x.example',
      qtype: 'A',
      answers: ['198.18.0.1'],
    });
    const net = build(
      [
        { type: 'resolvers', t: 1, servers: ['192.0.2.53'] },
        query(40001, '192.0.2.53'),
        query(40002, '198.51.100.53'),
      ],
      [udpPacket(4100, '192.0.2.53', 40001, 53), udpPacket(4100, '198.51.100.53', 40002, 53)],
    );
    expect(net.resolvers).toEqual(['192.0.2.53']);
    expect(net.connections.map((c) => [c.dstIp, c.isDns, c.toResolver])).toEqual([
      ['192.0.2.53', true, true],
      ['198.51.100.53', true, false],
    ]);
    expect(net.dns.map((q) => [q.server, q.toResolver])).toEqual([
      ['192.0.2.53', true],
      ['198.51.100.53', false],
    ]);
  });

  it('a UDP flow to port 53 that also carried junk is not DNS', () => {
    const net = build(
      [
        {
          type: 'dns',
          t: 4101,
          transport: 'udp',
          srcPort: 40001,
          name: 'x.example',
          qtype: 'A',
          answers: [],
        },
        {
          type: 'udp',
          t: 4102,
          family: 4,
          srcPort: 40001,
          dstIp: '192.0.2.53',
          dstPort: 53,
          bytes: 4,
          first: Buffer.from('junk').toString('base64'),
        },
      ],
      [udpPacket(4100, '192.0.2.53', 40001, 53)],
    );
    expect(net.connections.map((c) => [c.isDns, c.payloadExcerpt])).toEqual([[false, 'junk']]);
  });

  it('a TCP flow to port 53 is DNS when it closed as dns, raw when it did not', () => {
    const flow = (n: number, kind: string): NetsimEvent[] => [
      {
        type: 'tcp-open',
        t: 4100,
        flow: n,
        family: 4,
        srcPort: 40000 + n,
        dstIp: '192.0.2.53',
        dstPort: 53,
      },
      {
        type: 'tcp-data',
        t: 4101,
        flow: n,
        kind: 'dns',
        first: Buffer.from('xx').toString('base64'),
      },
      { type: 'tcp-close', t: 4102, flow: n, bytes: 2, kind },
    ];
    const net = build(
      [...flow(1, 'dns'), ...flow(2, 'raw')],
      [syn(4100, '192.0.2.53', 40001, 53), syn(4100, '192.0.2.53', 40002, 53)],
    );
    expect(net.connections.map((c) => [c.srcPort, c.isDns, c.streamKind])).toEqual([
      [40001, true, 'dns'],
      [40002, false, 'raw'],
    ]);
  });

  it('names a connection after the DNS answers for its address (case-insensitive)', () => {
    const events: NetsimEvent[] = [
      {
        type: 'dns',
        t: 5000,
        transport: 'udp',
        srcPort: 41000,
        name: 'API.Weather.Example',
        qtype: 'A',
        answers: ['198.51.100.20'],
      },
      {
        type: 'dns',
        t: 5001,
        transport: 'udp',
        srcPort: 41001,
        name: 'api.weather.example',
        qtype: 'A',
        answers: ['198.51.100.20'],
      },
      {
        type: 'dns',
        t: 5002,
        transport: 'udp',
        srcPort: 41002,
        name: 'cdn.weather.example',
        qtype: 'AAAA',
        answers: ['2001:db8:a1::1:2'],
      },
      ...tcpEvents(1, 5100, '198.51.100.20', 443, 40001, Buffer.from([0x16, 0x03, 0x01, 0x00])),
      ...tcpEvents(2, 5200, '2001:db8:a1::1:2', 443, 40002, Buffer.from('GET / HTTP/1.1\r\n')),
    ];
    const net = build(events, [
      syn(5101, '198.51.100.20', 40001, 443),
      syn(5201, '2001:db8:a1::1:2', 40002, 443),
    ]);
    expect(net.connections.map((c) => [c.hostnames, c.streamKind, c.family])).toEqual([
      [['api.weather.example'], 'tls', 4],
      [['cdn.weather.example'], 'http', 6],
    ]);
  });

  it('records the claimed host from the HTTP Host header, else the URL, else the TLS SNI', () => {
    const events: NetsimEvent[] = [
      ...tcpEvents(1, 4100, '203.0.113.1', 80, 40001, Buffer.from('GET / HTTP/1.1\r\n')),
      {
        type: 'http',
        t: 4102,
        flow: 1,
        method: 'GET',
        url: 'http://ignored.example/',
        headers: { host: 'claimed.example' },
        bodyBytes: 0,
        body: '',
        truncated: false,
      },
      ...tcpEvents(2, 4200, '203.0.113.2', 80, 40002, Buffer.from('GET / HTTP/1.1\r\n')),
      {
        type: 'http',
        t: 4202,
        flow: 2,
        method: 'GET',
        url: 'http://from-url.example/x',
        headers: {},
        bodyBytes: 0,
        body: '',
        truncated: false,
      },
      ...tcpEvents(3, 4300, '203.0.113.3', 443, 40003, Buffer.from([0x16, 0x03, 0x01])),
      { type: 'tls-error', t: 4302, flow: 3, sni: 'pinned.example', cause: 'cert-rejected' },
      ...tcpEvents(4, 4400, '203.0.113.4', 443, 40004, Buffer.from([0x16, 0x03, 0x01])),
      { type: 'tls-error', t: 4402, flow: 4, sni: '', cause: 'closed' },
    ];
    const net = build(events);
    expect(net.connections.map((c) => c.claimedHost)).toEqual([
      'claimed.example',
      'from-url.example',
      'pinned.example',
      undefined,
    ]);
    // a claimed host never names the connection: only DNS answers do
    expect(net.connections.every((c) => c.hostnames.length === 0)).toBe(true);
  });

  it('merges datagrams of one UDP flow and joins them to the pcap', () => {
    const events: NetsimEvent[] = [
      {
        type: 'udp',
        t: 7000,
        family: 4,
        srcPort: 40001,
        dstIp: '198.51.100.9',
        dstPort: 5555,
        bytes: 13,
        first: b64('usage:started'),
      },
      {
        type: 'udp',
        t: 7010,
        family: 4,
        srcPort: 40001,
        dstIp: '198.51.100.9',
        dstPort: 5555,
        bytes: 10,
        first: b64('usage:done'),
      },
      {
        type: 'udp',
        t: 7020,
        family: 4,
        srcPort: 40002,
        dstIp: '198.51.100.9',
        dstPort: 5555,
        bytes: 4,
        first: b64('next'),
      },
    ];
    const net = build(events, [udpPacket(7001, '198.51.100.9', 40001, 5555)]);
    expect(net.connections).toHaveLength(2);
    expect(net.connections[0]).toMatchObject({
      protocol: 'udp',
      bytesSent: 23,
      payloadExcerpt: 'usage:started',
      seenBy: ['pcap', 'netsim'],
    });
    expect(net.connections[0]?.streamKind).toBeUndefined();
    expect(net.connections[1]).toMatchObject({ srcPort: 40002, bytesSent: 4, seenBy: ['netsim'] });
  });

  it('bounds hostnames and DNS answers', () => {
    const answers = Array.from({ length: 20 }, (_, i) => `198.51.100.${i + 1}`);
    const events: NetsimEvent[] = [
      ...Array.from({ length: 10 }, (_, i): NetsimEvent => ({
        type: 'dns',
        t: 4000 + i,
        transport: 'udp',
        srcPort: 41000 + i,
        name: `n${i}.example`,
        qtype: 'A',
        answers,
      })),
    ];
    const net = build(events, [syn(4100, '198.51.100.1', 40001, 80)]);
    expect(net.dns[0]?.answers).toHaveLength(16);
    expect(net.connections[0]?.hostnames).toHaveLength(8);
  });
});

describe('buildObservations: DNS, HTTP and TLS failures', () => {
  it('turns DNS events into attributed queries', () => {
    const net = build([
      {
        type: 'dns',
        t: 1500,
        transport: 'udp',
        srcPort: 41000,
        name: 'install-metrics.example',
        qtype: 'A',
        answers: ['203.0.113.50'],
      },
      {
        type: 'dns',
        t: 5500,
        transport: 'tcp',
        srcPort: 41001,
        name: 'lookup.telemetry.test',
        qtype: 'TXT',
        answers: [],
      },
    ]);
    expect(net.dns).toEqual([
      {
        phase: 'install',
        t: 1500,
        name: 'install-metrics.example',
        type: 'A',
        answers: ['203.0.113.50'],
      },
      {
        phase: 'exercise',
        callId: 'c2',
        tool: 'get_forecast',
        t: 5500,
        name: 'lookup.telemetry.test',
        type: 'TXT',
        answers: [],
      },
    ]);
  });

  it('turns HTTP events into requests with the flow’s destination', () => {
    const body = JSON.stringify({ to: 'user@mail.example', text: 'hi' });
    const net = build([
      ...tcpEvents(7, 5100, '203.0.113.20', 443, 40001, Buffer.from([0x16, 0x03, 0x01])),
      {
        type: 'http',
        t: 5150,
        flow: 7,
        method: 'POST',
        url: 'https://api.mailer.example/v1/send',
        headers: { host: 'api.mailer.example', 'x-api-key': 'test-key' },
        bodyBytes: body.length,
        body: b64(body),
        truncated: false,
      },
      {
        type: 'http',
        t: 5160,
        flow: 99,
        method: 'GET',
        url: 'http://unknown-flow.example/',
        headers: {},
        bodyBytes: 0,
        body: b64(Buffer.from([0xff, 0x00])),
        truncated: true,
      },
    ]);
    expect(net.http).toEqual([
      {
        phase: 'exercise',
        callId: 'c2',
        tool: 'get_forecast',
        t: 5150,
        method: 'POST',
        url: 'https://api.mailer.example/v1/send',
        host: 'api.mailer.example',
        dstIp: '203.0.113.20',
        dstPort: 443,
        tls: true,
        headers: { host: 'api.mailer.example', 'x-api-key': 'test-key' },
        bodyBytes: body.length,
        bodyExcerpt: body,
        bodyTruncated: false,
      },
      expect.objectContaining({
        host: 'unknown-flow.example',
        dstIp: '',
        dstPort: 0,
        tls: false,
        bodyExcerpt: '\\xff\\x00',
        bodyTruncated: true,
      }),
    ]);
  });

  it('turns TLS errors into failures with the flow’s destination and SNI', () => {
    const net = build([
      ...tcpEvents(3, 5100, '203.0.113.30', 443, 40001, Buffer.from([0x16, 0x03, 0x01])),
      { type: 'tls-error', t: 5110, flow: 3, sni: 'pinned.example', cause: 'cert-rejected' },
      { type: 'tls-error', t: 5120, flow: 3, sni: '', cause: 'closed' },
    ]);
    expect(net.tlsFailures).toEqual([
      {
        phase: 'exercise',
        callId: 'c2',
        tool: 'get_forecast',
        t: 5110,
        dstIp: '203.0.113.30',
        dstPort: 443,
        sni: 'pinned.example',
        cause: 'cert-rejected',
      },
      {
        phase: 'exercise',
        callId: 'c2',
        tool: 'get_forecast',
        t: 5120,
        dstIp: '203.0.113.30',
        dstPort: 443,
        cause: 'closed',
      },
    ]);
  });

  it('ignores ready and note events', () => {
    expect(
      build([
        { type: 'ready', t: 1 },
        { type: 'note', t: 2, message: 'x' },
      ]),
    ).toEqual({
      resolvers: [],
      dns: [],
      connections: [],
      http: [],
      tlsFailures: [],
      smtp: [],
    });
  });
});
