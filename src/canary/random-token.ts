// Seeded random strings for canaries: reproducible with --seed, unique per run (the run id is
// mixed into the seed), shaped by alphabet and length like the real credential they imitate.
import { mulberry32 } from '../../harness/inputs/generate-args.js';

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const B64 = `${ALNUM}+/`;
export const HEX = '0123456789abcdef';

export type Rng = () => number;

/** A PRNG from the run's seed and id. */
export function canaryRng(seed: number, runId: string): Rng {
  let h = seed >>> 0;
  for (const ch of runId) h = Math.imul(h ^ ch.charCodeAt(0), 2654435761) >>> 0;
  return mulberry32(h);
}

export function pick(rng: Rng, alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i += 1) s += alphabet[Math.floor(rng() * alphabet.length)] ?? 'x';
  return s;
}
