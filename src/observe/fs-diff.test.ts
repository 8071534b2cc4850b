import { describe, expect, it } from 'vitest';
import { diffListings, type FsEntry, homeRelative, parseFindListing } from './fs-diff.js';

const HOME = '/home/dev';

/** One `find -printf '%T@ %A@ %s %p\0'` record. */
const rec = (mtime: string, atime: string, size: number, path: string) =>
  `${mtime} ${atime} ${size} ${path}\0`;

const entry = (path: string, mtime: number, atime: number, size: number): FsEntry => ({
  path,
  mtime,
  atime,
  size,
});

const listing = (...entries: FsEntry[]) => new Map(entries.map((e) => [e.path, e]));

describe('parseFindListing', () => {
  it('parses NUL-separated records into epoch milliseconds', () => {
    const text =
      rec('1700000000.5000000000', '1600000000.2500000000', 220, `${HOME}/.bashrc`) +
      rec('1700000001', '1700000001', 0, '/tmp/empty');
    expect([...parseFindListing(text).values()]).toEqual([
      entry(`${HOME}/.bashrc`, 1700000000500, 1600000000250, 220),
      entry('/tmp/empty', 1700000001000, 1700000001000, 0),
    ]);
  });

  it.each<[string, string]>([
    ['spaces', `${HOME}/My Documents/a b  c.txt`],
    ['a newline', `${HOME}/evil\nname`],
    ['a trailing newline', `${HOME}/trail\n`],
    ['a leading space in a name', `${HOME}/ lead`],
    ['digits and spaces that look like fields', `${HOME}/1 2 3 /x`],
    ['non-ASCII', `${HOME}/données/naïve ✓.txt`],
  ])('keeps a path with %s whole', (_name, path) => {
    const parsed = parseFindListing(rec('1700000000.1', '1700000000.1', 5, path));
    expect([...parsed.keys()]).toEqual([path]);
    expect(parsed.get(path)?.size).toBe(5);
  });

  it('accepts a newline at the start of a record (a line-ending left by the reader)', () => {
    const text = `${rec('1', '1', 1, '/tmp/a')}\n${rec('2', '2', 2, '/tmp/b')}`;
    expect([...parseFindListing(text).keys()]).toEqual(['/tmp/a', '/tmp/b']);
  });

  it.each<[string, string]>([
    ['an empty listing', ''],
    ['a relative path', rec('1', '1', 1, 'tmp/rel')],
    ['a missing size', '1700000000.1 1700000000.1 /tmp/x\0'],
    ['a negative size', '1 1 -5 /tmp/x\0'],
    ['non-numeric times', 'now then 5 /tmp/x\0'],
    ['a single space between fields missing', '1 15 /tmp/x\0'],
    ['find error text', "find: '/home/dev/.secret': Permission denied\n"],
    ['only NULs', '\0\0\0'],
  ])('skips %s', (_name, text) => {
    expect(parseFindListing(text).size).toBe(0);
  });

  it('keeps the good records around malformed ones', () => {
    const text = `${rec('1', '1', 1, '/tmp/a')}garbage\0${rec('2', '2', 2, '/tmp/b')}`;
    expect([...parseFindListing(text).keys()]).toEqual(['/tmp/a', '/tmp/b']);
  });

  it('stops at maxEntries', () => {
    const text = Array.from({ length: 50 }, (_, i) => rec('1', '1', i, `/tmp/f${i}`)).join('');
    const parsed = parseFindListing(text, 10);
    expect(parsed.size).toBe(10);
    expect([...parsed.keys()]).toEqual(Array.from({ length: 10 }, (_, i) => `/tmp/f${i}`));
  });

  it('caps a path at 4096 characters', () => {
    const long = `/tmp/${'a'.repeat(5000)}`;
    const parsed = parseFindListing(rec('1', '1', 1, long));
    expect([...parsed.keys()]).toEqual([long.slice(0, 4096)]);
  });
});

