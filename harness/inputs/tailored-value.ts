// Walks a sanitized tool schema and builds one argument value of the asked kind: required and
// (except for minimal) optional properties, arrays sized for the kind (minimal: at least one item
// when allowed, since an empty required list rarely makes a tool act), leaves from tailored-leaf.
// Bounded: depth, items, properties, total values and string bytes are capped, and each local
// $ref is entered at most once (twice for boundary) for optional parts, so recursive schemas end.
// Best effort: the caller validates with Ajv and falls back.

import type { InputKind } from '../../src/domain/types.js';
import { edgeFor } from './boundary-values.js';
import type { Rand } from './prng.js';
import { mergeSchemas } from './minimal-value.js';
import { isObject, setOwn, type Json } from './schema-prep.js';
import { sensitiveState } from './sensitive-values.js';
import { leafBoolean, leafNumber, leafString, type LeafCtx } from './tailored-leaf.js';
import { pickType, refCount, viewOf, type ViewCtx } from './schema-view.js';
import { hintFor, type ValueHint } from './value-hints.js';
import { extraEntries } from './object-keys.js';

export interface TailorOptions {
  kind: InputKind;
  variant: number;
  rand: Rand;
  /** Regex sampler for `pattern` (randexp via json-schema-faker); max bounds * and +. */
  samplePattern: (pattern: string, max: number) => string | undefined;
}

const MAX_DEPTH = 10;
const MAX_OPTIONAL_DEPTH = 6;
const MAX_ITEMS = 64;
const MAX_PROPS = 128;
const BUDGET_BYTES = 48 * 1024;
// Values in all; nested minItems would otherwise multiply (64^10).
const MAX_NODES = 20_000;
const NUMERIC_HINTS = new Set<ValueHint>(['amount', 'quantity', 'page', 'percent', 'duration']);

interface Ctx extends LeafCtx, ViewCtx {
  refLimit: number;
  nodes: number;
}

interface Field {
  name?: string;
  hint?: ValueHint;
  /** Position in an array, so enum members can be told apart for uniqueItems. */
  index?: number;
  /** Set on a uniqueItems retry: pick the enum member by position, not at random. */
  distinct?: boolean;
}

const OMIT = Symbol('omit');

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** One value of the asked kind for a sanitized schema (validate it afterwards). */
export function tailoredValue(root: Json, opts: TailorOptions): unknown {
  const ctx: Ctx = {
    kind: opts.kind,
    rand: opts.rand,
    root,
    edge: edgeFor(opts.variant),
    sensitive: sensitiveState(opts.variant, opts.rand),
    budget: BUDGET_BYTES,
    samplePattern: opts.samplePattern,
    refLimit: opts.kind === 'boundary' ? 2 : 1,
    nodes: MAX_NODES,
  };
  return gen(root, {}, 0, [], ctx);
}

/** Constant, enum, default or example the kind prefers, or OMIT to generate. */
function preset(s: Json, field: Field, ctx: Ctx): unknown {
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const i = (field.index ?? 0) % s.enum.length;
    if (ctx.kind === 'minimal' || field.distinct === true) return s.enum[i];
    if (ctx.kind === 'boundary') return ctx.edge === 'high' ? s.enum.at(-1 - i) : s.enum[i];
    return ctx.rand.pick(s.enum);
  }
  const examples = Array.isArray(s.examples) && s.examples.length > 0 ? s.examples : undefined;
  if (ctx.kind === 'minimal') {
    if ('default' in s) return s.default;
    if (examples) return examples[0];
  }
  if (ctx.kind === 'realistic' && examples) return ctx.rand.pick(examples);
  return OMIT;
}

/** True when generating the node would enter a $ref beyond the kind's limit (or go too deep). */
function wouldRecurse(node: unknown, depth: number, refs: readonly string[], ctx: Ctx): boolean {
  if (depth >= MAX_OPTIONAL_DEPTH || ctx.nodes <= 0) return true;
  if (!isObject(node)) return false;
  if (typeof node.$ref === 'string' && refCount(refs, node.$ref) >= ctx.refLimit) return true;
  return isObject(node.items) && wouldRecurse(node.items, depth + 1, refs, ctx);
}

/** Recursive worker: the value for one node. */
function gen(
  node: unknown,
  field: Field,
  depth: number,
  refs: readonly string[],
  ctx: Ctx,
): unknown {
  if (node === false || --ctx.nodes < 0) return null;
  const { schema: s, refs: path } = viewOf(isObject(node) ? node : {}, refs, ctx);
  const hint = field.hint ?? hintFor(field.name, s.description);
  const fixed = preset(s, field, ctx);
  if (fixed !== OMIT) return fixed;
  const type = pickType(s, ctx) ?? (hint && NUMERIC_HINTS.has(hint) ? 'number' : 'string');
  if (depth >= MAX_DEPTH) return type === 'object' ? {} : type === 'array' ? [] : null;
  switch (type) {
    case 'object':
      return genObject(s, depth, path, ctx);
    case 'array':
      return genArray(s, { name: field.name, hint }, depth, path, ctx);
    case 'number':
    case 'integer':
      return leafNumber(s, hint, ctx, type === 'integer');
    case 'boolean':
      return leafBoolean(ctx);
    case 'null':
      return null;
    default:
      return leafString(s, hint, ctx);
  }
}

