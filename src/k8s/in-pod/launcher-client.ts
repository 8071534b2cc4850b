// The runner's side of the target's launcher (sandbox/image/launch.ts, process 1 of the target
// container in a Kubernetes analysis Pod): what `docker exec` is to the Docker pod. Each call is
// one unix socket connection; the protocol is in sandbox/image/launch-frames.ts.
//
// The launcher runs as the package's uid, so everything it says is hostile data: every read is
// bounded (a line of ANSWER_BYTES, frames of MAX_PAYLOAD_BYTES, the handshake and the answers in
// time), a malformed frame ends the process view (exited resolves null), and nothing it sends
// is evaluated. What it cannot be made to prove: the pid it claims (in the target's pid
// namespace) and the exit status it reports are its word.
//
// Output keeps backpressure: a consumer must read both stdout and stderr (or resume() the one it
// does not want), as with any child process, or the connection pauses.
import { createConnection, type Socket } from 'node:net';
import { Duplex, PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { BoundedSink } from '../../../sandbox/docker/bounded-sink.js';
import type { ExecOptions, ExecResult } from '../../../sandbox/docker/exec.js';
import type { AttachedProcess } from '../../../sandbox/docker/pod.js';
import {
  encodeChunked,
  encodeFrame,
  FRAME,
  type Frame,
  FrameDecoder,
  LAUNCHER_FRAMES,
  LineReader,
  MAX_REQUEST_BYTES,
  parseExit,
  parseJsonPayload,
  parsePid,
  safeMessage,
} from '../../../sandbox/image/launch-frames.js';
import { AnalyzerError } from '../../domain/errors.js';

/** A one-line answer (ping, killall) is at most this long. */
const ANSWER_BYTES = 4096;
/** A ping must be answered within this (unless the caller says otherwise). */
const PING_MS = 2000;
/** Between pings while waiting for the launcher. */
const WAIT_STEP_MS = 100;
/** The launcher must confirm a spawn (or say it failed) within this. */
const HANDSHAKE_MS = 10_000;
/** After a run's timeout and kill, the exit is awaited this much longer before giving up. */
const KILL_GRACE_MS = 5000;

export interface LauncherSpawn {
  cmd: string[];
  /** The process's whole environment, `K=V` (nothing of the launcher's own is added). */
  env: string[];
  /** Absolute working folder in the target. */
  cwd: string;
}

/** A process started by the launcher; `pid` is in the target's pid namespace (its claim). */
export interface LauncherProcess extends AttachedProcess {
  /** SIGKILL to the process's group (a kill frame); no-op once it is over. */
  kill(): void;
}

/** Send one request line; the answer line as an object, or undefined (any failure, timeout). */
function ask(
  socket: string,
  request: object,
  timeoutMs: number,
): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve) => {
    const reader = new LineReader(ANSWER_BYTES);
    const sock = createConnection(socket);
    let done = false;
    const finish = (v: Record<string, unknown> | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    sock.on('connect', () => sock.write(`${JSON.stringify(request)}\n`));
    sock.on('data', (chunk: Buffer) => {
      if (!reader.push(chunk)) return;
      finish(reader.line === undefined ? undefined : parseJsonPayload(Buffer.from(reader.line)));
    });
    sock.on('error', () => finish(undefined));
    sock.on('close', () => finish(undefined));
  });
}

/** Whether the launcher answers a ping within timeoutMs. */
export async function pingLauncher(socket: string, timeoutMs = PING_MS): Promise<boolean> {
  return (await ask(socket, { op: 'ping' }, timeoutMs))?.ok === true;
}

/** Ping until the launcher answers; throws (sandbox-failed) if it has not within timeoutMs. */
export async function waitForLauncher(socket: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    if (await pingLauncher(socket, Math.min(PING_MS, left))) return;
    await new Promise((r) =>
      setTimeout(r, Math.min(WAIT_STEP_MS, Math.max(0, deadline - Date.now()))),
    );
  }
  throw new AnalyzerError(
    'sandbox-failed',
    `the target's launcher did not answer at ${socket} within ${timeoutMs} ms`,
  );
}

/** Kill every other process of the target; the number the launcher says remain, or undefined
 * if it did not answer (well) within timeoutMs. */
export async function killAllViaLauncher(
  socket: string,
  timeoutMs: number,
): Promise<number | undefined> {
  const v = await ask(socket, { op: 'killall' }, timeoutMs);
  const n = v?.remaining;
  return v?.ok === true && Number.isInteger(n) && Number(n) >= 0 ? Number(n) : undefined;
}

/** A process view over one spawn connection, plus `drop` (close it: the launcher kills the
 * group). Resolves once the launcher confirmed the spawn (or said it failed). */
