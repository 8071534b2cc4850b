// What one HTTP request looked like, normalised for comparison between versions: its shape
// (`POST api.example /email/<n>`), the keys it carried (JSON key paths, query, form and header
// names, each with the type of its value) and its values of interest (emails, URLs, host names,
// phone numbers, accounts and planted values), everything else reduced to its type. Pure, bounded.
//
// Limits: bodies are read from the report's excerpt (8 KiB): keys past a cut body are found by a
// loose `"key":` scan without their path; compressed or binary bodies give no keys; a value that
// is one of the calling tool's own arguments is shown as `<input …>`, so a package that sends
// the user's input to a new place shows as a new host or key, not as a new value.
import type { HttpRequestObservation } from '../domain/types.js';
import { valuesInText } from '../exfil/extract-values.js';
import {
  clip,
  isIpLiteral,
  normaliseHost,
  normalisePath,
  normaliseText,
  normaliseTokens,
  type NormaliseContext,
} from './normalise.js';

/** A key or a value found in a request: where (`$.Bcc`, `query:q`) and what (type or value). */
export interface Field {
  detail: string;
  value: string;
}

export interface RequestShape {
  host: string;
  /** `METHOD host /path`. */
  shape: string;
  keys: Field[];
  values: Field[];
}

/** Most keys and values taken from one request. */
const MAX_FIELDS = 200;
const MAX_DEPTH = 16;
const MAX_BODY = 64 * 1024;

/** Headers every client sends: their names say nothing about the package. */
const COMMON_HEADERS = new Set([
  'host',
  'user-agent',
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'accept',
  'accept-encoding',
  'accept-language',
  'connection',
  'keep-alive',
  'cache-control',
  'pragma',
  'te',
  'referer',
  'origin',
  'date',
]);

/** A name that ends like a file (`report.pdf`) is taken for a file, not a host. */
const FILE_EXTENSION =
  /\.(?:js|mjs|cjs|ts|json|txt|md|html?|css|csv|xml|ya?ml|log|pdf|png|jpe?g|gif|svg|zip|gz|tar|tgz|exe|docx?|xlsx?|py|sh)$/i;
const HOST_NAME = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/i;

/** What the profile keeps of one string value: its values of interest, or nothing. */
export function valuesOfInterest(
  raw: string,
  ctx: NormaliseContext,
  inputs: readonly string[],
): string[] {
  const text = normaliseText(raw, ctx);
  const out = [...text.matchAll(/<(?:canary|endpoint) [^<>]{1,120}>/g)].map((m) => m[0]);
  const asInput = (kind: string, rawValue: string, shown: string): string => {
    const v = rawValue.toLowerCase();
    return inputs.some((s) => s.includes(v)) ? `<input ${kind}>` : shown;
  };
  for (const v of valuesInText(raw.slice(0, MAX_BODY), '')) {
    if (v.kind === 'email') out.push(asInput('email', v.value, normaliseTokens(v.value)));
    else if (v.kind === 'url') out.push(asInput('url', v.value, normaliseUrl(v.value, ctx)));
    else if (v.kind === 'phone' || v.kind === 'account')
      out.push(asInput(v.kind, v.value, v.value));
  }
  const bare = raw.trim();
  const hostLike = HOST_NAME.test(bare) && !FILE_EXTENSION.test(bare);
  if (bare.length <= 253 && (hostLike || isIpLiteral(bare)))
    out.push(asInput('host', bare, normaliseHost(bare, ctx)));
  return [...new Set(out.map((v) => clip(v)))];
}

/** A URL as scheme://host/path?keys, its variable parts normalised and its query values dropped. */
export function normaliseUrl(url: string, ctx: NormaliseContext): string {
  try {
    const u = new URL(url);
    const keys = [...new Set([...u.searchParams.keys()].map((k) => normaliseTokens(k)))].sort();
    const query = keys.length > 0 ? `?${keys.join('&')}` : '';
    return clip(
      `${u.protocol}//${normaliseHost(u.hostname, ctx)}${normalisePath(u.pathname, ctx)}${query}`,
    );
  } catch {
    return clip(normaliseText(url, ctx));
  }
}

