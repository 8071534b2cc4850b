// The real-server panel: analyses each server of panel/servers.json with the built CLI, one at a
// time, exactly as a user would run it (pinned spec, its arguments, allowed hosts, a fixed seed),
// and writes <out>/summary.json and <out>/table.md, judged with panel/judgements.json. It needs
// the npm registry and Docker, so it is a script (npm run panel), not part of npm test.
// Each server's outcome is kept in <out>/<name>/run.json beside its report, and the tables are
// rendered from every server that has one: `--only` reruns some, `--render` only re-judges.
// Usage: panel [--only a,b] [--out DIR] [--seed N] [--render]
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import type { Report } from '../domain/types.js';
import { projectRoot, projectVersion } from '../util/project-root.js';
import { parseJudgements, unusedJudgements, type Judgement } from './judgements.js';
import { cliArgs, parseServers, selectServers, type PanelServer } from './panel-servers.js';
import { renderPanel } from './render-table.js';
import { analysedRow, failedRow, type PanelRow } from './summarise.js';

interface Options {
  only: string[];
  out: string;
  seed: number;
  render: boolean;
}

/** What one CLI run left: its exit code, wall time, and the error line when it did not report. */
interface RunRecord {
  exitCode: number | null;
  wallMs: number;
  error: string;
}

const DEFAULT_TIMEOUT_S = 300;

function parseOptions(argv: string[]): Options {
  const o: Options = {
    only: [],
    out: join(projectRoot(), '.airlock', 'panel'),
    seed: 1,
    render: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} wants a value`);
      return v;
    };
    if (a === '--only')
      o.only = next()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (a === '--out') o.out = resolve(next());
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--render') o.render = true;
    else
      throw new Error(
        `unknown option ${a}; usage: panel [--only a,b] [--out DIR] [--seed N] [--render]`,
      );
  }
  if (!Number.isInteger(o.seed)) throw new Error('--seed wants an integer');
  return o;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** Runs the CLI on one server; a run that fails is a record, never a throw. */
async function analyseOne(s: PanelServer, dir: string, seed: number): Promise<RunRecord> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  const budget = (s.timeoutSeconds ?? DEFAULT_TIMEOUT_S) + 300;
  const r = await execa(
    'node',
    [join(projectRoot(), 'bin', 'mcp-airlock.js'), ...cliArgs(s, dir, seed)],
    {
      reject: false,
      stdin: 'ignore',
      timeout: budget * 1000,
      killSignal: 'SIGINT',
      maxBuffer: 1_000_000,
    },
  );
  const wallMs = Date.now() - t0;
  const stderr = String(r.stderr ?? '');
  const last = stderr.trim().split('\n').pop() ?? '';
  const code = r.exitCode ?? null;
  const reported = (code === 0 || code === 1) && existsSync(join(dir, 'report.json'));
  const error = reported ? '' : r.timedOut ? `no report after ${budget} s` : last || `exit ${code}`;
  const rec = { exitCode: code, wallMs, error };
  writeFileSync(join(dir, 'run.json'), `${JSON.stringify(rec, null, 2)}\n`);
  return rec;
}

/** The row of one server from what its folder holds, or undefined when it never ran. */
function rowFromDisk(
  s: PanelServer,
  dir: string,
  judgements: readonly Judgement[],
): PanelRow | undefined {
  const runPath = join(dir, 'run.json');
  if (!existsSync(runPath)) return undefined;
  const run = readJson(runPath) as RunRecord;
  if (run.error || !existsSync(join(dir, 'report.json'))) return failedRow(s, run);
  const report = readJson(join(dir, 'report.json')) as Report;
  return analysedRow(s, report, { exitCode: run.exitCode ?? -1, wallMs: run.wallMs }, judgements);
}

function render(
  all: readonly PanelServer[],
  out: string,
  judgements: readonly Judgement[],
): { rows: PanelRow[]; unused: Judgement[] } {
  const rows = all
    .map((s) => rowFromDisk(s, join(out, s.name), judgements))
    .filter((r): r is PanelRow => r !== undefined);
  const judged = rows
    .flatMap((r) => (r.status === 'analysed' ? r.findings : []))
    .map((f) => f.judged);
  const unused = unusedJudgements(
    judgements,
    rows.map((r) => r.name),
    judged,
  );
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    tool: `mcp-airlock ${projectVersion()}`,
  };
  writeFileSync(
    join(out, 'summary.json'),
    `${JSON.stringify({ ...meta, rows, unusedJudgements: unused }, null, 2)}\n`,
  );
  writeFileSync(join(out, 'table.md'), renderPanel(rows, meta, unused));
  return { rows, unused };
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const root = projectRoot();
  const all = parseServers(readJson(join(root, 'panel', 'servers.json')));
  const judgements = parseJudgements(readJson(join(root, 'panel', 'judgements.json')));
  const chosen = selectServers(all, o.only);
  mkdirSync(o.out, { recursive: true });
  if (!o.render) {
    for (const s of chosen) {
      console.log(`panel: ${s.name} (${s.spec}) ...`);
      const rec = await analyseOne(s, join(o.out, s.name), o.seed);
      const row = rowFromDisk(s, join(o.out, s.name), judgements);
      const what =
        row?.status === 'analysed' ? `verdict ${row.verdict}` : `not analysed: ${rec.error}`;
      console.log(
        `panel: ${s.name}: ${what} (exit ${rec.exitCode}, ${Math.round(rec.wallMs / 1000)} s)`,
      );
      render(all, o.out, judgements);
    }
  }
  const { rows, unused } = render(all, o.out, judgements);
  const unjudged = rows
    .flatMap((r) => (r.status === 'analysed' ? r.findings : []))
    .filter((f) => f.judged.verdict === 'unjudged');
  console.log(
    `panel: ${rows.length} servers, ${unjudged.length} unjudged findings, ${unused.length} judgements matched nothing; ${join(o.out, 'table.md')}`,
  );
}

main().catch((e: unknown) => {
  console.error(`panel: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});
