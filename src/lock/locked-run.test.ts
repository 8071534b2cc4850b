import { describe, expect, it } from 'vitest';
import type { Lock, LockedPackage } from './lock-file.js';
import { lockCanaryKey, lockedEntryFor } from './locked-run.js';

const entry = (name: string, spec: string, seed: number) =>
  ({ name, spec, seed }) as unknown as LockedPackage;
const lock = (...packages: LockedPackage[]) => ({ packages }) as unknown as Lock;

describe('lockedEntryFor', () => {
  const a = entry('postmark-mcp', 'postmark-mcp@1.0.15', 11);
  const b = entry('@acme/files', './vendor/files', 22);
  it('finds the entry approved under the same spec', () => {
    expect(lockedEntryFor(lock(a, b), './vendor/files')).toBe(b);
  });
  it('finds a bumped npm spec by its package name', () => {
    expect(lockedEntryFor(lock(a, b), 'postmark-mcp@1.0.16')?.seed).toBe(11);
  });
  it('falls back to the only entry, and to none when several could be meant', () => {
    expect(lockedEntryFor(lock(b), './elsewhere')).toBe(b);
    expect(lockedEntryFor(lock(a, b), './elsewhere')).toBeUndefined();
  });
  it('keys the canaries by the seed', () => {
    expect(lockCanaryKey(11)).toBe(lockCanaryKey(11));
    expect(lockCanaryKey(11)).not.toBe(lockCanaryKey(12));
  });
});
