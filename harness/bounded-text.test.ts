import { describe, expect, it } from 'vitest';
import { BoundedText } from './bounded-text.js';

function collect(limit: number, chunks: string[]): string {
  const t = new BoundedText(limit);
  for (const c of chunks) t.push(Buffer.from(c));
  return t.text();
}

describe('BoundedText', () => {
  it.each<[string, number, string[], string]>([
    ['nothing pushed', 10, [], ''],
    ['under the limit', 10, ['abc', 'def'], 'abcdef'],
    ['exactly the limit', 6, ['abc', 'def'], 'abcdef'],
    ['over the limit in one chunk', 4, ['abcdefgh'], 'abcd\n… (4 more bytes)'],
    ['over the limit across chunks', 5, ['abc', 'def', 'ghi'], 'abcde\n… (4 more bytes)'],
    ['chunks after the limit are only counted', 3, ['abc', 'def', 'g'], 'abc\n… (4 more bytes)'],
    ['zero limit', 0, ['abc'], '\n… (3 more bytes)'],
    ['empty chunks', 3, ['', 'ab', ''], 'ab'],
  ])('%s', (_name, limit, chunks, expected) => {
    expect(collect(limit, chunks)).toBe(expected);
  });

  it('counts bytes, not characters', () => {
    // "é" is two bytes in UTF-8
    expect(collect(4, ['éé', 'x'])).toBe('éé\n… (1 more bytes)');
  });

  it('keeps memory bounded for a flood', () => {
    const t = new BoundedText(8);
    for (let i = 0; i < 10_000; i++) t.push(Buffer.alloc(1024, 0x61));
    expect(t.text()).toBe(`${'a'.repeat(8)}\n… (${10_000 * 1024 - 8} more bytes)`);
  });
});
