// What the stage of a Kubernetes analysis Pod hands the runner (pod-layout.ts): the fetch's
// outcome and the planted canaries, as one JSON file in a volume only the two of them mount
// (the target never sees it: it holds the canary set). Written by our own stage, which runs no
// code of the package's (npm with scripts off); still read defensively.
import { readFileSync, writeFileSync } from 'node:fs';
import type { CanarySet } from '../../canary/make-canaries.js';
import type { CredentialPurpose, FetchObservations, PackageIdentity } from '../../domain/types.js';
import type { FetchOutcome } from '../../fetch/fetch-package.js';
import type { PackageManifest } from '../../fetch/package-entry.js';
import type { Planted } from '../../pipeline/steps/plant-step.js';

export const STATE_FILE = 'state.json';
const MAX_STATE_BYTES = 64 * 1024 * 1024;

export interface StagedState {
  kind: 'staged';
  manifest: PackageManifest;
  entryInProject: string;
  fetch: FetchObservations;
  identity?: PackageIdentity;
  installWork?: string;
  planted: {
    canarySet: CanarySet;
    purposes: [string, CredentialPurpose][];
    serverEnv: Record<string, string>;
    env: string[];
  };
  timings: Record<string, number>;
  notes: string[];
}

export interface RefusedState {
  kind: 'refused';
  outcome: Extract<FetchOutcome, { kind: 'refused' }>;
  timings: Record<string, number>;
  notes: string[];
}

export type PodState = StagedState | RefusedState;

/** The planted part of a state as the steps take it (the HOME seed is already in place). */
export function plantedOf(state: StagedState, homeSeedDir: string): Planted {
  return {
    canarySet: state.planted.canarySet,
    purposes: new Map(state.planted.purposes),
    serverEnv: state.planted.serverEnv,
    env: state.planted.env,
    homeSeedDir,
  };
}

export function writeState(path: string, state: PodState): void {
  writeFileSync(path, JSON.stringify(state), { mode: 0o600 });
}

/** The stage's state, or an Error saying why it is not usable. */
export function readState(path: string): PodState {
  const text = readFileSync(path);
  if (text.length > MAX_STATE_BYTES) throw new Error(`${path} is over ${MAX_STATE_BYTES} bytes`);
  const v = JSON.parse(text.toString('utf8')) as Partial<PodState> | null;
  if (!v || typeof v !== 'object') throw new Error(`${path} is not a stage state`);
  if (v.kind === 'refused' && v.outcome && typeof v.outcome === 'object') return v as PodState;
  if (
    v.kind === 'staged' &&
    typeof v.entryInProject === 'string' &&
    v.manifest &&
    v.fetch &&
    v.planted &&
    Array.isArray(v.planted.env) &&
    Array.isArray(v.planted.purposes)
  )
    return v as PodState;
  throw new Error(`${path} is not a stage state`);
}
