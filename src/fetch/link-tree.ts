// Copies a staged project tree by hard links: folders are made afresh (owner-writable, so the
// copy can be removed), symlinks are made again with the same link text, and each regular file
// is a hard link to the original, or a plain copy where a link cannot be made (another file
// system: EXDEV; a file system or policy that refuses links: EPERM). Used both to store a staged
// project in the cache and to give a run its own project from a cache entry.
// A hard link shares its inode: whoever later writes into the copy must replace a file (unlink,
// then write), never write into it (sandbox/plant.ts does so). Anything but folders, regular
// files and symlinks stops the copy: the trees it copies come from safeExtract, which makes no
// other kind.
import {
  chmodSync,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';

export interface LinkTreeOptions {
  /** The hard-link call (tests pass one that fails). */
  link?: (existing: string, created: string) => void;
}

export interface LinkTreeResult {
  files: number;
  /** Files copied because a hard link could not be made. */
  copied: number;
}

/** Recreate `src` at `dest` (which must not exist) with hard links. */
export function linkTree(src: string, dest: string, opts: LinkTreeOptions = {}): LinkTreeResult {
  const link = opts.link ?? linkSync;
  const result: LinkTreeResult = { files: 0, copied: 0 };
  let canLink = true;
  const copyDir = (from: string, to: string) => {
    mkdirSync(to, { mode: 0o755 });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const name = entry.name;
      const a = join(from, name);
      const b = join(to, name);
      // The folder's own record of each entry's type saves a stat per file; some file systems
      // do not keep it, and then lstat says.
      const known = entry.isDirectory() || entry.isSymbolicLink() || entry.isFile();
      const st = known ? entry : lstatSync(a);
      if (st.isDirectory()) copyDir(a, b);
      else if (st.isSymbolicLink()) symlinkSync(readlinkSync(a), b);
      else if (st.isFile()) {
        result.files += 1;
        if (canLink) {
          try {
            link(a, b);
            continue;
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code !== 'EXDEV' && code !== 'EPERM') throw e;
            // One refusal holds for the whole tree: stop trying.
            canLink = false;
          }
        }
        copyFileSync(a, b);
        result.copied += 1;
      } else throw new Error(`not a file, folder or symlink: ${name.slice(0, 200)}`);
    }
  };
  copyDir(src, dest);
  return result;
}

/** rm -rf, after making the folders writable again (never through a symlink): how a staged
 * entry, whose folders are read-only, and a tree made from it are removed. */
export function removeTree(path: string): void {
  const thaw = (dir: string) => {
    chmodSync(dir, 0o755);
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (lstatSync(p).isDirectory()) thaw(p);
    }
  };
  try {
    if (lstatSync(path).isDirectory()) thaw(path);
  } catch {
    // gone already, or partly: rmSync below copes
  }
  rmSync(path, { recursive: true, force: true });
}
