// The report of a package whose own dependencies kept it from being installed (refused by the
// fetch: not from the registry, or only reachable past it): nothing of it ran, so every
// observation is empty, the server is "not started", and the findings say why. Pure.
import type { FetchOutcome } from '../fetch/fetch-package.js';
import { blankBehaviour, blankNetwork } from '../domain/blank-observations.js';
import { blankSurface } from '../domain/blank-surface.js';
import { summarizeCoverage } from '../domain/coverage.js';
import { countBySeverity, verdictOf } from '../domain/severity.js';
import type { Plan, Report, SurfaceObservations } from '../domain/types.js';
import { describeTarget } from '../plan/target-spec.js';
import { runRules } from '../rules/run-rules.js';
import { projectVersion } from '../util/project-root.js';

const EMPTY_SURFACE: SurfaceObservations = blankSurface('stdio', {
  done: false,
  reason: 'not installed',
});

export function notInstalledReport(
  plan: Plan,
  t0: number,
  fetched: Extract<FetchOutcome, { kind: 'refused' }>,
  timings: Record<string, number>,
): Report {
  const server = {
    command: [],
    started: false,
    initialized: false,
    exitCode: null,
    stderrExcerpt: '',
    error: `not installed: ${fetched.fetch.failed ?? 'its dependencies could not be fetched'}`,
  };
  const network = blankNetwork();
  const behaviour = blankBehaviour({ available: false, reason: 'not installed' });
  const findings = runRules(
    network,
    plan.allowEgress,
    behaviour,
    { surface: EMPTY_SURFACE, tools: [], calls: [], server },
    [],
    fetched.fetch,
  );
  return {
    schemaVersion: 1,
    tool: { name: 'mcp-airlock', version: projectVersion() },
    runId: plan.runId,
    seed: plan.seed,
    startedAt: new Date(t0).toISOString(),
    target: { spec: describeTarget(plan.target), name: fetched.name, version: fetched.version },
    verdict: verdictOf(findings),
    findings,
    summary: countBySeverity(findings),
    coverage: summarizeCoverage([], [], plan.minCoverage),
    allowEgress: plan.allowEgress,
    fetch: fetched.fetch,
    install: { exitCode: null, timedOut: false, outputExcerpt: '' },
    server,
    tools: [],
    surface: EMPTY_SURFACE,
    restarts: [],
    network,
    behaviour,
    gaps: [],
    timeline: { phases: [], calls: [] },
    timings: { ...timings, total: Date.now() - t0 },
    notes: [
      'the package was not installed: its dependencies could not be fetched from the registry',
    ],
  };
}
