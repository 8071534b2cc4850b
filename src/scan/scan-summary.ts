// The summary of `mcp-airlock scan`: one row per server entry of the client configuration, the
// worst verdict over them, and the exit code. Pure: the caller runs the analyses and hands in
// what each one produced (a report's verdict, counts, coverage and file paths, or an error).
//
// A server we did not examine (uvx, docker, remote, a script we could not place) is never
// counted as clean: its row says `not-examined` and why, and while nothing analysed is worse the
// overall verdict is `incomplete`, not `clean`.
import { relative, sep } from 'node:path';
import { atOrAbove } from '../domain/severity.js';
import { SEVERITIES, type Severity, type Verdict } from '../domain/types.js';
import { bound, type ScanEntry, type ScanEntryKind } from './scan-entry.js';

/** What the caller kept of one finished analysis (from its Report and where it was written). */
export interface ScanReportRef {
  verdict: Verdict;
  /** Report.summary: findings per severity. */
  summary: Record<Severity, number>;
  /** Report.coverage.statement. */
  coverage: string;
  /** Report.coverage.gate.met, when a --min-coverage gate was set. */
  coverageGateMet?: boolean;
  /** `name@version` of the package as analysed (Report.target). */
  package?: string;
  jsonPath: string;
  htmlPath: string;
  sarifPath?: string;
}

/** One entry and what became of it: a report, or an error saying why no report was made. */
export interface ScanOutcome {
  entry: ScanEntry;
  report?: ScanReportRef;
  error?: string;
}

export type ScanStatus = Verdict | 'not-examined' | 'error';
/** The overall verdict: `incomplete` when some server was not examined or failed to run. */
export type ScanVerdict = Verdict | 'incomplete';

export interface ScanRow {
  name: string;
  slug: string;
  kind: ScanEntryKind;
  /** What the configuration runs: its command line or URL, bounded. */
  runs: string;
  /** What was analysed: the npm spec or the package folder. */
  target?: string;
  /** `name@version` as the report names it. */
  package?: string;
  status: ScanStatus;
  summary?: Record<Severity, number>;
  coverage?: string;
  coverageGateMet?: boolean;
  /** Why a row is not examined, or the error that stopped its analysis. */
  reason?: string;
  notes: string[];
  /** The row's report files, relative to the summary's folder (`/`-separated). */
  links?: { json: string; html: string; sarif?: string };
}

export interface ScanCounts {
  servers: number;
  analysed: number;
  clean: number;
  suspicious: number;
  malicious: number;
  notExamined: number;
  failed: number;
}

export interface ScanSummary {
  schemaVersion: 1;
  kind: 'mcp-airlock-scan';
  /** The configuration file as given. */
  config: string;
  verdict: ScanVerdict;
  /** One line: `5 servers: 1 malicious, 2 clean; 2 not examined`. */
  statement: string;
  counts: ScanCounts;
  /** Findings per severity over every analysed server. */
  findings: Record<Severity, number>;
  rows: ScanRow[];
}

const MAX_REASON = 500;

