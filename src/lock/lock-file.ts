// mcp-airlock.lock.json: the MCP server packages a person approved after reviewing a run, each
// with its version, tarball integrity, tool and instructions fingerprints and the normalised
// behaviour of the approving run (src/diff/behaviour-profile.ts). `approve` writes an entry from
// a report; `verify` compares a new report with it and fails on a new version, a re-published
// tarball of the same version, a changed or added tool definition, changed instructions or any
// new behaviour. Removed behaviour and removed tools are notes. Pure: the CLI reads and writes.
//
// Limits: verification compares two runs, so it inherits their blind spots (behaviour on inputs
// the harness never tried, or after the run, is in neither); a package with no integrity (a
// folder) is identified by name and version alone.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { AnalyzerError } from '../domain/errors.js';
import type { Report, Verdict } from '../domain/types.js';
import { behaviourProfile, MAX_IDENTITY } from '../diff/behaviour-profile.js';
import { diffProfiles, type ProfileDiff } from '../diff/diff-profiles.js';
import { part } from '../diff/difference-text.js';
import type { BehaviourProfile } from '../diff/profile-types.js';
import { LOCK_SCHEMA } from './lock-schema.js';

export const LOCK_FILE_NAME = 'mcp-airlock.lock.json';
/** Largest lock file read (bytes). */
export const MAX_LOCK_BYTES = 64 * 1024 * 1024;

export interface LockedPackage {
  spec: string;
  name: string;
  version: string;
  /** `sha512-…` of the approved tarball (absent for a folder). */
  integrity?: string;
  approvedAt: string;
  /** The approving run's seed: verify reruns with it, so inputs and canaries are the same. */
  seed: number;
  /** The verdict of the approving run. */
  verdict?: Verdict;
  /** sha256 of each tool's canonical definition, by tool name. */
  toolFingerprints: Record<string, string>;
  instructionsFingerprint: string;
  behaviour: BehaviourProfile;
}

export interface Lock {
  lockVersion: 1;
  /** When the lock was last written. */
  approvedAt: string;
  tool: { name: 'mcp-airlock'; version: string };
  /** Sorted by name, one per name. */
  packages: LockedPackage[];
}

export type LockDifferenceKind =
  | 'not-approved'
  | 'version-changed'
  | 'integrity-changed'
  | 'integrity-unknown'
  | 'integrity-new'
  | 'tool-added'
  | 'tool-changed'
  | 'tool-removed'
  | 'instructions-changed'
  | 'new-behaviour'
  | 'removed-behaviour';

export interface LockDifference {
  kind: LockDifferenceKind;
  /** fail: verification fails; note: shown, does not fail. */
  level: 'fail' | 'note';
  /** One line, hostile parts bounded and made visible. */
  text: string;
}

export interface Verification {
  ok: boolean;
  differences: LockDifference[];
  /** The approved behaviour against this run's (absent when the package is not in the lock). */
  diff?: ProfileDiff;
}

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: false, strict: true, strictRequired: false }).compile(
    LOCK_SCHEMA,
  );
  return validator;
}

function bad(message: string): never {
  throw new AnalyzerError('bad-lock', `${LOCK_FILE_NAME}: ${message}`.replace(/\s+/g, ' '));
}

/** Ajv's first error as `at /packages/0/version: must be string`. */
function schemaProblem(errors: readonly ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return 'is not a valid lock file';
  const where = e.instancePath === '' ? 'top level' : part(e.instancePath, 120);
  const params = e.params as {
    additionalProperty?: unknown;
    allowedValue?: unknown;
    allowedValues?: unknown;
  };
  const extra =
    e.keyword === 'additionalProperties'
      ? ` (${part(String(params.additionalProperty), 60)})`
      : e.keyword === 'const'
        ? ` ${JSON.stringify(params.allowedValue)}`
        : e.keyword === 'enum' && Array.isArray(params.allowedValues)
          ? ` (${params.allowedValues.map(String).join(', ')})`
          : '';
  return `at ${where}: ${e.message ?? `fails ${e.keyword}`}${extra}`;
}

/** Checks a schema cannot make: one entry per name, fingerprints that agree with the profile. */
function checkConsistent(lock: Lock): void {
  const seen = new Set<string>();
  for (const [i, p] of lock.packages.entries()) {
    if (seen.has(p.name)) bad(`package ${part(p.name, 100)} is listed twice`);
    seen.add(p.name);
    const tools = p.behaviour.tools;
    const listed = Object.entries(p.toolFingerprints);
    const agree =
      listed.length === tools.length &&
      tools.every(
        (t) =>
          Object.hasOwn(p.toolFingerprints, t.name) && p.toolFingerprints[t.name] === t.fingerprint,
      ) &&
      p.instructionsFingerprint === p.behaviour.instructions.fingerprint;
    if (!agree) bad(`at /packages/${i}: the fingerprints disagree with its behaviour profile`);
  }
}

/** Parses and checks a lock file's text; AnalyzerError('bad-lock') on anything wrong. */
export function readLock(text: string): Lock {
  if (Buffer.byteLength(text, 'utf8') > MAX_LOCK_BYTES)
    bad(`is larger than ${MAX_LOCK_BYTES / 1024 / 1024} MiB`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    bad(`is not valid JSON (${part(e instanceof Error ? e.message : String(e), 200)})`);
  }
  const check = validate();
  if (!check(data)) bad(schemaProblem(check.errors));
  const lock = data as Lock;
  checkConsistent(lock);
  return lock;
}

