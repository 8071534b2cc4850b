// Fitting candidate values to one schema node's own constraints: string length (in code points,
// as JSON Schema counts), format (ajv-formats' own checks), pattern, numeric bounds and
// multipleOf. Only the node's keywords are considered; Ajv still validates the whole set. A
// pattern is run on our candidates (as Ajv will run it) only when it passes isSafePattern.

import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isSafePattern, type Json } from './schema-prep.js';

// Longer strings would break the 64 KiB argument cap anyway.
const MAX_FIT = 65_536;

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** Length as JSON Schema counts it (code points, not UTF-16 units). */
export function codePoints(s: string): number {
  return Array.from(s).length;
}

/** The first n code points of s (never splits a surrogate pair). */
export function sliceCodePoints(s: string, n: number): string {
  return Array.from(s).slice(0, Math.max(0, n)).join('');
}

/** Inclusive length bounds of a string schema. */
export function lengthBounds(s: Json): { min: number; max: number } {
  return {
    min: Math.max(0, num(s.minLength) ?? 0),
    max: Math.max(0, num(s.maxLength) ?? Infinity),
  };
}

/** True when ajv-formats accepts v for the format (Ajv does not check unknown formats either). */
export function formatOk(format: unknown, v: string): boolean {
  if (typeof format !== 'string' || !Object.hasOwn(fullFormats, format)) return true;
  const def: unknown = (fullFormats as Record<string, unknown>)[format];
  const check: unknown =
    def instanceof RegExp || typeof def === 'function'
      ? def
      : (def as { validate?: unknown })?.validate;
  if (check instanceof RegExp) return check.test(v);
  if (typeof check === 'function') return (check as (x: string) => boolean)(v) === true;
  return true;
}

/** True when v meets the node's length, format and (checkable) pattern. */
export function stringFits(v: string, s: Json): boolean {
  const { min, max } = lengthBounds(s);
  const len = codePoints(v);
  if (len < min || len > max || !formatOk(s.format, v)) return false;
  if (!isSafePattern(s.pattern)) return true;
  try {
    return new RegExp(s.pattern, 'u').test(v);
  } catch {
    return false;
  }
}

/** Stretches (repeating filler) or cuts free text into the node's length bounds. */
export function fitLength(v: string, s: Json, filler: string): string {
  const { min, max } = lengthBounds(s);
  const pad = ` ${filler.length > 0 ? filler : 'x'}`;
  let out = v;
  const need = Math.min(min, MAX_FIT) - codePoints(out);
  if (need > 0) out += pad.repeat(Math.ceil(need / codePoints(pad)));
  return codePoints(out) > max ? sliceCodePoints(out, max) : out;
}

export interface NumberBounds {
  /** Inclusive effective bounds (exclusive ones already moved just inside). */
  lo: number;
  hi: number;
  multipleOf: number | undefined;
  integer: boolean;
}

/** A value just inside an exclusive bound x, in direction dir (+1 above, -1 below). */
function justInside(x: number, dir: 1 | -1, integer: boolean): number {
  if (integer) return dir > 0 ? Math.floor(x) + 1 : Math.ceil(x) - 1;
  const step = Math.max(Math.abs(x) * 1e-12, 1e-6);
  return x + dir * step;
}

/** Effective numeric bounds of a node, for drafts 04 (boolean exclusives) through 2020-12. */
export function numberBounds(s: Json, integer: boolean): NumberBounds {
  let lo = num(s.minimum) ?? -Infinity;
  let hi = num(s.maximum) ?? Infinity;
  const exMin = num(s.exclusiveMinimum);
  const exMax = num(s.exclusiveMaximum);
  if (exMin !== undefined) lo = Math.max(lo, justInside(exMin, 1, integer));
  else if (s.exclusiveMinimum === true && Number.isFinite(lo)) lo = justInside(lo, 1, integer);
  if (exMax !== undefined) hi = Math.min(hi, justInside(exMax, -1, integer));
  else if (s.exclusiveMaximum === true && Number.isFinite(hi)) hi = justInside(hi, -1, integer);
  if (integer) {
    lo = Math.ceil(lo);
    hi = Math.floor(hi);
  }
  const m = num(s.multipleOf);
  return { lo, hi, multipleOf: m !== undefined && m > 0 ? m : undefined, integer };
}

/** k * m without the binary noise (0.1 * 3 -> 0.3). */
const times = (k: number, m: number): number => Number.parseFloat((k * m).toPrecision(12));

/** Snaps v to multipleOf, preferring direction `towards`, staying inside the bounds. */
function snap(v: number, b: NumberBounds, towards: 'near' | 'down' | 'up'): number {
  const m = b.multipleOf;
  if (m === undefined) return v;
  const base =
    towards === 'down'
      ? Math.floor(v / m)
      : towards === 'up'
        ? Math.ceil(v / m)
        : Math.round(v / m);
  const inward = towards === 'down' ? -1 : 1;
  // Ajv tests `x / m` for an integer in floating point (305.52 / 0.01 is not one), so search
  // nearby multiples for one that passes that exact test.
  for (let i = 0; i <= 40; i++) {
    const k = base + (i % 2 === 0 ? inward : -inward) * Math.ceil(i / 2);
    const x = times(k, m);
    if (x < b.lo || x > b.hi || (b.integer && !Number.isInteger(x))) continue;
    if (Number.isInteger(x / m)) return x;
  }
  return times(base, m);
}

/** Moves a plausible value inside the bounds (randomly near the violated bound), then snaps. */
export function fitNumber(v: number, b: NumberBounds, rand: () => number): number {
  let x = Number.isFinite(v) ? v : 0;
  const span = b.hi - b.lo;
  if (x < b.lo) x = b.lo + rand() * Math.min(100, span, Math.max(1, Math.abs(b.lo)));
  else if (x > b.hi) x = b.hi - rand() * Math.min(100, span, Math.max(1, Math.abs(b.hi)));
  if (b.integer) x = Math.min(Math.max(Math.round(x), b.lo), b.hi);
  else {
    // The fewest decimals (2, 4 or 6) that keep the value inside the bounds.
    const tidy = [100, 1e4, 1e6].map((f) => Math.round(x * f) / f);
    x = tidy.find((t) => t >= b.lo && t <= b.hi) ?? x;
  }
  return snap(x, b, 'near');
}

/** A bound itself, snapped inward to multipleOf. */
export function edgeNumber(x: number, b: NumberBounds, edge: 'high' | 'low'): number {
  return snap(x, b, edge === 'high' ? 'down' : 'up');
}

/** UTF-8 size of a string (what it costs on the wire). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}
