// The sandbox pod driver: creates and starts the gateway (waits for netsim's ready line) and the
// target, runs execs in the target, reads netsim's artifacts out of the gateway, and always
// tears both down by force.
import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { AnalyzerError } from '../../src/domain/errors.js';
import type { ObservationGap, Plan } from '../../src/domain/types.js';
import { runExec, type ExecOptions, type ExecResult } from './exec.js';
import { execPid } from './exec-pid.js';
import { ExecSession } from './exec-session.js';
import { processNamedUnder, readThroughProc } from './proc-read.js';
import { listeningTcpPorts, openPodTcp, POD_TCP_MAX_BYTES } from './pod-tcp.js';
import { removeDockerenv } from './hide-markers.js';
import {
  gatewaySpec,
  observerSpec,
  type PodMounts,
  type PodVolumes,
  targetSpec,
} from './pod-spec.js';
import type { AttachedProcess, SandboxPod } from '../sandbox-pod.js';
import { createRunVolumes, removeVolumes } from './volumes.js';

/** netsim serving, and (gateway-init.sh) the redirection rules and the capture in place. */
const READY_LINES = ['NETSIM READY', 'GATEWAY RULES READY'];

export type { AttachedProcess } from '../sandbox-pod.js';

export class Pod implements SandboxPod {
  /** What the pod could not set up as intended (reported, not fatal). */
  readonly notes: string[] = [];
  /** Limits reached reading from the sandbox (each kind once). */
  readonly gaps: ObservationGap[] = [];

  /** Record a limit reached (once per `what`). */
  gap(g: ObservationGap): void {
    if (!this.gaps.some((x) => x.what === g.what)) this.gaps.push({ t: Date.now(), ...g });
  }

  private constructor(
    private readonly docker: Docker,
    readonly gateway: Docker.Container,
    readonly target: Docker.Container,
    readonly observer: Docker.Container,
    readonly volumes: PodVolumes,
  ) {}

  /** Create and start the pod; on any failure, remove what was created and throw. */
  static async start(
    docker: Docker,
    plan: Plan,
    mounts: PodMounts,
    opts: {
      readyTimeoutMs?: number;
      /** Our own set-up in the target, run while netsim gets ready (nothing of the package's). */
      prepare?: (exec: (o: ExecOptions) => Promise<ExecResult>) => Promise<void>;
    } = {},
  ): Promise<Pod> {
    const readyTimeoutMs = opts.readyTimeoutMs ?? 30000;
    const created: Docker.Container[] = [];
    let volumes: PodVolumes | undefined;
    const make = async (spec: Docker.ContainerCreateOptions) => {
      const c = await docker.createContainer(spec);
      created.push(c);
      await c.start();
      return c;
    };
    try {
      // Independent steps overlap: the gateway starts while the volumes are made and the observer
      // started; the target is created and started while netsim gets ready. The target's process
      // 1 runs nothing of the package: the first exec into it comes after the gateway is ready.
      const gatewayStarted = make(gatewaySpec(plan, mounts));
      const observerStarted = createRunVolumes(docker, plan.runId).then(async (v) => {
        volumes = v;
        // The observer holds the volumes mounted for the whole run (their tmpfs lives as long as
        // one container uses it), before the target ever starts.
        return { v, observer: await make(observerSpec(plan, v)) };
      });
      const [gw, obs] = await Promise.allSettled([gatewayStarted, observerStarted]);
      if (gw.status === 'rejected') throw gw.reason;
      if (obs.status === 'rejected') throw obs.reason;
      const gateway = gw.value;
      const { v, observer } = obs.value;
      const ready = waitForReady(gateway, readyTimeoutMs);
      const targetStarted = (async () => {
        const target = await docker.createContainer(targetSpec(plan, gateway.id, mounts, v));
        created.push(target);
        const note = await removeDockerenv(target);
        await target.start();
        await opts.prepare?.((o) => runExec(target, { user: '1000:1000', ...o }));
        return { target, note };
      })();
      // Both settle before either failure is thrown, so nothing is left half made.
      const [readyDone, targetDone] = await Promise.allSettled([ready, targetStarted]);
      if (readyDone.status === 'rejected') throw readyDone.reason;
      if (targetDone.status === 'rejected') throw targetDone.reason;
      const { target, note: markerNote } = targetDone.value;
      const pod = new Pod(docker, gateway, target, observer, v);
      if (markerNote) pod.notes.push(markerNote);
      return pod;
    } catch (e) {
      await Promise.allSettled(created.reverse().map((c) => c.remove({ force: true })));
      if (volumes) await removeVolumes(docker, volumes);
      if (e instanceof AnalyzerError) throw e;
      throw new AnalyzerError('sandbox-failed', `cannot start the sandbox pod: ${String(e)}`, {
        cause: e,
      });
    }
  }

  /** Run a command in the target (as the package's user unless told otherwise), bounded. */
  execInTarget(opts: ExecOptions): Promise<ExecResult> {
    return runExec(this.target, { user: '1000:1000', ...opts });
  }

  private observerSession: Promise<ExecSession | undefined> | undefined;

  /** Run a command in the observer: sees the target's files, not its processes. Through one
   * long-lived session (sandbox/docker/exec-session.ts); one exec per command if it broke. */
  async execInObserver(opts: ExecOptions): Promise<ExecResult> {
    this.observerSession ??= ExecSession.open(this.observer, '0:0').catch(() => undefined);
    const session = await this.observerSession;
    if (session && !session.broken) {
      try {
        return await session.run(opts);
      } catch {
        // broken or too slow: fall back to an exec of its own
      }
    }
    return runExec(this.observer, opts);
  }

