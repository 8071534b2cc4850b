// The benchmark's child: analyses one folder through the front door with the CLI's defaults and
// prints one JSON line (verdict, the plan's rounds and linger, the step timings, this process's
// peak RSS), so the parent (child-analysis.ts) measures an analysis's memory apart from its own.
// Usage: node one-analysis.js '{"path":…,"allowEgress":[…],"seed":1,"outDir":…}'
import { CleanupRegistry } from '../pipeline/cleanup-registry.js';
import { openEngine, runAnalysis } from '../pipeline/front-door.js';
import type { ChildRequest } from './child-analysis.js';

function requestOf(arg: string | undefined): ChildRequest {
  const x = JSON.parse(arg ?? '') as Partial<ChildRequest>;
  if (
    typeof x.path !== 'string' ||
    typeof x.outDir !== 'string' ||
    typeof x.seed !== 'number' ||
    !Array.isArray(x.allowEgress) ||
    !x.allowEgress.every((h) => typeof h === 'string')
  )
    throw new Error('one-analysis wants {"path","allowEgress","seed","outDir"} as its argument');
  return { path: x.path, allowEgress: x.allowEgress, seed: x.seed, outDir: x.outDir };
}

async function main(): Promise<void> {
  const request = requestOf(process.argv[2]);
  const cleanup = new CleanupRegistry();
  // Ctrl-C on the benchmark reaches this process too: remove the pod before leaving.
  const onSignal = () => void cleanup.runAll().finally(() => process.exit(130));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const engine = await openEngine();
    const { plan, report } = await runAnalysis(
      engine,
      {
        seed: request.seed,
        target: { kind: 'folder', path: request.path },
        serverArgs: [],
        env: [],
        allowEgress: request.allowEgress,
        outDir: request.outDir,
      },
      { cleanup },
    );
    const line = {
      ok: true,
      verdict: report.verdict,
      rounds: plan.rounds,
      lingerMs: plan.limits.lingerMs,
      timings: report.timings,
      maxRssKiB: process.resourceUsage().maxRSS,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await cleanup.runAll();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const error = e instanceof Error ? e.message : String(e);
    process.stdout.write(`${JSON.stringify({ ok: false, error })}\n`);
    process.exit(2);
  },
);
