// The index of a batch run, DIR/index.jsonl: one JSON line per finished target (an analysis with
// its verdict, counts, rules and hosts, or the failure or timeout that stopped it). Written one
// line at a time as targets finish, read back to resume. Pure: building, bounding and
// rendering lines; the caller appends and reads the file.
//
// Reading it back is index-parse.ts. Writers should start an append on a fresh line (see
// appendSeparator) so that a line torn by a killed batch never swallows the next one.
import { isAnalyzerError } from '../domain/errors.js';
import { atOrAbove } from '../domain/severity.js';
import { SEVERITIES, type Report, type Severity, type Verdict } from '../domain/types.js';
import { bound } from '../scan/scan-entry.js';
import { hostsContacted } from './hosts-contacted.js';
import type { BatchTarget } from './batch-list.js';

export const INDEX_SCHEMA_VERSION = 1;

/** How a target ended: a report was written, the analysis failed, or it ran out of time. */
export type IndexOutcome = 'analysed' | 'failed' | 'timed-out';

/** One line of index.jsonl. */
export interface IndexLine {
  schemaVersion: typeof INDEX_SCHEMA_VERSION;
  /** The target as the list gives it: the key for resuming. */
  target: string;
  /** Its folder under DIR. */
  slug: string;
  outcome: IndexOutcome;
  /** Package name and version as the report names them (analysed lines). */
  name?: string;
  version?: string;
  /** `sha512-…` of the tarball as fetched, when it could be read. */
  integrity?: string;
  verdict?: Verdict;
  /** Findings per severity (analysed lines). */
  summary?: Record<Severity, number>;
  /** Distinct rule ids of the findings at or above low, sorted. */
  rules: string[];
  /** Distinct hosts contacted (DNS names, connection destinations), sorted, bounded. */
  hosts: string[];
  /** Distinct hosts past the bound, not listed. */
  hostsOmitted?: number;
  /** The report's coverage statement (`3 of 5 tools returned a result`). */
  coverage?: string;
  /** Whether the --min-coverage gate was met, when one was set. */
  coverageGateMet?: boolean;
  durationMs: number;
  /** report.json and report.html, relative to DIR, `/`-separated (analysed lines). */
  reportPath?: string;
  htmlPath?: string;
  /** Why there is no report (failed and timed-out lines): the error code and one line. */
  error?: { code: string; message: string };
  /** ISO time the target finished. */
  finishedAt: string;
}

/** Bounds on every field of a line (a line is then at most ~80k characters before escaping). */
export const INDEX_LIMITS = {
  target: 4_096,
  slug: 200,
  name: 300,
  version: 100,
  integrity: 200,
  rules: 100,
  rule: 100,
  hosts: 200,
  host: 253,
  coverage: 300,
  path: 1_000,
  errorCode: 50,
  errorMessage: 2_000,
  /** Longest line parseIndex reads; longer ones are skipped as unreadable. */
  line: 512 * 1024,
} as const;

/** The error code of a timed-out target. */
export const TIMEOUT_CODE = 'timeout';

/** Why a target has no report. */
export interface BatchFailure {
  code: string;
  message: string;
  timedOut?: boolean;
}

/** What the caller measured of one target's run. */
export interface TargetRun {
  durationMs: number;
  /** Epoch ms it finished. */
  now: number;
}

