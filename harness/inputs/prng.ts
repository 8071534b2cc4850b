// Seeded randomness for input generation: mulberry32 and a few draws on top of it. Nothing here
// reads Math.random or the clock, so every value is reproducible from (seed, variant, kind).

export type Rng = () => number;

/** Small fast seeded PRNG (mulberry32) returning floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes seed, variant and a salt (e.g. the input kind) into one 32-bit PRNG seed. */
export function mixSeed(seed: number, variant: number, salt = ''): number {
  const s = Number.isFinite(seed) ? Math.trunc(seed) | 0 : 0;
  const v = Number.isFinite(variant) ? Math.trunc(variant) | 0 : 0;
  let h = Math.imul(s ^ 0x85ebca6b, 0xc2b2ae35) ^ Math.imul(v + 0x27d4eb2f, 0x165667b1);
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Draws used by the value generators, all from one seeded stream. */
export interface Rand {
  rng: Rng;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  chars(alphabet: string, n: number): string;
  hex(n: number): string;
}

/** Wraps a PRNG in the draws above. */
export function makeRand(rng: Rng): Rand {
  const int = (lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
  const chars = (alphabet: string, n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(rng() * alphabet.length)] ?? '';
    return out;
  };
  return {
    rng,
    int,
    pick: <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T,
    chance: (p) => rng() < p,
    chars,
    hex: (n) => chars('0123456789abcdef', n),
  };
}
