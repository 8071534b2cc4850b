// The two containers of a sandbox pod as pure create-options, built from the plan: a gateway
// that owns the network namespace and runs netsim, and a locked-down target that joins it.
// Tested as data (pod-spec.test.ts); sandbox/docker/pod.ts hands them to the engine.
import type { ContainerCreateOptions } from 'dockerode';
import type { Plan } from '../../src/domain/types.js';
import { runLabels } from './labels.js';

/** Paths on the host that the pod mounts, all inside the run's temp folder. */
export interface PodMounts {
  /** Folder with ca.key, ca.pem, netsim.json; mounted read-only into the gateway only. */
  gatewayDir: string;
  /** The staged project (package.json + node_modules with the target), read-only in the target. */
  projectDir: string;
  /** HOME seed (planted dotfiles), copied into the target's HOME before install. */
  homeSeedDir: string;
}

/**
 * The target's writable places as named volumes (tmpfs, neutral names): the target and the
 * observer both mount them, so file checkpoints run from a container the target cannot see or
 * signal, and the contents outlive a restart of the target (how a server is stopped for good).
 */
export interface PodVolumes {
  home: string;
  tmp: string;
}

/** Where the gateway keeps netsim's event log and the capture (bounded tmpfs). */
export const GATEWAY_LOG_DIR = '/var/log/netsim';
export const GATEWAY_PCAP_DIR = '/var/log/pcap';
export const TARGET_HOME = '/home/dev';
export const TARGET_PROJECT = '/home/dev/project';
// Where the read-only sources are mounted: named like ordinary system folders, not like a sandbox.
export const TARGET_PROJECT_SOURCE = '/usr/local/src/workspace';
export const TARGET_HOME_SEED = '/usr/local/share/skel-dev';
/** The system trust store; the image's already holds the installation CA. */
export const TARGET_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** Process 1 of the target and the observer (sandbox/image/init.c). */
export const IMAGE_INIT = '/sbin/init';
/**
 * Programs our own execs run, by absolute path: a bare name would be looked up in PATH, which
 * starts with the project's node_modules/.bin, where a package can ship its own `npm`, `node` or
 * `timeout`.
 */
export const IMAGE_NODE = '/usr/local/bin/node';
export const IMAGE_NPM_CLI = '/usr/local/lib/node_modules/npm/bin/npm-cli.js';
export const IMAGE_TIMEOUT = '/usr/bin/timeout';
/** A hostname that says "developer laptop", not "sandbox". */
export const POD_HOSTNAME = 'dev-laptop';

export function gatewaySpec(
  plan: Plan,
  mounts: Pick<PodMounts, 'gatewayDir'>,
): ContainerCreateOptions {
  return {
    name: `mcp-airlock-${plan.runId}-gw`,
    Image: plan.image,
    Cmd: ['/opt/netsim/gateway-init.sh'],
    Hostname: POD_HOSTNAME,
    Labels: runLabels(plan.runId, 'gateway'),
    HostConfig: {
      NetworkMode: 'none',
      // For set-up only (gateway-init.sh): netsim and tcpdump run as their own users without
      // any of these; only our execs (reading the logs) keep them.
      CapDrop: ['ALL'],
      CapAdd: [
        'NET_ADMIN',
        'NET_RAW',
        'SETUID',
        'SETGID',
        'SETPCAP',
        'DAC_OVERRIDE',
        'CHOWN',
        'FOWNER',
      ],
      SecurityOpt: ['no-new-privileges'],
      Sysctls: {
        'net.ipv6.conf.all.disable_ipv6': '0',
        'net.ipv6.conf.default.disable_ipv6': '0',
      },
      // A read-only root; the logs live in bounded memory, never on the host's disk.
      ReadonlyRootfs: true,
      Tmpfs: {
        [GATEWAY_LOG_DIR]: `rw,noexec,nosuid,nodev,size=160m,uid=990,gid=990,mode=0750`,
        [GATEWAY_PCAP_DIR]: `rw,noexec,nosuid,nodev,size=64m,uid=991,gid=991,mode=0750`,
        '/run': 'rw,noexec,nosuid,nodev,size=8m,mode=0755',
        '/tmp': 'rw,noexec,nosuid,nodev,size=16m,mode=1777',
      },
      Binds: [`${mounts.gatewayDir}:/run/airlock:ro`],
      Memory: 768 * 1024 * 1024,
      PidsLimit: 128,
      NanoCpus: 1_000_000_000,
      AutoRemove: false,
    },
  };
}

