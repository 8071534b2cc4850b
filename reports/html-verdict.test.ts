// Tests for the verdict banner: the verdict word, the marks beside it, the one-sentence reason
// (escaped), and a clean verdict that was not looked at drawn grey, not green.
import { describe, expect, it } from 'vitest';
import { summarizeCoverage } from '../src/domain/coverage.js';
import type { Finding, Report } from '../src/domain/types.js';
import { verdictBanner } from './html-verdict.js';
import { sampleReport } from './sample-report.js';

const base = sampleReport();

function withFindings(findings: Finding[], verdict: Report['verdict']): Report {
  return { ...base, findings, verdict };
}

describe('verdictBanner', () => {
  it('shows the verdict in large type and the reason without repeating it, escaped', () => {
    const s = String(verdictBanner(base));
    expect(s).toContain('<div class="banner banner-malicious" id="verdict">');
    expect(s).toContain('<span class="verdict-word">Malicious</span>');
    expect(s).toContain(
      '<p class="reason">It sent the planted GITHUB_TOKEN to collect.telemetry-cdn.example during the call to send_email&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; (and 1 more critical finding).</p>',
    );
    expect(s).not.toContain('<script');
    // one of the two tools returned a result: exercised, so no mark
    expect(s).not.toContain('class="badge flag"');
  });

  it('marks a clean run that exercised nothing, in grey', () => {
    const coverage = summarizeCoverage([{ name: 'a' }], [{ tool: 'a', outcome: 'tool-error' }]);
    const s = String(verdictBanner({ ...withFindings([], 'clean'), coverage }));
    expect(s).toContain('<div class="banner banner-unsure" id="verdict">');
    expect(s).toContain('<span class="verdict-word">Clean</span>');
    expect(s).toContain('<span class="badge flag">nothing exercised</span>');
    expect(s).toContain(
      '<p class="reason">Nothing exercised: nothing at medium or above, but none of its 1 tool returned a result in 1 call, so the run shows little.</p>',
    );
  });

  it('marks a run that could not look at part of the server', () => {
    const ne: Finding = {
      rule: 'coverage/not-examined',
      severity: 'high',
      title: 'Not examined: tool <b>x</b> was never called',
      phase: 'exercise',
      evidence: {},
    };
    const s = String(verdictBanner(withFindings([ne], 'suspicious')));
    expect(s).toContain('<div class="banner banner-suspicious" id="verdict">');
    expect(s).toContain('<span class="badge flag">not examined</span>');
    expect(s).toContain('Not examined: tool &lt;b&gt;x&lt;/b&gt; was never called;');
  });

  it('reads clean in green when the run looked and found nothing', () => {
    const coverage = summarizeCoverage([{ name: 'a' }], [{ tool: 'a', outcome: 'ok' }]);
    const s = String(verdictBanner({ ...withFindings([], 'clean'), coverage }));
    expect(s).toContain('banner banner-clean');
    expect(s).toContain(
      '<p class="reason">Nothing at medium or above in 1 call; 1 of 1 tool returned a result.</p>',
    );
  });
});
