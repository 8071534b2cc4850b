// End to end over the pure core: synthetic netsim events and pcap packets -> observations ->
// findings, as the pipeline runs them.
import { describe, expect, it } from 'vitest';
import { classifyFirstBytes } from '../../sandbox/netsim/classify.js';
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import { FakeAddressBook } from '../../sandbox/netsim/fake-address.js';
import { severityRank } from '../domain/severity.js';
import type { Finding, Timeline } from '../domain/types.js';
import { buildObservations } from '../observe/build-observations.js';
import type { PcapPacket } from '../observe/pcap-decode.js';
import { parseAllowlist } from '../plan/allowlist.js';
import { runRules } from './run-rules.js';

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
    { id: 'c3', tool: 'check_domain', start: 6000, end: 6900 },
    { id: 'c4', tool: 'report_usage', start: 7000, end: 7900 },
    { id: 'c5', tool: 'send_message', start: 8000, end: 8900 },
  ],
};

const SRC4 = '192.0.2.23';
const SRC6 = '2001:db8:ffff::23';
const RESOLVER = '192.0.2.53';
const TLS_HELLO = Buffer.from([0x16, 0x03, 0x01, 0x00, 0xc8, 0x01, 0x00]);
const b64 = (x: string | Buffer): string => Buffer.from(x).toString('base64');

interface TcpOptions {
  first?: string | Buffer;
  bytes?: number;
  http?: { method: string; url: string; headers?: Record<string, string>; body?: string };
  pcap?: boolean;
  netsim?: boolean;
}

/** Builds what netsim and the capture would record for a run. */
class Scenario {
  readonly events: NetsimEvent[] = [{ type: 'resolvers', t: 0, servers: [RESOLVER] }];
  readonly packets: PcapPacket[] = [];
  private flow = 0;
  private port = 40000;

  private packet(ts: number, dst: string, srcPort: number, dstPort: number, proto: 'tcp' | 'udp') {
    const family = dst.includes(':') ? 6 : 4;
    this.packets.push({
      ts,
      family,
      protocol: proto,
      ipProto: proto === 'tcp' ? 6 : 17,
      src: family === 6 ? SRC6 : SRC4,
      dst,
      srcPort,
      dstPort,
      ...(proto === 'tcp' ? { tcpFlags: 0x02 } : {}),
      payloadLength: 0,
    });
  }

  /** A lookup answered by the fake DNS, and the capture's record of the query to the resolver
   * (or to `server`, past it). */
  dns(t: number, name: string, answers: string[], qtype = 'A', server = RESOLVER): this {
    const srcPort = this.port++;
    this.events.push({
      type: 'dns',
      t,
      transport: 'udp',
      srcPort,
      dstIp: server,
      dstPort: 53,
      name,
      qtype,
      answers,
    });
    this.packet(t, server, srcPort, 53, 'udp');
    return this;
  }

  tcp(t: number, dstIp: string, dstPort: number, o: TcpOptions = {}): this {
    const flow = ++this.flow;
    const srcPort = this.port++;
    const family = dstIp.includes(':') ? 6 : 4;
    const first = o.first === undefined ? undefined : Buffer.from(o.first);
    const kind = first ? classifyFirstBytes(first) : 'no-data';
    if (o.netsim !== false) {
      this.events.push({ type: 'tcp-open', t, flow, family, srcPort, dstIp, dstPort });
      if (first && kind !== 'no-data') {
        this.events.push({ type: 'tcp-data', t: t + 1, flow, kind, first: b64(first) });
      }
      if (o.http) {
        this.events.push({
          type: 'http',
          t: t + 2,
          flow,
          method: o.http.method,
          url: o.http.url,
          headers: o.http.headers ?? {},
          bodyBytes: Buffer.byteLength(o.http.body ?? ''),
          body: b64(o.http.body ?? ''),
          truncated: false,
        });
      }
      this.events.push({
        type: 'tcp-close',
        t: t + 50,
        flow,
        bytes: o.bytes ?? first?.length ?? 0,
        kind,
      });
    }
    // libpcap's clock for the same SYN is a little late
    if (o.pcap !== false) this.packet(t + 3, dstIp, srcPort, dstPort, 'tcp');
    return this;
  }

