// Step 1, fetch: stage the target in a fresh run folder (inside the fetch container, whatever
// npm the host has) and read what identifies it: the tarball's integrity and its own install
// scripts. A package whose dependencies kept it from installing comes back as `refused`.
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeRunContainers } from '../../../sandbox/docker/cleanup.js';
import { createRunDir, type RunDir } from '../../../sandbox/run-dir.js';
import type { PackageIdentity } from '../../domain/types.js';
import { type FetchOutcome, fetchPackage } from '../../fetch/fetch-package.js';
import { installWork } from '../../fetch/install-work.js';
import { describeTarget } from '../../plan/target-spec.js';
import { type DockerRunContext, timed } from '../run-context.js';

export interface Fetched {
  runDir: RunDir;
  outcome: FetchOutcome;
  /** Identity of the staged package (only when staged). */
  identity?: PackageIdentity;
  /** What `npm rebuild` would run in the staged tree (the first reason); absent: nothing. */
  installWork?: string;
}

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'] as const;
const MAX_TARBALL = 512 * 1024 * 1024;

/** The run's folder (staged project, HOME seed, the gateway's files), removed at cleanup. */
export function runDirFor(ctx: DockerRunContext): RunDir {
  const runDir = createRunDir(ctx.plan.runId);
  ctx.cleanup.add(() => runDir.remove());
  return runDir;
}

export async function fetchStep(ctx: DockerRunContext, runDir: RunDir): Promise<Fetched> {
  // The fetch container carries the run's label: an interrupt during the fetch removes it too.
  ctx.cleanup.add(() => removeRunContainers(ctx.docker, ctx.plan.runId));
  ctx.log(`fetching ${describeTarget(ctx.plan.target)}`);
  const outcome = await timed(ctx, 'fetch', () =>
    fetchPackage(ctx.plan.target, runDir.path, {
      docker: ctx.docker,
      image: ctx.plan.image,
      runId: ctx.plan.runId,
      stopped: () => ctx.cleanup.stopping,
    }),
  );
  if (outcome.kind !== 'staged') return { runDir, outcome };
  const { projectDir, manifest } = outcome.staged;
  const work = installWork(projectDir);
  return {
    runDir,
    outcome,
    ...(work === undefined ? {} : { installWork: work }),
    identity: packageIdentity(
      join(projectDir, '.pkg', 'package.tgz'),
      join(projectDir, 'node_modules', manifest.name, 'package.json'),
    ),
  };
}

/** The tarball's sha512 (as npm writes integrity) and the manifest's install scripts. */
export function packageIdentity(tarball: string, manifestPath: string): PackageIdentity {
  const integrity = regularFile(tarball, MAX_TARBALL)
    ? `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`
    : undefined;
  const installScripts: Record<string, string> = {};
  if (regularFile(manifestPath, 1024 * 1024)) {
    try {
      const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as { scripts?: unknown };
      const scripts = raw.scripts && typeof raw.scripts === 'object' ? raw.scripts : {};
      for (const name of INSTALL_SCRIPTS) {
        const v = (scripts as Record<string, unknown>)[name];
        if (typeof v === 'string') installScripts[name] = v.slice(0, 4096);
      }
    } catch {
      // an unreadable manifest was already refused by the fetch
    }
  }
  return { ...(integrity ? { integrity } : {}), installScripts };
}

function regularFile(path: string, maxBytes: number): boolean {
  try {
    const st = lstatSync(path);
    return st.isFile() && st.size <= maxBytes;
  } catch {
    return false;
  }
}
