import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installWork, manifestWork } from './install-work.js';

/** A project folder with the given files (path -> text). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-install-work-'));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
const pkg = (extra: object = {}) => JSON.stringify({ name: 'x', version: '1.0.0', ...extra });

describe('manifestWork', () => {
  it.each([
    [pkg(), false, undefined],
    [pkg({ scripts: { test: 'vitest', build: 'tsc' } }), false, undefined],
    [pkg({ scripts: { postinstall: 'node x.js' } }), false, 'a postinstall script'],
    [pkg({ scripts: { prepare: 'x', preprepare: 'y' } }), false, undefined],
    [pkg({ scripts: { preinstall: 'x' } }), false, 'a preinstall script'],
    [pkg(), true, 'a native build (binding.gyp)'],
    [pkg({ gypfile: false }), true, undefined],
    ['{not json', false, 'an unreadable package.json'],
  ])('%s (binding.gyp %s): %s', (text, gyp, work) => {
    expect(manifestWork(text, gyp)).toBe(work);
  });
});

describe('installWork', () => {
  it('finds nothing in a tree without scripts or native builds', () => {
    const dir = project({
      'node_modules/a/package.json': pkg({ scripts: { test: 'x' } }),
      'node_modules/a/lib/package.json': pkg({ scripts: { postinstall: 'not a package root' } }),
      'node_modules/@s/b/package.json': pkg(),
      'node_modules/a/node_modules/c/package.json': pkg(),
      'node_modules/.package-lock.json': '{}',
    });
    expect(installWork(dir)).toBeUndefined();
  });
  it('finds a script in a nested or scoped dependency', () => {
    expect(
      installWork(
        project({
          'node_modules/a/package.json': pkg(),
          'node_modules/a/node_modules/@evil/c/package.json': pkg({ scripts: { install: 'x' } }),
        }),
      ),
    ).toBe('a install script in node_modules/a/node_modules/@evil/c');
  });
  it('finds a native build', () => {
    expect(
      installWork(
        project({ 'node_modules/n/package.json': pkg(), 'node_modules/n/binding.gyp': '{}' }),
      ),
    ).toMatch(/native build/);
  });
  it('counts anything unusual as work: a linked package, a file, no node_modules', () => {
    const linked = project({ 'node_modules/a/package.json': pkg() });
    symlinkSync(join(linked, 'node_modules', 'a'), join(linked, 'node_modules', 'b'));
    expect(installWork(linked)).toMatch(/not a package folder/);
    expect(installWork(project({ 'node_modules/stray': 'x' }))).toMatch(/not a package folder/);
    expect(installWork(mkdtempSync(join(tmpdir(), 'airlock-empty-')))).toMatch(/unreadable/);
  });
});
