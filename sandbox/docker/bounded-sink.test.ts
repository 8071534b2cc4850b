import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BoundedSink } from './bounded-sink.js';

async function drain(limit: number, chunks: string[]): Promise<BoundedSink> {
  const sink = new BoundedSink(limit);
  await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), sink);
  return sink;
}

describe('BoundedSink', () => {
  it.each<[string, number, string[], string, number]>([
    ['nothing written', 10, [], '', 0],
    ['under the limit', 10, ['abc', 'def'], 'abcdef', 6],
    ['exactly the limit', 6, ['abc', 'def'], 'abcdef', 6],
    ['over the limit in one chunk', 4, ['abcdefgh'], 'abcd\n… (4 more bytes)', 8],
    ['over the limit across chunks', 5, ['abc', 'def', 'ghi'], 'abcde\n… (4 more bytes)', 9],
    ['chunks after the limit are only counted', 3, ['abc', 'def', 'g'], 'abc\n… (4 more bytes)', 7],
    ['zero limit', 0, ['abc'], '\n… (3 more bytes)', 3],
  ])('%s', async (_name, limit, chunks, text, total) => {
    const sink = await drain(limit, chunks);
    expect(sink.text()).toBe(text);
    expect(sink.total).toBe(total);
  });

  it('keeps the raw bytes, up to the limit', async () => {
    const sink = new BoundedSink(3);
    await pipeline(Readable.from([Buffer.from([0x00, 0xff, 0x10, 0x20])]), sink);
    expect(sink.buffer()).toEqual(Buffer.from([0x00, 0xff, 0x10]));
  });

  it('counts bytes, not characters', async () => {
    const sink = await drain(4, ['éé', 'x']);
    expect(sink.text()).toBe('éé\n… (1 more bytes)');
  });

  it('never applies back-pressure or fails on a flood', async () => {
    const chunks = Array.from({ length: 2000 }, () => 'z'.repeat(1024));
    const sink = await drain(16, chunks);
    expect(sink.buffer()).toHaveLength(16);
    expect(sink.total).toBe(2000 * 1024);
  });
});
