import { describe, expect, it } from 'vitest';
import type {
  CallRecord,
  ConnectionObservation,
  DnsQueryObservation,
  EndpointSetting,
  HttpRequestObservation,
  NetworkObservations,
  ToolDefinition,
} from '../domain/types.js';
import { RULES } from './catalog.js';
import { egressFindings } from './egress-rules.js';

const AT = { phase: 'exercise', callId: 'c1', tool: 'alpha' } as const;

function conn(over: Partial<ConnectionObservation> = {}): ConnectionObservation {
  return {
    ...AT,
    t: 5000,
    protocol: 'tcp',
    family: 4,
    dstIp: '203.0.113.7',
    dstPort: 4444,
    srcPort: 40000,
    hostnames: [],
    streamKind: 'raw',
    bytesSent: 6,
    payloadExcerpt: 'hello\\n',
    payloadHex: '68656c6c6f0a',
    isDns: false,
    seenBy: ['pcap', 'netsim'],
    ...over,
  };
}

function dns(over: Partial<DnsQueryObservation> = {}): DnsQueryObservation {
  return {
    ...AT,
    t: 4900,
    name: 'api.svc.example',
    type: 'A',
    answers: ['198.51.100.20'],
    ...over,
  };
}

function http(over: Partial<HttpRequestObservation> = {}): HttpRequestObservation {
  return {
    ...AT,
    t: 5010,
    method: 'GET',
    url: 'https://api.svc.example/v1',
    host: 'api.svc.example',
    dstIp: '198.51.100.20',
    dstPort: 443,
    tls: true,
    headers: {},
    bodyBytes: 0,
    bodyExcerpt: '',
    bodyTruncated: false,
    ...over,
  };
}

function net(over: Partial<NetworkObservations>): NetworkObservations {
  return { resolvers: [], dns: [], connections: [], http: [], tlsFailures: [], smtp: [], ...over };
}

const rules = (n: NetworkObservations, allow: string[] = []): string[] =>
  egressFindings(n, allow).map((f) => f.rule);

describe('egressFindings: which rule for which connection', () => {
  const named = { hostnames: ['api.svc.example'], dstIp: '198.51.100.20', dstPort: 443 };
  it.each<[string, Partial<ConnectionObservation>, string[]]>([
    ['raw IP, raw bytes', {}, ['net/raw-ip', 'net/non-http-tcp']],
    ['raw IP, raw kind but no bytes', { bytesSent: 0 }, ['net/raw-ip']],
    ['raw IP, silent', { streamKind: 'no-data', bytesSent: 0 }, ['net/raw-ip']],
    ['raw IP, HTTP', { streamKind: 'http' }, ['net/raw-ip']],
    ['raw IP, TLS', { streamKind: 'tls' }, ['net/raw-ip']],
    ['raw IP, UDP', { protocol: 'udp', streamKind: undefined }, ['net/raw-ip', 'net/udp']],
    ['raw IP, ICMP', { protocol: 'icmp', streamKind: undefined, dstPort: 0 }, ['net/raw-ip']],
    ['raw IP, other protocol', { protocol: 'other', streamKind: undefined }, ['net/raw-ip']],
    ['named, TLS', { ...named, streamKind: 'tls' }, ['net/egress-http']],
    ['named, HTTP', { ...named, streamKind: 'http' }, ['net/egress-http']],
    ['named, silent TCP', { ...named, streamKind: 'no-data', bytesSent: 0 }, ['net/egress-http']],
    ['named, raw bytes', { ...named, streamKind: 'raw' }, ['net/non-http-tcp']],
    ['named, UDP', { ...named, protocol: 'udp', streamKind: undefined }, ['net/udp']],
    ['DNS flow', { isDns: true, dstPort: 53 }, []],
    [
      'install phase, raw IP',
      { phase: 'install', callId: undefined, tool: undefined },
      ['install/egress'],
    ],
    [
      'install phase, named',
      { ...named, phase: 'install', callId: undefined, tool: undefined, streamKind: 'tls' },
      ['install/egress'],
    ],
    [
      'startup phase, raw IP',
      { phase: 'startup', callId: undefined, tool: undefined },
      ['net/raw-ip', 'net/non-http-tcp'],
    ],
  ])('%s -> %j', (_name, over, expected) => {
    expect(rules(net({ connections: [conn(over)] }))).toEqual(expected);
  });

  it('a claimed host (Host header or SNI) never counts as a DNS name', () => {
    const c = conn({ claimedHost: 'api.svc.example', streamKind: 'http' });
    expect(rules(net({ connections: [c] }), ['api.svc.example'])).toEqual(['net/raw-ip']);
  });

  it('shows the claimed host as evidence when no lookup named the address', () => {
    const [f] = egressFindings(
      net({ connections: [conn({ claimedHost: 'claimed.example' })] }),
      [],
    );
    expect(f?.evidence.host).toBe('claimed.example');
    expect(f?.title).toBe('TCP to raw IP 203.0.113.7:4444 with no DNS lookup');
  });

  it.each<[string, string[], Partial<ConnectionObservation>]>([
    ['IP on the allowlist', ['203.0.113.7'], {}],
    ['IPv6 on the allowlist', ['2001:db8::beef'], { dstIp: '2001:db8::beef', family: 6 }],
    ['name on the allowlist', ['api.svc.example'], { hostnames: ['api.svc.example'] }],
    ['any of several names', ['*.cdn.example'], { hostnames: ['a.example', 'x.cdn.example'] }],
    [
      'install egress to an allowed name',
      ['*.svc.example'],
      { hostnames: ['api.svc.example'], phase: 'install' },
    ],
  ])('reports nothing for: %s', (_name, allow, over) => {
    expect(rules(net({ connections: [conn(over)] }), allow)).toEqual([]);
  });
});

