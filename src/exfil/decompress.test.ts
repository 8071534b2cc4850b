import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  hasCompressionMagic,
  hasGzipMagic,
  hasZlibMagic,
  inflateCapped,
  printable,
  toText,
} from './decompress.js';

const TEXT = 'fake-credential sk-test-0000000000000000 '.repeat(200);

describe('magic bytes', () => {
  it('recognises gzip and zlib headers only', () => {
    expect(hasGzipMagic(gzipSync(TEXT))).toBe(true);
    expect(hasZlibMagic(deflateSync(TEXT))).toBe(true);
    expect(hasZlibMagic(deflateSync(TEXT, { level: 1 }))).toBe(true);
    expect(hasCompressionMagic(Buffer.from('x\u009c', 'latin1'))).toBe(true);
    expect(hasCompressionMagic(Buffer.from([0x1f, 0x8b, 0x00]))).toBe(false);
    expect(hasCompressionMagic(Buffer.from('xyz'))).toBe(false);
    expect(hasCompressionMagic(Buffer.alloc(0))).toBe(false);
  });
});

describe('inflateCapped', () => {
  it('round-trips gzip, zlib and brotli', () => {
    expect(inflateCapped(gzipSync(TEXT), zlib.gunzipSync, 1e6)?.toString()).toBe(TEXT);
    expect(inflateCapped(deflateSync(TEXT), zlib.inflateSync, 1e6)?.toString()).toBe(TEXT);
    const br = brotliCompressSync(TEXT);
    expect(inflateCapped(br, zlib.brotliDecompressSync, 1e6)?.toString()).toBe(TEXT);
  });

  it('returns what a truncated stream holds', () => {
    const gz = gzipSync(TEXT);
    const out = inflateCapped(gz.subarray(0, gz.length - 30), zlib.gunzipSync, 1e6);
    expect(out && out.length > 0 && TEXT.startsWith(out.toString())).toBe(true);
  });

  it('returns null for garbage, empty input and a zero cap', () => {
    expect(inflateCapped(Buffer.from('not compressed at all'), zlib.gunzipSync, 1e6)).toBeNull();
    expect(inflateCapped(Buffer.alloc(0), zlib.gunzipSync, 1e6)).toBeNull();
    expect(inflateCapped(gzipSync(TEXT), zlib.gunzipSync, 0)).toBeNull();
  });

  it('keeps a prefix of at most `cap` bytes from output that would exceed it', () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from('HEAD'), Buffer.alloc(8 * 1024 * 1024)]));
    const out = inflateCapped(bomb, zlib.gunzipSync, 100_000);
    expect(out?.length).toBeLessThanOrEqual(100_000);
    expect(out?.length).toBeGreaterThan(50_000);
    expect(out?.subarray(0, 4).toString()).toBe('HEAD');
  });
});

describe('printable and toText', () => {
  it('tells text from binary', () => {
    expect(printable(Buffer.from('plain text\twith\r\nlines'))).toBe(true);
    expect(printable(Buffer.from('caf\u00e9 na\u00efve \u2713'))).toBe(true);
    expect(printable(Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x80, 0x10]))).toBe(false);
    expect(printable(Buffer.alloc(0))).toBe(true);
  });

  it('reads UTF-8 when valid and latin1 otherwise', () => {
    expect(toText(Buffer.from('caf\u00e9'))).toBe('caf\u00e9');
    expect(toText(Buffer.from([0x63, 0xe9]))).toBe('c\u00e9');
  });
});
