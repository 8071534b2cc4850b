// `mcp-airlock pod-run drive`: the runner of a Kubernetes analysis Pod (pod-layout.ts). Reads
// the stage's state, waits for the target's launcher, runs the same sandbox steps as a local
// analysis (src/pipeline/run-sandbox.ts) against the Pod (in-pod.ts), writes the reports and
// prints report.json to its log between marker lines (report-log.ts), which is how the report
// leaves the Pod. Exit 0 once the report is out, whatever its verdict.
import { join } from 'node:path';
import { renderJson } from '../../../reports/render-json.js';
import { TARGET_PROJECT } from '../../../sandbox/docker/pod-spec.js';
import { AnalyzerError } from '../../domain/errors.js';
import type { Report } from '../../domain/types.js';
import { writeReports } from '../../pipeline/analyze.js';
import type { CleanupRegistry } from '../../pipeline/cleanup-registry.js';
import { notInstalledReport } from '../../pipeline/not-installed-report.js';
import { runInSandbox, withPlanPolicy } from '../../pipeline/run-sandbox.js';
import { InPod, noTrace } from './in-pod.js';
import { waitForLauncher } from './launcher-client.js';
import { PLAN_FILE, RUNNER_LAUNCHER_SOCKET, STATE_DIR } from '../pod-layout.js';
import { podRunContext, readPodPlan } from './pod-run-context.js';
import { plantedOf, readState, STATE_FILE } from './pod-state.js';
import { reportLogBlock } from '../report-log.js';

/** The target's launcher starts once the gateway's startup probe passed: it should be quick. */
const LAUNCHER_WAIT_MS = 120_000;

export interface DriveOptions {
  planFile?: string;
  stateDir?: string;
  socket?: string;
  /** Where the block goes (the runner's log). */
  write?: (text: string) => void;
}

export async function podDrive(opts: DriveOptions, cleanup: CleanupRegistry): Promise<Report> {
  const plan = readPodPlan(opts.planFile ?? PLAN_FILE);
  const ctx = podRunContext(plan, cleanup);
  const state = (() => {
    try {
      return readState(join(opts.stateDir ?? STATE_DIR, STATE_FILE));
    } catch (e) {
      throw new AnalyzerError(
        'sandbox-failed',
        `the stage left no usable state: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  })();
  Object.assign(ctx.timings, state.timings);
  ctx.notes.push(...state.notes);
  let report: Report;
  if (state.kind === 'refused') {
    report = withPlanPolicy(plan, notInstalledReport(plan, ctx.t0, state.outcome, ctx.timings));
  } else {
    const socket = opts.socket ?? RUNNER_LAUNCHER_SOCKET;
    await waitForLauncher(socket, LAUNCHER_WAIT_MS).catch((e: unknown) => {
      throw new AnalyzerError(
        'sandbox-failed',
        `the target's launcher did not answer: ${e instanceof Error ? e.message : String(e)}`,
      );
    });
    const pod = new InPod(socket);
    cleanup.add(() => pod.destroy());
    ctx.notes.push('run in a Kubernetes Pod: no process trace, fixed quiet waits');
    try {
      report = await runInSandbox(ctx, {
        staged: {
          projectDir: TARGET_PROJECT,
          manifest: state.manifest,
          entryInProject: state.entryInProject,
        },
        fetch: state.fetch,
        ...(state.identity ? { identity: state.identity } : {}),
        ...(state.installWork ? { installWork: state.installWork } : {}),
        planted: plantedOf(state, ''),
        sandbox: { pod, trace: noTrace() },
      });
    } finally {
      await pod.destroy();
    }
  }
  writeReports(plan, report);
  const block = reportLogBlock(renderJson(report));
  const write = opts.write ?? ((t: string) => process.stdout.write(t));
  if (!block)
    throw new AnalyzerError('sandbox-failed', 'the report is too large for the runner log');
  write(block);
  return report;
}
