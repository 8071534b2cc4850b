// Integration: the launcher as process 1 of a real container of the sandbox image, as the
// target runs in a Kubernetes Pod (uid 1000, read-only root, no capabilities, no network), its
// socket in a host folder bind-mounted where the channel is; the client on the host.
import { chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker } from '../../../sandbox/docker/engine.js';
import { runLabels } from '../../../sandbox/docker/labels.js';
import { ensureImage } from '../../../sandbox/image/build-image.js';
import {
  killAllViaLauncher,
  pingLauncher,
  runViaLauncher,
  spawnViaLauncher,
  waitForLauncher,
} from './launcher-client.js';
import { LAUNCHER_SOCKET_NAME, TARGET_CHANNEL, TARGET_LAUNCHER } from '../pod-layout.js';

let docker: Docker;
let container: Docker.Container;
let dir: string;
let socket: string;

/** A shell command in the container, through the launcher. */
const sh = (script: string, timeoutMs = 10_000) =>
  runViaLauncher(socket, {
    cmd: ['/bin/sh', '-c', script],
    env: ['PATH=/usr/local/bin:/usr/bin:/bin'],
    workdir: '/',
    timeoutMs,
    maxBytes: 65536,
  });

/** The container's processes other than 1, as `pid state name` lines (from its /proc). */
const others = async () =>
  (
    await sh(
      'for s in /proc/[0-9]*/stat; do read -r l < "$s" 2>/dev/null && echo "$l"; done | awk \'$1 != 1 { print $1, $3, $2 }\'',
    )
  ).stdout
    .toString()
    .trim()
    .split('\n')
    .filter(Boolean);

beforeAll(async () => {
  docker = await connectDocker();
  const image = await ensureImage(docker);
  // The channel folder as the stage makes it: the target's user, 0700.
  dir = mkdtempSync(join(tmpdir(), 'launch-itest-'));
  chownSync(dir, 1000, 1000);
  socket = join(dir, LAUNCHER_SOCKET_NAME);
  container = await docker.createContainer({
    Image: image,
    Cmd: TARGET_LAUNCHER,
    User: '1000:1000',
    Labels: runLabels(`launcher-itest-${process.pid}`, 'target'),
    HostConfig: {
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      NetworkMode: 'none',
      Binds: [`${dir}:${TARGET_CHANNEL}`],
    },
  });
  await container.start();
  await waitForLauncher(socket, 20_000);
}, 300_000);

afterAll(async () => {
  await container?.remove({ force: true }).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the launcher as the target container process 1', () => {
  it('is process 1, runs as uid 1000, and its socket is its user’s alone', async () => {
    const r = await sh('id -u; tr "\\0" " " < /proc/1/cmdline; ls -l /proc/1/fd/1');
    const out = r.stdout.toString();
    expect(out).toMatch(/^1000$/m);
    expect(out).toMatch(/node \/usr\/local\/lib\/node-session\/launch\.js/);
    expect(out).toMatch(/-> \/dev\/null/);
    const st = statSync(socket);
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.uid).toBe(1000);
  });

  it('gives the process exactly its environment and folder', async () => {
    const r = await runViaLauncher(socket, {
      cmd: ['/usr/bin/env'],
      env: ['HOME=/home/dev', 'CANARY=x1'],
      workdir: '/tmp',
      timeoutMs: 10_000,
      maxBytes: 4096,
    });
    expect(r.stdout.toString()).toBe('HOME=/home/dev\nCANARY=x1\n');
    expect((await sh('pwd')).stdout.toString()).toBe('/\n');
  });

  it('round-trips stdio and reports the exit code', async () => {
    const cat = await spawnViaLauncher(socket, { cmd: ['/bin/cat'], env: [], cwd: '/' });
    const parts: Buffer[] = [];
    cat.stdout.on('data', (d: Buffer) => parts.push(d));
    const ended = new Promise((r) => cat.stdout.once('end', r));
    expect(cat.pid).toBeGreaterThan(1);
    cat.stdin.end('{"jsonrpc":"2.0","id":1}\n');
    expect(await cat.exited).toBe(0);
    await ended;
    expect(Buffer.concat(parts).toString()).toBe('{"jsonrpc":"2.0","id":1}\n');
    expect(await sh('echo to-stderr >&2; exit 7')).toMatchObject({
      exitCode: 7,
      stderr: 'to-stderr\n',
      timedOut: false,
    });
  });

  it('kills a run that times out, and what it started', async () => {
    const t0 = Date.now();
    const r = await sh('sleep 30 & sleep 30', 500);
    expect(r).toMatchObject({ exitCode: null, timedOut: true });
    expect(Date.now() - t0).toBeLessThan(5000);
    const left = await others();
    expect(left.filter((l) => /\(sleep\)/.test(l) && !/ Z /.test(l))).toEqual([]);
  });

  it('killall kills a double-forked orphan', async () => {
    const r = await sh('(sleep 300 &) ; exit 0');
    expect(r.exitCode).toBe(0);
    expect((await others()).some((l) => /^\d+ [SR] \(sleep\)$/.test(l))).toBe(true);
    expect(await killAllViaLauncher(socket, 5000)).toBe(0);
    // Dead: at most an unreaped zombie (node cannot waitpid(-1); see launch.ts).
    expect((await others()).filter((l) => /\(sleep\)/.test(l) && !/ Z /.test(l))).toEqual([]);
    expect(await pingLauncher(socket)).toBe(true);
  });

  it('ends 0 when the container is stopped', async () => {
    const t0 = Date.now();
    await container.stop({ t: 10 });
    expect(Date.now() - t0).toBeLessThan(5000);
    const state = (await container.inspect()).State;
    expect(state.ExitCode).toBe(0);
  });
});
