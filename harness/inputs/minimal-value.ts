// Hand-written fallback generator: the smallest plausible value for a (sanitized) JSON Schema, with
// documentation-style strings for known formats. Best effort only: depth, array and string sizes
// and the total number of values are capped, oneOf/anyOf take the first branch, and the result
// must still be checked with Ajv.

import { isObject, isSafePattern, resolveLocalRef, setOwn, type Json } from './schema-prep.js';

export interface MinimalOptions {
  /** Root used to resolve local `#/...` refs; defaults to the schema itself. */
  root?: unknown;
  /** Optional regex sampler (e.g. randexp) used for `pattern`. */
  samplePattern?: (pattern: string) => string | undefined;
}

const MAX_DEPTH = 8;
const MAX_ITEMS = 64;
const MAX_STRING = 4096;
const MAX_NODES = 20_000;

const FORMAT_SAMPLES: Record<string, string> = {
  email: 'alex@example.com',
  'idn-email': 'alex@example.com',
  uri: 'https://example.com/a',
  url: 'https://example.com/a',
  iri: 'https://example.com/a',
  'uri-reference': 'https://example.com/a',
  'iri-reference': 'https://example.com/a',
  'uri-template': 'https://example.com/items/{id}',
  'date-time': '2024-01-15T09:30:00Z',
  date: '2024-01-15',
  time: '09:30:00Z',
  duration: 'P1D',
  uuid: '3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b',
  hostname: 'host.example',
  'idn-hostname': 'host.example',
  ipv4: '198.51.100.7',
  ipv6: '2001:db8::7',
  'json-pointer': '/a',
  'relative-json-pointer': '0',
  regex: '^a$',
  byte: 'YQ==',
};

interface Ctx {
  root: unknown;
  samplePattern: ((pattern: string) => string | undefined) | undefined;
  /** Values still allowed; nested minItems would otherwise multiply (64^8). */
  nodes: number;
}

/** Returns a small value meant to satisfy `schema` (validate it afterwards). */
export function minimalValue(schema: unknown, opts: MinimalOptions = {}): unknown {
  const ctx: Ctx = {
    root: opts.root ?? schema,
    samplePattern: opts.samplePattern,
    nodes: MAX_NODES,
  };
  return gen(schema, ctx, 0);
}

/** Merges allOf-style schemas: properties/required combined, tighter bounds win. */
export function mergeSchemas(parts: Json[]): Json {
  const out: Json = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      const prev = out[key];
      if (key === 'properties' && isObject(prev) && isObject(value))
        setOwn(out, key, { ...prev, ...value });
      else if (key === 'required' && Array.isArray(prev) && Array.isArray(value))
        setOwn(out, key, [...new Set([...prev, ...value])]);
      else if (
        typeof prev === 'number' &&
        typeof value === 'number' &&
        /^min[A-Z]|^minimum$/.test(key)
      )
        setOwn(out, key, Math.max(prev, value));
      else if (
        typeof prev === 'number' &&
        typeof value === 'number' &&
        /^max[A-Z]|^maximum$/.test(key)
      )
        setOwn(out, key, Math.min(prev, value));
      else setOwn(out, key, value);
    }
  }
  return out;
}

/** Follows $ref and flattens allOf / first oneOf-anyOf branch into one schema. */
function flatten(schema: Json, ctx: Ctx, depth: number): Json {
  let s = schema;
  for (let hops = 0; hops < MAX_DEPTH; hops++) {
    if (typeof s.$ref === 'string') {
      const target = resolveLocalRef(ctx.root, s.$ref);
      const rest: Json = { ...s };
      delete rest.$ref;
      s = isObject(target) ? mergeSchemas([target, rest]) : rest;
    } else if (Array.isArray(s.allOf)) {
      const { allOf, ...rest } = s;
      const parts = allOf.filter(isObject).map((p) => flatten(p, ctx, depth + 1));
      s = mergeSchemas([rest, ...parts]);
    } else if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) {
      const { oneOf, anyOf, ...rest } = s;
      const branches = (Array.isArray(oneOf) ? oneOf : anyOf) as unknown[];
      const first = branches.find(isObject);
      s = first ? mergeSchemas([rest, first]) : rest;
    } else break;
  }
  return s;
}

/** Picks the concrete type to produce, inferring it from keywords when `type` is absent. */
function pickType(s: Json): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) {
    const types = s.type.filter((t): t is string => typeof t === 'string');
    return types.find((t) => t !== 'null') ?? types[0];
  }
  if (s.properties !== undefined || s.required !== undefined) return 'object';
  if (s.items !== undefined || s.prefixItems !== undefined) return 'array';
  if (s.format !== undefined || s.pattern !== undefined || s.minLength !== undefined)
    return 'string';
  if (s.minimum !== undefined || s.maximum !== undefined) return 'number';
  return undefined;
}

