// One panel row from one analysis: the verdict, counts by severity, how much of the server the
// harness reached, and the findings at medium and above grouped (same rule, severity and title
// on several tools is one line) with the reviewer's judgement. A run that could not happen is a
// row that says why, never an abort of the panel.
import { atOrAbove, countBySeverity } from '../domain/severity.js';
import type { Finding, Report, Severity, Verdict } from '../domain/types.js';
import { judge, type Judged, type Judgement } from './judgements.js';
import type { PanelServer } from './panel-servers.js';

export interface PanelFinding {
  rule: string;
  severity: Severity;
  title: string;
  /** Tools (or the phase, outside a tool call) it was seen on, sorted. */
  where: string[];
  /** Findings merged into this line. */
  count: number;
  judged: Judged;
}

interface RowBase {
  name: string;
  kind: string;
  spec: string;
  wallMs: number;
}

export type PanelRow =
  | (RowBase & {
      status: 'analysed';
      exitCode: number;
      verdict: Verdict;
      counts: Record<Severity, number>;
      toolsListed: number;
      toolsCalled: number;
      toolsOk: number;
      /** Findings at medium and above. */
      findings: PanelFinding[];
    })
  | (RowBase & { status: 'failed'; exitCode: number | null; error: string });

const BY_SEVERITY_DESC = (a: PanelFinding, b: PanelFinding) =>
  ['critical', 'high', 'medium'].indexOf(a.severity) -
    ['critical', 'high', 'medium'].indexOf(b.severity) ||
  a.rule.localeCompare(b.rule) ||
  a.title.localeCompare(b.title);

/** The title with its own tool's quoted name replaced, so one message on many tools is one key. */
function toolFreeTitle(f: Finding): string {
  return f.tool ? f.title.split(`"${f.tool}"`).join('"…"') : f.title;
}

/** Findings at medium and above; the same rule, severity and title (the tool's own name left
 * out) merged into one line. A group is judged by its first finding. */
export function groupFindings(
  server: string,
  findings: readonly Finding[],
  judgements: readonly Judgement[],
): PanelFinding[] {
  const groups = new Map<string, PanelFinding & { generic: string }>();
  for (const f of findings) {
    if (!atOrAbove(f.severity, 'medium')) continue;
    const generic = toolFreeTitle(f);
    const key = `${f.rule}\u0000${f.severity}\u0000${generic}`;
    const where = f.tool ?? `(${f.phase})`;
    const g = groups.get(key);
    if (g) {
      if (!g.where.includes(where)) g.where.push(where);
      g.count += 1;
      continue;
    }
    groups.set(key, {
      rule: f.rule,
      severity: f.severity,
      title: f.title,
      generic,
      where: [where],
      count: 1,
      judged: judge(server, f, judgements),
    });
  }
  return [...groups.values()]
    .map(({ generic, ...g }) => ({
      ...g,
      title: g.where.length > 1 ? generic : g.title,
      where: g.where.sort(),
    }))
    .sort(BY_SEVERITY_DESC);
}

/** The row of a server whose analysis wrote a report (exit 0 or 1). */
export function analysedRow(
  server: PanelServer,
  report: Report,
  run: { exitCode: number; wallMs: number },
  judgements: readonly Judgement[],
): PanelRow {
  const called = report.tools.filter((t) => t.calls.length > 0);
  return {
    name: server.name,
    kind: server.kind,
    spec: server.spec,
    wallMs: run.wallMs,
    status: 'analysed',
    exitCode: run.exitCode,
    verdict: report.verdict,
    counts: countBySeverity(report.findings),
    toolsListed: report.tools.length,
    toolsCalled: called.length,
    toolsOk: called.filter((t) => t.calls.some((c) => c.outcome === 'ok')).length,
    findings: groupFindings(server.name, report.findings, judgements),
  };
}

/** The row of a server whose analysis could not run (exit 2, a crash, no report). */
export function failedRow(
  server: PanelServer,
  run: { exitCode: number | null; wallMs: number; error: string },
): PanelRow {
  return {
    name: server.name,
    kind: server.kind,
    spec: server.spec,
    wallMs: run.wallMs,
    status: 'failed',
    exitCode: run.exitCode,
    error: run.error,
  };
}
