// `mcp-airlock approve <target>` and `verify <target>` over a lock file (default
// mcp-airlock.lock.json). approve analyses the package and records its identity, definitions and
// normalised behaviour; it refuses (exit 1, lock untouched) when the run has a finding at or
// above --fail-on, so approving a flagged package takes an explicit `--fail-on critical`.
// verify analyses it again with the approved run's seed and exits 1 naming every difference
// that leaves what was approved (new version, new tarball, changed definitions, new behaviour).
import { randomInt } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeFor } from '../../domain/severity.js';
import type { Severity } from '../../domain/types.js';
import type { CleanupRegistry } from '../../pipeline/cleanup-registry.js';
import { openEngine, planRequest, runAnalysis } from '../../pipeline/front-door.js';
import {
  approveInto,
  type Lock,
  MAX_LOCK_BYTES,
  readLock,
  renderLock,
  verifyAgainstLock,
} from '../../lock/lock-file.js';
import { lockCanaryKey, lockedEntryFor } from '../../lock/locked-run.js';
import { analysisRequest, progressLog } from '../analysis-request.js';
import type { CliCommand } from '../program.js';
import { readTextFile } from '../read-inputs.js';
import { verdictLine } from '../verdict-line.js';

type LockCommand = Extract<CliCommand, { kind: 'approve' | 'verify' }>;

function readLockFile(path: string): Lock {
  try {
    return readLock(readTextFile(path, 'bad-lock', 'lock file', MAX_LOCK_BYTES));
  } catch (e) {
    // readLock names the default file; say which file it was
    if (e instanceof Error) e.message = e.message.replace(/^mcp-airlock\.lock\.json:/, `${path}:`);
    throw e;
  }
}

export async function lockCommand(cmd: LockCommand, cleanup: CleanupRegistry): Promise<number> {
  const o = cmd.options;
  const log = progressLog(o);
  // The lock is read (and checked) before anything runs: a bad lock is exit 2 at no cost.
  const lock = cmd.kind === 'verify' || existsSync(o.lock) ? readLockFile(o.lock) : undefined;
  // verify re-runs with the approving run's seed and canary key: the same inputs and values.
  const approved = lock && cmd.kind === 'verify' ? lockedEntryFor(lock, cmd.target) : undefined;
  const seed = o.seed ?? approved?.seed ?? randomInt(1, 2 ** 31);
  const request = {
    ...analysisRequest(cmd.target, [], { ...o, seed }),
    canaryKey: lockCanaryKey(seed),
    sarif: join(o.out, 'report.sarif'),
  };
  planRequest(request, '');
  const engine = await openEngine({ log });
  const { plan, report } = await runAnalysis(engine, request, { cleanup, log });
  process.stderr.write(`${verdictLine(report, plan.htmlPath)}\n`);
  if (cmd.kind === 'approve') {
    if (exitCodeFor(report.findings, o.failOn as Severity) === 1) {
      process.stderr.write(
        `mcp-airlock: not approved: ${report.target.name}@${report.target.version} has findings at or above ${o.failOn}; review ${plan.htmlPath}, then approve with a higher --fail-on if you accept them\n`,
      );
      return 1;
    }
    writeFileSync(o.lock, renderLock(approveInto(lock, report, new Date())));
    process.stderr.write(
      `mcp-airlock: approved ${report.target.name}@${report.target.version} into ${o.lock}\n`,
    );
    return 0;
  }
  const result = verifyAgainstLock(lock as Lock, report);
  for (const d of result.differences)
    process.stderr.write(`mcp-airlock: ${d.level === 'fail' ? 'difference' : 'note'}: ${d.text}\n`);
  process.stderr.write(
    result.ok
      ? `mcp-airlock: verified: ${report.target.name}@${report.target.version} is within what ${o.lock} approved\n`
      : `mcp-airlock: not verified: ${report.target.name}@${report.target.version} differs from what ${o.lock} approved\n`,
  );
  return result.ok ? 0 : 1;
}
