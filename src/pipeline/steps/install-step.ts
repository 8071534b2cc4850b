// Step 4, install: the lifecycle scripts of the package and its dependencies (`npm rebuild`
// with every script allowed, offline), run as the target user under full capture, followed by
// a file checkpoint. When the staged tree has no lifecycle script and no native build (see
// src/fetch/install-work.ts), npm would run nothing: the step is skipped and the report says so.
import type { FsCheckpoints } from '../../../sandbox/docker/fs-checkpoint.js';
import type { SandboxPod } from '../../../sandbox/sandbox-pod.js';
import type { QuietWaits } from '../../../sandbox/quiet-waits.js';
import { IMAGE_NODE, IMAGE_NPM_CLI, TARGET_PROJECT } from '../../../sandbox/docker/pod-spec.js';
import type { PhaseWindow, ProcessLog } from '../../domain/types.js';
import type { RunContext } from '../run-context.js';

export interface Installed {
  log: ProcessLog;
  window: PhaseWindow;
  /** The install command's pid in the target, when known (roots the process tree). */
  pid?: number;
  /** npm rebuild was not run (nothing to run): no process descends from an install. */
  skipped?: boolean;
}

const OUTPUT_BYTES = 16384;

/** The text the report shows for a skipped install. */
export const INSTALL_SKIPPED =
  'npm rebuild not run: no package in the tree has an install script or a native build, so it would have run nothing';

export async function installStep(
  ctx: RunContext,
  pod: SandboxPod,
  env: string[],
  fs: FsCheckpoints,
  quiet: QuietWaits,
  work: string | undefined,
): Promise<Installed> {
  const { plan } = ctx;
  const start = Date.now();
  if (work === undefined) {
    ctx.notes.push(`install: ${INSTALL_SKIPPED}`);
    ctx.timings['install'] = 0;
    return {
      log: { exitCode: 0, timedOut: false, outputExcerpt: `(${INSTALL_SKIPPED})` },
      window: { phase: 'install', start, end: start },
      skipped: true,
    };
  }
  ctx.log(`install phase (${work})`);
  const run = await pod.execInTarget({
    cmd: [
      IMAGE_NODE,
      IMAGE_NPM_CLI,
      'rebuild',
      '--foreground-scripts',
      '--no-audit',
      '--no-fund',
      '--offline',
    ],
    user: '1000:1000',
    env: [
      ...env,
      'npm_config_dangerously_allow_all_scripts=true',
      'npm_config_update_notifier=false',
      'npm_config_cache=/tmp/.npm',
    ],
    workdir: TARGET_PROJECT,
    timeoutMs: plan.limits.installMs,
    maxBytes: 32 * 1024,
  });
  await quiet.wait('install', plan.limits.settleMs);
  await fs.take();
  const window: PhaseWindow = { phase: 'install', start, end: Date.now() };
  ctx.timings['install'] = window.end - start;
  const stdout = run.stdout.toString('utf8').slice(0, OUTPUT_BYTES);
  return {
    log: {
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      outputExcerpt: `${stdout}${run.stderr ? `\n${run.stderr.slice(0, OUTPUT_BYTES)}` : ''}`,
    },
    window,
    ...(run.pid ? { pid: run.pid } : {}),
  };
}
