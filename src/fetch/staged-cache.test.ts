import {
  chmodSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CachedOutcome,
  cacheKey,
  clearStaged,
  lookupStaged,
  materialiseStaged,
  pruneStaged,
  type StagedCacheConfig,
  stagedCacheConfig,
  storeStaged,
} from './staged-cache.js';
import { removeTree } from './link-tree.js';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-staged-'));
afterAll(() => removeTree(tmp));

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 11, 6, 12);
let n = 0;

function config(over: Partial<StagedCacheConfig> = {}): StagedCacheConfig {
  n += 1;
  return { root: join(tmp, `cache${n}`), ttlMs: HOUR, maxEntries: 200, ...over };
}

/** A staged project as safeExtract leaves it. */
function project(text = 'module.exports = 1;\n'): string {
  n += 1;
  const dir = join(tmp, `run${n}`, 'project');
  mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"dependencies":{"pkg":"1.0.0"}}');
  writeFileSync(join(dir, 'node_modules', 'pkg', 'index.js'), text);
  mkdirSync(join(dir, 'node_modules', '.bin'));
  symlinkSync('../pkg/index.js', join(dir, 'node_modules', '.bin', 'pkg'));
  return dir;
}

const outcome: CachedOutcome = {
  manifest: { name: 'pkg', version: '1.0.0', entry: 'index.js', hasInstallScripts: false },
  entryInProject: 'node_modules/pkg/index.js',
  fetch: {
    registry: 'https://registry.npmjs.org/',
    dependencies: [],
    refused: [],
    resolvedElsewhere: [],
  },
};

const key = (identity: string) =>
  cacheKey({ imageId: 'sha256:img', registry: 'https://registry.npmjs.org/', identity });

describe('stagedCacheConfig', () => {
  const root = '/r';
  it('is on by default with a 1 hour TTL under the given root', () => {
    expect(stagedCacheConfig({}, root)).toEqual({ root, ttlMs: HOUR, maxEntries: 200 });
  });
  it('is off with AIRLOCK_FETCH_CACHE=0, a TTL of 0, or a TTL that is not whole seconds', () => {
    expect(stagedCacheConfig({ AIRLOCK_FETCH_CACHE: '0' }, root)).toBeUndefined();
    expect(stagedCacheConfig({ AIRLOCK_FETCH_CACHE_TTL: '0' }, root)).toBeUndefined();
    expect(stagedCacheConfig({ AIRLOCK_FETCH_CACHE_TTL: '10m' }, root)).toBeUndefined();
    expect(stagedCacheConfig({ AIRLOCK_FETCH_CACHE_TTL: '-5' }, root)).toBeUndefined();
  });
  it('takes the TTL in seconds', () => {
    expect(stagedCacheConfig({ AIRLOCK_FETCH_CACHE_TTL: '90' }, root)?.ttlMs).toBe(90_000);
    expect(stagedCacheConfig({ AIRLOCK_FETCH_CACHE: '1' }, root)?.ttlMs).toBe(HOUR);
  });
});

describe('cacheKey', () => {
  it('changes with the image, the registry and the target', () => {
    const base = { imageId: 'sha256:a', registry: 'https://r.example/', identity: 'npm:x@1.0.0' };
    const k = cacheKey(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base })).toBe(k);
    expect(cacheKey({ ...base, imageId: 'sha256:b' })).not.toBe(k);
    expect(cacheKey({ ...base, registry: 'https://s.example/' })).not.toBe(k);
    expect(cacheKey({ ...base, identity: 'npm:x@1.0.1' })).not.toBe(k);
  });
});

