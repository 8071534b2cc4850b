import { describe, expect, it } from 'vitest';
import { netsimGaps } from './netsim-gaps.js';

describe('netsimGaps', () => {
  it('names each cap netsim logged, a restart, and unreadable lines', () => {
    expect(
      netsimGaps(
        [
          { type: 'ready', t: 1 },
          { type: 'cap', t: 2, cap: 'events:udp', limit: 5000 },
          {
            type: 'cap',
            t: 3,
            cap: 'http-body',
            limit: 1048576,
            detail: 'POST https://x.example/',
          },
          { type: 'ready', t: 4 },
        ],
        3,
      ),
    ).toEqual([
      { kind: 'cap', what: 'netsim events:udp', detail: 'limit 5000', t: 2 },
      {
        kind: 'cap',
        what: 'netsim http-body',
        detail: 'limit 1048576, first at POST https://x.example/',
        t: 3,
      },
      expect.objectContaining({ kind: 'helper', what: 'fake internet (netsim)' }),
      expect.objectContaining({ kind: 'cap', what: 'event log lines' }),
    ]);
  });

  it('says nothing for a quiet run', () => {
    expect(netsimGaps([{ type: 'ready', t: 1 }], 0)).toEqual([]);
  });
});
