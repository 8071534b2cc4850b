import { describe, expect, it } from 'vitest';
import { cidrContains, ipKey, parseCidr, parseIp, type Cidr } from './cidr.js';

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.cidr;
}

describe('parseIp', () => {
  it.each([
    '192.0.2.1',
    '0.0.0.0',
    '2001:db8::1',
    '::',
    '::1',
    '2001:db8:0:0:0:0:0:1',
    '[2001:db8::1]',
    '::ffff:192.0.2.1',
    '64:ff9b::192.0.2.1',
  ])('reads %s', (text) => expect(parseIp(text)).toBeDefined());
  it.each([
    '192.0.2',
    '192.0.2.256',
    '192.0.2.01',
    '1.2.3.4.5',
    '2001:db8:::1',
    '2001:db8::1::2',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'fe80::1%eth0',
    'example.com',
    '',
  ])('refuses %s', (text) => expect(parseIp(text)).toBeUndefined());
  it('gives two spellings of one address the same key', () => {
    expect(ipKey('2001:DB8:0::1')).toBe(ipKey('2001:db8::1'));
    expect(ipKey('::ffff:192.0.2.1')).toBe(ipKey('192.0.2.1'));
    expect(ipKey('2001:db8::1')).not.toBe(ipKey('2001:db8::2'));
  });
});

describe('parseCidr', () => {
  it('reads ranges and single addresses', () => {
    expect(cidr('203.0.113.0/24')).toEqual({ family: 4, value: 0xcb007100n, prefix: 24 });
    expect(cidr('192.0.2.7')).toMatchObject({ family: 4, prefix: 32 });
    expect(cidr('2001:db8::/32')).toMatchObject({ family: 6, prefix: 32 });
    expect(cidr('0.0.0.0/0')).toMatchObject({ family: 4, prefix: 0 });
    // an IPv4-mapped range is the IPv4 range
    expect(cidr('::ffff:203.0.113.0/120')).toEqual(cidr('203.0.113.0/24'));
  });
  it.each([
    ['203.0.113.0/33', 'prefix "/33" must be between /0 and /32'],
    ['203.0.113.0/-1', 'prefix "/-1" must be between /0 and /32'],
    ['203.0.113.0/24/8', 'has more than one "/"'],
    ['203.0.113.9/24', 'has host bits set (the range is 203.0.113.0/24)'],
    ['2001:db8::1/32', 'has host bits set (the range is 2001:db8::/32)'],
    ['300.0.0.0/8', '"300.0.0.0" is not an IPv4 or IPv6 address'],
  ])('refuses %s', (text, error) => expect(parseCidr(text)).toEqual({ error }));
});

describe('cidrContains', () => {
  it('matches IPv4 addresses in the range only', () => {
    const r = cidr('203.0.113.0/24');
    expect(cidrContains(r, '203.0.113.0')).toBe(true);
    expect(cidrContains(r, '203.0.113.255')).toBe(true);
    expect(cidrContains(r, '203.0.114.1')).toBe(false);
    expect(cidrContains(r, '::ffff:203.0.113.5')).toBe(true);
    expect(cidrContains(r, '2001:db8::1')).toBe(false);
    expect(cidrContains(r, 'not an ip')).toBe(false);
  });
  it('matches IPv6 addresses in the range only', () => {
    const r = cidr('2001:db8:1::/48');
    expect(cidrContains(r, '2001:db8:1:ffff::9')).toBe(true);
    expect(cidrContains(r, '2001:DB8:1::')).toBe(true);
    expect(cidrContains(r, '2001:db8:2::1')).toBe(false);
    expect(cidrContains(r, '203.0.113.1')).toBe(false);
  });
  it('matches one address exactly', () => {
    expect(cidrContains(cidr('192.0.2.66'), '192.0.2.66')).toBe(true);
    expect(cidrContains(cidr('192.0.2.66'), '192.0.2.67')).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), '198.51.100.1')).toBe(true);
  });
});
