import { describe, expect, it } from 'vitest';
import { DEFAULT_BENCH_OPTIONS, parseBenchArgs } from './bench-args.js';

describe('parseBenchArgs', () => {
  it('defaults to 3 runs, a batch of 6 and no reference servers', () => {
    expect(parseBenchArgs([])).toEqual(DEFAULT_BENCH_OPTIONS);
    expect(DEFAULT_BENCH_OPTIONS).toEqual({ runs: 3, batch: 6, reference: false });
  });

  it('reads RUNS, --batch K, --no-batch and --reference in any order', () => {
    expect(parseBenchArgs(['5', '--batch', '4', '--reference'])).toEqual({
      runs: 5,
      batch: 4,
      reference: true,
    });
    expect(parseBenchArgs(['--no-batch', '2'])).toEqual({ runs: 2, batch: 0, reference: false });
    expect(parseBenchArgs(['--batch', '3', '--no-batch']).batch).toBe(0);
    expect(parseBenchArgs(['--no-reference']).reference).toBe(false);
  });

  it('refuses what it does not know, with the usage line', () => {
    expect(() => parseBenchArgs(['0'])).toThrow(/RUNS must be an integer from 1/);
    expect(() => parseBenchArgs(['2', '3'])).toThrow(/unexpected argument "3"/);
    expect(() => parseBenchArgs(['--batch'])).toThrow(/--batch K/);
    expect(() => parseBenchArgs(['--batch', '99'])).toThrow(/usage: bench/);
    expect(() => parseBenchArgs(['--verbose'])).toThrow(/unexpected argument/);
    expect(() => parseBenchArgs(['harness/fixtures/servers/clean'])).toThrow(/RUNS/);
  });
});
