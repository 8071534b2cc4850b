// Decoded views of captured egress data, so canaries can be found after the usual exfil encodings.
// Breadth-first, bounded expansion: compression (gzip, zlib, raw deflate, brotli), URL
// percent-encoding, JSON string escapes, base64 (standard and URL-safe), hex (also split by dots,
// as in DNS labels) and base32, nested up to `maxDepth` layers.
// Limits: encryption, custom XOR or byte shuffles, a base64 run glued to other base64-alphabet text
// (misaligned), splitting a secret across separate requests or fields, and pieces shorter than the
// needle all defeat it. Bounds (views, depth, total bytes, per-decompression output) can hide a
// canary that sits beyond them; decompression keeps the capped prefix rather than nothing.

import { isUtf8 } from 'node:buffer';
import zlib from 'node:zlib';
import {
  hasCompressionMagic,
  hasGzipMagic,
  hasZlibMagic,
  type Inflater,
  inflateCapped,
  printable,
  toText,
} from './decompress.js';
import { ALPHABETS, type Alphabet, dense, scanRuns } from './encoded-runs.js';

/** Names of the decodings that can appear in a view's chain. */
export type Encoding =
  | 'gzip'
  | 'deflate' // zlib-wrapped, as Node's deflateSync and HTTP `deflate`
  | 'deflate-raw'
  | 'brotli'
  | 'url'
  | 'json'
  | 'base64'
  | 'hex'
  | 'base32';

export interface DecodedView {
  text: string;
  chain: string[];
}

export interface DecodeOptions {
  maxDepth?: number;
  maxViews?: number;
  maxBytes?: number;
  contentEncoding?: string;
  /** Output cap for each decompression (zlib `maxOutputLength`); default 1 MiB. */
  maxOutputLength?: number;
}

interface Node {
  bytes: Buffer;
  text: string;
  chain: Encoding[];
}

interface Candidate {
  steps: Encoding[];
  bytes: Buffer;
}

interface Ctx {
  maxDepth: number;
  budget: number;
  maxOut: number;
  guesses: number; // brotli attempts left on buffers with no magic
}

const MIB = 1024 * 1024;
const MIN_DECODED = 8;
const MIN_BINARY = 48; // unprintable decodings shorter than this are noise, not payloads
const BROTLI_GUESS_MAX = 64 * 1024;
const BROTLI_GUESSES = 64;

/** Every plausible decoding of `input`, raw first, then by chain length; never throws. */
export function decodedViews(input: Buffer | string, opts: DecodeOptions = {}): DecodedView[] {
  const maxDepth = opts.maxDepth ?? 4;
  const maxViews = opts.maxViews ?? 256;
  const ctx: Ctx = {
    maxDepth,
    budget: opts.maxBytes ?? 4 * MIB,
    maxOut: opts.maxOutputLength ?? MIB,
    guesses: BROTLI_GUESSES,
  };
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const root: Node = { bytes, text: typeof input === 'string' ? input : toText(input), chain: [] };
  const nodes: Node[] = [root];
  const seen = new Map<string, Node>([[root.text, root]]);
  let level: Node[] = [root];
  while (level.length > 0 && nodes.length < maxViews) {
    const next: Node[] = [];
    for (const node of level) {
      if (node.chain.length >= maxDepth) continue;
      const encoding = node.chain.length === 0 ? opts.contentEncoding : undefined;
      for (const cand of children(node, ctx, encoding)) {
        if (nodes.length >= maxViews || ctx.budget <= 0) return asViews(nodes);
        if (cand.bytes.length > ctx.budget) continue;
        const text = toText(cand.bytes);
        const chain = [...node.chain, ...cand.steps];
        const twin = seen.get(text);
        if (twin) {
          if (chain.length < twin.chain.length) twin.chain = chain; // same text, shorter path
          continue;
        }
        ctx.budget -= cand.bytes.length;
        const child: Node = { bytes: cand.bytes, text, chain };
        seen.set(text, child);
        nodes.push(child);
        next.push(child);
      }
    }
    level = next;
  }
  return asViews(nodes);
}

/** Views by chain length (stable): one candidate may add two steps, e.g. base64 then gzip. */
function asViews(nodes: Node[]): DecodedView[] {
  return nodes
    .map(({ text, chain }) => ({ text, chain }))
    .sort((x, y) => x.chain.length - y.chain.length);
}

