// The fetch's side of the staged-project cache (src/fetch/staged-cache.ts): the key of this
// fetch (the sandbox image's id, the registry, the target's identity), the run's project linked
// from a live entry, and a staged fetch kept for the next run. The cache never decides anything
// a report shows: a hit gives the outcome the fetch gave, and any trouble with the cache means
// an ordinary fetch (a cache that cannot be read or written is not an error).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { TargetSpec } from '../domain/types.js';
import type { FetchOutcome } from './fetch-package.js';
import {
  type CachedOutcome,
  cacheKey,
  lookupStaged,
  materialiseStaged,
  type StagedCacheConfig,
  storeStaged,
} from './staged-cache.js';
import { targetIdentity } from './target-identity.js';

export interface Reuse {
  cfg: StagedCacheConfig;
  key: string;
  identity: string;
}

/** The cache key of this fetch; undefined when the cache is off or the target is not reused. */
export async function reuseKey(
  cfg: StagedCacheConfig | undefined,
  target: TargetSpec,
  registry: string,
  docker: Docker,
  image: string,
): Promise<Reuse | undefined> {
  if (!cfg) return undefined;
  const identity = targetIdentity(target);
  if (!identity) return undefined;
  const imageId = await docker
    .getImage(image)
    .inspect()
    .then((i) => (typeof i.Id === 'string' ? i.Id : undefined))
    .catch(() => undefined);
  if (!imageId) return undefined;
  return { cfg, identity, key: cacheKey({ imageId, registry, identity }) };
}

/** The run's project (runDir/project) linked from a live entry, and the outcome kept with it;
 * undefined on a miss, or when linking failed (the half-made project is removed). */
export function reuseStaged(
  reuse: Reuse,
  runDir: string,
  now: number,
): { cached: CachedOutcome; copied: number } | undefined {
  const cached = lookupStaged(reuse.cfg, reuse.key, now);
  if (!cached) return undefined;
  const projectDir = join(runDir, 'project');
  try {
    const r = materialiseStaged(reuse.cfg, reuse.key, projectDir);
    return { cached, copied: r.copied };
  } catch {
    // The entry went away under us (pruned, replaced): fetch as usual.
    rmSync(projectDir, { recursive: true, force: true });
    return undefined;
  }
}

/** Keep a staged fetch for later runs, when the target is still what was fetched. Best effort. */
export function keepStaged(
  reuse: Reuse,
  target: TargetSpec,
  outcome: Extract<FetchOutcome, { kind: 'staged' }>,
  now: number,
): void {
  if (targetIdentity(target) !== reuse.identity) return;
  const { manifest, entryInProject, projectDir } = outcome.staged;
  try {
    storeStaged(
      reuse.cfg,
      reuse.key,
      projectDir,
      { manifest, entryInProject, fetch: outcome.fetch },
      now,
    );
  } catch {
    // a full disk or a read-only checkout: the next run fetches again
  }
}
