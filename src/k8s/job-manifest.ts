// One analysis as one Kubernetes Job: a `batch/v1` Job whose single Pod holds the stage, the
// gateway and the target (init containers, the last two sidecars) and the runner, all sharing
// the Pod's network namespace as the Docker gateway and target do; and the Job's Secret (the
// plan, netsim's config with the run's address key, the target's hosts file, the stage's
// resolver). Built from the same Plan as the Docker pod, with the same isolation; the model and
// paths are in pod-layout.ts. Pure: tested as data (no cluster is needed or reached).
//
// Needs Kubernetes 1.29+ (sidecar init containers). Limits, and what differs from Docker:
// - The gateway needs root with NET_ADMIN and NET_RAW (and the few others Docker gives it): the
//   namespace cannot enforce the `baseline` or `restricted` Pod Security levels.
// - Kubernetes marks a Pod in ways the target can read and we cannot remove: its process 1's
//   environment holds KUBERNETES_SERVICE_HOST (added even with enableServiceLinks off), and its
//   mount table names the kubelet's folders. The launcher gives install and server only the
//   plan's environment; /etc/hosts is replaced; the hostname is the Docker pod's.
// - The runner reads the target's files as uid 1000: a file the package made unreadable to its
//   own user is listed but not read (the Docker observer reads past permissions).
// - The containers of a Pod share its IPC namespace (Docker gives the target a private one);
//   none of ours uses System V IPC or POSIX message queues, so the target finds nothing there.
// - The target's process 1 runs as the package's user (Docker's is a root reaper out of its
//   reach): the package can signal or trace the launcher; what the launcher says is hostile.
// - No process trace: forkstat runs on a Docker host, and here there is none to run it on.
import { DEFAULT_NETSIM_CONFIG } from '../../sandbox/netsim/config.js';
import { POD_HOSTNAME } from '../../sandbox/docker/pod-spec.js';
import { AnalyzerError } from '../domain/errors.js';
import type { Plan } from '../domain/types.js';
import { describeTarget } from '../plan/target-spec.js';
import type { Job, Secret } from './k8s-types.js';
import { annotationValue, jobName, labelValue } from './k8s-names.js';
import {
  gatewayContainer,
  runnerContainer,
  stageContainer,
  targetContainer,
} from './pod-containers.js';
import { OUT_DIR, POD_RESOLVER, TARGET_HOSTS } from './pod-layout.js';
import { podVolumes, SECRET_KEY } from './pod-volumes.js';

export const LABEL_APP = 'app.kubernetes.io/name';
export const APP = 'mcp-airlock';
export const LABEL_RUN = 'mcp-airlock.run';
export const ANNOTATION_SLUG = 'mcp-airlock.slug';
export const ANNOTATION_TARGET = 'mcp-airlock.target';

export interface JobOptions {
  /** The sandbox image as the cluster pulls it (gateway and target). */
  image: string;
  /** The image with the analyzer (stage and runner); default `image`. */
  runnerImage?: string;
  namespace?: string;
  /** The target's name in the batch (its report folder); names the Job. */
  slug: string;
  /** The registry the stage fetches from. */
  registry?: string;
  /** The cluster's DNS service address, for the stage's fetch only. */
  clusterDns?: string;
  /** Secret with the installation's CA (ca.key, ca.pem), made once per namespace. */
  caSecret?: string;
  /** e.g. `kata`: a VM per Pod. Recommended; see the README. */
  runtimeClassName?: string;
  /** How long a finished Job (and its log, the report) is kept. */
  ttlSecondsAfterFinished?: number;
  /** Ask for IPv6 in the Pod (unsafe sysctls the kubelet must allow); for runtimes that turn
   * it off, as Docker does, where gateway-init.sh would fail on its IPv6 route. */
  ipv6Sysctls?: boolean;
}

export const K8S_DEFAULTS = {
  namespace: 'mcp-airlock',
  registry: 'https://registry.npmjs.org/',
  clusterDns: '10.96.0.10',
  caSecret: 'mcp-airlock-ca',
  ttlSecondsAfterFinished: 24 * 3600,
} as const;

/**
 * The two images of a Job as the cluster pulls them: the sandbox image (gateway, target) and
 * the runner image built on it (stage, runner; scripts/build-runner-image.sh), same tag, under
 * `prefix` (a registry path ending in `/`, or nothing for a node that has them loaded).
 */
export function clusterImages(
  sandboxImage: string,
  prefix = '',
): { image: string; runnerImage: string } {
  const tag = sandboxImage.slice(sandboxImage.lastIndexOf(':') + 1);
  return {
    image: `${prefix}mcp-airlock-sandbox:${tag}`,
    runnerImage: `${prefix}mcp-airlock-runner:${tag}`,
  };
}

/** Time on top of the plan's budget: the stage's fetch (the Docker fetch's own timeout),
 * the gateway's start-up, and writing the report. */
