// Tests for the order of input kinds over a tool's calls.
import { describe, expect, it } from 'vitest';
import { inputKindFor, inputVariantFor } from './input-kind.js';

describe('inputKindFor', () => {
  it('cycles realistic, sensitive, boundary, minimal', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(inputKindFor)).toEqual([
      'realistic',
      'sensitive',
      'boundary',
      'minimal',
      'realistic',
      'sensitive',
      'boundary',
      'minimal',
    ]);
  });

  it('moves to a new variant with each cycle', () => {
    expect([0, 3, 4, 7, 8].map(inputVariantFor)).toEqual([1, 1, 2, 2, 3]);
  });

  it('treats odd indexes as the first call', () => {
    for (const bad of [-1, Number.NaN, Infinity]) {
      expect(inputKindFor(bad)).toBe('realistic');
      expect(inputVariantFor(bad)).toBe(1);
    }
    expect(inputKindFor(1.9)).toBe('sensitive');
  });
});
