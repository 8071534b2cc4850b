// The benchmark's figures as plain data (written to bench.json and rendered by bench-render.ts),
// and the pure steps that build them from what was measured: child analyses into per-target
// step statistics, a report into a reference-server coverage row.
import { atOrAbove } from '../domain/severity.js';
import type { Report } from '../domain/types.js';
import type { BatchFigures } from './batch-throughput.js';
import { ratio, type Stat, statOf } from './bench-stats.js';
import type { ChildResult } from './child-analysis.js';
import type { MachineInfo } from './machine-info.js';
import { answeredShare } from './reference-servers.js';

export interface TargetFigures {
  fixture: string;
  allowEgress: string[];
  /** Rounds and linger the plan used (the CLI's defaults). */
  rounds?: number;
  lingerMs?: number;
  /** Analyses that finished (the others are in failures). */
  runs: number;
  failures: string[];
  verdicts: string[];
  /** Each step's wall time in ms, in the pipeline's order, `total` last. */
  steps: { name: string; ms: Stat }[];
  /** The child process from spawn to exit, in ms (node start and engine check included). */
  childWallMs: Stat;
  /** The child's peak RSS in KiB. */
  peakRssKiB: Stat;
  /** Median `total` over the median container start; absent without both. */
  totalOverContainerStart?: number;
  /** Median child wall (what a batch pays per target, teardown included) over the same. */
  wallOverContainerStart?: number;
}

export interface ReferenceRow {
  name: string;
  tools: number;
  calls: number;
  minCallsPerTool: number;
  validArgs: number;
  answered: number;
  resourcesRead: number;
  resources: number;
  promptsGot: number;
  prompts: number;
  atOrAboveHigh: number;
  totalMs: number;
  /** Up to five calls that got no answer (written by the server: hostile, print with care). */
  errors: { outcome: string; tool: string; inputKind: string; excerpt: string }[];
}

export interface BenchFigures {
  generatedAt: string;
  machine: MachineInfo;
  image: string;
  imageReadyMs: number;
  seed: number;
  containerStart: { command: string; ms: Stat };
  targets: TargetFigures[];
  batch: BatchFigures[];
  reference?: ReferenceRow[];
}

export interface ChildRun {
  result: ChildResult;
  wallMs: number;
}

/** Step names in order of first appearance over the runs, `total` moved last. */
function stepNames(timings: readonly Record<string, number>[]): string[] {
  const names: string[] = [];
  for (const t of timings) for (const k of Object.keys(t)) if (!names.includes(k)) names.push(k);
  return [...names.filter((n) => n !== 'total'), ...(names.includes('total') ? ['total'] : [])];
}

/** One target's figures from its child runs; a step a run skipped counts as 0 ms there. */
export function targetFigures(
  target: { fixture: string; allowEgress: string[] },
  runs: readonly ChildRun[],
  containerStartMedianMs: number,
): TargetFigures {
  const ok = runs.flatMap((r) => (r.result.ok ? [{ ...r.result, wallMs: r.wallMs }] : []));
  const failures = runs.flatMap((r) => (r.result.ok ? [] : [r.result.error]));
  const timings = ok.map((r) => r.timings);
  const steps = stepNames(timings).map((name) => ({
    name,
    ms: statOf(timings.map((t) => t[name] ?? 0)),
  }));
  const total = steps.find((s) => s.name === 'total');
  const over = total && ok.length ? ratio(total.ms.median, containerStartMedianMs) : undefined;
  const childWallMs = statOf(ok.map((r) => r.wallMs));
  const wallOver = ok.length ? ratio(childWallMs.median, containerStartMedianMs) : undefined;
  const first = ok[0];
  return {
    fixture: target.fixture,
    allowEgress: [...target.allowEgress],
    ...(first ? { rounds: first.rounds, lingerMs: first.lingerMs } : {}),
    runs: ok.length,
    failures,
    verdicts: ok.map((r) => r.verdict),
    steps,
    childWallMs,
    peakRssKiB: statOf(ok.map((r) => r.maxRssKiB)),
    ...(over !== undefined ? { totalOverContainerStart: over } : {}),
    ...(wallOver !== undefined ? { wallOverContainerStart: wallOver } : {}),
  };
}

/** How much of a reference server the harness reached, from its report. */
export function referenceRow(name: string, r: Report): ReferenceRow {
  const calls = r.tools.flatMap((t) => t.calls);
  const share = answeredShare(calls.map((c) => c.outcome));
  return {
    name,
    tools: r.tools.length,
    calls: calls.length,
    minCallsPerTool: r.tools.length ? Math.min(...r.tools.map((t) => t.calls.length)) : 0,
    validArgs: calls.filter((c) => c.argsValid).length,
    answered: share.answered,
    resourcesRead: r.surface.resources.filter((x) => x.read?.outcome === 'ok').length,
    resources: r.surface.resources.length,
    promptsGot: r.surface.prompts.filter((p) => p.gets.some((g) => g.outcome === 'ok')).length,
    prompts: r.surface.prompts.length,
    atOrAboveHigh: r.findings.filter((f) => atOrAbove(f.severity, 'high')).length,
    totalMs: r.timings['total'] ?? 0,
    errors: calls
      .filter((c) => c.outcome === 'protocol-error' || c.outcome === 'timeout')
      .slice(0, 5)
      .map((c) => ({
        outcome: c.outcome,
        tool: c.tool.slice(0, 100),
        inputKind: c.inputKind ?? '?',
        excerpt: c.resultExcerpt.slice(0, 120),
      })),
  };
}
