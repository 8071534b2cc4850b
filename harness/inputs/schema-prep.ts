// Defensive copies of untrusted tool input schemas: only local `#...` $refs survive, nesting and
// size are capped, and a second "faker" flavour also drops keywords that make json-schema-faker
// hang or keep state (its extensions, huge minimums, nested arrays whose sizes multiply, risky
// patterns). Pure; never mutates input. The array budget follows nesting, not $refs.

export type Json = Record<string, unknown>;
export type Draft = '07' | '2020';

export interface PreparedSchema {
  /** Sanitized schema for Ajv and the minimal generator. */
  schema: Json;
  draft: Draft;
  /** Human-readable notes about what was removed or capped. */
  notes: string[];
  /** True when nesting/size caps cut parts of the schema away. */
  truncated: boolean;
}

const MAX_SCHEMA_DEPTH = 64;
const MAX_SCHEMA_NODES = 10_000;
const MAX_NOTES = 10;
// Faker mode: items all nested arrays may make together, and faker's own default array size.
const FAKER_ITEM_BUDGET = 4096;
const FAKER_MAX_ITEMS = 8;

const MAP_KEYWORDS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
  'dependencies',
]);
const ARRAY_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SINGLE_KEYWORDS = new Set([
  'additionalProperties',
  'additionalItems',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
]);
const REF_KEYWORDS = new Set(['$ref', '$dynamicRef', '$recursiveRef']);
// json-schema-faker extensions: stateful, template-expanding or pointless for tool inputs.
const FAKER_ONLY = new Set([
  'template',
  'jsonPath',
  'autoIncrement',
  'sequentialDate',
  'faker',
  'chance',
  'casual',
  'generate',
]);

