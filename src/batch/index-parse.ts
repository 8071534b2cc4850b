// Reads DIR/index.jsonl back (to resume a batch and to render index.html). Tolerant by design: a
// batch killed mid-write leaves a torn last line, a re-run with --force appends a second line for
// a target, and a person may have edited the file. Unreadable lines are skipped and counted, the
// last line of a target wins, and every kept line is checked field by field and bounded, so the
// rest of the code can trust its type. Pure; never throws.
import { SEVERITIES, type Severity, type Verdict } from '../domain/types.js';
import {
  INDEX_LIMITS,
  INDEX_SCHEMA_VERSION,
  boundIndexLine,
  type IndexLine,
  type IndexOutcome,
} from './batch-index.js';

const OUTCOMES: readonly IndexOutcome[] = ['analysed', 'failed', 'timed-out'];
const VERDICTS: readonly Verdict[] = ['clean', 'suspicious', 'malicious'];
/** What targetSlug makes: never empty, `.` or `..`, no separators. */
const SLUG = /^(?!\.{1,2}$)[a-z0-9._-]+$/;
const MAX_LIST = 10_000;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.slice(0, MAX_LIST).filter((x): x is string => typeof x === 'string') : [];

function summaryOf(v: unknown): Record<Severity, number> | undefined {
  if (!isObj(v)) return undefined;
  return Object.fromEntries(SEVERITIES.map((s) => [s, Math.floor(count(v[s]) ?? 0)])) as Record<
    Severity,
    number
  >;
}

function errorOf(v: unknown): IndexLine['error'] {
  if (!isObj(v)) return undefined;
  const code = str(v.code);
  return code === undefined ? undefined : { code, message: str(v.message) ?? '' };
}

/** A checked, bounded IndexLine from parsed JSON, or undefined when it is not one. */
export function coerceIndexLine(v: unknown): IndexLine | undefined {
  if (!isObj(v) || v.schemaVersion !== INDEX_SCHEMA_VERSION) return undefined;
  const target = str(v.target);
  const slug = str(v.slug);
  const outcome = OUTCOMES.find((o) => o === v.outcome);
  const finishedAt = str(v.finishedAt);
  if (target === undefined || target === '' || target.length > INDEX_LIMITS.target)
    return undefined;
  if (slug === undefined || slug.length > INDEX_LIMITS.slug || !SLUG.test(slug)) return undefined;
  if (outcome === undefined || finishedAt === undefined) return undefined;
  const verdict = VERDICTS.find((x) => x === v.verdict);
  const error = errorOf(v.error);
  if (outcome === 'analysed' ? verdict === undefined : error === undefined) return undefined;
  const hostsOmitted = count(v.hostsOmitted);
  const opt = <T>(k: string, x: T | undefined) => (x === undefined ? {} : { [k]: x });
  return boundIndexLine({
    schemaVersion: INDEX_SCHEMA_VERSION,
    target,
    slug,
    outcome,
    ...opt('name', str(v.name)),
    ...opt('version', str(v.version)),
    ...opt('integrity', str(v.integrity)),
    ...opt('verdict', verdict),
    ...opt('summary', summaryOf(v.summary)),
    rules: strings(v.rules),
    hosts: strings(v.hosts),
    ...opt('hostsOmitted', hostsOmitted === undefined ? undefined : Math.floor(hostsOmitted)),
    ...opt('coverage', str(v.coverage)),
    ...opt(
      'coverageGateMet',
      typeof v.coverageGateMet === 'boolean' ? v.coverageGateMet : undefined,
    ),
    durationMs: count(v.durationMs) ?? 0,
    ...opt('reportPath', str(v.reportPath)),
    ...opt('htmlPath', str(v.htmlPath)),
    ...opt('error', error),
    finishedAt: finishedAt.slice(0, 40),
  });
}

/** An index as read back. */
export interface ParsedIndex {
  /** One line per target (its last line), in the order of those last lines. */
  lines: IndexLine[];
  /** Lines that are not index lines (torn, edited, another schema), skipped. */
  unreadable: number;
  /** Earlier lines of a target that has a later one, dropped. */
  replaced: number;
}

function tryParse(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** Parse index.jsonl text (the caller bounds how much it reads). */
export function parseIndex(text: string): ParsedIndex {
  const byTarget = new Map<string, IndexLine>();
  let unreadable = 0;
  let replaced = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const line = raw.length > INDEX_LIMITS.line ? undefined : coerceIndexLine(tryParse(raw));
    if (line === undefined) {
      unreadable++;
      continue;
    }
    if (byTarget.delete(line.target)) replaced++;
    byTarget.set(line.target, line);
  }
  return { lines: [...byTarget.values()], unreadable, replaced };
}
