// Synthetic `tools/call` arguments from an MCP tool's inputSchema: seeded json-schema-faker first,
// then a hand-written minimal value, both checked with Ajv. Schemas are untrusted: remote $refs are
// dropped and depth/size capped, yet all runs in-process: a ReDoS `pattern` can still burn CPU.

import { JSONSchemaFaker, type JSONSchemaFakerOptions, type Schema } from 'json-schema-faker';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { minimalValue } from './minimal-value.js';
import {
  fakerSchema,
  isObject,
  prepareSchema,
  type Draft,
  type Json,
  type PreparedSchema,
} from './schema-prep.js';

export interface GeneratedArgs {
  args: Record<string, unknown>;
  valid: boolean;
  strategy: 'faker' | 'minimal' | 'empty';
  errors: string[];
}

export interface GenerateOptions {
  seed: number;
  /** 0 = required properties only (defaults/examples preferred); >0 = all properties, varied. */
  variant: number;
}

const MAX_ARGS_BYTES = 64 * 1024;
const MAX_ERRORS = 20;

/** Small fast seeded PRNG (mulberry32) returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes seed and variant into one 32-bit PRNG seed. */
function mixSeed(seed: number, variant: number): number {
  const s = Number.isFinite(seed) ? Math.trunc(seed) | 0 : 0;
  const v = Number.isFinite(variant) ? Math.trunc(variant) | 0 : 0;
  let h = Math.imul(s ^ 0x85ebca6b, 0xc2b2ae35) ^ Math.imul(v + 0x27d4eb2f, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

// The PRNG of the call in progress; format generators below draw from it.
let activeRng: () => number = mulberry32(1);
const pick = <T>(items: readonly T[]): T => items[Math.floor(activeRng() * items.length)] as T;
const int = (lo: number, hi: number): number => lo + Math.floor(activeRng() * (hi - lo + 1));
const hex = (n: number): string =>
  Array.from({ length: n }, () => int(0, 15).toString(16)).join('');

const NAMES = ['alex', 'sam', 'jordan', 'taylor', 'casey', 'riley', 'morgan', 'jamie'];
const HOSTS = ['api', 'files', 'mail', 'docs', 'build', 'cache', 'db', 'www'];
const PATHS = ['a', 'docs/intro', 'items/42', 'reports/2024', 'search?q=test', 'v1/status'];
// Documentation-only hosts and addresses (RFC 2606 / 5737 / 3849): never real destinations.
const email = (): string => `${pick(NAMES)}${int(1, 99)}@example.com`;
const host = (): string => `${pick(HOSTS)}${int(1, 9)}.example`;
const url = (): string => `https://${pick(['example.com', 'example.org', host()])}/${pick(PATHS)}`;
const ipv4 = (): string => `${pick(['192.0.2', '198.51.100', '203.0.113'])}.${int(1, 254)}`;
const uuid = (): string =>
  `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;

JSONSchemaFaker.format({
  email,
  'idn-email': email,
  hostname: host,
  'idn-hostname': host,
  uri: url,
  url,
  iri: url,
  'uri-reference': url,
  'iri-reference': url,
  'uri-template': () => `https://example.com/items/{id}`,
  ipv4,
  ipv6: () => `2001:db8::${hex(4)}`,
  uuid,
});

/** json-schema-faker options for one call (the library keeps them in global state). */
function fakerOptions(variant: number, rng: () => number): JSONSchemaFakerOptions {
  return {
    random: rng,
    alwaysFakeOptionals: variant > 0,
    requiredOnly: variant === 0,
    optionalsProbability: false,
    useDefaultValue: variant === 0,
    useExamplesValue: variant <= 1,
    failOnInvalidTypes: false,
    failOnInvalidFormat: false,
    ignoreMissingRefs: true,
    resolveJsonPath: false,
    fillProperties: false, // also avoids an endless loop on patternProperties + minProperties
    reuseProperties: false,
    omitNulls: false,
    minItems: 0,
    maxItems: 3,
    minLength: 0,
    maxLength: 64,
    defaultRandExpMax: 8,
    maxRegexRetry: 50,
    refDepthMin: 0,
    refDepthMax: 2,
    minDateTime: new Date('2020-01-01T00:00:00Z'),
    maxDateTime: new Date('2030-01-01T00:00:00Z'),
  };
}

