// The fetch phase: turns the target into a staged project folder (package.json depending on the
// package's tarball, node_modules installed with scripts disabled) without running anything of
// the package, or anything it names, on the host, whatever npm the host has. npm runs inside a
// fetch container (sandbox/fetch/fetch-box.ts) with no network but a host proxy that reaches
// the registry alone; the result comes back as a tar stream unpacked with strict checks. The
// host's own npm is asked one thing: which registry it uses.
// Our failures (not found, corrupt, registry down) throw AnalyzerError('fetch-failed'); a
// package that cannot be installed because of what it depends on is data (`refused`).
// A target fetched by a recent run is linked from the staged-project cache instead
// (src/fetch/staged-cache.ts); what the fetch reports is the same either way.
import { chownSync, existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { hostNpmConfig } from './host-npm-config.js';
import { BoundedSink } from '../../sandbox/docker/bounded-sink.js';
import { FETCH_WORK_BYTES, fetchSpec } from '../../sandbox/docker/fetch-spec.js';
import { startRegistryProxy } from '../../sandbox/fetch/registry-proxy.js';
import type { BoxResult } from '../../sandbox/fetch/box-result.js';
import { AnalyzerError } from '../domain/errors.js';
import type { FetchObservations, TargetSpec } from '../domain/types.js';
import { projectRoot } from '../util/project-root.js';
import { nonRegistrySpecs } from './dependency-specs.js';
import { type PackageManifest, readManifest } from './package-entry.js';
import { safeExtract } from './safe-extract.js';
import { type StagedCacheConfig, stagedCacheConfig } from './staged-cache.js';
import { keepStaged, reuseKey, reuseStaged } from './staged-reuse.js';

export interface StagedPackage {
  projectDir: string;
  manifest: PackageManifest;
  /** Entry path relative to the project folder. */
  entryInProject: string;
}

export type FetchOutcome =
  | {
      kind: 'staged';
      staged: StagedPackage;
      fetch: FetchObservations;
      /** Milliseconds of each step inside the fetch container (pack, install, end). */
      timings: Record<string, number>;
    }
  /** The package's own dependencies made it uninstallable (refused, or not from the registry). */
  | { kind: 'refused'; name: string; version: string; fetch: FetchObservations };

export interface FetchDeps {
  docker: Docker;
  image: string;
  runId: string;
  timeoutMs?: number;
  /** True once the run is being torn down (Ctrl-C): a container made after the teardown looked
   * for it would be left behind, so it is removed here instead of started. */
  stopped?: () => boolean;
  /** The staged-project cache; default: from the environment (stagedCacheConfig); false: off. */
  stagedCache?: StagedCacheConfig | false;
}

const MAX_UNPACKED = FETCH_WORK_BYTES;
const MAX_ENTRIES = 300_000;
const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** The registry the host's npm is configured with (asked from a neutral folder). */
async function hostRegistry(cwd: string): Promise<string> {
  const url = await hostNpmConfig('registry', cwd);
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : DEFAULT_REGISTRY;
  } catch {
    return DEFAULT_REGISTRY;
  }
}

/** The certificates the host trusts for the registry (its npm cafile, NODE_EXTRA_CA_CERTS, the
 * system bundle), so the fetch container reaches the registry through the same TLS as the host
 * (a corporate TLS proxy included). Bounded; undefined when none is readable. */
async function hostTrust(cwd: string, cancelSignal: AbortSignal): Promise<string | undefined> {
  const cafile = await hostNpmConfig('cafile', cwd, { cancelSignal });
  const candidates = [
    cafile,
    process.env['NODE_EXTRA_CA_CERTS'] ?? '',
    process.env['SSL_CERT_FILE'] ?? '',
    '/etc/ssl/certs/ca-certificates.crt',
  ].filter((p) => p && p !== 'null' && p !== 'undefined');
  const parts: string[] = [];
  for (const p of [...new Set(candidates)]) {
    try {
      if (lstatSync(p).size <= 4 * 1024 * 1024) parts.push(readFileSync(p, 'utf8'));
    } catch {
      // not there
    }
  }
  const pems = parts
    .join('\n')
    .match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  return pems ? `${[...new Set(pems)].join('\n')}\n` : undefined;
}

