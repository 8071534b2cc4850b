// The target container's process 1 in a Kubernetes analysis Pod (src/k8s/pod-layout.ts):
// there is no host to `docker exec` from, so the runner asks this launcher, over a unix socket
// in the shared channel folder, to start processes (npm rebuild, the MCP server) with exactly
// the environment it gives, to stream their stdio, and to kill everything else in the container.
// The protocol is in launch-frames.ts; the client is src/k8s/launcher-client.ts.
//
// Limits, stated here because they are this program's:
// - It runs as uid 1000, like the package: the package can connect to this socket too (it gains
//   nothing it could not do itself), replace the socket file, read /proc/1, or end the launcher
//   with SIGTERM (the container then restarts). The runner treats every answer as hostile.
// - Node cannot waitpid(-1): orphans re-parented to it are not reaped and stay zombies (a pid
//   each) until the container restarts. Its own children are reaped. killall counts the living
//   only.
// - kill(-1) is used only as process 1 (where Linux spares the caller); anywhere else (tests on
//   a host) killall kills only the process groups this launcher started. A process that left
//   its group (setsid) escapes that narrower killall.
// - Output still arriving after the child exits is forwarded while it keeps coming (a pause of
//   EXIT_GRACE_MS ends it): a descendant holding the pipes cannot hold the exit back.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import {
  CLIENT_FRAMES,
  DEFAULT_LAUNCH_SOCKET,
  encodeChunked,
  encodeFrame,
  envObject,
  FRAME,
  FrameDecoder,
  type LaunchRequest,
  LineReader,
  MAX_REQUEST_BYTES,
  parseRequest,
} from './launch-frames.js';

/** A connection must send its request line within this. */
const REQUEST_MS = 10_000;
/** After the child exits, output is still forwarded until it pauses this long. */
const EXIT_GRACE_MS = 300;
/** killall keeps killing until nothing else lives, at most this long. */
const KILLALL_MS = 2000;
/** A connection we ended is destroyed if the other side does not close within this. */
const LINGER_MS = 5000;

/** Process groups this launcher started (pgid = the child's pid), pruned when they are gone. */
const groups = new Set<number>();

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface ProcEntry {
  pid: number;
  state: string;
  pgrp: number;
}

/** The processes /proc lists (our pid namespace), from each /proc/<pid>/stat. */
function listProcesses(): ProcEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The name in parentheses may hold anything: the fields start after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(name), state: fields[0] ?? '', pgrp: Number(fields[2]) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Alive, not only unreaped (a zombie is dead and holds nothing but its pid). */
const living = (p: ProcEntry) => p.state !== 'Z' && p.state !== 'X';

/** Forget the groups with no living member. */
function pruneGroups(): void {
  const alive = new Set(
    listProcesses()
      .filter(living)
      .map((p) => p.pgrp),
  );
  for (const g of groups) if (!alive.has(g)) groups.delete(g);
}

/** Kill every other process (as process 1), or only our groups (anywhere else); returns how
 * many other processes still live after at most KILLALL_MS. */
async function killAll(): Promise<number> {
  const deadline = Date.now() + KILLALL_MS;
  for (;;) {
    if (process.pid === 1) {
      try {
        process.kill(-1, 'SIGKILL');
      } catch {
        // ESRCH: nothing left to signal
      }
    } else for (const g of groups) killGroup(g);
    const others = listProcesses().filter(
      (p) => p.pid !== process.pid && living(p) && (process.pid === 1 || groups.has(p.pgrp)),
    );
    if (others.length === 0 || Date.now() >= deadline) {
      if (process.pid !== 1) pruneGroups();
      return others.length;
    }
    await sleep(20);
  }
}

/** End a connection with one JSON line. */
function answer(sock: Socket, value: object): void {
  sock.end(`${JSON.stringify(value)}\n`);
  setTimeout(() => sock.destroy(), LINGER_MS).unref();
}

