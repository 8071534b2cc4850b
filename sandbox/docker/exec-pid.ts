// The host pid of a started exec. The engine reports 0 until the process is running, so ask a
// few times; undefined when it never says (the process trace then falls back to command lines).
import type Docker from 'dockerode';

export async function execPid(
  exec: Docker.Exec,
  tries = 25,
  delayMs = 20,
): Promise<number | undefined> {
  for (let i = 0; i < tries; i += 1) {
    const info = await exec.inspect().catch(() => undefined);
    if (!info) return undefined;
    if (info.Pid > 0) return info.Pid;
    // Already finished (a short command): nothing to trace by pid.
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) return undefined;
    await new Promise((r) => setTimeout(r, delayMs));
  }
  return undefined;
}
