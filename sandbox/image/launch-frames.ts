// The launcher's wire format, shared by the launcher (launch.ts, process 1 of the target
// container) and its client in the runner (src/k8s/launcher-client.ts). One request per unix
// socket connection: a JSON line, then for `spawn` binary frames both ways (a 5-byte header:
// type u8 + payload length u32 big-endian). Pure: bytes in, values out. Both sides treat what
// the other sends as hostile: every buffer is bounded and a violation ends the connection.
//
// Ships into the sandbox image beside launch.js, so it imports nothing but node builtins.

/** Where the launcher listens unless LAUNCH_SOCKET says otherwise (pod-layout.ts's
 * TARGET_LAUNCHER_SOCKET; a test keeps the two equal). */
export const DEFAULT_LAUNCH_SOCKET = '/run/user/1000/bus';

/** The request line, newline included, is at most this long; a longer one ends the connection. */
export const MAX_REQUEST_BYTES = 256 * 1024;
/** A frame's payload is at most this long; a longer header ends the connection. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** A JSON payload (spawned, exit, error, a one-line answer) is at most this long. */
export const MAX_JSON_PAYLOAD_BYTES = 4096;
export const HEADER_BYTES = 5;

export const FRAME = {
  stdin: 0x00,
  stdinEnd: 0x01,
  kill: 0x02,
  spawned: 0x10,
  stdout: 0x11,
  stderr: 0x12,
  exit: 0x13,
  error: 0x14,
} as const;

/** What the client may send after a spawn request, and what the launcher may answer. */
export const CLIENT_FRAMES: readonly number[] = [FRAME.stdin, FRAME.stdinEnd, FRAME.kill];
export const LAUNCHER_FRAMES: readonly number[] = [
  FRAME.spawned,
  FRAME.stdout,
  FRAME.stderr,
  FRAME.exit,
  FRAME.error,
];

export interface Frame {
  type: number;
  payload: Buffer;
}

export type LaunchRequest =
  { op: 'ping' } | { op: 'killall' } | { op: 'spawn'; cmd: string[]; env: string[]; cwd: string };

/** One frame (payloads over MAX_PAYLOAD_BYTES are the caller's to split: see encodeChunked). */
export function encodeFrame(type: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  if (body.length > MAX_PAYLOAD_BYTES) throw new RangeError('frame payload too large');
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(body.length, 1);
  return Buffer.concat([header, body]);
}

/** Data of any length as frames of at most MAX_PAYLOAD_BYTES each. */
export function encodeChunked(type: number, data: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = 0; at < data.length; at += MAX_PAYLOAD_BYTES)
    frames.push(encodeFrame(type, data.subarray(at, at + MAX_PAYLOAD_BYTES)));
  return frames;
}

/** Splits a byte stream into frames of the allowed types; holds at most one partial frame. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);
  /** Set once the stream broke the format; nothing is decoded after it. */
  error: string | undefined;

  constructor(private readonly allowed: readonly number[]) {}

  push(chunk: Buffer): Frame[] {
    if (this.error) return [];
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      const type = this.pending.readUInt8(0);
      const length = this.pending.readUInt32BE(1);
      if (!this.allowed.includes(type)) return this.fail(frames, `unexpected frame type ${type}`);
      if (length > MAX_PAYLOAD_BYTES) return this.fail(frames, `frame of ${length} bytes`);
      if (this.pending.length < HEADER_BYTES + length) break;
      // A copy: the payload must not pin the (possibly large) chunk it came in.
      const payload = Buffer.from(this.pending.subarray(HEADER_BYTES, HEADER_BYTES + length));
      frames.push({ type, payload });
      this.pending = this.pending.subarray(HEADER_BYTES + length);
    }
    return frames;
  }

  private fail(frames: Frame[], why: string): Frame[] {
    this.error = why;
    this.pending = Buffer.alloc(0);
    return frames;
  }
}

