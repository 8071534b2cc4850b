// One schema node seen as a single concrete choice: local $refs followed (and counted, so cyclic
// schemas stop), allOf merged, one oneOf/anyOf branch chosen, `then` taken as if `if` held, one
// type picked. The choice is a guess: a branch that overlaps its siblings, an `else` or a `not`
// the view ignores can still make the value invalid, which is why the caller validates and falls
// back.

import type { InputKind } from '../../src/domain/types.js';
import { mergeSchemas } from './minimal-value.js';
import type { Rand } from './prng.js';
import { isObject, resolveLocalRef, type Json } from './schema-prep.js';

const MAX_HOPS = 16;

export interface ViewCtx {
  kind: InputKind;
  rand: Rand;
  root: Json;
}

export interface View {
  schema: Json;
  /** Local refs followed on the way from the root to here (a ref may repeat in recursive schemas). */
  refs: readonly string[];
}

const isNullSchema = (b: unknown): boolean => isObject(b) && b.type === 'null';

/** The oneOf/anyOf branch for this kind: the first for minimal, a seeded pick otherwise. */
function chooseBranch(branches: unknown[], ctx: ViewCtx): Json | undefined {
  const objects = branches.filter(isObject);
  const nonNull = objects.filter((b) => !isNullSchema(b));
  if (ctx.kind === 'minimal') return nonNull[0] ?? objects[0];
  if (ctx.kind === 'boundary') return objects.length > 0 ? ctx.rand.pick(objects) : undefined;
  const pool = nonNull.length > 0 ? nonNull : objects;
  return pool.length > 0 ? ctx.rand.pick(pool) : undefined;
}

/** Follows $ref, merges allOf and picks one oneOf/anyOf branch until the node is plain. */
export function viewOf(node: Json, refs: readonly string[], ctx: ViewCtx): View {
  let s = node;
  let path = refs;
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    if (typeof s.$ref === 'string') {
      const { $ref, ...rest } = s;
      const target = resolveLocalRef(ctx.root, $ref);
      path = [...path, $ref];
      s = isObject(target) ? mergeSchemas([target, rest]) : rest;
    } else if (Array.isArray(s.allOf)) {
      const { allOf, ...rest } = s;
      const parts = allOf.filter(isObject).map((p) => {
        const v = viewOf(p, path, ctx);
        path = v.refs;
        return v.schema;
      });
      s = mergeSchemas([rest, ...parts]);
    } else if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) {
      const { oneOf, anyOf, ...rest } = s;
      const branch = chooseBranch((Array.isArray(oneOf) ? oneOf : anyOf) as unknown[], ctx);
      s = branch ? mergeSchemas([rest, branch]) : rest;
    } else if (isObject(s.if) && isObject(s.then)) {
      // Whether `if` holds is unknown here; `then` mostly adds requirements, so take them.
      const rest: Json = { ...s };
      delete rest.if;
      delete rest.then;
      delete rest.else;
      s = mergeSchemas([rest, s.then]);
    } else break;
  }
  return { schema: s, refs: path };
}

/** How many times `ref` was already followed on this path. */
export function refCount(refs: readonly string[], ref: string): number {
  return refs.filter((r) => r === ref).length;
}

/** The types a node allows, inferred from its keywords when `type` is absent. */
function allowedTypes(s: Json): string[] {
  const declared =
    typeof s.type === 'string'
      ? [s.type]
      : Array.isArray(s.type)
        ? s.type.filter((t): t is string => typeof t === 'string')
        : [];
  const types = declared.length > 0 ? declared : inferType(s);
  if (s.nullable === true && !types.includes('null')) types.push('null');
  return types;
}

/** A type guessed from keywords (properties -> object, minLength -> string...). */
function inferType(s: Json): string[] {
  if (s.properties !== undefined || s.required !== undefined) return ['object'];
  if (s.additionalProperties !== undefined || s.patternProperties !== undefined) return ['object'];
  if (s.items !== undefined || s.prefixItems !== undefined || s.minItems !== undefined)
    return ['array'];
  if (s.minimum !== undefined || s.maximum !== undefined || s.multipleOf !== undefined)
    return ['number'];
  if (s.exclusiveMinimum !== undefined || s.exclusiveMaximum !== undefined) return ['number'];
  return [];
}

/** The concrete type to produce; undefined when the node says nothing about it. */
export function pickType(s: Json, ctx: ViewCtx): string | undefined {
  const types = allowedTypes(s);
  const nonNull = types.filter((t) => t !== 'null');
  if (nonNull.length === 0) return types[0];
  if (ctx.kind === 'boundary' && types.includes('null') && ctx.rand.chance(1 / 3)) return 'null';
  if (ctx.kind === 'minimal' || nonNull.length === 1) return nonNull[0];
  return ctx.rand.pick(nonNull);
}
