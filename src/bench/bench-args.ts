// The benchmark's command line: `bench [RUNS=3] [--batch K] [--no-batch] [--reference]`. Pure:
// argv in, options out; a bad argument throws with the usage line.
import { BATCH_FIXTURES } from './bench-targets.js';

export const BENCH_USAGE =
  'usage: bench [RUNS=3] [--batch K] [--no-batch] [--reference]' +
  ` (RUNS 1-50, K 1-${BATCH_FIXTURES.length})`;

export interface BenchOptions {
  /** Analyses of each single target. */
  runs: number;
  /** Fixtures in the batch-throughput list; 0: no batch runs. */
  batch: number;
  /** Also analyse the MCP reference servers (from the npm registry) and print their coverage. */
  reference: boolean;
}

export const DEFAULT_BENCH_OPTIONS: BenchOptions = { runs: 3, batch: 6, reference: false };

function intIn(text: string | undefined, min: number, max: number, what: string): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || n < min || n > max)
    throw new Error(`${what} must be an integer from ${min} to ${max}; ${BENCH_USAGE}`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const o = { ...DEFAULT_BENCH_OPTIONS };
  let runsSeen = false;
  let noBatch = false;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] ?? '';
    if (a === '--reference') o.reference = true;
    // the default now; accepted so that older invocations still run
    else if (a === '--no-reference') o.reference = false;
    else if (a === '--no-batch') noBatch = true;
    else if (a === '--batch') {
      o.batch = intIn(argv[i + 1], 1, BATCH_FIXTURES.length, '--batch K');
      i += 1;
    } else if (!a.startsWith('-') && !runsSeen) {
      o.runs = intIn(a, 1, 50, 'RUNS');
      runsSeen = true;
    } else throw new Error(`unexpected argument ${JSON.stringify(a)}; ${BENCH_USAGE}`);
  }
  if (noBatch) o.batch = 0;
  return o;
}
