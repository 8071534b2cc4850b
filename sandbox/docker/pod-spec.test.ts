import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/domain/types.js';
import { LABEL_OWNER_PID, LABEL_ROLE, LABEL_RUN } from './labels.js';
import {
  gatewaySpec,
  POD_HOSTNAME,
  TARGET_CA_BUNDLE,
  TARGET_HOME,
  targetEnv,
  targetSpec,
  type PodMounts,
} from './pod-spec.js';

const PLAN: Plan = {
  runId: 'r-20250115-abc123',
  seed: 7,
  target: { kind: 'folder', path: './server' },
  serverArgs: [],
  serverEnv: {},
  allowEgress: [],
  failOn: 'high',
  rounds: 1,
  maxCalls: 400,
  transport: { kind: 'stdio' },
  limits: {
    totalMs: 300_000,
    installMs: 180_000,
    startupMs: 30_000,
    callMs: 20_000,
    settleMs: 300,
    lingerMs: 3000,
    memoryBytes: 512 * 1024 * 1024,
    pids: 99,
    nanoCpus: 1_500_000_000,
  },
  outDir: '/tmp/airlock-out',
  jsonPath: '/tmp/airlock-out/report.json',
  htmlPath: '/tmp/airlock-out/report.html',
  image: 'mcp-airlock-sandbox:test',
};

const MOUNTS: PodMounts = {
  gatewayDir: '/tmp/airlock-run/gateway',
  projectDir: '/tmp/airlock-run/project',
  caBundle: '/tmp/airlock-run/ca-bundle.pem',
  homeSeedDir: '/tmp/airlock-run/home-seed',
};

const GATEWAY_ID = 'f00dfeed1234';

describe('gatewaySpec', () => {
  const spec = gatewaySpec(PLAN, MOUNTS);
  const host = spec.HostConfig ?? {};

  it('runs the plan’s image with netsim’s init, named after the run', () => {
    expect(spec.Image).toBe(PLAN.image);
    expect(spec.name).toBe(`mcp-airlock-${PLAN.runId}-gw`);
    expect(spec.Cmd).toEqual(['/opt/netsim/gateway-init.sh']);
    expect(spec.Hostname).toBe(POD_HOSTNAME);
  });

  it('has no network of its own', () => {
    expect(host.NetworkMode).toBe('none');
  });

  it('drops all capabilities, then adds only what netsim needs, among them NET_ADMIN and NET_RAW', () => {
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd).toEqual(expect.arrayContaining(['NET_ADMIN', 'NET_RAW']));
    expect(host.CapAdd).not.toContain('SYS_ADMIN');
    expect(host.CapAdd).not.toContain('SYS_PTRACE');
    expect(host.SecurityOpt).toContain('no-new-privileges');
    expect(host.Privileged).toBeUndefined();
  });

  it('turns IPv6 on', () => {
    expect(host.Sysctls).toEqual({
      'net.ipv6.conf.all.disable_ipv6': '0',
      'net.ipv6.conf.default.disable_ipv6': '0',
    });
  });

  it('labels the container with the run id and role', () => {
    expect(spec.Labels).toEqual({
      [LABEL_RUN]: PLAN.runId,
      [LABEL_ROLE]: 'gateway',
      [LABEL_OWNER_PID]: String(process.pid),
    });
  });

  it('mounts only the CA folder, read-only', () => {
    expect(host.Binds).toEqual([`${MOUNTS.gatewayDir}:/run/airlock:ro`]);
    expect(spec.Env).toEqual(['NETSIM_CONFIG=/run/airlock/netsim.json']);
  });

  it('is bounded and never mounts the Docker socket', () => {
    expect(host.Memory).toBeGreaterThan(0);
    expect(host.PidsLimit).toBeGreaterThan(0);
    expect(host.NanoCpus).toBeGreaterThan(0);
    expect(JSON.stringify(spec)).not.toContain('docker.sock');
  });
});

