// The kubelet's part of running a Pod, as pure data for the Docker emulator
// (run-job-on-docker.ts): which host file goes where in each container, the files the kubelet
// and the runtime write for a Pod (/etc/resolv.conf from dnsConfig, /etc/hosts), and each
// container's and the pause container's Docker create-options. Only the fields our manifests
// use (k8s-types.ts) are translated. Test support; tested as data (run-job-on-docker.test.ts).
//
// Limits of the translation (what a kubelet does and this does not):
// - ephemeral-storage limits, requests, and a memory emptyDir's sizeLimit are not enforced (the
//   kubelet evicts the Pod past them; here the host's disk is the limit).
// - seccomp RuntimeDefault is Docker's default profile (the same as containerd's in practice),
//   AppArmor the engine's default; no pids limit (a kubelet sets only a node-wide one).
// - Docker puts its embedded-DNS rules (127.0.0.11) into the nat table of a namespace on a
//   user-defined network; a CNI plugin leaves a Pod's namespace empty.

import type { ContainerCreateOptions } from 'dockerode';
import { LABEL_OWNER_PID, LABEL_ROLE, LABEL_RUN } from '../../../sandbox/docker/labels.js';
import type { Container, Job, PodSpec, Volume } from '../k8s-types.js';

/** The Pod failed the way a kubelet would fail it (a result, not our failure). */
export class PodFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PodFailure';
  }
}

/** The kubelet's default log rotation size (containerLogMaxSize): what `kubectl logs` shows. */
export const LOG_ROTATE_SIZE = '10m';

/** Variables the kubelet gives every container for the API server's Service, even with
 * enableServiceLinks off (a cluster's usual addresses; nothing is reached through them here). */
export const SERVICE_ENV: readonly [string, string][] = [
  ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
  ['KUBERNETES_SERVICE_PORT', '443'],
  ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
  ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'],
  ['KUBERNETES_PORT_443_TCP', 'tcp://10.96.0.1:443'],
  ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
  ['KUBERNETES_PORT_443_TCP_PORT', '443'],
  ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
];

const BINARY_SUFFIX: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  m: 1e-3,
  '': 1,
};

/** A Kubernetes quantity (`1536Mi`, `500m`, `2`) as a number of units. */
export function parseQuantity(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T|m|)$/.exec(q);
  const factor = m ? BINARY_SUFFIX[m[2] ?? ''] : undefined;
  if (!m?.[1] || factor === undefined) throw new Error(`unsupported quantity: ${q}`);
  return Number(m[1]) * factor;
}

/** /etc/resolv.conf as the runtime writes it from a Pod's dnsConfig (containerd's order). */
export function resolvConf(dns: PodSpec['dnsConfig']): string {
  let text = '';
  if (dns.searches.length > 0) text += `search ${dns.searches.join(' ')}\n`;
  for (const ns of dns.nameservers) text += `nameserver ${ns}\n`;
  if (dns.options.length > 0) text += `options ${dns.options.map((o) => o.name).join(' ')}\n`;
  return text;
}

/** /etc/hosts as the kubelet writes it for a Pod (its IP under its hostname, when it has one). */
export function kubeletHosts(podIp: string | undefined, hostname: string): string {
  return [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    ...(podIp ? [`${podIp}\t${hostname}`] : []),
    '',
  ].join('\n');
}

/** One volume mount of a container, before its host folder is known. */
export interface MountRequest {
  volume: string;
  kind: 'emptyDir' | 'secret';
  subPath?: string;
  target: string;
  readOnly: boolean;
}

export interface ContainerMounts {
  requests: MountRequest[];
  /** The container mounts its own file there: the Pod's is not mounted. */
  ownResolv: boolean;
  ownHosts: boolean;
}

/** A container's volume mounts resolved against the Pod's volumes (the API server's checks). */
export function mountRequests(c: Container, volumes: readonly Volume[]): ContainerMounts {
  const requests = c.volumeMounts.map((m): MountRequest => {
    const v = volumes.find((x) => x.name === m.name);
    if (!v) throw new PodFailure(`${c.name}: no volume ${m.name}`);
    if (
      m.subPath !== undefined &&
      (m.subPath.startsWith('/') || m.subPath.split('/').includes('..'))
    )
      throw new PodFailure(`${c.name}: subPath ${m.subPath} leaves its volume`);
    // Secret and projected volumes are always mounted read-only (Kubernetes 1.10+).
    const kind = 'emptyDir' in v ? 'emptyDir' : 'secret';
    return {
      volume: m.name,
      kind,
      ...(m.subPath ? { subPath: m.subPath } : {}),
      target: m.mountPath,
      readOnly: kind === 'secret' || m.readOnly,
    };
  });
  const owns = (path: string) => c.volumeMounts.some((m) => m.mountPath === path);
  return { requests, ownResolv: owns('/etc/resolv.conf'), ownHosts: owns('/etc/hosts') };
}

