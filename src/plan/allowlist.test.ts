import { describe, expect, it } from 'vitest';
import { isAllowed, parseAllowlist } from './allowlist.js';

describe('parseAllowlist', () => {
  it.each<[string, string[], string[]]>([
    ['nothing', [], []],
    ['one host', ['api.example.test'], ['api.example.test']],
    ['comma-separated', ['a.example,b.example'], ['a.example', 'b.example']],
    ['repeated options', ['a.example', 'b.example'], ['a.example', 'b.example']],
    ['spaces around items', [' a.example , b.example '], ['a.example', 'b.example']],
    ['upper case', ['API.Example.TEST'], ['api.example.test']],
    ['trailing dot', ['api.example.test.'], ['api.example.test']],
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
  const list = parseAllowlist(['api.example.test', '*.example.com', '203.0.113.7', '2001:db8::1']);

  it.each<[string | undefined, boolean]>([
    // exact names
    ['api.example.test', true],
    ['API.EXAMPLE.TEST', true],
    ['api.example.test.', true],
    ['example.test', false],
    ['www.api.example.test', false],
    ['api.example.test.invalid', false],
    // wildcard: subdomains and the bare domain, nothing that merely ends the same way
    ['example.com', true],
    ['cdn.example.com', true],
    ['a.b.example.com', true],
    ['CDN.Example.Com.', true],
    ['badexample.com', false],
    ['example.com.invalid', false],
    ['x-example.com', false],
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
    expect(isAllowed('api.example.test', [])).toBe(false);
    expect(isAllowed('203.0.113.7', [])).toBe(false);
  });

  it('does not treat a plain entry as a suffix wildcard', () => {
    expect(isAllowed('sub.example.test', ['example.test'])).toBe(false);
  });
});
