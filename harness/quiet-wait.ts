// Ends a wait as soon as the sandbox is quiet instead of after a fixed gap: after each call (so a
// delayed send is still charged to the call that caused it), at the end of the exercise (the
// linger) and before the capture is read. Quiet means, for `quietMs` in a row: nothing new
// recorded (netsim's log and the capture did not grow), no new process of the package, no
// thread of the package running, no timer of the package due before the cap (an event loop
// blocked with a timeout, see src/observe/task-wait.ts), no sleeping process, no connection
// being opened or with bytes in flight. Everything is read from outside the package (the host's
// /proc), so it cannot see or stall the probe beyond the cap.
// The cap bounds what is merely scheduled; work under way at the cap gets up to twice the cap.
// Limits: a send scheduled beyond the cap (or by a timer passed by pointer, or from a process
// that is not the package's descendant) still lands after the window and is charged to a later
// call, as with a fixed gap of that length; a package busy all the time costs the cap per call.
// When the probe cannot read the sandbox (not root, a remote engine), the fixed fallback is used.
import type { SocketActivity } from '../src/observe/socket-table.js';
import type { TaskWait } from '../src/observe/task-wait.js';

export interface ActivitySample {
  /** Bytes netsim logged plus bytes captured: grows with every flow, query and request. */
  recorded: number;
  /** Pids of the package's processes. */
  pids: readonly number[];
  /** What each of their threads waits for; `key` names the thread and the exact syscall it is
   * blocked in (a new block, even with the same timeout, is a new key). */
  waits: readonly (TaskWait & { key: string })[];
  sockets: SocketActivity;
  /** netsim's interceptor (loaded after netsim is ready) does not listen yet: a flow may be
   * waiting for it, unlogged. */
  warming?: boolean;
}

export interface ActivityProbe {
  /** One sample, or undefined when the sandbox cannot be read this way. */
  sample(): Promise<ActivitySample | undefined>;
}

export interface QuietOptions {
  /** The most this wait may take. */
  capMs: number;
  /** How long everything must stay still. */
  quietMs: number;
  /** Between samples. */
  pollMs: number;
  /** The fixed wait used when the probe cannot read the sandbox. */
  fallbackMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface QuietOutcome {
  ended: 'quiet' | 'cap' | 'unavailable';
  waitedMs: number;
  /** Why the wait ran to its cap (the last thing still going on). */
  busy?: string;
}

/**
 * The first reason the package is not idle at `t`. A blocked wait's timeout counts from when the
 * thread blocked, which is no later than when we first saw it blocked (`firstSeen`): its timer is
 * due by firstSeen + timeout. Only a timer due before the wait's end (`endsAt`) holds it open.
 */
export function busyReason(
  s: ActivitySample,
  t: number,
  endsAt: number,
  firstSeen: ReadonlyMap<string, number>,
): string | undefined {
  if (s.warming) return 'netsim was still loading its interceptor';
  if (s.sockets.connecting > 0) return 'a connection was being opened';
  if (s.sockets.inFlight > 0) return 'bytes were in flight';
  for (const w of s.waits) {
    if (w.kind === 'running') return 'a thread of the package was running';
    if (w.kind === 'sleeping') return 'a process of the package was sleeping';
    if (w.kind !== 'timed') continue;
    const due = (firstSeen.get(w.key) ?? t) + w.ms;
    if (due >= t && due <= endsAt) return `a timer was due within ${w.ms} ms`;
  }
  return undefined;
}

const ACTIVE = new Set([
  'netsim was still loading its interceptor',
  'a connection was being opened',
  'bytes were in flight',
  'a thread of the package was running',
]);

function hasNewPid(now: readonly number[], before: readonly number[]): boolean {
  const seen = new Set(before);
  return now.some((p) => !seen.has(p));
}

export async function waitForQuiet(probe: ActivityProbe, o: QuietOptions): Promise<QuietOutcome> {
  const start = o.now();
  let last: ActivitySample | undefined;
  let lastChange = start;
  const firstSeen = new Map<string, number>();
  for (;;) {
    const s = await probe.sample().catch(() => undefined);
    const t = o.now();
    const elapsed = t - start;
    if (!s) {
      const rest = Math.max(0, Math.min(o.fallbackMs, o.capMs) - elapsed);
      if (rest > 0) await o.sleep(rest);
      return { ended: 'unavailable', waitedMs: o.now() - start };
    }
    // The interceptor coming up releases any flow that waited for it: a change, like a record.
    const changed =
      s.recorded !== last?.recorded ||
      hasNewPid(s.pids, last.pids) ||
      (last.warming === true && !s.warming);
    if (last && changed) lastChange = t;
    for (const w of s.waits)
      if (!firstSeen.has(w.key) && firstSeen.size < 100_000) firstSeen.set(w.key, t);
    const busy = busyReason(s, t, start + o.capMs, firstSeen);
    if (!busy && t - lastChange >= o.quietMs) return { ended: 'quiet', waitedMs: elapsed };
    // At the cap, a wait on something merely scheduled (a timer, a sleep) ends; work under way
    // (a thread running, a connect, bytes moving, the recording growing) gets up to the cap
    // again, so a send that started just before the cap is still the call's.
    const active = busy === undefined || ACTIVE.has(busy);
    if (elapsed >= o.capMs * (active ? 2 : 1))
      return { ended: 'cap', waitedMs: elapsed, busy: busy ?? 'the recording was still growing' };
    last = s;
    await o.sleep(o.pollMs);
  }
}
