// Names for the entries an object gets beyond its listed properties (minProperties, free-form
// maps): sampled from patternProperties, else plain map keys, all checked against propertyNames.
// Best effort: a key may still fall foul of a pattern it was not drawn from; Ajv has the last word.

import { stringFits } from './fit-value.js';
import { isObject, isSafePattern, type Json } from './schema-prep.js';

const MAP_KEYS = ['env', 'region', 'owner', 'stage'];
const MAX_ROUNDS = 256;

/** Up to `count` new [key, value schema] pairs for the object node `s`. */
export function extraEntries(
  s: Json,
  count: number,
  taken: (key: string) => boolean,
  samplePattern: (pattern: string, max: number) => string | undefined,
): [string, unknown][] {
  const patterns = Object.entries(isObject(s.patternProperties) ? s.patternProperties : {});
  const names = isObject(s.propertyNames) ? s.propertyNames : undefined;
  const open = s.additionalProperties !== false;
  const extra = isObject(s.additionalProperties) ? s.additionalProperties : {};
  const out: [string, unknown][] = [];
  const fresh = (key: string | undefined): key is string =>
    key !== undefined &&
    !taken(key) &&
    !out.some(([k]) => k === key) &&
    (names === undefined || stringFits(key, names));
  for (let round = 0; out.length < count && round < Math.min(count * 4, MAX_ROUNDS); round++) {
    for (const [pattern, sub] of patterns) {
      const key = isSafePattern(pattern) ? samplePattern(pattern, 8) : undefined;
      if (out.length < count && fresh(key)) out.push([key, sub]);
    }
    if (!open || out.length >= count) continue;
    const key =
      names && isSafePattern(names.pattern)
        ? samplePattern(names.pattern, 8)
        : (MAP_KEYS[round] ?? `extra${round}`);
    if (fresh(key)) out.push([key, extra]);
  }
  return out;
}
