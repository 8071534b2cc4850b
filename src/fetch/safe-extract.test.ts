// The host-side unpacking of the staged project against hostile archives: traversal, absolute
// paths, symlinks out of the tree and entries written through a symlink, devices, hard links,
// and the byte and entry bounds.
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { safeEntryPath, safeExtract, safeLinkTarget } from './safe-extract.js';

type Entry = {
  name: string;
  type?: tar.Header['type'];
  body?: string;
  linkname?: string;
  mode?: number;
};

async function archive(entries: Entry[]): Promise<Readable> {
  const pack = tar.pack();
  for (const e of entries)
    pack.entry(
      { name: e.name, type: e.type ?? 'file', linkname: e.linkname, mode: e.mode },
      e.body ?? '',
    );
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Readable.from([Buffer.concat(chunks)]);
}

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const dest = () => (dir = mkdtempSync(join(tmpdir(), 'safe-extract-')));
const LIMITS = { maxBytes: 1 << 20, maxEntries: 100 };

describe('safeExtract', () => {
  it('unpacks files, folders and relative symlinks inside the tree, without set-uid bits', async () => {
    const d = dest();
    await safeExtract(
      await archive([
        { name: 'project/', type: 'directory' },
        { name: 'project/package.json', body: '{"name":"workspace"}' },
        { name: 'project/node_modules/x/bin.js', body: 'x', mode: 0o4755 },
        { name: 'project/node_modules/.bin/x', type: 'symlink', linkname: '../x/bin.js' },
      ]),
      d,
      'project',
      LIMITS,
    );
    expect(readFileSync(join(d, 'project/package.json'), 'utf8')).toContain('workspace');
    expect(readlinkSync(join(d, 'project/node_modules/.bin/x'))).toBe('../x/bin.js');
    expect(statSync(join(d, 'project/node_modules/x/bin.js')).mode & 0o7777).toBe(0o755);
  });

  it.each<[string, Entry[]]>([
    ['a path with ..', [{ name: 'project/../../etc/x', body: 'x' }]],
    ['an absolute path', [{ name: '/etc/x', body: 'x' }]],
    ['a path outside the top folder', [{ name: 'other/x', body: 'x' }]],
    ['a symlink out of the tree', [{ name: 'project/l', type: 'symlink', linkname: '../../etc' }]],
    ['an absolute symlink', [{ name: 'project/l', type: 'symlink', linkname: '/etc' }]],
    [
      'a file written through a symlink',
      [
        { name: 'project/l', type: 'symlink', linkname: 'sub' },
        { name: 'project/l/x', body: 'x' },
      ],
    ],
    ['a hard link', [{ name: 'project/h', type: 'link', linkname: 'project/a' }]],
    ['a device', [{ name: 'project/d', type: 'character-device' }]],
    ['a fifo', [{ name: 'project/f', type: 'fifo' }]],
  ])('refuses %s and writes nothing outside', async (_n, entries) => {
    const d = dest();
    await expect(safeExtract(await archive(entries), d, 'project', LIMITS)).rejects.toThrow();
    expect(existsSync(join(d, '..', 'etc'))).toBe(false);
    for (const e of entries)
      if (e.name.startsWith('project/') && e.type !== 'symlink' && !e.name.includes('..'))
        expect(existsSync(join(d, e.name)) && lstatSync(join(d, e.name)).isFile()).toBe(false);
  });

  it('stops at the byte and entry bounds', async () => {
    const big = [{ name: 'project/a', body: 'x'.repeat(2000) }];
    await expect(
      safeExtract(await archive(big), dest(), 'project', { maxBytes: 1000, maxEntries: 10 }),
    ).rejects.toThrow(/bytes/);
    rmSync(dir, { recursive: true, force: true });
    const many = Array.from({ length: 20 }, (_, i) => ({ name: `project/f${i}`, body: '' }));
    await expect(
      safeExtract(await archive(many), dest(), 'project', { maxBytes: 1000, maxEntries: 10 }),
    ).rejects.toThrow(/entries/);
  });
});

describe('safeEntryPath and safeLinkTarget', () => {
  it('normalises harmless forms', () => {
    expect(safeEntryPath('./project/a//b/', 'project')).toBe('project/a/b');
    expect(safeLinkTarget('project/node_modules/.bin/x', '../x/y.js', 'project')).toBe(true);
    expect(safeLinkTarget('project/a', '../b', 'project')).toBe(false);
  });
});
