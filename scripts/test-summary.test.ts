// The CI summary line: tests that never ran in a failed file, import errors, unhandled errors
// and failed checks all count as failures and never leave the line looking green.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { summarize } from './test-summary.mjs';

type Summary = { line: string; failed: boolean };
const run = (report: unknown, checks: string[] = []): Summary =>
  (summarize as (r: unknown, c: string[]) => Summary)(report, checks);

const file = (status: string, tests: string[]) => ({
  status,
  assertionResults: tests.map((s) => ({ status: s })),
});

describe('summarize', () => {
  it('counts passed and failed tests', () => {
    const r = run({
      success: false,
      testResults: [file('failed', ['passed', 'failed', 'passed'])],
    });
    expect(r).toEqual({ line: '2 passed, 1 failed', failed: true });
  });

  it('counts the tests of a file whose beforeAll failed as failed, not skipped', () => {
    const r = run({
      success: false,
      testResults: [file('failed', ['skipped', 'pending', 'skipped'])],
    });
    expect(r.line).toBe('0 passed, 3 failed');
    expect(r.failed).toBe(true);
  });

  it('counts a failed file without results (an import error) as one failure', () => {
    expect(run({ success: false, testResults: [file('failed', [])] }).line).toBe(
      '0 passed, 1 failed',
    );
  });

  it('shows skipped tests of passing files as skipped', () => {
    const r = run({ success: true, testResults: [file('passed', ['passed', 'skipped'])] });
    expect(r).toEqual({ line: '1 passed, 0 failed, 1 skipped', failed: false });
  });

  it('names failed checks and counts each as a failure', () => {
    const r = run({ success: true, testResults: [file('passed', ['passed'])] }, [
      'typecheck',
      'lint',
    ]);
    expect(r).toEqual({ line: '1 passed, 2 failed (failed: typecheck, lint)', failed: true });
  });

  it('an unhandled error with every test passing is a failure', () => {
    const r = run({ success: false, testResults: [file('passed', ['passed'])] });
    expect(r).toEqual({ line: '1 passed, 1 failed (failed: vitest run)', failed: true });
  });

  it('a missing report is a failure', () => {
    expect(run(undefined, ['format'])).toEqual({
      line: '0 passed, 2 failed (failed: vitest report, format)',
      failed: true,
    });
  });

  it('every line starts the way CI reads it', () => {
    for (const r of [
      run(undefined),
      run({ testResults: [] }),
      run({ success: true, testResults: [file('passed', ['passed'])] }),
    ])
      expect(r.line).toMatch(/^[0-9]+ passed, [0-9]+ failed/);
  });
});
