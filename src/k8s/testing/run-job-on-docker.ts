// Test support: runs the Pod of a Job that `batch --emit-k8s` writes (k8sManifestsFor; read
// one back with job-input.ts) on the local Docker engine, emulating the kubelet for exactly the
// features our manifests use, so the manifests can be shown to run an analysis where no cluster
// is reachable. The pieces: pod-translate.ts (the create-options, resolv.conf and hosts, as
// data), host-volumes.ts (the volumes' host folders), emulated-pod.ts (the order and the
// sidecars).
//
// What is emulated: one network and IPC namespace per Pod (a labelled pause container that the
// others join; its hostname and sysctls are the Pod's), private PID namespaces; dnsPolicy None
// (the Pod's resolv.conf) and the kubelet's /etc/hosts unless a container mounts its own;
// emptyDir, secret and projected volumes, subPath, readOnly; image, command and args, env (with
// the API server's service variables), workingDir, the security context, memory and CPU limits;
// init containers in order, sidecars (restartPolicy Always) with their startup probes and
// restarts, then the main containers; the log of each container (the last 10 MiB, as `kubectl
// logs` shows after a rotation, at most 32 MiB read); the deadline (activeDeadlineSeconds or
// `timeoutMs`, the shorter).
//
// What is not:
// - NetworkPolicy objects. The Pod's only link is the Docker network the caller gives (an
//   internal bridge, e.g. internal-network.ts, reaching a fake registry on the host): that is
//   the only egress the stage has. Without one the Pod has loopback only.
// - A sidecar whose startup probe fails failureThreshold times fails the Pod here; a kubelet
//   would restart it and keep waiting until the deadline (the end is the same, later).
// - A sidecar is restarted in place (same container, same writable layer); a kubelet makes a
//   new container. The back-off is the kubelet's (10 s, doubling, at most 5 minutes).
// - Sidecars are stopped all at once, each with the grace period (Kubernetes before 1.33; later
//   versions stop them in reverse order).
// - runtimeClassName, requests, ephemeral-storage, tmpfs sizes: see pod-translate.ts and
//   host-volumes.ts.
// Nothing is left behind: every container (labelled with the run, for `mcp-airlock cleanup`) and
// the host folders are removed whatever happens, on the deadline and on our own errors too.
import { randomBytes } from 'node:crypto';

import type Docker from 'dockerode';
import type { Job, Secret } from '../k8s-types.js';
import { demuxDockerLog, LOG_MAX_BYTES } from './docker-log.js';
import { EmulatedPod, Halted, type PodOutcome } from './emulated-pod.js';
import { createPodHostDirs, type PodHostDirs } from './host-volumes.js';
import { type Bind, PodFailure, podNames } from './pod-translate.js';

export { RESTART_BACKOFF_MS } from './emulated-pod.js';

export interface RunJobInput {
  job: Job;
  /** The Job's Secret and the operator's (the CA), as stringData. */
  secrets: readonly Secret[];
  timeoutMs: number;
  /** The Docker network the Pod is on (its only link); without one, loopback only. */
  network?: string;
  /** The pause container's image (default: the image of the Pod's first container). */
  pauseImage?: string;
  /** A sidecar's first restart back-off (default the kubelet's 10 s). */
  restartBackoffMs?: number;
  /**
   * Host paths bound read-only into the named containers, standing in for files an image would
   * hold (the tests give the stage and runner this checkout's compiled CLI at /opt/mcp-airlock
   * instead of building the runner image, Dockerfile.runner, for every change).
   */
  imageFiles?: Record<string, readonly Bind[]>;
}

export interface JobRunResult {
  phase: 'Succeeded' | 'Failed';
  /** Each container's last exit code; null when it never ran or never stopped. */
  exitCodes: Record<string, number | null>;
  /** Each container's stdout and stderr, interleaved (bounded, see docker-log.ts). */
  logs: Record<string, string>;
  /** Why the Pod failed (an init or main container's exit, FailedMount, DeadlineExceeded ...). */
  reason?: string;
  /** How often each sidecar was restarted. */
  restarts: Record<string, number>;
  /** What the emulation could not do as a node would (e.g. /.dockerenv left in place). */
  notes: string[];
}

/** How long a halted Pod's steps get to unwind before the containers are removed anyway. */
const UNWIND_MS = 30_000;

