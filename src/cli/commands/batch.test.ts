import { describe, expect, it } from 'vitest';
import { defaultConcurrency } from './batch.js';

const GiB = 1024 ** 3;

describe('defaultConcurrency', () => {
  it.each([
    [2, 8 * GiB, 2],
    [16, 8 * GiB, 5],
    [1, 64 * GiB, 1],
    [64, 256 * GiB, 8],
    [4, 1 * GiB, 1],
  ])('%i cores, %i bytes: %i at once', (cores, mem, n) => {
    expect(defaultConcurrency(cores, mem)).toBe(n);
  });
});