  udp(
    t: number,
    dstIp: string,
    dstPort: number,
    payload: string,
    o: { pcap?: boolean } = {},
  ): this {
    const srcPort = this.port++;
    const family = dstIp.includes(':') ? 6 : 4;
    this.events.push({
      type: 'udp',
      t,
      family,
      srcPort,
      dstIp,
      dstPort,
      bytes: Buffer.byteLength(payload),
      first: b64(payload),
    });
    if (o.pcap !== false) this.packet(t + 3, dstIp, srcPort, dstPort, 'udp');
    return this;
  }

  /** A flow only the capture saw (ICMP echo: no port, never redirected to netsim). */
  icmp(t: number, dst: string): this {
    this.packets.push({
      ts: t,
      family: dst.includes(':') ? 6 : 4,
      protocol: 'icmp',
      ipProto: dst.includes(':') ? 58 : 1,
      src: dst.includes(':') ? SRC6 : SRC4,
      dst,
      srcPort: 0,
      dstPort: 0,
      payloadLength: 56,
    });
    return this;
  }

  run(allow: string[] = []): Finding[] {
    return runRules(buildObservations(this.events, this.packets, TIMELINE), parseAllowlist(allow));
  }
}

const scenario = (): Scenario => new Scenario();
const summary = (f: Finding): string => `${f.rule} ${f.severity} ${f.phase} ${f.tool ?? '-'}`;

