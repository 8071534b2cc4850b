import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseArgs, type AnalyzeOptions, type CliCommand } from './program.js';

const DEFAULTS: AnalyzeOptions = {
  out: 'airlock-out',
  allowEgress: [],
  failOn: 'high',
  timeout: 300,
  callTimeout: 20,
  rounds: 4,
  maxCalls: 400,
  transport: 'stdio',
  linger: 3,
  env: [],
  quiet: false,
  verbose: false,
};

function parse(argv: string[]): { command: CliCommand; out: string } {
  let out = '';
  const command = parseArgs(argv, (s) => {
    out += s;
  });
  return { command, out };
}

function errorOf(argv: string[]): CommanderError {
  try {
    parse(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e;
    throw e;
  }
  throw new Error(`parsed without an error: ${argv.join(' ')}`);
}

describe('parseArgs analyze', () => {
  it.each<[string, string[], CliCommand]>([
    [
      'only a target: the defaults',
      ['analyze', './x'],
      { kind: 'analyze', target: './x', serverArgs: [], options: DEFAULTS },
    ],
    [
      'every repeatable option and server arguments after --',
      [
        'analyze',
        './x',
        '--out',
        'd',
        '--allow-egress',
        'a,b',
        '--allow-egress',
        'c',
        '--fail-on',
        'medium',
        '--env',
        'K=V',
        '--env',
        'L=W',
        '--',
        '--flag',
        'arg',
      ],
      {
        kind: 'analyze',
        target: './x',
        serverArgs: ['--flag', 'arg'],
        options: {
          ...DEFAULTS,
          out: 'd',
          allowEgress: ['a,b', 'c'],
          failOn: 'medium',
          env: ['K=V', 'L=W'],
        },
      },
    ],
    [
      'numbers, paths, seed and quiet',
      [
        'analyze',
        '@scope/name@1.2.3',
        '--json',
        'r.json',
        '--html',
        'r.html',
        '--timeout',
        '60',
        '--call-timeout',
        '5',
        '--rounds',
        '3',
        '--seed',
        '1234',
        '--quiet',
      ],
      {
        kind: 'analyze',
        target: '@scope/name@1.2.3',
        serverArgs: [],
        options: {
          ...DEFAULTS,
          json: 'r.json',
          html: 'r.html',
          timeout: 60,
          callTimeout: 5,
          rounds: 3,
          seed: 1234,
          quiet: true,
        },
      },
    ],
    [
      'options after the target, --opt=value form',
      ['analyze', 'name@latest', '--fail-on=low', '--out=o'],
      {
        kind: 'analyze',
        target: 'name@latest',
        serverArgs: [],
        options: { ...DEFAULTS, failOn: 'low', out: 'o' },
      },
    ],
    [
      'options before the target',
      ['analyze', '--rounds', '2', './x'],
      { kind: 'analyze', target: './x', serverArgs: [], options: { ...DEFAULTS, rounds: 2 } },
    ],
    [
      'server arguments that look like our options stay the server’s',
      ['analyze', './x', '--', '--out', 'elsewhere', '--fail-on', 'info'],
      {
        kind: 'analyze',
        target: './x',
        serverArgs: ['--out', 'elsewhere', '--fail-on', 'info'],
        options: DEFAULTS,
      },
    ],
  ])('%s', (_name, argv, expected) => {
    expect(parse(argv).command).toEqual(expected);
  });

  it('passes --fail-on through unchecked (makePlan validates it)', () => {
    const { command } = parse(['analyze', './x', '--fail-on', 'nonsense']);
    expect(command.kind === 'analyze' && command.options.failOn).toBe('nonsense');
  });

  it('does not share the default arrays between parses', () => {
    const first = parse(['analyze', './x', '--env', 'A=1']).command;
    const second = parse(['analyze', './y']).command;
    expect(first.kind === 'analyze' && first.options.env).toEqual(['A=1']);
    expect(second.kind === 'analyze' && second.options.env).toEqual([]);
  });
});

describe('parseArgs errors', () => {
  it.each<[string, string, string[]]>([
    ['unknown option', 'commander.unknownOption', ['analyze', './x', '--bogus']],
    [
      'unknown option before --',
      'commander.unknownOption',
      ['analyze', './x', '--flag', '--', 'arg'],
    ],
    ['missing target', 'commander.missingArgument', ['analyze']],
    ['missing option value', 'commander.optionMissingArgument', ['analyze', './x', '--out']],
    ['unknown command', 'commander.unknownCommand', ['inspect', './x']],
    ['diff with one target', 'commander.missingArgument', ['diff', './a']],
    [
      'report with an unknown format',
      'commander.invalidArgument',
      ['report', 'r.json', '--format', 'pdf'],
    ],
    ['scan without a config', 'commander.missingArgument', ['scan']],
    ['--timeout not a number', 'bad-args', ['analyze', './x', '--timeout', 'abc']],
    ['--call-timeout not a number', 'bad-args', ['analyze', './x', '--call-timeout', '1s']],
    ['--rounds not a number', 'bad-args', ['analyze', './x', '--rounds', 'many']],
    ['--seed not a number', 'bad-args', ['analyze', './x', '--seed', 'NaN']],
    ['--timeout Infinity', 'bad-args', ['analyze', './x', '--timeout', 'Infinity']],
    ['--min-coverage without % above 1', 'bad-args', ['analyze', './x', '--min-coverage', '80']],
    ['--min-coverage over 100%', 'bad-args', ['analyze', './x', '--min-coverage', '120%']],
    ['--min-coverage not a number', 'bad-args', ['analyze', './x', '--min-coverage', 'most']],
    ['cleanup with an unknown option', 'commander.unknownOption', ['cleanup', '--force']],
    ['setup with an argument', 'commander.excessArguments', ['setup', 'extra']],
    // no command at all: commander's implicit help, an error (exit code 1)
    ['no command', 'commander.help', []],
  ])('%s throws CommanderError %s', (_name, code, argv) => {
    const e = errorOf(argv);
    expect(e).toBeInstanceOf(CommanderError);
    expect(e.code).toBe(code);
    expect(e.exitCode).not.toBe(0);
  });

  it('names the option in a bad number', () => {
    expect(errorOf(['analyze', './x', '--timeout', 'abc']).message).toMatch(/--timeout.*abc/);
  });

  it('says what --min-coverage wants', () => {
    expect(errorOf(['analyze', './x', '--min-coverage', '80']).message).toBe(
      '--min-coverage wants a percentage such as 80% or a fraction such as 0.8, got: 80',
    );
  });

  it('writes help to the given writer and throws the help code', () => {
    let out = '';
    expect(() => parseArgs(['analyze', '--help'], (s) => (out += s))).toThrow(CommanderError);
    expect(out).toMatch(/--allow-egress/);
  });
});

describe('parseArgs other commands', () => {
  it.each<[string[], CliCommand]>([
    [['setup'], { kind: 'setup' }],
    [['cleanup'], { kind: 'cleanup', all: false }],
    [['cleanup', '--all'], { kind: 'cleanup', all: true }],
    [
      ['pod-run', 'stage', '--plan', '/p.json', '--registry', 'https://r.test/'],
      { kind: 'pod-run', role: 'stage', plan: '/p.json', registry: 'https://r.test/' },
    ],
    [
      ['pod-run', 'drive', '--plan', '/p.json', '--out', '/o'],
      { kind: 'pod-run', role: 'drive', plan: '/p.json' },
    ],
  ])('%j -> %j', (argv, expected) => {
    expect(parse(argv).command).toEqual(expected);
  });
});

describe('pod-run', () => {
  it('is not in the help (it runs inside a Kubernetes Pod only)', () => {
    let out = '';
    expect(() => parseArgs(['--help'], (s) => (out += s))).toThrow(CommanderError);
    expect(out).toMatch(/batch/);
    expect(out).not.toMatch(/pod-run/);
  });
});

describe('--min-coverage', () => {
  it.each<[string, number]>([
    ['80%', 0.8],
    ['0.8', 0.8],
    ['100%', 1],
    ['0', 0],
  ])('%s is the fraction %d', (value, fraction) => {
    const { command } = parse(['analyze', './x', '--min-coverage', value]);
    expect(command.kind === 'analyze' && command.options.minCoverage).toBe(fraction);
  });

  it('is absent by default (no coverage gate)', () => {
    const { command } = parse(['analyze', './x']);
    expect(command.kind === 'analyze' && 'minCoverage' in command.options).toBe(false);
  });
});

describe('transport options', () => {
  it('takes --transport http with a port and a path', () => {
    const { command } = parse([
      'analyze',
      'pkg',
      '--transport',
      'http',
      '--port',
      '3000',
      '--path',
      '/rpc',
    ]);
    expect(command).toMatchObject({
      kind: 'analyze',
      options: { transport: 'http', port: 3000, path: '/rpc' },
    });
  });

  it('refuses an unknown transport', () => {
    expect(() => parse(['analyze', 'pkg', '--transport', 'websocket'])).toThrow(CommanderError);
  });
});

describe('parseArgs: the gating commands', () => {
  const shared = DEFAULTS;
  it('diff takes two targets, the analysis options and its own outputs', () => {
    expect(parse(['diff', 'a@1', 'a@2', '--seed', '5', '--json', 'd.json']).command).toEqual({
      kind: 'diff',
      oldTarget: 'a@1',
      newTarget: 'a@2',
      options: { ...shared, out: 'airlock-diff', seed: 5, json: 'd.json' },
    });
  });
  it.each(['approve', 'verify'] as const)('%s defaults the lock file', (kind) => {
    expect(parse([kind, './pkg']).command).toEqual({
      kind,
      target: './pkg',
      options: { ...shared, out: `airlock-${kind}`, lock: 'mcp-airlock.lock.json' },
    });
    expect(parse([kind, './pkg', '--lock', 'x.lock.json']).command).toMatchObject({
      options: { lock: 'x.lock.json' },
    });
  });
  it('scan takes a config, the analysis options and writes SARIF unless told not to', () => {
    expect(parse(['scan', '.mcp.json', '--policy', 'p.yaml']).command).toEqual({
      kind: 'scan',
      config: '.mcp.json',
      options: { ...shared, out: 'airlock-scan', policy: 'p.yaml', sarif: true },
    });
    expect(parse(['scan', '.mcp.json', '--no-sarif']).command).toMatchObject({
      options: { sarif: false },
    });
  });
  it('report re-renders to a format, standard output by default', () => {
    expect(parse(['report', 'r.json']).command).toEqual({
      kind: 'report',
      report: 'r.json',
      format: 'html',
    });
    expect(parse(['report', 'r.json', '--format', 'sarif', '--output', 'r.sarif']).command).toEqual(
      { kind: 'report', report: 'r.json', format: 'sarif', output: 'r.sarif' },
    );
  });
  it('analyze takes --sarif and --policy', () => {
    expect(
      parse(['analyze', './x', '--sarif', 'r.sarif', '--policy', 'p.json']).command,
    ).toMatchObject({ options: { sarif: 'r.sarif', policy: 'p.json' } });
  });
});

describe('parseArgs: batch', () => {
  it('takes a list, the analysis options and its own', () => {
    expect(
      parse(['batch', 'list.txt', '--concurrency', '2', '--force', '--rounds', '1']).command,
    ).toEqual({
      kind: 'batch',
      list: 'list.txt',
      options: {
        ...DEFAULTS,
        out: 'airlock-batch',
        rounds: 1,
        concurrency: 2,
        force: true,
        retryFailed: false,
      },
    });
    expect(parse(['batch', 'l', '--emit-k8s', 'k8s']).command).toMatchObject({
      options: { emitK8s: 'k8s' },
    });
  });
});