/** Run one spawn request: the child's stdio as frames on `sock` until it exits. */
function runChild(sock: Socket, req: Extract<LaunchRequest, { op: 'spawn' }>, rest: Buffer): void {
  let child: ChildProcess;
  let finished = false;
  let spawned = false;
  let stdinOpen = true;
  let exitStatus: { code: number | null; signal: string | null } | undefined;
  let grace: NodeJS.Timeout | undefined;
  let congested = false;

  const finish = (last: Buffer) => {
    if (finished) return;
    finished = true;
    if (grace) clearTimeout(grace);
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.stdin?.destroy();
    sock.end(last);
    setTimeout(() => sock.destroy(), LINGER_MS).unref();
  };
  const finishExit = () => finish(encodeFrame(FRAME.exit, JSON.stringify(exitStatus)));
  const armGrace = () => {
    if (!exitStatus || finished) return;
    if (grace) clearTimeout(grace);
    grace = congested ? undefined : setTimeout(finishExit, EXIT_GRACE_MS);
  };
  const stopChild = () => {
    if (child.pid) killGroup(child.pid);
    child.kill('SIGKILL');
  };

  try {
    child = spawn(req.cmd[0] as string, req.cmd.slice(1), {
      env: envObject(req.env),
      cwd: req.cwd,
      stdio: 'pipe',
      detached: true,
    });
  } catch (e) {
    sock.end(encodeFrame(FRAME.error, JSON.stringify({ message: String(e) })));
    return;
  }
  child.on('error', (e) => {
    if (!spawned) finish(encodeFrame(FRAME.error, JSON.stringify({ message: e.message })));
  });
  child.on('spawn', () => {
    spawned = true;
    if (child.pid) {
      pruneGroups();
      groups.add(child.pid);
    }
    if (!finished) sock.write(encodeFrame(FRAME.spawned, JSON.stringify({ pid: child.pid })));
  });
  child.on('exit', (code, signal) => {
    exitStatus = { code, signal };
    armGrace();
  });
  child.on('close', () => {
    if (exitStatus) finishExit();
  });
  child.stdin?.on('error', () => undefined);

  const resumeOutput = () => {
    congested = false;
    child.stdout?.resume();
    child.stderr?.resume();
    armGrace();
  };
  const forward = (type: number) => (chunk: Buffer) => {
    if (finished) return;
    let ok = true;
    for (const f of encodeChunked(type, chunk)) ok = sock.write(f) && ok;
    if (!ok && !congested) {
      congested = true;
      child.stdout?.pause();
      child.stderr?.pause();
      sock.once('drain', resumeOutput);
    }
    armGrace();
  };
  child.stdout?.on('data', forward(FRAME.stdout));
  child.stderr?.on('data', forward(FRAME.stderr));

  const decoder = new FrameDecoder(CLIENT_FRAMES);
  const onFrames = (chunk: Buffer) => {
    for (const f of decoder.push(chunk)) {
      if (f.type === FRAME.kill) stopChild();
      else if (!stdinOpen || !child.stdin) continue;
      else if (f.type === FRAME.stdinEnd) {
        stdinOpen = false;
        child.stdin.end();
      } else if (!child.stdin.write(f.payload)) {
        sock.pause();
        child.stdin.once('drain', () => sock.resume());
      }
    }
    if (decoder.error) {
      stopChild();
      sock.destroy();
    }
  };
  // The client went away before the exit was sent: nobody watches the child any more.
  const onGone = () => {
    if (!finished) {
      finished = true;
      stopChild();
    }
  };
  sock.on('close', onGone);
  sock.on('data', onFrames);
  if (rest.length) onFrames(rest);
  sock.resume();
}

function onConnection(sock: Socket): void {
  sock.on('error', () => sock.destroy());
  const reader = new LineReader(MAX_REQUEST_BYTES);
  const timer = setTimeout(() => sock.destroy(), REQUEST_MS);
  const onData = (chunk: Buffer) => {
    if (!reader.push(chunk)) return;
    sock.off('data', onData);
    sock.pause();
    clearTimeout(timer);
    const req = reader.line === undefined ? undefined : parseRequest(reader.line);
    if (!req || 'error' in req) sock.destroy();
    else if (req.op === 'ping') answer(sock, { ok: true });
    else if (req.op === 'killall')
      void killAll().then(
        (remaining) => answer(sock, { ok: true, remaining }),
        () => sock.destroy(),
      );
    else runChild(sock, req, reader.rest);
  };
  sock.on('data', onData);
  sock.on('close', () => clearTimeout(timer));
}

function main(): void {
  const path = process.env.LAUNCH_SOCKET || DEFAULT_LAUNCH_SOCKET;
  process.on('SIGTERM', () => {
    if (process.pid !== 1) for (const g of groups) killGroup(g);
    process.exit(0);
  });
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  try {
    rmSync(path, { force: true });
  } catch {
    process.exit(1);
  }
  // The socket file is made 0600 from the start, not chmod'ed after others could connect; the
  // umask is restored before any child can be started (they inherit it).
  const umask = process.umask(0o177);
  const server = createServer(onConnection);
  server.on('error', () => process.exit(1));
  server.listen(path, () => {
    process.umask(umask);
    try {
      chmodSync(path, 0o600);
    } catch {
      process.exit(1);
    }
  });
}

main();
