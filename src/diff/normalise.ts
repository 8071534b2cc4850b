// Normalisation for behaviour profiles: turns what a run saw into text that is the same in two
// runs of the same package with the same seed, and the same across versions when only random or
// per-run parts differ. Planted values (canaries, invented endpoints) become named placeholders;
// uuids, timestamps, long hex and base64 runs, long digit runs, pids and temp names become
// fixed markers. Pure and bounded.
//
// Limits: a canary is recognised by its masked preview in the report (first 6 and last 3
// characters and its length), so a canary shorter than 13 characters, or one that was encoded,
// split or re-cased, keeps its raw form; random parts that look like ordinary words (no digits)
// are kept as they are, so a package that randomises plain-letter names makes noise.
import type { Report } from '../domain/types.js';

/** Longest text kept in one profile field. */
export const MAX_FIELD = 300;

/** One planted value to replace, with what it becomes. */
interface Planted {
  re: RegExp;
  placeholder: string;
}

/** What the normalisers need from the report: its planted values and its process ids. */
export interface NormaliseContext {
  planted: readonly Planted[];
  pids: ReadonlySet<string>;
}

const PREVIEW = /^([\s\S]{6})…([\s\S]{3}) \((\d{1,5}) chars\)$/u;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** The planted values of a run (canaries by their previews, invented endpoints by value). */
export function normaliseContext(report: Report): NormaliseContext {
  const planted: Planted[] = [];
  for (const c of report.behaviour.canaries.slice(0, 500)) {
    const m = PREVIEW.exec(c.preview);
    const middle = Number(m?.[3] ?? 0) - 9;
    if (!m || middle < 1) continue;
    const body = `${escapeRe(m[1] ?? '')}[^\\s"'<>\\\\]{${middle}}${escapeRe(m[2] ?? '')}`;
    planted.push({ re: new RegExp(body, 'g'), placeholder: `<canary ${clip(c.origin, 100)}>` });
  }
  const endpoints = report.behaviour.endpoints.filter((e) => e.origin === 'invented').slice(0, 200);
  const literals: { text: string; placeholder: string }[] = [];
  for (const e of endpoints) {
    const placeholder = `<endpoint ${clip(e.variable, 100)}>`;
    if (e.value !== undefined && e.value.length >= 8) literals.push({ text: e.value, placeholder });
    if (e.host !== undefined && e.host.length >= 4) literals.push({ text: e.host, placeholder });
  }
  // Longest first, so a URL is replaced whole before its host is.
  literals.sort((a, b) => b.text.length - a.text.length);
  for (const l of literals)
    planted.push({ re: new RegExp(escapeRe(l.text), 'gi'), placeholder: l.placeholder });
  const pids = new Set(
    report.behaviour.processes
      .map((p) => String(p.pid))
      .filter((p) => p.length >= 2)
      .slice(0, 10_000),
  );
  return { planted, pids };
}

/** Cut a field to `max` characters, marking the cut. */
export function clip(s: string, max = MAX_FIELD): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Planted values replaced by their placeholders. */
export function replacePlanted(s: string, ctx: NormaliseContext): string {
  let out = s;
  for (const p of ctx.planted) out = out.replace(p.re, p.placeholder);
  return out;
}

