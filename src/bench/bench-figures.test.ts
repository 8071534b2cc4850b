import { describe, expect, it } from 'vitest';
import { targetFigures, type ChildRun } from './bench-figures.js';

const run = (timings: Record<string, number>, wallMs: number, maxRssKiB: number): ChildRun => ({
  result: { ok: true, verdict: 'clean', rounds: 4, lingerMs: 3000, timings, maxRssKiB },
  wallMs,
});

describe('targetFigures', () => {
  const runs: ChildRun[] = [
    run({ fetch: 100, total: 1000, pod: 50 }, 1500, 100_000),
    run({ fetch: 300, pod: 70, install: 20, total: 3000 }, 3500, 140_000),
    run({ fetch: 200, pod: 60, total: 2000 }, 2500, 120_000),
    { result: { ok: false, error: 'no docker' }, wallMs: 10 },
  ];
  const f = targetFigures({ fixture: 'clean', allowEgress: [] }, runs, 400);

  it('keeps the pipeline’s step order with total last; a skipped step is 0 ms', () => {
    expect(f.steps.map((s) => s.name)).toEqual(['fetch', 'pod', 'install', 'total']);
    expect(f.steps.find((s) => s.name === 'install')?.ms).toEqual({
      samples: [0, 20, 0],
      median: 0,
      max: 20,
    });
    expect(f.steps.at(-1)?.ms).toMatchObject({ median: 2000, max: 3000 });
  });

  it('counts finished runs apart from failures, with wall, memory and the ratio', () => {
    expect(f.runs).toBe(3);
    expect(f.failures).toEqual(['no docker']);
    expect(f.verdicts).toEqual(['clean', 'clean', 'clean']);
    expect(f.childWallMs.median).toBe(2500);
    expect(f.peakRssKiB).toMatchObject({ median: 120_000, max: 140_000 });
    expect(f.totalOverContainerStart).toBe(5);
    expect(f.wallOverContainerStart).toBe(6.25);
    expect(f).toMatchObject({ rounds: 4, lingerMs: 3000 });
  });

  it('gives no ratio when nothing finished or no container start was timed', () => {
    expect(targetFigures({ fixture: 'x', allowEgress: [] }, runs, 0).totalOverContainerStart).toBe(
      undefined,
    );
    const none = targetFigures({ fixture: 'x', allowEgress: [] }, runs.slice(3), 400);
    expect(none.totalOverContainerStart).toBeUndefined();
    expect(none.steps).toEqual([]);
    expect(none.rounds).toBeUndefined();
  });
});
