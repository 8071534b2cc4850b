import { describe, expect, it } from 'vitest';
import { median, perHour, ratio, statOf } from './bench-stats.js';

describe('bench statistics', () => {
  it('takes the median of odd and even counts without reordering the samples', () => {
    const xs = [30, 10, 20];
    expect(median(xs)).toBe(20);
    expect(xs).toEqual([30, 10, 20]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('keeps every sample with the median and the max', () => {
    expect(statOf([5, 9, 7])).toEqual({ samples: [5, 9, 7], median: 7, max: 9 });
    expect(statOf([])).toEqual({ samples: [], median: 0, max: 0 });
  });

  it('turns a batch wall time into analyses per hour', () => {
    expect(perHour(6, 120_000)).toBe(180);
    expect(perHour(6, 0)).toBe(0);
  });

  it('gives no ratio against a zero or missing container start', () => {
    expect(ratio(20_000, 800)).toBe(25);
    expect(ratio(20_000, 0)).toBeUndefined();
    expect(ratio(Number.NaN, 800)).toBeUndefined();
  });
});
