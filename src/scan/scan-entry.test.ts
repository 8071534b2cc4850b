import { describe, expect, it } from 'vitest';
import { bound, CONFIG_LIMITS, entrySlug, uniqueSlugs } from './scan-entry.js';

const SAFE = /^[a-z0-9._-]+$/;

describe('entrySlug', () => {
  it.each<[string, string]>([
    ['github', 'github'],
    ['My Server', 'my-server'],
    ['@scope/pkg', 'scope-pkg'],
    ['../../etc/passwd', 'etc-passwd'],
    ['..', 'server-4'],
    ['.hidden', 'hidden'],
    ['Café Ünïcode', 'cafe-unicode'],
    ['日本語', 'server-4'],
    ['a\u0000b\nc', 'a-b-c'],
    ['-dash-', 'dash'],
    ['con', 'server-con'],
    ['NUL.txt', 'server-nul.txt'],
    ['weather.v2_beta', 'weather.v2_beta'],
  ])('%j -> %s', (name, slug) => {
    expect(entrySlug(name, 3)).toBe(slug);
  });

  it('is bounded and safe for any name', () => {
    for (const name of ['x'.repeat(1000), '/'.repeat(50), '\u202Eevil\u202C', 'a/'.repeat(300)]) {
      const slug = entrySlug(name, 0);
      expect(slug).toMatch(SAFE);
      expect(slug.length).toBeLessThanOrEqual(CONFIG_LIMITS.slug);
      expect(slug.startsWith('.')).toBe(false);
    }
  });
});

describe('uniqueSlugs', () => {
  it('keeps the first and suffixes later collisions with their position', () => {
    expect(uniqueSlugs(['My Server', 'my-server', 'MY SERVER'])).toEqual([
      'my-server',
      'my-server-2',
      'my-server-3',
    ]);
  });

  it('stays unique when a name already looks like a suffixed one', () => {
    const slugs = uniqueSlugs(['a-2', 'a', 'a', 'a-3', 'a-3']);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it('stays unique and bounded for long names that differ only past the bound', () => {
    const long = 'x'.repeat(100);
    const slugs = uniqueSlugs([`${long}1`, `${long}2`, `${long}3`, `${long}-3`]);
    expect(new Set(slugs).size).toBe(4);
    for (const s of slugs) expect(s.length).toBeLessThanOrEqual(CONFIG_LIMITS.slug);
  });
});

describe('bound', () => {
  it('cuts with a marker and never splits a surrogate pair', () => {
    expect(bound('abcdef', 3)).toBe('abc…');
    expect(bound('ab😀', 3)).toBe('ab…');
    expect(bound('abc', 3)).toBe('abc');
  });
});
