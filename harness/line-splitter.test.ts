import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function split(chunks: string[], max = 100) {
  const lines: string[] = [];
  const over: number[] = [];
  const s = new LineSplitter(
    max,
    (l) => lines.push(l),
    (n) => over.push(n),
  );
  for (const c of chunks) s.push(Buffer.from(c));
  return { lines, over };
}

describe('LineSplitter', () => {
  it('joins lines across chunks and strips CR', () => {
    expect(split(['{"a":', '1}\r\n{"b"', ':2}\n']).lines).toEqual(['{"a":1}', '{"b":2}']);
  });
  it('drops an over-long line whole and keeps going', () => {
    const r = split(['x'.repeat(60), 'y'.repeat(60), '\nok\n'], 100);
    expect(r.lines).toEqual(['ok']);
    expect(r.over).toEqual([120]);
  });
  it('keeps an unterminated tail until its newline', () => {
    expect(split(['abc']).lines).toEqual([]);
  });
});
