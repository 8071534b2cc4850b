// `mcp-airlock batch <list>`: every target of a list analysed through one engine, at most
// --concurrency at a time, each in its own sandbox and report folder (`--out/<slug>/`). After
// each target one line is appended to index.jsonl, so a batch that is killed resumes where it
// stopped (targets already indexed are skipped unless --force or --retry-failed); a target's
// failure or timeout is recorded in its line and never stops the batch. index.html is written
// at the end. `--emit-k8s DIR` writes one Kubernetes Job per target instead and runs nothing.
import { appendFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { renderBatchIndexHtml } from '../../../reports/render-batch-index-html.js';
import { batchCounts, batchExitCode, batchStatement } from '../../batch/batch-exit.js';
import {
  failureOf,
  indexLineFromError,
  indexLineFromReport,
  type IndexLine,
  renderIndex,
  renderIndexLine,
} from '../../batch/batch-index.js';
import { BATCH_LIST_LIMITS, type BatchTarget, parseBatchList } from '../../batch/batch-list.js';
import { linesOfList, planResume } from '../../batch/batch-resume.js';
import { parseIndex } from '../../batch/index-parse.js';
import { createThrottle, progressLine, type ProgressState } from '../../batch/progress-line.js';
import { AnalyzerError, isAnalyzerError } from '../../domain/errors.js';
import type { Severity } from '../../domain/types.js';
import { readImageInputs } from '../../../sandbox/image/build-image.js';
import { imageTagFor } from '../../../sandbox/image/image-tag.js';
import { clusterImages } from '../../k8s/job-manifest.js';
import { k8sManifestsFor } from '../../k8s/k8s-manifests.js';
import type { CleanupRegistry } from '../../pipeline/cleanup-registry.js';
import { type Engine, openEngine, planRequest, runAnalysis } from '../../pipeline/front-door.js';
import { analysisRequest, progressLog } from '../analysis-request.js';
import type { CliCommand } from '../program.js';
import { readTextFile } from '../read-inputs.js';

type BatchCommand = Extract<CliCommand, { kind: 'batch' }>;

/** Analyses at once by default: one per core (each pod is given one CPU), at most one per
 * 1.5 GiB of memory (each pod may use 1 GiB), at least 1, at most 8. */
export function defaultConcurrency(cores: number, memoryBytes: number): number {
  const byMemory = Math.floor(memoryBytes / (1.5 * 1024 ** 3));
  return Math.max(1, Math.min(8, cores, byMemory));
}

export async function batchCommand(cmd: BatchCommand, cleanup: CleanupRegistry): Promise<number> {
  const o = cmd.options;
  const concurrency = o.concurrency ?? defaultConcurrency(availableParallelism(), totalmem());
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new AnalyzerError('bad-args', '--concurrency must be an integer between 1 and 64');
  const targets = parseBatchList(
    readTextFile(cmd.list, 'bad-list', 'target list', BATCH_LIST_LIMITS.chars),
    cmd.list,
  );
  // Every target's request is checked before anything runs: a bad option fails the batch.
  const requestOf = (t: BatchTarget, out: string) => ({
    ...analysisRequest(t.target, [], o),
    outDir: join(out, t.slug),
  });
  const out = resolve(o.out);
  if (o.emitK8s) return await emitK8s(cmd, targets, requestOf);
  for (const t of targets.slice(0, 1)) planRequest(requestOf(t, out), '');
  mkdirSync(out, { recursive: true });
  const indexPath = join(out, 'index.jsonl');
  const previous = parseIndex(
    existsSync(indexPath) ? readTextFile(indexPath, 'io', 'batch index', 1024 ** 3) : '',
  );
  const plan = planResume(targets, previous.lines, { force: o.force, retryFailed: o.retryFailed });
  // The index is rewritten without the targets about to run, then grows a line per target.
  writeFileSync(`${indexPath}.tmp`, renderIndex(plan.kept));
  renameSync(`${indexPath}.tmp`, indexPath);
  const lines: IndexLine[] = [...plan.kept];
  const log = progressLog(o);
  const state: ProgressState = {
    total: targets.length,
    skipped: plan.skipped.length,
    finished: 0,
    running: 0,
    counts: countsOf(linesOfList(targets, lines)),
    startedAt: Date.now(),
  };
  const live = process.stderr.isTTY === true && !o.quiet;
  const throttle = createThrottle(500);
  const draw = (force = false) => {
    if (live && throttle.due(Date.now(), force))
      process.stderr.write(`\r\x1b[K${progressLine(state, Date.now(), process.stderr.columns)}`);
  };
  let engine: Engine | undefined;
  if (plan.pending.length > 0) engine = await openEngine({ log });
  const queue = [...plan.pending];
  const worker = async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      state.running += 1;
      draw();
      const line = await analyseOne(engine as Engine, t, requestOf(t, out), out, cleanup);
      // Stopping (Ctrl-C): a target cut short by the teardown is not a result; the next run
      // analyses it again.
      if (cleanup.stopping) return;
      appendFileSync(indexPath, renderIndexLine(line));
      lines.push(line);
      state.running -= 1;
      state.finished += 1;
      state.counts = countsOf(linesOfList(targets, lines));
      if (!live)
        log(
          `${state.finished + state.skipped}/${state.total} ${t.target}: ${line.verdict ?? line.outcome}`,
        );
      draw(true);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length || 1) }, worker));
  if (live) process.stderr.write('\n');
  const final = parseIndex(readTextFile(indexPath, 'io', 'batch index', 1024 ** 3));
  const listed = linesOfList(targets, final.lines);
  writeFileSync(
    join(out, 'index.html'),
    renderBatchIndexHtml(listed, {
      list: cmd.list,
      generatedAt: new Date().toISOString(),
      targets: targets.length,
      unreadable: final.unreadable,
    }),
  );
  const counts = batchCounts(listed, targets.length);
  process.stderr.write(
    `mcp-airlock: batch: ${batchStatement(counts)}; index: ${join(out, 'index.html')}\n`,
  );
  const nothingRan = plan.pending.length > 0 && listed.every((l) => l.outcome !== 'analysed');
  return batchExitCode(listed, o.failOn as Severity, nothingRan && allInfrastructure(listed));
}

