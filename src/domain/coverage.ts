// Coverage said plainly: how many of the listed tools returned a result, and every tool's calls
// by outcome. A run whose calls all ended in tool errors (a browser server with no browser, a
// cloud client with no account) exercised none of the code a reviewer cares about, and the
// report must say so next to the verdict instead of a bare "clean". Also the --min-coverage
// option: its parsing and the gate's decision. Pure.
// Limits: "returned a result" means one `ok` call; it says nothing about how much of the tool's
// code that call reached, and a tool that answers `ok` with an error message in its text counts.
// The high coverage/not-examined findings (src/rules/coverage-rules.ts) are a separate, stricter
// view: there a tool that answered with a tool error counts as examined.
import type {
  CallCounts,
  CallRecord,
  CoverageGate,
  CoverageSummary,
  ToolCoverage,
} from './types.js';

const FIELD: Record<CallRecord['outcome'], Exclude<keyof CallCounts, 'calls'>> = {
  ok: 'ok',
  'tool-error': 'toolErrors',
  'protocol-error': 'protocolErrors',
  timeout: 'timeouts',
  crash: 'crashes',
};

const noCalls = (): CallCounts => ({
  calls: 0,
  ok: 0,
  toolErrors: 0,
  protocolErrors: 0,
  timeouts: 0,
  crashes: 0,
});

/** Calls by outcome. */
export function countCalls(calls: readonly Pick<CallRecord, 'outcome'>[]): CallCounts {
  const out = noCalls();
  for (const c of calls) {
    out.calls += 1;
    if (Object.hasOwn(FIELD, c.outcome)) out[FIELD[c.outcome]] += 1;
  }
  return out;
}

/**
 * The summary of a run: each distinct listed tool name (first listing order) with its calls.
 * Calls to a name that was never listed are left out of every count.
 */
export function summarizeCoverage(
  tools: readonly { name: string }[],
  calls: readonly Pick<CallRecord, 'tool' | 'outcome'>[],
  minCoverage?: number,
): CoverageSummary {
  const byTool = new Map<string, Pick<CallRecord, 'tool' | 'outcome'>[]>();
  for (const t of tools) byTool.set(t.name, []);
  for (const c of calls) byTool.get(c.tool)?.push(c);
  const perTool: ToolCoverage[] = [...byTool].map(([tool, cs]) => ({
    tool,
    ...countCalls(cs),
  }));
  const totals = noCalls();
  for (const t of perTool)
    for (const k of Object.keys(totals) as (keyof CallCounts)[]) totals[k] += t[k];
  const counts = {
    toolsListed: perTool.length,
    toolsCalled: perTool.filter((t) => t.calls > 0).length,
    toolsWithResult: perTool.filter((t) => t.ok > 0).length,
  };
  return {
    ...counts,
    totals,
    perTool,
    statement: coverageStatement(counts),
    ...(minCoverage === undefined ? {} : { gate: coverageGate(counts, minCoverage) }),
  };
}

type ToolTally = Pick<CoverageSummary, 'toolsListed' | 'toolsWithResult'>;

/** True when no tool returned a result: the verdict must not stand alone then. */
export function nothingExercised(c: ToolTally): boolean {
  return c.toolsWithResult === 0;
}

/** The one sentence shown by the CLI, the HTML banner and report.json. */
export function coverageStatement(c: ToolTally): string {
  if (c.toolsListed === 0) return 'nothing exercised: no tools were listed';
  const counted = `${c.toolsWithResult} of ${c.toolsListed} tool${c.toolsListed === 1 ? '' : 's'} returned a result`;
  return nothingExercised(c) ? `nothing exercised: ${counted}` : counted;
}

/**
 * The --min-coverage decision: met when at least `minimum` (0..1) of the listed tools returned
 * a result. No tool listed is 0% (a gate asking for coverage has nothing to stand on).
 */
export function coverageGate(c: ToolTally, minimum: number): CoverageGate {
  // Tools needed, rounded up; the epsilon keeps 0.29 * 100 from needing 30.
  const needed = Math.max(0, Math.ceil(minimum * c.toolsListed - 1e-9));
  const met = minimum <= 0 || (c.toolsListed > 0 && c.toolsWithResult >= needed);
  const share = c.toolsListed === 0 ? 0 : c.toolsWithResult / c.toolsListed;
  const statement = `coverage ${c.toolsWithResult}/${c.toolsListed} tools (${percent(share, 'down')}) ${met ? 'meets' : 'below'} --min-coverage ${percent(minimum, 'near')}`;
  return { minimum, met, statement };
}

/** A fraction as a percentage with at most one decimal; rounded down for what was achieved. */
function percent(f: number, mode: 'down' | 'near'): string {
  const tenths = mode === 'down' ? Math.floor(f * 1000 + 1e-9) : Math.round(f * 1000);
  return `${tenths / 10}%`;
}

const PERCENT = /^(\d{1,3}(?:\.\d{1,3})?)%$/;
const FRACTION = /^(?:[01](?:\.\d{1,5})?|\.\d{1,5})$/;

/** `--min-coverage`: `80%` or `0.8` as the fraction 0.8; undefined for anything else. */
export function parseMinCoverage(text: string): number | undefined {
  const pct = PERCENT.exec(text);
  const value = pct ? Number(pct[1]) / 100 : FRACTION.test(text) ? Number(text) : NaN;
  return value >= 0 && value <= 1 ? value : undefined;
}
