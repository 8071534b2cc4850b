// Tests for the coverage banner: it sits under the verdict, says plainly how many tools returned
// a result, marks a run that exercised nothing and a failed --min-coverage gate, and shows the
// tools that returned nothing with their names escaped.
import { describe, expect, it } from 'vitest';
import { summarizeCoverage } from '../src/domain/coverage.js';
import type { CallOutcome, Report } from '../src/domain/types.js';
import { callTally, coverageBanner } from './html-coverage.js';
import { renderHtml } from './render-html.js';
import { HOSTILE, sampleReport } from './sample-report.js';

const render = (r: Report): string => String(coverageBanner(r));

/** The sample report with its coverage replaced by these tools and calls. */
function withCoverage(
  names: readonly string[],
  outcomes: readonly [string, CallOutcome][],
  minCoverage?: number,
): Report {
  const calls = outcomes.map(([tool, outcome]) => ({ tool, outcome }));
  const tools = names.map((name) => ({ name }));
  return { ...sampleReport(), coverage: summarizeCoverage(tools, calls, minCoverage) };
}

describe('coverageBanner', () => {
  const out = render(sampleReport());

  it('states the coverage and marks the failed gate of the sample', () => {
    expect(out).toContain('<p>1 of 2 tools returned a result</p>');
    expect(out).toContain('<p class="warn">coverage 1/2 tools (50%) below --min-coverage 80%</p>');
    expect(out).toMatch(/<dt>tools<\/dt>\s*<dd>2 listed, 2 called, 1 returned a result<\/dd>/);
    expect(out).toMatch(/<dt>calls<\/dt>\s*<dd>3 calls: 1 ok, 1 tool error, 1 timeout<\/dd>/);
  });

  it('lists the tools without a result, invisible characters marked', () => {
    expect(out).toMatch(
      /<code>list_templates<span class="inv" title="invisible character">\\u\{200B\}<\/span><\/code>\s*<span class="muted">\(1 call: 0 ok, 1 timeout\)<\/span>/,
    );
    expect(out).not.toContain('send_email');
  });

  it('marks a run where every call ended in a tool error', () => {
    const names = ['browser_navigate', 'browser_click'];
    const calls = Array.from(
      { length: 128 },
      (_, i) => [names[i % 2] ?? '', 'tool-error'] as [string, CallOutcome],
    );
    const doc = render(withCoverage(names, calls));
    expect(doc).toContain('<p class="warn">nothing exercised: 0 of 2 tools returned a result</p>');
    expect(doc).toContain('128 calls: 0 ok, 128 tool errors');
    expect(doc).toContain('<code>browser_click</code>');
    expect(doc).not.toMatch(/min-coverage/);
  });

  it('shows a met gate without the warning', () => {
    const doc = render(withCoverage(['a'], [['a', 'ok']], 0.5));
    expect(doc).toContain('<p>1 of 1 tool returned a result</p>');
    expect(doc).toContain('<p>coverage 1/1 tools (100%) meets --min-coverage 50%</p>');
    expect(doc).not.toContain('warn');
    expect(doc).toMatch(/<dt>without a result<\/dt>\s*<dd><span class="muted">none<\/span>/);
  });

  it('escapes a hostile tool name', () => {
    const hostile = `${HOSTILE.toolName}"><img src=x onerror=alert(1)>\u202E`;
    const doc = render(withCoverage([hostile], [[hostile, 'crash']]));
    expect(doc).toContain(
      '<code>send_email&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;<span class="inv" title="invisible character">\\u{202E}</span></code>',
    );
    expect(doc).not.toMatch(/<script|<img/i);
    expect(doc).not.toContain('\u202E');
  });

  it('shows at most 50 tools without a result and counts the rest', () => {
    const names = Array.from({ length: 60 }, (_, i) => `t${i}`);
    const doc = render(withCoverage(names, []));
    expect(doc.match(/<code>t\d+<\/code>/g)).toHaveLength(50);
    expect(doc).toContain('<span class="muted">, and 10 more</span>');
    expect(doc).toContain('<dd>never called</dd>');
  });

  it('sits in the header, right under the verdict counts', () => {
    const page = renderHtml(sampleReport());
    const at = (s: string): number => page.indexOf(s);
    expect(at('<div class="counts">')).toBeGreaterThan(at('verdict-malicious'));
    expect(at('<div id="coverage">')).toBeGreaterThan(at('<div class="counts">'));
    expect(at('<div id="coverage">')).toBeLessThan(at('<dt>target spec</dt>'));
    expect(at('<div id="coverage">')).toBeLessThan(at('</header>'));
  });
});

describe('callTally', () => {
  const zero = { calls: 0, ok: 0, toolErrors: 0, protocolErrors: 0, timeouts: 0, crashes: 0 };
  it.each<[Partial<typeof zero>, string]>([
    [{}, 'never called'],
    [{ calls: 1, ok: 1 }, '1 call: 1 ok'],
    [
      { calls: 9, ok: 1, toolErrors: 2, protocolErrors: 1, timeouts: 3, crashes: 2 },
      '9 calls: 1 ok, 2 tool errors, 1 protocol error, 3 timeouts, 2 crashes',
    ],
    [{ calls: 1, crashes: 1 }, '1 call: 0 ok, 1 crash'],
  ])('%j: %s', (counts, text) => {
    expect(callTally({ ...zero, ...counts })).toBe(text);
  });
});
