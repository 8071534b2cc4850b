// Classifies the `analyze` argument: a local folder, a local .tgz, or an npm registry spec.
// Pure except for the `exists` probe passed in, so it can be tested as a table.
import { AnalyzerError } from '../domain/errors.js';
import type { TargetSpec } from '../domain/types.js';

export interface PathProbe {
  isDirectory(path: string): boolean;
  isFile(path: string): boolean;
}

const NPM_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const TARBALL = /\.(tgz|tar\.gz)$/i;

function looksLikePath(s: string): boolean {
  return (
    s.startsWith('.') ||
    s.startsWith('/') ||
    s.startsWith('~') ||
    TARBALL.test(s) ||
    s.includes('\\')
  );
}

/** Split `name@range` (scoped or not) and check the name is a valid npm package name. */
export function isNpmSpec(s: string): boolean {
  const at = s.lastIndexOf('@');
  const name = at > 0 ? s.slice(0, at) : s;
  const range = at > 0 ? s.slice(at + 1) : '';
  if (name.length > 214 || !NPM_NAME.test(name)) return false;
  return range.length <= 256 && !/[\s;|&$`<>]/.test(range);
}

export function classifyTarget(arg: string, probe: PathProbe): TargetSpec {
  if (!arg.trim())
    throw new AnalyzerError(
      'bad-args',
      'missing target: give a folder, a .tgz or an npm package spec',
    );
  if (probe.isDirectory(arg)) return { kind: 'folder', path: arg };
  if (probe.isFile(arg)) {
    if (TARBALL.test(arg)) return { kind: 'tarball', path: arg };
    throw new AnalyzerError('bad-args', `not a package folder or .tgz: ${arg}`);
  }
  if (looksLikePath(arg) || (arg.includes('/') && !arg.startsWith('@'))) {
    throw new AnalyzerError('target-not-found', `no such file or folder: ${arg}`);
  }
  if (isNpmSpec(arg)) return { kind: 'npm', spec: arg };
  throw new AnalyzerError('bad-args', `not a folder, .tgz or npm package spec: ${arg}`);
}

/** How the target is named in reports before its package.json is read. */
export function describeTarget(t: TargetSpec): string {
  return t.kind === 'npm' ? t.spec : t.path;
}