/** Sets an own enumerable key, even `__proto__` (plain assignment would replace the prototype). */
export function setOwn(obj: Json, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** True for a plain (non-array) object. */
export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a regex is short and has no huge counted repetition, so sampling it stays cheap. */
export function isSafePattern(pattern: unknown): pattern is string {
  if (typeof pattern !== 'string' || pattern.length > 256) return false;
  for (const m of pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(m[1]) > 100 || (m[2] !== undefined && m[2] !== '' && Number(m[2]) > 100))
      return false;
  }
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

interface WalkState {
  mode: 'validate' | 'faker';
  nodes: number;
  notes: string[];
  truncated: boolean;
  usesDraft2020: boolean;
  /** Faker mode: how many copies of the current node nested arrays may make (product of sizes). */
  copies: number;
}

/** Adds a note unless the note list is already full. */
function note(state: WalkState, msg: string): void {
  if (state.notes.length < MAX_NOTES) state.notes.push(msg);
}

/** Copies one schema node (object or boolean), recursing only through schema-valued keywords. */
function walk(node: unknown, path: string, depth: number, state: WalkState): unknown {
  if (typeof node === 'boolean') return node;
  if (!isObject(node)) return {};
  state.nodes += 1;
  if (depth > MAX_SCHEMA_DEPTH || state.nodes > MAX_SCHEMA_NODES) {
    if (!state.truncated) note(state, `schema too deep or too large at ${path || '/'}; ignored`);
    state.truncated = true;
    return {};
  }
  const out: Json = {};
  const outer = state.copies;
  if (state.mode === 'faker') state.copies = outer * arraySpread(node, outer);
  for (const [key, value] of Object.entries(node)) {
    const at = `${path}/${key}`;
    if (key === '$schema' || key === '$id' || key === 'id') continue;
    if (key === 'prefixItems' || key === '$defs') state.usesDraft2020 = true;
    if (REF_KEYWORDS.has(key)) {
      if (typeof value === 'string' && value.startsWith('#')) setOwn(out, key, value);
      else
        note(
          state,
          `ignored non-local ${key} ${JSON.stringify(value).slice(0, 80)} at ${path || '/'}`,
        );
    } else if (state.mode === 'faker' && FAKER_ONLY.has(key)) {
      continue;
    } else if (MAP_KEYWORDS.has(key) && isObject(value)) {
      const map: Json = {};
      for (const [name, sub] of Object.entries(value)) {
        setOwn(map, name, Array.isArray(sub) ? sub : walk(sub, `${at}/${name}`, depth + 1, state));
      }
      setOwn(out, key, map);
    } else if ((ARRAY_KEYWORDS.has(key) || key === 'items') && Array.isArray(value)) {
      setOwn(
        out,
        key,
        value.map((sub, i) => walk(sub, `${at}/${i}`, depth + 1, state)),
      );
    } else if (SINGLE_KEYWORDS.has(key) || key === 'items') {
      setOwn(out, key, walk(value, at, depth + 1, state));
    } else {
      setOwn(out, key, value);
    }
  }
  state.copies = outer;
  if (state.mode === 'faker') tameForFaker(out, outer);
  return out;
}

/** Items json-schema-faker may put in an array node nested in `outer` copies (1 if not an array). */
function arraySpread(s: Json, outer: number): number {
  if (s.items === undefined && s.prefixItems === undefined && s.type !== 'array') return 1;
  const min = typeof s.minItems === 'number' ? s.minItems : 0;
  const max = typeof s.maxItems === 'number' ? s.maxItems : FAKER_MAX_ITEMS;
  return Math.max(1, Math.min(Math.max(min, max), 64, allowance(outer)));
}

/** Items one array may have when `outer` copies of it exist, keeping the total near the budget. */
const allowance = (outer: number): number =>
  Math.max(1, Math.floor(FAKER_ITEM_BUDGET / Math.max(1, outer)));

/** Rewrites one sanitized node so json-schema-faker cannot loop, blow up or miss tuples. */
function tameForFaker(s: Json, outer: number): void {
  if (typeof s.minLength === 'number' && s.minLength > 4096) s.minLength = 4096;
  // Nested arrays multiply: sizes shrink so all copies together stay near FAKER_ITEM_BUDGET.
  const most = Math.min(64, allowance(outer));
  if (typeof s.minItems === 'number' && s.minItems > most) s.minItems = most;
  if (arraySpread(s, 1) > 1 && most < FAKER_MAX_ITEMS)
    s.maxItems = Math.min(typeof s.maxItems === 'number' ? s.maxItems : most, most);
  if (typeof s.minProperties === 'number') {
    if (s.patternProperties !== undefined || s.minProperties > 16) delete s.minProperties;
  }
  if ('pattern' in s && !isSafePattern(s.pattern)) delete s.pattern;
  if ('multipleOf' in s) {
    const m = s.multipleOf;
    if (typeof m !== 'number' || !Number.isFinite(m) || m < 1e-6) delete s.multipleOf;
  }
  if (Array.isArray(s.prefixItems)) {
    // faker knows draft-07 tuples only: prefixItems + items -> items[] + additionalItems.
    if (s.items !== undefined && !Array.isArray(s.items)) s.additionalItems = s.items;
    s.items = s.prefixItems;
    delete s.prefixItems;
  }
}

/** Picks the Ajv dialect from `$schema`, else from 2020-only keywords seen while walking. */
function pickDraft(schema: Json, usesDraft2020: boolean): Draft {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (/2020-12|2019-09/.test(declared)) return '2020';
  if (/draft-0[3-7]/.test(declared)) return '07';
  return usesDraft2020 ? '2020' : '07';
}

/** Sanitizes a tool schema for validation and minimal generation. */
export function prepareSchema(schema: Json): PreparedSchema {
  const state: WalkState = {
    mode: 'validate',
    nodes: 0,
    notes: [],
    truncated: false,
    usesDraft2020: false,
    copies: 1,
  };
  const copy = walk(schema, '', 0, state);
  return {
    schema: isObject(copy) ? copy : {},
    draft: pickDraft(schema, state.usesDraft2020),
    notes: state.notes,
    truncated: state.truncated,
  };
}

/** Builds a fresh, faker-safe copy (json-schema-faker mutates what it is given). */
export function fakerSchema(sanitized: Json): Json {
  const state: WalkState = {
    mode: 'faker',
    nodes: 0,
    notes: [],
    truncated: false,
    usesDraft2020: false,
    copies: 1,
  };
  const copy = walk(sanitized, '', 0, state);
  return isObject(copy) ? copy : {};
}

/** Resolves a local JSON pointer ref (`#`, `#/a/b`) against the root; undefined if absent. */
export function resolveLocalRef(root: unknown, ref: string): unknown {
  if (ref === '#' || ref === '#/') return root;
  if (!ref.startsWith('#/')) return undefined;
  let cur: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isObject(cur) && Object.hasOwn(cur, key)) cur = cur[key];
    else return undefined;
  }
  return cur;
}
