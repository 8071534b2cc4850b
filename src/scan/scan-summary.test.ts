import { describe, expect, it } from 'vitest';
import type { Severity, Verdict } from '../domain/types.js';
import type { ScanEntry } from './scan-entry.js';
import {
  exitCodeOfScan,
  summarizeScan,
  type ScanOutcome,
  type ScanReportRef,
} from './scan-summary.js';

const OUT = '/out/scan';

function entry(name: string, kind: ScanEntry['kind'], extra: Partial<ScanEntry> = {}): ScanEntry {
  return {
    name,
    slug: name,
    kind,
    serverArgs: [],
    env: {},
    notes: [],
    raw: { command: 'npx', args: ['-y', name] },
    ...(kind === 'not-examined' ? { reason: `${name} is not analysed yet` } : { target: name }),
    ...extra,
  };
}

function counts(c: Partial<Record<Severity, number>> = {}): Record<Severity, number> {
  return { info: 0, low: 0, medium: 0, high: 0, critical: 0, ...c };
}

function report(verdict: Verdict, c: Partial<Record<Severity, number>> = {}): ScanReportRef {
  return {
    verdict,
    summary: counts(c),
    coverage: '3 of 3 tools returned a result',
    package: 'pkg@1.0.0',
    jsonPath: `${OUT}/x/report.json`,
    htmlPath: `${OUT}/x/report.html`,
  };
}

const analysed = (name: string, verdict: Verdict, c: Partial<Record<Severity, number>> = {}) => ({
  entry: entry(name, 'npm'),
  report: report(verdict, c),
});
const skipped = (name: string): ScanOutcome => ({ entry: entry(name, 'not-examined') });

describe('summarizeScan', () => {
  it('makes one row per entry, in order, with links relative to the summary folder', () => {
    const s = summarizeScan(
      '.mcp.json',
      [
        {
          entry: entry('evil', 'folder'),
          report: {
            ...report('malicious', { critical: 2, medium: 1 }),
            jsonPath: `${OUT}/servers/evil/report.json`,
            htmlPath: `${OUT}/servers/evil/report.html`,
            sarifPath: '/elsewhere/evil.sarif',
          },
        },
        skipped('fetch'),
      ],
      OUT,
    );
    expect(s.rows.map((r) => [r.name, r.status])).toEqual([
      ['evil', 'malicious'],
      ['fetch', 'not-examined'],
    ]);
    expect(s.rows[0]?.links).toEqual({
      json: 'servers/evil/report.json',
      html: 'servers/evil/report.html',
      sarif: '../../elsewhere/evil.sarif',
    });
    expect(s.rows[0]).toMatchObject({ runs: 'npx -y evil', target: 'evil', package: 'pkg@1.0.0' });
    expect(s.rows[1]).toMatchObject({ reason: 'fetch is not analysed yet' });
    expect(s.rows[1]?.links).toBeUndefined();
    expect(s.findings).toEqual(counts({ critical: 2, medium: 1 }));
  });

  it.each<[string, ScanOutcome[], string, string]>([
    [
      'worst of the analysed',
      [analysed('a', 'clean'), analysed('b', 'suspicious'), analysed('c', 'malicious')],
      'malicious',
      '3 servers: 1 malicious, 1 suspicious, 1 clean',
    ],
    [
      'suspicious beats not examined',
      [analysed('a', 'suspicious'), skipped('b')],
      'suspicious',
      '2 servers: 1 suspicious; 1 not examined',
    ],
    [
      'a not-examined entry never counts as clean',
      [analysed('a', 'clean'), skipped('b')],
      'incomplete',
      '2 servers: 1 clean; 1 not examined',
    ],
    [
      'only not-examined entries',
      [skipped('a'), skipped('b')],
      'incomplete',
      '2 servers: none analysed; 2 not examined',
    ],
    [
      'a failed analysis is not clean either',
      [analysed('a', 'clean'), { entry: entry('b', 'npm'), error: 'fetch failed: 404' }],
      'incomplete',
      '2 servers: 1 clean; 1 failed to run',
    ],
    ['all clean', [analysed('a', 'clean'), analysed('b', 'clean')], 'clean', '2 servers: 2 clean'],
    ['no servers', [], 'clean', 'no servers in the configuration'],
  ])('%s', (_name, outcomes, verdict, statement) => {
    const s = summarizeScan('c.json', outcomes, OUT);
    expect(s.verdict).toBe(verdict);
    expect(s.statement).toBe(statement);
  });

  it('counts every status and keeps the error of a failed analysis as its reason', () => {
    const s = summarizeScan(
      'c.json',
      [
        analysed('a', 'clean'),
        skipped('b'),
        { entry: entry('c', 'npm'), error: 'fetch failed: 404' },
        { entry: entry('d', 'folder') },
      ],
      OUT,
    );
    expect(s.counts).toEqual({
      servers: 4,
      analysed: 1,
      clean: 1,
      suspicious: 0,
      malicious: 0,
      notExamined: 1,
      failed: 2,
    });
    expect(s.rows[2]).toMatchObject({ status: 'error', reason: 'fetch failed: 404' });
    expect(s.rows[3]).toMatchObject({ status: 'error', reason: 'the analysis produced no report' });
  });

  it('a not-examined entry stays not examined even if handed a report', () => {
    const s = summarizeScan(
      'c.json',
      [{ entry: entry('a', 'not-examined'), report: report('clean') }],
      OUT,
    );
    expect(s.rows[0]?.status).toBe('not-examined');
    expect(s.verdict).toBe('incomplete');
  });

  it('shows a remote entry by its URL and quotes odd arguments', () => {
    const s = summarizeScan(
      'c.json',
      [
        { entry: entry('r', 'not-examined', { raw: { args: [], url: 'https://x.example/mcp' } }) },
        { entry: entry('q', 'not-examined', { raw: { command: 'node', args: ['a b', ''] } }) },
      ],
      OUT,
    );
    expect(s.rows.map((r) => r.runs)).toEqual(['https://x.example/mcp', 'node "a b" ""']);
  });
});