describe('egressFindings: DNS lookups', () => {
  it.each<[string, NetworkObservations, string[], string[]]>([
    ['a lookup alone', net({ dns: [dns()] }), [], ['net/dns-lookup']],
    [
      'a lookup followed by a TCP connection to its answer',
      net({
        dns: [dns()],
        connections: [
          conn({ dstIp: '198.51.100.20', hostnames: ['api.svc.example'], streamKind: 'tls' }),
        ],
      }),
      [],
      ['net/egress-http'],
    ],
    [
      'a lookup followed by a UDP flow to its answer',
      net({
        dns: [dns()],
        connections: [
          conn({
            dstIp: '198.51.100.20',
            hostnames: ['api.svc.example'],
            protocol: 'udp',
            streamKind: undefined,
          }),
        ],
      }),
      [],
      ['net/udp'],
    ],
    [
      'a lookup followed only by ICMP to its answer',
      net({
        dns: [dns()],
        connections: [
          conn({
            dstIp: '198.51.100.20',
            hostnames: ['api.svc.example'],
            protocol: 'icmp',
            streamKind: undefined,
            dstPort: 0,
          }),
        ],
      }),
      [],
      ['net/dns-lookup'],
    ],
    [
      'a lookup whose answer only got a DNS flow',
      net({
        dns: [dns({ answers: ['192.0.2.53'] })],
        connections: [conn({ dstIp: '192.0.2.53', dstPort: 53, isDns: true })],
      }),
      [],
      ['net/dns-lookup'],
    ],
    [
      'A and AAAA lookups of one name, connection over IPv6',
      net({
        dns: [dns(), dns({ type: 'AAAA', answers: ['2001:db8:a1::1:2'] })],
        connections: [
          conn({
            dstIp: '2001:db8:a1::1:2',
            family: 6,
            hostnames: ['api.svc.example'],
            streamKind: 'tls',
          }),
        ],
      }),
      [],
      ['net/egress-http'],
    ],
    [
      'a lookup in one tool, the connection in another',
      net({
        dns: [dns({ tool: 'alpha' })],
        connections: [
          conn({
            tool: 'beta',
            callId: 'c2',
            dstIp: '198.51.100.20',
            hostnames: ['api.svc.example'],
            streamKind: 'tls',
          }),
        ],
      }),
      [],
      ['net/egress-http'],
    ],
    ['an allowed lookup', net({ dns: [dns()] }), ['api.svc.example'], []],
    [
      'an allowed lookup, by wildcard, upper case',
      net({ dns: [dns({ name: 'API.Svc.EXAMPLE' })] }),
      ['*.svc.example'],
      [],
    ],
    [
      'an install lookup',
      net({ dns: [dns({ phase: 'install', tool: undefined, callId: undefined })] }),
      [],
      ['install/egress'],
    ],
  ])('%s', (_name, n, allow, expected) => {
    expect(rules(n, allow)).toEqual(expected);
  });

  it('counts repeated lookups of one name as one incident, whatever the case or tool', () => {
    const findings = egressFindings(
      net({
        dns: [
          dns({ answers: [] }),
          dns({ name: 'API.svc.example', answers: [] }),
          dns({ tool: 'beta', answers: [] }),
        ],
      }),
      [],
    );
    expect(findings.map((f) => [f.rule, f.tool, f.tools, f.evidence.count])).toEqual([
      ['net/dns-lookup', 'alpha', ['alpha', 'beta'], 3],
    ]);
  });
});