/** The shared npm cache for fetches, owned by the fetch container's uid when we can. */
function cacheDir(): string | undefined {
  const dir = join(projectRoot(), '.airlock', 'npm-cache');
  try {
    mkdirSync(dir, { recursive: true });
    chownSync(dir, 1000, 1000);
    return dir;
  } catch {
    return undefined;
  }
}

function lastError(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const err = lines.find((l) =>
    /npm error (code|404)|E404|ENOTFOUND|ETARGET|ENOSPC|EACCES/.test(l),
  );
  return (err ?? lines[lines.length - 1] ?? 'unknown error').slice(0, 300);
}

function parseResult(stderr: string): BoxResult | undefined {
  const line = stderr
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('FETCH-RESULT '));
  if (!line) return undefined;
  try {
    const v = JSON.parse(line.slice('FETCH-RESULT '.length)) as BoxResult;
    return typeof v.ok === 'boolean' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Stage the target under runDir/project: linked from the staged-project cache when a recent
 * run fetched the same target (timings then hold `cached: 1`), else in a fetch container. */
export async function fetchPackage(
  target: TargetSpec,
  runDir: string,
  deps: FetchDeps,
): Promise<FetchOutcome> {
  const t0 = Date.now();
  // The trust store is needed by the fetch container only: asked meanwhile, dropped on a hit.
  const noTrust = new AbortController();
  const trusted = hostTrust(runDir, noTrust.signal).catch(() => undefined);
  const registry = await hostRegistry(runDir);
  const hostMs = Date.now() - t0;
  const cfg = deps.stagedCache === undefined ? stagedCacheConfig() : deps.stagedCache || undefined;
  const reuse = await reuseKey(cfg, target, registry, deps.docker, deps.image);
  const keyedMs = Date.now() - t0;
  const hit = reuse ? reuseStaged(reuse, runDir, Date.now()) : undefined;
  if (hit) {
    noTrust.abort();
    const { manifest, entryInProject, fetch } = hit.cached;
    return {
      kind: 'staged',
      staged: { projectDir: join(runDir, 'project'), manifest, entryInProject },
      fetch,
      timings: {
        cached: 1,
        hostConfig: hostMs,
        keyed: keyedMs,
        linked: Date.now() - t0,
        ...(hit.copied ? { copiedFiles: hit.copied } : {}),
      },
    };
  }
  const trust = await trusted;
  const outcome = await fetchInContainer(target, runDir, deps, { registry, trust, t0, hostMs });
  if (reuse && outcome.kind === 'staged') {
    keepStaged(reuse, target, outcome, Date.now());
    outcome.timings['stored'] = Date.now() - t0;
  }
  return outcome;
}

interface HostConfig {
  registry: string;
  trust: string | undefined;
  t0: number;
  hostMs: number;
}

/** A running fetch box: its stdout and stderr are piped to what `runFetchBox` gave it. */
interface BoxRun {
  /** Resolves once the box has exited. */
  exited: Promise<void>;
  /** Resolves once everything it wrote has arrived. */
  drained: Promise<void>;
  /** Remove what ran it; never throws. */
  dispose(): Promise<void>;
}

/** Starts the fetch box with the registry proxy's folder at hand (proxy.sock, ca.pem). */
type BoxStarter = (proxyDir: string, out: PassThrough, err: BoundedSink) => Promise<BoxRun>;

/** The fetch container: pack and install, the project back as a tar stream. */
function fetchInContainer(
  target: TargetSpec,
  runDir: string,
  deps: FetchDeps,
  host: HostConfig,
): Promise<FetchOutcome> {
  const cache = cacheDir();
  return runFetchBox(target, runDir, host, deps.timeoutMs, async (proxyDir, out, err) => {
    const container = await deps.docker.createContainer(
      fetchSpec(deps.runId, deps.image, target, host.registry, {
        proxyDir,
        ...(cache ? { cacheDir: cache } : {}),
      }),
    );
    const dispose = () =>
      container.remove({ force: true }).then(
        () => undefined,
        () => undefined,
      );
    try {
      if (deps.stopped?.()) throw new AnalyzerError('fetch-failed', 'the run was stopped');
      const stream = await container.attach({ stream: true, stdout: true, stderr: true });
      container.modem.demuxStream(stream, out, err);
      // Everything the container wrote has arrived only once its attach stream ends.
      const drained = new Promise<void>((resolve) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', resolve);
      });
      if (deps.stopped?.()) throw new AnalyzerError('fetch-failed', 'the run was stopped');
      await container.start();
      return { exited: container.wait().then(() => undefined), drained, dispose };
    } catch (e) {
      await dispose();
      throw e;
    }
  });
}