/** A host path bound into a container. */
export interface Bind {
  source: string;
  target: string;
  readOnly: boolean;
}

export interface PodNames {
  runId: string;
  namespace: string;
  pod: string;
  /** Stands for the Pod's uid in container names. */
  uid: string;
  /** Our process, on every label (cleanup leaves a live owner's containers alone). */
  ownerPid: number;
}

/** The Pod's names: the Job controller's `<job>-<5 characters>` and a uid-like suffix. */
export function podNames(job: Job, suffix: string, uid: string, ownerPid: number): PodNames {
  return {
    runId: job.spec.template.metadata.labels[LABEL_RUN] ?? job.metadata.name,
    namespace: job.metadata.namespace ?? 'default',
    pod: `${job.metadata.name}-${suffix}`,
    uid,
    ownerPid,
  };
}

/** Labels of every container of the emulated Pod (`mcp-airlock cleanup` finds them by run). */
export function podLabels(names: PodNames, container: string): Record<string, string> {
  return {
    [LABEL_RUN]: names.runId,
    [LABEL_ROLE]: 'k8s-pod',
    [LABEL_OWNER_PID]: String(names.ownerPid),
    'io.kubernetes.pod.name': names.pod,
    'io.kubernetes.pod.namespace': names.namespace,
    'io.kubernetes.container.name': container,
  };
}

function dockerName(names: PodNames, container: string): string {
  return `k8s_${container}_${names.pod}_${names.namespace}_${names.uid}_0`;
}

/** The pause container: owns the Pod's network, IPC and hostname; runs nothing. */
export function pauseCreateOptions(
  spec: PodSpec,
  names: PodNames,
  image: string,
  network: string | undefined,
): ContainerCreateOptions {
  const sysctls = Object.fromEntries(
    (spec.securityContext.sysctls ?? []).map((s) => [s.name, s.value]),
  );
  return {
    name: dockerName(names, 'POD'),
    Image: image,
    Entrypoint: ['sleep', 'infinity'],
    Cmd: [],
    Hostname: spec.hostname,
    User: '65535:65535',
    Labels: podLabels(names, 'POD'),
    HostConfig: {
      NetworkMode: network ?? 'none',
      IpcMode: 'shareable',
      Sysctls: sysctls,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Memory: 64 * 2 ** 20,
      RestartPolicy: { Name: 'no' },
      AutoRemove: false,
    },
  };
}

/** A container of the Pod, joined to the pause container's network and IPC namespaces. */
export function containerCreateOptions(
  c: Container,
  names: PodNames,
  pauseId: string,
  binds: readonly Bind[],
): ContainerCreateOptions {
  const sc = c.securityContext;
  if (sc.runAsNonRoot && sc.runAsUser === 0)
    throw new PodFailure(`${c.name}: CreateContainerConfigError: runAsUser breaks non-root policy`);
  const own = new Set(c.env.map((e) => e.name));
  const env = [
    ...SERVICE_ENV.filter(([k]) => !own.has(k)).map(([k, v]) => `${k}=${v}`),
    ...c.env.map((e) => `${e.name}=${e.value}`),
  ];
  const memory = Math.round(parseQuantity(c.resources.limits.memory));
  return {
    name: dockerName(names, c.name),
    Image: c.image,
    // A command replaces the image's entrypoint and its Cmd; args are the new Cmd.
    Entrypoint: [...c.command],
    Cmd: [...(c.args ?? [])],
    Env: env,
    ...(c.workingDir ? { WorkingDir: c.workingDir } : {}),
    User: `${sc.runAsUser}:${sc.runAsGroup}`,
    Labels: podLabels(names, c.name),
    OpenStdin: false,
    Tty: false,
    HostConfig: {
      NetworkMode: `container:${pauseId}`,
      IpcMode: `container:${pauseId}`,
      CapDrop: [...sc.capabilities.drop],
      ...(sc.capabilities.add ? { CapAdd: [...sc.capabilities.add] } : {}),
      SecurityOpt: sc.allowPrivilegeEscalation === false ? ['no-new-privileges'] : [],
      Privileged: false,
      ReadonlyRootfs: sc.readOnlyRootFilesystem,
      Mounts: binds.map((b) => ({
        Type: 'bind' as const,
        Source: b.source,
        Target: b.target,
        ReadOnly: b.readOnly,
        BindOptions: { Propagation: 'rprivate' as const },
      })),
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: Math.round(parseQuantity(c.resources.limits.cpu) * 1e9),
      LogConfig: { Type: 'json-file', Config: { 'max-size': LOG_ROTATE_SIZE, 'max-file': '1' } },
      RestartPolicy: { Name: 'no' },
      Init: false,
      AutoRemove: false,
    },
  };
}
