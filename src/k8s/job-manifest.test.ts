import { describe, expect, it } from 'vitest';
import { gatewaySpec, targetEnv, TARGET_HOME } from '../../sandbox/docker/pod-spec.js';
import type { Plan } from '../domain/types.js';
import { makePlan, type PlanInput } from '../plan/make-plan.js';
import {
  deadlineSeconds,
  jobManifest,
  type JobOptions,
  LABEL_APP,
  LABEL_RUN,
  podPlan,
  runSecretManifest,
} from './job-manifest.js';
import type { Container, Job } from './k8s-types.js';
import { DNS1123_LABEL, LABEL_VALUE } from './k8s-names.js';
import { denyAllPolicy, fetchEgressPolicy, namespaceManifests } from './network-policy.js';
import { POD_RESOLVER, TARGET_LAUNCHER } from './pod-layout.js';
import { VOLUME } from './pod-volumes.js';

function plan(over: Partial<PlanInput> = {}): Plan {
  return makePlan({
    runId: 'ab12cd34',
    seed: 7,
    target: { kind: 'npm', spec: '@scope/server@1.2.3' },
    serverArgs: ['--stdio'],
    env: ['API_URL=https://api.example', 'MODE=yes'],
    allowEgress: [],
    failOn: 'high',
    timeoutSeconds: 300,
    callTimeoutSeconds: 20,
    rounds: 4,
    outDir: '/tmp/airlock-out',
    image: 'mcp-airlock-sandbox:local',
    ...over,
  });
}

const OPTS: JobOptions = {
  image: 'registry.example/mcp-airlock-sandbox:1',
  slug: '@scope/server@1.2.3',
};
const sample = plan();
const job = jobManifest(sample, OPTS);
const pod = job.spec.template.spec;
const all = (j: Job): Container[] => [
  ...j.spec.template.spec.initContainers,
  ...j.spec.template.spec.containers,
];
const named = (name: string): Container => {
  const c = all(job).find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
};

/** Every [key, value] pair anywhere in `value`, with its path. */
function walk(value: unknown, path = ''): [string, string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => walk(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      [path, k, v] as [string, string, unknown],
      ...walk(v, `${path}.${k}`),
    ]);
  return [];
}

describe('jobManifest: the Job', () => {
  it('runs once, never retried, bounded in time and kept a while', () => {
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.kind).toBe('Job');
    expect(job.spec.backoffLimit).toBe(0);
    expect(pod.restartPolicy).toBe('Never');
    expect(job.spec.activeDeadlineSeconds).toBe(deadlineSeconds(sample));
    expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(sample.limits.totalMs / 1000);
    expect(pod.activeDeadlineSeconds).toBe(job.spec.activeDeadlineSeconds);
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
  });

  it('shares nothing with the node or the cluster', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.hostNetwork).toBe(false);
    expect(pod.hostPID).toBe(false);
    expect(pod.hostIPC).toBe(false);
    expect(pod.shareProcessNamespace).toBe(false);
    const keys = walk(job).map(([, k]) => k);
    for (const k of ['hostPath', 'hostPort', 'hostAliases', 'hostUsers', 'nodeName'])
      expect(keys, k).not.toContain(k);
    for (const v of pod.volumes) {
      const kinds = Object.keys(v).filter((k) => k !== 'name');
      expect(kinds.length, v.name).toBe(1);
      expect(['emptyDir', 'secret', 'projected'], v.name).toContain(kinds[0]);
      if ('emptyDir' in v) {
        expect(v.emptyDir.medium).toBe('Memory');
        expect(v.emptyDir.sizeLimit).toMatch(/^\d+Mi$/);
      }
      if ('projected' in v)
        for (const s of v.projected.sources) expect(Object.keys(s)).toEqual(['secret']);
    }
  });

  it('resolves through the fake network only, with no search domains', () => {
    expect(pod.dnsPolicy).toBe('None');
    expect(pod.dnsConfig).toEqual({ nameservers: [POD_RESOLVER], searches: [], options: [] });
    expect(pod.hostname).toBe(gatewaySpec(sample, { gatewayDir: '' }).Hostname);
  });

  it('labels the Job and Pod with the app and the run, and names it from the slug', () => {
    for (const labels of [job.metadata.labels, job.spec.template.metadata.labels])
      expect(labels).toEqual({ [LABEL_APP]: 'mcp-airlock', [LABEL_RUN]: 'ab12cd34' });
    expect(job.metadata.annotations?.['mcp-airlock.slug']).toBe('@scope/server@1.2.3');
    expect(job.metadata.name).toMatch(DNS1123_LABEL);
    expect(job.metadata.name).toMatch(/^mcp-airlock-scope-server-1-2-3-[0-9a-f]{8}$/);
    expect(job.metadata.namespace).toBe('mcp-airlock');
  });

  it('has the stage first, gateway and target as sidecars, and the runner as the only container', () => {
    expect(pod.initContainers.map((c) => [c.name, c.restartPolicy])).toEqual([
      ['stage', undefined],
      ['gateway', 'Always'],
      ['target', 'Always'],
    ]);
    expect(pod.containers.map((c) => c.name)).toEqual(['runner']);
    expect(named('gateway').startupProbe?.exec.command.join(' ')).toContain('events.jsonl');
  });
});

