import { describe, expect, it } from 'vitest';
import { readManifest } from './package-entry.js';

const manifest = (o: Record<string, unknown>): string => JSON.stringify(o);

describe('readManifest entry', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['bin string', { name: 'srv', bin: 'cli.js' }, 'cli.js'],
    ['bin string with ./', { name: 'srv', bin: './bin/cli.js' }, 'bin/cli.js'],
    [
      'bin object: the entry named like the package',
      { name: 'srv', bin: { other: 'other.js', srv: 'srv.js' } },
      'srv.js',
    ],
    [
      'bin object: scoped package, entry named like the short name',
      { name: '@acme/srv', bin: { helper: 'h.js', srv: 'bin/srv.js' } },
      'bin/srv.js',
    ],
    [
      'bin object: scoped package, entry named like the full name',
      { name: '@acme/srv', bin: { helper: 'h.js', '@acme/srv': 'full.js' } },
      'full.js',
    ],
    [
      'bin object: no entry named like the package, the first one',
      { name: 'srv', bin: { first: 'first.js', second: 'second.js' } },
      'first.js',
    ],
    [
      'bin object: non-string values are ignored',
      { name: 'srv', bin: { srv: 42, other: 'other.js' } },
      'other.js',
    ],
    ['empty bin object: main', { name: 'srv', bin: {}, main: 'lib/main.js' }, 'lib/main.js'],
    ['no bin: main', { name: 'srv', main: './dist/index.js' }, 'dist/index.js'],
    ['neither bin nor main: index.js', { name: 'srv' }, 'index.js'],
    ['bin of the wrong type: main', { name: 'srv', bin: 7, main: 'm.js' }, 'm.js'],
    ['main of the wrong type: index.js', { name: 'srv', main: ['m.js'] }, 'index.js'],
    ['bin wins over main', { name: 'srv', bin: 'b.js', main: 'm.js' }, 'b.js'],
  ])('%s', (_name, pkg, entry) => {
    expect(readManifest(manifest(pkg)).entry).toBe(entry);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['bin ../x.js falls back to main', { name: 'srv', bin: '../x.js', main: 'm.js' }, 'm.js'],
    ['bin /abs.js falls back to main', { name: 'srv', bin: '/abs.js', main: 'm.js' }, 'm.js'],
    ['bin a/../../x.js falls back', { name: 'srv', bin: 'a/../../x.js', main: 'm.js' }, 'm.js'],
    ['bin ./../x.js falls back', { name: 'srv', bin: './../x.js' }, 'index.js'],
    ['bin lib/.. falls back', { name: 'srv', bin: 'lib/..' }, 'index.js'],
    ['bin with backslash falls back', { name: 'srv', bin: '..\\x.js' }, 'index.js'],
    ['bin with shell characters falls back', { name: 'srv', bin: 'x.js;id' }, 'index.js'],
    ['bin with a newline falls back', { name: 'srv', bin: 'x.js\nid' }, 'index.js'],
    ['empty bin falls back', { name: 'srv', bin: '' }, 'index.js'],
    ['over-long bin falls back', { name: 'srv', bin: `${'a'.repeat(600)}.js` }, 'index.js'],
    [
      'bin object entry ../x.js falls back to main',
      { name: 'srv', bin: { srv: '../x.js' }, main: 'm.js' },
      'm.js',
    ],
    [
      'bin object entry /abs.js falls back to index.js',
      { name: 'srv', bin: { srv: '/abs.js' } },
      'index.js',
    ],
    ['main ../x.js falls back to index.js', { name: 'srv', main: '../x.js' }, 'index.js'],
    ['main /etc/passwd falls back to index.js', { name: 'srv', main: '/etc/passwd' }, 'index.js'],
    // names that only contain dots are fine
    ['a file called ..js is not traversal', { name: 'srv', bin: 'bin/..js' }, 'bin/..js'],
  ])('%s', (_name, pkg, entry) => {
    expect(readManifest(manifest(pkg)).entry).toBe(entry);
  });
});

describe('readManifest other fields', () => {
  it.each<[Record<string, unknown> | undefined, boolean]>([
    [undefined, false],
    [{}, false],
    [{ test: 'vitest', start: 'node index.js' }, false],
    [{ prepare: 'tsc' }, false],
    [{ preinstall: 'node pre.js' }, true],
    [{ install: 'node-gyp rebuild' }, true],
    [{ postinstall: 'node postinstall.js' }, true],
    [{ postinstall: 42 }, false],
  ])('scripts %j -> hasInstallScripts %s', (scripts, expected) => {
    const pkg = { name: 'srv', ...(scripts ? { scripts } : {}) };
    expect(readManifest(manifest(pkg)).hasInstallScripts).toBe(expected);
  });

  it('ignores scripts that are not an object', () => {
    expect(readManifest(manifest({ name: 'srv', scripts: 'postinstall' })).hasInstallScripts).toBe(
      false,
    );
  });

  it('reads name and version, with 0.0.0 for a missing version', () => {
    expect(readManifest(manifest({ name: '@acme/srv', version: '1.2.3' }))).toMatchObject({
      name: '@acme/srv',
      version: '1.2.3',
    });
    expect(readManifest(manifest({ name: 'srv' })).version).toBe('0.0.0');
    expect(readManifest(manifest({ name: 'srv', version: 3 })).version).toBe('0.0.0');
  });

  it('bounds name and version', () => {
    const m = readManifest(manifest({ name: 'n'.repeat(500), version: '1'.repeat(500) }));
    expect(m.name).toHaveLength(214);
    expect(m.version).toHaveLength(64);
  });

  it.each<[string, string]>([
    ['no name', manifest({ version: '1.0.0' })],
    ['empty name', manifest({ name: '' })],
    ['name not a string', manifest({ name: 5 })],
  ])('throws on %s', (_name, text) => {
    expect(() => readManifest(text)).toThrow(/no name/);
  });

  it('throws on text that is not JSON', () => {
    expect(() => readManifest('{not json')).toThrow();
  });
});
