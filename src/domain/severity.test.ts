import { describe, expect, it } from 'vitest';
import {
  atOrAbove,
  countBySeverity,
  exitCodeFor,
  isSeverity,
  severityRank,
  verdictOf,
} from './severity.js';
import { SEVERITIES, type Finding, type Severity, type Verdict } from './types.js';

function finding(severity: Severity, rule = 'net/test'): Finding {
  return { rule, severity, title: rule, phase: 'exercise', evidence: {} };
}

const all = (...s: Severity[]): Finding[] => s.map((x) => finding(x));

describe('severityRank', () => {
  it.each([
    ['info', 0],
    ['low', 1],
    ['medium', 2],
    ['high', 3],
    ['critical', 4],
  ] as const)('%s ranks %i', (s, rank) => {
    expect(severityRank(s)).toBe(rank);
  });

  it('orders SEVERITIES from least to most severe', () => {
    const ranks = SEVERITIES.map(severityRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(SEVERITIES.length);
  });
});

describe('isSeverity', () => {
  it.each(SEVERITIES.map((s) => [s]))('accepts %s', (s) => {
    expect(isSeverity(s)).toBe(true);
  });
  it.each([['HIGH'], ['High'], [''], ['severe'], [' high'], ['none']])('rejects %j', (s) => {
    expect(isSeverity(s)).toBe(false);
  });
});

describe('atOrAbove', () => {
  it.each([
    ['high', 'high', true],
    ['critical', 'high', true],
    ['medium', 'high', false],
    ['info', 'info', true],
    ['critical', 'critical', true],
    ['high', 'critical', false],
  ] as const)('%s at or above %s: %s', (s, threshold, expected) => {
    expect(atOrAbove(s, threshold)).toBe(expected);
  });
});

describe('verdictOf', () => {
  it.each<[string, Finding[], Verdict]>([
    ['no findings', [], 'clean'],
    ['info only', all('info'), 'clean'],
    ['low only', all('low', 'low'), 'clean'],
    ['info and low', all('info', 'low'), 'clean'],
    ['one medium', all('medium'), 'suspicious'],
    ['one high', all('high'), 'suspicious'],
    ['low and medium', all('low', 'medium'), 'suspicious'],
    ['high and medium', all('high', 'medium'), 'suspicious'],
    ['one critical', all('critical'), 'malicious'],
    ['critical among others', all('info', 'high', 'critical', 'low'), 'malicious'],
  ])('%s -> %s', (_name, findings, verdict) => {
    expect(verdictOf(findings)).toBe(verdict);
  });
});

describe('exitCodeFor', () => {
  const cases: [Severity[], Severity, 0 | 1][] = [];
  // For every threshold and every single finding severity: 1 exactly when at or above.
  for (const threshold of SEVERITIES) {
    for (const s of SEVERITIES) {
      cases.push([[s], threshold, severityRank(s) >= severityRank(threshold) ? 1 : 0]);
    }
    cases.push([[], threshold, 0]);
  }
  it.each(cases)('findings %j with --fail-on %s -> %i', (severities, threshold, code) => {
    expect(exitCodeFor(all(...severities), threshold)).toBe(code);
  });

  it.each<[Severity[], Severity, 0 | 1]>([
    [['low', 'medium'], 'high', 0],
    [['low', 'medium', 'high'], 'high', 1],
    [['info', 'info'], 'low', 0],
    [['info', 'critical'], 'critical', 1],
  ])('mixed findings %j with --fail-on %s -> %i', (severities, threshold, code) => {
    expect(exitCodeFor(all(...severities), threshold)).toBe(code);
  });
});

describe('countBySeverity', () => {
  it('has every severity at zero for no findings', () => {
    expect(countBySeverity([])).toEqual({ info: 0, low: 0, medium: 0, high: 0, critical: 0 });
  });

  it('counts each finding once under its severity', () => {
    expect(countBySeverity(all('high', 'low', 'high', 'critical', 'info', 'high'))).toEqual({
      info: 1,
      low: 1,
      medium: 0,
      high: 3,
      critical: 1,
    });
  });

  it('returns a fresh object each time', () => {
    const a = countBySeverity(all('low'));
    a.low = 99;
    expect(countBySeverity(all('low')).low).toBe(1);
  });
});
