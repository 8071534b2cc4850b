// Tests for index lines: built from a report or an error, bounded, one JSON line each, and read
// back unchanged.
import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../reports/sample-report.js';
import { AnalyzerError } from '../domain/errors.js';
import { atOrAbove } from '../domain/severity.js';
import {
  INDEX_LIMITS,
  appendSeparator,
  failureOf,
  indexLineFromError,
  indexLineFromReport,
  renderIndex,
  renderIndexLine,
} from './batch-index.js';
import { parseIndex } from './index-parse.js';
import { sampleLines } from './sample-lines.js';

const target = { line: 3, target: 'postmark-mcp@1.0.16', slug: 'postmark-mcp-1.0.16-0a1b2c3d' };
const paths = {
  reportPath: 'postmark-mcp-1.0.16-0a1b2c3d/report.json',
  htmlPath: 'postmark-mcp-1.0.16-0a1b2c3d/report.html',
};
const run = { durationMs: 61_234.6, now: Date.UTC(2025, 0, 15, 12, 30, 0) };

describe('indexLineFromReport', () => {
  const report = sampleReport();
  const l = indexLineFromReport(target, report, paths, run);

  it('keeps the list target, identity, verdict, counts, coverage, paths and time', () => {
    expect(l).toMatchObject({
      schemaVersion: 1,
      target: 'postmark-mcp@1.0.16',
      slug: target.slug,
      outcome: 'analysed',
      name: report.target.name,
      version: report.target.version,
      verdict: report.verdict,
      summary: report.summary,
      coverage: report.coverage.statement,
      coverageGateMet: false,
      durationMs: 61_235,
      ...paths,
      finishedAt: '2025-01-15T12:30:00.000Z',
    });
    expect(l.error).toBeUndefined();
  });

  it('lists distinct rule ids at or above low, sorted', () => {
    const expected = [
      ...new Set(report.findings.filter((f) => atOrAbove(f.severity, 'low')).map((f) => f.rule)),
    ].sort();
    expect(l.rules).toEqual(expected);
    expect(l.rules.length).toBeGreaterThan(3);
  });

  it('lists the hosts contacted: DNS names and connection destinations, printable and sorted', () => {
    expect(l.hosts).toEqual([
      '2001:db8::beef',
      'api.postmarkapp.example',
      'api.postmarkapp.example"><img?src=x?onerror=alert(1)>',
      'telemetry.example',
    ]);
    expect(l.hostsOmitted).toBeUndefined();
  });

  it('bounds hosts and counts the rest', () => {
    const many = sampleReport();
    many.network.dns = Array.from({ length: 250 }, (_, i) => ({
      t: 0,
      phase: 'exercise' as const,
      name: `h${String(i).padStart(3, '0')}.example.`,
      type: 'A',
      answers: [],
    }));
    const b = indexLineFromReport(target, many, paths, run);
    expect(b.hosts).toHaveLength(INDEX_LIMITS.hosts);
    expect(b.hosts[0]).toBe('2001:db8::beef');
    expect(b.hostsOmitted).toBe(250 + 4 - 2 - INDEX_LIMITS.hosts);
  });

  it('cuts hostile long fields from the package to their bounds, on one line', () => {
    const r = sampleReport();
    r.target = { spec: 'x', name: `n\n${'a'.repeat(5000)}`, version: 'v'.repeat(500) };
    r.network.dns = [{ t: 0, phase: 'install', name: 'x'.repeat(1000), type: 'A', answers: [] }];
    const b = indexLineFromReport(target, r, paths, run);
    expect(b.name?.length).toBeLessThanOrEqual(INDEX_LIMITS.name + 1);
    expect(b.name).not.toContain('\n');
    expect(b.version?.length).toBeLessThanOrEqual(INDEX_LIMITS.version + 1);
    expect(b.hosts.every((h) => h.length <= INDEX_LIMITS.host)).toBe(true);
  });
});

describe('indexLineFromError and failureOf', () => {
  it('records an AnalyzerError with its code, one line', () => {
    const f = failureOf(new AnalyzerError('fetch-failed', 'npm says 404\nfor <pkg>'));
    const l = indexLineFromError(target, f, run);
    expect(l).toMatchObject({
      outcome: 'failed',
      error: { code: 'fetch-failed', message: 'npm says 404 for <pkg>' },
      rules: [],
      hosts: [],
      durationMs: 61_235,
    });
    expect(l.verdict).toBeUndefined();
    expect(l.reportPath).toBeUndefined();
  });

  it('records a timeout and any other throw', () => {
    expect(indexLineFromError(target, failureOf(new Error('over 600 s'), true), run)).toMatchObject(
      {
        outcome: 'timed-out',
        error: { code: 'timeout', message: 'over 600 s' },
      },
    );
    expect(failureOf(new TypeError('x is undefined'))).toEqual({
      code: 'internal',
      message: 'x is undefined',
    });
    expect(failureOf('a string')).toEqual({ code: 'internal', message: 'a string' });
  });

  it('survives a bad clock or duration', () => {
    const l = indexLineFromError(target, failureOf('x'), { durationMs: NaN, now: NaN });
    expect(l.durationMs).toBe(0);
    expect(l.finishedAt).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('renderIndexLine', () => {
  it('writes one JSON line that reads back equal', () => {
    const lines = sampleLines();
    for (const l of lines) {
      const text = renderIndexLine(l);
      expect(text.endsWith('\n')).toBe(true);
      expect(text.slice(0, -1)).not.toContain('\n');
    }
    const back = parseIndex(renderIndex(lines));
    expect(back).toEqual({ lines, unreadable: 0, replaced: 0 });
  });

  it('round-trips a line built from a report', () => {
    const l = indexLineFromReport(target, sampleReport(), paths, run);
    expect(parseIndex(renderIndexLine(l)).lines).toEqual([l]);
  });

  it('is bounded even for a line given oversized fields', () => {
    const [l] = sampleLines();
    if (l === undefined) throw new Error('no line');
    const text = renderIndexLine({
      ...l,
      name: 'n'.repeat(100_000),
      rules: Array(10_000).fill('r'.repeat(1000)),
      hosts: Array(10_000).fill('h'.repeat(1000)),
      error: { code: 'c'.repeat(1000), message: 'm'.repeat(100_000) },
    });
    expect(text.length).toBeLessThan(100_000);
  });
});

describe('appendSeparator', () => {
  it('starts a fresh line after a torn one, and adds nothing otherwise', () => {
    expect(appendSeparator('')).toBe('');
    expect(appendSeparator('{"a":1}\n')).toBe('');
    expect(appendSeparator('{"a":1}\n{"tor')).toBe('\n');
  });
});
