// Gets the target ready before install: the staged project and the planted HOME are copied in
// from their read-only mounts, and planted secrets get their real modes. Then the first file
// checkpoint is taken, so everything after is the package's doing. Runs while netsim gets ready
// (Pod.start's `prepare`): only our own commands run in the target before that.
import type { ExecOptions, ExecResult } from '../../sandbox/docker/exec.js';
import {
  TARGET_HOME,
  TARGET_HOME_SEED,
  TARGET_PROJECT,
  TARGET_PROJECT_SOURCE,
} from '../../sandbox/docker/pod-spec.js';
import { chmodCommand } from '../../sandbox/plant.js';
import type { PlantedFile } from '../canary/make-canaries.js';

export async function prepareTarget(
  exec: (opts: ExecOptions) => Promise<ExecResult>,
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
    run(['cp', '-R', '--preserve=mode,timestamps', `${TARGET_PROJECT_SOURCE}/.`, TARGET_PROJECT]),
    run([
      'cp',
      '-R',
      '--preserve=mode,timestamps',
      `${TARGET_HOME_SEED}/.`,
      `${TARGET_HOME}/`,
    ]).then(() => run(chmodCommand(files))),
  ]);
}