/** A command line for display: arguments with blanks or quotes shown as JSON strings. */
function commandLine(raw: ScanEntry['raw']): string {
  if (raw.command === undefined) return raw.url ?? '';
  const words = [raw.command, ...raw.args].map((w) =>
    /[\s"'\\]|^$/.test(w) ? JSON.stringify(w) : w,
  );
  return bound(words.join(' '), 300);
}

/** A path relative to the summary's folder, with `/` separators. */
function linkFrom(dir: string, path: string): string {
  return relative(dir, path).split(sep).join('/');
}

function zeroCounts(): Record<Severity, number> {
  return { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
}

/** The row of one outcome. */
function rowOf(o: ScanOutcome, summaryDir: string): ScanRow {
  const e = o.entry;
  const base = {
    name: e.name,
    slug: e.slug,
    kind: e.kind,
    runs: commandLine(e.raw),
    ...(e.target === undefined ? {} : { target: e.target }),
    notes: [...e.notes],
  };
  if (e.kind === 'not-examined')
    return {
      ...base,
      status: 'not-examined',
      reason: bound(e.reason ?? 'not examined', MAX_REASON),
    };
  const r = o.report;
  if (r === undefined)
    return {
      ...base,
      status: 'error',
      reason: bound(o.error ?? 'the analysis produced no report', MAX_REASON),
    };
  if (o.error !== undefined) base.notes.push(bound(o.error, MAX_REASON));
  return {
    ...base,
    ...(r.package === undefined ? {} : { package: r.package }),
    status: r.verdict,
    summary: { ...zeroCounts(), ...r.summary },
    coverage: r.coverage,
    ...(r.coverageGateMet === undefined ? {} : { coverageGateMet: r.coverageGateMet }),
    links: {
      json: linkFrom(summaryDir, r.jsonPath),
      html: linkFrom(summaryDir, r.htmlPath),
      ...(r.sarifPath === undefined ? {} : { sarif: linkFrom(summaryDir, r.sarifPath) }),
    },
  };
}

/** The worst of the rows: malicious > suspicious > incomplete (not examined, failed) > clean. */
function overallVerdict(c: ScanCounts): ScanVerdict {
  if (c.malicious > 0) return 'malicious';
  if (c.suspicious > 0) return 'suspicious';
  if (c.notExamined > 0 || c.failed > 0) return 'incomplete';
  return 'clean';
}

function statementOf(c: ScanCounts): string {
  if (c.servers === 0) return 'no servers in the configuration';
  const verdicts = (['malicious', 'suspicious', 'clean'] as const)
    .filter((v) => c[v] > 0)
    .map((v) => `${c[v]} ${v}`);
  const parts = [
    `${c.servers} server${c.servers === 1 ? '' : 's'}: ${verdicts.length > 0 ? verdicts.join(', ') : 'none analysed'}`,
  ];
  if (c.notExamined > 0) parts.push(`${c.notExamined} not examined`);
  if (c.failed > 0) parts.push(`${c.failed} failed to run`);
  return parts.join('; ');
}

/**
 * The summary of a scan of `configPath`. `summaryDir` is the folder the summary is written to:
 * report links are made relative to it.
 */
export function summarizeScan(
  configPath: string,
  outcomes: readonly ScanOutcome[],
  summaryDir: string,
): ScanSummary {
  const rows = outcomes.map((o) => rowOf(o, summaryDir));
  const counts: ScanCounts = {
    servers: rows.length,
    analysed: 0,
    clean: 0,
    suspicious: 0,
    malicious: 0,
    notExamined: 0,
    failed: 0,
  };
  const findings = zeroCounts();
  for (const row of rows) {
    if (row.status === 'not-examined') counts.notExamined++;
    else if (row.status === 'error') counts.failed++;
    else {
      counts.analysed++;
      counts[row.status]++;
      for (const s of SEVERITIES) findings[s] += row.summary?.[s] ?? 0;
    }
  }
  return {
    schemaVersion: 1,
    kind: 'mcp-airlock-scan',
    config: configPath,
    verdict: overallVerdict(counts),
    statement: statementOf(counts),
    counts,
    findings,
    rows,
  };
}

/** True when an analysed row has a finding at or above `failOn`, or missed its coverage gate. */
export function rowFails(row: ScanRow, failOn: Severity): boolean {
  if (row.summary === undefined) return false;
  if (row.coverageGateMet === false) return true;
  return SEVERITIES.some((s) => atOrAbove(s, failOn) && (row.summary?.[s] ?? 0) > 0);
}

/**
 * The scan's exit code. 2 when the caller says nothing could run at all (no Docker, no image:
 * our failure, as for `analyze`). 1 when an analysed server has a finding at or above `failOn`
 * (from its report's counts) or missed its --min-coverage gate, as `analyze` would exit for it.
 * Otherwise 0.
 *
 * Chosen on purpose: servers that were not examined (uvx, docker, remote, unplaceable scripts)
 * or whose analysis failed do not make the exit code 1 on their own. A scan gate must not fail
 * every pull request that touches a config with a remote server, and a scan cannot judge what it
 * could not run; instead the summary never calls them clean (overall verdict `incomplete`), its
 * statement counts them and the HTML lists them first. A team that wants them to fail can key
 * on `verdict === 'incomplete'` or `counts.notExamined` in the JSON.
 */
export function exitCodeOfScan(
  summary: ScanSummary,
  failOn: Severity,
  nothingCouldRun = false,
): 0 | 1 | 2 {
  if (nothingCouldRun) return 2;
  return summary.rows.some((r) => rowFails(r, failOn)) ? 1 : 0;
}
