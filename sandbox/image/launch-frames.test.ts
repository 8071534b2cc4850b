import { describe, expect, it } from 'vitest';
import { TARGET_LAUNCHER_SOCKET } from '../../src/k8s/pod-layout.js';
import {
  CLIENT_FRAMES,
  DEFAULT_LAUNCH_SOCKET,
  encodeChunked,
  encodeFrame,
  envObject,
  FRAME,
  FrameDecoder,
  LAUNCHER_FRAMES,
  LineReader,
  MAX_PAYLOAD_BYTES,
  parseExit,
  parsePid,
  parseRequest,
  safeMessage,
} from './launch-frames.js';

describe('launch frames', () => {
  it('listens where the Pod layout says the target sees the socket', () => {
    expect(DEFAULT_LAUNCH_SOCKET).toBe(TARGET_LAUNCHER_SOCKET);
  });

  it('encodes a 5-byte header: type, then the length big-endian', () => {
    expect([...encodeFrame(FRAME.stdout, 'hi')]).toEqual([0x11, 0, 0, 0, 2, 0x68, 0x69]);
    expect([...encodeFrame(FRAME.stdinEnd)]).toEqual([0x01, 0, 0, 0, 0]);
    expect(() => encodeFrame(FRAME.stdin, Buffer.alloc(MAX_PAYLOAD_BYTES + 1))).toThrow();
  });

  it('splits long data into frames of at most 1 MiB', () => {
    const frames = encodeChunked(FRAME.stdin, Buffer.alloc(MAX_PAYLOAD_BYTES * 2 + 3));
    expect(frames.map((f) => f.readUInt32BE(1))).toEqual([MAX_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES, 3]);
    expect(encodeChunked(FRAME.stdin, Buffer.alloc(0))).toEqual([]);
  });

  it('decodes frames split at any byte and several in one chunk', () => {
    const bytes = Buffer.concat([
      encodeFrame(FRAME.stdout, 'abc'),
      encodeFrame(FRAME.stderr, ''),
      encodeFrame(FRAME.exit, '{"code":0,"signal":null}'),
    ]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new FrameDecoder(LAUNCHER_FRAMES);
      const frames = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))];
      expect(frames.map((f) => [f.type, f.payload.toString()])).toEqual([
        [FRAME.stdout, 'abc'],
        [FRAME.stderr, ''],
        [FRAME.exit, '{"code":0,"signal":null}'],
      ]);
      expect(d.error).toBeUndefined();
    }
  });

  it('stops at a frame of a type the side does not accept, or an oversized length', () => {
    const d = new FrameDecoder(CLIENT_FRAMES);
    expect(
      d.push(Buffer.concat([encodeFrame(FRAME.stdin, 'x'), encodeFrame(FRAME.stdout, 'y')])),
    ).toHaveLength(1);
    expect(d.error).toMatch(/type 17/);
    expect(d.push(encodeFrame(FRAME.stdin, 'z'))).toEqual([]);
    const big = Buffer.from([FRAME.stdout, 0, 0x10, 0, 1]);
    const e = new FrameDecoder(LAUNCHER_FRAMES);
    expect(e.push(big)).toEqual([]);
    expect(e.error).toMatch(/bytes/);
  });

  it('reads one bounded line and keeps what follows it', () => {
    const r = new LineReader(16);
    expect(r.push(Buffer.from('{"op":'))).toBe(false);
    expect(r.push(Buffer.from('"x"}\nrest'))).toBe(true);
    expect(r.line).toBe('{"op":"x"}');
    expect(r.rest.toString()).toBe('rest');
    const long = new LineReader(4);
    expect(long.push(Buffer.from('abcd'))).toBe(true);
    expect(long.error).toBeDefined();
    expect(long.line).toBeUndefined();
    const exact = new LineReader(4);
    expect(exact.push(Buffer.from('abc\n'))).toBe(true);
    expect(exact.line).toBe('abc');
  });

  it.each([
    ['{"op":"ping"}', { op: 'ping' }],
    ['{"op":"killall","extra":1}', { op: 'killall' }],
    [
      '{"op":"spawn","cmd":["/bin/echo","a"],"env":["A=1","B=x=y"],"cwd":"/tmp"}',
      { op: 'spawn', cmd: ['/bin/echo', 'a'], env: ['A=1', 'B=x=y'], cwd: '/tmp' },
    ],
  ])('parses the request %s', (line, want) => {
    expect(parseRequest(line)).toEqual(want);
  });

  it.each([
    'not json',
    'null',
    '{"op":"exec"}',
    '{"op":"spawn","cmd":[],"env":[],"cwd":"/"}',
    '{"op":"spawn","cmd":[1],"env":[],"cwd":"/"}',
    '{"op":"spawn","cmd":["x"],"env":["NOEQUALS"],"cwd":"/"}',
    '{"op":"spawn","cmd":["x"],"env":["=v"],"cwd":"/"}',
    '{"op":"spawn","cmd":["x"],"env":[],"cwd":"relative"}',
    '{"op":"spawn","cmd":["x"],"env":[]}',
    '{"op":"spawn","cmd":["x\\u0000"],"env":[],"cwd":"/"}',
  ])('refuses the request %s', (line) => {
    expect(parseRequest(line)).toHaveProperty('error');
  });

  it('builds the environment from K=V strings only', () => {
    const env = envObject(['A=1', 'B=x=y', 'A=2']);
    expect({ ...env }).toEqual({ A: '2', B: 'x=y' });
    expect(Object.getPrototypeOf(env)).toBeNull();
  });

  it('accepts only well-formed exit and spawned payloads', () => {
    expect(parseExit(Buffer.from('{"code":3,"signal":null}'))).toEqual({ code: 3, signal: null });
    expect(parseExit(Buffer.from('{"code":null,"signal":"SIGKILL"}'))).toEqual({
      code: null,
      signal: 'SIGKILL',
    });
    for (const bad of [
      '{"code":256,"signal":null}',
      '{"code":"0","signal":null}',
      '{"code":0}',
      '[]',
      'x',
    ])
      expect(parseExit(Buffer.from(bad))).toBeUndefined();
    expect(
      parseExit(Buffer.from(`{"code":0,"signal":null,"pad":"${'x'.repeat(5000)}"}`)),
    ).toBeUndefined();
    expect(parsePid(Buffer.from('{"pid":42}'))).toBe(42);
    for (const bad of ['{"pid":0}', '{"pid":-1}', '{"pid":1.5}', '{"pid":"7"}', '{}'])
      expect(parsePid(Buffer.from(bad))).toBeUndefined();
  });

  it('makes a message safe to show', () => {
    expect(safeMessage('a\x1b[31mb\n')).toBe('a?[31mb?');
    expect(safeMessage('x'.repeat(400))).toHaveLength(300);
  });
});