describe('jobManifest: every container', () => {
  it.each(all(job).map((c) => [c.name, c] as const))('%s is locked down', (_, c) => {
    const sc = c.securityContext;
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.privileged).toBe(false);
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(sc.capabilities.drop).toEqual(['ALL']);
    expect(sc.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(c.stdin).toBe(false);
    expect(c.tty).toBe(false);
    for (const kind of ['limits', 'requests'] as const) {
      expect(c.resources[kind].cpu).toMatch(/^[1-9]\d*m$/);
      expect(c.resources[kind].memory).toMatch(/^[1-9]\d*Mi$/);
    }
    expect(c.name).toMatch(DNS1123_LABEL);
    for (const m of c.volumeMounts) expect(pod.volumes.map((v) => v.name)).toContain(m.name);
  });

  it('nothing anywhere is privileged or may gain privileges', () => {
    for (const [path, k, v] of walk(job)) {
      if (k === 'privileged') expect(v, path).toBe(false);
      if (k === 'allowPrivilegeEscalation') expect(v, path).toBe(false);
    }
  });

  it('only the gateway runs as root, with exactly the Docker gateway capabilities', () => {
    const dockerCaps = gatewaySpec(sample, { gatewayDir: '' }).HostConfig?.CapAdd;
    expect(named('gateway').securityContext.capabilities.add).toEqual(dockerCaps);
    expect(dockerCaps).toContain('NET_ADMIN');
    for (const c of all(job).filter((x) => x.name !== 'gateway')) {
      expect(c.securityContext.capabilities.add, c.name).toBeUndefined();
      expect(c.securityContext.runAsNonRoot, c.name).toBe(true);
      expect(c.securityContext.runAsUser, c.name).not.toBe(0);
      expect(c.securityContext.runAsGroup, c.name).not.toBe(0);
    }
  });
});

