// The report of one analysis, assembled from what the steps observed: runs the rules and
// derives the verdict, the counts and the coverage. Pure: same observations, same report.
import { summarizeCoverage } from '../domain/coverage.js';
import { countBySeverity, verdictOf } from '../domain/severity.js';
import type {
  BehaviourObservations,
  FetchObservations,
  NetworkObservations,
  ObservationGap,
  PackageIdentity,
  Plan,
  ProcessLog,
  Report,
  Timeline,
} from '../domain/types.js';
import type { SessionResult } from '../../harness/session-types.js';
import { describeTarget } from '../plan/target-spec.js';
import { runRules } from '../rules/run-rules.js';

export interface ReportParts {
  plan: Plan;
  toolVersion: string;
  t0: number;
  manifest: { name: string; version: string };
  identity?: PackageIdentity;
  fetch: FetchObservations;
  install: ProcessLog;
  session: SessionResult;
  timeline: Timeline;
  network: NetworkObservations;
  behaviour: BehaviourObservations;
  gaps: ObservationGap[];
  timings: Record<string, number>;
  notes: string[];
}

export function assembleReport(p: ReportParts): Report {
  const { plan, session } = p;
  const calls = session.calls;
  const findings = runRules(
    p.network,
    plan.allowEgress,
    p.behaviour,
    { surface: session.surface, tools: session.tools, calls, server: session.server },
    p.gaps,
    p.fetch,
  );
  return {
    schemaVersion: 1,
    tool: { name: 'mcp-airlock', version: p.toolVersion },
    runId: plan.runId,
    seed: plan.seed,
    startedAt: new Date(p.t0).toISOString(),
    target: {
      spec: describeTarget(plan.target),
      name: p.manifest.name,
      version: p.manifest.version,
    },
    ...(p.identity ? { package: p.identity } : {}),
    verdict: verdictOf(findings),
    findings,
    summary: countBySeverity(findings),
    coverage: summarizeCoverage(session.tools, calls, plan.minCoverage),
    allowEgress: plan.allowEgress,
    fetch: p.fetch,
    install: p.install,
    server: session.server,
    tools: session.tools.map((definition) => ({
      definition,
      calls: calls.filter((c) => c.tool === definition.name),
    })),
    surface: session.surface,
    restarts: session.restarts,
    network: p.network,
    behaviour: p.behaviour,
    gaps: p.gaps,
    timeline: p.timeline,
    timings: p.timings,
    notes: p.notes,
  };
}
