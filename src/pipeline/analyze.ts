// One analysis as named steps over a run context: fetch -> plant -> pod, then the sandbox run
// (run-sandbox.ts: install -> exercise -> collect -> assemble) -> write. Effects live in the
// steps; this file only orders them and guarantees teardown. Our failures throw AnalyzerError;
// whatever the package does becomes data in the report. Callers reach it through the front door
// (src/pipeline/front-door.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderHtml } from '../../reports/render-html.js';
import { renderJson } from '../../reports/render-json.js';
import { renderSarif } from '../../reports/render-sarif.js';
import type { Plan, Report } from '../domain/types.js';
import { notInstalledReport } from './not-installed-report.js';
import { makeRunContext, type RunDeps } from './run-context.js';
import { runInSandbox, withPlanPolicy } from './run-sandbox.js';
import { fetchStep, runDirFor } from './steps/fetch-step.js';
import { plantStep } from './steps/plant-step.js';
import { type NetworkStarted, podStep, startNetwork } from './steps/pod-step.js';

export type AnalyzeDeps = RunDeps;

export async function analyze(plan: Plan, deps: AnalyzeDeps): Promise<Report> {
  const ctx = makeRunContext(plan, deps);
  const runDir = runDirFor(ctx);
  // The gateway boots while the package is fetched and planted (they do not depend on each
  // other); the pod step adds the target.
  const started = startNetwork(ctx, runDir);
  const fetched = await fetchStep(ctx, runDir).catch(async (e: unknown) => {
    await abandon(started);
    throw e;
  });
  if (fetched.outcome.kind === 'refused') {
    await abandon(started);
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
  const sandbox = await podStep(ctx, started, staged, planted, runDir);
  try {
    const report = await runInSandbox(ctx, {
      staged,
      fetch,
      ...(fetched.identity ? { identity: fetched.identity } : {}),
      ...(fetched.installWork ? { installWork: fetched.installWork } : {}),
      planted,
      sandbox,
    });
    writeReports(plan, report);
    return report;
  } finally {
    await sandbox.trace.stop();
    await sandbox.pod.destroy();
    fetched.runDir.remove();
  }
}

/** The network half of a pod whose package never came (the fetch failed or was refused). */
async function abandon(started: NetworkStarted): Promise<void> {
  await started.network.then(
    (n) => n.abandon(),
    () => undefined,
  );
  await started.traced;
  await started.trace.stop();
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
