// Integration: the npm of the sandbox image, in a container whose only network is an internal
// Docker bridge, packs and installs a fixture server (and its dependencies, the project's own
// @modelcontextprotocol/sdk among them) from the fake registry bound to the bridge's gateway
// address on the host. Nothing of the fixture runs: it is installed with scripts off, and only
// its package.json files are read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker } from '../../../sandbox/docker/engine.js';
import { LABEL_OWNER_PID, LABEL_ROLE, LABEL_RUN } from '../../../sandbox/docker/labels.js';
import { ensureImage } from '../../../sandbox/image/build-image.js';
import { demuxDockerLog } from './docker-log.js';
import { type FakeRegistry, startFakeRegistry } from './fake-registry.js';
import {
  createInternalNetwork,
  type InternalNetwork,
  listRunNetworks,
} from './internal-network.js';

const FIXTURE = 'airlock-fixture-clean';
const runId = `fakereg${process.pid}`;
let docker: Docker;
let image: string;
let net: InternalNetwork | undefined;
let reg: FakeRegistry | undefined;

/** Run a shell script in a throw-away container on `network`; its output, bounded. */
async function runOnNetwork(network: string, script: string, timeoutMs: number) {
  const c = await docker.createContainer({
    Image: image,
    Entrypoint: ['/bin/sh', '-c', script],
    User: '1000:1000',
    Labels: { [LABEL_RUN]: runId, [LABEL_ROLE]: 'fetch', [LABEL_OWNER_PID]: String(process.pid) },
    HostConfig: {
      NetworkMode: network,
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Tmpfs: { '/work': 'rw,nosuid,nodev,size=512m,uid=1000,gid=1000,mode=0755' },
      Memory: 1024 * 2 ** 20,
    },
  });
  try {
    await c.start();
    const timer = setTimeout(() => void c.kill().catch(() => undefined), timeoutMs);
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    clearTimeout(timer);
    const raw = await c.logs({ stdout: true, stderr: true, follow: false });
    return { code: StatusCode, out: demuxDockerLog(raw, 1 << 20) };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

beforeAll(async () => {
  docker = await connectDocker();
  image = await ensureImage(docker);
  net = await createInternalNetwork(docker, runId);
  reg = await startFakeRegistry({
    host: net.gateway,
    packages: [{ folder: join('harness/fixtures/servers/clean') }],
  });
}, 600_000);

afterAll(async () => {
  await reg?.close();
  await net?.remove();
});

describe('the fake registry on an internal Docker network', () => {
  it('serves npm pack and npm install of a fixture with its dependencies', async () => {
    const registry = `${reg?.url ?? ''}/`;
    const [host, port] = (reg?.url ?? '').replace('http://', '').split(':');
    const script = [
      'set -e',
      'export HOME=/work/home npm_config_cache=/work/cache npm_config_update_notifier=false',
      'mkdir -p /work/home /work/pack /work/proj',
      // The host must take connections from the bridge (INPUT): say so plainly if it does not.
      `nc -z -w 5 ${host} ${port} || { echo "NO ROUTE TO THE REGISTRY ON THE HOST"; exit 3; }`,
      `cd /work/pack && npm pack ${FIXTURE} --registry ${registry} --loglevel=error`,
      'ls /work/pack',
      `cd /work/proj && npm install ${FIXTURE} --registry ${registry} --ignore-scripts --no-audit --no-fund --loglevel=error`,
      `echo "fixture=$(node -p "require('/work/proj/node_modules/${FIXTURE}/package.json').version")"`,
      `echo "sdk=$(node -p "require('/work/proj/node_modules/@modelcontextprotocol/sdk/package.json').version")"`,
      // The public registry was never the one asked (there is no route to it anyway).
      'grep -rl "registry.npmjs.org" /work/proj/package-lock.json && exit 4 || true',
    ].join('\n');
    const r = await runOnNetwork(net?.name ?? '', script, 240_000);
    expect(r.out).not.toMatch(/NO ROUTE TO THE REGISTRY/);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`${FIXTURE}-1.0.0.tgz`);
    expect(r.out).toMatch(/^fixture=1\.0\.0$/m);
    const sdk = JSON.parse(
      readFileSync('node_modules/@modelcontextprotocol/sdk/package.json', 'utf8'),
    ) as { version: string };
    expect(r.out).toContain(`sdk=${sdk.version}`);
    expect(reg?.requests).toContain(`GET /@modelcontextprotocol/sdk/-/sdk-${sdk.version}.tgz`);
  }, 300_000);

  it('leaves no container, and the network goes with remove()', async () => {
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_RUN}=${runId}`] },
    });
    expect(left).toEqual([]);
    await net?.remove();
    expect(await listRunNetworks(docker, runId)).toEqual([]);
    net = undefined;
  });
});
