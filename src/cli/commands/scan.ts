// `mcp-airlock scan <client-config>`: every server entry of an MCP client configuration analysed
// in turn through one engine, a report folder per server (`--out/<slug>/`), and a summary
// (`summary.json`, `summary.html`, `scan.sarif`). One server's failure is recorded in its row and
// the scan goes on; entries we cannot analyse are listed as not examined, never as clean.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { renderScanHtml } from '../../../reports/render-scan-html.js';
import { renderScanJson } from '../../../reports/render-scan-json.js';
import { sarifLog } from '../../../reports/render-sarif.js';
import { type LabelledLog, mergeSarifLogs } from '../../../reports/sarif-merge.js';
import { targetEnv } from '../../../sandbox/docker/pod-spec.js';
import { isAnalyzerError } from '../../domain/errors.js';
import type { Severity } from '../../domain/types.js';
import type { CleanupRegistry } from '../../pipeline/cleanup-registry.js';
import { openEngine, planRequest, runAnalysis } from '../../pipeline/front-door.js';
import { parseClientConfig } from '../../scan/client-config.js';
import type { ScanEntry } from '../../scan/scan-entry.js';
import { exitCodeOfScan, type ScanOutcome, summarizeScan } from '../../scan/scan-summary.js';
import { analysisRequest, probe, progressLog } from '../analysis-request.js';
import type { CliCommand } from '../program.js';
import { readTextFile } from '../read-inputs.js';

export async function scanCommand(
  cmd: Extract<CliCommand, { kind: 'scan' }>,
  cleanup: CleanupRegistry,
): Promise<number> {
  const o = cmd.options;
  const log = progressLog(o);
  const text = readTextFile(cmd.config, 'bad-config', 'client configuration', 1024 * 1024);
  // A configuration inside the working folder (a repository in CI) may only point at package
  // folders inside it; one elsewhere (a desktop client's) may point anywhere on this machine.
  const configAt = resolve(cmd.config);
  const here = process.cwd();
  const inside = configAt.startsWith(here.endsWith(sep) ? here : `${here}${sep}`);
  const entries = parseClientConfig(text, cmd.config, probe, inside ? { within: here } : {});
  // Every request is checked before the engine is touched: a bad option is exit 2 for the scan.
  planRequest(analysisRequest('.', [], o), '');
  const outDir = resolve(o.out);
  mkdirSync(outDir, { recursive: true });
  const engine = entries.some((e) => e.kind !== 'not-examined')
    ? await openEngine({ log })
    : undefined;
  const outcomes: ScanOutcome[] = [];
  const sarifs: LabelledLog[] = [];
  const artifactUri = cmd.config.split('\\').join('/').replace(/^\.\//, '');
  for (const listed of entries) {
    const entry = withoutSandboxEnv(listed);
    if (entry.kind === 'not-examined' || !entry.target || !engine) {
      outcomes.push({ entry });
      continue;
    }
    log(`server ${entry.name}: ${entry.target}`);
    try {
      const dir = join(outDir, entry.slug);
      const request = {
        ...analysisRequest(entry.target, entry.serverArgs, {
          ...o,
          env: [...envPairs(entry), ...o.env],
        }),
        outDir: dir,
        ...(o.sarif ? { sarif: join(dir, 'report.sarif') } : {}),
      };
      const plan = planRequest(request, engine.image);
      const { report } = await runAnalysis(engine, plan, { cleanup, log });
      if (o.sarif) sarifs.push({ label: entry.name, log: sarifLog(report, { artifactUri }) });
      outcomes.push({
        entry,
        report: {
          verdict: report.verdict,
          summary: report.summary,
          coverage: report.coverage.statement,
          ...(report.coverage.gate ? { coverageGateMet: report.coverage.gate.met } : {}),
          package: `${report.target.name}@${report.target.version}`,
          jsonPath: plan.jsonPath,
          htmlPath: plan.htmlPath,
          ...(plan.sarifPath ? { sarifPath: plan.sarifPath } : {}),
        },
      });
    } catch (e) {
      // Our failure for this one server (not found, not installable, a bad env name): recorded,
      // and the scan goes on. No engine at all is the whole scan's failure.
      if (isAnalyzerError(e) && (e.code === 'no-docker' || e.code === 'interrupted')) throw e;
      outcomes.push({
        entry,
        error: isAnalyzerError(e) ? `${e.code}: ${e.message}` : String(e),
      });
    }
  }
  const summary = summarizeScan(cmd.config, outcomes, outDir);
  writeFileSync(join(outDir, 'summary.json'), renderScanJson(summary));
  writeFileSync(join(outDir, 'summary.html'), renderScanHtml(summary));
  const merged = mergeSarifLogs(sarifs, `mcp-airlock/scan/${artifactUri}/`);
  if (o.sarif && merged)
    writeFileSync(join(outDir, 'scan.sarif'), `${JSON.stringify(merged, null, 2)}\n`);
  process.stderr.write(
    `mcp-airlock: scan ${summary.verdict}: ${summary.statement}; summary: ${join(outDir, 'summary.html')}\n`,
  );
  return exitCodeOfScan(summary, o.failOn as Severity);
}

/** Variables the sandbox sets itself (HOME, PATH, the CA bundle): a configuration comes from
 * a pull request, and its value would move the planted home or switch off interception. */
const SANDBOX_ENV = new Set(targetEnv({}).map((e) => e.slice(0, e.indexOf('='))));

/** The entry without the sandbox's own variables, each one left out said in its notes. */
export function withoutSandboxEnv(entry: ScanEntry): ScanEntry {
  const dropped = Object.keys(entry.env).filter((k) => SANDBOX_ENV.has(k));
  if (dropped.length === 0) return entry;
  return {
    ...entry,
    env: Object.fromEntries(Object.entries(entry.env).filter(([k]) => !SANDBOX_ENV.has(k))),
    notes: [
      ...entry.notes,
      ...dropped.map(
        (k) => `env ${k} is set by the sandbox: the configuration's value was not used`,
      ),
    ],
  };
}

/** The entry's environment as --env pairs (names are checked by the plan). */
function envPairs(entry: ScanEntry): string[] {
  return Object.entries(entry.env).map(([k, v]) => `${k}=${v}`);
}
