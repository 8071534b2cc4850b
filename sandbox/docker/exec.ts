// Runs a command in a container and collects its output, bounded; the command is wrapped in
// coreutils `timeout` so a hang ends inside the container, not only on our side.
import type Docker from 'dockerode';
import { BoundedSink } from './bounded-sink.js';
import { execPid } from './exec-pid.js';
import { IMAGE_TIMEOUT } from './pod-spec.js';

export interface ExecResult {
  exitCode: number | null;
  timedOut: boolean;
  stdout: Buffer;
  stderr: string;
  stdoutTotal: number;
  /** Host pid of the exec'd process (for the process trace), when the engine said. */
  pid?: number;
}

export interface ExecOptions {
  cmd: string[];
  user?: string;
  env?: string[];
  workdir?: string;
  timeoutMs: number;
  maxBytes: number;
}

export async function runExec(container: Docker.Container, opts: ExecOptions): Promise<ExecResult> {
  const seconds = Math.max(1, Math.ceil(opts.timeoutMs / 1000));
  const exec = await container.exec({
    Cmd: [IMAGE_TIMEOUT, '-s', 'KILL', String(seconds), ...opts.cmd],
    User: opts.user,
    Env: opts.env,
    WorkingDir: opts.workdir,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new BoundedSink(opts.maxBytes);
  const err = new BoundedSink(opts.maxBytes);
  container.modem.demuxStream(stream, out, err);
  // Listen for the end before anything else is awaited: a short command can be over already.
  const pidPromise = execPid(exec);
  const ended = new Promise<void>((resolve) => {
    const guard = setTimeout(() => {
      stream.destroy();
      resolve();
    }, opts.timeoutMs + 5000);
    stream.on('end', () => {
      clearTimeout(guard);
      resolve();
    });
    stream.on('close', () => {
      clearTimeout(guard);
      resolve();
    });
    stream.on('error', () => {
      clearTimeout(guard);
      resolve();
    });
  });
  const [pid] = await Promise.all([pidPromise, ended]);
  const info = await exec.inspect();
  const exitCode = info.Running ? null : info.ExitCode;
  return {
    exitCode,
    timedOut: exitCode === 137 || exitCode === null,
    stdout: out.buffer(),
    stderr: err.text(),
    stdoutTotal: out.total,
    ...(pid ? { pid } : {}),
  };
}
