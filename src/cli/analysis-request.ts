// The analysing commands' shared options (analyze, diff, approve, verify, scan) as a request to
// the front door, plus the progress log they share. Files named by options are read here, so a
// bad policy fails before anything touches Docker.
import { randomBytes, randomInt } from 'node:crypto';
import { statSync } from 'node:fs';
import type { ServerTransport } from '../domain/types.js';
import type { AnalysisRequest } from '../pipeline/front-door.js';
import { classifyTarget } from '../plan/target-spec.js';
import type { SharedOptions } from './program.js';
import { readPolicy } from './read-inputs.js';

export const probe = {
  isDirectory: (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  isFile: (p: string) => statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
};

/** Progress lines only on a terminal (or with --verbose): a pipe gets one line, the verdict or
 * the error. */
export function progressLog(o: SharedOptions): (line: string) => void {
  const show = !o.quiet && (o.verbose || process.stderr.isTTY === true);
  return show ? (l: string) => process.stderr.write(`mcp-airlock: ${l}\n`) : () => undefined;
}

/** The shared options as a request (run id and seed drawn when absent). */
export function analysisRequest(
  target: string,
  serverArgs: string[],
  o: SharedOptions,
): AnalysisRequest {
  const policy = readPolicy(o.policy);
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
    ...(policy ? { policy } : {}),
  };
}

/** The --transport, --port and --path options as the plan's transport. */
function transportOf(o: SharedOptions): ServerTransport {
  if (o.transport === 'stdio') return { kind: 'stdio' };
  const kind = o.transport === 'sse' ? 'sse' : 'streamable-http';
  return {
    kind,
    path: o.path ?? (kind === 'sse' ? '/sse' : '/mcp'),
    ...(o.port !== undefined ? { port: o.port } : {}),
  };
}
