// Tests for fitting values to one schema node: lengths in code points, formats, bounds, multipleOf.
import { describe, expect, it } from 'vitest';
import {
  codePoints,
  edgeNumber,
  fitLength,
  fitNumber,
  formatOk,
  numberBounds,
  sliceCodePoints,
  stringFits,
  utf8Length,
} from './fit-value.js';

describe('strings', () => {
  it('counts and cuts code points, never half an emoji', () => {
    expect(codePoints('a😀b')).toBe(3);
    expect(sliceCodePoints('😀😀😀', 2)).toBe('😀😀');
    expect(utf8Length('a😀é')).toBe(1 + 4 + 2);
  });

  it('checks length, format and pattern', () => {
    expect(stringFits('abc', { minLength: 3, maxLength: 3 })).toBe(true);
    expect(stringFits('ab', { minLength: 3 })).toBe(false);
    expect(stringFits('dana@example.com', { format: 'email' })).toBe(true);
    expect(stringFits('not mail', { format: 'email' })).toBe(false);
    expect(stringFits('AB-12', { pattern: '^[A-Z]{2}-\\d+$' })).toBe(true);
    expect(stringFits('ab-12', { pattern: '^[A-Z]{2}-\\d+$' })).toBe(false);
    expect(formatOk('no-such-format', 'anything')).toBe(true);
    expect(formatOk('date', '2024-02-30')).toBe(false);
  });

  it('stretches and cuts free text into the bounds', () => {
    expect(codePoints(fitLength('hi', { minLength: 20 }, 'more'))).toBeGreaterThanOrEqual(20);
    expect(fitLength('a long sentence', { maxLength: 6 }, 'x')).toBe('a long');
  });
});

describe('numbers', () => {
  it('moves exclusive bounds just inside, for drafts 04 and 06+', () => {
    expect(numberBounds({ exclusiveMinimum: 0, exclusiveMaximum: 10 }, true)).toMatchObject({
      lo: 1,
      hi: 9,
    });
    const b = numberBounds({ minimum: 0, exclusiveMinimum: true, maximum: 1 }, false);
    expect(b.lo).toBeGreaterThan(0);
    expect(b.lo).toBeLessThan(1e-5);
    expect(b.hi).toBe(1);
  });

  it('fits a plausible value into the bounds with few decimals', () => {
    const rand = () => 0.5;
    expect(fitNumber(250, numberBounds({ maximum: 10 }, false), rand)).toBe(5);
    expect(fitNumber(-3, numberBounds({ minimum: 1000 }, true), rand)).toBe(1050);
    const ratio = fitNumber(
      42,
      numberBounds({ exclusiveMinimum: 0, exclusiveMaximum: 1 }, false),
      rand,
    );
    expect(ratio).toBe(0.5);
  });

  it('snaps to multipleOf so that Ajv sees a whole quotient', () => {
    const b = numberBounds({ minimum: 0, maximum: 10000, multipleOf: 0.01 }, false);
    for (const v of [305.52, 37.52, 9999.99, 0.07]) {
      const x = fitNumber(v, b, () => 0.5);
      expect(Number.isInteger(x / 0.01), String(x)).toBe(true);
      expect(Math.abs(x - v)).toBeLessThan(0.1);
    }
    expect(fitNumber(12480, b, () => 0.5)).toBe(9950);
    const step = numberBounds({ minimum: 1, maximum: 99, multipleOf: 5 }, true);
    expect(edgeNumber(step.hi, step, 'high')).toBe(95);
    expect(edgeNumber(step.lo, step, 'low')).toBe(5);
  });
});
