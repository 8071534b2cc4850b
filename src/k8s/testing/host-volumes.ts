// The host side of an emulated Pod's volumes, laid out as a kubelet lays them out under
// /var/lib/kubelet/pods/<uid> (a container's mount table names these folders, as on a node),
// inside one run folder that `mcp-airlock cleanup` recognises (sandbox/run-dir.ts):
// - emptyDir: a root-owned folder; mode 1777 for medium Memory (the root of the tmpfs the
//   kubelet mounts without a mode), 0777 otherwise. No tmpfs and no sizeLimit here.
// - secret / projected: the kubelet's atomic-writer layout (`..<time>/` with the files at their
//   modes, `..data` linking to it, each top-level name linking into `..data`); a missing Secret
//   or key fails the Pod as the kubelet's FailedMount would (it would retry until the deadline).
// - subPath: bound from `<volume>/<subPath>`, resolved at each container's creation and kept
//   inside its volume; a missing one is made root-owned with the volume root's permission bits
//   (the kubelet's SafeMakeDir: the sticky bit does not carry over).
// - the Pod's resolv.conf (read-only where the root file system is) and the kubelet's etc-hosts
//   (writable), for every container that does not mount its own.

import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { OWNER_FILE, RUN_DIR_PREFIX } from '../../../sandbox/run-dir.js';
import type { KeyToPath, Secret, Volume } from '../k8s-types.js';
import { type Bind, type ContainerMounts, PodFailure } from './pod-translate.js';

export interface PodHostDirs {
  /** The run folder (removed by `remove`). */
  root: string;
  /** Bind mounts of one container, made just before it is created (as the kubelet does). */
  bindsFor(mounts: ContainerMounts, readOnlyRoot: boolean): Bind[];
  /** Write the Pod's resolv.conf and hosts (once its IP is known). */
  writePodFiles(resolv: string, hosts: string): void;
  remove(): void;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function stamp(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const t = `${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}`;
  const c = `${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}`;
  return `..${t}_${c}.${String(randomBytes(4).readUInt32BE(0))}`;
}

interface SecretFile {
  path: string;
  data: string;
  mode: number;
}

function secretFiles(
  secrets: readonly Secret[],
  name: string,
  items: readonly KeyToPath[],
  defaultMode: number,
): SecretFile[] {
  const secret = secrets.find((s) => s.metadata.name === name);
  if (!secret) throw new PodFailure(`FailedMount: secret "${name}" not found`);
  return items.map((item) => {
    const data = secret.stringData[item.key];
    if (data === undefined)
      throw new PodFailure(`FailedMount: secret "${name}" has no key "${item.key}"`);
    if (item.path.startsWith('/') || item.path.split('/').some((p) => p === '..' || p === ''))
      throw new PodFailure(`FailedMount: bad item path ${item.path}`);
    return { path: item.path, data, mode: item.mode ?? defaultMode };
  });
}

function writeAtomic(dir: string, files: readonly SecretFile[], now: Date): void {
  const ts = stamp(now);
  fs.mkdirSync(join(dir, ts), { mode: 0o755 });
  for (const f of files) {
    const file = join(dir, ts, f.path);
    fs.mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
    fs.writeFileSync(file, f.data, { mode: f.mode });
    fs.chmodSync(file, f.mode);
  }
  fs.symlinkSync(ts, join(dir, '..data'));
  for (const top of new Set(files.map((f) => f.path.split('/')[0] ?? ''))) {
    fs.symlinkSync(join('..data', top), join(dir, top));
  }
}

/** Make the Pod's folders and volumes under a new run folder. */
export function createPodHostDirs(
  uid: string,
  volumes: readonly Volume[],
  secrets: readonly Secret[],
  now: Date,
): PodHostDirs {
  const root = fs.mkdtempSync(join(tmpdir(), RUN_DIR_PREFIX));
  fs.writeFileSync(join(root, OWNER_FILE), String(process.pid));
  const podDir = join(root, 'pods', uid);
  const volumeDirs = new Map<string, string>();
  const remove = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    for (const v of volumes) {
      if (!DNS_LABEL.test(v.name)) throw new PodFailure(`bad volume name ${v.name}`);
      const plugin = 'emptyDir' in v ? 'empty-dir' : 'secret' in v ? 'secret' : 'projected';
      const dir = join(podDir, 'volumes', `kubernetes.io~${plugin}`, v.name);
      fs.mkdirSync(dir, { recursive: true });
      volumeDirs.set(v.name, dir);
      if ('emptyDir' in v) {
        fs.chmodSync(dir, v.emptyDir.medium === 'Memory' ? 0o1777 : 0o777);
        continue;
      }
      fs.chmodSync(dir, 0o1777);
      const files =
        'secret' in v
          ? secretFiles(secrets, v.secret.secretName, v.secret.items, v.secret.defaultMode)
          : v.projected.sources.flatMap((s) =>
              secretFiles(secrets, s.secret.name, s.secret.items, v.projected.defaultMode),
            );
      writeAtomic(dir, files, now);
    }
  } catch (e) {
    remove();
    throw e;
  }
  const resolvFile = join(podDir, 'resolv.conf');
  const hostsFile = join(podDir, 'etc-hosts');

  const subPathSource = (volumeDir: string, subPath: string, emptyDir: boolean): string => {
    let at = volumeDir;
    const perm = fs.statSync(volumeDir).mode & 0o777;
    for (const part of subPath.split('/').filter((p) => p !== '' && p !== '.')) {
      at = join(at, part);
      if (!fs.lstatSync(at, { throwIfNoEntry: false })) {
        if (!emptyDir) throw new PodFailure(`subPath ${subPath} does not exist in its volume`);
        fs.mkdirSync(at);
        fs.chmodSync(at, perm);
      }
    }
    let real: string;
    try {
      real = fs.realpathSync(at);
    } catch {
      throw new PodFailure(`subPath ${subPath} cannot be resolved`);
    }
    const rel = relative(fs.realpathSync(volumeDir), real);
    if (rel.startsWith(`..${sep}`) || rel === '..')
      throw new PodFailure(`subPath ${subPath} leaves its volume`);
    return real;
  };

  return {
    root,
    bindsFor(mounts, readOnlyRoot) {
      const binds = mounts.requests.map((r): Bind => {
        const dir = volumeDirs.get(r.volume);
        if (!dir) throw new PodFailure(`no volume ${r.volume}`);
        const source = r.subPath ? subPathSource(dir, r.subPath, r.kind === 'emptyDir') : dir;
        return { source, target: r.target, readOnly: r.readOnly };
      });
      if (!mounts.ownResolv)
        binds.push({ source: resolvFile, target: '/etc/resolv.conf', readOnly: readOnlyRoot });
      if (!mounts.ownHosts)
        binds.push({ source: hostsFile, target: '/etc/hosts', readOnly: false });
      return binds;
    },
    writePodFiles(resolv, hosts) {
      fs.writeFileSync(resolvFile, resolv, { mode: 0o644 });
      fs.writeFileSync(hostsFile, hosts, { mode: 0o644 });
    },
    remove,
  };
}
