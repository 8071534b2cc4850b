// The four containers of an analysis Pod (stage, gateway, target, runner; the model is in
// pod-layout.ts), each locked down like its Docker counterpart. What the Docker pod fixes (the
// gateway's capabilities, command, limits and tmpfs sizes, the fetch container's limits, the
// target's environment) is read from sandbox/docker/pod-spec.ts and fetch-spec.ts, so the two
// engines cannot drift apart. Pure.
//
// Limits of the translation:
// - pids: a container has no pids limit in Kubernetes; the kubelet's --pod-max-pids (per node)
//   bounds the whole Pod. Without it a fork bomb is bounded by memory and CPU only.
// - The gateway's own /var/log tmpfs modes are set by a few lines run before gateway-init.sh
//   (an emptyDir starts root-owned 0777), along with taking the Pod off the cluster network.
// - A memory-backed emptyDir is sized by its sizeLimit (SizeMemoryBackedVolumes, on since 1.22)
//   and charged to the memory of whichever container writes it, as a Docker tmpfs is.
import {
  GATEWAY_LOG_DIR,
  GATEWAY_PCAP_DIR,
  TARGET_HOME,
  targetEnv,
} from '../../sandbox/docker/pod-spec.js';
import type { Plan } from '../domain/types.js';
import { dockerFetch, dockerGateway, MI } from './docker-parity.js';
import type { Container, EnvVar, Resources, SecurityContext, VolumeMount } from './k8s-types.js';
import {
  driveCommand,
  OUT_DIR,
  PLAN_DIR,
  RUNNER_CHANNEL,
  SCRATCH_DIR,
  STAGE_MOUNT,
  stageCommand,
  STATE_DIR,
  SUBPATH,
  TARGET_CHANNEL,
  TARGET_LAUNCHER,
} from './pod-layout.js';
import { VOLUME } from './pod-volumes.js';

/** The runner holds netsim's log and the capture while it reads them (160 + 64 MiB at most). */
const RUNNER_MEMORY_MIB = 1536;
/** The package's user (the Docker target's execs run as 1000:1000). */
export const TARGET_UID = 1000;
/** netsim's and the capture's users (Dockerfile.sandbox, gateway-init.sh). */
const NETSIM_UID = 990;
const PCAP_UID = 991;

