// Tests for the batch index page: no script, every string from lists and packages escaped, links
// relative, the pre-sorted orders reachable by anchor and switched by CSS :target, rows bounded.
import { describe, expect, it } from 'vitest';
import { failed, line, sampleLines, XSS } from '../src/batch/sample-lines.js';
import { BATCH_HTML_LIMITS, ORDERS, renderBatchIndexHtml } from './render-batch-index-html.js';
import { STYLESHEET } from './style.js';

const meta = { list: `registry<top>.txt`, generatedAt: '2025-01-15T12:00:00.000Z', targets: 6 };
const out = renderBatchIndexHtml(sampleLines(), meta);

/** The targets of one order's section, in the order shown. */
function targetsIn(page: string, id: string): string[] {
  const start = page.indexOf(`<section id="${id}"`);
  const end = page.indexOf('</section>', start);
  return [...page.slice(start, end).matchAll(/<tr>\s*<td><code>([^<]*)<\/code>/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('renderBatchIndexHtml', () => {
  it('has no script at all and uses the one stylesheet', () => {
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    expect(/<style>([\s\S]*?)<\/style>/.exec(out)?.[1]).toBe(STYLESHEET);
    expect(out).toContain('default-src &#39;none&#39;');
  });

  it('escapes targets, names, versions, rules and the list path', () => {
    expect(out).not.toContain('<img');
    expect(out).not.toContain(XSS);
    expect(out).toContain(
      'evil&quot;&gt;&lt;img src=x onerror=alert(1)&gt;@6.6.6&quot;&gt;&lt;img',
    );
    expect(out).toContain('gone&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('weird&quot;&gt;&lt;img');
    expect(out).toContain('registry&lt;top&gt;.txt');
  });

  it('offers every order by anchor link, the default last in the document for :target', () => {
    for (const o of ORDERS) {
      expect(out).toContain(`<a href="#${o.id}">${o.label}</a>`);
      expect(out).toContain(`<section id="${o.id}" class="order`);
    }
    expect(out).toContain('<section id="by-verdict" class="order order-default">');
    const positions = ORDERS.map((o) => out.indexOf(`<section id="${o.id}"`));
    expect(Math.max(...positions)).toBe(positions[0]);
    expect(STYLESHEET).toContain('.order { display: none; }');
    expect(STYLESHEET).toContain('.order:target, .order-default { display: block; }');
    expect(STYLESHEET).toContain('.order:target ~ .order-default { display: none; }');
  });

  it('sorts each order as its label says', () => {
    const gone = `gone&quot;&gt;&lt;img src=x onerror=alert(1)&gt;`;
    expect(targetsIn(out, 'by-verdict')).toEqual(['evil', 'beta', gone, 'slow', 'alpha']);
    expect(targetsIn(out, 'by-name')).toEqual(['alpha', 'beta', 'evil', gone, 'slow']);
    expect(targetsIn(out, 'by-duration')).toEqual(['slow', 'evil', 'beta', 'alpha', gone]);
    expect(targetsIn(out, 'failures')).toEqual([gone, 'slow', 'evil', 'beta', 'alpha']);
  });

  it('shows verdicts, failures, counts, a few hosts, errors and relative report links', () => {
    expect(out).toContain('<td><span class="badge verdict-malicious">malicious</span></td>');
    expect(out).toContain('<span class="badge sev-high">timed&nbsp;out</span>');
    expect(out).toContain('<code>fetch-failed</code> fetch-failed happened');
    expect(out).toContain('+11 more');
    expect(out).toContain('<a href="evil/report.html">report</a>');
    expect(out).toContain('<a href="evil/report.json">JSON</a>');
    expect(out).toContain('1m 30s');
    expect(out).toContain('2 of 6 targets were not analysed');
    expect(out).toContain(
      '6 targets: 1 malicious, 1 suspicious, 1 clean; 2 failed or timed out (1 timed out): not judged, not counted in the exit code; 1 not run',
    );
  });

  it('encodes link paths so no scheme or fragment can appear', () => {
    const page = renderBatchIndexHtml(
      [line('x', { htmlPath: 'javascript:alert(1)/r#"x.html', reportPath: '/abs/a b.json' })],
      meta,
    );
    const hrefs = [...page.matchAll(/href="([^"#][^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toContain('javascript%3Aalert(1)/r%23%22x.html');
    expect(hrefs).toContain('/abs/a%20b.json');
  });

  it('bounds the rows of each order and says that index.jsonl has them all', () => {
    const many = Array.from({ length: BATCH_HTML_LIMITS.rows + 3 }, (_, i) =>
      i % 2 === 0 ? line(`p${i}`) : failed(`p${i}`, 'fetch-failed'),
    );
    const page = renderBatchIndexHtml(many, { ...meta, targets: many.length, unreadable: 2 });
    expect(targetsIn(page, 'by-verdict')).toHaveLength(BATCH_HTML_LIMITS.rows);
    expect(targetsIn(page, 'by-name')).toHaveLength(BATCH_HTML_LIMITS.otherRows);
    expect(page).toContain('3 more targets not shown in this order; index.jsonl has them all.');
    expect(page).toContain('2 line(s) of index.jsonl could not be read');
  });

  it('says so when nothing has finished yet', () => {
    const page = renderBatchIndexHtml([], { ...meta, targets: 4 });
    expect(page).toContain('No targets have finished yet.');
    expect(page).toContain('4 targets: none analysed; 4 not run');
  });
});
