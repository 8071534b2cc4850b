import { describe, expect, it } from 'vitest';
import { AnalyzerError, type AnalyzerErrorCode } from '../domain/errors.js';
import type { TargetSpec } from '../domain/types.js';
import { classifyTarget, describeTarget, isNpmSpec, type PathProbe } from './target-spec.js';

/** A fake file system: only the listed paths exist. */
function probe(dirs: string[], files: string[]): PathProbe {
  return {
    isDirectory: (p) => dirs.includes(p),
    isFile: (p) => files.includes(p),
  };
}

const fs = probe(
  ['./server', '/abs/server', 'bare-folder', '../up'],
  ['./pkg.tgz', './pkg-1.0.0.tar.gz', '/abs/Pkg.TGZ', './README.md', 'notes.txt', 'lonely.tgz'],
);

function codeOf(fn: () => unknown): AnalyzerErrorCode | 'no error' | 'other error' {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return e instanceof AnalyzerError ? e.code : 'other error';
  }
}

describe('classifyTarget', () => {
  it.each<[string, TargetSpec]>([
    ['./server', { kind: 'folder', path: './server' }],
    ['/abs/server', { kind: 'folder', path: '/abs/server' }],
    ['../up', { kind: 'folder', path: '../up' }],
    // an existing folder wins over the npm reading of the same text
    ['bare-folder', { kind: 'folder', path: 'bare-folder' }],
    ['./pkg.tgz', { kind: 'tarball', path: './pkg.tgz' }],
    ['./pkg-1.0.0.tar.gz', { kind: 'tarball', path: './pkg-1.0.0.tar.gz' }],
    ['/abs/Pkg.TGZ', { kind: 'tarball', path: '/abs/Pkg.TGZ' }],
    ['lonely.tgz', { kind: 'tarball', path: 'lonely.tgz' }],
    ['@scope/name@1.2.3', { kind: 'npm', spec: '@scope/name@1.2.3' }],
    ['@scope/name', { kind: 'npm', spec: '@scope/name' }],
    ['name@latest', { kind: 'npm', spec: 'name@latest' }],
    ['name@^1.2.0', { kind: 'npm', spec: 'name@^1.2.0' }],
    ['name', { kind: 'npm', spec: 'name' }],
    ['mcp-server.weather_2', { kind: 'npm', spec: 'mcp-server.weather_2' }],
  ])('%s', (arg, expected) => {
    expect(classifyTarget(arg, fs)).toEqual(expected);
  });

  it.each<[string, AnalyzerErrorCode]>([
    // existing files that are not tarballs
    ['./README.md', 'bad-args'],
    ['notes.txt', 'bad-args'],
    // paths that do not exist
    ['./missing', 'target-not-found'],
    ['./missing.tgz', 'target-not-found'],
    ['missing.tgz', 'target-not-found'],
    ['/nope/server', 'target-not-found'],
    ['~/server', 'target-not-found'],
    ['dir\\server', 'target-not-found'],
    ['some/folder', 'target-not-found'],
    // not a valid npm spec
    ['', 'bad-args'],
    ['   ', 'bad-args'],
    ['UPPER', 'bad-args'],
    ['a b', 'bad-args'],
    ['x;rm -rf', 'bad-args'],
    ['name@1.0.0;id', 'bad-args'],
    ['name@$(id)', 'bad-args'],
    ['name@1 || 2', 'bad-args'],
    ['@scope', 'bad-args'],
    ['@/name', 'bad-args'],
    ['_private', 'bad-args'],
    ['-flag', 'bad-args'],
  ])('%j throws %s', (arg, code) => {
    expect(codeOf(() => classifyTarget(arg, fs))).toBe(code);
  });

  it('throws an AnalyzerError naming the argument', () => {
    expect(() => classifyTarget('./missing', fs)).toThrow(/\.\/missing/);
    expect(() => classifyTarget('./missing', fs)).toThrow(AnalyzerError);
  });
});

describe('isNpmSpec', () => {
  it.each<[string, boolean]>([
    ['name', true],
    ['name@1.2.3', true],
    ['name@latest', true],
    ['name@~1.2', true],
    ['name@1.x', true],
    // ranges with shell metacharacters or spaces are refused, even valid semver ones
    ['name@>=1.0.0', false],
    ['name@1.0.0 - 2', false],
    ['@scope/name', true],
    ['@scope/name@1.2.3', true],
    ['@scope/name@next', true],
    ['a.b-c_d~e', true],
    ['UPPER', false],
    ['Name@1.0.0', false],
    ['a b', false],
    ['x;rm -rf', false],
    ['name@1;rm', false],
    ['name@1|x', false],
    ['name@1&x', false],
    ['name@`id`', false],
    ['name@<x>', false],
    ['name@1 \n2', false],
    ['', false],
    ['@scope/', false],
    ['.hidden', false],
    ['a'.repeat(214), true],
    ['a'.repeat(215), false],
    [`name@${'1'.repeat(256)}`, true],
    [`name@${'1'.repeat(257)}`, false],
  ])('%j -> %s', (spec, expected) => {
    expect(isNpmSpec(spec)).toBe(expected);
  });
});

describe('describeTarget', () => {
  it.each<[TargetSpec, string]>([
    [{ kind: 'npm', spec: '@scope/name@1.2.3' }, '@scope/name@1.2.3'],
    [{ kind: 'folder', path: './server' }, './server'],
    [{ kind: 'tarball', path: './pkg.tgz' }, './pkg.tgz'],
  ])('%j -> %s', (target, text) => {
    expect(describeTarget(target)).toBe(text);
  });
});
