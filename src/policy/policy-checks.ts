// What the schema cannot check, run on a policy the schema has accepted: addresses and ranges
// that parse, host names that are host names, real calendar dates, rule ids that exist in the
// catalog (so `proc/env-prob` is an error, not an entry that silently never matches), one
// override per rule, one entry per variable, and `secret: false` only with a value. Returns the
// first problem as a JSON pointer and a message, like the schema errors.
import type { Phase, Severity } from '../domain/types.js';
import { RULE_IDS } from '../rules/catalog.js';
import { parseCidr } from './cidr.js';
import { didYouMean, quote } from './did-you-mean.js';
import { hostPatternError } from './host-pattern.js';

/** The policy as the schema guarantees it (before defaults and normalisation). */
export interface RawPolicy {
  version: 1;
  egress?: {
    host?: string;
    cidr?: string;
    ports?: number[];
    phases?: Phase[];
    reason: string;
    expires?: string;
  }[];
  env?: { name: string; secret?: boolean; value?: string; hosts?: string[]; reason?: string }[];
  severity?: { rule: string; severity: Severity; reason: string; expires?: string }[];
  ignore?: {
    rule: string;
    host?: string;
    tool?: string;
    path?: string;
    reason: string;
    expires?: string;
  }[];
}

export interface PolicyProblem {
  pointer: string;
  message: string;
}

/** Why `text` (already `YYYY-MM-DD`) is not a real date, or undefined. */
export function dateError(text: string): string | undefined {
  const [y = 0, m = 0, d = 0] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? undefined
    : `is not a real date: ${quote(text)}`;
}

function ruleError(rule: string): string | undefined {
  return RULE_IDS.includes(rule)
    ? undefined
    : `names no rule in the catalog: ${quote(rule)}${didYouMean(rule, RULE_IDS)}`;
}

function pathError(path: string): string | undefined {
  const star = path.indexOf('*');
  if (star >= 0 && !(path.endsWith('/**') && star === path.length - 2))
    return 'may use "*" only as a final "/**" (anything under a folder)';
  return [...path].some((c) => c.charCodeAt(0) < 0x20) ? 'has a control character' : undefined;
}

/** Each check yields [pointer, message | undefined]; the first message wins. */
function* problems(p: RawPolicy): Generator<[string, string | undefined]> {
  for (const [i, e] of (p.egress ?? []).entries()) {
    if (e.host !== undefined) yield [`/egress/${i}/host`, hostPatternError(e.host)];
    if (e.cidr !== undefined) {
      const parsed = parseCidr(e.cidr);
      yield [`/egress/${i}/cidr`, 'error' in parsed ? parsed.error : undefined];
    }
    if (e.expires) yield [`/egress/${i}/expires`, dateError(e.expires)];
  }
  const names = new Map<string, number>();
  for (const [i, e] of (p.env ?? []).entries()) {
    const seen = names.get(e.name);
    yield [`/env/${i}/name`, seen === undefined ? undefined : `repeats /env/${seen}`];
    names.set(e.name, i);
    if (e.secret === false && e.value === undefined)
      yield [
        `/env/${i}`,
        'has "secret: false" but no "value": give the value to pass, or drop "secret: false" to plant a canary',
      ];
    for (const [j, h] of (e.hosts ?? []).entries())
      yield [`/env/${i}/hosts/${j}`, hostPatternError(h)];
  }
  const overridden = new Map<string, number>();
  for (const [i, e] of (p.severity ?? []).entries()) {
    yield [`/severity/${i}/rule`, ruleError(e.rule)];
    const seen = overridden.get(e.rule);
    yield [
      `/severity/${i}/rule`,
      seen === undefined ? undefined : `overrides the rule again (see /severity/${seen})`,
    ];
    overridden.set(e.rule, i);
    if (e.expires) yield [`/severity/${i}/expires`, dateError(e.expires)];
  }
  for (const [i, e] of (p.ignore ?? []).entries()) {
    yield [`/ignore/${i}/rule`, ruleError(e.rule)];
    if (e.host !== undefined) yield [`/ignore/${i}/host`, hostPatternError(e.host)];
    if (e.path !== undefined) yield [`/ignore/${i}/path`, pathError(e.path)];
    if (e.expires) yield [`/ignore/${i}/expires`, dateError(e.expires)];
  }
}

/** The first thing wrong with a schema-valid policy, or undefined. */
export function checkPolicy(p: RawPolicy): PolicyProblem | undefined {
  for (const [pointer, message] of problems(p)) if (message) return { pointer, message };
  return undefined;
}
