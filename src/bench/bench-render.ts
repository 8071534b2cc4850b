// The benchmark's figures as a plain-text table for the terminal (the README's source). Pure.
// Text a server wrote (reference rows' tool names and excerpts) is shown with control and format
// characters replaced, so it cannot move the cursor or reorder the line.
import type { BatchFigures } from './batch-throughput.js';
import type { BenchFigures, ReferenceRow, TargetFigures } from './bench-figures.js';
import { machineLine } from './machine-info.js';

/** Text fit for a terminal: control, format and line-separator characters become `?`, bounded. */
export function terminalSafe(s: string, max: number): string {
  const safe = s.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '?');
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/** Rows as columns: the first left-aligned, the rest right-aligned, two spaces apart. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

const ms = (n: number) => String(Math.round(n));
const mib = (kib: number) => String(Math.round(kib / 1024));
const secs = (n: number) => (n / 1000).toFixed(1);
const times = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(1)}x`);

function countsOf(xs: readonly string[]): string {
  const c = new Map<string, number>();
  for (const x of xs) c.set(x, (c.get(x) ?? 0) + 1);
  return [...c].map(([k, n]) => `${k} x${n}`).join(', ') || '-';
}

function optionsOf(t: TargetFigures): string {
  const parts = [
    `rounds ${t.rounds ?? '?'}`,
    `linger ${t.lingerMs === undefined ? '?' : t.lingerMs / 1000} s`,
  ];
  if (t.allowEgress.length) parts.push(`--allow-egress ${t.allowEgress.join(',')}`);
  return parts.join(', ');
}

function targetsTable(f: BenchFigures): string[] {
  const ts = f.targets;
  const names: string[] = [];
  for (const t of ts) for (const s of t.steps) if (!names.includes(s.name)) names.push(s.name);
  const cell = (t: TargetFigures, name: string) => {
    const s = t.steps.find((x) => x.name === name);
    return s ? `${ms(s.ms.median)} / ${ms(s.ms.max)}` : '-';
  };
  const rows = [
    ['step (median / max ms)', ...ts.map((t) => t.fixture)],
    ...names.map((n) => [n, ...ts.map((t) => cell(t, n))]),
    [
      'child process wall',
      ...ts.map((t) => `${ms(t.childWallMs.median)} / ${ms(t.childWallMs.max)}`),
    ],
    ['peak RSS MiB', ...ts.map((t) => `${mib(t.peakRssKiB.median)} / ${mib(t.peakRssKiB.max)}`)],
    ['total / container start', ...ts.map((t) => times(t.totalOverContainerStart))],
    ['wall / container start', ...ts.map((t) => times(t.wallOverContainerStart))],
    [
      'runs',
      ...ts.map((t) => `${t.runs}${t.failures.length ? ` (+${t.failures.length} failed)` : ''}`),
    ],
  ];
  const lines = columns(rows);
  for (const t of ts) {
    lines.push(`  ${t.fixture}: ${optionsOf(t)}; verdicts ${countsOf(t.verdicts)}`);
    for (const e of t.failures.slice(0, 3)) lines.push(`    failed: ${terminalSafe(e, 300)}`);
  }
  return lines;
}

function batchTable(batch: readonly BatchFigures[]): string[] {
  return columns([
    ['concurrency', 'targets', 'wall s', 'analyses/hour', 'peak RSS MiB', 'exit', 'index'],
    ...batch.map((b) => [
      String(b.concurrency),
      String(b.targets),
      secs(b.wallMs),
      String(Math.round(b.analysesPerHour)),
      b.peakRssKiB === undefined ? '-' : mib(b.peakRssKiB),
      String(b.exitCode),
      terminalSafe(b.statement, 200),
    ]),
  ]);
}

function referenceTable(rows: readonly ReferenceRow[]): string[] {
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
  const lines = columns([
    [
      'server',
      'tools',
      'calls',
      'min/tool',
      'valid args',
      'answered',
      'resources',
      'prompts',
      '>=high',
      'total s',
    ],
    ...rows.map((r) => [
      r.name,
      String(r.tools),
      String(r.calls),
      String(r.minCallsPerTool),
      `${r.validArgs}/${r.calls}`,
      `${r.answered}/${r.calls} ${pct(r.answered, r.calls)}`,
      `${r.resourcesRead}/${r.resources}`,
      `${r.promptsGot}/${r.prompts}`,
      String(r.atOrAboveHigh),
      String(Math.round(r.totalMs / 1000)),
    ]),
  ]);
  for (const r of rows)
    for (const e of r.errors)
      lines.push(
        `    ${r.name}: ${e.outcome} ${terminalSafe(e.tool, 100)} (${terminalSafe(e.inputKind, 40)}): ${terminalSafe(e.excerpt, 120)}`,
      );
  return lines;
}

export function renderBench(f: BenchFigures): string {
  const cs = f.containerStart.ms;
  const lines = [
    `machine: ${machineLine(f.machine)}`,
    `image: ${f.image} (ready in ${f.imageReadyMs} ms)`,
    `container start (${f.containerStart.command}, ${cs.samples.length} runs): median ${ms(cs.median)} ms, max ${ms(cs.max)} ms`,
    '',
    `single analyses, each in a child process, seed ${f.seed}:`,
    ...targetsTable(f),
  ];
  if (f.batch.length) {
    const first = f.batch[0];
    lines.push(
      '',
      `batch throughput (mcp-airlock batch over ${first?.targets ?? 0} bundled clean fixtures, default options, seed ${f.seed}, after an unmeasured warm-up batch):`,
      ...batchTable(f.batch),
    );
  }
  if (f.reference) {
    lines.push(
      '',
      `reference servers (default rounds, seed ${f.seed}):`,
      ...referenceTable(f.reference),
    );
  }
  return `${lines.join('\n')}\n`;
}
