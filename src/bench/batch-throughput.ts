// Batch throughput: the real CLI, `mcp-airlock batch <list> --out <fresh dir> --concurrency C
// --quiet --seed <s>`, over a list of bundled fixtures; its wall time (spawn to exit, so node's
// start-up and the engine check count), analyses per hour, and the batch process's peak RSS
// (VmHWM, polled: peak-rss.ts). The analyses run inside that process, so its mark covers them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { batchCounts, batchStatement } from '../batch/batch-exit.js';
import { parseIndex } from '../batch/index-parse.js';
import { projectRoot } from '../util/project-root.js';
import { perHour } from './bench-stats.js';
import { watchPeakRss } from './peak-rss.js';

export interface BatchFigures {
  concurrency: number;
  targets: number;
  wallMs: number;
  analysesPerHour: number;
  /** VmHWM of the batch process, KiB (undefined when /proc could not be read). */
  peakRssKiB?: number;
  exitCode: number;
  /** Targets with a report (the rest failed, timed out or never ran). */
  analysed: number;
  /** The CLI's closing statement over the index (`6 targets: 6 clean`). */
  statement: string;
}

export interface BatchRun {
  /** Absolute package folders, one per line of the list. */
  targets: readonly string[];
  concurrency: number;
  seed: number;
  /** A fresh folder for this run's list and reports. */
  workDir: string;
}

export async function runBatchThroughput(run: BatchRun): Promise<BatchFigures> {
  mkdirSync(run.workDir, { recursive: true });
  const list = join(run.workDir, 'targets.txt');
  const out = join(run.workDir, 'out');
  writeFileSync(list, `${run.targets.join('\n')}\n`);
  const args = [
    join(projectRoot(), 'bin', 'mcp-airlock.js'),
    'batch',
    list,
    '--out',
    out,
    '--concurrency',
    String(run.concurrency),
    '--quiet',
    '--seed',
    String(run.seed),
  ];
  const started = Date.now();
  const child = execa(process.execPath, args, { reject: false, timeout: 3_600_000 });
  const watch = child.pid === undefined ? undefined : watchPeakRss(child.pid);
  const done = await child;
  const wallMs = Date.now() - started;
  const peakRssKiB = watch?.stop();
  let text = '';
  try {
    text = readFileSync(join(out, 'index.jsonl'), 'utf8');
  } catch {
    // no index: nothing was analysed, and the statement says so
  }
  const counts = batchCounts(parseIndex(text).lines, run.targets.length);
  return {
    concurrency: run.concurrency,
    targets: run.targets.length,
    wallMs,
    analysesPerHour: perHour(counts.analysed, wallMs),
    ...(peakRssKiB !== undefined ? { peakRssKiB } : {}),
    exitCode: done.exitCode ?? -1,
    analysed: counts.analysed,
    statement:
      done.exitCode === 2
        ? `could not run: ${String(done.stderr).trim().slice(0, 300)}`
        : batchStatement(counts),
  };
}
