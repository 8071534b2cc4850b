// Benchmark: analyses the bundled example server N times through the real pipeline and prints
// the wall time of each phase (median and max) and the host process's peak memory. Figures are
// printed, never asserted: these machines are shared and noisy.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from '../../sandbox/docker/engine.js';
import { ensureImage } from '../../sandbox/image/build-image.js';
import { analyze } from '../pipeline/analyze.js';
import { CleanupRegistry } from '../pipeline/cleanup-registry.js';
import { makePlan } from '../plan/make-plan.js';
import { projectRoot } from '../util/project-root.js';

const STEPS = ['fetch', 'pod', 'install', 'startup', 'enumerate', 'exercise', 'collect', 'total'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const target =
    process.argv[3] ?? join(projectRoot(), 'harness', 'fixtures', 'servers', 'example-weather');
  const docker = await connectDocker();
  const t0 = Date.now();
  const image = await ensureImage(docker);
  console.log(`image ready in ${Date.now() - t0} ms (${image})`);
  const samples: Record<string, number[]> = Object.fromEntries(STEPS.map((s) => [s, []]));
  let calls = 0;
  let answered = 0;
  for (let i = 0; i < runs; i += 1) {
    const cleanup = new CleanupRegistry();
    const plan = makePlan({
      runId: `bench${i}${process.pid}`,
      seed: 1,
      target: target.includes('/')
        ? { kind: 'folder', path: target }
        : { kind: 'npm', spec: target },
      serverArgs: [],
      env: [],
      allowEgress: ['api.weather.example'],
      failOn: 'high',
      timeoutSeconds: 300,
      callTimeoutSeconds: 20,
      rounds: 1,
      outDir: mkdtempSync(join(tmpdir(), 'airlock-bench-')),
      image,
    });
    try {
      const report = await analyze(plan, { docker, cleanup, log: () => undefined });
      for (const s of STEPS) samples[s]?.push(report.timings[s] ?? 0);
      const all = report.tools.flatMap((t) => t.calls);
      calls += all.length;
      answered += all.filter((c) => c.outcome === 'ok' || c.outcome === 'tool-error').length;
    } finally {
      await cleanup.runAll();
    }
  }
  console.log(`target: ${target}, runs: ${runs}`);
  console.log('step        median ms     max ms');
  for (const s of STEPS) {
    const xs = samples[s] ?? [];
    console.log(
      `${s.padEnd(10)} ${String(Math.round(median(xs))).padStart(10)} ${String(Math.max(...xs)).padStart(10)}`,
    );
  }
  console.log(`calls answered without protocol error: ${answered}/${calls}`);
  console.log(`host peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(2);
});
