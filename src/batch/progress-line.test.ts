// Tests for the live progress line: counts, rate, ETA, width, and the throttle.
import { describe, expect, it } from 'vitest';
import {
  createThrottle,
  formatDuration,
  progressLine,
  ratePerHour,
  type ProgressState,
} from './progress-line.js';

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
const HOUR = 3_600_000;

function state(over: Partial<ProgressState> = {}): ProgressState {
  return {
    total: 5000,
    skipped: 200,
    finished: 100,
    running: 2,
    counts: { clean: 250, suspicious: 30, malicious: 2, failed: 18 },
    startedAt: T0,
    ...over,
  };
}

describe('progressLine', () => {
  it('shows done/total, rate per hour from this run, ETA and the verdict counts', () => {
    expect(progressLine(state(), T0 + HOUR)).toBe(
      '300/5000 (6%) · 100/h · ETA 1d 23h · clean 250 · suspicious 30 · malicious 2 · failed 18 · 2 running',
    );
  });

  it('has no rate or ETA before the first target finishes', () => {
    const s = state({
      skipped: 0,
      finished: 0,
      counts: { clean: 0, suspicious: 0, malicious: 0, failed: 0 },
    });
    expect(progressLine(s, T0 + 5000)).toBe(
      '0/5000 (0%) · —/h · ETA — · clean 0 · suspicious 0 · malicious 0 · failed 0 · 2 running',
    );
    expect(ratePerHour(s, T0)).toBeUndefined();
  });

  it('shows a slow rate with a decimal, and done at the end', () => {
    expect(progressLine(state({ total: 10, skipped: 0, finished: 3 }), T0 + HOUR)).toContain(
      '3.0/h · ETA 2h 20m',
    );
    expect(progressLine(state({ total: 300, running: 0 }), T0 + HOUR)).toBe(
      '300/300 (100%) · 100/h · done · clean 250 · suspicious 30 · malicious 2 · failed 18',
    );
  });

  it('fits a terminal width so it can be redrawn in place', () => {
    const out = progressLine(state(), T0 + HOUR, 40);
    expect(out.length).toBe(39);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('formatDuration', () => {
  it('is compact at every scale', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45_400)).toBe('45s');
    expect(formatDuration(725_000)).toBe('12m 05s');
    expect(formatDuration(3 * HOUR + 20 * 60_000)).toBe('3h 20m');
    expect(formatDuration(52 * HOUR)).toBe('2d 04h');
    expect(formatDuration(NaN)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('createThrottle', () => {
  it('lets one redraw through per interval, and a forced one always', () => {
    const th = createThrottle(1000);
    expect(th.due(T0)).toBe(true);
    expect(th.due(T0 + 500)).toBe(false);
    expect(th.due(T0 + 999)).toBe(false);
    expect(th.due(T0 + 1000)).toBe(true);
    expect(th.due(T0 + 1001, true)).toBe(true);
    expect(th.due(T0 + 1002)).toBe(false);
    // A clock that went backwards does not freeze the line.
    expect(th.due(T0)).toBe(true);
  });
});
