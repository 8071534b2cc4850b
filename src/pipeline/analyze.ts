// One analysis as named steps over a run context: fetch -> plant -> pod -> install -> exercise
// -> collect -> assemble (pure) -> write. Effects live in the steps; this file only orders them
// and guarantees teardown. Our failures throw AnalyzerError; whatever the package does becomes
// data in the report. Callers reach it through the front door (src/pipeline/front-door.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FsCheckpoints } from '../../sandbox/docker/fs-checkpoint.js';
import { QuietWaits } from '../../sandbox/quiet-waits.js';
import { targetPathOf } from '../../sandbox/plant.js';
import { renderHtml } from '../../reports/render-html.js';
import { renderJson } from '../../reports/render-json.js';
import { renderSarif } from '../../reports/render-sarif.js';
import type { Plan, Report } from '../domain/types.js';
import { reportWithPolicy } from '../policy/report-with-policy.js';
import { projectVersion } from '../util/project-root.js';
import { assembleReport } from './assemble-report.js';
import { notInstalledReport } from './not-installed-report.js';
import { makeRunContext, type RunDeps } from './run-context.js';
import { collectStep } from './steps/collect-step.js';
import { exerciseStep } from './steps/exercise-step.js';
import { fetchStep } from './steps/fetch-step.js';
import { installStep } from './steps/install-step.js';
import { plantStep } from './steps/plant-step.js';
import { podStep } from './steps/pod-step.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type AnalyzeDeps = RunDeps;

export async function analyze(plan: Plan, deps: AnalyzeDeps): Promise<Report> {
  const ctx = makeRunContext(plan, deps);
  const fetched = await fetchStep(ctx);
  if (fetched.outcome.kind === 'refused') {
    // Its own dependencies kept it from being installed: nothing ran, and the report says so.
    const report = withPlanPolicy(
      plan,
      notInstalledReport(plan, ctx.t0, fetched.outcome, ctx.timings),
    );
    writeReports(plan, report);
    fetched.runDir.remove();
    return report;
  }
  const { staged, fetch } = fetched.outcome;
  const planted = plantStep(ctx, staged, fetched.runDir);
  const sandbox = await podStep(ctx, fetched.runDir, staged, planted);
  try {
    const fs = new FsCheckpoints(
      sandbox.pod,
      new Set(planted.canarySet.files.filter((f) => f.secret).map((f) => targetPathOf(f.path))),
    );
    await fs.baseline();
    const quiet = new QuietWaits(sandbox.pod, sleep);
    const installed = await installStep(
      ctx,
      sandbox.pod,
      planted.env,
      fs,
      quiet,
      fetched.installWork,
    );
    const exercised = await exerciseStep(ctx, sandbox.pod, staged, planted.env, fs, sleep, quiet);
    const collected = await collectStep(ctx, { sandbox, fs, planted, installed, exercised }, quiet);
    const assembled = assembleReport({
      plan,
      toolVersion: projectVersion(),
      t0: ctx.t0,
      manifest: staged.manifest,
      ...(fetched.identity ? { identity: fetched.identity } : {}),
      fetch,
      install: installed.log,
      session: exercised.session,
      ...collected,
      timings: ctx.timings,
      notes: ctx.notes,
    });
    const report = withPlanPolicy(plan, assembled);
    ctx.timings['total'] = Date.now() - ctx.t0;
    writeReports(plan, report);
    return report;
  } finally {
    await sandbox.trace.stop();
    await sandbox.pod.destroy();
    fetched.runDir.remove();
  }
}

/** The report with the plan's policy applied (as of now), or as it is without one. */
function withPlanPolicy(plan: Plan, report: Report): Report {
  return plan.policy ? reportWithPolicy(report, plan.policy, new Date()) : report;
}

/** report.json and report.html, and SARIF when the plan asks for it. */
export function writeReports(plan: Plan, report: Report): void {
  const outputs: [string, () => string][] = [
    [plan.jsonPath, () => renderJson(report)],
    [plan.htmlPath, () => renderHtml(report)],
  ];
  if (plan.sarifPath) outputs.push([plan.sarifPath, () => renderSarif(report)]);
  for (const [path, render] of outputs) {
    const text = render();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