describe('diffListings', () => {
  const WATCH = new Set([`${HOME}/.ssh/id_rsa`, `${HOME}/.npmrc`]);
  const KEY = `${HOME}/.ssh/id_rsa`;
  const prev = listing(
    entry(KEY, 1000, 1000, 2600),
    entry(`${HOME}/.npmrc`, 1000, 1000, 60),
    entry(`${HOME}/.bashrc`, 1000, 1000, 220),
    entry('/tmp/gone', 1000, 1000, 9),
  );

  it.each<[string, FsEntry[], ReturnType<typeof diffListings>]>([
    ['nothing changed', [], []],
    [
      'a file created',
      [entry('/tmp/new', 2000, 2000, 4)],
      [{ path: '/tmp/new', change: 'created', size: 4 }],
    ],
    [
      'mtime changed',
      [entry(`${HOME}/.bashrc`, 2000, 1000, 220)],
      [{ path: `${HOME}/.bashrc`, change: 'modified', size: 220 }],
    ],
    [
      'size changed, same mtime',
      [entry(`${HOME}/.bashrc`, 1000, 1000, 300)],
      [{ path: `${HOME}/.bashrc`, change: 'modified', size: 300 }],
    ],
    [
      'a watched file read',
      [entry(KEY, 1000, 5000, 2600)],
      [{ path: KEY, change: 'read', size: 2600 }],
    ],
    [
      'a watched file written and read: modified wins',
      [entry(KEY, 3000, 5000, 2600)],
      [{ path: KEY, change: 'modified', size: 2600 }],
    ],
    ['an unwatched file read', [entry(`${HOME}/.bashrc`, 1000, 5000, 220)], []],
    ['a watched file with an older atime', [entry(KEY, 1000, 500, 2600)], []],
  ])('%s', (_name, changed, expected) => {
    const next = new Map(prev);
    for (const e of changed) next.set(e.path, e);
    expect(diffListings(prev, next, WATCH)).toEqual(expected);
  });

  it('reports a file that is gone as deleted, with its last size, after the others', () => {
    const next = new Map(prev);
    next.delete('/tmp/gone');
    next.set('/tmp/new', entry('/tmp/new', 2000, 2000, 4));
    expect(diffListings(prev, next, WATCH)).toEqual([
      { path: '/tmp/new', change: 'created', size: 4 },
      { path: '/tmp/gone', change: 'deleted', size: 9 },
    ]);
  });

  it('reports everything as created from an empty baseline and deleted into an empty listing', () => {
    expect(diffListings(new Map(), prev, WATCH).map((c) => c.change)).toEqual([
      'created',
      'created',
      'created',
      'created',
    ]);
    expect(diffListings(prev, new Map(), WATCH).map((c) => `${c.change} ${c.size}`)).toEqual([
      'deleted 2600',
      'deleted 60',
      'deleted 220',
      'deleted 9',
    ]);
  });

  it('works on parsed listings end to end', () => {
    const before = parseFindListing(
      rec('1700000000.0', '1600000000.0', 2600, KEY) +
        rec('1700000000.0', '1700000000.0', 0, '/tmp/x y'),
    );
    const after = parseFindListing(
      rec('1700000000.0', '1700000100.0', 2600, KEY) +
        rec('1700000050.0', '1700000050.0', 12, '/tmp/x y') +
        rec('1700000060.0', '1700000060.0', 3, `${HOME}/.config/autostart/a\nb.desktop`),
    );
    expect(diffListings(before, after, WATCH)).toEqual([
      { path: KEY, change: 'read', size: 2600 },
      { path: '/tmp/x y', change: 'modified', size: 12 },
      { path: `${HOME}/.config/autostart/a\nb.desktop`, change: 'created', size: 3 },
    ]);
  });
});

describe('homeRelative', () => {
  it.each<[string, string]>([
    [`${HOME}/.bashrc`, '~/.bashrc'],
    [`${HOME}/.ssh/id_rsa`, '~/.ssh/id_rsa'],
    [`${HOME}/project/.env`, '~/project/.env'],
    [HOME, '~'],
    [`${HOME}/`, '~/'],
    ['/home/developer/.bashrc', '/home/developer/.bashrc'],
    ['/home/dev2/x', '/home/dev2/x'],
    ['/tmp/x', '/tmp/x'],
    ['/', '/'],
    ['', ''],
  ])('%s -> %s', (path, expected) => {
    expect(homeRelative(path, HOME)).toBe(expected);
  });
});
