import { describe, expect, it } from 'vitest';
import { ALNUM, B64, HEX, UPPER_ALNUM, canaryRng, pick } from './random-token.js';

const draw = (rng: () => number, n = 16): number[] => Array.from({ length: n }, () => rng());

describe('canaryRng', () => {
  it('gives the same sequence for the same seed and run id', () => {
    expect(draw(canaryRng(7, 'run-1'))).toEqual(draw(canaryRng(7, 'run-1')));
  });

  it.each<[string, number, string, number, string]>([
    ['another run id', 7, 'run-1', 7, 'run-2'],
    ['another seed', 7, 'run-1', 8, 'run-1'],
    ['a run id that is a prefix of the other', 7, 'run', 7, 'run-1'],
    ['an empty run id', 7, '', 7, 'x'],
  ])('gives a different sequence for %s', (_name, seedA, runA, seedB, runB) => {
    expect(draw(canaryRng(seedA, runA))).not.toEqual(draw(canaryRng(seedB, runB)));
  });

  it.each([0, 1, -1, 2 ** 32 + 5, 1.5, Number.MAX_SAFE_INTEGER])(
    'returns floats in [0, 1) for seed %d',
    (seed) => {
      for (const x of draw(canaryRng(seed, 'run-id'), 200)) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(1);
      }
    },
  );
});

describe('pick', () => {
  it.each<[string, string, number]>([
    ['ALNUM', ALNUM, 36],
    ['UPPER_ALNUM', UPPER_ALNUM, 16],
    ['B64', B64, 40],
    ['HEX', HEX, 32],
    ['digits', '0123456789', 12],
  ])('draws %s strings of the requested length from the alphabet only', (_name, abc, length) => {
    const s = pick(canaryRng(1, 'r'), abc, length);
    expect(s).toHaveLength(length);
    for (const ch of s) expect(abc).toContain(ch);
  });

  it('returns an empty string for length 0 (and for a negative length)', () => {
    expect(pick(canaryRng(1, 'r'), ALNUM, 0)).toBe('');
    expect(pick(canaryRng(1, 'r'), ALNUM, -3)).toBe('');
  });

  it('is reproducible and uses the whole alphabet over many draws', () => {
    expect(pick(canaryRng(3, 'r'), HEX, 64)).toBe(pick(canaryRng(3, 'r'), HEX, 64));
    expect(new Set(pick(canaryRng(3, 'r'), HEX, 2000))).toEqual(new Set(HEX));
  });

  it('falls back to x when the rng returns 1 (index past the end)', () => {
    expect(pick(() => 1, 'ab', 3)).toBe('xxx');
  });

  it('exports the alphabets real credentials use', () => {
    expect(ALNUM).toMatch(/^[A-Za-z0-9]{62}$/);
    expect(UPPER_ALNUM).toMatch(/^[A-Z0-9]{36}$/);
    expect(B64).toBe(`${ALNUM}+/`);
    expect(HEX).toBe('0123456789abcdef');
  });
});
