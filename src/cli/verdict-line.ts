// The one line a finished run prints and its exit code, from the report alone (pure). The line
// carries the coverage: when no tool returned a result the verdict does not stand alone, so
// "clean" can never be read as "looked at and found nothing".
import { countBySeverity, exitCodeFor } from '../domain/severity.js';
import { SEVERITIES, type Report, type Severity } from '../domain/types.js';
import { nothingExercised } from '../domain/coverage.js';

/** `mcp-airlock: verdict clean: 0 critical, …; 3 of 5 tools returned a result (report: …)`. */
export function verdictLine(report: Report, htmlPath: string): string {
  const counts = countBySeverity(report.findings);
  const summary = [...SEVERITIES]
    .reverse()
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  const c = report.coverage;
  const head = nothingExercised(c)
    ? `verdict ${report.verdict} (${c.statement}): ${summary}`
    : `verdict ${report.verdict}: ${summary}; ${c.statement}`;
  const gate = c.gate && !c.gate.met ? `; ${c.gate.statement}` : '';
  return `mcp-airlock: ${head}${gate} (report: ${htmlPath})`;
}

/** 1 when a finding reaches --fail-on or coverage is below --min-coverage, else 0. */
export function runExitCode(report: Report, failOn: Severity): 0 | 1 {
  if (report.coverage.gate?.met === false) return 1;
  return exitCodeFor(report.findings, failOn);
}