export function targetSpec(
  plan: Plan,
  gatewayId: string,
  mounts: PodMounts,
  volumes: PodVolumes,
): ContainerCreateOptions {
  return {
    name: `mcp-airlock-${plan.runId}-target`,
    Image: plan.image,
    // Process 1 is a root reaper named like any machine's init, out of the package's reach (the
    // package runs as uid 1000 and cannot signal it); install and server run as execs.
    Cmd: [IMAGE_INIT],
    User: '0:0',
    WorkingDir: TARGET_HOME,
    Labels: runLabels(plan.runId, 'target'),
    Env: [`HOME=${TARGET_HOME}`, 'USER=dev', 'LOGNAME=dev', 'SHELL=/bin/bash', 'LANG=en_US.UTF-8'],
    OpenStdin: false,
    HostConfig: {
      NetworkMode: `container:${gatewayId}`,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Init: false,
      Mounts: [
        volumeMount(volumes.home, TARGET_HOME, false),
        volumeMount(volumes.tmp, '/tmp', false),
      ],
      Binds: [
        `${mounts.projectDir}:${TARGET_PROJECT_SOURCE}:ro`,
        `${mounts.homeSeedDir}:${TARGET_HOME_SEED}:ro`,
      ],
      // A private cgroup namespace: /proc/1/cgroup shows "/", not a container id. (API 1.41;
      // missing from @types/dockerode.)
      ...({ CgroupnsMode: 'private' } as Record<string, string>),
      Memory: plan.limits.memoryBytes,
      MemorySwap: plan.limits.memoryBytes,
      PidsLimit: plan.limits.pids,
      NanoCpus: plan.limits.nanoCpus,
      IpcMode: 'private',
      AutoRemove: false,
    },
  };
}

/** The run folder (staged project, HOME seed) as the observer sees it. */
export const OBSERVER_STAGE = '/run/stage';

/**
 * The observer: shares the target's HOME and /tmp (read-only) but not its process namespace or
 * network, so the file checkpoints it runs are invisible to the target and out of its reach.
 * Root with only DAC_READ_SEARCH: a directory the package made unreadable hides nothing.
 */
export function observerSpec(
  plan: Plan,
  volumes: PodVolumes,
  stageDir?: string,
): ContainerCreateOptions {
  return {
    name: `mcp-airlock-${plan.runId}-obs`,
    Image: plan.image,
    Cmd: [IMAGE_INIT],
    User: '0:0',
    Labels: runLabels(plan.runId, 'observer'),
    HostConfig: {
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      CapAdd: ['DAC_READ_SEARCH'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      // HOME writable for one thing: the staged project and the HOME seed are copied into it here
      // (as uid 1000), from the run folder, while the target starts (pod.ts).
      Mounts: [
        volumeMount(volumes.home, TARGET_HOME, false),
        volumeMount(volumes.tmp, '/tmp', true),
      ],
      ...(stageDir ? { Binds: [`${stageDir}:${OBSERVER_STAGE}:ro`] } : {}),
      Memory: 256 * 1024 * 1024,
      PidsLimit: 32,
      NanoCpus: 1_000_000_000,
      AutoRemove: false,
    },
  };
}

/** Options of a run volume: tmpfs owned by the target's user, created empty. */
export function volumeOptions(path: 'home' | 'tmp'): Record<string, string> {
  const size = path === 'home' ? '1536m' : '512m';
  const mode = path === 'home' ? '0755' : '1777';
  return {
    type: 'tmpfs',
    device: 'tmpfs',
    o: `size=${size},uid=1000,gid=1000,mode=${mode},nosuid,nodev`,
  };
}

function volumeMount(
  name: string,
  target: string,
  readOnly: boolean,
): NonNullable<NonNullable<ContainerCreateOptions['HostConfig']>['Mounts']>[number] {
  return {
    Type: 'volume',
    Source: name,
    Target: target,
    ReadOnly: readOnly,
    VolumeOptions: { NoCopy: true, Labels: {}, DriverConfig: { Name: 'local', Options: {} } },
  };
}

/** Environment the package sees in every exec: trust the run's CA everywhere it can be set. */
export function targetEnv(extra: Record<string, string>): string[] {
  const base: Record<string, string> = {
    HOME: TARGET_HOME,
    USER: 'dev',
    LOGNAME: 'dev',
    SHELL: '/bin/bash',
    LANG: 'en_US.UTF-8',
    PATH: `${TARGET_PROJECT}/node_modules/.bin:/usr/local/bin:/usr/bin:/bin`,
    NODE_EXTRA_CA_CERTS: TARGET_CA_BUNDLE,
    SSL_CERT_FILE: TARGET_CA_BUNDLE,
    REQUESTS_CA_BUNDLE: TARGET_CA_BUNDLE,
    CURL_CA_BUNDLE: TARGET_CA_BUNDLE,
    ...extra,
  };
  return Object.entries(base).map(([k, v]) => `${k}=${v}`);
}
