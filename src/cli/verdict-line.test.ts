// Tests for the verdict line and the exit code: coverage is always on the line, a run where no
// tool returned a result says so inside the verdict, and --min-coverage fails the gate.
import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../reports/sample-report.js';
import { summarizeCoverage } from '../domain/coverage.js';
import type { CallOutcome, Finding, Report } from '../domain/types.js';
import { runExitCode, verdictLine } from './verdict-line.js';

const TOOLS = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name }));

/** A report with the given findings whose first `ok` tools returned a result, the rest errors. */
function report(ok: number, findings: Finding[] = [], minCoverage?: number): Report {
  const calls = TOOLS.map((t, i) => ({
    tool: t.name,
    outcome: (i < ok ? 'ok' : 'tool-error') as CallOutcome,
  }));
  return {
    ...sampleReport(),
    verdict: findings.length > 0 ? 'suspicious' : 'clean',
    findings,
    coverage: summarizeCoverage(TOOLS, calls, minCoverage),
  };
}

const HIGH: Finding = {
  rule: 'net/raw-ip',
  severity: 'high',
  title: 'raw ip',
  phase: 'exercise',
  evidence: {},
};

describe('verdictLine', () => {
  it('appends how many tools returned a result', () => {
    expect(verdictLine(report(3), '/out/report.html')).toBe(
      'mcp-airlock: verdict clean: 0 critical, 0 high, 0 medium, 0 low, 0 info; 3 of 5 tools returned a result (report: /out/report.html)',
    );
  });

  it('puts "nothing exercised" inside the verdict when no tool returned a result', () => {
    expect(verdictLine(report(0), '/r.html')).toBe(
      'mcp-airlock: verdict clean (nothing exercised: 0 of 5 tools returned a result): 0 critical, 0 high, 0 medium, 0 low, 0 info (report: /r.html)',
    );
  });

  it('says when coverage is below --min-coverage, and not when it meets it', () => {
    expect(verdictLine(report(1, [], 0.8), '/r.html')).toBe(
      'mcp-airlock: verdict clean: 0 critical, 0 high, 0 medium, 0 low, 0 info; 1 of 5 tools returned a result; coverage 1/5 tools (20%) below --min-coverage 80% (report: /r.html)',
    );
    expect(verdictLine(report(4, [], 0.8), '/r.html')).not.toMatch(/min-coverage/);
  });
});

describe('runExitCode', () => {
  it.each<[string, Report, 0 | 1]>([
    ['clean, no gate', report(3), 0],
    ['clean with nothing exercised and no gate', report(0), 0],
    ['a high finding', report(5, [HIGH]), 1],
    ['coverage below the minimum', report(1, [], 0.8), 1],
    ['coverage at the minimum', report(4, [], 0.8), 0],
    ['nothing exercised against any minimum', report(0, [], 0.01), 1],
    ['a high finding with coverage met', report(5, [HIGH], 0.5), 1],
  ])('%s: %i', (_name, r, code) => {
    expect(runExitCode(r, 'high')).toBe(code);
  });

  it('leaves findings below --fail-on alone', () => {
    expect(runExitCode(report(5, [HIGH]), 'critical')).toBe(0);
  });
});
