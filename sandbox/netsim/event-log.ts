// Appends netsim events to a JSON-lines file, synchronously, so a pod killed by force loses
// nothing already seen. Bounded per event type and in bytes, so a flood of one kind (a million
// DNS queries) cannot push out the rest (the one HTTP request that carried the token): each type
// has its own budget, and reaching it writes one `cap` event naming it, which the host turns
// into a finding. Room is kept for those cap events, so they are never lost to the byte budget.
import { mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { NetsimEvent } from './events.js';

export interface EventLog {
  write(event: NetsimEvent): void;
  /** Report a limit reached elsewhere in netsim (once per name). */
  cap(cap: string, limit: number, detail?: string): void;
}

export interface EventBudget {
  /** Events of one type before that type stops being logged. */
  perType: number;
  /** Bytes of log before anything but cap events stops being logged. */
  bytes: number;
}

/** Types that matter most get more room; the rest share the per-type default. */
const TYPE_SHARE: Partial<Record<NetsimEvent['type'], number>> = {
  http: 2,
  smtp: 1,
  'tcp-open': 2,
  'tcp-data': 2,
  'tcp-close': 2,
  dns: 2,
  ws: 2,
};
const CAP_RESERVE = 64 * 1024;

/** Open (create) the log file; returns a writer that never throws. */
export function openEventLog(path: string, budget: EventBudget | number): EventLog {
  const b: EventBudget = typeof budget === 'number' ? { perType: budget, bytes: 96 << 20 } : budget;
  mkdirSync(dirname(path), { recursive: true });
  const counts = new Map<string, number>();
  const capped = new Set<string>();
  let bytes = 0;
  // One descriptor for the whole run: an open and close per event would halve what a flood
  // needs to slow netsim down. Each line is still written at once (nothing buffered).
  const fd = openSync(path, 'a');
  const append = (event: NetsimEvent) => {
    const line = Buffer.from(`${JSON.stringify(event)}\n`);
    bytes += line.length;
    try {
      writeSync(fd, line);
    } catch (e) {
      process.stderr.write(`netsim: cannot write event log: ${String(e)}\n`);
    }
  };
  const cap = (name: string, limit: number, detail?: string) => {
    if (capped.has(name) || capped.size > 200) return;
    capped.add(name);
    append({
      type: 'cap',
      t: Date.now(),
      cap: name,
      limit,
      ...(detail ? { detail: detail.slice(0, 500) } : {}),
    });
  };
  return {
    cap,
    write(event) {
      if (event.type === 'cap') return cap(event.cap, event.limit, event.detail);
      const n = counts.get(event.type) ?? 0;
      const limit = b.perType * (TYPE_SHARE[event.type] ?? 1);
      if (n >= limit) return cap(`events:${event.type}`, limit);
      if (bytes >= b.bytes - CAP_RESERVE) return cap('event-log-bytes', b.bytes);
      counts.set(event.type, n + 1);
      append(event);
    },
  };
}
