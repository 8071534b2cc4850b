// Ajv validation of generated arguments against an untrusted tool schema: the sanitized schema is
// compiled once per schema object (draft-07 or 2020-12, formats from ajv-formats) and every
// candidate set is round-tripped through JSON and size-capped before it is checked. Compiling and
// validating run in-process: a ReDoS `pattern` can still burn CPU.

import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  isObject,
  prepareSchema,
  type Draft,
  type Json,
  type PreparedSchema,
} from './schema-prep.js';

export const MAX_ARGS_BYTES = 64 * 1024;
const MAX_ERRORS = 20;

export interface CheckedSchema {
  prepared: PreparedSchema;
  validate: ValidateFunction | undefined;
  compileError: string | undefined;
}

const cache = new WeakMap<object, CheckedSchema>();
const ajvs = new Map<Draft, Ajv | Ajv2020>();

/** One lenient Ajv per dialect, with formats (ajv-formats). */
function ajvFor(draft: Draft): Ajv | Ajv2020 {
  let ajv = ajvs.get(draft);
  if (!ajv) {
    // Sanitizing drops every $id, so schemas never collide; removeSchema keeps the registry small.
    const opts = { strict: false, allErrors: true, validateSchema: false, logger: false } as const;
    ajv = draft === '2020' ? new Ajv2020(opts) : new Ajv(opts);
    addFormats.default(ajv);
    ajvs.set(draft, ajv);
  }
  return ajv;
}

/** Message of anything thrown, one line, bounded. */
export function errorMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split('\n')[0] ?? '').slice(0, 200);
}

/** Sanitizes and compiles a schema once per schema object. */
export function checkedSchema(schema: Json): CheckedSchema {
  const hit = cache.get(schema);
  if (hit) return hit;
  const prepared = prepareSchema(schema);
  let validate: ValidateFunction | undefined;
  let compileError: string | undefined;
  const ajv = ajvFor(prepared.draft);
  try {
    validate = ajv.compile(prepared.schema);
  } catch (e) {
    compileError = `schema does not compile: ${errorMessage(e)}`;
  } finally {
    ajv.removeSchema(prepared.schema);
  }
  const entry: CheckedSchema = { prepared, validate, compileError };
  cache.set(schema, entry);
  return entry;
}

/** JSON round-trip (what goes on the wire) with the size cap; undefined if not a usable object. */
export function normalizeArgs(value: unknown): Json | undefined {
  if (!isObject(value)) return undefined;
  const text = JSON.stringify(value);
  if (text === undefined || Buffer.byteLength(text, 'utf8') > MAX_ARGS_BYTES) return undefined;
  const parsed: unknown = JSON.parse(text);
  return isObject(parsed) ? parsed : undefined;
}

/** Runs the cached validator; returns Ajv error strings (empty when valid). */
export function checkArgs(entry: CheckedSchema, args: Json): string[] {
  if (!entry.validate) return [entry.compileError ?? 'no validator'];
  try {
    if (entry.validate(args)) return [];
    return (entry.validate.errors ?? [])
      .slice(0, MAX_ERRORS)
      .map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}`);
  } catch (e) {
    return [`validation failed: ${errorMessage(e)}`];
  }
}
