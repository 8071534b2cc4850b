// The runner's view of the Pod against the real compiled launcher, run on the host as a child
// process with benign commands (the launcher tests' set-up): a command in the target, and a
// launcher socket the package replaces during the run, which is reported.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../util/project-root.js';
import { InPod } from './in-pod.js';
import { waitForLauncher } from './launcher-client.js';

const LAUNCH_JS = join(projectRoot(), 'dist', 'sandbox', 'image', 'launch.js');
let dir: string;
const launchers: ChildProcess[] = [];

async function startLauncher(socket: string): Promise<void> {
  const child = spawn(process.execPath, [LAUNCH_JS], {
    env: { LAUNCH_SOCKET: socket },
    stdio: 'ignore',
  });
  launchers.push(child);
  // A second launcher replaces the first's socket file: wait for the new one to answer.
  await new Promise((r) => setTimeout(r, 300));
  await waitForLauncher(socket, 5000);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'in-pod-'));
});

afterAll(() => {
  for (const l of launchers) if (l.exitCode === null) l.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('InPod', () => {
  it('runs a command in the target through the launcher, and reports a replaced socket', async () => {
    const socket = join(dir, 'bus');
    await startLauncher(socket);
    const pod = new InPod(socket);
    const r = await pod.execInTarget({
      cmd: ['/bin/echo', 'hello'],
      env: ['PATH=/usr/bin:/bin'],
      workdir: '/',
      timeoutMs: 5000,
      maxBytes: 1024,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.toString()).toBe('hello\n');
    expect(pod.gaps).toEqual([]);
    // What a package would do: its own listener at the launcher's path.
    await startLauncher(socket);
    await pod.execInTarget({
      cmd: ['/bin/true'],
      env: [],
      workdir: '/',
      timeoutMs: 5000,
      maxBytes: 1024,
    });
    expect(pod.gaps.map((g) => [g.what, g.detail])).toEqual([
      ['target launcher', 'its socket was replaced or removed during the run'],
    ]);
  });

  it('reads the Pod network namespace listening table without a Docker exec', async () => {
    const pod = new InPod(join(dir, 'none'));
    expect(Array.isArray(await pod.listeningPorts(process.getuid?.() ?? 0))).toBe(true);
  });
});
