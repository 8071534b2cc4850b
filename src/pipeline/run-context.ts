// The run context: what every step of one analysis shares (the plan, the engine, the cleanup
// registry, the progress log, the clock) and what the steps add to as they go (timings, notes).
// Steps take the context and return their own results as values; nothing else is global.
import type Docker from 'dockerode';
import type { Pod } from '../../sandbox/docker/pod.js';
import type { Plan } from '../domain/types.js';
import type { CleanupRegistry } from './cleanup-registry.js';

export interface RunContext {
  readonly plan: Plan;
  readonly cleanup: CleanupRegistry;
  readonly log: (line: string) => void;
  /** Epoch ms the run started. */
  readonly t0: number;
  /** Wall time of each step in milliseconds (the report's `timings`). */
  readonly timings: Record<string, number>;
  /** Plain-language notes for the report, added by the steps. */
  readonly notes: string[];
}

/** A run on this machine's Docker engine (the fetch and pod steps need it; the in-Pod runner
 * of src/k8s has no engine and starts after them). */
export interface DockerRunContext extends RunContext {
  readonly docker: Docker;
  /** Integration tests only: runs once the pod is up (to break a helper on purpose). */
  readonly afterPodStart?: (pod: Pod) => Promise<void>;
}

export interface RunDeps {
  docker: Docker;
  cleanup: CleanupRegistry;
  log: (line: string) => void;
  afterPodStart?: (pod: Pod) => Promise<void>;
}

export function makeRunContext(
  plan: Plan,
  deps: RunDeps,
  now: number = Date.now(),
): DockerRunContext {
  return {
    plan,
    docker: deps.docker,
    cleanup: deps.cleanup,
    log: deps.log,
    t0: now,
    timings: {},
    notes: [],
    ...(deps.afterPodStart ? { afterPodStart: deps.afterPodStart } : {}),
  };
}

/** Run `work` and record its wall time under `name`. */
export async function timed<T>(ctx: RunContext, name: string, work: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await work();
  } finally {
    ctx.timings[name] = Date.now() - start;
  }
}
