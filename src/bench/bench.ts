// Benchmark (`npm run bench`): the figures issue 11 asks for, printed as a plain-text table and
// written as JSON to bench.json in a fresh temp folder (its path is printed last):
//   - the machine they came from (cores, memory, CPU model, kernel, Docker, Node);
//   - one container start: median of CONTAINER_STARTS `docker run --rm` of the sandbox image;
//   - per step and whole-analysis wall time (median and max over RUNS) for two bundled fixtures,
//     `clean` and the quick start's `example-weather` (with the demo's --allow-egress), each
//     analysis in a child process with the CLI's default options (one-analysis.ts), so its peak
//     RSS is the analysis's own; and each target's median total over the median container start;
//   - batch throughput at concurrency 1 and 2: the real `mcp-airlock batch` over K bundled clean
//     fixtures, analyses per hour and the batch process's peak RSS;
//   - with --reference only (opt-in: it fetches from the npm registry and takes minutes): the MCP
//     reference servers, one analysis each, and how much of each the harness reached.
// Figures are printed, never asserted: these machines are shared and noisy. Progress goes to
// stderr. Usage: bench [RUNS=3] [--batch K] [--no-batch] [--reference]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CleanupRegistry } from '../pipeline/cleanup-registry.js';
import { type Engine, openEngine, runAnalysis } from '../pipeline/front-door.js';
import { projectRoot } from '../util/project-root.js';
import { parseBenchArgs } from './bench-args.js';
import {
  type BenchFigures,
  type ChildRun,
  type ReferenceRow,
  referenceRow,
  targetFigures,
} from './bench-figures.js';
import { renderBench } from './bench-render.js';
import { statOf } from './bench-stats.js';
import { BATCH_FIXTURES, BENCH_SEED, CONTAINER_STARTS, SINGLE_TARGETS } from './bench-targets.js';
import { type BatchFigures, runBatchThroughput } from './batch-throughput.js';
import { runChildAnalysis } from './child-analysis.js';
import { CONTAINER_START_ARGS, timeContainerStarts } from './container-start.js';
import { readMachineInfo } from './machine-info.js';
import { REFERENCE_SERVERS } from './reference-servers.js';

const say = (line: string) => process.stderr.write(`bench: ${line}\n`);
const fixtureDir = (name: string) => join(projectRoot(), 'harness', 'fixtures', 'servers', name);

/** The reference servers, in this process (their reports are needed whole). */
async function referenceRows(
  engine: Engine,
  work: string,
  cleanup: CleanupRegistry,
): Promise<ReferenceRow[]> {
  const rows: ReferenceRow[] = [];
  for (const ref of REFERENCE_SERVERS) {
    say(`reference server ${ref.name}`);
    const { report } = await runAnalysis(
      engine,
      {
        seed: BENCH_SEED,
        target: { kind: 'npm', spec: ref.spec },
        serverArgs: ref.args,
        env: ref.env,
        allowEgress: [],
        outDir: join(work, `reference-${ref.name}`),
      },
      { cleanup: cleanup.child() },
    );
    rows.push(referenceRow(ref.name, report));
  }
  return rows;
}

async function main(): Promise<void> {
  const opts = parseBenchArgs(process.argv.slice(2));
  const cleanup = new CleanupRegistry();
  const onSignal = () => void cleanup.runAll().finally(() => process.exit(130));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const work = mkdtempSync(join(tmpdir(), 'airlock-bench-'));
  const machine = await readMachineInfo();
  const t0 = Date.now();
  const engine = await openEngine();
  const imageReadyMs = Date.now() - t0;

  say(`${CONTAINER_STARTS} container starts`);
  const starts = statOf(await timeContainerStarts(engine.image, CONTAINER_STARTS));

  const targets = [];
  for (const t of SINGLE_TARGETS) {
    const runs: ChildRun[] = [];
    for (let i = 1; i <= opts.runs; i += 1) {
      say(`${t.fixture}: analysis ${i} of ${opts.runs}`);
      runs.push(
        await runChildAnalysis({
          path: fixtureDir(t.fixture),
          allowEgress: t.allowEgress,
          seed: BENCH_SEED,
          outDir: join(work, `${t.fixture}-${i}`),
        }),
      );
    }
    targets.push(targetFigures(t, runs, starts.median));
  }

  const batch: BatchFigures[] = [];
  if (opts.batch > 0) {
    // One pass first, not measured: both measured batches then find every target's staged
    // package cached (as a re-run or a second batch would), not only the one that runs second.
    say(`batch of ${opts.batch}: warm-up (not measured)`);
    await runBatchThroughput({
      targets: BATCH_FIXTURES.slice(0, opts.batch).map(fixtureDir),
      concurrency: 2,
      seed: BENCH_SEED,
      workDir: join(work, 'batch-warm'),
    });
  }
  for (const concurrency of opts.batch > 0 ? [1, 2] : []) {
    say(`batch of ${opts.batch} at concurrency ${concurrency}`);
    batch.push(
      await runBatchThroughput({
        targets: BATCH_FIXTURES.slice(0, opts.batch).map(fixtureDir),
        concurrency,
        seed: BENCH_SEED,
        workDir: join(work, `batch-c${concurrency}`),
      }),
    );
  }

  const reference = opts.reference ? await referenceRows(engine, work, cleanup) : undefined;
  const figures: BenchFigures = {
    generatedAt: new Date().toISOString(),
    machine,
    image: engine.image,
    imageReadyMs,
    seed: BENCH_SEED,
    containerStart: {
      command: `docker ${CONTAINER_START_ARGS('IMAGE').join(' ')}`,
      ms: starts,
    },
    targets,
    batch,
    ...(reference ? { reference } : {}),
  };
  const jsonPath = join(work, 'bench.json');
  writeFileSync(jsonPath, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(renderBench(figures));
  process.stdout.write(`\nfigures as JSON: ${jsonPath}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
