// The emulator's translation of the Job `batch --emit-k8s` writes, as data: what each container
// gets from Docker, the Pod's resolv.conf and hosts, the log framing, reading the YAML back.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../plan/make-plan.js';
import { dockerGateway } from '../docker-parity.js';
import { k8sManifestsFor } from '../k8s-manifests.js';
import type { Container } from '../k8s-types.js';
import { demuxDockerLog } from './docker-log.js';
import { jobInputFromManifests, stringSecret } from './job-input.js';
import {
  containerCreateOptions,
  kubeletHosts,
  mountRequests,
  parseQuantity,
  pauseCreateOptions,
  PodFailure,
  podNames,
  resolvConf,
  SERVICE_ENV,
} from './pod-translate.js';

const plan = makePlan({
  runId: 'ab12cd34',
  seed: 7,
  target: { kind: 'npm', spec: 'airlock-fixture-clean@1.0.0' },
  serverArgs: [],
  env: ['MODE=yes'],
  allowEgress: [],
  failOn: 'high',
  timeoutSeconds: 300,
  callTimeoutSeconds: 20,
  rounds: 4,
  outDir: '/tmp/out',
  image: 'mcp-airlock-sandbox:local',
});
const files = k8sManifestsFor([plan], {
  image: 'mcp-airlock-sandbox:local',
  ipv6Sysctls: true,
  newKey: () => 'f'.repeat(32),
});
const ca = stringSecret('mcp-airlock-ca', 'mcp-airlock', { 'ca.key': 'KEY', 'ca.pem': 'PEM' });
const input = jobInputFromManifests([files[1]?.text ?? ''], [ca]);
const spec = input.job.spec.template.spec;
const names = podNames(input.job, 'abcde', '0123abcd', 4242);
const container = (name: string): Container => {
  const c = [...spec.initContainers, ...spec.containers].find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
};
const bindsOf = (c: Container) =>
  mountRequests(c, spec.volumes).requests.map((r) => ({
    source: `/host/${r.volume}${r.subPath ? `/${r.subPath}` : ''}`,
    target: r.target,
    readOnly: r.readOnly,
  }));

describe('reading back what batch --emit-k8s writes', () => {
  it('finds the one Job and its Secret, and adds the operator CA Secret', () => {
    expect(input.job.kind).toBe('Job');
    expect(input.secrets.map((s) => s.metadata.name)).toEqual([
      input.job.metadata.name,
      'mcp-airlock-ca',
    ]);
  });

  it('refuses manifests without exactly one Job', () => {
    expect(() => jobInputFromManifests([files[0]?.text ?? ''])).toThrow(/exactly one Job/);
  });
});

describe('volume mounts', () => {
  it('resolves every mount of every container against the Pod volumes', () => {
    for (const c of [...spec.initContainers, ...spec.containers])
      expect(() => mountRequests(c, spec.volumes)).not.toThrow();
  });

  it('mounts secret and projected volumes read-only whatever the mount says', () => {
    const gw = mountRequests(container('gateway'), spec.volumes).requests;
    expect(gw.find((r) => r.target === '/run/airlock')).toMatchObject({
      kind: 'secret',
      readOnly: true,
    });
    expect(gw.find((r) => r.target === '/run')).toMatchObject({
      kind: 'emptyDir',
      readOnly: false,
    });
  });

  it('leaves out the Pod files a container mounts itself', () => {
    expect(mountRequests(container('stage'), spec.volumes)).toMatchObject({
      ownResolv: true,
      ownHosts: false,
    });
    expect(mountRequests(container('target'), spec.volumes)).toMatchObject({
      ownResolv: false,
      ownHosts: true,
    });
  });

  it('fails the Pod for a mount of a missing volume or a subPath leaving it', () => {
    const c = container('runner');
    const bad = { ...c, volumeMounts: [{ name: 'nope', mountPath: '/x', readOnly: true }] };
    expect(() => mountRequests(bad, spec.volumes)).toThrow(PodFailure);
    const up = {
      ...c,
      volumeMounts: [{ name: 'home', mountPath: '/x', readOnly: true, subPath: 'a/../..' }],
    };
    expect(() => mountRequests(up, spec.volumes)).toThrow(/leaves its volume/);
  });
});

