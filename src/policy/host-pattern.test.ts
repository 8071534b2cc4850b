import { describe, expect, it } from 'vitest';
import { hostPatternError, hostPatternMatches, normaliseHost } from './host-pattern.js';

describe('hostPatternError', () => {
  it.each([
    'api.example.com',
    '*.example.com',
    'localhost',
    'API.Example.COM.',
    '_dmarc.example.com',
    'xn--bcher-kva.example',
  ])('accepts %s', (h) => expect(hostPatternError(h)).toBeUndefined());
  it.each([
    ['192.0.2.1', 'is an address: give it as "cidr"'],
    ['2001:db8::1', 'is an address: give it as "cidr"'],
    ['api.*.example.com', 'may use a wildcard only as its first label (*.example.com)'],
    ['*', 'may use a wildcard only as its first label (*.example.com)'],
    ['*.com', 'is a wildcard over a whole top-level domain'],
    ['a..example', 'has an empty label (two dots in a row)'],
    [
      '-a.example',
      'has an invalid label "-a" (letters, digits, "-" and "_", at most 63, no "-" at either end)',
    ],
    [
      `${'a'.repeat(64)}.example`,
      `has an invalid label "${'a'.repeat(64)}" (letters, digits, "-" and "_", at most 63, no "-" at either end)`,
    ],
    ['host.123', 'ends in a number: is it an address?'],
  ])('refuses %s', (h, error) => expect(hostPatternError(h)).toBe(error));
});

describe('hostPatternMatches', () => {
  it('matches a name exactly, in any case, with or without a trailing dot', () => {
    expect(hostPatternMatches('API.example.com.', 'api.example.com')).toBe(true);
    expect(hostPatternMatches('api.example.com.evil.example', 'api.example.com')).toBe(false);
    expect(hostPatternMatches('x.api.example.com', 'api.example.com')).toBe(false);
  });
  it('matches a wildcard against the domain and its subdomains only', () => {
    expect(hostPatternMatches('example.com', '*.example.com')).toBe(true);
    expect(hostPatternMatches('a.b.example.com', '*.example.com')).toBe(true);
    expect(hostPatternMatches('badexample.com', '*.example.com')).toBe(false);
    expect(hostPatternMatches('example.com.evil.example', '*.example.com')).toBe(false);
  });
  it('normalises', () => expect(normaliseHost(' A.Example. ')).toBe('a.example'));
});