  /**
   * Stop every process of the target at once (kill its process 1, start it again): how a server
   * and whatever it left running are stopped for good, with no helper inside the target. HOME
   * and /tmp live on in their volumes (the observer keeps them mounted).
   */
  async restartTarget(): Promise<void> {
    this.hostPids.delete('target');
    await this.target.restart({ t: 0 });
  }

  private readonly hostPids = new Map<'gateway' | 'target', number>();

  /** Host pid of the gateway's or the target's process 1 (for reading /proc from the host). */
  async hostPid(which: 'gateway' | 'target'): Promise<number | undefined> {
    const known = this.hostPids.get(which);
    if (known) return known;
    const c = which === 'gateway' ? this.gateway : this.target;
    const pid = (await c.inspect().catch(() => undefined))?.State.Pid;
    if (!pid || pid <= 0) return undefined;
    this.hostPids.set(which, pid);
    return pid;
  }

  /** Start a long-running process in the target with stdin open; stdout/stderr demultiplexed. */
  async attach(cmd: string[], env: string[], workdir: string): Promise<AttachedProcess> {
    const exec = await this.target.exec({
      Cmd: cmd,
      Env: env,
      WorkingDir: workdir,
      User: '1000:1000',
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    this.target.modem.demuxStream(stream, stdout, stderr);
    const exited = new Promise<number | null>((resolve) => {
      const done = () => {
        stdout.end();
        stderr.end();
        exec
          .inspect()
          .then((i) => resolve(i.Running ? null : i.ExitCode))
          .catch(() => resolve(null));
      };
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', done);
    });
    // Asked only now: the listeners above must be in place before anything is awaited.
    const pid = await execPid(exec);
    return { stdin: stream, stdout, stderr, exited, ...(pid ? { pid } : {}) };
  }

  /** Read a file out of the gateway (netsim logs, the pcap), at most maxBytes: from the host's
   * /proc when it can (readHostSide), else with an exec in the gateway. */
  async readGatewayFile(path: string, maxBytes: number): Promise<Buffer> {
    const pid = await this.hostPid('gateway');
    const direct = pid ? readThroughProc(pid, path, maxBytes) : undefined;
    if (direct) return direct;
    const r = await runExec(this.gateway, {
      cmd: ['head', '-c', String(maxBytes), path],
      timeoutMs: 30000,
      maxBytes,
    });
    return r.stdout;
  }

  /** Whether a process of that exact name runs in the gateway (our helpers there). */
  async gatewayProcessRunning(name: string): Promise<boolean> {
    const pid = await this.hostPid('gateway');
    const seen = pid ? processNamedUnder(pid, name) : undefined;
    if (seen !== undefined) return seen;
    const r = await runExec(this.gateway, {
      cmd: ['pgrep', '-x', name],
      timeoutMs: 5000,
      maxBytes: 1024,
    }).catch(() => undefined);
    return r?.exitCode === 0;
  }

  /** A byte stream to `port` on the pod's loopback (through an exec in the gateway). */
  openTcp(port: number): Promise<Duplex> {
    return openPodTcp(this.gateway, port, () =>
      this.gap({
        kind: 'cap',
        what: 'HTTP transport read',
        detail: `${POD_TCP_MAX_BYTES} bytes per connection`,
      }),
    );
  }

  /** TCP ports in LISTEN state owned by `uid` in the pod's network namespace. */
  listeningPorts(uid: number): Promise<number[]> {
    return listeningTcpPorts(this.gateway, uid);
  }

  /** Remove the containers and volumes by force; never throws. */
  async destroy(): Promise<void> {
    // All three at once (a forced remove kills first); the volumes once nothing mounts them.
    const containers = [this.target, this.gateway, this.observer];
    const first = await Promise.allSettled(containers.map((c) => c.remove({ force: true })));
    // A remove refused while another container was going away is tried once more.
    await Promise.allSettled(
      containers
        .filter((_, i) => first[i]?.status === 'rejected')
        .map((c) => c.remove({ force: true })),
    );
    await removeVolumes(this.docker, this.volumes);
  }

  get engine(): Docker {
    return this.docker;
  }
}

/** Follow the gateway's output until netsim says it is ready, or fail with its output. */
async function waitForReady(gateway: Docker.Container, timeoutMs: number): Promise<void> {
  const stream = (await gateway.logs({
    follow: true,
    stdout: true,
    stderr: true,
  })) as unknown as NodeJS.ReadableStream & {
    destroy(): void;
  };
  const out = new PassThrough();
  gateway.modem.demuxStream(stream, out, out);
  let seen = '';
  const found = new Set<string>();
  // Lines may come in any order and far apart: remember each as it passes.
  const ready = (text: string) => {
    for (const l of READY_LINES) if (text.includes(l)) found.add(l);
    return found.size === READY_LINES.length;
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(
        new AnalyzerError(
          'sandbox-failed',
          `gateway not ready in ${timeoutMs} ms: ${seen.slice(-2000)}`,
        ),
      );
    }, timeoutMs);
    out.on('data', (d: Buffer) => {
      seen = (seen + d.toString('utf8')).slice(-8000);
      if (ready(seen)) {
        clearTimeout(timer);
        stream.destroy();
        resolve();
      }
    });
    stream.on('end', () => {
      clearTimeout(timer);
      if (ready(seen)) resolve();
      else
        reject(
          new AnalyzerError('sandbox-failed', `gateway exited before ready: ${seen.slice(-2000)}`),
        );
    });
  });
}
