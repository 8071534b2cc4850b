// The staged-project cache: a run that fetches the same target as a recent run (same sandbox
// image, same registry, same target identity: src/fetch/target-identity.ts) gets its project as
// hard links to a copy kept on the host instead of a new fetch container. An entry is
// `<root>/<key>/` with `project/` (the tree safeExtract made, never anything else) and
// `outcome.json` (the fetch's outcome without per-run paths and timings, and when it was
// written). Entries are made under a temporary name and renamed into place, so a reader sees a
// whole entry or none, and two runs storing one key both succeed (the second copy is dropped).
// An entry is never mounted into a container: each run gets its own linked copy.
// Limits: an entry older than the TTL (1 hour) is a miss, because the package's dependency
// ranges resolve to newer versions over time; within the TTL a dependency published meanwhile
// is not seen. The entry's folders are read-only (0555), its files keep the modes the fetch
// gave them (the target copies them with their modes, so a cached project must look exactly
// like a fetched one): a host writer must replace a file, never write into it.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { FetchObservations } from '../domain/types.js';
import { projectRoot } from '../util/project-root.js';
import { linkTree, type LinkTreeOptions, type LinkTreeResult, removeTree } from './link-tree.js';
import type { PackageManifest } from './package-entry.js';

/** Changes when the entry layout or what a key covers changes (old entries then miss). */
const FORMAT = 'staged-cache-1';
const DEFAULT_TTL_MS = 3600 * 1000;
const DEFAULT_MAX_ENTRIES = 200;
const MAX_OUTCOME_BYTES = 1024 * 1024;
const KEY_NAME = /^[0-9a-f]{64}$/;

export interface StagedCacheConfig {
  root: string;
  ttlMs: number;
  /** Entries kept beyond this are removed oldest first, once older than the TTL. */
  maxEntries: number;
}

/** The cache's settings from the environment; undefined when it is off
 * (`AIRLOCK_FETCH_CACHE=0`, or an `AIRLOCK_FETCH_CACHE_TTL` that is 0 or not whole seconds). */
export function stagedCacheConfig(
  env: NodeJS.ProcessEnv = process.env,
  root: string = join(projectRoot(), '.airlock', 'staged'),
): StagedCacheConfig | undefined {
  if (env['AIRLOCK_FETCH_CACHE'] === '0') return undefined;
  const ttl = env['AIRLOCK_FETCH_CACHE_TTL'];
  let ttlMs = DEFAULT_TTL_MS;
  if (ttl !== undefined) {
    // Unreadable: off, rather than reuse for longer than the user asked.
    if (!/^\d{1,9}$/.test(ttl.trim())) return undefined;
    ttlMs = Number(ttl.trim()) * 1000;
  }
  return ttlMs > 0 ? { root, ttlMs, maxEntries: DEFAULT_MAX_ENTRIES } : undefined;
}

/** What an entry is reused for: the sandbox image, the registry and the target. */
export interface KeyParts {
  imageId: string;
  registry: string;
  /** From targetIdentity(). */
  identity: string;
}

export function cacheKey(parts: KeyParts): string {
  return createHash('sha256')
    .update(JSON.stringify([FORMAT, parts.imageId, parts.registry, parts.identity]))
    .digest('hex');
}

/** A staged fetch's outcome as kept in an entry (no per-run path, no timings). */
export interface CachedOutcome {
  manifest: PackageManifest;
  entryInProject: string;
  fetch: FetchObservations;
}

interface OutcomeFile {
  format: string;
  key: string;
  /** Epoch ms. */
  writtenAt: number;
  outcome: CachedOutcome;
}

