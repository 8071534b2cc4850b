// Which dependencies of a package.json would be fetched from somewhere other than the registry:
// git repositories (including `user/repo` shorthands), tarball URLs, and paths (`file:`,
// `link:`), in dependencies, optionalDependencies, peerDependencies and overrides (nested). npm
// fetches these on whatever machine runs it, and prepares git ones there; a published package
// that needs them is either unusual or delivering code past the registry (remote dynamic
// dependencies). Pure; the manifest is hostile, every field is checked. Classification is
// npm's own (npm-package-arg).
import npa from 'npm-package-arg';

export type SpecKind = 'git' | 'url' | 'path' | 'unsupported';

export interface NonRegistrySpec {
  /** Where in package.json: `dependencies`, `optionalDependencies`, `overrides.x.y` ... */
  field: string;
  name: string;
  spec: string;
  kind: SpecKind;
}

const FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
const MAX = 200;

/** The kind of a dependency spec, or undefined for the registry (ranges, tags, aliases). */
export function specKind(name: string, spec: string): SpecKind | undefined {
  let parsed: npa.Result;
  try {
    parsed = npa.resolve(name, spec, '/nonexistent');
  } catch {
    return 'unsupported';
  }
  switch (parsed.type) {
    case 'git':
      return 'git';
    case 'remote':
      return 'url';
    case 'file':
    case 'directory':
      return 'path';
    case 'alias': {
      const sub = (parsed as npa.AliasResult).subSpec;
      return sub && sub.type !== 'range' && sub.type !== 'tag' && sub.type !== 'version'
        ? specKind(sub.name ?? name, sub.rawSpec)
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Every non-registry dependency spec of a parsed package.json (bounded). */
export function nonRegistrySpecs(manifest: unknown): NonRegistrySpec[] {
  const out: NonRegistrySpec[] = [];
  if (!manifest || typeof manifest !== 'object') return out;
  const m = manifest as Record<string, unknown>;
  const add = (field: string, name: string, spec: unknown) => {
    if (out.length >= MAX || typeof spec !== 'string') return;
    const kind = specKind(name.slice(0, 214), spec.slice(0, 2048));
    if (kind) out.push({ field, name: name.slice(0, 214), spec: spec.slice(0, 500), kind });
  };
  for (const field of FIELDS) {
    const deps = m[field];
    if (deps && typeof deps === 'object' && !Array.isArray(deps))
      for (const [name, spec] of Object.entries(deps).slice(0, 2000)) add(field, name, spec);
  }
  // overrides: { name: spec } or { name: { '.': spec, child: spec ... } }, nested.
  const walk = (node: unknown, path: string, depth: number) => {
    if (!node || typeof node !== 'object' || Array.isArray(node) || depth > 8) return;
    for (const [key, value] of Object.entries(node).slice(0, 2000)) {
      const name = key.replace(/@[^@/]+$/, '') || key;
      if (typeof value === 'string') {
        if (!value.startsWith('$'))
          add(path, key === '.' ? (path.split('.').pop() ?? key) : name, value);
      } else walk(value, `${path}.${key}`, depth + 1);
    }
  };
  walk(m['overrides'], 'overrides', 0);
  return out;
}
