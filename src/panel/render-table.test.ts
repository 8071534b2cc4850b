import { describe, expect, it } from 'vitest';
import { mdCell, renderFindings, renderPanel, renderServers } from './render-table.js';
import type { PanelRow } from './summarise.js';

const analysed: PanelRow = {
  name: 'playwright',
  kind: 'browser',
  spec: '@playwright/mcp@0.0.86',
  wallMs: 61_400,
  status: 'analysed',
  exitCode: 1,
  verdict: 'suspicious',
  counts: { critical: 0, high: 1, medium: 2, low: 0, info: 3 },
  toolsListed: 20,
  toolsCalled: 20,
  toolsOk: 4,
  findings: [
    {
      rule: 'proc/spawn',
      severity: 'high',
      title: 'The server started chrome | <b>x</b>\n[link](http://evil.example)',
      where: ['browser_navigate', 'browser_click'],
      count: 2,
      judged: { verdict: 'false', why: 'the browser it automates', key: 'k' },
    },
    {
      rule: 'net/egress-http',
      severity: 'medium',
      title: 'HTTPS egress to cdn.playwright.dev',
      where: ['browser_install'],
      count: 1,
      judged: { verdict: 'unjudged' },
    },
  ],
};

const failed: PanelRow = {
  name: 'mongodb',
  kind: 'database',
  spec: 'mongodb-mcp-server@3.0.4',
  wallMs: 9_000,
  status: 'failed',
  exitCode: 2,
  error: 'mcp-airlock: error (fetch-failed): | boom',
};

describe('mdCell', () => {
  it('keeps a hostile title on one line and inert: no cell break, link, HTML or code span', () => {
    const cell = mdCell('a | b\nc <img src=x> [t](http://e.example) `x` *y*');
    expect(cell).not.toMatch(/[\n<>]/);
    expect(cell).not.toMatch(/(^|[^\\])\|/);
    expect(cell).not.toMatch(/(^|[^\\])[[\]`*]/);
    expect(cell).toContain('&lt;img');
  });

  it('keeps URLs from becoming autolinks', () => {
    expect(mdCell('xdg-open "https://tally.so/r/x" www.evil.example')).toBe(
      'xdg-open "https\\://tally.so/r/x" www\\.evil.example',
    );
  });

  it('bounds long text', () => {
    expect(mdCell('x'.repeat(500), 50)).toHaveLength(50);
    expect(mdCell('x'.repeat(500), 50).endsWith('…')).toBe(true);
  });
});

describe('renderServers', () => {
  it('has one row per server with counts, reach and wall time, and says why one failed', () => {
    const md = renderServers([analysed, failed]);
    const lines = md.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain(
      '[@playwright/mcp@0.0.86](https://www.npmjs.com/package/@playwright/mcp/v/0.0.86)',
    );
    expect(lines[2]).toContain('| suspicious | 0 | 1 | 2 | 0 | 3 | 20 / 20 / 4 | 61 |');
    expect(lines[3]).toContain('**not analysed** (exit 2)');
    expect(lines[3]).toContain('\\| boom');
  });
});

describe('renderFindings', () => {
  it('has one row per finding group with its tools, count and judgement', () => {
    const md = renderFindings([analysed, failed]);
    const lines = md.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('| `proc/spawn` | high | browser\\_navigate, browser\\_click |');
    expect(lines[2]).toContain('(×2) | **false** | the browser it automates |');
    expect(lines[3]).toContain('| unjudged |');
    // every line has the same number of unescaped cell separators
    for (const l of lines) expect(l.match(/(^|[^\\])\|/g)?.length, l).toBe(8);
  });

  it('says none when nothing reached medium', () => {
    expect(renderFindings([failed])).toContain('(none)');
  });
});

describe('renderPanel', () => {
  it('puts both tables under headings', () => {
    const md = renderPanel([analysed], { date: '2026-01-02', tool: 'mcp-airlock 0.1.0' });
    expect(md).toContain('### Servers (mcp-airlock 0.1.0, 2026-01-02)');
    expect(md).toContain('### Findings at medium and above');
    expect(md).not.toContain('not seen in this run');
  });

  it('lists judged findings a run no longer shows', () => {
    const md = renderPanel([analysed], { date: 'd', tool: 't' }, [
      { server: 'playwright', rule: 'proc/spawn', match: 'chrome', verdict: 'false', why: 'x' },
    ]);
    expect(md).toContain('### Judged findings not seen in this run');
    expect(md).toContain('- playwright `proc/spawn` "chrome" (judged false)');
  });
});
