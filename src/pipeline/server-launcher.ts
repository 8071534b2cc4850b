// The session's view of the server process: launched as uid 1000 in the target with the run's
// environment, reached over stdio or over HTTP inside the pod, and stopped for good so a second
// launch starts clean: stdin closed, a moment to exit (and save its state), then every process
// of the target is killed by restarting the target container. Nothing runs inside the target to
// do it, so the package can neither see nor stop the stopping; HOME and /tmp survive in their
// volumes.
import type { SandboxPod } from '../../sandbox/sandbox-pod.js';
import { TARGET_PROJECT } from '../../sandbox/docker/pod-spec.js';
import type { ServerLauncher } from '../../harness/session.js';
import { openTransport } from '../../harness/transports/open-transport.js';
import type { ServerTransport } from '../domain/types.js';

const STOP_GRACE_MS = 2000;

export function makeLauncher(
  pod: SandboxPod,
  command: string[],
  env: string[],
  transport: ServerTransport,
  startupMs: number,
): ServerLauncher {
  // Unref'd: a grace period that lost its race must not keep the CLI alive after the run.
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
  return {
    command,
    transportKind: transport.kind,
    launch: () => pod.attach(command, env, TARGET_PROJECT),
    connect: async (proc) => {
      // Over HTTP the server's stdout is only logging: drain it so it cannot fill memory.
      if (transport.kind !== 'stdio') proc.stdout.resume();
      return (
        await openTransport(transport, proc, pod, {
          startupMs,
          now: Date.now,
          sleep,
          onGap: (g) => pod.gap(g),
        })
      ).transport;
    },
    stop: async (proc, opts) => {
      proc.stdin.end();
      await Promise.race([proc.exited, sleep(STOP_GRACE_MS)]);
      // The last launch: what it left running is still watched until the pod goes.
      if (opts?.last) return;
      // Children it left keep running otherwise (observed): end them all.
      await pod.restartTarget().catch(() => undefined);
      await Promise.race([proc.exited, sleep(STOP_GRACE_MS)]);
    },
  };
}
