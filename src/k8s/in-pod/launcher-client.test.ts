// The launcher client against the real compiled launcher (dist/sandbox/image/launch.js, run as
// a plain child process: not process 1, so its killall only kills its own process groups) and
// against fake launchers that break the protocol.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeFrame,
  FRAME,
  FrameDecoder,
  LAUNCHER_FRAMES,
} from '../../../sandbox/image/launch-frames.js';
import { projectRoot } from '../../util/project-root.js';
import {
  killAllViaLauncher,
  pingLauncher,
  runViaLauncher,
  spawnViaLauncher,
  waitForLauncher,
} from './launcher-client.js';

const root = projectRoot();
const LAUNCH_JS = join(root, 'dist', 'sandbox', 'image', 'launch.js');

/** All a stream gives, once it ends. */
const collect = (s: NodeJS.ReadableStream) => {
  const parts: Buffer[] = [];
  s.on('data', (d: Buffer) => parts.push(d));
  const ended = new Promise((r) => s.once('end', r));
  return async () => {
    await ended;
    return Buffer.concat(parts).toString();
  };
};
/** Whether a living (not zombie) process is in that process group. */
const groupAlive = (pgid: number) =>
  readdirSync('/proc').some((name) => {
    if (!/^\d+$/.test(name)) return false;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return fields[0] !== 'Z' && Number(fields[2]) === pgid;
    } catch {
      return false;
    }
  });
const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
};

let dir: string;
let socket: string;
let launcher: ChildProcess;

