// Resuming a batch: which targets of the list still need a run, given the index a previous run
// left in DIR. Pure: the caller parses the index (index-parse.ts) and runs what is pending.
//
// What counts as done (skipped on a re-run):
//   - an analysed target (a report was written), whatever its verdict;
//   - a target that failed for a reason of its own (not found, fetch failed, bad spec, our code
//     threw on it) or timed out: retrying it would fail the same way, and a batch over a
//     registry must not retry its broken packages forever. --retry-failed runs these again.
// What does not count (run again without asking): a failure of our own infrastructure (no Docker,
// no image, the sandbox failed to start, interrupted, disk i/o): that says nothing about the
// target. --force runs every target of the list again.
import type { BatchTarget } from './batch-list.js';
import type { IndexLine } from './batch-index.js';

/** Error codes that blame the machine, not the target (see src/domain/errors.ts). */
export const INFRASTRUCTURE_CODES: readonly string[] = [
  'no-docker',
  'image-missing',
  'sandbox-failed',
  'interrupted',
  'io',
];

export interface ResumeOptions {
  /** Run every target again. */
  force?: boolean;
  /** Run failed and timed-out targets again. */
  retryFailed?: boolean;
}

/** True when the line's failure is our infrastructure's, not the target's. */
export function isInfrastructureFailure(line: IndexLine): boolean {
  return line.outcome !== 'analysed' && INFRASTRUCTURE_CODES.includes(line.error?.code ?? '');
}

/** True when a re-run skips the line's target (see the file comment). */
export function isDone(line: IndexLine, opts: ResumeOptions = {}): boolean {
  if (opts.force === true) return false;
  if (line.outcome === 'analysed') return true;
  return !isInfrastructureFailure(line) && opts.retryFailed !== true;
}

/** The targets a re-run skips. */
export function doneTargets(lines: readonly IndexLine[], opts: ResumeOptions = {}): Set<string> {
  return new Set(lines.filter((l) => isDone(l, opts)).map((l) => l.target));
}

export interface ResumePlan {
  /** Targets to run, in list order. */
  pending: BatchTarget[];
  /** Targets of the list already done, in list order. */
  skipped: BatchTarget[];
  /**
   * Index lines to keep when the index is rewritten before the run: every line whose target is
   * not pending (including targets no longer in the list), in index order. Writing these and then
   * appending one line per finished target keeps each target in the index once.
   */
  kept: IndexLine[];
}

/** Split the list into pending and skipped targets against the previous index. */
export function planResume(
  targets: readonly BatchTarget[],
  lines: readonly IndexLine[],
  opts: ResumeOptions = {},
): ResumePlan {
  const done = doneTargets(lines, opts);
  const pending = targets.filter((t) => !done.has(t.target));
  const pendingSet = new Set(pending.map((t) => t.target));
  return {
    pending,
    skipped: targets.filter((t) => done.has(t.target)),
    kept: lines.filter((l) => !pendingSet.has(l.target)),
  };
}

/** The index lines of the list's targets, in list order (for the exit code and the summary). */
export function linesOfList(
  targets: readonly BatchTarget[],
  lines: readonly IndexLine[],
): IndexLine[] {
  const byTarget = new Map(lines.map((l) => [l.target, l]));
  return targets.flatMap((t) => {
    const l = byTarget.get(t.target);
    return l === undefined ? [] : [l];
  });
}
