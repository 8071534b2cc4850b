// The time axis of the timeline picture: phase bands left to right, each with its own linear
// scale and a width that grows with the square root of its duration (bands holding calls weigh
// three times more, and no band is thinner than 7%), so a 40-second install does not squeeze the
// calls into a sliver. The labels give the real times. Pure.
import type { Report } from '../src/domain/types.js';

export interface Segment {
  name: string;
  start: number;
  end: number;
  x0: number;
  w: number;
}

/** The plot's horizontal extent in the picture's units. */
export interface PlotSpan {
  x0: number;
  x1: number;
}

/** A duration or an offset in seconds: tenths below 100 s (46.4 s), whole seconds above. */
export function secs(ms: number): string {
  const s = ms / 1000;
  return Math.abs(s) < 100 ? `${Math.round(s * 10) / 10} s` : `${Math.round(s)} s`;
}

/** Phase bands (or one band over `times` when no phase was recorded), widths assigned. */
export function segments(r: Report, times: readonly number[], span: PlotSpan): Segment[] {
  const phases = r.timeline.phases
    .filter((p) => Number.isFinite(p.start) && Number.isFinite(p.end))
    .map((p) => ({ name: p.phase as string, start: p.start, end: Math.max(p.start, p.end) }))
    .sort((a, b) => a.start - b.start);
  const finite = times.filter((t) => Number.isFinite(t));
  const base =
    phases.length > 0
      ? phases
      : finite.length > 0
        ? [{ name: 'run', start: Math.min(...finite), end: Math.max(...finite) }]
        : [];
  const callStarts = r.timeline.calls.map((c) => c.start);
  const weight = base.map((s) => {
    const hasCalls = callStarts.some((t) => t >= s.start && t <= s.end);
    return Math.sqrt(Math.max(1, s.end - s.start)) * (hasCalls ? 3 : 1);
  });
  const sum = weight.reduce((a, b) => a + b, 0) || 1;
  const shares = weight.map((w) => Math.max(0.07, w / sum));
  const total = shares.reduce((a, b) => a + b, 0) || 1;
  let x = span.x0;
  return base.map((s, i) => {
    const w = ((shares[i] ?? 0) / total) * (span.x1 - span.x0);
    const seg = { ...s, x0: x, w };
    x += w;
    return seg;
  });
}

/** x of a time: linear inside its band; a time between bands sits on the next band's edge. */
export function xOf(segs: readonly Segment[], t: number, span: PlotSpan): number {
  if (!Number.isFinite(t)) return span.x0;
  for (const s of segs) {
    if (t < s.start) return s.x0;
    if (t <= s.end)
      return s.x0 + (s.end === s.start ? 0 : ((t - s.start) / (s.end - s.start)) * s.w);
  }
  const last = segs[segs.length - 1];
  return last === undefined ? span.x0 : last.x0 + last.w;
}

const STEPS = [
  100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000,
];

/** Round-numbered ticks inside each band, at least `gap` units apart and off the band edges. */
export function ticks(segs: readonly Segment[], t0: number, gap = 70): { x: number; t: number }[] {
  const out: { x: number; t: number }[] = [];
  for (const s of segs) {
    const dur = s.end - s.start;
    if (dur <= 0 || s.w < gap * 1.5) continue;
    const step = STEPS.find((st) => (st / dur) * s.w >= gap);
    if (step === undefined) continue;
    for (let k = Math.ceil((s.start - t0) / step); t0 + k * step < s.end; k++) {
      const t = t0 + k * step;
      const x = s.x0 + ((t - s.start) / dur) * s.w;
      if (x - s.x0 >= gap / 2 && s.x0 + s.w - x >= gap / 2) out.push({ x, t });
    }
  }
  return out;
}