describe('store, look up, materialise', () => {
  it('keeps the project and its outcome, and gives a run hard links to it', () => {
    const cfg = config();
    const k = key('a');
    expect(lookupStaged(cfg, k, T0)).toBeUndefined();
    const src = project();
    expect(storeStaged(cfg, k, src, outcome, T0)).toBe('stored');
    const entry = join(cfg.root, k);
    expect(lstatSync(join(entry, 'project', 'node_modules')).mode & 0o777).toBe(0o555);
    expect(lstatSync(join(entry, 'outcome.json')).mode & 0o777).toBe(0o444);
    // Files keep the modes the fetch gave them: the target copies them with their modes.
    expect(lstatSync(join(entry, 'project', 'package.json')).mode & 0o777).toBe(0o644);
    expect(lookupStaged(cfg, k, T0 + 1000)).toEqual(outcome);

    const runProject = join(tmp, `hit${n}`, 'project');
    mkdirSync(join(runProject, '..'));
    materialiseStaged(cfg, k, runProject);
    const file = 'node_modules/pkg/index.js';
    expect(lstatSync(join(runProject, file)).ino).toBe(lstatSync(join(entry, 'project', file)).ino);
    expect(lstatSync(join(runProject, 'node_modules/.bin/pkg')).isSymbolicLink()).toBe(true);
    // The run folder goes away at the end of the run; the entry stays whole.
    rmSync(join(runProject, '..'), { recursive: true, force: true });
    expect(readFileSync(join(entry, 'project', file), 'utf8')).toBe('module.exports = 1;\n');
    expect(readdirSync(cfg.root)).toEqual([k]);
  });

  it('misses once the entry is as old as the TTL, or written in the future', () => {
    const cfg = config();
    const k = key('b');
    storeStaged(cfg, k, project(), outcome, T0);
    expect(lookupStaged(cfg, k, T0 + HOUR - 1)).toBeDefined();
    expect(lookupStaged(cfg, k, T0 + HOUR)).toBeUndefined();
    expect(lookupStaged(cfg, k, T0 - 1)).toBeUndefined();
  });

  it('misses when the outcome file is broken or belongs to another key', () => {
    const cfg = config();
    const k = key('c');
    storeStaged(cfg, k, project(), outcome, T0);
    const file = join(cfg.root, k, 'outcome.json');
    const good = readFileSync(file, 'utf8');
    chmodSync(file, 0o644);
    writeFileSync(file, good.replace(k, key('other')));
    expect(lookupStaged(cfg, k, T0)).toBeUndefined();
    writeFileSync(file, '{"format":');
    expect(lookupStaged(cfg, k, T0)).toBeUndefined();
    writeFileSync(file, good);
    expect(lookupStaged(cfg, k, T0)).toBeDefined();
  });

  it('lets two runs store one key: both succeed, the first one there is kept', () => {
    const cfg = config();
    const k = key('d');
    const mine = project('mine\n');
    const theirs = project('theirs\n');
    let raced = false;
    const result = storeStaged(cfg, k, mine, outcome, T0, {
      link: (a, b) => {
        // While this store is half-way, another run stores the same key.
        if (!raced) {
          raced = true;
          expect(storeStaged(cfg, k, theirs, outcome, T0)).toBe('stored');
        }
        return linkSync(a, b);
      },
    });
    expect(result).toBe('exists');
    expect(readdirSync(cfg.root)).toEqual([k]);
    expect(readFileSync(join(cfg.root, k, 'project/node_modules/pkg/index.js'), 'utf8')).toBe(
      'theirs\n',
    );
  });

  it('replaces an expired entry, setting the old one aside until it is twice the TTL old', () => {
    const cfg = config();
    const k = key('e');
    storeStaged(cfg, k, project('old\n'), outcome, T0);
    const later = T0 + HOUR + 1;
    expect(storeStaged(cfg, k, project('new\n'), outcome, later)).toBe('stored');
    expect(lookupStaged(cfg, k, later)).toBeDefined();
    expect(readFileSync(join(cfg.root, k, 'project/node_modules/pkg/index.js'), 'utf8')).toBe(
      'new\n',
    );
    const aside = readdirSync(cfg.root).filter((x) => x.startsWith('.old-'));
    expect(aside).toHaveLength(1);
    expect(pruneStaged(cfg, T0 + 2 * HOUR)).toEqual([]);
    expect(pruneStaged(cfg, T0 + 2 * HOUR + 1)).toEqual(aside);
    expect(readdirSync(cfg.root)).toEqual([k]);
  });
});

describe('pruneStaged', () => {
  it('removes entries and leftovers past twice the TTL, never a younger one', () => {
    const cfg = config();
    storeStaged(cfg, key('old'), project(), outcome, T0);
    storeStaged(cfg, key('mid'), project(), outcome, T0 + HOUR);
    mkdirSync(join(cfg.root, 'unrelated'));
    const removed = pruneStaged(cfg, T0 + 2 * HOUR + 1);
    expect(removed).toEqual([key('old')]);
    expect(readdirSync(cfg.root).sort()).toEqual([key('mid'), 'unrelated'].sort());
  });

  it('keeps at most maxEntries, removing the oldest only once they are past the TTL', () => {
    const now = T0 + 2 * HOUR;
    const fill = () => {
      const cfg = config();
      // Written 80, 70, 50 and 10 minutes before "now".
      for (const [x, m] of [
        ['a', 80],
        ['b', 70],
        ['c', 50],
        ['d', 10],
      ] as const)
        storeStaged(cfg, key(`p${x}`), project(), outcome, now - m * 60_000);
      return cfg;
    };
    const two = fill();
    expect(pruneStaged({ ...two, maxEntries: 2 }, now).sort()).toEqual(
      [key('pa'), key('pb')].sort(),
    );
    // With a bound of one, c would go too, but it is younger than the TTL: c and d stay.
    const one = fill();
    expect(pruneStaged({ ...one, maxEntries: 1 }, now).sort()).toEqual(
      [key('pa'), key('pb')].sort(),
    );
    expect(readdirSync(one.root)).toHaveLength(2);
  });

  it('never goes below the default TTL, so a run with a short one keeps entries other runs may use', () => {
    const cfg = config();
    storeStaged(cfg, key('long'), project(), outcome, T0);
    const short = { ...cfg, ttlMs: 1000 };
    expect(pruneStaged(short, T0 + 3000)).toEqual([]);
    expect(lookupStaged(short, key('long'), T0 + 3000)).toBeUndefined();
    expect(lookupStaged(cfg, key('long'), T0 + 3000)).toBeDefined();
    const long = { ...cfg, ttlMs: 3 * HOUR };
    expect(pruneStaged(long, T0 + 5 * HOUR)).toEqual([]);
    expect(pruneStaged(long, T0 + 6 * HOUR + 1)).toEqual([key('long')]);
  });

  it('runs on every store, and clearStaged removes everything', () => {
    const cfg = config();
    storeStaged(cfg, key('s1'), project(), outcome, T0);
    storeStaged(cfg, key('s2'), project(), outcome, T0 + 3 * HOUR);
    expect(readdirSync(cfg.root)).toEqual([key('s2')]);
    clearStaged(cfg);
    expect(existsSync(cfg.root)).toBe(false);
  });
});
