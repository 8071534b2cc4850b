// Evasion findings: each cap and failed helper is one high finding naming it; contact with the
// monitor's loopback sockets is a finding of its own and never egress.
import { describe, expect, it } from 'vitest';
import type { ConnectionObservation, ObservationGap } from '../domain/types.js';
import { evasionFindings, isLoopback } from './evasion-rules.js';
import { runRules } from './run-rules.js';

function conn(dstIp: string, dstPort: number): ConnectionObservation {
  return {
    phase: 'exercise',
    callId: 'c1',
    tool: 'refresh_cache',
    t: 5000,
    protocol: 'tcp',
    family: dstIp.includes(':') ? 6 : 4,
    dstIp,
    dstPort,
    srcPort: 40000,
    hostnames: [],
    bytesSent: 0,
    payloadExcerpt: '',
    payloadHex: '',
    isDns: false,
    seenBy: ['pcap'],
  };
}

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['198.51.100.1', false],
    ['2001:db8::1', false],
  ])('%s -> %s', (ip, yes) => expect(isLoopback(ip)).toBe(yes));
});

describe('evasionFindings', () => {
  it('turns each gap into one high finding that names it', () => {
    const gaps: ObservationGap[] = [
      { kind: 'cap', what: 'netsim events:udp', detail: 'limit 5000' },
      { kind: 'cap', what: 'netsim events:udp', detail: 'limit 5000' },
      { kind: 'helper', what: 'egress capture', detail: 'tcpdump was not running' },
    ];
    const f = evasionFindings(gaps, []);
    expect(f.map((x) => [x.rule, x.severity, x.evidence.value, x.evidence.count])).toEqual([
      ['evasion/cap-reached', 'high', 'netsim events:udp', 2],
      ['evasion/helper-failed', 'high', 'egress capture', 1],
    ]);
    expect(f[0]?.title).toMatch(/netsim events:udp/);
  });

  it('reports contact with the monitor on loopback, not egress', () => {
    const net = {
      resolvers: [],
      dns: [],
      connections: [conn('127.0.0.1', 18443), conn('::1', 5353)],
      http: [],
      tlsFailures: [],
      smtp: [],
    };
    const rules = runRules(net, []).map((x) => `${x.rule} ${x.evidence.port}`);
    expect(rules).toEqual(['evasion/monitor-contact 18443', 'evasion/monitor-contact 5353']);
  });
});
