// One emulated Pod on the Docker engine, the kubelet's way (run-job-on-docker.ts says which
// semantics and what is left out): the pause container first, then the init containers in order
// (a plain one runs to completion; a sidecar is started, kept running and restarted with the
// kubelet's back-off, and its startup probe must pass before the next one starts), then the
// main containers; once they have all exited, the sidecars are stopped. Every container it
// makes is registered before it starts, so whoever halts the Pod can remove them all.

import type Docker from 'dockerode';
import { removeDockerenv } from '../../../sandbox/docker/hide-markers.js';
import type { Container, ExecProbe, PodSpec } from '../k8s-types.js';
import type { PodHostDirs } from './host-volumes.js';
import {
  type Bind,
  containerCreateOptions,
  kubeletHosts,
  mountRequests,
  pauseCreateOptions,
  PodFailure,
  type PodNames,
  resolvConf,
} from './pod-translate.js';

/** The kubelet's restart back-off of a container: doubles from 10 s, at most 5 minutes. */
export const RESTART_BACKOFF_MS = 10_000;
const MAX_BACKOFF_MS = 300_000;

/** The Pod is being torn down: whatever was under way stops. */
export class Halted extends Error {
  constructor() {
    super('the Pod is being torn down');
    this.name = 'Halted';
  }
}

export interface PodOutcome {
  phase: 'Succeeded' | 'Failed';
  reason?: string;
}

export interface EmulatedPodOptions {
  network?: string;
  pauseImage?: string;
  restartBackoffMs?: number;
  /** Extra read-only host files per container (run-job-on-docker.ts's RunJobInput). */
  imageFiles?: Record<string, readonly Bind[]>;
}

interface Sidecar {
  name: string;
  container: Docker.Container;
  watcher: Promise<void>;
}

function statusOf(r: unknown): number | null {
  const code = (r as { StatusCode?: unknown } | undefined)?.StatusCode;
  return typeof code === 'number' ? code : null;
}

/** Run an exec probe once: true when the command exits 0 within `timeoutMs`. */
async function probeOnce(c: Docker.Container, cmd: string[], timeoutMs: number): Promise<boolean> {
  try {
    const exec = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    stream.resume(); // the output is not kept
    const ended = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        stream.destroy();
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', done);
    });
    if (!ended) return false;
    const info = await exec.inspect();
    return !info.Running && info.ExitCode === 0;
  } catch {
    return false; // not running (between restarts) counts as a failure, as on a node
  }
}

export class EmulatedPod {
  /** Every container made, by its name in the spec (the pause is `POD`). */
  readonly created = new Map<string, Docker.Container>();
  readonly restarts: Record<string, number> = {};
  readonly notes: string[] = [];
  private stopping = false;
  private readonly wakers = new Set<() => void>();
  private readonly sidecars: Sidecar[] = [];
  private pauseId = '';

  constructor(
    private readonly docker: Docker,
    private readonly spec: PodSpec,
    private readonly names: PodNames,
    private readonly dirs: PodHostDirs,
    private readonly opts: EmulatedPodOptions,
  ) {}

