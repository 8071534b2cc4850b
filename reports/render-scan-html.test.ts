// Tests for the scan summary page and scan.json: names, commands and reasons from a client
// configuration stay inert text, links stay relative, and unexamined servers are listed first.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ScanEntry } from '../src/scan/scan-entry.js';
import { summarizeScan, type ScanOutcome } from '../src/scan/scan-summary.js';
import { relativeHref, renderScanHtml } from './render-scan-html.js';
import { renderScanJson } from './render-scan-json.js';
import { STYLESHEET } from './style.js';

const HOSTILE = '<img src=x onerror=alert(1)>"\'\u202Eevil';

function entry(e: Partial<ScanEntry> & Pick<ScanEntry, 'name' | 'kind'>): ScanEntry {
  return { slug: 's', serverArgs: [], env: {}, notes: [], raw: { args: [] }, ...e };
}

const outcomes: ScanOutcome[] = [
  {
    entry: entry({
      name: HOSTILE,
      kind: 'folder',
      target: 'servers/<b>evil</b>',
      notes: ['env <KEY> left out: ${input:x}'],
      raw: { command: 'node', args: ['</script><script>alert(2)</script>'] },
    }),
    report: {
      verdict: 'malicious',
      summary: { info: 1, low: 0, medium: 1, high: 0, critical: 2 },
      coverage: '2 of 3 tools returned a result',
      package: 'evil@1.0.0',
      jsonPath: '/out/servers/javascript:alert(1)/report.json',
      htmlPath: '/out/servers/a b#"x/report.html',
      sarifPath: '/out/servers/evil/report.sarif',
    },
  },
  {
    entry: entry({
      name: 'clean',
      kind: 'npm',
      target: 'clean-mcp@1.0.0',
      raw: { command: 'npx', args: ['-y', 'clean-mcp@1.0.0'] },
    }),
    report: {
      verdict: 'clean',
      summary: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
      coverage: 'nothing exercised: 0 of 2 tools returned a result',
      coverageGateMet: false,
      jsonPath: '/out/servers/clean/report.json',
      htmlPath: '/out/servers/clean/report.html',
    },
  },
  {
    entry: entry({
      name: 'fetch<script>',
      kind: 'not-examined',
      reason: 'uvx (Python) servers are not analysed yet',
      raw: { command: 'uvx', args: ['mcp-server-fetch'] },
    }),
  },
  {
    entry: entry({
      name: 'docs',
      kind: 'not-examined',
      reason: 'remote server at https://mcp.docs.example/mcp cannot be installed',
      raw: { args: [], url: 'https://mcp.docs.example/mcp' },
    }),
  },
  { entry: entry({ name: 'gone', kind: 'npm', target: 'gone' }), error: 'fetch failed: <404>' },
];
const summary = summarizeScan('<config>.mcp.json', outcomes, '/out');
const out = renderScanHtml(summary);

describe('renderScanHtml', () => {
  it('has no script, and pins the stylesheet by hash in the CSP', () => {
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<\/script/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(out)?.[1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(out)?.[1];
    expect(style).toBe(STYLESHEET);
    const hash = createHash('sha256').update(STYLESHEET, 'utf8').digest('base64');
    const decoded = (csp ?? '').replaceAll('&#39;', "'");
    expect(decoded).toContain(`style-src 'sha256-${hash}'`);
    expect(decoded).toContain("default-src 'none'");
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<style>'));
  });

  it('escapes names, commands, targets, notes and reasons from the configuration', () => {
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;');
    expect(out).toContain('\\u{202E}');
    expect(out).toContain('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(out).toContain('servers/&lt;b&gt;evil&lt;/b&gt;');
    expect(out).toContain('env &lt;KEY&gt; left out');
    expect(out).toContain('fetch&lt;script&gt;');
    expect(out).toContain('fetch failed: &lt;404&gt;');
    expect(out).toContain('&lt;config&gt;.mcp.json');
  });

  it('links each report relatively, every segment encoded (no scheme, no fragment)', () => {
    const hrefs = [...out.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([
      'servers/a%20b%23%22x/report.html',
      'servers/javascript%3Aalert(1)/report.json',
      'servers/evil/report.sarif',
      'servers/clean/report.html',
      'servers/clean/report.json',
    ]);
    expect(relativeHref('../a b/r.html')).toBe('../a%20b/r.html');
  });

  it('lists the servers that were not analysed first, with their reasons', () => {
    const warn = out.indexOf('class="warn"');
    expect(warn).toBeGreaterThan(0);
    expect(warn).toBeLessThan(out.indexOf('<table'));
    expect(out).toContain('3 of 5 servers were not analysed.');
    expect(out).toContain('uvx (Python) servers are not analysed yet');
    expect(out).toContain('remote server at https://mcp.docs.example/mcp cannot be installed');
    expect(out).toContain('<span class="badge">not&nbsp;examined</span>');
  });

  it('shows each verdict, the counts, coverage and a missed coverage gate', () => {
    expect(out).toContain('<span class="badge verdict-malicious">malicious</span>');
    expect(out).toContain('<span class="badge verdict-clean">clean</span>');
    expect(out).toContain('2 of 3 tools returned a result');
    expect(out).toContain('(below --min-coverage)');
    expect(out).toMatch(/sev-critical">critical<\/span> 2/);
    expect(out).toContain('evil@1.0.0');
  });

  it('says incomplete, not clean, when a clean scan left servers out', () => {
    const partial = summarizeScan('c.json', outcomes.slice(1, 3), '/out');
    expect(partial.verdict).toBe('incomplete');
    expect(renderScanHtml(partial)).toContain('<span class="badge verdict">incomplete</span>');
  });
});

describe('renderScanJson', () => {
  it('is the summary as indented JSON with a trailing newline, round-tripping', () => {
    const text = renderScanJson(summary);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(summary);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
  });
});
