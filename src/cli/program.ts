// The command-line contract: `analyze`, `diff`, `approve`, `verify`, `scan`, `report`, `setup`,
// `cleanup`. Thin: parses options into plain values and hands them to the library. Exit codes:
// 0 nothing to stop for, 1 something to stop for (a finding at/above --fail-on, coverage below
// --min-coverage, a risky version difference, behaviour outside the lock), 2 could not run
// (one line on stderr).
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
  /** --sarif FILE: also write SARIF 2.1.0 there. */
  sarif?: string;
  /** --policy FILE: a policy (JSON or YAML) applied to the findings. */
  policy?: string;
}

/** The options of the commands that analyse: analyze's, without the per-report paths. */
export type SharedOptions = Omit<AnalyzeOptions, 'json' | 'html' | 'sarif'>;

export type ReportFormat = 'html' | 'sarif' | 'json';

/** batch's own options (the analysis options apply to every target). */
export interface BatchOptions {
  /** Analyses at once (default: fitted to the machine). */
  concurrency?: number;
  force: boolean;
  retryFailed: boolean;
  /** Write one Kubernetes Job manifest per target there and run nothing. */
  emitK8s?: string;
  /** With emitK8s: where the cluster pulls the two images from (`registry.example/team/`). */
  k8sImagePrefix?: string;
  /** With emitK8s: the npm registry (or mirror) the Pods fetch from. */
  k8sRegistry?: string;
}

export type CliCommand =
  | { kind: 'analyze'; target: string; serverArgs: string[]; options: AnalyzeOptions }
  | {
      kind: 'diff';
      oldTarget: string;
      newTarget: string;
      options: SharedOptions & { json?: string; html?: string };
    }
  | { kind: 'approve' | 'verify'; target: string; options: SharedOptions & { lock: string } }
  | { kind: 'scan'; config: string; options: SharedOptions & { sarif: boolean } }
  | { kind: 'report'; report: string; format: ReportFormat; output?: string }
  | { kind: 'batch'; list: string; options: SharedOptions & BatchOptions }
  | { kind: 'setup' }
  | { kind: 'cleanup'; all: boolean }
  /** Inside a Kubernetes analysis Pod only (src/k8s/pod-layout.ts); not in the help. */
  | { kind: 'pod-run'; role: 'stage'; plan: string; registry: string }
  | { kind: 'pod-run'; role: 'drive'; plan: string }
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