function securityContext(uid: number, add?: string[]): SecurityContext {
  return {
    runAsNonRoot: uid !== 0,
    runAsUser: uid,
    runAsGroup: uid,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'], ...(add ? { add: [...add] } : {}) },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Requests equal to limits: the Pod is Guaranteed, and never gets less than Docker gives. */
function resources(memoryBytes: number, nanoCpus: number, ephemeralMiB: number): Resources {
  const q = {
    cpu: `${Math.max(1, Math.round(nanoCpus / 1e6))}m`,
    memory: `${Math.ceil(memoryBytes / MI)}Mi`,
    'ephemeral-storage': `${ephemeralMiB}Mi`,
  };
  return { limits: { ...q }, requests: { ...q } };
}

function mount(name: string, mountPath: string, readOnly: boolean, subPath?: string): VolumeMount {
  return { name, mountPath, readOnly, ...(subPath ? { subPath } : {}) };
}

function envVars(entries: string[]): EnvVar[] {
  return entries.map((e) => ({
    name: e.slice(0, e.indexOf('=')),
    value: e.slice(e.indexOf('=') + 1),
  }));
}

function head(name: string, image: string) {
  return { name, image, imagePullPolicy: 'IfNotPresent' as const };
}

/** No terminal, no stdin: nothing is attached to a container from outside. */
const TAIL = {
  stdin: false as const,
  tty: false as const,
  terminationMessagePolicy: 'FallbackToLogsOnError' as const,
};

/** Stage: fetch, plant, lay out HOME; uid 1000 with nothing, the Docker fetch container's limits. */
export function stageContainer(image: string, registry: string): Container {
  const fetch = dockerFetch(image, registry);
  return {
    ...head('stage', image),
    command: stageCommand(registry),
    env: envVars([`HOME=${SCRATCH_DIR}`, `TMPDIR=${SCRATCH_DIR}`]),
    securityContext: securityContext(TARGET_UID),
    resources: resources(fetch.memory, fetch.nanoCpus, 64),
    volumeMounts: [
      mount(VOLUME.plan, PLAN_DIR, true),
      mount(VOLUME.state, STATE_DIR, false),
      mount(VOLUME.stageScratch, SCRATCH_DIR, false),
      mount(VOLUME.home, `${STAGE_MOUNT}/home`, false),
      mount(VOLUME.tmp, `${STAGE_MOUNT}/tmp`, false),
      mount(VOLUME.channel, `${STAGE_MOUNT}/channel`, false),
      // The cluster's resolver, for the fetch only: the Pod's own resolv.conf names the fake one.
      mount(VOLUME.stageResolv, '/etc/resolv.conf', true, 'resolv.conf'),
    ],
    ...TAIL,
  };
}

/**
 * What the gateway runs before gateway-init.sh, as root: every link but lo down (the Docker
 * gateway starts with `NetworkMode: none`; a Pod starts on the cluster network, and a link that
 * is down has no routes), then the log folders' owners and modes as the Docker tmpfs has them
 * (the runner reads them through the target's group, which the target never mounts).
 */
export function gatewayPrelude(initCmd: string[]): string {
  return [
    'set -eu',
    'for l in /sys/class/net/*; do n=${l##*/}; [ "$n" = lo ] || ip link set dev "$n" down; done',
    `chown ${NETSIM_UID}:${TARGET_UID} ${GATEWAY_LOG_DIR} && chmod 0750 ${GATEWAY_LOG_DIR}`,
    `chown ${PCAP_UID}:${TARGET_UID} ${GATEWAY_PCAP_DIR} && chmod 0750 ${GATEWAY_PCAP_DIR}`,
    'chmod 0755 /run && chmod 1777 /tmp',
    `exec ${initCmd.join(' ')}`,
  ].join('\n');
}

/**
 * The gateway: root with exactly the Docker gateway's capabilities (for gateway-init.sh; netsim
 * and tcpdump drop them), a sidecar whose startup probe holds back the target until netsim has
 * written its ready event.
 */
export function gatewayContainer(plan: Plan, image: string): Container {
  const gw = dockerGateway(plan);
  const ephemeral = 16;
  return {
    ...head('gateway', image),
    command: ['/bin/sh', '-c', gatewayPrelude(gw.cmd)],
    env: [],
    securityContext: securityContext(0, gw.caps),
    resources: resources(gw.memory, gw.nanoCpus, ephemeral),
    volumeMounts: [
      mount(VOLUME.netsimLog, GATEWAY_LOG_DIR, false),
      mount(VOLUME.pcap, GATEWAY_PCAP_DIR, false),
      mount(VOLUME.gatewayRun, '/run', false),
      mount(VOLUME.gatewayTmp, '/tmp', false),
      mount(VOLUME.gatewayConf, '/run/airlock', true),
    ],
    restartPolicy: 'Always',
    startupProbe: {
      // netsim serving and the rules and capture in place (gateway-init.sh sets them up while
      // netsim boots).
      exec: {
        command: [
          '/bin/sh',
          '-c',
          `test -e /run/gateway-rules-ready && /bin/grep -q '^{"type":"ready"' ${GATEWAY_LOG_DIR}/events.jsonl`,
        ],
      },
      periodSeconds: 1,
      failureThreshold: 60,
      timeoutSeconds: 5,
    },
    ...TAIL,
  };
}

/** The target: uid 1000 from its first process, nothing added, the plan's limits. */
export function targetContainer(plan: Plan, image: string): Container {
  return {
    ...head('target', image),
    command: [...TARGET_LAUNCHER],
    workingDir: TARGET_HOME,
    env: envVars(targetEnv(plan.serverEnv)),
    securityContext: securityContext(TARGET_UID),
    // Above the kubelet's default log rotation (5 x 10 MiB), so the log alone cannot get the Pod
    // evicted; the launcher's own output goes to /dev/null (pod-layout.ts).
    resources: resources(plan.limits.memoryBytes, plan.limits.nanoCpus, 128),
    volumeMounts: [
      mount(VOLUME.home, TARGET_HOME, false, SUBPATH.home),
      mount(VOLUME.tmp, '/tmp', false, SUBPATH.tmp),
      mount(VOLUME.channel, TARGET_CHANNEL, false, SUBPATH.channel),
      mount(VOLUME.targetHosts, '/etc/hosts', true, 'hosts'),
    ],
    restartPolicy: 'Always',
    ...TAIL,
  };
}

/**
 * The runner: the harness and the collector, uid 1000 with nothing (it reads what the package
 * left in HOME and /tmp as its owner would, and netsim's logs through the group). The target's
 * HOME and /tmp are read-only here and at the same paths as in the target.
 */
export function runnerContainer(image: string): Container {
  return {
    ...head('runner', image),
    command: driveCommand(),
    env: envVars([`HOME=${SCRATCH_DIR}`, `TMPDIR=${SCRATCH_DIR}`]),
    securityContext: securityContext(TARGET_UID),
    resources: resources(RUNNER_MEMORY_MIB * MI, 1e9, 256),
    volumeMounts: [
      mount(VOLUME.plan, PLAN_DIR, true),
      mount(VOLUME.state, STATE_DIR, true),
      mount(VOLUME.out, OUT_DIR, false),
      mount(VOLUME.runnerScratch, SCRATCH_DIR, false),
      mount(VOLUME.home, TARGET_HOME, true, SUBPATH.home),
      mount(VOLUME.tmp, '/tmp', true, SUBPATH.tmp),
      mount(VOLUME.channel, RUNNER_CHANNEL, false, SUBPATH.channel),
      mount(VOLUME.netsimLog, GATEWAY_LOG_DIR, true),
      mount(VOLUME.pcap, GATEWAY_PCAP_DIR, true),
    ],
    ...TAIL,
  };
}