describe('egressFindings: findings', () => {
  it('uses the catalog’s ids and severities', () => {
    const all = egressFindings(
      net({
        dns: [
          dns({ name: 'lonely.example', answers: [] }),
          dns({ name: 'i.example', phase: 'install' }),
        ],
        connections: [
          conn(),
          conn({ protocol: 'udp', streamKind: undefined, dstPort: 5555 }),
          conn({
            dstIp: '198.51.100.20',
            hostnames: ['api.svc.example'],
            streamKind: 'tls',
            dstPort: 443,
          }),
        ],
      }),
      [],
    );
    const catalog = new Map<string, string>(Object.values(RULES).map((r) => [r.id, r.severity]));
    const egressRules = [
      'net/raw-ip',
      'net/non-http-tcp',
      'net/udp',
      'net/egress-http',
      'net/dns-lookup',
      'install/egress',
    ];
    expect(new Set(all.map((f) => f.rule))).toEqual(new Set(egressRules));
    for (const id of egressRules) expect(catalog.has(id)).toBe(true);
    for (const f of all) expect(f.severity).toBe(catalog.get(f.rule));
  });

  it('takes the method, URL and body of the request carried to the destination', () => {
    const c = conn({
      dstIp: '198.51.100.20',
      dstPort: 443,
      hostnames: ['api.svc.example'],
      streamKind: 'tls',
    });
    const req = http({
      method: 'POST',
      url: 'https://api.svc.example/send',
      bodyExcerpt: '{"a":1}',
    });
    const [f] = egressFindings(net({ connections: [c], http: [req] }), []);
    expect(f?.evidence).toMatchObject({
      host: 'api.svc.example',
      method: 'POST',
      url: 'https://api.svc.example/send',
      payloadExcerpt: 'POST https://api.svc.example/send\n\n{"a":1}',
      protocol: 'tcp/tls',
    });
  });

  it('bounds the request excerpt', () => {
    const c = conn({
      dstIp: '198.51.100.20',
      dstPort: 443,
      hostnames: ['api.svc.example'],
      streamKind: 'tls',
    });
    const req = http({ bodyExcerpt: 'x'.repeat(10000) });
    const [f] = egressFindings(net({ connections: [c], http: [req] }), []);
    expect(f?.evidence.payloadExcerpt).toHaveLength(4096);
  });

  it.each<[string, Partial<HttpRequestObservation>]>([
    ['another port', { dstPort: 8443 }],
    ['another address', { dstIp: '198.51.100.21' }],
    ['more than a second before the connection', { t: 3900 }],
  ])('ignores a request to %s', (_name, over) => {
    const c = conn({
      dstIp: '198.51.100.20',
      dstPort: 443,
      hostnames: ['api.svc.example'],
      streamKind: 'tls',
    });
    const [f] = egressFindings(net({ connections: [c], http: [http(over)] }), []);
    expect(f?.evidence.method).toBeUndefined();
    expect(f?.evidence.payloadExcerpt).toBe('hello\\n');
  });
});