describe('container create-options', () => {
  it('joins the pause container for network and IPC, keeps its own PID namespace', () => {
    const o = containerCreateOptions(
      container('runner'),
      names,
      'PAUSE',
      bindsOf(container('runner')),
    );
    expect(o.HostConfig).toMatchObject({
      NetworkMode: 'container:PAUSE',
      IpcMode: 'container:PAUSE',
    });
    expect(o.HostConfig?.PidMode).toBeUndefined();
    expect(o.Hostname).toBeUndefined();
  });

  it('gives the gateway root with exactly the Docker gateway capabilities', () => {
    const o = containerCreateOptions(
      container('gateway'),
      names,
      'P',
      bindsOf(container('gateway')),
    );
    expect(o.User).toBe('0:0');
    expect(o.HostConfig?.CapDrop).toEqual(['ALL']);
    expect(o.HostConfig?.CapAdd).toEqual(dockerGateway(plan).caps);
    expect(o.HostConfig?.Memory).toBe(dockerGateway(plan).memory);
    expect(o.HostConfig?.NanoCpus).toBe(dockerGateway(plan).nanoCpus);
    expect(o.Entrypoint).toEqual(container('gateway').command);
    expect(o.Cmd).toEqual([]);
  });

  it('runs the target as 1000:1000 with nothing, read-only root, no new privileges', () => {
    const t = container('target');
    const o = containerCreateOptions(t, names, 'P', bindsOf(t));
    expect(o).toMatchObject({ User: '1000:1000', WorkingDir: '/home/dev' });
    expect(o.HostConfig).toMatchObject({
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Privileged: false,
      MemorySwap: plan.limits.memoryBytes,
      Memory: plan.limits.memoryBytes,
    });
    expect(o.HostConfig?.CapAdd).toBeUndefined();
    expect(o.HostConfig?.Mounts).toContainEqual(
      expect.objectContaining({
        Type: 'bind',
        Source: '/host/home/dev',
        Target: '/home/dev',
        ReadOnly: false,
      }),
    );
  });

  it('gives the API server service variables unless the container sets them', () => {
    const t = container('target');
    const env = containerCreateOptions(t, names, 'P', []).Env ?? [];
    expect(env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1');
    expect(env).toContain('MODE=yes');
    const own = { ...t, env: [{ name: 'KUBERNETES_SERVICE_HOST', value: 'x' }] };
    const env2 = containerCreateOptions(own, names, 'P', []).Env ?? [];
    expect(env2.filter((e) => e.startsWith('KUBERNETES_SERVICE_HOST='))).toEqual([
      'KUBERNETES_SERVICE_HOST=x',
    ]);
    expect(env2).toHaveLength(SERVICE_ENV.length);
  });

  it('labels every container with the run and keeps the kubelet log rotation size', () => {
    const o = containerCreateOptions(container('stage'), names, 'P', []);
    expect(o.Labels).toMatchObject({
      'mcp-airlock.run': 'ab12cd34',
      'mcp-airlock.owner-pid': '4242',
      'io.kubernetes.container.name': 'stage',
    });
    expect(o.HostConfig?.LogConfig).toEqual({
      Type: 'json-file',
      Config: { 'max-size': '10m', 'max-file': '1' },
    });
  });

  it('refuses root where runAsNonRoot is set, as the kubelet does', () => {
    const s = container('stage');
    const root = { ...s, securityContext: { ...s.securityContext, runAsUser: 0 } };
    expect(() => containerCreateOptions(root, names, 'P', [])).toThrow(/non-root/);
  });
});

describe('the pause container', () => {
  it('owns the hostname, the sysctls, a shareable IPC namespace and the network', () => {
    const o = pauseCreateOptions(spec, names, 'img', 'net1');
    expect(o.Hostname).toBe(spec.hostname);
    expect(o.HostConfig).toMatchObject({
      NetworkMode: 'net1',
      IpcMode: 'shareable',
      Sysctls: {
        'net.ipv6.conf.all.disable_ipv6': '0',
        'net.ipv6.conf.default.disable_ipv6': '0',
      },
      CapDrop: ['ALL'],
      ReadonlyRootfs: true,
    });
    expect(o.User).toBe('65535:65535');
    expect(pauseCreateOptions(spec, names, 'img', undefined).HostConfig?.NetworkMode).toBe('none');
  });
});

describe('the Pod files', () => {
  it('writes resolv.conf from dnsConfig as the runtime does', () => {
    expect(resolvConf(spec.dnsConfig)).toBe('nameserver 192.168.64.1\n');
    expect(
      resolvConf({
        nameservers: ['192.0.2.53', '192.0.2.54'],
        searches: ['a.test', 'b.test'],
        options: [{ name: 'ndots:1' }],
      }),
    ).toBe('search a.test b.test\nnameserver 192.0.2.53\nnameserver 192.0.2.54\noptions ndots:1\n');
  });

  it('writes the kubelet hosts file with the Pod IP under its hostname', () => {
    const h = kubeletHosts('198.18.0.2', 'dev-laptop');
    expect(h.startsWith('# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n')).toBe(true);
    expect(h).toMatch(/\n198\.18\.0\.2\tdev-laptop\n$/);
    expect(kubeletHosts(undefined, 'x')).not.toMatch(/\tx\n/);
  });
});

describe('parseQuantity', () => {
  it.each([
    ['1536Mi', 1536 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['500m', 0.5],
    ['1000m', 1],
    ['2', 2],
    ['128M', 128e6],
  ])('%s', (q, n) => expect(parseQuantity(q)).toBe(n));

  it('refuses what it does not know', () => {
    expect(() => parseQuantity('1.5.5Mi')).toThrow();
    expect(() => parseQuantity('12Q')).toThrow();
  });
});

describe('demuxDockerLog', () => {
  const frame = (stream: 1 | 2, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = stream;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };

  it('interleaves stdout and stderr as written', () => {
    const buf = Buffer.concat([frame(1, 'a\n'), frame(2, 'err\n'), frame(1, 'b\n')]);
    expect(demuxDockerLog(buf)).toBe('a\nerr\nb\n');
  });

  it('keeps at most maxBytes and drops a truncated last frame', () => {
    const buf = Buffer.concat([frame(1, 'abcdef'), frame(1, 'ghij')]);
    expect(demuxDockerLog(buf, 8)).toBe('abcdefgh');
    expect(demuxDockerLog(buf.subarray(0, buf.length - 1))).toBe('abcdef');
  });
});
