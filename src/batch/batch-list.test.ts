// Tests for the batch target list: comments, blanks, duplicates, hostile lines, bounds, and slugs
// that are safe, unique and the same in every run.
import { describe, expect, it } from 'vitest';
import { AnalyzerError } from '../domain/errors.js';
import {
  BATCH_LIST_LIMITS,
  duplicateNotes,
  parseBatchList,
  quoted,
  targetSlug,
  uniqueTargetSlugs,
} from './batch-list.js';

const SAFE_SLUG = /^[a-z0-9._-]+$/;

function badList(text: string): AnalyzerError {
  try {
    parseBatchList(text, 'list.txt');
  } catch (e) {
    if (e instanceof AnalyzerError) return e;
    throw e;
  }
  throw new Error('expected a bad-list error');
}

describe('parseBatchList', () => {
  it('reads one target a line, skipping blanks and comments, trimming and keeping line numbers', () => {
    const text = [
      '\uFEFF# registry sample',
      '',
      '  @scope/pkg@1.2.3  ',
      'plain-pkg # a trailing comment',
      '\t./servers/local\r',
      'github:owner/repo#v1.0.0',
      '   # indented comment',
      './dist/pkg-1.0.0.tgz\t# tab before the comment',
      '',
    ].join('\n');
    const targets = parseBatchList(text, 'list.txt');
    expect(targets.map((t) => [t.line, t.target])).toEqual([
      [3, '@scope/pkg@1.2.3'],
      [4, 'plain-pkg'],
      [5, './servers/local'],
      [6, 'github:owner/repo#v1.0.0'],
      [8, './dist/pkg-1.0.0.tgz'],
    ]);
    for (const t of targets) expect(t.slug).toMatch(SAFE_SLUG);
    expect(targets[0]?.slug).toMatch(/^scope-pkg-1\.2\.3-[0-9a-f]{8}$/);
  });

  it('keeps the first of duplicates and notes the others on it', () => {
    const text = ['a', 'b', 'a', 'a # again', 'c', 'b'].join('\n');
    const targets = parseBatchList(text, 'l.txt');
    expect(targets.map((t) => t.target)).toEqual(['a', 'b', 'c']);
    expect(targets[0]?.duplicates).toEqual({ count: 2, lines: [3, 4] });
    expect(targets[1]?.duplicates).toEqual({ count: 1, lines: [6] });
    expect(targets[2]?.duplicates).toBeUndefined();
    expect(duplicateNotes(targets, 'l.txt')).toEqual([
      'l.txt:1: "a" also on lines 3, 4: analysed once',
      'l.txt:2: "b" also on line 6: analysed once',
    ]);
  });

  it('bounds the line numbers kept for a target repeated many times', () => {
    const targets = parseBatchList(Array(1000).fill('x').join('\n'), 'l');
    expect(targets).toHaveLength(1);
    expect(targets[0]?.duplicates?.count).toBe(999);
    expect(targets[0]?.duplicates?.lines).toHaveLength(BATCH_LIST_LIMITS.duplicateLines);
    expect(duplicateNotes(targets, 'l')[0]).toContain('and 989 more');
  });

  it('returns no targets for an empty or comment-only list', () => {
    expect(parseBatchList('', 'l')).toEqual([]);
    expect(parseBatchList('# nothing\n\n   \n', 'l')).toEqual([]);
  });

  it('refuses hostile lines with one line naming the file and line, shown escaped', () => {
    const cases: [string, RegExp][] = [
      [
        'ok\nbad\u0000name',
        /^list\.txt:2: target has a control or invisible character: "bad\\u\{0\}name"$/,
      ],
      ['evil\u202Etxt.tgz', /^list\.txt:1: .*"evil\\u\{202E\}txt\.tgz"$/],
      ['zero\u200Bwidth', /^list\.txt:1: .*\\u\{200B\}/],
      ['a\rb', /^list\.txt:1: .*"a\\u\{D\}b"$/],
      ['--registry=https://evil.example', /^list\.txt:1: target starts with "-"/],
      [
        'x'.repeat(BATCH_LIST_LIMITS.target + 1),
        /^list\.txt:1: target longer than 4096 characters$/,
      ],
    ];
    for (const [text, re] of cases) {
      const e = badList(text);
      expect(e.code).toBe('bad-list');
      expect(e.message).toMatch(re);
      expect(e.message).not.toContain('\n');
    }
  });

  it('refuses a list past its size or target bounds', () => {
    expect(badList('a'.repeat(BATCH_LIST_LIMITS.chars + 1)).message).toBe(
      'list.txt: larger than 16 MiB',
    );
    const many = Array.from({ length: BATCH_LIST_LIMITS.targets + 1 }, (_, i) => `p${i}`);
    const e = badList(many.join('\n'));
    expect(e.message).toBe(`list.txt:${BATCH_LIST_LIMITS.targets + 1}: more than 100000 targets`);
  });

  it('reads 100,000 targets with unique safe slugs', () => {
    const many = Array.from(
      { length: BATCH_LIST_LIMITS.targets },
      (_, i) => `pkg-${i % 7}@1.0.${i}`,
    );
    const targets = parseBatchList(many.join('\n'), 'l');
    expect(targets).toHaveLength(BATCH_LIST_LIMITS.targets);
    expect(new Set(targets.map((t) => t.slug)).size).toBe(targets.length);
  });
});

