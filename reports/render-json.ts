// Renders a Report as report.json: 2-space indentation, a trailing newline and a stable key order
// (the Report's own field order at the top, sorted keys below), so two runs diff cleanly.
import type { Report } from '../src/domain/types.js';

/** Top-level fields in the order of the Report interface; unknown ones follow, sorted. */
const TOP_LEVEL_ORDER: readonly (keyof Report)[] = [
  'schemaVersion',
  'tool',
  'runId',
  'seed',
  'startedAt',
  'target',
  'package',
  'verdict',
  'findings',
  'summary',
  'coverage',
  'allowEgress',
  'install',
  'server',
  'tools',
  'surface',
  'restarts',
  'network',
  'behaviour',
  'timeline',
  'timings',
  'notes',
];

/** True for objects whose keys we may reorder (not arrays, not class instances like Date). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A copy of a plain object with its keys in code-unit order. */
function sortedKeys(v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = v[k];
  return out;
}

/** report.json text. */
export function renderJson(report: Report): string {
  const src = report as unknown as Record<string, unknown>;
  const top: Record<string, unknown> = {};
  for (const k of TOP_LEVEL_ORDER) if (k in src) top[k] = src[k];
  for (const k of Object.keys(src).sort()) if (!(k in top)) top[k] = src[k];
  const text = JSON.stringify(
    top,
    function (this: unknown, key, value: unknown) {
      if (key === '' || !isPlainObject(value)) return value;
      return sortedKeys(value);
    },
    2,
  );
  return `${text}\n`;
}
