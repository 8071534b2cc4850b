// Writes the run's planted files on the host side of the pod: dotfiles into the HOME seed folder
// (mounted read-only, copied into the target's HOME before install) and `.env` into the staged
// project. Files are world-readable on the host so the target's uid can copy them; the copy in
// the target gets the real modes (600 for secrets) and an old timestamp, so the first read is
// visible as an access-time change. A planted file replaces what is at its path (unlink, then
// write): the staged project may be hard links into the staged-project cache
// (src/fetch/staged-cache.ts), and writing into a linked file would change the cached copy.
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlantedFile } from '../src/canary/make-canaries.js';
import { TARGET_HOME, TARGET_PROJECT } from './docker/pod-spec.js';

/** Planted files look a month old. */
const AGE_MS = 30 * 24 * 3600 * 1000;

/** Absolute path in the target for a `~/…` or `./…` planted path. */
export function targetPathOf(path: string): string {
  return path.startsWith('~/')
    ? `${TARGET_HOME}/${path.slice(2)}`
    : `${TARGET_PROJECT}/${path.replace(/^\.\//, '')}`;
}

export function writeSeed(
  files: readonly PlantedFile[],
  homeSeedDir: string,
  projectDir: string,
  now: number,
): void {
  const old = new Date(now - AGE_MS);
  for (const f of files) {
    const base = f.path.startsWith('~/') ? homeSeedDir : projectDir;
    const rel = f.path.replace(/^~\/|^\.\//, '');
    const path = join(base, rel);
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    rmSync(path, { force: true });
    writeFileSync(path, f.content, { mode: 0o644, flag: 'wx' });
    utimesSync(path, old, old);
  }
}

/** The command that gives planted files their real modes inside the target. */
export function chmodCommand(files: readonly PlantedFile[]): string[] {
  const secret = files.filter((f) => (f.mode & 0o077) === 0).map((f) => targetPathOf(f.path));
  return ['chmod', '600', '--', ...secret];
}