/** Required properties, then (except minimal) the optional ones, extras for minProperties. */
function genObject(s: Json, depth: number, refs: readonly string[], ctx: Ctx): Json {
  const props = isObject(s.properties) ? s.properties : {};
  const extra = isObject(s.additionalProperties) ? s.additionalProperties : {};
  const schemaOf = (key: string): unknown => (Object.hasOwn(props, key) ? props[key] : extra);
  const maxProps = num(s.maxProperties) ?? Infinity;
  const out: Json = {};
  const count = () => Object.keys(out).length;
  const put = (key: string, optional: boolean) => {
    if (Object.hasOwn(out, key) || (optional && count() >= maxProps)) return;
    if (optional && wouldRecurse(schemaOf(key), depth, refs, ctx)) return;
    setOwn(out, key, gen(schemaOf(key), { name: key }, depth + 1, refs, ctx));
  };
  const required = Array.isArray(s.required) ? s.required : [];
  for (const key of required.slice(0, MAX_PROPS)) if (typeof key === 'string') put(key, false);
  const min = Math.min(num(s.minProperties) ?? 0, MAX_PROPS);
  const optional = Object.keys(props).slice(0, MAX_PROPS);
  for (const key of optional) if (ctx.kind !== 'minimal' || count() < min) put(key, true);
  // A free-form map (no listed properties) gets an entry or two, except for minimal.
  const isMap =
    optional.length === 0 &&
    ctx.kind !== 'minimal' &&
    (isObject(s.additionalProperties) || isObject(s.patternProperties));
  const wanted = isMap ? Math.max(min, ctx.rand.int(1, 2)) : min;
  const taken = (key: string) => Object.hasOwn(out, key) || Object.hasOwn(props, key);
  for (const [key, sub] of extraEntries(s, wanted - count(), taken, ctx.samplePattern)) {
    if (count() < maxProps) setOwn(out, key, gen(sub, { name: key }, depth + 1, refs, ctx));
  }
  // Properties that present ones require (dependentRequired, or array-valued `dependencies`).
  for (const deps of [s.dependentRequired, s.dependencies]) {
    if (!isObject(deps)) continue;
    for (const [key, needs] of Object.entries(deps)) {
      if (!Object.hasOwn(out, key) || !Array.isArray(needs)) continue;
      for (const need of needs.slice(0, MAX_PROPS)) if (typeof need === 'string') put(need, false);
    }
  }
  return out;
}

/** How many items the kind wants, within minItems/maxItems and the cap. */
function itemCount(s: Json, ctx: Ctx, canRecurse: boolean): number {
  const min = Math.max(0, num(s.minItems) ?? 0);
  const max = Math.max(min, num(s.maxItems) ?? Infinity);
  let n: number;
  if (!canRecurse) n = min;
  // A required array left empty rarely makes a tool act; boundary covers the empty case.
  else if (ctx.kind === 'minimal') n = Math.max(min, 1);
  else if (ctx.kind === 'boundary')
    n = ctx.edge === 'high' ? (Number.isFinite(max) ? max : 8) : min;
  else n = ctx.rand.int(1, 3);
  return Math.min(Math.max(n, min), max, MAX_ITEMS);
}

/** Tuple items, then items for the rest; distinct when uniqueItems. */
function genArray(
  s: Json,
  field: Field,
  depth: number,
  refs: readonly string[],
  ctx: Ctx,
): unknown[] {
  const tuple = Array.isArray(s.prefixItems)
    ? s.prefixItems
    : Array.isArray(s.items)
      ? s.items
      : [];
  const rest = Array.isArray(s.prefixItems)
    ? s.items
    : Array.isArray(s.items)
      ? s.additionalItems
      : s.items;
  const contains = isObject(s.contains) ? s.contains : undefined;
  // Every kind but minimal fills the whole tuple; `contains` gets one item of its own after it.
  const floor = contains ? tuple.length + 1 : ctx.kind === 'minimal' ? 0 : tuple.length;
  const n = Math.min(
    Math.max(itemCount(s, ctx, !wouldRecurse(rest, depth, refs, ctx)), floor),
    num(s.maxItems) ?? Infinity,
    rest === false ? tuple.length : Infinity,
    MAX_ITEMS,
  );
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n && ctx.nodes > 0; i++) {
    let sub = i < tuple.length ? tuple[i] : rest;
    if (contains && i === tuple.length) sub = mergeSchemas([isObject(rest) ? rest : {}, contains]);
    let v = gen(sub, { ...field, index: i }, depth + 1, refs, ctx);
    for (
      let retry = 1;
      s.uniqueItems === true && seen.has(JSON.stringify(v)) && retry < 4;
      retry++
    ) {
      v = gen(sub, { ...field, index: i + retry, distinct: true }, depth + 1, refs, ctx);
    }
    if (s.uniqueItems === true && seen.has(JSON.stringify(v))) {
      // Fewer distinct items beat more repeated ones, once minItems is met.
      if (out.length >= (num(s.minItems) ?? 0)) continue;
      if (typeof v === 'string') v = `${v}-${i}`;
      else if (typeof v === 'number') v = v + i;
    }
    seen.add(JSON.stringify(v));
    out.push(v);
  }
  return out;
}
