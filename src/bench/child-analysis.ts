// One benchmark analysis in a child process (one-analysis.ts, built to dist), so its peak memory
// is the analysis's own and not the benchmark's: the request goes in as one JSON argument, the
// result comes back as one JSON line, the last on the child's stdout.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export interface ChildRequest {
  /** The package folder to analyse. */
  path: string;
  allowEgress: string[];
  seed: number;
  outDir: string;
}

export type ChildResult =
  | {
      ok: true;
      verdict: string;
      /** What the plan used (the front door's defaults). */
      rounds: number;
      lingerMs: number;
      /** report.timings: each step's wall time and `total`, in ms. */
      timings: Record<string, number>;
      /** process.resourceUsage().maxRSS of the child, in KiB. */
      maxRssKiB: number;
    }
  | { ok: false; error: string };

const CHILD = fileURLToPath(new URL('./one-analysis.js', import.meta.url));

function isNumberRecord(x: unknown): x is Record<string, number> {
  return (
    typeof x === 'object' &&
    x !== null &&
    Object.values(x).every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

/** The result on the last non-empty line of the child's stdout, checked field by field. */
export function parseChildResult(stdout: string): ChildResult {
  const last = stdout.trimEnd().split('\n').pop() ?? '';
  let x: Record<string, unknown>;
  try {
    x = JSON.parse(last) as Record<string, unknown>;
  } catch {
    return { ok: false, error: `no result line from the child: ${last.slice(0, 200)}` };
  }
  if (x['ok'] === false && typeof x['error'] === 'string') return { ok: false, error: x['error'] };
  const { verdict, rounds, lingerMs, timings, maxRssKiB } = x;
  if (
    x['ok'] !== true ||
    typeof verdict !== 'string' ||
    typeof rounds !== 'number' ||
    typeof lingerMs !== 'number' ||
    typeof maxRssKiB !== 'number' ||
    !isNumberRecord(timings)
  )
    return { ok: false, error: `malformed result line from the child: ${last.slice(0, 200)}` };
  return { ok: true, verdict, rounds, lingerMs, timings, maxRssKiB };
}

/** Run one analysis in a child; wallMs is spawn to exit (node start and engine check included). */
export async function runChildAnalysis(
  request: ChildRequest,
): Promise<{ result: ChildResult; wallMs: number }> {
  const started = Date.now();
  const child = await execa(process.execPath, [CHILD, JSON.stringify(request)], {
    reject: false,
    timeout: 900_000,
  });
  const wallMs = Date.now() - started;
  const result = parseChildResult(String(child.stdout));
  if (!result.ok && child.exitCode !== 0) {
    const tail = String(child.stderr).trim().split('\n').slice(-3).join(' | ');
    return {
      result: {
        ok: false,
        error: `${result.error} (exit ${child.exitCode}; ${tail.slice(0, 500)})`,
      },
      wallMs,
    };
  }
  return { result, wallMs };
}