/** Recursive worker behind minimalValue. */
function gen(schema: unknown, ctx: Ctx, depth: number): unknown {
  if (!isObject(schema) || --ctx.nodes < 0) return null;
  const s = flatten(schema, ctx, depth);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ('default' in s) return s.default;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  const type = pickType(s);
  if (depth >= MAX_DEPTH) return type === 'object' ? {} : type === 'array' ? [] : null;
  switch (type) {
    case 'object':
      return genObject(s, ctx, depth);
    case 'array':
      return genArray(s, ctx, depth);
    case 'string':
      return genString(s, ctx);
    case 'number':
    case 'integer':
      return genNumber(s, type === 'integer');
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** Required properties, then optional ones (and extras) until minProperties is met. */
function genObject(s: Json, ctx: Ctx, depth: number): Json {
  const props = isObject(s.properties) ? s.properties : {};
  const out: Json = {};
  const required = Array.isArray(s.required) ? s.required.filter((k) => typeof k === 'string') : [];
  const extra = isObject(s.additionalProperties) ? s.additionalProperties : {};
  for (const key of required) setOwn(out, key, gen(props[key] ?? extra, ctx, depth + 1));
  const min = Math.min(typeof s.minProperties === 'number' ? s.minProperties : 0, MAX_ITEMS);
  for (const key of Object.keys(props)) {
    if (Object.keys(out).length >= min) break;
    if (!Object.hasOwn(out, key)) setOwn(out, key, gen(props[key], ctx, depth + 1));
  }
  for (let i = 1; Object.keys(out).length < min && s.additionalProperties !== false; i++) {
    out[`extra${i}`] = gen(extra, ctx, depth + 1);
  }
  return out;
}

/** minItems elements from prefixItems / tuple items / items, made distinct if uniqueItems. */
function genArray(s: Json, ctx: Ctx, depth: number): unknown[] {
  const tuple = Array.isArray(s.prefixItems)
    ? s.prefixItems
    : Array.isArray(s.items)
      ? s.items
      : [];
  const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
  const n = Math.min(typeof s.minItems === 'number' ? Math.max(0, s.minItems) : 0, MAX_ITEMS);
  const out: unknown[] = [];
  for (let i = 0; i < n && ctx.nodes > 0; i++) {
    let v = gen(i < tuple.length ? tuple[i] : rest, ctx, depth + 1);
    if (s.uniqueItems === true && i > 0) {
      if (typeof v === 'string') v = `${v}-${i}`;
      else if (typeof v === 'number') v = v + i;
    }
    out.push(v);
  }
  return out;
}

/** Format sample, pattern sample, or a padded/truncated word within the length bounds. */
function genString(s: Json, ctx: Ctx): string {
  const min = Math.min(typeof s.minLength === 'number' ? Math.max(0, s.minLength) : 0, MAX_STRING);
  const max = typeof s.maxLength === 'number' ? Math.max(0, s.maxLength) : Infinity;
  const fmt = typeof s.format === 'string' ? FORMAT_SAMPLES[s.format] : undefined;
  if (fmt !== undefined) return fmt;
  if (isSafePattern(s.pattern) && ctx.samplePattern) {
    const sample = ctx.samplePattern(s.pattern);
    if (sample !== undefined) return sample;
  }
  let v = 'example';
  if (v.length < min) v = v + 'x'.repeat(min - v.length);
  return v.length > max ? v.slice(0, max) : v;
}

/** Smallest in-range number: 0 when allowed, else the nearest bound, snapped to multipleOf. */
function genNumber(s: Json, integer: boolean): number {
  const num = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  let lo = num(s.minimum) ?? -Infinity;
  let hi = num(s.maximum) ?? Infinity;
  const step = integer ? 1 : 1e-6;
  // draft-06+: numeric exclusive bounds; draft-04: boolean flags on minimum/maximum.
  const exMin = num(s.exclusiveMinimum);
  const exMax = num(s.exclusiveMaximum);
  if (exMin !== undefined) lo = Math.max(lo, exMin + step);
  else if (s.exclusiveMinimum === true) lo += step;
  if (exMax !== undefined) hi = Math.min(hi, exMax - step);
  else if (s.exclusiveMaximum === true) hi -= step;
  let v = Math.min(Math.max(0, lo), hi);
  if (integer) v = Number.isFinite(lo) && v === lo ? Math.ceil(v) : Math.floor(v);
  const m = num(s.multipleOf);
  if (m !== undefined && m > 0) {
    const snapped = Math.ceil(v / m) * m;
    v = snapped <= hi ? snapped : Math.floor(v / m) * m;
  }
  return Number.isFinite(v) ? v : 0;
}
