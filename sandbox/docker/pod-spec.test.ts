import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/domain/types.js';
import { LABEL_OWNER_PID, LABEL_ROLE, LABEL_RUN } from './labels.js';
import {
  gatewaySpec,
  POD_HOSTNAME,
  TARGET_CA_BUNDLE,
  TARGET_HOME,
  observerSpec,
  targetEnv,
  targetSpec,
  volumeOptions,
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
  homeSeedDir: '/tmp/airlock-run/home-seed',
};

const GATEWAY_ID = 'f00dfeed1234';
const VOLUMES = {
  home: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  tmp: 'f9e8d7c6b5a4938271605f4e3d2c1b0a',
};

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

  it('mounts only the CA folder, read-only, on a read-only root with bounded tmpfs logs', () => {
    expect(host.Binds).toEqual([`${MOUNTS.gatewayDir}:/run/airlock:ro`]);
    expect(host.ReadonlyRootfs).toBe(true);
    expect(Object.keys(host.Tmpfs ?? {}).sort()).toEqual(
      ['/run', '/tmp', '/var/log/netsim', '/var/log/pcap'].sort(),
    );
    for (const opts of Object.values(host.Tmpfs ?? {})) expect(opts).toMatch(/size=\d+m/);
  });

  it('is bounded and never mounts the Docker socket', () => {
    expect(host.Memory).toBeGreaterThan(0);
    expect(host.PidsLimit).toBeGreaterThan(0);
    expect(host.NanoCpus).toBeGreaterThan(0);
    expect(JSON.stringify(spec)).not.toContain('docker.sock');
  });
});

describe('targetSpec', () => {
  const spec = targetSpec(PLAN, GATEWAY_ID, MOUNTS, VOLUMES);
  const host = spec.HostConfig ?? {};

  it.each<[string, unknown, unknown]>([
    [
      'runs process 1 as root (out of the package’s reach); execs choose uid 1000',
      spec.User,
      '0:0',
    ],
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
    ['has no docker-init', host.Init, false],
    ['runs /sbin/init as process 1', spec.Cmd, ['/sbin/init']],
    ['works in the home folder', spec.WorkingDir, TARGET_HOME],
    ['uses the plan’s image', spec.Image, PLAN.image],
    ['is named after the run', spec.name, `mcp-airlock-${PLAN.runId}-target`],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('has HOME and /tmp on the run’s tmpfs volumes, nosuid and nodev, created empty', () => {
    expect(host.Tmpfs).toBeUndefined();
    expect(
      host.Mounts?.map((m) => [m.Source, m.Target, m.ReadOnly, m.VolumeOptions?.NoCopy]),
    ).toEqual([
      [VOLUMES.home, '/home/dev', false, true],
      [VOLUMES.tmp, '/tmp', false, true],
    ]);
    for (const which of ['home', 'tmp'] as const) {
      const o = volumeOptions(which);
      expect(o['type']).toBe('tmpfs');
      expect(o['o']).toMatch(/(^|,)nosuid(,|$)/);
      expect(o['o']).toMatch(/(^|,)nodev(,|$)/);
      expect(o['o']).toMatch(/(^|,)size=\d+[kmg]?(,|$)/);
      expect(o['o']).toMatch(/uid=1000,gid=1000/);
    }
  });

  it('mounts the project and the HOME seed read-only, and no trust bundle', () => {
    expect(host.Binds).toEqual([
      `${MOUNTS.projectDir}:/usr/local/src/workspace:ro`,
      `${MOUNTS.homeSeedDir}:/usr/local/share/skel-dev:ro`,
    ]);
    for (const bind of host.Binds ?? []) expect(bind).toMatch(/:ro$/);
    expect(JSON.stringify(host.Binds)).not.toContain(TARGET_CA_BUNDLE);
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
      VOLUMES,
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

describe('observerSpec', () => {
  const spec = observerSpec(PLAN, VOLUMES);
  const host = spec.HostConfig ?? {};

  it('sees the target’s /tmp read-only and HOME (to fill it), with no network and its own process namespace', () => {
    expect(host.Mounts?.map((m) => [m.Source, m.Target, m.ReadOnly])).toEqual([
      [VOLUMES.home, '/home/dev', false],
      [VOLUMES.tmp, '/tmp', true],
    ]);
    expect(host.NetworkMode).toBe('none');
    expect(host.PidMode).toBeUndefined();
    expect(host.Binds).toBeUndefined();
  });

  it('mounts the run folder read-only when it fills HOME from it', () => {
    const staged = observerSpec(PLAN, VOLUMES, '/tmp/airlock-run').HostConfig ?? {};
    expect(staged.Binds).toEqual(['/tmp/airlock-run:/run/stage:ro']);
  });

  it('may read any file (DAC_READ_SEARCH) and nothing else, on a read-only root', () => {
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd).toEqual(['DAC_READ_SEARCH']);
    expect(host.SecurityOpt).toEqual(['no-new-privileges']);
    expect(host.ReadonlyRootfs).toBe(true);
    expect(spec.Labels).toMatchObject({ [LABEL_RUN]: PLAN.runId, [LABEL_ROLE]: 'observer' });
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
