// The outcome of a batch as a whole: counts over the index lines of the list's targets, the
// one-line statement the CLI prints and the index page shows, and the exit code. Pure.
//
// Chosen on purpose, as for `scan`: a target that failed or timed out does not make the exit code
// 1 on its own. Over a registry some packages always fail to install or start, and a batch gate
// that fails on every such package says nothing; a batch cannot judge what it could not run.
// Instead they are never counted as clean: the statement counts them ("… 7 failed or timed out:
// not judged"), index.html lists them in their own order, and index.jsonl records each error. A
// caller that wants them to fail keys on `outcome` in index.jsonl.
import { atOrAbove } from '../domain/severity.js';
import { SEVERITIES, type Severity } from '../domain/types.js';
import type { IndexLine } from './batch-index.js';

export interface BatchCounts {
  /** Targets in the list (including those with no line yet). */
  targets: number;
  analysed: number;
  clean: number;
  suspicious: number;
  malicious: number;
  failed: number;
  timedOut: number;
  /** Targets with no line: not run (yet). */
  notRun: number;
}

/** True when an analysed line has a finding at or above `failOn`, or missed its coverage gate. */
export function lineFails(line: IndexLine, failOn: Severity): boolean {
  if (line.outcome !== 'analysed') return false;
  if (line.coverageGateMet === false) return true;
  return SEVERITIES.some((s) => atOrAbove(s, failOn) && (line.summary?.[s] ?? 0) > 0);
}

/**
 * The batch's exit code over the lines of the list's targets (from this run and earlier ones:
 * a resumed batch still fails on a malicious package found before it was stopped). 2 when the
 * caller says nothing could run (no Docker, no image, an unreadable list); 1 when an analysed
 * target reached `failOn` (or missed --min-coverage); else 0. Failures alone: see the file comment.
 */
export function batchExitCode(
  lines: readonly IndexLine[],
  failOn: Severity,
  nothingRan = false,
): 0 | 1 | 2 {
  if (nothingRan) return 2;
  return lines.some((l) => lineFails(l, failOn)) ? 1 : 0;
}

/** Counts over the lines of the list's targets; `targets` is the list's length. */
export function batchCounts(lines: readonly IndexLine[], targets: number): BatchCounts {
  const c: BatchCounts = {
    targets,
    analysed: 0,
    clean: 0,
    suspicious: 0,
    malicious: 0,
    failed: 0,
    timedOut: 0,
    notRun: 0,
  };
  for (const l of lines) {
    if (l.outcome === 'failed') c.failed++;
    else if (l.outcome === 'timed-out') c.timedOut++;
    else if (l.verdict !== undefined) {
      c.analysed++;
      c[l.verdict]++;
    }
  }
  c.notRun = Math.max(0, targets - c.analysed - c.failed - c.timedOut);
  return c;
}

/** One line: `120 targets: 2 malicious, 5 suspicious, 100 clean; 13 failed or timed out: not judged`. */
export function batchStatement(c: BatchCounts): string {
  if (c.targets === 0) return 'no targets in the list';
  const verdicts = (['malicious', 'suspicious', 'clean'] as const)
    .filter((v) => c[v] > 0)
    .map((v) => `${c[v]} ${v}`);
  const parts = [
    `${c.targets} target${c.targets === 1 ? '' : 's'}: ${verdicts.length > 0 ? verdicts.join(', ') : 'none analysed'}`,
  ];
  const unjudged = c.failed + c.timedOut;
  if (unjudged > 0) {
    const how =
      c.timedOut === 0
        ? 'failed'
        : c.failed === 0
          ? 'timed out'
          : `failed or timed out (${c.timedOut} timed out)`;
    parts.push(`${unjudged} ${how}: not judged, not counted in the exit code`);
  }
  if (c.notRun > 0) parts.push(`${c.notRun} not run`);
  return parts.join('; ');
}
