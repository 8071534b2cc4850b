// The sandbox as the runner of a Kubernetes analysis Pod sees it (pod-layout.ts has the model):
// the target's processes are started and ended through its launcher (a unix socket in the
// channel folder, launcher-client.ts), the target's files are read where the runner mounts them
// read-only (the same paths as in the target), netsim's log and the capture where it mounts the
// gateway's folders read-only, and the server's HTTP port on the Pod's loopback, which the
// runner shares.
//
// Limits, against the Docker pod:
// - No host /proc: no quiet-window probe (the fixed waits and a note), no process trace.
// - restartTarget ends every process of the target (the launcher's kill(-1) as its process 1)
//   but does not restart the container; HOME and /tmp are volumes either way.
// - Whether tcpdump still runs is read from its log: tcpdump writes its counts there when it
//   ends on its own or on a signal it can catch; a SIGKILL (the OOM killer) leaves no line.
// - Everything the launcher says (exit codes, the pid) is the package user's word, and the
//   package can stop it or put its own listener at its socket: a socket that changes during
//   the run is reported as a failed helper (evasion/helper-failed).
import { closeSync, lstatSync, openSync, readSync } from 'node:fs';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { ExecOptions, ExecResult } from '../../../sandbox/docker/exec.js';
import { IMAGE_TIMEOUT } from '../../../sandbox/docker/pod-spec.js';
import { GATEWAY_PCAP_DIR } from '../../../sandbox/docker/pod-spec.js';
import { readRegularNoFollow } from '../../../sandbox/docker/proc-read.js';
import type { AttachedProcess, SandboxPod, TraceView } from '../../../sandbox/sandbox-pod.js';
import { MAX_PROC_NET_BYTES, parseProcNetTcp } from '../../../harness/transports/proc-net-tcp.js';
import type { ObservationGap } from '../../domain/types.js';
import { killAllViaLauncher, runViaLauncher, spawnViaLauncher } from './launcher-client.js';
import { runLocal } from './local-exec.js';

const KILL_ALL_MS = 10_000;

export class InPod implements SandboxPod {
  readonly notes: string[] = [];
  readonly gaps: ObservationGap[] = [];

  /** The launcher's socket as first seen (device:inode): the package runs as the launcher's
   * user and can unlink it and listen in its place; a change is reported, once. */
  private readonly socketId: string;

  constructor(private readonly socket: string) {
    this.socketId = socketIdentity(socket);
  }

  /** Record a replaced (or removed) launcher socket; the request still goes to whoever is
   * there now: the package is the server anyway, and netsim and the checkpoints still watch. */
  private checkSocket(): void {
    if (socketIdentity(this.socket) !== this.socketId)
      this.gap({
        kind: 'helper',
        what: 'target launcher',
        detail: 'its socket was replaced or removed during the run',
      });
  }

  gap(g: ObservationGap): void {
    if (!this.gaps.some((x) => x.what === g.what)) this.gaps.push({ t: Date.now(), ...g });
  }

  execInTarget(opts: ExecOptions): Promise<ExecResult> {
    this.checkSocket();
    // coreutils `timeout` in the target as well, so a hang ends there and not only here.
    const seconds = Math.max(1, Math.ceil(opts.timeoutMs / 1000));
    return runViaLauncher(this.socket, {
      ...opts,
      cmd: [IMAGE_TIMEOUT, '-s', 'KILL', String(seconds), ...opts.cmd],
      timeoutMs: opts.timeoutMs + 5000,
    });
  }

  execInObserver(opts: ExecOptions): Promise<ExecResult> {
    return runLocal(opts);
  }

  async restartTarget(): Promise<void> {
    this.checkSocket();
    const remaining = await killAllViaLauncher(this.socket, KILL_ALL_MS).catch(() => undefined);
    if (remaining === undefined || remaining > 0)
      this.gap({
        kind: 'helper',
        what: 'target stop',
        detail:
          remaining === undefined
            ? 'the target launcher did not answer a stop'
            : `${remaining} processes of the target outlived a stop`,
      });
  }

  hostPid(): Promise<number | undefined> {
    return Promise.resolve(undefined);
  }

  attach(cmd: string[], env: string[], workdir: string): Promise<AttachedProcess> {
    this.checkSocket();
    return spawnViaLauncher(this.socket, { cmd, env, cwd: workdir });
  }

  readGatewayFile(path: string, maxBytes: number): Promise<Buffer> {
    return Promise.resolve(readRegularNoFollow(path, maxBytes) ?? Buffer.alloc(0));
  }

  gatewayProcessRunning(name: string): Promise<boolean> {
    if (name !== 'tcpdump') return Promise.resolve(false);
    // tcpdump prints "N packets captured" as it ends (gateway-init.sh sends it to this log).
    const log = readRegularNoFollow(`${GATEWAY_PCAP_DIR}/tcpdump.log`, 64 * 1024);
    return Promise.resolve(log !== undefined && !/packets captured/.test(log.toString('latin1')));
  }

  openTcp(port: number): Promise<Duplex> {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return Promise.reject(new RangeError(`not a TCP port: ${port}`));
    return new Promise((resolve, reject) => {
      const hosts = ['127.0.0.1', '::1'];
      const go = (i: number) => {
        const s = net.connect({ port, host: hosts[i] ?? '127.0.0.1' });
        s.once('connect', () => {
          s.removeAllListeners('error');
          resolve(s);
        });
        s.once('error', (e) => (i + 1 < hosts.length ? go(i + 1) : reject(e)));
      };
      go(0);
    });
  }

  listeningPorts(uid: number): Promise<number[]> {
    const text = ['/proc/net/tcp', '/proc/net/tcp6']
      .map((p) => readProcFile(p, MAX_PROC_NET_BYTES).toString('latin1'))
      .join('\n');
    return Promise.resolve(parseProcNetTcp(text, uid));
  }

  async destroy(): Promise<void> {
    this.checkSocket();
    await killAllViaLauncher(this.socket, KILL_ALL_MS).catch(() => undefined);
  }
}

function socketIdentity(path: string): string {
  const st = lstatSync(path, { throwIfNoEntry: false });
  return st?.isSocket() ? `${st.dev}:${st.ino}` : 'missing';
}

/** At most maxBytes of a /proc file (its size is 0 to stat: read until the end). */
function readProcFile(path: string, maxBytes: number): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(maxBytes);
    let n = 0;
    while (n < maxBytes) {
      const got = readSync(fd, buf, n, maxBytes - n, null);
      if (got <= 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } catch {
    return Buffer.alloc(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** No process trace in a Pod: forkstat needs the host, and a cluster gives none. Not a gap of
 * the run (nothing failed during it): the report's coverage says no process was examined. */
export function noTrace(): TraceView {
  return {
    lines: [],
    gaps: [],
    error: NO_TRACE,
    stop: () => Promise.resolve(),
  };
}

export const NO_TRACE =
  'process tracing is not available inside a Kubernetes Pod (no host to run forkstat on)';
