// The live progress line of `mcp-airlock batch` on a terminal: done/total, rate per hour, ETA and
// the verdict counts so far, redrawn in place. Pure: the caller passes the state and the time,
// and decides with a throttle how often to redraw. Holds nothing from the packages (no names),
// so it needs no escaping.
//
// Limits: the rate and ETA count only targets finished in this run (targets skipped on resume
// took no time), over the wall time since it started; with targets of very different lengths
// the ETA is rough until a few dozen have finished.

export interface ProgressState {
  /** Targets in the list. */
  total: number;
  /** Targets done in an earlier run (skipped). */
  skipped: number;
  /** Targets finished in this run (analysed, failed or timed out). */
  finished: number;
  /** Running now. */
  running: number;
  /** Verdicts over every done target (earlier runs included); failed includes timeouts. */
  counts: { clean: number; suspicious: number; malicious: number; failed: number };
  /** Epoch ms this run started. */
  startedAt: number;
}

/** A duration as `45s`, `12m 05s`, `3h 20m`, `2d 04h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${pad(Math.floor((s % 86_400) / 3600))}h`;
}

/** Targets per hour finished in this run, or undefined before there is anything to go on. */
export function ratePerHour(state: ProgressState, now: number): number | undefined {
  const elapsed = now - state.startedAt;
  if (state.finished <= 0 || !(elapsed >= 1000)) return undefined;
  return (state.finished * 3_600_000) / elapsed;
}

/**
 * The progress line: `412/5000 (8%) · 96/h · ETA 1d 04h · clean 380 · suspicious 20 · malicious 2 ·
 * failed 10 · 2 running`, cut to `columns - 1` characters when a width is given (a wrapped line
 * cannot be redrawn in place).
 */
export function progressLine(state: ProgressState, now: number, columns?: number): string {
  const done = Math.min(state.total, state.skipped + state.finished);
  const pct = state.total > 0 ? Math.floor((done * 100) / state.total) : 100;
  const rate = ratePerHour(state, now);
  const remaining = state.total - done;
  const eta =
    remaining <= 0
      ? 'done'
      : rate === undefined
        ? 'ETA —'
        : `ETA ${formatDuration((remaining / rate) * 3_600_000)}`;
  const c = state.counts;
  const parts = [
    `${done}/${state.total} (${pct}%)`,
    rate === undefined ? '—/h' : `${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/h`,
    eta,
    `clean ${c.clean}`,
    `suspicious ${c.suspicious}`,
    `malicious ${c.malicious}`,
    `failed ${c.failed}`,
  ];
  if (state.running > 0) parts.push(`${state.running} running`);
  const line = parts.join(' · ');
  if (columns === undefined || !Number.isFinite(columns) || columns < 2) return line;
  const width = Math.floor(columns) - 1;
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}

/** Redraw at most once per `intervalMs`; `due(now, force)` says whether to draw now. */
export interface Throttle {
  due(now: number, force?: boolean): boolean;
}

/** A throttle for the progress line (time comes in as a parameter, so tests need no clock). */
export function createThrottle(intervalMs: number): Throttle {
  let last: number | undefined;
  return {
    due(now: number, force = false): boolean {
      if (!force && last !== undefined && now - last < intervalMs && now >= last) return false;
      last = now;
      return true;
    },
  };
}
