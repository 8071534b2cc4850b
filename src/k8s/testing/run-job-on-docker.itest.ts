// Integration: small hand-written Jobs (the shapes of k8s-types.ts, the sandbox image, /bin/sh
// and node one-liners) run on Docker by the kubelet emulator: an init container's file in an
// emptyDir, a sidecar whose startup probe holds back the main container until its marker exists
// and which serves on the Pod's loopback, the Pod's hostname, resolv.conf and hosts, a Secret
// item by subPath; then an init failure, a startup probe that never passes, the deadline, and a
// sidecar's restarts. Nothing labelled with the run is left afterwards.
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker } from '../../../sandbox/docker/engine.js';
import { LABEL_RUN } from '../../../sandbox/docker/labels.js';
import { ensureImage } from '../../../sandbox/image/build-image.js';
import { OWNER_FILE } from '../../../sandbox/run-dir.js';
import type { Container, Job, VolumeMount } from '../k8s-types.js';
import { stringSecret } from './job-input.js';
import {
  createInternalNetwork,
  type InternalNetwork,
  listRunNetworks,
} from './internal-network.js';
import { runJobOnDocker } from './run-job-on-docker.js';

const runId = `emu${process.pid}`;
const NODE = '/usr/local/bin/node';
let docker: Docker;
let image: string;
let net: InternalNetwork | undefined;

const mount = (name: string, mountPath: string, readOnly = false, subPath?: string) =>
  ({ name, mountPath, readOnly, ...(subPath ? { subPath } : {}) }) as VolumeMount;

