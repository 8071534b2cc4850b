import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalyzerError } from '../domain/errors.js';
import { DEFAULT_LIMITS, makePlan, parseEnv, type PlanInput } from './make-plan.js';

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    runId: 'run-1',
    seed: 42,
    target: { kind: 'folder', path: './server' },
    serverArgs: ['--stdio'],
    env: [],
    allowEgress: [],
    failOn: 'high',
    timeoutSeconds: 300,
    callTimeoutSeconds: 20,
    rounds: 1,
    outDir: 'airlock-out',
    image: 'mcp-airlock-sandbox:test',
    ...over,
  };
}

function badArgs(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnalyzerError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('makePlan validation', () => {
  it.each<[string, Partial<PlanInput>]>([
    ['fail-on unknown', { failOn: 'severe' }],
    ['fail-on upper case', { failOn: 'HIGH' }],
    ['fail-on empty', { failOn: '' }],
    ['timeout zero', { timeoutSeconds: 0 }],
    ['timeout negative', { timeoutSeconds: -5 }],
    ['timeout NaN', { timeoutSeconds: Number.NaN }],
    ['timeout over a day', { timeoutSeconds: 86401 }],
    ['timeout infinite', { timeoutSeconds: Number.POSITIVE_INFINITY }],
    ['call timeout zero', { callTimeoutSeconds: 0 }],
    ['call timeout NaN', { callTimeoutSeconds: Number.NaN }],
    ['call timeout over an hour', { callTimeoutSeconds: 3601 }],
    ['rounds zero', { rounds: 0 }],
    ['rounds fractional', { rounds: 1.5 }],
    ['rounds negative', { rounds: -1 }],
    ['rounds over 100', { rounds: 101 }],
    ['rounds NaN', { rounds: Number.NaN }],
    ['bad env', { env: ['NOPE'] }],
    ['min coverage above 1', { minCoverage: 1.01 }],
    ['min coverage negative', { minCoverage: -0.1 }],
    ['min coverage NaN', { minCoverage: Number.NaN }],
  ])('rejects %s with bad-args', (_name, over) => {
    expect(badArgs(() => makePlan(input(over)))).toBe('bad-args');
  });

  it.each<[string, Partial<PlanInput>]>([
    ['every severity: info', { failOn: 'info' }],
    ['every severity: critical', { failOn: 'critical' }],
    ['smallest timeout', { timeoutSeconds: 1 }],
    ['largest timeout', { timeoutSeconds: 86400 }],
    ['largest call timeout', { callTimeoutSeconds: 3600 }],
    ['fractional timeout', { timeoutSeconds: 0.5 }],
    ['largest rounds', { rounds: 100 }],
    ['min coverage 0', { minCoverage: 0 }],
    ['min coverage 1', { minCoverage: 1 }],
  ])('accepts %s', (_name, over) => {
    expect(() => makePlan(input(over))).not.toThrow();
  });
});

describe('makePlan output', () => {
  it('copies the given values and fills the limits', () => {
    const plan = makePlan(
      input({ failOn: 'medium', timeoutSeconds: 60, callTimeoutSeconds: 5, rounds: 3 }),
    );
    expect(plan).toMatchObject({
      runId: 'run-1',
      seed: 42,
      target: { kind: 'folder', path: './server' },
      serverArgs: ['--stdio'],
      serverEnv: {},
      allowEgress: [],
      failOn: 'medium',
      rounds: 3,
      image: 'mcp-airlock-sandbox:test',
    });
    expect(plan.limits).toEqual({ ...DEFAULT_LIMITS, totalMs: 60_000, callMs: 5_000 });
  });

  it('puts report.json and report.html inside the absolute out folder by default', () => {
    const plan = makePlan(input({ outDir: 'some/out' }));
    expect(plan.outDir).toBe(resolve('some/out'));
    expect(plan.jsonPath).toBe(join(resolve('some/out'), 'report.json'));
    expect(plan.htmlPath).toBe(join(resolve('some/out'), 'report.html'));
  });

  it('uses explicit --json and --html paths, resolved', () => {
    const plan = makePlan(input({ json: 'r/a.json', html: '/tmp/x/b.html' }));
    expect(plan.jsonPath).toBe(resolve('r/a.json'));
    expect(plan.htmlPath).toBe('/tmp/x/b.html');
  });

  it('parses the allowlist', () => {
    const plan = makePlan(
      input({ allowEgress: ['API.Svc.Example., *.cdn.example', '203.0.113.7'] }),
    );
    expect(plan.allowEgress).toEqual(['api.svc.example', '*.cdn.example', '203.0.113.7']);
  });

  it('parses the environment', () => {
    expect(makePlan(input({ env: ['A=1', 'B=x=y'] })).serverEnv).toEqual({ A: '1', B: 'x=y' });
  });

  it('carries --min-coverage, and has no gate without it', () => {
    expect(makePlan(input({ minCoverage: 0.8 })).minCoverage).toBe(0.8);
    expect('minCoverage' in makePlan(input())).toBe(false);
  });
});

describe('parseEnv', () => {
  it.each<[string[], Record<string, string>]>([
    [[], {}],
    [['KEY=VALUE'], { KEY: 'VALUE' }],
    [['KEY='], { KEY: '' }],
    [['URL=https://api.example/?a=b&c=d'], { URL: 'https://api.example/?a=b&c=d' }],
    [['A==='], { A: '==' }],
    [['_x1=y'], { _x1: 'y' }],
    [['lower=case'], { lower: 'case' }],
    [['K=one', 'K=two'], { K: 'two' }],
    [['A=1', 'B= spaced '], { A: '1', B: ' spaced ' }],
  ])('%j -> %j', (pairs, expected) => {
    expect(parseEnv(pairs)).toEqual(expected);
  });

  it.each([['NOVALUE'], ['=value'], ['1KEY=v'], ['KEY-X=v'], ['K Y=v'], [' K=v'], ['K.Y=v'], ['']])(
    'rejects %j with bad-args',
    (pair) => {
      expect(badArgs(() => parseEnv([pair]))).toBe('bad-args');
    },
  );
});

describe('makePlan with a policy', () => {
  const policy = {
    version: 1 as const,
    source: { file: 'p.yaml', sha256: '0'.repeat(64) },
    egress: [],
    env: [
      { name: 'MAIL_FROM', secret: false as const, value: 'bot@example.test' },
      { name: 'REGION', secret: false as const, value: 'eu' },
      { name: 'MAIL_TOKEN', secret: true as const },
    ],
    severity: [],
    ignore: [],
  };
  const input: PlanInput = {
    runId: 'r',
    seed: 1,
    target: { kind: 'folder', path: '/x' },
    serverArgs: [],
    env: ['REGION=us'],
    allowEgress: [],
    failOn: 'high',
    timeoutSeconds: 60,
    callTimeoutSeconds: 10,
    rounds: 1,
    outDir: '/tmp/o',
    image: 'i',
    policy,
  };
  it("passes the policy's settings, --env winning, and keeps the policy", () => {
    const plan = makePlan(input);
    expect(plan.serverEnv).toEqual({ MAIL_FROM: 'bot@example.test', REGION: 'us' });
    expect(plan.policy).toBe(policy);
  });
  it('refuses a policy that sets what the sandbox sets itself', () => {
    const clash = {
      ...policy,
      env: [{ name: 'NODE_EXTRA_CA_CERTS', secret: false as const, value: '/dev/null' }],
    };
    expect(() => makePlan({ ...input, policy: clash })).toThrow(
      /p\.yaml: env NODE_EXTRA_CA_CERTS is set by the sandbox/,
    );
  });
  it('takes a SARIF path', () => {
    expect(makePlan({ ...input, sarif: 'r.sarif' }).sarifPath).toBe(resolve('r.sarif'));
  });
});
