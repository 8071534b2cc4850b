// Appends netsim events to a JSON-lines file, synchronously, so a pod killed by force loses
// nothing already seen. Bounded: after maxEvents the log stops growing and says so once.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { NetsimEvent } from './events.js';

export interface EventLog {
  write(event: NetsimEvent): void;
}

/** Open (create) the log file; returns a writer that never throws. */
export function openEventLog(path: string, maxEvents: number): EventLog {
  mkdirSync(dirname(path), { recursive: true });
  let count = 0;
  let overflowNoted = false;
  return {
    write(event) {
      if (count >= maxEvents) {
        if (overflowNoted) return;
        overflowNoted = true;
        event = { type: 'note', t: Date.now(), message: `event limit ${maxEvents} reached` };
      }
      count += 1;
      try {
        appendFileSync(path, `${JSON.stringify(event)}\n`);
      } catch (e) {
        process.stderr.write(`netsim: cannot write event log: ${String(e)}\n`);
      }
    },
  };
}
