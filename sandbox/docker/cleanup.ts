// Removes what earlier runs left behind: containers labelled as ours whose owning process is
// gone, and temp folders whose owner pid is dead. With `all`, every labelled container goes.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { OWNER_FILE, RUN_DIR_PREFIX } from '../run-dir.js';
import { LABEL_OWNER_PID, LABEL_RUN } from './labels.js';

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
}

export async function removeLeftovers(
  docker: Docker | undefined,
  opts: { all: boolean },
): Promise<CleanupResult> {
  const result: CleanupResult = { containers: [], folders: [] };
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
    if (!name.startsWith(RUN_DIR_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
    } catch {
      // no owner file: a folder from a crashed start
    }
    if (!opts.all && (owner === process.pid || pidAlive(owner))) continue;
    rmSync(dir, { recursive: true, force: true });
    result.folders.push(dir);
  }
  return result;
}

/** Remove every container of one run (used on interrupt, before the pod object exists). */
export async function removeRunContainers(docker: Docker, runId: string): Promise<void> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_RUN}=${runId}`] },
  });
  await Promise.allSettled(list.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}
