import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FOLDER_LIMITS, folderDigest, specIdentity, targetIdentity } from './target-identity.js';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-identity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function folder(files: Record<string, string>): string {
  n += 1;
  const dir = join(tmp, `f${n}`);
  mkdirSync(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}
const id = (path: string) => targetIdentity({ kind: 'folder', path });

describe('targetIdentity of a folder', () => {
  const base = { 'package.json': '{"name":"x"}', 'index.js': 'a', 'lib/util.js': 'b' };

  it('is the same for the same content in another place, and changes with any byte, name or mode', () => {
    const a = id(folder(base));
    expect(a).toMatch(/^folder:[0-9a-f]{64}$/);
    expect(id(folder(base))).toBe(a);
    expect(id(folder({ ...base, 'lib/util.js': 'c' }))).not.toBe(a);
    expect(id(folder({ ...base, 'lib/other.js': 'b' }))).not.toBe(a);
    const moded = folder(base);
    chmodSync(join(moded, 'index.js'), 0o755);
    expect(id(moded)).not.toBe(a);
    // An empty folder counts too (npm pack may not care; the key stays on the safe side).
    const withDir = folder(base);
    mkdirSync(join(withDir, 'empty'));
    expect(id(withDir)).not.toBe(a);
  });

  it('counts node_modules and nested .git, but not a top-level .git', () => {
    const a = id(folder(base));
    expect(id(folder({ ...base, '.git/HEAD': 'ref: refs/heads/main' }))).toBe(a);
    expect(id(folder({ ...base, 'node_modules/dep/index.js': 'x' }))).not.toBe(a);
    expect(id(folder({ ...base, 'sub/.git/HEAD': 'x' }))).not.toBe(a);
  });

  it('hashes a symlink by its link text, never what it points at', () => {
    const outside = join(tmp, 'outside.txt');
    writeFileSync(outside, 'one');
    const dir = folder(base);
    symlinkSync(outside, join(dir, 'link'));
    const before = id(dir);
    writeFileSync(outside, 'two');
    expect(id(dir)).toBe(before);
    const other = folder(base);
    symlinkSync(join(tmp, 'elsewhere.txt'), join(other, 'link'));
    expect(id(other)).not.toBe(before);
    // A symlinked folder is not walked either.
    const target = folder({ 'a.js': 'one' });
    const viaLink = folder(base);
    symlinkSync(target, join(viaLink, 'dir'));
    const linked = id(viaLink);
    writeFileSync(join(target, 'a.js'), 'two');
    expect(id(viaLink)).toBe(linked);
  });

  it('gives up (no reuse) past the entry or byte bound, and for something not a folder', () => {
    expect(FOLDER_LIMITS).toEqual({ entries: 5000, bytes: 64 * 1024 * 1024 });
    const dir = folder({ a: '12345', 'b/c': '67890' });
    // a, b, b/c: three entries, ten bytes.
    expect(folderDigest(dir, { entries: 3, bytes: 10 })).toBeDefined();
    expect(folderDigest(dir, { entries: 2, bytes: 10 })).toBeUndefined();
    expect(folderDigest(dir, { entries: 3, bytes: 9 })).toBeUndefined();
    expect(id(join(tmp, 'missing'))).toBeUndefined();
    expect(id(join(dir, 'a'))).toBeUndefined();
  });
});

describe('targetIdentity of a tarball', () => {
  it('is the sha512 of its bytes, as npm writes integrity', () => {
    const tgz = join(tmp, 'p.tgz');
    writeFileSync(tgz, 'abc');
    expect(targetIdentity({ kind: 'tarball', path: tgz })).toBe(
      'tarball:sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==',
    );
    expect(targetIdentity({ kind: 'tarball', path: join(tmp, 'none.tgz') })).toBeUndefined();
  });
});

describe('specIdentity', () => {
  it.each([
    ['foo@1.2.3', 'npm:foo@1.2.3'],
    ['@scope/pkg@0.1.0', 'npm:@scope/pkg@0.1.0'],
    ['foo', undefined],
    ['foo@latest', undefined],
    ['foo@^1.2.0', undefined],
    ['foo@1.x', undefined],
    ['foo@npm:bar@1.0.0', undefined],
    ['git+https://example.test/x.git', undefined],
    ['not a spec @@', undefined],
  ])('%s -> %s', (spec, want) => {
    expect(specIdentity(spec)).toBe(want);
    expect(targetIdentity({ kind: 'npm', spec })).toBe(want);
  });
});