describe('jobManifest: the target', () => {
  const target = named('target');

  it('runs as uid 1000 from its first process, with nothing added', () => {
    expect(target.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(target.command).toEqual(TARGET_LAUNCHER);
    expect(target.workingDir).toBe(TARGET_HOME);
  });

  it('has the Docker target environment: the pod variables and the plan serverEnv', () => {
    expect(target.env.map((e) => `${e.name}=${e.value}`)).toEqual(targetEnv(sample.serverEnv));
    expect(target.env).toContainEqual({ name: 'API_URL', value: 'https://api.example' });
  });

  it('gets the plan memory and CPU as limits', () => {
    const p = plan();
    p.limits = { ...p.limits, memoryBytes: 512 * 1024 * 1024, nanoCpus: 1_500_000_000 };
    const t = all(jobManifest(p, OPTS)).find((c) => c.name === 'target');
    expect(t?.resources.limits).toMatchObject({ cpu: '1500m', memory: '512Mi' });
  });

  it('writes HOME, /tmp and its channel only, and sees no plan, state, log or CA key', () => {
    expect(target.volumeMounts.filter((m) => !m.readOnly).map((m) => m.mountPath)).toEqual([
      TARGET_HOME,
      '/tmp',
      '/run/user/1000',
    ]);
    const secretFor = [
      'plan',
      'state',
      'out',
      'netsim-log',
      'pcap',
      'gateway-conf',
      'stage-resolv',
    ];
    for (const v of secretFor) expect(target.volumeMounts.map((m) => m.name)).not.toContain(v);
    const holders = all(job).filter((c) =>
      c.volumeMounts.some((m) => m.name === VOLUME.gatewayConf),
    );
    expect(holders.map((c) => c.name)).toEqual(['gateway']);
  });

  it('is read by the runner at the same paths, read-only', () => {
    const runner = named('runner');
    for (const path of [TARGET_HOME, '/tmp', '/var/log/netsim', '/var/log/pcap'])
      expect(runner.volumeMounts.find((m) => m.mountPath === path)?.readOnly, path).toBe(true);
  });
});

describe('jobManifest: names from hostile slugs', () => {
  const slugs = [
    '💣パッケージ',
    'a'.repeat(300),
    '../../etc/passwd',
    '',
    '---',
    'UPPER_case.Name',
    '.',
  ];
  it.each(slugs.map((s) => [s.slice(0, 20), s]))(
    '%s gives a valid, distinct Job name',
    (_, slug) => {
      const j = jobManifest(sample, { ...OPTS, slug });
      expect(j.metadata.name).toMatch(DNS1123_LABEL);
      expect(j.metadata.name.length).toBeLessThanOrEqual(63);
      expect(runSecretManifest(sample, { ...OPTS, slug }, 'k').metadata.name).toBe(j.metadata.name);
    },
  );
  it('never gives two slugs, or two runs of one slug, the same name', () => {
    const names = slugs.map((slug) => jobManifest(sample, { ...OPTS, slug }).metadata.name);
    expect(new Set(names).size).toBe(slugs.length);
    const again = jobManifest(plan({ runId: 'ffff0000' }), OPTS).metadata.name;
    expect(again).not.toBe(job.metadata.name);
  });
  it('turns a hostile run id into a valid label value', () => {
    const j = jobManifest(plan({ runId: 'run id/../..é'.repeat(10) }), OPTS);
    expect(j.metadata.labels?.[LABEL_RUN]).toMatch(LABEL_VALUE);
    expect(j.metadata.labels?.[LABEL_RUN]?.length).toBeLessThanOrEqual(63);
  });
});

describe('jobManifest: options and the Secret', () => {
  it('takes a runtime class and IPv6 sysctls only when asked', () => {
    expect(pod.runtimeClassName).toBeUndefined();
    expect(pod.securityContext.sysctls).toBeUndefined();
    const j = jobManifest(sample, { ...OPTS, runtimeClassName: 'kata', ipv6Sysctls: true });
    expect(j.spec.template.spec.runtimeClassName).toBe('kata');
    expect(j.spec.template.spec.securityContext.sysctls?.map((s) => s.name)).toEqual([
      'net.ipv6.conf.all.disable_ipv6',
      'net.ipv6.conf.default.disable_ipv6',
    ]);
  });

  it('refuses a local folder or tarball: a cluster fetches from the registry', () => {
    const local = plan({ target: { kind: 'folder', path: '/home/me/server' } });
    expect(() => jobManifest(local, OPTS)).toThrow(/registry only/);
    expect(() => runSecretManifest(local, OPTS, 'k')).toThrow(/registry only/);
  });

  it('carries the plan with the cluster image and in-Pod report paths, and the run address key', () => {
    const secret = runSecretManifest(sample, OPTS, 'ab'.repeat(16));
    const inPod = JSON.parse(secret.stringData['plan.json'] ?? '') as Plan;
    expect(inPod).toEqual(podPlan(sample, OPTS.image));
    expect(inPod.image).toBe(OPTS.image);
    expect(inPod.jsonPath).toBe('/var/lib/mcp-airlock/out/report.json');
    expect(inPod.serverEnv).toEqual(sample.serverEnv);
    expect(JSON.parse(secret.stringData['netsim.json'] ?? '')).toMatchObject({
      addressKey: 'ab'.repeat(16),
    });
    expect(secret.stringData['hosts']).not.toMatch(/kubernetes/i);
    expect(secret.metadata.labels).toEqual(job.metadata.labels);
  });
});

describe('network policies', () => {
  it('deny every ingress and egress of the analysis Pods', () => {
    const p = denyAllPolicy('mcp-airlock');
    expect(p.spec.podSelector).toEqual({ matchLabels: { [LABEL_APP]: 'mcp-airlock' } });
    expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(p.spec.ingress).toEqual([]);
    expect(p.spec.egress).toEqual([]);
  });

  it('let the stage reach DNS and public HTTPS only, and nothing reach the Pod', () => {
    const p = fetchEgressPolicy('mcp-airlock', {});
    expect(p.spec.policyTypes).toEqual(['Egress']);
    expect(p.spec.ingress).toBeUndefined();
    const ports = p.spec.egress?.map((r) => r.ports);
    expect(ports).toEqual([
      [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
      [{ protocol: 'TCP', port: 443 }],
    ]);
    const blocks = (p.spec.egress?.[1]?.to ?? []).map((peer) =>
      'ipBlock' in peer ? peer.ipBlock : undefined,
    );
    for (const cidr of [
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '169.254.0.0/16',
      '127.0.0.0/8',
    ])
      expect(blocks[0]?.except, cidr).toContain(cidr);
    for (const cidr of ['fc00::/7', 'fe80::/10', '::1/128'])
      expect(blocks[1]?.except, cidr).toContain(cidr);
  });

  it('fetch from a mirror instead when given one', () => {
    const mirror = {
      to: [{ podSelector: { matchLabels: { app: 'npm-mirror' } } }],
      ports: [{ protocol: 'TCP' as const, port: 4873 }],
    };
    expect(fetchEgressPolicy('ns', { registryEgress: mirror }).spec.egress?.[1]).toEqual(mirror);
  });

  it('come after their namespace, which allows the gateway its capabilities', () => {
    const m = namespaceManifests({ namespace: 'scans' });
    expect(m.map((x) => `${x.kind}/${x.metadata.name}`)).toEqual([
      'Namespace/scans',
      'NetworkPolicy/mcp-airlock-deny-all',
      'NetworkPolicy/mcp-airlock-fetch',
    ]);
    expect(m[0]?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespaceManifests({ namespaceManifest: false }).map((x) => x.kind)).not.toContain(
      'Namespace',
    );
  });
});
