// Test support for the fake registry (fake-registry.ts): the packages it serves and their
// tarballs. Given package folders (fixture servers), it collects every dependency reachable from
// them as Node resolves it (the folder's own node_modules, then each parent's, then the
// project's), each at the exact version installed there, so a range in a dependent is answered
// with what the project itself runs. Tarballs are packed as `npm pack` lays them out (entries
// under `package/`, fixed mtime, modes 0644 or 0755, sorted), gzipped.
//
// Limits: a given folder honours package.json `files` (plain paths, `*` and `**`; no negation,
// no .npmignore); an installed dependency is packed whole but for its node_modules (it holds
// what was published). Dependencies that are not registry ranges or tags (URLs, git, file:,
// npm: aliases) and ones not installed (an optional one for another platform) are left out;
// npm then reports them as it would for a registry that lacks them.

import * as fs from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-stream';

export interface LocalPackage {
  name: string;
  version: string;
  folder: string;
  /** package.json as found (the registry's version document is made from it). */
  manifest: Record<string, unknown>;
  /** A given folder honours `files`; an installed dependency is packed whole. */
  useFiles: boolean;
}

/** npm's fixed tarball timestamp (1985-10-26T08:15:00Z). */
const MTIME = new Date('1985-10-26T08:15:00.000Z');
const MAX_FILES = 20_000;
const MAX_BYTES = 256 * 1024 * 1024;
const DEP_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
/** A semver range or a dist-tag: the specs a registry answers. */
const REGISTRY_SPEC = /^[0-9A-Za-z.*^~<>=|\s+-]*$/;

function readManifest(folder: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(join(folder, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** Node's lookup of `name` from `start`: the nearest node_modules/<name> up the tree. */
function resolveFrom(start: string, name: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (fs.existsSync(join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The given folders and every dependency reachable from them, once per name and version. */
export function collectPackages(folders: readonly string[], projectDir: string): LocalPackage[] {
  const out = new Map<string, LocalPackage>();
  const queue = folders.map((f) => ({ folder: fs.realpathSync(f), useFiles: true }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const manifest = readManifest(next.folder);
    const { name, version } = manifest;
    if (typeof name !== 'string' || typeof version !== 'string')
      throw new Error(`${next.folder}/package.json has no name or version`);
    if (out.has(`${name}@${version}`)) continue;
    out.set(`${name}@${version}`, { name, version, manifest, ...next });
    for (const field of DEP_FIELDS) {
      const deps = manifest[field];
      if (typeof deps !== 'object' || deps === null) continue;
      for (const [dep, spec] of Object.entries(deps as Record<string, unknown>)) {
        if (typeof spec !== 'string' || !REGISTRY_SPEC.test(spec)) continue;
        const folder = resolveFrom(next.folder, dep) ?? resolveFrom(projectDir, dep);
        if (folder) queue.push({ folder, useFiles: false });
      }
    }
  }
  return [...out.values()];
}

function globRegex(pattern: string): RegExp {
  const p = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  const body = p
    .split(/(\*\*\/?|\*)/)
    .map((part) =>
      part.startsWith('**')
        ? '(?:.*/)?'
        : part === '*'
          ? '[^/]*'
          : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  // A pattern names a file, or a folder and everything in it.
  return new RegExp(`^${body}(?:/.*)?$`);
}

/** The files of a package as `npm pack` would take them (relative paths, sorted). */
export function packFileList(pkg: LocalPackage): string[] {
  const all: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = relative(pkg.folder, full);
      if (entry.isDirectory()) {
        if (rel === 'node_modules' || entry.name === '.git') continue;
        walk(full);
      } else if (entry.isFile()) {
        all.push(rel);
        if (all.length > MAX_FILES) throw new Error(`${pkg.name}: more than ${MAX_FILES} files`);
      }
    }
  };
  walk(pkg.folder);
  const files = pkg.manifest['files'];
  if (!pkg.useFiles || !Array.isArray(files)) return all.sort();
  const wanted = files.filter((f): f is string => typeof f === 'string').map(globRegex);
  const always = /^(package\.json|(readme|license|licence)(\..*)?)$/i;
  const main = typeof pkg.manifest['main'] === 'string' ? [pkg.manifest['main']] : [];
  const bin = pkg.manifest['bin'];
  const bins =
    typeof bin === 'string' ? [bin] : bin && typeof bin === 'object' ? Object.values(bin) : [];
  const named = new Set([...main, ...bins].map((p) => String(p).replace(/^\.\//, '')));
  return all.filter((f) => always.test(f) || named.has(f) || wanted.some((r) => r.test(f))).sort();
}

/** The package's tarball, gzipped. */
export async function packTarball(pkg: LocalPackage): Promise<Buffer> {
  const pack = tar.pack();
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
    pack.on('error', reject);
  });
  pack.pipe(gzip);
  let total = 0;
  for (const rel of packFileList(pkg)) {
    const full = join(pkg.folder, rel);
    const data = fs.readFileSync(full);
    total += data.length;
    if (total > MAX_BYTES) throw new Error(`${pkg.name}: more than ${MAX_BYTES} bytes`);
    const mode = fs.statSync(full).mode & 0o111 ? 0o755 : 0o644;
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        { name: `package/${rel}`, size: data.length, mode, mtime: MTIME, uid: 0, gid: 0 },
        data,
        (e) => (e ? reject(e) : resolve()),
      ),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}