/**
 * The fetch box as a child process of this one, for the stage of a Kubernetes Pod
 * (src/k8s/pod-stage.ts), which is itself the fetch container: uid 1000, no capabilities, a
 * read-only root, its scratch folder bounded. `boxScript` is the compiled fetch-box.js; its
 * folders go under `runDir/box`. Only npm specs (the cluster has no local paths).
 */
export function fetchInProcess(
  target: TargetSpec,
  runDir: string,
  opts: { registry: string; boxScript: string; timeoutMs?: number },
): Promise<FetchOutcome> {
  const t0 = Date.now();
  const host: HostConfig = { registry: opts.registry, trust: undefined, t0, hostMs: 0 };
  return runFetchBox(target, runDir, host, opts.timeoutMs, async (proxyDir, out, err) => {
    const box = join(runDir, 'box');
    for (const d of ['work', 'tmp', 'home', 'cache']) mkdirSync(join(box, d), { recursive: true });
    const child = spawn(process.execPath, [opts.boxScript], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        FETCH_KIND: target.kind,
        FETCH_SPEC: target.kind === 'npm' ? target.spec : '',
        FETCH_REGISTRY: opts.registry,
        FETCH_CACHE: join(box, 'cache'),
        FETCH_WORK: join(box, 'work'),
        FETCH_TMP: join(box, 'tmp'),
        FETCH_HOME: join(box, 'home'),
        FETCH_PROXY_SOCKET: join(proxyDir, 'proxy.sock'),
        FETCH_HOST_CA: join(proxyDir, 'ca.pem'),
      },
    });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(err);
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    return {
      exited,
      drained: exited,
      dispose: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
    };
  });
}

