// The one way to run analyses: open the engine once (Docker, the sandbox image), then analyse
// any number of targets through it. The CLI's commands, the benchmark, the panel and the tests
// all come through here, so option defaults, validation and cleanup are the same everywhere.
import { randomBytes, randomInt } from 'node:crypto';
import type Docker from 'dockerode';
import { connectDocker } from '../../sandbox/docker/engine.js';
import type { Pod } from '../../sandbox/docker/pod.js';
import { ensureImage } from '../../sandbox/image/build-image.js';
import type { Plan, Report } from '../domain/types.js';
import { DEFAULT_ROUNDS, makePlan, type PlanInput } from '../plan/make-plan.js';
import { analyze } from './analyze.js';
import { CleanupRegistry } from './cleanup-registry.js';

export interface Engine {
  docker: Docker;
  /** The sandbox image tag. */
  image: string;
}

/** What to analyse and how: a PlanInput whose run id, seed and limits have defaults. */
export type AnalysisRequest = Omit<
  PlanInput,
  'runId' | 'seed' | 'image' | 'failOn' | 'timeoutSeconds' | 'callTimeoutSeconds' | 'rounds'
> &
  Partial<
    Pick<
      PlanInput,
      'runId' | 'seed' | 'failOn' | 'timeoutSeconds' | 'callTimeoutSeconds' | 'rounds'
    >
  >;

export interface AnalysisOptions {
  log?: (line: string) => void;
  /** The caller's registry (the CLI's, so a signal tears down); a private one otherwise. */
  cleanup?: CleanupRegistry;
  /** Integration tests only: runs once the pod is up. */
  afterPodStart?: (pod: Pod) => Promise<void>;
}

/** Connect to the engine and make sure the sandbox image exists (built once, then cached). */
export async function openEngine(
  opts: { log?: (line: string) => void; verbose?: (line: string) => void } = {},
): Promise<Engine> {
  const docker = await connectDocker();
  const baseImage = process.env['BASE_IMAGE'];
  const image = await ensureImage(docker, {
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.verbose ? { verbose: opts.verbose } : {}),
    ...(baseImage ? { baseImage } : {}),
  });
  return { docker, image };
}

/** The plan a request makes with the given image; throws AnalyzerError('bad-args') on bad
 * options, so a caller can check a request before it touches Docker (image ''). */
export function planRequest(request: AnalysisRequest, image: string): Plan {
  return makePlan({
    runId: request.runId ?? randomBytes(4).toString('hex'),
    seed: request.seed ?? randomInt(1, 2 ** 31),
    failOn: 'high',
    timeoutSeconds: 300,
    callTimeoutSeconds: 20,
    rounds: DEFAULT_ROUNDS,
    ...request,
    image,
  });
}

/** Analyse one target; the report is also written where the plan says. */
export async function runAnalysis(
  engine: Engine,
  request: AnalysisRequest | Plan,
  opts: AnalysisOptions = {},
): Promise<{ plan: Plan; report: Report }> {
  const plan = 'jsonPath' in request ? request : planRequest(request, engine.image);
  const cleanup = opts.cleanup ?? new CleanupRegistry();
  try {
    const report = await analyze(plan, {
      docker: engine.docker,
      cleanup,
      log: opts.log ?? (() => undefined),
      ...(opts.afterPodStart ? { afterPodStart: opts.afterPodStart } : {}),
    });
    return { plan, report };
  } finally {
    if (!opts.cleanup) await cleanup.runAll();
  }
}
