// Unpacks the staged project (a tar stream made inside the fetch container) onto the host, where
// nothing of it ever runs but where a hostile archive could still write: only regular files,
// folders and relative symlinks under the one expected top folder; no absolute paths, no `..`,
// no entry inside a symlink, no symlink that points out of the tree, no hard links or devices,
// no set-uid bits; bounded in bytes and entries. Anything else stops the extraction.
import { createWriteStream, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';

export interface ExtractLimits {
  maxBytes: number;
  maxEntries: number;
}

export class UnsafeArchiveError extends Error {}

/** Files up to this size are written in one call; larger ones are streamed. */
const SMALL_FILE = 4 * 1024 * 1024;

/** Normalised path inside the archive, or an error for anything that could leave `root`. */
export function safeEntryPath(name: string, root: string): string {
  const cleaned = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (!cleaned || cleaned.includes('\0') || cleaned.startsWith('/'))
    throw new UnsafeArchiveError(`unsafe path in archive: ${JSON.stringify(name.slice(0, 200))}`);
  const norm = posix.normalize(cleaned);
  if (norm.split('/').includes('..') || (norm !== root && !norm.startsWith(`${root}/`)))
    throw new UnsafeArchiveError(
      `path outside ${root}/ in archive: ${JSON.stringify(name.slice(0, 200))}`,
    );
  return norm;
}

/** A symlink target that stays inside `root` (relative, resolved from the link's folder). */
export function safeLinkTarget(entry: string, link: string, root: string): boolean {
  if (!link || link.startsWith('/') || link.includes('\0')) return false;
  const resolved = posix.normalize(posix.join(posix.dirname(entry), link));
  return resolved === root || resolved.startsWith(`${root}/`);
}

/** Extract `input` (a tar stream) into `dest`, keeping only what is under `root/`. */
export async function safeExtract(
  input: Readable,
  dest: string,
  root: string,
  limits: ExtractLimits,
): Promise<{ bytes: number; entries: number }> {
  const extract = tar.extract();
  const links = new Set<string>();
  const made = new Set<string>();
  const ensureDir = (d: string) => {
    if (made.has(d)) return;
    mkdirSync(d, { recursive: true, mode: 0o755 });
    made.add(d);
  };
  let bytes = 0;
  let entries = 0;
  extract.on('entry', (header, stream, next) => {
    const fail = (e: Error) => {
      stream.resume();
      extract.destroy(e);
    };
    try {
      entries += 1;
      if (entries > limits.maxEntries)
        throw new UnsafeArchiveError(`more than ${limits.maxEntries} entries`);
      const path = safeEntryPath(header.name, root);
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i += 1)
        if (links.has(parts.slice(0, i).join('/')))
          throw new UnsafeArchiveError(`entry inside a symlink: ${path.slice(0, 200)}`);
      const target = join(dest, ...parts);
      if (header.type === 'directory') {
        ensureDir(target);
        stream.resume();
        stream.on('end', next);
      } else if (header.type === 'symlink') {
        if (!safeLinkTarget(path, header.linkname ?? '', root))
          throw new UnsafeArchiveError(`symlink out of the tree: ${path.slice(0, 200)}`);
        ensureDir(dirname(target));
        symlinkSync(header.linkname ?? '', target);
        links.add(path);
        stream.resume();
        stream.on('end', next);
      } else if (header.type === 'file' || header.type === 'contiguous-file') {
        bytes += header.size ?? 0;
        if (bytes > limits.maxBytes)
          throw new UnsafeArchiveError(`more than ${limits.maxBytes} bytes unpacked`);
        ensureDir(dirname(target));
        const mode = (header.mode ?? 0o644) & 0o755;
        if ((header.size ?? 0) > SMALL_FILE) {
          const out = createWriteStream(target, { flags: 'wx', mode });
          pipeline(stream, out).then(() => next(), fail);
        } else {
          // Small files (nearly all of node_modules) in one write: far fewer system calls.
          const chunks: Buffer[] = [];
          stream.on('data', (c: unknown) => chunks.push(c as Buffer));
          stream.on('error', fail);
          stream.on('end', () => {
            try {
              writeFileSync(target, Buffer.concat(chunks), { flag: 'wx', mode });
              next();
            } catch (e) {
              fail(e instanceof Error ? e : new Error(String(e)));
            }
          });
        }
      } else {
        throw new UnsafeArchiveError(
          `${header.type ?? 'unknown'} entry in archive: ${path.slice(0, 200)}`,
        );
      }
    } catch (e) {
      fail(e instanceof Error ? e : new Error(String(e)));
    }
  });
  await pipeline(input, extract);
  return { bytes, entries };
}
