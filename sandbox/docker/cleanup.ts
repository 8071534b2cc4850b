// Removes what earlier runs left behind: containers labelled as ours whose owning process is
// gone, and temp folders whose owner pid is dead. With `all`, every labelled container goes.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { OWNER_FILE, RUN_DIR_PREFIX } from '../run-dir.js';
import { LABEL_OWNER_PID, LABEL_RUN } from './labels.js';
import { listRunVolumes } from './volumes.js';

/** Run folders: today's neutral name, and the name earlier versions used. */
const RUN_DIR_PREFIXES = [RUN_DIR_PREFIX, 'mcp-airlock-'];
const LEGACY_OWNER_FILE = '.owner-pid';

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface CleanupResult {
  containers: string[];
  folders: string[];
  volumes: string[];
}

export async function removeLeftovers(
  docker: Docker | undefined,
  opts: { all: boolean },
): Promise<CleanupResult> {
  const result: CleanupResult = { containers: [], folders: [], volumes: [] };
  if (docker) {
    const list = await docker.listContainers({ all: true, filters: { label: [LABEL_RUN] } });
    for (const c of list) {
      const owner = Number(c.Labels[LABEL_OWNER_PID]);
      if (!opts.all && owner !== process.pid && pidAlive(owner)) continue;
      if (owner === process.pid && !opts.all) continue;
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
      result.containers.push(c.Names[0] ?? c.Id);
    }
  }
  for (const name of readdirSync(tmpdir())) {
    if (!RUN_DIR_PREFIXES.some((p) => name.startsWith(p))) continue;
    const dir = join(tmpdir(), name);
    const marker = [OWNER_FILE, LEGACY_OWNER_FILE].map((f) => join(dir, f)).find(existsSync);
    // A folder without our marker is somebody else's (tmp.* is mktemp's pattern too).
    if (!marker) continue;
    let owner = NaN;
    try {
      owner = Number(readFileSync(marker, 'utf8'));
    } catch {
      // unreadable: treated as dead
    }
    if (!opts.all && (owner === process.pid || pidAlive(owner))) continue;
    rmSync(dir, { recursive: true, force: true });
    result.folders.push(dir);
  }
  if (docker) {
    for (const v of await listRunVolumes(docker).catch(() => [])) {
      const owner = Number(v.labels[LABEL_OWNER_PID]);
      if (!opts.all && (owner === process.pid || pidAlive(owner))) continue;
      await docker
        .getVolume(v.name)
        .remove({ force: true })
        .then(() => result.volumes.push(v.name))
        .catch(() => undefined);
    }
  }
  return result;
}

/** Remove every container and volume of one run (on interrupt, before the pod object exists). */
export async function removeRunContainers(docker: Docker, runId: string): Promise<void> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_RUN}=${runId}`] },
  });
  await Promise.allSettled(list.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  const volumes = await listRunVolumes(docker, runId).catch(() => []);
  await Promise.allSettled(volumes.map((v) => docker.getVolume(v.name).remove({ force: true })));
}