const STAGE_SECONDS = 600;
const GATEWAY_SECONDS = 60;
const REPORT_SECONDS = 120;

/** The Job's deadline: the plan's whole budget plus fetch, start-up and report. */
export function deadlineSeconds(plan: Plan): number {
  return Math.ceil(plan.limits.totalMs / 1000) + STAGE_SECONDS + GATEWAY_SECONDS + REPORT_SECONDS;
}

function labels(plan: Plan): Record<string, string> {
  return { [LABEL_APP]: APP, [LABEL_RUN]: labelValue(plan.runId) };
}

/** The plan as the runner reads it: the cluster's image, reports in the Pod. npm specs only. */
export function podPlan(plan: Plan, image: string): Plan {
  if (plan.target.kind !== 'npm')
    throw new AnalyzerError(
      'bad-args',
      `a cluster fetches from the registry only; ${describeTarget(plan.target)} is a local path`,
    );
  return {
    ...plan,
    image,
    outDir: OUT_DIR,
    jsonPath: `${OUT_DIR}/report.json`,
    htmlPath: `${OUT_DIR}/report.html`,
    ...(plan.sarifPath ? { sarifPath: `${OUT_DIR}/report.sarif` } : {}),
  };
}

/** The Job of one analysis. */
export function jobManifest(plan: Plan, opts: JobOptions): Job {
  podPlan(plan, opts.image); // throws for a local path
  const name = jobName(opts.slug, plan.runId);
  const runnerImage = opts.runnerImage ?? opts.image;
  const deadline = deadlineSeconds(plan);
  const annotations = {
    [ANNOTATION_SLUG]: annotationValue(opts.slug),
    [ANNOTATION_TARGET]: annotationValue(describeTarget(plan.target)),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: opts.namespace ?? K8S_DEFAULTS.namespace,
      labels: labels(plan),
      annotations,
    },
    spec: {
      // A failed analysis is a result (or our failure), never retried: a retry runs the
      // package again.
      backoffLimit: 0,
      completions: 1,
      parallelism: 1,
      activeDeadlineSeconds: deadline,
      ttlSecondsAfterFinished: opts.ttlSecondsAfterFinished ?? K8S_DEFAULTS.ttlSecondsAfterFinished,
      template: {
        metadata: {
          labels: labels(plan),
          annotations: { ...annotations, 'kubectl.kubernetes.io/default-container': 'runner' },
        },
        spec: {
          restartPolicy: 'Never',
          activeDeadlineSeconds: deadline,
          terminationGracePeriodSeconds: 5,
          hostname: POD_HOSTNAME,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          hostNetwork: false,
          hostPID: false,
          hostIPC: false,
          shareProcessNamespace: false,
          // The fake network's resolver only, no search domains (a cluster's would name it,
          // and would send every short name to netsim with a cluster suffix first).
          dnsPolicy: 'None',
          dnsConfig: { nameservers: [POD_RESOLVER], searches: [], options: [] },
          securityContext: {
            seccompProfile: { type: 'RuntimeDefault' },
            ...(opts.ipv6Sysctls
              ? {
                  sysctls: [
                    { name: 'net.ipv6.conf.all.disable_ipv6', value: '0' },
                    { name: 'net.ipv6.conf.default.disable_ipv6', value: '0' },
                  ],
                }
              : {}),
          },
          ...(opts.runtimeClassName ? { runtimeClassName: opts.runtimeClassName } : {}),
          initContainers: [
            stageContainer(runnerImage, opts.registry ?? K8S_DEFAULTS.registry),
            gatewayContainer(plan, opts.image),
            targetContainer(plan, opts.image),
          ],
          containers: [runnerContainer(runnerImage)],
          volumes: podVolumes(plan, name, opts.caSecret ?? K8S_DEFAULTS.caSecret),
        },
      },
    },
  };
}

/**
 * The Job's Secret. `addressKey` keys netsim's fake addresses (random per run, as the Docker
 * pod's). Not owned by the Job (its uid is not known before it exists), so the TTL does not
 * remove it: delete Secrets by the run label.
 */
export function runSecretManifest(plan: Plan, opts: JobOptions, addressKey: string): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: jobName(opts.slug, plan.runId),
      namespace: opts.namespace ?? K8S_DEFAULTS.namespace,
      labels: labels(plan),
    },
    type: 'Opaque',
    stringData: {
      [SECRET_KEY.plan]: JSON.stringify(podPlan(plan, opts.image)),
      [SECRET_KEY.netsim]: JSON.stringify({ ...DEFAULT_NETSIM_CONFIG, addressKey }),
      [SECRET_KEY.hosts]: TARGET_HOSTS,
      [SECRET_KEY.resolv]: `nameserver ${opts.clusterDns ?? K8S_DEFAULTS.clusterDns}\n`,
    },
  };
}
