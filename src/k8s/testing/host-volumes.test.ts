// The emulated node's folders for the Pod of a real Job: the kubelet's secret layout and modes,
// emptyDir and subPath modes, FailedMount, and removal.
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OWNER_FILE } from '../../../sandbox/run-dir.js';
import { afterEach, describe, expect, it } from 'vitest';
import { makePlan } from '../../plan/make-plan.js';
import { jobManifest, runSecretManifest } from '../job-manifest.js';
import { createPodHostDirs, type PodHostDirs } from './host-volumes.js';
import { stringSecret } from './job-input.js';
import { mountRequests } from './pod-translate.js';

const plan = makePlan({
  runId: 'hv1',
  seed: 1,
  target: { kind: 'npm', spec: 'x@1.0.0' },
  serverArgs: [],
  env: [],
  allowEgress: [],
  failOn: 'high',
  timeoutSeconds: 60,
  callTimeoutSeconds: 10,
  rounds: 1,
  outDir: '/tmp/out',
  image: 'img',
});
const opts = { image: 'img', slug: 'x' };
const job = jobManifest(plan, opts);
const spec = job.spec.template.spec;
const secrets = [
  runSecretManifest(plan, opts, 'k'),
  stringSecret('mcp-airlock-ca', 'mcp-airlock', { 'ca.key': 'KEY', 'ca.pem': 'PEM' }),
];
const made: PodHostDirs[] = [];
const make = (s = secrets) => {
  const d = createPodHostDirs('uid1', spec.volumes, s, new Date(0));
  made.push(d);
  return d;
};
const container = (name: string) => {
  const c = [...spec.initContainers, ...spec.containers].find((x) => x.name === name);
  if (!c) throw new Error(name);
  return c;
};

afterEach(() => {
  for (const d of made.splice(0)) d.remove();
});

describe('createPodHostDirs', () => {
  it('lays a secret out as the kubelet atomic writer does, at the item modes', () => {
    const d = make();
    const conf = join(d.root, 'pods/uid1/volumes/kubernetes.io~projected/gateway-conf');
    expect(readlinkSync(join(conf, '..data'))).toMatch(/^\.\.1970_01_01_00_00_00\.\d+$/);
    expect(readlinkSync(join(conf, 'ca.key'))).toBe('..data/ca.key');
    expect(readFileSync(join(conf, 'ca.pem'), 'utf8')).toBe('PEM');
    expect(statSync(join(conf, 'ca.key')).mode & 0o7777).toBe(0o400);
    expect(readFileSync(join(conf, 'netsim.json'), 'utf8')).toContain('"addressKey":"k"');
    const planVol = join(d.root, 'pods/uid1/volumes/kubernetes.io~secret/plan');
    expect(statSync(join(planVol, 'plan.json')).mode & 0o7777).toBe(0o444);
  });

  it('makes memory emptyDirs root 1777, and a missing subPath with the root bits but no sticky', () => {
    const d = make();
    const home = join(d.root, 'pods/uid1/volumes/kubernetes.io~empty-dir/home');
    expect(statSync(home).mode & 0o7777).toBe(0o1777);
    d.writePodFiles('nameserver 192.0.2.1\n', 'hosts\n');
    const binds = d.bindsFor(mountRequests(container('target'), spec.volumes), true);
    expect(binds).toContainEqual({
      source: join(home, 'dev'),
      target: '/home/dev',
      readOnly: false,
    });
    expect(statSync(join(home, 'dev')).mode & 0o7777).toBe(0o777);
    // The target mounts its own hosts file (a secret item, read-only) and the Pod's resolv.conf.
    const hosts = binds.find((b) => b.target === '/etc/hosts');
    expect(hosts?.readOnly).toBe(true);
    expect(lstatSync(hosts?.source ?? '').isFile()).toBe(true);
    expect(binds.find((b) => b.target === '/etc/resolv.conf')).toMatchObject({ readOnly: true });
  });

  /** Our run folders in the temp folder (what `mcp-airlock cleanup` would find). */
  const ours = () =>
    readdirSync(tmpdir()).filter((n) => {
      try {
        return readFileSync(join(tmpdir(), n, OWNER_FILE), 'utf8') === String(process.pid);
      } catch {
        return false;
      }
    });

  it('fails the Pod as FailedMount when a Secret or a key is missing, leaving nothing', () => {
    const before = ours().length;
    expect(() => createPodHostDirs('u', spec.volumes, secrets.slice(0, 1), new Date(0))).toThrow(
      /FailedMount: secret "mcp-airlock-ca" not found/,
    );
    const noKey = [secrets[0]!, stringSecret('mcp-airlock-ca', 'mcp-airlock', { 'ca.pem': 'P' })];
    expect(() => createPodHostDirs('u', spec.volumes, noKey, new Date(0))).toThrow(
      /no key "ca.key"/,
    );
    expect(ours()).toHaveLength(before);
  });

  it('refuses a subPath that a container turned into a link out of its volume', () => {
    const d = make();
    const home = join(d.root, 'pods/uid1/volumes/kubernetes.io~empty-dir/home');
    symlinkSync('/etc', join(home, 'dev'));
    expect(() => d.bindsFor(mountRequests(container('target'), spec.volumes), true)).toThrow(
      /leaves its volume/,
    );
    symlinkSync('/nonexistent', join(home, 'tmp-gone'));
    const c = container('runner');
    const dangling = {
      ...c,
      volumeMounts: [{ name: 'home', mountPath: '/x', readOnly: true, subPath: 'tmp-gone' }],
    };
    expect(() => d.bindsFor(mountRequests(dangling, spec.volumes), true)).toThrow(
      /cannot be resolved/,
    );
  });

  it('removes everything', () => {
    const d = make();
    d.remove();
    expect(existsSync(d.root)).toBe(false);
  });
});
