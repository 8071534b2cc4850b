import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../reports/sample-report.js';
import { parsePolicy } from './parse-policy.js';
import { reportWithPolicy } from './report-with-policy.js';

describe('reportWithPolicy', () => {
  const report = sampleReport();
  const rule = report.findings[0]?.rule ?? '';
  it('takes ignored findings out, records them, and derives counts and verdict again', () => {
    const policy = parsePolicy(
      JSON.stringify({ version: 1, ignore: [{ rule: 'net/raw-ip', reason: 'reviewed' }] }),
      'p.json',
    );
    const out = reportWithPolicy(report, policy, new Date('2026-12-06T00:00:00Z'));
    const before = report.findings.filter((f) => f.rule === 'net/raw-ip').length;
    expect(before).toBeGreaterThan(0);
    expect(out.findings.some((f) => f.rule === 'net/raw-ip')).toBe(false);
    expect(out.policy?.ignored).toHaveLength(before);
    expect(out.policy?.source.file).toBe('p.json');
    const total = Object.values(out.summary).reduce((a, b) => a + b, 0);
    expect(total).toBe(out.findings.length);
    expect(report.findings.some((f) => f.rule === 'net/raw-ip')).toBe(true);
    expect(rule).not.toBe('');
  });
  it('does not apply an expired entry, and lists it', () => {
    const policy = parsePolicy(
      JSON.stringify({
        version: 1,
        ignore: [{ rule: 'net/raw-ip', reason: 'reviewed', expires: '2026-01-01' }],
      }),
      'p.json',
    );
    const out = reportWithPolicy(report, policy, new Date('2026-12-06T00:00:00Z'));
    expect(out.findings).toEqual(report.findings);
    expect(out.policy?.expired).toHaveLength(1);
  });
});
