import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../src/policy/parse-policy.js';
import { reportWithPolicy } from '../src/policy/report-with-policy.js';
import { policySection } from './html-policy.js';
import { renderHtml } from './render-html.js';
import { sampleReport } from './sample-report.js';

const policy = parsePolicy(
  JSON.stringify({
    version: 1,
    ignore: [{ rule: 'net/raw-ip', reason: 'reviewed <b>by</b> secops' }],
    severity: [
      { rule: 'proc/shell', severity: 'low', reason: 'build step', expires: '2020-01-01' },
    ],
  }),
  'team<policy>.json',
);
const report = reportWithPolicy(sampleReport(), policy, new Date('2026-12-06T00:00:00Z'));

describe('policySection', () => {
  it('is empty without a policy', () => {
    expect(String(policySection(sampleReport()))).toBe('');
  });
  it('names the file, its hash, what was ignored with the reason, and what expired', () => {
    const s = String(policySection(report));
    expect(s).toContain('team&lt;policy&gt;.json');
    expect(s).toContain(report.policy?.source.sha256 ?? 'missing');
    expect(s).toMatch(/Ignored \([1-9]\d*\)/);
    expect(s).toContain('reviewed &lt;b&gt;by&lt;/b&gt; secops');
    expect(s).toMatch(/Expired entries, not applied \(1\)/);
  });
  it('is linked from the report header', () => {
    expect(renderHtml(report)).toContain('<a href="#policy">Policy</a>');
    expect(renderHtml(sampleReport())).not.toContain('href="#policy"');
  });
});
