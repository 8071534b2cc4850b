import { describe, expect, it } from 'vitest';
import { isAllowed, parseAllowlist } from './allowlist.js';

describe('parseAllowlist', () => {
  it.each<[string, string[], string[]]>([
    ['nothing', [], []],
    ['one host', ['api.example.com'], ['api.example.com']],
    ['comma-separated', ['a.example,b.example'], ['a.example', 'b.example']],
    ['repeated options', ['a.example', 'b.example'], ['a.example', 'b.example']],
    ['spaces around items', [' a.example , b.example '], ['a.example', 'b.example']],
    ['upper case', ['API.Example.COM'], ['api.example.com']],
    ['trailing dot', ['api.example.com.'], ['api.example.com']],
    ['wildcard with trailing dot', ['*.Example.com.'], ['*.example.com']],
    ['empty string', [''], []],
    ['empty items', [',,a.example,, ,'], ['a.example']],
    ['IPv4', ['203.0.113.7'], ['203.0.113.7']],
    ['IPv6', ['2001:DB8::1'], ['2001:db8::1']],
    ['mixed', ['a.test, 198.51.100.1', '*.b.example'], ['a.test', '198.51.100.1', '*.b.example']],
  ])('%s', (_name, input, expected) => {
    expect(parseAllowlist(input)).toEqual(expected);
  });
});

describe('isAllowed', () => {
  const list = parseAllowlist(['api.example.com', '*.example.org', '203.0.113.7', '2001:db8::1']);

  it.each<[string | undefined, boolean]>([
    // exact names
    ['api.example.com', true],
    ['API.EXAMPLE.COM', true],
    ['api.example.com.', true],
    ['example.com', false],
    ['www.api.example.com', false],
    ['api.example.com.test', false],
    // wildcard: subdomains and the bare domain, nothing that merely ends the same way
    ['example.org', true],
    ['cdn.example.org', true],
    ['a.b.example.org', true],
    ['CDN.Example.Org.', true],
    ['badexample.org', false],
    ['example.org.invalid', false],
    ['xexample.org', false],
    // IP addresses
    ['203.0.113.7', true],
    ['203.0.113.70', false],
    ['203.0.113.77', false],
    ['198.51.100.7', false],
    ['2001:db8::1', true],
    ['[2001:db8::1]', true],
    ['2001:DB8::1', true],
    ['2001:db8::2', false],
    // no host at all
    [undefined, false],
    ['', false],
  ])('%j -> %s', (host, expected) => {
    expect(isAllowed(host, list)).toBe(expected);
  });

  it('allows nothing with an empty allowlist', () => {
    expect(isAllowed('api.example.com', [])).toBe(false);
    expect(isAllowed('203.0.113.7', [])).toBe(false);
  });

  it('does not treat a plain entry as a suffix wildcard', () => {
    expect(isAllowed('sub.example.net', ['example.net'])).toBe(false);
  });
});
