// A tiny `html` tagged template that escapes every interpolation by construction. Everything the
// report shows was written by a hostile package, so plain strings are always bounded, made
// visible (controls, zero-width, bidi and tag characters become \u{XXXX} markers) and escaped;
// only SafeHtml values built by this module pass through unescaped. There is no public raw().
import { STYLESHEET } from './style.js';

const TOKEN: unique symbol = Symbol('SafeHtml');

/** HTML built by `html` (or the fixed stylesheet); the private field makes it nominal. */
class SafeHtmlValue {
  readonly #html: string;
  constructor(token: symbol, markup: string) {
    if (token !== TOKEN) throw new TypeError('SafeHtml can only be built by the html template');
    this.#html = markup;
    Object.freeze(this);
  }
  /** The markup; only for writing the finished document. */
  toString(): string {
    return this.#html;
  }
  /** True when `v` is a genuine SafeHtml (not a look-alike object). */
  static is(v: unknown): v is SafeHtmlValue {
    return typeof v === 'object' && v !== null && #html in v;
  }
}

export type SafeHtml = SafeHtmlValue;

/** What may be interpolated: SafeHtml passes, everything else is bounded, made visible, escaped. */
export type Interpolation =
  SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

/** Hard bound on any plain string interpolated without an explicit `shown()` limit. */
export const MAX_INTERPOLATION = 10_000;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escape the characters that are special in HTML text and attributes (and the backtick). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? '');
}

/** True for genuine SafeHtml values. */
export function isSafeHtml(v: unknown): v is SafeHtml {
  return SafeHtmlValue.is(v);
}

/** Wrap markup this module vouches for. */
function trusted(markup: string): SafeHtml {
  return new SafeHtmlValue(TOKEN, markup);
}

/** Render one interpolated value to markup. */
function renderValue(v: unknown): string {
  if (SafeHtmlValue.is(v)) return v.toString();
  if (Array.isArray(v)) return v.map(renderValue).join('');
  if (v === null || v === undefined) return '';
  return escapeHtml(visible(clip(String(v), MAX_INTERPOLATION)));
}

/** A real template-strings array is frozen and carries `raw`; a plain array is refused. */
function isTemplateStrings(strings: unknown): strings is TemplateStringsArray {
  return (
    Array.isArray(strings) &&
    Object.isFrozen(strings) &&
    Array.isArray((strings as unknown as { raw?: unknown }).raw)
  );
}

/** The tag: literal parts are trusted markup, every interpolation is escaped unless SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): SafeHtml {
  if (!isTemplateStrings(strings)) throw new TypeError('html must be used as a tagged template');
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += renderValue(values[i]) + (strings[i + 1] ?? '');
  return trusted(out);
}

/** Join SafeHtml parts with an optional SafeHtml separator. */
export function joinHtml(parts: readonly SafeHtml[], sep: SafeHtml = html``): SafeHtml {
  return trusted(parts.map(String).join(sep.toString()));
}

/** The fixed stylesheet as a <style> element: the only markup not built by `html`. */
export function styleElement(): SafeHtml {
  if (/<\//.test(STYLESHEET)) throw new Error('stylesheet must not contain "</"');
  return trusted(`<style>${STYLESHEET}</style>`);
}

// Controls, format characters (zero-width, bidi, soft hyphen, BOM, most tags), line/paragraph
// separators, lone surrogates, the whole tag block (some of it unassigned), variation selectors
// and the blank-looking fillers that are used to hide text. Combining marks (U+034F, variation
// selectors) are listed on purpose: each one is matched and marked on its own.
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- each mark is matched on its own
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u{034F}\u{115F}\u{1160}\u{17B4}\u{17B5}\u{180B}-\u{180F}\u{2800}\u{3164}\u{FE00}-\u{FE0F}\u{FFA0}\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;

export interface VisibleOptions {
  /** Keep \n, \t and \r\n as they are (for <pre> blocks); everything else is still marked. */
  multiline?: boolean;
}

type Token = string | { cp: number };

/** Split text into plain runs and invisible code points. */
function tokenize(text: string, opts: VisibleOptions): Token[] {
  const out: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(INVISIBLE)) {
    const ch = m[0];
    const i = m.index ?? 0;
    const kept =
      opts.multiline === true &&
      (ch === '\n' || ch === '\t' || (ch === '\r' && text[i + 1] === '\n'));
    if (kept) continue;
    if (i > last) out.push(text.slice(last, i));
    out.push({ cp: ch.codePointAt(0) ?? 0 });
    last = i + ch.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The visible marker for one code point: \u{200B}. */
export function marker(cp: number): string {
  return `\\u{${cp.toString(16).toUpperCase().padStart(4, '0')}}`;
}

/** Replace invisible and control characters with \u{XXXX} markers (before escaping). */
export function visible(text: string, opts: VisibleOptions = {}): string {
  return tokenize(text, opts)
    .map((t) => (typeof t === 'string' ? t : marker(t.cp)))
    .join('');
}

/** Cut `s` to at most `n` UTF-16 units without splitting a surrogate pair. */
function clipParts(s: string, n: number): { head: string; more: number } {
  const max = Math.max(0, Math.floor(n));
  if (s.length <= max) return { head: s, more: 0 };
  let cut = max;
  const last = s.charCodeAt(cut - 1);
  if (cut > 0 && last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return { head: s.slice(0, cut), more: s.length - cut };
}

/** Bound a string: at most `n` characters, then "… (N more chars)". */
export function clip(s: string, n: number): string {
  const { head, more } = clipParts(s, n);
  return more === 0 ? head : `${head}… (${more} more chars)`;
}

/** Printable ASCII hidden in tag characters (U+E0020–U+E007E), or '' when there is none. */
export function decodeTags(cps: readonly number[]): string {
  return cps
    .filter((cp) => cp >= 0xe0020 && cp <= 0xe007e)
    .map((cp) => String.fromCharCode(cp - 0xe0000))
    .join('');
}

/** One highlighted span for a run of invisible code points; tag text is spelled out in its title. */
function invisibleRun(cps: readonly number[]): SafeHtml {
  const hidden = decodeTags(cps);
  const title =
    hidden === '' ? 'invisible character' : `tag characters spelling: ${clip(hidden, 500)}`;
  return html`<span class="inv" title="${title}">${cps.map(marker).join('')}</span>`;
}

/** Hostile text for display: clipped to `max`, invisible characters as highlighted markers. */
export function shown(s: string, max: number, opts: VisibleOptions = {}): SafeHtml {
  const { head, more } = clipParts(s, max);
  const parts: SafeHtml[] = [];
  let run: number[] = [];
  for (const t of tokenize(head, opts)) {
    if (typeof t !== 'string') {
      run.push(t.cp);
      continue;
    }
    if (run.length > 0) parts.push(invisibleRun(run));
    run = [];
    parts.push(trusted(escapeHtml(t)));
  }
  if (run.length > 0) parts.push(invisibleRun(run));
  const tail = more === 0 ? '' : html`<span class="clip">… (${more} more chars)</span>`;
  return html`${parts}${tail}`;
}