describe('targetSpec', () => {
  const spec = targetSpec(PLAN, GATEWAY_ID, MOUNTS);
  const host = spec.HostConfig ?? {};

  it.each<[string, unknown, unknown]>([
    ['runs as user 1000:1000', spec.User, '1000:1000'],
    ['drops every capability', host.CapDrop, ['ALL']],
    ['adds no capability', host.CapAdd, undefined],
    ['sets no-new-privileges', host.SecurityOpt, ['no-new-privileges']],
    ['has a read-only root file system', host.ReadonlyRootfs, true],
    ['joins the gateway’s network namespace', host.NetworkMode, `container:${GATEWAY_ID}`],
    ['is not privileged', host.Privileged, undefined],
    ['shares no PID namespace', host.PidMode, undefined],
    ['has a private IPC namespace', host.IpcMode, 'private'],
    ['has no devices', host.Devices, undefined],
    ['has no extra hosts', host.ExtraHosts, undefined],
    ['has no DNS settings of its own', host.Dns, undefined],
    ['has no port bindings', host.PortBindings, undefined],
    ['has no volumes-from', host.VolumesFrom, undefined],
    [
      'keeps the default seccomp/AppArmor (no unconfined)',
      JSON.stringify(host.SecurityOpt).includes('unconfined'),
      false,
    ],
    ['limits memory to the plan', host.Memory, PLAN.limits.memoryBytes],
    ['gives no swap beyond memory', host.MemorySwap, PLAN.limits.memoryBytes],
    ['limits processes to the plan', host.PidsLimit, PLAN.limits.pids],
    ['limits CPU to the plan', host.NanoCpus, PLAN.limits.nanoCpus],
    ['runs an init as PID 1', host.Init, true],
    ['waits as its command', spec.Cmd, ['sleep', 'infinity']],
    ['works in the home folder', spec.WorkingDir, TARGET_HOME],
    ['uses the plan’s image', spec.Image, PLAN.image],
    ['is named after the run', spec.name, `mcp-airlock-${PLAN.runId}-target`],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('has tmpfs for /home/dev and /tmp, nosuid and nodev', () => {
    expect(Object.keys(host.Tmpfs ?? {}).sort()).toEqual(['/home/dev', '/tmp']);
    for (const opts of Object.values(host.Tmpfs ?? {})) {
      expect(opts).toMatch(/(^|,)nosuid(,|$)/);
      expect(opts).toMatch(/(^|,)nodev(,|$)/);
      expect(opts).toMatch(/(^|,)size=\d+[kmg]?(,|$)/);
    }
    expect(host.Tmpfs?.['/home/dev']).toMatch(/uid=1000,gid=1000/);
  });

  it('mounts the project and the CA bundle, every bind read-only', () => {
    expect(host.Binds).toEqual([
      `${MOUNTS.projectDir}:/usr/local/src/workspace:ro`,
      `${MOUNTS.caBundle}:${TARGET_CA_BUNDLE}:ro`,
      `${MOUNTS.homeSeedDir}:/usr/local/share/skel-dev:ro`,
    ]);
    for (const bind of host.Binds ?? []) expect(bind).toMatch(/:ro$/);
    expect(host.Mounts).toBeUndefined();
  });

  it('never mounts the Docker socket', () => {
    expect(JSON.stringify(spec)).not.toContain('docker.sock');
  });

  it('labels the container with the run id and role', () => {
    expect(spec.Labels).toMatchObject({ [LABEL_RUN]: PLAN.runId, [LABEL_ROLE]: 'target' });
  });

  it('follows the plan’s limits', () => {
    const other = targetSpec(
      { ...PLAN, limits: { ...PLAN.limits, memoryBytes: 1024, pids: 5, nanoCpus: 250_000_000 } },
      'other-gateway',
      MOUNTS,
    ).HostConfig;
    expect(other).toMatchObject({
      Memory: 1024,
      MemorySwap: 1024,
      PidsLimit: 5,
      NanoCpus: 250_000_000,
      NetworkMode: 'container:other-gateway',
    });
  });
});

describe('targetEnv', () => {
  const asMap = (env: string[]): Map<string, string> =>
    new Map(env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));

  it.each([['NODE_EXTRA_CA_CERTS'], ['SSL_CERT_FILE'], ['REQUESTS_CA_BUNDLE'], ['CURL_CA_BUNDLE']])(
    'points %s at the run’s CA bundle',
    (key) => {
      expect(asMap(targetEnv({})).get(key)).toBe(TARGET_CA_BUNDLE);
    },
  );

  it('looks like a developer’s shell', () => {
    const env = asMap(targetEnv({}));
    expect(env.get('HOME')).toBe(TARGET_HOME);
    expect(env.get('USER')).toBe('dev');
    expect(env.get('PATH')).toMatch(/^\/home\/dev\/project\/node_modules\/\.bin:/);
  });

  it('adds the extra environment', () => {
    const env = asMap(targetEnv({ API_TOKEN: 'x=y', DEBUG: '' }));
    expect(env.get('API_TOKEN')).toBe('x=y');
    expect(env.get('DEBUG')).toBe('');
  });

  // What it does today: extra (the user's --env) overrides every base entry, the CA variables
  // and PATH included. Only the user supplies it, and the pod's isolation does not depend on it:
  // overriding the CA only stops HTTPS from being decrypted (recorded as TLS failures).
  it('lets the extra environment override the base, one entry per name', () => {
    const env = targetEnv({ NODE_EXTRA_CA_CERTS: '/other.pem', PATH: '/bin', HOME: '/root' });
    const map = asMap(env);
    expect(map.get('NODE_EXTRA_CA_CERTS')).toBe('/other.pem');
    expect(map.get('PATH')).toBe('/bin');
    expect(map.get('HOME')).toBe('/root');
    expect(env.filter((e) => e.startsWith('PATH='))).toHaveLength(1);
    expect(env.length).toBe(targetEnv({}).length);
  });
});
