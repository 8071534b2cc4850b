// Builds the run's Plan from parsed CLI options: a pure function of its inputs (run id, seed,
// image and paths are given), so plans can be tested and reproduced.
import { join, resolve } from 'node:path';
import { targetEnv } from '../../sandbox/docker/pod-spec.js';
import { AnalyzerError } from '../domain/errors.js';
import { isSeverity } from '../domain/severity.js';
import type { Limits, Plan, ServerTransport, TargetSpec } from '../domain/types.js';
import { policyEnv } from '../policy/policy-env.js';
import type { Policy } from '../policy/types.js';
import { parseAllowlist } from './allowlist.js';

export interface PlanInput {
  runId: string;
  seed: number;
  /** Canary key (default: the run id); the same key and seed give the same canaries. */
  canaryKey?: string;
  target: TargetSpec;
  serverArgs: string[];
  env: string[];
  allowEgress: string[];
  failOn: string;
  timeoutSeconds: number;
  callTimeoutSeconds: number;
  rounds: number;
  /** Most tool calls over the whole exercise phase (default 400). */
  maxCalls?: number;
  /** --min-coverage as a fraction 0..1 of listed tools that must return a result (no gate). */
  minCoverage?: number;
  /** stdio (default), or Streamable HTTP / SSE on a port inside the pod. */
  transport?: ServerTransport;
  /** Seconds the server keeps running after its last call (default 3). */
  lingerSeconds?: number;
  /** A parsed policy file (its env entries join --env and are planted as credentials). */
  policy?: Policy;
  outDir: string;
  json?: string;
  html?: string;
  sarif?: string;
  image: string;
}

export const DEFAULT_LIMITS: Limits = {
  totalMs: 300_000,
  installMs: 180_000,
  startupMs: 30_000,
  callMs: 20_000,
  settleMs: 1500,
  lingerMs: 3000,
  memoryBytes: 1024 * 1024 * 1024,
  pids: 256,
  nanoCpus: 1_000_000_000,
};

export const DEFAULT_MAX_CALLS = 400;
export const DEFAULT_ROUNDS = 4;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parse repeated `--env K=V` options. */
export function parseEnv(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    if (!ENV_NAME.test(key))
      throw new AnalyzerError('bad-args', `--env wants KEY=VALUE, got: ${pair}`);
    out[key] = pair.slice(eq + 1);
  }
  return out;
}

/** A policy's non-secret settings; a policy may not set what the sandbox sets itself (its home,
 * PATH, the CA bundle): that would move the planted credentials or switch off interception. */
function policyValues(policy: Policy | undefined): Record<string, string> {
  if (!policy) return {};
  const values = policyEnv(policy).values;
  const own = targetEnv({}).map((e) => e.slice(0, e.indexOf('=')));
  const clash = Object.keys(values).find((k) => own.includes(k));
  if (clash)
    throw new AnalyzerError(
      'bad-policy',
      `${policy.source.file}: env ${clash} is set by the sandbox and cannot be given by a policy`,
    );
  return values;
}

export function makePlan(input: PlanInput): Plan {
  if (!isSeverity(input.failOn)) {
    throw new AnalyzerError(
      'bad-args',
      `--fail-on must be one of info, low, medium, high, critical (got ${input.failOn})`,
    );
  }
  if (!(input.timeoutSeconds > 0) || input.timeoutSeconds > 24 * 3600) {
    throw new AnalyzerError(
      'bad-args',
      `--timeout must be a number of seconds between 1 and 86400`,
    );
  }
  if (!(input.callTimeoutSeconds > 0) || input.callTimeoutSeconds > 3600) {
    throw new AnalyzerError(
      'bad-args',
      `--call-timeout must be a number of seconds between 1 and 3600`,
    );
  }
  if (
    input.lingerSeconds !== undefined &&
    !(input.lingerSeconds >= 0 && input.lingerSeconds <= 600)
  ) {
    throw new AnalyzerError('bad-args', `--linger must be a number of seconds between 0 and 600`);
  }
  if (!Number.isInteger(input.rounds) || input.rounds < 1 || input.rounds > 100) {
    throw new AnalyzerError('bad-args', `--rounds must be an integer between 1 and 100`);
  }
  if (
    input.maxCalls !== undefined &&
    (!Number.isInteger(input.maxCalls) || input.maxCalls < 1 || input.maxCalls > 10000)
  ) {
    throw new AnalyzerError('bad-args', `--max-calls must be an integer between 1 and 10000`);
  }
  if (input.minCoverage !== undefined && !(input.minCoverage >= 0 && input.minCoverage <= 1)) {
    throw new AnalyzerError('bad-args', `--min-coverage must be between 0% and 100% (0 and 1)`);
  }
  const t = input.transport;
  if (t && t.kind !== 'stdio') {
    if (t.port !== undefined && !(Number.isInteger(t.port) && t.port >= 1 && t.port <= 65535))
      throw new AnalyzerError('bad-args', `--port must be an integer between 1 and 65535`);
    if (!/^\/[\x21-\x7e]{0,200}$/.test(t.path))
      throw new AnalyzerError('bad-args', `--path must start with / and be printable ASCII`);
  }
  const outDir = resolve(input.outDir);
  return {
    runId: input.runId,
    seed: input.seed,
    ...(input.canaryKey ? { canaryKey: input.canaryKey } : {}),
    target: input.target,
    serverArgs: input.serverArgs,
    // The policy's settings first: --env wins where both name a variable.
    serverEnv: { ...policyValues(input.policy), ...parseEnv(input.env) },
    allowEgress: parseAllowlist(input.allowEgress),
    failOn: input.failOn,
    rounds: input.rounds,
    maxCalls: input.maxCalls ?? DEFAULT_MAX_CALLS,
    ...(input.minCoverage === undefined ? {} : { minCoverage: input.minCoverage }),
    transport: input.transport ?? { kind: 'stdio' },
    limits: {
      ...DEFAULT_LIMITS,
      totalMs: input.timeoutSeconds * 1000,
      callMs: input.callTimeoutSeconds * 1000,
      lingerMs: Math.round((input.lingerSeconds ?? DEFAULT_LIMITS.lingerMs / 1000) * 1000),
    },
    outDir,
    jsonPath: input.json ? resolve(input.json) : join(outDir, 'report.json'),
    htmlPath: input.html ? resolve(input.html) : join(outDir, 'report.html'),
    ...(input.sarif ? { sarifPath: resolve(input.sarif) } : {}),
    ...(input.policy ? { policy: input.policy } : {}),
    image: input.image,
  };
}
