// What the fake internet answers to an HTTP request, with no I/O: a Postmark-like email API
// (POST /email or /email/batch, or any request carrying X-Postmark-Server-Token), `{}` for a GET
// of a `.json` path, a tiny HTML page for a client that accepts text/html, and otherwise the
// generic `200 {"ok":true,...}` JSON. Everything in the request is hostile: a body is parsed
// only when small enough, a batch answers at most MAX_BATCH messages and echoed addresses are
// bounded. Never a redirect, never a reference to another host.
import { randomUUID } from 'node:crypto';

export interface Response {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ResponderEnv {
  now: () => Date;
  uuid: () => string;
}

/** Bodies larger than this are not parsed (the answer stays plausible, with an empty To). */
export const MAX_PARSED_BODY = 1024 * 1024;
const MAX_BATCH = 500;
const MAX_TO = 2048;
const JSON_TYPE = 'application/json; charset=utf-8';

export const GENERIC_BODY = '{"ok":true,"status":"success","data":{}}';

const HTML_PAGE =
  '<!doctype html>\n<html><head><meta charset="utf-8"><title>Welcome</title></head>' +
  '<body><h1>Welcome</h1><p>It works.</p></body></html>\n';

const DEFAULT_ENV: ResponderEnv = { now: () => new Date(), uuid: randomUUID };

/** Header value by case-insensitive name (first one when repeated). */
function header(headers: Record<string, string | string[] | undefined>, name: string) {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== want || v === undefined) continue;
    return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/** The path without query or fragment, lower-case, without a trailing slash. */
function normalPath(path: string): string {
  const bare = (path.split(/[?#]/)[0] ?? '').toLowerCase();
  return bare.length > 1 ? bare.replace(/\/+$/, '') : bare;
}

/** Parse JSON if small enough; undefined otherwise. */
function parseJson(text: string): unknown {
  if (text.length > MAX_PARSED_BODY) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Postmark's answer to one message. */
function postmarkResult(message: unknown, env: ResponderEnv) {
  const to =
    message && typeof message === 'object' && 'To' in message && typeof message.To === 'string'
      ? message.To.slice(0, MAX_TO)
      : '';
  return {
    To: to,
    SubmittedAt: env.now().toISOString(),
    MessageID: env.uuid(),
    ErrorCode: 0,
    Message: 'OK',
  };
}

/** True when the request looks like a call to Postmark's API. */
export function isPostmark(
  method: string,
  path: string,
  headers: Record<string, string | string[] | undefined>,
): boolean {
  if (header(headers, 'x-postmark-server-token') !== undefined) return true;
  const p = normalPath(path);
  return method.toUpperCase() === 'POST' && (p === '/email' || p === '/email/batch');
}

/** Choose and build the answer to a request. */
export function respond(
  method: string,
  path: string,
  headers: Record<string, string | string[] | undefined>,
  bodyText: string,
  env: ResponderEnv = DEFAULT_ENV,
): Response {
  const json = (value: unknown): Response => ({
    status: 200,
    headers: { 'content-type': JSON_TYPE },
    body: JSON.stringify(value),
  });
  const verb = method.toUpperCase();
  const p = normalPath(path);
  if (isPostmark(verb, path, headers)) {
    const parsed = parseJson(bodyText);
    if (p.endsWith('/batch')) {
      const items = Array.isArray(parsed) ? parsed.slice(0, MAX_BATCH) : [parsed];
      return json(items.map((m) => postmarkResult(m, env)));
    }
    return json(postmarkResult(parsed, env));
  }
  if (verb === 'GET' && p.endsWith('.json')) return json({});
  const accept = (header(headers, 'accept') ?? '').toLowerCase();
  if (accept.includes('text/html')) {
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: HTML_PAGE,
    };
  }
  return { status: 200, headers: { 'content-type': 'application/json' }, body: GENERIC_BODY };
}