/** A failure from whatever the analysis threw: AnalyzerError keeps its code, others are `internal`. */
export function failureOf(e: unknown, timedOut = false): BatchFailure {
  if (timedOut)
    return { code: TIMEOUT_CODE, message: e instanceof Error ? e.message : String(e), timedOut };
  if (isAnalyzerError(e)) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** One line of text: whitespace runs become one space. */
function oneLine(s: string, max: number): string {
  return bound(s.replace(/\s+/g, ' ').trim(), max);
}

function finishedAt(now: number): string {
  const d = new Date(now);
  return Number.isFinite(d.getTime()) ? d.toISOString() : new Date(0).toISOString();
}

function duration(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}

/** Distinct rule ids of findings at or above low, sorted, bounded. */
function rulesOf(report: Report): string[] {
  const ids = new Set<string>();
  for (const f of report.findings)
    if (atOrAbove(f.severity, 'low')) ids.add(oneLine(f.rule, INDEX_LIMITS.rule));
  return [...ids].sort().slice(0, INDEX_LIMITS.rules);
}

/** The line of a target whose analysis wrote a report (paths relative to DIR). */
export function indexLineFromReport(
  target: BatchTarget,
  report: Report,
  paths: { reportPath: string; htmlPath: string },
  run: TargetRun,
): IndexLine {
  const summary = Object.fromEntries(SEVERITIES.map((s) => [s, report.summary[s] ?? 0])) as Record<
    Severity,
    number
  >;
  const { hosts, omitted } = hostsContacted(report, INDEX_LIMITS.hosts, INDEX_LIMITS.host);
  const integrity = report.package?.integrity;
  const gate = report.coverage.gate?.met;
  return boundIndexLine({
    schemaVersion: INDEX_SCHEMA_VERSION,
    target: target.target,
    slug: target.slug,
    outcome: 'analysed',
    name: report.target.name,
    version: report.target.version,
    ...(integrity === undefined ? {} : { integrity }),
    verdict: report.verdict,
    summary,
    rules: rulesOf(report),
    hosts,
    ...(omitted > 0 ? { hostsOmitted: omitted } : {}),
    coverage: report.coverage.statement,
    ...(gate === undefined ? {} : { coverageGateMet: gate }),
    durationMs: duration(run.durationMs),
    reportPath: paths.reportPath,
    htmlPath: paths.htmlPath,
    finishedAt: finishedAt(run.now),
  });
}

/** The line of a target that failed or timed out: no report, the error recorded. */
export function indexLineFromError(
  target: BatchTarget,
  failure: BatchFailure,
  run: TargetRun,
): IndexLine {
  return boundIndexLine({
    schemaVersion: INDEX_SCHEMA_VERSION,
    target: target.target,
    slug: target.slug,
    outcome: failure.timedOut === true ? 'timed-out' : 'failed',
    rules: [],
    hosts: [],
    durationMs: duration(run.durationMs),
    error: { code: failure.code, message: failure.message },
    finishedAt: finishedAt(run.now),
  });
}

/** Every field cut to INDEX_LIMITS (names, versions and hosts come from the package). */
export function boundIndexLine(line: IndexLine): IndexLine {
  const L = INDEX_LIMITS;
  const opt = <K extends keyof IndexLine>(k: K, v: IndexLine[K] | undefined) =>
    v === undefined ? {} : { [k]: v };
  return {
    schemaVersion: INDEX_SCHEMA_VERSION,
    target: bound(line.target, L.target),
    slug: bound(line.slug, L.slug),
    outcome: line.outcome,
    ...opt('name', line.name === undefined ? undefined : oneLine(line.name, L.name)),
    ...opt('version', line.version === undefined ? undefined : oneLine(line.version, L.version)),
    ...opt(
      'integrity',
      line.integrity === undefined ? undefined : bound(line.integrity, L.integrity),
    ),
    ...opt('verdict', line.verdict),
    ...opt('summary', line.summary),
    rules: line.rules.slice(0, L.rules).map((r) => oneLine(r, L.rule)),
    hosts: line.hosts.slice(0, L.hosts).map((h) => bound(h, L.host)),
    ...opt('hostsOmitted', line.hostsOmitted),
    ...opt(
      'coverage',
      line.coverage === undefined ? undefined : oneLine(line.coverage, L.coverage),
    ),
    ...opt('coverageGateMet', line.coverageGateMet),
    durationMs: line.durationMs,
    ...opt(
      'reportPath',
      line.reportPath === undefined ? undefined : bound(line.reportPath, L.path),
    ),
    ...opt('htmlPath', line.htmlPath === undefined ? undefined : bound(line.htmlPath, L.path)),
    ...opt(
      'error',
      line.error === undefined
        ? undefined
        : {
            code: oneLine(line.error.code, L.errorCode),
            message: oneLine(line.error.message, L.errorMessage),
          },
    ),
    finishedAt: line.finishedAt,
  };
}

/** A line as index.jsonl holds it: one JSON object, bounded, then "\n". */
export function renderIndexLine(line: IndexLine): string {
  return `${JSON.stringify(boundIndexLine(line))}\n`;
}

/** A whole index (e.g. rewritten compacted, each target once), in the order given. */
export function renderIndex(lines: readonly IndexLine[]): string {
  return lines.map(renderIndexLine).join('');
}

/** What to write before appending to an index whose text is `existing`: "\n" after a torn line. */
export function appendSeparator(existing: string): string {
  return existing === '' || existing.endsWith('\n') ? '' : '\n';
}
