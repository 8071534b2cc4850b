// Runs a command in the runner's own container (the Kubernetes Pod's observer role: file
// checkpoints and excerpts of the target's HOME and /tmp, which the runner mounts read-only at
// the target's paths), bounded like a Docker exec: output kept up to maxBytes, killed at the
// timeout.
import { spawn } from 'node:child_process';
import { BoundedSink } from '../../../sandbox/docker/bounded-sink.js';
import type { ExecOptions, ExecResult } from '../../../sandbox/docker/exec.js';

/** `opts.user` is ignored: everything runs as the runner's own user (uid 1000). */
export function runLocal(opts: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve) => {
    const [file, ...args] = opts.cmd;
    const out = new BoundedSink(opts.maxBytes);
    const err = new BoundedSink(opts.maxBytes);
    let timedOut = false;
    const env = Object.fromEntries(
      (opts.env ?? [`PATH=/usr/local/bin:/usr/bin:/bin`]).map((e) => {
        const i = e.indexOf('=');
        return [e.slice(0, i), e.slice(i + 1)];
      }),
    );
    const child = spawn(file ?? '/bin/false', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
      ...(opts.workdir ? { cwd: opts.workdir } : {}),
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.pipe(out);
    child.stderr.pipe(err);
    let settled = false;
    const finish = (exitCode: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        exitCode: timedOut ? null : exitCode,
        timedOut,
        stdout: out.buffer(),
        stderr: err.buffer().toString('utf8'),
        stdoutTotal: out.total,
      });
    };
    child.on('error', () => finish(127));
    child.on('close', (code) => finish(code));
  });
}
