// Step 5, exercise: start the server and drive it as an MCP client (startup, enumerate, every
// tool with generated inputs for the plan's rounds, relaunch on the same state), with a file
// checkpoint after each call. Each call's window ends once the sandbox is quiet (sandbox/quiet-waits.ts).
import type { FsCheckpoints } from '../../../sandbox/docker/fs-checkpoint.js';
import type { QuietWaits } from '../../../sandbox/quiet-waits.js';
import type { SandboxPod } from '../../../sandbox/sandbox-pod.js';
import { IMAGE_NODE, TARGET_PROJECT } from '../../../sandbox/docker/pod-spec.js';
import { runSession } from '../../../harness/session.js';
import type { SessionResult } from '../../../harness/session-types.js';
import type { StagedPackage } from '../../fetch/fetch-package.js';
import type { RunContext } from '../run-context.js';
import { makeLauncher } from '../server-launcher.js';

export interface Exercised {
  session: SessionResult;
  /** The server's entry file inside the target (roots the process tree when no pid is known). */
  entry: string;
}

export async function exerciseStep(
  ctx: RunContext,
  pod: SandboxPod,
  staged: StagedPackage,
  env: string[],
  fs: FsCheckpoints,
  sleep: (ms: number) => Promise<void>,
  quiet: QuietWaits,
): Promise<Exercised> {
  const { plan } = ctx;
  ctx.log('starting the server');
  const entry = `${TARGET_PROJECT}/${staged.entryInProject}`;
  const command = [IMAGE_NODE, entry, ...plan.serverArgs];
  const launcher = makeLauncher(pod, command, env, plan.transport, plan.limits.startupMs);
  const session = await runSession(launcher, {
    seed: plan.seed,
    rounds: plan.rounds,
    maxCalls: plan.maxCalls,
    rootUri: `file://${TARGET_PROJECT}`,
    secondLaunch: true,
    startupMs: plan.limits.startupMs,
    callMs: plan.limits.callMs,
    settleMs: plan.limits.settleMs,
    lingerMs: plan.limits.lingerMs,
    deadline: ctx.t0 + plan.limits.totalMs,
    maxRestarts: 3,
    maxTools: 500,
    now: Date.now,
    sleep,
    quiet: (kind, capMs, servers) => quiet.wait(kind, capMs, servers),
    checkpoint: () => fs.take(),
  });
  for (const p of session.phases) ctx.timings[p.phase] = p.end - p.start;
  ctx.notes.push(...session.notes);
  return { session, entry };
}