/** One target through the front door; whatever it throws becomes its index line. */
async function analyseOne(
  engine: Engine,
  t: BatchTarget,
  request: ReturnType<typeof analysisRequest>,
  out: string,
  cleanup: CleanupRegistry,
): Promise<IndexLine> {
  const started = Date.now();
  try {
    const { plan, report } = await runAnalysis(engine, request, { cleanup: cleanup.child() });
    return indexLineFromReport(
      t,
      report,
      { reportPath: relative(out, plan.jsonPath), htmlPath: relative(out, plan.htmlPath) },
      { durationMs: Date.now() - started, now: Date.now() },
    );
  } catch (e) {
    if (isAnalyzerError(e) && e.code === 'no-docker') throw e;
    return indexLineFromError(t, failureOf(e), {
      durationMs: Date.now() - started,
      now: Date.now(),
    });
  }
}

function countsOf(lines: readonly IndexLine[]): ProgressState['counts'] {
  const c = batchCounts(lines, lines.length);
  return {
    clean: c.clean,
    suspicious: c.suspicious,
    malicious: c.malicious,
    failed: c.failed + c.timedOut,
  };
}

/** Every line a failure of ours (no engine, no image): the batch could not run at all. */
function allInfrastructure(lines: readonly IndexLine[]): boolean {
  return (
    lines.length > 0 &&
    lines.every(
      (l) =>
        l.outcome === 'failed' &&
        ['no-docker', 'image-missing', 'sandbox-failed'].includes(l.error?.code ?? ''),
    )
  );
}

/** --emit-k8s DIR: one Job (and its Secret) per target plus the namespace's network policies,
 * from the same plans a local batch would run; nothing is run and no engine is needed. */
async function emitK8s(
  cmd: BatchCommand,
  targets: readonly BatchTarget[],
  requestOf: (t: BatchTarget, out: string) => ReturnType<typeof analysisRequest>,
): Promise<number> {
  const dir = resolve(cmd.options.emitK8s ?? '.');
  const baseImage = process.env['BASE_IMAGE'];
  const images = clusterImages(
    imageTagFor(await readImageInputs(...(baseImage ? [baseImage] : []))),
    cmd.options.k8sImagePrefix,
  );
  const image = images.image;
  const slugs = new Map<string, string>();
  const plans = targets.map((t) => {
    const plan = planRequest(requestOf(t, '/report'), image);
    slugs.set(plan.runId, t.slug);
    return plan;
  });
  const files = k8sManifestsFor(plans, {
    ...images,
    ...(cmd.options.k8sRegistry ? { registry: cmd.options.k8sRegistry } : {}),
    slugOf: (plan) => slugs.get(plan.runId) ?? plan.runId,
  });
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.file), f.text);
  process.stderr.write(
    `mcp-airlock: batch: wrote ${files.length - 1} Job manifests and ${files[0]?.file ?? ''} to ${dir}; nothing was run\n`,
  );
  return 0;
}