/** Pack and install in a fetch box, through the registry-only proxy; the staged project. */
async function runFetchBox(
  target: TargetSpec,
  runDir: string,
  { registry, trust, t0, hostMs }: HostConfig,
  timeoutMs = 600_000,
  start: BoxStarter,
): Promise<FetchOutcome> {
  const shownAs = target.kind === 'npm' ? target.spec : target.path;
  const proxyDir = join(runDir, 'fetch');
  // Not recursive: when an interrupt has already removed the run folder, this fails instead of
  // leaving a new one behind.
  mkdirSync(proxyDir, { mode: 0o755 });
  if (trust) writeFileSync(join(proxyDir, 'ca.pem'), trust, { mode: 0o644 });
  const proxy = await startRegistryProxy(join(proxyDir, 'proxy.sock'), registry).catch(
    (e: unknown) => {
      throw new AnalyzerError('fetch-failed', `cannot start the registry proxy: ${String(e)}`);
    },
  );
  let box: BoxRun | undefined;
  try {
    const out = new PassThrough();
    const err = new BoundedSink(4 * 1024 * 1024);
    const extraction = safeExtract(out, runDir, 'project', {
      maxBytes: MAX_UNPACKED,
      maxEntries: MAX_ENTRIES,
    }).then(
      () => undefined,
      (e: unknown) => (out.resume(), e instanceof Error ? e : new Error(String(e))),
    );
    box = await start(proxyDir, out, err);
    const exited = await Promise.race([
      box.exited.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), timeoutMs).unref()),
    ]);
    if (!exited)
      throw new AnalyzerError(
        'fetch-failed',
        `fetching ${shownAs} took over ${timeoutMs / 1000} s`,
      );
    const waitedMs = Date.now() - t0;
    await Promise.race([box.drained, new Promise((r) => setTimeout(r, 60_000).unref())]);
    out.end();
    const extractError = await extraction;
    const extractedMs = Date.now() - t0;
    const result = parseResult(err.buffer().toString('utf8'));
    if (!result) throw new AnalyzerError('fetch-failed', `the fetch of ${shownAs} gave no result`);
    const manifestRaw = safeJson(result.manifest);
    const fetch: FetchObservations = {
      registry,
      dependencies: nonRegistrySpecs(manifestRaw),
      refused: [
        ...new Set([
          ...proxy.refused.map((r) => r.target),
          ...(result.gitRefused ?? []).map((g) => `git ${g}`),
        ]),
      ].slice(0, 100),
      resolvedElsewhere: result.resolvedElsewhere ?? [],
    };
    if (!result.ok) return failed(result, fetch, shownAs, target, manifestRaw);
    if (extractError)
      throw new AnalyzerError(
        'fetch-failed',
        `the staged ${shownAs} is not a safe archive: ${extractError.message}`,
      );
    return {
      kind: 'staged',
      staged: staged(runDir, shownAs),
      fetch,
      timings: { ...result.timings, hostConfig: hostMs, waited: waitedMs, extracted: extractedMs },
    };
  } finally {
    await box?.dispose();
    await proxy.close();
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** A failed fetch: our error (bad input, registry trouble) or the package's (its dependencies). */
function failed(
  result: BoxResult,
  fetch: FetchObservations,
  shownAs: string,
  target: TargetSpec,
  manifestRaw: unknown,
): FetchOutcome {
  const output = result.output ?? '';
  if (result.stage === 'pack') {
    if (/E404|404 Not Found|ETARGET/.test(output) && target.kind === 'npm')
      throw new AnalyzerError('fetch-failed', `package not found in the npm registry: ${shownAs}`);
    throw new AnalyzerError('fetch-failed', `cannot fetch ${shownAs}: ${lastError(output)}`);
  }
  if (result.stage === 'manifest' || !manifestRaw)
    throw new AnalyzerError('fetch-failed', `not a valid npm package tarball: ${shownAs}`);
  if (/ENOSPC/.test(output))
    throw new AnalyzerError(
      'fetch-failed',
      `${shownAs} unpacks to more than ${FETCH_WORK_BYTES >> 20} MiB`,
    );
  const blamed = fetch.refused.length > 0 || fetch.dependencies.length > 0;
  if (!blamed)
    throw new AnalyzerError('fetch-failed', `cannot install ${shownAs}: ${lastError(output)}`);
  const m = manifestRaw as { name?: unknown; version?: unknown };
  return {
    kind: 'refused',
    name: typeof m.name === 'string' ? m.name.slice(0, 214) : shownAs,
    version: typeof m.version === 'string' ? m.version.slice(0, 64) : '0.0.0',
    fetch: { ...fetch, failed: lastError(output) },
  };
}

/** The staged project as the pipeline uses it (its package.json read as a plain file only). */
function staged(runDir: string, shownAs: string): StagedPackage {
  const projectDir = join(runDir, 'project');
  const wsPkg = join(projectDir, 'package.json');
  const deps = (
    safeJson(readPlain(wsPkg)) as { dependencies?: Record<string, unknown> } | undefined
  )?.dependencies;
  const name = Object.keys(deps ?? {})[0] ?? '';
  const pkgJson = join(projectDir, 'node_modules', name, 'package.json');
  let manifest: PackageManifest;
  try {
    manifest = readManifest(readPlain(pkgJson) ?? '');
  } catch (e) {
    throw new AnalyzerError(
      'fetch-failed',
      `bad package.json in ${shownAs}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return {
    projectDir,
    manifest,
    entryInProject: join('node_modules', manifest.name, manifest.entry),
  };
}

/** A regular file's text (never through a symlink), bounded; undefined otherwise. */
function readPlain(path: string): string | undefined {
  if (!existsSync(path) || !lstatSync(path).isFile() || lstatSync(path).size > 1024 * 1024)
    return undefined;
  return readFileSync(path, 'utf8');
}
