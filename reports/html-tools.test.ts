// Tests for the Tools section: each call shows its round, how its arguments were made, whether
// they passed the schema and the outcome; definitions show title, output schema and annotations.
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/domain/types.js';
import { toolsSection } from './html-tools.js';
import { SAMPLE_T0, sampleReport } from './sample-report.js';

const ctx = { t0: SAMPLE_T0 };
const render = (r: Report): string => String(toolsSection(r, ctx));
const out = render(sampleReport());

/** Header cells of the first calls table, and the first cells of each call row. */
function callRows(doc: string): string[][] {
  return [...doc.matchAll(/<tr>\s*<td><code>(c\d)<\/code><\/td>([\s\S]*?)<\/tr>/g)].map((m) => [
    m[1] ?? '',
    ...[...(m[2] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1] ?? '').slice(0, 4),
  ]);
}

describe('toolsSection', () => {
  it('has columns for round, input kind and schema validity next to the outcome', () => {
    expect(out).toContain(
      '<th>call</th><th>round</th><th>start</th><th>input</th><th>valid args</th><th>arguments</th><th>outcome</th>',
    );
  });

  it('opens with each tool’s calls by outcome, names escaped', () => {
    expect(out).toContain(
      '<th>tool</th><th>calls</th><th>ok</th><th>tool errors</th><th>protocol errors</th><th>timeouts</th><th>crashes</th>',
    );
    const rows = [...out.matchAll(/<tr>\s*<td><code>([^]*?)<\/code><\/td>([^]*?)<\/tr>/g)]
      .filter((m) => !/^c\d$/.test(m[1] ?? ''))
      .map((m) => [
        m[1],
        [...(m[2] ?? '').matchAll(/<td class="num">(\d+)<\/td>/g)].map((c) => Number(c[1])),
      ]);
    expect(rows).toEqual([
      ['send_email&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;', [2, 1, 1, 0, 0, 0]],
      [
        'list_templates<span class="inv" title="invisible character">\\u{200B}</span>',
        [1, 0, 0, 0, 1, 0],
      ],
    ]);
    expect(out.indexOf('<th>crashes</th>')).toBeLessThan(out.indexOf('<section class="tool">'));
  });

  it('has no outcomes table when no tool was listed', () => {
    expect(render({ ...sampleReport(), tools: [] })).not.toContain('<th>crashes</th>');
  });

  it('shows each call: round, input kind, whether the args were valid', () => {
    expect(callRows(out)).toEqual([
      ['c1', '0', '+1500 ms', 'realistic', 'yes'],
      ['c2', '1', '+2400 ms', 'boundary', '<span class="changed">no</span>'],
      ['c3', '0', '+2900 ms', 'minimal', '<span class="muted">—</span>'],
    ]);
    expect(out).toMatch(/<td class="short">tool-error<\/td>/);
    expect(out).toMatch(/<td class="short">timeout<\/td>/);
  });

  it('shows a dash for calls recorded without round or input kind', () => {
    const base = sampleReport();
    const [tool] = base.tools;
    const [call] = tool?.calls ?? [];
    if (tool === undefined || call === undefined) throw new Error('sample has a call');
    const bare = { ...call, inputKind: undefined, argsValid: undefined, round: undefined };
    const doc = render({ ...base, tools: [{ ...tool, calls: [bare] }] });
    expect(callRows(doc)).toEqual([
      ['c1', '—', '+1500 ms', '<span class="muted">—</span>', '<span class="muted">—</span>'],
    ]);
  });

  it('shows the title, output schema and annotations, escaped', () => {
    expect(out).toContain(
      '<span class="muted">Send e-mail<span class="inv" title="invisible character">\\u{202E}</span></span></h3>',
    );
    expect(out).toMatch(/<summary>output schema<\/summary>\s*<pre>\{/);
    expect(out).toContain(
      '&quot;description&quot;: &quot;&lt;/script&gt;&lt;b&gt;id&lt;/b&gt;&quot;',
    );
    expect(out).toMatch(
      /<summary>annotations<\/summary>\s*<pre>\{\n {2}&quot;destructiveHint&quot;: false/,
    );
    expect(out).toContain('&quot;title&quot;: &quot;&lt;i&gt;mail&lt;/i&gt;&quot;');
    expect(out).not.toMatch(/<script|<\/script|<b>|<i>/i);
  });

  it('leaves out output schema and annotations when a tool has none', () => {
    const second = out.slice(out.indexOf('<h3><code>list_templates'));
    expect(second).not.toContain('output schema');
    expect(second).not.toContain('annotations');
  });
});
