// `mcp-airlock pod-run stage`: the init container of a Kubernetes analysis Pod (pod-layout.ts).
// Fetches the target as the local fetch does (the image's npm, scripts off, through the
// registry-only proxy, here a child process of this one), plants the canaries, lays out the
// target's HOME (seed + project), /tmp and channel folders in the shared volumes with the modes
// the Docker pod's tmpfs have, and writes the run's state for the runner. A package its own
// dependencies keep from installing is a result: the state says so and the stage exits 0.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { FETCH_BOX } from '../../../sandbox/docker/fetch-spec.js';
import { TARGET_HOME } from '../../../sandbox/docker/pod-spec.js';
import { targetPathOf } from '../../../sandbox/plant.js';
import { createRunDir } from '../../../sandbox/run-dir.js';
import type { PlantedFile } from '../../canary/make-canaries.js';
import { AnalyzerError } from '../../domain/errors.js';
import { fetchInProcess } from '../../fetch/fetch-package.js';
import { installWork } from '../../fetch/install-work.js';
import type { CleanupRegistry } from '../../pipeline/cleanup-registry.js';
import { packageIdentity } from '../../pipeline/steps/fetch-step.js';
import { plantStep } from '../../pipeline/steps/plant-step.js';
import { PLAN_FILE, STAGE_MOUNT, STATE_DIR, SUBPATH } from '../pod-layout.js';
import { podRunContext, readPodPlan } from './pod-run-context.js';
import { STATE_FILE, writeState } from './pod-state.js';

export interface StageOptions {
  planFile?: string;
  registry: string;
  /** Where the shared volumes are (home, tmp, channel). */
  mount?: string;
  stateDir?: string;
  boxScript?: string;
}

export async function podStage(opts: StageOptions, cleanup: CleanupRegistry): Promise<void> {
  const plan = readPodPlan(opts.planFile ?? PLAN_FILE);
  const ctx = podRunContext(plan, cleanup);
  const mount = opts.mount ?? STAGE_MOUNT;
  const statePath = join(opts.stateDir ?? STATE_DIR, STATE_FILE);
  const runDir = createRunDir(plan.runId);
  cleanup.add(() => runDir.remove());
  ctx.log(`fetching ${plan.target.kind === 'npm' ? plan.target.spec : ''} from ${opts.registry}`);
  const start = Date.now();
  const outcome = await fetchInProcess(plan.target, runDir.path, {
    registry: opts.registry,
    boxScript: opts.boxScript ?? FETCH_BOX,
  });
  ctx.timings['fetch'] = Date.now() - start;
  if (outcome.kind === 'refused') {
    writeState(statePath, { kind: 'refused', outcome, timings: ctx.timings, notes: ctx.notes });
    return;
  }
  const { staged } = outcome;
  const work = installWork(staged.projectDir);
  const identity = packageIdentity(
    join(staged.projectDir, '.pkg', 'package.tgz'),
    join(staged.projectDir, 'node_modules', staged.manifest.name, 'package.json'),
  );
  const planted = plantStep(ctx, staged, runDir);
  const laid = Date.now();
  await layOut(mount, staged.projectDir, planted.homeSeedDir, planted.canarySet.files);
  ctx.timings['layout'] = Date.now() - laid;
  writeState(statePath, {
    kind: 'staged',
    manifest: staged.manifest,
    entryInProject: staged.entryInProject,
    fetch: outcome.fetch,
    identity,
    ...(work === undefined ? {} : { installWork: work }),
    planted: {
      canarySet: planted.canarySet,
      purposes: [...planted.purposes],
      serverEnv: planted.serverEnv,
      env: planted.env,
    },
    timings: ctx.timings,
    notes: ctx.notes,
  });
}

/** The target's folders in the shared volumes, as the Docker pod's tmpfs and prepare step
 * leave them: HOME 0755 with the seed and the project, /tmp 1777, the channel 0700. */
async function layOut(
  mount: string,
  projectDir: string,
  homeSeedDir: string,
  files: readonly PlantedFile[],
): Promise<void> {
  const home = join(mount, 'home', SUBPATH.home);
  const tmp = join(mount, 'tmp', SUBPATH.tmp);
  const channel = join(mount, 'channel', SUBPATH.channel);
  for (const [dir, mode] of [
    [home, 0o755],
    [tmp, 0o1777],
    [channel, 0o700],
  ] as const) {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, mode);
  }
  const cp = async (from: string, to: string) => {
    const r = await execa('cp', ['-R', '--preserve=mode,timestamps', `${from}/.`, to], {
      reject: false,
      timeout: 300_000,
    });
    if (r.exitCode !== 0)
      throw new AnalyzerError(
        'sandbox-failed',
        `cannot lay out the target's HOME: ${String(r.stderr).slice(0, 300)}`,
      );
  };
  mkdirSync(join(home, 'project'), { recursive: true });
  await cp(projectDir, join(home, 'project'));
  await cp(homeSeedDir, home);
  // Planted secrets get their real modes (chmodCommand's set), at the volume's paths.
  for (const f of files)
    if ((f.mode & 0o077) === 0) {
      const inTarget = targetPathOf(f.path);
      chmodSync(join(home, inTarget.slice(TARGET_HOME.length)), 0o600);
    }
}
