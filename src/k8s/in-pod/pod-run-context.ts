// The plan and run context of the in-Pod programs (pod-stage.ts, pod-drive.ts): the plan comes
// from the Job's Secret (our own manifest, pod-layout.ts's PLAN_FILE), the context has no
// Docker engine (the steps that need one ran before, or run differently, in a Pod).
import { readFileSync } from 'node:fs';
import { AnalyzerError } from '../../domain/errors.js';
import type { Plan } from '../../domain/types.js';
import type { CleanupRegistry } from '../../pipeline/cleanup-registry.js';
import type { RunContext } from '../../pipeline/run-context.js';

const MAX_PLAN_BYTES = 4 * 1024 * 1024;

export function readPodPlan(path: string): Plan {
  let plan: Plan;
  try {
    const text = readFileSync(path);
    if (text.length > MAX_PLAN_BYTES) throw new Error('too large');
    plan = JSON.parse(text.toString('utf8')) as Plan;
  } catch (e) {
    throw new AnalyzerError(
      'bad-args',
      `cannot read the plan ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!plan || typeof plan !== 'object' || plan.target?.kind !== 'npm' || !plan.limits)
    throw new AnalyzerError('bad-args', `${path} is not an npm analysis plan`);
  return plan;
}

export function podRunContext(plan: Plan, cleanup: CleanupRegistry): RunContext {
  return {
    plan,
    cleanup,
    log: (line) => process.stderr.write(`mcp-airlock: ${line}\n`),
    t0: Date.now(),
    timings: {},
    notes: [],
  };
}