  /** Stop waiting and starting: back-offs and probe periods end now, nothing new is made. */
  halt(): void {
    this.stopping = true;
    for (const wake of this.wakers) wake();
    this.wakers.clear();
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  /** The Pod's life up to its phase. Throws PodFailure, Halted, or an engine error. */
  async run(): Promise<PodOutcome> {
    await this.startPause();
    for (const c of this.spec.initContainers) {
      if (c.restartPolicy === 'Always') {
        await this.startSidecar(c);
        continue;
      }
      const code = await this.waitExit(await this.start(c));
      if (code !== 0) return { phase: 'Failed', reason: `init container ${c.name} exited ${code}` };
    }
    const mains: Docker.Container[] = [];
    for (const c of this.spec.containers) mains.push(await this.start(c));
    const codes = await Promise.all(mains.map((m) => this.waitExit(m)));
    await this.stopSidecars();
    const bad = codes.findIndex((code) => code !== 0);
    if (bad < 0) return { phase: 'Succeeded' };
    return {
      phase: 'Failed',
      reason: `container ${this.spec.containers[bad]?.name ?? '?'} exited ${codes[bad]}`,
    };
  }

  private async startPause(): Promise<void> {
    const image =
      this.opts.pauseImage ?? (this.spec.initContainers[0] ?? this.spec.containers[0])?.image;
    if (!image) throw new PodFailure('the Pod has no container');
    const spec = pauseCreateOptions(this.spec, this.names, image, this.opts.network);
    const pause = await this.docker.createContainer(spec);
    this.created.set('POD', pause);
    this.pauseId = pause.id;
    await pause.start();
    const networks = (await pause.inspect()).NetworkSettings.Networks ?? {};
    const ip = this.opts.network
      ? (networks[this.opts.network] ?? Object.values(networks)[0])?.IPAddress
      : undefined;
    this.dirs.writePodFiles(
      resolvConf(this.spec.dnsConfig),
      kubeletHosts(ip || undefined, this.spec.hostname),
    );
  }

  /** Create (mounts resolved now, as the kubelet does at each start) and start a container. */
  private async start(c: Container): Promise<Docker.Container> {
    if (this.stopping) throw new Halted();
    const binds = this.dirs.bindsFor(
      mountRequests(c, this.spec.volumes),
      c.securityContext.readOnlyRootFilesystem,
    );
    const opts = containerCreateOptions(c, this.names, this.pauseId, [
      ...(this.opts.imageFiles?.[c.name] ?? []),
      ...binds,
    ]);
    const container = await this.docker.createContainer(opts);
    this.created.set(c.name, container);
    if (this.stopping) throw new Halted();
    // A node's runtime leaves no /.dockerenv.
    const note = await removeDockerenv(container);
    if (note && !this.notes.includes(note)) this.notes.push(note);
    await container.start();
    return container;
  }

  private async waitExit(c: Docker.Container): Promise<number | null> {
    return statusOf(await c.wait().catch(() => undefined));
  }

  private async startSidecar(c: Container): Promise<void> {
    const container = await this.start(c);
    this.restarts[c.name] = 0;
    const watcher = this.keepRestarting(c.name, container);
    this.sidecars.push({ name: c.name, container, watcher });
    if (c.startupProbe && !(await this.probeUntilStarted(container, c.startupProbe)))
      throw new PodFailure(
        `sidecar ${c.name}: startup probe failed ${c.startupProbe.failureThreshold} times`,
      );
  }

  /** restartPolicy Always: start it again after the back-off, until the Pod terminates. */
  private async keepRestarting(name: string, c: Docker.Container): Promise<void> {
    let backoff = this.opts.restartBackoffMs ?? RESTART_BACKOFF_MS;
    for (;;) {
      await c.wait().catch(() => undefined);
      if (this.stopping) return;
      await this.sleep(backoff);
      if (this.stopping) return;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      this.restarts[name] = (this.restarts[name] ?? 0) + 1;
      const started = await c.start().then(
        () => true,
        () => false,
      );
      if (!started) return; // the Pod is going away under it
    }
  }

  private async probeUntilStarted(c: Docker.Container, probe: ExecProbe): Promise<boolean> {
    for (let failures = 0; ;) {
      if (this.stopping) throw new Halted();
      if (await probeOnce(c, probe.exec.command, probe.timeoutSeconds * 1000)) return true;
      if (++failures >= probe.failureThreshold) return false;
      await this.sleep(probe.periodSeconds * 1000);
    }
  }

  /** The main containers are done: every sidecar gets SIGTERM and the grace period at once. */
  private async stopSidecars(): Promise<void> {
    this.halt();
    const t = this.spec.terminationGracePeriodSeconds;
    await Promise.all(
      this.sidecars.map(async (s) => {
        await s.container.stop({ t }).catch(() => undefined);
        await s.watcher;
        // A restart that was under way when the stop came is stopped too.
        await s.container.stop({ t: 0 }).catch(() => undefined);
      }),
    );
  }
}
