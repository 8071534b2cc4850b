// The mcp-airlock executable: wires parsed options to the pipeline and maps the outcome to an
// exit code. Our errors print one line on stderr and exit 2; Ctrl-C tears the pod down first.
// Each command's module is loaded when it runs, so `--help` or `report` do not pay for the
// sandbox, the MCP client and the input generator.
import { CommanderError } from 'commander';
import { removeLeftovers } from '../../sandbox/docker/cleanup.js';
import { connectDocker } from '../../sandbox/docker/engine.js';
import { AnalyzerError, isAnalyzerError } from '../domain/errors.js';
import { CleanupRegistry } from '../pipeline/cleanup-registry.js';
import { parseArgs, type CliCommand } from './program.js';

function fail(code: string, message: string): number {
  process.stderr.write(
    `mcp-airlock: error (${code}): ${message.replace(/\s+/g, ' ').slice(0, 1000)}\n`,
  );
  return 2;
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
        return await (await import('./commands/analyze.js')).analyzeCommand(cmd, cleanup);
      case 'diff':
        return await (await import('./commands/diff.js')).diffCommand(cmd, cleanup);
      case 'approve':
      case 'verify':
        return await (await import('./commands/lock.js')).lockCommand(cmd, cleanup);
      case 'scan':
        return await (await import('./commands/scan.js')).scanCommand(cmd, cleanup);
      case 'report':
        return (await import('./commands/report.js')).reportCommand(cmd);
      case 'batch':
        return await (await import('./commands/batch.js')).batchCommand(cmd, cleanup);
      case 'setup': {
        const { openEngine } = await import('../pipeline/front-door.js');
        const engine = await openEngine({
          log: (l) => process.stderr.write(`${l}\n`),
          verbose: (l) => process.stderr.write(`${l}\n`),
        });
        process.stdout.write(`${engine.image}\n`);
        return 0;
      }
      case 'pod-run': {
        if (cmd.role === 'stage') {
          const { podStage } = await import('../k8s/in-pod/pod-stage.js');
          await podStage({ planFile: cmd.plan, registry: cmd.registry }, cleanup);
        } else {
          const { podDrive } = await import('../k8s/in-pod/pod-drive.js');
          await podDrive({ planFile: cmd.plan }, cleanup);
        }
        return 0;
      }
      case 'cleanup': {
        const docker = await connectDocker().catch(() => undefined);
        const r = await removeLeftovers(docker, { all: cmd.all });
        if (cmd.all) {
          const { clearStaged, stagedCacheConfig } = await import('../fetch/staged-cache.js');
          const cfg = stagedCacheConfig({});
          if (cfg) clearStaged(cfg);
        }
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
