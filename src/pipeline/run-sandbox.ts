// The part of an analysis that runs once the package is staged, planted and its sandbox is up:
// baseline checkpoint -> install -> exercise -> collect -> assemble -> write. Shared by the
// local run (analyze.ts, on the Docker pod) and the runner inside a Kubernetes Pod
// (src/k8s/pod-drive.ts), so both give the same report for the same behaviour. The caller
// owns the sandbox and tears it down.
import { FsCheckpoints } from '../../sandbox/docker/fs-checkpoint.js';
import { targetPathOf } from '../../sandbox/plant.js';
import { QuietWaits } from '../../sandbox/quiet-waits.js';
import type { SandboxPod, TraceView } from '../../sandbox/sandbox-pod.js';
import type { FetchObservations, PackageIdentity, Plan, Report } from '../domain/types.js';
import type { StagedPackage } from '../fetch/fetch-package.js';
import { reportWithPolicy } from '../policy/report-with-policy.js';
import { projectVersion } from '../util/project-root.js';
import { assembleReport } from './assemble-report.js';
import type { RunContext } from './run-context.js';
import { collectStep } from './steps/collect-step.js';
import { exerciseStep } from './steps/exercise-step.js';
import { installStep } from './steps/install-step.js';
import type { Planted } from './steps/plant-step.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Sandbox {
  pod: SandboxPod;
  trace: TraceView;
}

export interface SandboxRun {
  staged: StagedPackage;
  fetch: FetchObservations;
  identity?: PackageIdentity;
  /** What `npm rebuild` would run (fetch-step.ts); absent: nothing, the install is skipped. */
  installWork?: string;
  planted: Planted;
  sandbox: Sandbox;
}

/** Install, exercise and collect in `run.sandbox`; the report, with the plan's policy. */
export async function runInSandbox(ctx: RunContext, run: SandboxRun): Promise<Report> {
  const { plan } = ctx;
  const { pod } = run.sandbox;
  const fs = new FsCheckpoints(
    pod,
    new Set(run.planted.canarySet.files.filter((f) => f.secret).map((f) => targetPathOf(f.path))),
  );
  await fs.baseline();
  const quiet = new QuietWaits(pod, sleep);
  const installed = await installStep(ctx, pod, run.planted.env, fs, quiet, run.installWork);
  const exercised = await exerciseStep(ctx, pod, run.staged, run.planted.env, fs, sleep, quiet);
  const collected = await collectStep(
    ctx,
    { sandbox: run.sandbox, fs, planted: run.planted, installed, exercised },
    quiet,
  );
  const assembled = assembleReport({
    plan,
    toolVersion: projectVersion(),
    t0: ctx.t0,
    manifest: run.staged.manifest,
    ...(run.identity ? { identity: run.identity } : {}),
    fetch: run.fetch,
    install: installed.log,
    session: exercised.session,
    ...collected,
    timings: ctx.timings,
    notes: ctx.notes,
  });
  const report = withPlanPolicy(plan, assembled);
  ctx.timings['total'] = Date.now() - ctx.t0;
  return report;
}

/** The report with the plan's policy applied (as of now), or as it is without one. */
export function withPlanPolicy(plan: Plan, report: Report): Report {
  return plan.policy ? reportWithPolicy(report, plan.policy, new Date()) : report;
}