beforeAll(async () => {
  // The compiled launcher must be the current source's (npm run build; scripts/setup.sh does it).
  for (const src of ['launch.ts', 'launch-frames.ts']) {
    const js = join(root, 'dist', 'sandbox', 'image', src.replace(/\.ts$/, '.js'));
    const built = statSync(js, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (built < statSync(join(root, 'sandbox', 'image', src)).mtimeMs)
      throw new Error(`${js} is missing or older than its source: run npm run build`);
  }
  dir = mkdtempSync(join(tmpdir(), 'launch-'));
  socket = join(dir, 'bus');
  launcher = spawn(process.execPath, [LAUNCH_JS], {
    env: { LAUNCH_SOCKET: socket, LAUNCHER_OWN: 'secret' },
    stdio: 'ignore',
  });
  await waitForLauncher(socket, 5000);
});

afterAll(async () => {
  if (launcher.exitCode === null) {
    const gone = new Promise((r) => launcher.once('exit', r));
    launcher.kill('SIGTERM');
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the launcher and its client', () => {
  it('answers pings on a socket only its user can open', async () => {
    expect(await pingLauncher(socket)).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(await pingLauncher(join(dir, 'nothing-here'))).toBe(false);
    const t0 = Date.now();
    await expect(waitForLauncher(join(dir, 'nothing-here'), 300)).rejects.toThrow(/did not answer/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('runs a program with exactly the given environment and folder', async () => {
    const env = await runViaLauncher(socket, {
      cmd: ['/usr/bin/env'],
      env: ['A=1', 'PATH=/usr/bin:/bin'],
      timeoutMs: 5000,
      maxBytes: 4096,
    });
    expect(env.stdout.toString()).toBe('A=1\nPATH=/usr/bin:/bin\n');
    const pwd = await runViaLauncher(socket, {
      cmd: ['/bin/pwd'],
      env: [],
      workdir: dir,
      timeoutMs: 5000,
      maxBytes: 4096,
    });
    expect(pwd.stdout.toString().trim()).toBe(dir);
    expect(pwd.exitCode).toBe(0);
  });

  it('streams stdout, stdin and the exit of an attached process', async () => {
    const echo = await spawnViaLauncher(socket, { cmd: ['/bin/echo', 'hello'], env: [], cwd: '/' });
    const out = collect(echo.stdout);
    expect(echo.pid).toBeGreaterThan(1);
    expect(await echo.exited).toBe(0);
    expect(await out()).toBe('hello\n');

    const cat = await spawnViaLauncher(socket, { cmd: ['/bin/cat'], env: [], cwd: '/' });
    const catOut = collect(cat.stdout);
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'x');
    cat.stdin.write('abc');
    cat.stdin.end(big);
    expect(await cat.exited).toBe(0);
    expect(await catOut()).toHaveLength(3 + big.length);
  });

  it('reports exit codes, stderr, and a signal as null', async () => {
    const r = await runViaLauncher(socket, {
      cmd: ['/bin/sh', '-c', 'echo oops >&2; exit 3'],
      timeoutMs: 5000,
      maxBytes: 4096,
    });
    expect(r).toMatchObject({ exitCode: 3, timedOut: false, stderr: 'oops\n' });
    const killed = await runViaLauncher(socket, {
      cmd: ['/bin/sh', '-c', 'kill -9 $$'],
      timeoutMs: 5000,
      maxBytes: 4096,
    });
    expect(killed).toMatchObject({ exitCode: null, timedOut: false });
  });

  it('bounds what it keeps of the output', async () => {
    const r = await runViaLauncher(socket, {
      cmd: ['/bin/echo', 'hello'],
      timeoutMs: 5000,
      maxBytes: 3,
    });
    expect(r.stdout.toString()).toBe('hel');
    expect(r.stdoutTotal).toBe(6);
  });

  it('kills the process group when a run times out', async () => {
    const t0 = Date.now();
    const r = await runViaLauncher(socket, {
      cmd: ['/bin/sh', '-c', 'sleep 30 & sleep 30'],
      timeoutMs: 300,
      maxBytes: 4096,
    });
    expect(r).toMatchObject({ exitCode: null, timedOut: true });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await until(() => !groupAlive(r.pid ?? 0), 2000)).toBe(true);
  });

  it('a program that cannot run ends 127, with the reason on stderr', async () => {
    const r = await runViaLauncher(socket, {
      cmd: ['/nonexistent/program'],
      timeoutMs: 5000,
      maxBytes: 4096,
    });
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toMatch(/cannot run \/nonexistent\/program: .*ENOENT/);
  });

  it('kills the group when the client goes away', async () => {
    const sock = createConnection(socket);
    sock.write(
      `${JSON.stringify({ op: 'spawn', cmd: ['/bin/sleep', '30'], env: [], cwd: '/' })}\n`,
    );
    const first = await new Promise<Buffer>((r) => sock.once('data', r));
    expect(first[0]).toBe(FRAME.spawned);
    const pid = (JSON.parse(first.subarray(5).toString()) as { pid: number }).pid;
    expect(groupAlive(pid)).toBe(true);
    sock.destroy();
    expect(await until(() => !groupAlive(pid), 2000)).toBe(true);
  });

  it('kills the group on a malformed frame from the client', async () => {
    const sock = createConnection(socket);
    sock.write(
      `${JSON.stringify({ op: 'spawn', cmd: ['/bin/sleep', '30'], env: [], cwd: '/' })}\n`,
    );
    const first = await new Promise<Buffer>((r) => sock.once('data', r));
    const pid = (JSON.parse(first.subarray(5).toString()) as { pid: number }).pid;
    sock.write(encodeFrame(FRAME.stdout, 'not a client frame'));
    await new Promise((r) => sock.once('close', r));
    expect(await until(() => !groupAlive(pid), 2000)).toBe(true);
  });

  it('closes a connection whose request line is too long or not a request', async () => {
    for (const payload of [Buffer.alloc(300 * 1024, 'a'), Buffer.from('{"op":"exec"}\n')]) {
      const sock = createConnection(socket);
      sock.on('error', () => undefined);
      sock.write(payload);
      const got: Buffer[] = [];
      sock.on('data', (d: Buffer) => got.push(d));
      await new Promise((r) => sock.once('close', r));
      expect(Buffer.concat(got)).toHaveLength(0);
    }
    expect(await pingLauncher(socket)).toBe(true);
  });

  it('takes stdin frames that come in the same write as the request', async () => {
    const sock = createConnection(socket);
    const request = { op: 'spawn', cmd: ['/bin/cat'], env: [], cwd: '/' };
    sock.write(
      Buffer.concat([
        Buffer.from(`${JSON.stringify(request)}\n`),
        encodeFrame(FRAME.stdin, 'same write'),
        encodeFrame(FRAME.stdinEnd),
      ]),
    );
    const got: Buffer[] = [];
    sock.on('data', (d: Buffer) => got.push(d));
    await new Promise((r) => sock.once('close', r));
    const frames = new FrameDecoder(LAUNCHER_FRAMES).push(Buffer.concat(got));
    expect(frames.map((f) => f.type)).toEqual([FRAME.spawned, FRAME.stdout, FRAME.exit]);
    expect(frames[1]?.payload.toString()).toBe('same write');
    expect(JSON.parse(frames[2]?.payload.toString() ?? '')).toEqual({ code: 0, signal: null });
  });

  it('killall ends what it started, a double-forked orphan included', async () => {
    const r = await runViaLauncher(socket, {
      cmd: ['/bin/sh', '-c', '(sleep 300 &) ; exit 0'],
      timeoutMs: 5000,
      maxBytes: 4096,
    });
    expect(r.exitCode).toBe(0);
    expect(groupAlive(r.pid ?? 0)).toBe(true);
    expect(await killAllViaLauncher(socket, 5000)).toBe(0);
    expect(groupAlive(r.pid ?? 0)).toBe(false);
    expect(await pingLauncher(socket)).toBe(true);
  });
});

describe('the launcher process', () => {
  it('replaces a stale socket file, ignores SIGHUP and SIGINT, ends 0 on SIGTERM', async () => {
    const path = join(dir, 'stale');
    writeFileSync(path, 'left over');
    const other = spawn(process.execPath, [LAUNCH_JS], {
      env: { LAUNCH_SOCKET: path },
      stdio: 'ignore',
    });
    const exit = new Promise<number | null>((r) => other.once('exit', (code) => r(code)));
    await waitForLauncher(path, 5000);
    other.kill('SIGHUP');
    other.kill('SIGINT');
    expect(await pingLauncher(path)).toBe(true);
    other.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});

/** A fake launcher that answers every connection with `reply`. */
async function fakeLauncher(
  reply: (sock: Socket) => void,
): Promise<{ path: string; server: Server }> {
  const path = join(dir, `fake-${Math.random().toString(36).slice(2)}`);
  const server = createServer((sock) => {
    sock.on('error', () => undefined);
    sock.once('data', () => reply(sock));
  });
  await new Promise<void>((r) => server.listen(path, r));
  return { path, server };
}

describe('the client against a launcher that breaks the protocol', () => {
  const spawned = encodeFrame(FRAME.spawned, '{"pid":7}');
  const cases: [string, Buffer, number | null][] = [
    ['an oversized frame header', Buffer.from([FRAME.stdout, 0xff, 0xff, 0xff, 0xff]), null],
    ['a client frame type', encodeFrame(FRAME.stdin, 'x'), null],
    ['a second spawned frame', spawned, null],
    ['an exit that is not JSON', encodeFrame(FRAME.exit, 'exit(0)'), null],
    ['an exit code out of range', encodeFrame(FRAME.exit, '{"code":1000,"signal":null}'), null],
    ['a well-formed exit', encodeFrame(FRAME.exit, '{"code":5,"signal":null}'), 5],
  ];
  it.each(cases)('%s ends the process view', async (_name, after, want) => {
    const { path, server } = await fakeLauncher((sock) =>
      sock.end(Buffer.concat([spawned, encodeFrame(FRAME.stdout, 'out'), after])),
    );
    try {
      const p = await spawnViaLauncher(path, { cmd: ['/x'], env: [], cwd: '/' });
      expect(p.pid).toBe(7);
      const out = collect(p.stdout);
      expect(await p.exited).toBe(want);
      expect(await out()).toBe('out');
    } finally {
      server.close();
    }
  });

  it('rejects when the launcher says something else first, or hangs up', async () => {
    for (const reply of [
      encodeFrame(FRAME.stdout, 'x'),
      encodeFrame(FRAME.spawned, '{"pid":"1"}'),
      Buffer.alloc(0),
    ]) {
      const { path, server } = await fakeLauncher((sock) => sock.end(reply));
      await expect(spawnViaLauncher(path, { cmd: ['/x'], env: [], cwd: '/' })).rejects.toThrow(
        /launcher/,
      );
      server.close();
    }
  });

  it('treats a long or odd answer line as no answer', async () => {
    const replies: [string, boolean][] = [
      ['x'.repeat(10_000), false],
      [`{"ok":true,"pad":"${'x'.repeat(5000)}"}\n`, false],
      ['{"ok":"yes"}\n', false],
      ['{"ok":true,"remaining":-1}\n', true],
    ];
    for (const [reply, pings] of replies) {
      const { path, server } = await fakeLauncher((sock) => sock.end(reply));
      expect(await pingLauncher(path)).toBe(pings);
      expect(await killAllViaLauncher(path, 1000)).toBeUndefined();
      server.close();
    }
  });
});
