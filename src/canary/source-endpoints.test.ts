import { describe, expect, it } from 'vitest';
import { hostOfLiteral, scanSourceEndpoints } from './source-endpoints.js';

describe('scanSourceEndpoints defaults', () => {
  it.each<[string, string, string | undefined | null]>([
    [
      '|| literal',
      `const u = process.env.X_API_URL || 'https://api.x.example/v1';`,
      'api.x.example',
    ],
    ['?? literal', `const u = process.env.X_API_URL ?? "https://api.x.example";`, 'api.x.example'],
    [
      'bracket read',
      "const u = process.env['X_API_URL'] || `https://api.x.example`;",
      'api.x.example',
    ],
    ['minified', 'var a=process.env.X_API_URL||"https://api.x.example";', 'api.x.example'],
    [
      'a constant',
      `const DEFAULT_BASE = 'https://api.x.example';\nconst u = process.env.X_API_URL || DEFAULT_BASE;`,
      'api.x.example',
    ],
    [
      'a member constant',
      `const C = { BASE: "https://api.x.example" };\nconst u = process.env.X_API_URL ?? C.BASE;`,
      'api.x.example',
    ],
    ['a bare host', `const h = process.env.X_API_URL || 'api.x.example';`, 'api.x.example'],
    ['a computed default', `const u = process.env.X_API_URL || makeUrl();`, undefined],
    [
      'destructuring',
      `const { X_API_KEY, X_API_URL = 'https://api.x.example' } = process.env;`,
      'api.x.example',
    ],
    ['python', `url = os.environ.get('X_API_URL', 'https://api.x.example')`, 'api.x.example'],
    ['no default', `const u = process.env.X_API_URL;`, null],
    ['an empty default', `const u = process.env.X_API_URL || '';`, null],
    ['undefined', `const u = process.env.X_API_URL ?? undefined;`, null],
  ])('%s', (_name, source, host) => {
    const found = scanSourceEndpoints([source], ['X_API_KEY', 'X_API_URL']);
    if (host === null) expect(found.defaults.has('X_API_URL')).toBe(false);
    else {
      expect(found.defaults.has('X_API_URL')).toBe(true);
      expect(found.defaults.get('X_API_URL')).toBe(host);
    }
    // Only endpoint-named variables are looked at.
    expect(found.defaults.has('X_API_KEY')).toBe(false);
  });

  it('collects the hosts URL literals name, bounded and lower-case', () => {
    const src = `fetch("https://API.Foo.example/v1"); const b = 'http://bar.test:8080/x';`;
    expect(scanSourceEndpoints([src], []).hosts).toEqual(['api.foo.example', 'bar.test']);
    const many = Array.from({ length: 800 }, (_, i) => `'https://h${i}.example/'`).join(';');
    expect(scanSourceEndpoints([many], []).hosts.length).toBe(500);
  });

  it('reads a large hostile source without backtracking for ever (the test timeout bounds it)', () => {
    const big = `${'{a,'.repeat(100_000)}} = process.env; ${'process.env.X_API_URL || '.repeat(5000)}`;
    expect(scanSourceEndpoints([big], ['X_API_URL']).defaults.get('X_API_URL')).toBeUndefined();
  });
});

describe('hostOfLiteral', () => {
  it.each<[string, string | undefined]>([
    ['https://user:pw@db.example:5432/x', 'db.example'],
    ['postgres://app:s3cret@db.internal.example:5432/production', 'db.internal.example'],
    ['http://[2001:db8::1]:8080/', '2001:db8::1'],
    ['api.example', 'api.example'],
    ['not a url', undefined],
    ['', undefined],
  ])('%s -> %s', (literal, host) => {
    expect(hostOfLiteral(literal)).toBe(host);
  });
});
