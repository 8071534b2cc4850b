// Small statistics for the benchmark's figures: median and max of a set of samples, analyses per
// hour from a batch's wall time, and the ratio of two medians. Pure; samples are milliseconds or
// KiB as the caller measured them.

/** A figure measured several times: every sample, its median and its maximum. */
export interface Stat {
  samples: number[];
  median: number;
  max: number;
}

/** The median (mean of the middle two for an even count); 0 for no samples. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Samples with their median and maximum (0 and 0 for none). */
export function statOf(samples: readonly number[]): Stat {
  return {
    samples: [...samples],
    median: median(samples),
    max: samples.length ? Math.max(...samples) : 0,
  };
}

/** Analyses per hour: `count` finished in `wallMs`; 0 when nothing was timed. */
export function perHour(count: number, wallMs: number): number {
  return wallMs > 0 ? (count / wallMs) * 3_600_000 : 0;
}

/** `a / b`, or undefined when `b` is not a positive number (no container start was timed). */
export function ratio(a: number, b: number): number | undefined {
  return b > 0 && Number.isFinite(a) ? a / b : undefined;
}