/** Candidate decodings of one view, most specific first. */
function* children(node: Node, ctx: Ctx, contentEncoding?: string): Generator<Candidate> {
  if (contentEncoding) yield* contentDecodings(node.bytes, ctx, contentEncoding);
  const { bytes, text } = node;
  if (hasGzipMagic(bytes)) {
    const out = gunzip(bytes, ctx);
    if (out) yield { steps: ['gzip'], bytes: out };
  } else if (hasZlibMagic(bytes)) {
    const out = inflate(bytes, ctx, zlib.inflateSync);
    if (out) yield { steps: ['deflate'], bytes: out };
  } else if (
    node.chain.at(-1) !== 'brotli' &&
    bytes.length <= BROTLI_GUESS_MAX &&
    !printable(bytes)
  ) {
    const out = brotliGuess(bytes, ctx);
    if (out) yield { steps: ['brotli'], bytes: out };
  }
  if (/%[0-9a-fA-F]{2}/.test(text)) yield { steps: ['url'], bytes: urlDecode(text, bytes) };
  if (/\\(?:u[0-9a-fA-F]{4}|["\\/bfnrt])/.test(text)) {
    yield { steps: ['json'], bytes: Buffer.from(jsonUnescape(text), 'utf8') };
  }
  for (const alphabet of ALPHABETS) yield* runs(node, ctx, alphabet);
}

/** The declared Content-Encoding layers, undone last-applied first; stops at one it cannot undo. */
function* contentDecodings(bytes: Buffer, ctx: Ctx, header: string): Generator<Candidate> {
  const layers = header
    .toLowerCase()
    .split(',')
    .map((s) => s.trim());
  let cur: Candidate = { steps: [], bytes };
  for (const layer of layers.filter((l) => l && l !== 'identity').reverse()) {
    const undone = undoLayer(layer, cur.bytes, ctx);
    if (!undone) return;
    cur = { steps: [...cur.steps, ...undone.steps], bytes: undone.bytes };
    yield cur;
  }
}

/** One Content-Encoding layer undone, named as its chain step; null if unknown or corrupt. */
function undoLayer(layer: string, b: Buffer, ctx: Ctx): Candidate | null {
  const step = (name: Encoding, out: Buffer | null): Candidate | null =>
    out ? { steps: [name], bytes: out } : null;
  if (layer === 'gzip' || layer === 'x-gzip') return step('gzip', gunzip(b, ctx));
  if (layer === 'br') return step('brotli', inflate(b, ctx, zlib.brotliDecompressSync));
  if (layer !== 'deflate') return null;
  // HTTP deflate is meant to be zlib-wrapped, but raw deflate is common in the wild.
  return (
    step('deflate', inflate(b, ctx, zlib.inflateSync)) ??
    step('deflate-raw', inflate(b, ctx, zlib.inflateRawSync))
  );
}

/** Decodes the alphabet's runs in the view, compressed then longest first; keeps plausible ones. */
function* runs(node: Node, ctx: Ctx, a: Alphabet): Generator<Candidate> {
  const found = [...scanRuns(node.bytes, node.text, a)];
  // Compressed payloads first (the usual exfil shape, and easily outnumbered by decoys), then
  // longest first. Their compressed bytes are never a view: they are inflated in the same step.
  const packed = new Set(found.filter((run) => hasCompressionMagic(a.decode(run.slice(0, 8)))));
  found.sort((x, y) => Number(packed.has(y)) - Number(packed.has(x)) || y.length - x.length);
  const room = ctx.maxDepth - node.chain.length; // decodings this candidate may add
  for (const run of found) {
    const out = a.decode(run);
    if (out.length < MIN_DECODED) continue;
    if (packed.has(run) && room >= 2) {
      const gz = hasGzipMagic(out);
      const inflated = gz ? gunzip(out, ctx) : inflate(out, ctx, zlib.inflateSync);
      if (inflated) yield { steps: [a.name, gz ? 'gzip' : 'deflate'], bytes: inflated };
    } else if (printable(out) || (out.length >= MIN_BINARY && dense(run, a))) {
      yield { steps: [a.name], bytes: out };
    } else if (room >= 2) {
      const br = brotliGuess(out, ctx); // short and unprintable: kept only if it is brotli
      if (br) yield { steps: [a.name, 'brotli'], bytes: br };
    }
  }
}

/** Percent-decoding (with `+` as space) to bytes, so non-UTF-8 escapes survive. */
function urlDecode(text: string, bytes: Buffer): Buffer {
  const encoding = isUtf8(bytes) ? 'utf8' : 'latin1'; // as the view's text was made
  const s = text.replace(/\+/g, ' ');
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of s.matchAll(/(?:%[0-9a-fA-F]{2})+/g)) {
    parts.push(Buffer.from(s.slice(last, m.index), encoding));
    parts.push(Buffer.from(m[0].replace(/%/g, ''), 'hex'));
    last = m.index + m[0].length;
  }
  parts.push(Buffer.from(s.slice(last), encoding));
  return Buffer.concat(parts);
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** One level of JSON string unescaping by regex; unknown escapes are left as they are. */
function jsonUnescape(text: string): string {
  return text.replace(
    /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g,
    (whole, code?: string, ch?: string) =>
      code ? String.fromCharCode(parseInt(code, 16)) : (JSON_ESCAPES[ch ?? ''] ?? whole),
  );
}

/** Capped decompression; the cap also respects what is left of the total budget. */
function inflate(b: Buffer, ctx: Ctx, fn: Inflater): Buffer | null {
  return inflateCapped(b, fn, Math.min(ctx.maxOut, ctx.budget));
}

/** gzip, capped. */
function gunzip(b: Buffer, ctx: Ctx): Buffer | null {
  return inflate(b, ctx, zlib.gunzipSync);
}

/** Brotli on a buffer with no magic: accepted only when the output is mostly printable. */
function brotliGuess(b: Buffer, ctx: Ctx): Buffer | null {
  if (b.length > BROTLI_GUESS_MAX || ctx.guesses <= 0) return null;
  ctx.guesses--;
  const out = inflate(b, ctx, zlib.brotliDecompressSync);
  return out && printable(out) ? out : null;
}