interface Entry {
  prepared: PreparedSchema;
  validate: ValidateFunction | undefined;
  compileError: string | undefined;
}

const cache = new WeakMap<object, Entry>();
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

/** Sanitizes and compiles a schema once per schema object. */
function entryFor(schema: Json): Entry {
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
  const entry: Entry = { prepared, validate, compileError };
  cache.set(schema, entry);
  return entry;
}

/** Message of anything thrown, one line, bounded. */
function errorMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split('\n')[0] ?? '').slice(0, 200);
}

/** JSON round-trip (what goes on the wire) with the size cap; undefined if not a usable object. */
function normalize(value: unknown): Json | undefined {
  if (!isObject(value)) return undefined;
  const text = JSON.stringify(value);
  if (text === undefined || Buffer.byteLength(text, 'utf8') > MAX_ARGS_BYTES) return undefined;
  const parsed: unknown = JSON.parse(text);
  return isObject(parsed) ? parsed : undefined;
}

/** Runs the cached validator; returns Ajv error strings (empty when valid). */
function check(entry: Entry, args: Json): string[] {
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

/** Calls json-schema-faker with seeded randomness (Math.random too, restored afterwards). */
function runFaker(entry: Entry, variant: number, rng: () => number): unknown {
  const savedRandom = Math.random;
  activeRng = rng;
  JSONSchemaFaker.option(fakerOptions(variant, rng));
  Math.random = rng; // a few faker code paths bypass the `random` option
  try {
    return JSONSchemaFaker.generate(fakerSchema(entry.prepared.schema) as Schema);
  } finally {
    Math.random = savedRandom;
  }
}

/** Verdict for a schema that is not an object schema, or undefined to go on generating. */
function topLevelVerdict(schema: unknown): GeneratedArgs | undefined {
  const empty = (valid: boolean, errors: string[]): GeneratedArgs => ({
    args: {},
    valid,
    strategy: 'empty',
    errors,
  });
  if (schema === undefined || schema === null || schema === true) return empty(true, []);
  if (!isObject(schema))
    return empty(false, [`inputSchema is not an object schema (${typeof schema})`]);
  if (Object.keys(schema).length === 0) return empty(true, []);
  const t = schema.type;
  if (t === undefined || t === 'object' || (Array.isArray(t) && t.includes('object')))
    return undefined;
  return empty(false, [`inputSchema type is ${JSON.stringify(t)}, expected "object"`]);
}

/** Deterministic arguments for (schema, seed, variant), validated against the schema. */
export function generateArguments(schema: unknown, opts: GenerateOptions): GeneratedArgs {
  const early = topLevelVerdict(schema);
  if (early) return early;
  const entry = entryFor(schema as Json);
  const attempts: string[] = []; // why earlier strategies were skipped; reported only if invalid
  const finish = (
    args: Json,
    strategy: GeneratedArgs['strategy'],
    errors: string[],
  ): GeneratedArgs => {
    const valid = errors.length === 0 && !entry.prepared.truncated;
    return {
      args,
      valid,
      strategy,
      errors: [...errors, ...(valid ? [] : attempts), ...entry.prepared.notes],
    };
  };
  const rng = mulberry32(mixSeed(opts.seed, opts.variant));

  try {
    const args = normalize(runFaker(entry, opts.variant, rng));
    if (args) {
      const errors = check(entry, args);
      // Without a validator neither strategy can be checked: keep the richer faker output.
      if (errors.length === 0 || !entry.validate) return finish(args, 'faker', errors);
      attempts.push(`faker output invalid: ${errors[0] ?? ''}`);
    } else attempts.push('faker output was not an object of at most 64 KiB');
  } catch (e) {
    attempts.push(`faker failed: ${errorMessage(e)}`);
  }

  const samplePattern = (pattern: string): string | undefined => {
    activeRng = rng;
    JSONSchemaFaker.option({ random: rng, defaultRandExpMax: 8 });
    try {
      return JSONSchemaFaker.random.randexp(pattern);
    } catch {
      return undefined;
    }
  };
  let minimal: unknown;
  try {
    minimal = minimalValue(entry.prepared.schema, { samplePattern });
  } catch (e) {
    attempts.push(`minimal generator failed: ${errorMessage(e)}`);
  }
  const args = normalize(minimal);
  if (!args) return finish({}, 'empty', ['could not build an argument object of at most 64 KiB']);
  return finish(args, 'minimal', check(entry, args));
}