describe('runRules over built observations: which findings', () => {
  it.each<[string, () => Scenario, string[], string[]]>([
    ['nothing happened', () => scenario(), [], []],
    [
      'raw-IP TCP stream with raw bytes',
      () => scenario().tcp(4200, '203.0.113.7', 4444, { first: 'NOTES buy milk\n' }),
      [],
      ['net/non-http-tcp high exercise sync_notes', 'net/raw-ip high exercise sync_notes'],
    ],
    [
      'raw-IP TCP connection that sends nothing',
      () => scenario().tcp(4200, '203.0.113.7', 4444),
      [],
      ['net/raw-ip high exercise sync_notes'],
    ],
    [
      'DNS lookup then HTTPS to the answered address',
      () =>
        scenario()
          .dns(5100, 'api.weather.example', ['198.51.100.20'])
          .tcp(5150, '198.51.100.20', 443, { first: TLS_HELLO }),
      [],
      ['net/egress-http medium exercise get_forecast'],
    ],
    [
      'DNS lookup then plain HTTP to the answered address',
      () =>
        scenario()
          .dns(5100, 'collector.example', ['198.51.100.21'])
          .tcp(5150, '198.51.100.21', 80, { first: 'POST /ingest HTTP/1.1\r\n' }),
      [],
      ['net/egress-http medium exercise get_forecast'],
    ],
    [
      'DNS lookup then raw TCP to the answered address',
      () =>
        scenario()
          .dns(5100, 'sink.example', ['198.51.100.22'])
          .tcp(5150, '198.51.100.22', 7000, { first: 'HELLO\n' }),
      [],
      ['net/non-http-tcp high exercise get_forecast'],
    ],
    [
      'DNS lookup with no connection',
      () => scenario().dns(6100, 'lookup.telemetry.test', ['198.51.100.30']),
      [],
      ['net/dns-lookup low exercise check_domain'],
    ],
    [
      'DNS lookup answered with nothing (TXT)',
      () => scenario().dns(6100, 'secret.data.exfil.example', [], 'TXT'),
      [],
      ['net/dns-lookup low exercise check_domain'],
    ],
    [
      'UDP to a raw IP',
      () => scenario().udp(7100, '198.51.100.9', 5555, 'usage:started'),
      [],
      ['net/raw-ip high exercise report_usage', 'net/udp high exercise report_usage'],
    ],
    [
      'UDP to a looked-up name',
      () =>
        scenario()
          .dns(7100, 'stats.example', ['198.51.100.23'])
          .udp(7150, '198.51.100.23', 9999, 'x'),
      [],
      ['net/udp high exercise report_usage'],
    ],
    [
      'IPv6 raw TCP',
      () => scenario().tcp(4200, '2001:db8::beef', 8443, { first: 'CONFIG?\n' }),
      [],
      ['net/non-http-tcp high exercise sync_notes', 'net/raw-ip high exercise sync_notes'],
    ],
    [
      'install: DNS lookup and HTTPS',
      () =>
        scenario()
          .dns(1100, 'install-metrics.example', ['198.51.100.40'])
          .tcp(1150, '198.51.100.40', 443, {
            first: TLS_HELLO,
            http: { method: 'POST', url: 'https://install-metrics.example/beacon' },
          }),
      [],
      ['install/egress high install -', 'install/egress high install -'],
    ],
    [
      'install: DNS lookup alone',
      () => scenario().dns(1100, 'install-metrics.example', ['198.51.100.40']),
      [],
      ['install/egress high install -'],
    ],
    [
      'install: raw-IP TCP and UDP',
      () =>
        scenario()
          .tcp(1200, '203.0.113.7', 4444, { first: 'x' })
          .udp(1300, '198.51.100.9', 5555, 'y'),
      [],
      ['install/egress high install -', 'install/egress high install -'],
    ],
    [
      'allowlisted by exact name',
      () =>
        scenario()
          .dns(5100, 'api.weather.example', ['198.51.100.20'])
          .tcp(5150, '198.51.100.20', 443, { first: TLS_HELLO }),
      ['api.weather.example'],
      [],
    ],
    [
      'allowlisted by wildcard',
      () =>
        scenario()
          .dns(5100, 'api.weather.example', ['198.51.100.20'])
          .tcp(5150, '198.51.100.20', 443, { first: TLS_HELLO })
          .dns(5200, 'weather.example', []),
      ['*.weather.example'],
      [],
    ],
    [
      'allowlisted name looked up during install',
      () =>
        scenario()
          .dns(1100, 'registry.npm.example', ['198.51.100.41'])
          .tcp(1150, '198.51.100.41', 443, { first: TLS_HELLO }),
      ['registry.npm.example'],
      [],
    ],
    [
      'allowlisted raw IP',
      () => scenario().tcp(4200, '203.0.113.7', 4444, { first: 'x' }),
      ['203.0.113.7'],
      [],
    ],
    [
      'a wildcard does not cover a look-alike name',
      () =>
        scenario()
          .dns(5100, 'badweather.example', ['198.51.100.24'])
          .tcp(5150, '198.51.100.24', 443, { first: TLS_HELLO }),
      ['*.weather.example'],
      ['net/egress-http medium exercise get_forecast'],
    ],
    [
      'raw IP with a Host header naming an allowlisted host',
      () =>
        scenario().tcp(4200, '203.0.113.8', 80, {
          first: 'GET / HTTP/1.1\r\nHost: api.allowed.example\r\n\r\n',
          http: {
            method: 'GET',
            url: 'http://api.allowed.example/',
            headers: { host: 'api.allowed.example' },
          },
        }),
      ['api.allowed.example', '*.allowed.example'],
      ['net/domain-fronting high exercise sync_notes', 'net/raw-ip high exercise sync_notes'],
    ],
    [
      'a Host header naming an allowlisted host on a connection looked up as another',
      () =>
        scenario()
          .dns(4100, 'collector.evil.example', ['198.51.100.30'])
          .tcp(4200, '198.51.100.30', 80, {
            first: 'POST /u HTTP/1.1\r\nHost: api.allowed.example\r\n\r\n',
            http: {
              method: 'POST',
              url: 'http://api.allowed.example/u',
              headers: { host: 'api.allowed.example' },
            },
          }),
      ['api.allowed.example'],
      [
        'net/domain-fronting high exercise sync_notes',
        'net/egress-http medium exercise sync_notes',
      ],
    ],
    [
      'a Host header with a port and upper case for the name looked up is not fronting',
      () =>
        scenario()
          .dns(4100, 'api.svc.example', ['198.51.100.31'])
          .tcp(4200, '198.51.100.31', 8080, {
            first: 'GET / HTTP/1.1\r\nHost: API.Svc.Example:8080\r\n\r\n',
            http: {
              method: 'GET',
              url: 'http://api.svc.example:8080/',
              headers: { host: 'API.Svc.Example:8080' },
            },
          }),
      ['api.svc.example'],
      [],
    ],
    [
      'UDP and TCP to port 53 that netsim never parsed as DNS are judged like any flow',
      () => {
        const s = scenario();
        s.packets.push(
          {
            ts: 4100,
            family: 4,
            protocol: 'udp',
            ipProto: 17,
            src: SRC4,
            dst: '198.51.100.53',
            srcPort: 41000,
            dstPort: 53,
            payloadLength: 40,
          },
          {
            ts: 4110,
            family: 4,
            protocol: 'tcp',
            ipProto: 6,
            src: SRC4,
            dst: '198.51.100.53',
            srcPort: 41001,
            dstPort: 53,
            tcpFlags: 0x02,
            payloadLength: 0,
          },
          {
            ts: 4120,
            family: 6,
            protocol: 'udp',
            ipProto: 17,
            src: SRC6,
            dst: '2001:db8::53',
            srcPort: 41002,
            dstPort: 53,
            payloadLength: 40,
          },
        );
        return s;
      },
      [],
      [
        'net/dns-port-misuse high exercise sync_notes',
        'net/dns-port-misuse high exercise sync_notes',
        'net/dns-port-misuse high exercise sync_notes',
        'net/raw-ip high exercise sync_notes',
        'net/raw-ip high exercise sync_notes',
        'net/raw-ip high exercise sync_notes',
        'net/udp high exercise sync_notes',
        'net/udp high exercise sync_notes',
      ],
    ],
    [
      'junk on UDP port 53 during install is install egress and port-53 misuse',
      () => scenario().udp(1100, '192.0.2.153', 53, '{"h":"dev-laptop"}'),
      [],
      ['install/egress high install -', 'net/dns-port-misuse high install -'],
    ],
    [
      'a plain query to the configured resolver is just a lookup',
      () => scenario().dns(6100, 'lookup.telemetry.test', ['198.18.0.9']),
      [],
      ['net/dns-lookup low exercise check_domain'],
    ],
    [
      'a plain query sent past the resolver is a bypass',
      () => scenario().dns(6100, 'update.toolkit.example', ['198.18.0.9'], 'A', '198.51.100.53'),
      [],
      ['net/dns-bypass high exercise check_domain', 'net/dns-lookup low exercise check_domain'],
    ],
    [
      'pcap-only ICMP to a raw IP',
      () => scenario().icmp(4300, '192.0.2.99'),
      [],
      ['net/raw-ip high exercise sync_notes'],
    ],
    [
      'pcap-only TCP SYN (netsim never saw it)',
      () => scenario().tcp(4300, '203.0.113.70', 22, { netsim: false }),
      [],
      ['net/raw-ip high exercise sync_notes'],
    ],
    [
      'netsim-only TCP flow (a capture gap)',
      () => scenario().tcp(4300, '203.0.113.7', 4444, { first: 'x', pcap: false }),
      [],
      ['net/non-http-tcp high exercise sync_notes', 'net/raw-ip high exercise sync_notes'],
    ],
    [
      'netsim-only UDP flow',
      () => scenario().udp(7100, '198.51.100.9', 5555, 'x', { pcap: false }),
      [],
      ['net/raw-ip high exercise report_usage', 'net/udp high exercise report_usage'],
    ],
    [
      'DNS lookup then ICMP to the answered address: the lookup is still reported',
      () =>
        scenario().dns(6100, 'ping-target.example', ['198.51.100.60']).icmp(6150, '198.51.100.60'),
      [],
      ['net/dns-lookup low exercise check_domain'],
    ],
  ])('%s', (_name, make, allow, expected) => {
    expect(make().run(allow).map(summary)).toEqual(expected);
  });
});

