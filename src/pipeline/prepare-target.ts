// Gets the target ready before install: the staged project and the planted HOME are copied into
// its HOME volume (as uid 1000, from the observer, which mounts the run folder, while the target
// starts; or in the target from its read-only mounts), and planted secrets get their real modes.
// Then the first file checkpoint is taken, so everything after is the package's doing. Runs
// while netsim gets ready (PodNetwork.complete's `prepare`): nothing of the package's runs yet.
import type { ExecOptions, ExecResult } from '../../sandbox/docker/exec.js';
import type { StagedSources } from '../../sandbox/docker/pod.js';
import { TARGET_HOME, TARGET_PROJECT } from '../../sandbox/docker/pod-spec.js';
import { chmodCommand } from '../../sandbox/plant.js';
import type { PlantedFile } from '../canary/make-canaries.js';

export async function prepareTarget(
  exec: (opts: ExecOptions) => Promise<ExecResult>,
  from: StagedSources,
  files: readonly PlantedFile[],
  notes: string[],
): Promise<void> {
  const run = async (cmd: string[]) => {
    if (cmd.length <= 3) return;
    const r = await exec({
      cmd,
      user: '1000:1000',
      timeoutMs: 120_000,
      maxBytes: 8192,
    });
    if (r.exitCode !== 0)
      notes.push(`preparing the target failed (${cmd[0]}): ${r.stderr.slice(0, 300)}`);
  };
  // The project and HOME copies are independent; the modes are set once HOME is in place.
  await Promise.all([
    run(['cp', '-R', '--preserve=mode,timestamps', `${from.project}/.`, TARGET_PROJECT]),
    run(['cp', '-R', '--preserve=mode,timestamps', `${from.seed}/.`, `${TARGET_HOME}/`]).then(() =>
      run(chmodCommand(files)),
    ),
  ]);
}
