// The sandbox pod driver: creates and starts the gateway (waits for netsim's ready line) and the
// target, runs execs in the target, reads netsim's artifacts out of the gateway, and always
// tears both down by force.
import { isAbsolute, relative } from 'node:path';
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
  OBSERVER_STAGE,
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

/** Where the staged project and the HOME seed are, for whoever `exec` runs in. */
export interface StagedSources {
  project: string;
  seed: string;
}

/** Our own set-up of the target's HOME before anything of the package runs in it. */
export type PrepareTarget = (
  exec: (o: ExecOptions) => Promise<ExecResult>,
  from: StagedSources,
) => Promise<void>;

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
    opts: { readyTimeoutMs?: number } = {},
  ): Promise<Pod> {
    const network = await PodNetwork.start(
      docker,
      plan,
      mounts.gatewayDir,
      undefined,
      opts.readyTimeoutMs,
    );
    return network.complete(mounts);
  }

  /** @internal PodNetwork.complete's constructor. */
  static assemble(
    docker: Docker,
    parts: {
      gateway: Docker.Container;
      target: Docker.Container;
      observer: Docker.Container;
      volumes: PodVolumes;
    },
  ): Pod {
    return new Pod(docker, parts.gateway, parts.target, parts.observer, parts.volumes);
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

/**
 * The half of a pod that does not depend on the package: the gateway (netsim booting, the rules
 * and the capture being set up) and the observer holding the run's volumes. Started while the
 * package is fetched and planted (src/pipeline/analyze.ts), completed with the target once the
 * staged project exists, or abandoned. One per run, never shared: it carries the run's id,
 * address key and volumes.
 */
export class PodNetwork {
  private constructor(
    private readonly docker: Docker,
    private readonly plan: Plan,
    private readonly gateway: Docker.Container,
    private readonly observer: Docker.Container,
    private readonly volumes: PodVolumes,
    private readonly ready: Promise<void>,
    private readonly stageDir: string | undefined,
  ) {}

  /**
   * Start the gateway and the observer; on failure, remove what was made and throw. With
   * `stageDir` (the run folder, where the staged project and the HOME seed will be) the observer
   * mounts it read-only, to copy them into HOME while the target starts (complete()).
   */
  static async start(
    docker: Docker,
    plan: Plan,
    gatewayDir: string,
    stageDir?: string,
    readyTimeoutMs = 30000,
  ): Promise<PodNetwork> {
    const created: Docker.Container[] = [];
    let volumes: PodVolumes | undefined;
    const make = async (spec: Docker.ContainerCreateOptions) => {
      const c = await docker.createContainer(spec);
      created.push(c);
      await c.start();
      return c;
    };
    try {
      const gatewayStarted = make(gatewaySpec(plan, { gatewayDir }));
      const observerStarted = createRunVolumes(docker, plan.runId).then(async (v) => {
        volumes = v;
        // The observer holds the volumes mounted for the whole run (their tmpfs lives as long as
        // one container uses it), before the target ever starts.
        return { v, observer: await make(observerSpec(plan, v, stageDir)) };
      });
      const [gw, obs] = await Promise.allSettled([gatewayStarted, observerStarted]);
      if (gw.status === 'rejected') throw gw.reason;
      if (obs.status === 'rejected') throw obs.reason;
      const ready = waitForReady(gw.value, readyTimeoutMs);
      // Awaited in complete(); a failure before then must not go unhandled.
      ready.catch(() => undefined);
      return new PodNetwork(
        docker,
        plan,
        gw.value,
        obs.value.observer,
        obs.value.v,
        ready,
        stageDir,
      );
    } catch (e) {
      await Promise.allSettled(created.reverse().map((c) => c.remove({ force: true })));
      if (volumes) await removeVolumes(docker, volumes);
      throw startError(e);
    }
  }

  /**
   * Add the target (the staged project and the HOME seed mounted read-only, copied in by
   * `prepare` while netsim gets ready) and wait until netsim serves and the rules and capture
   * are in place: nothing of the package's runs before. On failure everything is removed.
   */
  async complete(mounts: PodMounts, prepare?: PrepareTarget): Promise<Pod> {
    const { docker, plan, gateway, volumes } = this;
    let target: Docker.Container | undefined;
    try {
      // HOME is filled from the observer (as uid 1000, from the run folder) while the target
      // starts.
      const from = this.stageDir ? stagedIn(this.stageDir, mounts) : undefined;
      if (prepare && !from)
        throw new AnalyzerError('sandbox-failed', 'the staged project is not in the run folder');
      const observerPrepared = from
        ? prepare?.((o) => runExec(this.observer, { user: '1000:1000', ...o }), from)
        : undefined;
      const targetStarted = (async () => {
        const made: Docker.Container[] = [];
        const started = startTarget(docker, targetSpec(plan, gateway.id, mounts, volumes), made);
        return (await started.finally(() => (target = made[0]))).note;
      })();
      // All settle before any failure is thrown, so nothing is left half made.
      const [readyDone, targetDone, preparedDone] = await Promise.allSettled([
        this.ready,
        targetStarted,
        observerPrepared,
      ]);
      if (readyDone.status === 'rejected') throw readyDone.reason;
      if (targetDone.status === 'rejected') throw targetDone.reason;
      if (preparedDone.status === 'rejected') throw preparedDone.reason;
      const pod = Pod.assemble(docker, {
        gateway,
        target: target!,
        observer: this.observer,
        volumes,
      });
      if (targetDone.value) pod.notes.push(targetDone.value);
      return pod;
    } catch (e) {
      await target?.remove({ force: true }).catch(() => undefined);
      await this.abandon();
      throw startError(e);
    }
  }

  /** Remove the gateway, the observer and the volumes; never throws. */
  async abandon(): Promise<void> {
    await Promise.allSettled([
      this.gateway.remove({ force: true }),
      this.observer.remove({ force: true }),
    ]);
    await removeVolumes(this.docker, this.volumes);
  }
}

/** Create (into `made`, for the caller's cleanup) and start a target, /.dockerenv hidden. */
async function startTarget(
  docker: Docker,
  spec: Docker.ContainerCreateOptions,
  made: Docker.Container[],
): Promise<{ target: Docker.Container; note: string | undefined }> {
  const target = await docker.createContainer(spec);
  made.push(target);
  const note = await removeDockerenv(target);
  await target.start();
  return { target, note };
}

/** The staged project and HOME seed as the observer sees them (under OBSERVER_STAGE). */
function stagedIn(stageDir: string, mounts: PodMounts): StagedSources | undefined {
  const rel = (p: string) => {
    const r = relative(stageDir, p);
    return r && !r.startsWith('..') && !isAbsolute(r) ? `${OBSERVER_STAGE}/${r}` : undefined;
  };
  const project = rel(mounts.projectDir);
  const seed = rel(mounts.homeSeedDir);
  return project && seed ? { project, seed } : undefined;
}

function startError(e: unknown): AnalyzerError {
  if (e instanceof AnalyzerError) return e;
  return new AnalyzerError('sandbox-failed', `cannot start the sandbox pod: ${String(e)}`, {
    cause: e,
  });
}