const TIME =
  /\b\d{4}-\d{2}-\d{2}(?:[T _]\d{2}[:_]\d{2}(?:[:_]\d{2}(?:[._]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g;
const UUID = /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g;
const HEX = /(?<![A-Za-z0-9])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{16,}(?![A-Za-z0-9])/g;
const B64 =
  /(?<![A-Za-z0-9+_-])(?=[A-Za-z0-9+_-]*\d)(?=[A-Za-z0-9+_-]*[a-z])(?=[A-Za-z0-9+_-]*[A-Z])[A-Za-z0-9+_-]{20,}={0,2}/g;
const DIGITS = /\d{5,}/g;

/** uuids, timestamps, long hex, digit and base64 runs replaced by markers (in that order, so a
 * temp name like `pm-1736942401-aB3xYz` keeps its shape). */
export function normaliseTokens(s: string): string {
  return s
    .replace(TIME, '<time>')
    .replace(UUID, '<uuid>')
    .replace(HEX, '<hex>')
    .replace(DIGITS, '<n>')
    .replace(B64, '<b64>');
}

/** Free text: planted values, then random-looking tokens. */
export function normaliseText(s: string, ctx: NormaliseContext): string {
  return normaliseTokens(replacePlanted(s.slice(0, 16 * 1024), ctx));
}

// Markers already put in (`<n>`) may sit inside a temp path, so < and > do not end it.
const TMP_DIR = /(^|[^\w.~-])(\/(?:tmp|var\/tmp|dev\/shm)\/[^\s'"`;|&()]*)/g;

/** The random parts of a temp name: digit runs, and letter-digit runs of six or more. */
function normaliseTmp(path: string): string {
  return path
    .replace(/(?<![A-Za-z0-9])(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{6,}/g, '<rand>')
    .replace(/(?<![<\w])\d+/g, '<n>');
}

/** A file path or URL path: segment by segment, plus temp names and /proc/<pid>. */
export function normalisePath(path: string, ctx: NormaliseContext): string {
  const planted = replacePlanted(path.slice(0, 4096), ctx);
  const segments = planted.split('/').map((seg) => {
    if (/^\d+$/.test(seg)) return '<n>';
    const t = normaliseTokens(seg);
    return /^(?=(?:\D*\d){2})(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9_-]{8,}$/.test(t) ? '<id>' : t;
  });
  return clip(withTmpAndProc(segments.join('/')));
}

function withTmpAndProc(s: string): string {
  return s
    .replace(TMP_DIR, (_m, pre: string, p: string) => `${pre}${normaliseTmp(p)}`)
    .replace(/\/proc\/\d+(?=\/|$|\s)/g, '/proc/<pid>');
}

/** A number given as a process id: `ps -p 58`, `--pid=58`, `lsof -p 58`, `kill -9 58`. The
 * pid is the container's own (the traced pids are the host's), and differs between runs; as a
 * limit, a `-p` that means a port (`nc -p 4444`) is folded too (the connection keeps the port). */
const PID_ARGUMENT =
  /((?:^|\s)(?:-p|-q|-P|--pid|--ppid|\/PID)(?:\s+|=)|\bkill(?:\s+-\w+)*\s+)\d{1,7}(?![\w.])/g;

/** A command line: planted values, pids, temp names and random tokens. */
export function normaliseCommand(cmd: string, ctx: NormaliseContext): string {
  const planted = replacePlanted(cmd.slice(0, 16 * 1024), ctx);
  const pids = planted
    .replace(PID_ARGUMENT, (_m, before: string) => `${before}<pid>`)
    .replace(/(?<![\w.])\d{2,7}(?![\w.])/g, (d) => (ctx.pids.has(d) ? '<pid>' : d));
  return clip(normaliseTokens(withTmpAndProc(pids)));
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** True for an IPv4 or IPv6 literal. */
export function isIpLiteral(s: string): boolean {
  return IPV4.test(s) || (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));
}

/** A host name: lower case, no trailing dot, planted names and random labels replaced. */
export function normaliseHost(host: string, ctx: NormaliseContext): string {
  const h = host
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
    .slice(0, 1024);
  if (isIpLiteral(h)) return h;
  const planted = replacePlanted(h, ctx);
  if (planted.startsWith('<') && planted.endsWith('>')) return clip(planted);
  const labels = planted.split('.').map((label) => {
    if (/^\d+$/.test(label)) return '<n>';
    if (label.startsWith('<')) return label;
    const t = normaliseTokens(label);
    if (t !== label) return t;
    // Long labels with digits carry data (DNS tunnels), not names.
    return label.length >= 20 && /\d/.test(label) ? '<data>' : label;
  });
  return clip(labels.join('.'), 253);
}