/** The entry's outcome when it is there, whole and younger than the TTL. */
export function lookupStaged(
  cfg: StagedCacheConfig,
  key: string,
  now: number,
): CachedOutcome | undefined {
  const file = readOutcome(join(cfg.root, key));
  if (!file || file.key !== key) return undefined;
  const age = now - file.writtenAt;
  if (age < 0 || age >= cfg.ttlMs) return undefined;
  try {
    if (!lstatSync(join(cfg.root, key, 'project')).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  return file.outcome;
}

/** Give `projectDir` (which must not exist) the entry's project as hard links. */
export function materialiseStaged(
  cfg: StagedCacheConfig,
  key: string,
  projectDir: string,
  opts: LinkTreeOptions = {},
): LinkTreeResult {
  return linkTree(join(cfg.root, key, 'project'), projectDir, opts);
}

/** Keep a staged project and its outcome under `key`; prunes old entries first. 'exists' when a
 * live entry was already there (a concurrent run stored it): ours is dropped. */
export function storeStaged(
  cfg: StagedCacheConfig,
  key: string,
  projectDir: string,
  outcome: CachedOutcome,
  now: number,
  opts: LinkTreeOptions = {},
): 'stored' | 'exists' {
  mkdirSync(cfg.root, { recursive: true, mode: 0o700 });
  pruneStaged(cfg, now);
  const tmp = mkdtempSync(join(cfg.root, '.tmp-'));
  try {
    linkTree(projectDir, join(tmp, 'project'), opts);
    const file: OutcomeFile = { format: FORMAT, key, writtenAt: now, outcome };
    writeFileSync(join(tmp, 'outcome.json'), `${JSON.stringify(file)}\n`, { mode: 0o444 });
    freezeDirs(join(tmp, 'project'));
    const dest = join(cfg.root, key);
    if (tryRename(tmp, dest)) return 'stored';
    if (lookupStaged(cfg, key, now)) return 'exists';
    // An expired or broken entry holds the name: set it aside (pruned later, like any entry
    // past twice the TTL) and try once more; losing again means a concurrent run won.
    const old = mkdtempSync(join(cfg.root, '.old-'));
    // Failing here means another run set it aside first.
    if (!tryRename(dest, join(old, 'entry'))) rmSync(old, { recursive: true, force: true });
    return tryRename(tmp, dest) ? 'stored' : 'exists';
  } finally {
    removeTree(tmp);
  }
}

function tryRename(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') return false;
    throw e;
  }
}

/** Remove entries (and leftovers) older than twice the TTL, and the oldest beyond the bound
 * once older than the TTL; an entry younger than that may be being linked by another run. The
 * TTL here is never below the default: a run with a short TTL must not take entries away from
 * runs with the usual one. */
export function pruneStaged(cfg: StagedCacheConfig, now: number): string[] {
  const ttlMs = Math.max(cfg.ttlMs, DEFAULT_TTL_MS);
  let names: string[];
  try {
    names = readdirSync(cfg.root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const kept: { name: string; age: number }[] = [];
  for (const name of names) {
    const keyed = KEY_NAME.test(name);
    if (!keyed && !/^\.(tmp|old)-/.test(name)) continue;
    const age = now - writtenAt(join(cfg.root, name));
    if (age > 2 * ttlMs) {
      removeTree(join(cfg.root, name));
      removed.push(name);
    } else if (keyed) kept.push({ name, age });
  }
  kept.sort((a, b) => b.age - a.age);
  for (const { name, age } of kept.slice(0, Math.max(0, kept.length - cfg.maxEntries))) {
    if (age <= ttlMs) break;
    removeTree(join(cfg.root, name));
    removed.push(name);
  }
  return removed;
}

/** Remove every entry (`rm -rf` of the root, made writable first). */
export function clearStaged(cfg: StagedCacheConfig): void {
  removeTree(cfg.root);
}

/** When an entry (or a leftover holding one) was written: its outcome's time, else the folder's
 * mtime, else now (unknown things are not removed). */
function writtenAt(dir: string): number {
  const file = readOutcome(dir) ?? readOutcome(join(dir, 'entry'));
  if (file) return file.writtenAt;
  try {
    return lstatSync(dir).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function readOutcome(dir: string): OutcomeFile | undefined {
  try {
    const path = join(dir, 'outcome.json');
    const st = lstatSync(path);
    if (!st.isFile() || st.size > MAX_OUTCOME_BYTES) return undefined;
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<OutcomeFile>;
    const o = v.outcome as Partial<CachedOutcome> | undefined;
    const ok =
      v.format === FORMAT &&
      typeof v.key === 'string' &&
      typeof v.writtenAt === 'number' &&
      typeof o?.entryInProject === 'string' &&
      typeof o.manifest === 'object' &&
      typeof o.fetch === 'object';
    return ok ? (v as OutcomeFile) : undefined;
  } catch {
    return undefined;
  }
}

/** Make every folder under `dir` read-only (files keep their modes), deepest first. */
function freezeDirs(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (lstatSync(path).isDirectory()) freezeDirs(path);
  }
  chmodSync(dir, 0o555);
}