/** The options every analysing command takes (analyze, diff, approve, verify, scan). */
function analysisOptions(cmd: Command, outDefault: string): Command {
  return cmd
    .option('--out <dir>', 'folder for the reports and captures', outDefault)
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
    .option('--policy <file>', 'policy file (JSON or YAML) applied to the findings');
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
  analysisOptions(
    program
      .command('analyze')
      .description('analyse a package: a folder, a .tgz, or an npm spec such as @scope/name@1.2.3')
      .argument('<target>', 'package folder, .tgz file or npm spec')
      .argument('[serverArgs...]', 'arguments for the server, after --'),
    'airlock-out',
  )
    .option('--json <file>', 'where to write report.json')
    .option('--html <file>', 'where to write report.html')
    .option('--sarif <file>', 'also write SARIF 2.1.0 (GitHub code scanning) there')
    .action((target: string, serverArgs: string[], options: AnalyzeOptions) => {
      parsed = { kind: 'analyze', target, serverArgs, options };
    });
  analysisOptions(
    program
      .command('diff')
      .description(
        'analyse two versions with the same seed, inputs and canaries and list what the new one adds',
      )
      .argument('<old-target>', 'the approved version: folder, .tgz or npm spec')
      .argument('<new-target>', 'the version to judge'),
    'airlock-diff',
  )
    .option('--json <file>', 'where to write diff.json (default: in --out)')
    .option('--html <file>', 'where to write diff.html (default: in --out)')
    .action((oldTarget: string, newTarget: string, options: SharedOptions) => {
      parsed = { kind: 'diff', oldTarget, newTarget, options };
    });
  for (const kind of ['approve', 'verify'] as const) {
    analysisOptions(
      program
        .command(kind)
        .description(
          kind === 'approve'
            ? 'analyse a package and record its definitions and behaviour in the lock file'
            : 'analyse a package again and fail on anything the lock file did not approve',
        )
        .argument('<target>', 'package folder, .tgz file or npm spec'),
      `airlock-${kind}`,
    )
      .option('--lock <file>', 'the lock file', 'mcp-airlock.lock.json')
      .action((target: string, options: SharedOptions & { lock: string }) => {
        parsed = { kind, target, options };
      });
  }
  analysisOptions(
    program
      .command('scan')
      .description(
        'analyse every server of an MCP client configuration (.mcp.json, Claude Desktop, VS Code, Cursor)',
      )
      .argument('<client-config>', 'the configuration file'),
    'airlock-scan',
  )
    .option('--no-sarif', 'do not write scan.sarif beside the summary')
    .action((config: string, options: SharedOptions & { sarif: boolean }) => {
      parsed = { kind: 'scan', config, options };
    });
  analysisOptions(
    program
      .command('batch')
      .description(
        'analyse every target of a list (one per line), resumably; writes index.jsonl and index.html',
      )
      .argument('<list>', 'a file with one target per line (npm spec, folder or .tgz; # comments)'),
    'airlock-batch',
  )
    .option(
      '--concurrency <n>',
      'analyses at once (default: fitted to the machine)',
      number('--concurrency'),
    )
    .option('--force', 'analyse again targets already in index.jsonl', false)
    .option('--retry-failed', 'analyse again targets that failed or timed out', false)
    .option('--emit-k8s <dir>', 'write one Kubernetes Job manifest per target and run nothing')
    .option(
      '--k8s-image-prefix <prefix>',
      'with --emit-k8s: the image registry path the cluster pulls from, e.g. registry.example/team/',
    )
    .option(
      '--k8s-registry <url>',
      'with --emit-k8s: the npm registry or mirror the Pods fetch from (default registry.npmjs.org)',
    )
    .action((list: string, options: SharedOptions & BatchOptions) => {
      parsed = { kind: 'batch', list, options };
    });
  program
    .command('report')
    .description('re-render a report.json without re-running the analysis')
    .argument('<report.json>', 'a report written by mcp-airlock')
    .addOption(
      new Option('--format <format>', 'what to write')
        .choices(['html', 'sarif', 'json'])
        .default('html'),
    )
    .option('--output <file>', 'where to write it (default: standard output)')
    .action((report: string, options: { format: ReportFormat; output?: string }) => {
      parsed = {
        kind: 'report',
        report,
        format: options.format,
        ...(options.output ? { output: options.output } : {}),
      };
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
    .option(
      '--all',
      'remove every mcp-airlock container, live runs included, and the staged-package cache',
      false,
    )
    .action((options: { all: boolean }) => {
      parsed = { kind: 'cleanup', all: options.all };
    });
  const podRun = program
    .command('pod-run', { hidden: true })
    .description('the in-Pod programs of a Kubernetes analysis Job (see --emit-k8s)');
  podRun
    .command('stage')
    .requiredOption('--plan <file>', "the plan (from the Job's Secret)")
    .requiredOption('--registry <url>', 'the registry to fetch from')
    .action((options: { plan: string; registry: string }) => {
      parsed = { kind: 'pod-run', role: 'stage', plan: options.plan, registry: options.registry };
    });
  podRun
    .command('drive')
    .requiredOption('--plan <file>', "the plan (from the Job's Secret)")
    .option('--out <dir>', 'where the reports go (the plan says; kept for the manifest)')
    .action((options: { plan: string }) => {
      parsed = { kind: 'pod-run', role: 'drive', plan: options.plan };
    });
  program.parse(argv, { from: 'user' });
  return parsed;
}
