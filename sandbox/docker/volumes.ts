// The run's named volumes (the target's HOME and /tmp, as tmpfs): neutral random names, so
// nothing the target can read names the analyzer, and labels, so leftovers can be found and
// removed like containers.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { LABEL_RUN, runLabels } from './labels.js';
import { type PodVolumes, volumeOptions } from './pod-spec.js';

export async function createRunVolumes(docker: Docker, runId: string): Promise<PodVolumes> {
  const make = async (which: 'home' | 'tmp') => {
    const name = randomBytes(16).toString('hex');
    await docker.createVolume({
      Name: name,
      Driver: 'local',
      DriverOpts: volumeOptions(which),
      Labels: runLabels(runId, 'volume'),
    });
    return name;
  };
  const home = await make('home');
  try {
    return { home, tmp: await make('tmp') };
  } catch (e) {
    await docker
      .getVolume(home)
      .remove({ force: true })
      .catch(() => undefined);
    throw e;
  }
}

/** Remove the run's volumes; never throws (a volume still in use stays for `cleanup`). */
export async function removeVolumes(docker: Docker, v: PodVolumes): Promise<void> {
  await Promise.allSettled(
    [v.home, v.tmp].map((name) => docker.getVolume(name).remove({ force: true })),
  );
}

/** Every volume labelled with a run (for cleanup). */
export async function listRunVolumes(
  docker: Docker,
  runId?: string,
): Promise<{ name: string; labels: Record<string, string> }[]> {
  const r = await docker.listVolumes({
    filters: { label: [runId ? `${LABEL_RUN}=${runId}` : LABEL_RUN] },
  });
  return (r.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
}
