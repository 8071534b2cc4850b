import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodedViews, type DecodedView } from './decode.js';

const MIB = 1024 * 1024;
const SECRET = 'ghp_Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7j';
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

/** Deterministic pseudo-random bytes (xorshift32), so failures reproduce. */
function noise(length: number, seed = 0x2545f491): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const chainOf = (views: DecodedView[], needle: string): string[] | undefined =>
  views.find((v) => v.text.includes(needle))?.chain;

describe('decodedViews', () => {
  it('starts with the raw input and an empty chain', () => {
    expect(decodedViews('hello there')).toEqual([{ text: 'hello there', chain: [] }]);
    expect(decodedViews(Buffer.from('hello there'))[0]).toEqual({ text: 'hello there', chain: [] });
  });

  it('reads invalid UTF-8 as latin1', () => {
    expect(decodedViews(Buffer.from([0x61, 0xff, 0x62]))[0]?.text).toBe('a\u00ffb');
  });

  it('percent-decodes, with + as space', () => {
    expect(chainOf(decodedViews('q=a%20b+c%2Fd'), 'q=a b c/d')).toEqual(['url']);
  });

  it('unescapes JSON strings by replacement, one level per step', () => {
    const views = decodedViews('{"k":"\\u0067hp \\"q\\" \\/x\\nend"}');
    expect(chainOf(views, 'ghp "q" /x\nend')).toEqual(['json']);
    const twice = JSON.stringify(JSON.stringify({ k: 'caf\u00e9 \u0007bell' }));
    expect(chainOf(decodedViews(`{"x":"\\u0041",${twice}}`), '"caf\u00e9 \u0007bell"')).toEqual([
      'json',
      'json',
    ]);
  });

  it('decodes base64 runs separately and wrapped base64 as a whole', () => {
    const payload = `GITHUB_TOKEN=${SECRET}\nOTHER=value`;
    const wrapped = b64(payload).replace(/.{16}/g, '$&\n');
    expect(chainOf(decodedViews(wrapped), payload)).toEqual(['base64']);
    const views = decodedViews(`a=${b64('first secret value')}&b=${b64('second secret value')}`);
    expect(chainOf(views, 'first secret value')).toEqual(['base64']);
    expect(chainOf(views, 'second secret value')).toEqual(['base64']);
  });

  it('drops base64 runs that decode to fewer than 8 bytes or to short noise', () => {
    const views = decodedViews('path /usr/local/lib/node_modules/some-package and b64 QUJDREVGRw');
    expect(views.map((v) => v.chain)).toEqual([[]]);
  });

  it('joins hex split by dots, as in DNS labels', () => {
    const views = decodedViews('6768705f.41424344.45464748.494A4B4C.exfil.test');
    expect(chainOf(views, 'ghp_ABCDEFGHIJKL')).toEqual(['hex']);
  });

  it('decodes base32 runs of one case only', () => {
    const views = decodedViews('id=MZXW6YTBOIQGC3TEEBRGC4RAMJQXU===');
    expect(chainOf(views, 'foobar and bar baz')).toEqual(['base32']);
  });

  it('decompresses gzip and zlib by magic bytes, and brotli as a last resort', () => {
    const text = `{"GITHUB_TOKEN":"${SECRET}"}`;
    expect(chainOf(decodedViews(gzipSync(text)), SECRET)).toEqual(['gzip']);
    expect(chainOf(decodedViews(deflateSync(text)), SECRET)).toEqual(['deflate']);
    expect(chainOf(decodedViews(brotliCompressSync(text)), SECRET)).toEqual(['brotli']);
    expect(chainOf(decodedViews(b64(gzipSync(text))), SECRET)).toEqual(['base64', 'gzip']);
  });

  it('applies the declared content encodings first', () => {
    const text = `{"GITHUB_TOKEN":"${SECRET}"}`;
    const br = brotliCompressSync(text);
    expect(chainOf(decodedViews(br, { contentEncoding: 'br' }), SECRET)).toEqual(['brotli']);
    const raw = deflateRawSync(text);
    expect(chainOf(decodedViews(raw, { contentEncoding: 'Deflate' }), SECRET)).toEqual([
      'deflate-raw',
    ]);
    const layered = brotliCompressSync(gzipSync(text));
    expect(chainOf(decodedViews(layered, { contentEncoding: 'gzip, br' }), SECRET)).toEqual([
      'brotli',
      'gzip',
    ]);
  });

  it('inflates compressed runs ahead of decoys, and keeps the shorter path to one text', () => {
    const decoys = Array.from({ length: 300 }, (_, i) => b64(`decoy field ${i} `.padEnd(64, '.')));
    const body = JSON.stringify({ decoys, data: b64(gzipSync(`token ${SECRET}`)) });
    expect(chainOf(decodedViews(body), SECRET)).toEqual(['base64', 'gzip']);
    const text = `token ${SECRET} `.repeat(4);
    const views = decodedViews(`${b64(gzipSync(text))} ${b64(text)}`);
    expect(views.filter((v) => v.text === text).map((v) => v.chain)).toEqual([['base64']]);
    const lengths = views.map((v) => v.chain.length);
    expect(lengths).toEqual([...lengths].sort((x, y) => x - y));
  });

  it('stops at a content encoding it cannot undo', () => {
    const gz = gzipSync(`{"GITHUB_TOKEN":"${SECRET}"}`);
    expect(decodedViews(gz, { contentEncoding: 'zstd, gzip' }).map((v) => v.chain)).toEqual([
      [],
      ['gzip'],
    ]);
  });

  it('never repeats a text', () => {
    const inner = b64(`token ${SECRET}`);
    const views = decodedViews(`${inner} ${inner} %41%42 ${b64(inner)}`);
    const texts = views.map((v) => v.text);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('respects maxViews, maxDepth and maxBytes', () => {
    const many = Array.from({ length: 50 }, (_, i) => b64(`distinct payload number ${i}`)).join(
      ' ',
    );
    expect(decodedViews(many, { maxViews: 10 })).toHaveLength(10);

    let nested = `deep ${SECRET}`;
    for (let i = 0; i < 6; i++) nested = b64(nested);
    const shallow = decodedViews(nested, { maxDepth: 2 });
    expect(Math.max(...shallow.map((v) => v.chain.length))).toBe(2);
    expect(chainOf(shallow, SECRET)).toBeUndefined();
    expect(chainOf(decodedViews(nested, { maxDepth: 6 }), SECRET)).toHaveLength(6);

    const big = Array.from({ length: 20 }, (_, i) => b64(`${i} `.padEnd(3000, 'x'))).join('\n\n');
    const bounded = decodedViews(big, { maxBytes: 10_000 });
    const decoded = bounded.slice(1).reduce((n, v) => n + Buffer.byteLength(v.text), 0);
    expect(decoded).toBeLessThanOrEqual(10_000);
    expect(bounded.length).toBeGreaterThan(1);
  });

  it('survives garbage of many sizes and encodings without throwing', () => {
    for (let i = 0; i < 300; i++) {
      const buf = noise(i * 7, i + 1);
      for (const contentEncoding of [undefined, 'gzip', 'deflate', 'br', 'compress', ',,']) {
        expect(decodedViews(buf, { contentEncoding })[0]?.chain).toEqual([]);
      }
    }
    expect(decodedViews('')).toEqual([{ text: '', chain: [] }]);
    expect(decodedViews(Buffer.from([0x1f, 0x8b, 0x08]))).toHaveLength(1);
    expect(decodedViews(Buffer.from([0x78, 0x9c, 0xff, 0xff]))).toHaveLength(1);
  });

  it('keeps what a truncated gzip stream holds', () => {
    const text = `GITHUB_TOKEN=${SECRET}\n${'filler line\n'.repeat(5000)}`;
    const gz = gzipSync(text);
    const views = decodedViews(b64(gz.subarray(0, gz.length >> 1)));
    expect(chainOf(views, SECRET)).toEqual(['base64', 'gzip']);
  });

  it('finishes a 5 MiB random buffer well under a second', () => {
    const started = performance.now();
    const views = decodedViews(noise(5 * MIB));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(views.length).toBeLessThanOrEqual(256);
  });

  it('bounds a huge base64 run', () => {
    const started = performance.now();
    const views = decodedViews(`{"blob":"${b64(noise(3 * MIB))}"}`);
    expect(performance.now() - started).toBeLessThan(2000);
    const decoded = views.slice(1).reduce((n, v) => n + v.text.length, 0);
    expect(decoded).toBeLessThanOrEqual(4 * MIB);
  });

  it('caps a zip bomb at maxOutputLength and keeps its head', () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from(SECRET), Buffer.alloc(50 * MIB)]));
    const started = performance.now();
    const views = decodedViews(bomb);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(Math.max(...views.slice(1).map((v) => v.text.length))).toBeLessThanOrEqual(MIB);
    expect(chainOf(views, SECRET)).toEqual(['gzip']);
    const small = decodedViews(b64(bomb), { maxOutputLength: 64 * 1024 });
    expect(Math.max(...small.slice(1).map((v) => v.text.length))).toBeLessThanOrEqual(64 * 1024);
    expect(chainOf(small, SECRET)).toEqual(['base64', 'gzip']);
  });
});
