// `mcp-airlock analyze`: one package, its reports, the verdict line and the exit code.
import type { CleanupRegistry } from '../../pipeline/cleanup-registry.js';
import { openEngine, planRequest, runAnalysis } from '../../pipeline/front-door.js';
import { analysisRequest, progressLog } from '../analysis-request.js';
import type { CliCommand } from '../program.js';
import { runExitCode, verdictLine } from '../verdict-line.js';

export async function analyzeCommand(
  cmd: Extract<CliCommand, { kind: 'analyze' }>,
  cleanup: CleanupRegistry,
): Promise<number> {
  const o = cmd.options;
  const log = progressLog(o);
  const request = {
    ...analysisRequest(cmd.target, cmd.serverArgs, o),
    ...(o.json ? { json: o.json } : {}),
    ...(o.html ? { html: o.html } : {}),
    ...(o.sarif ? { sarif: o.sarif } : {}),
  };
  // Validate the options before touching Docker, so bad input costs nothing.
  planRequest(request, '');
  const engine = await openEngine({ log });
  const { plan, report } = await runAnalysis(engine, request, { cleanup, log });
  process.stderr.write(`${verdictLine(report, plan.htmlPath)}\n`);
  return runExitCode(report, plan.failOn);
}
