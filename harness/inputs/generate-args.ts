// Synthetic `tools/call` arguments of a chosen kind (minimal, realistic, boundary, sensitive) from
// an MCP tool's inputSchema. Each set is tailored first, then seeded json-schema-faker with the
// kind's options, then the hand-written minimal value; the first that Ajv accepts is returned.
// Schemas are untrusted: remote $refs are dropped and depth/size capped (schema-prep), output is
// capped at 64 KiB, yet all runs in-process: a ReDoS `pattern` can still burn CPU.

import type { InputKind } from '../../src/domain/types.js';
import { patternSampler, runFaker } from './faker-run.js';
import { minimalValue } from './minimal-value.js';
import { makeRand, mixSeed, mulberry32 } from './prng.js';
import {
  checkArgs,
  checkedSchema,
  errorMessage,
  normalizeArgs,
  type CheckedSchema,
} from './schema-check.js';
import { isObject, type Json } from './schema-prep.js';
import { tailoredValue } from './tailored-value.js';

export { mulberry32 };
export { inputKindFor, inputVariantFor } from './input-kind.js';
export type { InputKind };

export interface GenerateOptions {
  seed: number;
  /** Which set of the kind: same (schema, seed, variant, kind) gives the same set. */
  variant: number;
  /** Defaults to 'minimal' for variant 0 and 'realistic' otherwise. */
  kind?: InputKind;
}

export interface GeneratedArgs {
  args: Record<string, unknown>;
  /** True only when Ajv accepted `args` against the schema. */
  valid: boolean;
  strategy: 'faker' | 'minimal' | 'empty' | 'tailored';
  kind: InputKind;
  /** Why the set is invalid (empty when valid), plus notes on what the sanitizer dropped. */
  errors: string[];
}

type Strategy = GeneratedArgs['strategy'];

/** Verdict for a schema that is not an object schema, or undefined to go on generating. */
function topLevelVerdict(schema: unknown, kind: InputKind): GeneratedArgs | undefined {
  const empty = (valid: boolean, errors: string[]): GeneratedArgs => ({
    args: {},
    valid,
    strategy: 'empty',
    kind,
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

/** The strategies in order, each a thunk so a throw in one does not stop the next. */
function strategies(entry: CheckedSchema, opts: GenerateOptions, kind: InputKind) {
  const schema = entry.prepared.schema;
  // One stream per strategy, so a fallback does not shift the values of the first choice.
  const stream = (salt: string) => mulberry32(mixSeed(opts.seed, opts.variant, `${kind}/${salt}`));
  const list: [Strategy, () => unknown][] = [
    [
      'tailored',
      () => {
        const rng = stream('tailored');
        const samplePattern = patternSampler(stream('pattern'));
        return tailoredValue(schema, {
          kind,
          variant: opts.variant,
          rand: makeRand(rng),
          samplePattern,
        });
      },
    ],
    ['faker', () => runFaker(schema, kind, stream('faker'))],
    ['minimal', () => minimalValue(schema, { samplePattern: patternSampler(stream('minimal')) })],
  ];
  return list;
}

/** Deterministic arguments of one kind for (schema, seed, variant), validated with Ajv. */
export function generateArguments(schema: unknown, opts: GenerateOptions): GeneratedArgs {
  const kind = opts.kind ?? (opts.variant === 0 ? 'minimal' : 'realistic');
  const early = topLevelVerdict(schema, kind);
  if (early) return early;
  const entry = checkedSchema(schema as Json);
  const attempts: string[] = []; // why strategies were passed over; reported only if invalid
  const finish = (args: Json, strategy: Strategy, errors: string[]): GeneratedArgs => {
    const valid = errors.length === 0 && !entry.prepared.truncated;
    const why = valid ? [] : [...errors, ...attempts];
    return { args, valid, strategy, kind, errors: [...why, ...entry.prepared.notes] };
  };
  // When nothing validates, the first usable (most kind-specific) set is returned, marked invalid.
  let first: { args: Json; strategy: Strategy; errors: string[] } | undefined;
  for (const [strategy, make] of strategies(entry, opts, kind)) {
    let value: unknown;
    try {
      value = make();
    } catch (e) {
      attempts.push(`${strategy} generator failed: ${errorMessage(e)}`);
      continue;
    }
    const args = normalizeArgs(value);
    if (!args) {
      attempts.push(`${strategy} output was not an object of at most 64 KiB`);
      continue;
    }
    const errors = checkArgs(entry, args);
    // Without a validator no strategy can be checked: keep the first, richest output.
    if (errors.length === 0 || !entry.validate) return finish(args, strategy, errors);
    attempts.push(`${strategy} output invalid: ${errors[0] ?? ''}`);
    first ??= { args, strategy, errors };
  }
  if (!first) return finish({}, 'empty', ['could not build an argument object of at most 64 KiB']);
  return finish(first.args, first.strategy, first.errors);
}