describe('egressFindings: endpoints the run configured', () => {
  const named = { hostnames: ['abc.internal.example'], dstIp: '198.51.100.30', dstPort: 443 };
  const invented: EndpointSetting = {
    variable: 'ACME_BASE_URL',
    origin: 'invented',
    host: 'abc.internal.example',
    value: 'https://abc.internal.example/x',
  };

  it('labels HTTPS to an invented endpoint as the configured endpoint (info)', () => {
    const found = egressFindings(
      net({ connections: [conn({ ...named, streamKind: 'tls' })] }),
      [],
      [invented],
    );
    expect(found.map((f) => `${f.rule} ${f.severity}`)).toEqual(['net/configured-endpoint info']);
    expect(found[0]?.title).toContain('the endpoint mcp-airlock invented for ACME_BASE_URL');
  });

  it('labels a lone lookup of it too, and a user-set endpoint as the user’s', () => {
    const found = egressFindings(
      net({ dns: [dns({ name: 'abc.internal.example' })] }),
      [],
      [{ ...invented, origin: 'user' }],
    );
    expect(found.map((f) => f.rule)).toEqual(['net/configured-endpoint']);
    expect(found[0]?.title).toContain('the endpoint the user set in ACME_BASE_URL');
  });

  it('judges a default endpoint, raw TCP and install-time traffic to it as usual', () => {
    const dflt: EndpointSetting = {
      variable: 'X_URL',
      origin: 'default',
      host: 'abc.internal.example',
    };
    expect(
      rulesWith(net({ connections: [conn({ ...named, streamKind: 'tls' })] }), [dflt]),
    ).toEqual(['net/egress-http']);
    expect(rulesWith(net({ connections: [conn({ ...named })] }), [invented])).toEqual([
      'net/non-http-tcp',
    ]);
    expect(
      rulesWith(net({ connections: [conn({ ...named, streamKind: 'tls', phase: 'install' })] }), [
        invented,
      ]),
    ).toEqual(['install/egress']);
  });
});

function rulesWith(n: NetworkObservations, endpoints: EndpointSetting[]): string[] {
  return egressFindings(n, [], endpoints).map((f) => f.rule);
}

describe('egressFindings: hosts the call asked for', () => {
  const named = { hostnames: ['docs.example.com'], dstIp: '198.51.100.31', dstPort: 443 };
  const call = (args: unknown): CallRecord => ({
    id: 'c1',
    tool: 'alpha',
    arguments: args,
    outcome: 'ok',
    durationMs: 1,
    resultExcerpt: '',
    start: 0,
    end: 1,
  });
  const tool = (schema: unknown): ToolDefinition => ({
    name: 'alpha',
    description: 'Fetch a page',
    inputSchema: schema,
  });
  const judge = (args: unknown, schema: unknown = {}, over: Partial<ConnectionObservation> = {}) =>
    egressFindings(net({ connections: [conn({ ...named, streamKind: 'tls', ...over })] }), [], [], {
      calls: [call(args)],
      tools: [tool(schema)],
    }).map((f) => `${f.rule} ${f.severity}`);

  it('is low for the host of a URL the call passed', () => {
    expect(judge({ url: 'https://docs.example.com/guide' })).toEqual(['net/egress-http low']);
  });

  it('stays medium when the schema wrote the host, for another call, or a longer name', () => {
    const schema = { properties: { url: { default: 'https://docs.example.com/' } } };
    expect(judge({ url: 'https://docs.example.com/guide' }, schema)).toEqual([
      'net/egress-http medium',
    ]);
    expect(judge({ url: 'https://docs.example.com/' }, {}, { callId: 'c9' })).toEqual([
      'net/egress-http medium',
    ]);
    expect(judge({ url: 'https://x.docs.example.com.evil.example/' })).toEqual([
      'net/egress-http medium',
    ]);
  });
});
