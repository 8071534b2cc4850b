import { describe, expect, it } from 'vitest';
import { nonRegistrySpecs, specKind } from './dependency-specs.js';

describe('specKind', () => {
  it.each<[string, string, string | undefined]>([
    ['a', '^1.2.3', undefined],
    ['a', 'latest', undefined],
    ['a', '1.0.0', undefined],
    ['a', 'npm:other@^2', undefined],
    ['a', 'git+ssh://git@host.example/x/y.git', 'git'],
    ['a', 'user/repo', 'git'],
    ['a', 'github:user/repo#abc', 'git'],
    ['a', 'git+file:///tmp/repo', 'git'],
    ['a', 'https://evil.example/x.tgz', 'url'],
    ['a', 'http://198.51.100.9/x.tgz', 'url'],
    ['a', 'file:../../etc', 'path'],
    ['a', 'file:./vendor/x.tgz', 'path'],
    ['a', 'link:../x', 'unsupported'],
    ['a', 'workspace:*', 'unsupported'],
    ['a', 'npm:evil@https://evil.example/x.tgz', 'unsupported'],
  ])('%s@%s -> %s', (name, spec, kind) => {
    expect(specKind(name, spec)).toBe(kind);
  });
});

describe('nonRegistrySpecs', () => {
  it('finds them in every dependency field and in nested overrides', () => {
    const found = nonRegistrySpecs({
      dependencies: { ok: '^1', 'ui-styles': 'http://packages.evil.example/npm/unused-imports' },
      optionalDependencies: { helper: 'git+ssh://git@code.example/h.git' },
      peerDependencies: { local: 'file:../../secrets' },
      devDependencies: { ignored: 'https://dev.example/x.tgz' },
      overrides: { foo: { bar: 'https://evil.example/bar.tgz', '.': '1.0.0' }, baz: '$baz' },
    });
    expect(found.map((f) => [f.field, f.name, f.kind])).toEqual([
      ['dependencies', 'ui-styles', 'url'],
      ['optionalDependencies', 'helper', 'git'],
      ['peerDependencies', 'local', 'path'],
      ['overrides.foo', 'bar', 'url'],
    ]);
  });

  it.each([null, 'x', 42, [], { dependencies: ['a'] }, { dependencies: { a: 5 } }])(
    'tolerates a hostile manifest: %j',
    (m) => {
      expect(nonRegistrySpecs(m)).toEqual([]);
    },
  );
});
