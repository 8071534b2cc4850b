// The command-line contract: `analyze`, `setup`, `cleanup`. Thin: parses options into plain
// values and hands them to the library. Exit codes: 0 no finding at/above --fail-on, 1 at least
// one (or coverage below --min-coverage), 2 the analysis could not run (one line on stderr).
import { Command, CommanderError, Option } from 'commander';
import { parseMinCoverage } from '../domain/coverage.js';
import { DEFAULT_MAX_CALLS, DEFAULT_ROUNDS } from '../plan/make-plan.js';

export interface AnalyzeOptions {
  out: string;
  json?: string;
  html?: string;
  allowEgress: string[];
  failOn: string;
  timeout: number;
  callTimeout: number;
  rounds: number;
  maxCalls: number;
  /** --min-coverage as a fraction 0..1; absent: no coverage gate. */
  minCoverage?: number;
  transport: string;
  port?: number;
  path?: string;
  linger: number;
  env: string[];
  seed?: number;
  quiet: boolean;
  verbose: boolean;
}

export type CliCommand =
  | { kind: 'analyze'; target: string; serverArgs: string[]; options: AnalyzeOptions }
  | { kind: 'setup' }
  | { kind: 'cleanup'; all: boolean }
  | { kind: 'done' };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function number(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n))
      throw new CommanderError(2, 'bad-args', `${name} wants a number, got: ${v}`);
    return n;
  };
}

/** --min-coverage: `80%` or `0.8`, as the fraction. */
function minCoverage(v: string): number {
  const n = parseMinCoverage(v);
  if (n === undefined)
    throw new CommanderError(
      2,
      'bad-args',
      `--min-coverage wants a percentage such as 80% or a fraction such as 0.8, got: ${v}`,
    );
  return n;
}

/** Parse argv (without node and script) into a command; throws CommanderError on bad input. */
export function parseArgs(argv: string[], write: (s: string) => void): CliCommand {
  let parsed: CliCommand = { kind: 'done' };
  const program = new Command('mcp-airlock')
    .description(
      'Detonate an MCP server package in a sandbox with a fake internet and report what it did.',
    )
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write, outputError: () => undefined })
    .showSuggestionAfterError(false);
  program
    .command('analyze')
    .description('analyse a package: a folder, a .tgz, or an npm spec such as @scope/name@1.2.3')
    .argument('<target>', 'package folder, .tgz file or npm spec')
    .argument('[serverArgs...]', 'arguments for the server, after --')
    .option('--out <dir>', 'folder for report.json, report.html and egress.pcap', 'airlock-out')
    .option('--json <file>', 'where to write report.json')
    .option('--html <file>', 'where to write report.html')
    .option(
      '--allow-egress <hosts>',
      'comma-separated allowed hosts (*.domain for subdomains)',
      collect,
      [],
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this').default(
        'high',
      ),
    )
    .option('--timeout <seconds>', 'time budget for the whole analysis', number('--timeout'), 300)
    .option(
      '--call-timeout <seconds>',
      'time limit for one tool call',
      number('--call-timeout'),
      20,
    )
    .option(
      '--rounds <n>',
      'rounds of calls: each tool is called once per round',
      number('--rounds'),
      DEFAULT_ROUNDS,
    )
    .option(
      '--max-calls <n>',
      'most tool calls over all rounds',
      number('--max-calls'),
      DEFAULT_MAX_CALLS,
    )
    .option(
      '--min-coverage <share>',
      'exit 1 unless this share of listed tools returned a result (80% or 0.8)',
      minCoverage,
    )
    .addOption(
      new Option('--transport <kind>', 'how the server talks')
        .choices(['stdio', 'http', 'sse'])
        .default('stdio'),
    )
    .option(
      '--port <n>',
      'port the server listens on inside the sandbox (http/sse; default: found)',
      number('--port'),
    )
    .option('--path <path>', 'endpoint path (http: /mcp, sse: /sse)')
    .option(
      '--linger <seconds>',
      'keep the server running after its last call',
      number('--linger'),
      3,
    )
    .option('--env <KEY=VALUE>', 'environment for the server (repeatable)', collect, [])
    .option(
      '--seed <n>',
      'seed for inputs (default: random, recorded in the report)',
      number('--seed'),
    )
    .option('--quiet', 'no progress lines', false)
    .option('--verbose', 'progress lines even when stderr is not a terminal', false)
    .action((target: string, serverArgs: string[], options: AnalyzeOptions) => {
      parsed = { kind: 'analyze', target, serverArgs, options };
    });
  program
    .command('setup')
    .description('build the sandbox image if it is missing (the engine itself: scripts/setup.sh)')
    .action(() => {
      parsed = { kind: 'setup' };
    });
  program
    .command('cleanup')
    .description('remove containers and temp folders left by runs that are no longer alive')
    .option('--all', 'remove every mcp-airlock container, live runs included', false)
    .action((options: { all: boolean }) => {
      parsed = { kind: 'cleanup', all: options.all };
    });
  program.parse(argv, { from: 'user' });
  return parsed;
}