/** The lock as file text: 2-space JSON, fixed key order, packages by name, trailing newline. */
export function renderLock(lock: Lock): string {
  const packages = [...lock.packages]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => ({
      spec: p.spec,
      name: p.name,
      version: p.version,
      ...(p.integrity !== undefined ? { integrity: p.integrity } : {}),
      approvedAt: p.approvedAt,
      seed: p.seed,
      ...(p.verdict !== undefined ? { verdict: p.verdict } : {}),
      toolFingerprints: Object.fromEntries(
        Object.entries(p.toolFingerprints).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
      ),
      instructionsFingerprint: p.instructionsFingerprint,
      behaviour: p.behaviour,
    }));
  const out = {
    lockVersion: lock.lockVersion,
    approvedAt: lock.approvedAt,
    tool: lock.tool,
    packages,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** The lock entry a report approves. */
export function lockedPackage(report: Report, now: Date): LockedPackage {
  const behaviour = behaviourProfile(report);
  return {
    spec: report.target.spec.slice(0, 2000),
    name: behaviour.report.name,
    version: behaviour.report.version,
    ...(report.package?.integrity ? { integrity: report.package.integrity } : {}),
    approvedAt: now.toISOString(),
    seed: report.seed,
    verdict: report.verdict,
    // fromEntries defines own properties, so a tool named __proto__ is a key like any other
    toolFingerprints: Object.fromEntries(behaviour.tools.map((t) => [t.name, t.fingerprint])),
    instructionsFingerprint: behaviour.instructions.fingerprint,
    behaviour,
  };
}

/** `lock` with the report's package approved (replacing any entry of the same name). */
export function approveInto(lock: Lock | undefined, report: Report, now: Date): Lock {
  const entry = lockedPackage(report, now);
  const others = (lock?.packages ?? []).filter((p) => p.name !== entry.name);
  return {
    lockVersion: 1,
    approvedAt: now.toISOString(),
    tool: { name: 'mcp-airlock', version: report.tool.version },
    packages: [...others, entry].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/** Version and integrity: a new version, or different bytes under the approved version. */
function identityDifferences(p: LockedPackage, report: Report): LockDifference[] {
  const name = part(p.name, 100);
  const version = report.target.version.slice(0, MAX_IDENTITY);
  if (version !== p.version)
    return [
      {
        kind: 'version-changed',
        level: 'fail',
        text: `${name}: version changed ${part(p.version, 60)} -> ${part(version, 60)}`,
      },
    ];
  const now = report.package?.integrity;
  if (p.integrity !== undefined && now !== undefined && now !== p.integrity)
    return [
      {
        kind: 'integrity-changed',
        level: 'fail',
        text: `${name}@${part(version, 60)}: integrity changed for the same version (approved ${part(p.integrity, 40)}, now ${part(now, 40)}): the tarball was re-published or replaced`,
      },
    ];
  if (p.integrity !== undefined && now === undefined)
    return [
      {
        kind: 'integrity-unknown',
        level: 'fail',
        text: `${name}@${part(version, 60)}: this run did not record the tarball's integrity (approved ${part(p.integrity, 40)}), so it cannot be shown to be the same tarball`,
      },
    ];
  if (p.integrity === undefined && now !== undefined)
    return [
      {
        kind: 'integrity-new',
        level: 'note',
        text: `${name}@${part(version, 60)}: the approval recorded no integrity; this run's is ${part(now, 40)}`,
      },
    ];
  return [];
}

/** The lock difference each profile difference is. */
function behaviourDifferences(diff: ProfileDiff): LockDifference[] {
  const out: LockDifference[] = [];
  for (const d of diff.differences) {
    if (d.kind === 'entry') {
      if (d.folded) continue;
      out.push({
        kind: d.change === 'added' ? 'new-behaviour' : 'removed-behaviour',
        level: d.risky ? 'fail' : 'note',
        text: d.text,
      });
    } else if (d.kind === 'instructions') {
      out.push({ kind: 'instructions-changed', level: 'fail', text: d.text });
    } else {
      const kind =
        d.change === 'added'
          ? 'tool-added'
          : d.change === 'removed'
            ? 'tool-removed'
            : 'tool-changed';
      out.push({ kind, level: d.risky ? 'fail' : 'note', text: d.text });
    }
  }
  return out;
}

/** How a report differs from what the lock approved for its package. */
export function verifyAgainstLock(lock: Lock, report: Report): Verification {
  const name = report.target.name.slice(0, MAX_IDENTITY);
  const p = lock.packages.find((x) => x.name === name);
  if (!p) {
    const text = `${part(report.target.name, 100)} is not in the lock: review a run and approve it first`;
    return { ok: false, differences: [{ kind: 'not-approved', level: 'fail', text }] };
  }
  const diff = diffProfiles(p.behaviour, behaviourProfile(report));
  const differences = [...identityDifferences(p, report), ...behaviourDifferences(diff)];
  return { ok: differences.every((d) => d.level !== 'fail'), differences, diff };
}
