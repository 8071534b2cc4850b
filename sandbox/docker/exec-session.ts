// One long-lived exec in a container of ours (the observer) that runs our commands one at a time
// as we ask, so a file checkpoint after each call costs a process start inside the container
// instead of a Docker exec round trip (about 100 ms each on the project's machine). Requests are
// JSON lines on its stdin; each answer is a JSON header line on its stdout followed by exactly
// the bytes it announces. Output is bounded on both sides; a request that does not answer in
// time breaks the session, and the caller falls back to one exec per command (runExec). Only
// for containers the package does not share processes with: the session's process must be ours.
import { type Duplex, PassThrough, type Readable, type Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecOptions, ExecResult } from './exec.js';
import { IMAGE_NODE } from './pod-spec.js';

/** The program the session runs (Node built-ins only); its input is ours alone. */
export const SESSION_SCRIPT = `
const { spawn } = require('node:child_process');
let buf = Buffer.alloc(0);
let chain = Promise.resolve();
process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  let i;
  while ((i = buf.indexOf(10)) >= 0) {
    const line = buf.subarray(0, i).toString('utf8');
    buf = buf.subarray(i + 1);
    chain = chain.then(() => run(JSON.parse(line)));
  }
});
process.stdin.on('end', () => process.exit(0));
function answer(head, out) {
  return new Promise((res) => {
    process.stdout.write(JSON.stringify({ ...head, len: out.length }) + '\\n');
    process.stdout.write(out, () => res());
  });
}
function run(r) {
  return new Promise((res) => {
    let c;
    try {
      c = spawn(r.cmd[0], r.cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      return answer({ code: 127, total: 0, err: String(e).slice(0, 2000) }, Buffer.alloc(0)).then(res);
    }
    const out = [];
    let n = 0, total = 0, err = '';
    const timer = setTimeout(() => c.kill('SIGKILL'), r.timeoutMs);
    c.stdout.on('data', (d) => {
      total += d.length;
      if (n < r.maxBytes) { const k = d.subarray(0, r.maxBytes - n); out.push(k); n += k.length; }
    });
    c.stderr.on('data', (d) => { if (err.length < r.maxBytes) err += d.toString('utf8'); });
    c.on('error', (e) => { err += String(e); });
    c.on('close', (code, sig) => {
      clearTimeout(timer);
      answer({ code: code === null ? (sig === 'SIGKILL' ? 137 : 128) : code, total, err: err.slice(0, r.maxBytes) }, Buffer.concat(out)).then(res);
    });
  });
}
`;

/** What a header line says. */
interface Head {
  code: number;
  total: number;
  err: string;
  len: number;
}

const MAX_HEAD = 2 * 1024 * 1024;

export class ExecSession {
  private pending: {
    resolve: (r: ExecResult) => void;
    reject: (e: Error) => void;
    maxBytes: number;
  }[] = [];
  private buf = Buffer.alloc(0);
  private head: Head | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  broken = false;

  private constructor(private readonly stdin: Writable) {}

  /** Start the session in `container` as `user`. */
  static async open(container: Docker.Container, user: string): Promise<ExecSession> {
    const exec = await container.exec({
      Cmd: [IMAGE_NODE, '-e', SESSION_SCRIPT],
      User: user,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex;
    const out = new PassThrough();
    const err = new PassThrough();
    container.modem.demuxStream(stream, out, err);
    err.resume();
    return ExecSession.over(stream, out, stream);
  }

  /** A session over the script's stdin and stdout (`ends` says when it is gone). */
  static over(stdin: Writable, stdout: Readable, ends: NodeJS.EventEmitter): ExecSession {
    const session = new ExecSession(stdin);
    stdout.on('data', (d: Buffer) => session.feed(d));
    const end = () => session.fail(new Error('the exec session ended'));
    ends.on('end', end);
    ends.on('close', end);
    ends.on('error', end);
    return session;
  }

  /** Run one command (after the ones before it); rejects when the session breaks. */
  run(opts: ExecOptions): Promise<ExecResult> {
    const next = this.chain.then(
      () =>
        new Promise<ExecResult>((resolve, reject) => {
          if (this.broken) return reject(new Error('the exec session is broken'));
          const timer = setTimeout(
            () => this.fail(new Error(`no answer in ${opts.timeoutMs + 5000} ms`)),
            opts.timeoutMs + 5000,
          );
          this.pending.push({
            resolve: (r) => (clearTimeout(timer), resolve(r)),
            reject: (e) => (clearTimeout(timer), reject(e)),
            maxBytes: opts.maxBytes,
          });
          this.stdin.write(
            `${JSON.stringify({ cmd: opts.cmd, timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes })}\n`,
          );
        }),
    );
    this.chain = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.broken = true;
    this.stdin.end();
  }

  private fail(e: Error): void {
    if (!this.broken) this.stdin.destroy();
    this.broken = true;
    for (const p of this.pending.splice(0)) p.reject(e);
  }

  /** Bytes from the session's stdout: header lines and the output each announces. */
  private feed(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const want = this.pending[0];
      if (!want) {
        if (this.buf.length > 0) this.fail(new Error('output nobody asked for'));
        return;
      }
      if (!this.head) {
        const nl = this.buf.indexOf(10);
        if (nl < 0) {
          if (this.buf.length > MAX_HEAD) this.fail(new Error('header too long'));
          return;
        }
        try {
          this.head = JSON.parse(this.buf.subarray(0, nl).toString('utf8')) as Head;
        } catch {
          return this.fail(new Error('unreadable header'));
        }
        this.buf = this.buf.subarray(nl + 1);
        if (!(this.head.len >= 0 && this.head.len <= want.maxBytes))
          return this.fail(new Error('answer longer than asked'));
      }
      if (this.buf.length < this.head.len) return;
      const stdout = Buffer.from(this.buf.subarray(0, this.head.len));
      this.buf = this.buf.subarray(this.head.len);
      const h = this.head;
      this.head = undefined;
      this.pending.shift();
      want.resolve({
        exitCode: h.code,
        timedOut: h.code === 137,
        stdout,
        stderr: String(h.err ?? '').slice(0, want.maxBytes),
        stdoutTotal: Number(h.total) || stdout.length,
      });
    }
  }
}
