import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linkTree, removeTree } from './link-tree.js';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-linktree-'));
afterAll(() => removeTree(tmp));

/** A small staged-looking tree, read-only like a cache entry. */
function source(name: string): string {
  const src = join(tmp, name);
  mkdirSync(join(src, 'node_modules', 'pkg', 'bin'), { recursive: true });
  writeFileSync(join(src, 'package.json'), '{"dependencies":{"pkg":"1.0.0"}}');
  writeFileSync(join(src, 'node_modules', 'pkg', 'index.js'), 'module.exports = 1;\n');
  writeFileSync(join(src, 'node_modules', 'pkg', 'bin', 'cli.js'), '#!/usr/bin/env node\n', {
    mode: 0o755,
  });
  mkdirSync(join(src, 'node_modules', '.bin'));
  symlinkSync('../pkg/bin/cli.js', join(src, 'node_modules', '.bin', 'pkg'));
  for (const d of ['node_modules/pkg/bin', 'node_modules/pkg', 'node_modules/.bin', 'node_modules'])
    chmodSync(join(src, d), 0o555);
  return src;
}

describe('linkTree', () => {
  it('links every file, remakes symlinks with the same text and makes writable folders', () => {
    const src = source('a');
    const dest = join(tmp, 'a-copy');
    const r = linkTree(src, dest);
    expect(r).toEqual({ files: 3, copied: 0 });
    const file = 'node_modules/pkg/index.js';
    expect(lstatSync(join(dest, file)).ino).toBe(lstatSync(join(src, file)).ino);
    expect(lstatSync(join(dest, file)).nlink).toBe(2);
    expect(lstatSync(join(dest, 'node_modules/pkg/bin/cli.js')).mode & 0o777).toBe(0o755);
    const link = join(dest, 'node_modules/.bin/pkg');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('../pkg/bin/cli.js');
    expect(lstatSync(join(dest, 'node_modules/pkg')).mode & 0o777).toBe(0o755);
  });

  it('leaves the source whole when the copy is removed (as a run folder is)', () => {
    const src = source('b');
    const dest = join(tmp, 'b-copy');
    linkTree(src, dest);
    rmSync(dest, { recursive: true, force: true });
    expect(readFileSync(join(src, 'node_modules/pkg/index.js'), 'utf8')).toBe(
      'module.exports = 1;\n',
    );
    expect(lstatSync(join(src, 'node_modules/pkg/index.js')).nlink).toBe(1);
  });

  it.each(['EXDEV', 'EPERM'])('copies instead when a link gives %s, and stops trying', (code) => {
    const src = source(`c-${code}`);
    const dest = join(tmp, `c-${code}-copy`);
    let calls = 0;
    const r = linkTree(src, dest, {
      link: () => {
        calls += 1;
        throw Object.assign(new Error(code), { code });
      },
    });
    expect(calls).toBe(1);
    expect(r).toEqual({ files: 3, copied: 3 });
    const file = 'node_modules/pkg/bin/cli.js';
    expect(lstatSync(join(dest, file)).ino).not.toBe(lstatSync(join(src, file)).ino);
    expect(lstatSync(join(dest, file)).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dest, file), 'utf8')).toBe('#!/usr/bin/env node\n');
    expect(readlinkSync(join(dest, 'node_modules/.bin/pkg'))).toBe('../pkg/bin/cli.js');
  });

  it('passes any other error on, and refuses a destination that exists', () => {
    const src = source('d');
    expect(() =>
      linkTree(src, join(tmp, 'd-copy'), {
        link: () => {
          throw Object.assign(new Error('EIO'), { code: 'EIO' });
        },
      }),
    ).toThrow('EIO');
    expect(() => linkTree(src, src)).toThrow(/EEXIST/);
  });
});
