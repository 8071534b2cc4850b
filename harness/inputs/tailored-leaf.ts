// Strings, numbers and booleans for one kind of input. Candidates are tried in order of meaning
// (the kind's value for the property's hint, then the format's, then free text) and the first that
// fits the node's length, format and pattern wins; a pattern no candidate meets is sampled.

import type { InputKind } from '../../src/domain/types.js';
import {
  boundaryFormat,
  boundaryNumber,
  boundaryPath,
  MAX_BOUNDARY_STRING,
  spicyText,
  type Edge,
} from './boundary-values.js';
import {
  fitLength,
  fitNumber,
  lengthBounds,
  numberBounds,
  stringFits,
  utf8Length,
} from './fit-value.js';
import { formatHint, formatString } from './format-values.js';
import type { Rand } from './prng.js';
import { realisticNumber, realisticString } from './realistic-values.js';
import { isSafePattern, type Json } from './schema-prep.js';
import { sensitiveNumber, sensitiveString, type SensitiveState } from './sensitive-values.js';
import type { ValueHint } from './value-hints.js';

/** What the leaf generators need from the walk; `budget` is the UTF-8 bytes strings may still use. */
export interface LeafCtx {
  kind: InputKind;
  rand: Rand;
  edge: Edge;
  sensitive: SensitiveState;
  budget: number;
  samplePattern: (pattern: string, max: number) => string | undefined;
}

const PATH_HINTS = new Set<ValueHint | undefined>(['path', 'directory', 'filename']);

/** Candidate strings for the node, best first. */
function candidates(s: Json, hint: ValueHint | undefined, ctx: LeafCtx): (string | undefined)[] {
  const { rand, edge } = ctx;
  const fmt = s.format;
  const meaning = hint ?? formatHint(fmt);
  if (ctx.kind === 'boundary') {
    const { min, max } = lengthBounds(s);
    const room = Math.floor(ctx.budget / 3);
    const long = Math.max(min, Math.min(max, MAX_BOUNDARY_STRING, room));
    const other: Edge = edge === 'high' ? 'low' : 'high';
    return [
      boundaryFormat(fmt, edge, rand),
      PATH_HINTS.has(meaning) ? boundaryPath(edge, rand) : undefined,
      boundaryFormat(fmt, other, rand),
      formatString(fmt, rand),
      spicyText(edge === 'high' ? long : min, rand),
    ];
  }
  const realistic = hint !== undefined ? realisticString(hint, rand) : undefined;
  const fromFormat = formatString(fmt, rand);
  const generic = realisticString(meaning, rand);
  // The shortest format value is the last resort for tight maxLength (`a@b.example`).
  const shortest = boundaryFormat(fmt, 'low', rand);
  if (ctx.kind === 'sensitive')
    return [
      sensitiveString(meaning, ctx.sensitive, rand),
      realistic,
      fromFormat,
      generic,
      shortest,
    ];
  return [realistic, fromFormat, generic, shortest];
}

/** A string for the node and kind, charged to the byte budget. */
export function leafString(s: Json, hint: ValueHint | undefined, ctx: LeafCtx): string {
  const list = candidates(s, hint, ctx).filter((c): c is string => c !== undefined);
  let out = list.find((c) => stringFits(c, s));
  if (out === undefined && isSafePattern(s.pattern)) {
    const max = ctx.kind === 'boundary' && ctx.edge === 'high' ? 32 : 8;
    for (let i = 0; i < 3 && out === undefined; i++) {
      const sample = ctx.samplePattern(s.pattern, max);
      if (sample !== undefined && stringFits(sample, s)) out = sample;
    }
  }
  if (out === undefined && s.format === undefined && s.pattern === undefined) {
    const filler = ctx.kind === 'boundary' ? spicyText(16, ctx.rand) : 'lorem ipsum';
    out = fitLength(list[0] ?? '', s, filler);
  }
  out ??= list[0] ?? '';
  ctx.budget -= utf8Length(out);
  return out;
}

/** A number (integer when asked) for the node and kind. */
export function leafNumber(
  s: Json,
  hint: ValueHint | undefined,
  ctx: LeafCtx,
  integer: boolean,
): number {
  const b = numberBounds(s, integer);
  if (ctx.kind === 'boundary') {
    // A wait at its upper edge (often unbounded) only ends in a timeout: cap it where the schema
    // allows; the lower edge (0, negative) stays.
    if (hint === 'duration' && ctx.edge === 'high')
      return fitNumber(10, b.lo <= 10 ? { ...b, hi: Math.min(b.hi, 10) } : b, ctx.rand.rng);
    // An unbounded count at "infinity" only makes the tool loop until the call times out.
    if (hint === 'quantity' && ctx.edge === 'high' && !Number.isFinite(b.hi))
      return fitNumber(1000, b, ctx.rand.rng);
    return boundaryNumber(b, ctx.edge, ctx.rand);
  }
  const sensitive = ctx.kind === 'sensitive' ? sensitiveNumber(hint, ctx.rand) : undefined;
  const v = sensitive ?? realisticNumber(hint, ctx.rand, integer);
  return fitNumber(integer ? Math.round(v) : v, b, ctx.rand.rng);
}

/** A boolean: false for minimal, the edge for boundary, seeded otherwise. */
export function leafBoolean(ctx: LeafCtx): boolean {
  if (ctx.kind === 'minimal') return false;
  if (ctx.kind === 'boundary') return ctx.edge === 'high';
  return ctx.rand.chance(0.5);
}