function containerNames(job: Job): string[] {
  const spec = job.spec.template.spec;
  return [...spec.initContainers, ...spec.containers].map((c) => c.name);
}

function failed(reason: string, job: Job): JobRunResult {
  const names = containerNames(job);
  return {
    phase: 'Failed',
    reason,
    exitCodes: Object.fromEntries(names.map((n) => [n, null])),
    logs: {},
    restarts: {},
    notes: [],
  };
}

/** Run the Job's one Pod to its end; throws only when the engine or the host fails us. */
export async function runJobOnDocker(docker: Docker, input: RunJobInput): Promise<JobRunResult> {
  const spec = input.job.spec.template.spec;
  const uid = randomBytes(4).toString('hex');
  const names = podNames(input.job, randomBytes(3).toString('hex').slice(0, 5), uid, process.pid);
  let dirs: PodHostDirs;
  try {
    dirs = createPodHostDirs(uid, spec.volumes, input.secrets, new Date());
  } catch (e) {
    if (e instanceof PodFailure) return failed(e.reason, input.job);
    throw e;
  }
  const pod = new EmulatedPod(docker, spec, names, dirs, {
    ...(input.network ? { network: input.network } : {}),
    ...(input.pauseImage ? { pauseImage: input.pauseImage } : {}),
    ...(input.restartBackoffMs !== undefined ? { restartBackoffMs: input.restartBackoffMs } : {}),
    ...(input.imageFiles ? { imageFiles: input.imageFiles } : {}),
  });
  const limitMs = Math.min(input.timeoutMs, spec.activeDeadlineSeconds * 1000);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<PodOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ phase: 'Failed', reason: 'DeadlineExceeded' }), limitMs);
  });
  const running = pod.run().catch((e: unknown): PodOutcome => {
    if (e instanceof PodFailure) return { phase: 'Failed', reason: e.reason };
    if (e instanceof Halted) return { phase: 'Failed', reason: 'halted' };
    throw e;
  });
  let outcome: PodOutcome | undefined;
  let error: unknown;
  try {
    outcome = await Promise.race([running, deadline]);
  } catch (e) {
    error = e;
  }
  clearTimeout(timer);
  const end = await tearDown(pod, running, dirs);
  if (error !== undefined) throw error;
  const exitCodes: Record<string, number | null> = {};
  for (const n of containerNames(input.job)) exitCodes[n] = end.exitCodes[n] ?? null;
  return {
    phase: outcome?.phase ?? 'Failed',
    ...(outcome?.reason ? { reason: outcome.reason } : {}),
    exitCodes,
    logs: end.logs,
    restarts: { ...pod.restarts },
    notes: [...pod.notes],
  };
}

/** Kill everything, let the Pod's steps unwind, read the logs and exit codes, remove it all. */
async function tearDown(
  pod: EmulatedPod,
  running: Promise<unknown>,
  dirs: PodHostDirs,
): Promise<{ logs: Record<string, string>; exitCodes: Record<string, number | null> }> {
  const logs: Record<string, string> = {};
  const exitCodes: Record<string, number | null> = {};
  try {
    pod.halt();
    const all = () => [...pod.created.entries()];
    const kill = () =>
      Promise.allSettled(
        all()
          .filter(([n]) => n !== 'POD')
          .map(([, c]) => c.kill()),
      );
    await kill();
    let unwound: NodeJS.Timeout | undefined;
    await Promise.race([
      running.catch(() => undefined),
      new Promise((r) => (unwound = setTimeout(r, UNWIND_MS))),
    ]);
    clearTimeout(unwound);
    await kill(); // one made while the first kill was under way
    for (const [name, c] of all()) {
      if (name === 'POD') continue;
      const info = await c.inspect().catch(() => undefined);
      exitCodes[name] = info && !info.State.Running ? info.State.ExitCode : null;
      const raw = await c
        .logs({ stdout: true, stderr: true, follow: false })
        .catch(() => Buffer.alloc(0));
      logs[name] = demuxDockerLog(raw, LOG_MAX_BYTES);
    }
    const first = await Promise.allSettled(all().map(([, c]) => c.remove({ force: true })));
    // A remove refused while another container was going away is tried once more.
    await Promise.allSettled(
      all()
        .filter((_, i) => first[i]?.status === 'rejected')
        .map(([, c]) => c.remove({ force: true })),
    );
  } finally {
    dirs.remove();
  }
  return { logs, exitCodes };
}
