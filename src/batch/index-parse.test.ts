// Tests for reading index.jsonl back: a torn last line, duplicates (last wins), edited and
// foreign lines skipped and counted, every field checked.
import { describe, expect, it } from 'vitest';
import { renderIndex, renderIndexLine } from './batch-index.js';
import { coerceIndexLine, parseIndex } from './index-parse.js';
import { failed, line, sampleLines } from './sample-lines.js';

describe('parseIndex', () => {
  it('skips a torn last line (a batch killed mid-write) and counts it', () => {
    const lines = sampleLines();
    const text = renderIndex(lines);
    const torn = text + renderIndexLine(line('zeta')).slice(0, 40);
    const back = parseIndex(torn);
    expect(back.lines).toEqual(lines);
    expect(back.unreadable).toBe(1);
  });

  it('reads a line appended after a torn one when the writer started a fresh line', () => {
    const torn = `${renderIndexLine(line('a'))}{"schemaVersion":1,"tar`;
    const back = parseIndex(`${torn}\n${renderIndexLine(line('b'))}`);
    expect(back.lines.map((l) => l.target)).toEqual(['a', 'b']);
    expect(back.unreadable).toBe(1);
  });

  it('keeps the last line of a target, in the position of that line', () => {
    const text = renderIndex([
      failed('a', 'timeout'),
      line('b'),
      line('a', { verdict: 'malicious' }),
      line('c'),
      line('a', { verdict: 'suspicious' }),
    ]);
    const back = parseIndex(text);
    expect(back.lines.map((l) => [l.target, l.verdict])).toEqual([
      ['b', 'clean'],
      ['c', 'clean'],
      ['a', 'suspicious'],
    ]);
    expect(back.replaced).toBe(2);
  });

  it('skips blank lines, CRLF endings, garbage and lines of another schema', () => {
    const good = renderIndexLine(line('a')).replace('\n', '\r\n');
    const text = [
      '',
      good,
      'not json',
      '[1,2,3]',
      'null',
      JSON.stringify({ ...line('b'), schemaVersion: 2 }),
      JSON.stringify({ ...line('c'), target: '' }),
      '   ',
    ].join('\n');
    const back = parseIndex(text);
    expect(back.lines.map((l) => l.target)).toEqual(['a']);
    expect(back.unreadable).toBe(5);
  });
});

describe('coerceIndexLine', () => {
  const base = JSON.parse(JSON.stringify(line('a'))) as Record<string, unknown>;

  it('refuses slugs that could leave DIR or are not ours', () => {
    for (const slug of ['..', '.', '', '../x', 'a/b', 'A', 'a\\b', 'x'.repeat(201)])
      expect(coerceIndexLine({ ...base, slug })).toBeUndefined();
  });

  it('needs a verdict on an analysed line and an error on a failed one', () => {
    expect(coerceIndexLine({ ...base, verdict: 'fine' })).toBeUndefined();
    expect(coerceIndexLine({ ...base, outcome: 'failed' })).toBeUndefined();
    expect(coerceIndexLine({ ...base, outcome: 'exploded' })).toBeUndefined();
    expect(
      coerceIndexLine({ ...base, outcome: 'failed', error: { code: 'io', message: 7 } })?.error,
    ).toEqual({ code: 'io', message: '' });
  });

  it('repairs wrong-typed optional fields instead of trusting them', () => {
    const l = coerceIndexLine({
      ...base,
      summary: { critical: '9', high: -1, medium: 2.7, low: Infinity },
      rules: ['ok', 5, null, 'also'],
      hosts: 'a.example',
      durationMs: -5,
      coverageGateMet: 'no',
      name: 42,
      extra: '<script>',
    });
    expect(l?.summary).toEqual({ info: 0, low: 0, medium: 2, high: 0, critical: 0 });
    expect(l?.rules).toEqual(['ok', 'also']);
    expect(l?.hosts).toEqual([]);
    expect(l?.durationMs).toBe(0);
    expect(l?.coverageGateMet).toBeUndefined();
    expect(l?.name).toBeUndefined();
    expect(l).not.toHaveProperty('extra');
  });
});
