// Tests for the batch outcome: the exit code over index lines, counts and the statement.
import { describe, expect, it } from 'vitest';
import { batchCounts, batchExitCode, batchStatement, lineFails } from './batch-exit.js';
import { failed, line, sampleLines } from './sample-lines.js';

const zero = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };

describe('batchExitCode', () => {
  it('is 1 when an analysed target has a finding at or above --fail-on', () => {
    const lines = sampleLines();
    expect(batchExitCode(lines, 'critical')).toBe(1);
    expect(batchExitCode(lines, 'high')).toBe(1);
    expect(batchExitCode([line('a', { summary: { ...zero, medium: 1 } })], 'high')).toBe(0);
    expect(batchExitCode([line('a', { summary: { ...zero, medium: 1 } })], 'medium')).toBe(1);
  });

  it('is 1 for a missed coverage gate, as analyze would exit', () => {
    expect(batchExitCode([line('a', { coverageGateMet: false })], 'critical')).toBe(1);
    expect(lineFails(line('a', { coverageGateMet: true }), 'critical')).toBe(false);
  });

  it('is 0 when only failures and timeouts are there: they are counted, not judged', () => {
    const lines = [line('a'), failed('b', 'fetch-failed'), failed('c', 'timeout')];
    expect(batchExitCode(lines, 'info')).toBe(0);
    expect(batchStatement(batchCounts(lines, 3))).toBe(
      '3 targets: 1 clean; 2 failed or timed out (1 timed out): not judged, not counted in the exit code',
    );
  });

  it('is 2 when the caller says nothing could run, whatever the lines say', () => {
    expect(batchExitCode(sampleLines(), 'info', true)).toBe(2);
    expect(batchExitCode([], 'info', true)).toBe(2);
    expect(batchExitCode([], 'info')).toBe(0);
  });
});

describe('batchCounts and batchStatement', () => {
  it('counts each verdict, failures, timeouts and targets not run', () => {
    const c = batchCounts(sampleLines(), 7);
    expect(c).toEqual({
      targets: 7,
      analysed: 3,
      clean: 1,
      suspicious: 1,
      malicious: 1,
      failed: 1,
      timedOut: 1,
      notRun: 2,
    });
    expect(batchStatement(c)).toBe(
      '7 targets: 1 malicious, 1 suspicious, 1 clean; 2 failed or timed out (1 timed out): not judged, not counted in the exit code; 2 not run',
    );
  });

  it('says plainly when nothing was analysed or the list was empty', () => {
    expect(batchStatement(batchCounts([failed('x', 'fetch-failed')], 1))).toBe(
      '1 target: none analysed; 1 failed: not judged, not counted in the exit code',
    );
    expect(batchStatement(batchCounts([], 0))).toBe('no targets in the list');
    expect(batchStatement(batchCounts([failed('x', 'timeout')], 1))).toContain('1 timed out:');
  });
});
