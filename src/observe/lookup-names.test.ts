import { describe, expect, it } from 'vitest';
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import { firstChoiceAddresses } from '../../sandbox/netsim/fake-address.js';
import { bareHost, namesByIp } from './lookup-names.js';

const KEY = '00112233445566778899aabbccddeeff';
const ip = firstChoiceAddresses('relay.warmcache.example', KEY).v4;
const open = (flow: number, dstIp: string): NetsimEvent => ({
  type: 'tcp-open',
  t: 10,
  flow,
  family: 4,
  srcPort: 40000 + flow,
  dstIp,
  dstPort: 443,
});
const http = (flow: number, host: string): NetsimEvent => ({
  type: 'http',
  t: 11,
  flow,
  method: 'POST',
  url: `https://${host}/`,
  headers: { host },
  bodyBytes: 0,
  body: '',
  truncated: false,
});
const cap: NetsimEvent = { type: 'cap', t: 5, cap: 'events:dns', limit: 10000 };
const ready: NetsimEvent = { type: 'ready', t: 1, addressKey: KEY };

describe('namesByIp', () => {
  it('names addresses from the logged answers, lower-case, without a trailing dot', () => {
    const m = namesByIp([
      {
        type: 'dns',
        t: 1,
        transport: 'udp',
        srcPort: 1,
        name: 'API.X.Example.',
        qtype: 'A',
        answers: ['198.18.0.9'],
      },
    ]);
    expect(m.get('198.18.0.9')).toEqual(['api.x.example']);
  });

  it('after the DNS budget is spent, confirms a claimed name only when the address is that name’s', () => {
    const m = namesByIp([ready, cap, open(1, ip), http(1, 'Relay.WarmCache.Example:443')]);
    expect(m.get(ip)).toEqual(['relay.warmcache.example']);
    const forged = namesByIp([ready, cap, open(2, ip), http(2, 'api.allowed.example')]);
    expect(forged.has(ip)).toBe(false);
    // without the run's key, addresses are predictable: nothing is confirmed
    expect(namesByIp([cap, open(1, ip), http(1, 'relay.warmcache.example')]).has(ip)).toBe(false);
  });

  it('takes no claim while lookups are still logged', () => {
    expect(namesByIp([open(1, ip), http(1, 'relay.warmcache.example')]).has(ip)).toBe(false);
  });
});

describe('bareHost', () => {
  it.each([
    ['Api.X.Example:8443', 'api.x.example'],
    ['api.x.example.', 'api.x.example'],
    ['[2001:db8::1]:443', '2001:db8::1'],
  ])('%s -> %s', (h, out) => expect(bareHost(h)).toBe(out));
});
