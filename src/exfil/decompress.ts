// Capped decompression for decode.ts: gzip, zlib, raw deflate and brotli that never throw and
// never produce more than the cap (a zip bomb yields its capped prefix). Pure (node:zlib only).

import { isUtf8 } from 'node:buffer';
import zlib from 'node:zlib';

const PRINTABLE = 0.85;

export type Inflater = (buf: Buffer, opts: zlib.ZlibOptions & zlib.BrotliOptions) => Buffer;

/** zlib header: 0x78, then a check byte for one of the usual compression levels. */
export function hasZlibMagic(b: Buffer): boolean {
  return b[0] === 0x78 && (b[1] === 0x01 || b[1] === 0x5e || b[1] === 0x9c || b[1] === 0xda);
}

/** gzip header: 1f 8b, then method 8 (deflate). */
export function hasGzipMagic(b: Buffer): boolean {
  return b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08;
}

/** Either header: worth decompressing whatever decoding produced it. */
export function hasCompressionMagic(b: Buffer): boolean {
  return hasGzipMagic(b) || hasZlibMagic(b);
}

/**
 * Decompresses with the output capped; truncated input yields what it holds, and output over the
 * cap yields the prefix decompressed from the longest input prefix that fits (bisection).
 */
export function inflateCapped(b: Buffer, fn: Inflater, cap: number): Buffer | null {
  if (cap <= 0 || b.length === 0) return null;
  const flush =
    fn === zlib.brotliDecompressSync
      ? zlib.constants.BROTLI_OPERATION_FLUSH
      : zlib.constants.Z_SYNC_FLUSH;
  const attempt = (n: number): Buffer | 'big' | null => {
    try {
      return fn(b.subarray(0, n), { maxOutputLength: cap, finishFlush: flush });
    } catch (e) {
      return (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'big' : null;
    }
  };
  const whole = attempt(b.length);
  if (whole !== 'big') return whole && whole.length > 0 ? whole : null;
  let lo = 0; // longest prefix known to fit
  let best: Buffer | null = null;
  let hi = b.length; // shortest prefix known to overflow
  for (let i = 0; i < 24 && hi - lo > 1; i++) {
    const mid: number = best ? (lo + hi) >> 1 : hi >> 1;
    const r = attempt(mid);
    if (r === 'big') hi = mid;
    else if (r === null) return best;
    else [lo, best] = [mid, r];
    if (best && best.length >= cap * 0.9) break;
  }
  return best && best.length > 0 ? best : null;
}

/** Whether (the first 4 KiB of) the buffer is mostly printable text, UTF-8 or ASCII. */
export function printable(b: Buffer): boolean {
  if (b.length === 0) return true;
  const sample = b.subarray(0, 4096);
  let good = 0;
  let total = 0;
  if (isUtf8(b)) {
    for (const ch of sample.toString('utf8')) {
      const c = ch.codePointAt(0) ?? 0;
      total++;
      if (
        (c >= 0x20 && c !== 0x7f && (c < 0x80 || c > 0x9f) && c !== 0xfffd) ||
        c === 9 ||
        c === 10 ||
        c === 13
      )
        good++;
    }
  } else {
    for (const c of sample) {
      total++;
      if ((c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13) good++;
    }
  }
  return good >= total * PRINTABLE;
}

/** View text: UTF-8 when the bytes are valid UTF-8, latin1 otherwise. */
export function toText(b: Buffer): string {
  return isUtf8(b) ? b.toString('utf8') : b.toString('latin1');
}
