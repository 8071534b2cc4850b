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
  /** System CA bundle plus the run's CA, mounted over the target's system bundle. */
  caBundle: string;
  /** HOME seed (planted dotfiles), copied into the target's HOME before install. */
  homeSeedDir: string;
}

export const TARGET_HOME = '/home/dev';
export const TARGET_PROJECT = '/home/dev/project';
// Where the read-only sources are mounted: named like ordinary system folders, not like a sandbox.
export const TARGET_PROJECT_SOURCE = '/usr/local/src/workspace';
export const TARGET_HOME_SEED = '/usr/local/share/skel-dev';
export const TARGET_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
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

export function gatewaySpec(plan: Plan, mounts: PodMounts): ContainerCreateOptions {
  return {
    name: `mcp-airlock-${plan.runId}-gw`,
    Image: plan.image,
    Cmd: ['/opt/netsim/gateway-init.sh'],
    Hostname: POD_HOSTNAME,
    Labels: runLabels(plan.runId, 'gateway'),
    Env: ['NETSIM_CONFIG=/run/airlock/netsim.json'],
    HostConfig: {
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      CapAdd: ['NET_ADMIN', 'NET_RAW', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'CHOWN', 'FOWNER'],
      SecurityOpt: ['no-new-privileges'],
      Sysctls: {
        'net.ipv6.conf.all.disable_ipv6': '0',
        'net.ipv6.conf.default.disable_ipv6': '0',
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
): ContainerCreateOptions {
  const tmpfsOpts = 'rw,exec,nosuid,nodev';
  return {
    name: `mcp-airlock-${plan.runId}-target`,
    Image: plan.image,
    // PID 1 only waits; install and server run as execs in this container's PID namespace.
    Cmd: ['sleep', 'infinity'],
    User: '1000:1000',
    WorkingDir: TARGET_HOME,
    Labels: runLabels(plan.runId, 'target'),
    Env: [`HOME=${TARGET_HOME}`, 'USER=dev', 'LOGNAME=dev', 'SHELL=/bin/bash', 'LANG=en_US.UTF-8'],
    OpenStdin: false,
    HostConfig: {
      NetworkMode: `container:${gatewayId}`,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Init: true,
      Tmpfs: {
        [TARGET_HOME]: `${tmpfsOpts},size=1536m,uid=1000,gid=1000,mode=0755`,
        '/tmp': `${tmpfsOpts},size=512m,mode=1777`,
      },
      Binds: [
        `${mounts.projectDir}:${TARGET_PROJECT_SOURCE}:ro`,
        `${mounts.caBundle}:${TARGET_CA_BUNDLE}:ro`,
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
