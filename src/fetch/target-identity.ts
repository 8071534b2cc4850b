// What a target is, as far as reusing a staged copy of it goes (src/fetch/staged-cache.ts): a
// string that changes whenever what the fetch container would be given changes, or undefined
// when the target must not be reused.
// - tarball: the sha512 of its bytes (at most MAX_TARBALL_BYTES).
// - folder: a content hash of the tree, walked with lstat and never through a symlink (a symlink
//   contributes its link text): each entry's relative path, type, mode, owner and, for regular
//   files, bytes. Only a top-level `.git` is left out (npm pack never packs it). Past
//   FOLDER_LIMITS (5,000 entries, 64 MiB of file bytes): undefined.
// - npm spec: an exact version only (`name@1.2.3`); tags and ranges resolve to something else
//   over time and are never reused.
// Limits: the caller hashes before and after the fetch and keeps nothing when the two differ, so
// only a change made during the fetch and undone before its end goes unseen; the identity says
// nothing about what the package's dependency ranges resolve to, which is why entries expire.
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  readlinkSync,
  realpathSync,
} from 'node:fs';
import { join } from 'node:path';
import npa from 'npm-package-arg';
import type { TargetSpec } from '../domain/types.js';

export interface FolderLimits {
  entries: number;
  bytes: number;
}
export const FOLDER_LIMITS: FolderLimits = { entries: 5000, bytes: 64 * 1024 * 1024 };
export const MAX_TARBALL_BYTES = 512 * 1024 * 1024;

/** `tarball:<sha512>`, `folder:<sha256>`, `npm:<name>@<version>`, or undefined. */
export function targetIdentity(target: TargetSpec): string | undefined {
  try {
    if (target.kind === 'npm') return specIdentity(target.spec);
    if (target.kind === 'tarball') {
      const digest = fileDigest(realpathSync(target.path), 'sha512', MAX_TARBALL_BYTES);
      return digest ? `tarball:${digest}` : undefined;
    }
    const digest = folderDigest(realpathSync(target.path));
    return digest ? `folder:${digest}` : undefined;
  } catch {
    return undefined;
  }
}

/** An exact registry version only. */
export function specIdentity(spec: string): string | undefined {
  try {
    const parsed = npa(spec);
    return parsed.type === 'version' && parsed.name
      ? `npm:${parsed.name}@${parsed.fetchSpec ?? ''}`
      : undefined;
  } catch {
    return undefined;
  }
}

interface Walk {
  limits: FolderLimits;
  entries: number;
  bytes: number;
  hash: ReturnType<typeof createHash>;
}

/** The folder's content hash; undefined past the bounds. */
export function folderDigest(root: string, limits = FOLDER_LIMITS): string | undefined {
  if (!lstatSync(root).isDirectory()) return undefined;
  const walk: Walk = { limits, entries: 0, bytes: 0, hash: createHash('sha256') };
  return walkFolder(root, '', walk) ? walk.hash.digest('hex') : undefined;
}

function walkFolder(dir: string, rel: string, walk: Walk): boolean {
  const names = readdirSync(dir).sort();
  for (const name of names) {
    if (rel === '' && name === '.git') continue;
    walk.entries += 1;
    if (walk.entries > walk.limits.entries) return false;
    const path = join(dir, name);
    const relPath = rel ? `${rel}/${name}` : name;
    const st = lstatSync(path);
    const head = [relPath, (st.mode & 0o7777).toString(8), st.uid, st.gid];
    if (st.isDirectory()) {
      record(walk, 'd', ...head);
      if (!walkFolder(path, relPath, walk)) return false;
    } else if (st.isSymbolicLink()) {
      record(walk, 'l', ...head, readlinkSync(path));
    } else if (st.isFile()) {
      walk.bytes += st.size;
      if (walk.bytes > walk.limits.bytes) return false;
      const digest = fileDigest(path, 'sha256', walk.limits.bytes);
      if (!digest) return false;
      record(walk, 'f', ...head, st.size, digest);
    } else {
      // A fifo, socket or device: named, never opened.
      record(walk, 'o', ...head);
    }
  }
  return true;
}

/** One entry as NUL-separated fields (a file name cannot hold a NUL). */
function record(walk: Walk, ...fields: (string | number)[]): void {
  walk.hash.update(`${fields.join('\0')}\0\n`);
}

/** A regular file's digest (base64 for sha512 as npm writes integrity, hex otherwise), read
 * without following a symlink and without blocking on a fifo; undefined past `maxBytes`. */
export function fileDigest(
  path: string,
  algorithm: 'sha256' | 'sha512',
  maxBytes: number,
): string | undefined {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const hash = createHash(algorithm);
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return undefined;
      hash.update(buf.subarray(0, n));
    }
    return algorithm === 'sha512' ? `sha512-${hash.digest('base64')}` : hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}
