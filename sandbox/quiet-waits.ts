// The run's quiet waits (harness/quiet-wait.ts over the host-side probe), with a tally for the
// report's notes: how many waits ended on quiet, how many ran to their cap and why, and whether
// the probe could read the sandbox at all (if not, fixed gaps were used, as before).
import { type QuietOutcome, waitForQuiet } from '../harness/quiet-wait.js';
import { SandboxActivity } from './activity-probe.js';
import type { SandboxPod } from './sandbox-pod.js';

/** What a call's wait falls back to when the sandbox cannot be read (the old fixed gap). */
export const FALLBACK_SETTLE_MS = 300;
const QUIET_MS = 60;
const POLL_MS = 15;

export type QuietKind = 'install' | 'call' | 'linger' | 'final';

export class QuietWaits {
  private readonly outcomes: { kind: QuietKind; outcome: QuietOutcome }[] = [];

  constructor(
    private readonly pod: SandboxPod,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Wait until the sandbox is quiet, at most capMs; `servers` are the live server pids. */
  async wait(
    kind: QuietKind,
    capMs: number,
    servers: readonly number[] = [],
  ): Promise<QuietOutcome> {
    const probe = new SandboxActivity(this.pod, () => servers);
    const outcome = await waitForQuiet(probe, {
      capMs,
      quietMs: QUIET_MS,
      pollMs: POLL_MS,
      // A call without the probe keeps the old gap; the linger and final waits their full cap.
      fallbackMs: kind === 'call' || kind === 'install' ? FALLBACK_SETTLE_MS : capMs,
      now: this.now,
      sleep: this.sleep,
    });
    if (this.outcomes.length < 10_000) this.outcomes.push({ kind, outcome });
    return outcome;
  }

  /** One line for the report's notes. */
  summary(): string | undefined {
    if (this.outcomes.length === 0) return undefined;
    if (this.outcomes.every((o) => o.outcome.ended === 'unavailable'))
      return 'quiet detection unavailable (needs root on the Docker host): fixed waits were used after each call and for the linger';
    const quiet = this.outcomes.filter((o) => o.outcome.ended === 'quiet');
    const capped = this.outcomes.filter((o) => o.outcome.ended === 'cap');
    const total = this.outcomes.reduce((a, o) => a + o.outcome.waitedMs, 0);
    const why = [...new Set(capped.map((o) => `${o.kind}: ${o.outcome.busy ?? '?'}`))].slice(0, 3);
    return `quiet waits: ${quiet.length} of ${this.outcomes.length} ended once the sandbox was quiet, ${capped.length} ran to their cap${why.length ? ` (${why.join('; ')})` : ''}; ${Math.round(total)} ms waited in all`;
  }
}
