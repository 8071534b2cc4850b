import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import type { FetchOutcome } from './fetch-package.js';
import { lookupStaged, type StagedCacheConfig, storeStaged } from './staged-cache.js';
import { keepStaged, reuseKey, reuseStaged } from './staged-reuse.js';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-reuse-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const REGISTRY = 'https://registry.npmjs.org/';

/** Just enough of dockerode: an image with an id, or none. */
function docker(id: string | undefined): Docker {
  return {
    getImage: () => ({
      inspect: () => (id ? Promise.resolve({ Id: id }) : Promise.reject(new Error('no image'))),
    }),
  } as unknown as Docker;
}

let n = 0;
function cfg(): StagedCacheConfig {
  n += 1;
  return { root: join(tmp, `cache${n}`), ttlMs: 3600_000, maxEntries: 200 };
}

function target(): { kind: 'folder'; path: string } {
  n += 1;
  const path = join(tmp, `target${n}`);
  mkdirSync(path);
  writeFileSync(join(path, 'package.json'), '{"name":"t","version":"1.0.0"}');
  return { kind: 'folder', path };
}

function stagedIn(runDir: string): Extract<FetchOutcome, { kind: 'staged' }> {
  const projectDir = join(runDir, 'project');
  mkdirSync(join(projectDir, 'node_modules', 't'), { recursive: true });
  writeFileSync(join(projectDir, 'node_modules', 't', 'index.js'), 'x');
  return {
    kind: 'staged',
    staged: {
      projectDir,
      manifest: { name: 't', version: '1.0.0', entry: 'index.js', hasInstallScripts: false },
      entryInProject: 'node_modules/t/index.js',
    },
    fetch: { registry: REGISTRY, dependencies: [], refused: [], resolvedElsewhere: [] },
    timings: { end: 1 },
  };
}

describe('reuseKey', () => {
  it('is keyed by image id, registry and target; none when off, unkeyable or no image', async () => {
    const c = cfg();
    const t = target();
    const a = await reuseKey(c, t, REGISTRY, docker('sha256:1'), 'img:tag');
    expect(a?.identity).toMatch(/^folder:/);
    expect((await reuseKey(c, t, REGISTRY, docker('sha256:1'), 'img:tag'))?.key).toBe(a?.key);
    expect((await reuseKey(c, t, REGISTRY, docker('sha256:2'), 'img:tag'))?.key).not.toBe(a?.key);
    expect((await reuseKey(c, t, 'https://r.example/', docker('sha256:1'), 'i'))?.key).not.toBe(
      a?.key,
    );
    expect(await reuseKey(undefined, t, REGISTRY, docker('sha256:1'), 'i')).toBeUndefined();
    expect(await reuseKey(c, t, REGISTRY, docker(undefined), 'i')).toBeUndefined();
    expect(
      await reuseKey(c, { kind: 'npm', spec: 'x@latest' }, REGISTRY, docker('sha256:1'), 'i'),
    ).toBeUndefined();
  });
});

describe('keepStaged and reuseStaged', () => {
  it('keeps a staged fetch and gives the next run the same outcome and tree', async () => {
    const c = cfg();
    const t = target();
    const reuse = await reuseKey(c, t, REGISTRY, docker('sha256:1'), 'i');
    if (!reuse) throw new Error('no key');
    const first = join(tmp, `run${n}a`);
    const outcome = stagedIn(first);
    keepStaged(reuse, t, outcome, Date.now());
    const second = join(tmp, `run${n}b`);
    mkdirSync(second);
    const hit = reuseStaged(reuse, second, Date.now());
    expect(hit?.cached).toEqual({
      manifest: outcome.staged.manifest,
      entryInProject: outcome.staged.entryInProject,
      fetch: outcome.fetch,
    });
    expect(existsSync(join(second, 'project', 'node_modules', 't', 'index.js'))).toBe(true);
  });

  it('keeps nothing when the target changed while it was fetched', async () => {
    const c = cfg();
    const t = target();
    const reuse = await reuseKey(c, t, REGISTRY, docker('sha256:1'), 'i');
    if (!reuse) throw new Error('no key');
    writeFileSync(join(t.path, 'index.js'), 'added during the fetch');
    keepStaged(reuse, t, stagedIn(join(tmp, `run${n}`)), Date.now());
    expect(lookupStaged(c, reuse.key, Date.now())).toBeUndefined();
  });

  it('falls back to a fetch, leaving no half-made project, when linking fails', async () => {
    const c = cfg();
    const t = target();
    const reuse = await reuseKey(c, t, REGISTRY, docker('sha256:1'), 'i');
    if (!reuse) throw new Error('no key');
    const outcome = stagedIn(join(tmp, `run${n}`));
    storeStaged(
      c,
      reuse.key,
      outcome.staged.projectDir,
      { ...outcome.staged, fetch: outcome.fetch },
      Date.now(),
    );
    const runDir = join(tmp, `run${n}-next`);
    mkdirSync(join(runDir, 'project'), { recursive: true });
    // A project folder already there makes linking fail (as an entry pruned under us would).
    expect(reuseStaged(reuse, runDir, Date.now())).toBeUndefined();
    expect(existsSync(join(runDir, 'project'))).toBe(false);
  });
});
