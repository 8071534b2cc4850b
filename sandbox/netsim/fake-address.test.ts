import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { normalizeIp } from './conntrack.js';
import { FakeAddressBook } from './fake-address.js';

/** True when an IPv4 address lies in 198.18.0.0/15. */
function inBenchmarkRange(ip: string): boolean {
  const [a, b, c, d] = ip.split('.').map(Number);
  return a === 198 && (b === 18 || b === 19) && c !== undefined && d !== undefined;
}

/** The eight 16-bit groups of an IPv6 address. */
function groups(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

const names = Array.from({ length: 5000 }, (_, i) => `host-${i}.fake.example`);

describe('FakeAddressBook', () => {
  it.each<[string, string]>([
    ['api.svc.example', 'API.Svc.EXAMPLE'],
    ['collector.example', 'COLLECTOR.EXAMPLE'],
    ['lookup.telemetry.test', 'Lookup.Telemetry.Test'],
  ])('gives %s and %s the same addresses', (a, b) => {
    const book = new FakeAddressBook();
    expect(book.ipv4(a)).toBe(book.ipv4(b));
    expect(book.ipv6(a)).toBe(book.ipv6(b));
    expect(book.ipv4(a)).toBe(book.ipv4(a));
  });

  it('is stable across books (a pure function of the name)', () => {
    expect(new FakeAddressBook().ipv4('a.example')).toBe(new FakeAddressBook().ipv4('a.example'));
    expect(new FakeAddressBook().ipv6('a.example')).toBe(new FakeAddressBook().ipv6('a.example'));
  });

  it('gives different names different addresses', () => {
    const book = new FakeAddressBook();
    expect(book.ipv4('a.example')).not.toBe(book.ipv4('b.example'));
    expect(book.ipv6('a.example')).not.toBe(book.ipv6('b.example'));
  });

  it('answers IPv4 inside 198.18.0.0/15, never a .0 address', () => {
    const book = new FakeAddressBook();
    for (const name of names) {
      const ip = book.ipv4(name);
      expect(isIPv4(ip), ip).toBe(true);
      expect(inBenchmarkRange(ip), ip).toBe(true);
      expect(ip.endsWith('.0'), ip).toBe(false);
    }
  });

  it('answers IPv6 inside 2001:db8:a1::/48', () => {
    const book = new FakeAddressBook();
    for (const name of names) {
      const ip = book.ipv6(name);
      expect(isIPv6(ip), ip).toBe(true);
      expect(groups(ip).slice(0, 3), ip).toEqual([0x2001, 0xdb8, 0xa1]);
    }
  });

  it('has no collisions over 5000 names, in either family', () => {
    const book = new FakeAddressBook();
    const v4 = new Set(names.map((n) => book.ipv4(n)));
    const v6 = new Set(names.map((n) => book.ipv6(n)));
    expect(v4.size).toBe(names.length);
    expect(v6.size).toBe(names.length);
  });

  it('answers IPv6 in canonical form, so DNS answers compare equal to captured addresses', () => {
    const book = new FakeAddressBook();
    for (const name of names) {
      const ip = book.ipv6(name);
      expect(normalizeIp(ip, 6), ip).toBe(ip);
    }
  });

  it('stays canonical when the upper address group hashes to zero', () => {
    // The first name z<i>.example whose SHA-256 starts with two zero bytes: 0 in the seventh group.
    const name = 'z134973.example';
    const digest = createHash('sha256').update(name).digest();
    expect(digest.readUInt16BE(0)).toBe(0);
    const ip = new FakeAddressBook().ipv6(name);
    expect(isIPv6(ip)).toBe(true);
    expect(groups(ip)[6]).toBe(0);
    expect(normalizeIp(ip, 6)).toBe(ip);
    expect(new URL(`http://[${ip}]/`).hostname).toBe(`[${ip}]`);
  });
});