/** Collects one newline-terminated line of at most `limit` bytes (newline included). */
export class LineReader {
  private parts: Buffer[] = [];
  private length = 0;
  /** The line (without its newline) once complete. */
  line: string | undefined;
  /** Bytes that came after the newline (the start of the frames). */
  rest: Buffer = Buffer.alloc(0);
  error: string | undefined;

  constructor(private readonly limit: number) {}

  /** Returns true once the line is complete or the limit was passed. */
  push(chunk: Buffer): boolean {
    if (this.line !== undefined || this.error) return true;
    const nl = chunk.indexOf(0x0a);
    const take = nl < 0 ? chunk : chunk.subarray(0, nl);
    // + 1: the newline, here or still to come.
    if (this.length + take.length + 1 > this.limit) {
      this.error = `line longer than ${this.limit} bytes`;
      this.parts = [];
      return true;
    }
    this.parts.push(take);
    this.length += take.length;
    if (nl < 0) return false;
    this.line = Buffer.concat(this.parts).toString('utf8');
    this.rest = Buffer.from(chunk.subarray(nl + 1));
    this.parts = [];
    return true;
  }
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The request a line asks for, or why it is not one. */
export function parseRequest(line: string): LaunchRequest | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { error: 'request is not JSON' };
  }
  if (typeof v !== 'object' || v === null) return { error: 'request is not an object' };
  const r = v as Record<string, unknown>;
  if (r.op === 'ping' || r.op === 'killall') return { op: r.op };
  if (r.op !== 'spawn') return { error: 'unknown op' };
  if (!isStringArray(r.cmd) || r.cmd.length === 0 || r.cmd[0] === '')
    return { error: 'cmd must be a non-empty array of strings' };
  if (!isStringArray(r.env) || !r.env.every((e) => e.indexOf('=') > 0))
    return { error: 'env must be an array of K=V strings' };
  if (typeof r.cwd !== 'string' || !r.cwd.startsWith('/'))
    return { error: 'cwd must be an absolute path' };
  if ([...r.cmd, ...r.env, r.cwd].some((s) => s.includes('\0')))
    return { error: 'NUL in a string' };
  return { op: 'spawn', cmd: r.cmd, env: r.env, cwd: r.cwd };
}

/** `K=V` strings as an environment object (the first `=` splits; a later duplicate wins). */
export function envObject(env: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const kv of env) {
    const at = kv.indexOf('=');
    if (at > 0) out[kv.slice(0, at)] = kv.slice(at + 1);
  }
  return out;
}

/** A JSON payload from the other side, as an object; undefined if too long or not an object. */
export function parseJsonPayload(payload: Buffer): Record<string, unknown> | undefined {
  if (payload.length > MAX_JSON_PAYLOAD_BYTES) return undefined;
  try {
    const v: unknown = JSON.parse(payload.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The exit frame's payload: a code (0..255) or a signal name, anything else is undefined. */
export function parseExit(
  payload: Buffer,
): { code: number | null; signal: string | null } | undefined {
  const v = parseJsonPayload(payload);
  if (!v) return undefined;
  const code = v.code;
  const signal = v.signal;
  const codeOk =
    code === null || (Number.isInteger(code) && Number(code) >= 0 && Number(code) <= 255);
  const signalOk =
    signal === null || (typeof signal === 'string' && /^SIG[A-Z0-9]{1,12}$/.test(signal));
  if (!codeOk || !signalOk) return undefined;
  return { code: code as number | null, signal: signal as string | null };
}

/** The spawned frame's pid (a positive integer), else undefined. */
export function parsePid(payload: Buffer): number | undefined {
  const pid = parseJsonPayload(payload)?.pid;
  return Number.isInteger(pid) && Number(pid) > 0 && Number(pid) < 2 ** 31
    ? Number(pid)
    : undefined;
}

/** A message from the other side, made safe to show: printable ASCII, at most 300 chars. */
export function safeMessage(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v);
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 300);
}