describe('runRules over built observations: evidence', () => {
  it('reports raw TCP with ip, port, bytes, payload and the tool of the call window', () => {
    const findings = scenario()
      .tcp(4200, '203.0.113.7', 4444, { first: 'NOTES buy milk\n', bytes: 15 })
      .run();
    const evidence = {
      ip: '203.0.113.7',
      port: 4444,
      protocol: 'tcp/raw',
      bytes: 15,
      payloadExcerpt: 'NOTES buy milk\\n',
      count: 1,
    };
    expect(findings).toEqual([
      {
        rule: 'net/non-http-tcp',
        severity: 'high',
        title: 'Non-HTTP TCP stream to 203.0.113.7:4444',
        phase: 'exercise',
        tool: 'sync_notes',
        callId: 'c1',
        evidence,
      },
      {
        rule: 'net/raw-ip',
        severity: 'high',
        title: 'TCP to raw IP 203.0.113.7:4444 with no DNS lookup',
        phase: 'exercise',
        tool: 'sync_notes',
        callId: 'c1',
        evidence,
      },
    ]);
  });

  it('charges egress after a call’s response to that call', () => {
    const [f] = scenario().tcp(5950, '203.0.113.7', 4444).run();
    expect(f).toMatchObject({ tool: 'get_forecast', callId: 'c2' });
  });

  it('names an HTTPS destination after the lookup and shows the request', () => {
    const findings = scenario()
      .dns(5100, 'api.weather.example', ['198.51.100.20'])
      .tcp(5150, '198.51.100.20', 443, {
        first: TLS_HELLO,
        bytes: 517,
        http: {
          method: 'GET',
          url: 'https://api.weather.example/v1/forecast?city=Paris',
          headers: { host: 'api.weather.example' },
        },
      })
      .run();
    expect(findings).toEqual([
      {
        rule: 'net/egress-http',
        severity: 'medium',
        title: 'HTTPS egress to api.weather.example:443',
        phase: 'exercise',
        tool: 'get_forecast',
        callId: 'c2',
        evidence: {
          host: 'api.weather.example',
          ip: '198.51.100.20',
          port: 443,
          protocol: 'tcp/tls',
          bytes: 517,
          payloadExcerpt: 'GET https://api.weather.example/v1/forecast?city=Paris\n\n',
          method: 'GET',
          url: 'https://api.weather.example/v1/forecast?city=Paris',
          count: 1,
        },
      },
    ]);
  });

  it('puts the POST body in the egress evidence', () => {
    const body = '{"to":"user@mail.example","text":"hello"}';
    const [f] = scenario()
      .dns(8100, 'api.mailer.example', ['198.51.100.25'])
      .tcp(8150, '198.51.100.25', 443, {
        first: TLS_HELLO,
        http: {
          method: 'POST',
          url: 'https://api.mailer.example/v1/send',
          headers: { host: 'api.mailer.example', 'x-api-key': 'test-key' },
          body,
        },
      })
      .run();
    expect(f?.rule).toBe('net/egress-http');
    expect(f?.tool).toBe('send_message');
    expect(f?.evidence.method).toBe('POST');
    expect(f?.evidence.url).toBe('https://api.mailer.example/v1/send');
    expect(f?.evidence.payloadExcerpt).toBe(`POST https://api.mailer.example/v1/send\n\n${body}`);
  });

  it('reports a lookup with no connection with the name and query type', () => {
    expect(scenario().dns(6100, 'lookup.telemetry.test', ['198.51.100.30']).run()).toEqual([
      {
        rule: 'net/dns-lookup',
        severity: 'low',
        title: 'DNS lookup of lookup.telemetry.test',
        phase: 'exercise',
        tool: 'check_domain',
        callId: 'c3',
        evidence: {
          host: 'lookup.telemetry.test',
          protocol: 'dns/A',
          payloadExcerpt: 'A lookup.telemetry.test',
          count: 1,
        },
      },
    ]);
  });

  it('reports UDP with its payload', () => {
    const findings = scenario().udp(7100, '198.51.100.9', 5555, 'usage:started').run();
    expect(findings.map((f) => f.title)).toEqual([
      'UDP to raw IP 198.51.100.9:5555 with no DNS lookup',
      'UDP datagram to 198.51.100.9:5555',
    ]);
    for (const f of findings) {
      expect(f.evidence).toEqual({
        ip: '198.51.100.9',
        port: 5555,
        protocol: 'udp',
        bytes: 13,
        payloadExcerpt: 'usage:started',
        count: 1,
      });
    }
  });

  it('brackets IPv6 addresses in titles', () => {
    const titles = scenario()
      .tcp(4200, '2001:db8::beef', 8443, { first: 'CONFIG?\n' })
      .run()
      .map((f) => f.title);
    expect(titles).toEqual([
      'Non-HTTP TCP stream to [2001:db8::beef]:8443',
      'TCP to raw IP [2001:db8::beef]:8443 with no DNS lookup',
    ]);
  });

  it('names an IPv6 flow to a fake-DNS AAAA answer, whatever the answer’s groups', () => {
    const book = new FakeAddressBook();
    // z134973.example hashes to an address whose seventh group is zero (see fake-address.test.ts)
    for (const name of ['api6.weather.example', 'z134973.example']) {
      const ip = book.ipv6(name);
      // the capture prints addresses in canonical (RFC 5952) form, as the URL parser does
      const captured = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
      const findings = scenario()
        .dns(5100, name, [ip], 'AAAA')
        .tcp(5150, captured, 443, { first: TLS_HELLO })
        .run();
      expect(findings.map(summary), name).toEqual(['net/egress-http medium exercise get_forecast']);
      expect(findings[0]?.evidence.host).toBe(name);
    }
  });

  it('reports install egress by host for connections and lookups, with no tool', () => {
    const findings = scenario()
      .dns(1100, 'install-metrics.example', ['198.51.100.40'])
      .tcp(1150, '198.51.100.40', 443, {
        first: TLS_HELLO,
        http: {
          method: 'POST',
          url: 'https://install-metrics.example/beacon',
          body: '{"user":"dev"}',
        },
      })
      .run();
    expect(findings.map((f) => [f.title, f.evidence.host, f.tool, f.callId])).toEqual([
      [
        'Network egress during install: TCP to install-metrics.example:443',
        'install-metrics.example',
        undefined,
        undefined,
      ],
      [
        'DNS lookup during install: install-metrics.example',
        'install-metrics.example',
        undefined,
        undefined,
      ],
    ]);
    expect(findings[0]?.evidence.method).toBe('POST');
  });

  it('reports an ICMP flow from the pcap alone', () => {
    const [f] = scenario().icmp(4300, '192.0.2.99').run();
    expect(f).toMatchObject({
      rule: 'net/raw-ip',
      title: 'ICMP to raw IP 192.0.2.99:0 with no DNS lookup',
      evidence: { ip: '192.0.2.99', port: 0, protocol: 'icmp', bytes: 0 },
    });
  });

  it('aggregates repeated identical flows in one tool into one finding with a count', () => {
    const s = scenario();
    for (let i = 0; i < 3; i++) s.tcp(4100 + i * 100, '203.0.113.7', 4444, { first: `beat ${i}` });
    s.dns(4150, 'beacon.example', []).dns(4250, 'BEACON.example', []);
    const findings = s.run();
    expect(findings.map((f) => [f.rule, f.evidence.count])).toEqual([
      ['net/non-http-tcp', 3],
      ['net/raw-ip', 3],
      ['net/dns-lookup', 2],
    ]);
    // the first flow's evidence is kept
    expect(findings[0]?.evidence.payloadExcerpt).toBe('beat 0');
  });

  it('keeps separate findings per port and destination, one across tools', () => {
    const findings = scenario()
      .tcp(4100, '203.0.113.7', 4444)
      .tcp(5100, '203.0.113.7', 4444)
      .tcp(5200, '203.0.113.7', 4445)
      .tcp(5300, '203.0.113.8', 4444)
      .run();
    expect(
      findings.map(
        (f) =>
          `${(f.tools ?? [f.tool]).join('+')} ${f.evidence.ip}:${f.evidence.port} x${f.evidence.count}`,
      ),
    ).toEqual([
      'sync_notes+get_forecast 203.0.113.7:4444 x2',
      'get_forecast 203.0.113.7:4445 x1',
      'get_forecast 203.0.113.8:4444 x1',
    ]);
  });

  it('sorts findings most severe first, then by rule id', () => {
    const findings = scenario()
      .dns(6100, 'lookup.telemetry.test', [])
      .dns(5100, 'api.weather.example', ['198.51.100.20'])
      .tcp(5150, '198.51.100.20', 443, { first: TLS_HELLO })
      .udp(7100, '198.51.100.9', 5555, 'x')
      .tcp(4200, '203.0.113.7', 4444, { first: 'y' })
      .dns(1100, 'install-metrics.example', [])
      .run();
    expect(findings.map((f) => `${f.severity} ${f.rule}`)).toEqual([
      'high install/egress',
      'high net/non-http-tcp',
      'high net/raw-ip',
      'high net/raw-ip',
      'high net/udp',
      'medium net/egress-http',
      'low net/dns-lookup',
    ]);
    const ranks = findings.map((f) => severityRank(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });
});
