// The mcp-airlock executable: wires parsed options to the pipeline and maps the outcome to an
// exit code. Our errors print one line on stderr and exit 2; Ctrl-C tears the pod down first.
import { randomBytes, randomInt } from 'node:crypto';
import { statSync } from 'node:fs';
import { CommanderError } from 'commander';
import { removeLeftovers } from '../../sandbox/docker/cleanup.js';
import { connectDocker } from '../../sandbox/docker/engine.js';
import { AnalyzerError, isAnalyzerError } from '../domain/errors.js';
import type { ServerTransport } from '../domain/types.js';
import { CleanupRegistry } from '../pipeline/cleanup-registry.js';
import {
  type AnalysisRequest,
  openEngine,
  planRequest,
  runAnalysis,
} from '../pipeline/front-door.js';
import { classifyTarget } from '../plan/target-spec.js';
import { parseArgs, type AnalyzeOptions, type CliCommand } from './program.js';
import { runExitCode, verdictLine } from './verdict-line.js';

const probe = {
  isDirectory: (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  isFile: (p: string) => statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
};

function fail(code: string, message: string): number {
  process.stderr.write(
    `mcp-airlock: error (${code}): ${message.replace(/\s+/g, ' ').slice(0, 1000)}\n`,
  );
  return 2;
}

async function runAnalyze(
  cmd: Extract<CliCommand, { kind: 'analyze' }>,
  cleanup: CleanupRegistry,
): Promise<number> {
  const o = cmd.options;
  const log = progressLog(o);
  const request = analysisRequest(cmd.target, cmd.serverArgs, o);
  // Validate the options before touching Docker, so bad input costs nothing.
  planRequest(request, '');
  const engine = await openEngine({ log });
  const { plan, report } = await runAnalysis(engine, request, { cleanup, log });
  process.stderr.write(`${verdictLine(report, plan.htmlPath)}\n`);
  return runExitCode(report, plan.failOn);
}

/** Progress lines only on a terminal (or with --verbose): a pipe gets one line, the verdict or
 * the error. */
function progressLog(o: AnalyzeOptions): (line: string) => void {
  const show = !o.quiet && (o.verbose || process.stderr.isTTY === true);
  return show ? (l: string) => process.stderr.write(`mcp-airlock: ${l}\n`) : () => undefined;
}

/** The analyze options as a request to the front door (run id and seed drawn when absent). */
function analysisRequest(target: string, serverArgs: string[], o: AnalyzeOptions): AnalysisRequest {
  return {
    runId: randomBytes(4).toString('hex'),
    seed: o.seed ?? randomInt(1, 2 ** 31),
    target: classifyTarget(target, probe),
    serverArgs,
    env: o.env,
    allowEgress: o.allowEgress,
    failOn: o.failOn,
    timeoutSeconds: o.timeout,
    callTimeoutSeconds: o.callTimeout,
    rounds: o.rounds,
    maxCalls: o.maxCalls,
    ...(o.minCoverage !== undefined ? { minCoverage: o.minCoverage } : {}),
    transport: transportOf(o),
    lingerSeconds: o.linger,
    outDir: o.out,
    ...(o.json ? { json: o.json } : {}),
    ...(o.html ? { html: o.html } : {}),
  };
}

export async function main(argv: string[]): Promise<number> {
  let cmd: CliCommand;
  try {
    cmd = parseArgs(argv, (s) => process.stdout.write(s));
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.help' ||
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.exitCode === 0
      )
        return 0;
      return fail('bad-args', e.message.replace(/^error: /, ''));
    }
    throw e;
  }
  const cleanup = new CleanupRegistry();
  // `on`, not `once`: a library's signal-exit hook re-raises the signal when it sees no other
  // listener, which would kill us before the pod is removed. A second signal is ignored.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`mcp-airlock: ${signal}: removing the sandbox\n`);
    void cleanup.runAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    switch (cmd.kind) {
      case 'done':
        return 0;
      case 'analyze':
        return await runAnalyze(cmd, cleanup);
      case 'setup': {
        const engine = await openEngine({
          log: (l) => process.stderr.write(`${l}\n`),
          verbose: (l) => process.stderr.write(`${l}\n`),
        });
        process.stdout.write(`${engine.image}\n`);
        return 0;
      }
      case 'cleanup': {
        const docker = await connectDocker().catch(() => undefined);
        const r = await removeLeftovers(docker, { all: cmd.all });
        process.stdout.write(
          `removed ${r.containers.length} containers, ${r.volumes.length} volumes, ${r.folders.length} folders\n`,
        );
        return 0;
      }
    }
  } catch (e) {
    if (isAnalyzerError(e)) return fail(e.code, e.message);
    return fail('internal', e instanceof Error ? e.message : String(e));
  } finally {
    await cleanup.runAll();
  }
}

export { AnalyzerError };

/** The --transport, --port and --path options as the plan's transport. */
function transportOf(o: AnalyzeOptions): ServerTransport {
  if (o.transport === 'stdio') return { kind: 'stdio' };
  const kind = o.transport === 'sse' ? 'sse' : 'streamable-http';
  return {
    kind,
    path: o.path ?? (kind === 'sse' ? '/sse' : '/mcp'),
    ...(o.port !== undefined ? { port: o.port } : {}),
  };
}
