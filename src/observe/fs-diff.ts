// File-system checkpoints: parses the target's `find -printf` listings and diffs consecutive
// ones into created / modified / deleted / read changes. Reads are seen through access times
// (planted files carry an old atime, so the kernel's relatime updates it on the first read).
// Limits: a file written and removed between two checkpoints is not seen; repeated reads within
// a day after the first are not seen; only HOME and /tmp are writable, so nothing else is listed.

export interface FsEntry {
  path: string;
  mtime: number;
  atime: number;
  size: number;
}

export type FsChangeKind = 'created' | 'modified' | 'deleted' | 'read';

export interface FsChange {
  path: string;
  change: FsChangeKind;
  size: number;
}

/** Parse NUL-separated `%T@ %A@ %s %p` records (paths may hold any byte but NUL). */
export function parseFindListing(text: string, maxEntries = 20000): Map<string, FsEntry> {
  const out = new Map<string, FsEntry>();
  for (const rec of text.split('\0')) {
    if (out.size >= maxEntries) break;
    const m = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+) (\/.*)$/s.exec(rec.replace(/^\n/, ''));
    if (!m) continue;
    const path = (m[4] ?? '').slice(0, 4096);
    out.set(path, {
      path,
      mtime: Number(m[1]) * 1000,
      atime: Number(m[2]) * 1000,
      size: Number(m[3]),
    });
  }
  return out;
}

/** What changed between two listings; reads are reported only for `watchReads` paths. */
export function diffListings(
  prev: Map<string, FsEntry>,
  next: Map<string, FsEntry>,
  watchReads: ReadonlySet<string>,
): FsChange[] {
  const changes: FsChange[] = [];
  for (const [path, e] of next) {
    const before = prev.get(path);
    if (!before) changes.push({ path, change: 'created', size: e.size });
    else if (e.mtime !== before.mtime || e.size !== before.size)
      changes.push({ path, change: 'modified', size: e.size });
    else if (watchReads.has(path) && e.atime > before.atime)
      changes.push({ path, change: 'read', size: e.size });
  }
  for (const [path, e] of prev)
    if (!next.has(path)) changes.push({ path, change: 'deleted', size: e.size });
  return changes;
}

/** `/home/dev/.bashrc` -> `~/.bashrc`, for reports and rules. */
export function homeRelative(path: string, home: string): string {
  return path === home
    ? '~'
    : path.startsWith(`${home}/`)
      ? `~/${path.slice(home.length + 1)}`
      : path;
}
