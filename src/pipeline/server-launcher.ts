// The session's view of the server process: launched as uid 1000 in the target with the run's
// environment, reached over stdio or over HTTP inside the pod, and stopped for good (stdin closed,
// then killed by its command line when it lingers) so a second launch starts clean.
import type { Pod } from '../../sandbox/docker/pod.js';
import { TARGET_PROJECT } from '../../sandbox/docker/pod-spec.js';
import type { ServerLauncher } from '../../harness/session.js';
import { openTransport } from '../../harness/transports/open-transport.js';
import type { ServerTransport } from '../domain/types.js';

const STOP_GRACE_MS = 2000;

export function makeLauncher(
  pod: Pod,
  command: string[],
  env: string[],
  transport: ServerTransport,
  startupMs: number,
): ServerLauncher {
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  return {
    command,
    transportKind: transport.kind,
    launch: () => pod.attach(command, env, TARGET_PROJECT),
    connect: async (proc) => {
      // Over HTTP the server's stdout is only logging: drain it so it cannot fill memory.
      if (transport.kind !== 'stdio') proc.stdout.resume();
      return (await openTransport(transport, proc, pod, { startupMs, now: Date.now, sleep }))
        .transport;
    },
    stop: async (proc) => {
      proc.stdin.end();
      const ended = await Promise.race([
        proc.exited.then(() => true),
        sleep(STOP_GRACE_MS).then(() => false),
      ]);
      if (ended) return;
      // The server's own command line identifies it (children it left keep running, observed).
      await pod
        .execInTarget({
          cmd: ['pkill', '-KILL', '-u', '1000', '-f', `^${escapeRegExp(command.join(' '))}`],
          user: '1000:1000',
          timeoutMs: 5000,
          maxBytes: 1024,
        })
        .catch(() => undefined);
      await Promise.race([proc.exited, sleep(STOP_GRACE_MS)]);
    },
  };
}

/** The text as a literal in an extended regular expression (pkill -f). */
function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
