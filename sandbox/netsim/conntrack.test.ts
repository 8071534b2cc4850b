import { describe, expect, it } from 'vitest';
import { ConntrackReader, findOriginalDst, indexConntrack, normalizeIp } from './conntrack.js';

const TEXT = [
  'ipv4     2 udp      17 29 src=192.168.64.23 dst=10.0.0.2 sport=40000 dport=53 src=127.0.0.1 dst=192.168.64.23 sport=5353 dport=40000 mark=0 zone=0 use=2',
  'ipv4     2 tcp      6 431999 ESTABLISHED src=192.168.64.23 dst=203.0.113.7 sport=45678 dport=4444 src=127.0.0.1 dst=192.168.64.23 sport=10080 dport=45678 [ASSURED] mark=0 zone=0 use=2',
  'ipv6     10 tcp      6 119 SYN_SENT src=fd6e:00ab:0000:0000:0000:0000:0000:0023 dst=2001:0db8:0000:0000:0000:0000:0000:beef sport=45679 dport=8443 src=0000:0000:0000:0000:0000:0000:0000:0001 dst=fd6e:00ab:0000:0000:0000:0000:0000:0023 sport=10080 dport=45679 mark=0 zone=0 use=2',
].join('\n');

describe('findOriginalDst', () => {
  it('finds an IPv4 TCP original destination', () => {
    expect(findOriginalDst(TEXT, 'tcp', 45678, 10080)).toEqual({
      family: 4,
      dstIp: '203.0.113.7',
      dstPort: 4444,
    });
  });
  it('finds an IPv6 destination in canonical form', () => {
    expect(findOriginalDst(TEXT, 'tcp', 45679, 10080)).toEqual({
      family: 6,
      dstIp: '2001:db8::beef',
      dstPort: 8443,
    });
  });
  it('matches UDP by protocol and both ports', () => {
    expect(findOriginalDst(TEXT, 'udp', 40000, 5353)?.dstPort).toBe(53);
    expect(findOriginalDst(TEXT, 'udp', 40000, 10053)).toBeUndefined();
    expect(findOriginalDst(TEXT, 'tcp', 40000, 5353)).toBeUndefined();
  });
  it('ignores garbage', () => {
    expect(findOriginalDst('nonsense\n\n= = =', 'tcp', 1, 2)).toBeUndefined();
  });
});

describe('normalizeIp', () => {
  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['2001:db8::', '2001:db8::'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
  ])('%s -> %s', (input, out) => {
    expect(normalizeIp(input, 6)).toBe(out);
  });
});

describe('indexConntrack', () => {
  it('keys every redirected flow by protocol, client port and our port', () => {
    const index = indexConntrack(TEXT);
    expect(index.get('tcp|45678|10080')).toEqual({
      family: 4,
      dstIp: '203.0.113.7',
      dstPort: 4444,
    });
    expect(index.get('udp|40000|5353')?.dstPort).toBe(53);
    expect(index.size).toBe(3);
  });
});

describe('ConntrackReader', () => {
  it('serves every lookup of one turn from one read, made after they were asked', async () => {
    let reads = 0;
    let clock = 0;
    const reader = new ConntrackReader(
      () => {
        reads += 1;
        return TEXT;
      },
      () => clock++,
    );
    const all = await Promise.all([
      reader.lookup('tcp', 45678, 10080),
      reader.lookup('udp', 40000, 5353),
      reader.lookup('tcp', 1, 10080),
    ]);
    expect(reads).toBe(1);
    expect(all.map((d) => d?.dstPort)).toEqual([4444, 53, undefined]);
    // a later lookup needs a fresh read: the client port may have been reused since
    await reader.lookup('tcp', 45678, 10080);
    expect(reads).toBe(2);
  });
});
