// Which approved entry a `verify` target is checked against before it runs, so the re-run uses
// the approving run's seed and canary key (the same inputs, the same planted values): the entry
// approved under the same spec, else under the npm name of the spec, else the only entry.
// Pure; the run's package name decides the comparison afterwards (verifyAgainstLock).
import npa from 'npm-package-arg';
import type { Lock, LockedPackage } from './lock-file.js';

/** The canary key of an approval run: derived from its seed, so verify can use it again. */
export function lockCanaryKey(seed: number): string {
  return `lock-${seed}`;
}

function npmName(spec: string): string | undefined {
  try {
    const parsed = npa(spec);
    return parsed.registry ? (parsed.name ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

export function lockedEntryFor(lock: Lock, target: string): LockedPackage | undefined {
  const bySpec = lock.packages.find((p) => p.spec === target);
  if (bySpec) return bySpec;
  const name = npmName(target);
  const byName = name === undefined ? undefined : lock.packages.find((p) => p.name === name);
  if (byName) return byName;
  return lock.packages.length === 1 ? lock.packages[0] : undefined;
}