describe('targetSlug', () => {
  it('is stable for the same text and differs for different texts', () => {
    expect(targetSlug('@scope/pkg@1.2.3')).toBe(targetSlug('@scope/pkg@1.2.3'));
    // Same readable part, different text: the hash tells them apart.
    expect(targetSlug('@a/b')).not.toBe(targetSlug('a-b'));
    expect(targetSlug('Foo')).not.toBe(targetSlug('foo'));
    expect(targetSlug('@a/b').startsWith('a-b-')).toBe(true);
  });

  it('is file-system safe for hostile and odd targets', () => {
    const odd = [
      '.',
      '..',
      '../../etc/passwd',
      '/',
      '\\\\server\\share',
      'con',
      'aux.tgz',
      'LPT1',
      '名前',
      'é'.repeat(300),
      '.hidden',
      '-',
      'a/'.repeat(500),
      '<script>alert(1)</script>',
    ];
    for (const t of odd) {
      const s = targetSlug(t);
      expect(s).toMatch(SAFE_SLUG);
      expect(s).not.toMatch(/^[.-]/);
      expect(s).not.toMatch(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/);
      expect(s.length).toBeLessThanOrEqual(BATCH_LIST_LIMITS.slugReadable + 9);
    }
    expect(targetSlug('..')).toMatch(/^target-[0-9a-f]{8}$/);
    expect(targetSlug('../../etc/passwd')).toMatch(/^etc-passwd-[0-9a-f]{8}$/);
    expect(targetSlug('./servers/aux')).toMatch(/^servers-aux-/);
  });

  it('keeps the end of a long target, where the name and version are', () => {
    const s = targetSlug(`/very/long/${'deep/'.repeat(30)}my-server-2.0.0.tgz`);
    expect(s).toMatch(/my-server-2\.0\.0\.tgz-[0-9a-f]{8}$/);
  });
});

describe('uniqueTargetSlugs', () => {
  it('lengthens the hash of colliding slugs, for every target of the collision', () => {
    // Force a collision by giving two targets the same 8-digit slug: the only way two different
    // texts share one is a hash-prefix match, so check the mechanism on equal texts instead.
    const slugs = uniqueTargetSlugs(['same', 'same', 'other']);
    expect(slugs[0]).toMatch(/^same-[0-9a-f]{64}$/);
    expect(slugs[2]).toMatch(/^other-[0-9a-f]{8}$/);
  });
});

describe('quoted', () => {
  it('shows only printable ASCII, escapes quotes, and is bounded', () => {
    expect(quoted('a"b\\c')).toBe('"a\\u{22}b\\u{5C}c"');
    expect(quoted('x'.repeat(100), 5)).toBe('"xxxxx…"');
    expect(quoted('\u{1F600}')).toBe('"\\u{1F600}"');
  });
});
