// Pulls the values a user would care about out of an outbound message: email addresses, URLs
// and their host names, phone numbers (international form) and account ids, each with where it
// sat (a JSON key path, a header, the URL). Pure; bounded in input size and value count.
// Limits: phone numbers are only recognised with a leading +; free-text ids without a known
// prefix are not values here.

export type ValueKind = 'email' | 'url' | 'host' | 'phone' | 'account';

export interface ExtractedValue {
  kind: ValueKind;
  value: string;
  /** Where it was found: `url`, `header:x-bcc`, `body:Bcc`, `body:recipients[1].email`, `body`. */
  field: string;
}

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}/g;
const URL_RE = /\bhttps?:\/\/[^\s"'<>\\^`{|}]{1,2048}/g;
const PHONE = /\+\d[\d ().-]{7,18}\d/g;
const ACCOUNT =
  /\b(?:acct_[A-Za-z0-9]{8,40}|cus_[A-Za-z0-9]{8,40}|arn:aws:[a-z0-9-]{0,32}:[a-z0-9-]{0,32}:\d{12}:[\w/+=,.@-]{1,200})/g;
const MAX_TEXT = 256 * 1024;
const MAX_VALUES = 500;

/** Values in one piece of text. */
export function valuesInText(text: string, field: string): ExtractedValue[] {
  const t = text.slice(0, MAX_TEXT);
  const out: ExtractedValue[] = [];
  for (const m of t.matchAll(EMAIL)) out.push({ kind: 'email', value: m[0].toLowerCase(), field });
  for (const m of t.matchAll(URL_RE)) {
    out.push({ kind: 'url', value: m[0], field });
    try {
      out.push({ kind: 'host', value: new URL(m[0]).hostname.toLowerCase(), field });
    } catch {
      // not a URL after all
    }
  }
  for (const m of t.matchAll(PHONE))
    out.push({ kind: 'phone', value: m[0].replace(/[ ().-]/g, ''), field });
  for (const m of t.matchAll(ACCOUNT)) out.push({ kind: 'account', value: m[0], field });
  return out.slice(0, MAX_VALUES);
}

/** Values in a JSON document, each with its key path. */
export function valuesInJson(doc: unknown, prefix = 'body'): ExtractedValue[] {
  const out: ExtractedValue[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > 32 || out.length >= MAX_VALUES) return;
    if (typeof v === 'string') out.push(...valuesInText(v, path));
    else if (Array.isArray(v))
      v.slice(0, 1000).forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v).slice(0, 1000))
        walk(x, path === prefix && prefix === '' ? k : `${path}${path ? '.' : ''}${k}`, depth + 1);
    }
  };
  walk(doc, '', 0);
  return out.map((v) => ({ ...v, field: `${prefix}:${v.field || '(root)'}` })).slice(0, MAX_VALUES);
}

const BORING_HEADERS = new Set([
  'host',
  'user-agent',
  'content-type',
  'content-length',
  'accept',
  'accept-encoding',
  'accept-language',
  'connection',
  'sec-fetch-mode',
  'referer',
  'origin',
]);

/** Values in an HTTP request: its URL, its non-standard headers and its body. */
export function valuesInRequest(
  url: string,
  headers: Record<string, string>,
  body: string,
  contentType: string,
): ExtractedValue[] {
  const out: ExtractedValue[] = [];
  try {
    const u = new URL(url);
    // Each parameter decoded on its own line, so a URL value cannot run into the next one.
    const params = [...u.searchParams].map(([k, v]) => `${k}=${v}`).join('\n');
    out.push(...valuesInText(params, 'url'));
  } catch {
    out.push(...valuesInText(url, 'url'));
  }
  for (const [k, v] of Object.entries(headers))
    if (!BORING_HEADERS.has(k.toLowerCase())) out.push(...valuesInText(v, `header:${k}`));
  let parsed: unknown;
  if (/json/i.test(contentType) || /^\s*[[{]/.test(body)) {
    try {
      parsed = JSON.parse(body.slice(0, MAX_TEXT));
    } catch {
      parsed = undefined;
    }
  }
  if (parsed !== undefined) out.push(...valuesInJson(parsed));
  else if (/x-www-form-urlencoded/i.test(contentType)) {
    for (const [k, v] of new URLSearchParams(body.slice(0, MAX_TEXT)))
      out.push(...valuesInText(v, `body:${k}`));
  } else out.push(...valuesInText(body, 'body'));
  return out.slice(0, MAX_VALUES);
}
