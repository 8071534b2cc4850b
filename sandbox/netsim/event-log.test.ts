// The event log's budgets: a flood of one type stops at its own budget with one cap event and
// leaves room for every other type; the byte budget stops the rest but never the cap events.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNetsimEvents } from '../../src/observe/netsim-events.js';
import { openEventLog } from './event-log.js';
import type { NetsimEvent } from './events.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function logAt(perType: number, bytes: number) {
  dir = mkdtempSync(join(tmpdir(), 'event-log-'));
  const path = join(dir, 'events.jsonl');
  return {
    log: openEventLog(path, { perType, bytes }),
    read: () => parseNetsimEvents(readFileSync(path, 'utf8')).events,
  };
}

const dns = (i: number): NetsimEvent => ({
  type: 'dns',
  t: i,
  transport: 'udp',
  srcPort: i,
  name: `n${i}.flood.example`,
  qtype: 'A',
  answers: [],
});

describe('openEventLog', () => {
  it('a flood of DNS stops at its budget, once, and the HTTP request after it is kept', () => {
    const { log, read } = logAt(10, 1 << 20);
    for (let i = 0; i < 1000; i += 1) log.write(dns(i));
    log.write({
      type: 'http',
      t: 2000,
      flow: 1,
      method: 'POST',
      url: 'https://x.example/',
      headers: {},
      bodyBytes: 0,
      body: '',
      truncated: false,
    });
    const events = read();
    expect(events.filter((e) => e.type === 'dns')).toHaveLength(20); // dns has a double share
    expect(events.filter((e) => e.type === 'cap')).toEqual([
      expect.objectContaining({ cap: 'events:dns', limit: 20 }),
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'http', url: 'https://x.example/' });
  });

  it('the byte budget stops everything but cap events, which are written once per name', () => {
    const { log, read } = logAt(1_000_000, 64 * 1024 + 2000);
    for (let i = 0; i < 500; i += 1) log.write(dns(i));
    log.cap('http-body', 1024, 'POST /x');
    log.cap('http-body', 1024, 'POST /y');
    const caps = read().filter((e) => e.type === 'cap');
    expect(caps.map((e) => (e.type === 'cap' ? e.cap : ''))).toEqual([
      'event-log-bytes',
      'http-body',
    ]);
  });
});
