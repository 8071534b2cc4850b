// The cost of starting one container on this machine, the unit the issue compares an analysis
// with: `docker run --rm --network none <sandbox image> node -e 0`, timed end to end through the
// docker CLI (create, start, node's start-up, wait, remove). --network none as the pod's gateway
// has: no bridge to set up, and nothing leaves the machine. Limits: the CLI's own start-up
// (a few tens of ms) is included; the first run may pay for a cold page cache.
import { execa } from 'execa';

export const CONTAINER_START_ARGS = (image: string): string[] => [
  'run',
  '--rm',
  '--network',
  'none',
  image,
  'node',
  '-e',
  '0',
];

/** Wall time of each of `count` container runs, in ms; throws when one fails. */
export async function timeContainerStarts(image: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = Date.now();
    const r = await execa('docker', CONTAINER_START_ARGS(image), {
      reject: false,
      timeout: 120_000,
    });
    if (r.exitCode !== 0)
      throw new Error(
        `docker ${CONTAINER_START_ARGS(image).join(' ')} failed (exit ${r.exitCode}): ${String(r.stderr).slice(0, 300)}`,
      );
    samples.push(Date.now() - started);
  }
  return samples;
}