describe('exitCodeOfScan', () => {
  it.each<[string, ScanOutcome[], Severity, number]>([
    [
      'a finding at failOn',
      [analysed('a', 'suspicious', { high: 1 }), analysed('b', 'clean')],
      'high',
      1,
    ],
    ['a finding above failOn', [analysed('a', 'malicious', { critical: 1 })], 'high', 1],
    ['findings only below failOn', [analysed('a', 'suspicious', { medium: 3, low: 1 })], 'high', 0],
    ['failOn low catches them', [analysed('a', 'suspicious', { medium: 3 })], 'low', 1],
    [
      'not-examined entries alone do not fail',
      [analysed('a', 'clean'), skipped('b'), skipped('c')],
      'high',
      0,
    ],
    ['failed analyses alone do not fail', [{ entry: entry('a', 'npm'), error: 'boom' }], 'info', 0],
    ['no servers', [], 'info', 0],
  ])('%s -> %d', (_name, outcomes, failOn, code) => {
    expect(exitCodeOfScan(summarizeScan('c.json', outcomes, OUT), failOn)).toBe(code);
  });

  it('fails a server that missed its --min-coverage gate, as analyze does', () => {
    const o = { entry: entry('a', 'npm'), report: { ...report('clean'), coverageGateMet: false } };
    expect(exitCodeOfScan(summarizeScan('c.json', [o], OUT), 'critical')).toBe(1);
  });

  it('is 2 only when the caller says nothing could run', () => {
    const s = summarizeScan('c.json', [analysed('a', 'malicious', { critical: 1 })], OUT);
    expect(exitCodeOfScan(s, 'high', true)).toBe(2);
    expect(exitCodeOfScan(summarizeScan('c.json', [skipped('a')], OUT), 'high', false)).toBe(0);
  });
});
