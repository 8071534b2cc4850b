// Tests for edge values: exact lengths, JSON-safe hostile text, number edges.
import { describe, expect, it } from 'vitest';
import { boundaryNumber, edgeFor, spicyText } from './boundary-values.js';
import { numberBounds } from './fit-value.js';
import { makeRand, mulberry32 } from './prng.js';

const rand = () => makeRand(mulberry32(3));

describe('boundary values', () => {
  it('alternates edges by variant', () => {
    expect([1, 2, 3, 4].map(edgeFor)).toEqual(['high', 'low', 'high', 'low']);
  });

  it('builds hostile text of an exact length, with no NUL', () => {
    for (const n of [0, 1, 7, 200, 4096]) {
      const t = spicyText(n, rand());
      expect(Array.from(t)).toHaveLength(n);
      expect(t).not.toContain('\u0000');
      expect(JSON.parse(JSON.stringify(t))).toBe(t);
    }
    expect(spicyText(4096, rand())).toMatch(/<script>|\.\.\/|"|[\u0590-\u06ff]/);
  });

  it('takes bounds, else extremes', () => {
    expect(boundaryNumber(numberBounds({ maximum: 7 }, true), 'high', rand())).toBe(7);
    expect(boundaryNumber(numberBounds({}, true), 'high', rand())).toBe(Number.MAX_SAFE_INTEGER);
    expect(boundaryNumber(numberBounds({}, false), 'high', rand())).toBe(Number.MAX_VALUE);
    expect(boundaryNumber(numberBounds({ exclusiveMinimum: 2 }, true), 'low', rand())).toBe(3);
    expect(boundaryNumber(numberBounds({ maximum: -10 }, true), 'low', rand())).toBe(
      -Number.MAX_SAFE_INTEGER,
    );
  });
});
