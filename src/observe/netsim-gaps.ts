// The gaps netsim's own log admits to: every `cap` event (a budget it reached, named), netsim
// starting more than once (it died and gateway-init.sh restarted it), and log lines that could
// not be read. Pure.
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import type { ObservationGap } from '../domain/types.js';

export function netsimGaps(events: readonly NetsimEvent[], unreadable: number): ObservationGap[] {
  const gaps: ObservationGap[] = [];
  let starts = 0;
  for (const e of events) {
    if (e.type === 'cap')
      gaps.push({
        kind: 'cap',
        what: `netsim ${e.cap}`,
        detail: `limit ${e.limit}${e.detail ? `, first at ${e.detail}` : ''}`,
        t: e.t,
      });
    if (e.type === 'ready') starts += 1;
  }
  if (starts > 1)
    gaps.push({
      kind: 'helper',
      what: 'fake internet (netsim)',
      detail: `restarted ${starts - 1} time(s) after dying; connections in between were refused`,
    });
  if (unreadable > 0)
    gaps.push({
      kind: 'cap',
      what: 'event log lines',
      detail: `${unreadable} unreadable or over the line limit`,
    });
  return gaps;
}
