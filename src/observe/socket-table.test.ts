import { describe, expect, it } from 'vitest';
import { socketActivity } from './socket-table.js';

const HEAD =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const row = (st: string, queues: string, uid: number) =>
  `   0: 1740A8C0:D2F0 0700000A:01BB ${st} ${queues} 00:00000000 00000000  ${uid}        0 4242 1 0000000000000000 20 4 30 10 -1`;

describe('socketActivity', () => {
  it('counts the uid’s connects in progress and sockets with queued bytes', () => {
    const text = [
      HEAD,
      row('02', '00000001:00000000', 1000),
      row('01', '00000000:00000010', 1000),
      row('01', '00000020:00000000', 1000),
      row('01', '00000000:00000000', 1000),
      row('0A', '00000000:00000005', 1000),
      row('02', '00000000:00000000', 990),
      row('01', '00000010:00000000', 0),
    ].join('\n');
    expect(socketActivity(text, 1000)).toEqual({ connecting: 1, inFlight: 2 });
  });
  it('reads an empty or malformed table as nothing going on', () => {
    expect(socketActivity('', 1000)).toEqual({ connecting: 0, inFlight: 0 });
    expect(socketActivity(`${HEAD}\n garbage\n`, 1000)).toEqual({ connecting: 0, inFlight: 0 });
  });
  it('reads at most maxLines rows', () => {
    const text = [HEAD, ...Array.from({ length: 50 }, () => row('02', '0:0', 1000))].join('\n');
    expect(socketActivity(text, 1000, 10).connecting).toBe(10);
  });
});