function openProcess(
  socket: string,
  opts: LauncherSpawn,
): Promise<{ proc: LauncherProcess; drop: () => void }> {
  const request = `${JSON.stringify({ op: 'spawn', cmd: opts.cmd, env: opts.env, cwd: opts.cwd })}\n`;
  if (opts.cmd.length === 0)
    return Promise.reject(new AnalyzerError('bad-args', 'spawn of an empty command'));
  if (Buffer.byteLength(request) > MAX_REQUEST_BYTES)
    return Promise.reject(
      new AnalyzerError('bad-args', `spawn request over ${MAX_REQUEST_BYTES} bytes`),
    );
  return new Promise((resolve, reject) => {
    const sock: Socket = createConnection(socket);
    const decoder = new FrameDecoder(LAUNCHER_FRAMES);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let state: 'waiting' | 'running' | 'over' = 'waiting';
    let resolveExit: (code: number | null) => void = () => undefined;
    const exited = new Promise<number | null>((r) => (resolveExit = r));
    let pendingWrite: (() => void) | undefined;
    const blocked = new Set<PassThrough>();

    const stdin = new Duplex({
      read() {
        this.push(null);
      },
      write(chunk: Buffer, _enc, cb) {
        if (state !== 'running') return cb();
        let ok = true;
        for (const f of encodeChunked(FRAME.stdin, chunk)) ok = sock.write(f) && ok;
        if (ok) return cb();
        pendingWrite = cb;
        sock.once('drain', () => {
          pendingWrite = undefined;
          cb();
        });
      },
      final(cb) {
        if (state === 'running') sock.write(encodeFrame(FRAME.stdinEnd));
        cb();
      },
    });
    stdin.on('error', () => undefined);

    const proc: LauncherProcess = {
      stdin,
      stdout,
      stderr,
      exited,
      kill: () => {
        if (state === 'running') sock.write(encodeFrame(FRAME.kill));
      },
    };
    const end = (code: number | null) => {
      if (state === 'over') return;
      state = 'over';
      clearTimeout(handshake);
      sock.destroy();
      stdout.end();
      stderr.end();
      pendingWrite?.();
      resolveExit(code);
    };
    const fail = (why: string) => {
      const before = state === 'waiting';
      end(null);
      if (before) reject(new AnalyzerError('sandbox-failed', `the target's launcher: ${why}`));
    };
    const handshake = setTimeout(
      () => fail(`no answer to a spawn within ${HANDSHAKE_MS} ms`),
      HANDSHAKE_MS,
    );

    const deliver = (to: PassThrough, payload: Buffer) => {
      if (to.write(payload) || blocked.has(to)) return;
      blocked.add(to);
      sock.pause();
      to.once('drain', () => {
        blocked.delete(to);
        if (blocked.size === 0 && state === 'running') sock.resume();
      });
    };
    const onFrame = (f: Frame) => {
      if (state === 'waiting') {
        if (f.type === FRAME.spawned) {
          const pid = parsePid(f.payload);
          if (pid === undefined) return fail('a malformed spawned frame');
          state = 'running';
          clearTimeout(handshake);
          return resolve({ proc: { ...proc, pid }, drop: () => end(null) });
        }
        if (f.type === FRAME.error) {
          // Like `docker exec` of a missing program: a process that ends 127 (126 when it exists
          // but cannot run), with the reason on its stderr.
          const message = safeMessage(parseJsonPayload(f.payload)?.message ?? 'unknown error');
          stderr.write(`cannot run ${safeMessage(opts.cmd[0])}: ${message}\n`);
          state = 'running';
          clearTimeout(handshake);
          resolve({ proc, drop: () => end(null) });
          return end(/ENOENT/.test(message) ? 127 : 126);
        }
        return fail(`frame ${f.type} before the spawn was confirmed`);
      }
      if (f.type === FRAME.stdout) deliver(stdout, f.payload);
      else if (f.type === FRAME.stderr) deliver(stderr, f.payload);
      else if (f.type === FRAME.exit) {
        const status = parseExit(f.payload);
        end(status && status.signal === null ? status.code : null);
      } else end(null);
    };

    sock.on('connect', () => sock.write(request));
    sock.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) {
        onFrame(f);
        if (state === 'over') return;
      }
      if (decoder.error) fail(decoder.error);
    });
    sock.on('error', (e: NodeJS.ErrnoException) => fail(`${e.code ?? 'error'} on ${socket}`));
    sock.on('close', () => fail('closed the connection'));
  });
}

/** Start a process in the target through the launcher (the Kubernetes counterpart of
 * Pod.attach). Rejects (sandbox-failed) if the launcher cannot be reached or breaks the protocol
 * before confirming; a program that cannot run is a process that exits 127 or 126. */
export async function spawnViaLauncher(
  socket: string,
  opts: LauncherSpawn,
): Promise<LauncherProcess> {
  return (await openProcess(socket, opts)).proc;
}

/** Run a command to its end, output bounded to maxBytes each (the counterpart of runExec).
 * `user` is ignored: the launcher runs everything as uid 1000. On timeout the process group is
 * killed and exitCode is null. */
export async function runViaLauncher(socket: string, opts: ExecOptions): Promise<ExecResult> {
  const { proc, drop } = await openProcess(socket, {
    cmd: opts.cmd,
    env: opts.env ?? [],
    cwd: opts.workdir ?? '/',
  });
  proc.stdin.end();
  const out = new BoundedSink(opts.maxBytes);
  const err = new BoundedSink(opts.maxBytes);
  proc.stdout.pipe(out);
  proc.stderr.pipe(err);
  let timedOut = false;
  let guard: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill();
    guard = setTimeout(drop, KILL_GRACE_MS);
  }, opts.timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  clearTimeout(guard);
  await Promise.all([finished(out), finished(err)]).catch(() => undefined);
  return {
    exitCode: timedOut ? null : code,
    timedOut,
    stdout: out.buffer(),
    stderr: err.text(),
    stdoutTotal: out.total,
    ...(proc.pid ? { pid: proc.pid } : {}),
  };
}