function ctr(name: string, command: string[], volumeMounts: VolumeMount[], uid = 1000): Container {
  const q = { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '64Mi' };
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    command,
    env: [{ name: 'GREETING_FROM', value: 'spec' }],
    securityContext: {
      runAsNonRoot: uid !== 0,
      runAsUser: uid,
      runAsGroup: uid,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    resources: { limits: { ...q }, requests: { ...q } },
    volumeMounts,
    stdin: false,
    tty: false,
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

const sh = (script: string) => ['/bin/sh', '-c', script];

/** Serves `pong` on the Pod's loopback after 2 s, then makes the probe's marker. */
const LISTENER = `
process.on('SIGTERM', () => process.exit(0));
setTimeout(() => require('net').createServer((s) => s.end('pong\\n'))
  .listen(7000, '127.0.0.1', () => require('fs').writeFileSync('/shared/ready', '')), 2000);
`;

const MAIN = `
set -u
fail() { echo "FAILED: $1"; exit 1; }
[ "$(cat /shared/file)" = made-by-init ] || fail "init's file"
[ "$(hostname)" = emu-host ] || fail hostname
grep -qx 'search example.test' /etc/resolv.conf || fail "resolv.conf search"
grep -qx 'nameserver 192.0.2.53' /etc/resolv.conf || fail "resolv.conf nameserver"
grep -q '^# Kubernetes-managed hosts file' /etc/hosts || fail "kubelet hosts"
grep -qE '^[0-9.]+\temu-host$' /etc/hosts || fail "pod IP in hosts"
[ "$(cat /etc/greeting)" = hello-secret ] || fail "secret item by subPath"
touch /sub/ok || fail "subPath folder made by the kubelet"
touch /etc/nope 2>/dev/null && fail "read-only root"
[ -n "$KUBERNETES_SERVICE_HOST" ] || fail "service variables"
[ "$GREETING_FROM" = spec ] || fail env
[ ! -e /.dockerenv ] || echo "note: /.dockerenv present"
grep -qs 'createServe[r]' /proc/[0-9]*/cmdline && fail "sees the sidecar's processes"
[ "$(${NODE} -e "const s=require('net').connect(7000,'127.0.0.1');let d='';s.on('data',c=>d+=c);s.on('end',()=>process.stdout.write(d))")" = pong ] || fail "sidecar on the Pod's loopback"
echo "main: all checks passed as $(id -u)"
`;

function job(over: { init?: Container[]; main?: Container[]; deadline?: number } = {}): Job {
  const work = [mount('work', '/shared')];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'emu-test', namespace: 'emu', labels: { [LABEL_RUN]: runId } },
    spec: {
      backoffLimit: 0,
      completions: 1,
      parallelism: 1,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 60,
      template: {
        metadata: { labels: { [LABEL_RUN]: runId }, annotations: {} },
        spec: {
          restartPolicy: 'Never',
          activeDeadlineSeconds: over.deadline ?? 600,
          terminationGracePeriodSeconds: 2,
          hostname: 'emu-host',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          hostNetwork: false,
          hostPID: false,
          hostIPC: false,
          shareProcessNamespace: false,
          dnsPolicy: 'None',
          dnsConfig: { nameservers: ['192.0.2.53'], searches: ['example.test'], options: [] },
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          initContainers: over.init ?? [
            ctr('prepare', sh('echo made-by-init > /shared/file && echo init done'), work),
            {
              ...ctr('listener', [NODE, '-e', LISTENER], work),
              restartPolicy: 'Always',
              startupProbe: {
                exec: { command: ['test', '-e', '/shared/ready'] },
                periodSeconds: 1,
                failureThreshold: 15,
                timeoutSeconds: 2,
              },
            },
          ],
          containers: over.main ?? [
            ctr('main', sh(MAIN), [
              ...work,
              mount('work', '/sub', false, 'sub'),
              mount('greet', '/etc/greeting', true, 'greeting'),
            ]),
          ],
          volumes: [
            { name: 'work', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
            {
              name: 'greet',
              secret: {
                secretName: 'emu-secret',
                items: [{ key: 'greeting', path: 'greeting', mode: 0o444 }],
                defaultMode: 0o444,
              },
            },
          ],
        },
      },
    },
  };
}

const secrets = [stringSecret('emu-secret', 'emu', { greeting: 'hello-secret' })];
const run = (j: Job, timeoutMs = 120_000, restartBackoffMs?: number) =>
  runJobOnDocker(docker, {
    job: j,
    secrets,
    timeoutMs,
    ...(net ? { network: net.name } : {}),
    ...(restartBackoffMs !== undefined ? { restartBackoffMs } : {}),
  });

/** What this process left: containers labelled with the run, run folders it owns. */
async function leftovers() {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_RUN}=${runId}`] },
  });
  const folders = readdirSync(tmpdir()).filter((n) => {
    try {
      return readFileSync(join(tmpdir(), n, OWNER_FILE), 'utf8') === String(process.pid);
    } catch {
      return false;
    }
  });
  return { containers: containers.map((c) => c.Names[0]), folders };
}

beforeAll(async () => {
  docker = await connectDocker();
  image = await ensureImage(docker);
  net = await createInternalNetwork(docker, runId);
}, 600_000);

afterAll(async () => {
  await net?.remove();
});

describe('runJobOnDocker', () => {
  it('runs init, a probed sidecar and the main container in one Pod, then removes it', async () => {
    const r = await run(job());
    expect(r.logs['main'], JSON.stringify(r.logs)).toContain('main: all checks passed as 1000');
    expect(r.phase).toBe('Succeeded');
    expect(r.reason).toBeUndefined();
    expect(r.logs['prepare']).toContain('init done');
    expect(r.exitCodes).toMatchObject({ prepare: 0, main: 0 });
    expect(r.restarts).toEqual({ listener: 0 });
    expect(await leftovers()).toEqual({ containers: [], folders: [] });
  }, 180_000);

  it('fails the Pod on an init container exit, and never starts the main container', async () => {
    const r = await run(job({ init: [ctr('prepare', sh('echo trying; exit 3'), [])] }));
    expect(r).toMatchObject({ phase: 'Failed', reason: 'init container prepare exited 3' });
    expect(r.exitCodes).toEqual({ prepare: 3, main: null });
    expect(r.logs['prepare']).toContain('trying');
    expect(await leftovers()).toEqual({ containers: [], folders: [] });
  }, 120_000);

  it('fails the Pod when a sidecar startup probe never passes', async () => {
    const side: Container = {
      ...ctr('listener', ['sleep', '60'], []),
      restartPolicy: 'Always',
      startupProbe: {
        exec: { command: ['test', '-e', '/nowhere'] },
        periodSeconds: 1,
        failureThreshold: 2,
        timeoutSeconds: 1,
      },
    };
    const r = await run(job({ init: [side] }));
    expect(r).toMatchObject({ phase: 'Failed' });
    expect(r.reason).toMatch(/startup probe failed 2 times/);
    expect(r.exitCodes['main']).toBeNull();
    expect(await leftovers()).toEqual({ containers: [], folders: [] });
  }, 120_000);

  it('stops everything at the deadline and keeps what was logged', async () => {
    const started = Date.now();
    const r = await run(
      job({ init: [], main: [ctr('main', sh('echo before; sleep 60'), [])] }),
      4000,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded' });
    expect(r.logs['main']).toContain('before');
    expect(r.exitCodes['main']).toBe(137);
    expect(await leftovers()).toEqual({ containers: [], folders: [] });
  }, 60_000);

  it('restarts a sidecar that exits, after the back-off, until the Pod is done', async () => {
    const side: Container = {
      ...ctr('flaky', sh('echo sidecar run; sleep 0.5; exit 1'), []),
      restartPolicy: 'Always',
    };
    const r = await run(
      job({ init: [side], main: [ctr('main', sh('sleep 5; echo done'), [])] }),
      60_000,
      300,
    );
    expect(r.phase).toBe('Succeeded');
    expect(r.restarts['flaky']).toBeGreaterThanOrEqual(2);
    expect(r.logs['flaky']?.match(/sidecar run/g)?.length).toBe((r.restarts['flaky'] ?? 0) + 1);
    expect(await leftovers()).toEqual({ containers: [], folders: [] });
  }, 60_000);

  it('leaves no network once it is removed', async () => {
    await net?.remove();
    net = undefined;
    expect(await listRunNetworks(docker, runId)).toEqual([]);
  });
});
