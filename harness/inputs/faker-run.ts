// Seeded json-schema-faker, the fallback when a tailored value does not validate: options per
// input kind, documentation-only values for formats, and a randexp sampler for `pattern`. The
// library keeps options in global state and some paths call Math.random, so each run installs
// its PRNG and restores Math.random afterwards; it is not safe to call re-entrantly.

import { JSONSchemaFaker, type JSONSchemaFakerOptions, type Schema } from 'json-schema-faker';
import type { InputKind } from '../../src/domain/types.js';
import { formatString } from './format-values.js';
import { makeRand, mulberry32, type Rand, type Rng } from './prng.js';
import { fakerSchema, type Json } from './schema-prep.js';

// The PRNG of the run in progress; the format generators below draw from it.
let active: Rand = makeRand(mulberry32(1));
const fromFormat = (format: string) => () => formatString(format, active) ?? '';

JSONSchemaFaker.format(
  Object.fromEntries(
    [
      'email',
      'idn-email',
      'hostname',
      'idn-hostname',
      'uri',
      'url',
      'iri',
      'uri-reference',
      'iri-reference',
      'uri-template',
      'ipv4',
      'ipv6',
      'uuid',
    ].map((f) => [f, fromFormat(f)]),
  ),
);

/** json-schema-faker options for one kind of input. */
function fakerOptions(kind: InputKind, rng: Rng): JSONSchemaFakerOptions {
  const minimal = kind === 'minimal';
  return {
    random: rng,
    alwaysFakeOptionals: !minimal,
    requiredOnly: minimal,
    optionalsProbability: false,
    useDefaultValue: minimal,
    useExamplesValue: minimal || kind === 'realistic',
    failOnInvalidTypes: false,
    failOnInvalidFormat: false,
    ignoreMissingRefs: true,
    resolveJsonPath: false,
    fillProperties: false, // also avoids an endless loop on patternProperties + minProperties
    reuseProperties: false,
    omitNulls: false,
    minItems: 0,
    maxItems: kind === 'boundary' ? 8 : 3,
    minLength: 0,
    maxLength: kind === 'boundary' ? 1024 : 64,
    defaultRandExpMax: 8,
    maxRegexRetry: 50,
    refDepthMin: 0,
    refDepthMax: 2,
    minDateTime: new Date('2020-01-01T00:00:00Z'),
    maxDateTime: new Date('2030-01-01T00:00:00Z'),
  };
}

/** Runs json-schema-faker on a fresh faker-safe copy with seeded randomness. */
export function runFaker(sanitized: Json, kind: InputKind, rng: Rng): unknown {
  const savedRandom = Math.random;
  active = makeRand(rng);
  JSONSchemaFaker.option(fakerOptions(kind, rng));
  Math.random = rng; // a few faker code paths bypass the `random` option
  try {
    return JSONSchemaFaker.generate(fakerSchema(sanitized) as Schema);
  } finally {
    Math.random = savedRandom;
  }
}

/** A randexp sampler for `pattern` drawing from rng; max bounds `*` and `+`. */
export function patternSampler(rng: Rng): (pattern: string, max?: number) => string | undefined {
  return (pattern, max = 8) => {
    const savedRandom = Math.random;
    JSONSchemaFaker.option({ random: rng, defaultRandExpMax: max });
    Math.random = rng;
    try {
      return JSONSchemaFaker.random.randexp(pattern);
    } catch {
      return undefined;
    } finally {
      Math.random = savedRandom;
    }
  };
}
