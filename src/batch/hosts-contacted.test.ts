// Tests for the hosts an index line lists: which connections count, and how names are kept.
import { describe, expect, it } from 'vitest';
import type { ConnectionObservation, DnsQueryObservation } from '../domain/types.js';
import { hostsContacted, indexHost } from './hosts-contacted.js';

const dns = (name: string): DnsQueryObservation => ({
  t: 0,
  phase: 'exercise',
  name,
  type: 'A',
  answers: [],
});
const conn = (over: Partial<ConnectionObservation>): ConnectionObservation => ({
  t: 0,
  phase: 'exercise',
  protocol: 'tcp',
  family: 4,
  dstIp: '192.0.2.1',
  dstPort: 443,
  srcPort: 40000,
  hostnames: [],
  bytesSent: 0,
  payloadExcerpt: '',
  payloadHex: '',
  isDns: false,
  seenBy: ['pcap'],
  ...over,
});

function network(d: DnsQueryObservation[], c: ConnectionObservation[]) {
  return {
    network: { resolvers: [], dns: d, connections: c, http: [], tlsFailures: [], smtp: [] },
  };
}

describe('hostsContacted', () => {
  it('lists DNS names and destinations; not resolver DNS, not unlogged names', () => {
    const r = network(
      [dns('API.Example.'), dns('api.example')],
      [
        conn({ dstIp: '198.51.100.7', hostnames: ['api.example', 'cdn.example'] }),
        conn({ dstIp: '203.0.113.5' }),
        conn({ dstIp: '10.0.0.53', dstPort: 53, isDns: true }),
        conn({ dstIp: '192.0.2.53', dstPort: 53, isDns: true, toResolver: false }),
        conn({ dstIp: '198.51.100.99', nameUnlogged: true }),
      ],
    );
    expect(hostsContacted(r, 200, 253)).toEqual({
      hosts: ['192.0.2.53', '203.0.113.5', 'api.example', 'cdn.example'],
      omitted: 0,
    });
  });

  it('keeps the first hosts in sorted order and counts the rest', () => {
    const r = network(['c.example', 'a.example', 'b.example'].map(dns), []);
    expect(hostsContacted(r, 2, 253)).toEqual({ hosts: ['a.example', 'b.example'], omitted: 1 });
  });
});

describe('indexHost', () => {
  it('is printable ASCII, lower case and bounded', () => {
    expect(indexHost('EVIL\u202E.example\n', 253)).toBe('evil?.example?');
    expect(indexHost('a b<c>', 253)).toBe('a?b<c>');
    expect(indexHost('x'.repeat(1000), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