/** A JSON key as a path step: `.name`, or `["odd key"]`. */
function step(key: string): string {
  const k = normaliseTokens(key.slice(0, 200));
  return /^[A-Za-z_$][\w$-]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Key paths with their types, and values of interest, of a parsed JSON document. */
function walkJson(
  doc: unknown,
  ctx: NormaliseContext,
  inputs: readonly string[],
  out: { keys: Field[]; values: Field[] },
): void {
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH || out.keys.length >= MAX_FIELDS) return;
    const detail = clip(path);
    if (path !== '$') out.keys.push({ detail, value: typeOf(v) });
    if (typeof v === 'string')
      for (const x of valuesOfInterest(v, ctx, inputs)) out.values.push({ detail, value: x });
    else if (Array.isArray(v)) for (const x of v.slice(0, 100)) walk(x, `${path}[*]`, depth + 1);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v).slice(0, 200)) walk(x, `${path}${step(k)}`, depth + 1);
  };
  walk(doc, '$', 0);
}

function header(h: Record<string, string>, name: string): string {
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return v;
  return '';
}

/** Keys and values of a body, by its content type (JSON, form, or plain text). */
function bodyFields(
  req: HttpRequestObservation,
  ctx: NormaliseContext,
  inputs: readonly string[],
  out: { keys: Field[]; values: Field[] },
): void {
  const body = req.bodyExcerpt.slice(0, MAX_BODY);
  if (body === '') return;
  const type = header(req.headers, 'content-type');
  if (/json/i.test(type) || /^\s*[[{]/.test(body)) {
    try {
      walkJson(JSON.parse(body) as unknown, ctx, inputs, out);
      return;
    } catch {
      // a cut or broken body: keys by a loose scan, values from the text
      for (const m of body.matchAll(/"((?:[^"\\]|\\.){1,200})"\s*:/g))
        out.keys.push({ detail: `$..${step(m[1] ?? '').replace(/^\./, '')}`, value: 'unknown' });
    }
  } else if (/x-www-form-urlencoded/i.test(type)) {
    for (const [k, v] of new URLSearchParams(body)) {
      const detail = `form:${normaliseTokens(k.slice(0, 200))}`;
      out.keys.push({ detail, value: 'string' });
      for (const x of valuesOfInterest(v, ctx, inputs)) out.values.push({ detail, value: x });
    }
    return;
  }
  for (const x of valuesOfInterest(body, ctx, inputs))
    out.values.push({ detail: 'body', value: x });
}

/** The normalised shape, keys and values of one request. */
export function requestShape(
  req: HttpRequestObservation,
  ctx: NormaliseContext,
  inputs: readonly string[] = [],
): RequestShape {
  let url: URL | undefined;
  try {
    url = new URL(req.url, `http://${req.host || 'unknown.invalid'}`);
  } catch {
    url = undefined;
  }
  const host = normaliseHost(url?.hostname || req.host || '(no host)', ctx);
  const method = clip(req.method.toUpperCase(), 16);
  const path = url ? normalisePath(url.pathname, ctx) : normaliseText(req.url, ctx);
  const out: { keys: Field[]; values: Field[] } = { keys: [], values: [] };
  for (const [k, v] of url?.searchParams ?? []) {
    const detail = `query:${normaliseTokens(k.slice(0, 200))}`;
    out.keys.push({ detail, value: 'string' });
    for (const x of valuesOfInterest(v, ctx, inputs)) out.values.push({ detail, value: x });
  }
  for (const [k, v] of Object.entries(req.headers).slice(0, 100)) {
    const name = k.toLowerCase();
    if (COMMON_HEADERS.has(name)) continue;
    const detail = `header:${clip(name, 100)}`;
    out.keys.push({ detail, value: 'string' });
    for (const x of valuesOfInterest(v, ctx, inputs)) out.values.push({ detail, value: x });
  }
  bodyFields(req, ctx, inputs, out);
  return {
    host,
    shape: `${method} ${host} ${path}`,
    keys: out.keys.slice(0, MAX_FIELDS),
    values: out.values.slice(0, MAX_FIELDS),
  };
}
