// The layout of an analysis Pod on Kubernetes: the paths, commands and markers that the
// manifests (job-manifest.ts) and the in-pod programs must agree on. The programs themselves
// (`mcp-airlock pod-run stage`, `mcp-airlock pod-run drive` and the target's launcher) are the
// CLI's; this file is their contract.
//
// The model, since a cluster has no host to `docker exec` from:
// - stage (init container, runs once, first): fetches the target from the registry exactly as
//   the local fetch does (npm with scripts off, through the registry-only proxy, now inside the
//   stage), makes the canaries, writes HOME (seed + project) and the target's /tmp and channel
//   folders into the shared volumes, and the run's state (canary set, manifest, fetch
//   observations) into a volume only the runner reads. The only container that ever has the
//   cluster network: it runs before the gateway takes the Pod off it. A package its own
//   dependencies keep from installing is a result, not a failure: the stage records it and
//   exits 0, and the runner writes the not-installed report.
// - gateway (sidecar): takes every link but lo down, then gateway-init.sh as in Docker; its
//   startup probe passes only once netsim is serving, and nothing after it starts before that.
// - target (sidecar): uid 1000 from its first process. Its process 1 is a launcher
//   (sandbox/image/launch.ts) that starts install and server as the runner asks over a unix
//   socket in the channel folder, each with exactly the environment it is given (canaries
//   included), and ends every other process of the container when told (kill(-1) as process 1:
//   the Docker pod's restartTarget, without a restart).
//   It runs as the package's user, so what it says is hostile data, like the server's output;
//   its own stdout and stderr are /dev/null, so the package cannot write the container's log
//   through /proc/1/fd (nothing reads that log, and filling it would evict the Pod), and its
//   environment is empty (the kubelet's variables would give the Pod away in /proc/1/environ).
// - runner (the one main container): `pod-run drive`, the harness and the collection: speaks MCP
//   over the channel, takes file checkpoints of HOME and /tmp (mounted read-only), reads netsim's
//   log and capture (read-only), writes report.json, and prints it to its log between markers
//   (gzip + base64; report-log.ts). When it exits the Job is complete and the sidecars stop.
//   The target's files are read without following links: a link the package leaves in HOME
//   resolves in the runner's own file system, where the plan and the reports are.
import { IMAGE_NODE } from '../../sandbox/docker/pod-spec.js';

/** The analyzer's CLI in the runner image. */
export const AIRLOCK_CLI = '/opt/mcp-airlock/bin/mcp-airlock.js';
/** The plan (plan.json, from the Job's Secret), in the stage and the runner only. */
export const PLAN_DIR = '/etc/mcp-airlock';
export const PLAN_FILE = `${PLAN_DIR}/plan.json`;
/** What the stage hands the runner (canary set, staged manifest): never in the target. */
export const STATE_DIR = '/var/lib/mcp-airlock/state';
/** The runner's reports (report.json, report.html, report.sarif). */
export const OUT_DIR = '/var/lib/mcp-airlock/out';
/** Writable scratch (TMPDIR and HOME) of the stage and the runner. */
export const SCRATCH_DIR = '/var/tmp';
/** Where the stage sees the whole shared volumes (it makes their subfolders). */
export const STAGE_MOUNT = '/mnt/pod';
/** The channel (the launcher's socket) as the target sees it: named like a login session's
 * runtime folder. */
export const TARGET_CHANNEL = '/run/user/1000';
/** The channel as the runner sees it. */
export const RUNNER_CHANNEL = '/run/channel';
/** Where the launcher sits in the sandbox image (under a neutral name, like /sbin/init). */
export const LAUNCHER_SCRIPT = '/usr/local/lib/node-session/launch.js';
/** The launcher's unix socket, in the channel folder (as the target and the runner see it). */
export const LAUNCHER_SOCKET_NAME = 'bus';
export const TARGET_LAUNCHER_SOCKET = `${TARGET_CHANNEL}/${LAUNCHER_SOCKET_NAME}`;
export const RUNNER_LAUNCHER_SOCKET = `${RUNNER_CHANNEL}/${LAUNCHER_SOCKET_NAME}`;
/**
 * The target's process 1: the launcher with its own stdio on /dev/null (the package cannot
 * write the container's log through /proc/1/fd).
 */
export const TARGET_LAUNCHER = [
  '/bin/sh',
  '-c',
  `exec env -i ${IMAGE_NODE} ${LAUNCHER_SCRIPT} </dev/null >/dev/null 2>&1`,
];

/**
 * The subfolders of the shared volumes that the target and the runner mount: made by the stage
 * as uid 1000 with the modes the Docker pod's tmpfs has (HOME 0755, /tmp 1777, the channel 0700),
 * where the volume's own root is root-owned 0777.
 */
export const SUBPATH = { home: 'dev', tmp: 'tmp', channel: 'run' } as const;

/**
 * The Pod's resolver: the default gateway of the fake network (gateway-init.sh), like a home
 * router. Nothing answers there; gateway-init.sh sends DNS for it to netsim's resolver port,
 * as it does with whatever resolver the Docker pod inherits from the host.
 */
export const POD_RESOLVER = '192.168.64.1';

/** /etc/hosts of the target, as a laptop has it (instead of the kubelet's, which says so). */
export const TARGET_HOSTS = [
  '127.0.0.1\tlocalhost',
  '127.0.1.1\tdev-laptop',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
  '',
].join('\n');

/** Lines around the report in the runner's log (see report-log.ts). */
export const REPORT_BEGIN = '-----BEGIN MCP-AIRLOCK REPORT-----';
export const REPORT_END = '-----END MCP-AIRLOCK REPORT-----';

/** The stage's command. */
export function stageCommand(registry: string): string[] {
  return [IMAGE_NODE, AIRLOCK_CLI, 'pod-run', 'stage', '--plan', PLAN_FILE, '--registry', registry];
}

/** The runner's command. */
export function driveCommand(): string[] {
  return [IMAGE_NODE, AIRLOCK_CLI, 'pod-run', 'drive', '--plan', PLAN_FILE, '--out', OUT_DIR];
}
