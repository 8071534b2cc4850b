// Benchmark: analyses the bundled example server N times through the real pipeline and prints
// the wall time of each phase (median and max) and the host process's peak memory; then analyses
// each MCP reference server once (from the npm registry) and prints how much of it the harness
// reached: tools, calls per tool, schema-valid arguments, the share of calls answered without a
// protocol error, resources read, prompts got, findings at high or above. Figures are printed,
// never asserted: these machines are shared and noisy.
// Usage: bench [RUNS=2] [TARGET] [--no-reference]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atOrAbove } from '../domain/severity.js';
import type { Report, TargetSpec } from '../domain/types.js';
import { type Engine, openEngine, runAnalysis } from '../pipeline/front-door.js';
import { projectRoot } from '../util/project-root.js';
import { answeredShare, REFERENCE_SERVERS } from './reference-servers.js';

const STEPS = [
  'fetch',
  'pod',
  'install',
  'startup',
  'enumerate',
  'exercise',
  'relaunch',
  'collect',
  'total',
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

async function run(
  engine: Engine,
  id: string,
  target: TargetSpec,
  extra: { args?: string[]; env?: string[]; allow?: string[] } = {},
): Promise<Report> {
  const { report } = await runAnalysis(engine, {
    runId: `bench${id}${process.pid}`,
    seed: 1,
    target,
    serverArgs: extra.args ?? [],
    env: extra.env ?? [],
    allowEgress: extra.allow ?? [],
    timeoutSeconds: 600,
    rounds: 4,
    outDir: mkdtempSync(join(tmpdir(), 'airlock-bench-')),
  });
  return report;
}

const pad = (v: unknown, n: number) => String(v).padStart(n);

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const reference = !process.argv.includes('--no-reference');
  const runs = Number(args[0] ?? 2);
  const target =
    args[1] ?? join(projectRoot(), 'harness', 'fixtures', 'servers', 'example-weather');
  const t0 = Date.now();
  const engine = await openEngine();
  console.log(`image ready in ${Date.now() - t0} ms (${engine.image})`);
  const samples: Record<string, number[]> = Object.fromEntries(STEPS.map((s) => [s, []]));
  for (let i = 0; i < runs; i += 1) {
    const spec: TargetSpec = target.includes('/')
      ? { kind: 'folder', path: target }
      : { kind: 'npm', spec: target };
    const report = await run(engine, String(i), spec, { allow: ['api.weather.example'] });
    for (const s of STEPS) samples[s]?.push(report.timings[s] ?? 0);
  }
  console.log(`target: ${target}, runs: ${runs}, rounds: 4`);
  console.log('step        median ms     max ms');
  for (const s of STEPS) {
    const xs = samples[s] ?? [];
    console.log(`${s.padEnd(10)} ${pad(Math.round(median(xs)), 10)} ${pad(Math.max(...xs), 10)}`);
  }
  console.log(`host peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  if (!reference) return;

  console.log('\nreference servers (4 rounds, seed 1):');
  console.log(
    'server                tools  calls  min/tool  valid args  answered     resources  prompts  >=high  total s',
  );
  for (const ref of REFERENCE_SERVERS) {
    const r = await run(engine, ref.name, { kind: 'npm', spec: ref.spec }, ref);
    const calls = r.tools.flatMap((t) => t.calls);
    const share = answeredShare(calls.map((c) => c.outcome));
    const minPerTool = Math.min(...r.tools.map((t) => t.calls.length));
    const valid = calls.filter((c) => c.argsValid).length;
    const read = r.surface.resources.filter((x) => x.read?.outcome === 'ok').length;
    const got = r.surface.prompts.filter((p) => p.gets.some((g) => g.outcome === 'ok')).length;
    const high = r.findings.filter((f) => atOrAbove(f.severity, 'high')).length;
    const pct = share.total ? ((100 * share.answered) / share.total).toFixed(1) : '-';
    console.log(
      `${ref.name.padEnd(20)} ${pad(r.tools.length, 6)} ${pad(calls.length, 6)} ${pad(minPerTool, 9)} ${pad(`${valid}/${calls.length}`, 11)} ${pad(`${share.answered}/${share.total} ${pct}%`, 13)} ${pad(`${read}/${r.surface.resources.length}`, 11)} ${pad(`${got}/${r.surface.prompts.length}`, 8)} ${pad(high, 7)} ${pad(Math.round((r.timings['total'] ?? 0) / 1000), 8)}`,
    );
    const errors = calls.filter((c) => c.outcome === 'protocol-error' || c.outcome === 'timeout');
    for (const c of errors.slice(0, 5))
      console.log(
        `    ${c.outcome} ${c.tool} (${c.inputKind ?? '?'}): ${c.resultExcerpt.slice(0, 120)}`,
      );
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(2);
});
